"""The command line: the only place that prints and exits.

Every ``DossiergenError`` becomes its located lines on standard error and the error's exit
code (2 for bad input), in ``DossiergenGroup.invoke``; nothing else catches them. Ctrl-C
becomes one line and exit code 130, SIGTERM one line and 143: both unwind the command, so every
``finally`` runs and no temporary file or folder is left. Each command group lives in a module of its own.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

import click

from dossiergen.cli.archive import extract_command, sign_command, verify_command
from dossiergen.cli.build import build_command
from dossiergen.cli.i18n import i18n_group
from dossiergen.cli.new import new_command
from dossiergen.cli.preview import preview_command
from dossiergen.cli.project import doctor_command, init_command
from dossiergen.cli.render import check_command, render, validate
from dossiergen.errors import DossiergenError
from dossiergen.version import __version__


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the command is, so that it unwinds as Ctrl-C does (a KeyboardInterrupt
    passes every ``except Exception``): WeasyPrint's font folder and temporary outputs are removed."""


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise Terminated


@contextmanager
def _sigterm_unwinds() -> Iterator[None]:
    """SIGTERM raises ``Terminated`` while a command runs (signals reach the main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class DossiergenGroup(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            with _sigterm_unwinds():
                return super().invoke(ctx)
        except DossiergenError as error:
            for problem in error.problems:
                click.echo(str(problem), err=True)
            ctx.exit(error.exit_code)
        except KeyboardInterrupt as stop:
            # outputs are written whole or not at all, and the manifest after each one
            how = "terminated" if isinstance(stop, Terminated) else "interrupted"
            click.echo(f"{how}: every output written is complete; run the same command to finish", err=True)
            ctx.exit(128 + signal.SIGTERM if isinstance(stop, Terminated) else 130)


@click.group(cls=DossiergenGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dossiergen")
def main() -> None:
    """Render Article 6.2 approval dossiers, press notices and minutes as bilingual PDFs."""


for command in (render, validate, build_command, check_command, i18n_group, extract_command, sign_command,
                verify_command, preview_command, new_command, init_command, doctor_command):
    main.add_command(command)
