"""Nearly empty pages: a page, other than a cover, a signature page or an annex, whose content
ends in the top fifth of its content box.

The measure is height, not area: how far down the content box the page's last text or drawn
object reaches (from the top of the content box, as a share of its height). A reader sees a
page as empty by the white space below its last line; area would count a page of short table
rows or a wide-spaced two-column text as emptier than a page holding one long line, and a
page starts at the top of its box, so the height of the text block is its depth.
"""

from __future__ import annotations

from dossiergen.render.layout_check.finding import Finding
from dossiergen.render.layout_check.page import TOLERANCE_PT, Box, Obj

MIN_FILL = 0.2
"""A page's content reaches at least this share of the content box's height."""
EXEMPT_ROLES = frozenset({"cover", "signature", "annex"})


def depth(chars: list[Obj], objects: list[Obj], box: Box) -> float:
    """How far down the content box the page's content reaches, 0..1."""
    bottoms = [char["bottom"] for char in chars if box.top - TOLERANCE_PT <= (char["top"] + char["bottom"]) / 2
               <= box.bottom + TOLERANCE_PT]
    bottoms += [obj["bottom"] for obj in objects if obj["bottom"] > box.top + TOLERANCE_PT
                and obj["top"] < box.bottom - TOLERANCE_PT]
    if not bottoms:
        return 0.0
    return max(0.0, min(float(max(bottoms)), box.bottom) - box.top) / box.height


def fill_findings(number: int, chars: list[Obj], objects: list[Obj], box: Box, roles: set[str]) -> list[Finding]:
    if roles & EXEMPT_ROLES:
        return []
    share = depth(chars, objects, box)
    if share >= MIN_FILL:
        return []
    inside = sorted((char for char in chars if box.top <= char["top"] and char["bottom"] <= box.bottom + TOLERANCE_PT),
                    key=lambda char: (round(char["bottom"]), char["x0"]))
    last = "".join(char["text"] for char in inside if round(char["bottom"]) == round(inside[-1]["bottom"]))
    return [Finding(number, "nearly-empty", last[:60],
                    f"content ends at {share:.0%} of the content box's height (under {MIN_FILL:.0%})")]
