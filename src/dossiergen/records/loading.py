"""Record files in, validated and cross-checked records out: ``load_record(path) -> Record``.

Every problem is reported with the file, the line and the field it is about, all problems
of a file at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from pydantic import ValidationError

from dossiergen.errors import Problem, RecordError
from dossiergen.models import RECORD_MODELS, ProjectRecord
from dossiergen.models.located import Located
from dossiergen.records import checks, lookup, sandbox
from dossiergen.records.record import Loc, Record, dotted, line_of
from dossiergen.records.yaml_safety import parse_file


def _validation_problems(path: Path, lines: Mapping[Loc, int], error: ValidationError) -> list[Problem]:
    problems = []
    for item in error.errors(include_url=False):
        loc: Loc = tuple(item["loc"])
        located = (item.get("ctx") or {}).get("error")
        if isinstance(located, Located):
            loc = loc + tuple(int(p) if p.isdigit() else p for p in located.field.split("."))
            message = located.message
        elif item["type"] == "extra_forbidden":
            message = "unknown field"
        elif item["type"] == "missing":
            message = "required field is missing"
        else:
            message = item["msg"].removeprefix("Value error, ")
            if item["type"] not in ("value_error", "assertion_error") and "input" in item:
                shown = repr(item["input"])
                message += f" (got {shown[:60] + '...' if len(shown) > 60 else shown})"
        problems.append(Problem(path, line_of(lines, loc), dotted(loc) or None, message))
    return problems


def validate_file(path: Path) -> Record:
    data, lines = parse_file(path)
    if "kind" not in data:
        raise RecordError(Problem(path, lines.get(()), "kind", "required field is missing"))
    model_class = RECORD_MODELS.get(data["kind"]) if isinstance(data["kind"], str) else None
    if model_class is None:
        choices = ", ".join(f"'{kind}'" for kind in RECORD_MODELS)
        choices = " or ".join(choices.rsplit(", ", 1))
        raise RecordError(Problem(path, lines.get(("kind",)), "kind",
                                  f"Input should be {choices} (got {data['kind']!r})"))
    try:
        model = model_class.model_validate(data)
    except ValidationError as error:
        raise RecordError(_validation_problems(path, lines, error)) from None
    return Record(path=path, data=model, lines=lines)


def load_record(path: Path | str) -> Record:
    """Read, validate and cross-check one record file, resolving its project reference."""
    record = validate_file(Path(path))
    data = record.data
    if not isinstance(data, ProjectRecord) and data.project is not None:
        record = replace(record, project=validate_file(lookup.project_file(record, data.project)))
    problems = (checks.organisation_problems(record) + checks.figure_problems(record)
                + checks.illustrative_problems(record) + checks.calculation_problems(record)
                + sandbox.illustration_problems(record))
    if problems:
        raise RecordError(problems)
    return record
