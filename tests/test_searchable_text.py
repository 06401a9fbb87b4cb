"""Text extracted from our PDFs reads as the source, Khmer included (/ActualText)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
import weasyprint

from dossiergen.errors import PdfError
from dossiergen.render.pdf import actual_text as weasyprint_actual_text

from .conftest import ALL_SAMPLES, SAMPLES, context_document, document_texts, pdf_column_texts, squeeze
from .test_pdf_ua import _unicode_map

SENTENCE_END = re.compile(r"(?<=[។៕.!?])\s+|(?<=។)")


def sentences(record: Path, langs: tuple[str, ...], lang: str) -> list[str]:
    """Every sentence of the record's texts in ``lang``, as the document prints them."""
    _, document = context_document(record, "+".join(langs))
    found = []
    for text in document_texts(document):
        for sentence in SENTENCE_END.split(text[lang]):
            if len(sentence.strip()) >= 2:
                found.append(sentence.strip())
    return found


@pytest.mark.parametrize("record", ALL_SAMPLES, ids=lambda path: f"{path.parent.name}/{path.stem}")
@pytest.mark.parametrize("lang_set", ["km+en", "ko+km", "ko+en"])
def test_every_sentence_extracts_as_written(record: Path, lang_set: str,
                                            render_record: Callable[[Path, str], Path]) -> None:
    readings = [squeeze(text) for text in pdf_column_texts(render_record(record, lang_set))]
    langs = tuple(lang_set.split("+"))
    for lang in langs:
        expected = sentences(record, langs, lang)
        missing = [s for s in expected if not any(squeeze(s) in text for text in readings)]
        assert expected
        assert not missing, f"{len(missing)} of {len(expected)} {lang} sentences do not extract, first: {missing[0]!r}"


def test_adapter_is_installed_and_weasyprint_is_a_tested_version(render_sample: Callable[[str, str], Path]) -> None:
    render_sample("press", "km+en")
    assert weasyprint_actual_text.installed()
    weasyprint_actual_text.check_compatible()


def test_adapter_refuses_an_untested_weasyprint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    with pytest.raises(PdfError, match="WeasyPrint 71.0 is not one the /ActualText adapter was tested with"):
        weasyprint_actual_text.check_compatible()


def test_inserted_break_controls_never_reach_the_actual_text() -> None:
    assert weasyprint_actual_text.actual_text("ក្រសួង\u200bបរិស្ថាន 캄\u2060보") == "ក្រសួងបរិស្ថាន 캄보"


def drawn_lines(pdf: Path) -> tuple[list[str], list[tuple[str, str]]]:
    """The text each line of the PDF draws, through /ToUnicode (WeasyPrint sets the text matrix at each line), and
    (its /ActualText, what its glyphs read as through /ToUnicode) of each /ActualText span."""
    lines: list[str] = []
    spans: list[tuple[str, str]] = []
    with pikepdf.open(pdf) as document:
        for page in document.pages:
            fonts = page.Resources.get("/Font", pikepdf.Dictionary())
            font: dict[int, str] = {}
            stack: list[int | None] = []  # each open marked content: its span's index in ``spans``, if a span
            for operands, operator in pikepdf.parse_content_stream(page, "Tm Tf TJ Tj BDC BMC EMC"):
                op = str(operator)
                if op == "Tm":
                    lines.append("")
                elif op == "Tf":
                    font = _unicode_map(fonts[str(operands[0])])
                elif op in ("BDC", "BMC"):
                    props = operands[1] if op == "BDC" else None
                    if isinstance(props, pikepdf.Dictionary) and "/ActualText" in props:
                        spans.append((str(props.ActualText), ""))
                        stack.append(len(spans) - 1)
                    else:
                        stack.append(None)
                elif op == "EMC":
                    stack.pop()
                else:
                    parts = operands[0] if op == "TJ" else [operands[0]]
                    raw = b"".join(bytes(part) for part in parts if isinstance(part, pikepdf.String))
                    text = "".join(font.get(int.from_bytes(raw[i:i + 2], "big"), "") for i in range(0, len(raw), 2))
                    lines[-1] += text
                    for index in {each for each in stack if each is not None}:
                        spans[index] = (spans[index][0], spans[index][1] + text)
    return lines, spans


@pytest.mark.parametrize("lang_set", ["km+en", "ko+km+en"])
def test_actual_text_only_where_the_glyphs_misread(lang_set: str, render_record: Callable[[Path, str], Path]) -> None:
    """Fewer spans than Khmer lines, and each span says something its glyphs do not: a Khmer line whose glyphs
    read as its text through /ToUnicode goes without (the extraction tests above read it all the same)."""
    lines, spans = drawn_lines(render_record(SAMPLES["dossier"], lang_set))
    khmer_lines = [line for line in lines if weasyprint_actual_text.KHMER.search(line)]
    assert spans
    assert len(spans) < len(khmer_lines)
    needless = [actual for actual, glyphs in spans if actual == glyphs]
    assert not needless, f"{len(needless)} of {len(spans)} spans say what their glyphs read as: {needless[:3]}"
