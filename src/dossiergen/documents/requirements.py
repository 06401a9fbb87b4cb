"""What a document kind needs from its record beyond what the record's model requires.

Fields added to the models after records were first written are optional when a record is
loaded, so that older records load and report their own problems; the documents need them, and
preparing one reports, located, each that is missing or does not fit the project:

- a press notice in English or Khmer opens with a dateline (the city it is issued from);
- a Letter of Authorization written in Khmer for Cambodia prints the Khmer lunar date of the letter,
  which the calendar computes for 1900-2100 only;
- minutes name the working group and their languages of record, put every person present in a
  delegation and say how each decision was taken; apologies come from the project's
  organisations; a Korean delegation is made of Korean organisations, the host government's of
  the host Party's.
"""

from __future__ import annotations

from dossiergen.errors import Problem
from dossiergen.i18n.khmer_calendar import FIRST_DAY, LAST_DAY
from dossiergen.i18n.languages import LANG_NAMES
from dossiergen.models import Lang, MinutesRecord, PressRecord, ProjectRecord
from dossiergen.models.minutes import DELEGATION_ORDER
from dossiergen.records.record import Loc, Record, field_loc

DATELINE_LANGS: tuple[Lang, ...] = ("en", "km")
"""The versions of a press notice whose body opens with a dateline; the Korean one gives the time in its header box."""
KOREAN_DELEGATIONS = ("korean_government", "korean_agency")


def requirements(kind: str, record: Record, langs: tuple[Lang, ...]) -> list[Problem]:
    """The problems of ``record`` as a document of ``kind`` in ``langs``, located."""
    if kind == "press" and isinstance(record.data, PressRecord):
        return _press(record, record.data, langs)
    if kind == "minutes" and isinstance(record.data, MinutesRecord):
        return _minutes(record, record.data)
    if kind == "loa" and isinstance(record.data, ProjectRecord):
        return _loa(record, record.data, langs)
    return []


def _loa(record: Record, project: ProjectRecord, langs: tuple[Lang, ...]) -> list[Problem]:
    from dossiergen.documents.loa import letter_convention  # the builder's table, loaded with it

    day = project.authorization.letter.date
    if letter_convention(project.host_party.code).lunar_date and "km" in langs and not FIRST_DAY <= day <= LAST_DAY:
        return [record.problem(("authorization", "letter", "date"),
                               f"{day}: the Khmer lunar date line of the letter is computed for {FIRST_DAY.year}"
                               f" to {LAST_DAY.year} only")]
    return []


def _press(record: Record, press: PressRecord, langs: tuple[Lang, ...]) -> list[Problem]:
    if press.dateline is not None:
        return []
    for lang in langs:
        if lang in DATELINE_LANGS:
            return [record.problem(("dateline",), f"required field is missing: the {LANG_NAMES[lang]} release opens"
                                                  f" with a dateline (the city it is issued from);"
                                                  f" --lang {'+'.join(langs)} needs it")]
    return []


def _minutes(record: Record, minutes: MinutesRecord) -> list[Problem]:
    problems: list[Problem] = []

    def missing(loc: Loc, why: str) -> None:
        problems.append(record.problem(loc, f"required field is missing; {why}"))

    if minutes.working_group is None:
        missing(("working_group",), "the minutes name the working group")
    if minutes.languages is None:
        missing(("languages",), "the minutes state their languages of record (ko, km, en)")
    for field, person in minutes.present():
        if person.delegation is None:
            missing(field_loc(field) + ("delegation",),
                    f"the minutes list the people present by delegation ({', '.join(DELEGATION_ORDER)})")
    for index, decision in enumerate(minutes.decisions):
        if decision.decided_by is None:
            missing(("decisions", index, "decided_by"),
                    "the minutes say how each decision was taken (consensus or vote)")
    project = record.project_data
    if project is None:
        return problems
    organisations = {org.id: org for org in project.organisations}
    for index, absent in enumerate(minutes.apologies):
        if absent.organisation not in organisations:
            problems.append(record.problem(
                ("apologies", index, "organisation"),
                f"no organisation {absent.organisation!r} in project {project.id!r} ({', '.join(organisations)})"))
    for field, person in minutes.present():
        org = organisations.get(person.organisation)
        delegation = person.delegation
        if org is None or delegation is None:
            continue  # an unknown organisation is the loader's problem, a missing delegation is reported above
        loc = field_loc(field) + ("delegation",)
        if delegation in KOREAN_DELEGATIONS and org.country != "KOR":
            problems.append(record.problem(
                loc, f"{delegation}, but organisation {org.id!r} is of {org.country}, not KOR"))
        if delegation == "host_government" and org.country != project.host_party.code:
            problems.append(record.problem(
                loc, f"host_government, but organisation {org.id!r} is of {org.country},"
                     f" not the host Party {project.host_party.code}"))
    return problems
