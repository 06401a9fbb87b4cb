"""One document end to end: record -> context -> HTML -> script fixes -> PDF bytes -> annexes appended.

A document with annexes is typeset with blank placeholder pages where the annexes go (``base.html``): the
typesetter itself then prints on the contents page where each annex starts and counts the annexes' pages in
the footers, in the one pass. The placeholders are dropped before the PDF is written, and the annexes' own
pages appended in their place (``render/pdf/annexes.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, TypedDict, Unpack

from dossiergen.config.paths import ProjectPaths, default_paths
from dossiergen.errors import AnnexError, Problem
from dossiergen.formats.html import render_html
from dossiergen.i18n.formatting import Conventions, conventions_for
from dossiergen.i18n.localized import Localized
from dossiergen.models import Lang, PressRecord, ProjectRecord
from dossiergen.models.common import ANNEX_FILE_TYPES, Annex
from dossiergen.reading import read_limited
from dossiergen.records.record import Loc, Record
from dossiergen.records.sandbox import (
    MAX_ANNEX_BYTES,
    FileKind,
    file_kind,
    record_file_path,
    record_file_problem,
    refusal,
)
from dossiergen.render.context import RenderContext, build_context
from dossiergen.render.pdf.annexes import AnnexSource, PreparedAnnex, append_annexes, prepare_annex
from dossiergen.render.pdf.archival import EmbeddedRecord
from dossiergen.render.pdf.rebalance import rebalanced
from dossiergen.render.pdf.writer import Typeset, sharing_fonts, typeset_pdf
from dossiergen.render.typeset import load_compounds, typeset_html

if TYPE_CHECKING:  # annex_stamp loads only to stamp annex pages (render/pdf/annexes.py)
    from dossiergen.render.pdf.annex_stamp import StampText

class RenderOptions(TypedDict, total=False):
    """How a document is made, beyond its record and languages."""

    kind: str | None
    """The document kind [default: the record kind's own]; a project also renders as ``loa``, its Letter of
    Authorization."""
    paths: ProjectPaths | None
    """The project's templates and catalogs [default: ``default_paths()``]."""
    tagged: bool
    """A tagged PDF, declared PDF/UA-1, whose Korean and Khmer passages carry their own /Lang [default: yes;
    ``False``: the plain untagged PDF/A-3b]."""
    conventions: Conventions | None
    """Khmer digits, formal Khmer dates, Korean 만 [default: per document kind]."""
    rebalance: bool
    """Typeset again a little tighter where the pages leave one nearly empty (render/pdf/rebalance.py) [default:
    yes; ``False`` for a document appended as an annex, whose pages the check exempts]."""


def render_document(record: Record, langs: tuple[Lang, ...], **options: Unpack[RenderOptions]) -> bytes:
    """Context, HTML, script fixes, PDF: the bytes of one document."""
    return render_with_placeholders(record, langs, **options)[0]


def render_with_placeholders(record: Record, langs: tuple[Lang, ...], *, draft: bool = False,
                             **options: Unpack[RenderOptions]) -> tuple[bytes, tuple[Problem, ...]]:
    """One document, and (with ``draft``) the placeholders printed for texts missing in a language; its passes (its
    annexes' documents, the rebalancer's settings) share one font configuration."""
    with sharing_fonts():
        return _render_with_placeholders(record, langs, draft=draft, **options)


def _render_with_placeholders(record: Record, langs: tuple[Lang, ...], *, draft: bool,
                              **options: Unpack[RenderOptions]) -> tuple[bytes, tuple[Problem, ...]]:
    paths = options.get("paths") or default_paths()
    ctx = build_context(record, langs, kind=options.get("kind"), paths=paths, conventions=options.get("conventions"),
                        draft=draft)
    annexes, placeholders = _annexes(ctx, draft, options)
    if not annexes:
        return _rebalanced(ctx, paths, options)[0], ctx.placeholders
    pdf, ctx = _rebalanced(replace(ctx, annex_page_counts=tuple(annex.page_count for annex in annexes)), paths,
                           options)
    assert ctx.archive is not None
    return append_annexes(pdf, annexes, created=ctx.archive.created), ctx.placeholders + placeholders


def _rebalanced(ctx: RenderContext, paths: ProjectPaths, options: RenderOptions) -> tuple[bytes, RenderContext]:
    """The document typeset so that no page is left nearly empty where a tighter setting avoids it
    (render/pdf/rebalance.py), and the context at the tightness chosen (the annexes' passes keep it)."""
    if not options.get("rebalance", True):
        return _typeset(ctx, paths, options), ctx
    pdf, setting = rebalanced(lambda setting: _typeset_measured(
        replace(ctx, tightness=setting.tightness, split_tables=setting.split), paths, options))
    return pdf, replace(ctx, tightness=setting.tightness, split_tables=setting.split)


def document_html(ctx: RenderContext, paths: ProjectPaths) -> str:
    """The HTML WeasyPrint is handed for ``ctx``: the templates' HTML with the script fixes (line breaks)."""
    return typeset_html(render_html(ctx, paths=paths), load_compounds(paths.khmer_compounds))


def _typeset(ctx: RenderContext, paths: ProjectPaths, options: RenderOptions) -> bytes:
    return _typeset_measured(ctx, paths, options, measure=False).pdf


def _typeset_measured(ctx: RenderContext, paths: ProjectPaths, options: RenderOptions,
                      measure: bool = True) -> Typeset:
    """The PDF, and (with ``measure``) its pages' fill as its layout has them, for the rebalancer."""
    return typeset_pdf(document_html(ctx, paths), base_url=paths.templates,
                       allowed_roots=(paths.templates, ctx.record.path.parent.resolve()), source=ctx.record.path,
                       tagged=options.get("tagged", True), records=embedded_records(ctx), measure=measure,
                       split=ctx.split_tables, annex_placeholders=sum(ctx.annex_page_counts or ()))


def embedded_records(ctx: RenderContext) -> tuple[EmbeddedRecord, ...]:
    """The records the PDF carries: the rendered one, then the project it refers to."""
    archive = ctx.archive
    assert archive is not None
    return tuple(EmbeddedRecord(name, content, "The record this document was rendered from" if index == 0
                                else "The project record it refers to", archive.created)
                 for index, (name, content) in enumerate(archive.records))


# --- annexes --------------------------------------------------------------------------------------

def appended(ctx: RenderContext) -> tuple[str, list[Annex], Record] | None:
    """What ``ctx``'s document appends: the field that lists it, the annexes, the project record their
    documents are made from. A dossier appends its annexes, a press notice its 붙임; nothing else does (the
    letter rendered as a dossier's annex must not append the dossier's)."""
    data = ctx.record.data
    if ctx.kind == "dossier" and isinstance(data, ProjectRecord):
        return "annexes", data.annexes, ctx.record
    if ctx.kind == "press" and isinstance(data, PressRecord) and data.attachments:
        assert ctx.record.project is not None or all(annex.file for annex in data.attachments)  # sandbox.py
        return "attachments", data.attachments, ctx.record.project or ctx.record
    return None


def _annexes(ctx: RenderContext, draft: bool,
             options: RenderOptions) -> tuple[tuple[PreparedAnnex, ...], tuple[Problem, ...]]:
    """A document's annexes as pages, and the placeholders of the documents rendered for them."""
    found = appended(ctx)
    if found is None:
        return (), ()
    field, annexes, project = found
    from dossiergen.documents.dossier import annex_title

    prepared: list[PreparedAnnex] = []
    placeholders: list[Problem] = []
    for number, annex in enumerate(annexes, start=1):
        title = annex_title(ctx, number, annex.title)
        bookmark = " / ".join(title[lang] for lang in ctx.langs)
        description = f"The original of annex {number} as it was supplied: {ctx.text(annex.title)[ctx.langs[0]]}"
        file = _annex_file(ctx.record, field, annex, number - 1)
        if file is not None:
            loc, name = file
            content, kind = _read_annex(ctx.record, loc, name)
            where = ctx.record.problem(loc, "")
            source = AnnexSource(number, bookmark, description, content, kind, name, where, _page_alts(ctx, title),
                                 _page_stamps(ctx, number))
        else:
            assert annex.document is not None
            loc = (field, number - 1, "document")
            # the annex writes its numbers in the digits the document chose (one numeral system per document)
            conventions = conventions_for(annex.document, khmer_digits=ctx.conventions.khmer_digits)
            pdf, missing = render_with_placeholders(project, ctx.langs, draft=draft, kind=annex.document,
                                                    paths=options.get("paths"), tagged=options.get("tagged", True),
                                                    conventions=conventions, rebalance=False)
            placeholders += missing
            source = AnnexSource(number, bookmark, description, pdf, "pdf", f"{annex.document}.pdf",
                                 ctx.record.problem(loc, ""), page_stamps=_page_stamps(ctx, number))
        prepared.append(prepare_annex(source))
    return tuple(prepared), tuple(placeholders)


def _page_of(ctx: RenderContext, page: int, pages: int) -> Localized:
    """``1 / 3쪽`` / ``page 1 of 3``: the footers' words, lowercased to follow a name."""
    label = ctx.translate("Page %(page)s of %(pages)s", page=ctx.localizer.number(page),
                          pages=ctx.localizer.number(pages))
    return Localized({lang: text[:1].lower() + text[1:] for lang, text in label.items()})


def _page_alts(ctx: RenderContext, title: Localized) -> Callable[[int, int], str]:
    """``붙임 2: title, 1 / 3쪽 / Annex 2: title, page 1 of 3``: the text alternative of an annex page that is an
    image, in the document's languages with the footers' words."""
    def alt(page: int, pages: int) -> str:
        label = _page_of(ctx, page, pages)
        return " / ".join(f"{title[lang]}, {label[lang]}" for lang in ctx.langs)
    return alt


def _page_stamps(ctx: RenderContext, number: int) -> Callable[[int, int], StampText]:
    """``붙임 2 · 20 / 25쪽`` / ``Annex 2 · page 20 of 25``: what each page of annex ``number`` is stamped with, the
    compiled document's page and total in the document's digits (``render/pdf/annex_stamp.py``)."""
    from dossiergen.documents.dossier import annex_name

    name = annex_name(ctx, number)

    def stamp(page: int, pages: int) -> StampText:
        label = _page_of(ctx, page, pages)
        return tuple((lang, f"{name[lang]} · {label[lang]}") for lang in ctx.langs)
    return stamp


def _annex_file(record: Record, field: str, annex: Annex, index: int) -> tuple[Loc, str] | None:
    """The file an annex appends, and where the record names it; ``None`` for a document to render.

    The Letter of Authorization's signed scan, where the record has one, is the annex of record
    in place of the letter dossiergen would render.
    """
    if annex.file is not None:
        return (field, index, "file"), annex.file
    project = record.data
    scan = project.authorization.letter.signed_scan if isinstance(project, ProjectRecord) else None
    if annex.document == "loa" and scan is not None:
        return ("authorization", "letter", "signed_scan"), scan
    return None


def _read_annex(record: Record, loc: Loc, name: str) -> tuple[bytes, FileKind]:
    """An annex file's bytes (no more than the cap) and its kind by content, checked again as it is read."""
    problem = record_file_problem(record, loc, name)  # the loader checked it; it may have changed, or be the scan
    if problem is not None:
        raise AnnexError(problem)
    content = read_limited(record_file_path(record, name), MAX_ANNEX_BYTES, "an annex file", AnnexError,
                           refusal(record, loc, name))
    kind = file_kind(content)
    if kind is None:
        raise AnnexError(record.problem(loc, f"{name!r} is not {ANNEX_FILE_TYPES} (judged by its first bytes)"))
    return content, kind
