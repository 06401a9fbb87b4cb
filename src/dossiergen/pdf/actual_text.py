"""Searchable Khmer: each line WeasyPrint draws carries its text as /ActualText.

WeasyPrint maps every glyph to one piece of text. Khmer reorders and stacks glyphs (a
vowel drawn before the consonant it follows), so extraction, search, copy-paste and screen
readers get the pieces in drawing order: ដើម្បីពង្រឹង comes out as ដៃដើម្បដើពងឹង. PDF
viewers and poppler honour a marked-content span ``/Span <</ActualText (...)>> BDC ... EMC``
that says what the glyphs inside it read as, the way Chromium's PDFs do it.

This wraps ``weasyprint.draw.text.draw_first_line``, which draws one line of one text box,
in such a span. It reaches into WeasyPrint's internals, so it is pinned: ``install`` checks
the version and the function's signature and refuses anything it was not tested with.
"""

from __future__ import annotations

import re
from typing import Any

import pydyf
import weasyprint.draw.text as weasyprint_draw_text

from .pinned import check_signature, check_version

EXPECTED_PARAMETERS = ("stream", "textbox", "text_overflow", "block_ellipsis", "matrix")
INSERTED_BREAKS = re.compile("[\u200b\u2060]")
"""Break controls the typeset stage inserted: layout hints, not text."""

_original_draw_first_line: Any = None


def actual_text(text: str) -> str:
    """What a line reads as: its text without the inserted break controls."""
    return INSERTED_BREAKS.sub("", text)


def _draw_first_line_with_actual_text(stream: Any, textbox: Any, text_overflow: Any, block_ellipsis: Any,
                                      matrix: Any) -> Any:
    text = actual_text(textbox.text)
    if not text.strip():
        return _original_draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix)
    stream.begin_marked_content("Span", pydyf.Dictionary({"ActualText": pydyf.String(text)}))
    try:
        return _original_draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix)
    finally:
        stream.end_marked_content()


def check_compatible() -> None:
    """Fail loudly when WeasyPrint is not a version, or a shape, this adapter was tested with."""
    check_version("/ActualText")
    check_signature(_original_draw_first_line or weasyprint_draw_text.draw_first_line, EXPECTED_PARAMETERS,
                    "weasyprint.draw.text.draw_first_line", "/ActualText")


def install() -> None:
    """Wrap WeasyPrint's line drawing once per process."""
    global _original_draw_first_line
    if _original_draw_first_line is not None:
        return
    check_compatible()
    _original_draw_first_line = weasyprint_draw_text.draw_first_line
    # draw_text and SVG text look the function up in this module at call time
    weasyprint_draw_text.draw_first_line = _draw_first_line_with_actual_text


def installed() -> bool:
    return weasyprint_draw_text.draw_first_line is _draw_first_line_with_actual_text
