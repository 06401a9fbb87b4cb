"""One numeral system per Khmer passage: the digits Khmer text writes, and what keeps its Latin digits.

A Cambodian official document writes its numbers in Khmer digits (០-៩): amounts, dates, page
numbers, and the numbers of its sections, annexes, tables and contents. In a Khmer and English
document each language's passage writes its own digits, and a number that heads both languages
(a section's, a list item's, a table row's) follows the document's first language. The build file
or ``--latin-digits`` (``khmer_digits = false``) chooses Latin digits for the Khmer text instead,
everywhere. ``write_digits`` is the one place the digits of a Khmer text are chosen; the number
labels a document builder makes go through ``label``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from dossiergen.i18n.formatting import KHMER_DIGITS

LATIN_DIGITS = str.maketrans("០១២៣៤៥៦៧៨៩", "0123456789")

LATIN_KEPT: Mapping[str, str] = {
    "identifiers": "the ids of projects, approaches, letters, decisions and authorizations (CA0001,"
                   " MOE-KH/LoA/2025/003, KHM-LOA-2025-003, 2/CMA.3, AMS-III.C v16.0), the registry's serial blocks,"
                   " ISO codes, telephone numbers and e-mail addresses, and the Agreed Electronic Format's own codes"
                   " (AR5: CO2 1, CH4 28, N2O 265): a record's code fields are printed as they are written, and in"
                   " running text a word that joins digits to Latin letters or to a slash keeps its digits",
    "formulas": "equations, chemical formulas and units (ER_y = BE_y - PE_y - LE_y, CO2, tCO2e, L/100 km):"
                " set in Latin type in every language",
    "urls": "web addresses (https://...)",
}
"""What keeps its Latin digits in Khmer text, whatever the document chooses (README: Khmer numerals)."""

_WORD = re.compile(r"(?:https?://|www\.)\S+|[0-9A-Za-z\u17e0-\u17e9][0-9A-Za-z\u17e0-\u17e9./_:@-]*")
"""A URL, or a word of Latin letters, digits of either system and the joiners of codes."""
_KEPT = re.compile(r"[A-Za-z/]")


def _kept(word: str) -> bool:
    """A URL, an identifier or a formula: a word with a Latin letter or a slash (2/CMA.3, CO2, 2024/017)."""
    return bool(_KEPT.search(word))


def write_digits(text: str, lang: str, khmer_digits: bool) -> str:
    """``text``'s numbers in the digits ``lang`` writes: Khmer text in Khmer digits (Latin ones with
    ``khmer_digits`` false), its identifiers, formulas and URLs as they are; other languages unchanged."""
    if lang != "km":
        return text
    table = KHMER_DIGITS if khmer_digits else LATIN_DIGITS
    return _WORD.sub(lambda match: match[0] if _kept(match[0]) else match[0].translate(table), text)


def latin_numbers(text: str) -> list[str]:
    """The words of a Khmer text that write a number in Latin digits though no exception keeps them."""
    return [word for word in _WORD.findall(text) if not _kept(word) and re.search("[0-9]", word)]


def label(number: int | str, lang: str, khmer_digits: bool) -> str:
    """A number label (``4.2``, a section's or a row's) in the digits of ``lang``, the language that leads."""
    return write_digits(str(number), lang, khmer_digits)


__all__ = ["LATIN_DIGITS", "LATIN_KEPT", "label", "latin_numbers", "write_digits"]
