"""Where records are: the files below the folders named, and the project a record refers to."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dossiergen.errors import RecordError, display_path
from dossiergen.records.record import Record

RECORD_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class ProjectIndex:
    """The project records among the record files of one folder, found once for every record there."""

    folder: Path
    files: Mapping[str, Path]
    """Each project id and its file; of two files with one id, the first by name."""
    ids: tuple[str, ...]
    """Every project id in the folder as written, for the hint when a record names none of them."""

    def project_file(self, record: Record, project_id: str) -> Path:
        """The file of the project record ``project_id`` that ``record`` refers to."""
        if project_id in self.files:
            return self.files[project_id]
        close = difflib.get_close_matches(project_id, self.ids, n=1)
        if close:
            hint = f"did you mean {close[0]!r}?"
        elif len(self.ids) <= 5:
            hint = f"found: {', '.join(self.ids) or 'none'}"
        else:
            hint = f"{len(self.ids)} project records there, none with a similar id"
        raise RecordError(record.problem(
            ("project",), f"no project record with id {project_id!r} in {display_path(self.folder)}/ ({hint})"))


def project_index(folder: Path, parse: Callable[[Path], Mapping[str, Any]]) -> ProjectIndex:
    """The project records of ``folder``, each record file there parsed by ``parse`` (which may remember it)."""
    files: dict[str, Path] = {}
    ids: list[str] = []
    for candidate in sorted(folder.iterdir()):
        if candidate.suffix not in RECORD_SUFFIXES or not candidate.is_file():
            continue
        try:
            data = parse(candidate)
        except RecordError:
            continue  # an unreadable neighbour is its own problem, reported when it is loaded
        if data.get("kind") != "project":
            continue
        project_id = data.get("id")
        ids.append(str(project_id))
        if isinstance(project_id, str):
            files.setdefault(project_id, candidate)
    return ProjectIndex(folder, files, tuple(ids))


def find_records(paths: list[Path]) -> list[Path]:
    """Record files named, or found below the folders named, in a stable order."""
    found: list[Path] = []
    for path in paths:
        # a folder named like a record (x.yaml) is taken as a record, and refused as one when it is read;
        # within a folder, a FIFO, device or folder named like a record is listed too, so it is refused, not skipped
        if path.is_dir() and path.suffix not in RECORD_SUFFIXES:
            # a folder's directory.yaml (records/directory.py) is what its records refer to, not a record
            found.extend(sorted(p for p in path.rglob("*")
                                if p.suffix in RECORD_SUFFIXES and p.name != "directory.yaml"
                                and not any(up.suffix in RECORD_SUFFIXES for up in p.relative_to(path).parents)))
        else:
            found.append(path)
    return found
