"""Every document kind in every language set, checked on the PDF itself."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from dossiergen.i18n.languages import parse_langs
from dossiergen.i18n.numerals import write_digits
from dossiergen.models import PressRecord
from dossiergen.records.loading import load_record
from dossiergen.render.context import build_context

from .conftest import SAMPLES, char_fonts, pdf_text, squeeze

LANG_SETS = ["ko", "km", "en", "ko+en", "km+en", "ko+km"]
KINDS = ["dossier", "press", "minutes"]
LATIN = {"outcomes_t": "680,000", "authorized_t": "400,000"}
KHMER = {"outcomes_t": "៦៨០,០០០", "authorized_t": "៤០០,០០០"}
KOREAN_PRESS = {"outcomes_t": "68만", "authorized_t": "40만"}
FIGURES = {(kind, lang): KHMER if lang == "km" else KOREAN_PRESS if (kind, lang) == ("press", "ko") else LATIN
           for kind in KINDS for lang in ("ko", "km", "en")}
"""680,000 t approved and 400,000 t authorized for Korea's NDC as each document writes them: Khmer digits, 만 in
Korean releases."""


def _title(ctx):
    """The document's headline with its figures filled in, per language."""
    data = ctx.record.data
    return ctx.text(data.headline if isinstance(data, PressRecord) else data.title)


def _is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3" or "\u3131" <= ch <= "\u318e"


def _is_khmer(ch: str) -> bool:
    return "\u1780" <= ch <= "\u17ff"


@pytest.mark.parametrize("lang_set", LANG_SETS)
@pytest.mark.parametrize("kind", KINDS)
def test_headline_and_figures_in_every_language(kind: str, lang_set: str,
                                                render_sample: Callable[[str, str], Path]) -> None:
    pdf = render_sample(kind, lang_set)
    text = squeeze(pdf_text(pdf))
    langs = parse_langs(lang_set)
    ctx = build_context(load_record(SAMPLES[kind]), langs)
    title = _title(ctx)
    for lang in langs:
        assert "{" not in title[lang]
        assert squeeze(title[lang]) in text, f"{lang} title missing from {pdf.name}"
    for name in ("outcomes_t", "authorized_t"):
        for lang in langs:
            expected = FIGURES[(kind, lang)][name]
            formatted = ctx.figures[name][lang]
            assert formatted == expected, f"{name} in {lang} is formatted {formatted!r}"
            assert squeeze(expected) in text, f"{expected} ({lang}) missing from {pdf.name}"


@pytest.mark.parametrize("lang_set", LANG_SETS)
@pytest.mark.parametrize("kind", KINDS)
def test_each_script_is_set_in_its_chosen_font(kind: str, lang_set: str,
                                               render_sample: Callable[[str, str], Path]) -> None:
    pdf = render_sample(kind, lang_set)
    chars = char_fonts(pdf)
    langs = parse_langs(lang_set)
    hangul = [(ch, font) for ch, font in chars if _is_hangul(ch)]
    khmer = [(ch, font) for ch, font in chars if _is_khmer(ch)]
    assert bool(hangul) == ("ko" in langs), f"Hangul present: {bool(hangul)} for {lang_set}"
    assert bool(khmer) == ("km" in langs), f"Khmer present: {bool(khmer)} for {lang_set}"
    wrong = {(ch, font) for ch, font in hangul if "Korean" not in font}
    wrong |= {(ch, font) for ch, font in khmer if "Khmer" not in font}
    assert not wrong, f"characters set in the wrong font: {sorted(wrong)[:10]}"
    latin = [(ch, font) for ch, font in chars if ch.isascii() and ch.isalpha()]
    assert latin and all("Latin" in font or "Korean" in font or "Khmer" in font for _, font in latin)


def test_every_element_with_text_has_a_language(render_sample: Callable[[str, str], Path]) -> None:
    from dossiergen.formats.html import render_html

    for kind in KINDS:
        html = render_html(build_context(load_record(SAMPLES[kind]), ("ko", "en")))
        assert html.count(' lang="ko"') > 5 and html.count(' lang="en"') > 5
        assert '<html lang="ko"' in html


@pytest.mark.parametrize("lang_set", ["ko+km+en", "km+en", "ko"])
def test_the_dossier_cover_is_one_page_with_its_issuer_at_the_foot(lang_set: str, render_sample) -> None:
    import pdfplumber

    pdf = render_sample("dossier", lang_set)
    ctx = build_context(load_record(SAMPLES["dossier"]), parse_langs(lang_set))
    issuer = ctx.orgs[load_record(SAMPLES["dossier"]).data.authorization.letter.issued_by]
    with pdfplumber.open(pdf) as document:
        cover = squeeze(document.pages[0].extract_text())
        # what follows the specimen band (the sample has illustrative values; its English part closes the band)
        second = squeeze(document.pages[1].extract_text()).split(squeeze("not from a source"), 1)[-1]
    for lang in parse_langs(lang_set):
        if lang != "km":  # pdfplumber ignores /ActualText
            assert squeeze(issuer[lang]) in cover
            assert squeeze(issuer[lang]) not in second[:200]
    # the contents open with section 1, in the digits of the first language (១. in a Khmer-led dossier)
    assert write_digits("1.", ctx.primary, ctx.conventions.khmer_digits) in second[:200]
