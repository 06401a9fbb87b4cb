"""The Letter of Authorization (LoA) the host ministry signs, as a document tree.

Made from the same project record as the approval dossier (``--kind loa``). The letter is laid out
as the host's ministries write letters, as far as that can be sourced (``HOST_LETTERS``): for
Cambodia, the Kingdom's name and motto centred at the top in Khmer OS Muol Light, the ministry and
the letter's number on the left, the Khmer lunar date line and the place and solar date, the
letter's title, subject and references; then the elements of the authorization in the dossier's
order and wording (``documents/authorization.py``), the conditions, and the signatory with space
for signature and seal.

A letter is not bilingual side by side: the text of record comes first, then each translation on
pages of its own (a ``Group`` with its ``lang`` and named ``page``), every page of a translation
marked "Unofficial translation" in its language (the page frame's band). Until the record attaches
the scan of the signed letter (``letter.signed_scan``) every page carries a DRAFT band; with it,
the letter says it is a copy of the signed letter, which is the annex of record.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from dossiergen.documents.authorization import (
    AuthorizationWording,
    adjustment_commitment,
    agreement_rows,
    authorization_sentence,
    element_rows,
    project_of,
    use_head,
    use_rows,
    vintage_rule,
    vintage_table,
)
from dossiergen.documents.blocks import cell, header, stack, subheading, text
from dossiergen.documents.tree import (
    Block,
    Document,
    Group,
    Heading,
    ListBlock,
    PageFrame,
    Paragraph,
    Row,
    Run,
    Table,
    Text,
    in_language,
)
from dossiergen.i18n.khmer_calendar import format_lunar_date, khmer_lunar_date
from dossiergen.i18n.msgids import N_
from dossiergen.i18n.numerals import write_digits
from dossiergen.models import Lang
from dossiergen.render.context import RenderContext
from dossiergen.render.templating import PAGE, PAGES


@dataclass(frozen=True)
class LetterConvention:
    """How a host Party's ministries write a letter, as far as dossiergen can source it."""

    language: Lang
    """The language the letter is issued in: its text of record. Any other is an unofficial translation."""
    heading: tuple[str, ...] = ()
    """The lines centred at the top (msgids); none: the state's name as the record gives it."""
    display_face: bool = False
    """The text of record sets its heading, the ministry and the letter's title in Khmer OS Muol Light."""
    place: str | None = None
    """The place the letter is dated from, with the date (a msgid with ``%(date)s``); none: the date alone."""
    lunar_date: bool = False
    """The Khmer lunar date line (``i18n/khmer_calendar.py``) above the place and solar date, in Khmer."""


HOST_LETTERS: Mapping[str, LetterConvention] = {
    "KHM": LetterConvention(
        "km", heading=(N_("Kingdom of Cambodia"), N_("Nation Religion King")), display_face=True,
        place=N_("Phnom Penh, %(date)s"), lunar_date=True),
}
"""Letter conventions by host Party (ISO 3166 alpha-3): the one place that says which language a letter
is issued in and what its head carries. Khmer is the language of record of Cambodia's letters. A host
whose official language dossiergen does not write (Bangladesh, Viet Nam) issues its letter, here, in
English (``OTHER_HOSTS``), headed by the state's name alone: its motto and letter layout are not sourced."""
OTHER_HOSTS = LetterConvention("en")
LANGUAGE_NAMES: Mapping[str, str] = {"km": N_("Khmer"), "en": N_("English"), "ko": N_("Korean")}
"""Each language's name, to say in a translation which language the letter is issued in."""


def letter_convention(host: str) -> LetterConvention:
    """How the ministries of ``host`` (an alpha-3 code) write a letter."""
    return HOST_LETTERS.get(host, OTHER_HOSTS)


def part_order(langs: tuple[Lang, ...], record_lang: Lang) -> tuple[Lang, ...]:
    """The parts of a letter: the text of record first where it is asked for, then the translations in order."""
    return tuple(sorted(langs, key=lambda lang: lang != record_lang))


def frame_name(lang: str) -> str:
    """The page name of a part: ``loa-km`` (``Group.page``, the @page rules of ``loa/document.html``)."""
    return f"loa-{lang}"


class _Letter:
    """The builder of one letter: its record, its convention and the wording every part shares."""

    def __init__(self, ctx: RenderContext) -> None:
        self.ctx = ctx
        self.p = project_of(ctx)
        self.L = ctx.translate
        self.fmt = ctx.localizer
        self.letter = self.p.authorization.letter
        self.convention = letter_convention(self.p.host_party.code)
        self.signed = self.letter.signed_scan is not None
        self.draft = not self.signed or bool(ctx.placeholders)
        self.wording = AuthorizationWording.of(ctx)

    def build(self) -> Document:
        L = self.L
        title = L("Letter of Authorization %(number)s of %(date)s",
                  number=self.ctx.value(self.letter, "number", self.letter.number),
                  date=self.ctx.value(self.letter, "date", self.fmt.date(self.letter.date)))
        body = self.body()
        parts = part_order(self.ctx.langs, self.convention.language)
        page_label = L("Page %(page)s of %(pages)s", page=PAGE, pages=PAGES)
        return Document(
            kind="loa", langs=self.ctx.langs, title=title, running_title=title,
            author=self.ctx.orgs[self.letter.issued_by], page_label=page_label,
            blocks=tuple(self.part(lang, body) for lang in parts),
            frames=tuple(PageFrame(frame_name(lang), lang, self.band(lang), page_label[lang], self.draft)
                         for lang in parts))

    def is_record(self, lang: str) -> bool:
        return lang == self.convention.language

    def band(self, lang: str) -> str | None:
        """The band at the top of each page of ``lang``'s part: DRAFT until signed, and on a translation."""
        marks = []
        if self.draft:
            marks.append((self.L("DRAFT") if self.signed else self.L("DRAFT: not signed"))[lang])
        if not self.is_record(lang):
            marks.append(self.L("Unofficial translation")[lang])
        return "   ·   ".join(marks) or None

    # a part: the letter in one language ------------------------------------------------------------

    def part(self, lang: Lang, body: tuple[Block, ...]) -> Group:
        record = self.is_record(lang)
        display = " display" if record and self.convention.display_face else ""
        blocks: list[Block] = []
        if not record:
            language = self.L(LANGUAGE_NAMES[self.convention.language])
            blocks.append(Paragraph(text(self.L(
                "Unofficial translation. The letter is issued in %(language)s; its %(language)s text is the text"
                " of record.", language=language)), "stack", "translation-note", box=True))
        blocks += [self.heading(display), self.head(lang, display),
                   Heading(text(self.L("LETTER OF AUTHORIZATION")), 1, style="letter-title" + display), *body]
        return in_language(Group(tuple(blocks), f"loa-part {'loa-record' if record else 'loa-translation'}",
                                 "section", lang=lang, page=frame_name(lang)), lang)

    def heading(self, display: str) -> Group:
        """The state's heading, centred: Cambodia's name and motto, or the state's name as the record gives it."""
        lines = ([self.L(msgid) for msgid in self.convention.heading] if self.convention.heading
                 else [self.fmt.party(self.p.host_party)])
        styles = ("state-name", "state-motto")
        return Group(tuple(Paragraph(text(line), "stack", styles[min(index, 1)] + display, box=True)
                           for index, line in enumerate(lines)), "state-heading", "header")

    def head(self, lang: str, display: str) -> Group:
        """The ministry and the letter's number on the left; the lunar date line, place and date on the right."""
        L, letter = self.L, self.letter
        ministry = Group((
            Paragraph(text(self.ctx.orgs[letter.issued_by]), "stack", "ministry-name" + display, box=True),
            Paragraph(text(L("No. %(number)s", number=self.ctx.value(letter, "number", letter.number))), "stack",
                      "letter-number", box=True),
        ), "letter-ministry")
        dates: list[Block] = []
        if self.convention.lunar_date and lang == "km":
            # the traditional line too follows the document's digits (Latin ones where it chooses them)
            lunar = write_digits(format_lunar_date(khmer_lunar_date(letter.date)), lang,
                                 self.ctx.conventions.khmer_digits)
            dates.append(Paragraph(Text.of(self.ctx.value(letter, "date", lunar)), "stack", "lunar-date", box=True))
        solar = self.ctx.value(letter, "date", self.fmt.date(letter.date))
        dated = L(self.convention.place, date=solar) if self.convention.place is not None else solar
        dates.append(Paragraph(text(dated), "stack", "solar-date", box=True))
        return Group((ministry, Group(tuple(dates), "letter-dates")), "letter-head")

    # what every part says ----------------------------------------------------------------------------

    def body(self) -> tuple[Block, ...]:
        """Subject, references, the authorization and its elements, conditions, the signatory: all languages."""
        L, ctx, p, fmt = self.L, self.ctx, self.p, self.fmt
        auth = p.authorization
        subject = L("Authorization of internationally transferred mitigation outcomes (ITMOs) from the project"
                    " “%(title)s” under Article 6, paragraph 2, of the Paris Agreement", title=ctx.text(p.title))
        references = [
            L("Article 6, paragraph 2, of the Paris Agreement and the guidance on cooperative approaches"
              " (decisions 2/CMA.3 and 6/CMA.4)"),
            L("Letter of No Objection %(number)s of %(date)s",
              number=ctx.value(auth.no_objection, "number", auth.no_objection.number),
              date=ctx.value(auth.no_objection, "date", fmt.date(auth.no_objection.date))),
        ]
        if auth.technical_assessment is not None:
            assessment = auth.technical_assessment
            references.append(L("Technical assessment %(number)s of %(date)s (%(body)s)",
                                number=ctx.value(assessment, "number", assessment.number),
                                date=ctx.value(assessment, "date", fmt.date(assessment.date)),
                                body=ctx.text(assessment.body)))
        approach = p.cooperative_approach
        blocks: list[Block] = [
            Table((
                Row((header(stack(L("Subject:")), scope="row"), cell(stack(subject)))),
                Row((header(stack(L("References:")), scope="row"),
                     cell(ListBlock(tuple((stack(item),) for item in references), ordered=False)))),
            ), style="letter-refs"),
            Paragraph(text(L(
                "This letter concerns the project “%(title)s”, proposed by %(proponent)s, an activity under the"
                " cooperative approach “%(approach)s” (%(id)s; participating Parties: %(host)s, %(acquiring)s).",
                title=ctx.text(p.title), proponent=ctx.orgs[p.proponent], approach=ctx.text(approach.name),
                id=ctx.value(approach, "id", approach.id), host=ctx.figures["host_party"],
                acquiring=ctx.figures["acquiring_party"])),
                "stack", "letter-text"),
            Paragraph(text(authorization_sentence(ctx)), "stack", "letter-text"),
            subheading(L("Elements of the authorization"), level=2),
            Table(element_rows(ctx, self.wording, documentation=False), style="elements"),
            subheading(L("Authorized uses"), level=2),
            Table(use_rows(ctx, self.wording), head=(use_head(ctx),), style="uses"),
            Paragraph(text(vintage_rule(ctx)), "stack", "letter-text"),
            subheading(L("ITMOs authorized per vintage"), level=2),
            vintage_table(ctx),
            Paragraph(text(adjustment_commitment(ctx, self.wording)), "stack", "letter-text"),
            subheading(L("Agreement parameters"), level=2),
            Table(agreement_rows(ctx), style="agreement"),
            subheading(L("Conditions, including for change or revocation"), level=2),
            ListBlock(tuple((Paragraph(text(ctx.text(condition)), "stack"),) for condition in auth.conditions),
                      style="conditions"),
        ]
        if self.signed:
            blocks.append(Paragraph(text(L(
                "This is a copy of the signed letter: the scan of the signed and sealed letter is its annex of"
                " record.")), "stack", "signed-copy"))
        blocks.append(self.signature())
        return tuple(blocks)

    def signature(self) -> Group:
        """The signatory's title, the space for signature and seal, and the name, on the right."""
        signatory = self.letter.signatory
        space = self.L("Signed and sealed") if self.signed else self.L("Signature and seal")
        return Group((
            Paragraph(text(self.ctx.text(signatory.title)), "stack", "signer-title", box=True),
            Paragraph(Text.runs({lang: (Run(f"({value})"),) for lang, value in space.items()}), "stack",
                      "seal-space", box=True),
            Paragraph(text(self.ctx.text(signatory.name)), "stack", "signer-name", box=True),
        ), "letter-signature", role="signature")


def build(ctx: RenderContext) -> Document:
    """The Letter of Authorization of ``ctx``'s project as a document tree."""
    return _Letter(ctx).build()
