"""Which project a command works in, and where its templates and catalogs are.

A project is a folder with a ``dossiergen.toml``, found from the working folder upwards (as
git finds ``.git``); ``$DOSSIERGEN_ROOT`` names one explicitly. Its ``templates/`` and
``locales/`` come before the built-in ones (``config/resources.py``): a template of the
project replaces the built-in one of the same name, an entry of its catalogs the built-in
entry. Outside any project, the built-in resources alone are used.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from dossiergen.config.branding import Branding, load_branding
from dossiergen.config.resources import BuiltinResources, Folders, builtin

PROJECT_FILE = "dossiergen.toml"
ROOT_VARIABLE = "DOSSIERGEN_ROOT"


def _distinct(*folders: Path) -> tuple[Path, ...]:
    """``folders`` without a second mention of the same folder (the checkout is project and built-in)."""
    seen: dict[Path, Path] = {}
    for folder in folders:
        seen.setdefault(folder.resolve(), folder)
    return tuple(seen.values())


@dataclass(frozen=True)
class ProjectPaths(Folders):
    """The folders one dossiergen project is made of, and the built-in resources behind them.

    ``templates`` and ``locales`` are the project's own (``templates`` is WeasyPrint's base URL);
    ``template_dirs`` and ``locale_dirs`` add the built-in ones behind them.
    """

    found: bool = True
    """False where no project was found and the built-in resources stand in for one (nothing to write to)."""

    @classmethod
    def of_templates(cls, templates: Path) -> ProjectPaths:
        """The project whose templates folder is ``templates`` (``root/templates``)."""
        return cls(templates.parent)

    @property
    def config_file(self) -> Path:
        return self.root / PROJECT_FILE

    @property
    def builtin(self) -> BuiltinResources:
        return builtin()

    @property
    def template_dirs(self) -> tuple[Path, ...]:
        """Where a template is looked for, first match wins."""
        return _distinct(self.templates, self.builtin.templates)

    @property
    def locale_dirs(self) -> tuple[Path, ...]:
        """Whose catalog entries count, first match wins."""
        return _distinct(self.locales, self.builtin.locales)

    @property
    def khmer_compounds(self) -> Path:
        """Khmer names (ministries, provinces, companies) that line breaking keeps whole.

        The project's ``locales/km/compounds.txt`` where it has one (it replaces the list), else the built-in one.
        """
        own = self.locales / "km" / "compounds.txt"
        return own if own.is_file() else self.builtin.locales / "km" / "compounds.txt"

    @property
    def branding(self) -> Branding:
        """``[branding]`` of the project's ``dossiergen.toml`` (checked; a bad one is a located ``UsageError``)."""
        return load_branding(self.config_file)

    @property
    def is_builtin(self) -> bool:
        """True where this project's folders are the built-in resources (the checkout, or none found)."""
        return self.root.resolve() == self.builtin.root

    @property
    def is_installed_package(self) -> bool:
        """True where writing into this project would write into the installed package."""
        return self.is_builtin and not self.builtin.editable

    def folder(self, name: str) -> Path:
        """A folder ``dossiergen.toml`` names, relative to the project (to the working folder outside any project),
        shown relative to the working folder where it lies below it."""
        target = (self.root if self.found else Path.cwd()) / name
        try:
            return target.resolve().relative_to(Path.cwd().resolve())
        except ValueError:
            return target

    def resource_files(self) -> list[Path]:
        """Every template, stylesheet, catalog and compound list a document of this project may use, and its logo."""
        files = [p for folder in self.template_dirs if folder.is_dir() for p in folder.rglob("*") if p.is_file()]
        files += [p for folder in self.locale_dirs if folder.is_dir() for p in folder.rglob("*")
                  if p.is_file() and p.suffix in (".po", ".pot", ".txt")]
        return files + sorted(self.branding.files())


def find_project(start: Path) -> ProjectPaths | None:
    """The project ``start`` lies in: the nearest folder from ``start`` upwards with a ``dossiergen.toml``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / PROJECT_FILE).is_file():
            return ProjectPaths(folder)
    return None


def default_paths() -> ProjectPaths:
    """``$DOSSIERGEN_ROOT``, else the project of the working folder, else the built-in resources alone."""
    env = os.environ.get(ROOT_VARIABLE)
    if env:
        return ProjectPaths(Path(env).resolve())
    return find_project(Path.cwd()) or ProjectPaths(builtin().root, found=False)
