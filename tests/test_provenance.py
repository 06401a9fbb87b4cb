"""Provenance you can see: what a record lists as illustrative prints marked, in every output and language.

A record's ``illustrative:`` list names the values no source gives. Each prints followed by the
specimen mark of its language (``[예시]``, ``[គំរូ]``, ``[SPECIMEN]``), every page of a document that
prints one carries the specimen band, and a record that says it is final (or ``build --final``)
may list none.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po
from click.testing import CliRunner
from pydantic import BaseModel

from dossiergen.cli.main import main
from dossiergen.documents.tree import SPECIMEN_STYLE, Document, Text
from dossiergen.formats.docx import render_docx
from dossiergen.formats.hwpx import render_hwpx
from dossiergen.formats.post import render_post
from dossiergen.models import LocalizedText
from dossiergen.records.provenance import covers, illustrative_locs
from dossiergen.records.record import Loc, Record, dotted
from dossiergen.render.context import RenderContext

from .conftest import (
    ALL_SAMPLES,
    ROOT,
    SAMPLES,
    context_document,
    docx_text,
    hwpx_text,
    pdf_text,
    post_text,
    squeeze,
)

MARK = {"ko": "[예시]", "km": "[គំរូ]", "en": "[SPECIMEN]"}
BAND = {"ko": "예시 자료: [예시] 표시 값은 출처에 근거하지 않은 예시임",
        "km": "គំរូ៖ តម្លៃដែលមានសញ្ញា [គំរូ] ជាឧទាហរណ៍ មិនមែនមកពីប្រភពទេ",
        "en": "SPECIMEN: the values marked [SPECIMEN] are illustrative, not from a source"}
DOCUMENTS = [(path, kind, lang_set) for path in ALL_SAMPLES
             for kind in (("dossier", "loa") if path.name == "project.yaml" else (None,))
             for lang_set in ("ko+en", "km+en")]


def _texts(value: object) -> Iterator[Text]:
    """Every ``Text`` of a document tree."""
    if isinstance(value, Text):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from _texts(item)
    elif hasattr(value, "__dataclass_fields__") and not isinstance(value, type):
        for name in value.__dataclass_fields__:
            yield from _texts(getattr(value, name))


def _illustrative_texts(record: Record) -> Iterator[tuple[Loc, LocalizedText]]:
    """The record's texts that lie inside a field its ``illustrative:`` list names."""
    locs = illustrative_locs(record.data)

    def walk(value: object, loc: Loc) -> Iterator[tuple[Loc, LocalizedText]]:
        if isinstance(value, LocalizedText):
            if covers(locs, loc):
                yield loc, value
        elif isinstance(value, BaseModel):
            for name in type(value).model_fields:
                yield from walk(getattr(value, name), loc + (name,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield from walk(item, loc + (index,))
    yield from walk(record.data, ())


@cache
def _fixed_wording() -> frozenset[str]:
    """Every msgid and translation of the built-in catalogs: a record value that equals one of them (an annex
    titled "Letter of Authorization") cannot be told from the fixed label it equals."""
    words: set[str] = set()
    for lang in ("ko", "km", "en"):
        with (ROOT / "locales" / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
            for message in read_po(handle):
                words.update(text for text in (message.id, message.string) if isinstance(text, str))
    return frozenset(words)


def _shown_without_mark(text: Text, lang: str) -> str:
    return "".join(run.text for run in text[lang] if run.style != SPECIMEN_STYLE).strip()


def _marked(text: Text, lang: str) -> bool:
    return any(run.style == SPECIMEN_STYLE for run in text[lang])


def _document(path: Path, kind: str | None, lang_set: str) -> tuple[RenderContext, Document]:
    from dossiergen.documents.kinds import build_document
    from dossiergen.i18n.languages import parse_langs
    from dossiergen.records.loading import load_record
    from dossiergen.render.context import build_context

    ctx = build_context(load_record(path), parse_langs(lang_set), kind=kind)
    return ctx, build_document(ctx)


@pytest.mark.parametrize(("path", "kind", "lang_set"), DOCUMENTS,
                         ids=[f"{p.parent.name}/{p.stem}-{k or 'own'}-{ls}" for p, k, ls in DOCUMENTS])
def test_every_illustrative_text_prints_with_the_mark(path: Path, kind: str | None, lang_set: str) -> None:
    ctx, document = _document(path, kind, lang_set)
    texts = list(_texts(document.blocks))
    found: list[str] = []
    for loc, value in _illustrative_texts(ctx.record):
        shown = ctx.text(value)
        for lang in ctx.langs:
            # a unit's symbol (km, MWh) is also in the methodology's tables, which are not the record's values
            if shown[lang] in _fixed_wording() or len(shown[lang]) < 4:
                continue
            # the value as a text of its own, or quoted in a longer one (a short word could be any text's)
            holding = [text for text in texts if lang in text.langs and (
                _shown_without_mark(text, lang) == shown[lang]
                or (len(shown[lang]) >= 20 and shown[lang] in text.plain(lang)))]
            assert all(_marked(text, lang) for text in holding), f"{dotted(loc)} ({lang}) printed unmarked"
            found += [dotted(loc)] if holding else []
    if ctx.record.data.illustrative:
        assert found or ctx.kind == "loa", "no illustrative text of the record is in the document"
    assert (document.specimen is not None) == document.has_specimen_marks()


def test_sourced_texts_print_without_the_mark() -> None:
    """The press notice's headline comes from the seed: no mark. The quote's words do too, but the seed lost the
    speaker's surname and the directory lists the restored name as illustrative: the attribution is marked."""
    _, document = context_document(SAMPLES["press"], "ko+en")
    headline = next(text for text in _texts(document.blocks) if "국제탄소감축사업 승인" in text.plain("ko"))
    quote = next(text for text in _texts(document.blocks) if "윈-윈하는" in text.plain("ko"))
    assert not _marked(headline, "ko") and not _marked(headline, "en")
    assert _marked(quote, "ko") and _marked(quote, "en")


@pytest.mark.parametrize("lang_set", ["ko+en", "km+en"])
def test_the_press_notice_marks_its_invented_contacts_and_release(
        render_sample: Callable[[str, str], Path], lang_set: str) -> None:
    pdf = render_sample("press", lang_set)
    text = squeeze(pdf_text(pdf))
    first, second = lang_set.split("+")
    # the phone numbers are set once, in the first language's mark; the names and titles in each language
    assert squeeze(f"044-203-4071 {MARK[first]}") in text and squeeze(f"044-203-4076 {MARK[first]}") in text
    assert squeeze(f"Lee Jeong-hoon, Director, Investment Policy Division {MARK['en']}") in text
    assert squeeze(f"Kim Da-eun, Deputy Director {MARK['en']}") in text
    # the release time and the dateline are invented; the headline is the seed's
    assert squeeze(f"Monday 21 July 2025 12:00 {MARK['en']}") in text
    assert squeeze(f"gets fully under way {MARK['en']}") not in text


@pytest.mark.parametrize(("sample", "lang_set"), [("press", "ko+en"), ("press", "km+en"), ("minutes", "ko+en"),
                                                   ("dossier", "km+en")])
def test_every_page_carries_the_specimen_band(render_sample: Callable[[str, str], Path], sample: str,
                                              lang_set: str) -> None:
    pdf = render_sample(sample, lang_set)
    pages = pdf_text(pdf).split("\f")[:-1]
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        for lang in lang_set.split("+"):
            assert squeeze(BAND[lang]) in squeeze(page), f"page {number}: no {lang} band"


def test_the_dossier_marks_the_letter_number_and_the_key_dates(render_sample: Callable[[str, str], Path]) -> None:
    text = squeeze(pdf_text(render_sample("dossier", "km+en")))
    # the legal basis's table (a sentence that quotes the number is marked at its end)
    assert squeeze(f"MOE-KH/LoA/2025/003 {MARK['km']}") in text
    assert text.count(squeeze(MARK["km"])) > 20


def test_a_record_without_illustrative_values_has_no_mark_and_no_band(tmp_path: Path) -> None:
    folder = tmp_path / "kh-emoto"
    shutil.copytree(SAMPLES["press"].parent, folder)
    # nothing illustrative in the notice, its project or the directory it names people from
    for name in ("directory.yaml", "project.yaml", SAMPLES["press"].name):
        source = ROOT / "dossiers" / name if name == "directory.yaml" else SAMPLES["press"].parent / name
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        data["illustrative"] = []
        (folder / name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    press = folder / SAMPLES["press"].name
    ctx, document = context_document(press, "ko+en")
    assert document.specimen is None and not document.has_specimen_marks()
    for data_ in (render_docx(ctx, document), render_hwpx(ctx, document)):
        assert b"SPECIMEN" not in data_
    ctx, document = context_document(press, "ko")
    assert "[예시]" not in render_post(ctx, document)


@pytest.mark.parametrize("sample", ["press", "minutes"])
def test_word_hangul_and_the_web_post_carry_the_band_and_the_marks(sample: str) -> None:
    ctx, document = context_document(SAMPLES[sample], "ko+en")
    outputs = {"docx": docx_text(render_docx(ctx, document)), "hwpx": hwpx_text(render_hwpx(ctx, document))}
    if sample == "press":
        outputs["post"] = post_text(render_post(*context_document(SAMPLES[sample], "ko")))
    for name, text in outputs.items():
        assert squeeze(BAND["ko"]) in squeeze(text), f"{name}: no band"
        assert text.count(MARK["ko"]) >= 5, f"{name}: marks missing"
    if sample == "press":
        assert squeeze(f"044-203-4071 {MARK['ko']}") in squeeze(outputs["docx"])
        assert squeeze(f"승인 기념행사 {MARK['ko']}") in squeeze(outputs["post"])  # the photo's invented caption


def test_build_final_refuses_every_record_with_illustrative_values_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(ROOT / "dossiers" / "kh-emoto"), "--final", "-o", str(out),
                                      "-j", "1", "-q"])
    lines = [line for line in result.output.splitlines() if "--final" in line]
    assert result.exit_code != 0
    assert len(lines) == 3, result.output
    assert any(line.startswith("dossiers/kh-emoto/press-2025-07-21.yaml:") and (
        "illustrative: --final cannot keep illustrative values; still listed: department, responsible, staff,"
        " release, dateline, subheadlines, web") in line for line in lines)
    assert not list(out.glob("**/*.pdf"))
