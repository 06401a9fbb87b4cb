"""Every glyph code in /ToUnicode: the glyphs WeasyPrint 70 leaves unmapped get what they draw.

WeasyPrint maps each glyph to the text of its cluster as it draws it (``draw/text.py``); a glyph
that is not the last of a multi-glyph cluster (a Khmer subscript consonant, the first part of a
split vowel) gets an empty string, written ``<code> <>`` in /ToUnicode, and keeps it for the whole
document, even where the same glyph later stands alone. PDF/UA-1 7.21.7 (Matterhorn 10) and
PDF/A-3u want every code mapped (outloud TXT-003).

This wraps ``weasyprint.pdf.build_fonts_dictionary``, which writes the fonts once drawing is done,
and fills each empty mapping with the characters the glyph stands for in its font: the font's cmap
reversed, then carried through its GSUB substitutions (a ligature gets its components' characters,
a substitute or an alternate its source's, each glyph of a multiple substitution the source's).
Mappings WeasyPrint did write are kept, so extraction is unchanged where it was right; a line whose
glyphs do not read as its text through these mappings gets an /ActualText span (``actual_text.py``,
which asks ``mapped_text`` what each glyph will read as). Pinned like the others.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import weasyprint.pdf as weasyprint_pdf
from fontTools.ttLib import TTFont

from dossiergen.render.pdf.pinned import PinnedPatch

_ROUNDS = 8
"""GSUB chains are short (a substitute of a ligature of a substitute); this bounds a cyclic table."""


def _subtables(ttfont: TTFont) -> Iterator[tuple[int, Any]]:
    """Every GSUB subtable with its lookup type, extension subtables unwrapped."""
    if "GSUB" not in ttfont or ttfont["GSUB"].table.LookupList is None:
        return
    for lookup in ttfont["GSUB"].table.LookupList.Lookup:
        for subtable in lookup.SubTable:
            kind = lookup.LookupType
            if kind == 7:
                kind, subtable = subtable.ExtensionLookupType, subtable.ExtSubTable
            yield kind, subtable


def _derivations(ttfont: TTFont) -> Iterator[tuple[str, list[str]]]:
    """(glyph, the glyphs whose characters it draws, in order) for each substitution of the font."""
    for kind, subtable in _subtables(ttfont):
        if kind == 1:
            yield from ((out, [source]) for source, out in subtable.mapping.items())
        elif kind == 2:
            yield from ((out, [source]) for source, outs in subtable.mapping.items() for out in outs)
        elif kind == 3:
            yield from ((out, [source]) for source, outs in subtable.alternates.items() for out in outs)
        elif kind == 4:
            for first, ligatures in subtable.ligatures.items():
                yield from ((ligature.LigGlyph, [first, *ligature.Component]) for ligature in ligatures)
        elif kind == 8:
            yield from zip(subtable.Substitute, ([source] for source in subtable.Coverage.glyphs), strict=True)


@lru_cache(maxsize=16)
def _glyph_texts(content: bytes, index: int) -> dict[int, str]:
    """Glyph id -> the characters it draws, for one font file (a document's fonts come back in the next one)."""
    ttfont = TTFont(io.BytesIO(content), fontNumber=index, lazy=True)
    texts: dict[str, str] = {}
    for codepoint, name in sorted(ttfont.getBestCmap().items()):
        texts.setdefault(name, chr(codepoint))
    derivations = list(_derivations(ttfont))
    for _ in range(_ROUNDS):
        found = False
        for glyph, sources in derivations:
            if glyph not in texts and all(source in texts for source in sources):
                texts[glyph] = "".join(texts[source] for source in sources)
                found = True
        if not found:
            break
    order = ttfont.getReverseGlyphMap()
    return {order[name]: text for name, text in texts.items() if name in order}


def mapped_text(font: Any, glyph: int) -> str:
    """What /ToUnicode will map ``glyph`` of ``font`` to once the fonts are written: WeasyPrint's mapping where it
    wrote one (it never changes a mapping once written), else what ``fill_empty_mappings`` will fill in."""
    text: str = font.to_unicode.get(glyph, "")
    if text or font.bitmap:
        return text
    return _glyph_texts(font.file_content, font.index).get(glyph, "")


def fill_empty_mappings(font: Any) -> int:
    """Give each glyph of ``font`` that WeasyPrint mapped to nothing its characters; the count left empty."""
    empty = [glyph for glyph, text in font.to_unicode.items() if not text]
    if not empty:
        return 0
    texts = _glyph_texts(font.file_content, font.index)
    for glyph in empty:
        if texts.get(glyph):
            font.to_unicode[glyph] = texts[glyph]
    return sum(1 for glyph in empty if not font.to_unicode[glyph])


def _build_fonts_dictionary_mapped(pdf: Any, fonts: Any, compress: Any, subset: Any, options: Any) -> Any:
    build = PATCH.original
    assert build is not None
    for font in fonts.values():
        if not font.bitmap:
            fill_empty_mappings(font)
    return build(pdf, fonts, compress, subset, options)


PATCH = PinnedPatch(weasyprint_pdf, "build_fonts_dictionary", ("pdf", "fonts", "compress", "subset", "options"),
                    "/ToUnicode", _build_fonts_dictionary_mapped)
install = PATCH.install
installed = PATCH.installed
check_compatible = PATCH.check_compatible
