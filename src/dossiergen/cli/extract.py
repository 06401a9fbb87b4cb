"""``extract`` the record a dossiergen PDF was rendered from.

Its own module so that ``dossiergen extract`` reads the PDF without importing pyHanko (cli/archive.py signs
and verifies).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from dossiergen.archive.embed import ATTACHMENT_NAME
from dossiergen.archive.extract import MAX_PDF_BYTES, read_inputs
from dossiergen.batch.outputs import write_output
from dossiergen.documents.kinds import RECORD_KINDS, default_kind
from dossiergen.errors import ExtractError, Problem, display_path
from dossiergen.files import check_output_target
from dossiergen.reading import read_limited


def read_pdf(path: Path) -> bytes:
    return read_limited(path, MAX_PDF_BYTES, "a PDF", ExtractError)


def _kind_option(main: str, kind: object) -> str:
    """``--kind loa `` where the PDF is not its record's default document (a project's letter), else nothing."""
    record_kind = main.rsplit(".", 2)[-2] if main.count(".") >= 2 else ""
    if isinstance(kind, str) and record_kind in RECORD_KINDS and kind != default_kind(record_kind):
        return f"--kind {kind} "
    return ""


@click.command("extract")
@click.argument("pdf", type=click.Path(path_type=Path, exists=True))  # a folder: refused as it is read
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Write the record here (the project record it refers to goes beside it) [default: standard output].")
@click.option("--force", is_flag=True, help="Replace existing files at those paths (an extracted record is not ours).")
def extract_command(pdf: Path, output: Path | None, force: bool) -> None:
    """Write out the record a dossiergen PDF was rendered from (canonical JSON, a valid record file)."""
    if output is not None:
        check_output_target(output, inputs=[pdf], force=force)
    inputs = read_inputs(read_pdf(pdf), pdf)
    if not inputs.fingerprint_matches():
        raise ExtractError(Problem(pdf, None, None, "the embedded records do not match the fingerprint the PDF"
                                                    " states: they were changed after rendering"))
    options = inputs.options
    kind = _kind_option(inputs.main, options.get("kind"))
    hint = f"rendered with {kind}--lang {'+'.join(options.get('langs', []))}"  # type: ignore[arg-type]
    if output is None:
        sys.stdout.buffer.write(inputs.main_record)
        click.echo(f"{display_path(pdf)}: {inputs.main} ({hint})", err=True)
        return
    beside = [(output.parent / name, content) for name, content in inputs.records.items()
              if name != inputs.main and ATTACHMENT_NAME.fullmatch(name)]  # the project a notice or minutes refer to
    for target, _content in beside:  # all refused before any is written
        check_output_target(target, inputs=[pdf, output], force=force)
    write_output(inputs.main_record, output, inputs=[pdf], force=force)
    written = [output]
    for target, content in beside:
        write_output(content, target, inputs=[pdf], force=force)
        written.append(target)
    click.echo(f"wrote {', '.join(map(str, written))} ({hint})")
