"""``init``: a new project folder; ``doctor``: the system prerequisites, each ok, missing or untested."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command("init")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option("--force", is_flag=True, help="Write into a folder that is not empty (same-named files are replaced).")
def init_command(folder: Path, force: bool) -> None:
    """Make FOLDER a dossiergen project: a commented dossiergen.toml, dossiers/ with an example record,
    an empty templates/ for overrides and locales/ for catalog entries."""
    from dossiergen.config.new_project import EXAMPLE_RECORD, create_project

    create_project(folder, force=force)
    click.echo(f"wrote a dossiergen project in {folder}/ (example record: {EXAMPLE_RECORD});"
               f" next: cd {folder} && dossiergen build")


@click.command("doctor")
def doctor_command() -> None:
    """Check what pip cannot install: Pango, the HarfBuzz subset library, ICU for PyICU, the fonts,
    poppler (preview and check only) and the WeasyPrint version. Exit code 1 if something required is missing."""
    from dossiergen.doctor import run_checks

    checks = run_checks()
    for check in checks:
        click.echo(check.line())
    missing = [check for check in checks if check.required and check.status == "missing"]
    if missing:
        click.echo(f"{len(missing)} required prerequisite(s) missing", err=True)
        sys.exit(1)
    click.echo("everything dossiergen needs to render is there")
