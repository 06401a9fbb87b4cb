"""The document kinds: which record each renders from, and the builder of its document tree."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dossiergen.documents import dossier, minutes, press
from dossiergen.documents.tree import Document
from dossiergen.render.context import RenderContext


@dataclass(frozen=True)
class DocumentKind:
    """A kind of document dossiergen makes."""

    name: str
    record_kind: str
    """The ``kind:`` of the records it is made from."""
    build: Callable[[RenderContext], Document]


KINDS: dict[str, DocumentKind] = {
    "dossier": DocumentKind("dossier", "project", dossier.build),
    "press": DocumentKind("press", "press", press.build),
    "minutes": DocumentKind("minutes", "minutes", minutes.build),
}
"""Document kinds by name; a new kind registers here (a Letter of Authorization is coming)."""


def build_document(ctx: RenderContext) -> Document:
    """The document tree of ``ctx``'s record, as its kind builds it."""
    return KINDS[ctx.kind].build(ctx)
