"""``dossiergen.toml``: which language sets each record kind gets, and where a build reads and writes."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated

from pydantic import Field, ValidationError, field_validator

from .build import DEFAULT_LANG_SETS
from .errors import Problem, UsageError
from .i18n import LANGUAGE_SETS
from .models.common import Strict

BUILD_FILE = "dossiergen.toml"

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


class BuildFile(Strict):
    build: BuildSection = BuildSection()
    outputs: Outputs = Outputs()

    def lang_sets(self) -> dict[str, tuple[str, ...]]:
        return {kind: tuple(getattr(self.outputs, kind)) for kind in ("project", "press", "minutes")}


def load_build_file(path: Path) -> BuildFile:
    """The build file at ``path``, or the defaults when there is none."""
    if not path.is_file():
        return BuildFile()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise UsageError(Problem(path, getattr(error, "lineno", None), None, f"malformed TOML: {error}")) from None
    try:
        return BuildFile.model_validate(data)
    except ValidationError as error:
        raise UsageError([Problem(path, None, ".".join(map(str, item["loc"])),
                                  item["msg"].removeprefix("Value error, "))
                          for item in error.errors(include_url=False)]) from None
