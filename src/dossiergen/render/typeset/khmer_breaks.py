"""Khmer line breaking: word boundaries from ICU's dictionary, marked with U+200B.

Khmer writes no spaces between words and Pango finds no break opportunity in it, so a
Khmer sentence would never wrap. ICU's word break iterator for ``km`` knows the words.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import icu

ZWSP = "\u200b"
COENG = "\u17d2"
"""The sign that stacks the next consonant under the one before: no word begins after it."""


def _is_khmer(ch: str) -> bool:
    """A Khmer letter, sign or digit; not Khmer punctuation (។ ៕ ៖ ...), which must not start a line."""
    return ("\u1780" <= ch <= "\u17d3" or "\u17dd" <= ch <= "\u17ff" or "\u19e0" <= ch <= "\u19ff")


@lru_cache(maxsize=1)
def _iterator() -> icu.BreakIterator:
    return icu.BreakIterator.createWordInstance(icu.Locale("km"))


def khmer_words(text: str) -> list[str]:
    """``text`` cut at ICU's word boundaries (the pieces join back to ``text``)."""
    iterator = _iterator()
    ustr = icu.UnicodeString(text)  # boundaries are UTF-16 offsets
    iterator.setText(ustr)
    pieces = []
    start = iterator.first()
    for end in iterator:
        pieces.append(str(ustr[start:end]))
        start = end
    return pieces


def load_compounds(path: Path) -> frozenset[str]:
    """The project's Khmer names that must not break (one a line, ``#`` starts a comment)."""
    if not path.is_file():
        return frozenset()
    names = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return frozenset(name for name in names if name)


def break_khmer(text: str, compounds: Iterable[str] = ()) -> str:
    """Put a zero-width space between two Khmer words, and nowhere else.

    ICU's dictionary splits some names into their words (ក្រសួង|បរិស្ថាន, "ministry" |
    "environment"); a name in ``compounds`` is never broken inside.
    """
    if not any(_is_khmer(ch) for ch in text):
        return text
    kept_whole: set[int] = set()
    bounds: set[int] = set()
    for name in compounds:
        start = text.find(name)
        while start != -1:
            kept_whole.update(range(start + 1, start + len(name)))
            # a name's ends are word ends, also where ICU reads its last syllable with the next word's
            # (កិច្ចសហប្រតិបត្តិ|ការកាត់បន្ថយ)
            bounds.update(edge for edge in (start, start + len(name)) if _cluster_start(text, edge))
            start = text.find(name, start + 1)
    position = 0
    for piece in khmer_words(text):
        position += len(piece)
        bounds.add(position)
    out: list[str] = []
    last = 0
    for bound in sorted(bounds - kept_whole):
        if 0 < bound < len(text) and _is_khmer(text[bound - 1]) and _is_khmer(text[bound]):
            out += [text[last:bound], ZWSP]
            last = bound
    return "".join(out) + text[last:]


def _cluster_start(text: str, index: int) -> bool:
    """Whether a grapheme cluster begins at ``index``: not at a vowel sign or a sign, nor after a coeng."""
    return 0 < index < len(text) and text[index - 1] != COENG and not unicodedata.category(text[index]).startswith("M")
