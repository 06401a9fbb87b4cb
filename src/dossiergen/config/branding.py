"""``[branding]`` of ``dossiergen.toml``: the organisation's name per language, its logo and colours.

Branding is configuration, not a template edit: ``templates/base.html`` shows the logo and name
in its ``letterhead`` block and sets the colours as CSS custom properties, only where they are
configured, so a project without ``[branding]`` prints exactly what dossiergen prints by default.
The logo is a PNG or SVG file of the project's own folder, sandboxed like a record's illustrations.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from pydantic import Field, StringConstraints, ValidationError

from dossiergen.config.toml_file import located_problems, read_toml, toml_line
from dossiergen.errors import Problem, UsageError
from dossiergen.i18n.languages import LANG_NAMES
from dossiergen.models.common import Strict
from dossiergen.render.fonts import uncovered
from dossiergen.render.localize import describe

HexColour = Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
LOGO_SUFFIXES = (".png", ".svg")


class OrganisationNames(Strict):
    """The organisation's name in each language it is printed in."""

    ko: Name | None = None
    km: Name | None = None
    en: Name | None = None


class Colours(Strict):
    """``#RRGGBB`` colours; each replaces one of print.css's (``--dg-primary``: #1f3b63, ``--dg-accent``: #9b1c1c)."""

    primary: HexColour | None = None
    accent: HexColour | None = None


class BrandingSection(Strict):
    """``[branding]`` as written in ``dossiergen.toml``."""

    organisation: OrganisationNames = OrganisationNames()
    logo: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    """A PNG or SVG file, relative to the project folder, inside it."""
    colours: Colours = Colours()


@dataclass(frozen=True)
class Branding:
    """What the templates get as ``branding``: names by language, the logo's URL, colours by CSS name."""

    organisation: Mapping[str, str] = field(default_factory=dict)
    logo: Path | None = None
    logo_url: str | None = None
    """The logo relative to the project's templates folder (WeasyPrint's base URL), so a PDF does not
    depend on where the project lies."""
    colours: Mapping[str, str] = field(default_factory=dict)
    """``{"primary": "#0b5394"}`` -> ``--dg-primary: #0b5394``."""

    @property
    def shown(self) -> bool:
        """Whether the letterhead has anything to show."""
        return bool(self.organisation or self.logo)

    def files(self) -> frozenset[Path]:
        """The files a document with this branding may read (the logo)."""
        return frozenset({self.logo}) if self.logo is not None else frozenset()


NO_BRANDING = Branding()


def _logo_problem(root: Path, name: str) -> str | None:
    """Why ``name`` is not a logo of the project at ``root``, or None."""
    if "://" in name or name.startswith(("/", "~", "\\")) or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", name):
        return f"{name!r}: give a path inside the project folder, not an address or an absolute path"
    target = (root / name).resolve()  # symlinks out of the project resolve outside it
    if not target.is_relative_to(root.resolve()):
        return f"{name!r} leads out of the project folder"
    if target.suffix.lower() not in LOGO_SUFFIXES:
        return f"{name!r} is not a PNG or SVG file"
    if not target.is_file():
        return f"{name!r}: no such file in the project folder"
    head = target.read_bytes()[:1024]
    if not (head.startswith(b"\x89PNG\r\n\x1a\n") if target.suffix.lower() == ".png" else b"<svg" in head):
        return f"{name!r} is not a {target.suffix[1:].upper()} image"
    return None


def branding_of(section: BrandingSection, root: Path, path: Path, text: str) -> Branding:
    """The branding ``section`` of the file ``path`` (text ``text``) describes, its logo checked."""
    logo = None
    if section.logo is not None:
        problem = _logo_problem(root, section.logo)
        if problem is not None:
            raise UsageError(Problem(path, toml_line(text, ("branding", "logo")), "branding.logo", problem))
        logo = (root / section.logo).resolve()
    for lang, name in section.organisation.model_dump().items():
        missing = uncovered(name, lang) if name else []
        if missing:  # fontconfig would pick a font the project did not choose, or draw an empty box
            loc = ("branding", "organisation", lang)
            raise UsageError(Problem(path, toml_line(text, loc), ".".join(loc),
                                     f"{describe(missing[0])} is in no font chosen for {LANG_NAMES[lang]}"))
    templates = (root / "templates").resolve()
    return Branding(
        organisation={lang: name for lang, name in section.organisation.model_dump().items() if name},
        logo=logo,
        logo_url=quote(Path(os.path.relpath(logo, templates)).as_posix()) if logo is not None else None,
        colours={name: value.lower() for name, value in section.colours.model_dump().items() if value},
    )


@lru_cache(maxsize=16)
def _load(path: Path, stamp: tuple[int, int]) -> Branding:
    del stamp  # part of the cache key only: an edited file is read again
    data, text = read_toml(path)
    try:
        section = BrandingSection.model_validate(data.get("branding", {}))
    except ValidationError as error:
        raise located_problems(path, text, error, ("branding",)) from None
    return branding_of(section, path.parent, path, text)


def load_branding(config_file: Path) -> Branding:
    """The branding ``config_file`` (a project's ``dossiergen.toml``) configures; none without the file."""
    try:
        stat = config_file.stat()
    except OSError:
        return NO_BRANDING
    return _load(config_file, (stat.st_mtime_ns, stat.st_size))
