"""A visible signature in the structure tree of a tagged PDF, so the signed file stays PDF/UA.

PDF/UA wants every annotation in the structure tree: a widget under a ``/Form`` structure element,
through an object reference (``/OBJR``), the widget's ``/StructParent`` an entry of the tree's
``/ParentTree``, its field described by ``/TU``, and the page's tab order the structure's (``/Tabs
/S``). ``tag_signature_field`` adds all of it to the incremental update that signs, before pyHanko
writes it.

The ``/Form`` goes where the signature line is read: the template's line is an element of its own
before the signer's name (WeasyPrint tags the empty box as an empty ``/Div``), found from the name's
marked content below the line; the ``/Form`` becomes that element's kid, or is put before the name's
block when the line has no element. A file whose tree says nothing there gets it at the end of its
document element.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import pdfplumber
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

INLINE = frozenset({"/Span", "/Link", "/Quote", "/Code", "/Reference", "/Note", "/Em", "/Strong", "/Sub", "/Lbl"})
"""Structure types inside a line of text: climbing from a name's text, the first other one is its block."""


def _numbers(node: generic.DictionaryObject) -> Iterator[tuple[int, generic.PdfObject]]:
    """Every (key, value) of a number tree (its ``/Nums``, and its ``/Kids``' in turn)."""
    nums = node.get("/Nums", generic.ArrayObject())
    for index in range(0, len(nums), 2):
        yield int(nums[index]), nums.raw_get(index + 1)
    for kid in node.get("/Kids", generic.ArrayObject()):
        # a parent tree with kids (over about 32 keys: the contents' tagged links) holds them indirectly
        yield from _numbers(kid.get_object())


def _name_mcid(pdf: bytes, page: int, box: tuple[float, float, float, float]) -> int | None:
    """The marked-content id of the first text under the signature line (the signer's name), if tagged."""
    left, line, right, _ = box
    with pdfplumber.open(io.BytesIO(pdf), pages=[page + 1]) as plumbed:
        sheet = plumbed.pages[0]
        below = [char for char in sheet.chars if float(char["top"]) >= float(sheet.height) - line - 1
                 and left - 1 <= float(char["x0"]) <= right and char.get("mcid") is not None]
    if not below:
        return None
    first = min(below, key=lambda char: (round(float(char["top"])), float(char["x0"])))
    return int(first["mcid"])


def _kids(element: generic.DictionaryObject) -> list[generic.PdfObject]:
    kids = element.raw_get("/K") if "/K" in element else None
    if kids is None:
        return []
    return list(kids.get_object()) if isinstance(kids.get_object(), generic.ArrayObject) else [kids]


def _place(pdf: bytes, page: int, box: tuple[float, float, float, float], page_ref: generic.IndirectObject,
           tree: generic.DictionaryObject) -> tuple[generic.IndirectObject, int | None] | None:
    """Where the ``/Form`` goes: (element, index among its kids; ``None``: after them), or ``None``."""
    mcid = _name_mcid(pdf, page, box)
    key = page_ref.get_object().get("/StructParents")
    if mcid is None or key is None:
        return None
    marked = dict(_numbers(tree["/ParentTree"])).get(int(key))
    if marked is None or mcid >= len(marked.get_object()):
        return None
    element_ref = marked.get_object().raw_get(mcid)
    while isinstance(element_ref, generic.IndirectObject) and element_ref.get_object().get("/S") in INLINE:
        element_ref = element_ref.get_object().raw_get("/P")
    if not isinstance(element_ref, generic.IndirectObject) or "/P" not in element_ref.get_object():
        return None
    parent_ref = element_ref.get_object().raw_get("/P")
    if not isinstance(parent_ref, generic.IndirectObject):
        return None
    kids = _kids(parent_ref.get_object())
    index = next((number for number, kid in enumerate(kids) if kid == element_ref), None)
    if index is None:
        return None
    before = kids[index - 1] if index else None
    if isinstance(before, generic.IndirectObject) and not _kids(before.get_object()) \
            and before.get_object().get("/S") == "/Div":
        return before, None  # the signature line's own empty element
    return parent_ref, index


def _document_element(tree: generic.DictionaryObject, root_ref: generic.IndirectObject) -> generic.IndirectObject:
    """The document element (the tree root's only kid), or the tree root itself."""
    kids = _kids(tree)
    if len(kids) == 1 and isinstance(kids[0], generic.IndirectObject):
        return kids[0]
    return root_ref


def _field(writer: IncrementalPdfFileWriter, name: str) -> generic.IndirectObject:
    """The signature field ``name`` (pyHanko makes it one object with its widget)."""
    found: generic.IndirectObject = next(ref for ref in writer.root["/AcroForm"]["/Fields"]
                                         if ref.get_object().get("/T") == name)
    return found


def describe_field(writer: IncrementalPdfFileWriter, name: str, description: str) -> None:
    """The field's /TU: what a screen reader (and a viewer's tooltip) says the field is."""
    widget = _field(writer, name).get_object()
    widget[pdf_name("/TU")] = generic.TextStringObject(description)
    writer.update_container(widget)


def tag_signature_field(writer: IncrementalPdfFileWriter, pdf: bytes, field_name: str, page: int,
                        box: tuple[float, float, float, float], lang: str, alt: str) -> None:
    """Put the signature field ``field_name`` (a widget on ``page``) into ``writer``'s structure tree, in a
    ``/Form`` element in ``lang`` whose alternative text is ``alt``, what its stamp says."""
    root = writer.root
    field_ref = _field(writer, field_name)
    widget = field_ref.get_object()
    tree_ref = root.raw_get("/StructTreeRoot")
    tree = tree_ref.get_object()
    page_ref = widget.raw_get("/P")
    place = _place(pdf, page, box, page_ref, tree)
    if place is None:
        place = (_document_element(tree, tree_ref), len(_kids(_document_element(tree, tree_ref).get_object())))
    parent_ref, index = place
    form = generic.DictionaryObject({
        pdf_name("/Type"): pdf_name("/StructElem"), pdf_name("/S"): pdf_name("/Form"), pdf_name("/P"): parent_ref,
        pdf_name("/Pg"): page_ref, pdf_name("/Lang"): generic.TextStringObject(lang),
        pdf_name("/Alt"): generic.TextStringObject(alt),
        pdf_name("/K"): generic.DictionaryObject({pdf_name("/Type"): pdf_name("/OBJR"), pdf_name("/Obj"): field_ref,
                                                  pdf_name("/Pg"): page_ref})})
    form_ref = writer.add_object(form)
    parent = parent_ref.get_object()
    kids = _kids(parent)
    kids.insert(len(kids) if index is None else index, form_ref)
    # always an array: pyHanko's check of later revisions finds a lone kid (/K without an array) by value,
    # not by reference, and would take the field's widget reached through /ParentTree for an unexplained use
    parent[pdf_name("/K")] = generic.ArrayObject(kids)
    writer.update_container(parent)
    # the widget's entry of the parent tree: past every key in use (a page's, an annotation's, the next one)
    parent_tree = tree["/ParentTree"]
    used = [key for key, _ in _numbers(parent_tree)]
    key = max([int(tree.get("/ParentTreeNextKey", 0)), *(number + 1 for number in used)])
    widget[pdf_name("/StructParent")] = generic.NumberObject(key)
    writer.update_container(widget)
    path = [parent_tree]
    while "/Kids" in path[-1] and "/Nums" not in path[-1]:  # the last leaf holds the largest keys
        path.append(path[-1]["/Kids"][-1])
    path[-1].setdefault(pdf_name("/Nums"), generic.ArrayObject()).extend([generic.NumberObject(key), form_ref])
    for node in path:
        if "/Limits" in node:
            node[pdf_name("/Limits")] = generic.ArrayObject([node["/Limits"][0], generic.NumberObject(key)])
        writer.update_container(node)
    tree[pdf_name("/ParentTreeNextKey")] = generic.NumberObject(key + 1)
    writer.update_container(tree)
    # a page with annotations reads them in the structure's order (PDF/UA)
    page_dict = page_ref.get_object()
    page_dict[pdf_name("/Tabs")] = pdf_name("/S")
    writer.update_container(page_dict)
