"""``validate`` records: read each one as a render would, print nothing else.

Its own module so that ``dossiergen validate`` imports the records and their models, not the renderer.
"""

from __future__ import annotations

from pathlib import Path

import click

from dossiergen.errors import DossiergenError, InputError, Problem
from dossiergen.records.loading import load_record
from dossiergen.records.lookup import find_records


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True))
def validate(paths: tuple[Path, ...]) -> None:
    """Check record files, or every record below folders, and report every problem."""
    problems: list[Problem | str] = []
    files = find_records(list(paths))
    for path in files:
        try:
            load_record(path)
        except DossiergenError as error:
            problems.extend(error.problems)
    if problems:
        raise InputError(problems)
    click.echo(f"{len(files)} record(s) valid")
