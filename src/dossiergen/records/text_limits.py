"""What a record's texts may hold: how long, which characters, how many marks on one letter.

The YAML parser bounds what it parses; these bound the work a text causes later: a title of a
million characters, a word that never breaks, a letter under a hundred thousand accents, and
characters that make printed text read otherwise than it is stored (a bidi override turns
400,000 into "000,004"). Every realistic record stays far below each limit (the samples' longest
text is 729 characters, their largest record 17,000 characters, their longest unbroken run 116).
``text_problem`` is called for every text of a record after YAML unescaping, every text
``i18n import`` would write, and every catalog translation.
"""

from __future__ import annotations

import re
import unicodedata

MAX_TEXT_CHARS = 20_000
"""Characters in one text (one language of one field): about eight pages of running text."""
MAX_RECORD_CHARS = 200_000
"""Characters in all the texts of a record once aliases are followed: about eighty pages."""
MAX_UNBROKEN_CHARS = 200
"""Characters in a run with no break opportunity (no space, no Khmer word boundary): wider than any line."""
MAX_MARKS_PER_CLUSTER = 8
"""Combining marks on one base letter; Khmer stacks at most four or five (a subscript, a vowel, signs)."""

_REFUSED = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 and C1 controls (tab and line feed are text)
    "\u061c\u200e\u200f"  # bidi marks
    "\u2028\u2029"  # line and paragraph separators
    "\u202a-\u202e\u2066-\u2069]"  # bidi embeddings, overrides and isolates
)
"""Characters a record's text may not carry. ZWSP, ZWNJ and ZWJ (U+200B-U+200D) stay: Khmer needs them."""

_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_BREAKLESS = re.compile(f"[^\\s\u200b]{{{MAX_UNBROKEN_CHARS + 1},}}")
"""A run longer than the limit with no space or ZWSP: a candidate, measured again after Khmer segmentation."""


def text_problem(text: str) -> str | None:
    """Why ``text`` may not be a record's text (the limit it exceeds, the character it carries), or None."""
    if len(text) > MAX_TEXT_CHARS:
        return f"{len(text):,} characters; a text may have at most {MAX_TEXT_CHARS:,}"
    if text.isascii() and text.isprintable():
        return _unbroken_problem(text)  # the common case, and the only check ASCII printable text can fail
    refused = _REFUSED.search(text)
    if refused is not None:
        return _character_problem(refused.group())
    return _marks_problem(text) or _unbroken_problem(text)


def _character_problem(char: str) -> str:
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "")
    if char in _BIDI:
        return (f"{code} {name} is not allowed in a record: a bidirectional control can make a figure or a"
                " word print in another order than it is stored")
    if char in "\u2028\u2029":
        return f"{code} {name} is not allowed in a record: start a new paragraph or item instead"
    return f"control character {code} is not allowed in a record (pasted from another program?)"


def _marks_problem(text: str) -> str | None:
    run = 0
    for char in text:
        if unicodedata.category(char)[0] == "M":
            run += 1
            if run > MAX_MARKS_PER_CLUSTER:
                return f"more than {MAX_MARKS_PER_CLUSTER} combining marks on one letter"
        else:
            run = 0
    return None


def _unbroken_problem(text: str) -> str | None:
    for match in _BREAKLESS.finditer(text):
        longest = _longest_unbroken(match.group())
        if longest > MAX_UNBROKEN_CHARS:
            return (f"a run of {longest:,} characters with no place to break a line (no space, no word"
                    f" boundary); at most {MAX_UNBROKEN_CHARS}")
    return None


def _longest_unbroken(run: str) -> int:
    """The longest piece of ``run`` once Khmer words are separated as the typeset stage separates them."""
    # imported here: ICU is loaded only for the rare text that needs it, not by every validate
    from dossiergen.render.typeset.khmer_breaks import ZWSP, break_khmer

    return max(len(piece) for piece in break_khmer(run).split(ZWSP))
