"""pyproject.toml installs only WeasyPrint versions that the adapters of render/pdf/ were tested with."""

from __future__ import annotations

import tomllib

from packaging.requirements import Requirement

from dossiergen.render.pdf.pinned import TESTED_WEASYPRINT_VERSIONS

from .conftest import ROOT

RELEASED_70 = ("70.0",)
"""Every WeasyPrint 70.x on PyPI, pre-releases included, as ``pip index versions weasyprint --pre``
listed them on 2026-12-01 (70.0 is the only one; ``pip download weasyprint==70.1`` finds none).
Add a new release here when it comes out, then test it or leave it out of pyproject.toml."""
UNTESTED = ("69.0", "70.0.1", "70.1", "70.2", "71.0", "71.0b1")
"""Versions nobody tested, released or not: the requirement admits none of them."""


def _weasyprint_requirement() -> Requirement:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = [Requirement(line) for line in project["dependencies"]]
    return next(requirement for requirement in requirements if requirement.name == "weasyprint")


def test_pyproject_admits_exactly_the_tested_weasyprint_versions() -> None:
    specifier = _weasyprint_requirement().specifier
    admitted = {version for version in RELEASED_70 if specifier.contains(version, prereleases=True)}
    assert admitted == set(TESTED_WEASYPRINT_VERSIONS)
    assert [version for version in UNTESTED if specifier.contains(version, prereleases=True)] == []
