"""Option types shared by the commands: a language set, an output format."""

from __future__ import annotations

from typing import Any

import click

from dossiergen.api import output_formats
from dossiergen.errors import InputError, UsageError
from dossiergen.i18n.languages import parse_langs


class LangSet(click.ParamType[tuple[str, ...]]):
    name = "LANGS"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> tuple[str, ...]:
        if isinstance(value, tuple):
            return value
        try:
            return parse_langs(value)
        except InputError as error:
            self.fail(str(error), param, ctx)


class OutputFormat(click.Choice[str]):
    """``--format``: one of the output formats' registry (``api.output_formats``); a wrong value is one
    located line (exit code 2), like every other input error."""

    def __init__(self) -> None:
        super().__init__(list(output_formats))

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            names = list(output_formats)
            raise UsageError(f"--format {value!r}: choose {', '.join(names[:-1])} or {names[-1]}") from None
