"""The compiled document's page number on every appended annex page: ``붙임 1 · 20 / 25쪽``.

An annex keeps its own pagination (a letter's "1 / 6쪽" is part of the signed letter); as an official
document system does with attached letters, each of its pages also carries the page number of the file it
is compiled into, with the annex's name, so that a reader holding page 20 finds it where the contents say.

The stamp is one line, set like the running heads (7.5 pt sans, the heads' grey), at the right of the
top margin on the running heads' line where the annex's page leaves that free. The page's own objects
(characters, rules, boxes, images, measured with pdfplumber) are avoided: the stamp moves up the top margin,
then into the bottom margin, and where neither has room, a band is added above the page (its media box
grown) so that nothing of the annex is covered. It is drawn as a pagination artifact (PDF/UA: no structure
element), a form XObject whose fonts are subsets of the documents' own sans faces, shaped by HarfBuzz and
embedded by pyHanko's OpenType engine (as the signature stamp's, ``archive/stamp.py``).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf

from dossiergen.disk_cache import derived_from_content, file_identity
from dossiergen.render.stamp_fonts import STAMP_CODE, faces_for

StampText = tuple[tuple[str, str], ...]
"""What one page's stamp says: (language, text) per language of the document, in its order."""

MM = 72 / 25.4
SIZE = 7.5
"""The running heads' size (``print.css``, ``@top-left``)."""
INK = (0.333, 0.333, 0.333)
"""The running heads' grey (#555)."""
BETWEEN_LANGUAGES = "   ·   "
"""What separates the languages, as in the footers."""
RIGHT = 18 * MM
"""The dossier's right margin: the stamp ends where the running head does."""
BASELINE = 21 * MM
"""The running heads' baseline from the page's top (24 mm margin, 3 mm below the head)."""
EDGE = 7 * MM
"""No stamp nearer the paper's edge than this: printers do not print there."""
CLEARANCE = 2.0
"""Points between the stamp and any object of the page."""
STEP = 0.25
"""Points between the baselines tried."""
ASCENT, DESCENT = 0.95, 0.35
"""The stamp's line box over its size: Hangul and Khmer's vowels above, Khmer's subscripts below."""
BAND = 6 * MM
"""The band added above a page that has no room for the stamp."""

Box = tuple[float, float, float, float]
"""x0, top, x1, bottom in points, from the visible page's top left (pdfplumber's)."""


@dataclass(frozen=True)
class Spot:
    """Where a page's stamp goes: the left end of its baseline from the visible top left, and the band added."""

    x: float
    baseline: float
    band: float = 0.0


def page_objects(pages: bytes) -> list[list[Box]]:
    """Each page's drawn objects (characters, rules, boxes, curves, images) as boxes, visible-page coordinates.

    A character's box spans the page's whole width: the stamp never shares a line with the annex's own text,
    which a reader (and a checker such as outloud) would join into one line with it. Reading a page's objects
    takes pdfminer a tenth of a second; the boxes of the same annex (a letter rendered again, unchanged) are kept
    in the user's cache folder (disk_cache.py).
    """
    return derived_from_content(pages, "annex-objects", _read_objects,
                                lambda found: [[list(box) for box in page] for page in found],
                                lambda stored: [[(box[0], box[1], box[2], box[3]) for box in page]
                                                for page in stored])


def _read_objects(pages: bytes) -> list[list[Box]]:
    import pdfplumber  # only when the annex's boxes are not in the cache: an unchanged letter's are

    out: list[list[Box]] = []
    with pdfplumber.open(io.BytesIO(pages)) as pdf:
        for page in pdf.pages:
            width = float(page.width)
            # one box a line: every character of it spans the same width
            text = list(dict.fromkeys((0.0, float(o["top"]), width, float(o["bottom"])) for o in page.chars))
            out.append(text + [(float(o["x0"]), float(o["top"]), float(o["x1"]), float(o["bottom"]))
                               for kind in ("rects", "lines", "curves", "images") for o in getattr(page, kind)])
            page.close()
    return out


def _free(box: Box, objects: Sequence[Box]) -> bool:
    x0, top, x1, bottom = box[0] - CLEARANCE, box[1] - CLEARANCE, box[2] + CLEARANCE, box[3] + CLEARANCE
    return not any(o[0] < x1 and o[2] > x0 and o[1] < bottom and o[3] > top for o in objects)


def stamp_box(spot: Spot, width: float) -> Box:
    """The box the stamp's line takes at ``spot`` (on the page as it is once its band is added)."""
    return spot.x, spot.baseline - SIZE * ASCENT, spot.x + width, spot.baseline + SIZE * DESCENT


def find_spot(width: float, page_size: tuple[float, float], objects: Sequence[Box]) -> Spot:
    """The first free place for a stamp ``width`` wide: right-aligned on the running heads' line, else higher in
    the top margin, else lower in it, else in the bottom margin; else above the page in a band added for it."""
    page_width, page_height = page_size
    x = max(page_width - RIGHT - width, EDGE)
    top_margin = [BASELINE - step * STEP for step in range(int((BASELINE - EDGE - SIZE) / STEP) + 1)]
    top_margin += [BASELINE + step * STEP for step in range(1, int(3 * MM / STEP) + 1)]
    bottom_margin = [page_height - EDGE - SIZE * DESCENT - step * STEP for step in range(int(14 * MM / STEP) + 1)]
    near = [o for o in objects if o[0] < x + width + CLEARANCE and o[2] > x - CLEARANCE]
    for baseline in (*top_margin, *bottom_margin):
        spot = Spot(x, baseline)
        if _free(stamp_box(spot, width), near):
            return spot
    line = SIZE * (ASCENT + DESCENT)
    return Spot(x, (BAND - line) / 2 + SIZE * ASCENT, band=BAND)


def _visible(page: pikepdf.Page) -> tuple[tuple[float, float, float, float], int]:
    box = tuple(float(value) for value in page.cropbox)
    return (min(box[0], box[2]), min(box[1], box[3]), max(box[0], box[2]), max(box[1], box[3])), int(
        page.obj.get("/Rotate", 0)) % 360


def _add_band(page: pikepdf.Page, band: float) -> None:
    """The page's boxes grown by ``band`` points above what a viewer shows as its top."""
    rotate = _visible(page)[1]
    edge, sign = {0: (3, 1), 90: (0, -1), 180: (1, -1), 270: (2, 1)}[rotate]
    for key in ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox"):
        if key in page.obj:
            values = [float(value) for value in page.obj[key]]
            low, high = sorted((values[edge % 2], values[edge % 2 + 2]))
            if sign > 0:
                high += band
            else:
                low -= band
            values[edge % 2], values[edge % 2 + 2] = low, high
            page.obj[key] = Array(values)


def _matrix(page: pikepdf.Page) -> tuple[float, ...]:
    """The matrix from the visible page (origin at its bottom left, y up) to the page's user space."""
    (x0, y0, x1, y1), rotate = _visible(page)
    return {0: (1, 0, 0, 1, x0, y0), 90: (0, 1, -1, 0, x1, y0), 180: (-1, 0, 0, -1, x1, y1),
            270: (0, -1, 1, 0, x0, y1)}[rotate]


def _visible_size(page: pikepdf.Page) -> tuple[float, float]:
    (x0, y0, x1, y1), rotate = _visible(page)
    return (y1 - y0, x1 - x0) if rotate in (90, 270) else (x1 - x0, y1 - y0)


_SUBSET = re.compile(r"^/?[A-Z]{6}\+")


def _steady_subset_names(pdf: Pdf, families: Mapping[str, str]) -> None:
    """pyHanko names each subset with a random tag (``ABCDEF+``); the tag becomes a hash of the font program,
    so that the same document makes the same bytes, and the name says the font is one the project chose."""
    fonts = {font.objgen: (str(name).lstrip("/"), font) for page in pdf.pages
             for name, font in dict(page.obj.Resources.get("/Font", Dictionary())).items()}  # shared by the pages
    for resource, font in fonts.values():
        descendant = font.DescendantFonts[0]
        descriptor = descendant.FontDescriptor
        program = next(descriptor[key] for key in ("/FontFile2", "/FontFile3", "/FontFile") if key in descriptor)
        digest = hashlib.sha256(program.read_raw_bytes()).digest()
        tag = "".join(string.ascii_uppercase[byte % 26] for byte in digest[:6])
        # the house family, as WeasyPrint names its subsets (DG-Sans-Korean: ``dossiergen check`` knows the
        # project's chosen fonts so), and the stamp's own mark
        name = f"/{tag}+{families[resource].replace(' ', '-')}-Annex-Stamp"
        for holder, key in ((font, "/BaseFont"), (descendant, "/BaseFont"), (descriptor, "/FontName")):
            holder[key] = Name(name)


@dataclass(frozen=True)
class SetStamps:
    """A document's stamps set: the PDF, one page a stamp; each stamp's width and height in points; each font
    resource's house family (``DGA1`` -> ``DG Sans Korean``), for its name in the PDF."""

    pdf: bytes
    sizes: tuple[tuple[float, float], ...]
    families: dict[str, str]


def set_stamps(texts: Sequence[StampText]) -> SetStamps:
    """The stamps ``texts`` set as a small PDF (``annex_stamp_setter.py``), or as an earlier run set the same texts
    in the same font files by the same code (disk_cache.py): an unchanged document's stamps are placed without
    pyHanko, whose import is about 0.2 s of a fresh render. The entry is keyed by the texts, each face's file (its
    path, size, times and inode), and the files of the code that sets them (this module and the setter's, pyHanko's,
    HarfBuzz's and fontTools': an upgrade or an edit sets them anew)."""
    langs = dict.fromkeys(lang for text in texts for lang, _ in text)
    key = {"texts": [list(map(list, text)) for text in texts],
           "fonts": [file_identity(path) for lang in langs for path in faces_for(lang, False, "Sans")]}
    here = Path(__file__)
    return derived_from_content(json.dumps(key).encode(), "annex-stamps", _set, _encode,
                                lambda stored: SetStamps(base64.b64decode(stored["pdf"]),
                                                         tuple((width, height) for width, height in stored["sizes"]),
                                                         dict(stored["families"])),
                                made_by=(here, here.with_name("annex_stamp_setter.py"), *STAMP_CODE))


def _set(key: bytes) -> SetStamps:
    from dossiergen.render.pdf.annex_stamp_setter import typeset_stamps

    return typeset_stamps([tuple((lang, text) for lang, text in stamp) for stamp in json.loads(key)["texts"]])


def _encode(stamps: SetStamps) -> dict[str, Any]:
    return {"pdf": base64.b64encode(stamps.pdf).decode("ascii"), "sizes": [list(size) for size in stamps.sizes],
            "families": stamps.families}


def stamp_pages(document: Pdf, pages: Sequence[pikepdf.Page], texts: Sequence[StampText],
                objects: Sequence[Sequence[Box]]) -> list[Box]:
    """Each of ``pages`` stamped with its text where its ``objects`` leave room; the boxes the stamps take
    (visible-page coordinates, the band included)."""
    stamps_set = set_stamps(texts)
    placed: list[Box] = []
    with pikepdf.open(io.BytesIO(stamps_set.pdf)) as stamps:
        _steady_subset_names(stamps, stamps_set.families)
        for index, (page, (width, _), drawn) in enumerate(zip(pages, stamps_set.sizes, objects, strict=True)):
            spot = find_spot(width, _visible_size(page), drawn)
            if spot.band:
                _add_band(page, spot.band)
            form = document.copy_foreign(stamps.pages[index].as_form_xobject())
            visible_height = _visible_size(page)[1]
            a, b, c, d, e, f = _matrix(page)
            u, v = spot.x, visible_height - spot.baseline - SIZE * DESCENT  # the form's origin, y up
            matrix = (a, b, c, d, a * u + c * v + e, b * u + d * v + f)
            name = Name(f"/DGAnnexStamp{index + 1}")
            resources = page.obj.get("/Resources")
            if not isinstance(resources, Dictionary):
                resources = page.obj.Resources = Dictionary()
            if "/XObject" not in resources:
                resources.XObject = Dictionary()
            resources.XObject[name] = form
            # the annex's own content in q ... Q, so that whatever state it leaves does not move the stamp
            page.contents_add(pikepdf.Stream(document, b"q\n"), prepend=True)
            page.contents_add(pikepdf.Stream(document, b"\nQ q %s cm /Artifact <</Type /Pagination /Subtype /Header>>"
                                                       b" BDC %s Do EMC Q\n" % (
                " ".join(f"{value:.4f}" for value in matrix).encode(), str(name).encode())))
            placed.append(stamp_box(spot, width))
    return placed
