"""Annexes appended to the approval dossier (issue 14, point 8): pages, bookmarks, contents, PDF/A.

``tests/data/valid/annexes/`` is the kh-emoto project with three annexes made for the tests: a
hand-written PDF whose Helvetica is not embedded (so it must be rasterized, its original
embedded), a PNG with transparency and a JPEG. The fixture adds a fourth, a PDF/A press notice
dossiergen renders from the sample, whose pages are appended as they are.
"""

from __future__ import annotations

import io
import re
import shutil
import struct
import subprocess
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pikepdf
import pytest

from dossiergen.archive.extract import read_inputs
from dossiergen.cli.main import main
from dossiergen.errors import AnnexError, Problem, RecordError
from dossiergen.formats.pdf import _annex_file, render_document
from dossiergen.i18n.formatting import KHMER_DIGITS
from dossiergen.records import sandbox
from dossiergen.records.loading import load_record
from dossiergen.render.pdf import annexes
from dossiergen.render.pdf.annex_stamp import BAND
from dossiergen.render.pdf.annexes import MAX_ANNEX_PAGES, MAX_IMAGE_PIXELS, AnnexSource, prepare_annex

from .conftest import ROOT, SAMPLES
from .test_dossier_document import bookmarks, contents_numbers, page_texts
from .test_invalid_records import _runner

FOLDER = ROOT / "tests" / "data" / "valid" / "annexes"
PRESS_ANNEX = """  - title: {ko: "보도자료 (PDF/A 시험용 붙임)", km: "សេចក្តីប្រកាសព័ត៌មាន (ឧបសម្ព័ន្ធសាកល្បង PDF/A)", \
en: "Press notice (PDF/A test annex)"}
    file: files/press-notice.pdf
"""
TITLES = ["A PDF that is not PDF/A (test annex)", "Diagram on a transparent background (test annex)",
          "Photograph (test annex)", "Press notice (PDF/A test annex)"]


def minimal_pdf(text: str, pages: int = 1, size: tuple[int, int] = (612, 792), claimed: int | None = None) -> bytes:
    """A PDF written by hand: ``pages`` pages of ``text`` in Helvetica, which is not embedded.

    ``claimed``: the page count the page tree states, whatever it holds.
    """
    content = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    kids = " ".join(f"{5 + index} 0 R" for index in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               f"<< /Type /Pages /Kids [{kids}] /Count {claimed or pages} >>".encode(),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"]
    objects += [f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {size[0]} {size[1]}] /Resources << /Font << /F1 3 0 R"
                " >> >> /Contents 4 0 R >>".encode()] * pages
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def png_header(width: int, height: int) -> bytes:
    """A PNG that states ``width`` x ``height`` pixels and holds none: a decompression bomb's calling card."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b""))


@dataclass(frozen=True)
class Rendered:
    record: Path
    pdf: Path
    press_pages: int


def _copy_with_press(tmp: Path) -> tuple[Path, int]:
    folder = tmp / "annexes"
    shutil.copytree(FOLDER, folder)
    press = render_document(load_record(SAMPLES["press"]), ("ko", "en"))
    (folder / "files" / "press-notice.pdf").write_bytes(press)
    record = folder / "project.yaml"
    record.write_text(record.read_text(encoding="utf-8") + PRESS_ANNEX, encoding="utf-8")
    with pikepdf.open(io.BytesIO(press)) as document:
        return record, len(document.pages)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    tmp = tmp_path_factory.mktemp("annexes")
    record, press_pages = _copy_with_press(tmp)
    pdf = tmp / "dossier.pdf"
    pdf.write_bytes(render_document(load_record(record), ("ko", "en")))
    return Rendered(record, pdf, press_pages)


def _unstamped(text: str, annex: int = 1) -> str:
    """An annex page's text without the dossier's stamp line (render/pdf/annex_stamp.py): one on each page of
    annex ``annex`` (a press notice appended with its own annex keeps that annex's stamp)."""
    stamp = re.compile(rf"^ *붙임 {annex} · \d+ / \d+쪽 .*Annex {annex} · page \d+ of \d+ *\n", re.MULTILINE)
    assert len(stamp.findall(text)) == 1, text
    return stamp.sub("", text)


def _images(page: pikepdf.Page) -> list[pikepdf.Stream]:
    """The image XObjects of a page's own resources (what an appended image page holds)."""
    return [item for item in page.obj.Resources.get("/XObject", {}).values() if item.get("/Subtype") == "/Image"]


def _own_pages(rendered: Rendered) -> int:
    """The dossier's own pages: all of them less the annexes' (3 single pages and the press notice)."""
    with pikepdf.open(rendered.pdf) as document:
        return len(document.pages) - 3 - rendered.press_pages


def test_the_pages_are_the_dossiers_then_each_annexs(rendered: Rendered) -> None:
    own = _own_pages(rendered)
    texts = page_texts(rendered.pdf)
    assert len(texts) == own + 3 + rendered.press_pages
    assert "Signatures and annexes" in texts[own - 1], "the dossier's last page is its section 11"
    assert f"Page {own} of {len(texts)}" in texts[own - 1], "the footers count the annexes' pages too"
    assert "Page 1 of" not in texts[own - 1]
    # the rasterized PDF, the PNG and the JPEG are images: no text but the stamp; the press notice reads as it did
    assert [_unstamped(texts[own + index], index + 1).strip() for index in range(3)] == ["", "", ""]
    press = page_texts(rendered.pdf.parent / "annexes" / "files" / "press-notice.pdf")
    def lines(text: str) -> str:  # pdftotext puts a blank line or two around the stamp's line
        return re.sub(r"\n\s*\n+", "\n\n", text)

    assert [lines(_unstamped(text, 4)) for text in texts[own + 3:]] == [lines(text) for text in press]


def test_each_annex_has_a_bookmark_at_its_first_page(rendered: Rendered) -> None:
    own = _own_pages(rendered)
    marks = bookmarks(rendered.pdf)
    assert [title for title, _ in marks[:12]][-1] == "11. 서명 및 첨부 / Signatures and annexes"
    annex_marks = marks[12:]
    assert [page for _, page in annex_marks] == [own + 1, own + 2, own + 3, own + 4]
    assert [title for title, _ in annex_marks] == [
        "붙임 1: PDF/A가 아닌 PDF (시험용 붙임) / Annex 1: A PDF that is not PDF/A (test annex)",
        "붙임 2: 투명 배경 도표 (시험용 붙임) / Annex 2: Diagram on a transparent background (test annex)",
        "붙임 3: 사진 (시험용 붙임) / Annex 3: Photograph (test annex)",
        "붙임 4: 보도자료 (PDF/A 시험용 붙임) / Annex 4: Press notice (PDF/A test annex)"]


def test_annex_pages_are_labelled_and_verify_checks_the_dossiers_own(rendered: Rendered) -> None:
    own = _own_pages(rendered)
    with pikepdf.open(rendered.pdf) as document:
        labels = [str(page.label) for page in document.pages]
    assert labels[:own] == [str(number) for number in range(1, own + 1)]
    assert labels[own:] == ["A1-1", "A2-1", "A3-1", *(f"A4-{n}" for n in range(1, rendered.press_pages + 1))]
    result = _runner().invoke(main, ["verify", str(rendered.pdf)])
    assert result.exit_code == 0, result.output  # the fingerprint holds on every own page
    short = read_inputs(rendered.pdf.read_bytes(), rendered.pdf).fingerprint[:12]
    appended = 3 + rendered.press_pages
    assert (f"every page's footer shows the fingerprint {short} (and {appended} annex page(s), which carry"
            " their own)") in result.output


def test_the_contents_page_lists_each_annex_where_it_starts(rendered: Rendered) -> None:
    own = _own_pages(rendered)
    numbers = contents_numbers(rendered.pdf)
    section_pages = [page for _, page in bookmarks(rendered.pdf)[1:12]]
    assert numbers == section_pages + [own + 1, own + 2, own + 3, own + 4]
    contents = page_texts(rendered.pdf, "-layout")[1]
    for number, title in enumerate(TITLES, start=1):
        line = next(line for line in contents.splitlines() if f"Annex {number}: {title}" in line)
        assert line.strip() == f"Annex {number}: {title}"  # the page stands on the Korean line above
    assert re.search(rf"붙임 4: 보도자료 \(PDF/A 시험용 붙임\)[\s.]+{own + 4}\n", contents)  # after dot leaders


def test_the_dossier_stays_pdfa_with_its_fonts_and_associated_files(rendered: Rendered) -> None:
    own = _own_pages(rendered)
    with pikepdf.open(rendered.pdf) as document:
        assert document.open_metadata().pdfa_status == "3B"
        assert len(document.Root.OutputIntents) == 1
        files = {str(spec.F): spec for spec in document.Root.AF}
        assert list(files) == ["annexes-test.project.json", "annex-1-not-pdfa.pdf"]
        assert {str(spec.AFRelationship) for spec in files.values()} == {"/Source"}
        original = files["annex-1-not-pdfa.pdf"]
        assert original.EF.F.read_bytes() == (FOLDER / "files" / "not-pdfa.pdf").read_bytes()
        assert str(original.EF.F.Subtype) == "/application/pdf"
        assert str(original.UF) == "annex-1-not-pdfa.pdf"
        assert "A PDF that is not PDF/A (test annex)" not in str(original.Desc)  # the first language's title
        assert "PDF/A가 아닌 PDF" in str(original.Desc)
        assert sorted(document.attachments) == ["annex-1-not-pdfa.pdf", "annexes-test.project.json"]
        # the rasterized page and the PNG are RGB images without a soft mask; the JPEG is passed through
        for index in (own, own + 1):
            images = _images(document.pages[index])
            assert len(images) == 1 and "/SMask" not in images[0] and images[0].ColorSpace == "/DeviceRGB"
        raster = document.pages[own]
        # the original's Letter, the image to its edges: the stamp's band above it
        assert [round(float(value)) for value in raster.mediabox] == [0, 0, 612, round(792 + BAND)]
        jpeg = _images(document.pages[own + 2])[0]
        assert jpeg.Filter == "/DCTDecode"
        assert jpeg.read_raw_bytes() == (FOLDER / "files" / "photo.jpg").read_bytes()
    fonts = subprocess.run(["pdffonts", str(rendered.pdf)], check=True, capture_output=True, text=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows, "the dossier has fonts"
    assert all(row.split()[-5] == "yes" for row in rows), fonts  # the emb column
    assert "Helvetica" not in fonts


def test_the_records_still_extract_beside_the_annex_original(rendered: Rendered) -> None:
    inputs = read_inputs(rendered.pdf.read_bytes(), rendered.pdf)
    assert list(inputs.records) == ["annexes-test.project.json"]
    assert inputs.fingerprint_matches()
    assert "not-pdfa.pdf" in inputs.options_text  # the annex files' hashes are in the fingerprint


def test_the_same_record_makes_the_same_bytes(rendered: Rendered) -> None:
    again = render_document(load_record(rendered.record), ("ko", "en"))
    assert again == rendered.pdf.read_bytes()


def test_khmer_contents_and_footers_count_the_annexes_in_khmer_digits(rendered: Rendered) -> None:
    pdf = rendered.pdf.parent / "km.pdf"
    pdf.write_bytes(render_document(load_record(rendered.record), ("km", "en")))
    texts = page_texts(pdf)
    own = len(texts) - 3 - rendered.press_pages
    # fifteen entries in Khmer and English take more than a page: the last one goes over
    assert contents_numbers(pdf, pages=2)[-4:] == [own + 1, own + 2, own + 3, own + 4]
    total = str(len(texts)).translate(KHMER_DIGITS)
    assert f"Page 2 of {len(texts)}" in texts[1] and total in texts[1]
    assert [page for _, page in bookmarks(pdf)[-4:]] == [own + 1, own + 2, own + 3, own + 4]


# --- the Letter of Authorization as an annex -------------------------------------------------------

def _with_letter_annex(folder: Path, signed_scan: str | None = None) -> Path:
    """The test project copied to ``folder``, its annexes replaced by the Letter of Authorization."""
    shutil.copytree(FOLDER, folder)
    record = folder / "project.yaml"
    text = record.read_text(encoding="utf-8")
    text = text[:text.index("\nannexes:\n")] + ("\nannexes:\n  - title: {ko: \"승인서(LoA)\", km: \"លិខិតអនុញ្ញាត\","
                                                " en: \"Letter of Authorization\"}\n    document: loa\n")
    if signed_scan is not None:
        text = text.replace("\n  letter:\n", f"\n  letter:\n    signed_scan: {signed_scan}\n", 1)
    record.write_text(text, encoding="utf-8")
    return record


def test_the_letter_of_authorization_is_rendered_and_appended(tmp_path: Path) -> None:
    record = _with_letter_annex(tmp_path / "records")
    out = tmp_path / "out.pdf"
    out.write_bytes(render_document(load_record(record), ("ko", "en")))
    letter = tmp_path / "letter.pdf"
    letter.write_bytes(render_document(load_record(record), ("ko", "en"), kind="loa"))
    own, appended = len(page_texts(out)) - len(page_texts(letter)), len(page_texts(letter))
    texts = page_texts(out)
    # the letter's pages, as --kind loa renders them, each stamped
    assert appended >= 1 and [_unstamped(text) for text in texts[own:]] == page_texts(letter)
    assert bookmarks(out)[-1] == ("붙임 1: 승인서(LoA) / Annex 1: Letter of Authorization", own + 1)
    assert contents_numbers(out)[-1] == own + 1
    with pikepdf.open(out) as document:
        assert [str(spec.F) for spec in document.Root.AF] == ["annexes-test.project.json"]  # pages, no original


def test_an_annex_may_name_the_kinds_made_from_project_records_but_the_dossier() -> None:
    assert sandbox.annex_documents() == ["loa"]


def test_a_signed_scan_of_the_letter_is_the_annex_of_record(tmp_path: Path) -> None:
    record = _with_letter_annex(tmp_path / "records", signed_scan="files/photo.jpg")
    loaded = load_record(record)
    annex = loaded.data.annexes[0]  # type: ignore[union-attr]
    assert _annex_file(loaded, "annexes", annex, 0) == (("authorization", "letter", "signed_scan"), "files/photo.jpg")
    out = tmp_path / "out.pdf"
    out.write_bytes(render_document(loaded, ("ko", "en")))
    with pikepdf.open(out) as document:
        last = document.pages[-1]
        images = list(last.get_images())
    assert len(images) == 1  # the scan, one page, in place of the rendered letter
    assert bookmarks(out)[-1][0] == "붙임 1: 승인서(LoA) / Annex 1: Letter of Authorization"


# --- caps: hostile annexes are refused, located, before any large work -----------------------------

WHERE = Problem(Path("tests/data/valid/annexes/project.yaml"), 9, "annexes[0].file", "")


def _source(content: bytes, kind: str, name: str) -> AnnexSource:
    return AnnexSource(1, "Annex 1", "test", content, kind, name, WHERE)  # type: ignore[arg-type]


def test_a_png_claiming_60000_by_60000_pixels_is_refused_unread() -> None:
    with pytest.raises(AnnexError) as caught:
        prepare_annex(_source(png_header(60_000, 60_000), "png", "huge.png"))
    assert str(caught.value) == ("tests/data/valid/annexes/project.yaml:9: annexes[0].file: 'huge.png' is 60,000 ×"
                                 f" 60,000 pixels; an annex image may have {MAX_IMAGE_PIXELS:,} pixels at most")


def test_a_pdf_with_too_many_pages_is_refused() -> None:
    with pytest.raises(AnnexError, match=f"'long.pdf' has {MAX_ANNEX_PAGES + 1} pages; an annex may have"
                                         f" {MAX_ANNEX_PAGES} at most"):
        prepare_annex(_source(minimal_pdf("page", pages=MAX_ANNEX_PAGES + 1), "pdf", "long.pdf"))


def test_a_page_tree_claiming_100000_pages_is_refused_without_walking_it() -> None:
    with pytest.raises(AnnexError, match="'claims.pdf' has 100,000 pages"):
        prepare_annex(_source(minimal_pdf("page", pages=2, claimed=100_000), "pdf", "claims.pdf"))


def test_a_page_too_large_to_rasterize_is_refused() -> None:
    with pytest.raises(AnnexError, match=r"'poster.pdf', page 1, is 5,080 × 5,080 mm: too large"):
        prepare_annex(_source(minimal_pdf("poster", size=(14400, 14400)), "pdf", "poster.pdf"))


def test_a_large_page_is_rasterized_at_a_lower_resolution(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(annexes, "MAX_IMAGE_PIXELS", 1_000_000)
    prepared = prepare_annex(_source(minimal_pdf("A4 under a small cap"), "pdf", "a4.pdf"))
    with pikepdf.open(io.BytesIO(prepared.pages)) as document:
        image = _images(document.pages[0])[0]
        assert int(image.Width) * int(image.Height) <= 1_000_000
        assert [round(float(value)) for value in document.pages[0].mediabox] == [0, 0, 612, 792]


def test_a_file_above_the_byte_cap_is_refused_at_load(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "MAX_ANNEX_BYTES", 1000)
    with pytest.raises(RecordError, match=r"annexes\[2\]\.file: 'files/photo.jpg' is refused: [0-9]+ bytes, more than"
                                          r" an annex file may have \(1000\)"):
        load_record(FOLDER / "project.yaml")


def test_render_prints_one_located_line_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "annexes"
    shutil.copytree(FOLDER, folder)
    (folder / "files" / "diagram.png").write_bytes(png_header(60_000, 60_000))
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out.pdf"
    result = _runner().invoke(main, ["render", "annexes/project.yaml", "--lang", "ko+en", "-o", str(out)])
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    line = next(number for number, text in enumerate((folder / "project.yaml").read_text().splitlines(), 1)
                if "files/diagram.png" in text)
    assert result.stderr == (f"annexes/project.yaml:{line}: annexes[1].file: 'files/diagram.png' is 60,000 × 60,000"
                             f" pixels; an annex image may have {MAX_IMAGE_PIXELS:,} pixels at most\n")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["annexes"]


def test_the_annex_originals_name_is_safe() -> None:
    assert annexes.embedded_name(_source(b"", "pdf", "Rapport de suivi (v2).PDF")) == "annex-1-rapport-de-suivi-v2.pdf"
    assert annexes.embedded_name(_source(b"", "pdf", "보고서.pdf")) == "annex-1.pdf"


# --- the annexes' pages in the structure tree (issue 17: PDF/UA) -------------------------------------

def _marked_content(page: pikepdf.Page) -> set[int]:
    """The MCIDs a page's content streams mark."""
    return {int(operands[1].MCID) for operands, operator in pikepdf.parse_content_stream(page)
            if str(operator) == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]}


def _tree(pdf: pikepdf.Pdf) -> tuple[set[tuple[int, int]], dict[tuple[int, int], int]]:
    """The structure elements reachable from the StructTreeRoot (object ids), and the (page, MCID) each
    element's content names, with the element that names it."""
    pages = {page.objgen: index for index, page in enumerate(pdf.pages)}
    elements: set[tuple[int, int]] = set()
    owned: dict[tuple[int, int], int] = {}
    todo: list[tuple[pikepdf.Object, pikepdf.Dictionary | None, int | None]] = [
        (pdf.Root.StructTreeRoot.K, None, None)]
    while todo:
        node, parent, page = todo.pop()
        if isinstance(node, pikepdf.Array):
            todo += [(kid, parent, page) for kid in node]
        elif isinstance(node, int):
            assert parent is not None and page is not None, "marked content with no element or no page"
            owned[page, int(node)] = parent.objgen
        elif isinstance(node, pikepdf.Dictionary) and node.get("/Type") == "/MCR":
            assert parent is not None
            owned[pages[node.Pg.objgen] if "/Pg" in node else page, int(node.MCID)] = parent.objgen  # type: ignore[index]
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            assert node.objgen not in elements, "an element reached twice"
            elements.add(node.objgen)
            if "/Pg" in node:
                assert node.Pg.objgen in pages, "a /Pg that is not one of the document's pages"
            if "/K" in node:
                todo.append((node.K, node, pages[node.Pg.objgen] if "/Pg" in node else page))
    return elements, owned


def assert_every_page_tagged(path: Path) -> None:
    """Every page has /StructParents; each MCID its content marks is owned, through the parent tree, by an
    element reachable from the root that names that very MCID; no page object twice; the next key is free."""
    with pikepdf.open(path) as pdf:
        root = pdf.Root.StructTreeRoot
        parent_tree = dict(pikepdf.NumberTree(root.ParentTree).items())
        elements, owned = _tree(pdf)
        page_objects = [obj for obj in pdf.objects
                        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Page"]
        assert len(page_objects) == len(pdf.pages), "a page object copied twice"
        assert int(root.ParentTreeNextKey) > max(parent_tree)
        for index, page in enumerate(pdf.pages):
            assert "/StructParents" in page, f"page {index + 1} has no /StructParents"
            marked = parent_tree[int(page.StructParents)]
            for mcid in _marked_content(page):
                element = marked[mcid]
                assert isinstance(element, pikepdf.Dictionary), f"page {index + 1}, MCID {mcid}: no element"
                assert element.objgen in elements, f"page {index + 1}, MCID {mcid}: an element not in the tree"
                assert owned.get((index, mcid)) == element.objgen, f"page {index + 1}, MCID {mcid}: not its kid"


def _parts(path: Path) -> list[tuple[str, str, list[str], list[int]]]:
    """Each /Part of the document element: its /T, /Lang, its kids' types and the pages they are on."""
    with pikepdf.open(path) as pdf:
        pages = {page.objgen: index for index, page in enumerate(pdf.pages)}
        (document,) = pdf.Root.StructTreeRoot.K
        out = []
        for part in document.K:
            if isinstance(part, pikepdf.Dictionary) and part.get("/S") == "/Part":
                kids = [kid for kid in part.K if isinstance(kid, pikepdf.Dictionary)]
                out.append((str(part.T), str(part.Lang), [str(kid.S) for kid in kids],
                            [pages[kid.Pg.objgen] for kid in kids if "/Pg" in kid]))
        return out


def test_the_annexes_pages_are_in_the_structure_tree(rendered: Rendered) -> None:
    """The rasterized PDF, the PNG and the JPEG a /Figure each with its /Alt (the rasterized one's original its
    associated file); the PDF/A press notice its own tree; after the document's own content."""
    own = _own_pages(rendered)
    assert_every_page_tagged(rendered.pdf)
    parts = _parts(rendered.pdf)
    assert [title for title, *_ in parts] == [title for title, _ in bookmarks(rendered.pdf)[12:]]
    assert all(lang == "ko" for _, lang, _, _ in parts)
    assert [kinds for _, _, kinds, _ in parts[:3]] == [["/Figure"]] * 3
    assert [pages for *_, pages in parts[:3]] == [[own], [own + 1], [own + 2]]
    press_kinds = parts[3][2]
    assert "/H1" in press_kinds and "/Figure" not in press_kinds
    with pikepdf.open(rendered.pdf) as pdf:
        figures = [pdf.pages[own + index].StructParents for index in range(3)]
        parent_tree = pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree)
        (raster, diagram, photo) = [parent_tree[int(key)][0] for key in figures]
        assert str(photo.Alt) == ("붙임 3: 사진 (시험용 붙임), 1 / 1쪽 / Annex 3: Photograph (test annex),"
                                  " page 1 of 1")
        assert [str(spec.F) for spec in raster.AF] == ["annex-1-not-pdfa.pdf"]
        assert raster.AF[0].objgen == pdf.Root.AF[1].objgen  # the one embedded original, not a copy
        assert "/AF" not in diagram and "/AF" not in photo
        # the figure's marked content is all the page draws, but for the stamp's artifact after it
        operators = [str(op) for _, op in pikepdf.parse_content_stream(pdf.pages[own + 2])]
        assert operators[:2] == ["q", "BDC"] and operators.count("BDC") == 2
        assert operators[-8:] == ["EMC", "Q", "q", "cm", "BDC", "Do", "EMC", "Q"]


def test_the_checkers_find_no_error_on_the_annexes_pages(rendered: Rendered, tmp_path: Path) -> None:
    from .test_pdf_ua import avalpdf, outloud

    _, findings = outloud(rendered.pdf)
    assert [f"{f['rule']} p.{f.get('page')}: {f['message']}" for f in findings if f["severity"] == "error"] == []
    issues, _ = avalpdf(rendered.pdf, tmp_path)
    assert issues == []


@pytest.mark.parametrize("lang_set", ["ko+en", "km+en"])
def test_the_letter_of_authorization_brings_its_structure_tree(render_sample: Callable[[str, str], Path],
                                                               lang_set: str) -> None:
    """The sample dossier's annex, the letter dossiergen renders tagged: its elements under the /Part, on its
    pages, their content owned as in the letter on its own."""
    path = render_sample("dossier", lang_set)
    assert_every_page_tagged(path)
    (part,) = _parts(path)
    title, lang, kinds, pages = part
    first = lang_set.split("+")[0]
    assert title == bookmarks(path)[-1][0] and lang == first
    with pikepdf.open(path) as pdf:
        letter_pages = [index for index, page in enumerate(pdf.pages) if str(page.label).startswith("A1-")]
        assert pages and set(pages) <= set(letter_pages)
        links = sum("/StructParent" in annotation for page in pdf.pages for annotation in page.get("/Annots", []))
        # one key a page and one a tagged link (the contents'), none lost
        assert int(pdf.Root.StructTreeRoot.ParentTreeNextKey) == len(pdf.pages) + links


def test_an_untagged_pdfa_annex_is_a_figure_a_page_and_an_untagged_dossier_stays_untagged(tmp_path: Path) -> None:
    record = _with_letter_annex(tmp_path / "records")
    letter = render_document(load_record(record), ("ko", "en"), kind="loa", tagged=False)
    (record.parent / "files" / "letter.pdf").write_bytes(letter)
    record.write_text(record.read_text(encoding="utf-8").replace("    document: loa\n", "    file: files/letter.pdf\n"),
                      encoding="utf-8")
    out = tmp_path / "out.pdf"
    out.write_bytes(render_document(load_record(record), ("ko", "en")))
    assert_every_page_tagged(out)
    (part,) = _parts(out)
    with pikepdf.open(io.BytesIO(letter)) as original:
        count = len(original.pages)
    assert part[2] == ["/Figure"] * count
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(render_document(load_record(record), ("ko", "en"), tagged=False))
    with pikepdf.open(plain) as pdf:
        assert "/StructTreeRoot" not in pdf.Root
        assert not any("/StructParents" in page for page in pdf.pages)
        assert not any(_marked_content(page) for page in pdf.pages)


def _tagged_pdf(role_map: dict[str, str]) -> bytes:
    """A one-page tagged PDF: a /P (or a custom type) holding the page's one marked text, an annotation's /OBJR."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(200, 200))
    page.obj.Contents = pdf.make_stream(b"/P <</MCID 0>> BDC EMC")
    link = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link,
                                                Rect=[0, 0, 10, 10], StructParent=1))
    page.obj.Annots = pikepdf.Array([link])
    page.obj.StructParents = 0
    root = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
    document = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document, P=root))
    text = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name("/Note"), P=document,
                                                Pg=page.obj, K=0))
    anchor = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Link, P=document,
                                                  K=pikepdf.Dictionary(Type=pikepdf.Name.OBJR, Obj=link, Pg=page.obj)))
    document.K = pikepdf.Array([text, anchor])
    root.K = document
    root.RoleMap = pikepdf.Dictionary({f"/{key}": pikepdf.Name(f"/{value}") for key, value in role_map.items()})
    root.ParentTree = pikepdf.Dictionary(Nums=[0, pikepdf.Array([text]), 1, anchor])
    root.ParentTreeNextKey = 2
    pdf.Root.StructTreeRoot = root
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def test_a_tagged_annexs_role_map_is_merged_its_annotations_references_dropped(tmp_path: Path) -> None:
    document = render_document(load_record(SAMPLES["press"]), ("ko", "en"))
    annex = annexes.PreparedAnnex(_source(_tagged_pdf({"Note": "P"}), "pdf", "tagged.pdf"), _tagged_pdf({"Note": "P"}),
                                  1, "pages")
    out = tmp_path / "out.pdf"
    out.write_bytes(annexes.append_annexes(document, [annex], created=datetime(2025, 1, 1, tzinfo=UTC)))
    assert_every_page_tagged(out)
    with pikepdf.open(out) as pdf:
        assert pdf.Root.StructTreeRoot.RoleMap.Note == "/P"
        assert "/Annots" not in pdf.pages[-1]
    (*_, (title, _, kinds, _)) = _parts(out)
    assert title == "Annex 1" and kinds == ["/Note"]  # the link, whose annotation is not appended, is gone
    conflicting = annexes.PreparedAnnex(annex.source, _tagged_pdf({"Note": "H1"}), 1, "pages")
    with pytest.raises(AnnexError, match="its structure tree's RoleMap maps /Note otherwise than the dossier's"):
        annexes.append_annexes(out.read_bytes(), [conflicting], created=datetime(2025, 1, 1, tzinfo=UTC))
