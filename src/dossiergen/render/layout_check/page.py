"""What every layout check reads of one page: its content box (the page margins of
templates/css/print.css), its glyphs less the DRAFT watermark, its drawn objects, and its role.

A page's role is recorded when the document is rendered, as a named destination on the page
(WeasyPrint makes one of every ``id``): ``page-role-cover``, ``page-role-signature[-N]`` (the page
templates), ``signature-N`` (each signature line, also read by ``dossiergen sign``) and
``page-role-annex-N`` (render/pdf/annexes.py, at the first page of each appended annex; the pages
after it are the annex's too).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import pikepdf

MM = 72 / 25.4
PAGE_MARGINS_MM = (24.0, 18.0, 22.0, 18.0)
"""Top, right, bottom and left page margins of templates/css/print.css (a test keeps them in step)."""
PAGE_MARGIN_X_MM = PAGE_MARGINS_MM[1]
TOLERANCE_PT = 0.75
WATERMARK_RGB = (155 / 255, 28 / 255, 29 / 255)
"""The DRAFT watermark's colour in print.css: it lies over the page on purpose."""
ROLE_DESTINATION = re.compile(r"^page-role-([a-z]+)(?:-\d+)?$|^(signature)-\d+$")
OPEN_ROLES = frozenset({"annex"})
"""Roles that hold from their page to the end: annexes are appended after the document's own pages."""

Obj = dict[str, Any]


@dataclass(frozen=True)
class Box:
    top: float
    right: float
    bottom: float
    left: float

    @property
    def height(self) -> float:
        return self.bottom - self.top


def content_box(width: float, height: float, margin_x_mm: float = PAGE_MARGIN_X_MM) -> Box:
    top, _, bottom, _ = PAGE_MARGINS_MM
    return Box(top * MM, width - margin_x_mm * MM, height - bottom * MM, margin_x_mm * MM)


def is_watermark(char: Obj) -> bool:
    colour = char.get("non_stroking_color") or ()
    return len(colour) == 3 and all(abs(a - b) < 0.002 for a, b in zip(colour, WATERMARK_RGB, strict=True))


def baseline(char: Obj, page_height: float) -> float:
    """The glyph's baseline, from the top of the page (glyph boxes differ by font; baselines do not)."""
    return float(page_height - char["matrix"][5])


def drawn(page: Any) -> list[tuple[str, Obj]]:
    """Rules, boxes, lines, curves and images drawn on ``page`` (pdfplumber's objects), by kind."""
    return ([("rect", obj) for obj in page.rects] + [("line", obj) for obj in page.lines]
            + [("curve", obj) for obj in page.curves] + [("image", obj) for obj in page.images])


@dataclass(frozen=True)
class Destination:
    page: int
    """1-based."""
    top: float | None
    """From the top of the page, where the destination gives a position."""


@dataclass
class Marks:
    """What the PDF says of its own pages: named destinations, outline entries, page roles."""

    destinations: dict[str, Destination] = field(default_factory=dict)
    outline: list[tuple[str, Destination]] = field(default_factory=list)
    tagged: bool = False
    pages: int = 0

    def roles(self, pages: int) -> dict[int, set[str]]:
        """Each page's roles, from the ``page-role-*`` and ``signature-N`` destinations."""
        roles: dict[int, set[str]] = {number: set() for number in range(1, pages + 1)}
        for name, destination in self.destinations.items():
            match = ROLE_DESTINATION.match(name)
            if match is None:
                continue
            role = match[1] or match[2]
            last = pages if role in OPEN_ROLES else destination.page
            for number in range(destination.page, last + 1):
                roles[number].add(role)
        return roles


def _destination(pdf: pikepdf.Pdf, pages: dict[tuple[int, int], int], value: Any) -> Destination | None:
    if isinstance(value, pikepdf.Dictionary):
        value = value.get("/D")
    if not isinstance(value, pikepdf.Array) or len(value) < 2 or not isinstance(value[0], pikepdf.Dictionary):
        return None
    number = pages.get(value[0].objgen)
    if number is None:
        return None
    height = float(pdf.pages[number - 1].mediabox[3])
    top = None
    if str(value[1]) == "/XYZ" and len(value) > 3:
        try:  # pikepdf gives a number as int or Decimal; null (keep the viewer's position) is no number
            top = height - float(value[3])
        except (TypeError, ValueError):
            top = None
    return Destination(number, top)


def read_marks(path: Path | BinaryIO) -> Marks:
    """The named destinations and outline of ``path`` (a file, or a PDF in memory; pikepdf; an unreadable part is
    left out)."""
    marks = Marks()
    with pikepdf.open(path) as pdf:
        pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages, 1)}
        marks.tagged = "/StructTreeRoot" in pdf.Root
        marks.pages = len(pdf.pages)
        names = pdf.Root.get("/Names")
        if isinstance(names, pikepdf.Dictionary) and "/Dests" in names:
            for name, value in pikepdf.NameTree(names.Dests).items():
                destination = _destination(pdf, pages, value)
                if destination is not None:
                    marks.destinations[str(name)] = destination
        with pdf.open_outline() as outline:
            stack = list(reversed(outline.root))
            while stack:
                item = stack.pop()
                destination = _destination(pdf, pages, item.destination) if item.destination is not None else None
                if destination is not None:
                    marks.outline.append((str(item.title), destination))
                stack.extend(reversed(item.children))
    return marks
