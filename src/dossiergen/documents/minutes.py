"""What a minutes document derives from its records.

- the people present grouped by delegation, in the order of ``DELEGATION_ORDER``, each group
  with its head (the person marked ``head: true``, else the group's first person in the order
  chair, attendees, minute-taker), for the attendance list and the sign-off;
- the decisions numbered, with their vote counts formatted per language;
- the meeting numbers formatted per language, and the languages of record named in each
  language (Babel's language names, joined as each language lists things).

It also reports, located, what the minutes document needs and a record may lack when loaded:
the working group's name, the languages of record, each present person's delegation, each
decision's ``decided_by``; apologies from organisations the project does not have; a Korean
delegation from a non-Korean organisation, a host-government delegation from outside the host
Party.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from babel import Locale
from babel.lists import format_list

from dossiergen.models.minutes import DELEGATION_ORDER, Attendee, Delegation, MinutesRecord
from dossiergen.records.record import Loc, Record
from dossiergen.render.localize import Localized, Localizer, View

KOREAN_DELEGATIONS = ("korean_government", "korean_agency")


@dataclass(frozen=True)
class Member:
    """One person present, where the record lists them, and what they do at the meeting."""

    loc: Loc
    person: Attendee
    role: str | None
    """``chair``, ``minute_taker`` or ``None``."""


@dataclass(frozen=True)
class DelegationGroup:
    delegation: Delegation
    members: tuple[Member, ...]
    """The head first, then the others in the order chair, attendees, minute-taker."""

    @property
    def head(self) -> Member:
        return self.members[0]


def _loc(field: str) -> Loc:
    return tuple(int(part) if part.isdigit() else part for part in field.split("."))


def members(minutes: MinutesRecord) -> list[Member]:
    """Everyone present, in the order chair, attendees, minute-taker."""
    roles = {"chair": "chair", "minute_taker": "minute_taker"}
    return [Member(_loc(field), person, roles.get(field)) for field, person in minutes.present()]


def group_by_delegation(minutes: MinutesRecord) -> list[DelegationGroup]:
    """The delegations present, in ``DELEGATION_ORDER``, each with its head first.

    People without a delegation are left out (the document reports them, see ``derive``).
    """
    groups = []
    for delegation in DELEGATION_ORDER:
        found = [member for member in members(minutes) if member.person.delegation == delegation]
        if not found:
            continue
        head = next((member for member in found if member.person.head), found[0])
        groups.append(DelegationGroup(delegation, (head, *(member for member in found if member is not head))))
    return groups


def _required(record: Record, localizer: Localizer) -> None:
    minutes: MinutesRecord = record.data  # type: ignore[assignment]

    def missing(loc: Loc, why: str) -> None:
        localizer.problems.append(record.problem(loc, f"required field is missing; {why}"))

    if minutes.working_group is None:
        missing(("working_group",), "the minutes name the working group")
    if minutes.languages is None:
        missing(("languages",), "the minutes state their languages of record (ko, km, en)")
    for member in members(minutes):
        if member.person.delegation is None:
            missing(member.loc + ("delegation",),
                    f"the minutes list the people present by delegation ({', '.join(DELEGATION_ORDER)})")
    for index, decision in enumerate(minutes.decisions):
        if decision.decided_by is None:
            missing(("decisions", index, "decided_by"),
                    "the minutes say how each decision was taken (consensus or vote)")


def _organisation_problems(record: Record, localizer: Localizer) -> None:
    minutes: MinutesRecord = record.data  # type: ignore[assignment]
    project = record.project_data
    if project is None:
        return
    organisations = {org.id: org for org in project.organisations}
    for index, person in enumerate(minutes.apologies):
        if person.organisation not in organisations:
            localizer.problems.append(record.problem(
                ("apologies", index, "organisation"),
                f"no organisation {person.organisation!r} in project {project.id!r} ({', '.join(organisations)})"))
    for member in members(minutes):
        org = organisations.get(member.person.organisation)
        delegation = member.person.delegation
        if org is None or delegation is None:
            continue  # an unknown organisation is the loader's problem, a missing delegation is reported above
        if delegation in KOREAN_DELEGATIONS and org.country != "KOR":
            localizer.problems.append(record.problem(
                member.loc + ("delegation",),
                f"{delegation}, but organisation {org.id!r} is of {org.country}, not KOR"))
        if delegation == "host_government" and org.country != project.host_party.code:
            localizer.problems.append(record.problem(
                member.loc + ("delegation",),
                f"host_government, but organisation {org.id!r} is of {org.country},"
                f" not the host Party {project.host_party.code}"))


def language_names(codes: list[str], langs: tuple[str, ...]) -> Localized:
    """``["ko", "km", "en"]`` named in each document language (Babel): ``한국어, 크메르어 및 영어``."""
    return Localized({lang: format_list([Locale.parse(lang).languages[code] for code in codes], locale=lang)
                      for lang in langs})


def derive(record: Record, localizer: Localizer) -> dict[str, Any]:
    minutes: MinutesRecord = record.data  # type: ignore[assignment]
    _required(record, localizer)
    _organisation_problems(record, localizer)

    def member_view(member: Member, head: bool) -> View:
        roles = [role for role in (member.role, "head" if head else None) if role]
        return View({"person": localizer.convert(member.person, member.loc), "roles": roles})

    delegations = []
    for group in group_by_delegation(minutes):
        views = [member_view(member, member is group.head) for member in group.members]
        delegations.append(View({"key": group.delegation, "members": views, "head": views[0]}))

    decisions = []
    for index, decision in enumerate(minutes.decisions):
        vote = None
        if decision.vote is not None:
            vote = View({name: localizer.per_lang("number", getattr(decision.vote, name))
                         for name in ("in_favour", "against", "abstain")})
        decisions.append(View({
            "number": index + 1,
            "text": localizer.text(decision.text, ("decisions", index, "text")),
            "decided_by": decision.decided_by,
            "adopted": decision.adopted,
            "vote": vote,
        }))

    previous = None
    if minutes.previous_minutes is not None:
        previous = View({
            "number": localizer.per_lang("number", minutes.previous_minutes.meeting_number),
            **vars(localizer.convert(minutes.previous_minutes, ("previous_minutes",))),
        })

    return {
        "meeting_number": localizer.per_lang("number", minutes.meeting_number),
        "languages": language_names(list(minutes.languages or []), localizer.langs),
        "delegations": delegations,
        "decisions": decisions,
        "previous": previous,
    }
