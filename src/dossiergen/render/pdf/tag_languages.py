"""Tagged PDFs whose structure says what the page shows: /Lang on passages, and what WeasyPrint 70 misses.

WeasyPrint's tagged output (``pdf_tags``) sets the document's /Lang from ``<html lang>``
but gives structure elements none, so a screen reader reads a Khmer paragraph of a Korean
dossier with Korean rules. This wraps ``weasyprint.pdf.tags._build_box_tree``, which makes
the structure element of one box, copies the box's own ``lang`` attribute onto it, and mends
what PDF/UA checkers (outloud, avalpdf) find in WeasyPrint 70's tree:

- the anonymous blocks WeasyPrint makes inside a table cell (a block inside an inline) are
  tagged ``/TD`` again below the cell's first anonymous block, cells outside any ``/TR``: they
  become ``/NonStruct``;
- header cells get ``/Scope`` (``/Column``, or ``/Row`` for ``scope="row"`` and ``"rowgroup"``);
  WeasyPrint links cells to headers by ``/Headers`` only (Kozea/WeasyPrint#2508);
- a ``<table role="presentation">`` (a layout grid such as the signature blocks) is tagged as
  ``/Div`` elements, not as a table without headers;
- a list item whose content is inline has no ``/LBody``: its content is wrapped in one;
- empty ``/Span`` elements (an inline with no text, a legend's colour key) are left out;
- margin boxes and ``aria-hidden`` boxes, drawn as artifacts (``artifacts.py``), are left out;
- each element's HTML element is recorded, for joining the parts a page break splits (``continued.py``).

Pinned like the /ActualText adapter (``pinned.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pydyf
import weasyprint.pdf.tags as weasyprint_tags
from weasyprint.formatting_structure import boxes
from weasyprint.layout.absolute import AbsolutePlaceholder

from dossiergen.render.pdf.artifacts import artifact_kind
from dossiergen.render.pdf.continued import record_origin
from dossiergen.render.pdf.pinned import PinnedPatch

_TABLE_PARTS = ("/Table", "/THead", "/TBody", "/TFoot", "/TR", "/TH", "/TD")
_SCOPES = {"row": "/Row", "rowgroup": "/Row", "col": "/Column", "colgroup": "/Column", "both": "/Both"}


def _object(pdf: Any, reference: Any) -> Any:
    """The pydyf object a reference (``b"12 0 R"``) names."""
    return pdf.objects[int(bytes(reference).split()[0])]


def _marked(box: Any, tags: dict[Any, Any]) -> bool:
    """Whether any text or image of ``box`` was drawn as tagged content."""
    if box in tags:
        return True
    return any(_marked(child, tags) for child in getattr(box, "children", ()))


def _layout_table(pdf: Any, table: Any) -> None:
    """A presentational table's structure: ``/Div`` all the way down to the cells' content."""
    todo = [table]
    while todo:
        element = todo.pop()
        if element.get("S") not in _TABLE_PARTS:
            continue
        element["S"] = "/Div"
        for key in ("A", "ID"):
            element.pop(key, None)
        todo += [_object(pdf, kid) for kid in element["K"] if not isinstance(kid, int)]


def _list_body(pdf: Any, item: Any, nums: dict[int, Any]) -> None:
    """Wrap a list item's content (all but its ``/Lbl``) in one ``/LBody``."""
    kids = list(item["K"])
    if any(not isinstance(kid, int) and _object(pdf, kid).get("S") == "/LBody" for kid in kids):
        return
    labels = [kid for kid in kids if not isinstance(kid, int) and _object(pdf, kid).get("S") == "/Lbl"]
    content = [kid for kid in kids if kid not in labels]
    if not content:
        return
    body = pydyf.Dictionary({"Type": "/StructElem", "S": "/LBody", "K": pydyf.Array(content), "P": item.reference})
    if "Pg" in item:
        body["Pg"] = item["Pg"]
    pdf.add_object(body)
    for kid in content:
        if isinstance(kid, int):
            nums[kid] = body.reference
        else:
            _object(pdf, kid)["P"] = body.reference
    item["K"] = pydyf.Array([*labels, body.reference])


def _empty(structure: Any) -> bool:
    return structure.get("S") == "/Span" and not structure["K"] and "Alt" not in structure \
        and "ActualText" not in structure


def _build_box_tree_mended(box: Any, parent: Any, pdf: Any, page_number: Any, nums: Any, annotations: Any,
                           tags: Any) -> Iterator[Any]:
    build = PATCH.original
    assert build is not None
    real = box._box if isinstance(box, AbsolutePlaceholder) else box
    if artifact_kind(real) is not None and not _marked(real, tags):
        return  # drawn as an artifact: nothing of it is in the page's marked content
    element = getattr(real, "element", None)
    own_tag = real.element_tag if element is not None else None
    lang = element.get("lang") if element is not None and own_tag not in ("html", "body") else None
    for structure in build(box, parent, pdf, page_number, nums, annotations, tags):
        # html and body pass their children's elements through; only this box's own is mended
        if structure.get("P") == parent.reference:
            tag = structure.get("S")
            if lang and "Lang" not in structure:
                structure["Lang"] = pydyf.String(lang)
            if tag in ("/TD", "/TH") and not isinstance(real, boxes.TableCellBox):
                structure["S"] = "/NonStruct"
                structure.pop("A", None)
            elif tag == "/TH" and "A" in structure and element is not None:
                structure["A"]["Scope"] = _SCOPES.get((element.get("scope") or "").lower(), "/Column")
            elif tag == "/Table" and element is not None and element.get("role") == "presentation":
                _layout_table(pdf, structure)
            elif tag == "/LI":
                _list_body(pdf, structure, nums)
            if _empty(structure):
                continue
            record_origin(pdf, structure, element)  # to join its parts on successive pages (continued.py)
        yield structure


PATCH = PinnedPatch(weasyprint_tags, "_build_box_tree",
                    ("box", "parent", "pdf", "page_number", "nums", "annotations", "tags"),
                    "/Lang", _build_box_tree_mended)
install = PATCH.install
installed = PATCH.installed
check_compatible = PATCH.check_compatible
