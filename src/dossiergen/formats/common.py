"""What the DOCX and HWPX exports share: the catalog wording they use, and the reading of prose HTML."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from markupsafe import Markup

# The catalog entries the exports use; the press and minutes templates use each one too, so
# extraction keeps them in the catalogs (tests/test_exports.py checks).
WHEN = "%(weekday)s %(date)s %(time)s"
DATELINE = "%(place)s, %(date)s –"
ISSUED_AT = "%(date)s, %(place)s"
EMBARGO = "Embargoed: not to be published before %(time)s"
QUOTE = "%(name)s, the %(title)s, said, “%(quote)s”"
PERSON = "%(name)s, %(title)s"
PERSON_AT = "%(name)s (%(title)s, %(organisation)s)"
RANGE = "%(start)s to %(end)s"
PHOTO = "Photo: %(caption)s"
PRESS_RUNNING = "Press release of %(ministry)s"
MINUTES_RUNNING = "Minutes of working-group meeting no. %(number)s"
MEETING = "Working-group meeting no. %(number)s"
PAGE = "Page %(page)s of %(pages)s"
HOST_DELEGATION = "Government of the host country (%(party)s)"
PREVIOUS = {
    (True, False): "The minutes of meeting no. %(number)s of %(date)s were adopted without amendment.",
    (True, True): "The minutes of meeting no. %(number)s of %(date)s were adopted with the following amendments:",
    (False, False): "The minutes of meeting no. %(number)s of %(date)s were not adopted.",
    (False, True): "The minutes of meeting no. %(number)s of %(date)s were not adopted;"
                   " the following corrections were requested:",
}
"""(adopted, with amendments) -> the sentence the minutes template writes."""
NO_PREVIOUS = "This was the first meeting of the working group: there were no previous minutes to adopt."
VOTE = {True: "Adopted by vote: %(in_favour)s in favour, %(against)s against, %(abstain)s abstaining.",
        False: "Not adopted by vote: %(in_favour)s in favour, %(against)s against, %(abstain)s abstaining."}
CONSENSUS = {True: "Adopted by consensus.", False: "Not adopted: no consensus was reached."}
DELEGATIONS = {"korean_government": "Government of the Republic of Korea", "korean_agency": "Korean public agencies",
               "international_organisation": "International organisations", "proponent": "Project proponent"}
ROLES = {"chair": "Chair", "minute_taker": "Minute-taker", "head": "Head of delegation"}
CATALOG_MSGIDS = (
    WHEN, DATELINE, ISSUED_AT, EMBARGO, QUOTE, PERSON, PERSON_AT, RANGE, PHOTO, PRESS_RUNNING, MINUTES_RUNNING,
    MEETING, PAGE, HOST_DELEGATION, *PREVIOUS.values(), NO_PREVIOUS, *VOTE.values(), *CONSENSUS.values(),
    *DELEGATIONS.values(), *ROLES.values(),
    "Press release", "Release", "For immediate release", "Issued", "Note:", "Event", "Dates", "Place",
    "Memoranda of understanding", "Counterpart", "Subject", "Attachments", "Department", "Responsible",
    "Contact person", "DRAFT", "Working group", "Meeting", "Date", "Time", "Minutes taken by",
    "Languages of record", "Attendees", "Name", "Title", "Organisation", "Apologies", "No apologies were received.",
    "Adoption of the previous minutes", "Agenda", "Discussion", "Decisions", "Action items", "Action", "Owner", "Due",
    "No action items were agreed.", "Next meeting", "The date of the next meeting will be set later.",
    "Signatures of the heads of delegation",
)
"""Every msgid the exports pass to ``ctx.translate``."""

_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")



# --- prose: the Markdown subset's HTML -> runs ----------------------------------------------

@dataclass(frozen=True)
class Segment:
    """A stretch of text with one formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None


class _ProseParser(HTMLParser):
    """Reads what ``prose.render_prose`` writes: text, ``strong``, ``em``, ``a href``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)  # entities (&amp; &lt; &#39;) come back as characters
        self.segments: list[Segment] = []
        self._bold = self._italic = 0
        self._href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # raw HTML is off in prose.py, so no other tag can come from a record; if one did, its text stays
        if tag == "strong":
            self._bold += 1
        elif tag == "em":
            self._italic += 1
        elif tag == "a":
            self._href = dict(attrs).get("href")

    def handle_endtag(self, tag: str) -> None:
        if tag == "strong":
            self._bold = max(0, self._bold - 1)
        elif tag == "em":
            self._italic = max(0, self._italic - 1)
        elif tag == "a":
            self._href = None

    def handle_data(self, data: str) -> None:
        self.segments.append(Segment(data, self._bold > 0, self._italic > 0, self._href))


def segments(text: str) -> list[Segment]:
    """``text`` as formatted stretches: prose HTML (``Markup``) parsed, any other text as it is."""
    if not isinstance(text, Markup):
        return [Segment(_flat(text))]
    parser = _ProseParser()
    parser.feed(str(text))
    parser.close()
    return [Segment(_flat(part.text), part.bold, part.italic, part.href) for part in parser.segments if part.text]


def _flat(text: str) -> str:
    """White space folded as HTML folds it, so the DOCX breaks lines where the PDF does (no stray breaks)."""
    return _HTML_SPACE.sub(" ", text)
