"""Checks across a record's fields and the project it refers to, after each model has validated."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from dossiergen.article6.accounting import estimates
from dossiergen.article6.figures import record_figures
from dossiergen.article6.methodologies.base import declared_above_estimate
from dossiergen.article6.timeline import timeline_problems
from dossiergen.errors import Problem, display_path
from dossiergen.models import LANGS, LocalizedText, MinutesRecord, ProjectRecord
from dossiergen.records.provenance import illustrative_locs
from dossiergen.records.record import Loc, Record, dotted
from dossiergen.records.texts import localized_texts


def organisation_problems(record: Record) -> list[Problem]:
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


def figure_problems(record: Record) -> list[Problem]:
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


def _people(value: object, loc: Loc) -> Iterator[tuple[Loc, LocalizedText]]:
    """Every person a record names (a part with a ``name`` and a ``title``), with its location."""
    if isinstance(value, BaseModel):
        fields = type(value).model_fields
        name = getattr(value, "name", None)
        if "title" in fields and isinstance(name, LocalizedText):
            yield loc + ("name",), name
        for field in fields:
            yield from _people(getattr(value, field), loc + (field,))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _people(item, loc + (index,))


def spelling_problems(record: Record) -> list[Problem]:
    """No person with two spellings: two names alike in one language and not in another are one person,
    written two ways (찬 소피어 and 찬 소피아 for ចាន់ សុភា), in the record or between it and its project."""
    named = [(record, loc, name) for loc, name in _people(record.data, ())]
    if record.project is not None and record.project is not record:
        named = [(record.project, loc, name) for loc, name in _people(record.project.data, ())] + named
    problems: list[Problem] = []
    for index, (where, loc, name) in enumerate(named):
        for other_where, other_loc, other in named[:index]:
            same = [lang for lang in LANGS if name.get(lang) is not None and name.get(lang) == other.get(lang)]
            differ = [lang for lang in LANGS if None not in (name.get(lang), other.get(lang))
                      and name.get(lang) != other.get(lang)]
            if same and differ:
                there = dotted(other_loc) + ("" if other_where is where else f" of {display_path(other_where.path)}")
                problems.append(where.problem(loc, f"{name.get(differ[0])!r} is spelled {other.get(differ[0])!r}"
                                                   f" at {there} ({same[0]} {name.get(same[0])!r} is the same):"
                                                   " one person, one spelling (a directory.yaml keeps it)"))
                break
    return problems


def illustrative_problems(record: Record) -> list[Problem]:
    """``illustrative`` names fields of this record; a typo there would hide an invented figure."""
    problems = []
    for index, (entry, loc) in enumerate(zip(record.data.illustrative, illustrative_locs(record.data), strict=True)):
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


def calculation_problems(record: Record) -> list[Problem]:
    """The approved quantity against the methodology's estimate, and the timeline's order (``article6/timeline.py``)."""
    data = record.data
    if not isinstance(data, ProjectRecord):
        return []
    problems = []
    estimate = estimates(data)
    total = sum((value for _, value in estimate), Decimal(0))
    reason = declared_above_estimate(data.authorization.mitigation_outcomes_t, total)
    if reason is not None:
        problems.append(record.problem(("authorization", "mitigation_outcomes_t"), reason))
    problems += [record.problem(loc, message) for loc, message in timeline_problems(data)]
    return problems
