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
from typing import Literal

from dossiergen.i18n.formatting import KHMER_DIGITS

LATIN_DIGITS = str.maketrans("០១២៣៤៥៦៧៨៩", "0123456789")

LATIN_KEPT: Mapping[str, str] = {
    "identifiers": "the ids of projects, approaches, letters, decisions and authorizations (CA0001,"
                   " MOE-KH/LoA/2025/003, KHM-LOA-2025-003, 2/CMA.3, AMS-III.C v16.0), the registry's serial blocks,"
                   " ISO codes, telephone numbers and e-mail addresses, and the Agreed Electronic Format workbooks' own"
                   " cells (AR5: CO2 1, CH4 28, N2O 265; printed in words): a record's code fields are printed as"
                   " they are written, and in"
                   " running text a word that joins digits to Latin letters or to a slash keeps its digits",
    "formulas": "equations, chemical formulas and units (ER_y = BE_y - PE_y - LE_y, CO2, tCO2e, L/100 km):"
                " set in Latin type in every language",
    "urls": "web addresses (https://...)",
}
"""What keeps its Latin digits in Khmer text, whatever the document chooses (README: Khmer numerals)."""

_WORD = re.compile(r"(?:https?://|www\.)\S+|[0-9A-Za-z\u17e0-\u17e9][0-9A-Za-z\u17e0-\u17e9./_:@-]*")
"""A URL, or a word of Latin letters, digits of either system and the joiners of codes."""
_KEPT = re.compile(r"[A-Za-z/]")
_URL = re.compile(r"https?://|www\.")
ANY_DIGIT = "[0-9\u17e0-\u17e9]"
"""A digit of either system a Khmer text may write."""
_DIGIT = re.compile(ANY_DIGIT)
_JOINER = re.compile(r"[./_:@-]")
_CAPITALS = re.compile("[A-Z]{2}")


def _kept(word: str) -> bool:
    """A URL, an identifier or a formula: a word with a Latin letter or a slash (2/CMA.3, CO2, 2024/017)."""
    return bool(_KEPT.search(word))


def identifiers(text: str) -> list[re.Match[str]]:
    """Where ``text`` writes an identifier of :data:`LATIN_KEPT` that joins its parts (MOE-KH/LoA/2025/003,
    2/CMA.3, KHM-LOA-2025-003, AMS-III.C): a word of Latin letters or a slash with a joiner and a digit or a
    code in capitals; a URL, or words joined by a hyphen (e-motorcycle), not."""
    return [match for match in _WORD.finditer(text)
            if _kept(match[0]) and not _URL.match(match[0]) and _JOINER.search(match[0])
            and (_DIGIT.search(match[0]) or _CAPITALS.search(match[0]))]


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


Numbering = Literal["decimal", "korean"]
"""How a document labels its items: ``decimal`` 1., 4.1. (in the digits of the language that leads); ``korean``
the labels of Korean official documents, one series a depth (``KOREAN_ITEM_LABELS``)."""

_HANGUL_SERIES = "가나다라마바사아자차카타파하거너더러머버서어저처커터퍼허"
"""가. 나. 다. ...: the syllables that count items in the Korean series, in order; past 하 the rule goes on with
거., 너. (시행규칙 article 2, note); past 허 an item is counted in digits."""
_CIRCLED_HANGUL = "㉮㉯㉰㉱㉲㉳㉴㉵㉶㉷㉸㉹㉺㉻"
"""㉮ to ㉻: past them an item is counted as at the depth of (가), in parentheses."""

KOREAN_ITEM_LABELS = ("{digits}.", "{hangul}.", "{digits})", "{hangul})", "({digits})", "({hangul})", "{circled}",
                      "{circled_hangul}")
"""The item labels of a Korean official document by depth: 1. 가. 1) 가) (1) (가) ① ㉮ (행정 효율과 협업 촉진에 관한
규정 시행규칙, article 2); deeper items take the last."""


def _circled(index: int) -> str:
    """① to ⑳, then ㉑ to ㉟ and ㊱ to ㊿ (Unicode's circled numbers); past 50 in parentheses."""
    if index <= 20:
        return chr(0x2460 + index - 1)
    if index <= 35:
        return chr(0x3251 + index - 21)
    if index <= 50:
        return chr(0x32B1 + index - 36)
    return f"({index})"


def item_label(path: tuple[int, ...], numbering: Numbering, lang: str, khmer_digits: bool, *,
               outline: bool = False) -> str:
    """The whole label of the item at ``path`` (its number under each item above it: ``(4, 1)`` is the first
    under the fourth), as every writer prints it.

    Korean numbering labels an item by its depth and its own number alone (``(4, 1)``: ``가.``); decimal
    numbering by its own number (``1.``), or with ``outline`` (a heading, a contents entry) by its whole path
    (``4.1.``), in the digits of ``lang``, the language that leads the label.
    """
    index = path[-1]
    if numbering == "korean":
        form = KOREAN_ITEM_LABELS[min(len(path), len(KOREAN_ITEM_LABELS)) - 1]
        hangul = _HANGUL_SERIES[index - 1] if index <= len(_HANGUL_SERIES) else str(index)
        circled_hangul = _CIRCLED_HANGUL[index - 1] if index <= len(_CIRCLED_HANGUL) else f"({hangul})"
        return form.format(digits=index, hangul=hangul, circled=_circled(index), circled_hangul=circled_hangul)
    numbers = path if outline else (index,)
    return label(".".join(str(number) for number in numbers) + ".", lang, khmer_digits)


__all__ = ["KOREAN_ITEM_LABELS", "LATIN_DIGITS", "LATIN_KEPT", "Numbering", "item_label", "label", "latin_numbers",
           "write_digits"]
