"""How long a save takes to show in an open preview page: from the save to the new first page.

Two previews of each record run in this process, each on its own copy of the record: the
preview as it is, and as it was before issue 19 ("before": every save typesets every pass and
draws and reads every page, one ``pdftoppm`` and one ``pdftotext`` over the whole PDF). Each
listens to its server-sent events as a page does; a save is timed until its event arrives
("told") and until the page has what it then asks for, the state and the first page's image
("page 1"). Three kinds of save, each a new one (never a text already typeset):

- a YAML comment added (nothing printed changes);
- a text that prints on the first page changed;
- a text that prints on the last page changed.

Rounds are interleaved: in each, every record's cases and the two contenders alternate their
order. The 1-minute load average is taken at every save and printed beside each figure.

Beside them, in each round, the floor: bare WeasyPrint (``harness.FIRST_PAGE``, a warm process of its own,
none of dossiergen's patches) taking the HTML the preview last typeset for the record to its first page laid
out, and to all its pages laid out, nothing drawn. No preview that typesets with WeasyPrint can show a new
first page sooner than the first; none can show one that prints the page total ("Page 1 of 24", as the
dossier's does) sooner than the second.

    .venv/bin/python benchmarks/preview_refresh.py [--rounds 5] [--records press,dossier] [--out FILE]

Writes ``benchmarks/results/preview.md`` (or ``--out``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from dossiergen.archive.extract import document_titles
from dossiergen.config.paths import default_paths
from dossiergen.preview import PreviewServer, Renderings
from dossiergen.preview.pages import PAGE_DPI, page_digests
from dossiergen.preview.renderings import LangSetState, Rendering

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from harness import FIRST_PAGE, python_speed  # noqa: E402 - the bare WeasyPrint script, the machine's speed

RECORDS = {"press": ("one-language press notice (gnzc-2024 press, ko)", "gnzc-2024", "press.yaml", "ko"),
           "dossier": ("sample dossier (kh-emoto project, ko+en)", "kh-emoto", "project.yaml", "ko+en")}
CASES = ("comment", "text on page 1", "text on the last page")
TARGETS = {"press": 1.0, "dossier": 1.5}
"""Issue 19, point 5: seconds from a save to the new first page."""
RESULTS = ROOT / "benchmarks" / "results" / "preview.md"


class Before(Renderings):
    """The preview before issue 19: every save typesets anew, then draws and reads every page."""

    def _rendering(self, pdf: bytes) -> Rendering:
        digests = page_digests(pdf)  # no page drawn ahead: _render draws them all
        return Rendering(pdf=pdf, digests=digests, texts=self._texts(pdf, digests), titles=document_titles(pdf))

    def _render(self, lang_set: str) -> None:
        self.states.pop(lang_set, None)  # rendered anew, even where nothing it is made from changed
        self.images.clear()
        self.texts.clear()  # read anew for every page, in one pdftotext over the whole PDF (renderings.py)
        super()._render(lang_set)
        good = self.states[lang_set].good
        if good is not None:  # every page drawn, in one pdftoppm over the whole PDF
            with tempfile.TemporaryDirectory(prefix="dossiergen-preview-") as folder:
                source = Path(folder) / "document.pdf"
                source.write_bytes(good.pdf)
                subprocess.run(["pdftoppm", "-r", str(PAGE_DPI), "-png", str(source), str(Path(folder) / "page")],
                               check=True, capture_output=True)
                drawn = sorted(Path(folder).glob("page-*.png"), key=lambda path: int(path.stem.rsplit("-", 1)[1]))
                self.images.update(zip(good.digests, (path.read_bytes() for path in drawn), strict=True))


@dataclass
class Preview:
    """One running preview of one copy of a record, and its event stream."""

    server: PreviewServer
    record: Path
    original: str
    events: Any
    saved: str = ""
    """The text of the last save (a comment is added to it: added to the original after a text change, it would
    undo that change, a change of what prints)."""

    def save_and_time(self, text: str) -> tuple[float, float]:
        """Save ``text`` as the record; seconds until the page is told, and until it has the new first page."""
        started = time.perf_counter()
        self.record.write_text(text, encoding="utf-8")
        self.saved = text
        while True:
            line = self.events.readline()
            if line.startswith(b"data: ") and line.strip() != b"data:":
                break
        told = time.perf_counter() - started
        self.open_first_page()
        return told, time.perf_counter() - started

    def open_first_page(self) -> None:
        """What the page asks for once told: the state, then the first page's image by its digest."""
        base = self.server.url.split("/?")[0]
        lang = self.server.url.split("lang=")[1]
        with urllib.request.urlopen(f"{base}/state?lang={lang}", timeout=600) as response:  # noqa: S310 - localhost
            state = json.load(response)
        if not state["pages"]:
            raise SystemExit(f"{self.record}: no pages: " + "; ".join(state["errors"]))
        first = state["pages"][0]
        with urllib.request.urlopen(f"{base}/page/1.png?lang={lang}&key={first['key']}",  # noqa: S310 - localhost
                                    timeout=600) as response:
            response.read()


def start(folder: str, name: str, lang_set: str, tmp: Path, label: str, before: bool) -> Preview:
    shutil.copytree(ROOT / "dossiers" / folder, tmp / label / folder)
    shutil.copy(ROOT / "dossiers" / "directory.yaml", tmp / label)  # the organisations the records name by id
    record = tmp / label / folder / name
    server = PreviewServer(record, lang_set, default_paths(), port=0)
    if before:
        server.renderings = Before(server.record, server.paths)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    events = urllib.request.urlopen(server.url.replace("/?", "/events?"), timeout=600)  # noqa: S310 - localhost
    text = record.read_text(encoding="utf-8")
    preview = Preview(server, record, text, events, text)
    preview.open_first_page()  # the page is open before the first save, its first page shown
    return preview


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def printed_leaf(record: Path, state: LangSetState, page: int) -> str:
    """A text of the record, written once in its file, that prints on ``page`` (0: first, -1: last) and on as few
    other pages as any."""
    good = state.good
    assert isinstance(good, Rendering)
    texts = [_squeezed(text) for text in good.texts]
    target = range(len(texts))[page]
    raw = record.read_text(encoding="utf-8")

    def leaves(value: object) -> list[str]:
        if isinstance(value, dict):
            return [leaf for item in value.values() for leaf in leaves(item)]
        if isinstance(value, list):
            return [leaf for item in value for leaf in leaves(item)]
        return [value] if isinstance(value, str) and len(value) >= 12 and "\n" not in value else []

    found = [(len(on), leaf) for leaf in leaves(yaml.safe_load(raw)) if raw.count(leaf) == 1
             for on in [[index for index, text in enumerate(texts) if _squeezed(leaf)[:16] in text]] if target in on]
    if not found:
        raise SystemExit(f"{record}: no text of the record prints on page {target + 1}")
    return min(found)[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--records", default=",".join(RECORDS))
    parser.add_argument("--out", type=Path, default=RESULTS)
    arguments = parser.parse_args()
    chosen = arguments.records.split(",")
    speeds = [python_speed()]
    times: dict[tuple[str, str, str], list[tuple[float, float, float]]] = defaultdict(list)
    floors: dict[str, list[tuple[float, float]]] = defaultdict(list)
    pages: dict[str, int] = {}
    typeset: dict[Path, str] = {}
    """The HTML of each record copy's last typesetting pass of its own document (not of an annex)."""
    from dossiergen.formats import pdf as pdf_format
    from dossiergen.render.fonts import font_face_css

    typeset_pdf = pdf_format.typeset_pdf

    def catch(page: str, **options: Any) -> Any:
        if options["source"].name in page_kinds and f'<body class="{page_kinds[options["source"].name]} ' in page:
            typeset[options["source"]] = page
        return typeset_pdf(page, **options)

    page_kinds = {"press.yaml": "press", "project.yaml": "dossier"}
    pdf_format.typeset_pdf = catch  # type: ignore[assignment] # this process's previews only
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        (tmp / "fonts.css").write_text(font_face_css(), encoding="utf-8")
        floor = subprocess.Popen([sys.executable, "-c", FIRST_PAGE, str(default_paths().templates) + "/",
                                  str(tmp / "fonts.css")], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert floor.stdin is not None and floor.stdout is not None
        previews: dict[tuple[str, str], Preview] = {}
        leaves: dict[tuple[str, str], str] = {}
        for key in chosen:
            _, record_folder, name, lang_set = RECORDS[key]
            for contender in ("now", "before"):
                previews[key, contender] = start(record_folder, name, lang_set, tmp, f"{key}-{contender}",
                                                 contender == "before")
            preview = previews[key, "now"]
            state = preview.server.renderings.get(lang_set)
            assert state.good is not None, state.errors
            pages[key] = len(state.good.digests)
            leaves[key, CASES[1]] = printed_leaf(preview.record, state, 0)
            leaves[key, CASES[2]] = printed_leaf(preview.record, state, -1)
        for key in chosen:  # the floor's process warmed on each document once, untimed, as the previews were
            (tmp / f"{key}.html").write_text(typeset[previews[key, "now"].record], encoding="utf-8")
            floor.stdin.write(f"{tmp / f'{key}.html'}\n")
            floor.stdin.flush()
            floor.stdout.readline()
        for number in range(arguments.rounds):
            order = CASES if number % 2 == 0 else tuple(reversed(CASES))
            for key in chosen:
                for case in order:
                    contenders = ("now", "before") if (number + CASES.index(case)) % 2 == 0 else ("before", "now")
                    for contender in contenders:
                        preview = previews[key, contender]
                        if case == CASES[0]:
                            text = preview.saved + f"\n# save {number}\n"
                        else:  # a text never typeset before: no PDF kept from an earlier save can serve
                            leaf = leaves[key, case]
                            text = preview.original.replace(leaf, f"{leaf} ({number + 1})")
                        time.sleep(0.3)
                        load = os.getloadavg()[0]
                        told, shown = preview.save_and_time(text)
                        times[key, case, contender].append((told, shown, load))
                        print(f"round {number + 1} {key:8} {case:22} {contender:6} told {told:6.2f}"
                              f"  page 1 {shown:6.2f}  load {load:5.2f}", flush=True)
                html = tmp / f"{key}.html"
                html.write_text(typeset[previews[key, "now"].record], encoding="utf-8")
                time.sleep(0.3)
                floor.stdin.write(f"{html}\n")
                floor.stdin.flush()
                first_figure, every_figure, laid_out = floor.stdout.readline().split()
                first, every = float(first_figure), float(every_figure)
                # a floor that laid out fewer pages than the preview shows measured less than the work (as one
                # did: WeasyPrint's layout_document is a generator, and unconsumed it lays out nothing)
                assert int(laid_out) == pages[key], f"the floor laid out {laid_out} pages of {pages[key]}"
                floors[key].append((first, every))
                print(f"round {number + 1} {key:8} floor: bare WeasyPrint to page 1 laid out {first:6.2f},"
                      f" to every page {every:6.2f}", flush=True)
        floor.stdin.close()
        floor.wait()
        for preview in previews.values():
            preview.server.shutdown()
    speeds.append(python_speed())
    write_results(chosen, times, floors, pages, arguments.rounds, arguments.out, speeds)


def _figure(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def write_results(chosen: list[str], times: dict[tuple[str, str, str], list[tuple[float, float, float]]],
                  floors: dict[str, list[tuple[float, float]]], pages: dict[str, int], rounds: int, out: Path,
                  speeds: list[float]) -> None:
    lines = ["# Preview: from a save to the new first page", "",
             f"`benchmarks/preview_refresh.py --rounds {rounds} --records {','.join(chosen)}` on {platform.node()}",
             f"({os.cpu_count()} cores, Python {platform.python_version()}), {time.strftime('%Y-%m-%d %H:%M %Z')}.",
             "Seconds, median (min–max) of the rounds; \"now\" and \"before\" (the preview before issue 19) were",
             "interleaved in alternating order. Load: the 1-minute load average at each save, min–max.",
             f"The machine's speed (`harness.python_speed`, 10 million Python additions): {speeds[0]:.2f} s before"
             f" the rounds, {speeds[1]:.2f} s after.", "",
             "| document | save | preview | told | page 1 | load | page 1 ratio to before |",
             "|---|---|---|---|---|---|---|"]
    for key in chosen:
        label = f"{RECORDS[key][0]}, {pages[key]} pages"
        for case in CASES:
            before = statistics.median(shown for _, shown, _ in times[key, case, "before"])
            for contender in ("now", "before"):
                rows = times[key, case, contender]
                told, shown, load = (list(column) for column in zip(*rows, strict=True))
                ratio = f"{statistics.median(shown) / before:.2f}x" if contender == "now" else ""
                lines.append(f"| {label} | {case} | {contender} | {_figure(told)} | {_figure(shown)} |"
                             f" {min(load):.1f}–{max(load):.1f} | {ratio} |")
    lines += ["", "The floor: bare WeasyPrint in a warm process of its own, its fonts loaded once, from the HTML the",
              "preview last typeset for the record to its first page laid out (styled, boxed, broken; not drawn),",
              "and to every page laid out (the page total known, the pages that print it laid out again).", "",
              "| document | floor: to page 1 laid out | floor: to every page laid out |"
              " page 1 after a save to it (now) / first floor |", "|---|---|---|---|"]
    for key in chosen:
        shown = statistics.median(shown for _, shown, _ in times[key, CASES[1], "now"])
        first, every = ([pair[index] for pair in floors[key]] for index in (0, 1))
        lines.append(f"| {RECORDS[key][0]}, {pages[key]} pages | {_figure(first)} | {_figure(every)} |"
                     f" {shown / statistics.median(first):.2f}x |")
    lines += ["", "Targets (issue 19, point 5), a text on page 1 changed, against the floor:", "",
              "| document | target | page 1 after a save (now) | floor: to every page laid out | verdict |",
              "|---|---|---|---|---|"]
    for key in chosen:
        shown = statistics.median(shown for _, shown, _ in times[key, CASES[1], "now"])
        every = statistics.median(pair[1] for pair in floors[key])
        if shown <= TARGETS[key]:
            verdict = "met"
        elif every > TARGETS[key]:
            verdict = "**blocked**: the target is under the floor, out of reach of any preview on WeasyPrint 70 here"
        else:
            verdict = "**not met**; the floor is under the target"
        lines.append(f"| {RECORDS[key][0]} | {TARGETS[key]:.1f} s | {shown:.2f} s | {every:.2f} s | {verdict} |")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"\nwritten: {out}")


if __name__ == "__main__":
    main()
