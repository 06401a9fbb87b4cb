"""``check`` rendered PDFs (read only): the layout checks of render/layout_check."""

from __future__ import annotations

from pathlib import Path

import click

from dossiergen.errors import LayoutError, Problem
from dossiergen.render.layout_check import check_pdf


@click.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True, dir_okay=False))
def check_command(files: tuple[Path, ...]) -> None:
    """Check rendered PDFs (read only): overflowing or overlapping text, missing glyphs, nearly empty pages,
    stranded headings, running heads of more than one line, rules and images outside the content box."""
    problems: list[Problem | str] = []
    for path in files:
        problems.extend(finding.problem(path) for finding in check_pdf(path))
    if problems:
        raise LayoutError(problems)
    click.echo(f"{len(files)} PDF(s): no overflow, no overlap, no missing glyph, no pagination or drawing fault")
