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

from dossiergen.render.pdf.pinned import PinnedPatch


def _build_box_tree_with_lang(box: Any, parent: Any, pdf: Any, page_number: Any, nums: Any, annotations: Any,
                              tags: Any) -> Iterator[Any]:
    build = PATCH.original
    assert build is not None
    element = getattr(box, "element", None)
    lang = element.get("lang") if element is not None and box.element_tag not in ("html", "body") else None
    for structure in build(box, parent, pdf, page_number, nums, annotations, tags):
        # html and body pass their children's elements through; only this box's own gets its lang
        if lang and structure.get("P") == parent.reference and "Lang" not in structure:
            structure["Lang"] = pydyf.String(lang)
        yield structure


PATCH = PinnedPatch(weasyprint_tags, "_build_box_tree",
                    ("box", "parent", "pdf", "page_number", "nums", "annotations", "tags"),
                    "/Lang", _build_box_tree_with_lang)
install = PATCH.install
installed = PATCH.installed
check_compatible = PATCH.check_compatible
