"""Hostile files, the second catalogue (issue 16, points 2 and 6): what is read is checked before it is read.

A record, PO file or PDF that is a FIFO, a device, a folder or a 3 GB sparse file; illustrations that
are not what their name says, decompression bombs, SVGs with entities; PDFs whose embedded streams
inflate to gigabytes or whose JSON nests without end. Each case goes through the command line and
must give its exact line, exit code 2, no traceback and no file written. The worst bombs run in a
child process whose address space is capped, so that a regression fails instead of eating the machine.

Static cases are files of ``tests/data/hostile/files/``; the rest are made in ``tmp_path``.
"""

from __future__ import annotations

import os
import resource
import shutil
import struct
import subprocess
import sys
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from dossiergen.cli.main import main
from dossiergen.config.paths import default_paths
from dossiergen.errors import RefusedResource, display_path
from dossiergen.render.pdf import write_pdf

from .conftest import DATA

FILES = DATA / "hostile" / "files"
BASE = FILES / "project.yaml"
"""The valid project every illustration and annex case copies, with its file replaced."""
ILLUSTRATION_LINE = 27
ANNEX_LINE = 28
GIB3 = 3 << 30
MEMORY_CAP = 1 << 30
"""Address space of the child process that meets the worst bombs (a limit, not a measurement)."""
DOSSIERGEN = Path(sys.executable).parent / "dossiergen"


def run(*args: str) -> tuple[int, str, str]:
    """The command line on ``args``: exit code, standard output, standard error; never a traceback."""
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output + result.stderr
    return result.exit_code, result.stdout, result.stderr


def refused(args: Sequence[str], line: str, target: Path | None = None) -> None:
    """``args`` print exactly ``line`` and exit with 2; ``target`` (the -o file) is not written."""
    code, _, stderr = run(*args)
    assert (code, stderr) == (2, line + "\n")
    if target is not None:
        assert not target.exists()


def capped(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``dossiergen ARGS`` in a child process whose address space is ``MEMORY_CAP``."""
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))

    return subprocess.run([str(DOSSIERGEN), *args], cwd=cwd, capture_output=True, text=True, preexec_fn=cap,
                          check=False, timeout=600)


# --- files that are not regular, or too large to be read --------------------------------------------

def _fifo(path: Path, _limit: int = 0, _what: str = "") -> str:
    os.mkfifo(path)
    return "not a regular file (a FIFO)"


def _dev_zero(path: Path, _limit: int = 0, _what: str = "") -> str:
    path.symlink_to("/dev/zero")
    return "not a regular file (a character device)"


def _directory(path: Path, _limit: int = 0, _what: str = "") -> str:
    path.mkdir()
    (path / "inside.yaml").write_text("kind: project\n")
    return "not a regular file (a directory)"


def _sparse(path: Path, limit: int = 1_000_000, what: str = "a record") -> str:
    with path.open("wb") as handle:
        handle.truncate(GIB3)  # sparse: nothing is written, the size is what fstat says
    return f"{GIB3} bytes, more than {what} may have ({limit})"


Maker = Callable[[Path, int, str], str]
MAKERS: dict[str, Maker] = {"fifo": _fifo, "dev-zero": _dev_zero, "directory": _directory, "sparse-3gb": _sparse}
INPUTS = {  # command: the file it reads, its limit and what it is called, the -o option it takes
    "validate": ("x.yaml", 1_000_000, "a record", False),
    "render": ("x.yaml", 1_000_000, "a record", True),
    "extract": ("x.pdf", 256 * 1024 * 1024, "a PDF", True),
    "verify": ("x.pdf", 256 * 1024 * 1024, "a PDF", False),
    "i18n import": ("km.po", 8_000_000, "a PO file", False),
}


@pytest.mark.parametrize("maker", list(MAKERS))
@pytest.mark.parametrize("command", list(INPUTS))
def test_an_input_that_is_not_a_regular_file_or_is_too_large_is_one_line(
        maker: str, command: str, tmp_path: Path) -> None:
    name, limit, what, takes_output = INPUTS[command]
    path = tmp_path / name
    reason = MAKERS[maker](path, limit, what)
    target = tmp_path / "out.file"
    args = [*command.split(), str(path)] + (["-o", str(target)] if takes_output else [])
    record = _case(tmp_path, "map.svg")  # what i18n import would write into
    shutil.copy(FILES / "map.svg", tmp_path / "map.svg")
    before = record.read_bytes()
    refused(args + ([str(record)] if command == "i18n import" else []), f"{display_path(path)}: {reason}", target)
    assert record.read_bytes() == before


@pytest.mark.parametrize("maker", ["fifo", "dev-zero", "directory"])
def test_a_folder_of_records_lists_what_is_named_like_a_record_but_is_not_a_file(
        maker: str, tmp_path: Path) -> None:
    _case(tmp_path, "map.svg")
    shutil.copy(FILES / "map.svg", tmp_path / "map.svg")
    odd = tmp_path / "x.yaml"
    reason = MAKERS[maker](odd, 0, "")
    refused(["validate", str(tmp_path)], f"{display_path(odd)}: {reason}")


@pytest.mark.parametrize("maker", ["dev-zero", "sparse-3gb"])
def test_validate_refuses_the_endless_and_the_huge_record_within_a_capped_address_space(
        maker: str, tmp_path: Path) -> None:
    record = tmp_path / "x.yaml"
    reason = MAKERS[maker](record, 1_000_000, "a record")
    done = capped("validate", "x.yaml", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (2, f"x.yaml: {reason}\n")


# --- illustrations and annex images -----------------------------------------------------------------

def _case(folder: Path, name: str, *, annex: bool = False) -> Path:
    """The base project in ``folder``, its illustration (or, with ``annex``, an annex) the file ``name``."""
    text = BASE.read_text(encoding="utf-8")
    if annex:
        text = text.replace('illustrations:\n  - file: "map.svg"\n    caption: {ko: "지도", km: "ផែនទី", en: "Map"}\n',
                            'annexes:\n  - title: {ko: "지도", km: "ផែនទី", en: "Map"}\n'
                            f'    file: "{name}"\n')
    else:
        text = text.replace('"map.svg"', f'"{name}"')
    record = folder / "project.yaml"
    record.write_text(text, encoding="utf-8")
    return record


def _png(path: Path, width: int, height: int) -> None:
    """A valid 1-bit PNG of ``width`` × ``height`` black pixels, small on disk (the rows deflate to little)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = bytes(1 + (width + 7) // 8)  # filter byte, then the packed pixels
    deflate = zlib.compressobj(9)
    idat = b"".join(deflate.compress(row * 1000) for _ in range(height // 1000))
    idat += deflate.compress(row * (height % 1000)) + deflate.flush()
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
                     + chunk(b"IDAT", idat) + chunk(b"IEND", b""))


STATIC_ILLUSTRATIONS = {
    "html-named.png": "'html-named.png' is not a PNG image that can be read (not a PNG file)",
    "html-named.jpg": "'html-named.jpg' is not a JPEG image that can be read (not a JPEG file)",
    "html-named.svg": "'html-named.svg' is not an SVG image (its root element is <html>)",
    "truncated.png": "'truncated.png' is not a PNG image that can be read (Truncated File Read)",
    "xxe.svg": "'xxe.svg' declares the XML entity 'secret': an SVG may not (an entity can read a file or"
               " multiply without end)",
    "entity-bomb.svg": "'entity-bomb.svg' declares the XML entity 'lol': an SVG may not (an entity can read a"
                       " file or multiply without end)",
    "parameter-entity.svg": "'parameter-entity.svg' declares the XML entity 'remote': an SVG may not (an entity"
                            " can read a file or multiply without end)",
}


@pytest.mark.parametrize("name", list(STATIC_ILLUSTRATIONS))
@pytest.mark.parametrize("command", ["validate", "render"])
def test_an_illustration_that_is_not_what_its_name_says_is_refused_at_load(
        name: str, command: str, tmp_path: Path) -> None:
    shutil.copy(FILES / name, tmp_path / name)
    record = _case(tmp_path, name)
    target = tmp_path / "x.pdf"
    args = [command, str(record)] + (["-o", str(target)] if command == "render" else [])
    refused(args, f"{display_path(record)}:{ILLUSTRATION_LINE}: illustrations[0].file: {STATIC_ILLUSTRATIONS[name]}",
            target)


@pytest.mark.parametrize("annex", [False, True], ids=["illustration", "annex"])
def test_a_decompression_bomb_png_is_refused_by_its_header_within_a_capped_address_space(
        annex: bool, tmp_path: Path) -> None:
    _png(tmp_path / "big.png", 30_000, 30_000)
    record = _case(tmp_path, "big.png", annex=annex)
    what, line, field = ("an annex image", ANNEX_LINE, "annexes") if annex else (
        "an illustration", ILLUSTRATION_LINE, "illustrations")
    expected = (f"project.yaml:{line}: {field}[0].file: 'big.png' is 30,000 × 30,000 pixels; {what} may have"
                " 30,000,000 pixels at most")
    done = capped("validate", "project.yaml", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (2, expected + "\n")
    refused(["render", str(record), "-o", str(tmp_path / "x.pdf")],
            f"{display_path(record)}:{line}: {field}[0].file: 'big.png' is 30,000 × 30,000 pixels; {what} may"
            " have 30,000,000 pixels at most", tmp_path / "x.pdf")


@pytest.mark.parametrize("make", [_fifo, _dev_zero], ids=["fifo", "dev-zero"])
def test_an_illustration_that_is_not_a_regular_file_is_refused_at_load(make: Maker, tmp_path: Path) -> None:
    inside = tmp_path / "maps"
    inside.mkdir()
    record = _case(tmp_path, "maps/a.png")
    if make is _dev_zero:  # resolved, /dev/zero is out of the record's folder
        make(inside / "a.png")
        why = f"'maps/a.png' leads out of the record's folder ({display_path(tmp_path)}/)"
    else:
        why = f"'maps/a.png' is refused: {make(inside / 'a.png')}"
    refused(["validate", str(record)], f"{display_path(record)}:{ILLUSTRATION_LINE}: illustrations[0].file: {why}")


def test_an_annex_that_is_a_fifo_is_refused_at_load(tmp_path: Path) -> None:
    record = _case(tmp_path, "a.pdf", annex=True)
    _fifo(tmp_path / "a.pdf")
    refused(["validate", str(record)], f"{display_path(record)}:{ANNEX_LINE}: annexes[0].file: 'a.pdf' is refused:"
                                       " not a regular file (a FIFO)")


def test_an_image_that_went_bad_after_loading_names_its_url_and_why_at_render(tmp_path: Path) -> None:
    """The second wall: what WeasyPrint fails to load (with an empty reason) is named with our reason."""
    paths = default_paths()
    shutil.copy(FILES / "xxe.svg", tmp_path / "xxe.svg")
    os.mkfifo(tmp_path / "fifo.png")
    for name, why in (("xxe.svg", f"cannot draw the image {(tmp_path / 'xxe.svg').as_uri()}: the file declares"
                                  " the XML entity 'secret': an SVG may not (an entity can read a file or multiply"
                                  " without end)"),
                      ("fifo.png", f"refused to read {(tmp_path / 'fifo.png').as_uri()}: not a regular file"
                                   " (a FIFO)")):
        html = f'<html><body><p>x</p><img src="{(tmp_path / name).as_uri()}"></body></html>'
        with pytest.raises(RefusedResource) as caught:
            write_pdf(html, base_url=paths.templates, allowed_roots=(paths.templates, tmp_path),
                      source=tmp_path / "r.yaml")
        assert str(caught.value) == f"{tmp_path / 'r.yaml'}: {why}"


# --- untrusted PDFs ---------------------------------------------------------------------------------

RECORD_NAME = "x-1.press.json"


def _three_gib_of_zeros() -> bytes:
    """A zlib stream that inflates to 3 GiB of zeros, 3 MB long: one full-flushed block repeated."""
    chunk = bytes(1 << 20)
    deflate = zlib.compressobj(9)
    first = deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)
    block = deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)  # the same bytes every time after a full flush
    end = deflate.flush()[:-4]  # the last empty block; the checksum is that of all the zeros
    return first + block * (GIB3 // len(chunk) - 1) + end + struct.pack(">I", ((GIB3 % 65521) << 16) | 1)


def _carrier(path: Path, *, stream: bytes = b"{}", filters: str | None = None, options: str = "{}",
             stated: int | None = None) -> Path:
    """A PDF shaped as dossiergen's: document information naming one embedded record, its stream as given."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    embedded = pikepdf.Stream(pdf, b"")
    embedded.write(stream, filter=pikepdf.Name(filters) if filters else None)
    if stated is not None:
        embedded["/DL"] = stated
    spec = pikepdf.Dictionary(Type=pikepdf.Name.Filespec, F=RECORD_NAME, UF=RECORD_NAME,
                              EF=pikepdf.Dictionary(F=embedded))
    pdf.Root.Names = pikepdf.Dictionary(EmbeddedFiles=pikepdf.Dictionary(Names=pikepdf.Array([RECORD_NAME, spec])))
    pdf.docinfo["/DossiergenRecord"] = RECORD_NAME
    pdf.docinfo["/DossiergenOptions"] = options
    pdf.docinfo["/DossiergenFingerprint"] = "0" * 64
    pdf.save(path, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    return path


@pytest.fixture(scope="module")
def bomb_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bomb")
    return _carrier(folder / "bomb.pdf", stream=_three_gib_of_zeros(), filters="/FlateDecode")


@pytest.mark.parametrize("command", ["extract", "verify"])
def test_a_record_stream_that_inflates_to_3_gib_is_refused_within_a_capped_address_space(
        command: str, bomb_pdf: Path, tmp_path: Path) -> None:
    assert bomb_pdf.stat().st_size < 4_000_000
    pdf = tmp_path / "bomb.pdf"
    shutil.copy(bomb_pdf, pdf)
    done = capped(command, "bomb.pdf", *(["-o", "out.json"] if command == "extract" else []), cwd=tmp_path)
    assert (done.returncode, done.stderr) == (
        2, f"bomb.pdf: embedded file '{RECORD_NAME}': more than 16777216 bytes once decompressed, more than it"
           " may have\n")
    assert not (tmp_path / "out.json").exists()


PDF_CASES = {
    "deep-json-options": (dict(options="[" * 100_000 + "]" * 100_000),
                          "its render options (DossiergenOptions): JSON nested more than 40 levels deep"),
    "deep-json-unclosed": (dict(options="{\"a\":" * 100_000),
                           "its render options (DossiergenOptions): JSON nested more than 40 levels deep"),
    "options-not-an-object": (dict(options="[1]"), "its render options (DossiergenOptions) are not a JSON object"),
    "stated-length": (dict(stream=zlib.compress(b"{}"), filters="/FlateDecode", stated=GIB3),
                      f"embedded file '{RECORD_NAME}': {GIB3} bytes decoded, more than it may have (16777216)"),
    "other-filter": (dict(stream=b"7B7D>", filters="/ASCIIHexDecode"),
                     f"embedded file '{RECORD_NAME}': encoded as /ASCIIHexDecode, which dossiergen does not write"),
    "damaged-flate": (dict(stream=b"not zlib at all", filters="/FlateDecode"),
                      f"embedded file '{RECORD_NAME}': damaged compressed data (Error -3 while decompressing data:"
                      " incorrect header check)"),
}


@pytest.mark.parametrize("case", list(PDF_CASES))
@pytest.mark.parametrize("command", ["extract", "verify"])
def test_an_untrusted_pdf_is_read_with_bounds(case: str, command: str, tmp_path: Path) -> None:
    options, reason = PDF_CASES[case]
    pdf = _carrier(tmp_path / "x.pdf", **options)  # type: ignore[arg-type]
    target = tmp_path / "out.json"
    refused([command, str(pdf)] + (["-o", str(target)] if command == "extract" else []),
            f"{display_path(pdf)}: {reason}", target)


def test_the_carrier_itself_is_read_when_nothing_is_wrong(tmp_path: Path) -> None:
    """The cases above fail for their one reason: the same PDF with sound parts gets to the fingerprint."""
    pdf = _carrier(tmp_path / "x.pdf", stream=zlib.compress(b"{}"), filters="/FlateDecode")
    code, _, stderr = run("extract", str(pdf))
    assert (code, stderr) == (2, f"{display_path(pdf)}: the embedded records do not match the fingerprint the PDF"
                                 " states: they were changed after rendering\n")
