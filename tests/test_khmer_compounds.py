"""Every name and term of the Khmer compound list stays whole when a narrow column wraps it.

A purpose-made page, through the project's typeset stage (``render/typeset``) and PDF writer: paragraphs
for each compound of ``locales/km/compounds.txt``, set between ordinary words in a column so
narrow that each paragraph wraps. The lines are read back from the PDF (each drawn Khmer line's
/ActualText, ``render/pdf/actual_text.py``, here put on every line): each compound, or each part of it
between spaces (a space is a break opportunity of its own), lies whole on one line.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from dossiergen.render.pdf import actual_text, write_pdf
from dossiergen.render.typeset import load_compounds, typeset_html

from .conftest import ROOT

COMPOUNDS = sorted(load_compounds(ROOT / "locales" / "km" / "compounds.txt"))
BEFORE = ("គម្រោង", "ហើយគម្រោងនេះ", "ហើយគម្រោងនេះត្រូវបាន", "ហើយគម្រោងនេះត្រូវបានអនុវត្ត",
          "ហើយគម្រោងនេះត្រូវបានអនុវត្តនៅក្នុង")
AFTER = "ដោយជោគជ័យនិងមានប្រសិទ្ធភាពខ្ពស់"
"""Ordinary words around each compound (none of them in the list), set five ways so that the column's line ends
fall at different places of it (without the list, 24 of its 33 parts split)."""
COLUMN = "48mm"
"""Narrower than every paragraph, wider than the longest part of any compound."""


def drawn_lines(pdf: Path) -> list[str]:
    """The text of each Khmer line the PDF draws, in drawing order."""
    lines = []
    with pikepdf.open(pdf) as document:
        for page in document.pages:
            for operands, _ in pikepdf.parse_content_stream(page, "BDC"):
                if isinstance(operands[1], pikepdf.Dictionary) and "/ActualText" in operands[1]:
                    lines.append(str(operands[1].ActualText))
    return lines


@pytest.fixture(scope="module")
def narrow_column(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The compounds' page as a PDF, and the text of its paragraphs."""
    paragraphs = [before + compound + AFTER for compound in COMPOUNDS for before in BEFORE]
    body = "".join(f'<p lang="km">{paragraph}</p>' for paragraph in paragraphs)
    html = (f'<html lang="km"><head><link rel="stylesheet" href="css/print.css">'
            f"<style>body {{ width: {COLUMN}; }} p {{ font-size: 10pt; margin-bottom: 4mm; }}</style></head>"
            f"<body>{body}</body></html>")
    templates = ROOT / "templates"
    pdf = tmp_path_factory.mktemp("compounds") / "compounds.pdf"
    # a span on every Khmer line, not only on those whose glyphs misread, so that each line reads whole
    selective, actual_text.SELECTIVE = actual_text.SELECTIVE, False
    try:
        pdf.write_bytes(write_pdf(typeset_html(html, frozenset(COMPOUNDS)), base_url=templates,
                                  allowed_roots=[templates]))
    finally:
        actual_text.SELECTIVE = selective
    return pdf, "\n".join(paragraphs)


def test_the_list_holds_the_samples_places_organisations_and_terms() -> None:
    for name in ("សេជុង", "ផ្ទះកញ្ចក់", "ក្រសួងបរិស្ថាន", "ក្រសួងពាណិជ្ជកម្ម ឧស្សាហកម្ម និងថាមពល", "សូឡា"):
        assert name in COMPOUNDS
    assert all(compound not in BEFORE[-1] + AFTER for compound in COMPOUNDS)


def test_the_column_wraps_every_paragraph(narrow_column: tuple[Path, str]) -> None:
    pdf, _ = narrow_column
    assert len(drawn_lines(pdf)) >= 2 * len(COMPOUNDS) * len(BEFORE)


@pytest.mark.parametrize("compound", COMPOUNDS)
def test_no_compound_is_split_across_lines(compound: str, narrow_column: tuple[Path, str]) -> None:
    pdf, text = narrow_column
    lines = drawn_lines(pdf)
    for part in compound.split():
        # a part is also inside a longer compound (សាធារណរដ្ឋ): every place it is written, it is whole on a line
        assert sum(line.count(part) for line in lines) == text.count(part), f"{part!r} is split"
