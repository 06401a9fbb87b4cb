"""Record values -> texts and figures of one language set, every problem located on the way.

``Localizer`` is what the context stage uses to check that a record has every text a document
needs (each in a font that covers it) and what the document builders (``documents/``) use to
read those texts and format numbers, dates and names in each language of the document.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, time
from decimal import Decimal

from pydantic import BaseModel

from dossiergen.article6.figures import Figure, Source
from dossiergen.errors import Problem
from dossiergen.i18n.formatting import Conventions, Formatter
from dossiergen.i18n.languages import LANG_NAMES
from dossiergen.i18n.localized import Localized
from dossiergen.i18n.numerals import write_digits
from dossiergen.models import Lang, LocalizedText, Party
from dossiergen.records.provenance import covers, illustrative_locs
from dossiergen.records.record import Loc, Record, dotted
from dossiergen.render.fonts import stack_names, uncovered


def describe(ch: str) -> str:
    """``U+1F600 '😀' (GRINNING FACE)``: enough to find the character in the record."""
    name = unicodedata.name(ch, "")
    return f"character U+{ord(ch):04X} {ch!r}" + (f" ({name})" if name else "")


def _format_figure(figure: Figure, fmt: Formatter) -> str:
    value = figure.value
    if figure.kind == "tonnes" and isinstance(value, int):
        return fmt.tonnes(value)
    if figure.kind == "percent" and isinstance(value, Decimal):
        return fmt.percent(value)
    if figure.kind == "count" and isinstance(value, (int, Decimal)):
        return fmt.number(value)
    if figure.kind == "year" and isinstance(value, int):
        return fmt.year(value)
    if figure.kind == "date" and isinstance(value, date):
        return fmt.date(value)
    if figure.kind == "party" and isinstance(value, Party):
        return fmt.party(value)
    if figure.kind == "text" and isinstance(value, LocalizedText):
        text = value.get(fmt.lang)
        if text is None:
            raise KeyError(fmt.lang)
        return write_digits(text, fmt.lang, fmt.conventions.khmer_digits)
    return str(value)


def placeholder(lang: str, field: str) -> str:
    """What a draft prints where a text is missing: impossible to overlook, and says which field."""
    return f"[no {LANG_NAMES[lang]} text: {field}]"


class Localizer:
    """Turns record values into texts of one language set, collecting located problems."""

    def __init__(self, record: Record, langs: tuple[Lang, ...], figures: Mapping[str, Figure],
                 conventions: Conventions, *, draft: bool = False, specimen: Mapping[str, str] | None = None) -> None:
        self.record = record
        self.specimen = specimen
        """The mark an illustrative value prints with, in each language (none: values go unmarked)."""
        self._illustrative_objects: set[int] = set()
        self._illustrative_fields: set[tuple[int, str]] = set()
        self.langs = langs
        self.formatters = {lang: Formatter(lang, conventions) for lang in langs}
        self.problems: list[Problem] = []
        self.draft = draft
        self.placeholders: list[Problem] = []
        """With ``draft``, the texts missing in a language, each shown as a placeholder instead."""
        self.figures = figures
        self.figure_text: dict[str, dict[str, str]] = {lang: {} for lang in langs}
        self._texts: dict[int, Localized] = {}
        for name, figure in figures.items():
            for lang in langs:
                try:
                    self.figure_text[lang][name] = _format_figure(figure, self.formatters[lang])
                except KeyError:  # reported where the text is used
                    self.figure_text[lang][name] = placeholder(lang, name) if draft else ""

    def missing(self, loc: Loc, lang: str, record: Record) -> str:
        """Report a text missing in ``lang``; in a draft, the placeholder that stands in for it."""
        if self.draft:
            self.placeholders.append(record.problem(loc + (lang,), f"placeholder: no {LANG_NAMES[lang]} text"))
            return placeholder(lang, dotted(loc))
        self.problems.append(record.problem(
            loc + (lang,),
            f"no {LANG_NAMES[lang]} text; --lang {'+'.join(self.langs)} needs it"))
        return ""

    def check(self, value: object, record: Record) -> None:
        """Localize every text inside ``value`` (a record's data), so that every problem is found now, and
        note which of its values are illustrative.

        A Party's name is not checked: where a record gives none in a language, Babel's name of the
        country stands in (``Formatter.party``).
        """
        self._check(value, record, (), illustrative_locs(record.data) if self.specimen is not None else ())

    def _check(self, value: object, record: Record, loc: Loc, illustrative: tuple[Loc, ...]) -> None:
        marked = covers(illustrative, loc)
        if marked and isinstance(value, (BaseModel, list, tuple, dict)):
            self._illustrative_objects.add(id(value))
        if isinstance(value, LocalizedText):
            self._texts[id(value)] = self._localize(value, loc, record).marked(self.specimen if marked else None)
        elif isinstance(value, BaseModel):
            for name in type(value).model_fields:
                if covers(illustrative, loc + (name,)):
                    self._illustrative_fields.add((id(value), name))
                if not isinstance(value, Party):
                    self._check(getattr(value, name), record, loc + (name,), illustrative)
        elif isinstance(value, (list, tuple)):
            for index, item in enumerate(value):
                self._check(item, record, loc + (index,), illustrative)
        elif isinstance(value, dict):
            for key, item in value.items():
                # a methodology's parameters are a mapping: one of them may be listed on its own
                if isinstance(key, str) and covers(illustrative, loc + (key,)):
                    self._illustrative_fields.add((id(value), key))
                self._check(item, record, loc + (key,), illustrative)

    def is_illustrative(self, owner: object, name: str | None = None) -> bool:
        """``owner`` (a part of a record) or its field ``name`` is an illustrative value, or lies inside one."""
        return id(owner) in self._illustrative_objects or (
            name is not None and (id(owner), name) in self._illustrative_fields)

    def mark(self, text: Localized, owner: object, name: str | None = None) -> Localized:
        """``text`` (a value of ``owner`` formatted) with the specimen mark when that value is illustrative."""
        return text.marked(self.specimen if self.is_illustrative(owner, name) else None)

    def derived(self, sources: Iterable[Source]) -> bool:
        """A value computed from ``sources`` (each an owner and its field, or the owner whole) is illustrative:
        one of them is."""
        return any(self.is_illustrative(owner, name) for owner, name in sources)

    def mark_derived(self, text: Localized, sources: Iterable[Source]) -> Localized:
        """``text`` (a value computed from ``sources``) with the specimen mark when one of them is illustrative."""
        return text.marked(self.specimen if self.derived(sources) else None)

    def text(self, value: LocalizedText) -> Localized:
        """A text of the record (checked by ``check``) in each language of the document; marked when it is
        illustrative or quotes an illustrative figure (``{authorization_id}``)."""
        found = self._texts.get(id(value))
        text = found if found is not None else self._localize(value, (), self.record)
        quoted = [name for name, figure in self.figures.items()
                  if figure.sources and any(f"{{{name}}}" in (value.get(lang) or "") for lang in self.langs)]
        return text.marked(self.specimen if any(self.derived(self.figures[name].sources) for name in quoted)
                           else None)

    def _localize(self, value: LocalizedText, loc: Loc, record: Record) -> Localized:
        out = {}
        for lang in self.langs:
            raw = value.get(lang)
            if raw is None:
                out[lang] = self.missing(loc, lang, record)
                continue
            text = raw.format_map(self.figure_text[lang]) if "{" in raw else raw
            # a record's Khmer text, and the texts it quotes, write their numbers as the document does
            out[lang] = write_digits(text, lang, self.formatters[lang].conventions.khmer_digits)
            for ch in uncovered(out[lang], lang):
                self.problems.append(record.problem(
                    loc + (lang,), f"{describe(ch)} is in no font chosen for {LANG_NAMES[lang]} ({stack_names(lang)})"))
        return Localized(out)

    def each(self, write: Callable[[Formatter], str]) -> Localized:
        """``write`` applied with each language's formatter."""
        return Localized({lang: write(self.formatters[lang]) for lang in self.langs})

    def digits(self, value: str) -> Localized:
        """A number written as the record gives it (a version, ``1.0``), in each language's digits."""
        return Localized({lang: write_digits(value, lang, self.formatters[lang].conventions.khmer_digits)
                          for lang in self.langs})

    def number(self, value: int | Decimal) -> Localized:
        return self.each(lambda fmt: fmt.number(value))

    def decimal(self, value: Decimal, places: int) -> Localized:
        return self.each(lambda fmt: fmt.decimal(value, places))

    def tonnes(self, value: int) -> Localized:
        return self.each(lambda fmt: fmt.tonnes(value))

    def percent(self, value: Decimal) -> Localized:
        return self.each(lambda fmt: fmt.percent(value))

    def year(self, value: int) -> Localized:
        return self.each(lambda fmt: fmt.year(value))

    def date(self, value: date) -> Localized:
        return self.each(lambda fmt: fmt.date(value))

    def time(self, value: time) -> Localized:
        return self.each(lambda fmt: fmt.time(value))

    def datetime(self, value: datetime) -> Localized:
        return self.each(lambda fmt: fmt.datetime(value))

    def party(self, value: Party) -> Localized:
        return self.each(lambda fmt: fmt.party(value))
