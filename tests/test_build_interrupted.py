"""A build killed or interrupted half-way: every output whole, no process left, the rerun finishes.

These run the real command in a subprocess and stop it with a real signal once it has
written some of its outputs.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pikepdf
import psutil
import pytest

from dossiergen.batch.cache import MANIFEST

from .conftest import ROOT, as_on_a_terminal, copy_directory

OUTPUTS = 12
"""Outputs of the records below in dossiergen.toml's default language sets."""


@pytest.fixture
def records(tmp_path: Path) -> Path:
    for name in ("kh-emoto", "gnzc-2024", "vn-landfill-gas"):
        shutil.copytree(ROOT / "dossiers" / name, tmp_path / "records" / name)
    copy_directory(tmp_path / "records")
    return tmp_path / "records"


def _start(records: Path, out: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "dossiergen", "build", str(records), "-o", str(out), "-j", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            preexec_fn=as_on_a_terminal)


def _wait_for_outputs(out: Path, count: int, process: subprocess.Popen[str]) -> None:
    """Until the build's manifest lists ``count`` finished outputs."""
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        assert process.poll() is None, "the build ended before it could be interrupted"
        try:
            if len(json.loads((out / MANIFEST).read_text(encoding="utf-8"))) >= count:
                return
        except (OSError, ValueError):
            pass
        time.sleep(0.05)
    raise AssertionError("the build wrote nothing in four minutes")


def _assert_every_pdf_whole(out: Path) -> list[str]:
    names = sorted(path.name for path in out.glob("*.pdf"))
    for name in names:
        data = (out / name).read_bytes()
        assert data.rstrip().endswith(b"%%EOF"), name
        with pikepdf.open(out / name) as pdf:
            assert len(pdf.pages) >= 1, name
    return names


def _rerun(records: Path, out: Path) -> dict[str, str]:
    result = subprocess.run([sys.executable, "-m", "dossiergen", "build", str(records), "-o", str(out), "-j", "2"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert not list(out.glob(".*.part")), "the rerun leaves no temporary file"
    lines = [line for line in result.stdout.splitlines()[:-1] if not line.startswith("wrote ")]  # the press board
    return {Path(path).name: status for status, path in (line.split(" ", 1) for line in lines)}


def test_a_build_killed_mid_way_leaves_whole_files_no_workers_and_the_rerun_finishes(records: Path,
                                                                                     tmp_path: Path) -> None:
    out = tmp_path / "out"
    process = _start(records, out)
    workers: list[psutil.Process] = []
    try:
        _wait_for_outputs(out, 2, process)
        workers = psutil.Process(process.pid).children(recursive=True)
        process.send_signal(signal.SIGKILL)  # the build's own process only, as `kill -9 PID` does
        process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert workers, "the build rendered in worker processes"
    gone, alive = psutil.wait_procs(workers, timeout=15)
    assert not alive, f"worker processes outlived the killed build: {[p.pid for p in alive]}"

    before = _assert_every_pdf_whole(out)
    finished = set(json.loads((out / MANIFEST).read_text(encoding="utf-8")))
    assert 2 <= len(finished) and finished <= set(before) and len(before) < OUTPUTS
    statuses = _rerun(records, out)
    assert len(statuses) == OUTPUTS
    # what the manifest had recorded is kept; everything else, a file written just before the kill too, is rendered
    assert {name for name, status in statuses.items() if status == "skipped"} == finished
    assert len(_assert_every_pdf_whole(out)) == OUTPUTS


def test_ctrl_c_stops_the_build_with_one_line_and_the_rerun_finishes(records: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    process = _start(records, out)
    try:
        _wait_for_outputs(out, 2, process)
        os.killpg(process.pid, signal.SIGINT)  # what a terminal sends the whole job
        _, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 130
    assert stderr == "interrupted: every output written is complete; run the same command to finish\n"
    written = _assert_every_pdf_whole(out)
    assert 2 <= len(written) < OUTPUTS
    statuses = _rerun(records, out)
    assert all(statuses[name] == "skipped" for name in written)
    assert sorted(name for name, status in statuses.items() if status == "written") == sorted(
        set(statuses) - set(written))


def test_a_worker_killed_mid_build_costs_a_retry_not_a_document(records: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    process = _start(records, out)
    try:
        _wait_for_outputs(out, 1, process)
        build = psutil.Process(process.pid)
        workers = [child for child in build.children(recursive=True) if child.ppid() != build.pid]
        assert workers, "worker processes are children of the fork server"
        workers[0].kill()  # as the out-of-memory killer would
        stdout, stderr = process.communicate(timeout=600)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 0, stderr
    assert stdout.splitlines()[-1] == f"{OUTPUTS} written, 0 unchanged, 0 failed, in {out}/"
    assert len(_assert_every_pdf_whole(out)) == OUTPUTS
