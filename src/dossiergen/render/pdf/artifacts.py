"""Tagged PDFs: what repeats on every page is an artifact, not content (PDF/UA-1 7.8, Matterhorn 18).

WeasyPrint 70 marks the text of page-margin boxes (running title, page numbers, the fingerprint)
as tagged content that no structure element holds, and the fixed bands a document repeats on each
page (the DRAFT watermark, the SPECIMEN band: ``position: fixed``) as ordinary content, once per
page. A screen reader then reads them on every page, and checkers report them (outloud PAG-001).

This wraps ``weasyprint.draw.draw_stacking_context``: a margin box, or a box whose element says
``aria-hidden="true"``, is drawn inside one ``/Artifact <</Type /Pagination ...>> BDC ... EMC``
with WeasyPrint's own marking switched off, so none of its text gets an MCID. The structure tree
adapter (``tag_languages.py``) then leaves those boxes out of the tree. Untagged output is drawn
as before (the wrapper only acts when the stream collects tags). Pinned like the other adapters.
"""

from __future__ import annotations

from typing import Any

import pydyf
import weasyprint.draw as weasyprint_draw
from weasyprint.formatting_structure import boxes

from dossiergen.render.pdf.pinned import PinnedPatch


def artifact_kind(box: Any) -> str | None:
    """The /Subtype of the pagination artifact ``box`` is drawn as, or ``None`` for content."""
    if isinstance(box, boxes.MarginBox):
        return "Header" if box.at_keyword.startswith("@top") else "Footer"
    element = getattr(box, "element", None)
    if element is None or getattr(box, "element_tag", None) in ("html", "body"):
        return None
    if element.get("aria-hidden") == "true":
        return "Watermark" if "watermark" in (element.get("class") or "").split() else "Header"
    return None


def _draw_stacking_context_as_artifact(stream: Any, stacking_context: Any) -> Any:
    draw = PATCH.original
    assert draw is not None
    tags = getattr(stream, "_tags", None)
    kind = artifact_kind(stacking_context.box) if tags is not None else None
    if kind is None:
        return draw(stream, stacking_context)
    stream.begin_marked_content("Artifact", pydyf.Dictionary({"Type": "/Pagination", "Subtype": f"/{kind}"}))
    stream._tags = None  # nothing inside gets an MCID; nested artifacts are not marked twice
    try:
        return draw(stream, stacking_context)
    finally:
        stream._tags = tags
        stream.end_marked_content()


PATCH = PinnedPatch(weasyprint_draw, "draw_stacking_context", ("stream", "stacking_context"),
                    "pagination artifacts", _draw_stacking_context_as_artifact)
install = PATCH.install
installed = PATCH.installed
check_compatible = PATCH.check_compatible
