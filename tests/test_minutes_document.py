"""The working-group minutes, checked on the PDF: sections in both languages, attendees by
delegation, numbered decisions with their adoption notes, actions, sign-off per delegation,
bookmarks; the grouping of documents/minutes.py; the record rules of models/minutes.py."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pikepdf
import pytest
import yaml

from dossiergen.documents.labels import numbering
from dossiergen.documents.minutes import group_by_delegation, language_names
from dossiergen.errors import ContextError, RecordError
from dossiergen.i18n.languages import parse_langs
from dossiergen.i18n.localized import Localized
from dossiergen.i18n.numerals import item_label, label
from dossiergen.models.minutes import DELEGATION_ORDER, MinutesRecord
from dossiergen.records.loading import load_record
from dossiergen.render.context import RenderContext, build_context
from dossiergen.render.layout_check import check_pdf

from .conftest import SAMPLES, char_fonts, copy_directory, fonts_of, pdf_text, squeeze

SAMPLE = SAMPLES["minutes"]
LANG_SETS = ["ko+en", "km+en"]

SECTIONS = [
    "Attendees",
    "Adoption of the previous minutes",
    "Agenda",
    "Discussion",
    "Decisions",
    "Action items",
    "Other business",
    "Next meeting",
    "Closing",
    "Signatures of the heads of delegation",
]
"""The numbered sections of the minutes, in order (their number is their place here, from 1)."""

DELEGATION_MSGIDS = {
    "korean_government": "Government of the Republic of Korea",
    "korean_agency": "Korean public agencies",
    "host_government": "Government of the host country (%(party)s)",
    "international_organisation": "International organisations",
    "proponent": "Project proponent",
}


# --- helpers ---------------------------------------------------------------------------------

def _context(record: Path, lang_set: str) -> RenderContext:
    return build_context(load_record(record), parse_langs(lang_set))


def _delegation_name(ctx: RenderContext, key: str, standing: bool = False) -> Localized:
    """A delegation's name; with ``standing``, as the attendees' table gives it, marked member or observer under
    the sample's terms of reference."""
    assert ctx.project is not None
    name = ctx.translate(DELEGATION_MSGIDS[key], party=ctx.localizer.party(ctx.project.host_party))
    terms = _record(ctx).terms_of_reference
    if terms is None or not standing:
        return name
    return ctx.translate("%(delegation)s (%(standing)s)", delegation=name,
                         standing=ctx.translate("member" if key in terms.members else "observer"))


def _record(ctx: RenderContext) -> MinutesRecord:
    assert isinstance(ctx.record.data, MinutesRecord)
    return ctx.record.data


def _both(text: Localized, ctx: RenderContext) -> str:
    """A stacked text as drawn: the lead language, then the others (squeezed)."""
    return squeeze("".join(text[lang] for lang in ctx.langs))


def _raw(pdf: Path) -> str:
    """The PDF's text in drawing order (a column, a cell, a block at a time), squeezed."""
    return squeeze(pdf_text(pdf, "-raw"))


def _section(text: str, ctx: RenderContext, start: str, end: str | None) -> str:
    """The part of ``text`` from the heading ``start`` to the heading ``end`` (msgids)."""
    begin = text.find(_both(ctx.translate(start), ctx))
    assert begin >= 0, f"heading {start!r} not found"
    if end is None:
        return text[begin:]
    stop = text.find(_both(ctx.translate(end), ctx), begin)
    assert stop > begin, f"heading {end!r} not found after {start!r}"
    return text[begin:stop]


def _in_order(text: str, needles: list[str]) -> None:
    """Each needle found in ``text`` after the one before it."""
    position = 0
    for needle in needles:
        found = text.find(squeeze(needle), position)
        assert found >= 0, f"{needle!r} not found after position {position} (of {len(text)})"
        position = found + len(squeeze(needle))


def _write_variant(tmp_path: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    """The sample minutes changed by ``change``, beside a copy of its project."""
    shutil.copy(SAMPLE.parent / "project.yaml", tmp_path / "project.yaml")
    copy_directory(tmp_path)
    data = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    data["illustrative"] = []
    change(data)
    target = tmp_path / "minutes.yaml"
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    return target


# --- the grouping of documents/minutes.py ------------------------------------------------------

def test_grouping_follows_the_delegation_order_with_each_head_first() -> None:
    minutes = load_record(SAMPLE).data
    assert isinstance(minutes, MinutesRecord)
    groups = group_by_delegation(minutes)
    assert [group.delegation for group in groups] == list(DELEGATION_ORDER)
    names = {group.delegation: [member.person.name.en for member in group.members] for group in groups}
    assert names == {
        "korean_government": ["Lee Jeong-hoon", "Kim Da-eun"],  # the chair, marked head
        "korean_agency": ["Park Seong-min", "Jung Ha-na"],  # no mark: the first heads
        "host_government": ["Sok Dara", "Mao Sopheak"],  # the co-chair, marked head
        "international_organisation": ["Lim Sreyneang", "Heng Vanna"],  # the minute-taker comes last
        "proponent": ["Han Do-yun"],
    }
    roles = {member.person.name.en: member.role for group in groups for member in group.members}
    assert roles["Lee Jeong-hoon"] == "chair" and roles["Heng Vanna"] == "minute_taker"
    assert roles["Sok Dara"] == "co_chair"
    assert roles["Kim Da-eun"] is None
    assert [member.loc for member in groups[0].members] == [("chair",), ("attendees", 0)]
    assert sum(len(group.members) for group in groups) == len(minutes.attendees) + 3  # chairs, minute-taker


def test_a_marked_head_leads_the_group_and_absent_delegations_are_left_out() -> None:
    minutes = load_record(SAMPLE).data
    assert isinstance(minutes, MinutesRecord)
    attendees = list(minutes.attendees)
    attendees[3] = attendees[3].model_copy(update={"head": True})  # Mao Sopheak, second of the host government
    attendees = [person for person in attendees if person.delegation != "proponent"]
    assert minutes.co_chair is not None
    changed = minutes.model_copy(update={"attendees": attendees,
                                         "co_chair": minutes.co_chair.model_copy(update={"head": False})})
    groups = group_by_delegation(changed)
    assert "proponent" not in [group.delegation for group in groups]
    host = next(group for group in groups if group.delegation == "host_government")
    assert host.head.person.name.en == "Mao Sopheak"
    assert [member.person.name.en for member in host.members] == ["Mao Sopheak", "Sok Dara"]


def test_languages_of_record_are_named_by_babel_in_each_language() -> None:
    names = language_names(["ko", "km", "en"], ("ko", "km", "en"))
    assert names["ko"] == "한국어, 크메르어 및 영어"
    assert names["en"] == "Korean, Khmer, and English"
    assert "ខ្មែរ" in names["km"] and "អង់គ្លេស" in names["km"]


# --- the sample minutes on the PDF -------------------------------------------------------------

@pytest.mark.parametrize("lang_set", LANG_SETS)
def test_every_section_heading_is_there_in_both_languages(lang_set: str, render_sample) -> None:
    pdf = render_sample("minutes", lang_set)
    ctx = _context(SAMPLE, lang_set)
    text = squeeze(pdf_text(pdf))
    for msgid in [*SECTIONS, "Apologies", "Languages of record", "Working group", "Time"]:
        heading = ctx.translate(msgid)
        for lang in ctx.langs:
            assert squeeze(heading[lang]) in text, f"{msgid!r} missing in {lang}"
    raw = _raw(pdf)
    _in_order(raw, [_both(ctx.translate(msgid), ctx) for msgid in SECTIONS])
    minutes = _record(ctx)
    assert minutes.working_group is not None and minutes.languages is not None
    for lang in ctx.langs:  # the header: working group, languages of record
        assert squeeze(ctx.text(minutes.working_group)[lang]) in text
        assert squeeze(language_names(list(minutes.languages), ctx.langs)[lang]) in text
    assert check_pdf(pdf) == []


@pytest.mark.parametrize("lang_set", LANG_SETS)
def test_attendees_are_listed_under_their_delegation_in_order(lang_set: str, render_sample) -> None:
    pdf = render_sample("minutes", lang_set)
    ctx = _context(SAMPLE, lang_set)
    attendance = _section(_raw(pdf), ctx, "Attendees", "Apologies")
    expected = []
    minutes = _record(ctx)
    groups = group_by_delegation(minutes)
    for group in groups:
        expected.append(_both(_delegation_name(ctx, group.delegation, standing=True), ctx))
        expected.extend(ctx.text(member.person.name)[ctx.primary] for member in group.members)
    _in_order(attendance, expected)
    assert [group.delegation for group in groups] == list(DELEGATION_ORDER)
    for lang in ctx.langs:  # the chair and the heads are marked in every language
        assert squeeze(ctx.translate("Head of delegation")[lang]) in attendance
        assert squeeze(ctx.text(minutes.chair.name)[lang] + ctx.translate("Co-chair")[lang]) in attendance
    apologies = _section(_raw(pdf), ctx, "Apologies", "Adoption of the previous minutes")
    for lang in ctx.langs:
        assert squeeze(ctx.text(minutes.apologies[0].name)[lang]) in apologies
        assert squeeze(ctx.text(minutes.apologies[0].name)[lang]) not in attendance
    previous = _section(_raw(pdf), ctx, "Adoption of the previous minutes", "Agenda")
    first = ctx.translate("This was the first meeting of the working group: there were no previous minutes to adopt.")
    for lang in ctx.langs:
        assert squeeze(first[lang]) in previous


@pytest.mark.parametrize("lang_set", LANG_SETS)
def test_decisions_are_numbered_with_their_adoption_note(lang_set: str, render_sample) -> None:
    pdf = render_sample("minutes", lang_set)
    ctx = _context(SAMPLE, lang_set)
    decisions = _section(_raw(pdf), ctx, "Decisions", "Action items")
    consensus = ctx.translate("Adopted by consensus of the members.")
    record = load_record(SAMPLE).data
    assert isinstance(record, MinutesRecord)
    needles = []
    for index, decision in enumerate(record.decisions):
        text = ctx.text(decision.text)
        # a decision is an item under section 5: 1. (or ១.), and in a Korean-led document 가. 나. ...
        needles.append(item_label((5, index + 1), numbering("minutes", ctx.primary), ctx.primary,
                                  ctx.conventions.khmer_digits) + text[ctx.primary])
        needles.extend(text[lang] for lang in ctx.langs[1:])
        if decision.decided_by == "consensus":
            note = consensus
        else:
            vote = decision.vote
            assert vote is not None
            number = ctx.localizer.number
            note = ctx.translate(
                "Adopted by vote: %(in_favour)s in favour, %(against)s against, %(abstain)s abstaining.",
                in_favour=number(vote.in_favour), against=number(vote.against), abstain=number(vote.abstain))
        needles.extend(note[lang] for lang in ctx.langs)
    _in_order(decisions, needles)
    # the two governments decide by consensus (the terms of reference provide no vote): every decision says so
    assert decisions.count(squeeze(consensus[ctx.primary])) == len(record.decisions) == 5
    for word in ("찬성", "in favour", "គាំទ្រ"):  # no vote count
        assert squeeze(word) not in decisions


@pytest.mark.parametrize("lang_set", LANG_SETS)
def test_actions_name_their_owner_and_due_date(lang_set: str, render_sample) -> None:
    pdf = render_sample("minutes", lang_set)
    ctx = _context(SAMPLE, lang_set)
    actions = _section(_raw(pdf), ctx, "Action items", "Next meeting")
    needles = []
    for action in _record(ctx).actions:
        needles.extend(ctx.text(action.action)[lang] for lang in ctx.langs)
        needles.extend(ctx.orgs[action.owner][lang] for lang in ctx.langs)
        needles.extend(ctx.localizer.date(action.due)[lang] for lang in ctx.langs)
    _in_order(actions, needles)
    if "km" in ctx.langs:
        assert squeeze("ថ្ងៃទី៣០ ខែឧសភា ឆ្នាំ២០២៥") in actions
    else:
        assert squeeze("2025. 5. 30.") in actions and squeeze("30 May 2025") in actions


@pytest.mark.parametrize("lang_set", LANG_SETS)
def test_the_heads_of_the_member_delegations_sign(lang_set: str, render_sample) -> None:
    """One block per member delegation present: the observers (agencies, GGGI, the company) take no decision."""
    pdf = render_sample("minutes", lang_set)
    ctx = _context(SAMPLE, lang_set)
    signoff = _section(_raw(pdf), ctx, "Signatures of the heads of delegation", None)
    needles = []
    terms = _record(ctx).terms_of_reference
    assert terms is not None
    groups = [group for group in group_by_delegation(_record(ctx)) if group.delegation in terms.members]
    for group in groups:
        needles.append(_both(_delegation_name(ctx, group.delegation), ctx))
        needles.extend(ctx.text(group.head.person.name)[lang] for lang in ctx.langs)
    _in_order(signoff, needles)
    for key in DELEGATION_ORDER:
        assert signoff.count(_both(_delegation_name(ctx, key), ctx)) == (key in terms.members)
    heads = {ctx.text(group.head.person.name)[ctx.primary] for group in groups}
    others = [ctx.text(member.person.name)[ctx.primary] for group in groups for member in group.members]
    for name in others:
        assert (squeeze(name) in signoff) == (name in heads), name
    assert [group.delegation for group in groups] == ["korean_government", "host_government"]


@pytest.mark.parametrize("lang_set", LANG_SETS)
def test_bookmarks_hold_the_numbered_section_headings(lang_set: str, render_sample) -> None:
    pdf = render_sample("minutes", lang_set)
    ctx = _context(SAMPLE, lang_set)
    with pikepdf.open(pdf) as document, document.open_outline() as outline:
        titles = [squeeze(item.title) for item in outline.root]
        titles += [squeeze(child.title) for item in outline.root for child in item.children]
    for number, msgid in enumerate(SECTIONS, 1):
        heading = ctx.translate(msgid)
        number_label = label(number, ctx.primary, ctx.conventions.khmer_digits)  # Khmer digits in a km-led one
        assert any(title.startswith(f"{number_label}.") and all(squeeze(heading[lang]) in title for lang in ctx.langs)
                   for title in titles), f"no bookmark for {number}. {heading[ctx.primary]}: {titles}"


# --- a later meeting: previous minutes, a rejected proposal, nothing pending --------------------

def _second_meeting(data: dict[str, Any]) -> None:
    data["id"] = "kh-emoto-wg-02"
    data["meeting_number"] = 2
    data["date"] = "2025-06-17"
    data["previous_minutes"] = {
        "meeting_number": 1, "date": "2025-05-20", "adopted": True,
        "amendments": {"ko": "안건 2의 추정치 표현을 수정함.", "km": "បានកែសម្រួលពាក្យពេចន៍នៃការប៉ាន់ស្មានក្នុងរបៀបវារៈទី២។",
                       "en": "The wording of the estimates under item 2 was corrected."},
    }
    data["terms_of_reference"]["votes"] = True  # the two member delegations vote, one vote each
    data["decisions"][4].update(decided_by="vote", vote={"for": 0, "against": 2, "abstain": 0}, adopted=False)
    data["apologies"] = []
    data["actions"] = []
    del data["next_meeting"]


def test_a_later_meeting_adopts_the_previous_minutes_and_says_what_is_missing(tmp_path: Path, render_record) -> None:
    record = _write_variant(tmp_path, _second_meeting)
    pdf = render_record(record, "ko+en")
    ctx = _context(record, "ko+en")
    text = _raw(pdf)
    previous = _record(ctx).previous_minutes
    assert previous is not None and previous.amendments is not None
    expected = [
        ctx.translate("The minutes of meeting no. %(number)s of %(date)s were adopted with the following amendments:",
                      number=ctx.localizer.number(previous.meeting_number), date=ctx.localizer.date(previous.date)),
        ctx.text(previous.amendments),
        ctx.translate("Not adopted by vote: %(in_favour)s in favour, %(against)s against, %(abstain)s abstaining.",
                      in_favour="0", against="2", abstain="0"),
        ctx.translate("No apologies were received."),
        ctx.translate("No action items were agreed."),
        ctx.translate("The date of the next meeting will be set later."),
    ]
    for sentence in expected:
        for lang in ctx.langs:
            assert squeeze(sentence[lang]) in text, sentence[lang]
    assert squeeze("제1차 회의(2025. 5. 20.) 회의록을 다음과 같이 수정하여 채택하였다.") in text
    assert squeeze("표결로 부결됨(찬성 0, 반대 2, 기권 0).") in text
    assert check_pdf(pdf) == []


# --- record rules (models/minutes.py) and what the document needs (documents/minutes.py) -------

def _decision(data: dict[str, Any], **fields: Any) -> None:
    data["decisions"][4] = {"text": data["decisions"][4]["text"], **fields}


RULES: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "vote without count": (lambda d: _decision(d, decided_by="vote"),
                           "decisions[4].vote: a decision taken by vote needs its count"),
    "consensus with count": (lambda d: _decision(d, decided_by="consensus",
                                                 vote={"for": 3, "against": 0, "abstain": 0}),
                             "decisions[4].vote: a decision taken by consensus has no vote count"),
    "tie adopted": (lambda d: _decision(d, decided_by="vote", vote={"for": 2, "against": 2, "abstain": 1}),
                    "decisions[4].adopted: true, but 2 for, 2 against: adopting needs more votes for than against"),
    "majority rejected": (lambda d: _decision(d, decided_by="vote", vote={"for": 3, "against": 1, "abstain": 0},
                                              adopted=False),
                          "decisions[4].adopted: false, but 3 for, 1 against: a majority voted for"),
    "no vote cast": (lambda d: _decision(d, decided_by="vote", vote={"for": 0, "against": 0, "abstain": 0}),
                     "decisions[4].vote: no vote cast"),
    "a vote the terms of reference do not provide for": (
        lambda d: _decision(d, decided_by="vote", vote={"for": 2, "against": 0, "abstain": 0}),
        "decisions[4].decided_by: vote, but the working group's terms of reference (terms_of_reference.votes)"
        " provide for none: its decisions are taken by consensus"),
    "an observer voting": (
        lambda d: (d["terms_of_reference"].update(votes=True),
                   _decision(d, decided_by="vote", vote={"for": 2, "against": 0, "abstain": 1})),
        "decisions[4].vote: 3 votes cast, but 2 member delegation(s) were present (host_government,"
        " korean_government): observers (international_organisation, korean_agency, proponent) do not vote"),
    "co-chair from the chair's side": (
        lambda d: d["co_chair"].update(delegation="korean_government", head=False),
        "co_chair.delegation: the co-chair sits for the other side, not the chair's delegation"),
    "negative count": (lambda d: _decision(d, decided_by="vote", vote={"for": 2, "against": -1, "abstain": 0}),
                       "decisions[4].vote.against: Input should be greater than or equal to 0"),
    "previous minutes at meeting 1": (
        lambda d: d.update(previous_minutes={"meeting_number": 1, "date": "2025-05-01", "adopted": True}),
        "previous_minutes: meeting no. 1 has no previous minutes to adopt"),
    "no previous minutes at meeting 2": (lambda d: d.update(meeting_number=2),
                                         "previous_minutes: meeting no. 2 needs the previous minutes put to it"),
    "previous minutes of a later meeting": (
        lambda d: d.update(meeting_number=2,
                           previous_minutes={"meeting_number": 2, "date": "2025-05-01", "adopted": True}),
        "previous_minutes.meeting_number: 2 is not before this meeting (no. 2)"),
    "language of record missing": (lambda d: d["attendees"].__setitem__(2, {
        "name": {"ko": "정하나", "km": "ជុង ហាណា", "en": "Jung Ha-na"},
        "title": {"ko": "프놈펜무역관 차장", "en": "Deputy Director, KOTRA Phnom Penh"},
        "organisation": "kotra", "delegation": "korean_agency"}),
                                   "attendees[2].title.km: no Khmer text, and km is a language of record"),
    "language listed twice": (lambda d: d.update(languages=["ko", "en", "ko"]), "languages[2]: ko is listed twice"),
    "unknown delegation": (lambda d: d["attendees"][0].update(delegation="korean_ministry"),
                           "attendees[0].delegation: Input should be 'korean_government'"),
    "two heads": (lambda d: d["attendees"][0].update(head=True),
                  "attendees[0].head: Lee Jeong-hoon already heads the korean_government delegation"),
    "present twice": (lambda d: d["attendees"].append(dict(d["chair"], head=False)),
                      "attendees[6].name: Lee Jeong-hoon is already listed as chair"),
    "apologies from someone present": (
        lambda d: d["apologies"].append({key: d["attendees"][1][key] for key in ("person", "title")}),
        "apologies[1].name: Park Seong-min is already listed as attendees[1]"),
}


@pytest.mark.parametrize("rule", RULES)
def test_record_rules_stop_the_load_with_a_located_line(rule: str, tmp_path: Path) -> None:
    change, expected = RULES[rule]
    record = _write_variant(tmp_path, change)
    with pytest.raises(RecordError) as caught:
        load_record(record)
    lines = str(caught.value).splitlines()
    assert len(lines) == 1 and all(line.startswith(f"{record}:") for line in lines), lines
    assert expected in lines[0], lines[0]


def test_a_tied_vote_that_rejects_is_valid(tmp_path: Path) -> None:
    record = _write_variant(tmp_path, lambda d: (d["terms_of_reference"].update(votes=True), _decision(
        d, decided_by="vote", vote={"for": 1, "against": 1, "abstain": 0}, adopted=False)))
    assert load_record(record).data.decisions[4].adopted is False  # type: ignore[union-attr]


def test_the_document_needs_what_an_older_record_may_lack(tmp_path: Path) -> None:
    def older(data: dict[str, Any]) -> None:
        del data["working_group"], data["languages"]
        del data["chair"]["delegation"], data["chair"]["head"]
        data["decisions"][0] = data["decisions"][0]["text"]  # a bare text, as decisions were written before
        data["apologies"][0]["organisation"] = "kepco"

    record = _write_variant(tmp_path, older)
    loaded = load_record(record)  # loads: the fields are optional in the schema
    with pytest.raises(ContextError) as caught:
        build_context(loaded, ("ko", "en"))
    fields = [line.split(": ")[1] for line in str(caught.value).splitlines()]
    assert fields == ["working_group", "languages", "chair.delegation", "decisions[0].decided_by",
                      "apologies[0].organisation"]
    assert all(line.startswith(f"{record}:") for line in str(caught.value).splitlines())


def test_a_delegation_must_match_its_organisation_country(tmp_path: Path) -> None:
    record = _write_variant(tmp_path, lambda d: d["attendees"][3].update(delegation="korean_agency"))
    with pytest.raises(ContextError, match=r"attendees\[3\]\.delegation: korean_agency,"
                                           r" but organisation 'moe-kh' is of KHM, not KOR"):
        build_context(load_record(record), ("km", "en"))


def test_discussion_paragraphs_take_the_markdown_subset(tmp_path: Path, render_record) -> None:
    def marked(data: dict[str, Any]) -> None:
        point = data["agenda"][0]["discussion"][0]
        point["en"] = point["en"].replace("presented how {methodology}", "presented how **{methodology}**")
        point["en"] += " See [the registry](https://unfccc.int/a6) and <b>[x](file:///etc/passwd)</b>."
        point["ko"] = point["ko"].replace("방안을 설명했다", "방안을 *설명했다*")

    pdf = render_record(_write_variant(tmp_path, marked), "ko+en")
    with pikepdf.open(pdf) as document:
        uris = {str(annot.A.URI) for page in document.pages for annot in page.get("/Annots", [])
                if "/A" in annot and "/URI" in annot.A}
    assert uris == {"https://unfccc.int/a6"}
    text = squeeze(pdf_text(pdf))
    assert squeeze("<b>[x](file:///etc/passwd)</b>") in text
    assert "**" not in text and "*설명했다*" not in text
    fonts = char_fonts(pdf)
    methodology = load_record(SAMPLE.parent / "project.yaml").data.methodology  # type: ignore[union-attr]
    assert all("Bold" in font for font in fonts_of(fonts, f"presented how {methodology.code}")[12:])
    assert all("Bold" not in font for font in fonts_of(fonts, "presented how"))
