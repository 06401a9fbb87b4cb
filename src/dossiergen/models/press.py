"""A ministry's press notice (보도자료)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field, NonNegativeInt, model_validator

from .common import Alpha3, Contact, LocalizedText, RecordId, Strict
from .located import Located


class Quote(Strict):
    speaker: LocalizedText
    text: LocalizedText


class Agreement(Strict):
    """A memorandum of understanding signed at an event."""

    counterpart: LocalizedText
    country: Alpha3
    subject: LocalizedText


class EventFacts(Strict):
    """The facts of an event that a press notice announces when it is not about one project."""

    name: LocalizedText
    start: date
    end: date
    place: LocalizedText
    counts: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")], NonNegativeInt] = {}
    """Named counts (countries, companies) that the text quotes as ``{count_NAME}``."""
    agreements: list[Agreement] = []

    @model_validator(mode="after")
    def _ordered(self) -> EventFacts:
        if self.end < self.start:
            raise Located("end", f"{self.end} is before the start {self.start}")
        return self


class PressRecord(Strict):
    """A press notice. Figures come from the project record or the event, never typed twice."""

    kind: Literal["press"]
    id: RecordId
    project: RecordId | None = None
    event: EventFacts | None = None
    ministry: LocalizedText
    department: LocalizedText
    responsible: Contact
    staff: Contact
    release: datetime
    """When the notice may be published; before it, the notice is under embargo."""
    embargo: bool = False
    headline: LocalizedText
    subheadlines: list[LocalizedText] = []
    body: Annotated[list[LocalizedText], Field(min_length=1)]
    quotes: list[Quote] = []
    attachments: list[LocalizedText] = []
    illustrative: list[str] = []

    @model_validator(mode="after")
    def _about_one_thing(self) -> PressRecord:
        if (self.project is None) == (self.event is None):
            raise Located("project", "a press notice names either a project or an event, exactly one")
        return self
