"""The approval dossier, checked on the PDF: sections, figures, contents, bookmarks, draft marks."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
import yaml

from dossiergen.article6.accounting import estimates, vintage_accounts
from dossiergen.documents.blocks import chemical
from dossiergen.documents.calculation import calculation
from dossiergen.i18n.formatting import KHMER_DIGITS
from dossiergen.i18n.languages import parse_langs
from dossiergen.models import ProjectRecord
from dossiergen.records.loading import load_record
from dossiergen.render.context import build_context
from dossiergen.render.pdf.actual_text import index_text

from .conftest import BODY_BOTTOM, BODY_TOP, DATA, ROOT, SAMPLES, squeeze

SECTIONS = ["Summary", "Project description", "Legal basis", "Authorization statement",
            "Methodology and calculation", "Mitigation outcomes per vintage", "Corresponding adjustments",
            "Timeline, monitoring and registry", "Agreed Electronic Format: preview",
            "Working group and key dates", "Signatures and annexes"]
FROM_KHMER_DIGITS = {value: key for key, value in KHMER_DIGITS.items()}


def page_texts(pdf: Path, *options: str) -> list[str]:
    """Each page's text as poppler reads it (Khmer through /ActualText)."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", *options, str(pdf), "-"], check=True, capture_output=True,
                         text=True)
    return out.stdout.split("\f")[:-1]


def bookmarks(pdf: Path) -> list[tuple[str, int]]:
    """Top-level bookmarks with the (1-based) page each one opens."""
    with pikepdf.open(pdf) as document:
        pages = {page.objgen: number for number, page in enumerate(document.pages, 1)}
        with document.open_outline() as outline:
            return [(item.title, pages[item.destination[0].objgen]) for item in outline.root]


def contents_numbers(pdf: Path, pages: int = 1) -> list[int]:
    """The page numbers printed on the contents page (``pages`` of them), top to bottom (right-hand column)."""
    numbers = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages[1:1 + pages]:
            # inside the body: the footer's fingerprint can print a group of digits at the right too
            words = [w for w in page.extract_words()
                     if w["x0"] > page.width * 0.8 and BODY_TOP < w["top"] < page.height - BODY_BOTTOM]
            numbers += [int(w["text"].translate(FROM_KHMER_DIGITS)) for w in sorted(words, key=lambda w: w["top"])
                        if w["text"].translate(FROM_KHMER_DIGITS).isdigit()]
    return numbers


@pytest.mark.parametrize("lang_set", ["ko+en", "km+en"])
def test_every_section_and_figure_is_in_the_dossier(lang_set: str, render_sample: Callable[[str, str], Path]) -> None:
    pdf = render_sample("dossier", lang_set)
    text = squeeze("".join(page_texts(pdf)))
    ctx = build_context(load_record(SAMPLES["dossier"]), parse_langs(lang_set))
    for section in SECTIONS:
        for lang, title in ctx.translate(section).items():
            assert squeeze(title) in text, f"{section} ({lang}) missing"
    project = ctx.record.data
    assert isinstance(project, ProjectRecord)
    rows, fmt = vintage_accounts(project), ctx.localizer
    figures = (fmt.tonnes(sum(v.outcomes_t for v in rows)), fmt.tonnes(sum(v.authorized_t for v in rows)),
               fmt.tonnes(sum(v.not_authorized_t for v in rows)),
               fmt.decimal(sum((value for _, value in estimates(project)), Decimal(0)), 0),
               fmt.tonnes(rows[0].outcomes_t), fmt.tonnes(rows[-1].not_authorized_t))
    for lang in ctx.langs:
        for figure in figures:
            assert squeeze(figure[lang]) in text
        assert squeeze(project.authorization.letter.number) in text


@pytest.mark.parametrize("lang_set", ["ko+en", "km+en", "ko+km+en"])
def test_contents_page_numbers_are_where_the_sections_start(lang_set: str,
                                                           render_sample: Callable[[str, str], Path]) -> None:
    pdf = render_sample("dossier", lang_set)
    marks = bookmarks(pdf)
    section_marks = [(title, page) for title, page in marks if title[:1].isdigit()]
    # a Khmer-led dossier numbers its sections in Khmer digits (tests/test_khmer_numerals.py)
    assert [title.split(".")[0].translate(FROM_KHMER_DIGITS) for title, _ in section_marks] == [
        str(n) for n in range(1, len(SECTIONS) + 1)]
    assert contents_numbers(pdf) == [page for _, page in marks[1:]]  # the sections, then the annex
    texts = page_texts(pdf)
    ctx = build_context(load_record(SAMPLES["dossier"]), parse_langs(lang_set))
    for (title, page), section in zip(section_marks, SECTIONS, strict=True):
        heading = ctx.translate(section)[ctx.langs[-1]]  # the last language reads as-is in every set
        assert squeeze(heading) in squeeze(texts[page - 1]), f"{title!r} does not start on page {page}"


def test_bookmarks_name_every_section_in_each_language(render_sample: Callable[[str, str], Path]) -> None:
    marks = [title for title, _ in bookmarks(render_sample("dossier", "ko+en"))]
    ctx = build_context(load_record(SAMPLES["dossier"]), ("ko", "en"))
    expected = [f"{n}. {ctx.translate(s)['ko']} / {ctx.translate(s)['en']}" for n, s in enumerate(SECTIONS, 1)]
    assert marks[0] == f"{ctx.translate('Contents')['ko']} / {ctx.translate('Contents')['en']}"
    assert marks[1:] == [*expected, "붙임 1: 승인서(LoA) / Annex 1: Letter of Authorization"]  # the sample's annex


def test_a_draft_dossier_carries_its_watermark_on_every_page(render_record: Callable[[Path, str], Path]) -> None:
    record = DATA / "valid" / "draft-dossier" / "project.yaml"
    pdf = render_record(record, "ko+en")
    ctx = build_context(load_record(record), ("ko", "en"))
    texts = page_texts(pdf, "-raw")  # in drawing order: the slanted Latin watermark reads whole
    for number, text in enumerate(texts, 1):
        for lang in ("ko", "en"):
            assert ctx.translate("DRAFT")[lang] in text, f"no {lang} DRAFT mark on page {number}"
    assert "0.9" in texts[0]


def test_a_final_dossier_has_no_watermark(tmp_path: Path, render_record: Callable[[Path, str], Path]) -> None:
    """The sample made final: its status, and nothing left illustrative in it or the directory it names."""
    folder = tmp_path / "final"
    shutil.copytree(SAMPLES["dossier"].parent, folder)
    directory = yaml.safe_load((ROOT / "dossiers" / "directory.yaml").read_text(encoding="utf-8"))
    directory["illustrative"] = []
    (folder / "directory.yaml").write_text(yaml.safe_dump(directory, allow_unicode=True), encoding="utf-8")
    record = folder / "project.yaml"
    text = record.read_text(encoding="utf-8").replace("  status: draft\n", "  status: final\n")
    record.write_text(text[:text.index("\nillustrative:")] + "\n", encoding="utf-8")
    pdf = render_record(record, "ko+en")
    annex_page = bookmarks(pdf)[-1][1]  # the appended letter, unsigned, carries its own DRAFT band
    text = "".join(page_texts(pdf, "-raw")[:annex_page - 1])
    assert "DRAFT" not in text and "SPECIMEN" not in text


def test_the_chart_is_vector_drawn(render_sample: Callable[[str, str], Path]) -> None:
    host_colour = (0.560784, 0.701961, 0.85098)  # #8fb3d9, the host-retained bars and their key
    with pdfplumber.open(render_sample("dossier", "ko+en")) as document:
        per_page = [sum(1 for rect in page.rects if tuple(rect["non_stroking_color"] or ()) == host_colour)
                    for page in document.pages]
    assert max(per_page) == 10 + 1, per_page  # one bar per vintage, one key


PROJECTS = sorted((SAMPLES["dossier"].parents[1]).glob("*/project.yaml"))


def section_text(pdf: Path, number: int) -> str:
    """The text of the pages section ``number`` spans, from its bookmark's page to the next one's."""
    pages = [page for title, page in bookmarks(pdf) if title[:1].isdigit()]
    return squeeze("".join(page_texts(pdf, "-raw")[pages[number - 1] - 1:pages[number]]))


@pytest.mark.parametrize("record", PROJECTS, ids=lambda path: path.parent.name)
def test_every_project_prints_its_equations_and_computed_figures(
        record: Path, render_record: Callable[[Path, str], Path]) -> None:
    pdf = render_record(record, "en")
    text = section_text(pdf, 5)
    project = load_record(record).data
    assert isinstance(project, ProjectRecord)
    ctx = build_context(load_record(record), ("en",))
    method, fmt = project.methodology, ctx.localizer
    assert squeeze(f"{method.id}, version {method.version}") in text
    for equation in method.plugin.equations(method.validated):
        result = equation.result  # as it extracts: each index in its plain-text form (render/pdf/actual_text.py)
        # a gas in an index takes its subscript digit (CH₄), as the symbol prints (documents/calculation.py)
        symbol = (result.base + (index_text("_", chemical(result.sub)) if result.sub else "")
                  + (index_text("^", result.sup) if result.sup else ""))
        assert squeeze(f"{symbol} =") in text, f"equation of {equation.result} missing"
        if equation.value is not None:  # each computed figure as the calculation formats it
            assert squeeze(calculation(ctx, method).amount(equation.value)["en"]) in text
        for year, amount in equation.by_year:
            assert squeeze(fmt.year(year)["en"]) in text
            assert squeeze(calculation(ctx, method).amount(amount)["en"]) in text, f"{equation.result} {year}"
    for row in method.plugin.parameter_rows(method.validated):
        assert squeeze(ctx.translate(row.label)["en"]) in text
    estimate = sum((amount for _, amount in estimates(project)), Decimal(0))
    assert squeeze(f"ex-ante estimate for the crediting period is {fmt.decimal(estimate, 0)['en']} tCO₂e") in text
    assert squeeze("CH₄ 28, N₂O 265") in text and "18/CMA.1" in text
