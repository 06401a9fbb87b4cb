"""Record files in, validated and cross-checked records out: ``load_record(path) -> Record``.

Every problem is reported with the file, the line and the field it is about, all problems
of a file at once. ``RecordLoader`` loads many records reading each file once (a build).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from dossiergen.errors import Problem, RecordError
from dossiergen.models import RECORD_MODELS, ProjectRecord
from dossiergen.records import checks, lookup, provenance, sandbox
from dossiergen.records.directory import LoadedDirectory, find_directory, read_directory, resolve
from dossiergen.records.record import Loc, Record, validation_problems
from dossiergen.records.yaml_safety import parse_bytes, read_record_bytes

_T = TypeVar("_T")


def validate_file(path: Path) -> Record:
    """Read and validate one record file, without its project or the checks across records."""
    return RecordLoader().validate(path)


def load_record(path: Path | str) -> Record:
    """Read, validate and cross-check one record file, resolving its project reference."""
    return RecordLoader().load(Path(path))


@dataclass(frozen=True)
class _Parsed:
    data: dict[str, Any]
    lines: dict[Loc, int]
    sha256: str


class RecordLoader:
    """Loads records reading, parsing and validating each file once, however many records refer to it.

    A build loads all its records through one loader: the project records of a folder are found
    once, and a project is validated once and shared by every notice and minutes that quote it.
    A loader sees each file as it was when first read; a new one reads again.
    """

    def __init__(self) -> None:
        self._parsed: dict[Path, _Parsed | RecordError] = {}
        self._validated: dict[Path, Record | RecordError] = {}
        self._projects: dict[Path, lookup.ProjectIndex] = {}
        self._directories: dict[Path, LoadedDirectory | RecordError] = {}

    def load(self, path: Path) -> Record:
        """The record of ``path``, validated, with its project, cross-checked."""
        record = self.validate(path)
        data = record.data
        if not isinstance(data, ProjectRecord) and data.project is not None:
            folder = record.path.parent
            if folder not in self._projects:
                self._projects[folder] = lookup.project_index(folder, lambda candidate: self._parse(candidate).data)
            record = replace(record, project=self.validate(self._projects[folder].project_file(record, data.project)))
        problems = (checks.organisation_problems(record) + checks.spelling_problems(record)
                    + checks.figure_problems(record)
                    + checks.illustrative_problems(record) + provenance.final_problems(record)
                    + checks.calculation_problems(record)
                    + sandbox.illustration_problems(record) + sandbox.annex_problems(record)
                    + sandbox.signed_scan_problems(record))
        if problems:
            raise RecordError(problems)
        return record

    def validate(self, path: Path) -> Record:
        """The record of ``path`` validated on its own, without its project or the checks across records."""
        return _once(self._validated, path, lambda: _validated(path, self._parse(path), self._directory(path)))

    def _directory(self, path: Path) -> LoadedDirectory | None:
        found = find_directory(path.absolute().parent)
        return None if found is None else _once(self._directories, found, lambda: read_directory(found))

    def _parse(self, path: Path) -> _Parsed:
        def parse() -> _Parsed:
            raw = read_record_bytes(path)
            data, lines = parse_bytes(path, raw)
            return _Parsed(data, lines, hashlib.sha256(raw).hexdigest())

        return _once(self._parsed, path, parse)


def _once(cache: dict[Path, _T | RecordError], path: Path, make: Callable[[], _T]) -> _T:
    """``make()`` the first time ``path`` is asked for, the same value (or the same refusal) after."""
    if path not in cache:
        try:
            cache[path] = make()
        except RecordError as error:
            cache[path] = error
    found = cache[path]
    if isinstance(found, RecordError):
        raise found
    return found


def _validated(path: Path, parsed: _Parsed, directory: LoadedDirectory | None) -> Record:
    data, lines = parsed.data, parsed.lines
    if "kind" not in data:
        raise RecordError(Problem(path, lines.get(()), "kind", "required field is missing"))
    model_class = RECORD_MODELS.get(data["kind"]) if isinstance(data["kind"], str) else None
    if model_class is None:
        choices = ", ".join(f"'{kind}'" for kind in RECORD_MODELS)
        choices = " or ".join(choices.rsplit(", ", 1))
        raise RecordError(Problem(path, lines.get(("kind",)), "kind",
                                  f"Input should be {choices} (got {data['kind']!r})"))
    data = resolve(path, data, lines, directory)
    try:
        model = model_class.model_validate(data)
    except ValidationError as error:
        raise RecordError(validation_problems(path, lines, error)) from None
    used = (directory.path, directory.sha256) if directory is not None else None
    return Record(path=path, data=model, lines=lines, sha256=parsed.sha256, directory=used)
