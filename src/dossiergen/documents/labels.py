"""The labels of a document tree's numbered items, made whole in the numbering of the language that leads them.

The builders number sections, sub-items, decisions and contents entries by their place, in Latin digits
(``4.2``: the second under the fourth; a decision ``3``: the third under the heading before it); this stage,
run once on every finished tree (``kinds.build_document``), writes each as the whole label every writer prints
(``item_label``): in the digits of the language it heads, the document's first or its part's own (a letter's
translation), so a Khmer-led document numbers its sections ១., ៤.២.; and in a Korean-led dossier or minutes in
the Korean official series by depth (1. 가. 1) ...), its numbered lists (agenda, conditions) labelled too.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass, replace
from typing import TYPE_CHECKING, cast

from dossiergen.documents.tree import Block, ContentsEntry, Document, Group, Heading, ListBlock, Numbered
from dossiergen.i18n.numerals import Numbering, item_label

if TYPE_CHECKING:
    from dossiergen.render.context import RenderContext

KOREAN_NUMBERED_KINDS = frozenset({"dossier", "minutes"})
"""The kinds a Korean-led document of numbers in the Korean official series; a press notice keeps its □ ㅇ - ※."""


def numbering(kind: str, lang: str) -> Numbering:
    """How a document of ``kind`` numbers the items that ``lang`` leads."""
    return "korean" if lang == "ko" and kind in KOREAN_NUMBERED_KINDS else "decimal"


def with_labels(ctx: RenderContext, document: Document) -> Document:
    """``document`` with every numbered item's label whole, in the numbering of the language that leads it."""
    labeller = _Labeller(document.kind, ctx.conventions.khmer_digits)
    return replace(document, blocks=cast(tuple[Block, ...], labeller.relabel(document.blocks, ctx.primary)))


def _path(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.split("."))


class _Labeller:
    """Walks a tree in reading order: an item under a numbered heading is one deeper than the heading."""

    def __init__(self, kind: str, khmer_digits: bool) -> None:
        self.kind = kind
        self.khmer_digits = khmer_digits
        self.heading: tuple[int, ...] = ()
        """The place of the last numbered heading read (``(4, 1)``)."""

    def label(self, path: tuple[int, ...], lang: str, outline: bool = False) -> str:
        return item_label(path, numbering(self.kind, lang), lang, self.khmer_digits, outline=outline)

    def item(self, index: int, lang: str) -> str:
        """The label of the ``index``-th item under the last numbered heading."""
        return self.label((*self.heading, index), lang)

    def relabel(self, value: object, lang: str) -> object:
        if isinstance(value, tuple):
            return tuple(self.relabel(item, lang) for item in value)
        if not is_dataclass(value) or isinstance(value, type):
            return value
        if isinstance(value, Group) and value.lang is not None:
            lang = value.lang
        changes: dict[str, object] = {}
        if isinstance(value, (Heading, ContentsEntry)) and value.number:
            path = _path(value.number)
            changes["number"] = self.label(path, lang, outline=True)
            if isinstance(value, Heading):
                self.heading = path
        elif isinstance(value, Numbered):
            changes["number"] = self.item(int(value.number), lang)
        elif isinstance(value, ListBlock) and value.ordered and numbering(self.kind, lang) != "decimal":
            # decimal lists are numbered by each writer's own list numbering (CSS list-style, Word's numbering)
            changes["labels"] = tuple(self.item(index, lang) for index in range(1, len(value.items) + 1))
        changes.update({item.name: self.relabel(getattr(value, item.name), lang) for item in fields(value)
                        if item.name not in ("text", "title", "number", "labels")})  # texts hold no labels
        return replace(value, **changes)
