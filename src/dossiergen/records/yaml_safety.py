"""YAML (and JSON) files parsed safely: size, depth, aliases, duplicate keys and YAML 1.1's surprises.

``parse_file(path)`` returns the data and the line of every key and item; every refusal is a
``RecordError`` with the line it is about.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from dossiergen.errors import Problem, RecordError
from dossiergen.reading import read_limited
from dossiergen.records.record import Loc, dotted
from dossiergen.records.text_limits import MAX_RECORD_CHARS, text_problem

MAX_RECORD_BYTES = 1_000_000

class _RecordYamlLoader(yaml.SafeLoader):
    """YAML 1.1 safe loading without its surprises.

    ``10:30`` is not the integer 630, ``no`` is not ``False``, ``0480000`` is not octal and
    dates stay text for pydantic to check: only the YAML 1.2 core forms of booleans,
    integers and floats are resolved; everything else is a string. The composer remembers
    anchor names so that a self-referencing alias can be named in the error.
    """

    node_anchors: dict[int, str]

    def compose_document(self) -> yaml.Node | None:
        # types-PyYAML leaves Parser.get_event unannotated; PyYAML's own compose_document passes
        # None as the index, which types-PyYAML types as int
        self.get_event()  # type: ignore[no-untyped-call]  # DOCUMENT-START
        node = self.compose_node(None, None)  # type: ignore[arg-type]
        self.get_event()  # type: ignore[no-untyped-call]  # DOCUMENT-END
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


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    return int(loader.construct_scalar(node), 10)  # base 10 only: 0480000 is not octal


_RecordYamlLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)


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
MAX_NUMBER_CHARS = 40
"""Characters of a number written as one (a quantity of a trillion tonnes has 13)."""

_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = frozenset(_CORE + name for name in ("str", "int", "float", "bool", "null"))
"""What a record's values are built of: no ``!!binary``, ``!!set``, ``!!omap`` or tags of its own."""


def _too_deep(text: str) -> int | None:
    """The line where the nesting first goes deeper than ``MAX_DEPTH``, before anything recurses into it."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    assert event.start_mark is not None  # the parser marks every event it makes
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
        self.characters = MAX_RECORD_CHARS
        self.checked: set[int] = set()
        self.refused: set[int] = set()

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
            if node.tag != _CORE + "map":
                raise _Malformed(node, f"the tag !!{node.tag.removeprefix(_CORE)} is not allowed in a record")
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
            if node.tag != _CORE + "seq":
                raise _Malformed(node, f"the tag !!{node.tag.removeprefix(_CORE)} is not allowed in a record")
            for index, item in enumerate(node.value):
                self.walk(item, loc + (index,), inside)
        else:
            self.scalar(node, loc)

    def scalar(self, node: yaml.Node, loc: Loc) -> None:
        """A value's own limits: its tag, its length, its characters; and what all texts add up to."""
        line = node.start_mark.line + 1
        value: str = node.value
        if node.tag not in _SCALAR_TAGS:
            raise _Malformed(node, f"the tag !!{node.tag.removeprefix(_CORE)} is not allowed in a record"
                             " (text, numbers, true/false and lists of them only)")
        if node.tag in (_CORE + "int", _CORE + "float") and len(value) > MAX_NUMBER_CHARS:
            self.problems.append((line, f"{dotted(loc)}: a number of {len(value):,} characters; at most"
                                        f" {MAX_NUMBER_CHARS}"))
            return
        if id(node) in self.refused:
            return  # an alias repeats its value, not the value's problem
        if id(node) not in self.checked:
            self.checked.add(id(node))
            problem = text_problem(value)
            if problem is not None:
                self.refused.add(id(node))
                self.problems.append((line, f"{dotted(loc)}: {problem}"))
                return
        # after the text's own check, so that one long text is named as such; aliases only reach here
        # a few times before the sum of what they repeat is refused
        self.characters -= len(value)
        if self.characters < 0:
            raise _Malformed(node, f"more than {MAX_RECORD_CHARS:,} characters of text once aliases are"
                             " followed, more than a record may have", prefix="")


class _Malformed(Exception):
    def __init__(self, node: yaml.Node, message: str, prefix: str = "malformed YAML: ") -> None:
        super().__init__(message)
        self.line = node.start_mark.line + 1
        self.message = prefix + message


def parse_file(path: Path) -> tuple[Any, dict[Loc, int]]:
    """Parse a YAML or JSON file; return the data and the line of every key and item."""
    return parse_bytes(path, read_record_bytes(path))


def read_record_bytes(path: Path) -> bytes:
    """The bytes of the record file ``path``: refused unless it is a regular file no larger than a record may be."""
    return read_limited(path, MAX_RECORD_BYTES, "a record", RecordError)


def parse_bytes(path: Path, raw: bytes) -> tuple[Any, dict[Loc, int]]:
    """Parse the bytes of the file ``path``; return the data and the line of every key and item."""
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


def _parse_text(path: Path, text: str, loader_class: type[_RecordYamlLoader] | type[_FastRecordYamlLoader]
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
        raise RecordError(Problem(path, error.line, None, error.message)) from None
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
