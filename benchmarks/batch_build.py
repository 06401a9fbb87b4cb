"""Batch builds measured side by side in one run: throughput, workers, incremental rebuilds, memory.

    .venv/bin/python benchmarks/batch_build.py                 # 200 records, as the issue asks
    .venv/bin/python benchmarks/batch_build.py --records 30    # a quick look

Writes ``benchmarks/RESULTS.md`` (machine, versions, every figure as a median with its min and
max, each target met or missed) and prints it. See benchmarks/README.md for what each row is.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import weasyprint

from dossiergen import load_record
from dossiergen.batch.build import Result, build
from dossiergen.batch.workers import Workers
from dossiergen.config.paths import default_paths
from dossiergen.formats.html import render_html
from dossiergen.formats.pdf import render_document
from dossiergen.i18n.languages import parse_langs
from dossiergen.render.context import build_context
from dossiergen.render.fonts import font_face_css
from dossiergen.render.pdf.archival import PDF_A
from dossiergen.render.typeset import load_compounds, typeset_html
from dossiergen.version import __version__

ROOT = Path(__file__).resolve().parents[1]

LANG_SETS = {"project": ("ko+en", "km+en", "ko+km+en"), "press": ("ko", "ko+en", "km+en"),
             "minutes": ("ko+en", "km+en")}
"""The secretariat's set: every dossier also trilingual, every release Korean first."""
PATTERNS = (("kh-emoto", 3), ("vn-landfill-gas", 1), ("gnzc-2024", 1))
"""Sample folders cloned in turn (records each): approval dossiers, releases and minutes."""
RESULTS = ROOT / "benchmarks" / "RESULTS.md"


def make_records(folder: Path, count: int) -> Path:
    """``count`` records in folders of their own, cloned from the samples under new ids."""
    made, number = 0, 0
    while made < count:
        name, size = PATTERNS[number % len(PATTERNS)]
        if made + size > count:  # a partial kh-emoto clone would lack its project: fill with releases
            name, size = "gnzc-2024", 1
        clone = folder / f"syn-{number:03d}"
        clone.mkdir(parents=True)
        for source in sorted((ROOT / "dossiers" / name).glob("*.yaml")):
            (clone / source.name).write_text(source.read_text(encoding="utf-8").replace(name, f"syn-{number:03d}"),
                                             encoding="utf-8")
        made += size
        number += 1
    return folder


@dataclass
class Figure:
    name: str
    values: list[float]
    unit: str
    note: str = ""

    def cells(self) -> str:
        if len(self.values) == 1:
            return f"{_fmt(self.values[0])} {self.unit} | (one run) |"
        return (f"{_fmt(statistics.median(self.values))} {self.unit} | "
                f"{_fmt(min(self.values))} – {_fmt(max(self.values))} ({len(self.values)} runs) |")


def _fmt(value: float) -> str:
    return f"{value:,.3f}" if abs(value) < 10 else f"{value:,.1f}"


@dataclass
class MemoryWatch:
    """Samples the RSS of the build's worker processes, keyed by how many outputs were done."""

    done: int = 0
    samples: list[tuple[int, int, int]] = field(default_factory=list)  # (outputs done, pid, rss)
    _stop: threading.Event = field(default_factory=threading.Event)

    def planned(self, total: int) -> None:
        pass

    def finished(self, result: Result) -> None:
        self.done += 1

    def watch(self) -> None:
        me = psutil.Process()
        while not self._stop.wait(0.2):
            for child in me.children(recursive=True):
                try:
                    if child.ppid() == me.pid:
                        continue  # the fork server and the resource tracker; workers are their children
                    self.samples.append((self.done, child.pid, child.memory_info().rss))
                except psutil.Error:
                    pass

    def __enter__(self) -> MemoryWatch:
        self._thread = threading.Thread(target=self.watch, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def peak_per_worker(self, first: int, last: int) -> list[float]:
        """Per worker process seen while outputs ``first``..``last`` were being made: its peak RSS (MiB)."""
        peaks: dict[int, int] = {}
        for done, pid, rss in self.samples:
            if first <= done <= last:
                peaks[pid] = max(peaks.get(pid, 0), rss)
        return [rss / 2**20 for rss in peaks.values()]


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def interleaved(runs: int, **actions: Callable[[], object]) -> dict[str, list[float]]:
    """Each action once per round, in turn, so that a burst of load hits all of them alike."""
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(runs):
        for name, action in actions.items():
            times[name].append(timed(action))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=200, help="synthetic records [200]")
    parser.add_argument("--runs", type=int, default=3, help="runs of each repeated measurement [3]")
    parser.add_argument("--sample", type=int, default=10, help="records in the 1-vs-2-workers sample [10]")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    paths = default_paths()
    work = Path(tempfile.mkdtemp(prefix="dossiergen-bench-"))
    figures: list[Figure] = []
    targets: list[tuple[str, str, bool, str]] = []
    try:
        records = make_records(work / "records", args.records)
        out = work / "build"
        two = Workers(jobs=2, executor="processes", recycle_after=40)

        # 1. The full build, with the workers' memory watched throughout.
        print(f"full build of {args.records} records with 2 workers ...", flush=True)
        watch = MemoryWatch()
        with watch:
            started = time.perf_counter()
            results = build([records], out, paths, lang_sets=LANG_SETS, workers=two, progress=watch)
            full = time.perf_counter() - started
        failed = [r for r in results if not r.ok]
        if failed:
            raise SystemExit(f"{len(failed)} synthetic outputs failed: {failed[0].error}")
        outputs = len(results)
        figures.append(Figure(f"full build, {args.records} records → {outputs} PDFs (2 workers)", [full], "s"))
        figures.append(Figure("documents per minute", [outputs / full * 60], "docs/min"))
        figures.append(Figure("per-document render time (in its worker)", [r.seconds for r in results], "s",
                              "median over every document; min–max across documents"))
        batch_per_doc = full / outputs

        # 2. Memory per worker, early against late in the build.
        window = max(1, min(50, outputs // 3))
        early = watch.peak_per_worker(0, window)
        late = watch.peak_per_worker(outputs - window, outputs)
        figures.append(Figure(f"peak RSS per worker, outputs 1–{window}", early, "MiB", "min–max across workers"))
        figures.append(Figure(f"peak RSS per worker, outputs {outputs - window}–{outputs}", late, "MiB"))
        growth = max(late) / max(early)
        targets.append(("peak RSS per worker flat (late / early peak)", f"{growth:.2f}x", growth <= 1.10, "≤ 1.10x"))

        # 3. Incremental rebuilds: nothing changed, then one record changed.
        print("no-op and one-record rebuilds ...", flush=True)
        noop = [timed(lambda: build([records], out, paths, lang_sets=LANG_SETS, workers=two))
                for _ in range(args.runs + 2)]
        figures.append(Figure(f"no-op rebuild of {args.records} records", noop, "s"))
        share = statistics.median(noop) / full
        targets.append(("no-op rebuild / full build", f"{share:.2%}", share < 0.02, "< 2 %"))
        changed = next(records.glob("syn-000/press-*.yaml"))

        def one_changed() -> None:
            changed.write_text(changed.read_text(encoding="utf-8") + f"# edit {time.time_ns()}\n", encoding="utf-8")
            statuses = [r.status for r in build([records], out, paths, lang_sets=LANG_SETS, workers=two)]
            assert statuses.count("written") == len(LANG_SETS["press"]), statuses

        figures.append(Figure("rebuild after one press record changed (3 PDFs)",
                              [timed(one_changed) for _ in range(args.runs)], "s"))

        # 4. Two workers against one, on a sample, interleaved.
        print(f"1 vs 2 workers on {args.sample} records ...", flush=True)
        sample = make_records(work / "sample", args.sample)
        one = Workers(jobs=1)
        times = interleaved(args.runs,
                            one=lambda: build([sample], work / "s1", paths, lang_sets=LANG_SETS, workers=one,
                                              force=True),
                            two=lambda: build([sample], work / "s2", paths, lang_sets=LANG_SETS, workers=two,
                                              force=True))
        figures.append(Figure(f"sample of {args.sample} records, 1 worker", times["one"], "s"))
        figures.append(Figure(f"sample of {args.sample} records, 2 workers", times["two"], "s"))
        speedup = statistics.median(times["one"]) / statistics.median(times["two"])
        times_two = times["two"]
        targets.append(("2 workers against 1 (speed-up)", f"{speedup:.2f}x", speedup >= 1.7, "≥ 1.7x"))

        # 5. The pipeline against bare WeasyPrint on the same HTML, in this process.
        print("pipeline against bare WeasyPrint ...", flush=True)
        record = load_record(ROOT / "dossiers" / "kh-emoto" / "project.yaml")
        langs = ("ko", "km", "en")
        html = typeset_html(render_html(build_context(record, langs, paths=paths), paths=paths),
                            load_compounds(paths.khmer_compounds))
        base_url = str(paths.templates) + "/"

        def bare() -> bytes:
            # what write_pdf gives WeasyPrint too: the same HTML, the same @font-face rules, PDF/A-3b, tagged
            font_config = weasyprint.text.fonts.FontConfiguration()
            fonts = weasyprint.CSS(string=font_face_css(), font_config=font_config)
            return weasyprint.HTML(string=html, base_url=base_url).write_pdf(stylesheets=[fonts],
                                                                              font_config=font_config,
                                                                              pdf_variant=PDF_A, pdf_tags=True)

        render_document(record, langs, paths=paths)  # warm both: fonts, templates, catalogs
        bare()
        # a few percent apart on a document of seconds: it takes more runs than the rest to see
        times = interleaved(max(7, 2 * args.runs + 1),
                            pipeline=lambda: render_document(load_record(record.path), langs, paths=paths),
                            bare=bare)
        figures.append(Figure("kh-emoto dossier ko+km+en, whole pipeline (load to PDF bytes)", times["pipeline"], "s"))
        figures.append(Figure("the same HTML, bare weasyprint.HTML().write_pdf()", times["bare"], "s"))
        overhead = statistics.median(times["pipeline"]) / statistics.median(times["bare"])
        targets.append(("pipeline / bare WeasyPrint, same HTML, same process", f"{overhead:.2f}x", overhead <= 1.10,
                        "≤ 1.10x"))

        # 6. The naive loop: one `weasyprint` command per document of the sample, from the same HTML.
        print("naive loop of weasyprint commands over the sample ...", flush=True)
        naive_dir = work / "naive"
        naive_dir.mkdir()
        html_files = []
        for source in sorted(sample.glob("*/*.yaml")):
            loaded = load_record(source)
            for lang_set in LANG_SETS[loaded.kind]:
                page = typeset_html(render_html(build_context(loaded, parse_langs(lang_set), paths=paths),
                                                paths=paths), load_compounds(paths.khmer_compounds))
                target = naive_dir / f"{len(html_files)}.html"
                target.write_text(page, encoding="utf-8")
                html_files.append(target)
        fonts_css = naive_dir / "fonts.css"
        fonts_css.write_text(font_face_css(), encoding="utf-8")
        command = shutil.which("weasyprint", path=str(Path(sys.executable).parent)) or "weasyprint"
        naive = [timed(lambda f=f: subprocess.run([command, "--base-url", base_url, "-s", str(fonts_css),
                                                   "--pdf-variant", PDF_A, "--pdf-tags",
                                                   str(f), str(f.with_suffix(".pdf"))],
                                                  check=True, capture_output=True))
                 for f in html_files]
        figures.append(Figure(f"naive loop: one `weasyprint` command per document ({len(naive)} documents)", naive,
                              "s/doc", "min–max across documents"))
        batch = [seconds / len(html_files) for seconds in times_two]
        figures.append(Figure("batch: the sample's 2-worker build time / documents", batch, "s/doc"))
        figures.append(Figure("batch: full build wall time / documents", [batch_per_doc], "s/doc"))
        ratio = statistics.median(batch) / (sum(naive) / len(naive))
        targets.append(("batch per-document / naive per-document (same documents)", f"{ratio:.2f}x", ratio <= 0.5,
                        "≤ 0.5x"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report = _markdown(args, figures, targets)
    args.output.write_text(report, encoding="utf-8")
    print(report)


def machine() -> list[str]:
    """The machine and the versions a run measured, as Markdown list items."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    from weasyprint.text.ffi import pango as pango_library

    number = pango_library.pango_version()  # 15012 -> 1.50.12
    pango = f"{number // 10000}.{number // 100 % 100}.{number % 100}"
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    return [f"- machine: {os.cpu_count()} CPUs ({cpu}), {psutil.virtual_memory().total / 2**30:.0f} GiB,"
            f" {platform.platform()}; shared with other work, so read ratios, not seconds",
            f"- Python {platform.python_version()}, WeasyPrint {weasyprint.__version__}, Pango {pango or '?'},"
            f" dossiergen {__version__} at {commit or '?'}"]


def _markdown(args: argparse.Namespace, figures: list[Figure], targets: list[tuple[str, str, bool, str]]) -> str:
    lines = ["# Batch build benchmark", "",
             f"`.venv/bin/python benchmarks/batch_build.py --records {args.records} --runs {args.runs}`"
             f" on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.", "", *machine(), "",
             "## Targets (ratios measured side by side in this run)", "",
             "| target | measured | goal | met |", "|---|---|---|---|"]
    lines += [f"| {name} | {value} | {goal} | {'yes' if met else '**no**'} |" for name, value, met, goal in targets]
    lines += ["", "## Figures", "", "| measurement | median | min – max | note |", "|---|---|---|---|"]
    lines += [f"| {figure.name} | {figure.cells()} {figure.note} |" for figure in figures]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
