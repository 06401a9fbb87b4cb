"""The illustration sandbox: a record shows only image files of its own folder."""

from __future__ import annotations

import re
from pathlib import Path

from dossiergen.errors import Problem, display_path
from dossiergen.models import ProjectRecord
from dossiergen.records.record import Record

ILLUSTRATION_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")


def illustration_path(record: Record, file: str) -> Path:
    """Where an illustration's file is, symlinks followed (it must then lie in the record's folder)."""
    return (record.path.parent / file).resolve()


def illustration_problems(record: Record) -> list[Problem]:
    """An illustration is a file of the record's own folder: no address, no way out, no other kind of file."""
    if not isinstance(record.data, ProjectRecord):
        return []
    folder = record.path.parent.resolve()
    problems = []
    for index, illustration in enumerate(record.data.illustrations):
        loc = ("illustrations", index, "file")
        name = illustration.file
        if "://" in name or name.startswith(("/", "~")) or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", name):
            problems.append(record.problem(loc, f"{name!r}: give a path inside the record's folder, not an address"
                                                " or an absolute path"))
            continue
        target = illustration_path(record, name)
        if not target.is_relative_to(folder):
            problems.append(record.problem(loc, f"{name!r} leads out of the record's folder"
                                                f" ({display_path(folder)}/)"))
        elif target.suffix.lower() not in ILLUSTRATION_SUFFIXES:
            problems.append(record.problem(loc, f"{name!r} is not a PNG, JPEG or SVG image"))
        elif not target.is_file():
            problems.append(record.problem(loc, f"{name!r}: no such file in {display_path(folder)}/"))
    return problems
