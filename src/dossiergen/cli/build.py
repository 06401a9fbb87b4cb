"""``build``: every record of a folder, in its language sets."""

from __future__ import annotations

import json
import os
import sys
from functools import partial
from pathlib import Path

import click

from dossiergen.batch.build import build
from dossiergen.batch.outputs import write_output
from dossiergen.batch.workers import Workers
from dossiergen.cli.options import Tagging, tagging_options
from dossiergen.cli.progress import build_display
from dossiergen.config.paths import default_paths
from dossiergen.config.project_file import build_settings
from dossiergen.errors import InputError, Problem, UsageError
from dossiergen.files import check_output_target


def _on_terminal() -> bool:
    return sys.stdout.isatty()


def _say_waiting(output: Path, holder: int | None) -> None:
    pid = f"pid {holder}" if holder is not None else "its pid not yet written"
    click.echo(f"waiting for the build ({pid}) writing into {output}/", err=True)


@click.command("build")
@click.argument("folder", type=click.Path(path_type=Path, exists=True, file_okay=False), required=False)
@click.option("-o", "--output", type=click.Path(path_type=Path, file_okay=False),
              help="Output folder [default: from dossiergen.toml, else build/].")
@click.option("--force", is_flag=True,
              help="Render every output, changed or not, and replace files at output paths that dossiergen did"
                   " not write (never a folder, a link or a device).")
@click.option("--no-wait", is_flag=True,
              help="If another build is writing into the output folder, fail at once naming it instead of waiting.")
@click.option("--report", type=click.Path(path_type=Path, dir_okay=False),
              help="Write a JSON report: per output its status, time, pages, bytes, error and placeholders.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default=True,
              help="Documents rendered at once, each in a worker process that stays warm.")
@click.option("--executor", type=click.Choice(["processes", "dask"]), default="processes", show_default=True,
              help="Where documents render: local worker processes, or a Dask cluster"
                   " (pip install 'dossiergen[dask]').")
@click.option("--scheduler", metavar="tcp://HOST:PORT",
              help="The Dask scheduler to use with --executor dask [default: start a local cluster of --jobs workers].")
@tagging_options
@click.option("--draft", is_flag=True,
              help="Texts missing in a language become visible placeholders (DRAFT) instead of failures.")
@click.option("--final", is_flag=True,
              help="Refuse every record that still lists illustrative values (the ones marked SPECIMEN).")
@click.option("--timeout", "time_limit", type=click.FloatRange(min=0, min_open=True), default=600.0,
              show_default=True, metavar="SECONDS",
              help="Stop and fail a document that takes longer to render (local processes; Dask has its own limits).")
@click.option("-q", "--quiet", "verbosity", flag_value="quiet", help="Print only failures and the summary.")
@click.option("-v", "--verbose", "verbosity", flag_value="verbose",
              help="One line per output with its time, pages and size.")
def build_command(folder: Path | None, output: Path | None, force: bool, no_wait: bool, report: Path | None, jobs: int,
                  executor: str, scheduler: str | None, tagging: Tagging, draft: bool, final: bool,
                  time_limit: float,
                  verbosity: str | None) -> None:
    """Render every record in FOLDER (default: dossiergen.toml's source) in its language sets.

    Outputs whose records, templates, catalogs, fonts and options are unchanged since the
    last build are skipped. On a terminal a progress bar shows the count and the output
    just finished; otherwise each output gets one line.
    """
    if scheduler is not None and executor != "dask":
        raise UsageError("--scheduler needs --executor dask")
    paths = default_paths()
    config, default_folder, default_output = build_settings(paths)
    folder = folder or default_folder
    output = output or default_output
    if report is not None:  # refused before hours of rendering, not after
        check_output_target(report, force=force)
    from dossiergen.batch.press_board import Snapshot, notice_count

    press_before = Snapshot.take(output)
    display = build_display(verbosity or "normal", _on_terminal())  # type: ignore[arg-type]
    try:
        results = build([folder], output, paths, force=force, lang_sets=config.lang_sets(),
                        conventions=config.document_conventions(), tagged=tagging.tagged, draft=draft,
                        final=final, time_limit=time_limit,
                        workers=Workers(jobs, executor, scheduler), progress=display,  # type: ignore[arg-type]
                        wait=not no_wait, waiting=partial(_say_waiting, output))
    finally:
        display.close()
    if report is not None:
        write_output(json.dumps([result.report() for result in results], indent=1, ensure_ascii=False).encode(),
                     report, force=force)
    failed = [result for result in results if not result.ok]
    written = sum(result.status == "written" for result in results)
    skipped = sum(result.status == "skipped" for result in results)
    summary = f"{written} written, {skipped} unchanged, {len(failed)} failed, in {output}/"
    press_written = press_before.replaced()  # only when the board changed: a no-op build stays quiet about it
    if press_written and verbosity != "quiet":
        count = notice_count(output)
        click.echo(f"wrote {', '.join(map(str, press_written))} ({count} notice{'' if count == 1 else 's'})")
    placeholders = [line for result in results for line in result.placeholders]
    for line in placeholders:
        click.echo(line, err=True)
    if placeholders:
        summary += f"; {len(placeholders)} placeholder(s) for missing texts"
    if failed:
        problems: list[Problem | str] = []
        for result in failed:
            problems.extend(result.error.problems)  # type: ignore[union-attr]
        problems.append(summary)
        raise InputError(problems)
    click.echo(summary)
