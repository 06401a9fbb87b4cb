"""Tagged PDFs: one structure element for an element that a page break splits, one /Table per table.

WeasyPrint 70 (``pdf/tags.py``) builds the structure tree page by page, so a section, a list or a
table that runs over a page break becomes two elements, and a table's part on the next page is a
second ``/Table`` that starts with the repeated ``<thead>``: more header cells than data cells
there, one table read as two (outloud TBL-010, PDF/UA-1 7.5, Matterhorn 15).

This wraps ``weasyprint.pdf.add_tags``. Once the tree is built, each run of sibling elements that
come from the same HTML element on successive pages is merged into the first (its marked content
referred to by /MCR with its page, the parent tree pointed at it), down the seam of the break; the
header rows a table repeats on a later page are drawn again, not read again: their marked content
becomes a pagination artifact and their elements leave the tree (ISO 14289-1 7.8). The elements'
HTML origins are recorded by the tree adapter (``tag_languages.py``). Pinned like the others.
"""

from __future__ import annotations

from typing import Any

import pydyf
import weasyprint.pdf as weasyprint_pdf

from dossiergen.render.pdf.pinned import PinnedPatch

ORIGINS = "_dossiergen_origins"
"""Attribute of WeasyPrint's ``pydyf.PDF``: structure element number -> the HTML element it was made from."""


def record_origin(pdf: Any, structure: Any, element: Any) -> None:
    """Note that ``structure`` was made from the HTML ``element`` (``None``: made by WeasyPrint alone).

    The first note stands: ``<html>`` and ``<body>`` pass their children's elements up as their own, and two
    sections of a page are not one section split by a break because both sit in ``<body>`` (a letter's
    English part and its Korean translation were joined into one /Sect with the English /Lang)."""
    if element is not None:
        origins = getattr(pdf, ORIGINS, None)
        if origins is None:
            origins = {}
            setattr(pdf, ORIGINS, origins)
        origins.setdefault(structure.number, element)


def _number(reference: Any) -> int | None:
    """The object number a kid names, or ``None`` for an MCID or a dictionary (an /MCR, an /OBJR)."""
    if isinstance(reference, bytes):
        return int(reference.split()[0])
    return None


def _key(string: Any) -> object:
    """A ``pydyf.String``'s text, to compare /ID values by."""
    return getattr(string, "string", string)


class _Tree:
    def __init__(self, pdf: Any, page_streams: Any) -> None:
        self.pdf = pdf
        self.origins: dict[int, Any] = getattr(pdf, ORIGINS, {})
        self.page_streams = page_streams
        root = pdf.objects[_number(pdf.catalog["StructTreeRoot"]) or 0]
        self.nums = pdf.objects[_number(root["ParentTree"]) or 0]["Nums"]
        self.page_of = {page: index for index, page in enumerate(pdf.page_references)}

    def element(self, kid: Any) -> Any:
        number = _number(kid)
        return None if number is None else self.pdf.objects[number]

    def origin(self, kid: Any) -> Any:
        number = _number(kid)
        return None if number is None else self.origins.get(number)

    def continues(self, first: Any, second: Any) -> bool:
        """Whether ``second`` is the part of ``first`` on a later page."""
        origin = self.origin(first)
        if origin is None or origin is not self.origin(second):
            return False
        a, b = self.element(first), self.element(second)
        return bool(a.get("S") == b.get("S") and "Pg" in a and "Pg" in b
                    and self.page_of[a["Pg"]] < self.page_of[b["Pg"]])

    def repoint(self, old: Any, new: Any) -> None:
        """The parent tree's entries for ``old`` name ``new``."""
        for index in range(1, len(self.nums), 2):
            entry = self.nums[index]
            if isinstance(entry, pydyf.Array):
                entry[:] = [new if kid == old else kid for kid in entry]
            elif entry == old:
                self.nums[index] = new

    def merge(self, first: Any, second: Any) -> None:
        """Move the kids of ``second`` to the end of ``first``."""
        a, b = self.element(first), self.element(second)
        heads = {self.origin(kid): kid for kid in a["K"] if self.tag(kid) == "/THead"}
        renamed: dict[object, Any] = {}
        for kid in b["K"]:
            if isinstance(kid, int):  # an MCID of the page of b: said with its page now
                kid = pydyf.Dictionary({"Type": "/MCR", "Pg": b["Pg"], "MCID": kid})
            elif self.element(kid) is not None:
                head = heads.get(self.origin(kid)) if self.tag(kid) == "/THead" else None
                if head is not None and self.as_artifact(kid):
                    renamed.update(self.header_ids(kid, head))
                    continue
                self.element(kid)["P"] = first
            a["K"].append(kid)
        if renamed:  # the data cells of the later page name the first page's header cells
            for cell in self.walk(first):
                attributes = self.element(cell).get("A")
                if isinstance(attributes, pydyf.Dictionary) and "Headers" in attributes:
                    attributes["Headers"] = pydyf.Array(
                        [renamed.get(_key(key), key) for key in attributes["Headers"]])
        self.repoint(second, first)

    def tag(self, kid: Any) -> Any:
        element = self.element(kid)
        return None if element is None else element.get("S")

    def walk(self, kid: Any) -> list[Any]:
        """``kid`` and every element under it."""
        element = self.element(kid)
        if element is None:
            return []
        found = [kid]
        for sub in element.get("K", ()):
            found += self.walk(sub)
        return found

    def header_ids(self, repeated: Any, head: Any) -> dict[object, Any]:
        """The /ID of each header cell of a repeated head -> that of the same cell in the table's first head."""
        def ids(kid: Any) -> list[Any]:
            return [self.element(cell)["ID"] for cell in self.walk(kid)
                    if self.tag(cell) == "/TH" and "ID" in self.element(cell)]
        old, new = ids(repeated), ids(head)
        return {_key(key): value for key, value in zip(old, new, strict=False)} if len(old) == len(new) else {}

    def mcids(self, kid: Any) -> list[tuple[int, int]]:
        """(page, MCID) of every marked content under ``kid``."""
        element = self.element(kid)
        if element is None:
            return []
        found = []
        for sub in element["K"]:
            if isinstance(sub, int):
                found.append((self.page_of[element["Pg"]], sub))
            elif isinstance(sub, pydyf.Dictionary) and sub.get("Type") == "/MCR":
                found.append((self.page_of[sub["Pg"]], sub["MCID"]))
            else:
                found += self.mcids(sub)
        return found

    def as_artifact(self, kid: Any) -> bool:
        """Draw the marked content of ``kid`` as a pagination artifact; ``False`` (nothing done) if some of it is
        not in its page's own content stream (inside a group, say)."""
        marked = self.mcids(kid)
        places = []
        for page, mcid in marked:
            operations = self.page_streams[page].stream
            at = [index for index, operation in enumerate(operations)
                  if isinstance(operation, pydyf.Dictionary) and operation.get("MCID") == mcid
                  and index + 1 < len(operations) and operations[index + 1] == b"BDC"]
            if len(at) != 1:
                return False
            places.append((page, mcid, at[0]))
        for page, mcid, index in places:
            operations = self.page_streams[page].stream
            operations[index - 1] = "/Artifact"
            operations[index] = pydyf.Dictionary({"Type": "/Pagination"})
            entries = self.nums[2 * page + 1]
            entries[mcid] = "null"  # an artifact belongs to no element
        return True

    def mend(self, parent: Any) -> None:
        """Merge the continued kids of ``parent``, then of each kid (whose kids now meet at the seam)."""
        kids = parent["K"]
        if not isinstance(kids, pydyf.Array):
            return
        index = 0
        while index + 1 < len(kids):
            if self.continues(kids[index], kids[index + 1]):
                self.merge(kids[index], kids[index + 1])
                del kids[index + 1]
            else:
                index += 1
        for kid in kids:
            element = self.element(kid)
            if element is not None and "K" in element:
                self.mend(element)


def _add_tags_merged(pdf: Any, document: Any, pdf_version: Any, page_streams: Any) -> Any:
    add = PATCH.original
    assert add is not None
    result = add(pdf, document, pdf_version, page_streams)
    tree = _Tree(pdf, page_streams)
    for kid in pdf.objects[_number(pdf.catalog["StructTreeRoot"]) or 0]["K"]:
        tree.mend(tree.element(kid))
    return result


PATCH = PinnedPatch(weasyprint_pdf, "add_tags", ("pdf", "document", "pdf_version", "page_streams"),
                    "continued elements", _add_tags_merged)
install = PATCH.install
installed = PATCH.installed
check_compatible = PATCH.check_compatible
