"""Stranded headings: a heading that is the last thing on its page, its text on the next.

Headings are known from the PDF itself. A tagged PDF's structure tree holds them (``H``,
``H1``..``H6``, with the marked content of their glyphs); an untagged PDF's outline gives each
bookmarked heading's text, page and top: its lines are those, from the top down, whose text the
bookmark holds (headings without a bookmark, such as the dossier's sub-headings, are seen in
tagged PDFs only).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

from dossiergen.render.layout_check.finding import Finding
from dossiergen.render.layout_check.page import TOLERANCE_PT, Box, Destination, Obj, baseline

HEADING_TYPES = frozenset({"H", "H1", "H2", "H3", "H4", "H5", "H6"})


def _lines(chars: Iterable[Obj], page_height: float) -> list[list[Obj]]:
    """Glyphs grouped into lines by baseline, top to bottom, each left to right."""
    lines: dict[float, list[Obj]] = {}
    for char in sorted(chars, key=lambda char: baseline(char, page_height)):
        y = baseline(char, page_height)
        key = next((known for known in lines if abs(known - y) < 1.5), y)
        lines.setdefault(key, []).append(char)
    return [sorted(line, key=lambda char: char["x0"]) for _, line in sorted(lines.items())]


def _letters(text: str) -> str:
    """Letters and digits of scripts whose glyphs extract in order (Khmer's may not: left out)."""
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN" and not "\u1780" <= ch <= "\u17ff")


def _in_title(line: list[Obj], title: str) -> bool:
    text = "".join(char["text"] for char in line)
    letters = _letters(text)
    if letters:
        return letters in _letters(title)
    return {ch for ch in text if not ch.isspace()} <= set(title)


def _following(chars: list[Obj], objects: list[Obj], below: float, box: Box) -> bool:
    """Some text, image or drawing lies below ``below`` inside the content box."""
    return (any(char["top"] > below - TOLERANCE_PT and char["bottom"] <= box.bottom + TOLERANCE_PT for char in chars)
            or any(obj["top"] > below and obj["bottom"] <= box.bottom + TOLERANCE_PT for obj in objects))


def _finding(number: int, heading: list[Obj], box: Box) -> Finding:
    text = "".join(char["text"] for char in sorted(heading, key=lambda char: (round(char["top"]), char["x0"])))
    bottom = max(char["bottom"] for char in heading)
    return Finding(number, "stranded-heading", text[:60],
                   f"is the last text on the page (ends {box.bottom - bottom:.0f} pt above the content box's foot)")


def outline_headings(number: int, chars: list[Obj], objects: list[Obj], box: Box, page_height: float,
                     outline: list[tuple[str, Destination]]) -> Iterator[Finding]:
    """Stranded headings of an untagged page, from the outline entries that point into it."""
    content = [char for char in chars if box.top - TOLERANCE_PT <= char["top"] and char["bottom"] <= box.bottom + 1]
    for title, destination in outline:
        if destination.page != number or destination.top is None:
            continue
        lines = _lines((char for char in content if char["top"] >= destination.top - 2), page_height)
        heading: list[Obj] = []
        for line in lines:
            if not _in_title(line, title):
                break
            heading += line
        if heading and len(heading) == sum(map(len, lines)):
            rest = [obj for obj in objects if obj["top"] > max(char["bottom"] for char in heading) + 6]
            if not rest:
                yield _finding(number, heading, box)


def _mcids(element: dict[str, Any], page_number: int) -> Iterator[int]:
    if element.get("page_number", page_number) == page_number:
        yield from element.get("mcids") or ()
    for child in element.get("children") or ():
        yield from _mcids(child, page_number)


def _heading_elements(elements: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for element in elements:
        if element.get("type") in HEADING_TYPES:
            yield element
        else:
            yield from _heading_elements(element.get("children") or ())


def tagged_headings(number: int, chars: list[Obj], objects: list[Obj], box: Box,
                    tree: list[dict[str, Any]]) -> Iterator[Finding]:
    """Stranded headings of a tagged page, from its structure tree's heading elements."""
    content = [char for char in chars if box.top - TOLERANCE_PT <= char["top"] and char["bottom"] <= box.bottom + 1]
    for element in _heading_elements(tree):
        mcids = set(_mcids(element, number))
        heading = [char for char in content if char.get("mcid") in mcids]
        if not heading:
            continue
        bottom = max(char["bottom"] for char in heading)
        others = [char for char in content if char.get("mcid") not in mcids]
        if not _following(others, [obj for obj in objects if obj["top"] > bottom + 6], bottom, box):
            yield _finding(number, heading, box)
