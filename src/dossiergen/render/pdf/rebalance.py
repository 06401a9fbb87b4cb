"""Pages never left nearly empty, and no body page left half empty: where the pages a document is typeset on
leave one nearly empty (a last page holding a line or two, say), or leave a page before the last under half full
because the next block would not fit, it is typeset again -- its pushed short tables let split, or a little
tighter -- and the first setting that leaves no such page is kept (else the one that leaves fewest).

Two measures. ``dossiergen check``'s (render/layout_check/fill.py, ``MIN_FILL``, a fifth) is the one a setting
must pass; ``SOFT_FILL`` (half) is the rebalancer's own target for a page that is not the last, not a cover,
signature or annex page, and not ended by a break the stylesheet forces. Both are read from WeasyPrint's layout
(render/pdf/layout_fill.py); a page the layout puts within ``CONFIRM`` of the check's threshold is read again
from the PDF, as the check reads it, so that what is kept passes the check. The tighter settings are print.css's
``html.tight-N`` rules (a little less line spacing and space between blocks), chosen through
``RenderContext.tightness``. A document whose pages are fine is typeset once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dossiergen.render.layout_check import nearly_empty_pages
from dossiergen.render.layout_check.fill import EXEMPT_ROLES, MIN_FILL
from dossiergen.render.pdf.layout_fill import PageFill
from dossiergen.render.pdf.writer import Typeset

TIGHTEST = 2
"""The last ``tight-N`` step of print.css: tighter than that would no longer read as the house's pages."""
SOFT_FILL = 0.5
"""A body page other than the last is filled at least this far down (the rebalancer's target, not a failure)."""
CONFIRM = 0.03
"""Layout and PDF measures agree within this (tests/test_pagination.py): nearer the threshold, the PDF decides."""


@dataclass(frozen=True)
class Setting:
    """How a document is typeset: ``tightness`` (the ``tight-N`` step, 0 the stylesheet's own spacing) and the
    short tables (positions in document order) let split over pages."""

    tightness: int = 0
    split: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Faults:
    """What a setting leaves: pages the check fails (nearly empty), pages under the soft target."""

    empty: tuple[int, ...]
    thin: tuple[int, ...]

    @property
    def none(self) -> bool:
        return not self.empty and not self.thin

    def rank(self) -> tuple[int, int]:
        return len(self.empty), len(self.thin)


def rebalanced(typeset: Callable[[Setting], Typeset]) -> tuple[bytes, Setting]:
    """The PDF ``typeset`` makes with the house's setting, or with the first other setting (the pushed tables
    split, then each tighter step) that leaves no faulty page; where none does, the one that leaves fewest (the
    first of them: the house's own where nothing does better), and that setting."""
    setting = Setting()
    first = typeset(setting)
    faults = faults_of(first)
    if faults.none:
        return first.pdf, setting
    tried = [(faults.rank(), 0, first, setting)]
    for candidate in _candidates(first):
        made = typeset(candidate)
        faults = faults_of(made)
        if faults.none:
            return made.pdf, candidate
        tried.append((faults.rank(), len(tried), made, candidate))
    _, _, best, chosen = min(tried, key=lambda entry: entry[:2])
    return best.pdf, chosen


def _candidates(first: Typeset) -> list[Setting]:
    """The settings to try after the house's: its pushed tables split (where any), then each tighter step."""
    split = frozenset().union(*(fill.pushed_tables for fill in first.fills or () if _thin(fill, first.fills or ())))
    settings = [Setting(0, split)] if split else []
    return settings + [Setting(step) for step in range(1, TIGHTEST + 1)]


def faults_of(typeset: Typeset) -> Faults:
    """The nearly empty pages (the check's) and the thin ones (under ``SOFT_FILL``) of a typeset document; from
    its layout, confirmed from the PDF near the check's threshold, or from the PDF alone where unmeasured."""
    if typeset.fills is None:
        return Faults(tuple(finding.page for finding in nearly_empty_pages(typeset.pdf)), ())
    fills = typeset.fills
    judged = [fill for fill in fills if len(fills) > 1 and not fill.roles & EXEMPT_ROLES]
    empty = {fill.number for fill in judged if fill.depth < MIN_FILL - CONFIRM}
    doubtful = [fill.number for fill in judged if abs(fill.depth - MIN_FILL) <= CONFIRM]
    if doubtful:  # the check reads the PDF: near its threshold, so does the rebalancer (those pages only)
        empty |= {finding.page for finding in nearly_empty_pages(typeset.pdf, doubtful)}
    thin = tuple(fill.number for fill in judged if fill.number not in empty and _thin(fill, fills))
    return Faults(tuple(sorted(empty)), thin)


def _thin(fill: PageFill, fills: tuple[PageFill, ...]) -> bool:
    """A body page before the last, under the soft target, whose next page starts where the flow pushed it."""
    return (fill.number < len(fills) and not fill.forced_break and not fill.roles & EXEMPT_ROLES
            and fill.depth < SOFT_FILL)
