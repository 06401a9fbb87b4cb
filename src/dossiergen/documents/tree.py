"""The document tree: what a document says, in every language of it, before any output format.

Each document kind builds one ``Document`` from its render context (``documents/KIND.py``); each
output format has one writer that walks it (``formats/html.py`` for the PDF, ``formats/docx.py``,
``formats/hwpx.py``, ``formats/post.py``), as Sphinx writes one doctree and pandoc one AST into
many formats. Nothing in the tree is computed again by a writer: texts are final, figures
formatted, wording translated.

Texts are ``Text``: for each language of the document, a sequence of ``Run``s (a stretch of
characters with one style). Blocks say how their languages sit on the page (``layout``), and
``style`` names the house style a block or run takes (a CSS class in HTML, a paragraph or
character style elsewhere); writers treat a style they do not know as plain.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields, is_dataclass, replace
from typing import ClassVar, Literal, TypeVar, cast

from dossiergen.i18n.localized import Localized


@dataclass(frozen=True, slots=True)
class Run:
    """Characters with one style: ``""`` plain, or space-separated ``strong``, ``em``, ``sub``, ``code``
    and house styles (``dateline``, ``note-label``, ``role``); ``href`` makes it a link."""

    text: str
    style: str = ""
    href: str | None = None

    def styles(self) -> frozenset[str]:
        return frozenset(self.style.split())


Runs = tuple[Run, ...]
SPECIMEN_STYLE = "specimen"
"""The style of the mark an illustrative value prints with."""


def specimen_runs(mark: str) -> Runs:
    """The specimen mark after a value: a space, then the mark in its own style."""
    return (Run(" "), Run(mark, SPECIMEN_STYLE))


@dataclass(frozen=True, slots=True)
class Text:
    """A text in each language of the document, as runs, in the document's language order."""

    by_lang: tuple[tuple[str, Runs], ...]

    @classmethod
    def of(cls, texts: Mapping[str, str], style: str = "") -> Text:
        """A plain text per language (from the catalogs or a record), all of it in ``style``; an illustrative
        value (``Localized.specimen``) ends with its specimen mark."""
        return cls.runs({lang: (Run(value, style),) if value else () for lang, value in texts.items()},
                        getattr(texts, "specimen", None))

    @classmethod
    def runs(cls, texts: Mapping[str, Runs], specimen: Mapping[str, str] | None = None) -> Text:
        """Runs per language; with ``specimen``, each ends with that language's specimen mark."""
        if specimen is None:
            return cls(tuple(texts.items()))
        return cls(tuple((lang, (*runs, *specimen_runs(specimen[lang]))) for lang, runs in texts.items()))

    @classmethod
    def same(cls, langs: tuple[str, ...], runs: Runs) -> Text:
        """One text that every language writes alike (a formula, a code)."""
        return cls(tuple((lang, runs) for lang in langs))

    @property
    def langs(self) -> tuple[str, ...]:
        return tuple(lang for lang, _ in self.by_lang)

    def __getitem__(self, lang: str) -> Runs:
        for each, runs in self.by_lang:
            if each == lang:
                return runs
        raise KeyError(lang)

    def __iter__(self) -> Iterator[tuple[str, Runs]]:
        return iter(self.by_lang)

    def plain(self, lang: str) -> str:
        """The characters of ``lang``'s text, styles dropped."""
        return "".join(run.text for run in self[lang])

    def localized(self) -> Localized:
        return Localized({lang: self.plain(lang) for lang in self.langs})

    @property
    def same_in_all(self) -> bool:
        """Every language writes it alike (a code, a number): a writer may show it once."""
        return len({runs for _, runs in self.by_lang}) == 1


SpanLayout = Literal["stack", "value", "code", "plain"]


@dataclass(frozen=True, slots=True)
class Span:
    """A text inside a cell, a list item or a caption.

    ``stack``: each language on its own line, the first one leading; ``value``: once when every
    language writes it alike (a date in figures, a year), else stacked; ``code``: a code or
    identifier that no language translates (the first language's text, once); ``plain``: the same,
    set as the text around it (a row number).
    """

    node: ClassVar[str] = "span"
    text: Text
    layout: SpanLayout = "stack"
    style: str = ""


# --- blocks ---------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Heading:
    """A heading in every language; ``number``, its whole label (``4.1.``, ``가.``: ``documents/labels.py``),
    prefixes the first language's, ``anchor`` is its target."""

    node: ClassVar[str] = "heading"
    text: Text
    level: int = 2
    number: str | None = None
    anchor: str | None = None
    style: str = ""
    bookmark: bool = True
    """An outline entry (PDF bookmark, navigation pane) and its label."""


ParagraphLayout = Literal["pair", "stack", "lines", "single"]


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph in every language.

    ``pair``: the languages side by side, first on the left; ``stack``: one above the other in one
    block; ``lines``: one above the other, each a paragraph of its own; ``single``: one text that
    every language writes alike (a formula), once.
    """

    node: ClassVar[str] = "paragraph"
    text: Text
    layout: ParagraphLayout = "pair"
    style: str = ""
    box: bool = False
    """A block box of its own rather than a paragraph (a masthead line): no paragraph spacing."""


@dataclass(frozen=True, slots=True)
class ListBlock:
    """A numbered (or bulleted) list; each item holds spans or blocks."""

    node: ClassVar[str] = "list"
    items: tuple[tuple[Span | Block, ...], ...]
    ordered: bool = True
    style: str = ""
    labels: tuple[str, ...] = ()
    """Each item's whole label where the document's numbering is not the writers' own 1., 2. (a Korean-led
    dossier's 가., 나.: ``documents/labels.py``); none: each writer numbers an ordered list itself."""


Scope = Literal["row", "col", "rowgroup"]


@dataclass(frozen=True, slots=True)
class Cell:
    node: ClassVar[str] = "cell"
    content: tuple[Span | Block, ...]
    header: bool = False
    scope: Scope | None = None
    colspan: int = 1
    rowspan: int = 1
    style: str = ""


@dataclass(frozen=True, slots=True)
class Row:
    node: ClassVar[str] = "row"
    cells: tuple[Cell, ...]
    style: str = ""


@dataclass(frozen=True, slots=True)
class Table:
    """Rows of cells; ``head`` rows repeat where a writer can; ``columns`` name each column's style."""

    node: ClassVar[str] = "table"
    body: tuple[Row, ...]
    head: tuple[Row, ...] = ()
    columns: tuple[str, ...] = ()
    style: str = ""


GroupElement = Literal["div", "section", "header", "nav"]


@dataclass(frozen=True, slots=True)
class Group:
    """Blocks that belong together (a section, a masthead, a cover) and are kept or styled together."""

    node: ClassVar[str] = "group"
    blocks: tuple[Block, ...]
    style: str = ""
    element: GroupElement = "div"
    lang: str | None = None
    """The one language all of it is written in (a letter's text of record, or one translation of it)."""
    page: str | None = None
    """The page frame (``Document.frames``) its pages take: it starts on a page of its own."""
    role: str | None = None
    """What the page it starts on is (``cover``, ``signature``): recorded in the PDF as the named destination
    ``page-role-ROLE`` (``-2``, ``-3`` for the next ones), for ``dossiergen check`` (render/layout_check)."""


@dataclass(frozen=True, slots=True)
class Numbered:
    """Blocks under a label in the margin (a decision of the meeting): ``number``, its whole label (``1.``)."""

    node: ClassVar[str] = "numbered"
    number: str
    blocks: tuple[Block, ...]
    style: str = ""


@dataclass(frozen=True, slots=True)
class ContentsEntry:
    number: str
    title: Text
    anchor: str
    linked: bool = True
    """A link to ``anchor``; ``False`` for an appended annex, whose placeholder pages (``base.html``) give its
    page but are dropped before the PDF is written, so that a link would lead nowhere."""


@dataclass(frozen=True, slots=True)
class Contents:
    """The table of contents: each entry links to its heading's ``anchor``; writers add page numbers."""

    node: ClassVar[str] = "contents"
    entries: tuple[ContentsEntry, ...]
    style: str = ""


@dataclass(frozen=True, slots=True)
class Image:
    """A picture file (``src`` a file URL the PDF writer may read) with its text alternative."""

    node: ClassVar[str] = "image"
    src: str
    alt: str


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    width: float
    lower_y: float
    lower_height: float
    upper_y: float
    upper_height: float


@dataclass(frozen=True, slots=True)
class Chart:
    """Stacked bars in a user space of ``width`` x ``height`` units: geometry and labels, computed once."""

    node: ClassVar[str] = "chart"
    title: str
    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    bars: tuple[Bar, ...]
    ticks: tuple[tuple[float, str], ...]
    """(y, label) of each horizontal grid line."""
    labels: tuple[tuple[float, str], ...]
    """(x, label) under each bar."""
    font: str
    legend: tuple[tuple[str, Text], ...]
    """(style of the key, text) for the lower and the upper part of the bars."""
    alt: str = ""
    """What the chart shows, for those who cannot see it (a tagged PDF's /Alt): its caption and each bar's values."""
    unit: str = ""
    """The unit of the vertical axis (``tCO₂e``), written above its labels."""


@dataclass(frozen=True, slots=True)
class Figure:
    """A picture or a chart and its caption (``Figure N: ...`` in each language, numbered by the document)."""

    node: ClassVar[str] = "figure"
    content: Image | Chart
    caption: tuple[Span, ...] = ()
    style: str = ""


@dataclass(frozen=True, slots=True)
class Signer:
    """One signature: the line it is signed on (``dossiergen sign --authority N``) and who signs."""

    line: int
    name: Text
    title: Text
    organisation: Text
    heading: Text | None = None
    """What the signer signs for (a delegation), above the line."""


@dataclass(frozen=True, slots=True)
class Signatures:
    """Signature lines; ``columns`` per row (0: all side by side)."""

    node: ClassVar[str] = "signatures"
    signers: tuple[Signer, ...]
    columns: int = 0
    style: str = ""


Block = Heading | Paragraph | ListBlock | Table | Group | Numbered | Contents | Figure | Signatures
Node = TypeVar("Node", bound=Block | Span)


@dataclass(frozen=True, slots=True)
class PageFrame:
    """How the pages of one part of a document are framed: a letter's text of record, or a translation."""

    name: str
    """The name the part's ``Group.page`` gives."""
    lang: str
    band: str | None
    """A band at the top of each of its pages (``DRAFT``, ``Unofficial translation``), in ``lang``."""
    page_label: str
    """``Page %(page)s of %(pages)s`` in ``lang``, the two placeholders left in."""
    draft: bool = False
    """The band says the document is a draft (it is set as a warning)."""


@dataclass(frozen=True)
class Document:
    """One document in one language set, ready for any writer."""

    kind: str
    langs: tuple[str, ...]
    title: Localized
    """The document's title (PDF and Word properties, the browser tab)."""
    running_title: Localized
    """The running head of every page after the first."""
    author: Localized
    page_label: Localized
    """``Page %(page)s of %(pages)s`` as translated, with the two placeholders left in."""
    blocks: tuple[Block, ...]
    watermark: Localized | None = None
    """``DRAFT`` on every page, in each language, when the document is a draft."""
    frames: tuple[PageFrame, ...] = ()
    """Page frames of parts written in one language each (a letter's); none: every page alike."""
    specimen: Localized | None = None
    """The band on every page while the document prints any illustrative value (``documents/kinds.py``)."""

    def has_specimen_marks(self) -> bool:
        """Some text of the document carries the specimen mark of an illustrative value."""
        return any(run.style == SPECIMEN_STYLE for run in _runs(self.blocks))

    def walk(self) -> Iterator[Block | Span]:
        """Every block and span, depth first, in reading order."""
        yield from _walk(self.blocks)


def in_language(node: Node, lang: str) -> Node:
    """``node`` with each of its texts in ``lang`` alone: one language's part of a document whose parts
    each have a language (a letter, then each translation of it), built once for all its languages."""
    return cast(Node, _in_language(node, lang))


def _in_language(value: object, lang: str) -> object:
    if isinstance(value, Text):
        return Text(tuple((each, runs) for each, runs in value.by_lang if each == lang))
    if isinstance(value, tuple):
        return tuple(_in_language(item, lang) for item in value)
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{item.name: _in_language(getattr(value, item.name), lang) for item in fields(value)})
    return value


def _runs(value: object) -> Iterator[Run]:
    """Every run inside ``value`` (a node, a tuple of nodes), in reading order."""
    if isinstance(value, Text):
        for _, runs in value.by_lang:
            yield from runs
    elif isinstance(value, tuple):
        for item in value:
            yield from _runs(item)
    elif is_dataclass(value) and not isinstance(value, type):
        for item in fields(value):
            yield from _runs(getattr(value, item.name))


def _walk(nodes: tuple[Block | Span, ...]) -> Iterator[Block | Span]:
    for node in nodes:
        yield node
        if isinstance(node, (Group, Numbered)):
            yield from _walk(node.blocks)
        elif isinstance(node, ListBlock):
            for item in node.items:
                yield from _walk(item)
        elif isinstance(node, Table):
            for row in (*node.head, *node.body):
                for cell in row.cells:
                    yield from _walk(cell.content)
        elif isinstance(node, Figure):
            yield from _walk(node.caption)
