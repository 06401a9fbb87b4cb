"""HTML -> PDF bytes with WeasyPrint: the project's fonts, a fenced URL fetcher, no silent warnings."""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from .errors import PdfError, Problem
from .fonts import font_face_css, font_files
from .weasyprint_actual_text import install as install_actual_text


class RefusedURL(Exception):
    """A document asked for a resource outside the folders it may read."""


class FencedFetcher(URLFetcher):
    """Serves ``file:`` URLs below the allowed folders and the chosen font files; refuses the rest.

    No network, no redirects, nothing outside the project. Every request is logged in
    ``requested`` (URL, served or refused) so tests can show what was read.
    """

    def __init__(self, roots: Iterable[Path], files: Iterable[Path] = ()) -> None:
        super().__init__(allowed_protocols={"file"}, allow_redirects=False, fail_on_errors=True)
        self.roots = tuple(root.resolve() for root in roots)
        self.files = frozenset(path.resolve() for path in files)
        self.requested: list[tuple[str, bool]] = []

    def allows(self, path: Path) -> bool:
        resolved = path.resolve()  # symlinks out of a folder resolve outside it
        return resolved in self.files or (
            resolved.is_file() and any(resolved.is_relative_to(root) for root in self.roots))

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        path = Path(unquote(parts.path))
        if parts.scheme != "file" or parts.netloc not in ("", "localhost") or not self.allows(path):
            self.requested.append((url, False))
            raise RefusedURL(f"refused to fetch {url}: only files below {', '.join(map(str, self.roots))} may be read")
        self.requested.append((url, True))
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.resolve().as_uri(), path.read_bytes(), {"Content-Type": media_type})


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


def write_pdf(
    html: str,
    *,
    base_url: Path,
    allowed_roots: Iterable[Path],
    source: Path | None = None,
    strict: bool = True,
    fetcher: FencedFetcher | None = None,
) -> bytes:
    """Typeset ``html`` into PDF bytes.

    ``base_url`` resolves relative links (the templates folder); ``allowed_roots`` are the
    only folders the document may read from. With ``strict``, any WeasyPrint warning (an
    unknown CSS property, a missing image) is an error naming the document ``source``.
    """
    where = source or base_url
    install_actual_text()
    fetcher = fetcher or FencedFetcher(allowed_roots, font_files())
    font_config = FontConfiguration()
    with _collect_warnings() as warnings:
        try:
            fonts = CSS(string=font_face_css(), font_config=font_config, url_fetcher=fetcher)
            document = HTML(string=html, base_url=str(base_url) + "/", url_fetcher=fetcher)
            pdf = document.write_pdf(stylesheets=[fonts], font_config=font_config,
                                     pdf_identifier=False, uncompressed_pdf=False)
        except FatalURLFetchingError as error:
            cause = error.__cause__ or error
            raise PdfError(Problem(where, None, None, str(cause))) from None
    if strict and warnings.messages:
        raise PdfError([Problem(where, None, None, f"WeasyPrint: {message}") for message in warnings.messages])
    assert pdf is not None
    return pdf
