"""Editable exports of press notices and minutes: DOCX (python-docx) and HWPX (python-hwpx), and the CLI."""

from __future__ import annotations

import dataclasses
import inspect
import io
import shutil
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from click.testing import CliRunner
from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from dossiergen.cli.main import main
from dossiergen.documents.kinds import build_document
from dossiergen.documents.tree import ListBlock
from dossiergen.errors import UsageError
from dossiergen.formats.docx import render_docx
from dossiergen.formats.hwpx import render_hwpx
from dossiergen.i18n.languages import parse_langs
from dossiergen.i18n.localized import Localized
from dossiergen.i18n.numerals import item_label
from dossiergen.models import MinutesRecord, PressRecord
from dossiergen.records.loading import load_record as load_marked
from dossiergen.records.record import Record
from dossiergen.render.context import RenderContext, build_context
from dossiergen.render.typeset.korean_measure import text_width

from .conftest import ROOT, SAMPLES, copy_directory, unmarked

PRESS, MINUTES = SAMPLES["press"], SAMPLES["minutes"]
EVENT_PRESS = ROOT / "dossiers" / "gnzc-2024" / "press.yaml"


@cache
def load_record(path: Path) -> Record:
    """A record without its specimen marks: these tests are about each format's layout."""
    return unmarked(load_marked(path))


def _context(record: Path, lang_set: str) -> RenderContext:
    return build_context(load_record(record), parse_langs(lang_set))


@cache
def _docx_bytes(record: Path, lang_set: str) -> bytes:
    return render_docx(_context(record, lang_set))


def _press(ctx: RenderContext) -> PressRecord:
    assert isinstance(ctx.record.data, PressRecord)
    return ctx.record.data


def _minutes(ctx: RenderContext) -> MinutesRecord:
    assert isinstance(ctx.record.data, MinutesRecord)
    return ctx.record.data


def _docx(record: Path, lang_set: str) -> WordDocument:
    return docx.Document(io.BytesIO(_docx_bytes(record, lang_set)))


def _styled(document: WordDocument, style: str) -> list[Paragraph]:
    return [paragraph for paragraph in document.paragraphs if paragraph.style.name == style]


def _cell_texts(table: docx.table.Table) -> list[str]:
    return [cell.text for row in table.rows for cell in row.cells]


def _marker(document: WordDocument, paragraph: Paragraph) -> str | None:
    """The bullet a paragraph's own list definition draws, if it has one."""
    ppr = paragraph._p.pPr
    if ppr is None or ppr.numPr is None:
        return None
    numbering = document.part.numbering_part.element
    num = numbering.num_having_numId(ppr.numPr.numId.val)
    abstract_id = num.abstractNumId.val
    for abstract in numbering.findall(qn("w:abstractNum")):
        if int(abstract.get(qn("w:abstractNumId"))) == abstract_id:
            return abstract.find(qn("w:lvl")).find(qn("w:lvlText")).get(qn("w:val"))
    raise AssertionError(f"no abstractNum {abstract_id}")


def _runner() -> CliRunner:
    if "mix_stderr" in inspect.signature(CliRunner.__init__).parameters:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    return CliRunner()


def _copy_samples(tmp_path: Path) -> Path:
    """The kh-emoto records in a folder of their own, to be changed by a test."""
    folder = tmp_path / "records"
    shutil.copytree(PRESS.parent, folder)
    copy_directory(folder)
    return folder


# --- DOCX: the press notice ----------------------------------------------------------------

@pytest.mark.parametrize("lang_set", ["ko", "ko+en"])
def test_the_headline_is_a_title_paragraph_with_the_korean_headline(lang_set: str) -> None:
    document = _docx(PRESS, lang_set)
    ctx = _context(PRESS, lang_set)
    titles = _styled(document, "Title")
    assert len(titles) == 1, "one title: each language on its own line of it"
    assert titles[0].text.startswith("한국 첫 국제탄소감축사업 승인, 캄보디아와 온실가스 감축협력 본격화")
    headline = ctx.text(_press(ctx).headline)
    assert headline["ko"] in titles[0].text
    if lang_set == "ko+en":
        assert titles[0].text.endswith(headline["en"])


def _first_lines(document: WordDocument, style: str) -> list[str]:
    return [paragraph.text.split("\n")[0] for paragraph in _styled(document, style)]


@pytest.mark.parametrize("lang_set", ["ko", "ko+en"])
def test_section_headings_use_word_heading_styles(lang_set: str) -> None:
    document = _docx(EVENT_PRESS, lang_set)
    ctx = _context(EVENT_PRESS, lang_set)
    # the tree's level-2 headings (under the headline, level 1, skipping no level) are Word's Heading 1
    assert _first_lines(document, "Heading 1") == ["행사", "양해각서"]
    assert _first_lines(document, "Heading 1") == [ctx.translate(msgid)["ko"]
                                                    for msgid in ("Event", "Memoranda of understanding")]
    assert _first_lines(document, "Heading 2") == []
    assert _first_lines(document, "Label") == [], "the event's notice attaches nothing"
    korean = _docx(PRESS, lang_set)
    assert _first_lines(korean, "Label") == ["붙임"], "the attachments' label opens its list, as in print"
    assert [_first_lines(korean, style) for style in ("Heading 1", "Heading 2")] == [[], []]


@pytest.mark.parametrize("lang_set", ["ko", "ko+en", "en"])
def test_body_points_are_list_bullets_and_sub_points_list_bullet_2(lang_set: str) -> None:
    document = _docx(PRESS, lang_set)
    ctx = _context(PRESS, lang_set)
    lead = ctx.langs[0]
    texts = {style: [paragraph.text for paragraph in _styled(document, style)]
             for style in ("List Bullet", "List Bullet 2", "List Continue", "List Continue 2")}
    points = [ctx.text(item) for item in _press(ctx).body if item.level == "point"]
    subpoints = [ctx.text(item) for item in _press(ctx).body if item.level == "subpoint"]
    assert points and subpoints
    assert texts["List Bullet"] == [text[lead] for text in points]
    assert texts["List Bullet 2"] == [text[lead] for text in subpoints]
    # a translation continues its point: no second bullet
    translations = [text[lang] for text in points for lang in ctx.langs[1:]]
    assert texts["List Continue"][:len(translations)] == translations
    assert texts["List Continue 2"] == [text[lang] for text in subpoints for lang in ctx.langs[1:]]


def test_korean_body_levels_take_the_ministries_markers() -> None:
    document = _docx(PRESS, "ko+en")
    ctx = _context(PRESS, "ko+en")
    by_text = {paragraph.text: paragraph for paragraph in document.paragraphs}
    expected = {"paragraph": "□", "point": "ㅇ", "subpoint": "-"}
    note = ctx.translate("Note:")
    assert note["ko"] == "※"
    levels = set()
    for item in _press(ctx).body:
        text = ctx.text(item)
        levels.add(item.level)
        if item.level == "note":
            assert by_text["※\t" + text["ko"]].style.name == "Note"
            assert not by_text["※\t" + text["ko"]].runs[0].bold, "the Korean ※ is not bold, as in print"
            english = by_text[f"{note['en']} {text['en']}"]
            assert english.style.name == "Note" and english.runs[0].bold and english.runs[0].text == "Note:"
            continue
        assert _marker(document, by_text[text["ko"]]) == expected[item.level]
    assert levels == {"paragraph", "point", "subpoint", "note"}
    english = _docx(PRESS, "en")
    assert all(_marker(english, paragraph) is None for paragraph in _styled(english, "List Bullet")), \
        "English points keep Word's own bullet"


def test_the_english_body_opens_with_the_dateline_in_bold() -> None:
    document = _docx(PRESS, "ko+en")
    opening = next(paragraph for paragraph in document.paragraphs if paragraph.text.startswith("Sejong, 21 July"))
    assert opening.text.startswith("Sejong, 21 July 2025 – The Ministry of Trade, Industry and Energy")
    assert opening.runs[0].bold and opening.runs[0].text == "Sejong, 21 July 2025 –"
    assert opening.runs[1].text == " " and not opening.runs[1].bold and not opening.runs[2].bold
    assert not any(paragraph.text.startswith("세종") for paragraph in document.paragraphs)
    quote = "유법민 투자정책관은 “이번 사업은"
    assert any(paragraph.text.startswith(quote) for paragraph in document.paragraphs)


@pytest.mark.parametrize("lang_set", ["ko", "ko+en"])
def test_the_contact_table_is_a_word_table_with_names_and_phones(lang_set: str) -> None:
    document = _docx(PRESS, lang_set)
    table = next(table for table in document.tables if "044-203-4071" in _cell_texts(table))
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0][0].startswith("담당 부서") and rows[1][0] == rows[0][0], "the department spans both rows"
    assert rows[0][1].startswith("투자정책관실")
    assert rows[0][2].startswith("책임자") and rows[1][2].startswith("담당자")
    assert rows[0][3].startswith("투자정책과장 이정훈") and rows[0][4] == "044-203-4071"
    assert rows[1][3].startswith("사무관 김다은") and rows[1][4] == "044-203-4076"
    if lang_set == "ko+en":
        assert rows[0][3].endswith("Lee Jeong-hoon, Director, Investment Policy Division")
    release = document.tables[0]
    assert _cell_texts(release)[:2] == ["보도 시점" + ("\nRelease" if lang_set == "ko+en" else ""),
                                       "배포 즉시" + ("\nFor immediate release" if lang_set == "ko+en" else "")]


def test_the_event_and_its_agreements_are_tables() -> None:
    document = _docx(EVENT_PRESS, "en")
    texts = [_cell_texts(table) for table in document.tables]
    assert ["Event", "Global Net Zero Connection 2024", "Dates", "24 June 2024 to 25 June 2024", "Place", "Seoul"] \
        in texts
    agreements = next(cells for cells in texts if cells[:2] == ["Counterpart", "Subject"])
    assert "Ministry of Environment of Cambodia" in agreements


def test_the_file_properties_name_the_document() -> None:
    document = _docx(PRESS, "ko+en")
    core = document.core_properties
    assert core.title == "한국 첫 국제탄소감축사업 승인, 캄보디아와 온실가스 감축협력 본격화"
    assert core.author == "산업통상자원부 · Ministry of Trade, Industry and Energy"
    ctx = _context(PRESS, "ko+en")
    running = ctx.translate("Press release of %(ministry)s", ministry=ctx.text(_press(ctx).ministry))
    assert core.subject == f"{running['ko']} · {running['en']}"
    assert core.content_status == "Final"
    assert core.language == "ko-KR"
    assert core.identifier == "kh-emoto-press-2025-07-21"
    assert core.created == core.modified == datetime(2025, 7, 21, 3, 0, tzinfo=UTC), "the release, 12:00 in Seoul"
    assert "python-docx" not in (core.comments + core.author)
    minutes = _docx(MINUTES, "ko").core_properties
    assert minutes.title == "캄보디아 전기오토바이 국제감축사업 워킹그룹 제1차 회의"
    assert minutes.author == "한-캄보디아 국제감축사업 워킹그룹"


def test_the_same_record_makes_the_same_bytes() -> None:
    ctx = _context(PRESS, "ko+en")
    assert render_docx(ctx) == render_docx(ctx)


def test_the_page_is_a4() -> None:
    section = _docx(PRESS, "ko").sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


@pytest.mark.parametrize("lang_set", ["ko", "ko+en"])
def test_the_running_head_and_the_page_number_fields(lang_set: str) -> None:
    """The PDF's running head on every page but the first, and "Page N of M" with Word's own fields."""
    ctx = _context(MINUTES, lang_set)
    section = _docx(MINUTES, lang_set).sections[0]
    assert section.different_first_page_header_footer
    running = ctx.translate("Minutes of working-group meeting no. %(number)s", number=ctx.localizer.number(1))
    assert section.header.paragraphs[0].text == "   ·   ".join(running[lang] for lang in ctx.langs)
    for footer in (section.footer, section.first_page_footer):
        xml = footer.paragraphs[0]._p.xml
        assert xml.count('w:instr=" PAGE "') == xml.count('w:instr=" NUMPAGES "') == len(ctx.langs)
        assert "\ue000" not in xml and "\ue001" not in xml, "the page markers are replaced by fields"
        label = ctx.translate("Page %(page)s of %(pages)s", page="", pages="")  # python-docx reads no field
        assert footer.paragraphs[0].text == "   ·   ".join(label[lang] for lang in ctx.langs)


# --- DOCX: fonts and languages ----------------------------------------------------------------

def test_korean_and_khmer_have_fonts_and_languages_of_their_own() -> None:
    document = _docx(PRESS, "ko+en")
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:rFonts"))
    assert defaults.get(qn("w:eastAsia")) == "NanumMyeongjo" and defaults.get(qn("w:cs")) == "Noto Serif Khmer"
    for style in ("Title", "Heading 1", "Heading 2"):
        fonts = document.styles[style].element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) == "NanumGothic"
        assert fonts.get(qn("w:eastAsiaTheme")) is None, "a theme font would win, and the template's is Japanese"
    title = _styled(document, "Title")[0]
    korean_run, english_run = title.runs[0], title.runs[-1]
    assert korean_run._r.rPr.find(qn("w:lang")).get(qn("w:eastAsia")) == "ko-KR"
    assert english_run._r.rPr.find(qn("w:lang")).get(qn("w:val")) == "en-GB"

    khmer = _docx(PRESS, "km+en")
    khmer_run = _styled(khmer, "Title")[0].runs[0]
    assert "កូរ៉េ" in khmer_run.text
    assert khmer_run._r.rPr.find(qn("w:lang")).get(qn("w:bidi")) == "km-KH"
    names = zipfile.ZipFile(io.BytesIO(_docx_bytes(PRESS, "km+en"))).namelist()
    assert "word/styles.xml" in names and "word/stylesWithEffects.xml" not in names, \
        "no second copy of the styles without these fonts"
    assert khmer.styles["Title"].element.rPr.find(qn("w:szCs")).get(qn("w:val")) == "34", \
        "complex-script text takes its own size (17 pt)"
    follow = _styled(khmer, "Title")[0].runs[-1]._r.rPr
    assert follow.find(qn("w:sz")).get(qn("w:val")) == follow.find(qn("w:szCs")).get(qn("w:val"))


# --- DOCX: the minutes ---------------------------------------------------------------------

@pytest.mark.parametrize("lang_set", ["ko", "ko+en"])
def test_the_minutes_have_their_numbered_sections_as_headings(lang_set: str) -> None:
    document = _docx(MINUTES, lang_set)
    ctx = _context(MINUTES, lang_set)
    first_lines = [paragraph.text.split("\n")[0] for paragraph in _styled(document, "Heading 1")]
    assert first_lines == ["1. 참석자", "2. 이전 회의록 채택", "3. 안건", "4. 논의 내용", "5. 결정 사항",
                           "6. 후속 조치", "7. 기타 안건", "8. 다음 회의", "9. 폐회", "10. 수석대표 서명"]
    agenda = _first_lines(document, "Heading 2")
    # under a Korean-led section, the Korean series (tests/test_korean_numbering.py): 가., not 4.1.
    assert agenda == [f"{item_label((4, number), 'korean', 'ko', True)} {ctx.text(item.title)['ko']}"
                      for number, item in enumerate(_minutes(ctx).agenda, 1)]
    assert _first_lines(document, "Label") == ["불참 통보"]
    assert _styled(document, "Title")[0].text.startswith("캄보디아 전기오토바이 국제감축사업 워킹그룹 제1차 회의")


@pytest.mark.parametrize("lang_set", ["ko", "ko+en"])
def test_the_minutes_have_the_attendees_table_by_delegation(lang_set: str) -> None:
    document = _docx(MINUTES, lang_set)
    ctx = _context(MINUTES, lang_set)
    table = next(table for table in document.tables if table.rows[0].cells[0].text.startswith("성명"))
    assert [cell.text.split("\n")[0] for cell in table.rows[0].cells] == ["성명", "직위", "기관"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None, "the heads repeat on every page"
    first_cells = [row.cells[0].text.split("\n")[0] for row in table.rows[1:]]
    assert first_cells[0] == "대한민국 정부 · 회원"
    assert first_cells[1].startswith("이정훈") and "공동의장 · 수석대표" in first_cells[1]
    for _, person in _minutes(ctx).present():
        assert any(cell.startswith(ctx.text(person.name)["ko"]) for cell in first_cells)
    assert len(table.rows) == 1 + 5 + len(_minutes(ctx).present()), "the heads, a row a delegation, a row a person"
    label = table.rows[1]
    assert len(label._tr.tc_lst) == 1 and label.cells[0].text.startswith("대한민국 정부"), "the label spans the row"
    delegation = [row for row in table.rows[1:] if row.cells[0].text.split("\n")[0] == "한국 공공기관 · 옵서버"][0]
    assert delegation._tr.trPr.find(qn("w:cantSplit")) is not None
    assert all(paragraph.paragraph_format.keep_with_next for paragraph in delegation.cells[0].paragraphs), \
        "a delegation's label stays with its people"
    assert "최민지" in [cell.split("\n")[0] for table in document.tables for cell in _cell_texts(table)], \
        "the apologies are listed too"


@pytest.mark.parametrize("lang_set", ["ko", "ko+en"])
def test_the_minutes_have_the_decisions_and_actions_tables(lang_set: str) -> None:
    document = _docx(MINUTES, lang_set)
    ctx = _context(MINUTES, lang_set)
    decisions = next(table for table in document.tables if table.rows[0].cells[0].text == "가.")  # Korean-led
    assert len(decisions.rows) == len(_minutes(ctx).decisions) == 5
    for row, decision in zip(decisions.rows, _minutes(ctx).decisions, strict=True):
        assert row.cells[1].text.startswith(ctx.text(decision.text)["ko"])
    consensus = "Adopted by consensus of the members." if lang_set == "ko+en" else "회원 간 컨센서스로 채택함."
    assert decisions.rows[0].cells[1].text.endswith(consensus)
    assert decisions.rows[4].cells[1].text.endswith(consensus)  # the governments decide by consensus
    actions = next(table for table in document.tables if table.rows[0].cells[0].text == "#")
    assert len(actions.rows) == len(_minutes(ctx).actions) + 1
    assert actions.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert actions.rows[1].cells[3].text.split("\n")[0] == "2025. 5. 30."


def _list_labels(ctx: RenderContext) -> list[str]:
    """The labels of the tree's labelled lists (a Korean-led agenda: 가., 나., ...)."""
    return [label for node in build_document(ctx).walk() if isinstance(node, ListBlock) for label in node.labels]


def _label_width_mm(label: str) -> float:
    """A label as the body sets it (10.5 pt Korean serif), measured with the font's advances."""
    return text_width(label, "DG Serif Korean", 400, 10.5) * 25.4 / 72


@pytest.mark.parametrize("lang_set", ["ko", "ko+en"])
def test_a_korean_list_label_hangs_before_its_text_in_word(lang_set: str) -> None:
    ctx = _context(MINUTES, lang_set)
    labels = _list_labels(ctx)
    assert labels[:2] == ["가.", "나."]
    paragraphs = _docx(MINUTES, lang_set).paragraphs
    for label in labels:
        index = next(index for index, paragraph in enumerate(paragraphs) if paragraph.text.startswith(f"{label}\t"))
        lead = paragraphs[index].paragraph_format
        assert lead.left_indent is not None and lead.first_line_indent == -lead.left_indent, \
            "the label hangs: the text's wrapped lines start under its first word, not under the label"
        assert lead.left_indent.mm > _label_width_mm(label) + 1, "the label and a gap fit in the indent"
        for follow in paragraphs[index + 1:index + len(ctx.langs)]:  # the translations start under the text
            assert follow.paragraph_format.left_indent == lead.left_indent
            assert not follow.paragraph_format.first_line_indent


def test_a_korean_list_label_hangs_before_its_text_in_hangul() -> None:
    from hwpx import HwpxDocument

    ctx = _context(MINUTES, "ko+en")
    labels = _list_labels(ctx)
    with HwpxDocument.open(render_hwpx(ctx)) as document:
        for label in labels:
            paragraph = next(paragraph for paragraph in document.paragraphs if paragraph.text.startswith(f"{label}\t"))
            margin = document.styles.paragraph_property(paragraph.para_pr_id_ref).margin
            left, first = int(margin.left), int(margin.intent)  # HWPUNIT: 7,200 an inch
            assert first == -left
            assert left * 25.4 / 7200 > _label_width_mm(label) + 1


def test_prose_markup_becomes_bold_italic_and_a_hyperlink(tmp_path: Path) -> None:
    folder = _copy_samples(tmp_path)
    path = folder / MINUTES.name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["agenda"][0]["discussion"][0]["ko"] = (
        "**굵은 글씨**와 *기울임*, [캄보디아 환경부](https://www.moe.gov.kh) 참고. a < b & c &amp; <b>태그</b>")
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    document = docx.Document(io.BytesIO(render_docx(build_context(load_record(path), ("ko",)))))
    paragraph = next(paragraph for paragraph in document.paragraphs if paragraph.text.startswith("굵은 글씨"))
    assert paragraph.text == "굵은 글씨와 기울임, 캄보디아 환경부 참고. a < b & c &amp; <b>태그</b>"
    runs = {run.text: run for run in paragraph.iter_inner_content() if hasattr(run, "bold")}
    assert runs["굵은 글씨"].bold and not runs["와 "].bold
    assert runs["기울임"].italic
    [link] = paragraph.hyperlinks
    assert link.text == "캄보디아 환경부" and link.address == "https://www.moe.gov.kh"

    from hwpx import HwpxDocument

    with HwpxDocument.open(render_hwpx(build_context(load_record(path), ("ko",)))) as hangul:
        [linked] = [each for each in hangul.paragraphs if each.text.startswith("굵은 글씨")]
        assert linked.text == "굵은 글씨와 기울임, 캄보디아 환경부 참고. a < b & c &amp; <b>태그</b>"
        assert [link["url"] for link in linked.hyperlinks] == ["https://www.moe.gov.kh"]


def test_white_space_in_prose_reads_as_the_pdf_reads_it(tmp_path: Path) -> None:
    """A line break or a run of spaces in a record's text is one space, as HTML folds it: no stray break."""
    folder = _copy_samples(tmp_path)
    path = folder / MINUTES.name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["agenda"][0]["discussion"][0]["ko"] = "첫째 줄\n둘째   줄\t끝 **굵게\n이어서**"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for output_format in ("docx", "hwpx"):
        ctx = build_context(load_record(path), ("ko",))
        text = _all_text((render_docx if output_format == "docx" else render_hwpx)(ctx), output_format)
        assert "첫째 줄 둘째 줄 끝 굵게 이어서" in text.splitlines(), output_format


def _press_without_khmer_headline(tmp_path: Path) -> Path:
    """A copy of the sample press notice whose headline has no Khmer: a draft in km+en."""
    path = _copy_samples(tmp_path) / PRESS.name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["headline"]["km"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_a_draft_says_so_and_keeps_its_placeholders(tmp_path: Path) -> None:
    path = _press_without_khmer_headline(tmp_path)
    ctx = build_context(load_record(path), ("km", "en"), draft=True)
    document = docx.Document(io.BytesIO(render_docx(ctx)))
    assert document.paragraphs[0].text.split("\n")[1] == "DRAFT"
    assert _styled(document, "Title")[0].text.startswith("[no Khmer text: headline]")
    assert document.core_properties.content_status == "Draft"
    assert document.paragraphs[0].runs[0].font.color.rgb == docx.shared.RGBColor(0x9B, 0x1C, 0x1C)
    from hwpx import HwpxDocument

    with HwpxDocument.open(render_hwpx(ctx)) as hangul:
        assert hangul.text.plain().splitlines()[1] == "DRAFT"
    final = docx.Document(io.BytesIO(render_docx(build_context(load_record(path), ("en",)))))
    assert "DRAFT" not in final.paragraphs[0].text and final.core_properties.content_status == "Final"


def test_a_second_numbered_list_counts_from_one_again() -> None:
    """Word numbers every List Number paragraph in one list unless told: a later list restarts."""
    ctx = _context(MINUTES, "ko")
    document = build_document(ctx)
    # a list Word numbers itself (a Korean-led agenda types its labels 가., 나.: tests/test_korean_numbering.py)
    labelled = next(block for block in document.blocks if isinstance(block, ListBlock))
    agenda = dataclasses.replace(labelled, labels=())
    blocks = tuple(agenda if block is labelled else block for block in document.blocks)
    twice = dataclasses.replace(document, blocks=(*blocks, agenda))
    word = docx.Document(io.BytesIO(render_docx(ctx, twice)))
    numbered = _styled(word, "List Number")
    assert len(numbered) == 2 * len(agenda.items)
    first, second = numbered[0]._p.pPr.numPr, numbered[len(agenda.items)]._p.pPr.numPr
    assert first is None, "the first list takes List Number's own numbering"
    num = word.part.numbering_part.element.num_having_numId(second.numId.val)
    assert num.find(qn("w:lvlOverride")).find(qn("w:startOverride")).get(qn("w:val")) == "1"
    assert all(paragraph._p.pPr.numPr.numId.val == second.numId.val for paragraph in numbered[len(agenda.items):])


@pytest.mark.parametrize("record", [PRESS, MINUTES, EVENT_PRESS])
def test_every_table_fills_the_text_width_and_keeps_values_whole(record: Path) -> None:
    """Widths come from what the cells hold: the tables span the page's text, a date or a number on one line."""
    document = _docx(record, "ko+en")
    for table in document.tables:
        widths = [column.width.mm for column in table.columns]
        assert sum(widths) == pytest.approx(174, abs=0.5), widths
        assert min(widths) >= 7.9
    actions = next((table for table in document.tables if table.rows[0].cells[0].text == "#"), None)
    if actions is not None:  # the due dates: "2025. 5. 30." fits its column, as in print
        assert 23 <= actions.columns[3].width.mm <= 35


def _all_text(data: bytes, output_format: str) -> str:
    """Every text of an export: DOCX paragraphs and table cells, or HWPX as python-hwpx reads it."""
    if output_format == "hwpx":
        from hwpx import HwpxDocument

        with HwpxDocument.open(data) as document:
            return document.text.plain()
    document = docx.Document(io.BytesIO(data))
    return "\n".join([paragraph.text for paragraph in document.paragraphs]
                     + [text for table in document.tables for text in _cell_texts(table)])


def _variant(tmp_path: Path, record: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    folder = _copy_samples(tmp_path)
    path = folder / record.name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    return path


def _second_meeting(data: dict[str, Any]) -> None:
    data.update(id="kh-emoto-wg-02", meeting_number=2, date="2025-06-17", apologies=[], actions=[])
    data["previous_minutes"] = {
        "meeting_number": 1, "date": "2025-05-20", "adopted": True,
        "amendments": {"ko": "안건 2의 추정치 표현을 수정함.", "km": "បានកែសម្រួលពាក្យពេចន៍នៃការប៉ាន់ស្មានក្នុងរបៀបវារៈទី២។",
                       "en": "The wording of the estimates under item 2 was corrected."}}
    data["terms_of_reference"]["votes"] = True  # the two member delegations vote, one vote each
    data["decisions"][4].update(decided_by="vote", vote={"for": 0, "against": 2, "abstain": 0}, adopted=False)
    del data["next_meeting"]


@pytest.mark.parametrize("output_format", ["docx", "hwpx"])
def test_a_later_meeting_says_what_was_amended_rejected_or_left_out(output_format: str, tmp_path: Path) -> None:
    ctx = build_context(load_record(_variant(tmp_path, MINUTES, _second_meeting)), ("ko", "en"))
    text = _all_text((render_docx if output_format == "docx" else render_hwpx)(ctx), output_format)
    previous = _minutes(ctx).previous_minutes
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
            assert sentence[lang] in text, sentence[lang]
    assert "표결로 부결됨(찬성 0, 반대 2, 기권 0)." in text


@pytest.mark.parametrize("output_format", ["docx", "hwpx"])
def test_an_embargoed_notice_says_so_in_its_release_box(output_format: str, tmp_path: Path) -> None:
    def embargo(data: dict[str, Any]) -> None:
        data["embargo"] = True
        data["distributed"] = "2025-07-20T10:00:00+09:00"
        del data["dateline"]

    ctx = build_context(load_record(_variant(tmp_path, PRESS, embargo)), ("ko",))
    data = (render_docx if output_format == "docx" else render_hwpx)(ctx)
    release = _press(ctx).release
    assert release.weekday() == 0
    when = ctx.translate("%(weekday)s %(date)s %(time)s", weekday=Localized({"ko": "월"}),
                         date=ctx.localizer.date(release.date()), time=ctx.localizer.time(release.timetz()))
    embargoed = ctx.translate("Embargoed until %(time)s", time=when)["ko"]
    assert embargoed.startswith("2025. 7. 21.(월) 12:00")
    assert embargoed in _all_text(data, output_format)
    assert ctx.translate("For immediate release")["ko"] not in _all_text(data, output_format)
    if output_format == "docx":
        release_box = docx.Document(io.BytesIO(data)).tables[0]
        assert len(release_box.rows[0]._tr.tc_lst) == 4, "보도 시점, its time, 배포 일시, its time"
        assert release_box.rows[0].cells[1].text == embargoed
        assert release_box.rows[0].cells[3].text == "2025. 7. 20.(일) 10:00"
        run = release_box.rows[0].cells[1].paragraphs[0].runs[0]
        assert run.bold and run.font.color.rgb == docx.shared.RGBColor(0x9B, 0x1C, 0x1C)


@pytest.mark.parametrize("output_format", ["docx", "hwpx"])
@pytest.mark.parametrize("record", [PRESS, MINUTES])
def test_the_writers_take_every_wording_from_the_tree(record: Path, output_format: str) -> None:
    """Without any catalog, the exports still write: every fixed wording came from the document tree."""
    ctx = _context(record, "ko+en")
    document = build_document(ctx)
    without_catalogs = dataclasses.replace(ctx, translations={})
    with pytest.raises(KeyError):
        without_catalogs.translate("Release")
    render = render_docx if output_format == "docx" else render_hwpx
    assert _all_text(render(without_catalogs, document), output_format) == \
        _all_text(render(ctx), output_format)


def test_a_project_record_makes_no_export() -> None:
    ctx = build_context(load_record(SAMPLES["dossier"]), ("ko",))
    with pytest.raises(UsageError, match="makes a press notice or minutes, not a project record"):
        render_docx(ctx)
    with pytest.raises(UsageError, match="not a project record"):
        render_hwpx(ctx)


# --- HWPX -----------------------------------------------------------------------------------

@pytest.mark.parametrize("record,lang_set", [(PRESS, "ko"), (PRESS, "ko+en"), (MINUTES, "ko"), (MINUTES, "ko+en"),
                                             (EVENT_PRESS, "ko+km+en")])
def test_the_hwpx_passes_the_library_validation_and_reads_back(record: Path, lang_set: str) -> None:
    from hwpx import HwpxDocument, validate_package

    data = render_hwpx(_context(record, lang_set))
    package = validate_package(data)
    assert package.ok, package.issues
    with HwpxDocument.open(data) as document:
        report = document.validate()
        assert report.ok and not report.issues, report.issues
        text = document.text.plain()
        metadata = document.parts.metadata
    ctx = _context(record, lang_set)
    data = ctx.record.data
    if isinstance(data, PressRecord):
        title, author = ctx.text(data.headline), ctx.text(data.ministry)
    else:
        assert isinstance(data, MinutesRecord) and data.working_group is not None
        title, author = ctx.text(data.title), ctx.text(data.working_group)
    for lang in ctx.langs:
        assert title[lang] in text
    assert metadata.title == title[ctx.langs[0]]
    assert metadata.creator == " · ".join(author.values()), "the blank document's author is gone"
    assert metadata.created_date == ctx.archive.created.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_the_hwpx_press_body_keeps_the_korean_hierarchy() -> None:
    from hwpx import HwpxDocument

    ctx = _context(PRESS, "ko")
    with HwpxDocument.open(render_hwpx(ctx)) as document:
        lines = document.text.plain().splitlines()
    assert lines[:2] == ["보도자료", "산업통상자원부"]
    marker = {"paragraph": "□", "point": "ㅇ", "subpoint": "-", "note": "※"}
    for item in _press(ctx).body:
        assert f"{marker[item.level]}\t{ctx.text(item)['ko']}" in lines
    # the contact table as the PDF has it: the department over both rows, each person with the number
    assert "담당 부서\t투자정책관실\t책임자\t투자정책과장 이정훈\t044-203-4071" in lines
    assert "담당자\t사무관 김다은\t044-203-4076" in lines


def test_the_hwpx_minutes_sections_are_hangul_outline_headings() -> None:
    from hwpx import HwpxDocument

    with HwpxDocument.open(render_hwpx(_context(MINUTES, "ko"))) as document:
        styles = {style.id: style.name for style in document.styles.values()}
        headings = [(styles[int(paragraph.style_id_ref)], paragraph.text) for paragraph in document.paragraphs
                    if paragraph.style_id_ref not in (None, "0")]
    assert headings[:4] == [("개요 1", "참석자"), ("개요 1", "이전 회의록 채택"), ("개요 1", "안건"),
                            ("개요 1", "논의 내용")]
    assert ("개요 2", "적용 방법론 및 모니터링 계획") in headings
    assert headings[-1] == ("개요 1", "수석대표 서명")


# --- the command line -------------------------------------------------------------------

@pytest.mark.parametrize("output_format", ["docx", "hwpx"])
def test_render_writes_an_export_under_build_by_default(output_format: str, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = _runner().invoke(main, ["render", str(PRESS), "--format", output_format, "--lang", "ko+en"])
    assert result.exit_code == 0, result.stderr
    target = Path("build") / f"kh-emoto-press-2025-07-21.ko-en.{output_format}"
    assert result.output == f"wrote {target} ({target.stat().st_size:,} bytes)\n"
    assert not list((tmp_path / "build").glob(".*part"))
    if output_format == "docx":
        assert docx.Document(str(target)).core_properties.language == "ko-KR"


def test_render_writes_minutes_as_docx_where_asked(tmp_path: Path) -> None:
    out = tmp_path / "minutes.docx"
    result = _runner().invoke(main, ["render", str(MINUTES), "--format", "docx", "--lang", "ko", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert _styled(docx.Document(str(out)), "Heading 1")[0].text == "1. 참석자"


@pytest.mark.parametrize("args,message", [
    (["--format", "docx", "--tagged"], "--tagged applies to a PDF, not to --format docx"),
    (["--format", "hwpx", "--pdf-ua"], "--pdf-ua applies to a PDF, not to --format hwpx"),
    (["--format", "odt"], "--format 'odt': choose pdf, post, docx, hwpx, aef or aef-json"),
])
def test_render_refuses_a_pdf_option_or_an_unknown_format_in_one_line(
        args: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    out = tmp_path / "press.docx"
    result = _runner().invoke(main, ["render", str(PRESS.relative_to(ROOT)), *args, "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr == message + "\n"
    assert not out.exists()


@pytest.mark.parametrize("output_format", ["docx", "hwpx"])
def test_a_project_record_is_a_usage_error(output_format: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    out = tmp_path / f"project.{output_format}"
    project = SAMPLES["dossier"].relative_to(ROOT)
    result = _runner().invoke(main, ["render", str(project), "--format", output_format, "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr == (f"{project}: --format {output_format} makes a press notice or minutes,"
                             " not a project record\n")
    assert not out.exists()


def test_render_lists_the_placeholders_of_a_draft_export(tmp_path: Path) -> None:
    path = _press_without_khmer_headline(tmp_path)
    out = tmp_path / "draft.docx"
    refused = _runner().invoke(main, ["render", str(path), "--format", "docx", "--lang", "km+en", "-o", str(out)])
    assert refused.exit_code == 2 and "headline.km" in refused.stderr and not out.exists()
    result = _runner().invoke(main, ["render", str(path), "--format", "docx", "--lang", "km+en", "--draft",
                                     "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert "headline.km: placeholder: no Khmer text" in result.stderr
    assert "DRAFT with 1 placeholder(s)" in result.output
