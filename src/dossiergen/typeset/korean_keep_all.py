"""Korean line breaking: keep each eojeol (the space-separated word) whole.

Korean breaks lines at spaces; a break between two syllables of a word (캄보|디아) reads
as a typo. CSS says ``word-break: keep-all``, which WeasyPrint ignores, so a WORD JOINER
(U+2060, an invisible "no break here") goes between the characters of each word that
touch a Hangul syllable. A word longer than its line still breaks: the stylesheet gives
Korean text ``overflow-wrap: break-word``.
"""

from __future__ import annotations

WORD_JOINER = "\u2060"


def _is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3" or "\u1100" <= ch <= "\u11ff" or "\u3130" <= ch <= "\u318f"


def keep_eojeol_whole(text: str) -> str:
    """Join the characters of every word that contains Hangul, so lines break only at spaces."""
    if not any(_is_hangul(ch) for ch in text):
        return text
    out: list[str] = []
    previous = ""
    for ch in text:
        if previous and not previous.isspace() and not ch.isspace() and (_is_hangul(previous) or _is_hangul(ch)):
            out.append(WORD_JOINER)
        out.append(ch)
        previous = ch
    return "".join(out)
