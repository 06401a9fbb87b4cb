"""A ministry's press notice (보도자료).

Rules a press record must keep (checked when it is loaded, each problem located):

- it is about one project or one event, never both and never neither;
- the body starts with a paragraph; a sub-point follows a point or another sub-point (a note
  may follow any item: it belongs to the item before it);
- a web post's image is an ``https://`` address without characters that could end a Markdown
  link or an HTML attribute, and its categories are slugs.

The body follows the Korean ministries' hierarchy: each item has a ``level``, which the Korean
layout marks with □ (paragraph), ㅇ (point), - (sub-point) and ※ (note). Items written as a bare
text (``{ko, km, en}``) are paragraphs, so records written before levels still load.

Fields added with the complete press document (``dateline``, ``web``, the quote's ``name`` and
``title``, body ``level``) are optional when they can be, so that older records load and report
their own problems; the English and Khmer versions need ``dateline`` and preparing them reports
its absence with its line (``documents/press.py``).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from dossiergen.located import Located
from dossiergen.models.common import LANGS, Alpha3, Annex, Contact, Count, LocalizedText, RecordId, Strict

Level = Literal["paragraph", "point", "subpoint", "note"]
"""A body item's place in the hierarchy: □ paragraph, ㅇ point, - sub-point, ※ note."""


class BodyItem(LocalizedText):
    """One item of the body: a text in each language and its level (a paragraph by default)."""

    level: Level = "paragraph"


class Quote(Strict):
    """What an official said, attributed by name and title, in the words the source gives (each language's
    text is literal: no ``{figure}`` is filled into a quotation)."""

    name: LocalizedText
    """The official's name (유법민 / Yu Beop-min)."""
    title: LocalizedText
    """The official's title, with the organisation when the reader needs it."""
    text: LocalizedText
    continued: LocalizedText | None = None
    """A second passage the official went on with (Korean: “…”라며 “…”라고 밝혔다), quoted apart from the first."""

    @model_validator(mode="after")
    def _verbatim(self) -> Quote:
        for field in ("text", "continued"):
            passage = getattr(self, field)
            if passage is None:
                continue
            for lang in LANGS:
                words = passage.get(lang)
                if words is not None and ("{" in words or "}" in words):
                    raise Located(f"{field}.{lang}", "a quotation is printed as the source gives it: a {figure}"
                                                     " or a brace inside it would change the speaker's words")
        return self


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
    counts: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")], Count] = {}
    """Named counts (countries, companies) that the text quotes as ``{count_NAME}``."""
    agreements: list[Agreement] = []

    @model_validator(mode="after")
    def _ordered(self) -> EventFacts:
        if self.end < self.start:
            raise Located("end", f"{self.end} is before the start {self.start}")
        return self


_HTTPS_URL = re.compile(r"https://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~%!$&*+,;=:@/?-]*)?")


def _https_url(value: str) -> str:
    if not _HTTPS_URL.fullmatch(value) or len(value) > 2000:
        raise ValueError(f"{value[:60]!r} is not an https:// address without spaces, quotes, brackets or parentheses")
    return value


HttpsUrl = Annotated[str, AfterValidator(_https_url)]
"""An ``https://`` address with nothing that could close a Markdown link or an HTML attribute
(no spaces, quotes, angle brackets, parentheses or square brackets)."""


class WebImage(Strict):
    """The press photo: posted with the web post, listed among the PDF's attachments by its caption."""

    url: HttpsUrl
    caption: LocalizedText
    """What the photo shows: the post's image description, the PDF's attachment line."""


class WebPost(Strict):
    """How the notice is posted on the ministry's website (Markdown with YAML front matter)."""

    categories: list[RecordId] = []
    """The site's category keys (``press-releases``); the site names them in each language."""
    image: WebImage | None = None


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
    """When the notice may be published (보도시점): under embargo until then, else issued then for immediate release."""
    embargo: bool = False
    distributed: datetime | None = None
    """When the notice went out to the press (배포 일시): an embargoed notice says it, before ``release``; a notice
    for immediate release goes out at ``release``."""
    dateline: LocalizedText | None = None
    """The city the release is issued from; the English and Khmer versions open with it and the date."""
    headline: LocalizedText
    subheadlines: list[LocalizedText] = []
    body: Annotated[list[BodyItem], Field(min_length=1)]
    quotes: list[Quote] = []
    attachments: list[Annex] = []
    """붙임: each appended to the notice, a document made from its project record (``loa``) or a file."""
    web: WebPost = WebPost()
    status: Literal["draft", "final"] = "draft"
    """``final``: ready to publish; it may then list nothing under ``illustrative``."""
    illustrative: list[str] = []

    @model_validator(mode="after")
    def _distributed_before_release(self) -> PressRecord:
        if self.embargo and self.distributed is None:
            raise Located("embargo", "an embargoed notice says when it was distributed to the press (distributed:)")
        if self.distributed is not None and self.distributed > self.release:
            raise Located("distributed", f"distributed at {self.distributed.isoformat()}, after the release time"
                                         f" {self.release.isoformat()}")
        return self

    @model_validator(mode="after")
    def _about_one_thing(self) -> PressRecord:
        if (self.project is None) == (self.event is None):
            raise Located("project", "a press notice names either a project or an event, exactly one")
        return self

    @model_validator(mode="after")
    def _hierarchy(self) -> PressRecord:
        if self.body[0].level != "paragraph":
            raise Located("body.0.level", f"the body starts with a paragraph, not a {_NAMES[self.body[0].level]}")
        above = "paragraph"  # the level of the last item that is not a note
        for index, item in enumerate(self.body):
            if item.level == "subpoint" and above not in ("point", "subpoint"):
                raise Located(f"body.{index}.level",
                              f"a sub-point follows a point or another sub-point, not a {_NAMES[above]}")
            if item.level != "note":
                above = item.level
        return self


_NAMES = {"paragraph": "paragraph", "point": "point", "subpoint": "sub-point", "note": "note"}
