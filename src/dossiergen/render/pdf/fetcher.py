"""The only way a document reaches files: a fetcher fenced to the project's folders."""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable, Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse


class RefusedURL(Exception):
    """A document asked for a resource outside the folders it may read."""


class FencedFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint has no type information
    """Serves ``file:`` URLs below the allowed folders and the chosen font files; refuses the rest.

    No network, no redirects, nothing outside the project. Every request is logged in
    ``requested`` (URL, served or refused) so tests can show what was read. ``fallbacks``
    map a project's templates folder to the built-in one: a stylesheet the project does not
    have is served from the built-in templates, as a template is (the templates' search path).
    """

    def __init__(self, roots: Iterable[Path], files: Iterable[Path] = (),
                 fallbacks: Mapping[Path, Path] | None = None) -> None:
        super().__init__(allowed_protocols={"file"}, allow_redirects=False, fail_on_errors=True)
        self.roots = tuple(root.resolve() for root in roots)
        self.files = frozenset(path.resolve() for path in files)
        self.fallbacks = {folder.resolve(): other.resolve() for folder, other in (fallbacks or {}).items()}
        self.requested: list[tuple[str, bool]] = []

    def _along_search_path(self, path: Path) -> Path:
        """``path``, or where the search path finds it when the project's templates folder lacks it."""
        if path.exists():
            return path
        for folder, other in self.fallbacks.items():
            if path.is_relative_to(folder):
                return other / path.relative_to(folder)
        return path

    def allows(self, path: Path) -> bool:
        resolved = path.resolve()  # symlinks out of a folder resolve outside it
        return resolved in self.files or (
            resolved.is_file() and any(resolved.is_relative_to(root) for root in self.roots))

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        path = self._along_search_path(Path(unquote(parts.path)))
        if parts.scheme != "file" or parts.netloc not in ("", "localhost") or not self.allows(path):
            self.requested.append((url, False))
            raise RefusedURL(f"refused to fetch {url}: only files below {', '.join(map(str, self.roots))} may be read")
        self.requested.append((url, True))
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.resolve().as_uri(), path.read_bytes(), {"Content-Type": media_type})
