"""Text extracted from our PDFs reads as the source, Khmer included (/ActualText)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import weasyprint

from dossiergen.errors import PdfError
from dossiergen.render.pdf import actual_text as weasyprint_actual_text

from .conftest import ALL_SAMPLES, context_document, document_texts, pdf_column_texts, squeeze

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
