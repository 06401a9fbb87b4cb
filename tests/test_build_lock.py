"""Two builds into one output folder (issue 16, point 3): the second waits for the first, or with
--no-wait refuses naming it; both leave every output whole and the manifest valid.

The first build is paused (SIGSTOP) once it holds the lock, so that the second meets it whatever
the machine's speed; nothing here measures time.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pikepdf
import pytest

from dossiergen.batch.cache import MANIFEST
from dossiergen.batch.lock import LOCK_NAME, BuildLocked, build_lock

from .conftest import ROOT, copy_directory


@pytest.fixture
def records(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "dossiers" / "gnzc-2024", tmp_path / "records" / "gnzc-2024")
    copy_directory(tmp_path / "records")
    return tmp_path / "records"


def _build(records: Path, out: Path, *options: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "dossiergen", "build", str(records), "-o", str(out), "-j", "1",
                             *options], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _holding(out: Path, process: subprocess.Popen[str]) -> None:
    """Until ``process`` holds the lock of ``out`` (its pid is in the lock file)."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        try:
            if (out / LOCK_NAME).read_text(encoding="ascii").strip() == str(process.pid):
                return
        except OSError:
            pass
        time.sleep(0.02)
    raise AssertionError("the first build never took the lock")


def _first_line(process: subprocess.Popen[str]) -> str:
    """The first line the process writes on standard error (read in a thread: a hang fails, not blocks)."""
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.append(process.stderr.readline()),  # type: ignore[union-attr]
                              daemon=True)
    reader.start()
    reader.join(300)
    assert lines, "the second build said nothing"
    return lines[0]


def _assert_whole(out: Path) -> None:
    names = sorted(path.name for path in out.glob("*.pdf"))
    assert len(names) == 3, names  # dossiergen.toml: a press notice in ko, ko+en, km+en
    for name in names:
        with pikepdf.open(out / name) as pdf:
            assert len(pdf.pages) >= 1
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    # one entry a PDF, and the press board's (its key: the press records and PDFs it links)
    assert sorted(manifest) == [*names, "press/index.html"]
    assert not list(out.glob(".*.part"))


def test_a_second_build_into_the_same_folder_waits_for_the_first(records: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = _build(records, out)
    second: subprocess.Popen[str] | None = None
    try:
        _holding(out, first)
        os.kill(first.pid, signal.SIGSTOP)  # holds the lock until it is continued
        second = _build(records, out)
        assert _first_line(second) == f"waiting for the build (pid {first.pid}) writing into {out}/\n"
        refused = subprocess.run([sys.executable, "-m", "dossiergen", "build", str(records), "-o", str(out),
                                  "--no-wait"], capture_output=True, text=True, timeout=300)
        assert (refused.returncode, refused.stdout) == (2, "")
        assert refused.stderr == f"{out}: a build (pid {first.pid}) is writing into this folder; run again when it" \
                                 " has finished\n"
    finally:
        os.kill(first.pid, signal.SIGCONT)
    first_out, first_err = first.communicate(timeout=600)
    assert first.returncode == 0, first_err
    second_out, second_err = second.communicate(timeout=600)
    assert second.returncode == 0, second_err
    assert "3 written" in first_out and "3 unchanged" in second_out  # the second found the first's outputs whole
    _assert_whole(out)


def test_the_lock_is_released_when_the_build_ends_and_names_its_holder(tmp_path: Path) -> None:
    seen: list[int | None] = []
    with build_lock(tmp_path / "out"):
        assert (tmp_path / "out" / LOCK_NAME).read_text(encoding="ascii") == f"{os.getpid()}\n"
        # another open file description of the same file conflicts with this one, as another process would
        with pytest.raises(BuildLocked, match=f"a build \\(pid {os.getpid()}\\) is writing into this folder"):
            with build_lock(tmp_path / "out", wait=False, waiting=seen.append):
                pass
    assert seen == [] and (tmp_path / "out" / LOCK_NAME).read_text(encoding="ascii") == ""
    with build_lock(tmp_path / "out", wait=False):
        pass


def test_a_link_in_place_of_the_lock_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    os.symlink(tmp_path / "elsewhere", tmp_path / "out" / LOCK_NAME)
    with pytest.raises(Exception, match="is a symbolic link"):
        with build_lock(tmp_path / "out"):
            pass
    assert not (tmp_path / "elsewhere").exists()
