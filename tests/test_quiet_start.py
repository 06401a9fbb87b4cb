"""Quiet starts (issue 16, point 8): a render runs no other program (no gcc, ld or ldconfig behind
a library lookup), and a render stopped by SIGTERM or Ctrl-C leaves no temporary folder behind."""

from __future__ import annotations

import ast
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import ROOT, as_on_a_terminal

SRC = ROOT / "src" / "dossiergen"
RECORD = ROOT / "dossiers" / "gnzc-2024" / "press.yaml"
DOSSIER = ROOT / "dossiers" / "kh-emoto" / "project.yaml"


def test_a_render_executes_no_other_program(tmp_path: Path) -> None:
    strace = shutil.which("strace")
    assert strace, "strace is installed by scripts/install-system-packages.sh"
    trace = tmp_path / "trace"
    command = [sys.executable, "-m", "dossiergen", "render", str(RECORD), "--lang", "ko", "-o", str(tmp_path / "x.pdf")]
    result = subprocess.run([strace, "-f", "-qq", "-e", "trace=execve", "-e", "signal=none", "-o", str(trace),
                             *command], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    # each line: "PID execve("PROGRAM", [...]) = 0"; failed attempts (ENOENT along the PATH) count too
    programs = [line.split('"')[1] for line in trace.read_text().splitlines() if "execve(" in line]
    assert programs == [sys.executable], programs


def test_weasyprint_is_imported_only_behind_the_quiet_import() -> None:
    """Every module that imports WeasyPrint is in render/pdf/, whose __init__ imports quiet_import first."""
    importers = []
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) and node.level == 0 else [])
            if any(name == "weasyprint" or name.startswith("weasyprint.") for name in names):
                importers.append(path.relative_to(SRC).as_posix())
    assert importers and all(name.startswith("render/pdf/") for name in importers), importers
    package = ast.parse((SRC / "render" / "pdf" / "__init__.py").read_text(encoding="utf-8"))
    first = next(node for node in package.body if isinstance(node, (ast.Import, ast.ImportFrom)))
    assert isinstance(first, ast.ImportFrom) and first.module == "dossiergen.render.pdf.quiet_import"


def test_only_doctor_searches_for_libraries() -> None:
    users = sorted(path.relative_to(SRC).as_posix() for path in SRC.rglob("*.py")
                   if "find_library" in path.read_text(encoding="utf-8"))
    assert users == ["doctor.py", "render/pdf/quiet_import.py"]
    started = subprocess.run([sys.executable, "-c", "import sys, dossiergen.cli.main;"
                              " print('dossiergen.doctor' in sys.modules)"], capture_output=True, text=True, check=True)
    assert started.stdout == "False\n"


@pytest.mark.parametrize(("stop", "code", "line"), [
    (signal.SIGTERM, 143, "terminated: every output written is complete; run the same command to finish\n"),
    (signal.SIGINT, 130, "interrupted: every output written is complete; run the same command to finish\n"),
])
def test_a_stopped_render_leaves_no_temporary_folder(tmp_path: Path, stop: signal.Signals, code: int,
                                                     line: str) -> None:
    temporary, output = tmp_path / "tmp", tmp_path / "out" / "dossier.pdf"
    temporary.mkdir()
    process = subprocess.Popen([sys.executable, "-m", "dossiergen", "render", str(DOSSIER), "-o", str(output)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "TMPDIR": str(temporary)},
                               preexec_fn=as_on_a_terminal)
    try:
        deadline = time.monotonic() + 300
        # under way: WeasyPrint has written the document's fonts into its folder
        while not any(path.name.startswith("weasyprint-") for path in temporary.iterdir()):
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the render never started laying out"
            time.sleep(0.01)
        process.send_signal(stop)
        out, err = process.communicate(timeout=300)
    finally:
        if process.poll() is None:
            process.kill()
    assert (process.returncode, out, err) == (code, "", line)
    assert list(temporary.iterdir()) == []
    assert not output.exists() and not output.parent.exists() or list(output.parent.iterdir()) == []


def test_a_build_stopped_by_sigterm_leaves_no_temporary_folder(tmp_path: Path) -> None:
    temporary, out = tmp_path / "tmp", tmp_path / "out"
    temporary.mkdir()
    process = subprocess.Popen([sys.executable, "-m", "dossiergen", "build", str(ROOT / "dossiers"), "-o", str(out),
                                "-j", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "TMPDIR": str(temporary)})
    try:
        deadline = time.monotonic() + 600
        while not list(out.glob("*.pdf")):  # under way: one output written, the workers busy with others
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the build wrote nothing"
            time.sleep(0.05)
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=600)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 143 and err.endswith("terminated: every output written is complete; run the same"
                                                      " command to finish\n"), err
    assert list(temporary.iterdir()) == []
