"""Record + languages -> RenderContext: every text resolved, every figure formatted, once.

Templates only place what this stage prepared; they never compute or format.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, Literal

from pydantic import BaseModel

from . import __version__
from .errors import CatalogError, ContextError, Problem, UsageError
from .figures import Figure, record_figures
from .fonts import stack_names, uncovered
from .i18n import DEFAULT_CONVENTIONS, Conventions, Formatter, Translations, load_translations
from .loader import Loc, Record
from .models import Lang, LocalizedText, Party
from .paths import ProjectPaths, default_paths

DocumentKind = Literal["dossier", "press", "minutes"]
KIND_OF_RECORD: Mapping[str, DocumentKind] = {"project": "dossier", "press": "press", "minutes": "minutes"}
LANG_NAMES = {"ko": "Korean", "km": "Khmer", "en": "English"}


class Localized(Mapping[str, str]):
    """One text in each language of a document, in the document's order."""

    def __init__(self, texts: Mapping[str, str]) -> None:
        self._texts = dict(texts)

    def __getitem__(self, lang: str) -> str:
        return self._texts[lang]

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)

    def __repr__(self) -> str:
        return f"Localized({self._texts!r})"

    @property
    def same_in_all(self) -> bool:
        """True when every language writes it alike (a code, a number): show it once."""
        return len(set(self._texts.values())) == 1


class View:
    """Read-only attribute access to a record's localized values, for templates."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self.__dict__.update(values)

    def __repr__(self) -> str:
        return f"View({', '.join(self.__dict__)})"


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
    translations: Mapping[str, Translations] = field(repr=False)
    conventions: Conventions = Conventions()
    version: str = __version__

    @property
    def primary(self) -> Lang:
        return self.langs[0]

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
                                           f"{msgid!r}: {_describe(ch)} is in no font chosen for {LANG_NAMES[lang]}"))
            if values:
                text = text % {key: (value[lang] if isinstance(value, Localized) else value)
                               for key, value in values.items()}
            out[lang] = text
        return Localized(out)


def _describe(ch: str) -> str:
    """``U+1F600 '😀' (GRINNING FACE)``: enough to find the character in the record."""
    name = unicodedata.name(ch, "")
    return f"character U+{ord(ch):04X} {ch!r}" + (f" ({name})" if name else "")


def _format_figure(figure: Figure, fmt: Formatter) -> str:
    value = figure.value
    if figure.kind == "tonnes":
        return fmt.tonnes(value)  # type: ignore[arg-type]
    if figure.kind == "percent":
        return fmt.percent(value)  # type: ignore[arg-type]
    if figure.kind == "count":
        return fmt.number(value)  # type: ignore[arg-type]
    if figure.kind == "year":
        return fmt.year(value)  # type: ignore[arg-type]
    if figure.kind == "date":
        return fmt.date(value)  # type: ignore[arg-type]
    if figure.kind == "party":
        return fmt.party(value)  # type: ignore[arg-type]
    if figure.kind == "text":
        text = value.get(fmt.lang)  # type: ignore[union-attr]
        if text is None:
            raise KeyError(fmt.lang)
        return text
    return str(value)


class _Localizer:
    """Turns record values into template values for one language set, collecting problems."""

    def __init__(self, record: Record, langs: tuple[Lang, ...], figures: Mapping[str, Figure],
                 conventions: Conventions) -> None:
        self.record = record
        self.langs = langs
        self.formatters = {lang: Formatter(lang, conventions) for lang in langs}
        self.problems: list[Problem] = []
        self.figure_text: dict[str, dict[str, str]] = {lang: {} for lang in langs}
        for name, figure in figures.items():
            for lang in langs:
                try:
                    self.figure_text[lang][name] = _format_figure(figure, self.formatters[lang])
                except KeyError:
                    self.figure_text[lang][name] = ""  # reported where the text is used

    def missing(self, loc: Loc, lang: str, record: Record | None = None) -> None:
        record = record or self.record
        self.problems.append(record.problem(
            loc + (lang,),
            f"no {LANG_NAMES[lang]} text; --lang {'+'.join(self.langs)} needs it"))

    def text(self, value: LocalizedText, loc: Loc, record: Record | None = None) -> Localized:
        out = {}
        for lang in self.langs:
            raw = value.get(lang)
            if raw is None:
                self.missing(loc, lang, record)
                out[lang] = ""
                continue
            out[lang] = raw.format_map(self.figure_text[lang]) if "{" in raw else raw
            for ch in uncovered(out[lang], lang):
                self.problems.append((record or self.record).problem(
                    loc + (lang,), f"{_describe(ch)} is in no font chosen for {LANG_NAMES[lang]} ({stack_names(lang)})"))
        return Localized(out)

    def per_lang(self, method: str, value: Any) -> Localized:
        return Localized({lang: getattr(self.formatters[lang], method)(value) for lang in self.langs})

    def convert(self, value: Any, loc: Loc, record: Record | None = None) -> Any:
        if isinstance(value, LocalizedText):
            return self.text(value, loc, record)
        if isinstance(value, Party):
            return View({"code": value.code, "name": self.per_lang("party", value)})
        if isinstance(value, BaseModel):
            return View({name: self.convert(getattr(value, name), loc + (name,), record)
                         for name in type(value).model_fields})
        if isinstance(value, list):
            return [self.convert(item, loc + (index,), record) for index, item in enumerate(value)]
        if isinstance(value, dict):
            return {key: self.convert(item, loc + (key,), record) for key, item in value.items()}
        if isinstance(value, datetime):
            return self.per_lang("datetime", value)
        if isinstance(value, date):
            return self.per_lang("date", value)
        if isinstance(value, time):
            return self.per_lang("time", value)
        return value


def build_context(
    record: Record,
    langs: tuple[Lang, ...],
    *,
    kind: DocumentKind | None = None,
    paths: ProjectPaths | None = None,
    conventions: Conventions | None = None,
) -> RenderContext:
    """Prepare one document: check the record has every language, format every figure.

    ``conventions`` (Khmer digits, formal Khmer dates, Korean 만) default per document kind.
    """
    expected = KIND_OF_RECORD[record.kind]
    if kind is not None and kind != expected:
        raise UsageError(f"{record.path}: a {record.kind} record renders as --kind {expected}, not {kind}")
    paths = paths or default_paths()
    project_record = record if record.kind == "project" else record.project
    figures = record_figures(record.data, record.project_data)
    conventions = conventions or DEFAULT_CONVENTIONS[expected]
    localizer = _Localizer(record, langs, figures, conventions)
    doc = localizer.convert(record.data, ())
    project = None
    orgs: dict[str, Localized] = {}
    if project_record is not None:
        project = doc if project_record is record else localizer.convert(project_record.data, (), project_record)
        orgs = {org.id: project.organisations[index].name
                for index, org in enumerate(project_record.data.organisations)}  # type: ignore[union-attr]
    if localizer.problems:
        raise ContextError(_unique(localizer.problems))
    fig = View({name: Localized({lang: localizer.figure_text[lang][name] for lang in langs}) for name in figures})
    translations = {lang: load_translations(paths.locales, lang) for lang in langs}
    return RenderContext(kind=expected, langs=langs, record=record, doc=doc, project=project,
                         fig=fig, orgs=orgs, translations=translations, conventions=conventions)


def _unique(problems: list[Problem]) -> list[Problem]:
    seen: dict[str, Problem] = {}
    for problem in problems:
        seen.setdefault(str(problem), problem)
    return list(seen.values())


__all__ = ["DocumentKind", "Localized", "RenderContext", "View", "build_context"]
