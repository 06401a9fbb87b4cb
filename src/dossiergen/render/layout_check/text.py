"""Text faults: glyphs outside the content box's width or across a table's vertical rule, glyphs
of different scripts set over each other, missing glyphs, and glyphs from a font the project did
not choose."""

from __future__ import annotations

from dossiergen.render.layout_check.finding import Finding
from dossiergen.render.layout_check.page import TOLERANCE_PT, Box, Obj

CHOSEN_FONT_PREFIX = "DG-"
"""WeasyPrint names embedded fonts after their CSS family; ours all start "DG ..." (fonts.py)."""


def _script(ch: str) -> str:
    if "\u1780" <= ch <= "\u17ff" or "\u19e0" <= ch <= "\u19ff":
        return "khmer"
    if "\uac00" <= ch <= "\ud7a3" or "\u1100" <= ch <= "\u11ff" or "\u3130" <= ch <= "\u318f":
        return "hangul"
    return "other"


def _overlap(a: Obj, b: Obj) -> float:
    """How much of the smaller of two glyph boxes the other covers (0..1)."""
    width = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
    height = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    if width <= 0 or height <= 0:
        return 0.0
    smaller = min((a["x1"] - a["x0"]) * (a["bottom"] - a["top"]), (b["x1"] - b["x0"]) * (b["bottom"] - b["top"]))
    return float(width * height / smaller) if smaller > 0 else 0.0


def text_findings(number: int, chars: list[Obj], edges: list[Obj], box: Box) -> list[Finding]:
    """The text faults of one page (``chars`` without the watermark, ``edges`` pdfplumber's)."""
    findings: list[Finding] = []
    left, right = box.left - TOLERANCE_PT, box.right + TOLERANCE_PT
    rules = [edge for edge in edges if edge["orientation"] == "v"]
    for char in chars:
        # a zero-width mark sits on its base glyph: where pdfplumber puts it says nothing
        if char["x1"] - char["x0"] > 0.01 and (char["x0"] < left or char["x1"] > right):
            findings.append(Finding(number, "overflow", char["text"],
                                    f"at x {char['x0']:.1f}-{char['x1']:.1f} pt, outside {left:.1f}-{right:.1f}"))
        if char["text"].startswith("(cid:") or char["text"] == "\ufffd":
            findings.append(Finding(number, "missing-glyph", char["text"], f"in {char['fontname']}"))
        # a table cell's text that ran past its cell crosses the cell's vertical rule
        middle = (char["top"] + char["bottom"]) / 2
        for edge in rules:
            if (edge["top"] <= middle <= edge["bottom"]
                    and char["x0"] + TOLERANCE_PT < edge["x0"] < char["x1"] - TOLERANCE_PT):
                findings.append(Finding(number, "crosses-rule", char["text"],
                                        f"at x {char['x0']:.1f}-{char['x1']:.1f} pt, rule at {edge['x0']:.1f}"))
                break
        font = char["fontname"].split("+", 1)[-1]
        if not font.startswith(CHOSEN_FONT_PREFIX):
            findings.append(Finding(number, "fallback-font", char["text"], f"set in {font}, not a chosen font"))
    # a line that ran past its column lands on the next column's text: glyphs of
    # different scripts covering each other (glyphs of one script stack by design)
    ordered = sorted(chars, key=lambda char: char["x0"])
    for index, char in enumerate(ordered):
        for other in ordered[index + 1:]:
            if other["x0"] >= char["x1"]:
                break
            if _script(char["text"]) != _script(other["text"]) and _overlap(char, other) > 0.3:
                findings.append(Finding(number, "overlap", char["text"] + other["text"],
                                        f"at x {char['x0']:.1f}, y {char['top']:.1f} pt"))
    return findings
