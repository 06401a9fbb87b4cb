"""Script-correct typography, checked on the PDF: Khmer wraps between ICU words, Korean words
stay whole, nothing runs out of its box, every glyph comes from a chosen font."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from click.testing import CliRunner

from dossiergen.cli.main import main
from dossiergen.render.layout_check import MM, PAGE_MARGIN_X_MM, check_pdf
from dossiergen.render.pdf import write_pdf
from dossiergen.render.typeset import WORD_JOINER, ZWSP, break_khmer, load_compounds, typeset_html
from dossiergen.render.typeset.khmer_breaks import khmer_words

from .conftest import ALL_SAMPLES, BODY_BOTTOM, BODY_TOP, DATA, ROOT, context_document, document_texts, pdf_text
from .test_dossier_document import FROM_KHMER_DIGITS, bookmarks, page_texts

LONG_KHMER = DATA / "valid" / "long-khmer"
LONG_KOREAN = DATA / "valid" / "long-korean"
GENERATED_MARKER = re.compile(r"^(?:□|–|—) ")
"""Paragraph markers the stylesheet puts before a paragraph (print.css ``::before``)."""
KHMER_RECORDS = {"dossier": "project.yaml", "press": "press.yaml", "minutes": "minutes.yaml"}


@pytest.fixture(scope="module")
def render(render_record: Callable[[Path, str], Path]) -> Callable[[Path, str], Path]:
    return render_record


def _long_texts(record: Path, lang: str, minimum: int = 150) -> list[str]:
    """The record's long texts in ``lang``, as printed (figures filled in)."""
    _, document = context_document(record, lang)
    return sorted({text[lang] for text in document_texts(document) if len(text[lang]) >= minimum}, key=len)


def drawn_lines(paragraph: str, lines: list[str]) -> list[tuple[int, int]]:
    """Where each drawn line of ``paragraph`` starts and ends in it: the first run of lines,
    in drawing order, that spells the whole paragraph (other lines may come between, such as
    a running header at a page break)."""
    paragraph = " ".join(paragraph.split())
    lines = [GENERATED_MARKER.sub("", " ".join(line.split())) for line in lines]
    for first, line in enumerate(lines):
        # the paragraph may begin after other text on the same line (a table's row label)
        heads = [line] + [line[i + 1:] for i, ch in enumerate(line) if ch == " "]
        head = next((head for head in heads if head and paragraph.startswith(head)), None)
        if head is None:
            continue
        spans, cursor = [(0, len(head))], len(head)
        for following in lines[first + 1:]:
            if cursor >= len(paragraph):
                break
            rest = cursor + 1 if paragraph[cursor:cursor + 1] == " " else cursor
            if following and paragraph.startswith(following, rest):
                spans.append((rest, rest + len(following)))
                cursor = rest + len(following)
        if cursor >= len(paragraph):
            return spans
    return []


def _space_bounds(paragraph: str) -> set[int]:
    paragraph = " ".join(paragraph.split())
    spaces = {i for i, ch in enumerate(paragraph) if ch == " "}
    return {0, len(paragraph)} | spaces | {i + 1 for i in spaces}  # a line ends before a space, the next begins after


COMPOUNDS = load_compounds(ROOT / "locales" / "km" / "compounds.txt")


def _icu_bounds(paragraph: str) -> set[int]:
    """Where a line may end: between ICU's words, and at a listed compound's ends (khmer_breaks.py: where ICU
    reads a compound's last syllable with the next word, the compound's end is a word's end)."""
    paragraph = " ".join(paragraph.split())
    bounds, position = _space_bounds(paragraph), 0
    for word in khmer_words(paragraph):
        position += len(word)
        bounds.add(position)
    broken, position = break_khmer(paragraph, COMPOUNDS), 0
    for char in broken:
        if char == ZWSP:
            bounds.add(position)
        else:
            position += 1
    return bounds


@pytest.mark.parametrize("lang_set", ["km", "km+en"])
@pytest.mark.parametrize("kind", ["dossier", "press", "minutes"])
def test_long_khmer_wraps_inside_its_box(kind: str, lang_set: str, render: Callable[[Path, str], Path]) -> None:
    pdf = render(LONG_KHMER / KHMER_RECORDS[kind], lang_set)
    assert check_pdf(pdf) == []


@pytest.mark.parametrize("lang_set", ["km", "km+en"])
@pytest.mark.parametrize("kind", ["dossier", "press", "minutes"])
def test_khmer_lines_end_only_between_icu_words(kind: str, lang_set: str, render: Callable[[Path, str], Path]) -> None:
    record = LONG_KHMER / KHMER_RECORDS[kind]
    lines = pdf_text(render(record, lang_set), "-raw").splitlines()
    paragraphs = _long_texts(record, "km")
    assert paragraphs
    for paragraph in paragraphs:
        spans = drawn_lines(paragraph, lines)
        assert len(spans) >= 2, f"not found drawn over several lines: {paragraph[:50]}"
        bounds = _icu_bounds(paragraph)
        inside = [(start, end) for start, end in spans if start not in bounds or end not in bounds]
        assert not inside, f"lines that start or end inside an ICU word: {inside}"


def test_the_200_character_run_has_no_space() -> None:
    runs = [text for text in _long_texts(LONG_KHMER / "project.yaml", "km") if " " not in text]
    assert runs and len(runs[0]) >= 200


def test_compounds_of_the_project_list_are_never_split() -> None:
    compounds = load_compounds(ROOT / "locales" / "km" / "compounds.txt")
    text = "ក្រសួងបរិស្ថាននៃព្រះរាជាណាចក្រកម្ពុជាបានអនុម័តគម្រោង"
    assert "ព្រះរាជាណាចក្រ" + ZWSP + "កម្ពុជា" in break_khmer(text)
    kept = break_khmer(text, compounds)
    assert "ព្រះរាជាណាចក្រកម្ពុជា" in kept and kept.count(ZWSP) == break_khmer(text).count(ZWSP) - 1
    html = typeset_html(f'<p lang="km">{text}</p>', compounds)
    assert "ព្រះរាជាណាចក្រកម្ពុជា" in html


def test_breaks_never_fall_inside_a_grapheme_cluster() -> None:
    import icu

    text = _long_texts(LONG_KHMER / "project.yaml", "km")[-1]
    broken = break_khmer(text)
    clusters = icu.BreakIterator.createCharacterInstance(icu.Locale("km"))
    clusters.setText(icu.UnicodeString(text))
    cluster_bounds = {0, *clusters}
    position = 0
    for piece in broken.split(ZWSP)[:-1]:
        position += len(piece)
        assert position in cluster_bounds, f"a break inside a cluster at {position}"
    assert broken.replace(ZWSP, "") == text


@pytest.mark.parametrize("lang_set", ["ko", "ko+en", "ko+km"])
def test_korean_words_are_never_split_across_lines(lang_set: str, render: Callable[[Path, str], Path]) -> None:
    record = LONG_KOREAN / "project.yaml"
    pdf = render(record, lang_set)
    lines = pdf_text(pdf, "-raw").splitlines()
    paragraphs = _long_texts(record, "ko", minimum=60)
    over_long = max(re.findall("[\uac00-\ud7a3]{60,}", " ".join(paragraphs)), key=len)
    broke_the_long_token = False
    for paragraph in paragraphs:
        spans = drawn_lines(paragraph, lines)
        assert spans, f"not found drawn: {paragraph[:30]}"  # on one line, when it fits, it splits nothing
        text = " ".join(paragraph.split())
        long_at = text.find(over_long)
        allowed = _space_bounds(text)
        if long_at != -1:
            allowed |= set(range(long_at, long_at + len(over_long) + 2))  # it may break anywhere, and must
        inside = [text[start:end] for start, end in spans if start not in allowed or end not in allowed]
        assert not inside, f"lines that split an eojeol: {inside}"
        broke_the_long_token |= any(long_at < end < long_at + len(over_long) for _, end in spans if long_at != -1)
    assert broke_the_long_token, "the over-long token did not break"
    assert check_pdf(pdf) == [], "the over-long token overflowed its box"


@pytest.mark.parametrize("record", ALL_SAMPLES, ids=lambda path: f"{path.parent.name}/{path.stem}")
@pytest.mark.parametrize("lang_set", ["ko", "km", "en", "ko+en", "km+en", "ko+km"])
def test_sample_documents_pass_the_layout_check(record: Path, lang_set: str,
                                                render_record: Callable[[Path, str], Path]) -> None:
    assert check_pdf(render_record(record, lang_set)) == []


def _without_and_with_khmer_breaks(body: str, tmp_path: Path) -> tuple[Path, Path]:
    """A page rendered straight (no typeset stage: Khmer cannot wrap), and through the typeset stage."""
    html = f'<html lang="km"><head><link rel="stylesheet" href="css/print.css"></head><body>{body}</body></html>'
    templates = ROOT / "templates"
    broken, fixed = tmp_path / "broken.pdf", tmp_path / "fixed.pdf"
    broken.write_bytes(write_pdf(html, base_url=templates, allowed_roots=[templates]))
    fixed.write_bytes(write_pdf(typeset_html(html), base_url=templates, allowed_roots=[templates]))
    return broken, fixed


def _unbroken_run() -> str:
    return next(text for text in _long_texts(LONG_KHMER / "project.yaml", "km") if " " not in text)


def test_check_command_reports_overflow_and_overlap(tmp_path: Path) -> None:
    broken, fixed = _without_and_with_khmer_breaks(
        f'<div class="pair"><p lang="km" class="col">{_unbroken_run()}</p>'
        f'<p lang="en" class="col">{"English words " * 12}</p></div>', tmp_path)
    result = CliRunner().invoke(main, ["check", str(broken)])
    assert result.exit_code == 1
    assert "page 1: overflow:" in result.stderr and "page 1: overlap:" in result.stderr
    result = CliRunner().invoke(main, ["check", str(fixed)])
    assert result.exit_code == 0, result.stderr


def test_check_reports_text_that_runs_across_a_table_rule(tmp_path: Path) -> None:
    broken, fixed = _without_and_with_khmer_breaks(
        f'<table style="table-layout: fixed"><tr><td style="width: 30%">{_unbroken_run()[:60]}</td>'
        f"<td>ខ</td></tr></table>", tmp_path)
    assert {finding.kind for finding in check_pdf(broken)} == {"crosses-rule"}
    assert check_pdf(fixed) == []


def test_layout_check_margins_are_those_of_the_stylesheet() -> None:
    css = (ROOT / "templates" / "css" / "print.css").read_text(encoding="utf-8")
    margin = re.search(r"@page \{[^}]*?margin: ([\d.]+)mm ([\d.]+)mm ([\d.]+)mm ([\d.]+)mm", css)
    assert margin is not None
    assert float(margin[2]) == float(margin[4]) == PAGE_MARGIN_X_MM


def test_an_official_korean_date_never_breaks() -> None:
    from dossiergen.render.typeset import WORD_JOINER, keep_eojeol_whole

    joined = keep_eojeol_whole("승인(2025. 7. 18.)에 따라")
    # no break opportunity after either space of the date (the digits are joined as well)
    assert re.search(f"5{WORD_JOINER}?\\. {WORD_JOINER}7{WORD_JOINER}?\\. {WORD_JOINER}1", joined), repr(joined)
    assert joined.replace(WORD_JOINER, "") == "승인(2025. 7. 18.)에 따라"


def test_check_refuses_a_file_that_is_not_a_pdf(tmp_path: Path) -> None:
    notes = tmp_path / "notes.pdf"
    notes.write_text("minutes of the meeting", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(notes)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{notes}: not a PDF that can be read:") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


# --- contents and running heads (issue 18: a typographic review) --------------------------------

def _contents_lines(pdf: Path) -> list[list[dict[str, Any]]]:
    """The characters of each line of the contents page (the second) that ends in a page number."""
    with pdfplumber.open(pdf) as document:
        page = document.pages[1]
        chars = [char for char in page.chars if BODY_TOP < char["top"] < page.height - BODY_BOTTOM]
    lines: dict[int, list[dict[str, Any]]] = {}
    for char in chars:
        lines.setdefault(round(char["bottom"]), []).append(char)
    ends = [sorted(line, key=lambda char: char["x0"]) for line in lines.values()]
    return [line for line in ends if line[-1]["text"].translate(FROM_KHMER_DIGITS).isdigit()]


@pytest.mark.parametrize("lang_set", ["ko+en", "km+en", "ko+km+en"])
def test_contents_page_numbers_stand_flush_right_after_leaders(lang_set: str,
                                                               render_sample: Callable[[str, str], Path]) -> None:
    lines = _contents_lines(render_sample("dossier", lang_set))
    assert len(lines) >= 12, "every section and the annex have their page"
    right = (210 - PAGE_MARGIN_X_MM) * MM
    for line in lines:
        assert abs(line[-1]["x1"] - right) < 0.6, "the numbers end on the text's right edge, one under the other"
        start = len(line)
        while start and line[start - 1]["text"].translate(FROM_KHMER_DIGITS).isdigit():
            start -= 1
        before = [char["text"] for char in line[:start] if char["text"].strip()][-5:]
        assert before == ["."] * 5, f"dot leaders lead to the number: {''.join(before)!r}"


def _running_section(pdf: Path) -> list[str]:
    """Each page's running section (the head at the top right), as text."""
    with pdfplumber.open(pdf) as document:
        return [" ".join((page.crop((page.width * 0.6, BODY_TOP - 8 * MM, page.width, BODY_TOP)).extract_text()
                          or "").split()) for page in document.pages]


def test_the_running_head_names_the_section_in_effect_at_the_top_of_the_page(
        render_sample: Callable[[str, str], Path]) -> None:
    pdf = render_sample("dossier", "ko+en")
    heads, tops = _running_section(pdf), page_texts(pdf, "-y", str(round(BODY_TOP)), "-H", "740", "-W", "595")
    starts = [(title.split(" / ")[0], page) for title, page in bookmarks(pdf)[1:12]]  # "5. 방법론 및 산정", 9
    mid_page = 0
    for page in range(starts[0][1], starts[-1][1] + 1):
        first_line = next(line.strip() for line in tops[page - 1].splitlines() if line.strip())
        opening = [head for head, start in starts if start == page and first_line.startswith(head)]
        before = [head for head, start in starts if start < page]
        expected = opening[0] if opening else before[-1]
        assert heads[page - 1] == expected, f"page {page} opens with {first_line!r}"
        mid_page += bool(not opening and any(start == page for _, start in starts))
    assert mid_page, "a page that opens inside a section and starts the next one below names the first"


def test_the_running_head_adapter_refuses_an_untested_weasyprint(monkeypatch: pytest.MonkeyPatch) -> None:
    import weasyprint

    from dossiergen.errors import PdfError
    from dossiergen.render.pdf import running_start

    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    with pytest.raises(PdfError, match="WeasyPrint 71.0 is not one the running head adapter was tested with"):
        running_start.check_compatible()
    assert running_start.PATCH.original is None or running_start.installed()


PRESS = ROOT / "dossiers" / "kh-emoto" / "press-2025-07-21.yaml"
MINUTES = ROOT / "dossiers" / "kh-emoto" / "minutes-wg-01.yaml"
GNZC = ROOT / "dossiers" / "gnzc-2024" / "press.yaml"
IDENTIFIERS = ("MOE-KH/LoA/2025/003", "MOE-KH/LoNO/2024/017", "MOE-KH/TA/2025/009", "2/CMA.3", "6/CMA.4", "AMS-III.C")


@pytest.mark.parametrize("lang_set", ["ko+en", "km+en"])
def test_identifiers_are_never_split_across_lines(lang_set: str, render: Callable[[Path, str], Path]) -> None:
    pdf = render(PRESS, lang_set)
    lines = pdf_text(pdf, "-layout").splitlines()
    whole = "".join(pdf_text(pdf).split())
    for identifier in IDENTIFIERS:
        # the minutes' AMS-III.C is not in the notice: the others are
        assert whole.count(identifier) >= (identifier != "AMS-III.C"), identifier
        assert sum(line.count(identifier) for line in lines) == whole.count(identifier), f"{identifier} is split"


def test_identifiers_and_a_titles_compounds_keep_their_joiners() -> None:
    from dossiergen.render.typeset.kept_whole import keep_compounds_whole, keep_identifiers_whole

    note = keep_identifiers_whole("The Letter MOE-KH/LoA/2025/003 (2/CMA.3), https://a.org/b-c/1, a well-known "
                                  "name, AMS-III.C")
    assert note.count(WORD_JOINER) == 6 and "https://a.org/b-c/1" in note and "well-known" in note
    assert keep_compounds_whole("first working-group meeting, 2025-2030") == f"first working-{WORD_JOINER}group " \
                                                                                "meeting, 2025-2030"
    html = typeset_html('<h1 lang="en">working-group</h1><p lang="en">working-group MOE-KH/LoA/2025/003</p>')
    assert html.count(WORD_JOINER) == 1 + 4


def test_a_titles_compound_does_not_break_at_its_hyphen(render: Callable[[Path, str], Path]) -> None:
    lines = [line.strip() for line in pdf_text(render(MINUTES, "ko+en"), "-layout", "-l", "1").splitlines()]
    assert not [line for line in lines if re.search(r"[A-Za-z]-$", line)]
    assert [line for line in lines if "working-group meeting" in line]


def test_a_specimen_mark_never_begins_a_line(render: Callable[[Path, str], Path]) -> None:
    """A mark ``[SPECIMEN]`` (bold) is set on the line of the word it follows, in each language."""
    import pdfplumber

    for record in (GNZC, PRESS):
        with pdfplumber.open(render(record, "km+en")) as document:
            for page in document.pages:
                marks = [char for char in page.chars if char["text"] == "[" and "Bold" in char["fontname"]]
                for mark in marks:
                    before = [char for char in page.chars if abs(char["matrix"][5] - mark["matrix"][5]) < 2
                              and mark["x0"] - 20 < char["x1"] <= mark["x0"] + 0.5 and char["text"].strip()]
                    assert before, f"{record.parent.name} p. {page.page_number}: a mark begins a line"


@pytest.mark.parametrize("record", ALL_SAMPLES, ids=lambda path: f"{path.parent.name}/{path.stem}")
@pytest.mark.parametrize("lang_set", ["ko+en", "km+en"])
def test_one_spelling_of_the_tonne_of_co2_equivalent(record: Path, lang_set: str,
                                                     render: Callable[[Path, str], Path]) -> None:
    """tCO₂e, as the catalogs and the UNFCCC write it; never t CO₂e nor t CO₂ eq."""
    text = pdf_text(render(record, lang_set))
    assert not re.search(r"t\s+CO[2₂]\s*e\b|CO[2₂]\s*eq\b|tCO2e", text)


def test_the_typeset_stage_keeps_a_specimen_mark_with_its_word_but_in_a_figures_cell() -> None:
    mark = '<span class="specimen">[SPECIMEN]</span>'
    html = typeset_html(f'<p lang="en">shared over the vintages {mark} and</p>'
                        f'<table><tr><td class="num">7,615 {mark}</td><td>of 15 September 2025 {mark}</td></tr></table>'
                        f'<p lang="en">after the table {mark}</p>')
    assert f'the <span class="with-mark">vintages {mark}</span> and' in html
    assert f'<td class="num">7,615 {mark}</td>' in html  # a value's mark may go below it in a narrow column
    # a text cell (the letter's references) keeps its mark with the word, as running text does; so does what follows
    assert f'15 September <span class="with-mark">2025 {mark}</span></td>' in html
    assert f'the <span class="with-mark">table {mark}</span></p>' in html
