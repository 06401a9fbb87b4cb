"""Incremental builds: an output's key is a hash of everything it is made from.

The record, the project record it refers to, every template, stylesheet and catalog, the
Khmer compound list, the chosen font files, the dossiergen and WeasyPrint versions and the
options. A build skips an output whose key is unchanged and whose file is still there.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from dossiergen.batch.outputs import write_output
from dossiergen.config.paths import ProjectPaths
from dossiergen.errors import InputError
from dossiergen.files import MANIFEST_NAME
from dossiergen.models import ProjectRecord
from dossiergen.reading import sha256_limited
from dossiergen.records.record import Record
from dossiergen.records.sandbox import illustration_path, illustration_sha256
from dossiergen.render.fonts import font_files
from dossiergen.version import __version__

MANIFEST = MANIFEST_NAME


def _digest(files: Iterable[tuple[Path, bytes]]) -> str:
    """One hash of files by name and by the SHA-256 of their bytes, in whatever order they come."""
    sha = hashlib.sha256()
    for path, content in sorted(files):
        sha.update(str(path).encode() + b"\0")
        sha.update(content)
    return sha.hexdigest()


MAX_RESOURCE_BYTES = 256 * 1024 * 1024
"""A template, catalog, font or logo hashed for the key; a FIFO or device in their place is refused, not read."""


def _hashed(paths: Iterable[Path]) -> list[tuple[Path, bytes]]:
    return [(path, sha256_limited(path, MAX_RESOURCE_BYTES, "a project file", InputError)) for path in paths]


@lru_cache(maxsize=8)
def _shared_digest(root: Path, stamp: tuple[tuple[str, int, int], ...]) -> str:
    del stamp  # part of the cache key only: any change of a file's size or time recomputes
    return _digest(_hashed([*ProjectPaths(root).resource_files(), *font_files()]))


@lru_cache(maxsize=1)
def _weasyprint_version() -> str:
    # the installed distribution's version, as weasyprint.__version__ gives it: a build with
    # nothing to render does not import WeasyPrint (half a second) to learn it
    return metadata.version("weasyprint")


def shared_key(paths: ProjectPaths) -> str:
    """The part of every output's key that all records share: templates, catalogs, fonts, branding, versions."""
    # the project's and the built-in templates and catalogs, and its logo (config/paths.py)
    files = [*paths.resource_files(), *font_files()]  # fonts looked up anew: one removed since the last build stops it
    stamp = tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(files))
    # SOURCE_DATE_EPOCH, where set, is every PDF's date (archive.py)
    versions = (f"dossiergen {__version__}; weasyprint {_weasyprint_version()}; branding {paths.branding};"
                f" SOURCE_DATE_EPOCH={os.environ.get('SOURCE_DATE_EPOCH')}")
    return hashlib.sha256((_shared_digest(paths.root, stamp) + versions).encode()).hexdigest()


def output_key(record: Record, options: str, shared: str) -> str:
    """The key of one output: its records, the shared inputs and the options that made it.

    The records count as the bytes the build read and rendered (``Record.sha256``): a record file
    is not read again to hash it, and one edited while the build runs is rendered again by the next.
    """
    records = [record] + ([record.project] if record.project is not None else [])
    sources = [(each.path, bytes.fromhex(each.sha256)) for each in records]
    directories = {each.directory for each in records if each.directory is not None}
    sources += [(path, bytes.fromhex(sha256)) for path, sha256 in sorted(directories)]
    if isinstance(record.data, ProjectRecord):
        sources += [(illustration_path(record, item.file), illustration_sha256(record, index))
                    for index, item in enumerate(record.data.illustrations)]
    return hashlib.sha256(f"{_digest(sources)}|{shared}|{options}".encode()).hexdigest()


def board_key(records: Sequence[Record], links: Iterable[tuple[str, str]], options: str, shared: str) -> str:
    """The key of the press board: each press record in the build's order as ``output_key`` counts it, the
    PDFs it links (record file, output name), the options; unchanged, the board is not made again."""
    parts = [output_key(record, options, shared) for record in records]
    return hashlib.sha256(json.dumps([parts, sorted(links), options]).encode()).hexdigest()


@dataclass
class Manifest:
    """The keys of the outputs of the last build in a folder."""

    folder: Path
    keys: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        path = folder / MANIFEST
        try:
            keys = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            keys = {}  # no manifest, or a damaged one: everything is rebuilt
        return cls(folder, keys if isinstance(keys, dict) else {})

    def fresh(self, target: Path, key: str) -> bool:
        return self.keys.get(self._entry(target)) == key and target.is_file()

    def record(self, target: Path, key: str) -> None:
        self.keys[self._entry(target)] = key

    def forget(self, target: Path) -> None:
        self.keys.pop(self._entry(target), None)

    def _entry(self, target: Path) -> str:
        """A PDF by its name, a file in a subfolder (``press/index.html``) by its path in the folder."""
        return target.relative_to(self.folder).as_posix() if target.is_relative_to(self.folder) else target.name

    def save(self) -> None:
        """Write the manifest atomically, as every output is; a damaged one is replaced, a link or a folder not."""
        write_output(json.dumps(self.keys, indent=1, sort_keys=True).encode(), self.folder / MANIFEST,
                     ours=lambda _path: True)
