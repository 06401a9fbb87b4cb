"""dossiergen as a pip user gets it: an sdist, a wheel built from it, installed into a fresh venv,
used outside the checkout.

The wheel must carry the built-in templates, stylesheets, catalogs (with compiled .mo files)
and Khmer compound list; a project made by ``dossiergen init`` renders a dossier, a press
notice and minutes; the i18n commands write into the project and never into the installed package.
Needs PyPI (the build's and the wheel's dependencies); takes about a minute.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import ROOT, SAMPLES, copy_directory, pdf_text


@dataclass(frozen=True)
class Installed:
    wheel: Path
    venv: Path
    package: Path
    """The installed package folder (``site-packages/dossiergen``)."""
    work: Path
    """A working folder outside the checkout."""
    env: dict[str, str]

    def run(self, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(self.venv / "bin" / "dossiergen"), *args], cwd=cwd or self.work, env=self.env,
                              capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    base = tmp_path_factory.mktemp("installed")
    dist = base / "dist"
    # python -m build makes the sdist, then the wheel from the unpacked sdist
    subprocess.run([sys.executable, "-m", "build", "--outdir", str(dist), str(ROOT)], check=True,
                   capture_output=True, text=True, timeout=600)
    assert len(list(dist.glob("*.tar.gz"))) == 1
    wheel = next(dist.glob("*.whl"))
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)], check=True,
                   capture_output=True, text=True, timeout=900)
    probe = "import dossiergen, pathlib; print(pathlib.Path(dossiergen.__file__).parent)"
    package = Path(subprocess.run([str(venv / "bin" / "python"), "-c", probe], check=True, capture_output=True,
                                  text=True, cwd=base).stdout.strip())
    env = {key: value for key, value in os.environ.items()
           if key not in ("DOSSIERGEN_ROOT", "PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    work = base / "work"
    work.mkdir()
    yield Installed(wheel, venv, package, work, env)


def test_the_wheel_carries_templates_catalogs_with_mo_and_the_compound_list(installed: Installed) -> None:
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    for name in ("templates/base.html", "templates/css/print.css", "templates/dossier/document.html",
                 "templates/press/document.html", "templates/minutes/document.html", "locales/messages.pot",
                 "locales/km/compounds.txt", "example/project.yaml"):
        assert f"dossiergen/resources/{name}" in names, name
    for lang in ("ko", "km", "en"):
        assert f"dossiergen/resources/locales/{lang}/LC_MESSAGES/messages.po" in names
        assert f"dossiergen/resources/locales/{lang}/LC_MESSAGES/messages.mo" in names
    assert installed.package.is_relative_to(installed.venv) and not installed.package.is_relative_to(ROOT)


def _package_hashes(package: Path) -> dict[str, str]:
    return {str(path.relative_to(package)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(package.rglob("*")) if path.is_file() and "__pycache__" not in path.parts}


def test_a_project_outside_the_checkout_renders_every_kind_and_i18n_leaves_the_package_alone(
        installed: Installed) -> None:
    assert not installed.work.is_relative_to(ROOT)
    result = installed.run("init", "ministry")
    assert result.returncode == 0, result.stderr
    project = installed.work / "ministry"
    for record in SAMPLES["dossier"].parent.glob("*.yaml"):
        shutil.copy(record, project / "dossiers")
    copy_directory(project / "dossiers")
    expected = {"project.yaml": "Approval dossier", "press-2025-07-21.yaml": "Press release",
                "minutes-wg-01.yaml": "Minutes"}
    for name, heading in expected.items():
        out = project / "out" / f"{Path(name).stem}.pdf"
        result = installed.run("render", f"dossiers/{name}", "--lang", "ko+en", "-o", str(out), cwd=project)
        assert result.returncode == 0, result.stderr
        text = pdf_text(out)
        assert heading in text, name
        assert "Verywords" in text or "Cambodia" in text, name
    before = _package_hashes(installed.package)
    assert any(name.endswith("messages.mo") for name in before)
    for command in ("extract", "update", "compile", "check", "status"):
        result = installed.run("i18n", command, cwd=project / "dossiers")  # found from a subfolder
        assert result.returncode == 0, (command, result.stdout, result.stderr)
    assert _package_hashes(installed.package) == before
    for lang in ("ko", "km", "en"):
        assert (project / "locales" / lang / "LC_MESSAGES" / "messages.mo").is_file()
    assert (project / "locales" / "messages.pot").is_file()
    outside = installed.run("i18n", "extract")  # no project here: refused, nothing written anywhere
    assert outside.returncode == 2 and "no dossiergen.toml in" in outside.stderr
    assert _package_hashes(installed.package) == before


def test_the_installed_doctor_and_import_are_light(installed: Installed) -> None:
    result = installed.run("doctor")
    assert result.returncode == 0, result.stdout + result.stderr
    probe = "import sys, dossiergen; print(sorted(m for m in ('weasyprint', 'pyhanko', 'pikepdf') if m in sys.modules))"
    out = subprocess.run([str(installed.venv / "bin" / "python"), "-c", probe], capture_output=True, text=True,
                         check=True, env=installed.env, cwd=installed.work).stdout
    assert out.strip() == "[]"
