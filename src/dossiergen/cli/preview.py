"""``dossiergen preview``: the command that starts the preview server (``preview/``)."""

from __future__ import annotations

import webbrowser
from pathlib import Path

import click

from dossiergen.config.paths import default_paths
from dossiergen.errors import UsageError
from dossiergen.preview import PreviewServer


@click.command("preview")
@click.argument("record", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--lang", "lang_set", default="ko+en", show_default=True, help="The language set shown first.")
@click.option("--port", type=click.IntRange(min=0, max=65535), default=8000, show_default=True,
              help="Port on 127.0.0.1 (0: any free port).")
@click.option("--no-browser", is_flag=True, help="Do not open a browser; print the address only.")
@click.option("--draft", is_flag=True, help="Show texts missing in a language as placeholders instead of errors.")
def preview_command(record: Path, lang_set: str, port: int, no_browser: bool, draft: bool) -> None:
    """Show RECORD as it will print, in a browser, refreshed each time it (or a template) is saved."""
    try:
        server = PreviewServer(record, lang_set, default_paths(), port=port, draft=draft)
    except OSError as error:
        raise UsageError(f"--port {port}: {error.strerror}") from None
    click.echo(f"preview of {record} at {server.url} (Ctrl-C stops it)")
    if not no_browser:
        webbrowser.open(server.url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("preview stopped")
