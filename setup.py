"""The build step that puts dossiergen's built-in resources into the package.

The repository keeps ``templates/``, ``locales/`` and the sample records at its top level (where
the project itself uses them); a wheel carries copies in ``dossiergen/resources/``: the templates
and stylesheets, the catalogs (``.po``, ``.pot``, ``.mo`` compiled here with Babel, since ``.mo``
files are not committed), the Khmer compound list, and the sample record ``dossiergen init``
turns into its example. An editable install copies nothing: dossiergen reads the checkout's own
folders (``src/dossiergen/config/resources.py``), so an edit there shows at once.

Babel is imported here, not dossiergen: the build runs where only ``build-system.requires`` is installed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
RESOURCES = Path("dossiergen") / "resources"
EXAMPLE = Path("dossiers") / "bd-solar-irrigation" / "project.yaml"
"""Keep in step with ``EXAMPLE_SAMPLE`` in ``src/dossiergen/config/resources.py``."""


class BuildWithResources(build_py):
    """``build_py``, then the built-in resources copied into the package and the catalogs compiled."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / RESOURCES
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(HERE / "templates", target / "templates")
        shutil.copytree(HERE / "locales", target / "locales", ignore=shutil.ignore_patterns("*.mo"))
        for po in sorted((target / "locales").glob("*/LC_MESSAGES/*.po")):
            with po.open("rb") as handle:
                catalog = read_po(handle, locale=po.parts[-3], abort_invalid=True)
            with po.with_suffix(".mo").open("wb") as handle:
                write_mo(handle, catalog, use_fuzzy=False)
        (target / "example").mkdir()
        shutil.copyfile(HERE / EXAMPLE, target / "example" / "project.yaml")
        # the people and organisations the example names by id (records/directory.py)
        shutil.copyfile(HERE / "dossiers" / "directory.yaml", target / "example" / "directory.yaml")


setup(cmdclass={"build_py": BuildWithResources})
