"""The document kinds: which record each is made from, and the builder of its document tree.

A registry (``kinds``): a new kind (a Letter of Authorization is coming) is one ``register`` call.
Builders are named, not imported, so that the registry stays light for ``import dossiergen``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dossiergen.documents.tree import Document
from dossiergen.models import RECORD_MODELS
from dossiergen.registry import Registry

if TYPE_CHECKING:
    from dossiergen.render.context import RenderContext


@dataclass(frozen=True)
class DocumentKind:
    """A kind of document dossiergen makes."""

    name: str
    record_kind: str
    """The ``kind:`` of the records it is made from."""
    title: str
    builder: str
    """``module:function`` that builds its document tree from a render context."""

    def build(self, ctx: RenderContext) -> Document:
        module, _, function = self.builder.partition(":")
        document: Document = getattr(importlib.import_module(module), function)(ctx)
        return document


kinds: Registry[DocumentKind] = Registry("document kind")
kinds.register(DocumentKind("dossier", "project", "approval dossier", "dossiergen.documents.dossier:build"))
kinds.register(DocumentKind("press", "press", "press notice", "dossiergen.documents.press:build"))
kinds.register(DocumentKind("minutes", "minutes", "working-group minutes", "dossiergen.documents.minutes:build"))

RECORD_KINDS: tuple[str, ...] = tuple(RECORD_MODELS)
"""The ``kind:`` a record may have."""


def default_kind(record_kind: str) -> str:
    """The document a record of ``record_kind`` renders as when no kind is asked for: the first registered."""
    return next(kind.name for kind in kinds.values() if kind.record_kind == record_kind)


def build_document(ctx: RenderContext) -> Document:
    """The document tree of ``ctx``'s record, as its kind builds it."""
    return kinds[ctx.kind].build(ctx)
