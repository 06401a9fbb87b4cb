"""The Markdown a record's prose may use, and nothing more.

Project description paragraphs and the discussion paragraphs of minutes (``ProseText``) accept
three things:

- ``**strong**`` and ``*emphasis*`` (also ``__strong__``, ``_emphasis_``);
- links ``[text](https://...)`` and ``[text](mailto:...)``; any other address (``file:``,
  ``http:``, ``javascript:``, a relative path) is not a link and prints as typed.

Everything else prints as the text it is: HTML, images, headings, lists, code. markdown-it-py
parses with only those rules enabled and raw HTML off, and escapes the rest.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markupsafe import Markup

LINK_SCHEMES = ("https://", "mailto:")
"""Addresses a link may have: a reader's browser opens them; nothing is fetched when rendering."""


def _allowed_link(url: str) -> bool:
    return url.strip().lower().startswith(LINK_SCHEMES)


_PARSER = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False}).enable(["emphasis", "link"])
_PARSER.validateLink = _allowed_link  # type: ignore[method-assign]


def render_prose(text: str) -> Markup:
    """``text`` as inline HTML: the subset marked up, everything else escaped."""
    return Markup(_PARSER.renderInline(text))
