"""Records are data: text that looks like markup stays text, and nothing reaches a file outside the project.

The escape routes: markup, CSS ``url()`` and ``@import``, links and ``rel="attachment"`` links
(which WeasyPrint would embed) in record text (printed as typed), Markdown links to other
addresses (not links), an illustration's path out of the record's folder (a located error at
load, tests/data/invalid/illustration-*), and an SVG that reaches for a file itself (refused
while rendering). The fetcher's log shows what was read.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from dossiergen.cli.main import main
from dossiergen.config.paths import default_paths
from dossiergen.errors import RefusedResource, display_path
from dossiergen.formats.html import render_html
from dossiergen.i18n.languages import parse_langs
from dossiergen.i18n.numerals import write_digits
from dossiergen.records.loading import load_record
from dossiergen.render.context import build_context
from dossiergen.render.fonts import font_files
from dossiergen.render.pdf import write_pdf
from dossiergen.render.pdf.fetcher import FencedFetcher
from dossiergen.render.typeset import load_compounds, typeset_html

from .conftest import DATA, char_fonts, fonts_of, pdf_column_texts, pdf_text, squeeze

HOSTILE = DATA / "valid" / "hostile-text" / "press.yaml"
PROSE = DATA / "valid" / "prose-markdown" / "project.yaml"
PAYLOADS = [
    '<img src="file:///etc/passwd">',
    '<style>@import url("file:///etc/shadow");</style>',
    '<p style="background: url(file:///etc/hostname)">styled</p>',
    '<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/group"/></svg>',
    '<a rel="attachment" href="file:///etc/passwd">attachment</a> <link rel="stylesheet" href="https://example.org/x.css">',
    "<script>document.write(1)</script> &lt;b&gt; &amp; \"quotes\" 'apostrophes'",
]
"""The body paragraphs of the record, in the order it gives them."""


def _render_watched(record_path: Path, lang_set: str, pdf: Path) -> None:
    """Render through the stages with a fetcher whose log we keep; only project files may be in it."""
    paths = default_paths()
    record = load_record(record_path)
    html = typeset_html(render_html(build_context(record, parse_langs(lang_set), paths=paths), paths=paths),
                        load_compounds(paths.khmer_compounds))
    allowed = (paths.templates, record_path.parent.resolve())
    fetcher = FencedFetcher(allowed, font_files())
    pdf.write_bytes(write_pdf(html, base_url=paths.templates, allowed_roots=allowed, source=record_path,
                              fetcher=fetcher))
    # every request was for a template asset or a chosen font, and none was refused
    assert fetcher.requested, "the document's own stylesheet and fonts go through the fetcher"
    for url, served in fetcher.requested:
        assert served and url.startswith("file://"), url
        path = Path(url.removeprefix("file://"))
        assert path.is_relative_to(paths.templates) or path.is_relative_to(allowed[1]) or path in font_files(), url


@pytest.mark.parametrize("lang_set", ["ko+en", "km+en"])
def test_markup_in_a_record_is_printed_as_text_and_reads_no_file(lang_set: str, tmp_path: Path) -> None:
    pdf = tmp_path / "hostile.pdf"
    _render_watched(HOSTILE, lang_set, pdf)
    readings = [squeeze(reading) for reading in pdf_column_texts(pdf)]  # each column read through
    for payload in PAYLOADS:
        for lead in {"ko+en": ("Body", "본문"), "km+en": ("Body", "អត្ថបទ")}[lang_set]:
            # a Khmer passage writes its numbers in Khmer digits (i18n/numerals.py), the markup's too: as text
            shown = write_digits(payload, "km", True) if lead == "អត្ថបទ" else payload
            assert any(squeeze(f"{lead} {shown}") in reading for reading in readings), (lead, shown)
    annex = '<a rel="attachment" href="../../../../../etc/shadow">annex</a>'
    for lead in {"ko+en": ("Annex", "첨부"), "km+en": ("Annex", "ឯកសារភ្ជាប់")}[lang_set]:
        assert any(squeeze(f"{lead} {annex}") in reading for reading in readings), lead
    assert_no_embedded_files(pdf)


def assert_no_embedded_files(pdf: Path) -> None:
    """WeasyPrint embeds the target of ``<a rel="attachment">``: nothing may have been."""
    with pikepdf.open(pdf) as document:
        assert "/EmbeddedFiles" not in document.Root.get("/Names", {})
        assert not [annot for page in document.pages for annot in page.get("/Annots", [])
                    if annot.get("/Subtype") == "/FileAttachment"]


@pytest.mark.parametrize("href", ["file:///etc/passwd", "../../../../../etc/shadow"])
def test_an_attachment_link_that_got_into_the_html_would_be_refused(href: str, tmp_path: Path) -> None:
    """The second wall: were a record's text ever to reach the HTML as markup, the fetcher still refuses."""
    paths = default_paths()
    html = f'<html><body><p><a rel="attachment" href="{href}">annex</a></p></body></html>'
    fetcher = FencedFetcher((paths.templates, tmp_path), font_files())
    with pytest.raises(RefusedResource, match="refused to read file:///etc/"):
        write_pdf(html, base_url=paths.templates, allowed_roots=(paths.templates, tmp_path), fetcher=fetcher)
    assert [url for url, served in fetcher.requested if not served]


def test_prose_takes_bold_emphasis_and_https_links_and_prints_the_rest_as_typed(tmp_path: Path) -> None:
    pdf = tmp_path / "prose.pdf"
    _render_watched(PROSE, "km+en", pdf)
    with pikepdf.open(pdf) as document:
        uris = {str(annot.A.URI) for page in document.pages for annot in page.get("/Annots", [])
                if "/A" in annot and "/URI" in annot.A}
    assert uris == {"https://www.moe.gov.kh", "mailto:a6@moe.gov.kh"}
    fonts = char_fonts(pdf)
    assert all("Bold" in font for font in fonts_of(fonts, "Bold words"))
    assert all("Oblique" in font for font in fonts_of(fonts, "slanted words"))
    readings = [squeeze(reading) for reading in pdf_column_texts(pdf)]
    for typed in ("[a file](file:///etc/passwd)", "[a script](javascript:alert(1))", "[plain](http://example.org)",
                  "[annex](annex.pdf)", "![image](file:///etc/hostname)", "<b>raw</b>"):
        assert any(squeeze(typed) in reading for reading in readings), typed
    assert not any("**" in reading for reading in readings)


def test_an_illustration_from_the_record_folder_is_drawn(tmp_path: Path) -> None:
    pdf = tmp_path / "illustrated.pdf"
    _render_watched(DATA / "valid" / "illustrated" / "project.yaml", "ko+en", pdf)
    assert "Charging stations in Phnom Penh (illustrative)" in pdf_text(pdf)


def test_an_svg_reaching_outside_the_project_is_refused_with_one_line_and_no_file(tmp_path: Path) -> None:
    record = DATA / "hostile" / "svg-external-reference" / "project.yaml"
    target = tmp_path / "x.pdf"
    result = CliRunner().invoke(main, ["render", str(record), "--lang", "ko+en", "-o", str(target)])
    assert result.exit_code == 2
    assert result.stderr == (f"{display_path(record)}: refused to read file:///etc/passwd: only the project's"
                             " templates, fonts and the record's own folder may be read\n")
    assert not target.exists()
    with pytest.raises(RefusedResource):
        _render_watched(record, "ko+en", target)
