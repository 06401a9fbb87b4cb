"""The record's folder as a sandbox: illustrations, annexes and a signed letter's scan are files of its own folder.

A file a record points to is given as a path relative to the record's folder: no address, no
absolute path, no way out (symlinks followed), and of a kind the document can use. Annexes
that name a document kind instead are checked against the registry of kinds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from dossiergen.documents.kinds import kinds
from dossiergen.errors import Problem, display_path
from dossiergen.models import PressRecord, ProjectRecord
from dossiergen.models.common import ANNEX_FILE_TYPES
from dossiergen.records.record import Loc, Record

ILLUSTRATION_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")
FileKind = Literal["pdf", "png", "jpeg"]
MAGIC: dict[bytes, FileKind] = {b"%PDF-": "pdf", b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpeg"}
"""The first bytes of each kind of annex file: the content decides, not the name."""
MAX_ANNEX_BYTES = 64 * 1024 * 1024
"""The largest annex file read at all (checked when the record loads, and as it is read to be appended)."""
ADDRESS = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def record_file_path(record: Record, file: str) -> Path:
    """Where a file the record names is, symlinks followed (it must then lie in the record's folder)."""
    return (record.path.parent / file).resolve()


illustration_path = record_file_path


def file_kind(content: bytes) -> FileKind | None:
    """``pdf``, ``png`` or ``jpeg`` by the first bytes of ``content``; ``None`` for anything else."""
    return next((kind for magic, kind in MAGIC.items() if content.startswith(magic)), None)


def sniff(path: Path) -> FileKind | None:
    """The kind of the file at ``path`` by its first bytes."""
    with path.open("rb") as handle:
        return file_kind(handle.read(8))


def record_file_problem(record: Record, loc: Loc, name: str, *, suffixes: tuple[str, ...] = (),
                        content: Callable[[Path], str | None] | None = None) -> Problem | None:
    """What is wrong with the file ``name`` at ``loc``, if anything.

    It must be a path into the record's folder (no address, no absolute path, no way out) to an
    existing file; ``suffixes`` checks its name, ``content`` its bytes (a reason, or ``None``).
    """
    folder = record.path.parent.resolve()
    if "://" in name or name.startswith(("/", "~")) or ADDRESS.match(name):
        return record.problem(loc, f"{name!r}: give a path inside the record's folder, not an address"
                                   " or an absolute path")
    target = record_file_path(record, name)
    if not target.is_relative_to(folder):
        return record.problem(loc, f"{name!r} leads out of the record's folder ({display_path(folder)}/)")
    if suffixes and target.suffix.lower() not in suffixes:
        return record.problem(loc, f"{name!r} is not a PNG, JPEG or SVG image")
    if not target.is_file():
        return record.problem(loc, f"{name!r}: no such file in {display_path(folder)}/")
    reason = content(target) if content is not None else None
    return record.problem(loc, f"{name!r} {reason}") if reason else None


def _annex_content(path: Path) -> str | None:
    size = path.stat().st_size
    if size > MAX_ANNEX_BYTES:
        return f"is {size:,} bytes; an annex file may have {MAX_ANNEX_BYTES:,} at most"
    return None if sniff(path) is not None else f"is not {ANNEX_FILE_TYPES} (judged by its first bytes)"


def annex_documents(of: str = "project") -> list[str]:
    """The document kinds an annex may name: those made from project records; a dossier's cannot be the dossier."""
    return [kind.name for kind in kinds.values()
            if kind.record_kind == "project" and not (of == "project" and kind.name == "dossier")]


def illustration_problems(record: Record) -> list[Problem]:
    """An illustration is an image file of the record's own folder."""
    if not isinstance(record.data, ProjectRecord):
        return []
    found = (record_file_problem(record, ("illustrations", index, "file"), illustration.file,
                                 suffixes=ILLUSTRATION_SUFFIXES)
             for index, illustration in enumerate(record.data.illustrations))
    return [problem for problem in found if problem is not None]


def annex_problems(record: Record) -> list[Problem]:
    """An annex (a press notice's 붙임) is a PDF, PNG or JPEG file of the record's folder, or a document kind made
    from the project record."""
    data = record.data
    if isinstance(data, ProjectRecord):
        field, annexes = "annexes", data.annexes
    elif isinstance(data, PressRecord):
        field, annexes = "attachments", data.attachments
    else:
        return []
    known = annex_documents(record.kind)
    problems = []
    for index, annex in enumerate(annexes):
        if annex.file is not None:
            problem = record_file_problem(record, (field, index, "file"), annex.file, content=_annex_content)
            if problem is not None:
                problems.append(problem)
        elif annex.document is not None and isinstance(data, PressRecord) and data.project is None:
            problems.append(record.problem((field, index, "document"), "a notice about an event has no project"
                                           " record to make a document from: attach a file"))
        elif annex.document is not None and annex.document not in known:
            if annex.document == "dossier":
                why = "a dossier cannot contain itself"
            else:
                why = f"no document kind {annex.document!r} is made from a project record"
                why += "" if known else " (none but the dossier yet)"
            choose = f"; choose {', '.join(known)}" if known else ""
            problems.append(record.problem((field, index, "document"), why + choose))
    return problems


def signed_scan_problems(record: Record) -> list[Problem]:
    """The scan of the signed Letter of Authorization is a PDF, PNG or JPEG file of the record's own folder."""
    if not isinstance(record.data, ProjectRecord) or record.data.authorization.letter.signed_scan is None:
        return []
    problem = record_file_problem(record, ("authorization", "letter", "signed_scan"),
                                  record.data.authorization.letter.signed_scan, content=_annex_content)
    return [problem] if problem is not None else []
