"""Numbers, dates and names as each language writes them (Babel), and the conventions a document follows."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, Literal

from babel import Locale
from babel.dates import format_date, format_time
from babel.numbers import format_decimal

from dossiergen.errors import UsageError
from dossiergen.models import Lang, Party

KHMER_DIGITS = str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩")

_DATE_PATTERNS: Mapping[str, str] = {"ko": "y. M. d.", "km": "d MMMM y", "en": "d MMMM y"}
"""Dates: Korean official documents write 2025. 7. 21. (행정업무의 운영 및 혁신에 관한 규정)."""
KHMER_FORMAL_DATE = "'ថ្ងៃទី'd 'ខែ'MMMM 'ឆ្នាំ'y"
"""The formal Khmer date of letters and decisions: ថ្ងៃទី២១ ខែកក្កដា ឆ្នាំ២០២៥."""


KhmerHeadingFace = Literal["muol-light", "bold"]
KHMER_HEADING_FACES: tuple[KhmerHeadingFace, ...] = ("muol-light", "bold")
"""How Khmer headings are set: in Khmer OS Muol Light, as Cambodian ministries set their titles and
headings, or in the bold of the Khmer sans-serif face."""


@dataclass(frozen=True)
class Conventions:
    """How a document writes numbers and dates, and sets its Khmer headings, beyond what the language decides."""

    khmer_digits: bool = True
    """Khmer text writes numbers in Khmer digits (០-៩), as Khmer official documents do."""
    khmer_formal_date: bool = True
    """Khmer dates in the formal form ថ្ងៃទី២១ ខែកក្កដា ឆ្នាំ២០២៥ rather than ២១ កក្កដា ២០២៥."""
    korean_man: bool = False
    """Korean amounts in units of 만 (68만), as Korean press releases write them."""
    khmer_heading_face: KhmerHeadingFace = "muol-light"
    """The face of Khmer headings and sub-headlines (``KHMER_HEADING_FACES``), so that they weigh what their
    bold translation weighs."""


DEFAULT_CONVENTIONS: Mapping[str, Conventions] = {
    "dossier": Conventions(),
    "press": Conventions(korean_man=True),
    "minutes": Conventions(),
    "loa": Conventions(khmer_digits=True, khmer_formal_date=True, korean_man=False),
}
"""Per document kind: releases speak in 만, dossiers and minutes in full figures; a Letter of
Authorization writes Khmer digits and the formal Khmer date (ថ្ងៃទី១៨ ខែកក្កដា ឆ្នាំ២០២៥), as a
Cambodian ministry's letter does."""


def conventions_for(kind: str, **overrides: bool | str | None) -> Conventions:
    """The kind's default conventions with the options a user gave (``None``: not given)."""
    given: dict[str, Any] = {name: value for name, value in overrides.items() if value is not None}
    return replace(DEFAULT_CONVENTIONS[kind], **given)


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
        formal = self.lang == "km" and self.conventions.khmer_formal_date
        pattern = KHMER_FORMAL_DATE if formal else _DATE_PATTERNS[self.lang]
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
    return str(Locale.parse(lang).territories[aliases[0]])
