"""The PDF stage: chosen fonts, a fenced URL fetcher, warnings that count."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest

from dossiergen.errors import FontError, PdfError, RefusedResource
from dossiergen.formats.pdf import render_document
from dossiergen.i18n.languages import parse_langs
from dossiergen.records.loading import load_record
from dossiergen.render import fonts
from dossiergen.render.context import build_context
from dossiergen.render.pdf import FencedFetcher, tag_languages, write_pdf

from .conftest import ROOT, SAMPLES, pdf_text, squeeze


def _html(body: str) -> str:
    return f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"></head><body>{body}</body></html>'


def test_a_missing_font_stops_with_one_line_naming_it_and_the_package(monkeypatch: pytest.MonkeyPatch,
                                                                      tmp_path: Path) -> None:
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
    with pytest.raises(RefusedResource) as caught:
        write_pdf(html, base_url=ROOT / "templates", allowed_roots=[ROOT / "templates"], source=tmp_path / "r.yaml",
                  fetcher=fetcher)
    assert str(caught.value) == (f"{tmp_path / 'r.yaml'}: refused to read file:///etc/passwd: only the project's"
                                 " templates, fonts and the record's own folder may be read")
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


def _struct_langs(pdf: pikepdf.Pdf) -> dict[str, int]:
    counts: dict[str, int] = {}

    def walk(element: object) -> None:
        if isinstance(element, pikepdf.Dictionary):
            if "/Lang" in element:
                counts[str(element.Lang)] = counts.get(str(element.Lang), 0) + 1
            kids = element.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                walk(kid)

    walk(pdf.Root.StructTreeRoot)
    return counts


@pytest.mark.parametrize(("lang_set", "options"), [("ko+km", []), ("km+en", ["--tagged"])])
def test_tagged_output_gives_each_passage_its_language(lang_set: str, options: list[str], tmp_path: Path) -> None:
    """Tagged by default; ``--tagged``, which older scripts give, says the same."""
    from click.testing import CliRunner

    from dossiergen.cli.main import main

    out = tmp_path / "tagged.pdf"
    result = CliRunner().invoke(main, ["render", str(SAMPLES["press"]), "--lang", lang_set, *options, "-o", str(out)])
    assert result.exit_code == 0, result.output
    with pikepdf.open(out) as pdf:
        assert str(pdf.Root.Lang) == lang_set.split("+")[0]
        counts = _struct_langs(pdf)
    for lang in lang_set.split("+"):
        assert counts.get(lang, 0) >= 10, counts
    assert tag_languages.installed()
    # /ActualText spans sit inside the tagged spans: Khmer still extracts in logical order
    ctx = build_context(load_record(SAMPLES["press"]), parse_langs(lang_set))
    headline = ctx.text(ctx.record.data.headline)  # type: ignore[union-attr]
    assert squeeze(headline["km"]) in squeeze(pdf_text(out))


def test_untagged_output_still_declares_the_document_language() -> None:
    data = render_document(load_record(SAMPLES["minutes"]), ("km", "en"), tagged=False)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert str(pdf.Root.Lang) == "km"
        assert "/StructTreeRoot" not in pdf.Root


def test_tag_adapter_refuses_an_untested_weasyprint(monkeypatch: pytest.MonkeyPatch) -> None:
    import weasyprint

    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    with pytest.raises(PdfError, match="WeasyPrint 71.0 is not one the /Lang adapter was tested with"):
        tag_languages.check_compatible()
