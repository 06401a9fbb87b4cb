"""Khmer headings weigh what their bold translation weighs (``khmer_heading_face``, print.css).

The font of every Khmer character of a Khmer heading, read from the PDF: Khmer OS Muol Light by default
(a dossier's section headings, a notice's sub-headlines), the bold Khmer sans with ``"bold"``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest

from dossiergen.documents.dossier import SECTIONS
from dossiergen.formats.pdf import render_document
from dossiergen.i18n.formatting import conventions_for
from dossiergen.models import PressRecord
from dossiergen.records.loading import load_record
from dossiergen.render.context import build_context

from .conftest import ROOT, SAMPLES

NOTICE = ROOT / "dossiers" / "gnzc-2024" / "press.yaml"
KHMER = re.compile("[\u1780-\u17ff]")
"""Khmer script (letters, signs, digits): the Latin letters of a Khmer heading (AEF) are in the Latin face."""
FACES = {"muol-light": "DG-Muol-Light-Khmer", "bold": "DG-Sans-Khmer-Bold"}


def _face(fontname: str) -> str:
    return fontname.split("+", 1)[-1]  # the subset prefix aside


ENGLISH_TITLES = {"summary": "Summary", "description": "Project description", "legal-basis": "Legal basis",
                  "authorization": "Authorization statement", "methodology": "Methodology and calculation",
                  "outcomes": "Mitigation outcomes per vintage", "adjustments": "Corresponding adjustments",
                  "mrv": "Timeline, monitoring and registry", "aef": "Agreed Electronic Format: preview",
                  "working-group": "Working group and key dates", "signatures": "Signatures and annexes"}
"""The English line of each section heading of the dossier (``documents/dossier.py``)."""


def section_heading_fonts(pdf: Path) -> dict[str, set[str]]:
    """Per section, the fonts of the Khmer heading line right above its English line."""
    found: dict[str, set[str]] = {}
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            for line in page.extract_text_lines():
                # (a letter of the DRAFT watermark may share the line)
                key = next((key for key, title in ENGLISH_TITLES.items()
                            if line["text"] == title or line["text"].startswith(title + " ")), None)
                # the heading's own English line, in the sans, at the left margin (not a contents entry)
                if key is None or line["x0"] > 60 or _face(line["chars"][0]["fontname"]) != "DG-Sans-Latin":
                    continue
                chars = [char for char in page.chars if line["top"] - 26 < char["bottom"] <= line["top"] + 1
                         and KHMER.search(char["text"]) and 9 < char["size"] < 20]  # not the watermark
                found[key] = {_face(char["fontname"]) for char in chars}
    return found


def subheadline_fonts(pdf: Path) -> list[set[str]]:
    """Per sub-headline of the notice, the fonts of the first line of its Khmer column (the left one)."""
    record = load_record(NOTICE)
    assert isinstance(record.data, PressRecord)
    ctx = build_context(record, ("km", "en"))
    fonts = []
    with pdfplumber.open(pdf) as document:
        page = document.pages[0]
        lines = page.crop((page.width / 2, 0, page.width, page.height)).extract_text_lines()  # the English column
        for subheadline in record.data.subheadlines:
            first_words = ctx.text(subheadline)["en"].split()[:3]
            line = next(line for line in lines if line["text"].split()[:3] == first_words)
            chars = [char for char in page.chars if char["x1"] < page.width / 2 and KHMER.search(char["text"])
                     and abs(char["top"] - line["top"]) < 4]
            fonts.append({_face(char["fontname"]) for char in chars})
    return fonts


@pytest.fixture(scope="module")
def bold_rendered(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path, str], Path]:
    """A record rendered km+en with ``khmer_heading_face = "bold"``."""
    out = tmp_path_factory.mktemp("bold-headings")

    def render(record: Path, kind: str) -> Path:
        target = out / f"{kind}.pdf"
        if not target.exists():
            target.write_bytes(render_document(load_record(record), ("km", "en"),
                                               conventions=conventions_for(kind, khmer_heading_face="bold")))
        return target

    return render


def test_khmer_section_headings_are_set_in_muol_light(render_sample: Callable[[str, str], Path]) -> None:
    fonts = section_heading_fonts(render_sample("dossier", "km+en"))
    assert set(fonts) == set(SECTIONS)
    assert all(found == {FACES["muol-light"]} for found in fonts.values()), fonts


def test_khmer_subheadlines_are_set_in_muol_light(render_record: Callable[[Path, str], Path]) -> None:
    fonts = subheadline_fonts(render_record(NOTICE, "km+en"))
    assert fonts and all(found == {FACES["muol-light"]} for found in fonts), fonts


def test_bold_chosen_sets_khmer_headings_in_the_bold_sans(bold_rendered: Callable[[Path, str], Path]) -> None:
    fonts = section_heading_fonts(bold_rendered(SAMPLES["dossier"], "dossier"))
    assert set(fonts) == set(SECTIONS)
    assert all(found == {FACES["bold"]} for found in fonts.values()), fonts
    subheadlines = subheadline_fonts(bold_rendered(NOTICE, "press"))
    assert subheadlines and all(found == {FACES["bold"]} for found in subheadlines), subheadlines
