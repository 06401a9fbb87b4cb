"""The built-in templates, catalogs, Khmer compound list and example record, wherever dossiergen is installed.

A wheel carries them as package data in ``dossiergen/resources/`` (copied from the repository's
top-level ``templates/``, ``locales/`` and a sample record by ``setup.py`` at build time). An
editable install (``pip install -e .``, ``make setup``) has no such folder: its resources are the
checkout's own top-level folders, found through the install's PEP 610 record
(``direct_url.json``), so an edit there shows in the next render.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path
from urllib.parse import unquote, urlsplit

from dossiergen.errors import DossiergenError

PACKAGE_FOLDER = "resources"
"""The folder of the installed package that holds the built-in resources (a wheel's)."""
EXAMPLE_SAMPLE = Path("dossiers") / "bd-solar-irrigation" / "project.yaml"
"""The sample record (in the checkout) that ``dossiergen init`` turns into a commented example."""


@dataclass(frozen=True)
class Folders:
    """A folder with ``templates/`` and ``locales/``: a project, or dossiergen's own resources."""

    root: Path

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def locales(self) -> Path:
        return self.root / "locales"


@dataclass(frozen=True)
class BuiltinResources(Folders):
    """Where the resources that come with dossiergen are."""

    example_record: Path
    editable: bool
    """True for an editable install: ``root`` is the checkout, itself a project."""


def _editable_checkout() -> Path | None:
    """The source folder of an editable install of dossiergen, from its PEP 610 ``direct_url.json``."""
    # every distribution of the name: a build in the checkout leaves a src/dossiergen.egg-info without one
    for distribution in metadata.distributions(name="dossiergen"):
        info = json.loads(distribution.read_text("direct_url.json") or "{}")
        url = urlsplit(str(info.get("url", "")))
        if info.get("dir_info", {}).get("editable") and url.scheme == "file":
            return Path(unquote(url.path))
    return None


@lru_cache(maxsize=1)
def builtin() -> BuiltinResources:
    """The built-in resources of this installation of dossiergen."""
    packaged = Path(str(resources.files("dossiergen").joinpath(PACKAGE_FOLDER)))
    if (packaged / "templates").is_dir():
        return BuiltinResources(packaged.resolve(), packaged.resolve() / "example" / "project.yaml", editable=False)
    checkout = _editable_checkout()
    if checkout is not None and (checkout / "templates").is_dir():
        return BuiltinResources(checkout.resolve(), checkout.resolve() / EXAMPLE_SAMPLE, editable=True)
    raise DossiergenError(f"{packaged}: dossiergen's built-in templates and catalogs are missing;"
                          " reinstall dossiergen (pip install --force-reinstall dossiergen)")
