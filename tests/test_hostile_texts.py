"""Texts that cost more than they parse, or print otherwise than they are stored: one located line each.

The small cases are files of the invalid catalogue (``tests/data/invalid/hostile-text/``); the
large ones are generated (``tests/hostile_records.py``). What a translator's PO file or a
project's catalog brings in is held to the same rules as a record's text.
"""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from click.testing import CliRunner

from dossiergen.cli.main import main
from dossiergen.i18n.po_round_trip import export_catalog
from dossiergen.records.loading import load_record
from dossiergen.records.text_limits import MAX_TEXT_CHARS, text_problem

from .conftest import SAMPLES, copy_directory
from .hostile_records import CASES, NO_BOUNDARY

MEMORY_CAP = 1536 * 2**20
"""The address space a render of a bomb may take (issue 16's cap for ``render``)."""


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.mark.parametrize("name", list(CASES))
@pytest.mark.parametrize("command", ["validate", "render"])
def test_each_generated_case_is_one_located_line_and_nothing_written(
        name: str, command: str, runner: CliRunner, tmp_path: Path) -> None:
    text, line, message = CASES[name]()
    record = tmp_path / "project.yaml"
    record.write_text(text, encoding="utf-8")
    out = tmp_path / "out.pdf"
    args = [command, str(record)] + (["-o", str(out)] if command == "render" else [])
    result = runner.invoke(main, args)
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [f"{record}:{line}: {message}"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["project.yaml"]


@pytest.mark.parametrize("name", ["alias-bomb", "title-of-900-kb", "combining-marks-100000"])
def test_a_bomb_is_refused_within_the_memory_cap_of_a_render(name: str, tmp_path: Path) -> None:
    """In a process that cannot grow past the cap: a bomb that got through would die of MemoryError."""
    text, line, message = CASES[name]()
    record = tmp_path / "project.yaml"
    record.write_text(text, encoding="utf-8")

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))

    done = subprocess.run([sys.executable, "-m", "dossiergen", "render", str(record), "-o", str(tmp_path / "x.pdf")],
                          capture_output=True, text=True, preexec_fn=cap, timeout=300, check=False)
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines() == [f"{record}:{line}: {message}"]


@pytest.mark.parametrize(("text", "allowed"), [
    ("ក្រសួង\u200bបរិស្ថាន", True),  # ZWSP between Khmer words
    ("ព្រះ\u200cរាជ", True),  # ZWNJ
    ("x\u200dy", True),  # ZWJ
    ("line one\nline two\tand a tab", True),
    ("e\u0301" * 3 + "ស្ត្រី", True),
    ("a" + "\u0301" * 8, True),
    ("a" + "\u0301" * 9, False),
    (NO_BOUNDARY * 40, True),
    (NO_BOUNDARY * 41, False),
    ("x" * MAX_TEXT_CHARS, False),  # one run of 20,000 letters
    ("word " * (MAX_TEXT_CHARS // 5), True),
    ("word " * (MAX_TEXT_CHARS // 5) + "!", False),
    ("\u202a", False), ("\u202e", False), ("\u2066", False), ("\u2069", False), ("\u200e", False),
    ("\x00", False), ("\x1f", False), ("\x7f", False), ("\x80", False), ("\x9f", False),
    ("\u2028", False), ("\u2029", False), ("\r", False),
])
def test_what_a_text_may_hold(text: str, allowed: bool) -> None:
    assert (text_problem(text) is None) is allowed, text_problem(text)


@pytest.mark.parametrize(("translation", "reason"), [
    ("ការ\x1bអនុញ្ញាត", "control character U+001B is not allowed in a record (pasted from another program?)"),
    ("ផ្ទេរ \u202e{transfer_t}\u202c តោន", "U+202E RIGHT-TO-LEFT OVERRIDE is not allowed in a record: a bidirectional"
                                           " control can make a figure or a word print in another order than it is"
                                           " stored"),
    ("ក\u2028ខ", "U+2028 LINE SEPARATOR is not allowed in a record: start a new paragraph or item instead"),
])
def test_import_refuses_a_translation_with_a_control_and_writes_nothing(
        translation: str, reason: str, runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "kh-emoto"
    folder.mkdir()
    copy_directory(tmp_path)
    press = folder / "press.yaml"
    press.write_bytes(SAMPLES["press"].read_bytes())
    (folder / "project.yaml").write_bytes(SAMPLES["dossier"].read_bytes())
    before = press.read_bytes()
    catalog, _ = export_catalog(load_record(press), "km")
    message = catalog.get(catalog_msgid(catalog, "headline"), context="headline")
    assert message is not None
    message.string = translation
    po = tmp_path / "km.po"
    with po.open("wb") as stream:
        write_po(stream, catalog, width=0)
    line = next(number for number, text in enumerate(po.read_text(encoding="utf-8").splitlines(), start=1)
                if text == 'msgctxt "headline"') + 1
    result = runner.invoke(main, ["i18n", "import", str(po), str(press)])
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [f"{po}:{line}: msgctxt headline: {reason}"]
    assert press.read_bytes() == before
    assert sorted(path.name for path in folder.iterdir()) == ["press.yaml", "project.yaml"]


def catalog_msgid(catalog: Catalog, context: str) -> str:
    return next(str(message.id) for message in catalog if message.context == context)


def test_a_project_catalog_with_a_control_character_is_refused_where_it_is(
        user_project: Path, runner: CliRunner) -> None:
    """A catalog is the project's own file, reviewed like code, but a paste into it is caught the same."""
    catalog = Catalog(locale="km", project="ministry")
    catalog.add("Press release", "សេចក្តី\x07ប្រកាសព័ត៌មាន")
    po = user_project / "locales" / "km" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    with po.open("wb") as stream:
        write_po(stream, catalog, omit_header=True)
    line = next(number for number, text in enumerate(po.read_text(encoding="utf-8").splitlines(), start=1)
                if text == 'msgid "Press release"')
    out = user_project / "out.pdf"
    result = runner.invoke(main, ["render", "dossiers/kh-emoto/press-2025-07-21.yaml", "--lang", "km+en",
                                  "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == [
        "locales/km/LC_MESSAGES/messages.po:"
        f"{line}: km: control character U+0007 is not allowed in a record (pasted from another program?)"
        " (the translation of 'Press release')"]
    assert not out.exists()


def test_i18n_check_reports_the_same_translation(user_project: Path, runner: CliRunner) -> None:
    template = Catalog(project="ministry")
    template.add("Press release")
    (user_project / "locales").mkdir()
    with (user_project / "locales" / "messages.pot").open("wb") as stream:
        write_po(stream, template)
    for lang, string in {"ko": "보도자료", "km": "សេចក្តី\u202eប្រកាស", "en": "Press release"}.items():
        catalog = Catalog(locale=lang, project="ministry")
        catalog.add("Press release", string)
        po = user_project / "locales" / lang / "LC_MESSAGES" / "messages.po"
        po.parent.mkdir(parents=True)
        with po.open("wb") as stream:
            write_po(stream, catalog, omit_header=True)
    result = runner.invoke(main, ["i18n", "check"])
    assert result.exit_code != 0
    assert result.stderr.splitlines() == [
        "locales/km/LC_MESSAGES/messages.po:1: km: U+202E RIGHT-TO-LEFT OVERRIDE is not allowed in a record: a"
        " bidirectional control can make a figure or a word print in another order than it is stored (the"
        " translation of 'Press release')"], result.output
