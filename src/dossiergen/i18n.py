"""Languages: gettext catalogs for fixed wording, Babel for dates, numbers and names.

The catalogs are read from the ``.po`` files directly, so an edited translation shows in
the next render; ``compile`` writes ``.mo`` files for other gettext tools.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_time
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from babel.numbers import format_decimal

from .errors import CatalogError, Problem, UsageError
from .models import LANGS, Lang, Party

DOMAIN = "messages"
KEYWORDS = {"L": None}
"""Templates mark fixed wording as ``L("...")``: one call, every language of the document."""

LANGUAGE_SETS: tuple[str, ...] = ("ko", "km", "en", "ko+en", "km+en", "ko+km", "ko+km+en")


def parse_langs(value: str) -> tuple[Lang, ...]:
    """``"ko+en"`` -> ``("ko", "en")``; the first language leads the document."""
    if value not in LANGUAGE_SETS:
        raise UsageError(f"--lang {value!r}: choose one of {', '.join(LANGUAGE_SETS)}")
    return tuple(value.split("+"))  # type: ignore[return-value]


def po_path(locales: Path, lang: str) -> Path:
    return locales / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@dataclass(frozen=True)
class Translations:
    """The translated strings of one language, strict: a missing one is an error."""

    lang: Lang
    path: Path
    strings: Mapping[str, str]

    def gettext(self, msgid: str) -> str:
        try:
            return self.strings[msgid]
        except KeyError:
            raise CatalogError(Problem(
                self.path, None, None,
                f"no {self.lang} translation for {msgid!r}; run `dossiergen i18n update` and translate it",
            )) from None


def read_catalog(path: Path, lang: str) -> Catalog:
    if not path.is_file():
        raise CatalogError(Problem(path, None, None, f"no {lang} catalog; run `dossiergen i18n update`"))
    try:
        with path.open("rb") as handle:
            return read_po(handle, locale=lang, abort_invalid=True)
    except Exception as error:  # Babel raises several types for a broken .po
        raise CatalogError(Problem(path, getattr(error, "lineno", None), None, f"malformed catalog: {error}")) from None


@lru_cache(maxsize=16)
def _load(path: Path, lang: Lang, mtime_ns: int) -> Translations:
    catalog = read_catalog(path, lang)
    strings = {message.id: message.string for message in catalog
               if message.id and message.string and not message.fuzzy and isinstance(message.id, str)}
    return Translations(lang, path, strings)


def load_translations(locales: Path, lang: Lang) -> Translations:
    path = po_path(locales, lang)
    mtime = path.stat().st_mtime_ns if path.exists() else 0
    return _load(path, lang, mtime)


# --- locale formatting ------------------------------------------------------------------

KHMER_DIGITS = str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩")

_DATE_PATTERNS: Mapping[str, str] = {"ko": "y. M. d.", "km": "d MMMM y", "en": "d MMMM y"}
"""Dates: Korean official documents write 2025. 7. 21. (행정업무의 운영 및 혁신에 관한 규정)."""
KHMER_FORMAL_DATE = "'ថ្ងៃទី'd 'ខែ'MMMM 'ឆ្នាំ'y"
"""The formal Khmer date of letters and decisions: ថ្ងៃទី២១ ខែកក្កដា ឆ្នាំ២០២៥."""


@dataclass(frozen=True)
class Conventions:
    """How a document writes numbers and dates, beyond what the language alone decides."""

    khmer_digits: bool = True
    """Khmer text writes numbers in Khmer digits (០-៩), as Khmer official documents do."""
    khmer_formal_date: bool = True
    """Khmer dates in the formal form ថ្ងៃទី២១ ខែកក្កដា ឆ្នាំ២០២៥ rather than ២១ កក្កដា ២០២៥."""
    korean_man: bool = False
    """Korean amounts in units of 만 (68만), as Korean press releases write them."""


DEFAULT_CONVENTIONS: Mapping[str, Conventions] = {
    "dossier": Conventions(),
    "press": Conventions(korean_man=True),
    "minutes": Conventions(),
}
"""Per document kind: releases speak in 만, dossiers and minutes in full figures."""


def conventions_for(kind: str, **overrides: bool | None) -> Conventions:
    """The kind's default conventions with the options a user gave (``None``: not given)."""
    return replace(DEFAULT_CONVENTIONS[kind], **{name: value for name, value in overrides.items() if value is not None})


@dataclass(frozen=True)
class Formatter:
    """Numbers, dates and names the way one language, and one document's conventions, write them."""

    lang: Lang
    conventions: Conventions = Conventions()

    def _digits(self, text: str) -> str:
        # Babel formats the number in the Khmer locale but keeps Latin digits
        if self.lang == "km" and self.conventions.khmer_digits:
            return text.translate(KHMER_DIGITS)
        return text

    def number(self, value: int | Decimal) -> str:
        return self._digits(format_decimal(value, locale=self.lang))

    def decimal(self, value: Decimal, places: int) -> str:
        """A measured value with a fixed number of decimals (0.0400)."""
        pattern = "#,##0." + "0" * places if places else "#,##0"
        return self._digits(format_decimal(value, format=pattern, locale=self.lang))

    def tonnes(self, value: int) -> str:
        if self.lang == "ko" and self.conventions.korean_man and value >= 10_000:
            return korean_man(value)
        return self._digits(format_decimal(value, format="#,##0", locale=self.lang))

    def percent(self, value: Decimal) -> str:
        # value is already in per cent (58.8), computed with largest-remainder rounding
        return self._digits(format_decimal(value, format="#,##0.0", locale=self.lang) + "%")

    def year(self, value: int) -> str:
        return self._digits(str(value))

    def date(self, value: date) -> str:
        pattern = KHMER_FORMAL_DATE if self.lang == "km" and self.conventions.khmer_formal_date else _DATE_PATTERNS[self.lang]
        return self._digits(format_date(value, pattern, locale=self.lang))

    def time(self, value: time) -> str:
        return self._digits(format_time(value, "HH:mm", locale=self.lang))

    def datetime(self, value: datetime) -> str:
        return f"{self.date(value.date())} {self.time(value.timetz())}"

    def party(self, party: Party) -> str:
        if party.name is not None and party.name.get(self.lang):
            return party.name.get(self.lang)  # type: ignore[return-value]
        return territory_name(party.code, self.lang)


def korean_man(value: int) -> str:
    """680000 -> ``68만``, 1234567 -> ``123만 4,567``, 250000000 -> ``2억 5,000만``."""
    parts = []
    eok, rest = divmod(value, 100_000_000)
    man, units = divmod(rest, 10_000)
    for amount, unit in ((eok, "억"), (man, "만"), (units, "")):
        if amount:
            parts.append(format_decimal(amount, format="#,##0", locale="ko") + unit)
    return " ".join(parts) or "0"


def territory_name(alpha3: str, lang: str) -> str:
    from babel.core import get_global

    aliases = get_global("territory_aliases").get(alpha3)
    if not aliases:
        raise UsageError(f"unknown ISO 3166 alpha-3 code {alpha3!r}")
    return Locale.parse(lang).territories[aliases[0]]


# --- catalog maintenance ----------------------------------------------------------------

def extract(templates: Path, pot: Path) -> int:
    """Collect ``L("...")`` strings from the templates into ``messages.pot``; return how many."""
    catalog = Catalog(project="dossiergen", domain=DOMAIN, charset="utf-8")
    method_map = [("**.html", "jinja2")]
    options_map = {"**.html": {"extensions": "jinja2.ext.do"}}
    for filename, lineno, message, comments, context in extract_from_dir(
            templates, method_map, options_map, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)):
        catalog.add(message, None, [(f"templates/{filename}", lineno)], auto_comments=comments, context=context)
    pot.parent.mkdir(parents=True, exist_ok=True)
    with pot.open("wb") as handle:
        write_po(handle, catalog, omit_header=False, sort_output=True, include_lineno=True, width=100)
    return len(catalog)


def update(pot: Path, locales: Path, langs: Iterable[str] = LANGS) -> list[Path]:
    """Merge ``messages.pot`` into each language's catalog, keeping translations."""
    template = read_catalog(pot, "template")
    written = []
    for lang in langs:
        path = po_path(locales, lang)
        catalog = read_catalog(path, lang) if path.exists() else Catalog(locale=lang, domain=DOMAIN)
        catalog.update(template, no_fuzzy_matching=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(handle, catalog, sort_output=True, include_lineno=True, width=100,
                     include_previous=False, ignore_obsolete=True)
        written.append(path)
    return written


def compile_catalogs(locales: Path, langs: Iterable[str] = LANGS) -> list[Path]:
    """Write a ``.mo`` beside each ``.po``."""
    written = []
    for lang in langs:
        path = po_path(locales, lang)
        catalog = read_catalog(path, lang)
        with path.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        written.append(path.with_suffix(".mo"))
    return written


def check(pot: Path, locales: Path, langs: Iterable[str] = LANGS) -> list[Problem]:
    """Every message of the template, translated and not fuzzy, in every catalog."""
    template = read_catalog(pot, "template")
    problems = []
    for lang in langs:
        path = po_path(locales, lang)
        catalog = read_catalog(path, lang)
        for message in template:
            if not message.id:
                continue
            found = catalog.get(message.id, context=message.context)
            if found is None or not found.string:
                problems.append(Problem(path, None, None, f"{lang}: missing translation for {message.id!r}"))
            elif found.fuzzy:
                problems.append(Problem(path, found.lineno, None, f"{lang}: fuzzy translation for {message.id!r}"))
        for error_message, errors in catalog.check():
            for error in errors:
                problems.append(Problem(path, error_message.lineno, None, f"{lang}: {error} in {error_message.id!r}"))
    return problems
