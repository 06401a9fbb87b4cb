"""What the preview shows: per language set, the last rendering that worked, and what is wrong now.

A save that breaks the record (or a template, or a catalog) does not blank the screen: the
errors are shown beside the last good pages until a save fixes them.
"""

from __future__ import annotations

import subprocess
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from dossiergen.archive.extract import document_titles
from dossiergen.config.paths import ProjectPaths
from dossiergen.errors import DossiergenError
from dossiergen.formats.pdf import render_with_placeholders
from dossiergen.i18n.languages import parse_langs
from dossiergen.records.loading import load_record

PAGE_DPI = 96
"""Page images at screen resolution: an A4 page is 794 pixels wide."""


@dataclass(frozen=True)
class Rendering:
    """One good rendering of the record in one language set."""

    pdf: bytes
    pages: tuple[bytes, ...]
    """Each page as PNG, drawn from the PDF itself (poppler): what prints is what shows."""
    texts: tuple[str, ...]
    """Each page's text, for screen readers and for search on the page."""
    titles: dict[str, str]
    """The document title in each of its languages, from the PDF's metadata."""


@dataclass
class LangSetState:
    good: Rendering | None = None
    errors: tuple[str, ...] = ()


@dataclass
class Renderings:
    """The renderings of one record, re-made on demand; safe to use from several threads."""

    record: Path
    paths: ProjectPaths
    draft: bool = False
    version: int = 0
    """Goes up each time anything shown changes; pages ask for images of their version."""
    states: dict[str, LangSetState] = field(default_factory=dict)
    lock: threading.RLock = field(default_factory=threading.RLock)

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

    def _render(self, lang_set: str) -> None:
        state = self.states.setdefault(lang_set, LangSetState())
        try:
            record = load_record(self.record)
            pdf, _ = render_with_placeholders(record, parse_langs(lang_set), paths=self.paths, draft=self.draft)
        except DossiergenError as error:
            state.errors = tuple(str(problem) for problem in error.problems)
            return
        pages, texts = _pages(pdf)
        state.good = Rendering(pdf=pdf, pages=pages, texts=texts, titles=document_titles(pdf))
        state.errors = ()


def _pages(pdf: bytes) -> tuple[tuple[bytes, ...], tuple[str, ...]]:
    """PNG and text of every page, by poppler's pdftoppm and pdftotext."""
    with tempfile.TemporaryDirectory(prefix="dossiergen-preview-") as folder:
        source = Path(folder) / "document.pdf"
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", str(PAGE_DPI), "-png", str(source), str(Path(folder) / "page")],
                       check=True, capture_output=True)
        images = sorted(Path(folder).glob("page-*.png"), key=lambda path: int(path.stem.rsplit("-", 1)[1]))
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", str(source), "-"],
                              check=True, capture_output=True, text=True).stdout
        texts = text.split("\f")[:len(images)]
        return tuple(path.read_bytes() for path in images), tuple(texts)
