"""Searchable Khmer and formulas: each line of Khmer, and each subscript or superscript, WeasyPrint draws
carries its text as /ActualText.

WeasyPrint maps every glyph to one piece of text. Khmer reorders and stacks glyphs (a
vowel drawn before the consonant it follows), so extraction, search, copy-paste and screen
readers get the pieces in drawing order: ដើម្បីពង្រឹង comes out as ដៃដើម្បដើពងឹង. PDF
viewers and poppler honour a marked-content span ``/Span <</ActualText (...)>> BDC ... EMC``
that says what the glyphs inside it read as, the way Chromium's PDFs do it.

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

from dossiergen.render.pdf.pinned import PinnedPatch

INSERTED_BREAKS = re.compile("[\u200b\u2060]")
"""Break controls the typeset stage inserted: layout hints, not text."""
KHMER = re.compile("[\u1780-\u17ff\u19e0-\u19ff]")
"""Lines without Khmer extract right as they are drawn; a span on each would only cost time and bytes."""


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
    stream.begin_marked_content("Span", pydyf.Dictionary({"ActualText": pydyf.String(text)}))
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
