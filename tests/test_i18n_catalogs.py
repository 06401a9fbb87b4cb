"""Fixed wording lives in the catalogs, complete in every language, extracted from the templates."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from dossiergen.cli.main import main
from dossiergen.i18n import catalogs, formatting

from .conftest import ROOT

HANGUL_OR_KHMER = re.compile("[\uac00-\ud7a3\u1100-\u11ff\u3131-\u318e\u1780-\u17ff\u19e0-\u19ff]")


def test_templates_hold_no_korean_or_khmer_literal() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in (ROOT / "templates").rglob("*")
        if path.is_file() and path.suffix in (".html", ".css")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if HANGUL_OR_KHMER.search(line)
    ]
    assert not offenders


def test_committed_template_catalog_is_up_to_date(tmp_path: Path) -> None:
    pot = tmp_path / "messages.pot"
    catalogs.extract([(ROOT / "templates", "templates"), *catalogs.WORDING_SOURCES], pot)
    with pot.open("rb") as fresh, (ROOT / "locales" / "messages.pot").open("rb") as committed:
        assert {m.id for m in read_po(fresh)} == {m.id for m in read_po(committed)}


def test_i18n_check_passes_on_the_catalogs() -> None:
    result = CliRunner().invoke(main, ["i18n", "check"])
    assert result.exit_code == 0, result.output


@pytest.fixture
def locales(tmp_path: Path) -> Path:
    """A copy of the project's catalogs, free to spoil."""
    shutil.copytree(ROOT / "locales", tmp_path / "locales")
    return tmp_path / "locales"


def test_i18n_check_fails_on_missing_and_fuzzy(locales: Path) -> None:
    ko = catalogs.po_path(locales, "ko")
    text = ko.read_text(encoding="utf-8")
    text = text.replace('msgstr "요약"', 'msgstr ""')
    text = text.replace('msgid "Agenda"', '#, fuzzy\nmsgid "Agenda"')
    ko.write_text(text, encoding="utf-8")
    problems = [str(p) for p in catalogs.check(ROOT / "locales" / "messages.pot", locales)]
    assert any("ko: missing translation for 'Summary'" in p for p in problems), problems
    assert any("ko: fuzzy translation for 'Agenda'" in p for p in problems), problems
    assert len(problems) == 2


def test_update_keeps_translations_and_compile_writes_mo(locales: Path) -> None:
    catalogs.update(ROOT / "locales" / "messages.pot", locales)
    assert catalogs.check(ROOT / "locales" / "messages.pot", locales) == []
    written = catalogs.compile_catalogs(locales)
    assert all(path.stat().st_size > 0 for path in written)


def test_babel_formats_each_language() -> None:
    from datetime import date
    from decimal import Decimal

    ko, km, en = (formatting.Formatter(lang) for lang in ("ko", "km", "en"))
    assert ko.date(date(2025, 7, 21)) == "2025. 7. 21."
    assert en.date(date(2025, 7, 21)) == "21 July 2025"
    assert "កក្កដា" in km.date(date(2025, 7, 21))
    assert en.tonnes(680000) == "680,000"
    assert en.percent(Decimal("58.8")) == "58.8%"


def test_a_translation_in_no_chosen_font_is_a_located_catalog_error(tmp_path: Path) -> None:
    import shutil

    import pytest

    from dossiergen.config.paths import ProjectPaths
    from dossiergen.errors import CatalogError
    from dossiergen.records.loading import load_record
    from dossiergen.render.context import build_context

    shutil.copytree(ROOT / "locales", tmp_path / "locales")
    km = catalogs.po_path(tmp_path / "locales", "km")
    km.write_text(km.read_text(encoding="utf-8").replace('msgstr "សេចក្តីសង្ខេប"', 'msgstr "សេចក្តីសង្ខេប ✅"'),
                  encoding="utf-8")
    ctx = build_context(load_record(ROOT / "dossiers" / "kh-emoto" / "project.yaml"), ("km", "en"),
                        paths=ProjectPaths(tmp_path))
    with pytest.raises(CatalogError) as caught:
        ctx.translate("Summary")
    assert str(caught.value).endswith(
        "messages.po: 'Summary': character U+2705 '✅' (WHITE HEAVY CHECK MARK) is in no font chosen for Khmer")


def test_official_number_and_date_forms() -> None:
    from datetime import date, datetime, timedelta, timezone
    from decimal import Decimal

    km = formatting.Formatter("km", formatting.Conventions())
    assert km.tonnes(680000) == "៦៨០,០០០"
    assert km.percent(Decimal("58.8")) == "៥៨.៨%"
    assert km.date(date(2025, 7, 21)) == "ថ្ងៃទី២១ ខែកក្កដា ឆ្នាំ២០២៥"
    assert km.datetime(datetime(2025, 7, 21, 12, tzinfo=timezone(timedelta(hours=9)))) == "ថ្ងៃទី២១ ខែកក្កដា ឆ្នាំ២០២៥ ១២:០០"
    latin_km = formatting.Formatter("km", formatting.Conventions(khmer_digits=False, khmer_formal_date=False))
    assert latin_km.tonnes(680000) == "680,000"
    assert latin_km.date(date(2025, 7, 21)) == "21 កក្កដា 2025"
    ko_press = formatting.Formatter("ko", formatting.conventions_for("press"))
    assert ko_press.tonnes(680000) == "68만" and ko_press.tonnes(400000) == "40만"
    assert formatting.korean_man(1234567) == "123만 4,567" and formatting.korean_man(250_000_000) == "2억 5,000만"
    assert formatting.Formatter("ko", formatting.conventions_for("dossier")).tonnes(680000) == "680,000"
    assert formatting.Formatter("ko").date(date(2025, 7, 21)) == "2025. 7. 21."
    assert formatting.conventions_for("press", korean_man=False, khmer_digits=None).korean_man is False


def test_render_options_override_the_kind_defaults(tmp_path: Path) -> None:
    from .conftest import SAMPLES, own_pages_text

    out = tmp_path / "press.pdf"
    result = CliRunner().invoke(main, ["render", str(SAMPLES["press"]), "--lang", "ko+km", "--latin-digits",
                                       "--korean-digits", "--khmer-short-date", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = own_pages_text(out)  # its 붙임, the Letter of Authorization, is a document with conventions of its own
    assert "680,000톤" in text.replace(" ", "") and "68만" not in text
    assert "៦៨០" not in text and "ថ្ងៃទី១៨" not in text
