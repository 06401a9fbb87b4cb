"""Working-group minutes as a document tree.

Meeting facts, attendees by delegation, the previous minutes, agenda, discussion, decisions,
actions, the next meeting and the sign-off by the heads of delegation.

- the people present grouped by delegation, in the order of ``DELEGATION_ORDER``, each group
  with its head (the person marked ``head: true``, else the group's first person in the order
  chair, attendees, minute-taker), for the attendance list and the sign-off;
- the decisions numbered, with their vote counts formatted per language;
- the languages of record named in each language (Babel's language names, joined as each
  language lists things).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from babel import Locale
from babel.lists import format_list

from dossiergen.documents.blocks import cell, fact, header, heading, para, plain, prose, stack, text, value
from dossiergen.documents.tree import (
    Block,
    Document,
    Group,
    Heading,
    ListBlock,
    Numbered,
    Paragraph,
    Row,
    Run,
    Runs,
    Signatures,
    Signer,
    Table,
    Text,
)
from dossiergen.i18n.localized import Localized
from dossiergen.i18n.numerals import label
from dossiergen.models.common import Person
from dossiergen.models.minutes import DELEGATION_ORDER, Attendee, Delegation, MinutesRecord
from dossiergen.records.record import Loc, field_loc
from dossiergen.render.context import RenderContext
from dossiergen.render.templating import PAGE, PAGES

ROLE_ORDER = ("chair", "minute_taker")


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


def members(minutes: MinutesRecord) -> list[Member]:
    """Everyone present, in the order chair, attendees, minute-taker."""
    roles = {"chair": "chair", "co_chair": "co_chair", "minute_taker": "minute_taker"}
    return [Member(field_loc(field), person, roles.get(field)) for field, person in minutes.present()]


def group_by_delegation(minutes: MinutesRecord) -> list[DelegationGroup]:
    """The delegations present, in ``DELEGATION_ORDER``, each with its head first.

    People without a delegation are left out (the context stage reports them, ``documents/requirements.py``).
    """
    groups = []
    for delegation in DELEGATION_ORDER:
        found = [member for member in members(minutes) if member.person.delegation == delegation]
        if not found:
            continue
        head = next((member for member in found if member.person.head), found[0])
        groups.append(DelegationGroup(delegation, (head, *(member for member in found if member is not head))))
    return groups


def language_names(codes: list[str], langs: tuple[str, ...]) -> Localized:
    """``["ko", "km", "en"]`` named in each document language (Babel): ``한국어, 크메르어 및 영어``."""
    return Localized({lang: format_list([Locale.parse(lang).languages[code] for code in codes], locale=lang)
                      for lang in langs})


def _minutes(ctx: RenderContext) -> MinutesRecord:
    data = ctx.record.data
    assert isinstance(data, MinutesRecord)
    return data


def delegation_names(ctx: RenderContext) -> Mapping[str, Localized]:
    L = ctx.translate
    assert ctx.project is not None
    return {
        "korean_government": L("Government of the Republic of Korea"),
        "korean_agency": L("Korean public agencies"),
        "host_government": L("Government of the host country (%(party)s)",
                             party=ctx.figures["host_party"]),
        "international_organisation": L("International organisations"),
        "proponent": L("Project proponent"),
    }


def build(ctx: RenderContext) -> Document:
    """The minutes of ``ctx`` as a document tree."""
    minutes = _minutes(ctx)
    L = ctx.translate
    assert ctx.project is not None
    number = ctx.value(minutes, "meeting_number", ctx.localizer.number(minutes.meeting_number))
    delegations = delegation_names(ctx)
    groups = group_by_delegation(minutes)
    assert minutes.working_group is not None  # documents/requirements.py
    working_group = ctx.text(minutes.working_group)
    blocks: list[Block] = [
        Paragraph(text(ctx.text(ctx.project.short_title)), "stack", "kicker sans"),
        Heading(text(ctx.text(minutes.title)), 1, bookmark=False),
        Table((
            fact(L("Working group"), stack(working_group)),
            fact(L("Meeting"), stack(L("Working-group meeting no. %(number)s", number=number))),
            fact(L("Date"), value(ctx.value(minutes, "date", ctx.localizer.date(minutes.date)))),
            fact(L("Time"), value(L("%(start)s to %(end)s",
                                    start=ctx.value(minutes, "start", ctx.localizer.time(minutes.start)),
                                    end=ctx.value(minutes, "end", ctx.localizer.time(minutes.end))))),
            fact(L("Place"), stack(ctx.text(minutes.place))),
            *_chairs(ctx),
            fact(L("Minutes taken by"), stack(_person_at(ctx, minutes.minute_taker))),
            fact(L("Languages of record"), stack(language_names(list(minutes.languages or []), ctx.langs))),
        ), style="meeting-facts"),
        heading(L("Attendees"), number="1"),
        *_attendees(ctx, groups, delegations),
        Paragraph(text(L("Apologies")), "stack", "sublabel sans"),
    ]
    if minutes.apologies:
        blocks.append(Table(tuple(_person_row(ctx, person) for person in minutes.apologies), head=(_people_head(ctx),),
                            columns=_PEOPLE_COLUMNS, style="attendees apologies"))
    else:
        blocks.append(para(L("No apologies were received.")))
    blocks.append(heading(L("Adoption of the previous minutes"), number="2"))
    blocks += _previous(ctx)
    blocks.append(heading(L("Agenda"), number="3"))
    blocks.append(ListBlock(tuple((stack(ctx.text(item.title)),) for item in minutes.agenda), style="agenda"))
    blocks.append(heading(L("Discussion"), number="4"))
    for index, item in enumerate(minutes.agenda, start=1):
        blocks.append(heading(ctx.text(item.title), level=3, number=f"4.{index}"))
        blocks += [para(prose(ctx.text(point)), "para") for point in item.discussion]
    blocks.append(heading(L("Decisions"), number="5"))
    blocks += _decisions(ctx)
    blocks.append(heading(L("Action items"), number="6"))
    if minutes.actions:
        blocks.append(Table(
            # the row's number heads both languages: in the first one's digits
            tuple(Row((cell(plain(label(index, ctx.primary, ctx.conventions.khmer_digits), ctx.langs), style="idx"),
                       cell(stack(ctx.text(action.action))),
                       cell(stack(ctx.mark(ctx.orgs[action.owner], action, "owner"))),
                       cell(value(ctx.value(action, "due", ctx.localizer.date(action.due))), style="date")))
                  for index, action in enumerate(minutes.actions, start=1)),
            head=(Row((header(plain("#", ctx.langs), style="idx"), header(stack(L("Action"))),
                       header(stack(L("Owner")), style="owner"), header(stack(L("Due")), style="date"))),),
            style="actions"))
    else:
        blocks.append(para(L("No action items were agreed.")))
    blocks += _other_business(ctx)
    blocks.append(heading(L("Next meeting"), number="8"))
    if minutes.next_meeting is not None:
        meeting = minutes.next_meeting
        rows = [fact(L("Date"), value(ctx.value(meeting, "date", ctx.localizer.date(meeting.date))))]
        if meeting.start is not None:
            rows.append(fact(L("Time"), value(ctx.value(meeting, "start", ctx.localizer.time(meeting.start)))))
        rows.append(fact(L("Place"), stack(ctx.text(meeting.place))))
        blocks.append(Table(tuple(rows), style="meeting-facts next-meeting"))
    else:
        blocks.append(para(L("The date of the next meeting will be set later.")))
    blocks.append(heading(L("Closing"), number="9"))
    blocks += _closing(ctx)
    # where terms of reference name the members, only their delegations sign: observers take no decision
    terms = minutes.terms_of_reference
    signing = [group for group in groups if terms is None or group.delegation in terms.members]
    blocks.append(Group((
        heading(L("Signatures of the heads of delegation"), number="10"),
        Signatures(tuple(
            Signer(line=index, heading=text(delegations[group.delegation]), name=text(ctx.text(group.head.person.name)),
                   title=text(ctx.text(group.head.person.title)),
                   organisation=text(ctx.mark(ctx.orgs[group.head.person.organisation],
                                                        group.head.person, "organisation")))
            for index, group in enumerate(signing, start=1)), columns=2),
    # one row of signatures keeps the closing with it (print.css); more would take a page the closing cannot share
    ), "minutes-signoff" + (" keep-closing" if len(signing) <= 2 else ""), "section"))
    return Document(
        kind="minutes", langs=ctx.langs, title=ctx.text(minutes.title),
        running_title=L("Minutes of working-group meeting no. %(number)s", number=number), author=working_group,
        page_label=L("Page %(page)s of %(pages)s", page=PAGE, pages=PAGES), blocks=tuple(blocks),
        watermark=L("DRAFT") if ctx.placeholders else None)


_PEOPLE_COLUMNS = ("c-name", "c-title", "c-org")


def _person_at(ctx: RenderContext, person: Person) -> Localized:
    return ctx.translate("%(name)s (%(title)s, %(organisation)s)", name=ctx.text(person.name),
                         title=ctx.text(person.title),
                         organisation=ctx.mark(ctx.orgs[person.organisation], person, "organisation"))


def _people_head(ctx: RenderContext) -> Row:
    L = ctx.translate
    return Row((header(stack(L("Name"))), header(stack(L("Title"))), header(stack(L("Organisation")))))


def _person_row(ctx: RenderContext, person: Person, roles: tuple[str, ...] = ()) -> Row:
    """Name (with what the person does at the meeting beside it), title, organisation."""
    L = ctx.translate
    names = {"chair": L("Co-chair") if _minutes(ctx).co_chair is not None else L("Chair"), "co_chair": L("Co-chair"),
             "minute_taker": L("Minute-taker"), "head": L("Head of delegation")}
    name = ctx.text(person.name)
    runs: dict[str, Runs] = {}
    for lang in ctx.langs:
        runs[lang] = (Run(name[lang]),)
        if roles:
            runs[lang] += (Run(" "), Run(" · ".join(names[role][lang] for role in roles), "role sans"))
    return Row((cell(stack(Text.runs(runs, name.specimen))), cell(stack(ctx.text(person.title))),
                cell(stack(ctx.mark(ctx.orgs[person.organisation], person, "organisation")))))


def _attendees(ctx: RenderContext, groups: list[DelegationGroup], delegations: Mapping[str, Localized]
               ) -> list[Block]:
    """One table per delegation, kept whole on its page; the column heads open the first (the writers join them
    into one table whose heads repeat on each page, ``formats/common.py``'s ``flow``).

    A delegation's name is a data cell across the columns, styled as a heading, not a header cell: a header
    row a delegation reads as heads shredded over the table (outloud's TBL-010), and a screen reader reads the
    name once where the group starts, as the print shows it."""
    blocks: list[Block] = []
    for index, group in enumerate(groups):
        rows = [Row((cell(stack(_delegation(ctx, delegations, group.delegation)), style="delegation sans",
                          colspan=3),), "delegation-row")]
        for member in group.members:
            roles = tuple(role for role in (member.role, "head" if member is group.head else None) if role)
            rows.append(_person_row(ctx, member.person, roles))
        head = (_people_head(ctx),)
        blocks.append(Group((Table(tuple(rows), head=head if index == 0 else (), columns=_PEOPLE_COLUMNS,
                                   style="attendees"),), "delegation-block"))
    return blocks


def _chairs(ctx: RenderContext) -> list[Row]:
    """The chair, or the two co-chairs, one for each side."""
    minutes, L = _minutes(ctx), ctx.translate
    if minutes.co_chair is None:
        return [fact(L("Chair"), stack(_person_at(ctx, minutes.chair)))]
    return [fact(L("Co-chairs"), stack(_person_at(ctx, minutes.chair)), stack(_person_at(ctx, minutes.co_chair)))]


def _delegation(ctx: RenderContext, delegations: Mapping[str, Localized], delegation: str) -> Localized:
    """A delegation's name, and whether it is a member or an observer where the terms of reference say."""
    terms = _minutes(ctx).terms_of_reference
    if terms is None:
        return delegations[delegation]
    standing = ctx.translate("member") if delegation in terms.members else ctx.translate("observer")
    return ctx.translate("%(delegation)s (%(standing)s)", delegation=delegations[delegation], standing=standing)


def _other_business(ctx: RenderContext) -> list[Block]:
    minutes, L = _minutes(ctx), ctx.translate
    blocks: list[Block] = [heading(L("Other business"), number="7")]
    if minutes.other_business:
        blocks.append(ListBlock(tuple((stack(ctx.text(item)),) for item in minutes.other_business), ordered=False))
    else:
        blocks.append(para(L("No other business was raised.")))
    return blocks


def _closing(ctx: RenderContext) -> list[Block]:
    """The closing of the meeting and the adoption of these minutes (or that they are still a draft)."""
    minutes, L = _minutes(ctx), ctx.translate
    blocks: list[Block] = []
    closed_by = L("The co-chairs") if minutes.co_chair is not None else L("The chair")
    blocks.append(para(L("%(who)s closed the meeting at %(time)s.", who=closed_by,
                         time=ctx.value(minutes, "end", ctx.localizer.time(minutes.end))), "closing"))
    if minutes.adoption is not None:
        adopted = L("These minutes were adopted by %(by)s on %(date)s.", by=ctx.text(minutes.adoption.by),
                    date=ctx.value(minutes.adoption, "date", ctx.localizer.date(minutes.adoption.date)))
    else:
        adopted = L("These minutes are a draft until the working group adopts them.")
    blocks.append(para(adopted, "adoption sans"))
    return blocks


def _previous(ctx: RenderContext) -> list[Block]:
    L = ctx.translate
    previous = _minutes(ctx).previous_minutes
    if previous is None:
        return [para(L("This was the first meeting of the working group: there were no previous minutes to adopt."))]
    number = ctx.value(previous, "meeting_number", ctx.localizer.number(previous.meeting_number))
    date = ctx.value(previous, "date", ctx.localizer.date(previous.date))
    amendments = ctx.text(previous.amendments) if previous.amendments is not None else None
    if previous.adopted and amendments is None:
        return [para(L("The minutes of meeting no. %(number)s of %(date)s were adopted without amendment.",
                       number=number, date=date))]
    if previous.adopted:
        sentence = L("The minutes of meeting no. %(number)s of %(date)s were adopted with the following amendments:",
                     number=number, date=date)
    elif amendments is None:
        return [para(L("The minutes of meeting no. %(number)s of %(date)s were not adopted.",
                       number=number, date=date))]
    else:
        sentence = L("The minutes of meeting no. %(number)s of %(date)s were not adopted;"
                     " the following corrections were requested:", number=number, date=date)
    assert amendments is not None
    return [para(sentence), para(amendments, "amendments")]


def _decisions(ctx: RenderContext) -> list[Block]:
    L = ctx.translate
    blocks: list[Block] = []
    for index, decision in enumerate(_minutes(ctx).decisions, start=1):
        vote = decision.vote
        if decision.decided_by == "consensus" and _minutes(ctx).terms_of_reference is not None:
            note = (L("Adopted by consensus of the members.") if decision.adopted
                    else L("Not adopted: the members reached no consensus."))
        elif decision.decided_by == "consensus":
            note = L("Adopted by consensus.") if decision.adopted else L("Not adopted: no consensus was reached.")
        else:
            assert vote is not None  # models/minutes.py: a vote needs its count
            number = ctx.localizer.number
            counts = {"in_favour": number(vote.in_favour), "against": number(vote.against),
                      "abstain": number(vote.abstain)}
            if decision.adopted:
                note = L("Adopted by vote: %(in_favour)s in favour, %(against)s against, %(abstain)s abstaining.",
                         **counts)
            else:
                note = L("Not adopted by vote: %(in_favour)s in favour, %(against)s against, %(abstain)s abstaining.",
                         **counts)
        note = ctx.mark(note, decision, "decided_by") if decision.decided_by == "consensus" else ctx.mark(
            note, decision, "vote")
        style = "decision-note sans" + ("" if decision.adopted else " not-adopted")
        blocks.append(Numbered(str(index), (para(ctx.text(decision.text)), para(note, style)), "decision"))
    return blocks
