"""``new``: a record skeleton, every field commented in Korean and English."""

from __future__ import annotations

from pathlib import Path

import click

from dossiergen.errors import UsageError
from dossiergen.records.loading import load_record


@click.command("new")
@click.argument("kind", type=click.Choice(["project", "press", "minutes"]))
@click.option("--from", "project_file", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="Project record a press or minutes skeleton is about: its id, organisations and figures.")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="File to write [default: standard output].")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
def new_command(kind: str, project_file: Path | None, output: Path | None, force: bool) -> None:
    """Write a KIND record skeleton: every field, commented in Korean and English, with placeholders."""
    from dossiergen.models import ProjectRecord
    from dossiergen.records.skeleton import skeleton, write_new_file

    project = None
    if project_file is not None:
        if kind == "project":
            raise UsageError("--from fills a press or minutes record from its project, not a project record")
        loaded = load_record(project_file)
        if not isinstance(loaded.data, ProjectRecord):
            raise UsageError(f"{project_file}: --from takes a project record, not a {loaded.kind} record")
        project = loaded.data
    text = skeleton(kind, project, project_file)
    if output is None:
        click.echo(text, nl=False)
        return
    write_new_file(text, output, force=force, inputs=[project_file] if project_file is not None else [])
    click.echo(f"wrote {output}")
    if project_file is not None and output.resolve().parent != project_file.resolve().parent:
        click.echo(f"note: {output} must sit beside {project_file} for its project to be found", err=True)
