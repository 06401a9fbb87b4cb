"""Faults around a render: each ends in one clear line, and the outputs already there stay whole."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dossiergen.cli.main import main
from dossiergen.render import fonts

from .conftest import ROOT


@pytest.fixture
def records(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "dossiers" / "gnzc-2024", tmp_path / "records" / "gnzc-2024")
    return tmp_path / "records"


def test_a_full_disk_is_one_line_and_leaves_the_previous_output_whole(records: Path, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["build", str(records), "-o", str(out), "-j", "1"]).exit_code == 0
    before = {path.name: path.read_bytes() for path in out.glob("*.pdf")}
    real_fdopen = os.fdopen

    class FullDisk:
        def __init__(self, stream):  # noqa: ANN001 - a file object
            self.stream = stream

        def __enter__(self):  # noqa: ANN204
            return self

        def __exit__(self, *exc: object) -> None:
            self.stream.close()

        def write(self, data: bytes) -> int:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def fdopen(descriptor: int, mode: str = "r", *args: object, **kwargs: object) -> object:
        # only files opened for writing meet the full disk: the records are still read
        opened = real_fdopen(descriptor, mode, *args, **kwargs)  # type: ignore[call-overload]
        return FullDisk(opened) if "w" in mode else opened

    monkeypatch.setattr("dossiergen.batch.outputs.os.fdopen", fdopen)
    result = CliRunner().invoke(main, ["build", str(records), "-o", str(out), "-j", "1", "--force"])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[:3] == [f"{out / name}: cannot write: No space left on device" for name in
                         ("gnzc-2024-press.ko.pdf", "gnzc-2024-press.ko-en.pdf", "gnzc-2024-press.km-en.pdf")]
    assert {path.name: path.read_bytes() for path in out.glob("*.pdf")} == before
    assert not list(out.glob(".*.part"))


def test_a_font_removed_between_two_builds_stops_the_second_with_its_package(records: Path, tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    fonts_dir = tmp_path / "fonts"
    fonts_dir.mkdir()
    for _, path in fonts.located_faces():
        shutil.copy(path, fonts_dir / path.name)
    monkeypatch.setenv("DOSSIERGEN_FONT_DIRS", str(fonts_dir))
    monkeypatch.setattr(fonts, "FONT_DIRS", ())  # only the copies: no system font to fall back on
    fonts._located.cache_clear()
    try:
        assert CliRunner().invoke(main, ["build", str(records), "-o", str(out), "-j", "1"]).exit_code == 0
        before = {path.name: path.read_bytes() for path in out.glob("*.pdf")}
        (fonts_dir / "NanumMyeongjo.ttf").unlink()
        result = CliRunner().invoke(main, ["build", str(records), "-o", str(out), "-j", "1"])
    finally:
        fonts._located.cache_clear()
    assert result.exit_code != 0
    assert len(result.stderr.splitlines()) == 1
    assert "NanumMyeongjo.ttf" in result.stderr and "fonts-nanum" in result.stderr
    assert {path.name: path.read_bytes() for path in out.glob("*.pdf")} == before


@pytest.mark.parametrize("jobs", ["1", "2"], ids=["in-process", "workers"])
def test_a_render_over_its_time_limit_is_stopped_with_one_line(records: Path, tmp_path: Path, jobs: str) -> None:
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["build", str(records), "-o", str(out), "-j", jobs]).exit_code == 0
    before = {path.name: path.read_bytes() for path in out.glob("*.pdf")}
    result = CliRunner().invoke(main, ["build", str(records), "-o", str(out), "-j", jobs, "--force",
                                       "--timeout", "0.05"])
    assert result.exit_code == 2
    assert sorted(result.stderr.splitlines()[:-1]) == sorted(
        f"{records / 'gnzc-2024' / 'press.yaml'}: gnzc-2024-press.{langs}.pdf took longer than 0.05 s to render"
        " and was stopped (--timeout)" for langs in ("ko", "ko-en", "km-en"))
    assert {path.name: path.read_bytes() for path in out.glob("*.pdf")} == before
    again = CliRunner().invoke(main, ["build", str(records), "-o", str(out), "-j", jobs])
    assert again.exit_code == 0 and "3 written" in again.stdout, "the stopped outputs are rendered again"


def test_a_single_render_over_its_time_limit_is_one_line_and_leaves_the_previous_file(records: Path,
                                                                                       tmp_path: Path) -> None:
    record, target = records / "gnzc-2024" / "press.yaml", tmp_path / "press.pdf"
    assert CliRunner().invoke(main, ["render", str(record), "-o", str(target)]).exit_code == 0
    before = target.read_bytes()
    result = CliRunner().invoke(main, ["render", str(record), "-o", str(target), "--timeout", "0.05"])
    assert result.exit_code == 2
    assert result.stderr == (f"{record}: press.pdf took longer than 0.05 s to render and was stopped (--timeout)\n")
    assert target.read_bytes() == before
    assert list(tmp_path.glob(".*.part")) == []
