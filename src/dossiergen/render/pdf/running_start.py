"""Running heads that name the section in effect at the top of the page: ``string(section, start)`` as CSS GCPM says.

print.css sets the dossier's running section with ``string(section, start)``: on a page where a section
starts, its name if the page opens with it, else the name in effect before (the section the page's first
line continues). WeasyPrint 70 (``layout/__init__.py``, ``get_string_or_element_for``) decides "the page opens
with it" by following each box's first child down from the page; but it puts the fixed boxes of earlier
pages (a document's watermark, its specimen band) first among the root's children, and a fixed box of the
page's own comes first in its parent, so that walk never reaches the heading and every page in which a section
starts named the one before, the page a section opens with included.

This wraps that method: for ``start``, the walk skips boxes out of the flow (fixed and absolutely positioned),
and a page whose first in-flow box does not set the string names the last value of the pages before. Every
other keyword is WeasyPrint's own. Pinned like the other adapters (``pinned.py``).
"""

from __future__ import annotations

from typing import Any

from weasyprint.layout import LayoutContext

from dossiergen.render.pdf.pinned import PinnedPatch


def _opens_with(page: Any, name: str) -> bool:
    """Whether the first in-flow box at the top of ``page``, or one of its first descendants, sets ``name``."""
    box = page
    while box is not None:
        if box.style["string_set"] != "none" and any(each == name for each, _ in box.style["string_set"]):
            return True
        children = [child for child in getattr(box, "children", ()) if child.is_in_normal_flow()]
        box = children[0] if children else None
    return False


def _string_or_element_for(context: Any, store: Any, page: Any, name: str, keyword: str) -> Any:
    lookup = PATCH.original
    assert lookup is not None
    if keyword != "start" or context.current_page not in store[name]:
        return lookup(context, store, page, name, keyword)
    if _opens_with(page, name):
        return (store[name][context.current_page][0],)
    for previous in range(context.current_page - 1, 0, -1):
        if previous in store[name]:
            return (store[name][previous][-1],)
    return ()


PATCH = PinnedPatch(LayoutContext, "get_string_or_element_for",  # a method, patched on its class
                    ("self", "store", "page", "name", "keyword"), "running head", _string_or_element_for)
install = PATCH.install
installed = PATCH.installed
check_compatible = PATCH.check_compatible
