"""Pagination (issue 18, part 1), checked on the PDF: headings stay with what follows them, a table's head row
repeats on each page it crosses (the minutes' attendees too), no paragraph leaves a single line at a page's
foot or head, and a page the first typesetting would leave nearly empty is avoided by a tighter one
(render/pdf/rebalance.py), which is typeset only when needed."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from dossiergen.formats.pdf import render_document
from dossiergen.records.loading import load_record
from dossiergen.render.layout_check import check_pdf, nearly_empty_pages
from dossiergen.render.layout_check.page import MM, PAGE_MARGINS_MM
from dossiergen.render.pdf import write_pdf
from dossiergen.render.pdf.rebalance import rebalanced

from .conftest import DATA, ROOT

TEMPLATES = ROOT / "templates"
PERSON = re.compile(r"참석자 (\d\d)")
MANY_ATTENDEES = DATA / "valid" / "many-attendees" / "minutes.yaml"
CONTENT_MM = 297 - PAGE_MARGINS_MM[0] - PAGE_MARGINS_MM[2]
SENTENCE = ("The working group reviewed the monitoring plan and the figures of the approval dossier, and agreed on"
            " the next steps for the corresponding adjustments. ")


def _page(body: str, html_class: str = "langs-1") -> str:
    return (f'<!DOCTYPE html><html lang="en" class="{html_class}"><head><meta charset="utf-8"><title>Pagination</title>'
            '<link rel="stylesheet" href="css/print.css"><style>@page { @top-left { content: "Pagination scenario"; }'
            f' }}</style></head><body>{body}</body></html>')


def _box(height_mm: float) -> str:
    """A framed box ``height_mm`` tall: content down to its foot (an empty one would leave the page "empty")."""
    return f'<div style="height: {height_mm}mm; box-sizing: border-box; border: 0.5pt solid #9aa5b5"></div>'


def _write(html: str, path: Path) -> Path:
    path.write_bytes(write_pdf(html, base_url=TEMPLATES, allowed_roots=[TEMPLATES], tagged=False))
    return path


def _page_lines(pdf: Path) -> list[list[str]]:
    """Each page's lines of text inside the content box, top to bottom."""
    pages = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            top, bottom = PAGE_MARGINS_MM[0] * MM, page.height - PAGE_MARGINS_MM[2] * MM
            inside = page.crop((0, top - 2, page.width, bottom + 2))
            pages.append([line["text"] for line in inside.extract_text_lines()])
    return pages


# --- 1. headings kept with what follows ---------------------------------------------------------

@pytest.mark.parametrize("heading", [
    '<h2 data-bookmark="3. Kept heading">3. Kept heading</h2>',
    "<h3>3.1 Kept heading</h3>",
    '<p class="sublabel sans">Kept heading</p>',
], ids=["h2", "h3", "sublabel"])
@pytest.mark.parametrize("space_mm", [8, 14])
def test_a_heading_at_a_page_foot_goes_over_with_its_text(heading: str, space_mm: int, tmp_path: Path) -> None:
    """The heading fits at the page's foot, its paragraph does not: both start the next page."""
    body = (f'{_box(CONTENT_MM - space_mm)}{heading}'
            + f'<p lang="en">{SENTENCE * 3}</p>' * 3)
    pdf = _write(_page(body), tmp_path / "heading.pdf")
    pages = _page_lines(pdf)
    assert not any("Kept heading" in line for line in pages[0]), pages[0]
    assert "Kept heading" in pages[1][0] and pages[1][1].startswith("The working group"), pages[1][:2]
    assert check_pdf(pdf) == []


def test_a_heading_before_a_table_goes_over_with_its_first_rows(tmp_path: Path) -> None:
    rows = "".join(f"<tr><td>{year}</td><td>{year * 10}</td></tr>" for year in range(2025, 2040))
    body = (f'{_box(CONTENT_MM - 16)}<h2 data-bookmark="5. Vintages">5. Vintages</h2>'
            f"<table><thead><tr><th>Year</th><th>Amount</th></tr></thead><tbody>{rows}</tbody></table>")
    pages = _page_lines(_write(_page(body), tmp_path / "table.pdf"))
    assert not any("Vintages" in line for line in pages[0])
    assert pages[1][:3] == ["5. Vintages", "Year Amount", "2025 20250"]


# --- 2. table heads repeated ---------------------------------------------------------------------

def test_a_data_table_repeats_its_head_row_on_each_page(tmp_path: Path) -> None:
    rows = "".join(f"<tr><td>{year}</td><td>{year * 10}</td></tr>" for year in range(1900, 2040))
    body = f"<table><thead><tr><th>Year</th><th>Amount</th></tr></thead><tbody>{rows}</tbody></table>"
    pages = _page_lines(_write(_page(body), tmp_path / "long-table.pdf"))
    assert len(pages) >= 3
    assert all(page[0] == "Year Amount" for page in pages), [page[:1] for page in pages]


def test_the_minutes_attendees_table_repeats_its_heads_and_keeps_each_delegation_whole(
        render_record: Callable[[Path, str], Path]) -> None:
    """40 people in five delegations of eight (참석자 01 / Participant 01 ..): one table, its heads on each page,
    no delegation split (the first neither: the table starts on the next page with its heading rather)."""
    pdf = render_record(MANY_ATTENDEES, "ko+en")
    pages, section = [], False
    for lines in _page_lines(pdf):  # the attendees' section: from its heading to the apologies' label
        section = section or "1. 참석자" in lines
        pages.append(lines[lines.index("1. 참석자"):] if "1. 참석자" in lines else lines if section else [])
        if "불참 통보" in pages[-1]:
            pages[-1] = pages[-1][:pages[-1].index("불참 통보")]
            break
    holding = [[int(found[1]) for line in page if (found := PERSON.search(line))] for page in pages]
    crossed = [number for number, people in enumerate(holding) if people]
    assert len(crossed) >= 2, "40 attendees cross a page"
    for number in crossed:
        heads = [index for index, line in enumerate(pages[number]) if line.startswith("성명 직위 기관")]
        assert heads, f"page {number + 1}: the column heads (성명 직위 기관 / Name Title Organisation) are not repeated"
        assert pages[number][heads[0] + 1] == "Name Title Organisation"
        first = next(index for index, line in enumerate(pages[number]) if PERSON.search(line))
        assert heads[0] < first
    assert sorted(person for people in holding for person in people) == list(range(1, 41))
    for delegation in range(5):
        members = range(delegation * 8 + 1, delegation * 8 + 9)
        assert len({number for number in crossed if set(holding[number]) & set(members)}) == 1, \
            f"delegation {delegation + 1} is split over pages: {holding}"
    assert check_pdf(pdf) == []


def _cells(element: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
    """An element's child elements (not its marked content)."""
    kids = element.get("/K", [])
    return [kid for kid in ([kids] if isinstance(kids, pikepdf.Dictionary) else kids)
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]


def test_the_minutes_attendees_are_one_table_whose_only_header_cells_are_its_column_heads(
        render_record: Callable[[Path, str], Path]) -> None:
    """One /Table over the pages it crosses: the column heads its one header row (/THead, /Scope /Column), a row
    group (/TBody) a delegation opened by the delegation's name, a data cell across the three columns; a header row
    a delegation reads as heads shredded over the table (outloud's TBL-010, an error)."""
    with pikepdf.open(render_record(MANY_ATTENDEES, "ko+en")) as pdf:
        todo, tables = [pdf.Root.StructTreeRoot], []
        while todo:
            element = todo.pop()
            tables += [kid for kid in _cells(element) if kid.S == "/Table"]
            todo += [kid for kid in _cells(element) if kid.S != "/Table"]
        (attendees,) = [table for table in tables
                        if [str(part.S) for part in _cells(table)] == ["/THead"] + ["/TBody"] * 5]
        head, *delegations = _cells(attendees)
        (columns,) = _cells(head)
        assert [(str(cell.S), str(cell.A.Scope)) for cell in _cells(columns)] == [("/TH", "/Column")] * 3
        for delegation in delegations:
            name, *people = _cells(delegation)
            assert [(str(cell.S), int(cell.A.ColSpan)) for cell in _cells(name)] == [("/TD", 3)]
            assert len(people) in (8, 9)  # eight each, and the chair and the minute-taker in theirs
            assert all([str(cell.S) for cell in _cells(row)] == ["/TD"] * 3 for row in people)


# --- 3. orphans and widows -------------------------------------------------------------------------

@pytest.mark.parametrize("lines_left", [1, 5], ids=["orphan", "widow"])
@pytest.mark.parametrize("nudge_mm", [0.0, 2.0, 4.0])
def test_a_paragraph_leaves_no_single_line_at_a_page_foot_or_head(lines_left: int, nudge_mm: float,
                                                                   tmp_path: Path) -> None:
    """A paragraph of six lines or so starts where one line (or five) would fit above the page's foot."""
    line_mm = 10 * 1.55 / MM
    words = " ".join(f"w{index:03d}" for index in range(1, 121))
    body = (f'{_box(CONTENT_MM - lines_left * line_mm - nudge_mm - 0.5)}'
            f'<p lang="en" style="margin: 0">{words}</p>')
    pages = _page_lines(_write(_page(body), tmp_path / "paragraph.pdf"))
    counts = [sum(1 for line in page if line.startswith("w")) for page in pages]
    assert sum(counts) >= 5 and all(count == 0 or count >= 2 for count in counts), counts


# --- 4. no nearly empty page -----------------------------------------------------------------------

def _overflowing(step: int) -> str:
    """Two pages of paragraphs and two lines at the stylesheet's own spacing."""
    html_class = "langs-1" + (f" tight-{step}" if step else "")
    return _page(f'<p lang="en">{SENTENCE * 3}</p>' * 17, html_class)


def test_a_nearly_empty_last_page_is_typeset_again_tighter(tmp_path: Path) -> None:
    made: list[int] = []

    def typeset(step: int) -> bytes:
        made.append(step)
        return write_pdf(_overflowing(step), base_url=TEMPLATES, allowed_roots=[TEMPLATES], tagged=False)

    first = typeset(0)
    assert [finding.page for finding in nearly_empty_pages(first)] == [3], "the scenario overflows by a few lines"
    made.clear()
    pdf, step = rebalanced(typeset)
    assert step >= 1 and made == list(range(step + 1))
    path = tmp_path / "rebalanced.pdf"
    path.write_bytes(pdf)
    assert check_pdf(path) == []
    assert sum(len(page) for page in _page_lines(path)) == sum(len(page) for page in _page_lines(
        _write(_overflowing(0), tmp_path / "first.pdf"))), "the same lines, on fewer pages"


def test_a_document_whose_pages_are_fine_is_typeset_once(tmp_path: Path) -> None:
    made: list[int] = []

    def typeset(step: int) -> bytes:
        made.append(step)
        return write_pdf(_page(f'<p lang="en">{SENTENCE * 3}</p>' * 24), base_url=TEMPLATES,
                         allowed_roots=[TEMPLATES], tagged=False)

    rebalanced(typeset)
    assert made == [0]


def test_the_long_khmer_dossier_is_rebalanced_to_a_clean_check(tmp_path: Path) -> None:
    """Typeset once, the long-Khmer project's Khmer dossier leaves its last page nearly empty (a line or so);
    rendered, it is set tighter and passes the check, on no more pages."""
    record = load_record(DATA / "valid" / "long-khmer" / "project.yaml")
    first = render_document(record, ("km",), rebalance=False)
    assert nearly_empty_pages(first), "the scenario: a nearly empty page at the stylesheet's own spacing"
    (tmp_path / "first.pdf").write_bytes(first)
    pdf = tmp_path / "rebalanced.pdf"
    pdf.write_bytes(render_document(record, ("km",)))
    assert check_pdf(pdf) == []
    with pdfplumber.open(pdf) as rebalanced_pdf, pdfplumber.open(tmp_path / "first.pdf") as first_pdf:
        assert len(rebalanced_pdf.pages) <= len(first_pdf.pages)
