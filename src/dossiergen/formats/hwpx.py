"""Document tree -> an editable Hangul document (HWPX) of a press notice or minutes.

Made with python-hwpx, which writes OWPML (KS X 6101) from its own blank Hangul document and
checks what it writes. Every text, heading and cell, and their order, are the tree's
(``documents/press.py``, ``documents/minutes.py``); this module decides how each node and house
style looks the way Korean ministries type it in Hangul:

- the headline or minutes title (``Heading`` level 1) a bold, centred paragraph; the press body
  (``item paragraph`` / ``point`` / ``subpoint`` / ``note``) in the □ / ㅇ / - / ※ hierarchy, the
  markers typed as characters with hanging indents, as in Hangul press releases (English and
  Khmer take • and –);
- numbered headings (the minutes' sections) are Hangul outline headings ("개요 1", "개요 2"), so
  Hangul numbers them itself and lists them in its navigation; a heading without a number (the
  press notice's event) and a label (붙임, 불참 통보) is a bold line Hangul does not number;
- tables are Hangul tables, header cells shaded; decisions a table of number and text.

A paragraph in two or three languages is a paragraph per language, first language first; a
stacked text puts each language on its own line, the translations smaller. Run styles
``strong`` and ``em`` are bold and italic, a link a Hangul hyperlink. The fonts
are the blank document's (함초롬바탕 and 함초롬돋움, Hangul's own).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC
from typing import Any

from hwpx import HwpxDocument

from dossiergen.documents.kinds import build_document
from dossiergen.documents.tree import (
    Cell,
    Document,
    Heading,
    ListBlock,
    Paragraph,
    Run,
    Runs,
    Signatures,
    Span,
    Text,
)
from dossiergen.formats.common import (
    FOLLOW,
    FOLLOW_SCALE,
    KOREAN_MARKERS,
    LINK,
    NAVY,
    RED,
    SHADE,
    TEXT_WIDTH_MM,
    NumberedRun,
    TableRun,
    TreeWriter,
    column_widths,
    joined,
    label_hang_mm,
    span_langs,
    styled_runs,
    table_grid,
)
from dossiergen.formats.exports import check_record_kind
from dossiergen.render.context import RenderContext

BODY_PT, TABLE_PT, NOTE_PT = 10.5, 9.5, 9.5
OTHER_MARKERS = {"point": "•", "subpoint": "–"}
"""The typed marker of the press body levels outside Korean (a paragraph has none, a note its label)."""
INDENT_MM = {"paragraph": 0.0, "point": 5.0, "subpoint": 10.0, "note": 5.0}
HANG_MM = 4.5
"""Where each level's marker sits, and how far its text hangs after it."""
LIST_HANG_MM = 5.0
"""Where a list item's text starts at the least, its number or bullet hanging before it."""


def _rgb(color: str) -> str:
    return f"#{color}"


@dataclass(frozen=True)
class _Fmt:
    size: float = BODY_PT
    bold: bool = False
    italic: bool = False
    color: str | None = None


class _HwpxWriter(TreeWriter):
    """An HWPX document written from one document tree."""

    def __init__(self, document: Document) -> None:
        super().__init__(document.langs)
        self.document = document
        self.doc = HwpxDocument.new()
        # the blank document's one paragraph holds the page settings: the first line goes into it
        self._first: Any | None = self.doc.paragraphs[0]
        self._cell: Any | None = None
        """The table cell the writer is in; its own first paragraph is ``_first`` until written."""

    def write(self) -> None:
        if self.document.watermark is not None:
            paragraph = self._paragraph(align="CENTER")
            self._stacked(paragraph, Text.of(self.document.watermark), _Fmt(18, bold=True, color=_rgb(RED)),
                          follow_color=_rgb(RED))
        if self.document.specimen is not None:
            paragraph = self._paragraph(align="CENTER")
            self._stacked(paragraph, Text.of(self.document.specimen), _Fmt(bold=True, color=_rgb(RED)),
                          follow_color=_rgb(RED))
        self.blocks(self.document.blocks)

    # paragraphs and runs

    def _paragraph(self, *, align: str | None = None, left_mm: float | None = None, hang_mm: float | None = None,
                   before_pt: float | None = None, after_pt: float | None = 3, keep_with_next: bool | None = None,
                   lang: str | None = None) -> Any:
        """A paragraph where the writer is (the body or a cell), formatted."""
        if self._first is not None:
            paragraph, self._first = self._first, None
        elif self._cell is not None:
            paragraph = self._cell.add_paragraph("")
        else:
            paragraph = self.doc.add_paragraph("", include_run=False, inherit_style=False)
        # Khmer stacks its vowels and subscripts above and below the line: more room (the PDF gives it 1.95)
        self.doc.styles.apply_paragraph_format(
            paragraphs=[paragraph], alignment=align, indent_left_mm=left_mm,
            first_line_indent_mm=-hang_mm if hang_mm else None, spacing_before_pt=before_pt,
            spacing_after_pt=0 if self._cell is not None else after_pt, keep_with_next=keep_with_next,
            line_spacing_percent=200 if lang == "km" else None)
        return paragraph

    @contextmanager
    def _into(self, cell: Any) -> Iterator[None]:
        outer = self._cell, self._first
        self._cell, self._first = cell, cell.paragraphs[0]
        try:
            yield
        finally:
            self._cell, self._first = outer

    @staticmethod
    def _runs(paragraph: Any, runs: Runs, lang: str | None, fmt: _Fmt = _Fmt(), *, hang: bool = False) -> None:
        """``runs`` with ``fmt``; ``hang``: a tab takes the text past a note's label, to the hanging indent."""
        for run in styled_runs(runs, lang, hang=hang):
            bold, italic = fmt.bold or run.bold, fmt.italic or run.italic
            size, color = (fmt.size * 0.8, _rgb(NAVY)) if run.role else (fmt.size, fmt.color)
            if run.script is not None:  # an index: Hangul's own sub/superscript, which shrinks and shifts it
                look = paragraph.section.document.ensure_run_style(bold=bold, italic=italic, color=color, size=size,
                                                                   script=run.script)
                paragraph.add_run(run.text, char_pr_id_ref=look)
                continue
            if run.href is None:
                paragraph.add_run(run.text, bold=bold, italic=italic, size=size, color=color)
                continue
            # a Hangul hyperlink field, its text as the DOCX's Hyperlink style sets it
            look = paragraph.section.document.ensure_run_style(bold=bold, italic=italic, underline=True,
                                                               color=_rgb(LINK), size=size)
            paragraph.add_hyperlink(run.href, run.text, char_pr_id_ref=look)

    def _stacked(self, paragraph: Any, text: Text, fmt: _Fmt = _Fmt(), *, follow_color: str | None = None,
                 prefix: str = "") -> None:
        """Each language on its own line of one paragraph, the translations smaller."""
        for index, (lang, runs) in enumerate(text):
            if index:
                follow = replace(fmt, size=fmt.size * FOLLOW_SCALE, color=follow_color or _rgb(FOLLOW))
                paragraph.add_run("\n", size=follow.size)
                self._runs(paragraph, runs, lang, follow)
            else:
                if prefix:  # a number or bullet typed with the tab that hangs the text after it
                    paragraph.add_run(prefix, bold=fmt.bold, size=fmt.size, color=fmt.color)
                self._runs(paragraph, runs, lang, fmt)

    def _label(self, text: Text, size: float = 11) -> None:
        """A bold line that opens a part: not an outline heading, so Hangul does not number it."""
        paragraph = self._paragraph(before_pt=8, after_pt=3, keep_with_next=True)
        self._stacked(paragraph, text, _Fmt(size, bold=True, color=_rgb(NAVY)), follow_color=_rgb(NAVY))

    # blocks

    def heading(self, heading: Heading) -> None:
        if heading.level <= 1:
            paragraph = self._paragraph(align="CENTER", before_pt=6, after_pt=8)
            self._stacked(paragraph, heading.text, _Fmt(16, bold=True, color=_rgb(NAVY)))
        elif heading.number is None:
            self._label(heading.text)
        else:
            # Hangul numbers an outline heading itself (1., 가.): the tree's number is not typed again
            self._first = None  # a heading never takes the page-settings paragraph
            level = heading.level - 1
            paragraph = self.doc.add_heading("", level=level)
            self.doc.styles.apply_paragraph_format(paragraphs=[paragraph], spacing_before_pt=10 if level == 1 else 6,
                                                   spacing_after_pt=3, keep_with_next=True)
            self._stacked(paragraph, heading.text, _Fmt(13 if level == 1 else 11, bold=True, color=_rgb(NAVY)),
                          follow_color=_rgb(NAVY))

    def lines(self, texts: list[tuple[str, Runs]], styles: frozenset[str]) -> None:
        for index, (lang, runs) in enumerate(texts):
            last = index == len(texts) - 1
            fmt = _Fmt(TABLE_PT if self._cell is not None else BODY_PT, italic="amendments" in styles)
            if "subheadline" in styles:
                fmt = _Fmt(10.5 if index == 0 else 9.5, bold=True)
            elif "decision-note" in styles:
                fmt = _Fmt(8.6, color=_rgb(RED if "not-adopted" in styles else NAVY))
            elif index and self._cell is not None:  # in a cell, a translation is set smaller, as a stacked one
                fmt = _Fmt(TABLE_PT * FOLLOW_SCALE, color=_rgb(FOLLOW))
            align = "CENTER" if "subheadline" in styles and len(self.langs) == 1 else None
            self._runs(self._paragraph(align=align, after_pt=(2 if "subheadline" in styles else 4) if last else 1,
                                       lang=lang), runs, lang, fmt)

    def stack(self, text: Text, styles: frozenset[str]) -> None:
        """A paragraph of stacked languages, as its house style looks."""
        if "masthead-kind" in styles:
            self._stacked(self._paragraph(after_pt=0), text, _Fmt(22, bold=True, color=_rgb(NAVY)),
                          follow_color=_rgb(NAVY))
        elif "masthead-ministry" in styles:
            self._stacked(self._paragraph(align="RIGHT", after_pt=6), text, _Fmt(11, bold=True))
        elif "kicker" in styles:
            self._stacked(self._paragraph(align="CENTER", after_pt=2), text, _Fmt(10, bold=True, color=_rgb(NAVY)),
                          follow_color=_rgb(NAVY))
        elif "attachments-label" in styles:
            self._label(text)
        elif "sublabel" in styles:
            self._label(text, 10.5)
        else:
            self._stacked(self._paragraph(), text)

    def body_item(self, paragraph: Paragraph, level: str) -> None:
        """A press body item at its level in each language, the marker typed and hanging."""
        texts = list(paragraph.text)
        for index, (lang, runs) in enumerate(texts):
            korean = lang == "ko"
            marker = (KOREAN_MARKERS if korean else OTHER_MARKERS).get(level)
            label_hangs = level == "note" and korean  # ※ hangs as a marker does; "Note:" opens the line
            left = INDENT_MM[level] + (1.5 if korean and level != "paragraph" else 0)
            hang = HANG_MM if marker or label_hangs else 0
            word = self._paragraph(left_mm=left + hang, hang_mm=hang or None,
                                   before_pt=6 if level == "paragraph" and index == 0 else None,
                                   after_pt=4 if index == len(texts) - 1 else 1, lang=lang)
            fmt = _Fmt(NOTE_PT if level == "note" else BODY_PT)
            if marker:
                word.add_run(marker + "\t", size=fmt.size)
            self._runs(word, runs, lang, fmt, hang=label_hangs)

    def list(self, block: ListBlock) -> None:
        """Each item with its number (or bullet) typed, hanging as wide as the widest label (가., (가)); a block
        in an item as it is."""
        marks = [(block.labels[number - 1] if block.labels else f"{number}.") if block.ordered else "•"
                 for number in range(1, len(block.items) + 1)]
        hang = label_hang_mm(marks, BODY_PT, LIST_HANG_MM)
        for mark, item in zip(marks, block.items, strict=True):
            for node in item:
                if isinstance(node, Span):
                    prefix = f"{mark}\t"
                    paragraph = self._paragraph(left_mm=hang, hang_mm=hang, after_pt=2)
                    self._stacked(paragraph, Text(tuple((lang, node.text[lang])
                                                        for lang in span_langs(node, self.langs))), prefix=prefix)
                else:
                    self.blocks((node,))

    # tables

    def _table(self, rows: int, widths: Sequence[float]) -> Any:
        self._first = None
        table = (self._cell if self._cell is not None else self.doc).add_table(rows, len(widths))
        table.set_column_widths(list(widths))
        return table

    def _after_table(self) -> None:
        if self._cell is None:
            self.doc.add_paragraph("", include_run=False, inherit_style=False)  # text never sticks to a table

    def table(self, run: TableRun) -> None:
        grid = table_grid(run)
        table = self._table(grid.rows, column_widths(grid, self.langs))
        for placed in grid.cells:  # merge first: a merge moves the paragraphs of the cells it covers
            if (placed.last_row, placed.last_column) != (placed.row, placed.column):
                table.merge_cells(placed.row, placed.column, placed.last_row, placed.last_column)
        for placed in grid.cells:
            with self._into(table.cell(placed.row, placed.column)):
                self._cell_content(placed.cell)
            if placed.cell.header or "delegation" in placed.cell.style.split():
                table.set_cell_shading(placed.row, placed.column, _rgb(SHADE))
        self._after_table()

    def _cell_content(self, cell: Cell) -> None:
        styles = set(cell.style.split())
        lead = _Fmt(TABLE_PT, bold=cell.header or bool(styles & {"immediate", "embargo", "delegation"}),
                    color=_rgb(RED) if "embargo" in styles else _rgb(NAVY) if "delegation" in styles else None)
        for node in cell.content:
            if not isinstance(node, Span):
                self.blocks((node,))
                continue
            for index, lang in enumerate(span_langs(node, self.langs)):
                fmt = lead if index == 0 else replace(lead, size=TABLE_PT * FOLLOW_SCALE,
                                                      color=lead.color or _rgb(FOLLOW))
                self._runs(self._paragraph(lang=lang), node.text[lang], lang, fmt)

    def numbered(self, run: NumberedRun) -> None:
        """Numbered blocks (decisions) as a table: the number, then the blocks."""
        table = self._table(len(run.items), [10, TEXT_WIDTH_MM - 10])
        for row, item in enumerate(run.items):
            with self._into(table.cell(row, 0)):
                self._runs(self._paragraph(), (Run(item.number),), None, _Fmt(TABLE_PT, bold=True, color=_rgb(NAVY)))
            with self._into(table.cell(row, 1)):
                self.blocks(item.blocks)
        self._after_table()

    def signatures(self, block: Signatures) -> None:
        """Each signer: what they sign for, a line to sign on, the name, title and organisation."""
        for signer in block.signers:
            if signer.heading is not None:
                self._label(signer.heading, 10)
            self._paragraph(before_pt=24, after_pt=2).add_run("_" * 36, size=BODY_PT)  # the line to sign on
            for text in (signer.name, signer.title, signer.organisation):
                self._stacked(self._paragraph(after_pt=0), text, _Fmt(9.5))

    # the file

    def properties(self, ctx: RenderContext) -> None:
        """The document's own properties, in place of the blank document's (its author, its dates)."""
        stamp = ctx.archive.created.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        parts = self.doc.parts
        parts.clear_document_metadata(keep=("title", "language"), timestamp=stamp)
        parts.set_document_metadata(
            title=self.document.title[self.langs[0]], creator=joined(self.document.author, self.langs),
            subject=joined(self.document.running_title, self.langs),
            keyword=f"Article 6.2, ITMO, {ctx.record.id}", created_date=stamp, modified_date=stamp)

    def to_bytes(self) -> bytes:
        return bytes(self.doc.to_bytes())


def render_hwpx(ctx: RenderContext, document: Document | None = None) -> bytes:
    """The press notice or minutes of ``ctx`` as an HWPX file's bytes, written from its document tree."""
    check_record_kind(ctx.record.path, ctx.record.kind, "hwpx")
    writer = _HwpxWriter(document or build_document(ctx))
    writer.write()
    writer.properties(ctx)
    return writer.to_bytes()
