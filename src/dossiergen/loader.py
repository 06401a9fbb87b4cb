"""Record files in, validated and cross-checked records out: ``load_record(path) -> Record``.

Every problem is reported with the file, the line and the field it is about, all problems
of a file at once.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from .emission_reductions import total_discrepancy, vintages
from .errors import Problem, RecordError, display_path
from .figures import record_figures
from .models import RECORD_MODELS, LocalizedText, MinutesRecord, PressRecord, ProjectRecord
from .models.located import Located

RECORD_SUFFIXES = (".yaml", ".yml", ".json")
MAX_RECORD_BYTES = 1_000_000

Loc = tuple[str | int, ...]
RecordData = ProjectRecord | PressRecord | MinutesRecord


@dataclass(frozen=True)
class Record:
    """A validated record, where it came from, and the records it refers to."""

    path: Path
    data: RecordData
    lines: Mapping[Loc, int] = field(repr=False)
    project: Record | None = None
    """The project record a press notice or minutes record is about (a project: itself)."""

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
        return self.project.data if self.project is not None else None  # type: ignore[return-value]

    def line_of(self, loc: Loc) -> int | None:
        """The line of ``loc``, or of its nearest ancestor that the file spells out."""
        return _line_of(self.lines, loc)

    def problem(self, loc: Loc, message: str) -> Problem:
        return Problem(self.path, self.line_of(loc), dotted(loc), message)


def dotted(loc: Loc) -> str:
    """``('body', 2, 'km')`` -> ``body[2].km``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _line_of(lines: Mapping[Loc, int], loc: Loc) -> int | None:
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


class _RecordYamlLoader(yaml.SafeLoader):
    """YAML 1.1 safe loading without its surprises.

    ``10:30`` is not the integer 630, ``no`` is not ``False``, ``0480000`` is not octal and
    dates stay text for pydantic to check: only the YAML 1.2 core forms of booleans,
    integers and floats are resolved; everything else is a string. The composer remembers
    anchor names so that a self-referencing alias can be named in the error.
    """

    node_anchors: dict[int, str]

    def compose_document(self) -> yaml.Node | None:
        self.get_event()  # DOCUMENT-START
        node = self.compose_node(None, None)  # type: ignore[arg-type]
        self.get_event()  # DOCUMENT-END
        self.node_anchors = {id(anchored): name for name, anchored in self.anchors.items()}
        self.anchors = {}
        return node


_RESOLVED_BY_US = ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
                   "tag:yaml.org,2002:timestamp")
_RecordYamlLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _RESOLVED_BY_US]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_RecordYamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))
_RecordYamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
_RecordYamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"),
    list("-+0123456789."))
_RecordYamlLoader.add_constructor(
    "tag:yaml.org,2002:int", lambda loader, node: int(loader.construct_scalar(node), 10))



class _FastRecordYamlLoader(yaml.CSafeLoader):
    """The same resolvers and constructors on libyaml's parser, several times faster.

    It only ever accepts: anything it objects to (its messages are worded otherwise, and it
    keeps no anchor names) is parsed again by ``_RecordYamlLoader``, which says what and where.
    """

    node_anchors: dict[int, str] = {}  # noqa: RUF012 - read only


_FastRecordYamlLoader.yaml_implicit_resolvers = _RecordYamlLoader.yaml_implicit_resolvers
_FastRecordYamlLoader.yaml_constructors = _RecordYamlLoader.yaml_constructors

MAX_NODES = 100_000
"""Values a record may hold once aliases are followed; more is an alias bomb, not a record."""
MAX_DEPTH = 40
"""Levels of nesting a record may have; the deepest real field is about eight."""


def _too_deep(text: str) -> int | None:
    """The line where the nesting first goes deeper than ``MAX_DEPTH``, before anything recurses into it."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark.line + 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as error:
        if "nesting depth" in str(error.problem) and error.problem_mark is not None:
            return error.problem_mark.line + 1  # libyaml's own limit, met while it looks ahead
        return None  # malformed: the parser proper says where and why
    except yaml.YAMLError:
        return None
    return None


class _Walk:
    """Records the line of every key and item, and what a record must not be built of."""

    def __init__(self, anchors: Mapping[int, str]) -> None:
        self.anchors = anchors
        self.lines: dict[Loc, int] = {}
        self.problems: list[tuple[int, str]] = []
        self.budget = MAX_NODES

    def walk(self, node: yaml.Node, loc: Loc, ancestors: frozenset[int] = frozenset()) -> None:
        self.budget -= 1
        if self.budget < 0:
            raise _Malformed(node, f"more than {MAX_NODES} values (aliases that multiply?)")
        if len(loc) > MAX_DEPTH:  # aliases can stack nesting that the text itself does not show
            raise _Malformed(node, f"nested more than {MAX_DEPTH} levels deep")
        if id(node) in ancestors:
            name = self.anchors.get(id(node), "?")
            raise _Malformed(node, f"the alias *{name} refers to the value that contains it")
        line = node.start_mark.line + 1
        self.lines.setdefault(loc, line)
        inside = ancestors | {id(node)}
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    shape = "sequence" if isinstance(key_node, yaml.SequenceNode) else "mapping"
                    raise _Malformed(key_node, f"a field name must be a plain scalar, not a {shape}")
                key = key_node.value
                key_line = key_node.start_mark.line + 1
                if key in seen:
                    self.problems.append(
                        (key_line, f"{dotted(loc + (key,))}: duplicate key (first on line {seen[key]})"))
                    continue
                seen[key] = key_line
                self.lines[loc + (key,)] = key_line
                self.walk(value_node, loc + (key,), inside)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self.walk(item, loc + (index,), inside)


class _Malformed(Exception):
    def __init__(self, node: yaml.Node, message: str) -> None:
        super().__init__(message)
        self.line = node.start_mark.line + 1
        self.message = message


def parse_file(path: Path) -> tuple[Any, dict[Loc, int]]:
    """Parse a YAML or JSON file; return the data and the line of every key and item."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise RecordError(Problem(path, None, None, f"cannot read: {error.strerror}")) from None
    if len(raw) > MAX_RECORD_BYTES:
        raise RecordError(Problem(path, None, None, f"{len(raw)} bytes, more than a record may have ({MAX_RECORD_BYTES})"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise RecordError(Problem(path, line, None, f"not UTF-8 text (byte 0x{raw[error.start]:02x})")) from None
    deep = _too_deep(text)
    if deep is not None:
        raise RecordError(Problem(path, deep, None, f"malformed YAML: nested more than {MAX_DEPTH} levels deep"))
    try:
        return _parse_text(path, text, _FastRecordYamlLoader)
    except RecordError:
        return _parse_text(path, text, _RecordYamlLoader)


def _parse_text(path: Path, text: str, loader_class: type[yaml.SafeLoader] | type[yaml.CSafeLoader]
                ) -> tuple[Any, dict[Loc, int]]:
    loader = None
    try:
        loader = loader_class(text)
        node = loader.get_single_node()
        if node is None:
            raise RecordError(Problem(path, 1, None, "the file is empty"))
        walk = _Walk(loader.node_anchors)
        walk.walk(node, ())
        if walk.problems:
            raise RecordError([Problem(path, line, None, message) for line, message in walk.problems])
        data = loader.construct_document(node)
    except _Malformed as error:
        raise RecordError(Problem(path, error.line, None, f"malformed YAML: {error.message}")) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or ""
        if error.context_mark is not None and ("end of stream" in problem or "<stream end>" in problem):
            mark = error.context_mark  # "unclosed at the end of the file" is about where it was opened
        reason = " ".join(part for part in (error.context, error.problem) if part)
        raise RecordError(Problem(path, mark.line + 1 if mark else None, None, f"malformed YAML: {reason}")) from None
    except yaml.reader.ReaderError as error:  # a control character, found before any mark exists
        line = text[: error.position].count("\n") + 1 if isinstance(error.position, int) else None
        raise RecordError(Problem(path, line, None, f"control character U+{error.character:04X} is not allowed"
                                  " in a record (pasted from another program?)")) from None
    except yaml.YAMLError as error:
        raise RecordError(Problem(path, None, None, f"malformed YAML: {error}")) from None
    except (ValueError, TypeError, OverflowError) as error:  # an explicit tag with a bad value (!!int x)
        raise RecordError(Problem(path, None, None, f"malformed YAML: {error}")) from None
    finally:
        if loader is not None:
            loader.dispose()
    if not isinstance(data, dict):
        raise RecordError(Problem(path, 1, None, "a record is a mapping of fields (kind, id, ...)"))
    return data, walk.lines


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
        problems.append(Problem(path, _line_of(lines, loc), dotted(loc) or None, message))
    return problems


def localized_texts(value: Any, loc: Loc) -> Iterator[tuple[Loc, LocalizedText]]:
    """Every LocalizedText inside a record, with its location."""
    if isinstance(value, LocalizedText):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from localized_texts(getattr(value, name), loc + (name,))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from localized_texts(item, loc + (index,))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from localized_texts(item, loc + (key,))


def _validate(path: Path) -> Record:
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


def _find_project(record: Record, project_id: str) -> Record:
    """The project record ``project_id`` among the record files beside ``record``."""
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
            return _validate(candidate)
    close = difflib.get_close_matches(project_id, found, n=1)
    if close:
        hint = f"did you mean {close[0]!r}?"
    elif len(found) <= 5:
        hint = f"found: {', '.join(found) or 'none'}"
    else:
        hint = f"{len(found)} project records there, none with a similar id"
    raise RecordError(record.problem(
        ("project",), f"no project record with id {project_id!r} in {display_path(record.path.parent)}/ ({hint})"))


def _organisation_problems(record: Record) -> list[Problem]:
    """Minutes name people and owners by organisation id; each must be in the project."""
    project = record.project_data
    if not isinstance(record.data, MinutesRecord) or project is None:
        return []
    org_ids = [org.id for org in project.organisations]
    minutes = record.data
    refs: list[tuple[Loc, str]] = [(("chair", "organisation"), minutes.chair.organisation),
                                   (("minute_taker", "organisation"), minutes.minute_taker.organisation)]
    refs += [(("attendees", i, "organisation"), p.organisation) for i, p in enumerate(minutes.attendees)]
    refs += [(("actions", i, "owner"), action.owner) for i, action in enumerate(minutes.actions)]
    return [record.problem(loc, f"no organisation {org_id!r} in project {project.id!r} ({', '.join(org_ids)})")
            for loc, org_id in refs if org_id not in org_ids]


def _figure_problems(record: Record) -> list[Problem]:
    """Every ``{figure}`` a text quotes must be one the records provide."""
    problems: list[Problem] = []
    figures = record_figures(record.data, record.project_data)
    for loc, text in localized_texts(record.data, ()):
        try:
            unknown = text.placeholders() - figures.keys()
        except ValueError as error:
            problems.append(record.problem(loc, str(error)))
            continue
        problems.extend(record.problem(loc, f"unknown figure {{{name}}}; known: {', '.join(sorted(figures))}")
                        for name in sorted(unknown))
    return problems


def _illustrative_problems(record: Record) -> list[Problem]:
    """``illustrative`` names fields of this record; a typo there would hide an invented figure."""
    problems = []
    for index, entry in enumerate(record.data.illustrative):
        loc: Loc = tuple(int(part) if part.isdigit() else part for part in entry.split("."))
        try:
            _get(record.data, loc)
        except (AttributeError, IndexError, KeyError, TypeError):
            problems.append(record.problem(("illustrative", index), f"no field {entry!r} in this record"))
    return problems


def _get(model: Any, loc: Loc) -> Any:
    for part in loc:
        if isinstance(part, int):
            model = model[part]
        elif isinstance(model, dict):
            model = model[part]
        elif isinstance(model, BaseModel) and part in type(model).model_fields:
            model = getattr(model, part)
        else:
            raise AttributeError(part)
    return model


def _calculation_problems(record: Record) -> list[Problem]:
    """The declared total against the methodology, and the serial blocks against the vintages."""
    data = record.data
    if not isinstance(data, ProjectRecord):
        return []
    problems = []
    discrepancy = total_discrepancy(data)
    if discrepancy is not None:
        problems.append(record.problem(("authorization", "authorized_t"), discrepancy))
    rows = vintages(data)
    allocated = {(v.year, "transfer"): v.transfer_t for v in rows} | {(v.year, "host"): v.host_t for v in rows}
    used: dict[tuple[int, str], int] = {}
    for index, block in enumerate(data.serial_blocks):
        key = (block.vintage, block.part)
        used[key] = used.get(key, 0) + block.quantity
        if used[key] > allocated.get(key, 0):
            problems.append(record.problem(
                ("serial_blocks", index, "quantity"),
                f"{used[key]} {block.part} units of vintage {block.vintage} in serial blocks,"
                f" more than the {allocated.get(key, 0)} that vintage holds"))
    return problems


ILLUSTRATION_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")


def illustration_path(record: Record, file: str) -> Path:
    """Where an illustration's file is, symlinks followed (it must then lie in the record's folder)."""
    return (record.path.parent / file).resolve()


def _illustration_problems(record: Record) -> list[Problem]:
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


def load_record(path: Path | str) -> Record:
    """Read, validate and cross-check one record file, resolving its project reference."""
    record = _validate(Path(path))
    data = record.data
    if not isinstance(data, ProjectRecord) and data.project is not None:
        record = replace(record, project=_find_project(record, data.project))
    problems = (_organisation_problems(record) + _figure_problems(record) + _illustrative_problems(record)
                + _calculation_problems(record) + _illustration_problems(record))
    if problems:
        raise RecordError(problems)
    return record


def find_records(paths: list[Path]) -> list[Path]:
    """Record files named, or found below the folders named, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in RECORD_SUFFIXES and p.is_file()))
        else:
            found.append(path)
    return found
