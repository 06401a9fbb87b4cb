"""Press notice or minutes -> an editable Hangul document (HWPX), from the PDF's ``RenderContext``.

Made with python-hwpx, which writes OWPML (KS X 6101) from its own blank Hangul document and
checks what it writes. The layout is the one Korean ministries type in Hangul:

- the headline or minutes title a bold, centred paragraph; the press body in the □ / ㅇ / - / ※
  hierarchy, the markers typed as characters with hanging indents, as in Hangul press releases
  (English and Khmer take • and –);
- the minutes' numbered sections are Hangul outline headings ("개요 1", "개요 2"), so Hangul numbers
  them itself (1., 가.) and lists them in its navigation; press labels (붙임, the event) are bold lines;
- the release box, the contact table and the minutes' facts, attendees, decisions and actions are
  Hangul tables.

With two or three languages each block is written in the first language, then the next. Prose
(minutes discussion) keeps its words: ``<strong>`` bold, ``<em>`` italic, a link's text followed
by its address. The fonts are the blank document's (함초롬바탕 and 함초롬돋움, Hangul's own).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC
from typing import Any

from hwpx import HwpxDocument

from dossiergen.formats.common import (
    CONSENSUS,
    DATELINE,
    DELEGATIONS,
    EMBARGO,
    HOST_DELEGATION,
    ISSUED_AT,
    MEETING,
    MINUTES_RUNNING,
    NO_PREVIOUS,
    PERSON,
    PERSON_AT,
    PHOTO,
    PRESS_RUNNING,
    PREVIOUS,
    QUOTE,
    RANGE,
    ROLES,
    VOTE,
    WHEN,
    segments,
)
from dossiergen.formats.exports import check_record_kind
from dossiergen.render.context import RenderContext
from dossiergen.render.localize import Localized

NAVY, FOLLOW, RED, SHADE = "#1F3B63", "#4A4A4A", "#9B1C1C", "#EEF2F7"
BODY_PT, FOLLOW_PT = 10.5, 9.0
MARKERS = {
    "ko": {"paragraph": "□", "point": "ㅇ", "subpoint": "-", "note": None},
    "other": {"paragraph": None, "point": "•", "subpoint": "–", "note": None},
}
"""The typed marker of each press body level; a note starts with the catalog's "Note:" (※ in Korean)."""
INDENT_MM = {"paragraph": 0.0, "point": 5.0, "subpoint": 10.0, "note": 5.0}
HANG_MM = 4.5
"""Where each level's marker sits, and how far its text hangs after it."""


class _Writer:
    """An HWPX document for one context: paragraphs of formatted runs, labels, tables."""

    def __init__(self, ctx: RenderContext) -> None:
        self.ctx = ctx
        self.langs = ctx.langs
        self.doc = HwpxDocument.new()
        # the blank document's one paragraph holds the page settings: the first line goes into it
        self._first: Any | None = self.doc.paragraphs[0]

    def say(self, msgid: str, **values: Any) -> Localized:
        return self.ctx.translate(msgid, **values)

    def paragraph(self, *, align: str | None = None, left_mm: float | None = None, hang_mm: float | None = None,
                  before_pt: float | None = None, after_pt: float | None = 3, keep_with_next: bool | None = None,
                  line_percent: int | None = None) -> Any:
        if self._first is not None:
            paragraph, self._first = self._first, None
        else:
            paragraph = self.doc.add_paragraph("", include_run=False, inherit_style=False)
        self.doc.styles.apply_paragraph_format(
            paragraphs=[paragraph], alignment=align, indent_left_mm=left_mm,
            first_line_indent_mm=-hang_mm if hang_mm else None, spacing_before_pt=before_pt,
            spacing_after_pt=after_pt, keep_with_next=keep_with_next, line_spacing_percent=line_percent)
        return paragraph

    def write(self, paragraph: Any, text: str, *, bold: bool = False, italic: bool = False,
              size: float | None = None, color: str | None = None) -> None:
        """``text`` (plain, or prose HTML) as runs of ``paragraph``."""
        for part in segments(text):
            paragraph.add_run(part.text, bold=bold or part.bold, italic=italic or part.italic, size=size or BODY_PT,
                              color=color)
            if part.href is not None and part.href != part.text:
                paragraph.add_run(f" ({part.href})", size=size or BODY_PT, color=color)

    @staticmethod
    def typed(paragraph: Any, text: str, *, bold: bool = False, size: float = BODY_PT,
              color: str | None = None) -> None:
        """Text of this module's own (a marker, a tab, a line break), set as given."""
        paragraph.add_run(text, bold=bold, size=size, color=color)

    def stacked(self, paragraph: Any, text: Mapping[str, str], *, size: float = BODY_PT, bold: bool = False,
                color: str | None = None, follow_color: str = FOLLOW, prefix: str = "") -> None:
        """Each language on its own line of one paragraph, the translations smaller."""
        for index, lang in enumerate(self.langs):
            if index:
                self.typed(paragraph, "\n", size=size * 0.86)
                self.write(paragraph, text[lang], bold=bold, size=size * 0.86, color=follow_color)
            else:
                if prefix:
                    self.typed(paragraph, prefix, bold=bold, size=size, color=color)
                self.write(paragraph, text[lang], bold=bold, size=size, color=color)

    def pair(self, text: Mapping[str, str], **formatting: Any) -> None:
        """A paragraph per language, first language first."""
        for index, lang in enumerate(self.langs):
            last = index == len(self.langs) - 1
            self.write(self.paragraph(after_pt=4 if last else 1, line_percent=_line(lang)), text[lang], **formatting)

    def label(self, text: Mapping[str, str], *, size: float = 11) -> None:
        """A bold line that opens a part (붙임, the event): not an outline heading, so Hangul does not number it."""
        paragraph = self.paragraph(before_pt=8, after_pt=3, keep_with_next=True)
        self.stacked(paragraph, text, size=size, bold=True, color=NAVY, follow_color=NAVY)

    def heading(self, text: Mapping[str, str], level: int) -> None:
        """An outline heading: Hangul numbers it (1., 가.) and lists it in its navigation."""
        self._first = None  # a heading never takes the page-settings paragraph
        paragraph = self.doc.add_heading("", level=level)
        self.doc.styles.apply_paragraph_format(paragraphs=[paragraph], spacing_before_pt=10 if level == 1 else 6,
                                               spacing_after_pt=3, keep_with_next=True)
        self.stacked(paragraph, text, size=13 if level == 1 else 11, bold=True, color=NAVY, follow_color=NAVY)

    def table(self, rows: Sequence[Sequence[Mapping[str, str] | str]], weights: Sequence[int], *,
              header_row: bool = False, header_column: bool = False) -> Any:
        """A table of texts in every language (each on its own line), heads shaded."""
        self._first = None
        table = self.doc.add_table(len(rows), len(weights))
        table.set_column_widths(list(weights))
        for row_index, row in enumerate(rows):
            for col_index, value in enumerate(row):
                text = value if isinstance(value, str) else "\n".join(_once(value, self.langs))
                table.cell(row_index, col_index).set_text(text, split_paragraphs=True)
                if (header_row and row_index == 0) or (header_column and col_index == 0):
                    table.set_cell_shading(row_index, col_index, SHADE)
        self.doc.add_paragraph("", include_run=False, inherit_style=False)  # text never sticks to a table
        return table

    def body_item(self, level: str, text: Mapping[str, str], opening: Mapping[str, str] | None = None) -> None:
        """A press body item at its level in each language, the marker typed and hanging."""
        for index, lang in enumerate(self.langs):
            markers = MARKERS["ko" if lang == "ko" else "other"]
            marker = markers[level]
            if level == "note":
                marker = self.say("Note:")[lang]
            last = index == len(self.langs) - 1
            left = INDENT_MM[level] + (1.5 if lang == "ko" and level != "paragraph" else 0)
            hang = HANG_MM if marker and (lang == "ko" or level != "note") else 0
            paragraph = self.paragraph(left_mm=left + hang, hang_mm=hang or None,
                                       before_pt=6 if level == "paragraph" and index == 0 else None,
                                       after_pt=4 if last else 1, line_percent=_line(lang))
            size = 9.5 if level == "note" else BODY_PT
            if marker:
                self.typed(paragraph, marker + ("\t" if hang else " "), bold=level == "note" and lang != "ko",
                           size=size)
            if opening is not None and lang in opening:
                self.write(paragraph, opening[lang] + " ", bold=True, size=size)
            self.write(paragraph, text[lang], size=size)

    def properties(self, title: Mapping[str, str], author: Mapping[str, str], subject: Mapping[str, str]) -> None:
        """The document's own properties, in place of the blank document's (its author, its dates)."""
        created = self.ctx.archive.created if self.ctx.archive is not None else None
        stamp = created.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if created else "1970-01-01T00:00:00Z"
        parts = self.doc.parts
        parts.clear_document_metadata(keep=("title", "language"), timestamp=stamp)
        parts.set_document_metadata(
            title=title[self.langs[0]], creator=" · ".join(author[lang] for lang in self.langs),
            subject=" · ".join(subject[lang] for lang in self.langs),
            keyword=f"Article 6.2, ITMO, {self.ctx.record.id}", created_date=stamp, modified_date=stamp)

    def to_bytes(self) -> bytes:
        return self.doc.to_bytes()


def _once(text: Mapping[str, str], langs: Sequence[str]) -> list[str]:
    """A value every language writes alike (a date in two languages, a time) once, others per language."""
    values = [text[lang] for lang in langs]
    return values[:1] if len(set(values)) == 1 else values


def _line(lang: str) -> int | None:
    """Khmer stacks its vowels and subscripts above and below the line: more room (the PDF gives it 1.95)."""
    return 200 if lang == "km" else None


def render_hwpx(ctx: RenderContext) -> bytes:
    """The press notice or minutes of ``ctx`` as an HWPX file's bytes."""
    check_record_kind(ctx.record.path, ctx.record.kind, "hwpx")
    writer = _Writer(ctx)
    if ctx.placeholders:
        paragraph = writer.paragraph(align="CENTER")
        writer.stacked(paragraph, writer.say("DRAFT"), size=18, bold=True, color=RED, follow_color=RED)
    if ctx.kind == "press":
        _press(writer)
        writer.properties(ctx.doc.headline, ctx.doc.ministry, writer.say(PRESS_RUNNING, ministry=ctx.doc.ministry))
    else:
        _minutes(writer)
        writer.properties(ctx.doc.title, ctx.doc.working_group,
                          writer.say(MINUTES_RUNNING, number=ctx.derived.meeting_number))
    return writer.to_bytes()


def _press(w: _Writer) -> None:
    doc, derived = w.ctx.doc, w.ctx.derived
    masthead = w.paragraph(after_pt=0)
    w.stacked(masthead, w.say("Press release"), size=22, bold=True, color=NAVY, follow_color=NAVY)
    ministry = w.paragraph(align="RIGHT", after_pt=6)
    w.stacked(ministry, doc.ministry, size=11, bold=True)

    release, dateline = derived.release, derived.dateline
    when = w.say(WHEN, weekday=release.weekday, date=release.date, time=release.time)
    if release.embargo:
        row: list[Mapping[str, str] | str] = [w.say("Release"), w.say(EMBARGO, time=when)]
        if dateline is not None:
            row += [w.say("Issued"), dateline.place]
    else:
        issued = w.say(ISSUED_AT, date=when, place=dateline.place) if dateline is not None else when
        row = [w.say("Release"), w.say("For immediate release"), w.say("Issued"), issued]
    table = w.table([row], [15, 35, 15, 35] if len(row) == 4 else [15, 85])
    if len(row) == 4:
        table.set_cell_shading(0, 2, SHADE)
    table.set_cell_shading(0, 0, SHADE)

    headline = w.paragraph(align="CENTER", before_pt=6, after_pt=6)
    w.stacked(headline, doc.headline, size=16, bold=True, color=NAVY)
    for line in doc.subheadlines:
        text = Localized({lang: f"- {line[lang]} -" if lang == "ko" else line[lang] for lang in w.langs})
        for index, lang in enumerate(w.langs):
            paragraph = w.paragraph(align="CENTER" if len(w.langs) == 1 else None, after_pt=2)
            w.write(paragraph, text[lang], bold=True, size=10.5 if index == 0 else 9.5)

    opening = None
    if dateline is not None:
        sentence = w.say(DATELINE, place=dateline.place, date=dateline.date)
        opening = {lang: sentence[lang] for lang in dateline.langs}
    for item in derived.body:
        w.body_item(item.level, item.text, opening if item.first else None)
    for quote in derived.quotes:
        w.body_item("paragraph", w.say(QUOTE, name=quote.name, title=quote.title_topic, quote=quote.text))

    event = doc.event
    if event is not None:
        w.label(w.say("Event"))
        w.table([[w.say("Event"), event.name], [w.say("Dates"), w.say(RANGE, start=event.start, end=event.end)],
                 [w.say("Place"), event.place]], [25, 75], header_column=True)
        if event.agreements:
            w.label(w.say("Memoranda of understanding"))
            w.table([[w.say("Counterpart"), w.say("Subject")],
                     *([agreement.counterpart, agreement.subject] for agreement in event.agreements)],
                    [40, 60], header_row=True)

    attachments = list(doc.attachments)
    if doc.web.image is not None:
        attachments.append(w.say(PHOTO, caption=doc.web.image.caption))
    if attachments:
        w.label(w.say("Attachments"))
        for number, item in enumerate(attachments, 1):
            paragraph = w.paragraph(left_mm=5, hang_mm=5, after_pt=2)
            w.stacked(paragraph, item, prefix=f"{number}.\t")

    people = []
    for person in (doc.responsible, doc.staff):
        contact = person.phone + (f", {person.email}" if person.email else "")
        named = w.say(PERSON, name=person.name, title=person.title)
        people.append(Localized({lang: f"{named[lang]} ({contact})" for lang in w.langs}))
    w.table([[w.say("Department"), w.say("Responsible"), w.say("Contact person")], [doc.department, *people]],
            [30, 35, 35], header_row=True)


def _minutes(w: _Writer) -> None:
    ctx = w.ctx
    doc, derived, project, orgs = ctx.doc, ctx.derived, ctx.project, ctx.orgs
    assert project is not None  # a minutes record always names its project (loader)
    delegations = {key: w.say(msgid) for key, msgid in DELEGATIONS.items()}
    delegations["host_government"] = w.say(HOST_DELEGATION, party=project.host_party.name)
    roles = {key: w.say(msgid) for key, msgid in ROLES.items()}

    def person_at(person: Any) -> Localized:
        return w.say(PERSON_AT, name=person.name, title=person.title, organisation=orgs[person.organisation])

    def person_row(person: Any, person_roles: list[Localized]) -> list[Mapping[str, str] | str]:
        name = Localized({lang: person.name[lang] + (" (" + " · ".join(role[lang] for role in person_roles) + ")"
                                                     if person_roles else "") for lang in w.langs})
        return [name, person.title, orgs[person.organisation]]

    kicker = w.paragraph(align="CENTER", after_pt=2)
    w.stacked(kicker, project.short_title, size=10, bold=True, color=NAVY)
    title = w.paragraph(align="CENTER", after_pt=8)
    w.stacked(title, doc.title, size=16, bold=True, color=NAVY)
    w.table([
        [w.say("Working group"), doc.working_group],
        [w.say("Meeting"), w.say(MEETING, number=derived.meeting_number)],
        [w.say("Date"), doc.date],
        [w.say("Time"), w.say(RANGE, start=doc.start, end=doc.end)],
        [w.say("Place"), doc.place],
        [w.say("Chair"), person_at(doc.chair)],
        [w.say("Minutes taken by"), person_at(doc.minute_taker)],
        [w.say("Languages of record"), derived.languages],
    ], [25, 75], header_column=True)

    w.heading(w.say("Attendees"), 1)
    rows: list[Sequence[Mapping[str, str] | str]] = [[w.say("Name"), w.say("Title"), w.say("Organisation")]]
    group_rows = []
    for group in derived.delegations:
        group_rows.append(len(rows))
        rows.append([delegations[group.key], "", ""])
        rows += [person_row(member.person, [roles[role] for role in member.roles]) for member in group.members]
    table = w.table(rows, [31, 35, 34], header_row=True)
    for index in reversed(group_rows):  # merging from the bottom keeps the row numbers above valid
        table.merge_cells(index, 0, index, 2)
        table.set_cell_shading(index, 0, SHADE)
    w.label(w.say("Apologies"), size=10.5)
    if doc.apologies:
        w.table([person_row(person, []) for person in doc.apologies], [31, 35, 34])
    else:
        w.pair(w.say("No apologies were received."))

    w.heading(w.say("Adoption of the previous minutes"), 1)
    previous = derived.previous
    if previous is None:
        w.pair(w.say(NO_PREVIOUS))
    else:
        amended = previous.amendments is not None
        w.pair(w.say(PREVIOUS[(previous.adopted, amended)], number=previous.number, date=previous.date))
        if amended:
            w.pair(previous.amendments, italic=True)

    w.heading(w.say("Agenda"), 1)
    for number, item in enumerate(doc.agenda, 1):
        w.stacked(w.paragraph(left_mm=5, hang_mm=5, after_pt=2), item.title, prefix=f"{number}.\t")

    w.heading(w.say("Discussion"), 1)
    for item in doc.agenda:
        w.heading(item.title, 2)
        for point in item.discussion:
            w.pair(point)

    w.heading(w.say("Decisions"), 1)
    rows = []
    for decision in derived.decisions:
        if decision.decided_by == "consensus":
            note = w.say(CONSENSUS[decision.adopted])
        else:
            vote = decision.vote
            note = w.say(VOTE[decision.adopted], in_favour=vote.in_favour, against=vote.against, abstain=vote.abstain)
        rows.append([f"{decision.number}.", Localized({lang: f"{decision.text[lang]}\n{note[lang]}"
                                                       for lang in w.langs})])
    w.table(rows, [6, 94])

    w.heading(w.say("Action items"), 1)
    if doc.actions:
        w.table([["#", w.say("Action"), w.say("Owner"), w.say("Due")],
                 *([str(number), action.action, orgs[action.owner], action.due]
                   for number, action in enumerate(doc.actions, 1))], [5, 50, 30, 15], header_row=True)
    else:
        w.pair(w.say("No action items were agreed."))

    w.heading(w.say("Next meeting"), 1)
    if doc.next_meeting is not None:
        facts = [[w.say("Date"), doc.next_meeting.date]]
        if doc.next_meeting.start is not None:
            facts.append([w.say("Time"), doc.next_meeting.start])
        facts.append([w.say("Place"), doc.next_meeting.place])
        w.table(facts, [25, 75], header_column=True)
    else:
        w.pair(w.say("The date of the next meeting will be set later."))

    w.heading(w.say("Signatures of the heads of delegation"), 1)
    for group in derived.delegations:
        head = group.head.person
        w.label(delegations[group.key], size=10)
        w.typed(w.paragraph(before_pt=24, after_pt=2), "_" * 36)  # the line to sign on
        for text in (head.name, head.title, orgs[head.organisation]):
            w.stacked(w.paragraph(after_pt=0), text, size=9.5)
