"""How full each page is, read from WeasyPrint's own layout (the ``Document`` that ``HTML.render()`` returns)
rather than from the PDF: render/pdf/rebalance.py measures every render, and parsing the PDF it has just written
cost it about a quarter of a render.

The measure is ``dossiergen check``'s (render/layout_check/fill.py): how far down the content box the page's
last drawn thing reaches -- a glyph, a border, a background, an image -- as a share of the box's height; the
running heads and footers (margin boxes) and the fixed bands (specimen band, DRAFT watermark) are not the page's
content. Roles come from the same ``page-role-*`` and ``signature-N`` ids the check reads as named destinations.

A page also says whether the next one starts where the document breaks by rule (a ``break-before: page``, a new
named page: the white space is by design), and which tables start at the head of the next page where the page
could have held them (a short table kept whole, pushed over: the rebalancer may let it split).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from weasyprint.formatting_structure import boxes

from dossiergen.render.layout_check.page import MM, PAGE_MARGINS_MM, TOLERANCE_PT, Destination, Marks

PX = 0.75
"""Points per CSS pixel: WeasyPrint lays out in pixels, the check measures in points."""
FORCED = frozenset({"page", "left", "right", "recto", "verso"})
SPLIT_CLASS = "dg-split"
"""The class print.css's kept-whole tables rule leaves out: a table the rebalancer lets split."""
SPLITTABLE_ROWS = range(4, 7)
"""The row groups print.css keeps whole (six rows or fewer) that could split leaving two rows on each side."""


@dataclass(frozen=True)
class PageFill:
    number: int
    """1-based."""
    depth: float
    """How far down the content box the content reaches, 0..1."""
    roles: frozenset[str]
    forced_break: bool
    """The next page starts at a break the stylesheet forces (or there is none): this page ends by design."""
    pushed_tables: frozenset[int] = frozenset()
    """The tables (their elements' positions in document order) that start the next page but would have begun
    on this one."""


def page_fills(document: Any) -> tuple[PageFill, ...]:
    """Each page of a rendered WeasyPrint ``Document``: its depth, roles and what starts the next page."""
    pages = document.pages
    if not pages:
        return ()
    order = {element: index for index, element in enumerate(_root_element(pages[0]).iter())}
    # the ids WeasyPrint anchors on each page are the PDF's named destinations: the check's roles
    roles = Marks({name: Destination(number, None) for number, page in enumerate(pages, 1)
                   for name in page.anchors}).roles(len(pages))
    measured = [_measure(page) for page in pages]
    fills = []
    for number, (depth, elements) in enumerate(measured, 1):
        forced, pushed = True, frozenset[int]()
        if number < len(pages):
            following = pages[number]
            forced = _starts_by_rule(pages[number - 1], following, elements)
            pushed = frozenset(order[table] for table in _pushed_tables(following, elements, 1 - depth)
                               if table in order)
        fills.append(PageFill(number, depth, frozenset(roles[number]), forced, pushed))
    return tuple(fills)


def mark_split(root: Any, tables: frozenset[int]) -> None:
    """Give the elements at ``tables`` (positions in document order of the parsed ``root``) the class that lets
    them split over pages; before the document is rendered (cssselect2 reads classes when styles are matched)."""
    if not tables:
        return
    for index, element in enumerate(root.iter()):
        if index in tables:
            element.set("class", f"{element.get('class', '')} {SPLIT_CLASS}".strip())


# --- one page ----------------------------------------------------------------------------------------

def _content_px(page: Any) -> tuple[float, float]:
    """The top and bottom of the content box, in pixels from the page's top (the check's margins)."""
    top, _, bottom, _ = PAGE_MARGINS_MM
    return top * MM / PX, page.height - bottom * MM / PX


def _root_element(page: Any) -> Any:
    return next(box for box in page._page_box.children if not isinstance(box, boxes.MarginBox)).element


def _flow(page: Any) -> Iterator[Any]:
    """The page's boxes in document order, less the margin boxes and fixed bands (and what they hold)."""
    stack = [box for box in reversed(page._page_box.children) if not isinstance(box, boxes.MarginBox)]
    while stack:
        box = stack.pop()
        box = getattr(box, "_box", box)  # an absolutely placed box (WeasyPrint leaves a placeholder in the flow)
        if box.style["position"] == "fixed" or box.style["visibility"] != "visible":
            continue
        yield box
        if isinstance(box, boxes.ParentBox):
            stack.extend(reversed(box.children))


def _measure(page: Any) -> tuple[float, set[Any]]:
    """The page's depth (the check's measure) and the elements it holds."""
    top, bottom = _content_px(page)
    tolerance = TOLERANCE_PT / PX
    reach, elements = [], set()
    for box in _flow(page):
        elements.add(box.element)
        for upper, lower in _drawn(box):
            if isinstance(box, boxes.TextBox):  # a glyph counts where its middle is (check: the char's)
                if top - tolerance <= (upper + lower) / 2 <= bottom + tolerance:
                    reach.append(lower)
            elif lower > top + tolerance and upper < bottom - tolerance:
                reach.append(lower)
    depth = max(0.0, min(max(reach), bottom) - top) / (bottom - top) if reach else 0.0
    return depth, elements


def _drawn(box: Any) -> Iterator[tuple[float, float]]:
    """The top and bottom of what ``box`` draws: its glyphs, its borders and background, its image."""
    if isinstance(box, boxes.TextBox):
        if box.text.strip():
            yield box.position_y, box.position_y + box.height
        return
    if isinstance(box, (boxes.LineBox, boxes.PageBox)) or not hasattr(box, "border_height"):
        return
    upper = box.position_y + box.margin_top
    lower = upper + box.border_height()
    style = box.style
    if isinstance(box, boxes.ReplacedBox) or style["background_color"].alpha > 0 \
            or any(layer.image is not None for layer in getattr(box.background, "layers", ()) or ()):
        yield upper, lower
        return
    if box.border_top_width > 0 and style["border_top_style"] not in ("none", "hidden"):
        yield upper, upper + box.border_top_width
    if box.border_bottom_width > 0 and style["border_bottom_style"] not in ("none", "hidden"):
        yield lower - box.border_bottom_width, lower
    for side in ("left", "right"):
        if getattr(box, f"border_{side}_width", 0) > 0 and style[f"border_{side}_style"] not in ("none", "hidden"):
            yield upper, lower


# --- between two pages ---------------------------------------------------------------------------------

def _starts(page: Any, before: set[Any]) -> Iterator[Any]:
    """The boxes at the head of ``page`` whose elements start there (not continued from the page ``before``
    held): down the first children, from the body."""
    box = next(box for box in page._page_box.children if not isinstance(box, boxes.MarginBox))
    while isinstance(box, boxes.ParentBox) and box.children:
        children = [child for child in box.children if child.style["position"] not in ("fixed", "absolute")]
        if not children:
            return
        box = children[0]
        if box.element not in before:
            yield box


def _starts_by_rule(page: Any, following: Any, elements: set[Any]) -> bool:
    """The ``following`` page starts at a forced break: a new named page, or a break the stylesheet forces."""
    if page._page_box.page_type.name != following._page_box.page_type.name:
        return True
    return any(box.style["break_before"] in FORCED for box in _starts(following, elements))


def _pushed_tables(following: Any, before: set[Any], room: float) -> Iterator[Any]:
    """The short tables kept whole that start on ``following`` within the ``room`` (share of the content box) the
    page before left empty: such a table would have begun on that page if it had been let split."""
    top, bottom = _content_px(following)
    for box in _flow(following):
        if isinstance(box, boxes.TableBox) and box.element not in before \
                and box.position_y - top < room * (bottom - top) \
                and any(len(group.findall("tr")) in SPLITTABLE_ROWS for group in box.element.findall("tbody")):
            yield box.element

