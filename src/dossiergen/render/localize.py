"""Record values -> template values for one language set: texts per language, figures formatted.

``Localizer`` is what the context stage and the per-document modules (``documents/``) use to
turn record fields into ``Localized`` texts, collecting every located problem on the way.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping
from datetime import date, datetime, time
from typing import Any

from pydantic import BaseModel

from dossiergen.article6.figures import Figure
from dossiergen.errors import Problem
from dossiergen.i18n.formatting import Conventions, Formatter
from dossiergen.i18n.languages import LANG_NAMES
from dossiergen.models import Lang, LocalizedText, Party, ProseText
from dossiergen.records.record import Loc, Record, dotted
from dossiergen.render.fonts import stack_names, uncovered
from dossiergen.render.prose import render_prose


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


def describe(ch: str) -> str:
    """``U+1F600 '😀' (GRINNING FACE)``: enough to find the character in the record."""
    name = unicodedata.name(ch, "")
    return f"character U+{ord(ch):04X} {ch!r}" + (f" ({name})" if name else "")


_FORMAT_OF_KIND = {"tonnes": "tonnes", "percent": "percent", "count": "number", "year": "year",
                   "date": "date", "party": "party"}
"""The Formatter method that writes each kind of figure."""


def _format_figure(figure: Figure, fmt: Formatter) -> str:
    if figure.kind in _FORMAT_OF_KIND:
        return getattr(fmt, _FORMAT_OF_KIND[figure.kind])(figure.value)  # type: ignore[no-any-return]
    if figure.kind == "text":
        text = figure.value.get(fmt.lang)  # type: ignore[union-attr]
        if text is None:
            raise KeyError(fmt.lang)
        return text
    return str(figure.value)


def placeholder(lang: str, field: str) -> str:
    """What a draft prints where a text is missing: impossible to overlook, and says which field."""
    return f"[no {LANG_NAMES[lang]} text: {field}]"


class Localizer:
    """Turns record values into template values for one language set, collecting problems."""

    def __init__(self, record: Record, langs: tuple[Lang, ...], figures: Mapping[str, Figure],
                 conventions: Conventions, *, draft: bool = False) -> None:
        self.record = record
        self.langs = langs
        self.formatters = {lang: Formatter(lang, conventions) for lang in langs}
        self.problems: list[Problem] = []
        self.draft = draft
        self.placeholders: list[Problem] = []
        """With ``draft``, the texts missing in a language, each shown as a placeholder instead."""
        self.figure_text: dict[str, dict[str, str]] = {lang: {} for lang in langs}
        for name, figure in figures.items():
            for lang in langs:
                try:
                    self.figure_text[lang][name] = _format_figure(figure, self.formatters[lang])
                except KeyError:  # reported where the text is used
                    self.figure_text[lang][name] = placeholder(lang, name) if draft else ""

    def missing(self, loc: Loc, lang: str, record: Record | None = None) -> str:
        """Report a text missing in ``lang``; in a draft, the placeholder that stands in for it."""
        record = record or self.record
        if self.draft:
            self.placeholders.append(record.problem(loc + (lang,), f"placeholder: no {LANG_NAMES[lang]} text"))
            return placeholder(lang, dotted(loc))
        self.problems.append(record.problem(
            loc + (lang,),
            f"no {LANG_NAMES[lang]} text; --lang {'+'.join(self.langs)} needs it"))
        return ""

    def text(self, value: LocalizedText, loc: Loc, record: Record | None = None) -> Localized:
        out = {}
        for lang in self.langs:
            raw = value.get(lang)
            if raw is None:
                out[lang] = self.missing(loc, lang, record)
                continue
            out[lang] = raw.format_map(self.figure_text[lang]) if "{" in raw else raw
            for ch in uncovered(out[lang], lang):
                self.problems.append((record or self.record).problem(
                    loc + (lang,), f"{describe(ch)} is in no font chosen for {LANG_NAMES[lang]} ({stack_names(lang)})"))
            if isinstance(value, ProseText):
                out[lang] = render_prose(out[lang])
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
