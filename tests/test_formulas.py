"""Formula typography and the vintage chart (issue 18, parts 3 and 7), asserted on the PDF.

An equation is set in Latin type in every language: its indices small and off the baseline, its
operators = + − × in the math face (U+2212 for minus, never the hyphen-minus), Latin digits even
in a Khmer-led dossier. Each index is drawn in an /ActualText span (``render/pdf/actual_text.py``),
so poppler extracts ``ER_y = BE_y − PE_y − LE_y``. The chart names its unit on the axis and has a
numbered caption in each language (marked when the bars show illustrative values), which its /Alt, in every
language of the document, begins with.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import docx
import pdfplumber
import pikepdf
import pytest

from dossiergen.documents.blocks import chemical
from dossiergen.documents.kinds import build_document
from dossiergen.documents.tree import Paragraph, Run, Text
from dossiergen.formats.docx import render_docx
from dossiergen.formats.hwpx import render_hwpx
from dossiergen.formats.post import _PostWriter
from dossiergen.i18n.languages import parse_langs
from dossiergen.records.loading import load_record
from dossiergen.render.context import build_context
from dossiergen.render.pdf.actual_text import index_text

from .conftest import ROOT, SAMPLES, pdf_text, squeeze

KHMER_DIGIT = re.compile("[\u17e0-\u17e9]")
AFTER_THE_TABLE = re.compile("Sans|Bold")
"""The faces of what follows the equations on their page (a heading, the next table's head); a formula is set in
the regular serif and the math face."""
EQUATIONS = ("EF_{BL,km} = SFC/100 × EF_{fuel}", "t = y − y_0", "EF_{BL,km,y} = EF_{BL,km} × IR^t",
             "PE_{km} = SEC_{PJ} × EF_{grid}/(1 − TDL)", "BE_y = EF_{BL,km,y} × DD × N_y/1000",
             "PE_y = PE_{km} × DD × N_y/1000", "LE_y = LK × (BE_y − PE_y)", "ER_y = BE_y − PE_y − LE_y")
"""The kh-emoto sample's equations (AMS-III.C) as poppler extracts them."""
CAPTION = {"en": "Figure 1: ITMOs authorized and not authorized per vintage (tCO₂e)",
           "ko": "그림 1: 연도별 승인된 ITMO와 미승인분(tCO₂e)",
           "km": "រូបភាពទី ១៖ ITMO ដែលបានអនុញ្ញាត និងមិនបានអនុញ្ញាត តាមឆ្នាំ (tCO₂e)"}
"""The chart's caption (the sample has no illustration, so the chart is figure 1); Khmer numbers it in Khmer digits."""


def formula_chars(pdf: Path) -> list[dict[str, Any]]:
    """The characters of the equations table's first column (the formulas), watermark and footer left out."""
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            words = page.extract_words()
            heads = [word for word in words if word["text"] == "Equation"]
            results = [word for word in words if word["text"] == "Result"]
            if heads and results:
                head, result = heads[0], results[0]
                column = [char for char in page.chars
                          if head["x0"] - 1 <= char["x0"] < result["x0"] - 5 and char["top"] > head["bottom"]
                          and char["size"] < 20 and char["top"] < page.height * 0.9]
                # up to what follows the table on its page (drawn after it: a heading, the next table)
                ends = [index for index, char in enumerate(column) if AFTER_THE_TABLE.search(char["fontname"])]
                return column[:ends[0]] if ends else column
    raise AssertionError("no equations table")


@pytest.mark.parametrize("langs", ["ko+en", "km+en", "en"])
def test_equations_extract_as_plain_text(render_sample: Callable[[str, str], Path], langs: str) -> None:
    text = squeeze(pdf_text(render_sample("dossier", langs)))
    for equation in EQUATIONS:
        assert squeeze(equation) in text, equation


@pytest.mark.parametrize("langs", ["ko+en", "km+en", "en"])
def test_formulas_are_typeset(render_sample: Callable[[str, str], Path], langs: str) -> None:
    chars = formula_chars(render_sample("dossier", langs))
    base = max(char["size"] for char in chars)
    # the indices: smaller, their baseline (the text matrix's f) lower than their symbol's, or higher (IR^t)
    indices = [(previous, char) for previous, char in zip(chars, chars[1:], strict=False)
               if char["size"] < base * 0.8 < previous["size"] and previous["text"].isalpha()]
    assert all(index["size"] == pytest.approx(base * 0.7, rel=0.02) for _, index in indices)
    shifts = [index["matrix"][5] - symbol["matrix"][5] for symbol, index in indices]
    lowered, raised = [shift for shift in shifts if shift < -1], [shift for shift in shifts if shift > 2]
    assert len(lowered) >= 20 and len(raised) == 1 and len(lowered) + len(raised) == len(shifts), shifts
    # minus U+2212 in the math face, the other operators too; no hyphen-minus anywhere in a formula
    operators = [char for char in chars if char["text"] in "=+−×"]
    assert {char["text"] for char in operators} == {"=", "−", "×"}
    assert all("DG-Math" in char["fontname"] for char in operators)
    assert "-" not in "".join(char["text"] for char in chars)
    # Latin digits in every language, a Khmer-led dossier's too
    formulas = "".join(char["text"] for char in chars)
    assert "/100×" in formulas.replace(" ", "") and "/1000" in formulas and not KHMER_DIGIT.search(formulas)


@pytest.mark.parametrize("langs", ["ko+en", "km+en"])
def test_the_chart_has_its_unit_caption_and_alternative(render_sample: Callable[[str, str], Path],
                                                       langs: str) -> None:
    pdf = render_sample("dossier", langs)
    text = squeeze(pdf_text(pdf))
    for lang in langs.split("+"):
        assert squeeze(CAPTION[lang]) in text, CAPTION[lang]
    # the sample's estimate is illustrative, so each vintage's share is: the caption under the bars says so
    marks = build_context(load_record(SAMPLES["dossier"]), parse_langs(langs)).localizer.specimen
    assert marks is not None
    # in content order (-raw): beside a parallel column the layout reading may set the mark after its neighbour
    raw = squeeze(pdf_text(pdf, "-raw"))
    for lang in langs.split("+"):
        assert squeeze(f"{CAPTION[lang]} {marks[lang]}") in raw
    with pikepdf.open(pdf) as document:
        alts = [str(element.Alt) for element in _figures(document.Root.StructTreeRoot) if "/Alt" in element]
    (alt,) = [alt for alt in alts if "tCO₂e" in alt]
    # the alternative in each language, the first first: what the caption says, then each bar's values, marked
    parts = alt.split(" / ")
    assert len(parts) == len(langs.split("+"))
    for lang, part in zip(langs.split("+"), parts, strict=True):
        assert part.startswith(f"{CAPTION[lang]} {marks[lang]}: ")
        assert part.count("tCO₂e") == part.count(marks[lang]) == 1 + 2 * 10
    # the axis's unit above its five tick labels, right-aligned with them
    with pdfplumber.open(pdf) as document:
        axes = [[other["text"] for other in words
                 if abs(other["x1"] - word["x1"]) < 1 and word["bottom"] < other["top"] < word["bottom"] + 175]
                for words in (page.extract_words() for page in document.pages)
                for word in words if word["text"] == "tCO₂e"]
    assert [ticks for ticks in axes if ticks[-1:] in (["0"], ["០"])], "no unit over the chart's axis"


def _figures(node: Any) -> list[Any]:
    found = []
    kids = node.get("/K")
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
        if isinstance(kid, pikepdf.Dictionary):
            if kid.get("/S") == "/Figure":
                found.append(kid)
            found += _figures(kid)
    return found


def test_running_text_writes_co2_with_its_subscript(render_sample: Callable[[str, str], Path]) -> None:
    text = pdf_text(render_sample("dossier", "km+en"))
    assert "tCO₂e" in text and "kg CO₂/km" in text and "CH₄ 28, N₂O 265" in text
    # the Agreed Electronic Format's preview too, in the Khmer column's digits; only the workbook keeps "CO2"
    assert squeeze("CO₂ ១, CH₄ ២៨, N₂O ២៦៥") in squeeze(text)
    assert [line for line in text.splitlines() if "CO2" in line] == []


def test_chemical_formulas_and_indices_as_text() -> None:
    assert chemical("kg CO2/km, t CO2e/t CH4, tCO2e, N2O") == "kg CO₂/km, t CO₂e/t CH₄, tCO₂e, N₂O"
    assert chemical("EF_CO2 CO2x") == "EF_CO2 CO2x"  # a symbol's index and a word are left alone
    assert index_text("_", "y") == "_y" and index_text("_", "BL,km") == "_{BL,km}" and index_text("^", "t") == "^t"


def test_the_web_post_writes_an_index_as_html() -> None:
    runs = (Run("ER"), Run("y", "sub"), Run(" = 2"), Run("3", "sup"))
    assert _PostWriter("en").runs(runs) == "ER<sub>y</sub> = 2<sup>3</sup>"


def _with_an_equation(langs: tuple[str, ...]) -> tuple[Any, Any]:
    """The sample press notice's context and tree, with a paragraph holding ``ER_y = 2^3`` at its end."""
    ctx = build_context(load_record(SAMPLES["press"]), langs)
    document = build_document(ctx)
    runs = (Run("ER"), Run("y", "sub"), Run(" = 2"), Run("3", "sup"))
    return ctx, replace(document, blocks=(*document.blocks, Paragraph(Text.same(langs, runs), "single")))


def test_the_word_and_hangul_exports_set_indices_as_their_sub_and_superscripts() -> None:
    ctx, document = _with_an_equation(("ko",))
    word = docx.Document(io.BytesIO(render_docx(ctx, document)))
    scripts = {run.text: (run.font.subscript, run.font.superscript) for paragraph in word.paragraphs
               for run in paragraph.runs if run.text in ("y", "3")}
    assert scripts == {"y": (True, False), "3": (False, True)}
    with zipfile.ZipFile(io.BytesIO(render_hwpx(ctx, document))) as hangul:
        header = hangul.read("Contents/header.xml").decode()
        section = hangul.read("Contents/section0.xml").decode()
    looks = dict(re.findall(r"<hh:charPr [^>]*\bid=\"(\d+)\">(.*?)</hh:charPr>", header, re.S))
    runs = dict((text, ref) for ref, text in re.findall(r'<hp:run charPrIDRef="(\d+)"[^>]*><hp:t>([^<]*)</hp:t>',
                                                          section))
    assert "<hh:subscript" in looks[runs["y"]] and "<hh:supscript" in looks[runs["3"]]


def test_korean_text_takes_its_subscript_two_from_the_latin_face(render_sample: Callable[[str, str], Path]) -> None:
    """Nanum Myeongjo draws ₂ full width ("tCO₂ e"): the Korean serif leaves it to Noto Serif (render/fonts.py)."""
    with pdfplumber.open(render_sample("dossier", "ko+en")) as document:
        faces = {char["fontname"].split("+")[-1] for page in document.pages for char in page.chars
                 if char["text"] in "₂₄"}
    assert "DG-Serif-Latin" in faces and not [face for face in faces if face.startswith("DG-Serif-Korean")]


BANGLADESH = ROOT / "dossiers" / "bd-solar-irrigation" / "project.yaml"
VIET_NAM = ROOT / "dossiers" / "vn-landfill-gas" / "project.yaml"


def formula_lines(pdf: Path) -> list[str]:
    """The lines of the equations column, each as the text of its characters at the formula's size (its
    indices left out), in reading order."""
    chars = formula_chars(pdf)
    base = max(char["size"] for char in chars)
    lines: list[list[dict[str, Any]]] = []
    for char in sorted((char for char in chars if char["size"] > base * 0.8), key=lambda char: -char["matrix"][5]):
        if lines and abs(lines[-1][0]["matrix"][5] - char["matrix"][5]) < 1:
            lines[-1].append(char)
        else:
            lines.append([char])
    return ["".join(char["text"] for char in sorted(line, key=lambda char: char["x0"])).strip() for line in lines]


@pytest.mark.parametrize("record", [BANGLADESH, VIET_NAM], ids=["bd", "vn"])
@pytest.mark.parametrize("langs", ["ko+en", "km+en"])
def test_a_formula_line_ends_only_after_equals_or_before_an_operator(
        record: Path, langs: str, render_record: Callable[[Path, str], Path]) -> None:
    lines = formula_lines(render_record(record, langs))
    continued = 0
    depth = 0
    for previous, line in zip(lines, lines[1:], strict=False):
        depth += previous.count("(") - previous.count(")")
        if "=" in line:  # the next equation begins
            assert depth == 0, previous
            continue
        continued += 1
        # never inside a term, a number or a bracket: after "=", or before + − × outside brackets
        assert previous.endswith("=") or (line[:1] in "+−×" and depth == 0), (previous, line)
    if langs == "ko+en":  # the Korean-led column is narrower: its formulas wrap (the Khmer-led one's may not)
        assert continued >= 1, "no formula wraps: the test checks nothing"


@pytest.mark.parametrize("langs", ["ko+en", "km+en"])
def test_a_word_index_prints_no_underscore(render_record: Callable[[Path, str], Path], langs: str) -> None:
    pdf = render_record(VIET_NAM, langs)
    with pdfplumber.open(pdf) as document:
        assert not [page.page_number for page in document.pages for char in page.chars if char["text"] == "_"]
    # extracted through the index's /ActualText: in the equation and in the parameter table's Source column
    text = pdf_text(pdf)
    assert "((1 − OX_{top_layer}) × F_{CH₄,PJ,y} − F_{CH₄,BL,y})" in text
    assert "v19.0, OX_{top_layer}" in text


@pytest.mark.parametrize("record", [BANGLADESH, VIET_NAM], ids=["bd", "vn"])
def test_a_gas_in_an_index_takes_its_digit_lower_still(record: Path,
                                                      render_record: Callable[[Path, str], Path]) -> None:
    pdf = render_record(record, "ko+en")
    text = pdf_text(pdf)
    assert not re.search(r"_\{?(?:CO2|CH4|N2O)", text) and re.search(r"_\{(?:CO₂|CH₄)[,}]", text)
    # ₂ and ₄ inside an index: at the index's size, the subscript digit's own design a level lower
    chars = formula_chars(pdf)
    base = max(char["size"] for char in chars)
    digits = [char for char in chars if char["text"] in "₂₄"]
    assert digits and all(char["size"] == pytest.approx(base * 0.7, rel=0.02) for char in digits)


def test_a_formula_is_cut_into_terms_set_whole() -> None:
    from dossiergen.article6.methodologies.acm0001 import OX
    from dossiergen.documents.calculation import TERM_STYLE, formula_runs, operator_runs, symbol_runs

    pieces = [symbol_runs(OX), operator_runs("="), (Run("("),), (Run("1"),), operator_runs("−"), symbol_runs(OX),
              (Run(")"),), operator_runs("×"), (Run("2"),), operator_runs("/"), (Run("1,000,000"),)]
    runs = formula_runs(pieces)
    stretches = "".join(run.text if TERM_STYLE in run.styles() else "|" for run in runs).split("|")
    assert stretches == ["OXtop\u00a0layer =", "(1 − OXtop\u00a0layer)", "× 2/1,000,000"]
    assert index_text("_", "top\u00a0layer") == "_{top_layer}"
