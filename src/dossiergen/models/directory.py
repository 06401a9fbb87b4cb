"""The directory: the people and organisations every record of a folder names, in one place.

A record names a person by id and one of their titles (``{person: yu-beop-min, title: dg-investment}``);
the loader writes the directory's name and title in (``records/directory.py``), so that no two
documents spell one person two ways or give them a title they did not hold on the document's date.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, model_validator

from dossiergen.located import Located
from dossiergen.models.common import Alpha3, LocalizedText, RecordId, Strict


class Held(Strict):
    """A period: from ``since`` (none: as far back as the directory knows) to ``until`` inclusive (none: still)."""

    since: date | None = None
    until: date | None = None

    def covers(self, day: date) -> bool:
        return (self.since is None or self.since <= day) and (self.until is None or day <= self.until)

    def describe(self) -> str:
        """``from 2025-10-01``, ``until 2025-02-28``, ``from … to …``, or ``at all times``."""
        if self.since is not None and self.until is not None:
            return f"from {self.since} to {self.until}"
        if self.since is not None:
            return f"from {self.since}"
        return f"until {self.until}" if self.until is not None else "at all times"

    @model_validator(mode="after")
    def _in_order(self) -> Held:
        if self.since is not None and self.until is not None and self.until < self.since:
            raise Located("until", f"{self.until} is before {self.since}")
        return self


class DatedName(Held):
    """An organisation's name while it was in use (ministries are renamed)."""

    name: LocalizedText


class DirectoryOrganisation(Strict):
    country: Alpha3
    names: Annotated[list[DatedName], Field(min_length=1)]

    def name_on(self, day: date) -> DatedName | None:
        return next((name for name in self.names if name.covers(day)), None)


class Title(Held):
    """A post a person holds in an organisation; ``acting`` for 직무대리 (the title says so in each language)."""

    organisation: RecordId
    title: LocalizedText
    acting: bool = False


class DirectoryPerson(Strict):
    name: LocalizedText
    """As each language writes it, in that language's order (유법민, Yu Beop-min, យូ ប៊ើបមីន)."""
    order: Literal["family-first", "given-first"] = "family-first"
    """The order of the names in the Latin spelling."""
    honorific: LocalizedText | None = None
    """What precedes the name in formal address (H.E., ឯកឧត្តម)."""
    transcription: dict[Literal["ko", "km", "en"], str] = {}
    """Where each language's spelling comes from (Korean spellings of Khmer names follow no official rule)."""
    titles: Annotated[dict[RecordId, Title], Field(min_length=1)]


class Directory(Strict):
    """``directory.yaml`` of a records folder."""

    kind: Literal["directory"]
    organisations: dict[RecordId, DirectoryOrganisation] = {}
    people: dict[RecordId, DirectoryPerson] = {}
    illustrative: list[str] = []
    """Entries (``people.yu-beop-min.name``) that no source gives: they print marked where records use them."""

    @model_validator(mode="after")
    def _titles_in_known_organisations(self) -> Directory:
        for person_id, person in self.people.items():
            for title_id, title in person.titles.items():
                if title.organisation not in self.organisations:
                    raise Located(f"people.{person_id}.titles.{title_id}.organisation",
                                  f"no organisation {title.organisation!r} in the directory")
        return self
