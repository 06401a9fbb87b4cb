"""The appended annexes' pages in a tagged document's structure tree (PDF/UA-1; pikepdf).

``annexes.py`` appends each annex's pages; in a tagged document (one with ``/StructTreeRoot``) this module
gives each annex one ``/Part`` element after the document's own content, titled (``/T``) and in the annex's
language (``/Lang``), and under it:

- for an annex PDF with a structure tree of its own (the Letter of Authorization dossiergen renders, a
  tagged PDF/A file): that tree's top elements, copied with the pages (pikepdf keeps one copy of each
  foreign object, so their ``/Pg`` are the appended pages), the pages' ``/StructParents`` renumbered after
  the document's, their parent-tree entries added, the ``/RoleMap`` and ``/ClassMap`` merged (a name the
  two map differently is refused: which one the annex's elements meant cannot be told);
- for any other page (a rasterized page, an image annex, an untagged PDF/A file): one ``/Figure`` with
  ``/Alt`` whose marked content is the whole page, and the original as its associated file where the
  dossier embeds it.

Annotations are not appended (``annexes.py``), so the copied tree's references to them (``/OBJR``) go too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf

from dossiergen.errors import AnnexError, Problem


def tagged(pdf: Pdf) -> bool:
    """The PDF has a structure tree with an element in it (an empty one tags nothing: its pages are figures)."""
    root = pdf.Root.get("/StructTreeRoot")
    return isinstance(root, Dictionary) and bool(_elements(root.get("/K")))


def _kids(element: Dictionary) -> Array:
    """The element's ``/K`` as an array (a single kid or none made one), to append to."""
    kids = element.get("/K")
    if not isinstance(kids, Array):
        element.K = kids = Array([] if kids is None else [kids])
    return kids


def _numbers(tree: pikepdf.Object | None) -> dict[int, pikepdf.Object]:
    return dict(pikepdf.NumberTree(tree).items()) if isinstance(tree, Dictionary) else {}


def _elements(kids: pikepdf.Object | None) -> list[Dictionary]:
    """The structure elements among ``kids`` (a /K): not marked content, which no element would hold here."""
    listed = list(kids) if isinstance(kids, Array) else [kids]
    return [kid for kid in listed if isinstance(kid, Dictionary) and "/S" in kid]


class AnnexTags:
    """The document's structure tree, to which each annex's pages are added in turn; ``finish`` at the end."""

    def __init__(self, pdf: Pdf) -> None:
        self.pdf = pdf
        root = pdf.Root.StructTreeRoot
        assert isinstance(root, Dictionary)
        self.root = root
        if not isinstance(root.get("/ParentTree"), Dictionary):
            root.ParentTree = pdf.make_indirect(pikepdf.NumberTree.new(pdf).obj)
        self.parent_tree = pikepdf.NumberTree(root.ParentTree)
        used = list(self.parent_tree.keys())
        self.next_key = max([int(root.get("/ParentTreeNextKey", 0)), *(key + 1 for key in used)])
        # the annexes go after the document's own content, inside its one top element (/Document) if it has one
        top = root.get("/K")
        if isinstance(top, Array) and len(top) == 1 and isinstance(top[0], Dictionary):
            top = top[0]
        self.container: Dictionary = top if isinstance(top, Dictionary) and "/S" in top else root
        self.lang = str(pdf.Root.get("/Lang", ""))

    def part(self, title: str, lang: str | None) -> Dictionary:
        """A new ``/Part`` for one annex, after everything before it."""
        part = self.pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Part, P=self.container,
                                                 T=pikepdf.String(title), K=Array()))
        if lang or self.lang:
            part.Lang = pikepdf.String(lang or self.lang)
        _kids(self.container).append(part)
        return part

    def figure(self, part: Dictionary, page: pikepdf.Page, alt: str, files: list[Dictionary]) -> None:
        """The page's whole content as one ``/Figure`` of ``part`` (MCID 0), with ``alt`` and ``files`` (/AF)."""
        figure = self.pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Figure, P=part, Pg=page.obj, K=0,
                                                   Alt=pikepdf.String(alt)))
        if files:
            figure.AF = Array(files)
        _kids(part).append(figure)
        page.obj.StructParents = self.next_key
        self.parent_tree[self.next_key] = Array([figure])
        self.next_key += 1
        # whatever the page draws is the figure's: a marked-content sequence around all of its content streams
        page.contents_add(self.pdf.make_stream(b"/Figure <</MCID 0>> BDC\n"), prepend=True)
        page.contents_add(self.pdf.make_stream(b"\nEMC\n"))

    def bring(self, part: Dictionary, annex: Pdf, pages: list[pikepdf.Page],
              problem: Callable[[str], Problem]) -> None:
        """``annex``'s structure tree under ``part``; ``pages`` are its pages as appended (copied from it)."""
        theirs = annex.Root.StructTreeRoot
        assert isinstance(theirs, Dictionary)
        for key in ("/RoleMap", "/ClassMap"):
            self._merge_map(key, theirs.get(key), problem)
        tops = _elements(theirs.get("/K"))
        role_map = theirs.get("/RoleMap", Dictionary())
        roles = dict(role_map.items()) if isinstance(role_map, Dictionary) else {}
        if len(tops) == 1 and Name.Document in (tops[0].get("/S"), roles.get(str(tops[0].get("/S")))):
            # its /Document becomes the /Part: one document element per file (PDF/UA-1 7.1)
            if "/Lang" in tops[0] and "/Lang" not in annex.Root:
                part.Lang = tops[0].Lang
            tops = _elements(tops[0].get("/K"))
        for top in tops:
            copied = self.pdf.copy_foreign(top if top.is_indirect else annex.make_indirect(top))
            assert isinstance(copied, Dictionary)
            copied.P = part
            if not _drop_object_references(copied):
                _kids(part).append(copied)
        # the pages' (and their forms') keys into the parent tree, moved past the document's
        numbers = _numbers(theirs.get("/ParentTree"))
        base, last = self.next_key, -1
        for owner, name in _key_owners(pages):
            found = owner.get(name)
            number = int(found) if isinstance(found, int) else -1
            if number not in numbers:
                del owner[name]  # a key into nothing: the content is owned by no element
                continue
            value = numbers[number]
            self.parent_tree[base + number] = Array([self._copied(item) for item in value]) \
                if isinstance(value, Array) else self._copied(value)
            owner[name] = base + number
            last = max(last, number)
        self.next_key = base + last + 1

    def finish(self) -> None:
        """The next free parent-tree key after the annexes (a first signature takes it: archive/signature_tags.py)."""
        self.root.ParentTreeNextKey = self.next_key

    def _copied(self, item: pikepdf.Object) -> pikepdf.Object:
        if isinstance(item, Dictionary) and item.is_indirect:
            return self.pdf.copy_foreign(item)  # the same copy as the tree's own (one copy per foreign object)
        return item  # null: marked content of no element

    def _merge_map(self, key: str, theirs: object, problem: Callable[[str], Problem]) -> None:
        if not isinstance(theirs, Dictionary):
            return
        ours = self.root.get(key)
        if not isinstance(ours, Dictionary):
            self.root[key] = ours = Dictionary()
        for name, value in theirs.items():
            if name in ours and ours[name] != value:  # pikepdf compares values, arrays and dictionaries deeply
                raise AnnexError(problem(f"its structure tree's {key.lstrip('/')} maps {name} otherwise than the"
                                         " dossier's: which its elements mean cannot be told"))
            if name not in ours:
                ours[name] = self.pdf.copy_foreign(value) if value.is_indirect else value


def _key_owners(pages: list[pikepdf.Page]) -> Iterator[tuple[Dictionary, Name]]:
    """Where the pages, and the form XObjects they draw (nested ones too, each once), hold a parent-tree key."""
    seen: set[tuple[int, int]] = set()
    for page in pages:
        if "/StructParents" in page.obj:
            yield page.obj, Name.StructParents
        stack = [page.obj.get("/Resources")]
        while stack:  # a stack, not recursion: a hostile file may nest forms deeply
            resources = stack.pop()
            if not isinstance(resources, Dictionary):
                continue
            for item in dict(resources.get("/XObject", Dictionary())).values():
                if isinstance(item, pikepdf.Stream) and item.get("/Subtype") == Name.Form and item.objgen not in seen:
                    seen.add(item.objgen)
                    if "/StructParent" in item:
                        yield item.stream_dict, Name.StructParent
                    stack.append(item.get("/Resources"))


def _drop_object_references(top: Dictionary) -> bool:
    """Remove the ``/OBJR`` kids (annotations, not appended) from ``top`` and its descendants, and the elements
    left with no kid; whether ``top`` itself is left empty."""
    order: list[Dictionary] = []
    seen: set[tuple[int, int]] = set()
    stack = [top]
    while stack:  # a stack, not recursion, and each element once: a hostile tree may be deep or cyclic
        element = stack.pop()
        if element.is_indirect:
            if element.objgen in seen:
                continue
            seen.add(element.objgen)
        order.append(element)
        kids = element.get("/K")
        stack += [kid for kid in (kids if isinstance(kids, Array) else [kids])
                  if isinstance(kid, Dictionary) and "/S" in kid]
    emptied: set[tuple[int, int]] = set()
    for element in reversed(order):  # each element's descendants before it
        kids = element.get("/K")
        if kids is None:
            continue  # an element that never had content (an empty /Div) stays as it was
        listed = list(kids) if isinstance(kids, Array) else [kids]
        kept = [kid for kid in listed if not (isinstance(kid, Dictionary) and (
            kid.get("/Type") == Name.OBJR or (kid.is_indirect and kid.objgen in emptied)))]
        if len(kept) < len(listed):
            element.K = Array(kept)
        if not kept and element.is_indirect:
            emptied.add(element.objgen)
    return top.is_indirect and top.objgen in emptied
