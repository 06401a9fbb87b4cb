"""The translators' loop: i18n status, export of a record's texts to PO, and import back into the YAML."""

from __future__ import annotations

import difflib
import io
import shutil
import stat
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from click.testing import CliRunner

from dossiergen.cli.main import main
from dossiergen.errors import TranslationError
from dossiergen.i18n.po_round_trip import catalog_status, export_po, import_po, record_texts, translation_status
from dossiergen.records.checks import localized_texts
from dossiergen.records.loading import load_record
from dossiergen.records.record import dotted

from .conftest import DATA, ROOT, SAMPLES, copy_directory

STATUS_RECORD = DATA / "valid" / "translation-status" / "project.yaml"
STATUS_ANNEX = STATUS_RECORD.parent / "annex.png"
"""The file of the record's one annex (whose title is only in Khmer), which goes where the record goes."""


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(ROOT)
    return CliRunner()


def _po(path: Path, locale: str | None, messages: list[tuple[str, str, bool]]) -> None:
    catalog = Catalog(locale=locale)
    for msgid, msgstr, fuzzy in messages:
        catalog.add(msgid, msgstr, flags=["fuzzy"] if fuzzy else [])
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog)


@pytest.fixture
def small_root(tmp_path: Path) -> Path:
    """A project root whose catalogs are half done: ko complete, km one fuzzy, en one empty and one not merged."""
    locales = tmp_path / "locales"
    _po(locales / "messages.pot", None, [("Summary", "", False), ("Annexes", "", False)])
    _po(locales / "ko" / "LC_MESSAGES" / "messages.po", "ko", [("Summary", "요약", False), ("Annexes", "붙임", False)])
    _po(locales / "km" / "LC_MESSAGES" / "messages.po", "km",
        [("Summary", "សេចក្តីសង្ខេប", False), ("Annexes", "ឧបសម្ព័ន្ធ", True)])
    _po(locales / "en" / "LC_MESSAGES" / "messages.po", "en", [("Summary", "", False)])
    records = tmp_path / "records"
    records.mkdir()
    shutil.copy(STATUS_RECORD, records / "project.yaml")
    shutil.copy(STATUS_ANNEX, records)
    return tmp_path


# --- status -------------------------------------------------------------------------------


def test_catalog_status_counts_translated_fuzzy_untranslated_and_missing(small_root: Path) -> None:
    counts = {s.lang: (s.translated, s.fuzzy, s.untranslated, s.missing)
              for s in catalog_status(small_root / "locales")}
    assert counts == {"ko": (2, 0, 0, 0), "km": (1, 1, 0, 0), "en": (0, 0, 1, 1)}


def test_record_texts_count_each_language() -> None:
    texts = record_texts(load_record(STATUS_RECORD))
    assert texts.texts == 20
    assert dict(texts.present) == {"ko": 19, "km": 17, "en": 17}
    assert (texts.lacking("ko"), texts.lacking("km"), texts.lacking("en")) == (1, 3, 3)


def test_status_command_prints_both_tables(small_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOSSIERGEN_ROOT", str(small_root))
    monkeypatch.chdir(small_root)
    result = CliRunner().invoke(main, ["i18n", "status", "records"])
    assert result.exit_code == 0, result.output
    rows = {cells[0]: cells[1:] for line in result.output.splitlines()
            if (cells := [cell.strip() for cell in line.strip("│┃ ").split("│")]) and len(cells) > 3}
    #                 translated fuzzy missing with without complete
    assert rows["ko Korean"] == ["2", "0", "0", "19", "1", "95%"]
    assert rows["km Khmer"] == ["1", "1", "0", "17", "3", "85%"]
    assert rows["en English"] == ["0", "0", "2", "17", "3", "85%"]
    assert rows["records/project.yaml"] == ["20", "1", "3", "3"]
    assert "20 texts in 1 record(s) below records/" in result.output


def test_status_of_the_samples_is_complete(runner: CliRunner) -> None:
    status = translation_status(ROOT / "locales", ROOT / "dossiers")
    assert not status.problems
    assert all(status.texts_without(lang) == 0 for lang in ("ko", "km", "en"))
    result = runner.invoke(main, ["i18n", "status"])
    assert result.exit_code == 0, result.output
    assert f"{status.texts()} texts in 6 record(s) below dossiers/" in result.output


def test_status_reports_a_record_that_does_not_load(small_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOSSIERGEN_ROOT", str(small_root))
    monkeypatch.chdir(small_root)
    (small_root / "records" / "broken.yaml").write_text("kind: project\nid: Broken\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["i18n", "status", "records"])
    assert result.exit_code == 2
    assert "records/broken.yaml:2: id: String should match pattern" in result.stderr
    assert "records/project.yaml" in result.stdout  # the others are still counted


# --- export -------------------------------------------------------------------------------


def _read(po: bytes | Path) -> Catalog:
    data = po.read_bytes() if isinstance(po, Path) else po
    return read_po(io.BytesIO(data), abort_invalid=True)


def test_export_has_one_entry_per_text_with_its_field_path(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "km.po"
    result = runner.invoke(main, ["i18n", "export", str(SAMPLES["dossier"]), "--lang", "km", "-o", str(out)])
    assert result.exit_code == 0, result.output
    catalog = _read(out)
    record = load_record(SAMPLES["dossier"])
    messages = [message for message in catalog if message.id]
    assert str(catalog.locale) == "km"
    assert [m.context for m in messages] == [dotted(loc) for loc, _ in localized_texts(record.data, ())]
    assert f"wrote {out} ({len(messages)} texts to translate into km)" in result.output
    by_context = {m.context: m for m in messages}
    signatory = by_context["authorization.letter.signatory.title"]
    text = record.data.authorization.letter.signatory.title  # type: ignore[union-attr]
    assert (signatory.id, signatory.string) == (text.en, text.km)
    assert signatory.auto_comments == [f"ko: {text.ko}"]
    line = record.lines[("authorization", "letter", "signatory", "title")]
    assert signatory.locations == [("dossiers/kh-emoto/project.yaml", line)]
    description = by_context["description[0]"]
    assert description.id == record.data.description[0].en  # type: ignore[union-attr]
    assert "python-brace-format" in description.flags
    assert any(comment.startswith("Markdown:") for comment in description.auto_comments)



def test_export_takes_korean_when_there_is_no_english_and_leaves_out_texts_only_in_the_target() -> None:
    exported = export_po(load_record(STATUS_RECORD), "km")
    catalog = _read(exported.po)
    location = catalog.get("프놈펜", context="location")
    assert location is not None and location.string == "" and location.auto_comments == []
    assert catalog.get("Transport", context="sector").string == ""  # type: ignore[union-attr]
    assert exported.left_out == ("annexes[0].title",)
    assert exported.entries == 19


def test_export_to_standard_output_and_refusing_to_overwrite(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["i18n", "export", str(STATUS_RECORD), "--lang", "km"])
    assert result.exit_code == 0
    assert 'msgctxt "key_dates[1].event"' in result.stdout
    assert "annexes[0].title: only in km, nothing to translate from; left out" in result.stderr
    out = tmp_path / "km.po"
    out.write_text("translations in progress", encoding="utf-8")
    result = runner.invoke(main, ["i18n", "export", str(STATUS_RECORD), "--lang", "km", "-o", str(out)])
    assert result.exit_code == 2
    assert "exists; give --force to overwrite it" in result.stderr
    assert out.read_text(encoding="utf-8") == "translations in progress"


# --- import -------------------------------------------------------------------------------


def _edited(po: bytes, changes: dict[str, str], fuzzy: tuple[str, ...] = (),
            msgids: dict[str, str] | None = None, contexts: dict[str, str] | None = None) -> bytes:
    catalog = _read(po)
    for message in list(catalog):
        if message.context in changes:
            message.string = changes[message.context]
        if message.context in fuzzy:
            message.flags.add("fuzzy")
    for context, msgid in (msgids or {}).items():  # the English as it was at some earlier export
        old = next(m for m in catalog if m.context == context)
        catalog.delete(old.id, context=context)
        catalog.add(msgid, old.string, locations=old.locations, context=context)
    for context, renamed in (contexts or {}).items():
        old = next(m for m in catalog if m.context == context)
        catalog.delete(old.id, context=context)
        catalog.add(old.id, old.string, locations=old.locations, context=renamed)
    out = io.BytesIO()
    write_po(out, catalog, width=100, sort_output=False)
    return out.getvalue()


def _diff(before: str, after: str) -> tuple[list[str], list[str]]:
    """Lines removed and lines added."""
    lines = list(difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0))
    removed = [line[1:] for line in lines if line.startswith("-") and not line.startswith("---")]
    added = [line[1:] for line in lines if line.startswith("+") and not line.startswith("+++")]
    return removed, added


@pytest.fixture
def emoto(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "dossiers" / "kh-emoto", tmp_path / "kh-emoto")
    copy_directory(tmp_path)
    return tmp_path / "kh-emoto"


def test_import_changes_only_the_target_language_lines(runner: CliRunner, emoto: Path, tmp_path: Path) -> None:
    press = emoto / "press-2025-07-21.yaml"
    before = press.read_text(encoding="utf-8")
    po = tmp_path / "km.po"
    new_headline = "ការអនុញ្ញាតគម្រោងលើកដំបូងរបស់កូរ៉េ ជាមួយ{host_party}"
    new_note = "រយៈពេលផ្តល់ឥណទាន {crediting_start} ដល់ {crediting_end}"
    po.write_bytes(_edited(export_po(load_record(press), "km").po,
                           {"headline": new_headline, "body[3]": new_note, "ministry": "ក្រសួង"},
                           fuzzy=("ministry",)))
    result = runner.invoke(main, ["i18n", "import", str(po), str(press)])
    assert result.exit_code == 0, result.output
    assert "2 km text(s) imported" in result.stdout and "1 fuzzy, not imported" in result.stdout
    assert "msgctxt ministry: fuzzy, not imported" in result.stderr
    after = press.read_text(encoding="utf-8")
    removed, added = _diff(before, after)
    assert added == [f'  km: "{new_headline}"', f'    km: "{new_note}"']
    assert len(removed) == 2 and all(line.lstrip().startswith("km: ") for line in removed)
    assert [line for line in after.splitlines() if line.lstrip().startswith("#")] == \
        [line for line in before.splitlines() if line.lstrip().startswith("#")]
    record = load_record(press)
    assert record.data.headline.km == new_headline
    assert record.data.body[3].km == new_note  # type: ignore[union-attr]
    assert record.data.ministry.km != "ក្រសួង"
    assert sorted(path.name for path in emoto.iterdir()) == ["minutes-wg-01.yaml", "press-2025-07-21.yaml",
                                                             "project.yaml"]


def test_import_adds_a_missing_language_after_the_others(tmp_path: Path) -> None:
    record_path = tmp_path / "project.yaml"
    shutil.copy(STATUS_RECORD, record_path)
    shutil.copy(STATUS_ANNEX, tmp_path)
    before = record_path.read_text(encoding="utf-8")
    po = tmp_path / "km.po"
    po.write_bytes(_edited(export_po(load_record(record_path), "km").po,
                           {"sector": "ដឹកជញ្ជូន", "location": "ភ្នំពេញ"}))
    result = import_po(po, record_path)
    assert result.changed == ("sector", "location")
    after = record_path.read_text(encoding="utf-8")
    removed, added = _diff(before, after)
    assert removed == ['sector: {ko: "수송", en: "Transport"}']
    assert added == ['sector: {ko: "수송", en: "Transport", km: "ដឹកជញ្ជូន"}', '  km: "ភ្នំពេញ"']
    # the new key goes right after the text's last language, before the blank line and the comment
    assert '  ko: "프놈펜"\n  km: "ភ្នំពេញ"\n\n# the description quotes' in after
    assert load_record(record_path).data.location.km == "ភ្នំពេញ"


def test_import_into_another_file_leaves_the_record_alone(runner: CliRunner, emoto: Path, tmp_path: Path) -> None:
    project = emoto / "project.yaml"
    before = project.read_bytes()
    po = tmp_path / "en.po"
    po.write_bytes(_edited(export_po(load_record(project), "en").po, {"sector": "Transportation"}))
    out = emoto / "project-en.yaml"
    result = runner.invoke(main, ["i18n", "import", str(po), str(project), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert project.read_bytes() == before
    assert _diff(before.decode("utf-8"), out.read_text(encoding="utf-8")) == (['  en: "Transport"'],
                                                                               ['  en: "Transportation"'])


def test_import_gives_a_new_file_the_umasks_mode_and_a_rewritten_record_keeps_its_own(
        umask: int, emoto: Path, tmp_path: Path) -> None:
    project = emoto / "project.yaml"
    project.chmod(0o640)
    po = tmp_path / "en.po"
    po.write_bytes(_edited(export_po(load_record(project), "en").po, {"sector": "Transportation"}))
    out = tmp_path / "translated" / "project.yaml"
    import_po(po, project, out)
    assert oct(stat.S_IMODE(out.stat().st_mode)) == oct(0o666 & ~umask)
    import_po(po, project)
    assert load_record(project).data.sector.en == "Transportation"
    assert oct(stat.S_IMODE(project.stat().st_mode)) == oct(0o640)


def _po_line(po: Path, text: str) -> int:
    return next(number for number, line in enumerate(po.read_text(encoding="utf-8").splitlines(), start=1)
                if line == text)


def test_stale_msgid_and_unknown_msgctxt_are_located_and_nothing_is_written(
        runner: CliRunner, emoto: Path, tmp_path: Path) -> None:
    project = emoto / "project.yaml"
    before = project.read_bytes()
    po = tmp_path / "km.po"
    po.write_bytes(_edited(export_po(load_record(project), "km").po, {"technology": "បច្ចេកវិទ្យា"},
                           msgids={"sector": "Transport sector"}, contexts={"location": "locaton"}))
    out = tmp_path / "out.yaml"
    result = runner.invoke(main, ["i18n", "import", str(po), str(project), "-o", str(out)])
    assert result.exit_code == 2
    stale_line, unknown_line = _po_line(po, 'msgid "Transport sector"'), _po_line(po, 'msgctxt "locaton"') + 1
    lines = result.stderr.splitlines()
    assert f"{po}:{stale_line}: msgctxt sector: msgid 'Transport sector' is no longer the record's source text" \
           " (the en text is now 'Transport'); export again" in lines
    assert f"{po}:{unknown_line}: msgctxt locaton: no text field locaton in {project} (did you mean location?)" in lines
    assert len(lines) == 2
    assert project.read_bytes() == before
    assert not out.exists()
    assert not [path for path in emoto.iterdir() if path.name.startswith(".")]


def test_each_problem_raises_one_translation_error(emoto: Path, tmp_path: Path) -> None:
    project = emoto / "project.yaml"
    po = tmp_path / "km.po"
    po.write_bytes(_edited(export_po(load_record(project), "km").po,
                           {"title": "{authorised_t} តោន", "sector": "   "}))
    with pytest.raises(TranslationError) as raised:
        import_po(po, project)
    messages = [problem.message for problem in raised.value.problems]  # type: ignore[union-attr]
    assert messages[0].startswith("unknown figure {authorised_t} in the translation; known: ")
    assert messages[1] == "the translation is only blanks"
    assert raised.value.exit_code == 2


def test_a_po_file_of_another_record_is_refused(emoto: Path, tmp_path: Path) -> None:
    po = tmp_path / "km.po"
    po.write_bytes(export_po(load_record(emoto / "project.yaml"), "km").po)
    with pytest.raises(TranslationError, match="exported from record 'kh-emoto', not 'kh-emoto-wg-01'"):
        import_po(po, emoto / "minutes-wg-01.yaml")
