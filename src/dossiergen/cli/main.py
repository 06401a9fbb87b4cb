"""The command line: the only place that prints and exits.

Every ``DossiergenError`` becomes its located lines on standard error and the error's exit
code (2 for bad input), in ``DossiergenGroup.invoke``; nothing else catches them. Ctrl-C
becomes one line and exit code 130, SIGTERM one line and 143: both unwind the command, so every
``finally`` runs and no temporary file or folder is left. Each command lives in a module of its own,
imported only when that command runs (``COMMANDS``): a start imports what its command needs, no more.
"""

from __future__ import annotations

import gc
import signal
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import FrameType
from typing import Any

import click

from dossiergen.cli.lazy import LazyCommand, LazyGroup
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


COMMANDS = {
    "build": LazyCommand("dossiergen.cli.build:build_command",
                         "Render every record in FOLDER (default: dossiergen.toml's source) in its language sets."),
    "check": LazyCommand("dossiergen.cli.check:check_command",
                         "Check rendered PDFs (read only): overflowing or overlapping text, missing glyphs, nearly"
                         " empty pages, stranded headings, running heads of more than one line, rules and images"
                         " outside the content box."),
    "doctor": LazyCommand("dossiergen.cli.project:doctor_command",
                          "Check what pip cannot install: Pango, the HarfBuzz subset library, ICU for PyICU, the"
                          " fonts, poppler (preview and check only) and the WeasyPrint version."),
    "extract": LazyCommand("dossiergen.cli.extract:extract_command",
                           "Write out the record a dossiergen PDF was rendered from (canonical JSON, a valid record"
                           " file)."),
    "i18n": LazyCommand("dossiergen.cli.i18n:i18n_group",
                        "Maintain the project's gettext catalogs in locales/; translate record texts (status, export,"
                        " import)."),
    "init": LazyCommand("dossiergen.cli.project:init_command",
                        "Make FOLDER a dossiergen project: a commented dossiergen.toml, dossiers/ with an example"
                        " record, an empty templates/ for overrides and locales/ for catalog entries."),
    "new": LazyCommand("dossiergen.cli.new:new_command",
                       "Write a KIND record skeleton: every field, commented in Korean and English, with"
                       " placeholders."),
    "preview": LazyCommand("dossiergen.cli.preview:preview_command",
                           "Show RECORD as it will print, in a browser, refreshed each time it (or a template) is"
                           " saved."),
    "render": LazyCommand("dossiergen.cli.render:render",
                          "Render one RECORD into one PDF, a press RECORD into one web post (--format post), a press"
                          " or minutes RECORD into an editable Word or Hangul document (--format docx, --format"
                          " hwpx), or one Party's agreed electronic format tables of a project RECORD (--format aef"
                          " or aef-json --party CODE, in English whatever --lang says)."),
    "sign": LazyCommand("dossiergen.cli.archive:sign_command",
                        "Add a PAdES signature (pyHanko) to a rendered PDF, visible on a signature line or invisible."),
    "validate": LazyCommand("dossiergen.cli.validate:validate",
                            "Check record files, or every record below folders, and report every problem."),
    "verify": LazyCommand("dossiergen.cli.archive:verify_command",
                          "Check that the embedded record matches the fingerprint and that every signature is"
                          " intact."),
}
"""Every command: where it is defined, and its short help for ``dossiergen --help`` (its docstring's first
sentence; tests/test_fast_start.py checks they match)."""


class DossiergenGroup(LazyGroup):
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


@click.group(cls=DossiergenGroup, lazy_commands=COMMANDS,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dossiergen")
def main() -> None:
    """Render Article 6.2 approval dossiers, press notices and minutes as bilingual PDFs."""


def run(args: Sequence[str] | None = None, prog_name: str | None = None) -> None:
    """The ``dossiergen`` script and ``python -m dossiergen``: ``main`` run to its exit, the process then ended
    without a last garbage collection.

    A render leaves some hundred thousand objects (WeasyPrint's boxes, Pango's and fontTools' caches); the
    collection Python runs as it exits took a fresh render of the dossier about 0.5 s of its 8, for nothing the
    operating system would not do at once. ``gc.freeze`` puts them out of its reach. Nothing depends on a
    finalizer at exit: outputs are closed and renamed as they are written, WeasyPrint's font folders removed as
    each pass ends, and ``atexit`` and ``weakref.finalize`` callbacks still run. Never called in a process that
    goes on (tests, the API): it would keep every object then alive from ever being collected.
    """
    try:
        main(args, prog_name=prog_name)
    finally:
        gc.freeze()
