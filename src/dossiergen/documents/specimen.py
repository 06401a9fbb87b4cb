"""The specimen mark of an illustrative value and the band of a document that prints one.

A record lists under ``illustrative:`` what its sources do not give. The context stage marks each
such value (``Localized.specimen``), the tree carries the mark as a run after it, and a document
with any such run carries the band on every page, so that an invented contact or letter number is
never published as a real one.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from dossiergen.documents.tree import Document
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
