"""Record + languages -> RenderContext: every text checked, every figure formatted, once.

The context is what the document builders (``documents/``) read: the record and its project,
their texts in each language of the document, the figures and organisation names formatted,
the catalogs. Everything a record must carry for the document is checked here, and every
problem is reported at once, located.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from dossiergen.archive.embed import Archive, build_archive
from dossiergen.article6.figures import Source, record_figures
from dossiergen.config.paths import ProjectPaths, default_paths
from dossiergen.documents.kinds import resolve_kind
from dossiergen.documents.requirements import requirements
from dossiergen.documents.specimen import SPECIMEN
from dossiergen.errors import CatalogError, ContextError, Problem
from dossiergen.i18n.catalogs import Translations, load_translations
from dossiergen.i18n.formatting import DEFAULT_CONVENTIONS, Conventions
from dossiergen.i18n.languages import LANG_NAMES
from dossiergen.i18n.localized import Localized
from dossiergen.i18n.numerals import write_digits
from dossiergen.models import Lang, LocalizedText, ProjectRecord
from dossiergen.records.record import Record
from dossiergen.render.fonts import uncovered
from dossiergen.render.localize import Localizer, describe
from dossiergen.version import __version__

TranslationValue = Localized | str | int
"""What a catalog sentence's ``%(name)s`` may be filled with: a text per language, or one value for all."""


@dataclass(frozen=True)
class RenderContext:
    """Everything a document builder needs for one document in one language set."""

    kind: str
    """The document kind (``documents/kinds.py``)."""
    langs: tuple[Lang, ...]
    record: Record
    project: ProjectRecord | None
    """The project the document is about (for a dossier, the record's own data)."""
    localizer: Localizer = field(repr=False)
    """The record's texts in each language, and the formatters of numbers, dates and names."""
    figures: Mapping[str, Localized]
    """Every figure formatted for each language (``figures["authorized_t"]["ko"]``)."""
    orgs: Mapping[str, Localized]
    """The project's organisations by id, named in each language."""
    translations: Mapping[Lang, Translations] = field(repr=False)
    archive: Archive
    """The records the PDF carries, their fingerprint and the PDF's date (``archive/embed.py``)."""
    conventions: Conventions = Conventions()
    placeholders: tuple[Problem, ...] = ()
    """In a draft, the texts missing in a language and printed as placeholders (the document is marked DRAFT)."""
    version: str = __version__
    annex_page_counts: tuple[int, ...] | None = None
    """The pages each appended annex takes (``formats/pdf.py``). The typeset document ends with as many blank
    placeholder pages (``base.html``), so that the typesetter itself counts them in the contents' annex pages and
    the footers' page totals, in one pass; they are dropped before the PDF is written, and the annexes' own pages
    appended in their place. ``None``: no annexes, or a format that does not append them."""
    tightness: int = 0
    """How much tighter than the stylesheet's own spacing the pages are set (``tight-N`` on ``<html>``, print.css):
    0, or the step ``render/pdf/rebalance.py`` chose because the pages at 0 left one nearly empty."""
    split_tables: frozenset[int] = frozenset()
    """Short tables (positions of their elements in the HTML, in document order) let split over pages, which
    print.css otherwise keeps whole: ``render/pdf/rebalance.py``'s choice where one left a page half empty."""

    @property
    def primary(self) -> Lang:
        return self.langs[0]

    @property
    def lang_set(self) -> str:
        return "+".join(self.langs)

    def counter_style(self, lang: str) -> str:
        """The CSS counter style page numbers take in ``lang`` (Khmer digits where the document uses them)."""
        return "khmer" if lang == "km" and self.conventions.khmer_digits else "decimal"

    def text(self, value: LocalizedText) -> Localized:
        """A text of the record or its project, in each language of the document."""
        return self.localizer.text(value)

    def translate(self, msgid: str, **values: TranslationValue) -> Localized:
        """Fixed wording from the catalogs, with ``%(name)s`` values filled in per language."""
        out: dict[str, str] = {}
        for lang in self.langs:
            translations = self.translations[lang]
            # the catalog's own numbers (paragraph 37, 100-year) in the digits the document writes
            text = write_digits(translations.gettext(msgid), lang, self.conventions.khmer_digits)
            for ch in uncovered(text, lang):
                raise CatalogError(Problem(translations.path, None, None,
                                           f"{msgid!r}: {describe(ch)} is in no font chosen for {LANG_NAMES[lang]}"))
            if values:
                text = text % {key: (value[lang] if isinstance(value, Localized) else value)
                               for key, value in values.items()}
            out[lang] = text
        # a sentence that holds an illustrative value is marked as one
        marks = [value.specimen for value in values.values() if isinstance(value, Localized) and value.specimen]
        return Localized(out, marks[0] if marks else None)

    def mark(self, text: Localized, owner: object, name: str | None = None) -> Localized:
        """``text``, a value of ``owner`` (or its field ``name``) formatted, marked when that value is illustrative."""
        return self.localizer.mark(text, owner, name)

    def value(self, owner: object, name: str, shown: Localized | str) -> Localized:
        """``owner.name`` (a date, a number, a code of the record) as shown, marked when it is illustrative."""
        text = shown if isinstance(shown, Localized) else Localized({lang: shown for lang in self.langs})
        return self.mark(text, owner, name)

    def derived(self, text: Localized, *sources: Source) -> Localized:
        """``text``, a value computed from ``sources`` (owners and their fields), marked when one is illustrative."""
        return self.localizer.mark_derived(text, sources)

    def specimen_of(self, owner: object, name: str | None = None) -> Mapping[str, str] | None:
        """The specimen mark for a value of ``owner`` (its field ``name``) printed as is, when it is illustrative."""
        return self.localizer.specimen if self.localizer.is_illustrative(owner, name) else None


def build_context(
    record: Record,
    langs: tuple[Lang, ...],
    *,
    kind: str | None = None,
    paths: ProjectPaths | None = None,
    conventions: Conventions | None = None,
    draft: bool = False,
) -> RenderContext:
    """Prepare one document: check the record has every text in every language, format every figure.

    ``kind`` is the record kind's default document or another that fits the record (a project: ``dossier``
    or ``loa``); one that does not is a ``UsageError``. ``conventions`` (Khmer digits, formal Khmer
    dates, Korean 만) default per document kind.
    With ``draft``, a text missing in a language is not an error: a visible placeholder takes
    its place, the document is marked DRAFT and ``placeholders`` lists each one.
    """
    expected = resolve_kind(record.kind, kind, record.path)
    paths = paths or default_paths()
    project = record.project_data
    project_record = record if record.kind == "project" else record.project
    figures = record_figures(record.data, project)
    conventions = conventions or DEFAULT_CONVENTIONS.get(expected, Conventions())
    translations = {lang: load_translations(paths.locales, lang) for lang in langs}
    specimen = {str(lang): translations[lang].gettext(SPECIMEN) for lang in langs}
    localizer = Localizer(record, langs, figures, conventions, draft=draft, specimen=specimen)
    localizer.check(record.data, record)
    orgs: dict[str, Localized] = {}
    if project is not None and project_record is not None:
        if project_record is not record:
            localizer.check(project, project_record)
        orgs = {org.id: localizer.text(org.name) for org in project.organisations}
    problems = localizer.problems + requirements(expected, record, langs)
    if problems:
        raise ContextError(_unique(problems))
    # a figure read or computed from an illustrative value prints marked, like the value
    fig = {name: localizer.mark_derived(Localized({lang: localizer.figure_text[lang][name] for lang in langs}),
                                        figure.sources) for name, figure in figures.items()}
    return RenderContext(kind=expected, langs=langs, record=record, project=project, localizer=localizer,
                         figures=fig, orgs=orgs, translations=translations, conventions=conventions,
                         placeholders=tuple(_unique(localizer.placeholders)),
                         archive=build_archive(record, expected, langs, conventions, draft))


def _unique(problems: list[Problem]) -> list[Problem]:
    seen: dict[str, Problem] = {}
    for problem in problems:
        seen.setdefault(str(problem), problem)
    return list(seen.values())


__all__ = ["RenderContext", "build_context"]
