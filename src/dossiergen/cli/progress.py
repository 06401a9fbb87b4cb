"""How ``dossiergen build`` shows its progress: a bar on a terminal, one line per output elsewhere.

Part of the command line (the library reports to a ``BuildProgress`` and prints nothing).
"""

from __future__ import annotations

from typing import Literal

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from dossiergen.batch.build import Result

Verbosity = Literal["quiet", "normal", "verbose"]


class ProgressBar:
    """Counts and the output just finished, on one line that rich keeps redrawing."""

    def __init__(self) -> None:
        # only made for a terminal; forced so that rich draws it even where stdout is not one
        self._bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                             TextColumn("{task.fields[failed]} failed"), TimeElapsedColumn(),
                             console=Console(stderr=True, force_terminal=True))
        self._task = self._bar.add_task("planning", total=None, failed=0)
        self._failed = 0

    def planned(self, total: int) -> None:
        self._bar.start()
        self._bar.update(self._task, total=total, description="rendering")

    def finished(self, result: Result) -> None:
        self._failed += not result.ok
        name = result.output.name if result.output else result.source.name
        self._bar.update(self._task, advance=1, failed=self._failed, description=f"{result.status} {name}")

    def close(self) -> None:
        self._bar.stop()


class LineLog:
    """One line per output (``--verbose``: with time, pages and size; ``--quiet``: none)."""

    def __init__(self, verbosity: Verbosity) -> None:
        self._verbosity = verbosity

    def planned(self, total: int) -> None:
        if self._verbosity == "verbose":
            click.echo(f"{total} output(s) to consider")

    def finished(self, result: Result) -> None:
        if self._verbosity == "quiet":
            return
        line = f"{result.status} {result.output or result.source}"
        if self._verbosity == "verbose" and result.status == "written":
            line += f" ({result.seconds:.2f} s, {result.pages} pages, {result.size:,} bytes)"
        click.echo(line)

    def close(self) -> None:
        pass


def build_display(verbosity: Verbosity, terminal: bool) -> ProgressBar | LineLog:
    """A bar on a terminal at normal verbosity; plain lines otherwise."""
    return ProgressBar() if terminal and verbosity == "normal" else LineLog(verbosity)
