"""Fast starts (issue 19, point 2): a command imports what it uses, no more, and derived font data is read
from the user's cache folder on the second start (disk_cache.py), never when the font changed.

Nothing here measures a time (benchmarks/start_up.py does): each test asserts on what a fresh process imported,
read or left behind.
"""

from __future__ import annotations

import gc
import io
import json
import os
import shutil
import subprocess
import sys
import time
from importlib.metadata import entry_points
from pathlib import Path

import click
import jinja2.bccache
import pikepdf
import pytest
from fontTools.ttLib import TTFont

from dossiergen import disk_cache
from dossiergen.cli.lazy import LazyGroup
from dossiergen.cli.main import COMMANDS, run
from dossiergen.disk_cache import derived
from dossiergen.render import stamp_fonts
from dossiergen.render.fonts import FACES, _read_cmap, font_dirs, locate
from dossiergen.render.pdf import annex_stamp
from dossiergen.render.templating import environment

from .conftest import ROOT

HEAVY = ("weasyprint", "pikepdf", "pyhanko", "fontTools", "rich", "openpyxl", "docx", "hwpx")
RECORD = ROOT / "dossiers" / "kh-emoto" / "project.yaml"

_IMPORTED = """
import json, sys
from dossiergen.cli.main import main
try:
    main(sys.argv[1:], prog_name="dossiergen")
except SystemExit as stop:
    code = stop.code
print(json.dumps([code, sorted({name.partition(".")[0] for name in sys.modules})]))
"""


def imported(*args: str, env: dict[str, str] | None = None) -> set[str]:
    """The top-level packages a fresh ``dossiergen ARGS`` process has imported when it ends (and it ended well)."""
    result = subprocess.run([sys.executable, "-c", _IMPORTED, *args], capture_output=True, text=True, check=True,
                            env=env, timeout=300)
    code, modules = json.loads(result.stdout.splitlines()[-1])
    assert code in (0, None), result.stderr
    return set(modules)


@pytest.mark.parametrize("args", [("--version",), ("--help",)])
def test_version_and_help_import_no_heavy_library(args: tuple[str, ...]) -> None:
    assert imported(*args) & {*HEAVY, "pdfplumber", "jinja2", "pydantic", "babel"} == set()


def test_validate_imports_neither_the_renderer_nor_pyhanko() -> None:
    # Pillow too: it reads the headers of a record's images, and this record has none
    assert imported("validate", str(RECORD)) & {"weasyprint", "pyhanko", "pikepdf", "fontTools", "rich", "PIL"} == set()


def test_extract_does_not_import_pyhanko() -> None:
    assert "pyhanko" not in imported("extract", "--help")


def test_a_render_without_annexes_imports_neither_pyhanko_nor_pdfplumber_nor_the_other_formats(tmp_path: Path) -> None:
    modules = imported("render", str(ROOT / "dossiers" / "gnzc-2024" / "press.yaml"), "--lang", "ko",
                       "-o", str(tmp_path / "notice.pdf"))
    assert (tmp_path / "notice.pdf").is_file() and "weasyprint" in modules
    # pdfplumber reads PDFs for `check`, the rebalancer's doubtful pages and an annex's drawn objects not cached
    assert modules & {"pyhanko", "rich", "openpyxl", "docx", "hwpx", "pdfplumber", "pdfminer"} == set()


def test_the_script_and_python_m_run_the_command_line_through_run() -> None:
    (script,) = entry_points(group="console_scripts", name="dossiergen")
    assert script.value == "dossiergen.cli:run"
    assert "run(prog_name=" in (ROOT / "src" / "dossiergen" / "__main__.py").read_text(encoding="utf-8")


def test_run_leaves_the_objects_out_of_the_last_collection() -> None:
    # the pytest process goes on: what run froze is handed back to the collector
    before = gc.get_freeze_count()
    try:
        with pytest.raises(SystemExit) as stop:
            run(["--version"], prog_name="dossiergen")
        assert stop.value.code in (0, None) and gc.get_freeze_count() > before
    finally:
        gc.unfreeze()


def test_a_render_by_the_script_is_whole_and_leaves_no_temporary_folder(tmp_path: Path) -> None:
    temporary, output = tmp_path / "tmp", tmp_path / "notice.pdf"
    temporary.mkdir()
    result = subprocess.run([str(Path(sys.executable).parent / "dossiergen"), "render",
                             str(ROOT / "dossiers" / "gnzc-2024" / "press.yaml"), "--lang", "ko", "-o", str(output)],
                            capture_output=True, text=True, env={**os.environ, "TMPDIR": str(temporary)}, timeout=300)
    assert result.returncode == 0, result.stderr
    assert list(temporary.iterdir()) == []
    with pikepdf.open(output) as pdf:  # written whole: its cross-reference table and trailer read
        assert len(pdf.pages) >= 1 and pdf.open_metadata().get("dc:title")


def test_a_dossier_rendered_again_over_its_pdf_imports_neither_pyhanko_nor_pdfplumber(tmp_path: Path) -> None:
    """The second render of an unchanged dossier takes its annex stamps from the cache (no pyHanko) and checks the
    PDF it replaces by its embedded records' names (no pdfplumber), and writes the same bytes as the first."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    output = tmp_path / "dossier.pdf"
    first = imported("render", str(RECORD), "-o", str(output), env=env)
    assert "pyhanko" in first  # the stamps set: nothing was in the cache
    written = output.read_bytes()
    again = imported("render", str(RECORD), "-o", str(output), env=env)
    assert again & {"pyhanko", "pdfplumber", "pdfminer", "cryptography"} == set()
    assert output.read_bytes() == written


def test_annex_stamps_are_set_again_for_other_texts_or_a_changed_font(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    [face, *_] = stamp_fonts.faces_for("ko", False, "Sans")
    copy = tmp_path / face.name
    shutil.copyfile(face, copy)
    monkeypatch.setattr(annex_stamp, "faces_for", lambda lang, bold, family: (copy,))
    calls: list[object] = []
    from dossiergen.render.pdf import annex_stamp_setter

    def typeset(texts: list[annex_stamp.StampText]) -> annex_stamp.SetStamps:
        calls.append(texts)
        return annex_stamp.SetStamps(b"%PDF", ((float(len(calls)), 1.0),), {})

    monkeypatch.setattr(annex_stamp_setter, "typeset_stamps", typeset)
    texts = [(("ko", "붙임 1 · 20 / 25쪽"),)]
    first = annex_stamp.set_stamps(texts)
    assert annex_stamp.set_stamps(texts) == first and len(calls) == 1  # from the cache, pyHanko not called
    assert calls == [texts]
    annex_stamp.set_stamps([(("ko", "붙임 1 · 21 / 25쪽"),)])
    assert len(calls) == 2  # other texts: set again
    os.utime(copy, ns=(copy.stat().st_atime_ns, copy.stat().st_mtime_ns + 1_000_000_000))
    assert annex_stamp.set_stamps(texts).sizes == ((3.0, 1.0),) and len(calls) == 3  # the font touched: set again
    code = tmp_path / "pyhanko.py"  # the code that sets them, upgraded: set again
    code.write_text("")
    monkeypatch.setattr(annex_stamp, "STAMP_CODE", (code,))
    annex_stamp.set_stamps(texts)
    assert annex_stamp.set_stamps(texts).sizes == ((4.0, 1.0),) and len(calls) == 4
    os.utime(code, ns=(0, code.stat().st_mtime_ns + 1_000_000_000))
    assert annex_stamp.set_stamps(texts).sizes == ((5.0, 1.0),) and len(calls) == 5


def test_help_lists_every_command_with_its_help_line() -> None:
    """The short helps kept in ``COMMANDS`` are the commands' own: --help reads as if every command were loaded."""
    lazy = LazyGroup(name="dossiergen", lazy_commands=COMMANDS)
    eager = LazyGroup(name="dossiergen", lazy_commands=COMMANDS)
    listed, loaded = click.HelpFormatter(), click.HelpFormatter()
    lazy.format_commands(click.Context(lazy), listed)
    click.Group.format_commands(eager, click.Context(eager), loaded)  # imports every command, as click would
    assert lazy.commands == {} and set(eager.commands) == set(COMMANDS)
    assert listed.getvalue() == loaded.getvalue()
    for name, entry in COMMANDS.items():
        command = eager.commands[name]
        assert entry.short_help == command.get_short_help_str(10_000), name
    output = subprocess.run([sys.executable, "-m", "dossiergen", "--help"], capture_output=True, text=True,
                            check=True).stdout
    assert all(f"\n  {name} " in output for name in COMMANDS)


def test_every_command_still_runs_its_own_help() -> None:
    for name in COMMANDS:
        result = subprocess.run([sys.executable, "-m", "dossiergen", name, "--help"], capture_output=True,
                                text=True, timeout=300)
        assert result.returncode == 0 and result.stdout.startswith(f"Usage: dossiergen {name} "), result.stderr


_COVERAGE = "from dossiergen.render.fonts import uncovered; uncovered('가 a', 'ko'); uncovered('ក', 'km')"


def _fonts_read(env: dict[str, str]) -> bool:
    """Whether a fresh process checking Korean and Khmer coverage had to read a font (imported fontTools)."""
    result = subprocess.run([sys.executable, "-c", _COVERAGE + "; import sys; print('fontTools' in sys.modules)"],
                            capture_output=True, text=True, check=True, env=env, timeout=300)
    return result.stdout.strip() == "True"


def test_font_coverage_is_read_from_the_cache_on_the_second_start(tmp_path: Path) -> None:
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    korean = next(face for face in FACES if face.filename == "NanumGothic.ttf")
    copy = fonts / korean.filename
    shutil.copy2(locate(korean, font_dirs()), copy)
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "DOSSIERGEN_FONT_DIRS": str(fonts)}
    assert _fonts_read(env)
    assert not _fonts_read(env)  # every face's character set from the cache
    status = copy.stat()
    os.utime(copy, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))
    assert _fonts_read(env)  # the changed font is read again ...
    assert not _fonts_read(env)  # ... and its new entry kept


def test_a_changed_font_is_never_taken_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    font = tmp_path / "font.ttf"
    shutil.copy2(locate(FACES[0], font_dirs()), font)
    reads: list[Path] = []

    def read(path: Path) -> frozenset[int]:
        reads.append(path)
        return _read_cmap(path)

    def cmap() -> frozenset[int]:
        return derived(font, "cmap", read, sorted, frozenset)

    first = cmap()
    assert cmap() == first and len(reads) == 1
    shutil.copy2(locate(FACES[4], font_dirs()), font)  # another font under the same name
    assert cmap() == _read_cmap(font) != first and len(reads) == 2


def test_a_corrupt_or_unwritable_cache_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    font = locate(FACES[0], font_dirs())
    expected = _read_cmap(font)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert derived(font, "cmap", _read_cmap, sorted, frozenset) == expected
    for entry in (tmp_path / "cache").rglob("cmap-*.json"):
        entry.write_bytes(b'{"key": [1, "cmap"')  # cut short, as by a full disk
    assert derived(font, "cmap", _read_cmap, sorted, frozenset) == expected
    for entry in (tmp_path / "cache").rglob("cmap-*.json"):
        entry.write_text('{"key": 1, "value": "x"}')
    assert derived(font, "cmap", _read_cmap, sorted, frozenset) == expected
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert derived(font, "cmap", _read_cmap, sorted, frozenset) == expected


def test_a_full_cache_drops_its_least_recently_used_entries(tmp_path: Path) -> None:
    entries = [tmp_path / f"entry-{index}.json" for index in range(5)]
    for age, entry in enumerate(reversed(entries)):  # entry-0 the oldest
        entry.write_bytes(b"x" * 1000)
        os.utime(entry, ns=(0, time.time_ns() - age * 1_000_000_000))
    (tmp_path / "other").write_bytes(b"x" * 10_000)  # not an entry: never counted, never removed
    left, writing = tmp_path / ".left.tmp", tmp_path / ".writing.tmp"  # a killed writer's, a live writer's
    left.write_bytes(b"x")
    writing.write_bytes(b"x")
    os.utime(left, ns=(0, time.time_ns() - 2 * 3600 * 10**9))
    disk_cache.prune(tmp_path, limit=5000)
    assert all(entry.exists() for entry in entries)  # within the limit
    disk_cache.prune(tmp_path, keep=entries[0], limit=4000)
    # down to three quarters: the oldest two removed, the entry just written kept
    assert [entry.exists() for entry in entries] == [True, False, False, True, True]
    assert (tmp_path / "other").exists() and writing.exists() and not left.exists()


def test_an_entry_read_again_is_kept_over_older_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    computed: list[bytes] = []

    def value(content: bytes, size: int = 1000) -> str:
        return disk_cache.derived_from_content(content, "test", lambda found: computed.append(found) or "x" * size,
                                               str, str)

    value(b"read again")
    [again] = disk_cache.cache_dir().glob("*.json")
    value(b"not read", 4000)
    [not_read] = set(disk_cache.cache_dir().glob("*.json")) - {again}
    day = 24 * 3600 * 10**9
    os.utime(again, ns=(0, time.time_ns() - 3 * day))
    os.utime(not_read, ns=(0, time.time_ns() - 2 * day))
    value(b"read again")  # from the cache: marked used now
    assert computed == [b"read again", b"not read"] and again.stat().st_mtime_ns > time.time_ns() - day
    monkeypatch.setattr(disk_cache, "MAX_BYTES", again.stat().st_size * 3 + not_read.stat().st_size - 1)
    value(b"new")
    value(b"newer")  # over the limit, but this process pruned the folder as it began writing, and wrote little
    assert not_read.exists() and len(list(disk_cache.cache_dir().glob("*.json"))) == 4
    monkeypatch.setattr(disk_cache, "_written_since_pruned", {})
    value(b"newest")  # a process's first entry: the least recently used goes
    assert again.exists() and not not_read.exists()
    value(b"read again")
    assert computed == [b"read again", b"not read", b"new", b"newer", b"newest"]


def test_compiled_templates_are_kept_and_never_trusted_over_their_source(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "page.html").write_text("{{ x }} one", encoding="utf-8")
    assert environment.__wrapped__((folder,), folder).get_template("page.html").render(x=1) == "1 one"
    [entry] = (tmp_path / "cache").rglob("*.cache")
    entry.write_bytes(jinja2.bccache.bc_magic + b"\x80 not a pickle")  # damaged: compiled again
    assert environment.__wrapped__((folder,), folder).get_template("page.html").render(x=2) == "2 one"
    (folder / "page.html").write_text("{{ x }} two", encoding="utf-8")
    assert environment.__wrapped__((folder,), folder).get_template("page.html").render(x=3) == "3 two"
    shared = entry.parent
    shared.chmod(0o777)  # a folder others may write into: its compiled code is never loaded
    entry.write_bytes(b"planted")
    with open(entry, "rb") as planted:
        monkeypatch.setattr(jinja2.bccache.Bucket, "load_bytecode", lambda _bucket, _file: pytest.fail("loaded"))
        assert environment.__wrapped__((folder,), folder).get_template("page.html").render(x=4) == "4 two"
        monkeypatch.undo()
        assert planted.read() == b"planted"
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert environment.__wrapped__((folder,), folder).get_template("page.html").render(x=5) == "5 two"


def test_an_annex_pages_objects_are_read_once_for_the_same_bytes(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The boxes the annex stamp keeps clear of are the annex's, read again for other bytes, never trusted over
    them (an annex rendered again, unchanged, is not read by pdfminer again)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    reads: list[bytes] = []
    read_objects = annex_stamp._read_objects

    def read(pages: bytes) -> list[list[annex_stamp.Box]]:
        reads.append(pages)
        return read_objects(pages)

    monkeypatch.setattr(annex_stamp, "_read_objects", read)
    pdf = (ROOT / "tests" / "data" / "valid" / "annexes" / "files" / "not-pdfa.pdf").read_bytes()
    first = annex_stamp.page_objects(pdf)
    assert first and all(first) and len(reads) == 1
    assert annex_stamp.page_objects(pdf) == first and len(reads) == 1  # the same boxes, from the cache
    other = pdf.replace(b"%%EOF", b"%%EOF\n%", 1)  # other bytes (the same pages): read again
    assert annex_stamp.page_objects(other) == first and len(reads) == 2


def test_a_stamp_font_is_cut_once_for_the_same_font_and_characters(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The font a stamp embeds is cut to its characters once (pyHanko is then given a few hundred glyphs, not a
    whole CJK font); page numbers do not make a new cut (every digit is in it), other words do."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    cuts: list[str] = []
    cut_font = stamp_fonts._cut_font

    def cut(path: Path, characters: str) -> bytes:
        cuts.append(characters)
        return cut_font(path, characters)

    monkeypatch.setattr(stamp_fonts, "_cut_font", cut)
    [korean, *_] = stamp_fonts.faces_for("ko", False, "Sans")
    first = stamp_fonts.font_program(korean, "붙임 1 · 2 / 6쪽")
    assert len(cuts) == 1
    assert stamp_fonts.font_program(korean, "붙임 1 · 5 / 18쪽") == first and len(cuts) == 1  # from the cache
    with TTFont(io.BytesIO(first)) as font:
        drawn = set(font.getBestCmap())
        assert {ord(ch) for ch in "붙임쪽·/0123456789"} <= drawn and len(drawn) < 100
        assert font["head"].unitsPerEm == 1000
    stamp_fonts.font_program(korean, "붙임 2 · 1 / 6쪽 · 원본")
    assert len(cuts) == 2  # other characters: cut again
