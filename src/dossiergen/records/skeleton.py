"""Record skeletons for ``dossiergen new``: every field of a record model, commented in Korean and English.

The skeleton is made from the pydantic models themselves, so a field added to a model appears
in the next skeleton; its comment comes from ``skeleton_comments.COMMENTS`` (a test checks that
every field has one). Values are placeholders: ``""`` for a text, ``TODO`` for anything else,
the model's default where it has one; a list gets one example item. A press or minutes
skeleton made ``--from`` a project record carries the project's id and organisations and lists
the figures its texts may quote.
"""

from __future__ import annotations

import json
import re
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from dossiergen.article6.figures import Figure, project_figures
from dossiergen.article6.methodologies.base import parameter_names
from dossiergen.batch.outputs import write_output
from dossiergen.errors import UsageError, display_path
from dossiergen.files import cannot_write, check_output_target
from dossiergen.models import LANGS, RECORD_MODELS, LocalizedText, Party, ProjectRecord
from dossiergen.records.field_comments import COMMENTS, KINDS

TODO = "TODO"
INDENT = 2


@dataclass(frozen=True)
class Note:
    """A prefilled value with a remark after it on the same line (where it came from)."""

    value: Any
    note: str


MAPPING_HINTS: Mapping[str, Callable[[], list[str]]] = {"Methodology.parameters": parameter_names}
"""What a free mapping may hold, written as comments under its key (each methodology's parameters)."""

OMIT = object()
"""A prefill that leaves the field out (a press notice about a project has no ``event``)."""


# --- the models' shape --------------------------------------------------------------------


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """The type inside ``Annotated[...]`` and ``X | None``, and whether ``None`` was allowed."""
    optional = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            optional = optional or len(args) < len(typing.get_args(annotation))
            if len(args) != 1:
                return annotation, optional
            annotation = args[0]
        else:
            return annotation, optional


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def key_of(name: str, info: FieldInfo) -> str:
    """The key a record file uses for a field: its alias (``for``) or its name."""
    return info.alias or name


def comment_for(model: type[BaseModel], name: str) -> tuple[str, str] | None:
    """(Korean, English) of ``model.name``, from the model or the class it inherits the field from."""
    for cls in model.__mro__:
        if f"{cls.__name__}.{name}" in COMMENTS:
            return COMMENTS[f"{cls.__name__}.{name}"]
    return None


def model_fields(model: type[BaseModel]) -> Iterator[tuple[type[BaseModel], str, FieldInfo]]:
    """Every field a record of ``model`` can hold, nested models included, each model once.

    The languages of a text (``ko``, ``km``, ``en``) are not listed: the skeleton's header
    explains them once. Fields a subclass of ``LocalizedText`` adds (a body item's ``level``) are.
    """
    seen: set[type[BaseModel]] = set()

    def walk(current: type[BaseModel]) -> Iterator[tuple[type[BaseModel], str, FieldInfo]]:
        if current in seen:
            return
        seen.add(current)
        for name, info in current.model_fields.items():
            if issubclass(current, LocalizedText) and name in LANGS:
                continue
            yield current, name, info
            for inner in _models_in(info.annotation):
                yield from walk(inner)

    yield from walk(model)


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    core, _ = _unwrap(annotation)
    if _is_model(core):
        yield core
        return
    if typing.get_origin(core) is typing.Literal:
        return
    for arg in typing.get_args(core):
        yield from _models_in(arg)


def field_paths(model: type[BaseModel]) -> list[str]:
    """Dotted paths of every key a skeleton of ``model`` holds (``body[0].level``), texts' languages included."""
    paths: list[str] = []

    def walk(current: type[BaseModel], prefix: str) -> None:
        for name, info in current.model_fields.items():
            path = f"{prefix}.{key_of(name, info)}" if prefix else key_of(name, info)
            paths.append(path)
            core, _ = _unwrap(info.annotation)
            if typing.get_origin(core) is list:
                path += "[0]"
                core, _ = _unwrap(typing.get_args(core)[0])
                paths.append(path)
            if _is_model(core):
                walk(core, path)

    walk(model, "")
    return paths


# --- writing ------------------------------------------------------------------------------


def _hint(core: Any, optional: bool, info: FieldInfo, choices: Mapping[str, list[str]], key: str) -> str:
    parts = []
    if typing.get_origin(core) is list:
        core, _ = _unwrap(typing.get_args(core)[0])
    if typing.get_origin(core) is typing.Literal:
        parts.append(" | ".join(str(arg) for arg in typing.get_args(core)))
    elif core is date:
        parts.append("YYYY-MM-DD")
    elif core is time:
        parts.append("HH:MM")
    elif core is datetime:
        parts.append("YYYY-MM-DDTHH:MM+09:00")
    if key in choices:
        parts.append(" | ".join(choices[key]))
    hint = f" [{'; '.join(parts)}]" if parts else ""
    if optional or not info.is_required():
        hint += " (선택 / optional)"
    return hint


def _scalar(value: Any) -> str:
    """A YAML scalar: ids, numbers and keywords plain, anything else double-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal)):
        return str(value)
    text = str(value)
    if text == TODO or re.fullmatch(r"[a-z0-9][a-z0-9_-]*", text) and text not in ("true", "false", "null"):
        return text
    return json.dumps(text, ensure_ascii=False)


class _Writer:
    def __init__(self, choices: Mapping[str, list[str]]) -> None:
        self.lines: list[str] = []
        self.choices = choices

    def model(self, model: type[BaseModel], indent: int, prefill: Mapping[str, Any]) -> None:
        for name, info in model.model_fields.items():
            if issubclass(model, LocalizedText) and name in LANGS:
                continue
            key = key_of(name, info)
            value = prefill.get(key)
            if value is OMIT:
                continue
            self.field(model, name, info, indent, value)
        if issubclass(model, LocalizedText):
            self.text(indent, prefill)

    def text(self, indent: int, prefill: Mapping[str, Any]) -> None:
        pad = " " * indent
        for lang in LANGS:
            self.lines.append(f"{pad}{lang}: {json.dumps(prefill.get(lang) or '', ensure_ascii=False)}")

    def field(self, model: type[BaseModel], name: str, info: FieldInfo, indent: int, prefill: Any) -> None:
        pad = " " * indent
        key = key_of(name, info)
        core, optional = _unwrap(info.annotation)
        ko, en = comment_for(model, name) or ("", "")
        self.lines.append(f"{pad}# {ko} / {en}{_hint(core, optional, info, self.choices, f'{model.__name__}.{name}')}")
        note = ""
        if isinstance(prefill, Note):
            prefill, note = prefill.value, f"  # {prefill.note}"
        if _is_model(core):
            self.lines.append(f"{pad}{key}:{note}")
            self.model(core, indent + INDENT, prefill if isinstance(prefill, Mapping) else {})
        elif typing.get_origin(core) is list:
            self.lines.append(f"{pad}{key}:{note}")
            item, _ = _unwrap(typing.get_args(core)[0])
            for each in prefill if isinstance(prefill, list) else [None]:
                self.item(item, indent + INDENT, each)
        elif typing.get_origin(core) is dict:
            self.lines.append(f"{pad}{key}:{note}")
            inner = pad + " " * INDENT
            if isinstance(prefill, Mapping) and prefill:  # a free mapping given in full (an example's parameters)
                dumped = yaml.safe_dump(dict(prefill), allow_unicode=True, sort_keys=False, default_flow_style=None,
                                        width=100)
                self.lines += [inner + line for line in dumped.splitlines()]
                return
            hints = MAPPING_HINTS.get(f"{model.__name__}.{name}")
            self.lines += [f"{inner}# {line}" for line in (hints() if hints else [])]
            self.lines.append(f"{inner}{TODO}: {TODO}")
        else:
            self.lines.append(f"{pad}{key}: {_scalar(self.placeholder(core, info, prefill))}{note}")

    def placeholder(self, core: Any, info: FieldInfo, prefill: Any) -> Any:
        if prefill is not None:
            return prefill
        literal = typing.get_args(core) if typing.get_origin(core) is typing.Literal else ()
        if len(literal) == 1:
            return literal[0]  # kind: the one value there is
        if info.default is not PydanticUndefined and info.default is not None:
            return info.default
        return TODO

    def item(self, item: Any, indent: int, prefill: Any) -> None:
        """One list item at ``indent``: ``- `` then the item's fields, comments above the dash."""
        note = ""
        if isinstance(prefill, Note):
            prefill, note = prefill.value, f"  # {prefill.note}"
        pad = " " * indent
        if not _is_model(item):
            self.lines.append(f"{pad}- {_scalar(prefill if prefill is not None else TODO)}{note}")
            return
        start = len(self.lines)
        self.model(item, indent + INDENT, prefill if isinstance(prefill, Mapping) else {})
        for index in range(start, len(self.lines)):
            line = self.lines[index]
            if line.lstrip().startswith("#"):
                self.lines[index] = pad + line.lstrip()  # the first field's comment, above the dash
                continue
            self.lines[index] = f"{pad}- {line[indent + INDENT:]}{note}"
            break


def _figure_value(figure: Figure) -> str:
    value = figure.value
    if isinstance(value, Party):
        return value.code
    if isinstance(value, LocalizedText):
        return next(text for lang in ("en", "ko", "km") if (text := value.get(lang)) is not None)
    if figure.kind == "percent":
        return f"{value}%"
    return str(value)


def _header(kind: str, project: ProjectRecord | None, project_path: Path | None) -> list[str]:
    ko, en = KINDS[kind]
    lines = [
        f"# {ko} / {en} (dossiergen new {kind})",
        "# 글마다 ko 한국어, km 크메르어, en 영어 / Each text has ko Korean, km Khmer, en English;",
        "#   없는 언어는 지우십시오 / delete a language you do not have (a document needs its languages).",
        '# "" 와 TODO 를 채우고, 쓰지 않는 선택 항목은 지우십시오 /',
        '#   Fill in every "" and TODO; delete the optional fields you do not use.',
        "# 확인 / Check: dossiergen validate THIS-FILE",
    ]
    if project is not None:
        where = f" ({display_path(project_path)})" if project_path is not None else ""
        lines += [
            f"# 사업 기록 {project.id}{where} 와 같은 폴더에 두십시오 /",
            f"#   Keep this file in the folder of project record {project.id}{where}.",
            "# 글에 넣을 수 있는 수치 (문서마다 언어에 맞게 표기) / Figures the texts may quote"
            " (each written the way its language writes it):",
        ]
        lines += [f"#   {{{name}}}: {_figure_value(figure)}" for name, figure in project_figures(project).items()]
    return lines


def _ministry(project: ProjectRecord) -> Note | None:
    """The acquiring Party's first organisation: the ministry that issues the notice (MOTIE in the samples)."""
    for org in project.organisations:
        if org.country == project.acquiring_party.code:
            return Note(org.name.model_dump(exclude_none=True),
                        f"사업 기록의 {org.id} / organisation {org.id} of the project")
    return None


def _prefill(kind: str, project: ProjectRecord) -> dict[str, Any]:
    names = {org.id: (org.name.en or org.name.ko or org.name.km or org.id) for org in project.organisations}
    if kind == "press":
        prefill: dict[str, Any] = {"project": project.id, "event": OMIT}
        ministry = _ministry(project)
        if ministry is not None:
            prefill["ministry"] = ministry
        return prefill
    members = [member.organisation for member in project.working_group]
    attendees = [{"organisation": Note(org_id, names.get(org_id, ""))} for org_id in members]
    while len(attendees) < 2:  # the minutes need two attendees at least
        attendees.append({})
    return {
        "project": project.id,
        "chair": {"organisation": Note(members[0], names.get(members[0], ""))},
        "attendees": attendees,
    }


ORGANISATION_FIELDS = ("Person.organisation", "Attendee.organisation", "ActionItem.owner",
                       "WorkingGroupMember.organisation")


def skeleton(kind: str, project: ProjectRecord | None = None, project_path: Path | None = None) -> str:
    """The YAML skeleton of a ``kind`` record, prefilled from ``project`` for a press notice or minutes."""
    if kind not in RECORD_MODELS:
        raise UsageError(f"no record kind {kind!r}; choose {', '.join(RECORD_MODELS)}")
    if project is not None and kind == "project":
        raise UsageError("--from fills a press or minutes record from its project, not a project record")
    choices: dict[str, list[str]] = {}
    prefill: dict[str, Any] = {}
    if project is not None:
        choices = dict.fromkeys(ORGANISATION_FIELDS, [org.id for org in project.organisations])
        prefill = _prefill(kind, project)
    writer = _Writer(choices)
    writer.model(RECORD_MODELS[kind], 0, prefill)
    return "\n".join(_header(kind, project, project_path) + writer.lines) + "\n"


def write_new_file(text: str, target: Path, force: bool = False, inputs: Iterable[Path] = ()) -> None:
    """Write ``text`` to ``target``; an existing file only with ``force``, and never an input, a folder, a
    link or a device (``files.check_output_target``)."""
    # what is there is the user's (a skeleton filled in, a PO file translated): only --force replaces it
    check_output_target(target, inputs=inputs, force=True)
    if force:
        write_output(text.encode("utf-8"), target, inputs=inputs, force=True)
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # "x" refuses an existing file in the same call that creates it: no window between check and write
        with target.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise UsageError(f"{display_path(target)} exists; give --force to overwrite it") from None
    except OSError as error:
        raise cannot_write(target, error) from None
