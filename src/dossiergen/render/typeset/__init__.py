"""HTML -> HTML with script fixes that WeasyPrint's line breaker needs.

Walks the rendered HTML, follows the ``lang`` of each element, and rewrites text nodes:
Khmer gets break opportunities between words (``khmer_breaks``), Korean words are kept
whole (``korean_keep_all``); in every language identifiers, and a heading's hyphenated compounds, are
kept whole (``kept_whole``). Markup is passed through untouched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from html import escape
from html.parser import HTMLParser

from dossiergen.errors import TypesetError
from dossiergen.render.typeset.kept_whole import keep_compounds_whole, keep_counts_whole, keep_identifiers_whole
from dossiergen.render.typeset.khmer_breaks import ZWSP, break_khmer, load_compounds
from dossiergen.render.typeset.korean_keep_all import WORD_JOINER, keep_eojeol_whole

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
RAW = frozenset({"style", "script", "title"})
"""Elements whose text is not laid out as running text (or not laid out at all)."""
CELLS = frozenset({"td", "th"})
FIGURE_CELLS = frozenset({"num", "date"})
"""A table cell: in a figure's or a date's cell (``num``, ``date``) a value's specimen mark may go below the value in
a narrow column, so that the value itself stays on one line ("20 May 2027", not "20 May / 2027 [SPECIMEN]"); in a
text cell it keeps with its word, as in running text."""
SPECIMEN_CLASS, KEPT_CLASS = "specimen", "with-mark"
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
"""Elements whose compounds never break at their hyphen (a title's working-group)."""

TextFix = Callable[[str], str]

__all__ = ["WORD_JOINER", "ZWSP", "break_khmer", "keep_eojeol_whole", "load_compounds", "typeset_html"]


class _Typesetter(HTMLParser):
    def __init__(self, fixes: dict[str, TextFix]) -> None:
        super().__init__(convert_charrefs=True)
        self.fixes = fixes
        self.out: list[str] = []
        self.stack: list[tuple[str, str | None, bool]] = []
        """Each open element: its tag, language and whether it is a figure's or a date's cell (``FIGURE_CELLS``)."""
        self.kept_closes: set[int] = set()
        """The depths of the stack at which a specimen mark's end also closes the span keeping it with its word."""

    @property
    def lang(self) -> str | None:
        for _, lang, _ in reversed(self.stack):
            if lang is not None:
                return lang
        return None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "span" and SPECIMEN_CLASS in classes and not any(figure for *_, figure in self.stack):
            self._keep_with_word_before()
        self.out.append(self.get_starttag_text() or "")
        if tag not in VOID:
            lang = dict(attrs).get("lang")
            figure = tag in CELLS and not FIGURE_CELLS.isdisjoint(classes)
            self.stack.append((tag, lang.split("-")[0] if lang else None, figure))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        self.out.append(f"</{tag}>")
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                if len(self.stack) in self.kept_closes:  # the specimen mark a kept span holds ends here
                    self.kept_closes.remove(len(self.stack))
                    self.out.append("</span>")
                del self.stack[index:]
                break

    def _keep_with_word_before(self) -> None:
        """Open a span that sets the word before a specimen mark and the mark on one line (print.css ``.with-mark``):
        the mark never begins a line alone. The word is the text's last, up to a space or a Khmer word break."""
        text = self.out[-1] if self.out and not self.out[-1].startswith("<") else ""
        head = text.rstrip(" ")
        if not head or head == text and text:
            return
        start = max(head.rfind(" "), head.rfind(ZWSP)) + 1
        self.out[-1] = text[:start] + f'<span class="{KEPT_CLASS}">' + text[start:]
        self.kept_closes.add(len(self.stack) + 1)

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][0] in RAW:
            self.out.append(data)
            return
        fix = self.fixes.get(self.lang or "")
        text = keep_identifiers_whole(fix(data) if fix else data)
        if any(tag in HEADINGS for tag, *_ in self.stack):
            text = keep_compounds_whole(text)
        self.out.append(escape(text, quote=False))

    def handle_comment(self, data: str) -> None:
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.out.append(f"<?{data}>")


def typeset_html(html: str, khmer_compounds: Iterable[str] = ()) -> str:
    """Insert script-specific break opportunities into the text of ``html``.

    ``khmer_compounds`` are names that must not break inside (``locales/km/compounds.txt``).
    """
    khmer = partial(break_khmer, compounds=tuple(khmer_compounds))
    fixes: dict[str, TextFix] = {"km": lambda text: keep_counts_whole(khmer(text)),
                                 "ko": keep_eojeol_whole}
    parser = _Typesetter(fixes)
    try:
        parser.feed(html)
        parser.close()
    except Exception as error:  # the HTML is ours; a failure here is a bug to report, located
        raise TypesetError(f"typesetting failed: {type(error).__name__}: {error}") from error
    return "".join(parser.out)
