"""What keeps a PDF archival that can be read back from the file: the PDF/A markers of its XMP packet and
every font program embedded. ``verify`` asks it of each signed revision; the tests of every output."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pikepdf


def _fonts(resources: pikepdf.Object | None,
           seen: set[tuple[int, int]]) -> Iterator[tuple[str, pikepdf.Object]]:
    """Every font of a resource dictionary, of its form XObjects, patterns and Type 3 glyphs, each once."""
    if not isinstance(resources, pikepdf.Dictionary) or (resources.is_indirect and resources.objgen in seen):
        return
    if resources.is_indirect:
        seen.add(resources.objgen)
    for name, font in resources.get("/Font", pikepdf.Dictionary()).items():
        yield name, font
        yield from _fonts(font.get("/Resources"), seen)  # a Type 3 font's glyphs
    for kind in ("/XObject", "/Pattern"):
        for child in resources.get(kind, pikepdf.Dictionary()).values():
            if child.is_indirect and child.objgen in seen:
                continue
            yield from _fonts(child.get("/Resources"), seen)


def unembedded_fonts(data: bytes) -> list[str]:
    """Each font, of any page, form XObject or annotation appearance, whose program is not embedded."""
    missing = []
    seen: set[tuple[int, int]] = set()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            places = [page.obj.get("/Resources")]
            for annotation in page.obj.get("/Annots", pikepdf.Array()):
                for appearance in annotation.get("/AP", pikepdf.Dictionary()).values():
                    states = appearance.values() if isinstance(appearance, pikepdf.Dictionary) and \
                        not isinstance(appearance, pikepdf.Stream) else [appearance]
                    places += [state.get("/Resources") for state in states]
            for resources in places:
                for name, font in _fonts(resources, seen):
                    if font.get("/Subtype") == "/Type3":
                        continue  # glyphs drawn by content streams, no program to embed
                    descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                    descriptor = descendant.get("/FontDescriptor", pikepdf.Dictionary())
                    if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                        missing.append(f"page {number}: {name} {font.get('/BaseFont')}")
    return missing


def pdfa_markers(data: bytes) -> tuple[str | None, str | None]:
    """(pdfaid:part, pdfaid:conformance) as the XMP packet states them."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        meta = pdf.open_metadata()
        return meta.get("pdfaid:part"), meta.get("pdfaid:conformance")
