"""The only way a document reaches files: a fetcher fenced to the project's folders."""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse


class RefusedURL(Exception):
    """A document asked for a resource outside the folders it may read."""


class FencedFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint has no type information
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
