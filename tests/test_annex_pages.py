"""One page numbering through a document and its annexes: each appended page stamped with the compiled
document's page and total, in the document's digits, outside the annex's own objects, as an artifact."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from dossiergen.render.pdf.annex_stamp import find_spot, stamp_box

KHMER = str.maketrans("០១២៣៤៥៦៧៨៩", "0123456789")

CASES = {
    # (kind, languages): the stamp's pattern, its page and total in the first language's digits
    ("dossier", "ko+en"): r"붙임 1 · (\d+) / (\d+)쪽 +· +Annex 1 · page \1 of \2",
    # pdfplumber reads Khmer's pre-base vowels in drawing order (ៃន for នៃ): the words between the digits any
    ("dossier", "km+en"): r"ទំព័រ ([០-៩]+) \S+ ([០-៩]+) +· +Annex 1 · page \d+ of \d+",
    ("press", "ko"): r"붙임 1 · (\d+) / (\d+)쪽",
}


def _annex_first(pdf: pikepdf.Pdf) -> int:
    """The 0-based index of annex 1's first page (its named destination, annexes.py)."""
    destination = pikepdf.NameTree(pdf.Root.Names.Dests)["page-role-annex-1"]
    return next(index for index, page in enumerate(pdf.pages) if page.objgen == destination[0].objgen)


@pytest.mark.parametrize(("kind", "langs"), list(CASES))
def test_every_annex_page_carries_the_documents_page_and_total(
        kind: str, langs: str, render_sample: Callable[[str, str], Path]) -> None:
    path = render_sample(kind, langs)
    with pikepdf.open(path) as pdf:
        first, total = _annex_first(pdf), len(pdf.pages)
    pattern = re.compile(CASES[(kind, langs)])
    with pdfplumber.open(path) as document:
        for index in range(first, total):
            page = document.pages[index]
            lines = [line for line in (page.extract_text(layout=False) or "").splitlines() if pattern.search(line)]
            assert len(lines) == 1, (index + 1, page.extract_text())
            found = pattern.search(lines[0])
            assert found is not None
            number, pages = (int(group.translate(KHMER)) for group in found.groups()[:2])
            assert (number, pages) == (index + 1, total)
            if langs.startswith("km"):  # the Khmer-led document writes its own digits in Khmer
                assert not re.search(r"[0-9]", found[1] + found[2])


def test_the_stamp_lies_outside_the_annex_pages_own_objects(render_sample: Callable[[str, str], Path]) -> None:
    path = render_sample("dossier", "ko+en")
    with pikepdf.open(path) as pdf:
        first = _annex_first(pdf)
    with pdfplumber.open(path) as document:
        for page in document.pages[first:]:
            stamp = [char for char in page.chars if char["fontname"].endswith("-Annex-Stamp")]
            assert stamp, page.page_number
            box = (min(c["x0"] for c in stamp), min(c["top"] for c in stamp), max(c["x1"] for c in stamp),
                   max(c["bottom"] for c in stamp))
            # the stamp's fonts are named DG-Sans-Korean-Annex-Stamp, the annex's WeasyPrint's DG-Sans-Korean
            own = [c for c in page.chars if c not in stamp]
            # no text of the annex on the stamp's line, anywhere across the page: a reader would join the two
            assert not [c for c in own if c["top"] < box[3] and c["bottom"] > box[1]], page.page_number
            own += [*page.rects, *page.lines, *page.images]
            assert not [o for o in own if o["x0"] < box[2] and o["x1"] > box[0] and o["top"] < box[3]
                        and o["bottom"] > box[1]], page.page_number


def test_the_stamp_is_an_artifact_outside_the_structure_tree(render_sample: Callable[[str, str], Path]) -> None:
    with pikepdf.open(render_sample("dossier", "ko+en")) as pdf:
        for page in pdf.pages[_annex_first(pdf):]:
            content = b"".join(stream.read_bytes() for stream in (
                page.obj.Contents if isinstance(page.obj.Contents, pikepdf.Array) else [page.obj.Contents]))
            assert re.search(rb"/Artifact <</Type /Pagination /Subtype /Header>> BDC /DGAnnexStamp\d+ Do EMC",
                             content)
            # no structure element's content is in the stamp: its form has no marked-content ids
            for name, xobject in page.obj.Resources.XObject.items():
                if name.startswith("/DGAnnexStamp"):
                    assert b"/MCID" not in xobject.read_bytes()


def test_the_contents_point_at_the_stamped_number_of_the_annexs_first_page(
        render_sample: Callable[[str, str], Path]) -> None:
    path = render_sample("dossier", "ko+en")
    with pikepdf.open(path) as pdf:
        first = _annex_first(pdf)
    with pdfplumber.open(path) as document:
        contents = document.pages[1].extract_text() or ""
        entry = re.search(r"붙임 1: 승인서\(LoA\).*?(\d+)$", contents, re.MULTILINE)
        assert entry is not None, contents
        stamp = re.search(r"붙임 1 · (\d+) / \d+쪽", document.pages[first].extract_text() or "")
        assert stamp is not None
        assert int(entry[1]) == int(stamp[1]) == first + 1


def test_one_name_for_the_annex_in_body_contents_bookmark_and_stamp(
        render_sample: Callable[[str, str], Path]) -> None:
    path = render_sample("dossier", "ko+en")
    with pikepdf.open(path) as pdf:
        titles = [str(item.title) for item in pdf.open_outline().root]
        first = _annex_first(pdf)
    assert "붙임 1: 승인서(LoA) / Annex 1: Letter of Authorization" in titles
    with pdfplumber.open(path) as document:
        body = document.pages[first - 1].extract_text() or ""
    assert "붙임 1: 승인서(LoA)" in body and "가. 승인서" not in body


def test_a_page_without_room_gets_a_band_above_it() -> None:
    full = [(0.0, 0.0, 595.0, 842.0)]  # a full-page scan
    spot = find_spot(120.0, (595.0, 842.0), full)
    assert spot.band > 0 and stamp_box(spot, 120.0)[3] <= spot.band
    free = find_spot(120.0, (595.0, 842.0), [(51.0, 70.0, 544.0, 770.0)])
    assert free.band == 0 and stamp_box(free, 120.0)[3] < 70.0
