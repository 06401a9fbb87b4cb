"""``dossiergen doctor``: the system prerequisites pip cannot install, each ok, missing or at an untested version.

Pango (WeasyPrint's text layout) and the HarfBuzz subset library are loaded the way WeasyPrint
loads them, without importing WeasyPrint (which fails outright without Pango); ICU is asked
through PyICU; the font files are looked up as ``render/fonts.py`` looks them up; poppler is
needed only by ``preview`` and ``check``. The tested versions are those of Debian 12, where the
tests and the sample hashes run.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import re
import shutil
import subprocess
from dataclasses import dataclass
from importlib import metadata
from typing import Literal

from dossiergen.errors import DossiergenError

Status = Literal["ok", "missing", "untested"]
TESTED_PANGO = "1.50"
TESTED_ICU = "72"
DEBIAN = "on Debian or Ubuntu: apt-get install"


@dataclass(frozen=True)
class Check:
    """One prerequisite: what it is, how it stands, and what to install."""

    name: str
    status: Status
    detail: str
    fix: str = ""
    required: bool = True

    def line(self) -> str:
        text = f"{self.status:<9} {self.name}: {self.detail}"
        if self.fix and self.status != "ok":
            text += f"; {self.fix}"
        return text if self.required else text + " (only for preview and check)"


def _library(*names: str) -> ctypes.CDLL | None:
    for name in names:
        found = ctypes.util.find_library(name)
        for candidate in filter(None, (found, f"lib{name}.so.0")):
            try:
                return ctypes.CDLL(candidate)
            except OSError:
                continue
    return None


def check_pango() -> Check:
    library = _library("pango-1.0")
    fix = f"{DEBIAN} libpango-1.0-0 (Pango 1.44 or newer)"
    if library is None:
        return Check("Pango", "missing", "not found: WeasyPrint cannot lay out text", fix)
    number = int(library.pango_version())
    version = f"{number // 10000}.{number // 100 % 100}.{number % 100}"
    if not version.startswith(TESTED_PANGO + "."):
        return Check("Pango", "untested", f"{version}, tested with {TESTED_PANGO}", fix)
    return Check("Pango", "ok", version)


def check_harfbuzz_subset() -> Check:
    fix = f"{DEBIAN} libharfbuzz-subset0"
    if _library("harfbuzz-subset") is None:
        return Check("HarfBuzz subset library", "missing", "not found: WeasyPrint subsets the fonts with it", fix)
    return Check("HarfBuzz subset library", "ok", "found")


def check_icu() -> Check:
    fix = (f"{DEBIAN} libicu-dev pkg-config python3-dev, then pip install --force-reinstall --no-binary pyicu pyicu"
           " (PyICU is built against the system's ICU)")
    try:
        import icu
    except ImportError as error:
        return Check("ICU for PyICU", "missing", f"PyICU does not load ({error}): Khmer line breaking needs it", fix)
    version = str(icu.ICU_VERSION)
    if version.split(".")[0] != TESTED_ICU:
        return Check("ICU for PyICU", "untested", f"ICU {version} (PyICU {icu.VERSION}), tested with {TESTED_ICU}", fix)
    return Check("ICU for PyICU", "ok", f"ICU {version} (PyICU {icu.VERSION})")


def check_fonts() -> list[Check]:
    from dossiergen.render.fonts import FACES, font_dirs, locate

    checks = []
    for face in FACES:
        name = f"font {face.filename}"
        try:
            path = locate(face, font_dirs())
        except DossiergenError:
            checks.append(Check(name, "missing", f"{face.family} (weight {face.weight}) for {face.script}",
                                f"{DEBIAN} {face.package}, or put the file in a folder of $DOSSIERGEN_FONT_DIRS"))
            continue
        checks.append(Check(name, "ok", str(path)))
    return checks


def check_poppler() -> list[Check]:
    checks = []
    for tool in ("pdftoppm", "pdftotext"):
        path = shutil.which(tool)
        if path is None:
            checks.append(Check(f"poppler {tool}", "missing", "not on PATH", f"{DEBIAN} poppler-utils", False))
            continue
        out = subprocess.run([path, "-v"], capture_output=True, text=True, check=False)
        version = re.search(r"version ([0-9.]+)", out.stderr + out.stdout)
        checks.append(Check(f"poppler {tool}", "ok", f"{version[1] if version else '?'} at {path}", required=False))
    return checks


def check_weasyprint() -> Check:
    fix = "pip install 'weasyprint==70.0'"
    try:
        version = metadata.version("weasyprint")
    except metadata.PackageNotFoundError:
        return Check("WeasyPrint", "missing", "not installed", fix)
    try:
        from dossiergen.render.pdf.pinned import TESTED_WEASYPRINT_VERSIONS
    except OSError as error:  # WeasyPrint loads Pango and its companions when it is imported
        return Check("WeasyPrint", "missing", f"{version} does not load: {error}", "install the libraries above")
    if version not in TESTED_WEASYPRINT_VERSIONS:
        tested = ", ".join(sorted(TESTED_WEASYPRINT_VERSIONS))
        return Check("WeasyPrint", "untested", f"{version}; dossiergen's PDF adapters are tested with {tested}"
                                               " (src/dossiergen/render/pdf/pinned.py) and refuse others", fix)
    return Check("WeasyPrint", "ok", version)


def run_checks() -> list[Check]:
    """Every prerequisite, in the order a reader fixes them."""
    return [check_pango(), check_harfbuzz_subset(), check_icu(), *check_fonts(), *check_poppler(), check_weasyprint()]
