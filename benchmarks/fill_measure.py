"""What measuring the pages' fill costs a render: the rebalancer's former measure (the PDF parsed again with
pdfplumber, every page) against its measure from WeasyPrint's layout (render/pdf/layout_fill.py).

    .venv/bin/python benchmarks/fill_measure.py              # 5 rounds on the kh-emoto ko+en dossier, ~5 minutes
    .venv/bin/python benchmarks/fill_measure.py --rounds 7

One round typesets the dossier at the house's setting twice, in the same process, once each way, and times each
whole (HTML to PDF bytes and the measure) and its measure alone; the order of the two alternates from round to
round, so that a burst of load on this shared machine hits both alike. One round before the timed ones warms the
caches (fonts, the compound list) and is not counted. Each way's verdict (the pages it finds nearly empty) is
checked to be the same. Prints the medians (with min and max) and writes them to benchmarks/results/.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from dossiergen.config.paths import default_paths
from dossiergen.formats.pdf import _typeset_measured
from dossiergen.records.loading import load_record
from dossiergen.render.context import RenderContext, build_context
from dossiergen.render.layout_check import nearly_empty_pages
from dossiergen.render.pdf.rebalance import faults_of

ROOT = Path(__file__).resolve().parents[1]
RECORD = ROOT / "dossiers" / "kh-emoto" / "project.yaml"
RESULTS = ROOT / "benchmarks" / "results" / "fill_measure.txt"


def _before(ctx: RenderContext) -> tuple[float, float, tuple[int, ...]]:
    """Typeset unmeasured, then read every page of the PDF (the rebalancer before the layout measure)."""
    start = time.perf_counter()
    pdf = _typeset_measured(ctx, default_paths(), {}, measure=False).pdf
    measuring = time.perf_counter()
    empty = tuple(finding.page for finding in nearly_empty_pages(pdf))
    end = time.perf_counter()
    return end - start, end - measuring, empty


def _after(ctx: RenderContext) -> tuple[float, float, tuple[int, ...]]:
    """Typeset with the layout measured (its walk of the boxes is inside the render), then judge the pages."""
    start = time.perf_counter()
    made = _typeset_measured(ctx, default_paths(), {})
    measuring = time.perf_counter()
    empty = faults_of(made).empty
    end = time.perf_counter()
    return end - start, end - measuring, empty


def _spread(values: list[float]) -> str:
    return f"{statistics.median(values):6.2f} s (min {min(values):.2f}, max {max(values):.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    ctx = build_context(load_record(RECORD), ("ko", "en"), paths=default_paths())
    ways: dict[str, Callable[[RenderContext], tuple[float, float, tuple[int, ...]]]] = {
        "before (PDF read)": _before, "after (layout)": _after}
    _before(ctx), _after(ctx)  # warm-up, not counted
    totals: dict[str, list[float]] = {name: [] for name in ways}
    measures: dict[str, list[float]] = {name: [] for name in ways}
    verdicts: set[tuple[int, ...]] = set()
    for round_ in range(rounds):
        order = list(ways) if round_ % 2 == 0 else list(reversed(ways))
        for name in order:
            total, measure, empty = ways[name](ctx)
            totals[name].append(total)
            measures[name].append(measure)
            verdicts.add(empty)
        print(f"round {round_ + 1}/{rounds} done", file=sys.stderr)
    lines = [f"kh-emoto ko+en dossier, house setting, {rounds} rounds interleaved (median, min, max)"]
    for name in ways:
        lines.append(f"{name:18} render+measure {_spread(totals[name])}   measure alone {_spread(measures[name])}")
    before, after = (statistics.median(totals[name]) for name in ways)
    lines.append(f"saving per render: {before - after:.2f} s ({(before - after) / before:.0%} of the former time)")
    lines.append(f"verdicts (nearly empty pages) the same both ways: {len(verdicts) == 1} {sorted(verdicts)}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
