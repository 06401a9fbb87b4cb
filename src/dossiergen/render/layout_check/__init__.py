"""Layout checks on a rendered PDF, page by page, one module a kind of finding:

- text.py: text that runs out of the content box or across a table rule, text set over other
  text, glyphs that are missing or came from a font the project did not choose;
- fill.py: a page (not a cover, signature page or annex) whose content ends in the top fifth;
- headings.py: a heading that is the last text on its page;
- running_heads.py: a running head set on more than one line;
- drawn.py: rules, boxes, lines and images outside the content box, text a rule runs through.

``dossiergen check FILE.pdf`` runs them (read only); the tests run them on every sample document.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from pikepdf import PdfError

from dossiergen.errors import InputError, Problem
from dossiergen.render.layout_check.drawn import horizontal_rules, outside_findings, rule_findings
from dossiergen.render.layout_check.fill import EXEMPT_ROLES, fill_findings
from dossiergen.render.layout_check.finding import Finding
from dossiergen.render.layout_check.headings import outline_headings, tagged_headings
from dossiergen.render.layout_check.page import (
    MM,
    PAGE_MARGIN_X_MM,
    PAGE_MARGINS_MM,
    TOLERANCE_PT,
    WATERMARK_RGB,
    Obj,
    content_box,
    drawn,
    is_watermark,
    read_marks,
)
from dossiergen.render.layout_check.running_heads import running_head_findings
from dossiergen.render.layout_check.text import CHOSEN_FONT_PREFIX, text_findings

__all__ = ["CHOSEN_FONT_PREFIX", "MM", "PAGE_MARGINS_MM", "PAGE_MARGIN_X_MM", "TOLERANCE_PT", "WATERMARK_RGB",
           "Finding", "check_pdf",
           "nearly_empty_pages"]

FINISH_EXEMPT = frozenset({"annex"})
"""Pages typeset elsewhere (an appended annex): their pagination and furniture are not this document's."""


def check_pdf(path: Path, margin_x_mm: float = PAGE_MARGIN_X_MM) -> list[Finding]:
    """Every layout fault found in ``path``, page by page."""
    import pdfplumber  # here, not above: a render reaches this package for its constants (layout_fill.py)
    from pdfminer.psparser import PSException
    from pdfplumber.utils.exceptions import PdfminerException

    findings: list[Finding] = []
    try:
        pdf = pdfplumber.open(path)
        marks = read_marks(path)
    except (PdfminerException, PSException, PdfError, OSError) as error:
        raise InputError(Problem(path, None, None, f"not a PDF that can be read: {error}")) from None
    with pdf:
        roles = marks.roles(len(pdf.pages))
        for number, page in enumerate(pdf.pages, 1):
            box = content_box(page.width, page.height, margin_x_mm)
            chars = _chars(page)
            findings += text_findings(number, chars, page.edges, box)
            if roles[number] & FINISH_EXEMPT:
                continue
            objects = drawn(page)
            findings += outside_findings(number, objects, box)
            findings += rule_findings(number, chars, horizontal_rules(objects), page.height)
            content_objects = [obj for kind, obj in objects if kind in ("image", "curve")]
            if len(pdf.pages) > 1:  # a one-page document is as long as its text: no page of it could be spared
                findings += fill_findings(number, chars, [obj for _, obj in objects], box, roles[number])
            findings += running_head_findings(number, chars, page.rects, box, page.height, roles[number])
            if marks.tagged:
                findings += tagged_headings(number, chars, content_objects, box, page.structure_tree)
            else:
                findings += outline_headings(number, chars, content_objects, box, page.height, marks.outline)
    return _unique(findings)


def nearly_empty_pages(pdf: bytes, pages: list[int] | None = None) -> list[Finding]:
    """The nearly-empty findings of a PDF in memory: ``check_pdf``'s fill measure alone, for the render stage
    (render/pdf/rebalance.py), which reads no more of a page than that needs (not the exempt pages at all), and
    only the ``pages`` (1-based) where it names some."""
    marks = read_marks(io.BytesIO(pdf))
    count = marks.pages
    if count < 2:
        return []
    roles = marks.roles(count)
    asked = range(1, count + 1) if pages is None else pages
    wanted = [number for number in asked if not roles[number] & (FINISH_EXEMPT | EXEMPT_ROLES)]
    findings: list[Finding] = []
    if not wanted:
        return findings
    import pdfplumber  # only for the pages the render's own measure leaves in doubt: most renders never need it

    with pdfplumber.open(io.BytesIO(pdf), pages=wanted) as document:
        for page in document.pages:
            box = content_box(page.width, page.height)
            findings += fill_findings(page.page_number, _chars(page), [obj for _, obj in drawn(page)], box,
                                      roles[page.page_number])
    return findings


def _chars(page: Any) -> list[Obj]:
    """The page's glyphs that print something, less the DRAFT watermark's."""
    return [char for char in page.chars if char["text"].strip() and not is_watermark(char)]


def _unique(findings: list[Finding]) -> list[Finding]:
    """One finding per page and kind, the first, saying how many more there are."""
    grouped: dict[tuple[int, str], list[Finding]] = {}
    for finding in findings:
        grouped.setdefault((finding.page, finding.kind), []).append(finding)
    out = []
    for group in grouped.values():
        first = group[0]
        more = f" (and {len(group) - 1} more on this page)" if len(group) > 1 else ""
        out.append(Finding(first.page, first.kind, first.text, first.detail + more))
    return out
