"""Press notice -> web post: Markdown with YAML front matter for the ministry's website.

One language per post, written from the press notice's document tree (``documents/press.py``),
the one the PDF is written from: the figures read as that language writes them (68만 in Korean,
៦៨០,០០០ in Khmer), the body keeps its levels (points and sub-points become list items, a note
its label), and the quote, the dateline and the fixed wording are the PDF's. What belongs to the
printed page only (the masthead and the release box) is left to the site, which shows the date
from the front matter; the photograph opens the post.

The front matter (``title``, ``categories``, ``excerpt``, ``image``, ``date``, ``lang``) is
written by PyYAML's ``safe_dump``, never by string formatting.

Record texts are untrusted. Nothing in them may become Markdown structure, raw HTML, or
template code for the site generator:

- white space is folded into single spaces and control characters dropped, so a text is one
  line and cannot open a block of its own (an indented code block, a heading, a table);
- ``& < > { }`` become numeric character references: no HTML tag, no autolink, no entity of
  the record's own, no Liquid ``{{ }}`` / ``{% %}`` or kramdown ``{: }`` / ``{::}`` markup;
- the inline Markdown characters ``\\ ` * _ [ ] | ~ $`` are backslash-escaped: no emphasis,
  code, link, image (``](javascript:...)`` stays text), table cell or math;
- at the start of a block, what would open or end one (``#``, ``-``, ``+``, ``=``, ``:``, ``^``, ``1.``,
  ``1)``) is escaped too.

Title, excerpt and image description are Markdown as well (themes such as Minimal Mistakes
pass them through ``markdownify``), so they are escaped the same way; categories are slugs,
checked when the record is loaded.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import yaml

from dossiergen.documents.kinds import build_document
from dossiergen.documents.tree import (
    Block,
    Cell,
    Document,
    Group,
    Heading,
    ListBlock,
    Numbered,
    Paragraph,
    Runs,
    Span,
    Table,
)
from dossiergen.errors import UsageError
from dossiergen.formats.common import script_of
from dossiergen.models import Lang, PressRecord
from dossiergen.records.record import Record
from dossiergen.render.context import RenderContext

FRONT_MATTER_KEYS = ("title", "categories", "excerpt", "image", "date", "lang")
PRINT_ONLY = frozenset({"masthead", "release-box"})
"""Styles of the blocks a printed notice has and a web post does not."""
LIST_LEVELS = {"point": "", "subpoint": "  "}
"""Press body levels written as list items, with their indent."""

_REFERENCES = {ch: f"&#{ord(ch)};" for ch in "&<>{}"}
_BACKSLASHED = set("\\`*_[]|~$")
_BLOCK_OPENERS = set("#-+=:^")
_ORDERED = re.compile(r"^([0-9]+)([.)])")


def _one_line(text: str) -> str:
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cc" or ch in "\t\n\r")
    return " ".join(text.split())


def escape_inline(text: str) -> str:
    """``text`` as literal Markdown text on one line: nothing in it is markup."""
    out = []
    for ch in _one_line(text):
        if ch in _REFERENCES:
            out.append(_REFERENCES[ch])
        elif ch in _BACKSLASHED:
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def escape_block(text: str) -> str:
    """``text`` as literal Markdown text that begins a block (a paragraph, a list item)."""
    return _open_block(escape_inline(text))


def _open_block(escaped: str) -> str:
    """Escaped inline text made safe to begin a block: what would open or end one is escaped too."""
    ordered = _ORDERED.match(escaped)
    if ordered:
        return f"{ordered[1]}\\{ordered[2]}{escaped[ordered.end():]}"
    if escaped[:1] in _BLOCK_OPENERS:
        return "\\" + escaped
    return escaped


def post_name(record: Record, lang: Lang) -> str:
    """``kh-emoto-press-2025-07-21.ko.md``: ids are validated slugs."""
    return f"{record.id}.{lang}.md"


def _press(ctx: RenderContext) -> PressRecord:
    if ctx.kind != "press" or not isinstance(ctx.record.data, PressRecord):
        raise UsageError(f"{ctx.record.path}: a web post is made of a press record, not a {ctx.record.kind} record")
    if len(ctx.langs) != 1:
        raise UsageError(f"--format post takes one language (--lang ko, km or en), not {ctx.lang_set}")
    return ctx.record.data


def front_matter(ctx: RenderContext, document: Document) -> dict[str, Any]:
    data = _press(ctx)
    lang = ctx.langs[0]
    image = data.web.image
    return {
        "title": escape_block(document.title[lang]),
        "categories": list(data.web.categories),
        "excerpt": escape_block(ctx.text(data.body[0])[lang]),
        "image": image.url if image is not None else None,
        "date": data.release,
        "lang": lang,
    }


def render_post(ctx: RenderContext, document: Document | None = None) -> str:
    """The post: YAML front matter between ``---`` lines, then the Markdown body."""
    data = _press(ctx)
    document = document or build_document(ctx)
    matter = yaml.safe_dump(front_matter(ctx, document), allow_unicode=True, sort_keys=False,
                            default_flow_style=False, width=1_000_000)
    lang = ctx.langs[0]
    blocks = []
    if document.specimen is not None:
        # the PDF's band, as the post's first line: a web post is published as it stands
        blocks.append(f"> **{escape_inline(document.specimen[lang])}**")
    if data.web.image is not None:
        caption = ctx.text(data.web.image.caption)
        mark = ctx.specimen_of(data.web.image)
        alt = caption[lang] + (f" {mark[lang]}" if mark else "")
        blocks.append(f"![{escape_inline(alt)}]({data.web.image.url})")
    blocks += _PostWriter(lang).blocks(document.blocks)
    return f"---\n{matter}---\n\n" + "\n\n".join(blocks) + "\n"


class _PostWriter:
    """Markdown blocks of one language of a document tree; every text escaped as literal text."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.out: list[str] = []
        self.in_list = False

    def blocks(self, blocks: tuple[Block, ...]) -> list[str]:
        for block in blocks:
            self.block(block)
        return self.out

    def add(self, markdown: str) -> None:
        self.out.append(markdown)
        self.in_list = False

    def runs(self, runs: Runs) -> str:
        """Inline text: the dateline bold, as it is in print, an index ``<sub>`` or ``<sup>`` (the one HTML the
        writer itself writes: kramdown has no index syntax); everything else literal."""
        pieces: list[tuple[str, bool, str | None]] = []
        for run in runs:
            styles = run.styles()
            bold = "dateline" in styles
            script = script_of(styles)
            if pieces and pieces[-1][1:] == (bold, script):
                pieces[-1] = (pieces[-1][0] + run.text, bold, script)
            else:
                pieces.append((run.text, bold, script))
        out = []
        for text, bold, script in pieces:
            escaped = escape_inline(text)
            if script and escaped:
                escaped = f"<{script}>{escaped}</{script}>"
            if bold and escaped:
                escaped = f"**{escaped}**"
            # white space at the edge of a piece separates it from the next (the dateline and the body)
            out.append((" " if text[:1].isspace() else "") + escaped + (" " if text[-1:].isspace() else ""))
        return " ".join("".join(out).split(" ")).strip()

    def span(self, span: Span) -> str:
        return self.runs(span.text[self.lang])

    def cell(self, cell: Cell) -> str:
        return " ".join(self.span(node) if isinstance(node, Span) else self.plain(node) for node in cell.content)

    def plain(self, block: Block) -> str:
        if isinstance(block, Paragraph):
            return self.runs(block.text[self.lang])
        return ""

    def block(self, block: Block) -> None:
        if block.style in PRINT_ONLY:
            return
        if isinstance(block, Heading):
            if block.level > 1:  # the headline is the post's title
                self.add(f"### {escape_inline(block.text.plain(self.lang))}")
        elif isinstance(block, Paragraph):
            self.paragraph(block)
        elif isinstance(block, ListBlock):
            self.add("\n".join(f"{number}. {_open_block(self.cell(Cell(item)))}"
                               for number, item in enumerate(block.items, 1)))
        elif isinstance(block, Table):
            self.add(self.table(block))
        elif isinstance(block, Group) and block.style == "subheadlines":
            self.add("\n".join(f"> - {escape_block(paragraph.text.plain(self.lang))}"
                               for paragraph in block.blocks if isinstance(paragraph, Paragraph)))
        elif isinstance(block, (Group, Numbered)):
            for child in block.blocks:
                self.block(child)

    def paragraph(self, paragraph: Paragraph) -> None:
        styles = paragraph.style.split()
        runs = paragraph.text[self.lang]
        level = next((style for style in styles if style in LIST_LEVELS), None)
        if level is not None:
            line = f"{LIST_LEVELS[level]}- {_open_block(self.runs(runs))}"
            if self.in_list:
                self.out[-1] += "\n" + line  # the next item of the same list
            else:
                self.out.append(line)
            self.in_list = True
            return
        if "attachments-label" in styles:
            self.add(f"**{self.runs(runs)}**")
        elif runs and "dateline" in runs[0].styles():
            self.add(self.runs(runs))
        else:
            self.add(_open_block(self.runs(runs)))

    def table(self, table: Table) -> str:
        """A table of label / value rows as a list (``- label: value``); any other as a Markdown table,
        with an empty head row where it has no column heads, and cells that a cell above spans left empty."""
        if not table.head and all(len(row.cells) == 2 and row.cells[0].header for row in table.body):
            return "\n".join(f"- {_open_block(self.cell(row.cells[0]))}: {self.cell(row.cells[1])}"
                              for row in table.body)
        rows = [[self.cell(cell) for cell in row.cells] for row in table.head]
        spanned: dict[tuple[int, int], int] = {}
        for row in table.body:
            line: list[str] = []
            cells = iter(row.cells)
            column = 0
            for cell in cells:
                while spanned.get((len(rows), column), 0):
                    line.append("")
                    column += 1
                line.append(self.cell(cell))
                for below in range(1, cell.rowspan):
                    spanned[(len(rows) + below, column)] = 1
                column += cell.colspan
                line += [""] * (cell.colspan - 1)
            while spanned.get((len(rows), column), 0):
                line.append("")
                column += 1
            rows.append(line)
        width = max(len(line) for line in rows)
        head = rows[0] if table.head else [""] * width
        body = rows[1:] if table.head else rows
        lines = ["| " + " | ".join(head) + " |", "| " + " | ".join("---" for _ in head) + " |"]
        lines += ["| " + " | ".join(line + [""] * (width - len(line))) + " |" for line in body]
        return "\n".join(lines)
