"""Every file dossiergen writes gets the mode the umask gives a new file (0644 under 022), not mkstemp's 0600."""

from __future__ import annotations

import builtins
import os
import shutil
import stat
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dossiergen.cli.main import main
from dossiergen.files import umask as read_umask

from .conftest import ROOT


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_build_writes_its_pdfs_manifest_board_feed_and_report_with_the_umasks_mode(
        umask: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(ROOT / "dossiers" / "gnzc-2024", tmp_path / "records" / "gnzc-2024")
    (tmp_path / "dossiergen.toml").write_text(
        '[build]\nsource = "records"\noutput = "out"\n\n[outputs]\npress = ["ko"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "-j", "1", "--report", "report.json"])
    assert result.exit_code == 0, result.output
    written = [Path("out/gnzc-2024-press.ko.pdf"), Path("out/.dossiergen-build.json"), Path("out/press/index.html"),
               Path("out/press/atom.xml"), Path("report.json")]
    assert {str(path): oct(_mode(path)) for path in written} == {str(path): oct(0o666 & ~umask) for path in written}


def test_a_new_record_skeleton_has_the_umasks_mode(umask: int, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["new", "press", "-o", str(tmp_path / "press.yaml")])
    assert result.exit_code == 0, result.output
    assert oct(_mode(tmp_path / "press.yaml")) == oct(0o666 & ~umask)


def test_the_umask_is_read_without_changing_it_with_or_without_proc(umask: int,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    assert read_umask() == umask
    real_open = builtins.open

    def no_proc(file: Any, *args: Any, **kwargs: Any) -> Any:
        if str(file).startswith("/proc/"):
            raise FileNotFoundError(2, "No such file or directory", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", no_proc)
    assert read_umask() == umask
    monkeypatch.undo()
    assert os.umask(umask) == umask  # still as the fixture set it
