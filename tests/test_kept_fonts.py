"""Fonts kept across typesetting passes (``render/pdf/writer.py``'s ``KeptFonts``, as the preview keeps them, and
as one document's passes share them): the same PDF bytes as passes with fonts of their own, the fonts loaded once,
their folder removed on close."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from weasyprint.text.fonts import FontConfiguration

from dossiergen import render_document
from dossiergen.formats import pdf as pdf_format
from dossiergen.records.loading import load_record
from dossiergen.render.pdf import writer
from dossiergen.render.pdf.writer import KeptFonts, keeping_fonts

from .conftest import ROOT

KOREAN_PRESS = ROOT / "dossiers" / "gnzc-2024" / "press.yaml"
KHMER_PRESS = ROOT / "dossiers" / "kh-emoto" / "press-2025-07-21.yaml"


def test_documents_typeset_with_fonts_kept_are_the_bytes_of_documents_typeset_alone() -> None:
    """Two documents, in other scripts and with an annex typeset in a pass of its own, one after the other in one
    configuration: each is byte for byte what it is typeset alone."""
    korean, khmer = load_record(KOREAN_PRESS), load_record(KHMER_PRESS)
    kept = KeptFonts()
    try:
        with keeping_fonts(kept):
            first = render_document(korean, ("ko",))
            config = kept.config
            second = render_document(khmer, ("km", "en"))
        assert config is not None and kept.config is config  # loaded by the first pass, used by every other
    finally:
        kept.close()
    assert first == render_document(korean, ("ko",))
    assert second == render_document(khmer, ("km", "en"))


def test_closing_removes_the_kept_fonts_folder() -> None:
    kept = KeptFonts()
    with keeping_fonts(kept):
        render_document(load_record(KOREAN_PRESS), ("ko",))
    folder = Path(getattr(kept.config, "_folder"))  # noqa: B009 - WeasyPrint's, private
    assert folder.is_dir() and any(folder.iterdir())
    kept.close()
    assert not folder.exists() and kept.config is None



@pytest.fixture
def configurations(monkeypatch: pytest.MonkeyPatch) -> list[FontConfiguration]:
    """The font configurations the typesetting passes make from now on, in order."""
    made: list[FontConfiguration] = []

    def counted() -> FontConfiguration:
        made.append(FontConfiguration())
        return made[-1]
    monkeypatch.setattr(writer, "FontConfiguration", counted)
    return made


def test_a_documents_passes_share_one_font_configuration_removed_as_it_ends(
        configurations: list[FontConfiguration]) -> None:
    """The Khmer notice and its annex, a document typeset in a pass of its own: the fonts loaded once, their
    folder gone when the notice is made."""
    render_document(load_record(KHMER_PRESS), ("km", "en"))
    assert len(configurations) == 1
    assert not Path(getattr(configurations[0], "_folder")).exists()  # noqa: B009 - WeasyPrint's, private


def test_a_document_whose_passes_share_fonts_is_the_bytes_of_one_with_fonts_per_pass(
        configurations: list[FontConfiguration], monkeypatch: pytest.MonkeyPatch) -> None:
    shared = render_document(load_record(KHMER_PRESS), ("km", "en"))
    passes: list[str] = []
    typeset = pdf_format.typeset_pdf

    def counted(html: str, **options: Any) -> writer.Typeset:
        passes.append(html)
        return typeset(html, **options)
    monkeypatch.setattr(pdf_format, "typeset_pdf", counted)
    monkeypatch.setattr(KeptFonts, "held", lambda self, css: None)  # nothing kept is ever used: fonts per pass
    per_pass = render_document(load_record(KHMER_PRESS), ("km", "en"))
    assert len(passes) >= 2 and len(configurations) == 1 + len(passes)  # the first render's; one per pass
    assert per_pass == shared
