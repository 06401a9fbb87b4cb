"""Short constructors the document builders use, so that a builder reads like the page it makes."""

from __future__ import annotations

import re
from collections.abc import Mapping

from dossiergen.documents.prose import prose_runs
from dossiergen.documents.tree import (
    Block,
    Cell,
    Heading,
    Paragraph,
    ParagraphLayout,
    Row,
    Run,
    Scope,
    Span,
    Text,
)
from dossiergen.i18n.localized import Localized

TextLike = Localized | Text
MINUS = "-"
"""The minus sign a document prints: the faces of ``render/fonts.py`` have no U+2212 (a fallback font
would draw it), and the hyphen-minus is the minus of plain text."""


_CHEMICAL = re.compile(r"(?<![A-Za-z0-9_])(t?)(CO2|CH4|N2O)(?=e?(?![A-Za-z0-9_]))")
_SUBSCRIPT_DIGITS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def chemical(text: str) -> str:
    """``kg CO2/km`` as the house writes it, ``kg CO₂/km``: the gases' formulas with subscript digits (U+2082,
    a designed glyph of every face that extracts and copies as the one character it is, in any writer)."""
    return _CHEMICAL.sub(lambda match: match.group(1) + match.group(2).translate(_SUBSCRIPT_DIGITS), text)


def text(value: TextLike, style: str = "") -> Text:
    """``value`` as a tree text (a ``Localized`` becomes one run per language, in ``style``)."""
    return value if isinstance(value, Text) else Text.of(value, style)


def prose(value: Localized) -> Text:
    """A record's prose (the Markdown subset of ``documents/prose.py``) as styled runs."""
    return Text.runs({lang: prose_runs(value[lang]) for lang in value}, value.specimen)


def stack(value: TextLike, style: str = "") -> Span:
    """Each language on its own line, the first leading."""
    return Span(text(value), "stack", style)


def value(value: TextLike) -> Span:
    """Once when every language writes it alike (a year, a code), else stacked."""
    return Span(text(value), "value")


def code(value: str, langs: tuple[str, ...], style: str = "", specimen: Mapping[str, str] | None = None) -> Span:
    """An identifier or code that no language translates; with ``specimen``, an illustrative one, marked."""
    return Span(Text.runs({lang: (Run(value),) for lang in langs}, specimen), "code", style)


def plain(value: str, langs: tuple[str, ...]) -> Span:
    """Characters set as they are, without a language of their own (a row number)."""
    return Span(Text.same(langs, (Run(value),)), "plain")


def para(value: TextLike, style: str = "", layout: ParagraphLayout = "pair") -> Paragraph:
    return Paragraph(text(value), layout, style)


def heading(value: TextLike, level: int = 2, number: str | None = None, anchor: str | None = None,
            style: str = "") -> Heading:
    return Heading(text(value), level, number, anchor, style)


def subheading(value: TextLike, level: int = 3) -> Heading:
    """A heading inside a section that is not an outline entry of its own (``level`` 2 in a letter, whose
    headings are under its title: PDF/UA wants no level skipped)."""
    return Heading(text(value), level, bookmark=False)


def cell(*content: Span | Block, style: str = "", colspan: int = 1, rowspan: int = 1) -> Cell:
    return Cell(content, style=style, colspan=colspan, rowspan=rowspan)


def header(*content: Span | Block, style: str = "", scope: Scope | None = None, colspan: int = 1,
           rowspan: int = 1) -> Cell:
    return Cell(content, header=True, scope=scope, colspan=colspan, rowspan=rowspan, style=style)


def fact(label: TextLike, *content: Span | Block) -> Row:
    """A label / value row of a facts table."""
    return Row((header(stack(label), scope="row"), cell(*content)))


def head_row(*cells: Cell) -> Row:
    return Row(cells)
