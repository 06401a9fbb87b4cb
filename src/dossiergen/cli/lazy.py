"""A command group whose commands are imported on first use (click's documented "LazyGroup" pattern).

Each command module imports what its command needs (WeasyPrint, pyHanko, openpyxl…), and a process
runs one command: ``dossiergen --help`` and ``--version`` import none of them, ``validate`` only the
records. The group lists every command with the short help kept beside its import path, so listing
them imports nothing either (tests/test_fast_start.py checks the two stay in step).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass

import click


@dataclass(frozen=True)
class LazyCommand:
    target: str
    """``"module:attribute"``: the click command, imported when the command runs or shows its own help."""
    short_help: str
    """The first sentence of the command's docstring, for the group's list of commands."""


class LazyGroup(click.Group):
    """A group of commands named in ``lazy_commands``, each imported the first time it is looked up."""

    def __init__(self, *args: object, lazy_commands: Mapping[str, LazyCommand], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.lazy_commands = dict(lazy_commands)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy_commands and cmd_name not in self.commands:
            self.add_command(self._load(cmd_name), cmd_name)
        return super().get_command(ctx, cmd_name)

    def _load(self, name: str) -> click.Command:
        module, _, attribute = self.lazy_commands[name].target.partition(":")
        command = getattr(importlib.import_module(module), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{self.lazy_commands[name].target} is not a click command")
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The list of commands as click writes it, from the short helps kept here (no command is imported)."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(map(len, names))
        rows = []
        for name in names:
            loaded = self.commands.get(name)
            shown = loaded if loaded is not None else click.Command(name, help=self.lazy_commands[name].short_help)
            if not shown.hidden:
                rows.append((name, shown.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)
