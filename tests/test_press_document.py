"""The press notice, checked on the PDF: the Korean ministries' layout, the korea.kr layout in
English and Khmer, and the sample release against its source (shared/seeds/000_...txt)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest

from dossiergen.documents.press import korean_quotative, korean_topic_particle
from dossiergen.documents.specimen import inline
from dossiergen.documents.tree import Table
from dossiergen.i18n.languages import parse_langs
from dossiergen.models import PressRecord
from dossiergen.records.loading import load_record
from dossiergen.render.context import RenderContext, build_context
from dossiergen.render.layout_check import check_pdf

from .conftest import (
    ROOT,
    SAMPLES,
    ZERO_WIDTH,
    context_document,
    copy_directory,
    own_pages_text,
    pdf_column_texts,
    pdf_text,
    squeeze,
)

PRESS = SAMPLES["press"]
EVENT_PRESS = ROOT / "dossiers" / "gnzc-2024" / "press.yaml"
SOURCE = ROOT / "tests" / "data" / "sources" / "motie-release-2025-07-21.txt"
"""A copy of ../shared/seeds/000_0a2a06cf4ce4eabe.txt, kept here so the test runs wherever the repository does."""
FIGURES = {"ko": ("68만", "40만"), "en": ("680,000", "400,000"), "km": ("៦៨០,០០០", "៤០០,០០០")}
"""680,000 and 400,000 tonnes as a press release writes them in each language."""
KOREAN_MARKERS = {"paragraph": "□", "point": "ㅇ", "subpoint": "-", "note": "※"}
LATIN_MARKERS = {"paragraph": "", "point": "•", "subpoint": "–", "note": "Note:"}

Render = Callable[[Path, str], Path]


def _no_space(text: str) -> str:
    """White space and zero-width breaks out, hyphens kept (a sub-point's marker is one)."""
    return re.sub(r"\s+", "", ZERO_WIDTH.sub("", text))


def _printed(pdf: Path) -> Callable[[str], bool]:
    """Whether a text reads through in the PDF, in a whole-page or a column reading."""
    readings = [squeeze(reading) for reading in pdf_column_texts(pdf)]
    return lambda text: any(squeeze(text) in reading for reading in readings)


def _ctx(record: Path, lang_set: str):
    return build_context(load_record(record), parse_langs(lang_set))


def _data(ctx: RenderContext) -> PressRecord:
    assert isinstance(ctx.record.data, PressRecord)
    return ctx.record.data


# --- the sample against its source -----------------------------------------------------

# (as the source writes it, as our Korean release prints it): the facts of the release in the
# order the source gives them, which is their order of importance.
SOURCE_FACTS = [
    ("공식 승인(718)", "공식 승인(2025. 7. 18.)"),
    ("721일 캄보디아 프놈펜에서 승인 기념행사", "7월 21일 캄보디아 프놈펜에서 승인 기념행사"),
    ("양자면담 및 국제포럼", "양자 면담 및 국제포럼"),
    ("베리워즈(대표 김성우)", "베리워즈(대표 김성우)"),
    ("전기오토바이와 충전소", "전기오토바이와 충전소"),
    ("감축목표(NDC)", "감축목표(NDC)"),
    ("파리협정 제6.2조", "파리협정 제6.2조"),
    ("번째 사례", "첫 번째 사례"),
    ("총 68만톤", "총 68만톤"),
    ("40만톤이 한국 정부에 이전", "40만톤이 대한민국 정부에 이전"),
    ("한국에너지공단과 코트라, 캄보디아 환경부, 국제기구인 GGGI가 워킹그룹",
     "한국에너지공단과 코트라, 캄보디아 환경부, 국제기구인 GGGI가 워킹그룹"),
    ("방법론, 총 감축량, 분배비율", "방법론, 총 감축량, 분배비율"),
    ("공공사업교통부, 물에너지부", "공공사업교통부, 광물에너지부"),
    ("722()", "7월 22일(화)"),
    ("한-캄 국제탄소감축 포럼", "한-캄 국제탄소감축 포럼"),
    ("투자정책관은", "투자정책관은"),
    ("제1호 승인사업", "제1호 승인사업"),
    ("윈-윈하는 정부간 협력 모델", "윈-윈하는 정부 간 협력 모델"),
]


@pytest.fixture(scope="module")
def korean_release(render_record: Render) -> str:
    return own_pages_text(render_record(PRESS, "ko"))


def test_the_korean_release_states_the_source_facts_in_the_source_order(korean_release: str) -> None:
    source = _no_space(SOURCE.read_text(encoding="utf-8"))
    ours = _no_space(korean_release)
    body = ours.index(_no_space("□ 산업통상자원부(장관 김정관)는"))  # after the header box and sub-headlines
    source_at = [source.index(_no_space(theirs)) for theirs, _ in SOURCE_FACTS]
    assert source_at == sorted(source_at), "SOURCE_FACTS is not in the source's order"
    cursor = body
    for theirs, printed in SOURCE_FACTS:
        found = ours.find(_no_space(printed), cursor)
        assert found != -1, f"{printed!r} (source: {theirs!r}) is missing, or out of the source's order"
        cursor = found


def test_the_korean_release_has_the_figures_of_the_project_in_man(korean_release: str) -> None:
    text = _no_space(korean_release)
    assert "총68만톤" in text and "40만톤이" in text
    assert "680,000" not in text and "400,000" not in text
    headline, _body = text.split("□", 1)
    assert "68만톤중40만톤" in headline  # the first sub-headline carries the figures
    record = PRESS.read_text(encoding="utf-8")
    for typed in ("68만", "40만", "680,000", "680000", "400,000", "400000"):
        assert typed not in record, f"the press record types {typed!r} instead of quoting the project figure"


def test_the_korean_release_has_none_of_the_source_typing_defects(korean_release: str) -> None:
    text = _no_space(korean_release)
    spaced = " ".join(ZERO_WIDTH.sub("", korean_release).split())
    for defect in ("(718)", "721일", "722()", "색하였다"):
        assert _no_space(defect) not in text, defect
    # the Director-General's words are quoted as the seed gives them, its spacing included (발전할수): only the
    # notice's own text is restored
    assert "승인사업이자" in spaced
    assert text.count("번째") == text.count("첫번째") >= 1
    assert text.count("물에너지부") == text.count("광물에너지부") >= 1
    assert text.count("색했다") == text.count("모색했다") >= 1
    # the seed lost the surname ("법민 투자정책관"): the restored name carries its mark, beside it
    assert "유법민[예시]투자정책관은" in text


# --- sections and figures in every language set ----------------------------------------

@pytest.mark.parametrize("lang_set", ["ko", "ko+en", "km+en"])
@pytest.mark.parametrize("record", [PRESS, EVENT_PRESS], ids=["project", "event"])
def test_every_section_is_printed_in_every_language(record: Path, lang_set: str, render_record: Render) -> None:
    pdf = render_record(record, lang_set)
    printed = _printed(pdf)
    ctx = _ctx(record, lang_set)
    labels = ["Press release", "Release", "For immediate release", "Distributed", "Department", "Responsible",
              "Contact person"]
    if _data(ctx).attachments or _data(ctx).web.image:
        labels.append("Attachments")
    for lang in ctx.langs:
        for label in labels:
            assert printed(ctx.translate(label)[lang]), f"{label!r} ({lang}) missing from {pdf.name}"
        data = _data(ctx)
        for text in (data.ministry, data.headline, *data.subheadlines, *(item.title for item in data.attachments),
                     data.department, data.responsible.name, data.staff.name):
            value = ctx.text(text)
            assert printed(value[lang]), f"{value[lang][:40]!r} missing from {pdf.name}"
        for item in data.body:
            assert printed(ctx.text(item)[lang]), f"body item {ctx.text(item)[lang][:30]!r} missing from {pdf.name}"
        if record == PRESS:
            for figure in FIGURES[lang]:
                assert printed(figure), f"{figure} missing from {pdf.name}"
    for phone in (_data(ctx).responsible.phone, _data(ctx).staff.phone):
        assert printed(phone)
    assert check_pdf(pdf) == []


SEED_QUOTE = ("이번 사업은 한국의 국제탄소감축 제1호 승인사업이자, "
              "개별 프로젝트를 넘어 구조적 협력으로 확장되는 첫 사례",
              "캄보디아의 탄소감축 정책 의지와 한국 기업의 기술력과 투자가 결합하면 "
              "양국이 윈-윈하는 정부간 협력 모델로 발전할수 있을 것")
"""The Director-General's two passages as the seed's release gives them (its spacing included)."""


@pytest.mark.parametrize("lang_set", ["ko", "ko+en", "km+en"])
def test_the_quote_names_the_official_with_title_and_name(lang_set: str, render_record: Render) -> None:
    printed = _printed(render_record(PRESS, lang_set))
    # the restored name is marked beside itself, not at the end of the quotation
    expected = {"ko": "유법민 [예시] 투자정책관은 “이번 사업은",
                "en": "Yu Beop-min [SPECIMEN], the Director-General for Investment Policy, said, “This is Korea's",
                "km": "យូ ប៊ើបមីន [គំរូ] អគ្គនាយកគោលនយោបាយវិនិយោគ"}
    for lang in parse_langs(lang_set):
        assert printed(expected[lang]), lang


@pytest.mark.parametrize("lang_set", ["ko", "ko+en"])
def test_the_quote_prints_the_seeds_words_verbatim_in_two_passages(lang_set: str, render_record: Render) -> None:
    """“…첫 사례”라며 “…있을 것”이라고 밝혔다: each passage as the source gives it, neither rewritten nor merged."""
    pdf = render_record(PRESS, lang_set)
    printed = _printed(pdf)
    first, second = SEED_QUOTE
    assert printed(f"“{first}”라며 “{second}”이라고 밝혔다.")
    assert "대한민국의국제탄소감축제1호" not in _no_space(pdf_text(pdf))


def test_korean_quotative_endings() -> None:
    assert korean_quotative("첫 사례", "라며") == "라며" and korean_quotative("있을 것", "라고") == "이라고"
    assert korean_quotative("있을 것이다.", "라고") == "라고" and korean_quotative("CEO", "라며") == "라며"


def test_korean_topic_particle() -> None:
    assert korean_topic_particle("산업통상자원부 투자정책관") == "은"
    assert korean_topic_particle("대표") == "는"
    assert korean_topic_particle("장관") == "은"
    assert korean_topic_particle("CEO") == "은(는)"


# --- the Korean hierarchy and the English layout -----------------------------------------

def _marker_sequence(text: str, items: list[tuple[str, str]]) -> list[str]:
    """For each (marker, item text) in order, find marker + text after the previous one."""
    flat = _no_space(text)
    missing, cursor = [], 0
    for marker, body in items:
        found = flat.find(_no_space(marker + body[:25]), cursor)
        if found == -1:
            missing.append(f"{marker} {body[:25]}")
        else:
            cursor = found
    return missing


def test_the_korean_body_marks_each_level_in_order(render_record: Render) -> None:
    pdf = render_record(PRESS, "ko")
    ctx = _ctx(PRESS, "ko")
    data = _data(ctx)
    levels = [item.level for item in data.body]
    assert {"paragraph", "point", "subpoint", "note"} <= set(levels), "the sample uses every level"
    note = ctx.translate("Note:")["ko"]
    assert note == "※"
    items = [(KOREAN_MARKERS[item.level], ctx.text(item)["ko"]) for item in data.body]
    quote = data.quotes[0]
    title = ctx.text(quote.title)["ko"]
    # the restored name keeps its specimen mark beside it (documents/specimen.inline)
    items.append(("□", inline(ctx.text(quote.name))["ko"] + title + korean_topic_particle(title)))
    assert _marker_sequence(pdf_text(pdf), items) == []
    # and nothing else carries a marker: one per item
    flat = _no_space(pdf_text(pdf))
    assert flat.count("□") == levels.count("paragraph") + len(data.quotes)
    assert flat.count("ㅇ") == levels.count("point")
    assert flat.count("※") == levels.count("note") + 1  # and the note naming the Letter of Authorization


def test_the_korean_markers_are_indented_by_level(render_record: Render) -> None:
    import pdfplumber

    pdf = render_record(PRESS, "ko")
    with pdfplumber.open(pdf) as document:
        chars = [char for page in document.pages for char in page.chars]
    x = {marker: min(char["x0"] for char in chars if char["text"] == marker) for marker in ("□", "ㅇ", "※")}
    assert x["□"] < x["ㅇ"], "a point sits inside its paragraph"
    dash = [char["x0"] for char in chars if char["text"] == "-" and char["x0"] > x["ㅇ"] + 5]
    assert dash and min(dash) > x["ㅇ"], "a sub-point sits inside its point"


@pytest.mark.parametrize("lang_set,lang", [("ko+en", "en"), ("km+en", "en"), ("km+en", "km"), ("en", "en")])
def test_the_english_and_khmer_body_opens_with_the_dateline(lang_set: str, lang: str, render_record: Render) -> None:
    pdf = render_record(PRESS, lang_set)
    ctx = _ctx(PRESS, lang_set)
    data = _data(ctx)
    assert data.dateline is not None
    dateline = ctx.translate("%(place)s, %(date)s –", place=ctx.text(data.dateline),
                             date=ctx.localizer.date(data.release.date()))
    expected = {"en": "Sejong, 21 July 2025 –", "km": "សេជុង, ថ្ងៃទី២១ ខែកក្កដា ឆ្នាំ២០២៥ ៖"}
    assert dateline[lang] == expected[lang]
    printed = _printed(pdf)
    first = ctx.text(data.body[0])[lang]
    # the place is illustrative (the seed gives none): it keeps its mark
    mark = {"en": "[SPECIMEN]", "km": "[គំរូ]"}[lang]
    assert printed(f"{dateline[lang]} {mark} {first}"), "the dateline does not open the first paragraph"
    assert squeeze(pdf_text(pdf)).count(squeeze(dateline[lang])) == 1
    if lang == "en":
        items = [(LATIN_MARKERS[item.level], ctx.text(item)["en"]) for item in data.body if item.level != "paragraph"]
        assert _marker_sequence(pdf_text(pdf, "-raw"), items) == []


def test_the_korean_version_has_no_dateline(render_record: Render) -> None:
    text = squeeze(pdf_text(render_record(PRESS, "ko+en")))
    assert squeeze("세종, 2025. 7. 21.") not in text
    # the release box gives the time alone: 배포 일시 is a date and a time, not a place
    assert squeeze("2025. 7. 21.(월) 12:00 [예시]") in text and "세종" not in text


# --- the header box and the contact table ----------------------------------------------

def test_the_contact_table_closes_the_release(render_record: Render) -> None:
    pdf = render_record(PRESS, "ko")
    lines = [" ".join(ZERO_WIDTH.sub("", line).split()) for line in pdf_text(pdf, "-layout").splitlines()]
    responsible = next(line for line in lines if line.startswith("책임자"))
    staff = next(line for line in lines if line.startswith("담당자"))
    department = next(line for line in lines if "담당 부서" in line)
    # the contacts are invented (the seed's page gives none): each carries the specimen mark
    assert responsible == "책임자 투자정책과장 이정훈 [예시] 044-203-4071 [예시]"
    assert staff == "담당자 사무관 김다은 [예시] 044-203-4076 [예시]"
    assert "투자정책관실" in department
    text = squeeze(pdf_text(pdf))
    assert text.index("붙임") < text.index("담당부서") < text.index("책임자") < text.index("담당자")
    assert text.rindex(squeeze("044-203-4076")) > text.index("밝혔다")  # after the body


def _with(tmp_path: Path, edit: Callable[[str], str], record: Path = PRESS) -> Path:
    """A copy of a sample record, edited, beside a copy of its project."""
    folder = tmp_path / "records"
    folder.mkdir(exist_ok=True)
    for sibling in record.parent.glob("*.yaml"):
        shutil.copy(sibling, folder / sibling.name)
    copy_directory(folder)
    target = folder / record.name
    target.write_text(edit(record.read_text(encoding="utf-8")), encoding="utf-8")
    return target


EMBARGOED = "embargo: true\ndistributed: 2025-07-20T10:00:00+09:00"
RELEASE_BOX = {
    # (record edit, language) -> the release box's cells: 보도시점, its value, 배포 일시, its value (both times
    # are illustrative: the seed gives the date alone)
    ("immediate", "ko"): ("보도 시점", "배포 즉시", "배포 일시", "2025. 7. 21.(월) 12:00 [예시]"),
    ("immediate", "en"): ("Release", "For immediate release", "Distributed", "Monday 21 July 2025 12:00 [SPECIMEN]"),
    ("immediate", "km"): ("ពេលផ្សព្វផ្សាយ", "ផ្សព្វផ្សាយបានភ្លាមៗ", "ពេលចែកចាយ",
                          "ថ្ងៃច័ន្ទ ថ្ងៃទី២១ ខែកក្កដា ឆ្នាំ២០២៥ ១២:០០ [គំរូ]"),
    ("embargo", "ko"): ("보도 시점", "2025. 7. 21.(월) 12:00 이후 [예시]", "배포 일시", "2025. 7. 20.(일) 10:00"),
    ("embargo", "en"): ("Release", "Embargoed until Monday 21 July 2025 12:00 [SPECIMEN]", "Distributed",
                        "Sunday 20 July 2025 10:00"),
    ("embargo", "km"): ("ពេលផ្សព្វផ្សាយ", "ហាមផ្សាយមុន ថ្ងៃច័ន្ទ ថ្ងៃទី២១ ខែកក្កដា ឆ្នាំ២០២៥ ១២:០០ [គំរូ]", "ពេលចែកចាយ",
                        "ថ្ងៃអាទិត្យ ថ្ងៃទី២០ ខែកក្កដា ឆ្នាំ២០២៥ ១០:០០"),
}


@pytest.mark.parametrize(("release", "lang"), list(RELEASE_BOX), ids=[f"{r}-{lang}" for r, lang in RELEASE_BOX])
def test_the_release_box_says_when_to_publish_and_when_it_was_distributed(
        tmp_path: Path, render_record: Render, release: str, lang: str) -> None:
    """보도시점 is a time (or 배포 즉시), 배포 일시 a date and time: never the place the notice comes from."""
    record = PRESS if release == "immediate" else _with(tmp_path, lambda text: text.replace("embargo: false",
                                                                                           EMBARGOED))
    expected = RELEASE_BOX[(release, lang)]
    # the tree's release box, cell by cell (the PDF's text runs its columns together) ...
    box = next(node for node in context_document(record, lang)[1].walk()
               if isinstance(node, Table) and node.style == "release-box")
    assert [cell.content[0].text.plain(lang) for cell in box.body[0].cells] == list(expected)
    # ... and each cell as the PDF prints it
    pdf = render_record(record, lang)
    text, printed = squeeze(pdf_text(pdf)), _printed(pdf)  # a wrapped cell reads whole in one of the two
    for cell in expected:
        assert squeeze(cell) in text or printed(cell), cell


def test_an_embargoed_notice_without_its_distribution_time_is_refused(tmp_path: Path) -> None:
    from dossiergen.errors import RecordError

    record = _with(tmp_path, lambda text: text.replace("embargo: false", "embargo: true"))
    with pytest.raises(RecordError, match=r"press-2025-07-21.yaml:\d+: embargo: an embargoed notice says when it"
                                          r" was distributed to the press"):
        load_record(record)


def test_an_english_release_needs_its_dateline(tmp_path: Path) -> None:
    from dossiergen.errors import ContextError

    record = _with(tmp_path, lambda text: re.sub(r"dateline:\n(  .*\n)+", "", text))
    build_context(load_record(record), ("ko",))  # the Korean layout has none
    with pytest.raises(ContextError, match=r"dateline: required field is missing: the English release opens"):
        build_context(load_record(record), ("ko", "en"))


# --- bookmarks ----------------------------------------------------------------------------

@pytest.mark.parametrize("record", [PRESS, EVENT_PRESS], ids=["project", "event"])
def test_the_headings_are_bookmarks(record: Path, render_record: Render) -> None:
    pdf = render_record(record, "ko+en")
    ctx = _ctx(record, "ko+en")
    with pikepdf.open(pdf) as document, document.open_outline() as outline:
        top = [item.title for item in outline.root]
        below = [child.title for item in outline.root for child in item.children]
    headline = ctx.text(_data(ctx).headline)
    attached = [f"붙임 {number}: {ctx.text(item.title)['ko']} / Annex {number}: {ctx.text(item.title)['en']}"
                for number, item in enumerate(_data(ctx).attachments, start=1)]
    assert top == [f"{headline['ko']} / {headline['en']}", *attached], "the headline, then each 붙임"
    assert not ZERO_WIDTH.search("".join(top + below)), "a bookmark carries the typesetter's invisible breaks"
    if record == EVENT_PRESS:
        assert below == [" / ".join(ctx.translate(heading).values())
                         for heading in ("Event", "Memoranda of understanding")]
    else:
        assert below == []


# --- attachments (붙임) ------------------------------------------------------------------------------

def test_the_attachments_are_appended_with_their_bookmarks_and_text(
        render_record: Render, render_loa: Render) -> None:
    """붙임 1, the Letter of Authorization rendered from the project record, follows the notice's own pages."""
    pdf = render_record(PRESS, "ko+en")
    with pikepdf.open(pdf) as document, document.open_outline() as outline:
        titles = [item.title for item in outline.root]
        pages = len(document.pages)
        nums = list(document.Root.PageLabels.Nums)
    first = {str(nums[index + 1].get("/P", "")): int(nums[index]) for index in range(0, len(nums), 2)}["A1-"]
    assert titles[-1] == ("붙임 1: 캄보디아 환경부 승인서(LoA) / Annex 1: Letter of Authorization of Cambodia's"
                          " Ministry of Environment")
    with pikepdf.open(render_loa(SAMPLES["dossier"], "ko+en")) as letter:
        assert pages == first + len(letter.pages)
    own, appended = pdf_text(pdf, "-l", str(first)), pdf_text(pdf, "-f", str(first + 1))
    assert "보도자료" in own and "붙임" in own and "LETTER OF AUTHORIZATION" not in own
    assert "LETTER OF AUTHORIZATION" in appended and "MOE-KH/LoA/2025/003" in appended
