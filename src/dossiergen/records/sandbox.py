"""The file sandbox: a record shows only files of its own folder (illustrations, a signed letter's scan)."""

from __future__ import annotations

import re
from pathlib import Path

from dossiergen.errors import Problem, display_path
from dossiergen.models import ProjectRecord
from dossiergen.records.record import Loc, Record

ILLUSTRATION_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")
SCAN_SUFFIXES = (".pdf", ".png", ".jpg", ".jpeg")
"""What a signed letter may be scanned as."""


def illustration_path(record: Record, file: str) -> Path:
    """Where a file the record names is, symlinks followed (it must then lie in the record's folder)."""
    return (record.path.parent / file).resolve()


def illustration_problems(record: Record) -> list[Problem]:
    """An illustration is an image file of the record's own folder: no address, no way out, no other kind of file."""
    if not isinstance(record.data, ProjectRecord):
        return []
    problems = []
    for index, illustration in enumerate(record.data.illustrations):
        problem = _file_problem(record, ("illustrations", index, "file"), illustration.file, ILLUSTRATION_SUFFIXES,
                                "a PNG, JPEG or SVG image")
        if problem is not None:
            problems.append(problem)
    return problems


def signed_scan_problems(record: Record) -> list[Problem]:
    """The scan of the signed Letter of Authorization is a PDF, PNG or JPEG file of the record's own folder."""
    if not isinstance(record.data, ProjectRecord) or record.data.authorization.letter.signed_scan is None:
        return []
    problem = _file_problem(record, ("authorization", "letter", "signed_scan"),
                            record.data.authorization.letter.signed_scan, SCAN_SUFFIXES, "a PDF, PNG or JPEG file")
    return [problem] if problem is not None else []


def _file_problem(record: Record, loc: Loc, name: str, suffixes: tuple[str, ...], what: str) -> Problem | None:
    """What is wrong with the file ``name`` a record points to at ``loc``, if anything."""
    folder = record.path.parent.resolve()
    if "://" in name or name.startswith(("/", "~")) or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", name):
        return record.problem(loc, f"{name!r}: give a path inside the record's folder, not an address"
                                   " or an absolute path")
    target = illustration_path(record, name)
    if not target.is_relative_to(folder):
        return record.problem(loc, f"{name!r} leads out of the record's folder ({display_path(folder)}/)")
    if target.suffix.lower() not in suffixes:
        return record.problem(loc, f"{name!r} is not {what}")
    if not target.is_file():
        return record.problem(loc, f"{name!r}: no such file in {display_path(folder)}/")
    return None
