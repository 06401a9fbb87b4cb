"""One document end to end: record -> context -> HTML -> script fixes -> PDF bytes."""

from __future__ import annotations

from .context import DocumentKind, build_context
from .errors import Problem
from .i18n import Conventions
from .loader import Record
from .models import Lang
from .paths import ProjectPaths, default_paths
from .pdf import write_pdf
from .templating import render_html
from .typeset import load_compounds, typeset_html


def render_document(
    record: Record,
    langs: tuple[Lang, ...],
    *,
    kind: DocumentKind | None = None,
    paths: ProjectPaths | None = None,
    tagged: bool = False,
    conventions: Conventions | None = None,
) -> bytes:
    """Context, HTML, script fixes, PDF: the bytes of one document."""
    return render_draft(record, langs, kind=kind, paths=paths, tagged=tagged, conventions=conventions,
                        draft=False)[0]


def render_draft(
    record: Record,
    langs: tuple[Lang, ...],
    *,
    kind: DocumentKind | None = None,
    paths: ProjectPaths | None = None,
    tagged: bool = False,
    conventions: Conventions | None = None,
    draft: bool = True,
) -> tuple[bytes, tuple[Problem, ...]]:
    """One document, and (with ``draft``) the placeholders printed for texts missing in a language."""
    paths = paths or default_paths()
    ctx = build_context(record, langs, kind=kind, paths=paths, conventions=conventions, draft=draft)
    html = typeset_html(render_html(ctx, paths), load_compounds(paths.khmer_compounds))
    pdf = write_pdf(html, base_url=paths.templates, allowed_roots=(paths.templates, record.path.parent.resolve()),
                    source=record.path, tagged=tagged)
    return pdf, ctx.placeholders
