"""Record + languages -> RenderContext: every text resolved, every figure formatted, once.

Templates only place what this stage prepared; they never compute or format. What a document
kind derives beyond the record's own fields (tables, groupings, chart geometry) comes from its
module in ``documents/``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from dossiergen.archive.embed import Archive, build_archive
from dossiergen.article6.figures import record_figures
from dossiergen.config.paths import ProjectPaths, default_paths
from dossiergen.errors import CatalogError, ContextError, Problem, UsageError
from dossiergen.i18n.catalogs import Translations, load_translations
from dossiergen.i18n.formatting import DEFAULT_CONVENTIONS, Conventions
from dossiergen.models import Lang
from dossiergen.records.record import Record
from dossiergen.render.fonts import uncovered
from dossiergen.render.localize import LANG_NAMES, Localized, Localizer, View, describe
from dossiergen.version import __version__

DocumentKind = Literal["dossier", "press", "minutes"]
KIND_OF_RECORD: Mapping[str, DocumentKind] = {"project": "dossier", "press": "press", "minutes": "minutes"}


@dataclass(frozen=True)
class RenderContext:
    """Everything a template needs for one document in one language set."""

    kind: DocumentKind
    langs: tuple[Lang, ...]
    record: Record
    doc: View
    """The record, localized: LocalizedText -> Localized, dates formatted, ids kept."""
    project: View | None
    """The project the document is about (for a dossier, the record itself)."""
    fig: View
    """Every figure formatted for each language (``fig.authorized_t["ko"]``)."""
    orgs: Mapping[str, Localized]
    derived: View
    """What the document kind computes from its records (``documents/KIND.py``)."""
    translations: Mapping[str, Translations] = field(repr=False)
    conventions: Conventions = Conventions()
    placeholders: tuple[Problem, ...] = ()
    """In a draft, the texts missing in a language and printed as placeholders (the document is marked DRAFT)."""
    archive: Archive | None = None
    """The records the PDF carries, their fingerprint and the PDF's date (``archive/embed.py``)."""
    version: str = __version__

    @property
    def primary(self) -> Lang:
        return self.langs[0]

    def counter_style(self, lang: str) -> str:
        """The CSS counter style page numbers take in ``lang`` (Khmer digits where the document uses them)."""
        return "khmer" if lang == "km" and self.conventions.khmer_digits else "decimal"

    @property
    def lang_set(self) -> str:
        return "+".join(self.langs)

    def translate(self, msgid: str, **values: Any) -> Localized:
        """Fixed wording from the catalogs, with ``%(name)s`` values filled in per language."""
        out = {}
        for lang in self.langs:
            translations = self.translations[lang]
            text = translations.gettext(msgid)
            for ch in uncovered(text, lang):
                raise CatalogError(Problem(translations.path, None, None,
                                           f"{msgid!r}: {describe(ch)} is in no font chosen for {LANG_NAMES[lang]}"))
            if values:
                text = text % {key: (value[lang] if isinstance(value, Localized) else value)
                               for key, value in values.items()}
            out[lang] = text
        return Localized(out)


def build_context(
    record: Record,
    langs: tuple[Lang, ...],
    *,
    kind: DocumentKind | None = None,
    paths: ProjectPaths | None = None,
    conventions: Conventions | None = None,
    draft: bool = False,
) -> RenderContext:
    """Prepare one document: check the record has every language, format every figure.

    ``conventions`` (Khmer digits, formal Khmer dates, Korean 만) default per document kind.
    With ``draft``, a text missing in a language is not an error: a visible placeholder takes
    its place, the document is marked DRAFT and ``placeholders`` lists each one.
    """
    expected = KIND_OF_RECORD[record.kind]
    if kind is not None and kind != expected:
        raise UsageError(f"{record.path}: a {record.kind} record renders as --kind {expected}, not {kind}")
    paths = paths or default_paths()
    project_record = record if record.kind == "project" else record.project
    figures = record_figures(record.data, record.project_data)
    conventions = conventions or DEFAULT_CONVENTIONS[expected]
    localizer = Localizer(record, langs, figures, conventions, draft=draft)
    doc = localizer.convert(record.data, ())
    project = None
    orgs: dict[str, Localized] = {}
    if project_record is not None:
        project = doc if project_record is record else localizer.convert(project_record.data, (), project_record)
        orgs = {org.id: project.organisations[index].name
                for index, org in enumerate(project_record.data.organisations)}  # type: ignore[union-attr]
    from dossiergen.documents import derive  # the per-kind modules use this module's types

    derived = View(derive(expected, record, localizer))
    if localizer.problems:
        raise ContextError(_unique(localizer.problems))
    fig = View({name: Localized({lang: localizer.figure_text[lang][name] for lang in langs}) for name in figures})
    translations = {lang: load_translations(paths.locales, lang) for lang in langs}
    return RenderContext(kind=expected, langs=langs, record=record, doc=doc, project=project,
                         fig=fig, orgs=orgs, derived=derived, translations=translations, conventions=conventions,
                         placeholders=tuple(_unique(localizer.placeholders)),
                         archive=build_archive(record, expected, langs, conventions, draft))


def _unique(problems: list[Problem]) -> list[Problem]:
    seen: dict[str, Problem] = {}
    for problem in problems:
        seen.setdefault(str(problem), problem)
    return list(seen.values())


__all__ = ["DocumentKind", "Localized", "RenderContext", "View", "build_context"]
