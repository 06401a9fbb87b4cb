"""HTML -> PDF bytes with WeasyPrint: the project's fonts, a fenced URL fetcher, no silent warnings."""

from __future__ import annotations

import logging
import re
import shutil
import weakref
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict, Unpack
from urllib.parse import unquote, urlsplit

from weasyprint import CSS, HTML
from weasyprint.document import Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError

from dossiergen.config.paths import ProjectPaths
from dossiergen.errors import PdfError, Problem, RefusedResource
from dossiergen.records.sandbox import illustration_file_problem
from dossiergen.render.fonts import font_face_css, font_files
from dossiergen.render.pdf import (
    actual_text,
    archival,
    artifacts,
    continued,
    running_start,
    tag_languages,
    to_unicode,
)
from dossiergen.render.pdf.archival import EmbeddedRecord
from dossiergen.render.pdf.fetcher import FencedFetcher, RefusedURL
from dossiergen.render.pdf.layout_fill import PageFill, mark_split, page_fills


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _collect_warnings() -> Iterator[_Collect]:
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    previous = logger.propagate
    logger.propagate = False  # we report them; nothing else should print them
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.propagate = previous


def _remove_font_folder(font_config: FontConfiguration) -> None:
    folder = getattr(font_config, "_folder", None)  # WeasyPrint 70 (pinned.py): set on the first @font-face
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class KeptFonts:
    """One WeasyPrint font configuration kept across typesetting passes (a document's, in ``sharing_fonts``; every
    save's, in the preview): the fonts' stylesheet parsed and its faces loaded once rather than on every pass, and
    Pango's font caches kept warm. Each PDF is the same, byte for byte, as with a configuration per pass (the tests
    compare).

    Used inside ``keeping_fonts``; a new fonts stylesheet (a font installed, say) starts a new configuration.
    ``close`` removes its font folder; so does the end of the process, if nothing closed it."""

    config: FontConfiguration | None = None
    stylesheet: CSS | None = None
    css: str | None = None
    _folder_removal: weakref.finalize[[FontConfiguration], KeptFonts] | None = field(default=None, repr=False)

    def held(self, css: str) -> tuple[FontConfiguration, CSS] | None:
        """The configuration and the stylesheet kept for the fonts stylesheet ``css``, if it is the one kept."""
        if self.config is None or self.stylesheet is None or self.css != css:
            return None
        return self.config, self.stylesheet

    def keep(self, css: str, config: FontConfiguration, stylesheet: CSS) -> None:
        self.close()
        self.config, self.stylesheet, self.css = config, stylesheet, css
        self._folder_removal = weakref.finalize(self, _remove_font_folder, config)

    def close(self) -> None:
        if self._folder_removal is not None:
            self._folder_removal()
        self.config = self.stylesheet = self.css = self._folder_removal = None


_KEPT: ContextVar[KeptFonts | None] = ContextVar("dossiergen_kept_fonts", default=None)


@contextmanager
def keeping_fonts(kept: KeptFonts) -> Iterator[None]:
    """Every typesetting pass inside it, on this thread, uses ``kept``'s font configuration."""
    token = _KEPT.set(kept)
    try:
        yield
    finally:
        _KEPT.reset(token)


@contextmanager
def sharing_fonts() -> Iterator[None]:
    """Every typesetting pass inside it, on this thread, shares one font configuration: the one an enclosing
    ``keeping_fonts`` keeps (the preview's), or else one of its own, closed (its folder removed) as it ends.

    A document's passes (its annexes' documents, the rebalancer's settings) then load the fonts once."""
    if _KEPT.get() is not None:
        yield
        return
    kept = KeptFonts()
    try:
        with keeping_fonts(kept):
            yield
    finally:
        kept.close()


@dataclass(frozen=True)
class Typeset:
    """A document's PDF, and how full its pages are as its layout measured them (``None``: not measured)."""

    pdf: bytes
    fills: tuple[PageFill, ...] | None = None


class PdfOptions(TypedDict, total=False):
    """How ``write_pdf`` typesets, beyond the HTML and the folders it may read."""

    source: Path | None
    """The document's record, named by a warning or error [default: ``base_url``]."""
    strict: bool
    """Any WeasyPrint warning is an error [default: yes]."""
    tagged: bool
    """A tagged PDF, declared PDF/UA-1 [default: yes]."""
    records: tuple[EmbeddedRecord, ...]
    """Records the PDF carries as associated files."""
    fetcher: FencedFetcher | None
    """The URL fetcher [default: one serving ``allowed_roots``, the fonts and the project's built-in templates]."""
    project: ProjectPaths | None
    """The project whose templates folder is ``base_url`` [default: found from it]."""


def write_pdf(html: str, *, base_url: Path, allowed_roots: Iterable[Path], **options: Unpack[PdfOptions]) -> bytes:
    """Typeset ``html`` into PDF bytes.

    ``base_url`` resolves relative links (the templates folder); ``allowed_roots`` are the
    only folders the document may read from. With ``strict``, any WeasyPrint warning (an
    unknown CSS property, a missing image) is an error naming the document ``source``.
    ``tagged`` (the default) makes a tagged PDF whose Korean and Khmer passages carry their own /Lang,
    declared PDF/UA-1; untagged, it is the plain file. Either is PDF/A-3b (``archival.PDF_A``), carries
    ``records`` as associated files, and its /ID is a hash of ``html``.

    ``project`` (default: the project whose templates folder is ``base_url``) adds what its
    documents may read besides: the built-in templates behind its own, and its logo.
    """
    return typeset_pdf(html, base_url=base_url, allowed_roots=allowed_roots, **options).pdf


def typeset_pdf(html: str, *, base_url: Path, allowed_roots: Iterable[Path], measure: bool = False,
                split: frozenset[int] = frozenset(), annex_placeholders: int = 0,
                **options: Unpack[PdfOptions]) -> Typeset:
    """``write_pdf``'s PDF, and with ``measure`` its pages' fill as the layout has them (render/pdf/layout_fill.py);
    ``split`` are the short tables (positions in document order) let split over pages (the rebalancer's choice).
    ``annex_placeholders``: the last pages, the appended annexes' placeholders (``base.html``), are laid out, so
    that the pages before count them, and dropped before the PDF is written."""
    source, tagged, records = options.get("source"), options.get("tagged", True), options.get("records", ())
    where = source or base_url
    actual_text.install()
    to_unicode.install()
    running_start.install()
    if tagged:
        tag_languages.install()
        artifacts.install()
        continued.install()
    variant = archival.PDF_A
    project = options.get("project") or ProjectPaths.of_templates(base_url)
    builtin_templates = project.builtin.templates
    fetcher = options.get("fetcher") or FencedFetcher(
        (*allowed_roots, builtin_templates), font_files() | project.branding.files(),
        fallbacks={project.templates: builtin_templates})
    kept, css = _KEPT.get(), font_face_css()
    held = kept.held(css) if kept is not None else None
    font_config, fonts = held if held is not None else (FontConfiguration(), None)
    done = False
    try:
        pdf: bytes | None = None
        fills: tuple[PageFill, ...] | None = None
        with _collect_warnings() as warnings:
            try:
                if fonts is None:
                    fonts = CSS(string=css, font_config=font_config, url_fetcher=fetcher)
                parsed = HTML(string=html, base_url=str(base_url) + "/", url_fetcher=fetcher)
                mark_split(parsed.etree_element, split)
                document = parsed.render(stylesheets=[fonts], font_config=font_config, pdf_variant=variant,
                                         pdf_tags=tagged, output_intent=archival.OUTPUT_INTENT)
                _drop_placeholders(document, annex_placeholders)
                if measure:
                    fills = page_fills(document)
                document.metadata = archival.ArchivalMetadata(document.metadata, pdf_ua=tagged)
                document.color_profiles[archival.OUTPUT_INTENT] = archival.srgb_profile()
                pdf = document.write_pdf(finisher=archival.finish, pdf_variant=variant,
                                         output_intent=archival.OUTPUT_INTENT, pdf_tags=tagged, custom_metadata=True,
                                         pdf_identifier=archival.identifier(html, variant, tagged=tagged),
                                         uncompressed_pdf=False,
                                         attachments=archival.attachments(records) if records else None)
            except FatalURLFetchingError as error:
                cause = error.__cause__ or error
                if not isinstance(cause, RefusedURL):
                    raise PdfError(Problem(where, None, None, str(cause))) from None
        # a refused stylesheet or image stops WeasyPrint; one inside an SVG only makes it warn
        refused = list(dict.fromkeys(url for url, served in fetcher.requested if not served))
        if refused:  # what WeasyPrint then warns of ("Failed to render SVG image") is only the consequence
            raise RefusedResource([Problem(where, None, None, f"refused to read {url}: " + fetcher.reasons.get(
                url, "only the project's templates, fonts and the record's own folder may be read"))
                                   for url in refused])
        images = [problem for message in warnings.messages if (problem := _image_problem(message, where)) is not None]
        if images:  # WeasyPrint's own reason is often empty (an SVG's entity, say): ours names the URL and why
            raise RefusedResource(images)
        if options.get("strict", True) and warnings.messages:
            raise PdfError([Problem(where, None, None, f"WeasyPrint: {message}") for message in warnings.messages])
        assert pdf is not None and fonts is not None
        if kept is not None and held is None:
            kept.keep(css, font_config, fonts)
        done = True
        return Typeset(pdf, fills)
    finally:
        # the folder WeasyPrint writes a pass's fonts into (/tmp/weasyprint-*, megabytes) goes as soon as the pass
        # ends, however it ends: its own __del__ may never run when a stopped render's frames stay referenced, or
        # the process exits (Ctrl-C, SIGTERM, --timeout); a configuration kept goes when its keeper closes
        if held is None and not (done and kept is not None):
            _remove_font_folder(font_config)


def _drop_placeholders(document: Document, count: int) -> None:
    """The document without its last ``count`` pages, which must be the annexes' placeholders: the first of them
    holds the first annex's anchor, and none holds anything else."""
    if not count:
        return
    dropped = document.pages[-count:]
    if len(document.pages) <= count or "annex-1" not in dropped[0].anchors or any(
            set(page.anchors) - {f"annex-{number}" for number in range(1, count + 1)} for page in dropped):
        raise AssertionError(f"the last {count} pages are not the annexes' placeholders")  # a bug, not an input
    del document.pages[-count:]


_FAILED_IMAGE = re.compile(r"^Failed to load image at '(?P<url>file:[^']*)'")


def _image_problem(message: str, where: Path) -> Problem | None:
    """A WeasyPrint warning that it could not load a file as an image, as the URL and why (checked again)."""
    failed = _FAILED_IMAGE.match(message)
    if failed is None:
        return None
    url = failed["url"]
    reason = illustration_file_problem(Path(unquote(urlsplit(url).path)))
    return Problem(where, None, None, f"cannot draw the image {url}: the file "
                                      + (reason or "is not an image WeasyPrint can read"))
