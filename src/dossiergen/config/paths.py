"""Where the project's templates and catalogs live."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ProjectPaths:
    """The folders one dossiergen project is made of."""

    root: Path

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def locales(self) -> Path:
        return self.root / "locales"

    @property
    def khmer_compounds(self) -> Path:
        """Khmer names (ministries, provinces, companies) that line breaking keeps whole."""
        return self.root / "locales" / "km" / "compounds.txt"


def default_paths() -> ProjectPaths:
    """``$DOSSIERGEN_ROOT``, else the checkout this package was installed from."""
    env = os.environ.get("DOSSIERGEN_ROOT")
    root = Path(env) if env else Path(__file__).resolve().parents[3]
    return ProjectPaths(root.resolve())
