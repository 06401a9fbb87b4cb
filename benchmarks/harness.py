"""What every benchmark here shares: commands timed as a user runs them, interleaved, with the load beside them.

A contender is a command line run in a fresh process, timed from start to exit (or, where a
benchmark says so, a function). Each round runs every contender once, in the opposite order to
the round before, so that a burst of load, or a cache warmed by the one before, favours none of
them; figures are medians with min and max, and the load average is read before every round.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
DOSSIERGEN = str(BIN / "dossiergen")
WEASYPRINT = str(BIN / "weasyprint")


def load() -> str:
    """The load averages over 1, 5 and 15 minutes, as ``uptime`` prints them."""
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def run(command: Sequence[str], *, cwd: Path | None = None, env: Mapping[str, str] | None = None) -> float:
    """Seconds from starting ``command`` in a fresh process to its exit; a failure stops the benchmark."""
    started = time.perf_counter()
    result = subprocess.run(list(command), cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited {result.returncode}:\n{result.stderr[-2000:]}")
    return seconds


@dataclass
class Figure:
    """One measurement: its values (one per round), the unit, and the load averages it ran under."""

    name: str
    values: list[float] = field(default_factory=list)
    unit: str = "s"
    loads: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    def row(self) -> str:
        spread = (f"{fmt(min(self.values))} – {fmt(max(self.values))}" if len(self.values) > 1 else "(one run)")
        loads = f"{min(self.loads):.1f} – {max(self.loads):.1f}" if self.loads else "?"
        return f"| {self.name} | {fmt(self.median)} {self.unit} | {spread} | {len(self.values)} | {loads} |"


BARE_WEASYPRINT = """
import sys
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
base, fonts, *pages = sys.argv[1:]
font_config = FontConfiguration()
stylesheet = CSS(filename=fonts, font_config=font_config)
for page in pages:
    HTML(filename=page, base_url=base).write_pdf(page + ".pdf", stylesheets=[stylesheet], font_config=font_config,
                                                 pdf_variant="pdf/a-3b", pdf_tags=True)
"""
"""``python -c BARE_WEASYPRINT BASE_URL FONTS.css PAGE.html...``: bare WeasyPrint (none of dossiergen's patches
is imported) typesetting each HTML file once, with the options the ``weasyprint`` command is given
(``--pdf-variant pdf/a-3b --pdf-tags``), the fonts loaded once for them all (as a document's passes share them in
dossiergen: ``render/pdf/writer.py``'s ``sharing_fonts``)."""


FIRST_PAGE = """
import sys, time
from weasyprint import CSS, DEFAULT_OPTIONS, HTML
from weasyprint.css.counters import CounterStyle
from weasyprint.document import Document
from weasyprint.formatting_structure.build import build_formatting_structure
from weasyprint.layout import initialize_page_maker, layout_document
from weasyprint.layout.page import make_all_pages
from weasyprint.text.fonts import FontConfiguration
base, fonts_css = sys.argv[1:]
font_config = FontConfiguration()
options = {**DEFAULT_OPTIONS, "stylesheets": [CSS(filename=fonts_css, font_config=font_config)]}

def boxed(path):
    html = HTML(filename=path, base_url=base)
    context = Document._build_layout_context(html, font_config, CounterStyle(), {}, options)
    root = build_formatting_structure(html.etree_element, context.style_for, context.get_image_from_uri,
                                      html.base_url, context.target_collector, context.counter_style,
                                      context.footnotes)
    return html, context, root

for line in sys.stdin:
    started = time.perf_counter()
    html, context, root = boxed(line.strip())
    initialize_page_maker(context, root)
    next(make_all_pages(context, root, html, []))
    first = time.perf_counter() - started
    started = time.perf_counter()
    html, context, root = boxed(line.strip())
    pages = list(layout_document(html, root, context))  # a generator: nothing is laid out until it is consumed
    print(first, time.perf_counter() - started, len(pages), flush=True)
"""
"""``python -c FIRST_PAGE BASE_URL FONTS.css``, then one HTML file's path per line on its standard input: bare
WeasyPrint (none of dossiergen's patches) in one warm process, its fonts loaded once, as a long-running preview
would keep them, printing for each file two figures, in seconds, from its HTML: to its first page laid out
(parsed, styled, boxed, the first page broken), and, anew, to every page laid out (the page total known, the
pages that print it laid out again; measured second, the warmer of the two, so a floor all the same); then the
number of pages laid out, which the caller checks against the document's. Nothing drawn, no PDF written. The
first is what any preview built on WeasyPrint 70 waits before it can draw a first page, since WeasyPrint styles
and boxes the whole document before it lays out a page; the second is what it waits before it can draw a first
page that prints the page total (a dossier's pages say "Page 1 of 24")."""


FIGURES_HEADER = ["| measurement | median | min – max | runs | load (1 min) |", "|---|---|---|---|---|"]


def fmt(value: float) -> str:
    return f"{value:,.3f}" if abs(value) < 10 else f"{value:,.1f}"


def interleaved(rounds: int, contenders: Mapping[str, Callable[[], float]], *, say: Callable[[str], None] = print,
                before: Callable[[], object] | None = None) -> dict[str, Figure]:
    """Every contender once per round, the order reversed each round; ``before`` runs untimed ahead of each one.

    A contender returns its own seconds (``run`` of a command, or a timed call).
    """
    figures = {name: Figure(name) for name in contenders}
    names = list(contenders)
    for number in range(rounds):
        order = names if number % 2 == 0 else names[::-1]
        say(f"  round {number + 1}/{rounds}, load {load()}: {' / '.join(order)}")
        for name in order:
            if before is not None:
                before()
            figures[name].loads.append(os.getloadavg()[0])
            figures[name].values.append(contenders[name]())
    return figures


@dataclass(frozen=True)
class Target:
    """One target of issue 19 with what this run measured."""

    name: str
    measured: str
    goal: str
    met: bool | None
    """``None``: not measured by this benchmark (the row says where it is)."""

    def row(self) -> str:
        met = {True: "yes", False: "**no**", None: "—"}[self.met]
        return f"| {self.name} | {self.measured} | {self.goal} | {met} |"


TARGETS_HEADER = ["| target (issue 19) | measured | goal | met |", "|---|---|---|---|"]


def _pango_version() -> str:
    """Pango's version from the library itself, without importing WeasyPrint (and its patches) here."""
    import ctypes
    import ctypes.util

    try:
        library = ctypes.CDLL(ctypes.util.find_library("pango-1.0") or "libpango-1.0.so.0")
    except OSError:
        return "?"
    library.pango_version_string.restype = ctypes.c_char_p
    version: bytes = library.pango_version_string()
    return version.decode()


def python_speed() -> float:
    """Seconds for a fixed pure-Python loop (10 million additions), the best of 3: how fast this shared virtual
    machine runs at the moment. Its speed has been seen to halve for hours with no load of its own, so a run's
    absolute figures are read beside this one; ratios measured side by side do not depend on it."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        total = 0
        for number in range(10_000_000):
            total += number
        best = min(best, time.perf_counter() - started)
    return best


def versions() -> list[str]:
    """The machine and the versions measured, as Markdown list items (read from the installed packages)."""
    from importlib import metadata

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    pango = _pango_version()
    commit = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"], capture_output=True,
                            text=True).stdout.strip()
    return [f"- machine: {os.cpu_count()} CPUs ({cpu}), {memory:.0f} GiB, {platform.platform()}",
            f"- Python {platform.python_version()}, WeasyPrint {metadata.version('weasyprint')},"
            f" pikepdf {metadata.version('pikepdf')}, Pango {pango or '?'},"
            f" dossiergen {metadata.version('dossiergen')} at {commit or '?'}"]
