"""Records that cost more than they parse, too large to keep as files: built from the reference project.

Shared by ``tests/test_hostile_texts.py`` (each refused with its exact line) and
``benchmarks/hostile_inputs.py`` (the memory and time each refusal takes). Each builder returns
the record's text and the line and message ``dossiergen`` prints for it (without the path).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

REFERENCE = Path(__file__).parent / "data" / "invalid" / "ref-project.yaml"
TITLE_EN = 'en: "Reference project"'
NO_BOUNDARY = "ង្គ្គ"
"""Five Khmer code points in which ICU's dictionary finds no word boundary, however often repeated."""


def _reference() -> str:
    return REFERENCE.read_text(encoding="utf-8").split("\n", 1)[1]  # without the comment that says what it is


def _variant(old: str, new: str) -> str:
    text = _reference()
    assert old in text, old
    return text.replace(old, new, 1)


def _alias_bomb(text_chars: int, aliases: int) -> str:
    """An anchored English description of ``text_chars`` characters, aliased ``aliases`` times in ``annexes:``."""
    words = "word " * (text_chars // 5)
    record = _variant('en: "{outcomes_t} tonnes in total"', f'en: &big "{words}"')
    return record + "annexes:\n" + "".join(f"  - {{title: {{en: *big}}, file: a{n}.pdf}}\n" for n in range(aliases))


def _line(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


Case = Callable[[], tuple[str, int, str]]


def alias_bomb() -> tuple[str, int, str]:
    """0.8 MB: 400,000 characters aliased 2,000 times (800 million characters to lay out)."""
    text = _alias_bomb(400_000, 2_000)
    return text, _line(text, "&big"), "description[0].en: 400,000 characters; a text may have at most 20,000"


def alias_bomb_of_short_texts() -> tuple[str, int, str]:
    """Each repeated text within the limit of a text; together over the limit of a record."""
    text = _alias_bomb(19_000, 2_000)
    # the line of the text whose repetition crossed the limit
    return (text, _line(text, "&big"),
            "more than 200,000 characters of text once aliases are followed, more than a record may have")


def title_of_900_kb() -> tuple[str, int, str]:
    text = _variant(TITLE_EN, 'en: "' + "Reference project " * 50_000 + '"')
    return text, _line(text, "title:"), "title.en: 900,000 characters; a text may have at most 20,000"


def khmer_run_of_50000() -> tuple[str, int, str]:
    text = _variant('km: "គម្រោងយោង"', 'km: "' + NO_BOUNDARY * 10_000 + '"')
    return text, _line(text, "title:"), "title.km: 50,000 characters; a text may have at most 20,000"


def khmer_run_of_19000() -> tuple[str, int, str]:
    text = _variant('km: "គម្រោងយោង"', 'km: "' + NO_BOUNDARY * 3_800 + '"')
    return (text, _line(text, "title:"), "title.km: a run of 19,000 characters with no place to break a line"
                                         " (no space, no word boundary); at most 200")


def combining_marks_100000() -> tuple[str, int, str]:
    text = _variant(TITLE_EN, 'en: "Reference proje' + "\u0301" * 100_000 + 'ct"')
    return text, _line(text, "title:"), "title.en: 100,017 characters; a text may have at most 20,000"


def combining_marks_15000() -> tuple[str, int, str]:
    text = _variant(TITLE_EN, 'en: "Reference proje' + "\u0301" * 15_000 + 'ct"')
    return text, _line(text, "title:"), "title.en: more than 8 combining marks on one letter"


CASES: dict[str, Case] = {
    "alias-bomb": alias_bomb,
    "alias-bomb-of-short-texts": alias_bomb_of_short_texts,
    "title-of-900-kb": title_of_900_kb,
    "khmer-run-of-50000": khmer_run_of_50000,
    "khmer-run-of-19000": khmer_run_of_19000,
    "combining-marks-100000": combining_marks_100000,
    "combining-marks-15000": combining_marks_15000,
}
"""Every generated case by name."""
