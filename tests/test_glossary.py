"""One word for one thing: the glossary's terms in every catalog, record and press notice.

``locales/glossary.yaml`` lists the official terms in ko, km and en and the variants to avoid;
``dossiergen i18n check`` reports a variant with file and line; ``dossiergen i18n glossary``
exports the terms as TBX. The press notice names the authorization instrument in those terms.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

from dossiergen.cli.main import main
from dossiergen.i18n.glossary import catalog_texts, load_glossary, tbx, variant_problems

from .conftest import ROOT, SAMPLES, pdf_column_texts, squeeze

GLOSSARY = load_glossary(ROOT / "locales" / "glossary.yaml")
TBX = "{urn:iso:std:iso:30042:ed-2}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.mark.parametrize("lang_set", ["ko+en", "km+en"])
def test_the_notice_names_the_instrument_its_issuer_and_date_in_the_glossarys_terms(
        render_record: Callable[[Path, str], Path], lang_set: str) -> None:
    expected = {
        "ko": "※ 승인 근거: 캄보디아 환경부 발급 승인서(MOE-KH/LoA/2025/003, 2025. 7. 18.) [예시]",
        "km": "លិខិតអនុញ្ញាតលេខ MOE-KH/LoA/2025/003 ត្រូវបានចេញដោយក្រសួងបរិស្ថាន"
              " នៅថ្ងៃទី១៨ ខែកក្កដា ឆ្នាំ២០២៥។ [គំរូ]",
        "en": "Note: The Letter of Authorization MOE-KH/LoA/2025/003 was issued by the Ministry of"
              " Environment of Cambodia on 18 July 2025. [SPECIMEN]",
    }
    readings = [squeeze(text) for text in pdf_column_texts(render_record(SAMPLES["press"], lang_set))]
    term = GLOSSARY.terms["letter-of-authorization"]
    for lang in lang_set.split("+"):
        assert any(squeeze(expected[lang]) in reading for reading in readings), lang
        assert getattr(term, lang) in expected[lang]  # the glossary's word for the instrument, not a variant
        assert not any(variant in expected[lang] for variant in term.variants.get(lang, []))  # type: ignore[call-overload]


@pytest.fixture
def project(user_project: Path) -> Path:
    """The user project with its own (empty) catalogs over the built-in ones."""
    for command in (["i18n", "extract"], ["i18n", "update"]):
        assert CliRunner().invoke(main, command).exit_code == 0
    return user_project


def test_the_samples_and_catalogs_use_no_variant() -> None:
    result = CliRunner().invoke(main, ["i18n", "check"])
    assert result.exit_code == 0, result.output


def test_a_record_text_with_a_variant_is_a_located_line(project: Path) -> None:
    record = project / "dossiers" / "kh-emoto" / "project.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("무이의서(LoNO) 발급", "무이의 서한(LoNO) 발급"),
                      encoding="utf-8")
    line = next(number for number, text in enumerate(record.read_text(encoding="utf-8").splitlines(), start=1)
                if "무이의 서한" in text)
    result = CliRunner().invoke(main, ["i18n", "check"])
    assert result.exit_code == 1  # a check that fails, as for a missing translation
    assert result.output.strip().splitlines() == [
        f"dossiers/kh-emoto/project.yaml:{line}: key_dates[1].event.ko: '무이의 서한': the glossary's term is"
        " '무이의서' (letter-of-no-objection)"]


def test_a_catalog_translation_with_a_variant_is_a_located_line(tmp_path: Path) -> None:
    locales = tmp_path / "locales"
    shutil.copytree(ROOT / "locales", locales)
    po = locales / "ko" / "LC_MESSAGES" / "messages.po"
    text = po.read_text(encoding="utf-8").replace('msgstr "무이의서(LoNO)"', 'msgstr "무이의 서한(LoNO)"')
    po.write_text(text, encoding="utf-8")
    line = text.splitlines().index('msgstr "무이의 서한(LoNO)"')  # the message's entry starts at its msgid
    [problem] = variant_problems(GLOSSARY, catalog_texts(locales))
    assert (problem.path, problem.line) == (po, line)
    assert str(problem).endswith("msgid 'Letter of No Objection': '무이의 서한': the glossary's term is '무이의서'"
                                 " (letter-of-no-objection)")


def test_the_tbx_export_carries_every_term_and_marks_the_variants_deprecated(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["i18n", "glossary", "-o", str(tmp_path / "terms.tbx")])
    assert result.exit_code == 0, result.output
    root = ElementTree.parse(tmp_path / "terms.tbx").getroot()
    entries = {entry.get("id"): entry for entry in root.iter(f"{TBX}conceptEntry")}
    assert set(entries) == set(GLOSSARY.terms)
    korean = next(section for section in entries["letter-of-no-objection"].iter(f"{TBX}langSec")
                  if section.get(XML_LANG) == "ko")
    statuses = {term.findtext(f"{TBX}term"): term.findtext(f"{TBX}termNote") for term in korean}
    assert statuses == {"무이의서": "preferredTerm-admn-sts", "무이의 서한": "deprecatedTerm-admn-sts",
                        "무이의서한": "deprecatedTerm-admn-sts"}
    # the copy beside the PO files is the glossary's current export
    assert (ROOT / "locales" / "glossary.tbx").read_bytes() == tbx(GLOSSARY)
