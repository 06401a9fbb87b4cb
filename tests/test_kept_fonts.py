"""Fonts kept across typesetting passes (``render/pdf/writer.py``'s ``KeptFonts``, as the preview keeps them):
the same PDF bytes as passes with fonts of their own, the fonts loaded once, their folder removed on close."""

from __future__ import annotations

from pathlib import Path

from dossiergen import render_document
from dossiergen.records.loading import load_record
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

