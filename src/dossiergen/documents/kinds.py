"""The document kinds: which record each is made from, and the builder of its document tree.

A registry (``kinds``): a new kind is one ``register`` call. A record kind renders as its first
registered document kind unless another is asked for: a project as its approval dossier, or as its
Letter of Authorization (``--kind loa``). Builders are named, not imported, so that the registry
stays light for ``import dossiergen``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dossiergen.documents.labels import with_labels
from dossiergen.documents.specimen import with_band
from dossiergen.documents.tree import Document
from dossiergen.errors import UsageError
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
kinds.register(DocumentKind("loa", "project", "Letter of Authorization", "dossiergen.documents.loa:build"))

RECORD_KINDS: tuple[str, ...] = tuple(RECORD_MODELS)
"""The ``kind:`` a record may have."""


def default_kind(record_kind: str) -> str:
    """The document a record of ``record_kind`` renders as when no kind is asked for: the first registered."""
    return next(kind.name for kind in kinds.values() if kind.record_kind == record_kind)


def kinds_of(record_kind: str) -> tuple[str, ...]:
    """The document kinds a record of ``record_kind`` renders as, its default first."""
    return tuple(kind.name for kind in kinds.values() if kind.record_kind == record_kind)


def resolve_kind(record_kind: str, kind: str | None, where: object = "") -> str:
    """The document kind to make of a record: ``kind`` if it fits the record, its default if ``None``.

    A kind made from another kind of record is a ``UsageError`` (``where`` names the record).
    """
    fitting = kinds_of(record_kind)
    if kind is None:
        return fitting[0]
    kinds[kind]  # an unknown kind: the registry's own error, listing the kinds
    if kind not in fitting:
        prefix = f"{where}: " if where else ""
        raise UsageError(f"{prefix}a {record_kind} record renders as --kind {' or '.join(fitting)}, not {kind}")
    return kind


def kinds_help() -> str:
    """``project: dossier (default) or loa; press: press; ...``: what each record kind renders as."""
    parts = []
    for record_kind in RECORD_KINDS:
        names = kinds_of(record_kind)
        parts.append(f"{record_kind}: " + (f"{names[0]} (default) or {', '.join(names[1:])}" if len(names) > 1
                                           else names[0]))
    return "; ".join(parts)


def build_document(ctx: RenderContext) -> Document:
    """The document tree of ``ctx``'s record, as its kind builds it; its number labels in the digits of the
    language that leads them; with the specimen band on every page while it prints any illustrative value."""
    return with_band(ctx, with_labels(ctx, kinds[ctx.kind].build(ctx)))
