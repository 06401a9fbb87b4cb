"""Khmer line breaking: word boundaries from ICU's dictionary, marked with U+200B.

Khmer writes no spaces between words and Pango finds no break opportunity in it, so a
Khmer sentence would never wrap. ICU's word break iterator for ``km`` knows the words.
"""

from __future__ import annotations

from functools import lru_cache

import icu

ZWSP = "\u200b"


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


def break_khmer(text: str) -> str:
    """Put a zero-width space between two Khmer words, and nowhere else."""
    if not any(_is_khmer(ch) for ch in text):
        return text
    pieces = khmer_words(text)
    out = [pieces[0]] if pieces else []
    for previous, piece in zip(pieces, pieces[1:]):
        if _is_khmer(previous[-1]) and _is_khmer(piece[0]):
            out.append(ZWSP)
        out.append(piece)
    return "".join(out)
