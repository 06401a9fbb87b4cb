"""The command line: the only place that prints and exits.

Every ``DossiergenError`` becomes its located lines on standard error and the error's exit
code (2 for bad input), in ``DossiergenGroup.invoke``; nothing else catches them. Ctrl-C
becomes one line and exit code 130. Each command group lives in a module of its own.
"""

from __future__ import annotations

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


class DossiergenGroup(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DossiergenError as error:
            for problem in error.problems:
                click.echo(str(problem), err=True)
            ctx.exit(error.exit_code)
        except KeyboardInterrupt:
            # outputs are written whole or not at all, and the manifest after each one
            click.echo("interrupted: every output written is complete; run the same command to finish", err=True)
            ctx.exit(130)


@click.group(cls=DossiergenGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dossiergen")
def main() -> None:
    """Render Article 6.2 approval dossiers, press notices and minutes as bilingual PDFs."""


for command in (render, validate, build_command, check_command, i18n_group, extract_command, sign_command,
                verify_command, preview_command, new_command, init_command, doctor_command):
    main.add_command(command)
