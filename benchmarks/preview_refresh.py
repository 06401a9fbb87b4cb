"""How long a save takes to reach an open preview page: the issue's "within a second".

Starts the preview server on a copy of a record, listens to its server-sent events as a page
does, saves the record with a changed headline, and times each save until its event arrives
(the re-render included). Prints the median, minimum and maximum of --saves saves, per record.

    .venv/bin/python benchmarks/preview_refresh.py [--saves 9]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from dossiergen.config.paths import default_paths
from dossiergen.preview import PreviewServer

ROOT = Path(__file__).resolve().parents[1]
RECORDS = {"press notice (ko)": ("gnzc-2024", "press.yaml", "ko"),
           "press notice (ko+en)": ("kh-emoto", "press-2025-07-21.yaml", "ko+en"),
           "minutes (ko+en)": ("kh-emoto", "minutes-wg-01.yaml", "ko+en"),
           "approval dossier (ko+en)": ("kh-emoto", "project.yaml", "ko+en")}


def measure(folder: str, name: str, lang_set: str, saves: int) -> list[tuple[float, float]]:
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(ROOT / "dossiers" / folder, Path(tmp) / folder)
        record = Path(tmp) / folder / name
        server = PreviewServer(record, lang_set, default_paths(), port=0)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        events = urllib.request.urlopen(server.url.replace("/?", "/events?"), timeout=120)  # noqa: S310 - localhost
        text = record.read_text(encoding="utf-8")
        times = []
        for number in range(saves):
            time.sleep(0.5)
            started = time.perf_counter()
            record.write_text(text + f"\n# save {number}\n", encoding="utf-8")
            seen = None
            while True:
                line = events.readline()
                if line.startswith(b"event: rendering") and seen is None:
                    seen = time.perf_counter() - started
                if line.startswith(b"data: ") and line.strip() != b"data:":
                    break
            times.append((seen if seen is not None else float("nan"), time.perf_counter() - started))
        server.shutdown()
        return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=9)
    saves = parser.parse_args().saves
    print(f"{saves} saves each, seconds from the save to the page told it is rendering | to the new pages")
    for label, (folder, name, lang_set) in RECORDS.items():
        seen, shown = zip(*measure(folder, name, lang_set, saves), strict=True)
        print(f"{label:28} seen: median {statistics.median(seen):.2f} max {max(seen):.2f}"
              f" | shown: median {statistics.median(shown):.2f}  min {min(shown):.2f}  max {max(shown):.2f}")


if __name__ == "__main__":
    main()
