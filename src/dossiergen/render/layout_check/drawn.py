"""Drawn objects out of place: rules, boxes, lines, curves and images that reach outside the
content box (into the side margins, or the foot), and text that a horizontal rule runs through.

The top margin holds the page's furniture by design (running heads, the SPECIMEN band, a letter's
frame, the letterhead): an object wholly inside it is furniture, and only checked for the width.
"""

from __future__ import annotations

from dossiergen.render.layout_check.finding import Finding
from dossiergen.render.layout_check.page import TOLERANCE_PT, Box, Obj, baseline

RULE_THICKNESS_PT = 2.0
"""A filled box no thicker than this is a rule."""


def outside_findings(number: int, objects: list[tuple[str, Obj]], box: Box) -> list[Finding]:
    findings = []
    for kind, obj in objects:
        if obj["x1"] - obj["x0"] < 0.01 and obj["bottom"] - obj["top"] < 0.01:
            continue  # an empty path draws nothing
        furniture = obj["bottom"] <= box.top + TOLERANCE_PT
        sides = obj["x0"] < box.left - TOLERANCE_PT or obj["x1"] > box.right + TOLERANCE_PT
        ends = not furniture and (obj["top"] < box.top - TOLERANCE_PT or obj["bottom"] > box.bottom + TOLERANCE_PT)
        if sides or ends:
            past = max(box.left - obj["x0"], obj["x1"] - box.right, box.top - obj["top"] if ends else 0,
                       obj["bottom"] - box.bottom)
            findings.append(Finding(number, "outside-content-box", kind,
                                    f"at x {obj['x0']:.1f}-{obj['x1']:.1f}, y {obj['top']:.1f}-{obj['bottom']:.1f} pt,"
                                    f" {past:.1f} pt outside the content box"
                                    f" ({box.left:.1f}-{box.right:.1f}, {box.top:.1f}-{box.bottom:.1f})"))
    return findings


def horizontal_rules(objects: list[tuple[str, Obj]]) -> list[Obj]:
    """Lines and thin filled boxes, wider than tall."""
    rules = []
    for kind, obj in objects:
        width, height = obj["x1"] - obj["x0"], obj["bottom"] - obj["top"]
        if width > 3 and (kind == "line" and height < 0.5 or kind == "rect" and height <= RULE_THICKNESS_PT):
            rules.append(obj)
    return rules


def rule_findings(number: int, chars: list[Obj], rules: list[Obj], page_height: float) -> list[Finding]:
    """Glyphs a horizontal rule runs through: the rule crosses the body of the letters (between the
    baseline and the x-height), not their descenders or the space between lines."""
    findings = []
    for char in chars:
        if char["x1"] - char["x0"] < 0.5:
            continue
        base = baseline(char, page_height)
        low, high = base - 0.1 * char["size"], base - 0.5 * char["size"]
        for rule in rules:
            y = (rule["top"] + rule["bottom"]) / 2
            if (high < y < low and min(char["x1"], rule["x1"]) - max(char["x0"], rule["x0"]) > TOLERANCE_PT):
                findings.append(Finding(number, "crosses-rule", char["text"],
                                        f"at x {char['x0']:.1f}-{char['x1']:.1f} pt, a horizontal rule at y {y:.1f}"))
                break
    return findings
