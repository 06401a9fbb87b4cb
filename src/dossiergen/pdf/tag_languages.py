"""Tagged PDFs whose passages say their language: /Lang on structure elements.

WeasyPrint's tagged output (``pdf_tags``) sets the document's /Lang from ``<html lang>``
but gives structure elements none, so a screen reader reads a Khmer paragraph of a Korean
dossier with Korean rules. This wraps ``weasyprint.pdf.tags._build_box_tree``, which makes
the structure element of one box, and copies the box's own ``lang`` attribute onto it.
Pinned like the /ActualText adapter (``pinned.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pydyf
import weasyprint.pdf.tags as weasyprint_tags

from .pinned import check_signature, check_version

EXPECTED_PARAMETERS = ("box", "parent", "pdf", "page_number", "nums", "annotations", "tags")

_original_build_box_tree: Any = None


def _build_box_tree_with_lang(box: Any, parent: Any, pdf: Any, page_number: Any, nums: Any, annotations: Any,
                              tags: Any) -> Iterator[Any]:
    element = getattr(box, "element", None)
    lang = element.get("lang") if element is not None and box.element_tag not in ("html", "body") else None
    for structure in _original_build_box_tree(box, parent, pdf, page_number, nums, annotations, tags):
        # html and body pass their children's elements through; only this box's own gets its lang
        if lang and structure.get("P") == parent.reference and "Lang" not in structure:
            structure["Lang"] = pydyf.String(lang)
        yield structure


def check_compatible() -> None:
    check_version("/Lang")
    check_signature(_original_build_box_tree or weasyprint_tags._build_box_tree, EXPECTED_PARAMETERS,
                    "weasyprint.pdf.tags._build_box_tree", "/Lang")


def install() -> None:
    """Wrap WeasyPrint's structure building once per process."""
    global _original_build_box_tree
    if _original_build_box_tree is not None:
        return
    check_compatible()
    _original_build_box_tree = weasyprint_tags._build_box_tree
    # the function calls itself through the module global, so children pass through the wrapper too
    weasyprint_tags._build_box_tree = _build_box_tree_with_lang


def installed() -> bool:
    return weasyprint_tags._build_box_tree is _build_box_tree_with_lang
