"""Where records are: the files below the folders named, and the project a record refers to."""

from __future__ import annotations

import difflib
from pathlib import Path

from dossiergen.errors import RecordError, display_path
from dossiergen.records.record import Record
from dossiergen.records.yaml_safety import parse_file

RECORD_SUFFIXES = (".yaml", ".yml", ".json")


def project_file(record: Record, project_id: str) -> Path:
    """The file of the project record ``project_id`` among the record files beside ``record``."""
    found: list[str] = []
    for candidate in sorted(record.path.parent.iterdir()):
        if candidate.suffix not in RECORD_SUFFIXES or candidate == record.path or not candidate.is_file():
            continue
        try:
            data, _ = parse_file(candidate)
        except RecordError:
            continue  # an unreadable neighbour is its own problem, reported when it is loaded
        if data.get("kind") != "project":
            continue
        found.append(str(data.get("id")))
        if data.get("id") == project_id:
            return candidate
    close = difflib.get_close_matches(project_id, found, n=1)
    if close:
        hint = f"did you mean {close[0]!r}?"
    elif len(found) <= 5:
        hint = f"found: {', '.join(found) or 'none'}"
    else:
        hint = f"{len(found)} project records there, none with a similar id"
    raise RecordError(record.problem(
        ("project",), f"no project record with id {project_id!r} in {display_path(record.path.parent)}/ ({hint})"))


def find_records(paths: list[Path]) -> list[Path]:
    """Record files named, or found below the folders named, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in RECORD_SUFFIXES and p.is_file()))
        else:
            found.append(path)
    return found
