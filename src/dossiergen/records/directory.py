"""People and organisations by id: the directory stage of loading a record.

A record may name a person as ``{person: ID, title: TITLE-ID}`` (with whatever else its field
holds: a phone, a delegation) and a project's organisation as ``{id: ID}`` alone. Before the record is
validated, each reference is replaced by what ``directory.yaml`` (in the record's folder or one
above it, up to the project's ``dossiergen.toml``) says: the person's name, the title's wording and
organisation, the organisation's name and country. The title must be one the person held on the
document's date, and the organisation's name the one in use then; an unknown id is an error too.
A directory entry listed as illustrative makes the field it fills illustrative in the record.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from dossiergen.errors import Problem, RecordError
from dossiergen.models.directory import Directory, Title
from dossiergen.records.provenance import covers
from dossiergen.records.record import Loc, dotted, line_of, validation_problems
from dossiergen.records.yaml_safety import parse_bytes, read_record_bytes

DIRECTORY_FILE = "directory.yaml"
ACTING = {"ko": "{title} 직무대리", "km": "{title}ស្តីទី", "en": "Acting {title}"}
"""How a title held in an acting capacity (직무대리) reads in each language."""


@dataclass(frozen=True)
class LoadedDirectory:
    path: Path
    data: Directory
    lines: Mapping[Loc, int]
    sha256: str

    def illustrative(self, *loc: str) -> bool:
        return covers(tuple(tuple(entry.split(".")) for entry in self.data.illustrative), loc)


def find_directory(folder: Path) -> Path | None:
    """The ``directory.yaml`` of ``folder`` or the nearest folder above it, up to the project's root."""
    for each in (folder, *folder.parents):
        if (each / DIRECTORY_FILE).is_file():
            return each / DIRECTORY_FILE
        if (each / "dossiergen.toml").is_file():
            return None
    return None


def read_directory(path: Path) -> LoadedDirectory:
    raw = read_record_bytes(path)
    data, lines = parse_bytes(path, raw)
    try:
        model = Directory.model_validate(data)
    except ValidationError as error:
        raise RecordError(validation_problems(path, lines, error)) from None
    unknown = [Problem(path, line_of(lines, ("illustrative", index)), f"illustrative[{index}]", f"no entry {entry!r}")
               for index, entry in enumerate(model.illustrative) if not _exists(data, entry.split("."))]
    if unknown:  # a typo there would print an invented name unmarked
        raise RecordError(unknown)
    return LoadedDirectory(path, model, lines, hashlib.sha256(raw).hexdigest())


def _exists(data: Any, parts: list[str]) -> bool:
    for part in parts:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        else:
            return False
    return True


def _day(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None  # the record's own validation reports it
    return None


def _get(data: Any, *keys: str) -> Any:
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def document_day(data: dict[str, Any], loc: Loc) -> date | None:
    """The date a reference at ``loc`` must hold on: the document's (a letter's signatory: the letter's)."""
    kind = data.get("kind")
    if kind == "press":
        return _day(data.get("release"))
    if kind == "minutes":
        return _day(data.get("date"))
    if loc[:2] == ("authorization", "no_objection"):
        return _day(_get(data, "authorization", "no_objection", "date"))
    if loc[:2] == ("authorization", "letter"):
        return _day(_get(data, "authorization", "letter", "date"))
    return _day(_get(data, "dossier", "date")) or _day(_get(data, "authorization", "letter", "date"))


def _title_text(title: Title) -> dict[str, str]:
    texts = title.title.model_dump(exclude_none=True)
    return {lang: ACTING[lang].format(title=text) for lang, text in texts.items()} if title.acting else texts


class _Resolver:
    def __init__(self, path: Path, data: dict[str, Any], lines: Mapping[Loc, int],
                 directory: LoadedDirectory | None) -> None:
        self.path, self.data, self.lines, self.directory = path, data, lines, directory
        self.problems: list[Problem] = []
        self.illustrative: list[str] = []

    def problem(self, loc: Loc, message: str) -> None:
        self.problems.append(Problem(self.path, line_of(self.lines, loc), dotted(loc), message))

    def walk(self, value: Any, loc: Loc) -> Any:
        if isinstance(value, dict):
            if isinstance(value.get("person"), str):
                return self.person(value, loc)
            if loc[:1] == ("organisations",) and len(loc) == 2 and set(value) == {"id"}:
                return self.organisation(value, loc)
            return {key: self.walk(item, loc + (key,)) for key, item in value.items()}
        if isinstance(value, list):
            return [self.walk(item, loc + (index,)) for index, item in enumerate(value)]
        return value

    def _directory(self, loc: Loc) -> LoadedDirectory | None:
        if self.directory is None:
            self.problem(loc, f"an id needs a {DIRECTORY_FILE} in this folder or one above it")
        return self.directory

    def person(self, value: dict[str, Any], loc: Loc) -> Any:
        directory = self._directory(loc + ("person",))
        if directory is None:
            return value
        person_id, title_id = value["person"], value.get("title")
        person = directory.data.people.get(person_id)
        if person is None:
            self.problem(loc + ("person",), f"no person {person_id!r} in {directory.path.name}")
            return value
        if not isinstance(title_id, str):
            self.problem(loc + ("title",), f"name one of {person_id}'s titles by its id: {', '.join(person.titles)}")
            return value
        title = person.titles.get(title_id)
        if title is None:
            self.problem(loc + ("title",), f"{person_id} holds no title {title_id!r} in {directory.path.name}"
                                           f" ({', '.join(person.titles)})")
            return value
        day = document_day(self.data, loc)
        if day is not None and not title.covers(day):
            self.problem(loc + ("title",), f"{person_id} holds {title_id} {title.describe()}, not on {day},"
                                           " the document's date")
            return value
        resolved = {key: item for key, item in value.items() if key not in ("person", "title")}
        resolved["name"] = person.name.model_dump(exclude_none=True)
        resolved["title"] = _title_text(title)
        if self.data.get("kind") != "press":  # a notice's contacts and quotes name no organisation
            resolved.setdefault("organisation", title.organisation)
        if directory.illustrative("people", person_id) or directory.illustrative("people", person_id, "name"):
            self.illustrative.append(dotted_path(loc + ("name",)))
        if directory.illustrative("people", person_id, "titles", title_id):
            self.illustrative.append(dotted_path(loc + ("title",)))
        return resolved

    def organisation(self, value: dict[str, Any], loc: Loc) -> Any:
        directory = self._directory(loc + ("id",))
        if directory is None:
            return value
        org_id = value["id"]
        organisation = directory.data.organisations.get(org_id) if isinstance(org_id, str) else None
        if organisation is None:
            self.problem(loc + ("id",), f"no organisation {org_id!r} in {directory.path.name}: give its name and"
                                        " country here, or add it there")
            return value
        day = document_day(self.data, loc)
        name = organisation.name_on(day) if day is not None else organisation.names[-1]
        if name is None:
            periods = "; ".join(f"{each.name.en or each.name.ko}: {each.describe()}" for each in organisation.names)
            self.problem(loc + ("id",), f"{org_id} has no name in use on {day}, the document's date ({periods})")
            return value
        index = str(organisation.names.index(name))
        if directory.illustrative("organisations", org_id) or directory.illustrative("organisations", org_id,
                                                                                     "names", index):
            self.illustrative.append(dotted_path(loc + ("name",)))
        return {"id": org_id, "name": name.name.model_dump(exclude_none=True), "country": organisation.country}

    def names_in_use(self) -> None:
        """A notice's ministry named as it was called on the release date, not before or after."""
        ministry = self.data.get("ministry")
        day = document_day(self.data, ())
        if self.directory is None or not isinstance(ministry, dict) or day is None:
            return
        for lang, text in ministry.items():
            for org_id, organisation in self.directory.data.organisations.items():
                dated = [each for each in organisation.names if getattr(each.name, str(lang), None) == text]
                current = organisation.name_on(day)
                if dated and not any(each.covers(day) for each in dated):
                    in_use = getattr(current.name, str(lang), None) if current is not None else None
                    then = f"it is {in_use!r}" if in_use else "it has no name in the directory"
                    self.problem(("ministry", lang),
                                 f"{text!r} is {org_id}'s name {dated[0].describe()}; on {day} {then}")


def dotted_path(loc: Loc) -> str:
    """``('quotes', 0, 'name')`` -> ``quotes.0.name``, as ``illustrative:`` lists write it."""
    return ".".join(str(part) for part in loc)


def resolve(path: Path, data: dict[str, Any], lines: Mapping[Loc, int],
            directory: LoadedDirectory | None) -> dict[str, Any]:
    """``data`` (a parsed record) with its references to people and organisations written out."""
    resolver = _Resolver(path, data, lines, directory)
    resolved: dict[str, Any] = resolver.walk(data, ())
    resolver.names_in_use()
    if resolver.problems:
        raise RecordError(resolver.problems)
    if resolver.illustrative:
        listed = resolved.get("illustrative")
        resolved["illustrative"] = [*(listed if isinstance(listed, list) else []), *resolver.illustrative]
    return resolved
