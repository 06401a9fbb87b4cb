"""The command line, through click's runner: outputs, messages, exit codes."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from dossiergen.cli.main import main

from .conftest import ROOT, SAMPLES, copy_directory


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(ROOT)
    return CliRunner()


def test_render_writes_one_pdf(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "press.pdf"
    result = runner.invoke(main,
                           ["render", str(SAMPLES["press"]), "--kind", "press", "--lang", "ko+en", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF-")
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) >= 1
    assert not list(tmp_path.glob(".*part"))


def test_render_refuses_a_kind_the_record_is_not(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    result = runner.invoke(main, ["render", str(SAMPLES["press"]), "--kind", "dossier", "-o", str(out)])
    assert result.exit_code == 2
    assert "a press record renders as --kind press, not dossier" in result.stderr
    assert not out.exists()


def test_render_refuses_an_unknown_language_set(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["render", str(SAMPLES["press"]), "--lang", "ko+fr", "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2
    assert "--lang 'ko+fr': choose one of ko, km, en, ko+en, km+en, ko+km" in result.stderr


@pytest.mark.parametrize(("command", "other"), [("render", "--tagged"), ("render", "--pdf-ua"),
                                               ("build", "--tagged"), ("build", "--pdf-ua")])
def test_untagged_with_an_option_asking_for_tags_is_one_line_and_exit_2(runner: CliRunner, tmp_path: Path,
                                                                        command: str, other: str) -> None:
    source = str(SAMPLES["press"]) if command == "render" else "dossiers"
    out = tmp_path / ("x.pdf" if command == "render" else "out")
    result = runner.invoke(main, [command, source, "--untagged", other, "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr == f"--untagged contradicts {other}: PDFs are tagged unless --untagged is given\n"
    assert not out.exists()


@pytest.mark.parametrize("command", ["render", "build"])
def test_untagged_is_in_the_help_and_the_old_tagging_options_are_not(runner: CliRunner, command: str) -> None:
    help_text = runner.invoke(main, [command, "--help"]).output
    assert "--untagged" in help_text and "PDF/UA-1" in help_text
    assert "--tagged" not in help_text and "--pdf-ua" not in help_text


def test_render_untagged_writes_the_plain_pdf(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "plain.pdf"
    result = runner.invoke(main, ["render", str(SAMPLES["press"]), "--untagged", "-o", str(out)])
    assert result.exit_code == 0, result.output
    with pikepdf.open(out) as pdf:
        assert "/StructTreeRoot" not in pdf.Root and pdf.open_metadata().pdfa_status == "3B"


def test_validate_accepts_the_samples(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", "dossiers"])
    assert result.exit_code == 0, result.stderr
    assert "6 record(s) valid" in result.output


def test_build_renders_every_sample_in_its_default_sets(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["build", "dossiers", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    names = sorted(path.name for path in tmp_path.glob("*.pdf"))
    assert names == sorted([
        "kh-emoto.ko-en.pdf", "kh-emoto.km-en.pdf",
        "kh-emoto-press-2025-07-21.ko.pdf", "kh-emoto-press-2025-07-21.ko-en.pdf",
        "kh-emoto-press-2025-07-21.km-en.pdf",
        "kh-emoto-wg-01.ko-en.pdf", "kh-emoto-wg-01.km-en.pdf",
        "gnzc-2024-press.ko.pdf", "gnzc-2024-press.ko-en.pdf", "gnzc-2024-press.km-en.pdf",
        "bd-solar-irrigation.ko-en.pdf", "bd-solar-irrigation.km-en.pdf",
        "vn-landfill-gas.ko-en.pdf", "vn-landfill-gas.km-en.pdf",
    ])


def test_build_goes_on_past_a_bad_record_and_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    records = tmp_path / "records"
    records.mkdir()
    (records / "project.yaml").write_bytes(SAMPLES["dossier"].read_bytes())
    copy_directory(records)
    (records / "broken.yaml").write_text("kind: project\nid: [unclosed\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", str(records), "-o", str(out)])
    assert result.exit_code == 2
    assert "broken.yaml:2: malformed YAML" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in out.glob("*.pdf")) == ["kh-emoto.km-en.pdf", "kh-emoto.ko-en.pdf"]


@pytest.mark.parametrize("command", [[], ["render"], ["validate"], ["build"], ["i18n"], ["i18n", "check"]])
def test_every_command_has_help(runner: CliRunner, command: list[str]) -> None:
    result = runner.invoke(main, [*command, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output


def test_python_dash_m_runs_the_cli() -> None:
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "dossiergen", "--version"], capture_output=True, text=True,
                            check=True)
    assert "dossiergen" in result.stdout
