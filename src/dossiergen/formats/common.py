"""What the word-processor writers (DOCX, HWPX) share: one walk of the document tree (its ``flow`` the HTML
writer's too).

Both writers walk the tree the HTML writer walks (``documents/tree.py``) and decide only how a
node type or a house style looks in their format. What they share is here:

- ``TreeWriter``: the walk, which hands each writer the units an editor has where the tree has
  blocks: a decision list (consecutive ``Numbered``) is one table, and tables the tree splits
  into blocks kept whole on a page (the attendees, one block per delegation) are one table
  whose blocks are kept together (in the print too: one row group each, the heads repeated);
- ``Grid``: a table's cells at their rows and columns, spans resolved, for the writers' merges;
- ``column_widths``: widths from what the cells hold, as a browser lays out an automatic table,
  so that no writer repeats the print's column widths;
- the palette of ``print.css``, and how white space reads (folded, as HTML folds it).
"""

from __future__ import annotations

import math
import re
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from dossiergen.documents.tree import (
    Block,
    Cell,
    Contents,
    Figure,
    Group,
    Heading,
    ListBlock,
    Numbered,
    Paragraph,
    Run,
    Runs,
    Signatures,
    Span,
    Table,
    Text,
)

NAVY, FOLLOW, FOLLOW_HEADING, RED, SHADE, HEAD_SHADE, RULE = (
    "1F3B63", "4A4A4A", "5A6E8C", "9B1C1C", "EEF2F7", "DDE5EF", "9AA5B5")
"""print.css's colours (RGB hex), so that an editable file looks like the PDF it sits beside."""
LINK = "1F4E9C"
"""A link's colour, underlined."""
FOLLOW_SCALE = 0.86
"""A stacked translation (in a heading, a table cell) is set smaller, as ``.follow`` is in print.css."""
TEXT_WIDTH_MM = 174.0
"""A4 less the PDF's 18 mm side margins."""
BODY_LEVELS = ("paragraph", "point", "subpoint", "note")
"""The press body levels a paragraph's house style names (``item point``)."""
KOREAN_MARKERS = {"paragraph": "□", "point": "ㅇ", "subpoint": "-"}
"""The Korean ministries' marker of each press body level (a note opens with its own label, ※)."""

_WHITE_SPACE = re.compile(r"[ \t\n\r\f]+")


def fold(text: str) -> str:
    """White space folded as HTML folds it, so an editor breaks lines where the PDF does (no stray breaks)."""
    return _WHITE_SPACE.sub(" ", text)


def body_level(style: str) -> str | None:
    """The press body level of a paragraph's house style (``item subpoint`` -> ``subpoint``), or None."""
    styles = style.split()
    if "item" not in styles:
        return None
    return next((level for level in BODY_LEVELS if level in styles), "paragraph")


def marked(runs: Runs, lang: str, styles: frozenset[str]) -> Runs:
    """What print.css adds to a text as it prints it: the Korean ministries' "- … -" around a sub-headline."""
    if "subheadline" in styles and lang == "ko":
        return (Run("- "), *runs, Run(" -"))
    return runs


def span_langs(span: Span, langs: Sequence[str]) -> tuple[str, ...]:
    """The languages a span is written in: a code, or a value every language writes alike, once."""
    if span.layout in ("code", "plain") or (span.layout == "value" and span.text.same_in_all):
        return (langs[0],)
    return tuple(span.text.langs)


def tagged(span: Span) -> bool:
    """Whether a span's text is in a language (a code or a row number is in none)."""
    return span.layout not in ("code", "plain")


@dataclass(frozen=True)
class Styled:
    """A run as a word processor sets it: its characters and what its styles make of them."""

    text: str
    bold: bool
    italic: bool
    role: bool
    """Set small and navy: what a person does at the meeting, beside the name."""
    sans: bool
    script: str | None
    """``sub`` or ``sup``."""
    href: str | None


def script_of(styles: frozenset[str]) -> str | None:
    """``sub`` or ``sup`` where a run is an index (a symbol's subscript or exponent), else None."""
    return "sub" if "sub" in styles else "sup" if "sup" in styles else None


def styled_runs(runs: Runs, lang: str | None, *, hang: bool = False) -> Iterator[Styled]:
    """``runs`` as a word processor sets them, white space folded; ``hang``: the space after a note's label is
    a tab, which takes the text to the hanging indent (the Korean ※)."""
    after_label = False
    for run in runs:
        styles = run.styles()
        text = "\t" if hang and after_label and not run.text.strip() else fold(run.text)
        after_label = "note-label" in styles
        if text:
            # a dateline and the English and Khmer "Note:" are bold; the Korean ※ is not (print.css)
            bold = bool(styles & {"strong", "dateline"}) or ("note-label" in styles and lang != "ko")
            yield Styled(text, bold, "em" in styles, "role" in styles, "sans" in styles, script_of(styles), run.href)


# --- the walk ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class TableRun:
    """Tables an editor writes as one: a table, or tables that continue one another."""

    tables: tuple[Table, ...]
    keep: bool = False
    """Each table's rows stay on one page: the print keeps each one whole (a group around it)."""
    groups: tuple[Group, ...] = ()
    """Where ``keep``: the group around each table, as the tree has it (the HTML writer prints a table alone in
    its group, such as the press notice's closing contacts, whose group print.css styles)."""

    @property
    def style(self) -> str:
        return self.tables[0].style


@dataclass(frozen=True)
class NumberedRun:
    """Consecutive numbered blocks (the decisions of a meeting): one table of number and text."""

    items: tuple[Numbered, ...]


Unit = Heading | Paragraph | ListBlock | Group | Contents | Figure | Signatures | TableRun | NumberedRun


def _kept_table(block: Block) -> Table | None:
    """The table a group holds alone (a delegation's block): kept whole on its page."""
    if isinstance(block, Group) and len(block.blocks) == 1 and isinstance(block.blocks[0], Table):
        return block.blocks[0]
    return None


def flow(blocks: Sequence[Block]) -> list[Unit]:
    """``blocks`` as an editor's units: numbered blocks in one run, continued tables in one run.

    A table continues the one before it where both are kept whole in groups of the same style and
    it has the same columns and no column heads of its own: the tree opens the first with the
    heads; every writer repeats them on each page the joined table crosses and keeps each block on a page.
    """
    units: list[Unit] = []
    styles: list[str] = []  # the group style of each kept run
    for block in blocks:
        last = units[-1] if units else None
        if isinstance(block, Numbered):
            if isinstance(last, NumberedRun) and last.items[-1].style == block.style:
                units[-1] = NumberedRun((*last.items, block))
            else:
                units.append(NumberedRun((block,)))
            continue
        kept = _kept_table(block)
        if kept is not None:
            assert isinstance(block, Group)
            previous = last.tables[-1] if isinstance(last, TableRun) and last.keep else None
            if (previous is not None and styles[-1] == block.style and not kept.head and kept.columns
                    and kept.columns == previous.columns):
                assert isinstance(last, TableRun)
                units[-1] = TableRun((*last.tables, kept), keep=True, groups=(*last.groups, block))
            else:
                units.append(TableRun((kept,), keep=True, groups=(block,)))
                styles.append(block.style)
            continue
        units.append(TableRun((block,)) if isinstance(block, Table) else block)
    return units


class TreeWriter(ABC):
    """Walks a document tree's blocks in reading order and hands each unit to the format's writer."""

    def __init__(self, langs: tuple[str, ...]) -> None:
        self.langs = langs

    def blocks(self, blocks: Sequence[Block]) -> None:
        for unit in flow(blocks):
            self.unit(unit)

    def unit(self, unit: Unit) -> None:
        if isinstance(unit, Heading):
            self.heading(unit)
        elif isinstance(unit, Paragraph):
            self.paragraph(unit)
        elif isinstance(unit, ListBlock):
            self.list(unit)
        elif isinstance(unit, TableRun):
            self.table(unit)
        elif isinstance(unit, NumberedRun):
            self.numbered(unit)
        elif isinstance(unit, Signatures):
            self.signatures(unit)
        elif isinstance(unit, Group):
            self.group(unit)
        elif isinstance(unit, Contents):
            # an editor makes its own table of contents from the headings; the entries stay readable
            self.list(ListBlock(tuple((Span(entry.title),) for entry in unit.entries)))
        else:
            self.figure(unit)

    def group(self, group: Group) -> None:
        self.blocks(group.blocks)

    def paragraph(self, paragraph: Paragraph) -> None:
        """A press body item at its level, a stacked text, or a paragraph per language (one, if ``single``)."""
        styles = frozenset(paragraph.style.split())
        level = body_level(paragraph.style)
        if level is not None:
            self.body_item(paragraph, level)
        elif paragraph.layout == "stack":
            self.stack(paragraph.text, styles)
        else:
            first = self.langs[0]
            texts = [(first, paragraph.text[first])] if paragraph.layout == "single" else list(paragraph.text)
            self.lines([(lang, marked(runs, lang, styles)) for lang, runs in texts], styles)

    def figure(self, figure: Figure) -> None:
        """The caption: a picture or chart stays in the PDF (no press notice or minutes has one)."""
        for span in figure.caption:
            self.paragraph(Paragraph(span.text, "stack"))

    @abstractmethod
    def heading(self, heading: Heading) -> None: ...

    @abstractmethod
    def body_item(self, paragraph: Paragraph, level: str) -> None: ...

    @abstractmethod
    def stack(self, text: Text, styles: frozenset[str]) -> None:
        """One paragraph, each language on its own line."""

    @abstractmethod
    def lines(self, texts: list[tuple[str, Runs]], styles: frozenset[str]) -> None:
        """A paragraph per language, first language first."""

    @abstractmethod
    def list(self, block: ListBlock) -> None: ...

    @abstractmethod
    def table(self, run: TableRun) -> None: ...

    @abstractmethod
    def numbered(self, run: NumberedRun) -> None: ...

    @abstractmethod
    def signatures(self, block: Signatures) -> None: ...


# --- tables -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Placed:
    """A cell at its row and column of the grid."""

    row: int
    column: int
    cell: Cell

    @property
    def last_row(self) -> int:
        return self.row + self.cell.rowspan - 1

    @property
    def last_column(self) -> int:
        return self.column + self.cell.colspan - 1


@dataclass(frozen=True)
class Grid:
    """A run of tables as one grid of rows and columns."""

    rows: int
    columns: int
    head_rows: int
    """The first table's column heads, repeated on every page."""
    cells: tuple[Placed, ...]
    blocks: tuple[range, ...]
    """The rows of each table of the run."""


def table_grid(run: TableRun) -> Grid:
    """Each cell of the run at its row and column: a cell goes to the first column no span above covers."""
    rows = [*run.tables[0].head, *(row for table in run.tables for row in table.body)]
    taken: set[tuple[int, int]] = set()
    placed: list[Placed] = []
    for row_index, row in enumerate(rows):
        column = 0
        for cell in row.cells:
            while (row_index, column) in taken:
                column += 1
            placed.append(Placed(row_index, column, cell))
            taken.update((row_index + down, column + across)
                         for down in range(cell.rowspan) for across in range(cell.colspan))
            column += cell.colspan
    blocks, start = [], 0
    for index, table in enumerate(run.tables):
        size = len(table.body) + (len(table.head) if index == 0 else 0)
        blocks.append(range(start, start + size))
        start += size
    columns = max((column for _, column in taken), default=-1) + 1
    return Grid(len(rows), columns, len(run.tables[0].head), tuple(placed), tuple(blocks))


def cell_lines(cell: Cell, langs: Sequence[str]) -> list[tuple[str, bool]]:
    """The lines a cell prints (each span's languages, each paragraph's, one per line), and whether each
    may break: a value or a code (a date in figures, a telephone number) is kept on one line."""
    lines: list[tuple[str, bool]] = []
    for node in cell.content:
        if isinstance(node, Span):
            lines += [(fold(node.text.plain(lang)), node.layout == "stack") for lang in span_langs(node, langs)]
        elif isinstance(node, Paragraph):
            lines += [(fold(node.text.plain(lang)), True) for lang in node.text.langs]
    return lines


def _em(ch: str) -> float:
    """A character's advance in ems, roughly: Hangul full width, combining marks none, the rest about half."""
    if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0.0
    return 1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.53


def text_mm(text: str, size_pt: float) -> float:
    return sum(_em(ch) for ch in text) * size_pt * 25.4 / 72


LABEL_GAP_MM = 1.5
"""Between a list item's label and its text."""


def label_hang_mm(labels: Sequence[str], size_pt: float, minimum_mm: float) -> float:
    """The hanging indent of a labelled list (1. 가. 1) 가) (가)): the widest label and a gap, at least
    ``minimum_mm``, rounded up to a half millimetre; every item's text starts there, wrapped lines under it."""
    widest = max((text_mm(label, size_pt) for label in labels), default=0.0)
    return max(minimum_mm, math.ceil((widest + LABEL_GAP_MM) * 2) / 2)


def column_widths(grid: Grid, langs: Sequence[str], total_mm: float = TEXT_WIDTH_MM, *, size_pt: float = 9.5,
                  padding_mm: float = 4.0, floor_mm: float = 8.0, word_cap_mm: float = 32.0) -> list[float]:
    """Column widths (mm) that fill ``total_mm``, from what the cells hold, as CSS lays out an automatic table.

    Each column is at least as wide as its longest word, or its longest value kept on one line
    (Khmer writes no spaces between words: anything longer counts as ``word_cap_mm``), and at most
    as its longest line; the room between is shared in proportion to what each column would take more.
    """
    low = [floor_mm] * grid.columns
    high = [floor_mm] * grid.columns
    # cells of one column first; then a spanning cell widens the columns it spans, evenly, where they fall short
    for placed in sorted(grid.cells, key=lambda placed: placed.cell.colspan):
        columns = range(placed.column, placed.last_column + 1)
        for line, breaks in cell_lines(placed.cell, langs):
            whole = text_mm(line, size_pt)
            word = max((text_mm(word, size_pt) for word in line.split()), default=0.0) if breaks else whole
            for widths, need in ((low, min(word, word_cap_mm) + padding_mm), (high, whole + padding_mm)):
                short = need - sum(widths[column] for column in columns)
                for column in columns if short > 0 else ():
                    widths[column] += short / len(columns)
    high = [max(top, bottom) for top, bottom in zip(high, low, strict=True)]
    if sum(high) <= total_mm:
        widths = [top * total_mm / sum(high) for top in high]
    elif sum(low) >= total_mm:
        widths = [bottom * total_mm / sum(low) for bottom in low]
    else:
        room = total_mm - sum(low)
        spread = [top - bottom for top, bottom in zip(high, low, strict=True)]
        widths = [bottom + room * more / sum(spread) for bottom, more in zip(low, spread, strict=True)]
    return [round(width, 1) for width in widths]


def joined(text: Mapping[str, str], langs: Sequence[str], separator: str = " · ") -> str:
    """A text's languages on one line (a file property)."""
    return separator.join(text[lang] for lang in langs)
