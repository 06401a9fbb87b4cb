"""What /ActualText and the embedded records cost in bytes: the Khmer dossier and a one-page press notice.

    .venv/bin/python benchmarks/pdf_bytes.py            # about 3 minutes on 2 cores

Each document is rendered (``dossiergen.api.render``, tagged as by default) three ways in this process:

- ``selective``: as dossiergen renders now, /ActualText only on the lines whose glyphs do not read as their
  text through /ToUnicode (``render/pdf/actual_text.py``, ``SELECTIVE``);
- ``every Khmer line``: a span on every Khmer line, as before the selection (``SELECTIVE = False``);
- ``none``: no span at all (the adapter's Khmer test made to match nothing): what the spans cost in all.
  Not a PDF to publish: its Khmer does not extract.

Bytes do not depend on the machine's load or on the process, so one render of each is enough (a render is
reproducible: the same inputs give the same bytes). For each it counts the file's bytes, the bytes of the
pages' content streams as stored (Flate-compressed), the /ActualText spans, and the embedded records' bytes
as stored. Writes ``benchmarks/results/pdf_bytes.md`` and prints it.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from dossiergen import api
from dossiergen.render.pdf import actual_text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from harness import versions  # noqa: E402 - the machine and versions, as every benchmark writes them

RESULTS = ROOT / "benchmarks" / "results" / "pdf_bytes.md"
DOCUMENTS = [("Khmer dossier", ROOT / "dossiers" / "kh-emoto" / "project.yaml", "km+en"),
             ("Khmer dossier", ROOT / "dossiers" / "kh-emoto" / "project.yaml", "ko+km+en"),
             ("press notice", ROOT / "dossiers" / "gnzc-2024" / "press.yaml", "ko"),
             ("press notice", ROOT / "dossiers" / "kh-emoto" / "press-2025-07-21.yaml", "km+en")]
NOTHING = re.compile("(?!)")
"""A pattern no text matches."""


@contextmanager
def way(name: str) -> Iterator[None]:
    """Render with the /ActualText adapter set as ``name`` says, restored afterwards."""
    selective, khmer = actual_text.SELECTIVE, actual_text.KHMER
    actual_text.SELECTIVE = name == "selective"
    if name == "none":
        actual_text.KHMER = NOTHING
    try:
        yield
    finally:
        actual_text.SELECTIVE, actual_text.KHMER = selective, khmer


WAYS = ("selective", "every Khmer line", "none")


@dataclass(frozen=True)
class Measure:
    pages: int
    total: int
    content: int
    spans: int
    records: int


def measure(pdf_bytes: bytes) -> Measure:
    content = spans = 0
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        for page in pdf.pages:
            streams = page.obj.Contents
            for stream in [streams] if isinstance(streams, pikepdf.Stream) else streams:
                content += len(stream.read_raw_bytes())
            for operands, _ in pikepdf.parse_content_stream(page, "BDC"):
                if isinstance(operands[1], pikepdf.Dictionary) and "/ActualText" in operands[1]:
                    spans += 1
        records = sum(len(spec.get_file().obj.read_raw_bytes()) for spec in pdf.attachments.values())
        return Measure(len(pdf.pages), len(pdf_bytes), content, spans, records)


def share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %"


def main() -> None:
    rows = []
    for label, record, langs in DOCUMENTS:
        found = {}
        for name in WAYS:
            with way(name):
                found[name] = measure(api.render(record, langs))
        rows.append((label, record, langs, found))
    lines = ["# PDF bytes: /ActualText and the embedded records", "", *versions(), "",
             "One render of each (bytes are reproducible). Content: the pages' content streams as stored"
             " (Flate). Records: the embedded records as stored (Flate).", "",
             "| document | langs | pages | way | bytes | content bytes | /ActualText spans | records bytes |",
             "|---|---|---:|---|---:|---:|---:|---:|"]
    for label, record, langs, found in rows:
        for name in WAYS:
            m = found[name]
            lines.append(f"| {label} ({record.parent.name}/{record.name}) | {langs} | {m.pages} | {name} | {m.total:,}"
                         f" | {m.content:,} | {m.spans} | {m.records:,} |")
    lines += ["", "## Shares", ""]
    for label, record, langs, found in rows:
        sel, every, none = found["selective"], found["every Khmer line"], found["none"]
        lines.append(f"- {label} {record.parent.name}/{record.name} {langs}:"
                     f" spans on every Khmer line cost {share(every.total - none.total, none.total)} of the file"
                     f" ({share(every.content - none.content, none.content)} of the content streams);"
                     f" selective ones {share(sel.total - none.total, none.total)}"
                     f" ({share(sel.content - none.content, none.content)}); the file is"
                     f" {share(every.total - sel.total, every.total)} smaller than with a span on every Khmer line"
                     f" ({every.spans} spans -> {sel.spans}); the embedded records are"
                     f" {share(sel.records, sel.total)} of it.")
    text = "\n".join(lines) + "\n"
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
