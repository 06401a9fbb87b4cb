"""The specimen mark of an illustrative value and the band of a document that prints one.

A record lists under ``illustrative:`` what its sources do not give. The context stage marks each
such value (``Localized.specimen``), the tree carries the mark as a run after it, and a document
with any such run carries the band on every page, so that an invented contact or letter number is
never published as a real one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from dossiergen.documents.tree import SPECIMEN_STYLE, Document, Run, Text
from dossiergen.i18n.localized import Localized
from dossiergen.i18n.msgids import N_

if TYPE_CHECKING:
    from dossiergen.render.context import RenderContext

SPECIMEN = N_("[SPECIMEN]")
"""The mark an illustrative value prints with: ``[예시]``, ``[គំរូ]``."""


def with_band(ctx: RenderContext, document: Document) -> Document:
    """``document`` with the specimen band on every page if it prints any illustrative value."""
    if not document.has_specimen_marks():
        return document
    band = ctx.translate("SPECIMEN: the values marked %(mark)s are illustrative, not from a source",
                         mark=Localized(ctx.localizer.specimen or {}))
    return replace(document, specimen=band)


def inline(value: Localized) -> Localized:
    """``value`` with its specimen mark written right after it, inside the text: a value quoted in a sentence
    that is otherwise sourced (a restored name in a verbatim quotation's attribution) keeps the mark beside
    itself instead of passing it to the whole sentence. ``with_marks`` styles it again."""
    if value.specimen is None:
        return value
    return Localized({lang: f"{text} {value.specimen[lang]}" for lang, text in value.items()})


def with_marks(value: Localized, marks: Mapping[str, str] | None) -> Text:
    """``value`` as a tree text whose inline specimen marks (``inline``) are set as marks."""
    if marks is None:
        return Text.of(value)
    runs = {}
    for lang, text in value.items():
        pieces = text.split(marks[lang])
        out: list[Run] = []
        for index, piece in enumerate(pieces):
            if index:
                out.append(Run(marks[lang], SPECIMEN_STYLE))
            if piece:
                out.append(Run(piece))
        runs[lang] = tuple(out)
    return Text.runs(runs, value.specimen)
