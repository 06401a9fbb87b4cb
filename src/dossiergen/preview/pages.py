"""A PDF's pages for the preview: what each one draws (its digest), its image, its text.

A page's digest is a hash of everything poppler reads to draw it: its boxes, its content
streams and its resources (fonts, images, forms), followed through every reference except
to other pages and up the page tree. Two renderings' pages with one digest draw the same, so
an image drawn for one serves the other. Images and texts come from poppler (``pdftoppm``,
``pdftotext``) on the PDF itself: what prints is what shows.
"""

from __future__ import annotations

import hashlib
import io
import subprocess

import pikepdf
from PIL import Image

PAGE_DPI = 96
"""Page images at screen resolution: an A4 page is 794 pixels wide."""

_NOT_DRAWN = frozenset({"/Parent", "/StructParents", "/StructParent", "/Thumb", "/PieceInfo", "/Metadata"})
"""Keys of a page (or of what it refers to) that change nothing drawn, or lead to the whole document."""


def page_digests(pdf: bytes) -> tuple[str, ...]:
    """Each page's digest, in page order."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        pages = {page.obj.objgen: number for number, page in enumerate(document.pages)}
        streams: dict[tuple[int, int], bytes] = {}  # a font shared by every page is hashed once
        return tuple(_Digest(pages, streams).of(page.obj) for page in document.pages)


class _Digest:
    def __init__(self, pages: dict[tuple[int, int], int], streams: dict[tuple[int, int], bytes]) -> None:
        self.pages = pages
        self.streams = streams

    def of(self, page: pikepdf.Object) -> str:
        sha = hashlib.sha256()
        self._walk(page, sha, {}, root=True)
        return sha.hexdigest()

    def _walk(self, value: object, sha: hashlib._Hash, seen: dict[tuple[int, int], int], *,
              root: bool = False) -> None:
        if not isinstance(value, pikepdf.Object):  # pikepdf gives numbers and booleans as Python's
            sha.update(f"{type(value).__name__} {value!r};".encode())
            return
        if value.is_indirect:
            objgen = value.objgen
            if objgen in self.pages and not root:  # a link to another page: which page, not what it draws
                sha.update(f"page {self.pages[objgen]};".encode())
                return
            if objgen in seen:  # object numbers differ between renderings: the order seen does not
                sha.update(f"seen {seen[objgen]};".encode())
                return
            seen[objgen] = len(seen)
        if isinstance(value, pikepdf.Stream):
            if value.is_indirect:
                data = self.streams.get(value.objgen)
                if data is None:
                    data = self.streams[value.objgen] = hashlib.sha256(value.read_raw_bytes()).digest()
            else:
                data = hashlib.sha256(value.read_raw_bytes()).digest()
            sha.update(b"stream " + data)
        if isinstance(value, pikepdf.Dictionary | pikepdf.Stream):
            sha.update(b"<<")
            for key in sorted(value.keys()):
                if key not in _NOT_DRAWN:
                    sha.update(key.encode() + b" ")
                    self._walk(value[key], sha, seen)
            sha.update(b">>")
        elif isinstance(value, pikepdf.Array):
            sha.update(b"[")
            for item in value:
                self._walk(item, sha, seen)
            sha.update(b"]")
        else:
            sha.update(value.unparse() + b";")


def draw_page(pdf: bytes, number: int) -> bytes:
    """Page ``number`` (from 1) as PNG at ``PAGE_DPI``: poppler's pixels, compressed by Pillow."""
    # pdftoppm's own PNG spends three quarters of its time compressing (0.25 s of 0.33 for an A4 page); its raw
    # pixels, compressed lightly, make the same image a little smaller, in a third of the time
    pixels = subprocess.run(["pdftoppm", "-r", str(PAGE_DPI), "-singlefile", "-f", str(number), "-l", str(number),
                             "-"], input=pdf, check=True, capture_output=True).stdout
    with Image.open(io.BytesIO(pixels)) as image:
        out = io.BytesIO()
        image.save(out, "PNG", compress_level=1)
        return out.getvalue()


def page_texts(pdf: bytes, first: int, last: int) -> tuple[str, ...]:
    """The text of pages ``first`` to ``last`` (from 1), laid out as printed."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", "-f", str(first), "-l", str(last), "-", "-"],
                          input=pdf, check=True, capture_output=True).stdout.decode("utf-8")
    return tuple(text.split("\f")[:last - first + 1])
