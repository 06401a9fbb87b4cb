"""The PDF stage: chosen fonts, a fenced URL fetcher, warnings that count."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossiergen import fonts
from dossiergen.errors import FontError, PdfError
from dossiergen.pdf import FencedFetcher, write_pdf

from .conftest import ROOT


def _html(body: str) -> str:
    return f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"></head><body>{body}</body></html>'


def test_a_missing_font_stops_with_one_line_naming_it_and_the_package(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(fonts, "FONT_DIRS", (tmp_path,))
    monkeypatch.delenv("DOSSIERGEN_FONT_DIRS", raising=False)
    fonts._located.cache_clear()
    try:
        with pytest.raises(FontError) as caught:
            write_pdf(_html("<p>x</p>"), base_url=ROOT / "templates", allowed_roots=[ROOT / "templates"])
    finally:
        fonts._located.cache_clear()
    message = str(caught.value)
    assert "\n" not in message
    assert "NotoSerif-Regular.ttf" in message and "apt-get install fonts-noto-core" in message


def test_fetcher_refuses_files_outside_the_allowed_folders(tmp_path: Path) -> None:
    html = _html('<img src="file:///etc/passwd"><p>hello</p>')
    fetcher = FencedFetcher([ROOT / "templates"], fonts.font_files())
    with pytest.raises(PdfError) as caught:
        write_pdf(html, base_url=ROOT / "templates", allowed_roots=[ROOT / "templates"], source=tmp_path / "r.yaml",
                  fetcher=fetcher)
    assert "refused to fetch file:///etc/passwd" in str(caught.value)
    assert ("file:///etc/passwd", False) in fetcher.requested
    assert not [url for url, served in fetcher.requested if served and "passwd" in url]


def test_fetcher_refuses_a_symlink_that_leads_out(tmp_path: Path) -> None:
    allowed = tmp_path / "allowed"
    allowed.mkdir()
    (allowed / "leak.png").symlink_to("/etc/hostname")
    fetcher = FencedFetcher([allowed])
    assert not fetcher.allows(allowed / "leak.png")
    assert not fetcher.allows(allowed / ".." / ".." / "etc" / "passwd")


def test_weasyprint_warnings_are_errors() -> None:
    html = _html('<p style="word-break: keep-all">한국어</p>')
    with pytest.raises(PdfError) as caught:
        write_pdf(html, base_url=ROOT / "templates", allowed_roots=[ROOT / "templates"])
    assert "WeasyPrint:" in str(caught.value) and "word-break" in str(caught.value)
