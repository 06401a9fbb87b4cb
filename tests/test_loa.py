"""The Letter of Authorization (``--kind loa``), checked on the PDF.

Every sample project renders as a letter in km+en, ko and en, with no layout fault. On the PDF:
the Cambodian heading block (its text, centred on the page, each glyph drawn from the embedded
Khmer OS Muol Light program), the Khmer lunar and solar date lines of a letter dated on a day
whose lunar date line Cambodia published whole (``tests/data/khmer_lunar_dates.yaml``), the DRAFT
band on every page until the record attaches the signed scan and none with it, and the
"Unofficial translation" band on every page of a translation, in its language, and on no page of
the text of record. Parts are told apart by the PDF's outline: each part's title is a bookmark.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

import pdfplumber
import pikepdf
import pytest
import yaml
from click.testing import CliRunner
from fontTools.ttLib import TTFont

from dossiergen.batch.outputs import output_name
from dossiergen.cli.main import main
from dossiergen.documents.loa import letter_convention, part_order
from dossiergen.documents.requirements import requirements
from dossiergen.documents.tree import Paragraph, Text, in_language
from dossiergen.formats.pdf import render_document
from dossiergen.i18n.formatting import DEFAULT_CONVENTIONS, Formatter
from dossiergen.i18n.languages import parse_langs
from dossiergen.models import ProjectRecord
from dossiergen.records.loading import load_record
from dossiergen.render.context import RenderContext, build_context
from dossiergen.render.layout_check import check_pdf

from .conftest import DATA, ROOT, squeeze

PROJECTS = sorted((ROOT / "dossiers").glob("*/project.yaml"))
KH = ROOT / "dossiers" / "kh-emoto" / "project.yaml"
BD = ROOT / "dossiers" / "bd-solar-irrigation" / "project.yaml"
PUBLISHED = DATA / "valid" / "loa-published-date" / "project.yaml"
SIGNED = DATA / "valid" / "signed-loa" / "project.yaml"
LUNAR_DATES = yaml.safe_load((DATA / "khmer_lunar_dates.yaml").read_text(encoding="utf-8"))
SOLAR_MONTHS = ("មករា", "កុម្ភៈ", "មីនា", "មេសា", "ឧសភា", "មិថុនា", "កក្កដា", "សីហា", "កញ្ញា", "តុលា", "វិច្ឆិកា",
                "ធ្នូ")
"""The solar months as Cambodian letters write them, to state the expected solar line without Babel."""
KHMER_DIGITS = str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩")
MUOL_LIGHT = "Khmer OS Muol Light"


def context(record: Path, lang_set: str) -> RenderContext:
    return build_context(load_record(record), parse_langs(lang_set), kind="loa")


def page_texts(pdf: Path) -> list[str]:
    """Each page's text as poppler reads it (Khmer through /ActualText)."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True,
                         text=True).stdout
    return out.split("\f")[:-1]


def page_lines(pdf: Path, page: int) -> list[tuple[str, float, float, float, float]]:
    """The lines poppler finds on ``page`` (1-based): text, x0, top, x1, bottom in points."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page), "-bbox-layout", str(pdf),
                          "-"], check=True, capture_output=True, text=True).stdout
    namespace = {"x": "http://www.w3.org/1999/xhtml"}
    lines = []
    for line in ElementTree.fromstring(out).iterfind(".//x:line", namespace):
        words = " ".join(word.text or "" for word in line.iterfind("x:word", namespace))
        x0, top, x1, bottom = (float(line.get(key, "0")) for key in ("xMin", "yMin", "xMax", "yMax"))
        lines.append((words, x0, top, x1, bottom))
    return lines


def parts(pdf: Path, langs: tuple[str, ...]) -> list[tuple[str, range]]:
    """Each part of the letter (its language) with its pages, from the outline: a part's title is a bookmark."""
    with pikepdf.open(pdf) as document:
        pages = {page.objgen: number for number, page in enumerate(document.pages, 1)}
        with document.open_outline() as outline:
            starts = [pages[item.destination[0].objgen] for item in outline.root]
        count = len(document.pages)
    assert len(starts) == len(langs), starts
    ends = [*starts[1:], count + 1]
    return [(lang, range(start, end)) for lang, start, end in zip(langs, starts, ends, strict=True)]


def embedded_families(pdf: Path, page: int) -> dict[str, str]:
    """Each font of ``page`` by its PDF name, with the family its embedded program names itself."""
    families = {}
    with pikepdf.open(pdf) as document:
        for font in document.pages[page - 1].Resources.Font.values():
            descriptor = font.DescendantFonts[0].FontDescriptor if "/DescendantFonts" in font else font.FontDescriptor
            program = TTFont(io.BytesIO(descriptor.FontFile2.read_bytes()))
            families[str(font.BaseFont).lstrip("/")] = program["name"].getDebugName(1)
    return families


# --- every sample, every language set -----------------------------------------------------------------

@pytest.mark.parametrize("lang_set", ["km+en", "ko", "en"])
@pytest.mark.parametrize("record", PROJECTS, ids=lambda path: path.parent.name)
def test_every_sample_project_renders_as_a_letter(record: Path, lang_set: str,
                                                  render_loa: Callable[[Path, str], Path]) -> None:
    pdf = render_loa(record, lang_set)
    assert check_pdf(pdf) == []
    ctx = context(record, lang_set)
    project = ctx.record.data
    assert isinstance(project, ProjectRecord)
    order = part_order(ctx.langs, letter_convention(project.host_party.code).language)
    texts = page_texts(pdf)
    for lang, pages in parts(pdf, order):
        text = squeeze("".join(texts[page - 1] for page in pages))
        for expected in (ctx.translate("LETTER OF AUTHORIZATION")[lang], project.authorization.letter.number,
                         project.authorization.id, ctx.text(project.authorization.letter.signatory.name)[lang],
                         ctx.translate("Elements of the authorization")[lang]):
            assert squeeze(expected) in text, f"{expected!r} not in the {lang} part"


@pytest.mark.parametrize("lang_set", ["km+en", "ko"])
def test_the_letters_band_stands_clear_below_the_specimen_band(lang_set: str,
                                                               render_loa: Callable[[Path, str], Path]) -> None:
    """Two boxes in the top margin of each page, one under the other: the Khmer specimen line (taller than the
    Latin) once ran under the letter's DRAFT band, which hid its foot."""
    with pdfplumber.open(render_loa(KH, lang_set)) as pdf:
        for page in pdf.pages:
            boxes = sorted({(round(rect["top"], 1), round(rect["bottom"], 1)) for rect in page.rects
                            if rect["bottom"] < 24 * 72 / 25.4 and rect["width"] > page.width / 2})
            specimen, band = boxes[0], boxes[-1]
            assert specimen[1] < band[0], (page.page_number, boxes)
            text = [char for char in page.chars if char["bottom"] <= specimen[1] + 0.5]
            assert text and all(char["top"] >= specimen[0] for char in text)


# --- the Cambodian heading block --------------------------------------------------------------------------

def test_the_heading_block_is_centred_and_set_in_khmer_os_muol_light(render_loa: Callable[[Path, str], Path]) -> None:
    pdf = render_loa(KH, "km+en")
    ctx = context(KH, "km+en")
    heading = [ctx.translate("Kingdom of Cambodia")["km"], ctx.translate("Nation Religion King")["km"]]
    assert heading == ["ព្រះរាជាណាចក្រកម្ពុជា", "ជាតិ សាសនា ព្រះមហាក្សត្រ"]
    lines = page_lines(pdf, 1)
    texts = [line[0] for line in lines]
    first = texts.index(heading[0])
    assert texts[first + 1] == heading[1]
    assert all(not re.search("[\u1780-\u17ff]", text) or "សេចក្តីព្រាង" in text or "គំរូ៖" in text
               for text in texts[:first]), "only the bands (draft, specimen) are above the heading"
    families = embedded_families(pdf, 1)
    with pdfplumber.open(pdf) as document:
        page = document.pages[0]
        middle = float(page.width) / 2
        for text, x0, top, x1, bottom in lines[first:first + 2]:
            assert abs((x0 + x1) / 2 - middle) < 1.5, f"{text!r} is not centred"
            glyphs = [char for char in page.chars if char["text"].strip()
                      and top - 0.5 <= (char["top"] + char["bottom"]) / 2 <= bottom + 0.5]
            assert glyphs
            assert {families[char["fontname"]] for char in glyphs} == {MUOL_LIGHT}, text
            assert min(char["x0"] for char in glyphs) >= x0 - 1 and max(char["x1"] for char in glyphs) <= x1 + 1
        # the text of the letter is not: Muol Light is for the heading, the ministry and the title
        body = next(line for line in lines if line[0].startswith("លិខិតនេះទាក់ទងនឹងគម្រោង"))
        glyphs = [char for char in page.chars if body[2] <= (char["top"] + char["bottom"]) / 2 <= body[4]]
        assert MUOL_LIGHT not in {families[char["fontname"]] for char in glyphs}


def test_a_letter_of_a_host_without_a_sourced_heading_carries_the_states_name_alone(
        render_loa: Callable[[Path, str], Path]) -> None:
    text = page_texts(render_loa(BD, "en"))[0]
    assert "PEOPLE'S REPUBLIC OF BANGLADESH" in text
    assert "Ministry of Environment, Forest" in text
    assert "KINGDOM" not in text and "Unofficial translation" not in text


# --- the date lines -----------------------------------------------------------------------------------------

def test_the_lunar_and_solar_date_lines_are_the_published_ones(render_loa: Callable[[Path, str], Path]) -> None:
    record = load_record(PUBLISHED)
    assert isinstance(record.data, ProjectRecord)
    day = record.data.authorization.letter.date
    published = next(row["published"] for row in LUNAR_DATES["lines"] if row["date"] == day)
    assert published == "ថ្ងៃសៅរ៍ ២រោច ខែបឋមាសាឍ ឆ្នាំឆ្លូវ ត្រីស័ក ព.ស.២៥៦៥"  # printed as the letter prints it
    solar = f"រាជធានីភ្នំពេញ ថ្ងៃទី{day.day} ខែ{SOLAR_MONTHS[day.month - 1]} ឆ្នាំ{day.year}".translate(KHMER_DIGITS)
    assert solar == "រាជធានីភ្នំពេញ ថ្ងៃទី២៦ ខែមិថុនា ឆ្នាំ២០២១"
    texts = [line[0] for line in page_lines(render_loa(PUBLISHED, "km+en"), 1)]
    assert published in texts
    assert texts[texts.index(published) + 1] == solar
    assert texts.index(published) > texts.index("លេខ៖ LoA-2021-001")


def test_the_formal_solar_date_is_the_published_one() -> None:
    """The solar part of the Ministry of Cults and Religion's statement of 20 April 2018."""
    row = next(row for row in LUNAR_DATES["parts"] if row["date"] == dt.date(2018, 4, 30))
    match = re.search(r"ថ្ងៃទី\S+ ខែ\S+ ឆ្នាំ\S+", row["published"])
    assert match is not None
    formatter = Formatter("km", DEFAULT_CONVENTIONS["loa"])
    assert formatter.date(row["date"]) == match[0].rstrip("\"”") == "ថ្ងៃទី៣០ ខែមេសា ឆ្នាំ២០១៨"


def test_a_translation_dates_the_letter_without_the_lunar_line(render_loa: Callable[[Path, str], Path]) -> None:
    lines = [line[0] for line in page_lines(render_loa(PUBLISHED, "km+en"), 4)]
    assert "Phnom Penh, 26 June 2021" in lines
    assert not any("ព.ស." in line for line in lines)


def test_a_letter_date_outside_the_lunar_calendar_is_a_located_problem() -> None:
    record = load_record(PUBLISHED)
    assert isinstance(record.data, ProjectRecord)
    authorization = record.data.authorization
    letter = authorization.letter.model_copy(update={"date": dt.date(1899, 12, 30)})
    data = record.data.model_copy(update={"authorization": authorization.model_copy(update={"letter": letter})})
    old = dataclasses.replace(record, data=data)
    problems = requirements("loa", old, ("km", "en"))
    assert [problem.field for problem in problems] == ["authorization.letter.date"]
    assert "1899-12-30: the Khmer lunar date line of the letter is computed for 1900 to 2100 only" in str(problems[0])
    assert requirements("loa", old, ("ko", "en")) == [] and requirements("dossier", old, ("km", "en")) == []


# --- the DRAFT band and the signed copy ----------------------------------------------------------------------

def test_an_unsigned_letter_carries_the_draft_band_on_every_page(render_loa: Callable[[Path, str], Path]) -> None:
    pdf = render_loa(PUBLISHED, "km+en")
    ctx = context(PUBLISHED, "km+en")
    band = ctx.translate("DRAFT: not signed")
    texts = page_texts(pdf)
    for lang, pages in parts(pdf, ("km", "en")):
        for page in pages:
            assert squeeze(band[lang]) in squeeze(texts[page - 1]), f"no DRAFT band on page {page}"
    assert squeeze(ctx.translate("Signature and seal")["km"]) in squeeze("".join(texts))


def test_a_signed_letter_has_no_draft_band_and_says_it_is_a_copy(render_loa: Callable[[Path, str], Path]) -> None:
    pdf = render_loa(SIGNED, "km+en")
    ctx = context(SIGNED, "km+en")
    text = squeeze("".join(page_texts(pdf)))
    for lang in ("km", "en"):
        assert squeeze(ctx.translate("DRAFT")[lang]) not in text
        copy = ctx.translate("This is a copy of the signed letter: the scan of the signed and sealed letter is its"
                             " annex of record.")
        assert squeeze(copy[lang]) in text
    assert "DRAFT" not in text and squeeze("Unofficial translation") in text
    assert check_pdf(pdf) == []


# --- translations --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("record", "lang_set", "record_lang"), [
    (KH, "km+en", "km"), (KH, "ko", "km"), (BD, "km+en", "en"), (BD, "en", "en")],
    ids=["kh-km+en", "kh-ko", "bd-km+en", "bd-en"])
def test_every_page_of_a_translation_says_so_in_its_language(record: Path, lang_set: str, record_lang: str,
                                                              render_loa: Callable[[Path, str], Path]) -> None:
    pdf = render_loa(record, lang_set)
    ctx = context(record, lang_set)
    marking = ctx.translate("Unofficial translation")
    texts = page_texts(pdf)
    for lang, pages in parts(pdf, part_order(ctx.langs, record_lang)):
        for page in pages:
            marked = [each for each in ctx.langs if squeeze(marking[each]) in squeeze(texts[page - 1])]
            assert marked == ([] if lang == record_lang else [lang]), f"page {page} ({lang}): marked in {marked}"


def test_the_text_of_record_comes_first() -> None:
    assert letter_convention("KHM").language == "km" and letter_convention("KHM").lunar_date
    for host in ("BGD", "VNM"):
        assert letter_convention(host).language == "en" and letter_convention(host).heading == ()
    assert part_order(("ko", "km", "en"), "km") == ("km", "ko", "en")
    assert part_order(("km", "en"), "en") == ("en", "km")
    assert part_order(("ko",), "km") == ("ko",)


def test_a_part_keeps_its_own_language_only() -> None:
    both = Paragraph(Text.of({"km": "ក", "en": "A"}))
    assert in_language(both, "en") == Paragraph(Text.of({"en": "A"}))


# --- the command line and the file names ---------------------------------------------------------------------

def test_the_letter_is_written_beside_the_dossier_not_over_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    record = load_record(SIGNED)
    assert output_name(record, ("km", "en")) == output_name(record, ("km", "en"), "dossier") == "signed-loa.km-en.pdf"
    assert output_name(record, ("km", "en"), "loa") == "signed-loa.loa.km-en.pdf"
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["render", str(SIGNED), "--kind", "loa", "--lang", "ko"])
    assert result.exit_code == 0, result.output
    assert [path.name for path in (tmp_path / "build").iterdir()] == ["signed-loa.loa.ko.pdf"]
    with pikepdf.open(tmp_path / "build" / "signed-loa.loa.ko.pdf") as pdf:
        assert '"kind":"loa"' in str(pdf.docinfo.get("/DossiergenOptions", ""))


def test_a_kind_that_does_not_fit_the_record_is_a_usage_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["render", str(SIGNED), "--kind", "press", "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2
    assert "a project record renders as --kind dossier or loa, not press" in result.stderr
    press = ROOT / "dossiers" / "kh-emoto" / "press-2025-07-21.yaml"
    result = CliRunner().invoke(main, ["render", str(press), "--kind", "loa", "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2
    assert "a press record renders as --kind press, not loa" in result.stderr
    help_text = " ".join(CliRunner().invoke(main, ["render", "--help"]).output.split())
    assert "project: dossier (default) or loa; press: press; minutes: minutes" in help_text


def test_extract_says_how_to_render_the_letter_again(render_loa: Callable[[Path, str], Path], tmp_path: Path) -> None:
    pdf = render_loa(PUBLISHED, "km+en")
    result = CliRunner().invoke(main, ["extract", str(pdf), "-o", str(tmp_path / "project.yaml")])
    assert result.exit_code == 0, result.output
    assert "(rendered with --kind loa --lang km+en)" in result.output
    again = render_document(load_record(tmp_path / "project.yaml"), ("km", "en"), kind="loa")
    assert again == pdf.read_bytes()
