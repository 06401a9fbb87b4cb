"""Searchable Khmer and formulas: each line of Khmer whose glyphs do not read as its text, and each
subscript or superscript, WeasyPrint draws carries its text as /ActualText.

WeasyPrint maps every glyph to one piece of text. Khmer reorders and stacks glyphs (a
vowel drawn before the consonant it follows), so extraction, search, copy-paste and screen
readers get the pieces in drawing order: ដើម្បីពង្រឹង comes out as ដៃដើម្បដើពងឹង. PDF
viewers and poppler honour a marked-content span ``/Span <</ActualText (...)>> BDC ... EMC``
that says what the glyphs inside it read as, the way Chromium's PDFs do it.

Only the lines that need one get a span: after WeasyPrint draws a line, its glyphs' /ToUnicode
texts (``to_unicode.mapped_text``: what the font dictionary will say once written) are joined in
drawing order; where they give the line's text, extraction already reads it right, and a span would
only add its bytes (a Khmer line without a reordered vowel or a split one, a line of Khmer digits).
A line of another script is never looked at: WeasyPrint maps its glyphs in order.

A subscript or superscript (``<sub>``, ``<sup>``: the indices of an equation's symbols) is drawn
smaller and off the baseline, and extracts glued to its base: ``ER`` with ``y`` below reads ``ERy``,
indistinguishable from a symbol ``ERy``. Its span reads as the plain-text form of the index,
``_y`` (``^t``), braced when it is longer than one character (``_{BL,km}``), so that the equation
extracts as ``ER_y = BE_y − PE_y − LE_y``.

This wraps ``weasyprint.draw.text.draw_first_line``, which draws one line of one text box,
in such a span. It reaches into WeasyPrint's internals, so it is pinned (``pinned.py``):
``install`` checks the version and the function's signature and refuses anything else.
"""

from __future__ import annotations

import re
from typing import Any

import pydyf
import weasyprint.draw.text as weasyprint_draw_text
from weasyprint.text.ffi import ffi, pango

from dossiergen.render.pdf import to_unicode
from dossiergen.render.pdf.pinned import PinnedPatch

INSERTED_BREAKS = re.compile("[\u200b\u2060]")
"""Break controls the typeset stage inserted: layout hints, not text."""
KHMER = re.compile("[\u1780-\u17ff\u19e0-\u19ff]")
"""Lines without Khmer extract right as they are drawn; a span on each would only cost time and bytes."""
SELECTIVE = True
"""A span only on the Khmer lines whose glyphs do not read as their text; ``False`` puts one on every Khmer line
(as before: ``benchmarks/pdf_bytes.py`` measures what the selection saves)."""


def actual_text(text: str) -> str:
    """What a line reads as: its text without the inserted break controls."""
    return INSERTED_BREAKS.sub("", text)


INDEX_MARKS = {"sub": "_", "sup": "^"}
"""The plain-text mark of a subscript and a superscript, as in TeX and AsciiMath."""


def index_text(mark: str, text: str) -> str:
    """``_y``, ``^t``, ``_{BL,km}``: an index as plain text writes it; the space that does not break inside a
    word index (``top layer``, printed for the ``_`` of ``OX_top_layer``) is written back as ``_``."""
    text = text.replace("\u00a0", "_")
    return mark + (text if len(text) == 1 else "{" + text + "}")


def drawn_text(stream: Any, textbox: Any) -> str | None:
    """What the glyphs of the line WeasyPrint just drew from ``textbox`` read as through /ToUnicode, in drawing
    order; ``None`` if one is missing from its font (its .notdef stands in, mapped to a code of its own)."""
    line, _ = textbox.pango_layout.get_first_line()
    pieces = []
    run = line.runs[0]
    while run != ffi.NULL:  # the walk draw_first_line makes, reading each glyph's font and id
        item = run.data
        run = run.next
        font, _ = stream.add_font(item.item.analysis.font)
        for info in item.glyphs.glyphs[0:item.glyphs.num_glyphs]:
            if info.glyph == pango.PANGO_GLYPH_EMPTY:
                continue
            if info.glyph & pango.PANGO_GLYPH_UNKNOWN_FLAG:
                return None
            pieces.append(to_unicode.mapped_text(font, info.glyph))
    return "".join(pieces)


def _span_properties(text: str) -> pydyf.Dictionary:
    return pydyf.Dictionary({"ActualText": pydyf.String(text)})


def _draw_first_line_with_actual_text(stream: Any, textbox: Any, text_overflow: Any, block_ellipsis: Any,
                                      matrix: Any) -> Any:
    draw = PATCH.original
    assert draw is not None
    # SVG text (the chart's labels) is drawn from a text box without an element tag
    mark = INDEX_MARKS.get(getattr(textbox, "element_tag", ""))
    if mark is not None and textbox.text.strip() and not KHMER.search(textbox.text):
        text = index_text(mark, actual_text(textbox.text).strip())
    elif not KHMER.search(textbox.text):
        return draw(stream, textbox, text_overflow, block_ellipsis, matrix)
    else:
        text = actual_text(textbox.text)
    if not text.strip():
        return draw(stream, textbox, text_overflow, block_ellipsis, matrix)
    if mark is None and SELECTIVE:
        # the line's glyphs are only known once drawn (and so are the /ToUnicode mappings it adds):
        # draw it, then open the span where the line began if its glyphs do not read as its text
        start = len(stream.stream)
        emojis = draw(stream, textbox, text_overflow, block_ellipsis, matrix)
        if len(stream.stream) > start and drawn_text(stream, textbox) != text:
            # what begin_marked_content appends, put before the line's operators
            stream.stream[start:start] = ["/Span", _span_properties(text), b"BDC"]
            stream.end_marked_content()
        return emojis
    stream.begin_marked_content("Span", _span_properties(text))
    try:
        return draw(stream, textbox, text_overflow, block_ellipsis, matrix)
    finally:
        stream.end_marked_content()


PATCH = PinnedPatch(weasyprint_draw_text, "draw_first_line",
                    ("stream", "textbox", "text_overflow", "block_ellipsis", "matrix"),
                    "/ActualText", _draw_first_line_with_actual_text)
install = PATCH.install
installed = PATCH.installed
check_compatible = PATCH.check_compatible
