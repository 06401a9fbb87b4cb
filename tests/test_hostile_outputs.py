"""Outputs never replace what is not theirs (issue 16, point 3): the record, a folder, a FIFO, a
symbolic link, a device, a system folder, a path through a file, a read-only folder, a file
dossiergen did not write (without --force). Each is one line, exit code 2, nothing written and
the thing at the path unchanged."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from dossiergen.cli.main import main
from dossiergen.files import check_output_target, written_by_dossiergen

from .conftest import ROOT

REFUSED_INPUT = "is an input, which this command reads; dossiergen never writes over its input"
NOT_REGULAR = "not a regular file; dossiergen writes only regular files"
FOREIGN = "exists and was not written by dossiergen; give --force to replace it"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder holding a copy of the Global Net Zero Connection notice (a short render)."""
    shutil.copytree(ROOT / "dossiers" / "gnzc-2024", tmp_path / "gnzc-2024")
    monkeypatch.chdir(tmp_path)
    return tmp_path


RECORD = "gnzc-2024/press.yaml"


def _snapshot(folder: Path) -> dict[str, tuple[int, int, int, bytes | str | None]]:
    """Every entry below ``folder``: its type, inode, size and content (a link's target)."""
    found: dict[str, tuple[int, int, int, bytes | str | None]] = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        content: bytes | str | None = None
        if stat.S_ISREG(info.st_mode):
            content = path.read_bytes()
        elif stat.S_ISLNK(info.st_mode):
            content = os.readlink(path)
        found[str(path.relative_to(folder))] = (stat.S_IFMT(info.st_mode), info.st_ino, info.st_size, content)
    return found


def _refused(here: Path, *args: str) -> str:
    """Run ``render RECORD *args``; it must fail with exit code 2, no traceback and nothing changed."""
    before = _snapshot(here)
    result = CliRunner().invoke(main, ["render", RECORD, *args])
    assert result.exit_code == 2, (result.output, result.exception)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 1, result.stderr
    assert _snapshot(here) == before, "nothing written, no temporary file, nothing replaced"
    return result.stderr


def test_the_record_itself_is_refused(here: Path) -> None:
    assert _refused(here, "-o", RECORD) == f"{RECORD}: {REFUSED_INPUT}\n"


def test_another_name_of_the_record_is_refused(here: Path) -> None:
    os.link(here / RECORD, here / "same.pdf")  # a hard link: another name, the same inode
    assert _refused(here, "-o", "same.pdf") == \
        f"same.pdf: is the same file as {RECORD}, which this command reads; dossiergen never writes over its input\n"
    os.symlink("gnzc-2024", here / "via")  # the record's folder under another name
    assert _refused(here, "-o", "via/press.yaml") == f"via/press.yaml: {REFUSED_INPUT}\n"


def test_a_folder_is_refused(here: Path) -> None:
    assert _refused(here, "-o", "gnzc-2024") == f"gnzc-2024: is a folder, {NOT_REGULAR}\n"
    assert (here / "gnzc-2024").is_dir()


def test_a_fifo_is_refused_without_waiting_on_it(here: Path) -> None:
    os.mkfifo(here / "pipe.pdf")
    assert _refused(here, "-o", "pipe.pdf") == f"pipe.pdf: is a FIFO (named pipe), {NOT_REGULAR}\n"
    assert stat.S_ISFIFO((here / "pipe.pdf").lstat().st_mode)


@pytest.mark.parametrize("points_to", ["elsewhere.pdf", "missing.pdf", RECORD])
def test_a_symbolic_link_is_refused_and_kept(here: Path, points_to: str) -> None:
    (here / "elsewhere.pdf").write_bytes(b"the user's own")
    os.symlink(here / points_to, here / "link.pdf")
    assert _refused(here, "-o", "link.pdf") == ("link.pdf: is a symbolic link; dossiergen does not write through one"
                                                " (name the file itself, or remove the link)\n")
    assert os.readlink(here / "link.pdf") == str(here / points_to)
    assert (here / "elsewhere.pdf").read_bytes() == b"the user's own"


def test_a_device_is_refused_and_kept(here: Path) -> None:
    # /dev/null only: the check needs nothing but its stat, and nothing is written to it
    before = os.lstat("/dev/null")
    assert _refused(here, "-o", "/dev/null") == f"/dev/null: is a character device, {NOT_REGULAR}\n"
    after = os.lstat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


def test_system_folders_are_refused(here: Path) -> None:
    assert _refused(here, "-o", "/proc/x.pdf") == "/proc/x.pdf: is below /proc, a system folder where dossiergen" \
                                                  " writes nothing\n"
    assert not Path("/proc/x.pdf").exists()
    assert _refused(here, "-o", "/dev/shm-not-there/x.pdf").startswith("/dev/shm-not-there/x.pdf: is below /dev")


def test_a_path_through_a_file_is_refused(here: Path) -> None:
    (here / "afile").write_text("a file\n", encoding="utf-8")
    assert _refused(here, "-o", "afile/x.pdf") == "afile/x.pdf: afile is a file, not a folder\n"
    assert _refused(here, "-o", "afile/deeper/x.pdf") == "afile/deeper/x.pdf: afile is a file, not a folder\n"


def test_a_missing_folder_is_created(here: Path) -> None:
    result = CliRunner().invoke(main, ["render", RECORD, "--lang", "ko", "-o", "new/folder/x.pdf"])
    assert result.exit_code == 0, result.output
    assert written_by_dossiergen(here / "new" / "folder" / "x.pdf")


def test_a_read_only_folder_is_one_line(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # as root, a folder's mode does not stop a write: the file system's refusal is simulated here
    # (the next test makes a real read-only file system where it can)
    def read_only(*args: object, **kwargs: object) -> tuple[int, str]:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    assert _refused(here, "--lang", "ko", "-o", "x.pdf") == "x.pdf: cannot write: Read-only file system\n"


def test_a_read_only_file_system_is_one_line(here: Path) -> None:
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode:
        pytest.skip("no mount namespace to make a read-only file system in (needs root)")
    (here / "ro").mkdir()
    script = (f"mount -t tmpfs -o ro tmpfs ro && exec {sys.executable} -m dossiergen render {RECORD} --lang ko"
              " -o ro/x.pdf")
    result = subprocess.run(["unshare", "-m", "sh", "-c", script], cwd=here, capture_output=True, text=True,
                            timeout=600)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", "ro/x.pdf: cannot write: Read-only file"
                                                                        " system\n")
    assert list((here / "ro").iterdir()) == []


def test_a_file_dossiergen_did_not_write_needs_force(here: Path) -> None:
    (here / "notes.pdf").write_bytes(b"the user's own")
    assert _refused(here, "-o", "notes.pdf") == f"notes.pdf: {FOREIGN}\n"
    pikepdf.new().save(here / "other.pdf")  # a PDF, but no dossiergen record in it
    assert _refused(here, "-o", "other.pdf") == f"other.pdf: {FOREIGN}\n"
    result = CliRunner().invoke(main, ["render", RECORD, "--lang", "ko", "-o", "notes.pdf", "--force"])
    assert result.exit_code == 0, result.output
    assert written_by_dossiergen(here / "notes.pdf")


def test_a_pdf_dossiergen_wrote_is_rendered_again_without_force(here: Path) -> None:
    for _ in range(2):
        result = CliRunner().invoke(main, ["render", RECORD, "--lang", "ko", "-o", "notice.pdf"])
        assert result.exit_code == 0, result.output
    assert not list(here.glob(".*.part"))


def test_force_never_replaces_the_record_a_folder_or_a_link(here: Path) -> None:
    os.symlink(here / "elsewhere.pdf", here / "link.pdf")
    assert _refused(here, "-o", RECORD, "--force") == f"{RECORD}: {REFUSED_INPUT}\n"
    assert _refused(here, "-o", "gnzc-2024", "--force") == f"gnzc-2024: is a folder, {NOT_REGULAR}\n"
    assert _refused(here, "-o", "link.pdf", "--force").startswith("link.pdf: is a symbolic link")


def test_other_formats_are_refused_the_same_way(here: Path) -> None:
    assert _refused(here, "--format", "docx", "-o", RECORD) == f"{RECORD}: {REFUSED_INPUT}\n"
    assert _refused(here, "--format", "post", "--lang", "ko", "-o", "gnzc-2024") == \
        f"gnzc-2024: is a folder, {NOT_REGULAR}\n"


@pytest.mark.parametrize("output_format", ["docx", "hwpx", "post"])
def test_an_export_dossiergen_wrote_is_written_again_a_foreign_one_is_not(here: Path, output_format: str) -> None:
    target = f"notice.{'md' if output_format == 'post' else output_format}"
    args = ["render", RECORD, "--format", output_format, "--lang", "ko", "-o", target]
    for _ in range(2):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
    (here / target).write_bytes(b"edited by hand\n")
    assert _refused(here, "--format", output_format, "--lang", "ko", "-o", target) == f"{target}: {FOREIGN}\n"


def test_the_writing_commands_check_their_outputs(here: Path) -> None:
    os.mkfifo(here / "pipe")
    for args in (["new", "press", "-o", "pipe", "--force"], ["i18n", "export", RECORD, "--lang", "km", "-o", "pipe"]):
        result = CliRunner().invoke(main, args)
        assert (result.exit_code, result.stderr) == (2, f"pipe: is a FIFO (named pipe), {NOT_REGULAR}\n"), args
    assert stat.S_ISFIFO((here / "pipe").lstat().st_mode)


def test_check_output_target_accepts_a_new_file_and_what_ours_says(tmp_path: Path) -> None:
    check_output_target(tmp_path / "new.pdf")
    (tmp_path / "mine.txt").write_text("x", encoding="utf-8")
    check_output_target(tmp_path / "mine.txt", ours=lambda _path: True)
    with pytest.raises(Exception, match="give --force"):
        check_output_target(tmp_path / "mine.txt")
