"""Layout checks on a rendered PDF: text that runs out of its page's content box or across a
table rule, text set over other text, and glyphs that are missing or came from a font the
project did not choose.

``dossiergen check FILE.pdf`` runs them; the tests run them on every sample document.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.psparser import PSException
from pdfplumber.utils.exceptions import PdfminerException

from dossiergen.errors import InputError, Problem

MM = 72 / 25.4
PAGE_MARGIN_X_MM = 18.0
"""Left and right page margins of templates/css/print.css (a test keeps the two in step)."""
TOLERANCE_PT = 0.75
CHOSEN_FONT_PREFIX = "DG-"
WATERMARK_RGB = (155 / 255, 28 / 255, 29 / 255)
"""The DRAFT watermark's colour in print.css: it lies over the page on purpose."""
"""WeasyPrint names embedded fonts after their CSS family; ours all start "DG ..." (fonts.py)."""


@dataclass(frozen=True)
class Finding:
    page: int
    kind: str
    """``overflow``, ``crosses-rule``, ``overlap``, ``missing-glyph`` or ``fallback-font``."""
    text: str
    detail: str

    def problem(self, path: Path) -> Problem:
        return Problem(path, None, None, f"page {self.page}: {self.kind}: {self.text!r} {self.detail}")


def _script(ch: str) -> str:
    if "\u1780" <= ch <= "\u17ff" or "\u19e0" <= ch <= "\u19ff":
        return "khmer"
    if "\uac00" <= ch <= "\ud7a3" or "\u1100" <= ch <= "\u11ff" or "\u3130" <= ch <= "\u318f":
        return "hangul"
    return "other"


def _is_watermark(char: dict[str, Any]) -> bool:
    colour = char.get("non_stroking_color") or ()
    return len(colour) == 3 and all(abs(a - b) < 0.002 for a, b in zip(colour, WATERMARK_RGB, strict=True))


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> float:
    """How much of the smaller of two glyph boxes the other covers (0..1)."""
    width = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
    height = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    if width <= 0 or height <= 0:
        return 0.0
    smaller = min((a["x1"] - a["x0"]) * (a["bottom"] - a["top"]), (b["x1"] - b["x0"]) * (b["bottom"] - b["top"]))
    return width * height / smaller if smaller > 0 else 0.0


def check_pdf(path: Path, margin_x_mm: float = PAGE_MARGIN_X_MM) -> list[Finding]:
    """Every layout fault found in ``path``, page by page."""
    findings: list[Finding] = []
    try:
        pdf = pdfplumber.open(path)
    except (PdfminerException, PSException, OSError) as error:
        raise InputError(Problem(path, None, None, f"not a PDF that can be read: {error}")) from None
    with pdf:
        for number, page in enumerate(pdf.pages, 1):
            left, right = margin_x_mm * MM - TOLERANCE_PT, page.width - margin_x_mm * MM + TOLERANCE_PT
            chars = [char for char in page.chars if char["text"].strip() and not _is_watermark(char)]
            rules = [edge for edge in page.edges if edge["orientation"] == "v"]
            for char in chars:
                # a zero-width mark sits on its base glyph: where pdfplumber puts it says nothing
                if char["x1"] - char["x0"] > 0.01 and (char["x0"] < left or char["x1"] > right):
                    findings.append(Finding(number, "overflow", char["text"],
                                            f"at x {char['x0']:.1f}-{char['x1']:.1f} pt,"
                                            f" outside {left:.1f}-{right:.1f}"))
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
    return _unique(findings)


def _unique(findings: list[Finding]) -> list[Finding]:
    """One finding per page and kind, the first, saying how many more there are."""
    grouped: dict[tuple[int, str], list[Finding]] = {}
    for finding in findings:
        grouped.setdefault((finding.page, finding.kind), []).append(finding)
    out = []
    for group in grouped.values():
        first = group[0]
        more = f" (and {len(group) - 1} more on this page)" if len(group) > 1 else ""
        out.append(Finding(first.page, first.kind, first.text, first.detail + more))
    return out
