"""Peak memory and time of each hostile input, against issue 16's caps.

Every case runs as a user runs it: a fresh ``dossiergen`` process (``validate`` and ``render``
for records, ``extract`` and ``verify`` for PDFs from outside), started from a small wrapper
process that reports its child's peak RSS (``getrusage(RUSAGE_CHILDREN)``) and wall time.
Each case runs ``--rounds`` times (default 3), the commands interleaved, and the median, min
and max are printed beside the cap: ``validate`` 256 MB and 10 s, ``render`` (and ``extract``,
``verify``) 1.5 GB and 120 s. A process still running at ``--timeout`` seconds (default 150) is
killed and reported as "did not finish". The two records just under the text limits are not
refused: they show what the largest record the limits allow costs to render.

    .venv/bin/python benchmarks/hostile_inputs.py [--rounds 3] [--only alias-bomb] [--markdown FILE]
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.hostile_records import CASES, _variant  # noqa: E402 - the tests' generators, shared

DOSSIERGEN = str(Path(sys.executable).with_name("dossiergen"))
CAPS = {"validate": (256, 10.0), "render": (1536, 120.0), "extract": (1536, 120.0), "verify": (1536, 120.0)}
"""Issue 16's caps per command: MB of peak RSS, seconds."""

_WRAPPER = """
import resource, subprocess, sys, time
started = time.perf_counter()
try:
    done = subprocess.run(sys.argv[2:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, timeout=float(sys.argv[1]))
    code, last = done.returncode, (done.stderr.decode(errors="replace").strip().splitlines() or [""])[-1]
except subprocess.TimeoutExpired:
    code, last = None, "did not finish"
print(code, time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, sep="\\t")
print(last)
"""
"""Runs one command and reports its exit code, wall time, peak RSS (MB) and last line on stderr."""


@dataclass(frozen=True)
class Case:
    name: str
    what: str
    commands: tuple[str, ...]
    make: Callable[[Path], list[str]]
    """Sets the case up in a folder; the arguments after the command."""
    langs: str = "ko+en"
    """The language set ``render`` is asked for."""


def _record(text: str) -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        (folder / "project.yaml").write_text(text, encoding="utf-8")
        return [str(folder / "project.yaml")]
    return make


def _near_limit(lang: str) -> str:
    """Ten paragraphs of 19,000 characters: just under the limits of a text and of a record."""
    rng = random.Random(16)
    words = (["the cooperative approach transfers mitigation outcomes under Article 6.2 with corresponding"
              " adjustments applied by the host party"][0].split() if lang == "en" else
             ["ក្រសួងបរិស្ថាន", "គម្រោង", "ម៉ូតូអគ្គិសនី", "កាត់បន្ថយ", "ការបំភាយឧស្ម័នផ្ទះកញ្ចក់"])
    joiner = " " if lang == "en" else ""
    paragraph = joiner.join(rng.choice(words) for _ in range(4_000))[:19_000]
    texts = {"ko": "총", "km": "សរុប", "en": "in total"} | {lang: paragraph}
    item = f'  - {{ko: "{texts["ko"]}", km: "{texts["km"]}", en: "{texts["en"]}"}}\n'
    old = '  - {ko: "총 {outcomes_t}톤", km: "សរុប {outcomes_t} តោន", en: "{outcomes_t} tonnes in total"}\n'
    return _variant(old, item * 10)


def _symlink_to_dev_zero(folder: Path) -> list[str]:
    (folder / "project.yaml").symlink_to("/dev/zero")
    return [str(folder / "project.yaml")]


def _sparse_3_gb(folder: Path) -> list[str]:
    with (folder / "project.yaml").open("wb") as stream:
        stream.truncate(3 * 2**30)
    return [str(folder / "project.yaml")]


def _fifo(folder: Path) -> list[str]:
    os.mkfifo(folder / "project.yaml")
    return [str(folder / "project.yaml")]


def _directory(folder: Path) -> list[str]:
    (folder / "x.yaml").mkdir()
    return [str(folder / "x.yaml")]


def _illustrated(file: str, data: bytes | Callable[[Path], None]) -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        if callable(data):
            data(folder / file)
        else:
            (folder / file).write_bytes(data)
        old = "methodology:\n"
        text = _variant(old, f'illustrations:\n  - file: "{file}"\n    caption: {{ko: "지도", km: "ផែនទី", en: "Map"}}\n'
                             + old)
        (folder / "project.yaml").write_text(text, encoding="utf-8")
        return [str(folder / "project.yaml")]
    return make


def _png_30000(path: Path) -> None:
    Image.new("1", (30_000, 30_000)).save(path, optimize=True)


SVG_XXE = b"""<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&xxe;</text></svg>
"""
SVG_LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY l0 "lol">\n'
              + b"".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">\n'.encode() for n in range(1, 10))
              + b']>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&l9;</text></svg>\n')


def _carrying_pdf(folder: Path, record: bytes | None, options: str = "{}") -> Path:
    """A PDF with dossiergen's document information and one embedded record (raw Flate bytes, or none)."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.docinfo["/DossiergenRecord"] = "x.project.json"
    pdf.docinfo["/DossiergenOptions"] = options
    pdf.docinfo["/DossiergenFingerprint"] = "0" * 64
    spec = pikepdf.AttachedFileSpec(pdf, b"{}", mime_type="application/json")
    pdf.attachments["x.project.json"] = spec
    if record is not None:
        pdf.attachments["x.project.json"].obj.EF.F.write(record, filter=pikepdf.Name.FlateDecode)
    path = folder / "outside.pdf"
    pdf.save(path)
    return path


def _deflate_bomb(gib: int) -> bytes:
    """Flate data that inflates to ``gib`` GiB of zeros (about 1 MB a GiB)."""
    compressor, chunk, out = zlib.compressobj(9), bytes(2**24), io.BytesIO()
    for _ in range(gib * 64):
        out.write(compressor.compress(chunk))
    out.write(compressor.flush())
    return out.getvalue()


def cases() -> list[Case]:
    found = [Case(name, (make.__doc__ or name).strip().splitlines()[0], ("validate", "render"),
                  _record(make()[0])) for name, make in CASES.items()]
    found += [
        Case("near-limit-en", "accepted: ten English paragraphs of 19,000 characters", ("validate", "render"),
             _record(_near_limit("en"))),
        Case("near-limit-km", "accepted: ten Khmer paragraphs of 19,000 characters", ("validate", "render"),
             _record(_near_limit("km")), langs="km+en"),
        Case("symlink-to-dev-zero", "the record is a symlink to /dev/zero", ("validate", "render"),
             _symlink_to_dev_zero),
        Case("sparse-3-gb", "a 3 GB sparse file named project.yaml", ("validate", "render"), _sparse_3_gb),
        Case("fifo", "the record is a FIFO nobody writes to", ("validate", "render"), _fifo),
        Case("directory-named-yaml", "a directory named x.yaml", ("validate", "render"), _directory),
        Case("html-named-png", "an illustration that is HTML named a.png", ("validate", "render"),
             _illustrated("a.png", b"<html><body>not an image</body></html>")),
        Case("png-30000-square", "an illustration of 30000 x 30000 pixels", ("validate", "render"),
             _illustrated("a.png", _png_30000)),
        Case("svg-external-entity", "an SVG illustration with an external entity", ("validate", "render"),
             _illustrated("a.svg", SVG_XXE)),
        Case("svg-billion-laughs", "an SVG illustration with nested entities", ("validate", "render"),
             _illustrated("a.svg", SVG_LAUGHS)),
        Case("pdf-deflate-bomb", "a 3 MB PDF whose record inflates to 3 GiB", ("extract", "verify"),
             lambda folder: [str(_carrying_pdf(folder, _deflate_bomb(3)))]),
        Case("pdf-deep-json", "render options of 100,000 nested [", ("extract", "verify"),
             lambda folder: [str(_carrying_pdf(folder, None, "[" * 100_000))]),
    ]
    return found


def _arguments(command: str, args: list[str], folder: Path, langs: str) -> list[str]:
    if command == "render":
        return [DOSSIERGEN, "render", *args, "-o", str(folder / "out.pdf"), "--lang", langs]
    if command == "extract":
        return [DOSSIERGEN, "extract", *args, "-o", str(folder / "extracted")]
    return [DOSSIERGEN, command, *args]


def run(command: list[str], timeout: float) -> tuple[int | None, float, float, str]:
    done = subprocess.run([sys.executable, "-c", _WRAPPER, str(timeout), *command], capture_output=True, text=True,
                          check=True)
    head, last = done.stdout.split("\n", 1)
    code, seconds, megabytes = head.split("\t")
    return (None if code == "None" else int(code)), float(seconds), float(megabytes), last.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=150.0)
    parser.add_argument("--only", action="append", help="a case name (repeatable)")
    parser.add_argument("--markdown", type=Path, help="also write the table to this file")
    options = parser.parse_args()
    chosen = [case for case in cases() if not options.only or case.name in options.only]
    load = os.getloadavg()
    lines = [f"# Hostile inputs: peak RSS and time ({options.rounds} rounds, median [min-max])", "",
             f"{platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()},"
             f" load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} at the start", "",
             "| case | command | exit | MB | s | within cap | last line |", "|---|---|---|---|---|---|---|"]
    print("\n".join(lines), flush=True)
    for case in chosen:
        results: dict[str, list[tuple[int | None, float, float, str]]] = {command: [] for command in case.commands}
        for round_number in range(options.rounds):
            order = case.commands if round_number % 2 == 0 else tuple(reversed(case.commands))
            for command in order:
                with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
                    folder = Path(tmp)
                    arguments = _arguments(command, case.make(folder), folder, case.langs)
                    results[command].append(run(arguments, options.timeout))
                    shutil.rmtree(folder / "extracted", ignore_errors=True)
        for command in case.commands:
            runs = results[command]
            megabytes, seconds = [r[2] for r in runs], [r[1] for r in runs]
            codes = sorted({str(r[0]) for r in runs})
            cap_mb, cap_s = CAPS[command]
            within = max(megabytes) <= cap_mb and max(seconds) <= cap_s and None not in (r[0] for r in runs)
            last = runs[-1][3].replace("|", "\\|")
            if len(last) > 110:
                last = last[:107] + "..."
            row = (f"| {case.name} | {command} | {'/'.join(codes)} | {statistics.median(megabytes):.0f}"
                   f" [{min(megabytes):.0f}-{max(megabytes):.0f}] | {statistics.median(seconds):.2f}"
                   f" [{min(seconds):.2f}-{max(seconds):.2f}] | {'yes' if within else 'NO'}"
                   f" ({cap_mb} MB, {cap_s:.0f} s)"
                   f" | {last} |")
            lines.append(row)
            print(row, flush=True)
    lines += ["", "Cases: " + "; ".join(f"**{case.name}**: {case.what}" for case in chosen), ""]
    if options.markdown is not None:
        options.markdown.write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
