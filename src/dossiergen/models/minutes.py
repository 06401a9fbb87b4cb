"""Minutes of a working-group meeting."""

from __future__ import annotations

from datetime import date, time
from typing import Annotated, Literal

from pydantic import Field, PositiveInt, model_validator

from .common import LocalizedText, Person, RecordId, Strict
from .located import Located


class AgendaItem(Strict):
    title: LocalizedText
    discussion: Annotated[list[LocalizedText], Field(min_length=1)]


class ActionItem(Strict):
    action: LocalizedText
    owner: RecordId
    """The organisation responsible, by id from the project record."""
    due: date


class NextMeeting(Strict):
    date: date
    place: LocalizedText


class MinutesRecord(Strict):
    """Minutes of one working-group meeting about a project."""

    kind: Literal["minutes"]
    id: RecordId
    project: RecordId
    meeting_number: PositiveInt
    title: LocalizedText
    date: date
    start: time
    end: time
    place: LocalizedText
    chair: Person
    minute_taker: Person
    attendees: Annotated[list[Person], Field(min_length=2)]
    agenda: Annotated[list[AgendaItem], Field(min_length=1)]
    decisions: Annotated[list[LocalizedText], Field(min_length=1)]
    actions: list[ActionItem] = []
    next_meeting: NextMeeting | None = None
    illustrative: list[str] = []

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
