"""The preview's WeasyPrint runs, remembered: a save that changes no typeset HTML typesets nothing.

Each pass of a render (the rebalancing steps, the dossier's two passes around its annexes, each
annex document) hands its HTML to the writer. The key of a run is everything that run reads:
the HTML, how it is written (tagged or not, the folders it may read), the records the PDF
carries, and the stylesheets, templates, catalogs, fonts and logo (``batch/cache.py``'s shared
key, by their sizes and times, so a saved stylesheet or a changed font counts). A YAML comment
changes none of these: the records the PDF carries are their canonical JSON.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from dossiergen.batch.cache import shared_key
from dossiergen.config.paths import ProjectPaths
from dossiergen.render.pdf import write_pdf
from dossiergen.render.pdf.archival import EmbeddedRecord


@dataclass
class RememberingWriter:
    """``write_pdf`` for the preview's renders, keeping the last PDFs by the key of what they were made from."""

    paths: ProjectPaths
    runs: int = 0
    """WeasyPrint runs so far (the tests count them: a save that changes nothing printed adds none)."""
    kept: dict[str, tuple[bytes, int]] = field(default_factory=dict)
    """Each PDF kept, and the last generation (``forget``) that used it."""
    generation: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, html: str, *, base_url: Path, allowed_roots: Iterable[Path], source: Path | None,
                 tagged: bool, records: tuple[EmbeddedRecord, ...]) -> bytes:
        roots = tuple(allowed_roots)
        key = _key(html, shared_key(self.paths), base_url, roots, tagged, records)
        with self.lock:
            kept = self.kept.get(key)
            if kept is not None:
                self.kept[key] = (kept[0], self.generation)
                return kept[0]
        pdf = write_pdf(html, base_url=base_url, allowed_roots=roots, source=source, tagged=tagged, records=records)
        with self.lock:
            self.runs += 1
            self.kept[key] = (pdf, self.generation)
        return pdf

    def forget(self) -> None:
        """Start a new generation (a save), keeping the PDFs that this one or the one before used: a save undone
        (a typo made and mended) typesets nothing, and a long session does not pile up PDFs."""
        with self.lock:
            self.kept = {key: kept for key, kept in self.kept.items() if kept[1] >= self.generation - 1}
            self.generation += 1


def _key(html: str, shared: str, base_url: Path, roots: tuple[Path, ...], tagged: bool,
         records: tuple[EmbeddedRecord, ...]) -> str:
    digest = hashlib.sha256(f"{shared}\0{base_url}\0{roots}\0{tagged}\0".encode())
    for record in records:  # the records travel as attachments: not in the HTML, but in the PDF
        digest.update(f"{record.name}\0{record.description}\0{record.created.isoformat()}\0".encode())
        digest.update(hashlib.sha256(record.content).digest())
    digest.update(html.encode("utf-8"))
    return digest.hexdigest()
