"""One layout finding: where it is (page), what kind, the text or object it is about, and a figure."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dossiergen.errors import Problem


@dataclass(frozen=True)
class Finding:
    page: int
    kind: str
    """``overflow``, ``crosses-rule``, ``overlap``, ``missing-glyph``, ``fallback-font`` (text.py);
    ``nearly-empty`` (fill.py), ``stranded-heading`` (headings.py), ``running-head-lines``
    (running_heads.py), ``outside-content-box`` (drawn.py)."""
    text: str
    detail: str

    def problem(self, path: Path) -> Problem:
        return Problem(path, None, None, f"page {self.page}: {self.kind}: {self.text!r} {self.detail}")
