"""What the preview shows: per language set, the last rendering that worked, and what is wrong now.

A save that breaks the record (or a template, or a catalog) does not blank the screen: the
errors are shown beside the last good pages until a save fixes them.

A save costs only what it changed: the document is rendered again only when what it is made
from changed (``typesets.py``: the HTML of its first pass, stylesheets, fonts), a page is drawn
only when a page asks for it (the first page as soon as the document is made, while the texts are
read) and only if no earlier rendering drew the same page (``pages.py``'s digests), and only new
pages' texts are read. The fonts are loaded once for every save (``KeptFonts``), not on every pass.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from dossiergen.archive.extract import document_titles
from dossiergen.config.paths import ProjectPaths
from dossiergen.errors import DossiergenError
from dossiergen.formats.pdf import render_with_placeholders
from dossiergen.i18n.languages import parse_langs
from dossiergen.preview.pages import draw_page, page_digests, page_texts
from dossiergen.preview.typesets import typeset_key
from dossiergen.records.loading import load_record
from dossiergen.render.pdf.writer import KeptFonts, keeping_fonts


@dataclass(frozen=True)
class Rendering:
    """One good rendering of the record in one language set."""

    pdf: bytes
    digests: tuple[str, ...]
    """What each page draws (``pages.py``): the key of its image, drawn from the PDF itself when asked for."""
    texts: tuple[str, ...]
    """Each page's text, for screen readers and for search on the page."""
    titles: dict[str, str]
    """The document title in each of its languages, from the PDF's metadata."""


@dataclass
class LangSetState:
    good: Rendering | None = None
    errors: tuple[str, ...] = ()
    kept: dict[str, Rendering] = field(default_factory=dict)
    """The renderings of the last two keys (``typesets.py``), the newest last: a save undone renders nothing."""


@dataclass
class Renderings:
    """The renderings of one record, re-made on demand; safe to use from several threads."""

    record: Path
    paths: ProjectPaths
    draft: bool = False
    version: int = 0
    """Goes up after each save's renderings; pages then ask what they show (their images by page digest)."""
    states: dict[str, LangSetState] = field(default_factory=dict)
    lock: threading.RLock = field(default_factory=threading.RLock)
    renders: int = 0
    """Documents rendered so far (the tests count them: a save that changes nothing printed adds none)."""
    images: dict[str, bytes] = field(default_factory=dict)
    """Page images drawn so far, by page digest: those of the pages on show."""
    texts: dict[str, str] = field(default_factory=dict)
    """Page texts, by page digest, likewise."""
    draws: int = 0
    """Pages drawn so far (the tests count them: a save redraws only the pages it changed)."""
    draw_lock: threading.Lock = field(default_factory=threading.Lock)
    fonts: KeptFonts = field(default_factory=KeptFonts)
    """One font configuration for every save's typesetting passes: the fonts loaded once (``close`` ends it)."""

    def get(self, lang_set: str) -> LangSetState:
        """The state of ``lang_set``, rendering it first if it has never been asked for."""
        parse_langs(lang_set)  # a bad language set is a UsageError for the caller
        with self.lock:
            if lang_set not in self.states:
                self._render(lang_set)
            return self.states[lang_set]

    def refresh(self) -> None:
        """Render again every language set someone has looked at (after a save)."""
        with self.lock:
            for lang_set in list(self.states):
                self._render(lang_set)
            self.version += 1
            shown = {digest for state in self.states.values() if state.good for digest in state.good.digests}
            self.texts = {digest: text for digest, text in self.texts.items() if digest in shown}
        with self.draw_lock:
            self.images = {digest: image for digest, image in self.images.items() if digest in shown}

    def close(self) -> None:
        """Let go of the fonts kept for the typesetting (their folder removed)."""
        # not under the lock: Ctrl-C must not wait for a dossier being laid out (that thread ends with the process)
        self.fonts.close()

    def page_image(self, lang_set: str, number: int) -> tuple[bytes, str] | None:
        """Page ``number`` (from 1) of the last good rendering of ``lang_set`` as PNG, drawn if no rendering
        drew it yet, and its digest; ``None`` where there is no such page."""
        good = self.get(lang_set).good
        if good is None or not 1 <= number <= len(good.digests):
            return None
        digest = good.digests[number - 1]
        return self._drawn(good.pdf, number, digest), digest

    def _drawn(self, pdf: bytes, number: int, digest: str) -> bytes:
        """The image of page ``number`` of ``pdf``, whose digest is ``digest``: drawn unless a rendering drew it."""
        with self.draw_lock:  # two requests for one page draw it once
            image = self.images.get(digest)
            if image is None:
                image = self.images[digest] = draw_page(pdf, number)
                self.draws += 1
            return image

    def _render(self, lang_set: str) -> None:
        state = self.states.setdefault(lang_set, LangSetState())
        try:
            record = load_record(self.record)
            langs = parse_langs(lang_set)
            key = typeset_key(record, langs, self.paths, draft=self.draft)
            good = state.kept.pop(key, None)
            if good is None:
                with keeping_fonts(self.fonts):
                    pdf, _ = render_with_placeholders(record, langs, paths=self.paths, draft=self.draft)
                self.renders += 1
                good = self._rendering(pdf)
        except DossiergenError as error:
            state.errors = tuple(str(problem) for problem in error.problems)
            return
        state.kept[key] = state.good = good
        while len(state.kept) > 2:
            del state.kept[next(iter(state.kept))]
        state.errors = ()

    def _rendering(self, pdf: bytes) -> Rendering:
        """A new rendering's pages, texts and titles, its first page drawn."""
        digests = page_digests(pdf)
        # the page shows the first page first: drawn now (unless a rendering drew it), while the texts are read,
        # poppler's two runs side by side, so that the page has its image when it is told of the save
        with ThreadPoolExecutor(max_workers=1) as pool:
            first = pool.submit(self._drawn, pdf, 1, digests[0])
            good = Rendering(pdf=pdf, digests=digests, texts=self._texts(pdf, digests), titles=document_titles(pdf))
            first.result()
        return good

    def _texts(self, pdf: bytes, digests: tuple[str, ...]) -> tuple[str, ...]:
        """Each page's text: read (in one run of pdftotext) only for the pages no rendering had before."""
        new = [number for number, digest in enumerate(digests, start=1) if digest not in self.texts]
        if new:
            read = page_texts(pdf, new[0], new[-1])
            for number in new:
                self.texts[digests[number - 1]] = read[number - new[0]]
        return tuple(self.texts[digest] for digest in digests)

