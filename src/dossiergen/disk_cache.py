"""What dossiergen derives from a file (a font's character set and advances, a catalog's strings, a template's
compiled code, an annex's drawn objects and stamps), kept on disk between runs, so that a fresh process does not
derive it again.

Reading a font's cmap with fontTools, or a .po catalog with Babel, takes a few hundred milliseconds on every
start; the stored result takes a few. Each entry is keyed by the file's path, size, modification and change
times and inode (or, for bytes made in the run, by their SHA-256), and where asked by the files of the code that
made it, so a file replaced or touched is read again, never trusted; the entries are JSON (nothing in them runs),
written whole (a temporary file renamed) so that two workers never read half of one. A cache that cannot be read
or written is no error: the value is computed, as without a cache.

An annex's entries (its drawn objects, its stamps) are tens of kilobytes, one set per letter rendered. A folder
of entries past ``MAX_BYTES`` drops its least recently used ones, down to three quarters of it, as a process
writes its first entry and after every ``PRUNED_EVERY`` bytes it writes (not at each entry: a render with an
empty cache writes dozens). An entry's modification time is its last use, refreshed when it is read a day after
(not at every read: a start reads dozens).

The folder is the user's cache folder (``platformdirs``: ``$XDG_CACHE_HOME/dossiergen``, else
``~/.cache/dossiergen``): ``derived/`` for these entries, ``templates/`` for Jinja's (render/templating.py).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from platformdirs import user_cache_path

from dossiergen.version import __version__

FORMAT = 1
"""Bump when what an entry holds, or how it is derived, changes: entries of another format (or of another
version of dossiergen) are computed again."""

MAX_BYTES = 64 * 1024 * 1024
"""The most the ``derived/`` entries may take together: a dossier's are about 0.1 MB, the fonts' a few MB."""
REFRESHED_AFTER_NS = 24 * 3600 * 10**9
"""An entry read this long after its last use is marked used again (its modification time set to now)."""
PRUNED_EVERY = 4 * 1024 * 1024
"""A process prunes a folder as it writes its first entry there, then after every this many bytes it writes."""
LEFT_BEHIND_NS = 3600 * 10**9
"""A temporary file (an entry being written) this old was left by a process that was killed: removed."""

_written_since_pruned: dict[Path, int] = {}
"""Bytes of entries each folder was given by this process since it last pruned it."""

T = TypeVar("T")


def cache_dir(part: str = "derived") -> Path:
    """A folder of the user's cache folder (read each time: a test or a user may point XDG_CACHE_HOME elsewhere)."""
    return user_cache_path("dossiergen", appauthor=False) / part


def derived(path: Path, what: str, compute: Callable[[Path], T], encode: Callable[[T], Any],
            decode: Callable[[Any], T], made_by: Sequence[Path] = ()) -> T:
    """``compute(path)``, or what an earlier run stored for the same ``what`` of the same, unchanged file.

    ``encode`` makes the value JSON (lists, numbers), ``decode`` makes it again from that JSON; ``made_by``: the
    files of the code that computes it (``code_files``), kept apart from what another version of them made.
    """
    try:
        identity = [*file_identity(path), *map(file_identity, made_by)]
    except OSError:
        return compute(path)  # let the reader say what is wrong with the file
    return _cached(what, [FORMAT, __version__, what, *identity], lambda: compute(path), encode, decode)


def code_files(*modules: str) -> tuple[Path, ...]:
    """The files of ``modules`` (``pyhanko``, a package's ``__init__.py``), found without importing them: an
    upgrade of a library rewrites them, so an entry it made is not taken for the new version's."""
    found = (importlib.util.find_spec(module) for module in modules)
    return tuple(Path(spec.origin) for spec in found if spec is not None and spec.origin is not None)


def file_identity(path: Path) -> list[str | int]:
    """What says a file is unchanged, for a key: its path, size, modification and change times and inode (a file
    replaced, touched or rewritten in place has another); ``OSError`` where it cannot be read."""
    status = path.stat()
    return [str(path), status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino]


def derived_from_content(content: bytes, what: str, compute: Callable[[bytes], T], encode: Callable[[T], Any],
                         decode: Callable[[Any], T], made_by: Sequence[Path] = ()) -> T:
    """``compute(content)``, or what an earlier run stored for the same ``what`` of the same bytes (keyed by their
    SHA-256, not by a file: an annex rendered anew each time, identical when its record did not change);
    ``made_by`` as for ``derived``."""
    try:
        code = [file_identity(file) for file in made_by]
    except OSError:
        return compute(content)
    key = [FORMAT, __version__, what, hashlib.sha256(content).hexdigest(), *code]
    return _cached(what, key, lambda: compute(content), encode, decode)


def _cached(what: str, key: list[Any], compute: Callable[[], T], encode: Callable[[T], Any],
            decode: Callable[[Any], T]) -> T:
    entry = cache_dir() / f"{what}-{hashlib.sha256(json.dumps(key).encode()).hexdigest()[:32]}.json"
    try:
        stored = json.loads(entry.read_bytes())
        if stored["key"] == key:
            value = decode(stored["value"])
            _used(entry)
            return value
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        pass  # missing, unreadable or corrupt: computed again and stored anew
    value = compute()
    _store(entry, {"key": key, "value": encode(value)})
    return value


def _used(entry: Path) -> None:
    try:
        if entry.stat().st_mtime_ns < time.time_ns() - REFRESHED_AFTER_NS:
            os.utime(entry)
    except OSError:
        pass  # gone meanwhile (another process pruned it) or read-only: it is still the value


def _store(entry: Path, content: dict[str, Any]) -> None:
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".", suffix=".tmp")
        try:
            text = json.dumps(content, separators=(",", ":"))
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(text)
            os.replace(temporary, entry)
        except BaseException:
            os.unlink(temporary)
            raise
        since = _written_since_pruned.get(entry.parent)
        if since is None or since > PRUNED_EVERY:
            prune(entry.parent, keep=entry)
            since = 0
        _written_since_pruned[entry.parent] = since + len(text)
    except OSError:
        pass  # a read-only or full cache folder: the next run computes it again


def prune(folder: Path, keep: Path | None = None, limit: int | None = None) -> None:
    """The least recently used entries of ``folder`` removed while they take more than ``limit`` [default:
    ``MAX_BYTES``], down to three quarters of it; ``keep`` (the entry just written) stays. Temporary files an
    hour old (a writer killed before it renamed its entry) go too."""
    limit = MAX_BYTES if limit is None else limit
    entries: list[tuple[int, int, Path]] = []
    left_behind = time.time_ns() - LEFT_BEHIND_NS
    with os.scandir(folder) as found:
        for item in found:
            entry = item.name.endswith(".json")
            if not (entry or item.name.endswith(".tmp")) or not item.is_file(follow_symlinks=False):
                continue
            try:
                status = item.stat(follow_symlinks=False)
                if not entry and status.st_mtime_ns < left_behind:
                    os.unlink(item.path)
            except FileNotFoundError:
                continue  # removed meanwhile
            if entry:
                entries.append((status.st_mtime_ns, status.st_size, Path(item.path)))
    total = sum(size for _, size, _ in entries)
    if total <= limit:
        return
    for _, size, path in sorted(entries, key=lambda entry: entry[0]):
        if total <= limit * 3 // 4:
            break
        if path == keep:
            continue
        try:
            path.unlink()
        except FileNotFoundError:
            pass  # another process pruned it first
        total -= size
