"""The press notice (보도자료) as a document tree.

Korean: the ministries' layout (masthead, release box, headline, "- … -" sub-headlines, the body
in the paragraph / point / sub-point / note hierarchy, the quote, attachments, the contact table).
English and Khmer: the korea.kr layout (a dateline opens the body, the quote is attributed by name
and title). Bilingual documents keep both languages side by side on the same page.

- the body items keep their ``level``, which each writer marks its own way (□ ㅇ - ※ in Korean);
- the quote's title carries, in Korean, the topic particle (은 or 는) its last syllable takes, so
  that the catalog's sentence reads "유법민 투자정책관은 “…”라고 밝혔다";
- the release time: date, weekday and time in each language (Korean releases write
  ``2025. 7. 21.(월) 12:00``), or the embargo.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from babel.dates import format_date

from dossiergen.documents.blocks import code, fact, header, heading, para, stack, text, value
from dossiergen.documents.requirements import DATELINE_LANGS
from dossiergen.documents.specimen import inline, with_marks
from dossiergen.documents.tree import (
    Block,
    Cell,
    Document,
    Group,
    ListBlock,
    Paragraph,
    Row,
    Run,
    Runs,
    Table,
    Text,
    specimen_runs,
)
from dossiergen.i18n.localized import Localized
from dossiergen.models import PressRecord
from dossiergen.render.context import RenderContext
from dossiergen.render.templating import PAGE, PAGES

WEEKDAY_PATTERN = {"ko": "E", "km": "EEEE", "en": "EEEE"}
"""월 in Korean (as in 2025. 7. 21.(월)), the full name in Khmer and English."""


def _final_consonant(word: str) -> bool | None:
    """Whether the last syllable of ``word`` closes on a consonant (관: yes, 례: no); ``None``: not Hangul."""
    last = word.rstrip(" )]\u201d\"'.")[-1:]
    if "\uac00" <= last <= "\ud7a3":
        return (ord(last) - 0xAC00) % 28 != 0
    return None


def korean_topic_particle(word: str) -> str:
    """은 after a final consonant (투자정책관은), 는 after a vowel (대표는); 은(는) when unknown."""
    final = _final_consonant(word)
    return "은(는)" if final is None else "은" if final else "는"


def korean_quotative(passage: str, ending: str) -> str:
    """The quotative ``ending`` (라며, 라고) after a quoted passage: 이라며 after a final consonant (“…것”이라며),
    as it is after a vowel (“…사례”라며) or a sentence's own ending (“…이다.”라고)."""
    return ("이" if _final_consonant(passage) and not passage.rstrip().endswith(".") else "") + ending


@dataclass(frozen=True)
class Release:
    """When a notice may be published, as each language writes it."""

    when: Localized
    """``2025. 7. 21.(월) 12:00``, ``Monday 21 July 2025 12:00``."""
    distributed: Localized
    """When the notice went out to the press, written as ``when``."""
    embargo: bool
    dateline: Localized | None
    """The place the notice is issued from, where the record gives one."""
    excerpt: Localized
    """The web post's teaser: the body's opening paragraph, without the dateline."""


def release(ctx: RenderContext) -> Release:
    """The release facts of a press notice, shared by the document, the press board and the feed."""
    data = _press(ctx)
    when = ctx.mark(_moment(ctx, data.release), data, "release")
    distributed = (ctx.mark(_moment(ctx, data.distributed), data, "distributed") if data.distributed is not None
                   else when)
    dateline = ctx.text(data.dateline) if data.dateline is not None else None
    return Release(when, distributed, data.embargo, dateline, ctx.text(data.body[0]))


def _moment(ctx: RenderContext, moment: datetime) -> Localized:
    """Date, weekday and time as each language writes them in a release box."""
    day = moment.date()
    weekday = Localized({lang: format_date(day, WEEKDAY_PATTERN[lang], locale=lang) for lang in ctx.langs})
    return ctx.translate("%(weekday)s %(date)s %(time)s", weekday=weekday, date=ctx.localizer.date(day),
                         time=ctx.localizer.time(moment.timetz()))


def _press(ctx: RenderContext) -> PressRecord:
    data = ctx.record.data
    assert isinstance(data, PressRecord)
    return data


def build(ctx: RenderContext) -> Document:
    """The press notice of ``ctx`` as a document tree."""
    data = _press(ctx)
    L = ctx.translate
    langs = ctx.langs
    facts = release(ctx)
    ministry = ctx.text(data.ministry)
    headline = ctx.text(data.headline)
    blocks: list[Block] = [
        Group((Paragraph(text(L("Press release")), "stack", "masthead-kind sans", box=True),
               Paragraph(text(ministry), "stack", "masthead-ministry sans", box=True)), "masthead", "header"),
        _release_box(ctx, facts),
        heading(headline, level=1, style="headline"),
    ]
    if data.subheadlines:
        blocks.append(Group(tuple(para(ctx.text(line), "subheadline") for line in data.subheadlines),
                            "subheadlines"))
    blocks.append(Group(_body(ctx, facts) + _quotes(ctx), "body-text"))
    if data.event is not None:
        event = data.event
        blocks.append(heading(L("Event"), level=2))  # directly under the headline: no level skipped
        blocks.append(Table((
            fact(L("Event"), stack(ctx.text(event.name))),
            fact(L("Dates"), value(L("%(start)s to %(end)s", start=ctx.figures["event_start"],
                                     end=ctx.figures["event_end"]))),
            fact(L("Place"), stack(ctx.text(event.place))),
        ), style="event-facts"))
        if event.agreements:
            blocks.append(heading(L("Memoranda of understanding"), level=2))
            blocks.append(Table(
                tuple(Row((Cell((stack(ctx.text(agreement.counterpart)),)),
                           Cell((stack(ctx.text(agreement.subject)),)))) for agreement in event.agreements),
                head=(Row((header(stack(L("Counterpart"))), header(stack(L("Subject"))))),)))
    closing: list[Block] = []
    # what is appended to the notice (the web post shows its photo itself)
    attachments = [ctx.text(item.title) for item in data.attachments]
    if attachments:
        closing.append(Group((
            Paragraph(text(L("Attachments")), "stack", "sans attachments-label"),
            ListBlock(tuple((stack(item),) for item in attachments)),
        ), "attachments"))
    closing.append(_contacts(ctx))
    blocks.append(Group(tuple(closing), "closing"))
    return Document(
        kind="press", langs=langs, title=headline, running_title=L("Press release of %(ministry)s", ministry=ministry),
        author=ministry, page_label=L("Page %(page)s of %(pages)s", page=PAGE, pages=PAGES), blocks=tuple(blocks),
        watermark=L("DRAFT") if ctx.placeholders else None)


def _release_box(ctx: RenderContext, facts: Release) -> Table:
    """보도시점 (when it may be published: on distribution, or the embargo's end) and 배포 일시 (when it went out)."""
    L = ctx.translate
    if facts.embargo:
        release = Cell((stack(L("Embargoed until %(time)s", time=facts.when)),), style="embargo")
    else:
        release = Cell((stack(L("For immediate release")),), style="immediate")
    return Table((Row((header(stack(L("Release")), scope="row"), release,
                       header(stack(L("Distributed")), scope="row"), Cell((stack(facts.distributed),)))),),
                 style="release-box")


def _body(ctx: RenderContext, facts: Release) -> tuple[Block, ...]:
    """The body items at their levels; the dateline opens the first paragraph of the versions that have one."""
    data = _press(ctx)
    L = ctx.translate
    day = ctx.localizer.date(data.release.date())
    dateline = L("%(place)s, %(date)s –", place=facts.dateline, date=day) if facts.dateline else None
    items: list[Block] = []
    for index, item in enumerate(data.body):
        note = L("Note:") if item.level == "note" else None
        body = ctx.text(item)
        runs: dict[str, Runs] = {}
        for lang in ctx.langs:
            lead: list[Run] = []
            if index == 0 and dateline is not None and lang in DATELINE_LANGS:
                lead += [Run(dateline[lang], "dateline"),
                         *(specimen_runs(dateline.specimen[lang]) if dateline.specimen else ()), Run(" ")]
            if note is not None:
                lead += [Run(note[lang], "note-label"), Run(" ")]
            runs[lang] = (*lead, Run(body[lang]))
        items.append(Paragraph(Text.runs(runs, body.specimen), "pair", f"item {item.level}"))
        if index == 0 and ctx.project is not None:  # the lead says what happened: the note names the instrument
            items.append(_authorization_note(ctx))
    return tuple(items)


def _authorization_note(ctx: RenderContext) -> Paragraph:
    """The instrument that authorized the project, its issuer, number and date, from the project record: a
    notice says what happened, in the glossary's words (locales/glossary.yaml), in every language."""
    assert ctx.project is not None
    L = ctx.translate
    letter = ctx.project.authorization.letter
    note = L("The Letter of Authorization %(number)s was issued by the %(issuer)s on %(date)s.",
             number=ctx.value(letter, "number", letter.number), issuer=ctx.orgs[letter.issued_by],
             date=ctx.value(letter, "date", ctx.localizer.date(letter.date)))
    label = L("Note:")
    runs: dict[str, Runs] = {lang: (Run(label[lang], "note-label"), Run(" "), Run(note[lang])) for lang in ctx.langs}
    return Paragraph(Text.runs(runs, note.specimen), "pair", "item note authorization")


def _quotes(ctx: RenderContext) -> tuple[Block, ...]:
    """Each quote as the body's closing paragraph, attributed by name and title, its passages as the record
    gives them (models/press.py refuses a placeholder in one)."""
    data = _press(ctx)
    quotes: list[Block] = []
    for quote in data.quotes:
        # the speaker's name and title keep their own specimen marks: the quotation itself is the source's
        name, title = inline(ctx.text(quote.name)), ctx.text(quote.title)
        title_topic = inline(Localized({lang: title[lang] + korean_topic_particle(title[lang])
                                        if lang == "ko" and title[lang] else title[lang] for lang in ctx.langs},
                                       title.specimen))
        first = ctx.text(quote.text)
        if quote.continued is None:
            # TRANSLATORS: In Korean, %(title)s already ends with the topic particle that fits it (computed from
            # its last syllable), so the sentence reads: %(name)s %(title)s “%(quote)s”, then the verb of saying.
            said = ctx.translate("%(name)s, the %(title)s, said, “%(quote)s”", name=name,
                                 title=title_topic, quote=first)
        else:
            second = ctx.text(quote.continued)
            # TRANSLATORS: Two passages quoted apart. %(as)s and %(that)s are the Korean quotative endings each
            # passage takes (라며 or 이라며, 라고 or 이라고, from its last syllable), empty in other languages:
            # 유법민 투자정책관은 “…첫 사례”라며 “…있을 것”이라고 밝혔다.
            said = ctx.translate(
                "%(name)s, the %(title)s, said, “%(first)s”%(as)s and went on, “%(second)s”%(that)s",
                name=name, title=title_topic, first=first, second=second,
                **{"as": _quotative(first, "라며"), "that": _quotative(second, "라고")})
        quotes.append(para(with_marks(said, ctx.localizer.specimen), "item paragraph quote"))
    return tuple(quotes)


def _quotative(passage: Localized, ending: str) -> Localized:
    return Localized({lang: korean_quotative(text, ending) if lang == "ko" else "" for lang, text in passage.items()})


def _contacts(ctx: RenderContext) -> Table:
    """The department, then the responsible official and the contact person, with their numbers."""
    data = _press(ctx)
    L = ctx.translate
    rows = []
    for index, (label, person) in enumerate(((L("Responsible"), data.responsible),
                                             (L("Contact person"), data.staff))):
        cells: list[Cell] = []
        if index == 0:
            cells += [header(stack(L("Department")), scope="row", rowspan=2, style="contacts-label"),
                      Cell((stack(ctx.text(data.department)),), rowspan=2, style="contacts-department")]
        numbers = [code(person.phone, ctx.langs, "phone", ctx.specimen_of(person, "phone"))]
        if person.email:
            numbers.append(code(person.email, ctx.langs, "email", ctx.specimen_of(person, "email")))
        cells += [header(stack(label), scope="row", style="contacts-role"),
                  Cell((stack(L("%(name)s, %(title)s", name=ctx.text(person.name), title=ctx.text(person.title))),),
                       style="contacts-person"),
                  Cell(tuple(numbers), style="contacts-phone")]
        rows.append(Row(tuple(cells)))
    return Table(tuple(rows), style="contacts")
