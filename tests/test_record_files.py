"""What a record file may look like on the byte level: each case handled, or one located line.

Variants of the valid reference project, made at test time because their point is bytes a
text editor would hide: a byte-order mark, CRLF line ends, a tab, nesting, size.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dossiergen.cli.main import main
from dossiergen.records.loading import load_record
from dossiergen.records.yaml_safety import MAX_DEPTH, MAX_RECORD_BYTES

from .conftest import DATA

REFERENCE = (DATA / "invalid" / "ref-project.yaml").read_bytes()


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "record.yaml"
    path.write_bytes(data)
    return path


def _refused(path: Path) -> str:
    """The one line ``dossiergen validate`` prints (and its exit code 2, no traceback)."""
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    return lines[0].removeprefix(f"{path}:")


def test_a_byte_order_mark_is_read_past(tmp_path: Path) -> None:
    assert load_record(_write(tmp_path, b"\xef\xbb\xbf" + REFERENCE)).id == "ref-project"


def test_crlf_line_ends_load_and_keep_their_line_numbers(tmp_path: Path) -> None:
    assert load_record(_write(tmp_path, REFERENCE.replace(b"\n", b"\r\n"))).id == "ref-project"
    broken = REFERENCE.replace(b"id: ref-project", b"id: Ref/Project").replace(b"\n", b"\r\n")
    assert _refused(_write(tmp_path, broken)).startswith("3: id: ")


def test_a_tab_in_the_indentation_is_a_located_error(tmp_path: Path) -> None:
    tabbed = REFERENCE.replace(b"\n  code: KHM", b"\n\tcode: KHM")
    assert _refused(_write(tmp_path, tabbed)) == (
        "7: malformed YAML: while scanning for the next token found character '\\t' that cannot start any token")


@pytest.mark.parametrize("levels", [MAX_DEPTH + 1, 5000], ids=["just-too-deep", "absurdly-deep"])
def test_nesting_deeper_than_the_limit_is_a_located_error(tmp_path: Path, levels: int) -> None:
    deep = REFERENCE + b"notes: " + b"[" * levels + b"]" * levels + b"\n"
    line = REFERENCE.count(b"\n") + 1
    assert _refused(_write(tmp_path, deep)) == f"{line}: malformed YAML: nested more than {MAX_DEPTH} levels deep"


def test_nesting_stacked_by_aliases_is_a_located_error(tmp_path: Path) -> None:
    text = b"kind: project\nx0: &x0 " + b"[" * 30 + b"v" + b"]" * 30 + b"\n"
    text += b"".join(b"x%d: &x%d " % (i, i) + b"[" * 30 + b"*x%d" % (i - 1) + b"]" * 30 + b"\n" for i in range(1, 30))
    assert _refused(_write(tmp_path, text)) == f"2: malformed YAML: nested more than {MAX_DEPTH} levels deep"


def test_an_alias_bomb_is_a_located_error(tmp_path: Path) -> None:
    text = b"kind: project\na: &a [x, x, x, x, x, x, x, x, x]\n"
    for this, previous in zip("bcdefg", "abcdef", strict=True):
        text += f"{this}: &{this} [{', '.join(['*' + previous] * 9)}]\n".encode()
    assert _refused(_write(tmp_path, text)).endswith("malformed YAML: more than 100000 values (aliases that multiply?)")


def test_a_file_over_the_size_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    big = REFERENCE + b"# " + b"x" * MAX_RECORD_BYTES + b"\n"
    path = _write(tmp_path, big)
    assert _refused(path) == f" {len(big)} bytes, more than a record may have ({MAX_RECORD_BYTES})"


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b"], ids=["nul", "bell", "escape"])
def test_a_control_character_is_a_located_error(tmp_path: Path, character: str) -> None:
    pasted = REFERENCE.replace(b"Reference project", f"Reference{character}project".encode())
    assert _refused(_write(tmp_path, pasted)) == (
        f"4: control character U+{ord(character):04X} is not allowed in a record (pasted from another program?)")
