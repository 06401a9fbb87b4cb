"""Words no line may break inside, whatever the script: identifiers everywhere, hyphenated compounds in headings.

A line breaker may end a line after a slash or a hyphen: ``MOE-KH/LoA/ | 2025/003`` splits a letter's
number, ``working- | group`` a title's compound. An identifier is what ``i18n/numerals.py`` keeps in Latin
digits (a letter's or a decision's number, a project id, a serial block): the same words are kept whole
here. A WORD JOINER (U+2060, invisible, extracted as nothing) after each slash and hyphen inside them
takes the break away; a heading's compound of letters joined by a hyphen keeps it the same way.
"""

from __future__ import annotations

import re

from dossiergen.i18n.numerals import ANY_DIGIT, identifiers
from dossiergen.render.typeset.korean_keep_all import WORD_JOINER

_BREAKS_AFTER = re.compile(f"([/-])(?!{WORD_JOINER})")
"""A slash or a hyphen a line could end after (one the Korean stage already joined is left)."""
_COMPOUND_HYPHEN = re.compile(f"(?<=[^\\W\\d_])-(?!{WORD_JOINER})(?=[^\\W\\d_])")
"""A hyphen between two letters: working-group, Korea-Cambodia."""


def keep_identifiers_whole(text: str) -> str:
    """``text`` with no line break possible inside its identifiers."""
    out, position = [], 0
    for match in identifiers(text):
        out += [text[position:match.start()], _BREAKS_AFTER.sub(f"\\1{WORD_JOINER}", match[0])]
        position = match.end()
    return "".join(out) + text[position:]


def keep_compounds_whole(text: str) -> str:
    """``text`` (a heading's) with no line break after the hyphen of a compound."""
    return _COMPOUND_HYPHEN.sub(f"-{WORD_JOINER}", text)


_COUNT = re.compile(f"(?<!\\S)({ANY_DIGIT}{{1,3}}(?:[,.]{ANY_DIGIT}{{3}})*) (?=[\u1780-\u17b3])")
"""A number on its own before a Khmer word: the count and what it counts (៧ ប្រទេស, 7 countries); a year
(២០២៤, four digits ungrouped) is not a count."""


def keep_counts_whole(text: str) -> str:
    """Khmer ``text`` with no line break between a number and the word it counts."""
    return _COUNT.sub(f"\\1 {WORD_JOINER}", text)
