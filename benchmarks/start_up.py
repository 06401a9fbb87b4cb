"""Fast starts (issue 19, point 2): fresh ``dossiergen`` processes against the targets, and ``dossiergen render``
against the ``weasyprint`` command on the same HTML with the same options.

    .venv/bin/python benchmarks/start_up.py               # 5 rounds, a few minutes on 2 cores
    .venv/bin/python benchmarks/start_up.py --rounds 9    # steadier medians

Every contender runs as a user runs it: a fresh process of the virtual environment's ``dossiergen`` or
``weasyprint`` script, timed from start to exit (Python's start and imports included), with the CPU time it
used (user and system, ``getrusage`` of the children: other work on this shared machine disturbs it far less
than the wall time). Each round runs every contender once, in an order reversed from round to round; a round
before the timed ones warms the disk and the user's cache folder (fonts, catalogs, templates) and is not
counted. ``render, empty cache`` is the same render with ``XDG_CACHE_HOME`` pointed at a new empty folder
each time: what a first run after installing (or after the fonts changed) costs.

The HTML for the ``weasyprint`` command is the very HTML of dossiergen's last typesetting pass of the dossier,
caught in this process before the timed rounds, with the same ``@font-face`` rules (a style sheet), the same
base URL, PDF/A-3b and tags (``--pdf-variant pdf/a-3b --pdf-tags``). dossiergen does more than that one pass
(rebalancing where a page is left nearly empty, the page measures, the embedded records, its Letter of
Authorization typeset and appended as its annex, the annex pages stamped): the number of passes it made is
printed beside the ratio, and a second comparison gives bare WeasyPrint the same typesetting work (the
dossier's HTML and its letter's, in one fresh process). The GNZC press notice in Korean is typeset in one pass:
its pair of ratios is dossiergen's start (imports, records, fonts, catalogs, templates, checks) against
weasyprint's alone.

Writes ``benchmarks/results/start_up.md`` (machine, versions, the load average beside every figure) and prints it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from harness import BARE_WEASYPRINT, versions  # noqa: E402 - the machine and versions, as every benchmark writes them

BIN = Path(sys.executable).parent
DOSSIERGEN, WEASYPRINT = str(BIN / "dossiergen"), str(BIN / "weasyprint")
DOSSIER = ROOT / "dossiers" / "kh-emoto" / "project.yaml"
NOTICE = ROOT / "dossiers" / "gnzc-2024" / "press.yaml"
"""A document typeset in one pass (nothing to rebalance, no annex): dossiergen's start against weasyprint's alone."""
RESULTS = ROOT / "benchmarks" / "results" / "start_up.md"
DOSSIER_RENDER, DOSSIER_WEASYPRINT = "dossiergen render (dossier, ko+en)", "weasyprint (the dossier's HTML)"
DOSSIER_AND_LETTER = "weasyprint API (the dossier's and its letter's HTML, one process)"
RENDER_PHASES = "dossiergen render (dossier, ko+en), its phases timed"
NOTICE_RENDER, NOTICE_WEASYPRINT = "dossiergen render (GNZC press notice, ko)", "weasyprint (the notice's HTML)"


PHASES = """
import json, re, sys, time
started = time.perf_counter()
from dossiergen.cli.main import run
import dossiergen.formats.pdf as pdf_format
from weasyprint import HTML
from weasyprint.document import Document
phases = {"imports (the render's modules; WeasyPrint's among them)": time.perf_counter() - started}
passes = []

def timed(owner, name, label):
    original = getattr(owner, name)
    def wrapper(*args, **kwargs):
        begun = time.perf_counter()
        if name == "typeset_pdf":
            passes.append(re.search(r'<body class="(\\w+)', args[0])[1])
        try:
            return original(*args, **kwargs)
        finally:
            key = label.format(kind=passes[-1] if passes else "")
            phases[key] = phases.get(key, 0.0) + time.perf_counter() - begun
    setattr(owner, name, wrapper)

timed(pdf_format, "typeset_pdf", "{kind}: its typesetting pass, all of it")
timed(HTML, "render", "{kind}: WeasyPrint's styles and layout (HTML.render)")
timed(Document, "write_pdf", "{kind}: WeasyPrint's PDF (Document.write_pdf)")
timed(pdf_format, "append_annexes", "the annexes appended, their pages stamped")
begun = time.perf_counter()
try:
    run(sys.argv[2:], prog_name="dossiergen")
except SystemExit as stop:
    assert not stop.code, stop.code
phases["in the process, in all"] = time.perf_counter() - started
json.dump(phases, open(sys.argv[1], "w"))
"""
"""``python -c PHASES OUT.json render ARGS...``: ``dossiergen render`` run in a fresh process as the script runs
it (``run``: its end leaves the objects to the operating system), its phases timed by wrappers around the functions
that make them and written to ``OUT.json``."""


@dataclass
class Contender:
    name: str
    command: list[str]
    fresh_cache: bool = False
    """Run with ``XDG_CACHE_HOME`` pointed at a new empty folder."""
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    load: list[float] = field(default_factory=list)
    """The 1-minute load average as each run started."""
    phases_file: Path | None = None
    """Where the process writes its phases (``PHASES``), read after each timed run into ``phases``."""
    phases: list[dict[str, float]] = field(default_factory=list)


def run(contender: Contender, work: Path, timed: bool) -> None:
    env = dict(os.environ)
    if contender.fresh_cache:
        env["XDG_CACHE_HOME"] = tempfile.mkdtemp(dir=work, prefix="cache-")
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(contender.command, capture_output=True, text=True, env=env, cwd=ROOT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{contender.name} failed ({result.returncode}): {result.stderr}")
    if timed:
        contender.wall.append(wall)
        contender.cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        contender.load.append(load)
        if contender.phases_file is not None:
            contender.phases.append(json.loads(contender.phases_file.read_text(encoding="utf-8")))


def last_pass(record: Path, kind: str, langs: tuple[str, ...], html: Path) -> tuple[int, list[Path]]:
    """Write the HTML of dossiergen's last typesetting pass of ``record`` to ``html``, and that of each document
    rendered as its annex (the Letter of Authorization) beside it: how many passes the document itself took,
    and the annexes' HTML files."""
    from dossiergen.formats import pdf as pdf_format
    from dossiergen.records.loading import load_record

    caught: list[str] = []
    typeset_pdf = pdf_format.typeset_pdf

    def catch(page: str, **options: Any) -> Any:
        caught.append(page)
        return typeset_pdf(page, **options)

    pdf_format.typeset_pdf = catch  # type: ignore[assignment] # this process only; the timed ones are fresh
    try:
        pdf_format.render_document(load_record(record), langs)  # type: ignore[arg-type]
    finally:
        pdf_format.typeset_pdf = typeset_pdf
    own = [page for page in caught if f'<body class="{kind} ' in page]
    html.write_text(own[-1], encoding="utf-8")
    annexes = []
    # by the body's class: the letter's HTML names the dossier too (its <meta name="dossier.id">)
    for number, page in enumerate((page for page in caught if f'<body class="{kind} ' not in page), start=1):
        annexes.append(html.with_name(f"{html.stem}.annex-{number}.html"))
        annexes[-1].write_text(page, encoding="utf-8")
    return len(own), annexes


def _figure(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def _ratio(contenders: dict[str, Contender], name: str, other: str, of: Callable[[Contender], list[float]]) -> float:
    return statistics.median(of(contenders[name])) / statistics.median(of(contenders[other]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds (at least 5) [default: 5]")
    parser.add_argument("-o", "--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    if args.rounds < 5:
        parser.error("--rounds: at least 5")
    from dossiergen.config.paths import default_paths
    from dossiergen.render.fonts import font_face_css

    with tempfile.TemporaryDirectory(prefix="start-up-") as folder:
        work = Path(folder)
        fonts = work / "fonts.css"
        fonts.write_text(font_face_css(), encoding="utf-8")
        dossier_passes, letters = last_pass(DOSSIER, "dossier", ("ko", "en"), work / "dossier.html")
        if not letters:  # the comparison of the same work would be the dossier's pass alone
            raise SystemExit("the HTML of the dossier's letter was not caught")
        notice_passes, _ = last_pass(NOTICE, "press", ("ko",), work / "notice.html")
        passes = {"dossier": dossier_passes, "notice": notice_passes}
        templates = str(default_paths().templates) + "/"

        def weasyprint(name: str) -> list[str]:
            return [WEASYPRINT, "--base-url", templates, "-s", str(fonts), "--pdf-variant", "pdf/a-3b", "--pdf-tags",
                    str(work / f"{name}.html"), str(work / f"{name}.weasyprint.pdf")]

        # the same work as the dossier's render: its HTML and its letter's, each typeset once, by WeasyPrint's
        # own API in one fresh process (the command takes one document; two commands would start twice)
        both = [sys.executable, "-c", BARE_WEASYPRINT, templates, str(fonts), str(work / "dossier.html"),
                *map(str, letters)]

        render = [DOSSIERGEN, "render", str(DOSSIER), "-o", str(work / "dossier.pdf"), "--force"]
        phases = work / "phases.json"
        contenders = {c.name: c for c in (
            Contender("dossiergen --help", [DOSSIERGEN, "--help"]),
            Contender("dossiergen --version", [DOSSIERGEN, "--version"]),
            Contender("dossiergen validate (one record)", [DOSSIERGEN, "validate", str(DOSSIER)]),
            Contender(DOSSIER_RENDER, render),
            Contender("dossiergen render, empty cache", render, fresh_cache=True),
            Contender(DOSSIER_WEASYPRINT, weasyprint("dossier")),
            Contender(DOSSIER_AND_LETTER, both),
            Contender(RENDER_PHASES, [sys.executable, "-c", PHASES, str(phases), *render[1:]], phases_file=phases),
            Contender(NOTICE_RENDER, [DOSSIERGEN, "render", str(NOTICE), "--lang", "ko", "-o",
                                      str(work / "notice.pdf"), "--force"]),
            Contender(NOTICE_WEASYPRINT, weasyprint("notice")),
        )}
        loads = [f"start {os.getloadavg()[0]:.2f}"]
        order = list(contenders.values())
        print(f"warm-up round, then {args.rounds} timed rounds of {len(order)} processes ...", flush=True)
        for contender in order:
            run(contender, work, timed=False)
        for round_ in range(args.rounds):
            for contender in order if round_ % 2 == 0 else reversed(order):
                run(contender, work, timed=True)
            loads.append(f"after round {round_ + 1} {os.getloadavg()[0]:.2f}")
            print(f"round {round_ + 1}: load {os.getloadavg()[0]:.2f}", flush=True)
    report = _markdown(contenders, passes, loads, args.rounds)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(report, encoding="utf-8")
    print(report)


def _markdown(contenders: dict[str, Contender], passes: dict[str, int], loads: list[str], rounds: int) -> str:
    render, weasy = DOSSIER_RENDER, DOSSIER_WEASYPRINT

    def median(name: str) -> float:
        return statistics.median(contenders[name].wall)

    targets = [
        ("`dossiergen --help`", f"{median('dossiergen --help'):.2f} s", "< 0.3 s", median("dossiergen --help") < 0.3),
        ("`dossiergen --version`", f"{median('dossiergen --version'):.2f} s", "< 0.3 s",
         median("dossiergen --version") < 0.3),
        ("`dossiergen validate` of one record", f"{median('dossiergen validate (one record)'):.2f} s", "< 0.5 s",
         median("dossiergen validate (one record)") < 0.5),
        (f"`dossiergen render` / `weasyprint`, dossier, wall ({passes['dossier']} typesetting passes against 1)",
         f"{_ratio(contenders, render, weasy, lambda c: c.wall):.2f}x", "≤ 1.2x",
         _ratio(contenders, render, weasy, lambda c: c.wall) <= 1.2),
        ("the same, CPU time", f"{_ratio(contenders, render, weasy, lambda c: c.cpu):.2f}x", "(≤ 1.2x)",
         _ratio(contenders, render, weasy, lambda c: c.cpu) <= 1.2),
        ("`dossiergen render` / bare WeasyPrint on the dossier's and its letter's HTML (the same work), wall",
         f"{_ratio(contenders, render, DOSSIER_AND_LETTER, lambda c: c.wall):.2f}x", "(≤ 1.2x)",
         _ratio(contenders, render, DOSSIER_AND_LETTER, lambda c: c.wall) <= 1.2),
        ("the same, CPU time", f"{_ratio(contenders, render, DOSSIER_AND_LETTER, lambda c: c.cpu):.2f}x",
         "(≤ 1.2x)", _ratio(contenders, render, DOSSIER_AND_LETTER, lambda c: c.cpu) <= 1.2),
        (f"`dossiergen render` / `weasyprint`, press notice, wall ({passes['notice']} pass against 1)",
         f"{_ratio(contenders, NOTICE_RENDER, NOTICE_WEASYPRINT, lambda c: c.wall):.2f}x", "(≤ 1.2x)",
         _ratio(contenders, NOTICE_RENDER, NOTICE_WEASYPRINT, lambda c: c.wall) <= 1.2),
        ("the same, CPU time", f"{_ratio(contenders, NOTICE_RENDER, NOTICE_WEASYPRINT, lambda c: c.cpu):.2f}x",
         "(≤ 1.2x)", _ratio(contenders, NOTICE_RENDER, NOTICE_WEASYPRINT, lambda c: c.cpu) <= 1.2),
    ]
    lines = [
        "# Start-up benchmark (benchmarks/start_up.py)", "",
        *versions(), "",
        f"Fresh processes, {rounds} interleaved rounds (order reversed each round) after one warm-up round;"
        " median (min–max). Load average (1 min): " + ", ".join(loads) + ".", "",
        "| Target | Measured | Target | Met |", "|---|---|---|---|",
        *(f"| {what} | {figure} | {goal} | {'yes' if met else 'no'} |" for what, figure, goal, met in targets), "",
        "| Process | Wall s | CPU s | Load average as it started |", "|---|---|---|---|",
        *(f"| {c.name} | {_figure(c.wall)} | {_figure(c.cpu)} | {_figure(c.load)} |" for c in contenders.values()),
        "", *_phases(contenders[RENDER_PHASES], median(weasy)),
    ]
    return "\n".join(lines)


def _phases(timed: Contender, weasyprint: float) -> list[str]:
    """Where a fresh render's time goes: each phase's median seconds and median share of the process's wall time."""
    runs = []
    for phases, wall in zip(timed.phases, timed.wall, strict=True):
        whole = phases.pop("in the process, in all")
        counted = sum(value for name, value in phases.items() if "WeasyPrint's" not in name or "imports" in name)
        runs.append({"Python's start and exit, the command line": wall - whole, **phases,
                     "the rest: records, context, templates, HTML, checks, the file written": whole - counted})
    names = list(runs[0])
    rows = []
    for name in names:
        shares = [100 * run.get(name, 0.0) / wall for run, wall in zip(runs, timed.wall, strict=True)]
        label = name.replace("loa:", "its letter (annex 1):").replace("dossier:", "the dossier:")
        rows.append(f"| {label} | {statistics.median(run.get(name, 0.0) for run in runs):.2f} |"
                    f" {statistics.median(shares):.1f} % |")
    return [
        f"Where the time of a fresh `dossiergen render` of the dossier goes ({len(runs)} runs, the same fresh"
        f" processes, interleaved with the above; wall {_figure(timed.wall)} s, the `weasyprint` command on the"
        f" dossier's HTML {weasyprint:.2f} s). Each pass's line \"all of it\" includes its two WeasyPrint lines.", "",
        "| Phase | Median s | Share of the render |", "|---|---|---|", *rows, "",
    ]


if __name__ == "__main__":
    main()
