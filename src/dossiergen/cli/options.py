"""Option types shared by the commands: a language set, an output format."""

from __future__ import annotations

from typing import Any

import click

from dossiergen.errors import InputError, UsageError
from dossiergen.i18n.languages import parse_langs


class LangSet(click.ParamType):
    name = "LANGS"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> tuple[str, ...]:
        if isinstance(value, tuple):
            return value
        try:
            return parse_langs(value)
        except InputError as error:
            self.fail(str(error), param, ctx)


class OutputFormat(click.Choice):
    """``--format``: a wrong value is one located line (exit code 2), like every other input error."""

    def __init__(self) -> None:
        super().__init__(["pdf", "post", "docx", "hwpx"])

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            raise UsageError(f"--format {value!r}: choose pdf, post, docx or hwpx") from None
