"""Minutes of a working-group meeting.

Rules a minutes record must keep (checked when it is loaded, each problem located):

- the meeting ends after it starts; actions are due on or after the meeting; the next meeting
  comes after this one;
- ``languages`` (the languages of record) lists each of ``ko``, ``km``, ``en`` at most once,
  and every text of the record carries each language of record;
- nobody is listed twice among the chair, the minute-taker, the attendees and the apologies;
- at most one person per delegation is marked ``head: true`` (without a mark, the first person
  of the delegation heads it, in the order chair, attendees, minute-taker), and a head has a
  delegation;
- previous minutes: none at meeting no. 1 (there are none to adopt); from meeting no. 2 on,
  ``previous_minutes`` says which minutes were put to the meeting (an earlier meeting number,
  held before this meeting's date) and whether they were adopted;
- decisions (see ``Decision``): by consensus with no vote count, or by vote with a count whose
  result is the one recorded, and no more votes than people present.

Fields added with delegations, languages of record and adoption notes (``working_group``,
``languages``, ``delegation`` and ``decided_by``) are optional when a record is loaded, so that
a record written before them still loads and reports its own problems; the minutes document
needs them, and preparing one reports each that is missing with its line
(``documents/minutes.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, time
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, PositiveInt, model_validator

from dossiergen.located import Located
from dossiergen.models.common import LANGS, Count, Lang, LocalizedText, Person, ProseText, RecordId, Strict

Delegation = Literal["korean_government", "korean_agency", "host_government", "international_organisation",
                     "proponent"]
DELEGATION_ORDER: tuple[Delegation, ...] = (
    "korean_government", "korean_agency", "host_government", "international_organisation", "proponent")
"""The order in which the minutes list delegations (attendees and sign-off)."""

LANGUAGE_NAMES = {"ko": "Korean", "km": "Khmer", "en": "English"}


class Attendee(Person):
    """A person present at the meeting, with the delegation they sat in."""

    delegation: Delegation | None = None
    """Required by the minutes document; optional here only so that older records still load."""
    head: bool = False
    """Heads their delegation and signs the minutes for it (default: the delegation's first person)."""


class AgendaItem(Strict):
    title: LocalizedText
    discussion: Annotated[list[ProseText], Field(min_length=1)]
    """Paragraphs, each in the Markdown subset of ``dossiergen.prose`` (bold, emphasis, https links)."""


class Vote(Strict):
    """A show of hands (or of delegations): how many voted for, against, or abstained."""

    in_favour: Count = Field(alias="for")
    against: Count
    abstain: Count

    @property
    def cast(self) -> int:
        return self.in_favour + self.against + self.abstain


class Decision(Strict):
    """A decision of the meeting and how it was taken.

    - ``decided_by: consensus``: no vote count; ``adopted: false`` records that no consensus was
      reached.
    - ``decided_by: vote``: a ``vote`` count is required, with at least one vote cast. A proposal
      is adopted by a simple majority of the votes cast for or against (abstentions do not count):
      ``adopted: true`` (the default) needs more votes for than against, ``adopted: false`` needs
      no more votes for than against (a tie rejects).
    """

    text: LocalizedText
    decided_by: Literal["consensus", "vote"] | None = None
    """Required by the minutes document; optional here only so that older records still load."""
    vote: Vote | None = None
    adopted: bool = True

    @model_validator(mode="before")
    @classmethod
    def _bare_text(cls, data: Any) -> Any:
        """A decision written as a bare text (``{ko, km, en}``, the form before adoption notes)."""
        if isinstance(data, dict) and data and set(data) <= set(LANGS):
            return {"text": data}
        return data

    @model_validator(mode="after")
    def _vote_matches(self) -> Decision:
        if self.decided_by == "consensus" and self.vote is not None:
            raise Located("vote", "a decision taken by consensus has no vote count (decided_by: vote, or no vote)")
        if self.decided_by == "vote":
            if self.vote is None:
                raise Located("vote", "a decision taken by vote needs its count (vote: {for, against, abstain})")
            if self.vote.cast == 0:
                raise Located("vote", "no vote cast (for, against and abstain are all 0)")
            count = f"{self.vote.in_favour} for, {self.vote.against} against"
            if self.adopted and self.vote.in_favour <= self.vote.against:
                raise Located("adopted", f"true, but {count}: adopting needs more votes for than against")
            if not self.adopted and self.vote.in_favour > self.vote.against:
                raise Located("adopted", f"false, but {count}: a majority voted for")
        if self.decided_by is None and self.vote is not None:
            raise Located("decided_by", "a decision with a vote count is decided_by: vote")
        return self


class TermsOfReference(Strict):
    """What the working group's terms of reference provide: the delegations that are members (the others attend
    as observers), and whether a decision may be put to a vote (one vote per member delegation present)."""

    members: Annotated[list[Delegation], Field(min_length=1)]
    votes: bool = False


class Adoption(Strict):
    """Who adopted these minutes, and when (the next meeting, or the co-chairs by written procedure)."""

    by: LocalizedText
    date: date


class PreviousMinutes(Strict):
    """The minutes of an earlier meeting, put to this meeting for adoption."""

    meeting_number: PositiveInt
    date: date
    adopted: bool
    amendments: LocalizedText | None = None
    """Adopted: the amendments made on adoption. Not adopted: the corrections requested."""


class ActionItem(Strict):
    action: LocalizedText
    owner: RecordId
    """The organisation responsible, by id from the project record."""
    due: date


class NextMeeting(Strict):
    date: date
    start: time | None = None
    place: LocalizedText


def _texts(value: Any, field: str) -> Iterator[tuple[str, LocalizedText]]:
    """Every text of a model, with its dotted field path (``attendees.2.title``)."""
    if isinstance(value, LocalizedText):
        yield field, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _texts(getattr(value, name), f"{field}.{name}" if field else name)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, f"{field}.{index}")


def _same_person(one: Person, other: Person) -> bool:
    return any(one.name.get(lang) is not None and one.name.get(lang) == other.name.get(lang) for lang in LANGS)


def _bracketed(field: str) -> str:
    """``attendees.2`` -> ``attendees[2]``, as the loader writes field paths."""
    head, _, index = field.partition(".")
    return f"{head}[{index}]" if index else head


def _shown(person: Person) -> str:
    return next(name for lang in ("en", "ko", "km") if (name := person.name.get(lang)) is not None)


class MinutesRecord(Strict):
    """Minutes of one working-group meeting about a project."""

    kind: Literal["minutes"]
    id: RecordId
    project: RecordId
    working_group: LocalizedText | None = None
    """The working group's name. Required by the minutes document."""
    meeting_number: PositiveInt
    title: LocalizedText
    date: date
    start: time
    end: time
    place: LocalizedText
    languages: Annotated[list[Lang], Field(min_length=1)] | None = None
    """The languages of record. Required by the minutes document."""
    terms_of_reference: TermsOfReference | None = None
    """Without them, every decision is taken by consensus and no delegation is marked member or observer."""
    chair: Attendee
    co_chair: Attendee | None = None
    """The other side's chair, where the meeting is co-chaired (the host's, at a meeting in the host country)."""
    minute_taker: Attendee
    attendees: Annotated[list[Attendee], Field(min_length=2)]
    apologies: list[Person] = []
    """People who sent apologies (not present)."""
    previous_minutes: PreviousMinutes | None = None
    agenda: Annotated[list[AgendaItem], Field(min_length=1)]
    decisions: Annotated[list[Decision], Field(min_length=1)]
    actions: list[ActionItem] = []
    other_business: list[LocalizedText] = []
    next_meeting: NextMeeting | None = None
    adoption: Adoption | None = None
    """None: the minutes are a draft until the working group adopts them."""
    status: Literal["draft", "final"] = "draft"
    """``final``: ready to publish; it may then list nothing under ``illustrative``."""
    illustrative: list[str] = []

    def present(self) -> list[tuple[str, Attendee]]:
        """Everyone present, with their field path: the chair, the attendees, the minute-taker."""
        return [("chair", self.chair), *((("co_chair", self.co_chair),) if self.co_chair is not None else ()),
                *((f"attendees.{index}", person) for index, person in enumerate(self.attendees)),
                ("minute_taker", self.minute_taker)]

    @model_validator(mode="after")
    def _dates_in_order(self) -> MinutesRecord:
        if self.end <= self.start:
            raise Located("end", f"{self.end} is not after the start {self.start}")
        for index, action in enumerate(self.actions):
            if action.due < self.date:
                raise Located(f"actions.{index}.due", f"{action.due} is before the meeting ({self.date})")
        if self.next_meeting is not None and self.next_meeting.date <= self.date:
            raise Located(
                "next_meeting.date", f"{self.next_meeting.date} is not after this meeting ({self.date})"
            )
        return self

    @model_validator(mode="after")
    def _languages_of_record(self) -> MinutesRecord:
        if self.languages is None:
            return self
        for index, lang in enumerate(self.languages):
            if lang in self.languages[:index]:
                raise Located(f"languages.{index}", f"{lang} is listed twice")
        for field, text in _texts(self, ""):
            for lang in self.languages:
                if text.get(lang) is None:
                    raise Located(f"{field}.{lang}",
                                  f"no {LANGUAGE_NAMES[lang]} text, and {lang} is a language of record (languages)")
        return self

    @model_validator(mode="after")
    def _people(self) -> MinutesRecord:
        listed: list[tuple[str, Person]] = [*self.present(),
                                            *((f"apologies.{i}", person) for i, person in enumerate(self.apologies))]
        for index, (field, person) in enumerate(listed):
            for earlier_field, earlier in listed[:index]:
                if _same_person(person, earlier):
                    raise Located(f"{field}.name", f"{_shown(person)} is already listed as {_bracketed(earlier_field)}")
        heads: dict[str, str] = {}
        for field, person in self.present():
            if not person.head:
                continue
            if person.delegation is None:
                raise Located(f"{field}.head", "a head of delegation needs a delegation")
            if person.delegation in heads:
                raise Located(f"{field}.head",
                              f"{heads[person.delegation]} already heads the {person.delegation} delegation")
            heads[person.delegation] = _shown(person)
        return self

    @model_validator(mode="after")
    def _previous_minutes(self) -> MinutesRecord:
        previous = self.previous_minutes
        if self.meeting_number == 1:
            if previous is not None:
                raise Located("previous_minutes", "meeting no. 1 has no previous minutes to adopt")
            return self
        if previous is None:
            raise Located("previous_minutes",
                          f"meeting no. {self.meeting_number} needs the previous minutes put to it "
                          "(meeting_number, date, adopted)")
        if previous.meeting_number >= self.meeting_number:
            raise Located("previous_minutes.meeting_number",
                          f"{previous.meeting_number} is not before this meeting (no. {self.meeting_number})")
        if previous.date >= self.date:
            raise Located("previous_minutes.date", f"{previous.date} is not before this meeting ({self.date})")
        return self

    @model_validator(mode="after")
    def _votes_by_members(self) -> MinutesRecord:
        terms = self.terms_of_reference
        for index, decision in enumerate(self.decisions):
            if decision.decided_by != "vote":
                continue
            if terms is None or not terms.votes:
                raise Located(f"decisions.{index}.decided_by",
                              "vote, but the working group's terms of reference (terms_of_reference.votes) provide"
                              " for none: its decisions are taken by consensus")
            members = sorted({person.delegation for _, person in self.present() if person.delegation in terms.members})
            observers = sorted({str(person.delegation) for _, person in self.present()
                                if person.delegation not in terms.members})
            if decision.vote is not None and decision.vote.cast > len(members):
                raise Located(f"decisions.{index}.vote",
                              f"{decision.vote.cast} votes cast, but {len(members)} member delegation(s) were present"
                              f" ({', '.join(members)}): observers ({', '.join(observers) or 'none'}) do not vote")
        return self

    @model_validator(mode="after")
    def _chairs_and_adoption(self) -> MinutesRecord:
        if self.co_chair is not None and self.co_chair.delegation == self.chair.delegation:
            raise Located("co_chair.delegation", "the co-chair sits for the other side, not the chair's delegation")
        if self.adoption is not None and self.adoption.date < self.date:
            raise Located("adoption.date", f"{self.adoption.date} is before the meeting ({self.date})")
        return self
