"""Records are data: text that looks like markup stays text, and reaches no file."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossiergen.context import build_context
from dossiergen.fonts import font_files
from dossiergen.i18n import parse_langs
from dossiergen.loader import load_record
from dossiergen.paths import default_paths
from dossiergen.pdf import write_pdf
from dossiergen.pdf.fetcher import FencedFetcher
from dossiergen.templating import render_html
from dossiergen.typeset import load_compounds, typeset_html

from .conftest import DATA, pdf_column_texts, squeeze

HOSTILE = DATA / "valid" / "hostile-text" / "press.yaml"
PAYLOADS = [
    '<img src="file:///etc/passwd">',
    '<style>@import url("file:///etc/shadow");</style>',
    '<p style="background: url(file:///etc/hostname)">styled</p>',
    '<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/group"/></svg>',
    '<a href="file:///etc/passwd">attachment</a> <link rel="stylesheet" href="https://example.org/x.css">',
    "<script>document.write(1)</script> &lt;b&gt; &amp; \"quotes\" 'apostrophes'",
]
"""The body paragraphs of the record, in the order it gives them."""


@pytest.mark.parametrize("lang_set", ["ko+en", "km+en"])
def test_markup_in_a_record_is_printed_as_text_and_reads_no_file(lang_set: str, tmp_path: Path) -> None:
    paths = default_paths()
    record = load_record(HOSTILE)
    html = typeset_html(render_html(build_context(record, parse_langs(lang_set), paths=paths), paths),
                        load_compounds(paths.khmer_compounds))
    allowed = (paths.templates, HOSTILE.parent.resolve())
    fetcher = FencedFetcher(allowed, font_files())
    pdf = tmp_path / "hostile.pdf"
    pdf.write_bytes(write_pdf(html, base_url=paths.templates, allowed_roots=allowed, source=HOSTILE, fetcher=fetcher))

    # every request was for a template asset or a chosen font, and none was refused
    assert fetcher.requested, "the document's own stylesheet and fonts go through the fetcher"
    for url, served in fetcher.requested:
        assert served and url.startswith("file://"), url
        path = Path(url.removeprefix("file://"))
        assert path.is_relative_to(paths.templates) or path in font_files(), url
    readings = [squeeze(reading) for reading in pdf_column_texts(pdf)]  # each column read through
    for payload in PAYLOADS:
        for lead in {"ko+en": ("Body", "본문"), "km+en": ("Body", "អត្ថបទ")}[lang_set]:
            assert any(squeeze(f"{lead} {payload}") in reading for reading in readings), (lead, payload)
