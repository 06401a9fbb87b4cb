"""Building blocks shared by every record kind."""

from __future__ import annotations

import re
import string
from datetime import date
from typing import Annotated, Literal

from babel.core import get_global
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from dossiergen.located import Located

Lang = Literal["ko", "km", "en"]
LANGS: tuple[Lang, ...] = ("ko", "km", "en")

MAX_QUANTITY = 10**12
"""The largest quantity or count a record may give: a trillion tonnes is no project's."""
Amount = Annotated[int, Field(gt=0, le=MAX_QUANTITY)]
"""A positive whole number of tonnes, vehicles or units."""
Count = Annotated[int, Field(ge=0, le=MAX_QUANTITY)]
"""A count that may be zero (votes, a tally)."""

RecordId = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$"),
]
"""A record or organisation id: lower-case letters, digits and inner hyphens.

Ids become file names, so the pattern leaves no room for separators or dots.
"""

def _known_alpha3(code: str) -> str:
    if not get_global("territory_aliases").get(code):
        raise ValueError(f"unknown ISO 3166 alpha-3 code {code!r}")
    return code


Alpha3 = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$"), AfterValidator(_known_alpha3)]
"""An ISO 3166 country by alpha-3 code, checked against CLDR's table (through Babel)."""

_FORMATTER = string.Formatter()


class Strict(BaseModel):
    """Base of every record model: unknown fields are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class LocalizedText(Strict):
    """A human-readable text in up to three languages.

    A document needs each of its languages present; which ones a record must carry is
    decided when a document is rendered, not when the record is loaded.
    """

    ko: str | None = None
    km: str | None = None
    en: str | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> LocalizedText:
        for lang in LANGS:
            value = getattr(self, lang)
            if value is not None and not value.strip():
                raise ValueError(f"the {lang} text is empty")
        if all(getattr(self, lang) is None for lang in LANGS):
            raise ValueError("a text needs at least one of ko, km, en")
        return self

    def get(self, lang: Lang) -> str | None:
        text: str | None = getattr(self, lang)
        return text

    def placeholders(self) -> set[str]:
        """Names of the ``{figure}`` placeholders used in any language."""
        names: set[str] = set()
        for lang in LANGS:
            value = self.get(lang)
            if value is None:
                continue
            for _, name, spec, conversion in _FORMATTER.parse(value):
                if name is None:
                    continue
                if spec or conversion or not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
                    raise ValueError(f"placeholder {{{name}}} in the {lang} text is malformed")
                names.add(name)
        return names


class ProseText(LocalizedText):
    """A paragraph that may use the Markdown subset of ``dossiergen.prose``: **strong**,
    *emphasis* and [links](https://...). Everything else in it, HTML included, is text."""


class Party(Strict):
    """A Party to the Paris Agreement, by ISO 3166 alpha-3 code.

    The display name comes from Babel's territory names unless the record gives the
    formal name (Babel says "South Korea" where a treaty text says "Republic of Korea").
    """

    code: Alpha3
    name: LocalizedText | None = None


class Organisation(Strict):
    id: RecordId
    name: LocalizedText
    country: Alpha3


class Person(Strict):
    name: LocalizedText
    title: LocalizedText
    organisation: RecordId


class Contact(Strict):
    """A person the press can call."""

    name: LocalizedText
    title: LocalizedText
    phone: Annotated[str, StringConstraints(pattern=r"^\+?[0-9][0-9 ()-]{5,24}$")]
    email: Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")] | None = None


class DatedEvent(Strict):
    date: date
    event: LocalizedText


NonEmptyList = Field(min_length=1)


ANNEX_FILE_TYPES = "a PDF, PNG or JPEG file"
"""What an annex's ``file`` may be (``records/sandbox.py`` checks it by the file's first bytes)."""


class Annex(Strict):
    """A document appended to a dossier (its annex) or a press notice (its 붙임): one dossiergen renders from the
    project record, or a file of the record's folder."""

    title: LocalizedText
    document: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$", max_length=40)] | None = None
    """A document kind rendered from the project record (``documents/kinds.py``), such as ``loa``."""
    file: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    """A path relative to the record's folder: a PDF, PNG or JPEG file."""

    @model_validator(mode="after")
    def _one_source(self) -> Annex:
        if self.document is not None and self.file is not None:
            raise Located("file", "give either document (a document dossiergen renders from this record) or file"
                                   f" ({ANNEX_FILE_TYPES} in the record's folder), not both")
        if self.document is None and self.file is None:
            raise ValueError(f"give document (a document dossiergen renders from this record) or file"
                             f" ({ANNEX_FILE_TYPES} in the record's folder)")
        return self
