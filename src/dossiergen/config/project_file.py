"""``dossiergen.toml``: which language sets each record kind gets, and where a build reads and writes."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, ValidationError, field_validator

from dossiergen.batch.build import DEFAULT_LANG_SETS
from dossiergen.config.branding import BrandingSection, branding_of
from dossiergen.config.paths import PROJECT_FILE, ProjectPaths
from dossiergen.config.toml_file import located_problems, read_toml
from dossiergen.documents.kinds import RECORD_KINDS, default_kind
from dossiergen.i18n.formatting import Conventions, KhmerHeadingFace, conventions_for
from dossiergen.i18n.languages import LANGUAGE_SETS
from dossiergen.models.common import Strict

BUILD_FILE = PROJECT_FILE

LangSets = Annotated[list[str], Field(min_length=1)]


class BuildSection(Strict):
    source: str = "dossiers"
    output: str = "build"


class Outputs(Strict):
    project: LangSets = list(DEFAULT_LANG_SETS["project"])
    press: LangSets = list(DEFAULT_LANG_SETS["press"])
    minutes: LangSets = list(DEFAULT_LANG_SETS["minutes"])

    @field_validator("project", "press", "minutes")
    @classmethod
    def _known_sets(cls, value: list[str]) -> list[str]:
        for lang_set in value:
            if lang_set not in LANGUAGE_SETS:
                raise ValueError(f"{lang_set!r} is not a language set ({', '.join(LANGUAGE_SETS)})")
        return value


class ConventionChoices(Strict):
    """What a record kind's documents do otherwise than their kind's default (None: the default)."""

    khmer_digits: bool | None = None
    khmer_formal_date: bool | None = None
    korean_man: bool | None = None
    khmer_heading_face: KhmerHeadingFace | None = None


class ConventionsByKind(Strict):
    project: ConventionChoices = ConventionChoices()
    press: ConventionChoices = ConventionChoices()
    minutes: ConventionChoices = ConventionChoices()


class BuildFile(Strict):
    build: BuildSection = BuildSection()
    outputs: Outputs = Outputs()
    conventions: ConventionsByKind = ConventionsByKind()
    branding: BrandingSection = BrandingSection()
    """The organisation's name, logo and colours (``config/branding.py``)."""

    def lang_sets(self) -> dict[str, tuple[str, ...]]:
        return {kind: tuple(getattr(self.outputs, kind)) for kind in RECORD_KINDS}

    def document_conventions(self) -> dict[str, Conventions]:
        """Per record kind, the conventions its documents are written in."""
        return {kind: conventions_for(default_kind(kind), **getattr(self.conventions, kind).model_dump())
                for kind in RECORD_KINDS}


def load_build_file(path: Path) -> BuildFile:
    """The build file at ``path``, or the defaults when there is none; every problem located (file, line, field)."""
    if not path.is_file():
        return BuildFile()
    data, text = read_toml(path)
    try:
        build_file = BuildFile.model_validate(data)
    except ValidationError as error:
        raise located_problems(path, text, error) from None
    branding_of(build_file.branding, path.parent, path, text)  # the logo is checked with the rest
    return build_file



def build_settings(paths: ProjectPaths) -> tuple[BuildFile, Path, Path]:
    """A project's build file, and the record and output folders it names (outside a project: the defaults)."""
    config = load_build_file(paths.config_file) if paths.found else BuildFile()
    return config, paths.folder(config.build.source), paths.folder(config.build.output)
