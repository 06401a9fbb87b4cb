"""Document tree -> HTML for WeasyPrint: the body written from the tree, the page around it from a template.

``HtmlWriter`` writes each node of the tree as the print stylesheet (``templates/css/print.css``)
expects it: every text in its language (``lang`` on each element, which fonts, line breaking and
PDF tags follow), parallel columns as ``.pair`` / ``.col``, stacked languages as ``.lead`` /
``.follow``. The page frame (head, metadata, running heads, footer, watermark, letterhead) is
the template ``KIND/document.html``, which extends ``base.html``; a project overrides either.
"""

from __future__ import annotations

from itertools import groupby
from operator import itemgetter

from markupsafe import Markup, escape

from dossiergen.config.paths import ProjectPaths, default_paths
from dossiergen.documents.calculation import TERM_STYLE
from dossiergen.documents.kinds import build_document
from dossiergen.documents.tree import (
    Block,
    Cell,
    Chart,
    Contents,
    Document,
    Figure,
    Group,
    Heading,
    Image,
    ListBlock,
    Numbered,
    Paragraph,
    Row,
    Runs,
    Signatures,
    Signer,
    Span,
    Table,
    Text,
)
from dossiergen.formats.common import NumberedRun, TableRun, flow
from dossiergen.render.context import RenderContext
from dossiergen.render.templating import css_string, render_template
from dossiergen.render.typeset.korean_measure import KoreanPressMeasure

_TAGS = {"strong": "strong", "em": "em", "sub": "sub", "sup": "sup"}
"""Run styles written as HTML elements; any other style is a class of a span in the run's language."""


def _attr(name: str, value: str | int | None) -> str:
    return "" if value is None or value == "" else f' {name}="{escape(str(value))}"'


def _broken(text: str, offset: int, breaks: frozenset[int]) -> str:
    """``text`` escaped, each space at one of the ``breaks`` (counted from ``offset``) a ``<br>``."""
    pieces, start = [], 0
    for index, ch in enumerate(text):
        if ch == " " and offset + index in breaks:
            pieces.append(str(escape(text[start:index])))
            start = index + 1
    pieces.append(str(escape(text[start:])))
    return "<br>".join(pieces)


def _classes(*names: str) -> str:
    joined = " ".join(name for name in names if name)
    return _attr("class", joined)


class HtmlWriter:
    """Writes the blocks of one document in its languages."""

    def __init__(self, langs: tuple[str, ...], measure: KoreanPressMeasure | None = None,
                 stacked: bool = False) -> None:
        self.langs = langs
        self.roles: dict[str, int] = {}
        self.measure = measure
        """A Korean-led press notice's line measures: its Korean titles balanced, paragraphs tightened."""
        self.stacked = stacked
        """Groups of parallel paragraphs set one language after the other, each across the whole measure."""

    # texts -------------------------------------------------------------------------------------

    def runs(self, runs: Runs, lang: str | None = None, breaks: frozenset[int] = frozenset()) -> str:
        """``runs`` in ``lang``; the spaces at the offsets ``breaks`` (of the runs' joined text) are line breaks."""
        out: list[tuple[bool, str]] = []
        offset = 0
        for run in runs:
            html = _broken(run.text, offset, breaks)
            offset += len(run.text)
            styles = run.styles()
            house = [style for style in run.style.split() if style not in _TAGS and style != TERM_STYLE]
            if house:
                html = f'<span{_attr("lang", lang)}{_classes(*house)}>{html}</span>'
            for style in ("sub", "sup", "em", "strong"):
                if style in styles:
                    html = f"<{_TAGS[style]}>{html}</{_TAGS[style]}>"
            if run.href is not None:
                html = f'<a href="{escape(run.href)}">{html}</a>'
            out.append((TERM_STYLE in styles, html))
        # consecutive runs of a formula's term in one span, set whole (its indices inside it)
        return "".join(f'<span class="{TERM_STYLE}">{"".join(html for _, html in group)}</span>' if term
                       else "".join(html for _, html in group) for term, group in groupby(out, key=itemgetter(0)))

    def stack(self, text: Text, tag: str = "span", lead_end: str = "") -> str:
        """Each language one above the other, the first leading; ``lead_end`` (HTML) ends the first."""
        return "".join(f'<{tag} lang="{lang}" class="{"lead" if index == 0 else "follow"}">'
                       f'{self.runs(runs, lang)}{lead_end if index == 0 else ""}</{tag}>'
                       for index, (lang, runs) in enumerate(text))

    def span(self, span: Span) -> str:
        text = span.text
        first = self._first(text)
        if span.layout == "code":
            return f'<span{_classes("code", span.style)}>{self.runs(text[first])}</span>'
        if span.layout == "plain":
            return self.runs(text[first])
        if span.layout == "value" and text.same_in_all:
            html = f'<span lang="{first}" class="lead">{self.runs(text[first], first)}</span>'
        else:
            html = self.stack(text)
        return f'<span{_classes(span.style)}>{html}</span>' if span.style else html

    def _first(self, text: Text) -> str:
        """The language a text leads with: the document's first, or its own in a part of one language."""
        return text.langs[0] if text.by_lang else self.langs[0]

    def content(self, content: tuple[Span | Block, ...]) -> str:
        return "".join(self.span(node) if isinstance(node, Span) else self.block(node) for node in content)

    # blocks ------------------------------------------------------------------------------------

    def blocks(self, blocks: tuple[Block, ...]) -> str:
        out = []
        for unit in flow(blocks):
            if isinstance(unit, TableRun) and len(unit.tables) > 1:
                out.append(self._kept_run(unit))
            elif isinstance(unit, TableRun):  # a table alone, or in its group as the tree has it
                out.append(self.block(unit.groups[0] if unit.keep else unit.tables[0]))
            elif isinstance(unit, NumberedRun):
                out += [self._numbered(item) for item in unit.items]
            else:
                out.append(self.block(unit))
        return "\n".join(out)

    def block(self, block: Block) -> str:
        write = getattr(self, f"_{block.node}")
        return str(write(block))

    def _heading(self, heading: Heading) -> str:
        tag = f"h{heading.level}"
        number = f"{heading.number} " if heading.number else ""
        bookmark = number + " / ".join(heading.text.plain(lang) for lang in heading.text.langs)
        inner = []
        for index, (lang, runs) in enumerate(heading.text):
            lead = f'<span class="num">{escape(heading.number)}</span> ' if index == 0 and heading.number else ""
            breaks = (self.measure.headline_breaks(runs) if self.measure is not None and lang == "ko"
                      and heading.style == "headline" else frozenset())
            inner.append(f'<span lang="{lang}" class="{"lead" if index == 0 else "follow"}">'
                         f"{lead}{self.runs(runs, lang, breaks)}</span>")
        return (f"<{tag}{_attr('id', heading.anchor)}{_classes(heading.style)}"
                f"{_attr('data-bookmark', bookmark) if heading.bookmark else ''}>{''.join(inner)}</{tag}>")

    def _paragraph(self, paragraph: Paragraph) -> str:
        text = paragraph.text
        if paragraph.layout == "pair":
            columns = "".join(self._column(paragraph.style, lang, runs) for lang, runs in text)
            return f'<div{_classes("pair", paragraph.style)}>{columns}</div>'
        if paragraph.layout == "single":
            return f"<p{_classes(paragraph.style)}>{self.runs(text[self._first(text)])}</p>"
        if paragraph.layout == "lines":
            return f'<div{_classes(paragraph.style)}>{self.stack(text, "p")}</div>'
        tag = "div" if paragraph.box else "p"
        return f"<{tag}{_classes(paragraph.style)}>{self.stack(text)}</{tag}>"

    def _column(self, style: str, lang: str, runs: Runs) -> str:
        """One language's column of a pair; in a Korean-led notice, the Korean sub-headline balanced and the
        Korean body item tightened as its measure needs (``KoreanPressMeasure``)."""
        tight, breaks = 0, frozenset[int]()
        styles = style.split()
        if self.measure is not None and lang == "ko":
            if "subheadline" in styles:
                breaks = self.measure.subheadline_breaks(runs)
            elif "item" in styles:
                level = next((name for name in styles if name in ("paragraph", "point", "subpoint", "note")), "")
                tight, breaks = self.measure.item_fit(runs, level)
        return (f'<p lang="{lang}"{_classes("col", f"korean-tight-{tight}" if tight else "")}>'
                f"{self.runs(runs, lang, breaks)}</p>")

    def _list(self, block: ListBlock) -> str:
        tag = "ol" if block.ordered else "ul"
        # a label of the tree's own (가.) is its item's marker, a tagged PDF's /Lbl, as a counter's is: a string
        # list-style-type (WeasyPrint 70 cannot lay out an outside ::marker's content)
        markers = tuple(f'list-style-type: "{css_string(label)} "' for label in block.labels)
        items = "".join(f"<li{_attr('style', marker)}>{self.content(item)}</li>"
                        for marker, item in zip(markers or (None,) * len(block.items), block.items, strict=True))
        return f"<{tag}{_classes(block.style)}>{items}</{tag}>"

    def _cell(self, cell: Cell, head: bool = False) -> str:
        tag = "th" if cell.header else "td"
        # a header cell of the table's head heads its column unless it says otherwise (PDF/UA: /Scope)
        scope = cell.scope or ("col" if head and cell.header else None)
        attributes = (_attr("colspan", cell.colspan if cell.colspan > 1 else None)
                      + _attr("rowspan", cell.rowspan if cell.rowspan > 1 else None)
                      + _attr("scope", scope) + _classes(cell.style))
        return f"<{tag}{attributes}>{self.content(cell.content)}</{tag}>"

    def _row(self, row: Row, head: bool = False) -> str:
        return f"<tr{_classes(row.style)}>{''.join(self._cell(cell, head) for cell in row.cells)}</tr>"

    def _table(self, table: Table, bodies: tuple[tuple[Row, ...], ...] | None = None, body_class: str = "") -> str:
        """``table``, its rows in one row group, or in ``bodies`` (one ``<tbody>`` each)."""
        parts = []
        if table.columns:
            parts.append("<colgroup>" + "".join(f'<col class="{column}">' for column in table.columns)
                         + "</colgroup>")
        if table.head:
            parts.append("<thead>" + "".join(self._row(row, head=True) for row in table.head) + "</thead>")
        parts += [f"<tbody{_classes(body_class)}>" + "\n".join(self._row(row) for row in rows) + "</tbody>"
                  for rows in (bodies or (table.body,))]
        return f"<table{_classes(table.style)}>{''.join(parts)}</table>"

    def _kept_run(self, run: TableRun) -> str:
        """Tables kept whole that continue one another (a delegation each) as one table: the first's column
        heads, which WeasyPrint repeats on every page the table crosses, and each table's rows a row group kept
        on one page (print.css: ``tbody.kept``)."""
        return self._table(run.tables[0], tuple(table.body for table in run.tables), "kept")

    def _group(self, group: Group) -> str:
        # a named page (its frame in the page template's @page rules) starts the group on a page of its own
        attributes = (self._role(group.role) + _classes(group.style) + _attr("lang", group.lang)
                      + _attr("style", group.page and f"page: {group.page}"))
        pairs = [block for block in group.blocks if isinstance(block, Paragraph) and block.layout == "pair"]
        if self.stacked and pairs and len(pairs) == len(group.blocks):
            body = "\n".join(self._language_block(pairs, lang) for lang in self.langs)
        else:
            body = self.blocks(group.blocks)
        return f"<{group.element}{attributes}>\n{body}\n</{group.element}>"

    def _language_block(self, pairs: list[Paragraph], lang: str) -> str:
        """One language's column of each of ``pairs``, in order: that language's whole passage (print.css
        ``.language-block``)."""
        items = "\n".join(f'<div{_classes("pair", pair.style)}>{self._column(pair.style, lang, pair.text[lang])}</div>'
                          for pair in pairs if lang in pair.text.langs)
        return f'<div class="language-block">\n{items}\n</div>'

    def _role(self, role: str | None) -> str:
        """The id that WeasyPrint makes a named destination on the group's first page: its page's role."""
        if role is None:
            return ""
        self.roles[role] = count = self.roles.get(role, 0) + 1
        return _attr("id", f"page-role-{role}" + (f"-{count}" if count > 1 else ""))

    def _numbered(self, block: Numbered) -> str:
        return (f'<div{_classes(block.style)}><span class="{block.style}-num sans">{escape(block.number)}</span>'
                f'<div class="{block.style}-body">{self.blocks(block.blocks)}</div></div>')

    def _contents(self, contents: Contents) -> str:
        """Each entry's number hanging, its title stacked; the page at the end of the title's first language, on
        its last line, after a leader that takes it flush right (print.css ``.toc-page``)."""
        entries = []
        for entry in contents.entries:
            number = escape(entry.number)
            page = (f'<a class="toc-page" href="#{escape(entry.anchor)}"></a>' if entry.linked
                    else f'<span class="toc-page" data-target="#{escape(entry.anchor)}"></span>')
            entries.append(f'<li><span class="toc-num">{number}</span><span class="toc-title">'
                           f'{self.stack(entry.title, lead_end=page)}</span></li>')
        return f"<ol>{''.join(entries)}</ol>"

    def _figure(self, figure: Figure) -> str:
        if isinstance(figure.content, Image):
            image = figure.content
            body = f'<img src="{escape(image.src)}" alt="{escape(image.alt)}">'
            caption = f"<figcaption>{self.content(figure.caption)}</figcaption>"
            return f"<figure{_classes(figure.style)}>{body}{caption}</figure>"
        # the legend's keys and labels are inline: the white space between them spaces them out
        legend = "\n      ".join(f'<span class="key {key}"></span>{self.stack(label)}'
                                  for key, label in figure.content.legend)
        caption = f"\n    <figcaption>{self.content(figure.caption)}</figcaption>" if figure.caption else ""
        return (f"<figure{_classes(figure.style)}>\n    {self._chart(figure.content)}\n"
                f'    <div class="chart-legend">\n      {legend}\n    </div>{caption}\n  </figure>')

    def _chart(self, chart: Chart) -> str:
        font = escape(chart.font)
        parts = [f"<title>{escape(chart.alt or chart.title)}</title>"]  # WeasyPrint's /Alt of the figure
        for y, label in chart.ticks:
            parts.append(f'<line x1="{chart.left}" x2="{chart.right}" y1="{y}" y2="{y}" stroke="#c9d1dc"'
                         f' stroke-width="0.5"/>')
            parts.append(f'<text x="{chart.left - 6}" y="{y + 3}" text-anchor="end" font-family="{font}"'
                         f' font-size="7.5" fill="#333">{escape(label)}</text>')
        for bar in chart.bars:
            parts.append(f'<rect x="{bar.x}" y="{bar.lower_y}" width="{bar.width}" height="{bar.lower_height}"'
                         f' fill="#1f3b63"/>')
            parts.append(f'<rect x="{bar.x}" y="{bar.upper_y}" width="{bar.width}" height="{bar.upper_height}"'
                         f' fill="#8fb3d9"/>')
        if chart.unit:  # the axis's unit above its labels, in Latin type whatever the digits
            parts.append(f'<text x="{chart.left - 6}" y="{chart.top - 9}" text-anchor="end" font-family="DG Sans Latin"'
                         f' font-size="7.5" fill="#333">{escape(chart.unit)}</text>')
        for x, label in chart.labels:
            parts.append(f'<text x="{x}" y="{chart.bottom + 14}" text-anchor="middle" font-family="{font}"'
                         f' font-size="7.5" fill="#333">{escape(label)}</text>')
        # one element a line: WeasyPrint lays out SVG text differently without the white space between them
        return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{chart.width}pt" height="{chart.height}pt"'
                f' viewBox="0 0 {chart.width} {chart.height}" role="img">\n      '
                + "\n      ".join(parts) + "\n    </svg>")

    def _signatures(self, block: Signatures) -> str:
        if not block.columns:
            signers = "".join(
                f'<div class="signature"><div class="signature-line" id="signature-{signer.line}"></div>'
                f"<p>{self.stack(signer.name)}</p><p class=\"small muted\">{self.stack(signer.title)}</p>"
                f'<p class="sans small">{self.stack(signer.organisation)}</p></div>' for signer in block.signers)
            return f'<div class="signoff">{signers}</div>'
        rows = []
        for start in range(0, len(block.signers), block.columns):
            cells = [self._signer_cell(signer) for signer in block.signers[start:start + block.columns]]
            cells += ['<td class="sig-block empty"></td>'] * (block.columns - len(cells))
            rows.append(f"<tr>{''.join(cells)}</tr>")
        # a grid that only places the signature blocks: no table to a screen reader (PDF/UA: no headers needed)
        return f'<table class="signatures" role="presentation">{"".join(rows)}</table>'

    def _signer_cell(self, signer: Signer) -> str:
        heading = (f'<p class="sig-delegation sans">{self.stack(signer.heading)}</p>'
                   if signer.heading is not None else "")
        # the place of each signature: dossiergen sign puts a signature field there
        return (f'<td class="sig-block">{heading}<div class="sig-line" id="signature-{signer.line}"></div>'
                f'<p class="sig-name">{self.stack(signer.name)}</p><p class="small muted">{self.stack(signer.title)}'
                f'</p><p class="small muted">{self.stack(signer.organisation)}</p></td>')


def write_body(document: Document) -> Markup:
    """The HTML of the document's blocks, for the page template to place."""
    korean_press = document.kind == "press" and document.langs[0] == "ko"
    # a Korean-led notice in more than one language sets its body one language after the other: Korean at the
    # ministries' 14 pt in a column beside its translation held about 16 characters a line
    stacked = korean_press and len(document.langs) > 1
    measure = KoreanPressMeasure(1) if korean_press else None
    return Markup(HtmlWriter(document.langs, measure, stacked).blocks(document.blocks))


def render_html(ctx: RenderContext, document: Document | None = None, paths: ProjectPaths | None = None) -> str:
    """The whole HTML page of ``ctx``'s document: the kind's page template around the body from its tree."""
    document = document or build_document(ctx)
    return render_template(paths or default_paths(), f"{ctx.kind}/document.html", ctx=ctx, document=document,
                           langs=ctx.langs, body=write_body(document))

