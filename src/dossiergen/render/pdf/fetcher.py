"""The only way a document reaches files: a fetcher fenced to the project's folders."""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable, Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

from dossiergen.errors import RefusedResource
from dossiergen.reading import read_limited, reason_of

MAX_FETCHED_BYTES = 64 * 1024 * 1024
"""The largest file a document may read: a font, a stylesheet, an illustration, the logo."""


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
        self.reasons: dict[str, str] = {}
        """Why a URL inside the folders was refused all the same (not a regular file, too large)."""

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
        # a FIFO or device below the folders is allowed here and refused, with its reason, as it is read
        return resolved in self.files or (
            resolved.exists() and any(resolved.is_relative_to(root) for root in self.roots))

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        path = self._along_search_path(Path(unquote(parts.path)))
        if parts.scheme != "file" or parts.netloc not in ("", "localhost") or not self.allows(path):
            self.requested.append((url, False))
            raise RefusedURL(f"refused to fetch {url}: only files below {', '.join(map(str, self.roots))} may be read")
        try:  # a FIFO, a device or a file larger than any font or image is refused before it is read
            content = read_limited(path, MAX_FETCHED_BYTES, "a file a document reads", RefusedResource)
        except RefusedResource as error:
            self.requested.append((url, False))
            self.reasons[url] = reason_of(error)
            raise RefusedURL(f"refused to fetch {url}: {self.reasons[url]}") from None
        self.requested.append((url, True))
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.resolve().as_uri(), content, {"Content-Type": media_type})
