"""Korean line breaking: keep each eojeol (the space-separated word) whole.

Korean breaks lines at spaces; a break between two syllables of a word (캄보|디아) reads
as a typo. CSS says ``word-break: keep-all``, which WeasyPrint ignores, so a WORD JOINER
(U+2060, an invisible "no break here") goes between the characters of each word of a text that
contains Hangul: the Latin letters, digits and punctuation of its words too (6/CMA.4의 would
otherwise break after the full stop, "18/CMA.1)" after the slash).

A word longer than ``LONGEST_KEPT`` characters is left as it is, so that it can still break
between syllables rather than run out of a narrow column: ``overflow-wrap: break-word``
does that for a paragraph, but not in a table cell, whose width WeasyPrint takes from its
longest unbreakable word. Real eojeols are far shorter (국제탄소감축사업을 has 9).
"""

from __future__ import annotations

import re

WORD_JOINER = "\u2060"
LONGEST_KEPT = 20
DATE_SPACE = re.compile(r"(?<=[0-9]\.) (?=[0-9])")
"""The spaces inside an official date (2025. 7. 21.), which must not break either."""


def _is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3" or "\u1100" <= ch <= "\u11ff" or "\u3130" <= ch <= "\u318f"


def _join(word: str) -> str:
    if len(word) > LONGEST_KEPT or len(word) < 2 or word.isspace():
        return word
    out: list[str] = [word[0]]
    for previous, ch in zip(word, word[1:], strict=False):
        if WORD_JOINER not in (previous, ch):
            out.append(WORD_JOINER)
        out.append(ch)
    return "".join(out)


def keep_eojeol_whole(text: str) -> str:
    """Join the characters of every word of a Korean text, so lines break only at spaces.

    A text with Hangul is Korean: its Latin words and codes are kept whole too (18/CMA.1 would
    otherwise break after the slash, and a line ending in "18/" reads as a typo)."""
    text = DATE_SPACE.sub(" " + WORD_JOINER, text)  # no break after the space: LB11 forbids one before WJ
    if not any(_is_hangul(ch) for ch in text):
        return text
    return "".join(_join(piece) for piece in re.split(r"(\s+)", text))
