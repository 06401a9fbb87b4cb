"""Running heads of more than one line: the text in the page's top margin (the @top-left and
@top-right margin boxes) set on more than one baseline.

Text inside a drawn box in the top margin is a band (the SPECIMEN band, a letter's frame band),
not a running head; the first page's letterhead stands where a document's first page has no
running head (print.css), so first pages and annexes are left out.
"""

from __future__ import annotations

from dossiergen.render.layout_check.finding import Finding
from dossiergen.render.layout_check.page import TOLERANCE_PT, Box, Obj, baseline

LINE_GAP_PT = 1.5
"""Glyphs whose baselines lie closer than this are on one line (scripts share a baseline)."""


def _inside(char: Obj, boxes: list[Obj]) -> bool:
    middle_x, middle_y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
    return any(box["x0"] <= middle_x <= box["x1"] and box["top"] <= middle_y <= box["bottom"] for box in boxes)


def running_head_findings(number: int, chars: list[Obj], rects: list[Obj], box: Box, page_height: float,
                          roles: set[str]) -> list[Finding]:
    if number == 1 or roles & {"cover", "annex"}:
        return []
    bands = [rect for rect in rects if rect["bottom"] < box.top + TOLERANCE_PT and rect["height"] > 4]
    head = [char for char in chars if char["bottom"] < box.top and char["text"].strip() and not _inside(char, bands)]
    lines: dict[float, list[Obj]] = {}
    for char in sorted(head, key=lambda char: baseline(char, page_height)):
        y = baseline(char, page_height)
        key = next((known for known in lines if abs(known - y) < LINE_GAP_PT), y)
        lines.setdefault(key, []).append(char)
    if len(lines) < 2:
        return []
    texts = ["".join(char["text"] for char in sorted(line, key=lambda char: char["x0"])) for _, line in
             sorted(lines.items())]
    return [Finding(number, "running-head-lines", " / ".join(text[-30:] for text in texts),
                    f"the running head is set on {len(lines)} lines (baselines at "
                    + ", ".join(f"{y:.1f}" for y in sorted(lines)) + " pt)")]
