"""Shared fixtures: the repository, the sample records, rendered PDFs and ways to read them."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest

from dossiergen.build import render_document
from dossiergen.i18n import parse_langs
from dossiergen.loader import load_record

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SAMPLES = {
    "dossier": ROOT / "dossiers" / "kh-emoto" / "project.yaml",
    "press": ROOT / "dossiers" / "kh-emoto" / "press-2025-07-21.yaml",
    "minutes": ROOT / "dossiers" / "kh-emoto" / "minutes-wg-01.yaml",
}
ZERO_WIDTH = re.compile("[\u200b\u2060\u00ad]")


def pdf_text(path: Path) -> str:
    """Text as poppler extracts it (what search and copy-paste see), zero-width breaks removed."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True)
    return ZERO_WIDTH.sub("", out.stdout)


def squeeze(text: str) -> str:
    """Drop white space and hyphens, so a phrase matches across line and column breaks.

    pdftotext joins a word hyphenated at a line end ("working-|group" -> "workinggroup").
    """
    return re.sub(r"[\s-]+", "", ZERO_WIDTH.sub("", text))


def char_fonts(path: Path) -> list[tuple[str, str]]:
    """Every drawn character with the name of the font it is set in."""
    with pdfplumber.open(path) as pdf:
        return [(char["text"], char["fontname"]) for page in pdf.pages for char in page.chars]


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def render_sample(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, str], Path]:
    """Render a sample document once per session: ``render_sample("press", "ko+en")``."""
    out = tmp_path_factory.mktemp("samples")
    cache: dict[tuple[str, str], Path] = {}

    def render(kind: str, lang_set: str) -> Path:
        if (kind, lang_set) not in cache:
            record = load_record(SAMPLES[kind])
            target = out / f"{kind}.{lang_set}.pdf"
            target.write_bytes(render_document(record, parse_langs(lang_set), kind=kind))  # type: ignore[arg-type]
            cache[(kind, lang_set)] = target
        return cache[(kind, lang_set)]

    return render
