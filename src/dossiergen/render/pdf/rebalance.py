"""Pages never left nearly empty: where the pages a document is typeset on leave one (a last page holding a
line or two, say), it is typeset again a little tighter, and the first setting that leaves none is kept.

The measure is ``dossiergen check``'s own (render/layout_check/fill.py); the tighter settings are print.css's
``html.tight-N`` rules (a little less line spacing and space between blocks), chosen through
``RenderContext.tightness``. A document whose pages are fine is typeset once: only its pages are measured.
"""

from __future__ import annotations

from collections.abc import Callable

from dossiergen.render.layout_check import nearly_empty_pages

TIGHTEST = 2
"""The last ``tight-N`` step of print.css: tighter than that would no longer read as the house's pages."""


def rebalanced(typeset: Callable[[int], bytes]) -> tuple[bytes, int]:
    """The PDF ``typeset`` makes at tightness 0, or at the first tighter step whose pages leave none nearly
    empty, and that step; where no step does, the PDF at 0 (``check`` reports its page)."""
    first = typeset(0)
    if not nearly_empty_pages(first):
        return first, 0
    for step in range(1, TIGHTEST + 1):
        pdf = typeset(step)
        if not nearly_empty_pages(pdf):
            return pdf, step
    return first, 0
