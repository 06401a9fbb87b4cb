"""One document end to end: record -> context -> HTML -> script fixes -> PDF bytes."""

from __future__ import annotations

from typing import TypedDict, Unpack

from dossiergen.config.paths import ProjectPaths, default_paths
from dossiergen.errors import Problem
from dossiergen.formats.html import render_html
from dossiergen.i18n.formatting import Conventions
from dossiergen.models import Lang
from dossiergen.records.record import Record
from dossiergen.render.context import RenderContext, build_context
from dossiergen.render.pdf import write_pdf
from dossiergen.render.pdf.archival import EmbeddedRecord
from dossiergen.render.typeset import load_compounds, typeset_html


class RenderOptions(TypedDict, total=False):
    """How a document is made, beyond its record and languages."""

    kind: str | None
    """The document kind [default: the record kind's own]; a project also renders as ``loa``, its Letter of
    Authorization."""
    paths: ProjectPaths | None
    """The project's templates and catalogs [default: ``default_paths()``]."""
    tagged: bool
    """A tagged PDF whose Korean and Khmer passages carry their own /Lang."""
    pdf_ua: bool
    """Tagged, and declared PDF/UA-1."""
    conventions: Conventions | None
    """Khmer digits, formal Khmer dates, Korean 만 [default: per document kind]."""


def render_document(record: Record, langs: tuple[Lang, ...], **options: Unpack[RenderOptions]) -> bytes:
    """Context, HTML, script fixes, PDF: the bytes of one document."""
    return render_with_placeholders(record, langs, **options)[0]


def render_with_placeholders(record: Record, langs: tuple[Lang, ...], *, draft: bool = False,
                             **options: Unpack[RenderOptions]) -> tuple[bytes, tuple[Problem, ...]]:
    """One document, and (with ``draft``) the placeholders printed for texts missing in a language."""
    paths = options.get("paths") or default_paths()
    ctx = build_context(record, langs, kind=options.get("kind"), paths=paths, conventions=options.get("conventions"),
                        draft=draft)
    html = typeset_html(render_html(ctx, paths=paths), load_compounds(paths.khmer_compounds))
    pdf = write_pdf(html, base_url=paths.templates, allowed_roots=(paths.templates, record.path.parent.resolve()),
                    source=record.path, tagged=options.get("tagged", False), pdf_ua=options.get("pdf_ua", False),
                    records=embedded_records(ctx))
    return pdf, ctx.placeholders


def embedded_records(ctx: RenderContext) -> tuple[EmbeddedRecord, ...]:
    """The records the PDF carries: the rendered one, then the project it refers to."""
    archive = ctx.archive
    assert archive is not None
    return tuple(EmbeddedRecord(name, content, "The record this document was rendered from" if index == 0
                                else "The project record it refers to", archive.created)
                 for index, (name, content) in enumerate(archive.records))
