"""The number labels of a document tree in the digits of the language that leads them.

The builders number sections, decisions and contents entries with Latin digits (``4.2``); this
stage, run once on every finished tree (``kinds.build_document``), writes each label in the digits
of the language it heads: the document's first, or its part's own (a letter's translation). A
Khmer-led document thus numbers its sections ១., ៤.២. as it writes its amounts and page numbers,
unless it chooses Latin digits (``i18n/numerals.py``).
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass, replace
from typing import TYPE_CHECKING, cast

from dossiergen.documents.tree import Block, ContentsEntry, Document, Group, Heading, Numbered
from dossiergen.i18n.numerals import label

if TYPE_CHECKING:
    from dossiergen.render.context import RenderContext

_LABELLED = (Heading, Numbered, ContentsEntry)
"""The nodes whose ``number`` is a label."""


def with_labels(ctx: RenderContext, document: Document) -> Document:
    """``document`` with every number label in the digits of the language that leads it."""
    blocks = cast(tuple[Block, ...], _relabel(document.blocks, ctx.primary, ctx.conventions.khmer_digits))
    return replace(document, blocks=blocks)


def _relabel(value: object, lang: str, khmer_digits: bool) -> object:
    if isinstance(value, tuple):
        return tuple(_relabel(item, lang, khmer_digits) for item in value)
    if not is_dataclass(value) or isinstance(value, type):
        return value
    if isinstance(value, Group) and value.lang is not None:
        lang = value.lang
    changes = {item.name: _relabel(getattr(value, item.name), lang, khmer_digits) for item in fields(value)
               if item.name not in ("text", "title")}  # texts hold no labels
    if isinstance(value, _LABELLED) and value.number:
        changes["number"] = label(value.number, lang, khmer_digits)
    return replace(value, **changes)
