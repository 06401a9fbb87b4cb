"""Options shared by the commands: a language set, an output format, tagged or untagged PDFs."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Tagging:
    """What the tagging options ask for: a tagged PDF declared PDF/UA-1 (the default) or the plain one."""

    tagged: bool = True
    option: str | None = None
    """The option given, if any: ``--untagged``, or ``--tagged`` or ``--pdf-ua`` (what an older script says)."""


_ALIASES = (("--tagged", "tagged"), ("--pdf-ua", "pdf_ua"))
"""Options of the days when PDFs were untagged unless asked: the default now, accepted so that scripts still run."""


def tagging_options(command: Callable[..., None]) -> Callable[..., None]:
    """``--untagged``, and the hidden ``--tagged`` and ``--pdf-ua``; ``command`` gets them as one ``tagging``.

    ``--untagged`` with either of the others is a usage error: one line, exit code 2.
    """

    @functools.wraps(command)
    def resolved(*args: Any, untagged: bool, **kwargs: Any) -> None:
        aliases = [option for option, name in _ALIASES if kwargs.pop(name)]
        if untagged and aliases:
            raise UsageError(f"--untagged contradicts {aliases[0]}: PDFs are tagged unless --untagged is given")
        command(*args, tagging=Tagging(not untagged, "--untagged" if untagged else next(iter(aliases), None)),
                **kwargs)

    for option, name in _ALIASES:
        resolved = click.option(option, name, is_flag=True, hidden=True,
                                help="Tagged, declared PDF/UA-1: the default now.")(resolved)
    return click.option("--untagged", is_flag=True,
                        help="The plain PDF/A-3b, without a structure tree [default: tagged, each passage with its"
                             " language (/Lang), declared PDF/UA-1].")(resolved)
