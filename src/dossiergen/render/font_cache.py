"""What dossiergen derives from a font file (its character set, its advances), kept on disk between runs.

Reading a font's cmap with fontTools takes a few hundred milliseconds for the faces of a document, on every
start; the stored result takes a few. Each entry is keyed by the font file's path, size, modification and
change times and inode, so a font replaced or touched is read again, never trusted; the entries are JSON
(nothing in them runs), written whole (a temporary file renamed) so that two workers never read half of
one. A cache that cannot be read or written is no error: the value is computed, as without a cache.

The folder is the user's cache folder (``platformdirs``: ``$XDG_CACHE_HOME/dossiergen``, else
``~/.cache/dossiergen``), ``fonts/`` in it.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from platformdirs import user_cache_path

FORMAT = 1
"""Bump when what an entry holds changes: entries of another format are computed again."""

T = TypeVar("T")


def cache_dir() -> Path:
    """Where the font entries are kept (read each time: a test or a user may point XDG_CACHE_HOME elsewhere)."""
    return user_cache_path("dossiergen", appauthor=False) / "fonts"


def derived(path: Path, what: str, compute: Callable[[Path], T], encode: Callable[[T], Any],
            decode: Callable[[Any], T]) -> T:
    """``compute(path)``, or what an earlier run stored for the same ``what`` of the same, unchanged file.

    ``encode`` makes the value JSON (lists, numbers), ``decode`` makes it again from that JSON.
    """
    try:
        status = path.stat()
    except OSError:
        return compute(path)  # let the reader say what is wrong with the file
    key = [FORMAT, what, str(path), status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino]
    entry = cache_dir() / f"{what}-{hashlib.sha256(json.dumps(key).encode()).hexdigest()[:32]}.json"
    try:
        stored = json.loads(entry.read_bytes())
        if stored["key"] == key:
            return decode(stored["value"])
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        pass  # missing, unreadable or corrupt: computed again and stored anew
    value = compute(path)
    _store(entry, {"key": key, "value": encode(value)})
    return value


def _store(entry: Path, content: dict[str, Any]) -> None:
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(content, file, separators=(",", ":"))
            os.replace(temporary, entry)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        pass  # a read-only or full cache folder: the next run computes it again


def to_ranges(points: frozenset[int]) -> list[list[int]]:
    """Code points as ``[first, last]`` runs: a font's cmap is a few hundred runs, not thousands of numbers."""
    runs: list[list[int]] = []
    for point in sorted(points):
        if runs and runs[-1][1] == point - 1:
            runs[-1][1] = point
        else:
            runs.append([point, point])
    return runs


def from_ranges(runs: Any) -> frozenset[int]:
    return frozenset(point for first, last in runs for point in range(int(first), int(last) + 1))
