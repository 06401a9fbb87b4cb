"""Annexes appended to a typeset PDF (pikepdf), so that the result is still one PDF/A-3 file.

Each annex arrives as bytes (a PDF dossiergen rendered, or a record's PDF, PNG or JPEG file) and
becomes pages (``prepare_annex``), checked against the caps below before any large work:

- a PDF that claims PDF/A in its XMP (``pdfaid:part``), embeds every font it uses and has no output
  intent of another colour model: its pages, as they are (annotations dropped: the destinations and
  form they point into stay behind);
- any other PDF: each page rasterized by poppler's ``pdftoppm`` (``RASTER_DPI``) and placed as an
  image filling a page of the same size; the original is embedded as an associated file
  (``/AFRelationship /Source``) so that nothing of it is lost;
- a PNG or JPEG: one A4 page, the image fitted into the printable area and centred; transparency
  flattened onto white (PDF/A-1 forbids soft masks; without them no validator has to judge them).

``append_annexes`` then adds the pages after the document's own, one top-level bookmark per annex
at its first page, and the originals to the embedded files and the catalog's ``/AF`` beside the
records. In a tagged document the pages join its structure tree (``annex_tags.py``): a tagged annex
brings its own tree, any other page is a figure. The XMP packet, the output intent and the other
associated files stay as the typesetter wrote them.
"""

from __future__ import annotations

import hashlib
import io
import math
import re
import resource
import subprocess
import tempfile
import warnings
import zlib
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf, Stream
from PIL import Image, ImageOps

from dossiergen.errors import AnnexError, Problem
from dossiergen.records.sandbox import MAX_ANNEX_BYTES, MAX_IMAGE_PIXELS, FileKind, open_image
from dossiergen.render.pdf.annex_tags import AnnexTags, tagged

if TYPE_CHECKING:  # annex_stamp (pikepdf, the cache) loads only for a document whose annexes are stamped
    from dossiergen.render.pdf.annex_stamp import StampText

MAX_ANNEX_PAGES = 200
"""Pages one PDF annex may have (each may be rasterized: about a second and half a megabyte a page)."""
RASTER_DPI = 200
"""Resolution of rasterized pages: text stays legible in print; a page larger than A3 gets less (pixel cap)."""
MIN_RASTER_DPI = 50
"""Below this a page is too large to rasterize legibly under the pixel cap: refused."""
RASTER_SECONDS = 60
"""Time ``pdftoppm`` may take for one page."""
RASTER_MEMORY = 1 << 30
"""Address space ``pdftoppm`` may use (bytes)."""
A4 = (595.275591, 841.889764)
MM = 72 / 25.4
IMAGE_MARGINS = (24 * MM, 18 * MM, 22 * MM, 18 * MM)
"""Top, right, bottom, left: the dossier's page margins (``templates/css/print.css``), around an image annex."""


@dataclass(frozen=True)
class AnnexSource:
    """One annex to append: its bytes, what they are, and where the record names it."""

    number: int
    bookmark: str
    """The outline entry (``Annex 2: title / ...``)."""
    description: str
    """What the embedded original is (``/Desc``), in the first language."""
    content: bytes
    kind: FileKind
    name: str
    """The file's name, for the embedded original and for messages."""
    where: Problem
    """The record's file, line and field that name the annex; its message is not used."""
    page_alts: Callable[[int, int], str] | None = None
    """The text alternative of page K of M when the page is tagged as a figure (``Annex 2: title, page 1 of 3``
    in the document's languages); ``None``: ``Annex 2, page 1 of 3``."""

    page_stamps: Callable[[int, int], StampText] | None = None
    """What page K of the compiled document of M pages says on this annex's page (``붙임 2 · 20 / 25쪽`` in the
    document's languages: ``annex_stamp.py``); ``None``: ``Annex 2 · page 20 of 25``."""

    def page_stamp(self, page: int, pages: int) -> StampText:
        if self.page_stamps is not None:
            return self.page_stamps(page, pages)
        return (("en", f"Annex {self.number} · page {page} of {pages}"),)

    def problem(self, message: str) -> Problem:
        return Problem(self.where.path, self.where.line, self.where.field, message)

    def page_alt(self, page: int, pages: int) -> str:
        if self.page_alts is not None:
            return self.page_alts(page, pages)
        return f"Annex {self.number}, page {page} of {pages}"


@dataclass(frozen=True)
class PreparedAnnex:
    """An annex as pages to append: a PDF of them, and the original when the pages are images of it."""

    source: AnnexSource
    pages: bytes
    page_count: int
    how: Literal["pages", "raster", "image"]
    original: bytes | None = None
    """The PDF the pages were rasterized from, embedded with ``/AFRelationship /Source``."""


def prepare_annex(source: AnnexSource) -> PreparedAnnex:
    """``source`` as pages: checked against the caps, rasterized or fitted as needed; ``AnnexError`` if not."""
    if len(source.content) > MAX_ANNEX_BYTES:
        raise AnnexError(source.problem(f"{source.name!r} is {len(source.content):,} bytes; an annex file may have"
                                        f" {MAX_ANNEX_BYTES:,} at most"))
    if source.kind == "pdf":
        return _prepare_pdf(source)
    return PreparedAnnex(source, _image_pdf(source), 1, "image")


# --- PDF annexes ----------------------------------------------------------------------------------

def _open(source: AnnexSource) -> Pdf:
    try:
        return pikepdf.open(io.BytesIO(source.content))
    except pikepdf.PasswordError:
        raise AnnexError(source.problem(f"{source.name!r} is encrypted with a password")) from None
    except pikepdf.PdfError as error:
        raise AnnexError(source.problem(f"{source.name!r} is not a PDF that can be read ({error})")) from None


def _page_count(pdf: Pdf, source: AnnexSource) -> int:
    # the page tree's own count first: a hostile file must not make us walk 100,000 pages
    claimed = pdf.Root.get("/Pages", Dictionary()).get("/Count", 0)
    count = max(int(claimed) if isinstance(claimed, int) else 0, 0)
    if count <= MAX_ANNEX_PAGES:
        count = len(pdf.pages)
    if count > MAX_ANNEX_PAGES:
        raise AnnexError(source.problem(f"{source.name!r} has {count:,} pages; an annex may have"
                                        f" {MAX_ANNEX_PAGES:,} at most"))
    if count == 0:
        raise AnnexError(source.problem(f"{source.name!r} has no pages"))
    return count


def _prepare_pdf(source: AnnexSource) -> PreparedAnnex:
    with _open(source) as pdf:
        count = _page_count(pdf, source)
        if _appendable(pdf):
            return PreparedAnnex(source, source.content, count, "pages")
        boxes = [_visible_size(page) for page in pdf.pages]
    pages = _rasterized(source, boxes)
    return PreparedAnnex(source, pages, count, "raster", original=source.content)


def claims_pdfa(pdf: Pdf) -> bool:
    """The PDF's XMP says it is PDF/A (``pdfaid:part``); only a validator says whether it is."""
    try:
        return bool(pdf.open_metadata().pdfa_status)
    except Exception:  # an XMP packet that does not parse claims nothing
        return False


def _appendable(pdf: Pdf) -> bool:
    """Pages that keep the dossier PDF/A as they are: claimed PDF/A, every font embedded, an RGB intent if any."""
    if pdf.is_encrypted or not claims_pdfa(pdf) or unembedded_fonts(pdf):
        return False
    for intent in pdf.Root.get("/OutputIntents", Array()):
        profile = intent.get("/DestOutputProfile") if isinstance(intent, Dictionary) else None
        if not isinstance(profile, Stream) or profile.get("/N") != 3:
            return False  # pages made for another colour model would contradict the dossier's sRGB intent
    return True


def unembedded_fonts(pdf: Pdf) -> list[str]:
    """The names of the fonts the pages use (forms, patterns and Type 3 glyphs included) that are not embedded."""
    missing: list[str] = []
    seen: set[tuple[int, int]] = set()
    stack = [page.obj.get("/Resources") for page in pdf.pages]
    while stack:  # a stack, not recursion: a hostile file may nest forms deeply
        resources = stack.pop()
        if not isinstance(resources, Dictionary):
            continue
        if resources.is_indirect:
            if resources.objgen in seen:
                continue
            seen.add(resources.objgen)
        for font in dict(resources.get("/Font", Dictionary())).values():
            if not isinstance(font, Dictionary):
                continue
            if font.get("/Subtype") == Name.Type3:
                stack.append(font.get("/Resources"))
                continue
            described: object = font
            if font.get("/Subtype") == Name.Type0:
                descendants = font.get("/DescendantFonts", Array())
                described = descendants[0] if isinstance(descendants, Array) and len(descendants) else None
            if not isinstance(described, Dictionary):
                missing.append(str(font.get("/BaseFont", "(unnamed)")).lstrip("/"))
                continue
            descriptor = described.get("/FontDescriptor")
            if not isinstance(descriptor, Dictionary) or not any(
                    key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.append(str(font.get("/BaseFont", "(unnamed)")).lstrip("/"))
        for group in ("/XObject", "/Pattern"):
            for item in dict(resources.get(group, Dictionary())).values():
                if isinstance(item, (Dictionary, Stream)):
                    stack.append(item.get("/Resources"))
    return sorted(set(missing))


def _visible_size(page: pikepdf.Page) -> tuple[float, float]:
    """Width and height in points of what a viewer shows: the crop box, turned by /Rotate."""
    box = [float(value) for value in page.cropbox]
    width, height = abs(box[2] - box[0]), abs(box[3] - box[1])
    rotate = int(page.obj.get("/Rotate", 0)) % 360
    return (height, width) if rotate in (90, 270) else (width, height)


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (RASTER_MEMORY, RASTER_MEMORY))


def _rasterized(source: AnnexSource, sizes: list[tuple[float, float]]) -> bytes:
    """Each page of ``source`` as an image on a page of its size (``pdftoppm``, one page at a time)."""
    out = pikepdf.new()
    with tempfile.TemporaryDirectory(prefix="dossiergen-annex-") as folder:
        original = Path(folder) / "annex.pdf"
        original.write_bytes(source.content)
        for number, (width, height) in enumerate(sizes, start=1):
            pixels = (width / 72 * RASTER_DPI) * (height / 72 * RASTER_DPI)
            dpi = RASTER_DPI if pixels <= MAX_IMAGE_PIXELS else math.floor(RASTER_DPI
                                                                           * math.sqrt(MAX_IMAGE_PIXELS / pixels))
            if dpi < MIN_RASTER_DPI:
                raise AnnexError(source.problem(
                    f"{source.name!r}, page {number}, is {width / MM:,.0f} × {height / MM:,.0f} mm: too large to"
                    f" append as an image under {MAX_IMAGE_PIXELS:,} pixels"))
            target = Path(folder) / f"page-{number}"
            command = ["pdftoppm", "-r", str(dpi), "-f", str(number), "-l", str(number), "-cropbox", "-png",
                       "-singlefile", str(original), str(target)]
            try:
                subprocess.run(command, check=True, capture_output=True, timeout=RASTER_SECONDS,
                               preexec_fn=_limit_memory)
                with Image.open(target.with_suffix(".png")) as image:
                    image.load()
                    rgb = image.convert("RGB")
            except subprocess.TimeoutExpired:
                raise AnnexError(source.problem(f"{source.name!r}, page {number}: rasterizing took longer than"
                                                f" {RASTER_SECONDS} s")) from None
            except (subprocess.CalledProcessError, OSError) as error:
                detail = error.stderr.decode(errors="replace").strip() if isinstance(
                    error, subprocess.CalledProcessError) else str(error)
                raise AnnexError(source.problem(f"{source.name!r}, page {number}, could not be rasterized"
                                                f" ({detail or 'pdftoppm failed'})")) from None
            page = out.add_blank_page(page_size=(width, height))
            _draw(out, page, _flate_image(out, rgb), (0.0, 0.0, width, height))
        return _saved(out)


# --- image annexes --------------------------------------------------------------------------------

def _image_pdf(source: AnnexSource) -> bytes:
    """A one-page A4 PDF with the image fitted into the printable area and centred."""
    try:
        # the plug-in's own class reads the header only, without Pillow's global bomb check: ours is below
        image = open_image(io.BytesIO(source.content), source.kind)
    except (OSError, SyntaxError, ValueError) as error:
        raise AnnexError(source.problem(f"{source.name!r} is not an image that can be read ({error})")) from None
    with image:
        width, height = image.size
        if width * height > MAX_IMAGE_PIXELS:
            raise AnnexError(source.problem(f"{source.name!r} is {width:,} × {height:,} pixels; an annex image may"
                                            f" have {MAX_IMAGE_PIXELS:,} pixels at most"))
        out = pikepdf.new()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # under our cap, above Pillow's
                xobject = _image_xobject(out, image, source)
        except (OSError, SyntaxError, ValueError) as error:
            raise AnnexError(source.problem(f"{source.name!r} is not an image that can be read ({error})")) from None
    page = out.add_blank_page(page_size=A4)
    top, right, bottom, left = IMAGE_MARGINS
    area_width, area_height = A4[0] - left - right, A4[1] - top - bottom
    scale = min(area_width / int(xobject.Width), area_height / int(xobject.Height))
    drawn_width, drawn_height = int(xobject.Width) * scale, int(xobject.Height) * scale
    x = left + (area_width - drawn_width) / 2
    y = bottom + (area_height - drawn_height) / 2
    _draw(out, page, xobject, (x, y, drawn_width, drawn_height))
    return _saved(out)


def _image_xobject(pdf: Pdf, image: Image.Image, source: AnnexSource) -> Stream:
    """The image as a PDF image: a plain JPEG as it is, anything else decoded, flattened onto white, deflated."""
    orientation = image.getexif().get(0x0112, 1)
    if source.kind == "jpeg" and image.mode in ("L", "RGB") and orientation == 1:
        stream = Stream(pdf, b"")
        stream.write(source.content, filter=Name.DCTDecode)
        return _image_dictionary(stream, image.size, "/DeviceGray" if image.mode == "L" else "/DeviceRGB")
    image.load()
    upright = ImageOps.exif_transpose(image) if orientation != 1 else image
    return _flate_image(pdf, _flattened(upright))


def _flattened(image: Image.Image) -> Image.Image:
    """Grey or RGB, 8 bits, no transparency (onto white)."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        image = image.convert("I").point(lambda value: value * (1 / 257)).convert("L")
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    if image.mode in ("LA", "La", "PA", "RGBA", "RGBa") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    return image if image.mode in ("L", "RGB") else image.convert("RGB")


def _flate_image(pdf: Pdf, image: Image.Image) -> Stream:
    stream = Stream(pdf, b"")
    stream.write(zlib.compress(image.tobytes(), 6), filter=Name.FlateDecode)
    return _image_dictionary(stream, image.size, "/DeviceGray" if image.mode == "L" else "/DeviceRGB")


def _image_dictionary(stream: Stream, size: tuple[int, int], colour_space: str) -> Stream:
    stream.Type = Name.XObject
    stream.Subtype = Name.Image
    stream.Width, stream.Height = size
    stream.ColorSpace = Name(colour_space)
    stream.BitsPerComponent = 8
    return stream


def _draw(pdf: Pdf, page: pikepdf.Page, image: Stream, box: tuple[float, float, float, float]) -> None:
    x, y, width, height = box
    # a fixed name (add_resource would draw a random one): the same annex makes the same bytes
    page.obj.Resources = Dictionary(XObject=Dictionary(Im0=pdf.make_indirect(image)))
    page.obj.Contents = pdf.make_stream(f"q {width:.4f} 0 0 {height:.4f} {x:.4f} {y:.4f} cm /Im0 Do Q".encode())


def _saved(pdf: Pdf) -> bytes:
    buffer = io.BytesIO()
    pdf.save(buffer, static_id=True, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    return buffer.getvalue()


# --- appending ----------------------------------------------------------------------------------

ANNEX_LABEL = re.compile(r"^A([0-9]+)-")
"""The page label prefix of annex N's pages (``A2-1``): not the dossier's own pages."""


def annex_label(number: int) -> str:
    return f"A{number}-"


def append_annexes(pdf: bytes, annexes: Sequence[PreparedAnnex], *, created: datetime) -> bytes:
    """``pdf`` with the annexes' pages after its own, a bookmark for each, and rasterized originals embedded.

    ``created`` dates the embedded originals (the document's date, not the clock's, so the bytes do not vary).
    """
    with ExitStack() as stack:
        document = stack.enter_context(pikepdf.open(io.BytesIO(pdf)))
        labels = Array([0, Dictionary(S=Name.D)])
        tags = AnnexTags(document) if tagged(document) else None
        stamped: list[tuple[pikepdf.Page, AnnexSource]] = []
        for number, annex in enumerate(annexes, 1):
            # the annex stays open until the save: pikepdf copies its streams' data then
            pages = stack.enter_context(pikepdf.open(io.BytesIO(annex.pages)))
            first = len(document.pages)
            labels.append(first)
            labels.append(Dictionary(S=Name.D, P=pikepdf.String(annex_label(number))))
            document.pages.extend(pages.pages)
            added = list(document.pages[first:])
            stamped += [(page, annex.source) for page in added]
            for page in added:
                if "/Annots" in page.obj:  # links and fields point into the annex's own names and form
                    del page.obj["/Annots"]
            spec = _embed_original(document, annex, created) if annex.original is not None else None
            _bookmark(document, annex.source.bookmark, added[0])
            _mark_annex(document, annex.source.number, added[0])
            if tags is not None and tagged(pages):
                lang = pages.Root.get("/Lang")
                tags.bring(tags.part(annex.source.bookmark, str(lang) if lang is not None else None), pages, added,
                           annex.source.problem)
                continue
            for page in added:  # keys into the annex's own parent tree, if it has one
                if "/StructParents" in page.obj:
                    del page.obj["/StructParents"]
            if tags is not None:
                part = tags.part(annex.source.bookmark, None)
                for index, page in enumerate(added, start=1):
                    tags.figure(part, page, annex.source.page_alt(index, len(added)), [spec] if spec else [])
        if tags is not None:
            tags.finish()
        if stamped:  # each annex page says which page of the whole it is, now that the whole is counted
            from dossiergen.render.pdf.annex_stamp import page_objects, stamp_pages

            total, own = len(document.pages), len(document.pages) - len(stamped)
            stamp_pages(document, [page for page, _ in stamped],
                        [source.page_stamp(own + index, total) for index, (_, source) in enumerate(stamped, 1)],
                        [boxes for annex in annexes for boxes in page_objects(annex.pages)])
        if annexes:  # a viewer shows "A1-2" for an annex's second page; verify knows the dossier's own pages
            document.Root.PageLabels = Dictionary(Nums=labels)
        buffer = io.BytesIO()
        # the first /ID stays the typesetter's; streams pass through as they are; the XMP is left alone; the
        # objects in object streams (else the annexes' structure elements are written one by one: 25 % more bytes)
        document.save(buffer, deterministic_id=True, fix_metadata_version=False,
                      stream_decode_level=pikepdf.StreamDecodeLevel.none,
                      object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return buffer.getvalue()


def _bookmark(pdf: Pdf, title: str, page: pikepdf.Page) -> None:
    """A top-level outline entry after the last one, open at ``page``."""
    outlines = pdf.Root.get("/Outlines")
    if not isinstance(outlines, Dictionary):
        outlines = pdf.Root.Outlines = pdf.make_indirect(Dictionary(Type=Name.Outlines, Count=0))
    item = pdf.make_indirect(Dictionary(Title=pikepdf.String(title), Parent=outlines,
                                        Dest=Array([page.obj, Name.Fit])))
    last = outlines.get("/Last")
    if isinstance(last, Dictionary):
        item.Prev = last
        last.Next = item
    else:
        outlines.First = item
    outlines.Last = item
    outlines.Count = int(outlines.get("/Count", 0)) + 1


def _mark_annex(pdf: Pdf, number: int, page: pikepdf.Page) -> None:
    """The named destination ``page-role-annex-N`` at the annex's first page: ``dossiergen check`` knows the
    pages from there on for an annex's (render/layout_check/page.py), typeset elsewhere."""
    names = pdf.Root.get("/Names")
    if not isinstance(names, Dictionary):
        names = pdf.Root.Names = pdf.make_indirect(Dictionary())
    if "/Dests" not in names:
        names.Dests = pikepdf.NameTree.new(pdf).obj
    pikepdf.NameTree(names.Dests)[f"page-role-annex-{number}"] = Array([page.obj, Name.Fit])


def _pdf_date(when: datetime) -> str:
    return when.astimezone(UTC).strftime("D:%Y%m%d%H%M%SZ")


def embedded_name(annex: AnnexSource) -> str:
    """``annex-2-monitoring-report.pdf``: the original's name inside the dossier (``archive/extract.py`` knows it)."""
    stem = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in Path(annex.name).stem.lower())
    slug = "-".join(part for part in stem.split("-") if part)
    return f"annex-{annex.number}" + (f"-{slug}" if slug else "") + ".pdf"


def _embed_original(pdf: Pdf, annex: PreparedAnnex, created: datetime) -> Dictionary:
    """The original as an associated file of the catalog (``/AFRelationship /Source``), as the records are."""
    assert annex.original is not None
    when = _pdf_date(created)
    name = embedded_name(annex.source)
    stream = Stream(pdf, b"")
    stream.write(zlib.compress(annex.original, 6), filter=Name.FlateDecode)
    stream.Type = Name.EmbeddedFile
    stream.Subtype = Name("/application/pdf")
    stream.Params = Dictionary(Size=len(annex.original), CheckSum=pikepdf.String(
        hashlib.md5(annex.original, usedforsecurity=False).digest()), CreationDate=when, ModDate=when)
    spec = pdf.make_indirect(Dictionary(Type=Name.Filespec, F=name, UF=name, Desc=annex.source.description,
                                        AFRelationship=Name.Source, EF=Dictionary(F=pdf.make_indirect(stream))))
    names = pdf.Root.get("/Names")
    if not isinstance(names, Dictionary):
        names = pdf.Root.Names = Dictionary()
    if "/EmbeddedFiles" not in names:
        names.EmbeddedFiles = pikepdf.NameTree.new(pdf).obj
    pikepdf.NameTree(names.EmbeddedFiles)[name] = spec
    files = pdf.Root.get("/AF")
    if not isinstance(files, Array):
        files = pdf.Root.AF = Array()
    files.append(spec)
    return spec
