"""What tagging costs: ``dossiergen render`` tagged (the default) against ``--untagged``, in time and bytes.

    .venv/bin/python benchmarks/tagging_cost.py               # 5 rounds, about 10 minutes on 2 cores
    .venv/bin/python benchmarks/tagging_cost.py --rounds 7    # steadier medians

Each render runs as a user runs it: a fresh ``dossiergen render RECORD --lang LANGS -o FILE`` process,
timed from start to exit (Python's start and imports included, as a user waits for them), and the CPU
time it used (user and system, ``getrusage``), which other work on the machine disturbs far less than
the wall time. One round
renders every document both ways; the order of the two alternates from round to round (and from
document to document), so that a burst of load on this shared machine hits both alike. One round
before the timed ones warms the disk cache and is not counted. Each output is checked to be what it
claims (a structure tree and ``pdfuaid:part`` 1 when tagged, neither when not; PDF/A-3b either way).

Writes ``benchmarks/TAGGING_RESULTS.md`` (machine, versions, the load average at the start, after each
round and at the end, and per document: wall and CPU time tagged and untagged, median with min and max,
their ratios; bytes tagged and untagged, their ratio) and prints it.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from harness import versions  # noqa: E402 - the machine and versions, as every benchmark writes them

DOSSIERGEN = str(Path(sys.executable).with_name("dossiergen"))
RESULTS = ROOT / "benchmarks" / "TAGGING_RESULTS.md"
SAMPLES = ROOT / "dossiers" / "kh-emoto"
WAYS: dict[str, list[str]] = {"tagged": [], "untagged": ["--untagged"]}
"""The options of each way: tagged is the default, so no option at all."""


@dataclass
class Document:
    name: str
    record: Path
    langs: str
    seconds: dict[str, list[float]] = field(default_factory=lambda: {way: [] for way in WAYS})
    """Wall time of each timed round."""
    cpu: dict[str, list[float]] = field(default_factory=lambda: {way: [] for way in WAYS})
    """CPU time (user and system) of each timed round."""
    sizes: dict[str, int] = field(default_factory=dict)
    pages: int = 0


def documents() -> list[Document]:
    return [Document("approval dossier", SAMPLES / "project.yaml", "ko+en"),
            Document("approval dossier", SAMPLES / "project.yaml", "km+en"),
            Document("press notice", SAMPLES / "press-2025-07-21.yaml", "ko"),
            Document("working-group minutes", SAMPLES / "minutes-wg-01.yaml", "ko+en")]


def _cpu_of_children() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def render(document: Document, way: str, target: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one fresh ``dossiergen render`` process, from start to exit."""
    command = [DOSSIERGEN, "render", str(document.record), "--lang", document.langs, *WAYS[way], "-o", str(target),
               "--force"]
    cpu, started = _cpu_of_children(), time.perf_counter()
    done = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seconds, cpu = time.perf_counter() - started, _cpu_of_children() - cpu
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)}: exit {done.returncode}\n{done.stderr.decode(errors='replace')}")
    return seconds, cpu


def check(target: Path, way: str) -> int:
    """The page count of an output that is what it claims to be (else the run stops: it would measure nothing)."""
    with pikepdf.open(target) as pdf:
        metadata = pdf.open_metadata()
        tagged = "/StructTreeRoot" in pdf.Root and metadata.get("pdfuaid:part") == "1"
        untagged = "/StructTreeRoot" not in pdf.Root and metadata.get("pdfuaid:part") is None
        if metadata.pdfa_status != "3B" or not (tagged if way == "tagged" else untagged):
            raise SystemExit(f"{target}: not a {way} PDF/A-3b file")
        return len(pdf.pages)


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def _range(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} [{min(values):.2f}–{max(values):.2f}]"


def _ratio(tagged: list[float], untagged: list[float]) -> str:
    """The ratio of the medians, and the range of the ratios of the two renders of each round."""
    paired = [one / other for one, other in zip(tagged, untagged, strict=True)]
    return (f"{statistics.median(tagged) / statistics.median(untagged):.2f}x"
            f" (per round {min(paired):.2f}–{max(paired):.2f})")


def table(chosen: list[Document]) -> list[str]:
    lines = ["| document | langs | pages | wall s tagged | wall s untagged | wall ratio | CPU s tagged"
             " | CPU s untagged | CPU ratio | bytes tagged | bytes untagged | bytes ratio |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for document in chosen:
        cells = [document.name, document.langs, str(document.pages)]
        for times in (document.seconds, document.cpu):
            cells += [_range(times["tagged"]), _range(times["untagged"]), _ratio(times["tagged"], times["untagged"])]
        sizes = document.sizes
        cells += [f"{sizes['tagged']:,}", f"{sizes['untagged']:,}", f"{sizes['tagged'] / sizes['untagged']:.2f}x"]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds (default 5), after one warm-up round")
    parser.add_argument("--output", type=Path, default=RESULTS, help=f"the Markdown file [default: {RESULTS}]")
    options = parser.parse_args()
    chosen = documents()
    loads = [f"start {load()}"]
    print(f"load average at the {loads[0]}", flush=True)
    with tempfile.TemporaryDirectory(prefix="tagging-cost-") as folder:
        for round_number in range(options.rounds + 1):
            for index, document in enumerate(chosen):
                order = list(WAYS) if (round_number + index) % 2 == 0 else list(reversed(WAYS))
                for way in order:
                    target = Path(folder) / f"{index}.{way}.pdf"
                    seconds, cpu = render(document, way, target)
                    document.pages = check(target, way)
                    document.sizes[way] = target.stat().st_size
                    if round_number:  # round 0 warms the disk cache
                        document.seconds[way].append(seconds)
                        document.cpu[way].append(cpu)
            loads.append(f"after round {round_number or 'warm-up'} {load()}")
            print(f"round {round_number or 'warm-up'} done, load average {load()}", flush=True)
    lines = ["# What tagging costs", "",
             f"`.venv/bin/python benchmarks/tagging_cost.py --rounds {options.rounds}` on"
             f" {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.", "", *versions(),
             "- load average (1, 5, 15 min): " + "; ".join(loads), "",
             "Each time is of a fresh `dossiergen render` process from start to exit (wall: as a user waits;"
             " CPU: user and system time, which the machine's other work disturbs far less), median [min–max]"
             f" over {options.rounds} rounds, tagged (the default) and `--untagged` alternating in order. A ratio"
             " is of the medians; per round, of the two renders of that round. Bytes do not depend on load.",
             "", *table(chosen), ""]
    options.output.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
