"""The Markdown a record's prose may use, and nothing more, as runs of the document tree.

Project description paragraphs and the discussion paragraphs of minutes (``ProseText``) accept
three things:

- ``**strong**`` and ``*emphasis*`` (also ``__strong__``, ``_emphasis_``);
- links ``[text](https://...)`` and ``[text](mailto:...)``; any other address (``file:``,
  ``http:``, ``javascript:``, a relative path) is not a link and prints as typed.

Everything else prints as the text it is: HTML, images, headings, lists, code. markdown-it-py
parses with only those rules enabled and raw HTML off; what it does not mark up stays characters,
which every writer escapes for its own format.
"""

from __future__ import annotations

from markdown_it import MarkdownIt

from dossiergen.documents.tree import Run, Runs

LINK_SCHEMES = ("https://", "mailto:")
"""Addresses a link may have: a reader's browser opens them; nothing is fetched when rendering."""


def _allowed_link(url: str) -> bool:
    return url.strip().lower().startswith(LINK_SCHEMES)


_PARSER = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False}).enable(["emphasis", "link"])
_PARSER.validateLink = _allowed_link  # type: ignore[method-assign]
_STYLE_OF = {"strong_open": "strong", "em_open": "em"}
_CLOSING = {"strong_close": "strong", "em_close": "em"}


def prose_runs(text: str) -> Runs:
    """``text`` as runs: the subset's strong, emphasis and links styled, everything else plain characters."""
    runs: list[Run] = []
    styles: list[str] = []
    href: str | None = None
    for block in _PARSER.parseInline(text):
        for token in block.children or ():
            if token.type in _STYLE_OF:
                styles.append(_STYLE_OF[token.type])
            elif token.type in _CLOSING:
                styles.remove(_CLOSING[token.type])
            elif token.type == "link_open":
                href = str(token.attrs["href"])
            elif token.type == "link_close":
                href = None
            elif token.content:
                runs.append(Run(token.content, " ".join(styles), href))
            elif token.type in ("softbreak", "hardbreak"):
                runs.append(Run("\n", " ".join(styles), href))
    return tuple(runs)
