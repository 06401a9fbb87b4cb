"""A validated record: its data, where it came from, the line of every field, and its project."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from dossiergen.errors import Problem
from dossiergen.located import located
from dossiergen.models import MinutesRecord, PressRecord, ProjectRecord

Loc = tuple[str | int, ...]
RecordData = ProjectRecord | PressRecord | MinutesRecord


@dataclass(frozen=True)
class Record:
    """A validated record, where it came from, and the records it refers to."""

    path: Path
    data: RecordData
    lines: Mapping[Loc, int] = field(repr=False)
    sha256: str = field(repr=False)
    """The SHA-256 (hex) of the file's bytes as they were read: a build's cache key uses it instead of reading again."""
    project: Record | None = None
    """The project record a press notice or minutes record is about (a project: itself)."""
    directory: tuple[Path, str] | None = None
    """The ``directory.yaml`` the record's people and organisations were read from, and its SHA-256."""

    @property
    def kind(self) -> str:
        return self.data.kind

    @property
    def id(self) -> str:
        return self.data.id

    @property
    def project_data(self) -> ProjectRecord | None:
        if isinstance(self.data, ProjectRecord):
            return self.data
        project = self.project.data if self.project is not None else None
        return project if isinstance(project, ProjectRecord) else None

    def line_of(self, loc: Loc) -> int | None:
        """The line of ``loc``, or of its nearest ancestor that the file spells out."""
        return line_of(self.lines, loc)

    def problem(self, loc: Loc, message: str) -> Problem:
        return Problem(self.path, self.line_of(loc), dotted(loc), message)


def dotted(loc: Loc) -> str:
    """``('body', 2, 'km')`` -> ``body[2].km``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def line_of(lines: Mapping[Loc, int], loc: Loc) -> int | None:
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


def field_loc(field: str) -> Loc:
    """``attendees.2.name`` -> ``('attendees', 2, 'name')``: a dotted field path as a location."""
    return tuple(int(part) if part.isdigit() else part for part in field.split("."))


def validation_problems(path: Path, lines: Mapping[Loc, int], error: ValidationError) -> list[Problem]:
    """pydantic's errors about a file, each as a located line."""
    problems = []
    for item in error.errors(include_url=False):
        loc, message = located(item)
        problems.append(Problem(path, line_of(lines, loc), dotted(loc) or None, message))
    return problems
