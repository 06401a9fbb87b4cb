"""``render`` one record."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

import click

from dossiergen.api import output_formats
from dossiergen.batch.outputs import output_name, write_output
from dossiergen.cli.options import LangSet, OutputFormat, Tagging, tagging_options
from dossiergen.documents.kinds import kinds, kinds_help, resolve_kind
from dossiergen.errors import Problem, UsageError
from dossiergen.files import check_output_target
from dossiergen.formats.pdf import render_with_placeholders
from dossiergen.formats.post import post_name, render_post
from dossiergen.i18n.formatting import KHMER_HEADING_FACES, conventions_for
from dossiergen.i18n.languages import LANGUAGE_SETS
from dossiergen.records.loading import load_record
from dossiergen.records.record import Record
from dossiergen.render.context import build_context
from dossiergen.render.time_limit import call_with_time_limit


@click.command()
@click.argument("record", type=click.Path(path_type=Path))  # a folder is refused as it is read, located
@click.option("--kind", type=click.Choice(list(kinds)),
              help=f"Document kind, by record kind: {kinds_help()} (loa: the project's Letter of Authorization).")
@click.option("--lang", "langs", type=LangSet(), default="ko+en", show_default=True,
              help="Language set, first language leading: " + ", ".join(LANGUAGE_SETS))
@click.option("--format", "output_format", type=OutputFormat(), default="pdf", show_default=True,
              help="pdf; post: a press notice as Markdown for the website (one language); docx or hwpx: a press"
                   " notice or minutes to edit in Word or Hangul; aef or aef-json: one Party's agreed electronic"
                   " format tables of a project, as a workbook or as JSON (with --party).")
@click.option("--party", metavar="CODE", callback=lambda _ctx, _param, value: value.upper() if value else None,
              help="The reporting Party of --format aef or aef-json, by ISO alpha-3 code: the host Party (KHM)"
                   " or the acquiring Party (KOR) of the record.")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="File to write [default: build/ID.LANGS.pdf (.docx, .hwpx), build/ID.KIND.LANGS.pdf for a kind"
                   " other than the record's default (build/ID.loa.km-en.pdf), build/ID.LANG.md for a post,"
                   " build/ID.PARTY.aef.xlsx (.json) for the AEF].")
@click.option("--force", is_flag=True,
              help="Replace an existing output file that dossiergen did not write (never the record, a folder,"
                   " a link or a device).")
@tagging_options
@click.option("--khmer-digits/--latin-digits", default=None,
              help="Numbers in Khmer text in Khmer digits (០-៩) [default: yes].")
@click.option("--khmer-formal-date/--khmer-short-date", default=None,
              help="Khmer dates as ថ្ងៃទី២១ ខែកក្កដា ឆ្នាំ២០២៥ [default: yes].")
@click.option("--korean-man/--korean-digits", default=None,
              help="Korean amounts in units of 만 (68만) [default: press notices only].")
@click.option("--khmer-heading-face", type=click.Choice(KHMER_HEADING_FACES), default=None,
              help="Khmer headings in Khmer OS Muol Light, as Cambodian ministries set them, or in bold"
                   " [default: muol-light].")
@click.option("--draft", is_flag=True,
              help="Render even where a text is missing in a language: a visible placeholder, a DRAFT watermark,"
                   " and each placeholder listed on standard error.")
@click.option("--timeout", "seconds", type=click.FloatRange(min=0, min_open=True), default=600.0,
              show_default=True, metavar="SECONDS", help="Stop and fail a document that takes longer to render.")
def render(record: Path, kind: str | None, langs: tuple[str, ...], output_format: str, party: str | None,
           output: Path | None, tagging: Tagging, khmer_digits: bool | None, khmer_formal_date: bool | None,
           korean_man: bool | None, khmer_heading_face: str | None, draft: bool, seconds: float,
           force: bool) -> None:
    """Render one RECORD into one PDF, a press RECORD into one web post (--format post), a press
    or minutes RECORD into an editable Word or Hangul document (--format docx, --format hwpx), or
    one Party's agreed electronic format tables of a project RECORD (--format aef or aef-json --party CODE,
    in English whatever --lang says)."""
    for_party = output_formats[output_format].takes_party
    if party is not None and not for_party:
        raise UsageError(f"--party applies to --format aef or aef-json, not to --format {output_format}")
    if output_format == "post":
        if len(langs) != 1:
            raise UsageError(f"--format post takes one language (--lang ko, km or en), not {'+'.join(langs)}")
    if output_format != "pdf" and tagging.option is not None:
        raise UsageError(f"{tagging.option} applies to a PDF, not to --format {output_format}")
    if output is not None:  # refused before the record is read, let alone rendered
        check_output_target(output, inputs=[record], force=force)
    loaded = load_record(record)

    def write(data: bytes, target: Path) -> None:
        write_output(data, target, inputs=_inputs(loaded), force=force)

    if for_party:
        # imported here: openpyxl loads only for the format that needs it
        from dossiergen.formats.aef import aef_name, render_aef

        # the AEF is in English and has no layout: no language set, no conventions
        data = render_aef(loaded, party, output_format)
        target = output or Path("build") / aef_name(loaded.id, party or "", output_format)
        write(data, target)
        click.echo(f"wrote {target} ({len(data):,} bytes)")
        return
    kind = resolve_kind(loaded.kind, kind, record)
    conventions = conventions_for(kind, khmer_digits=khmer_digits, khmer_formal_date=khmer_formal_date,
                                  korean_man=korean_man, khmer_heading_face=khmer_heading_face)
    if output_format == "post":
        if loaded.kind != "press":
            raise UsageError(f"{record}: --format post makes a web post of a press record,"
                             f" not of a {loaded.kind} record")
        ctx = build_context(loaded, langs, kind=kind, conventions=conventions)  # type: ignore[arg-type]
        post = render_post(ctx).encode("utf-8")
        target = output or Path("build") / post_name(loaded, langs[0])  # type: ignore[arg-type]
        write(post, target)
        click.echo(f"wrote {target} ({len(post):,} bytes)")
        return
    if output_format in ("docx", "hwpx"):
        # imported here: python-docx and python-hwpx load only for the format that needs them
        from dossiergen.formats.exports import check_record_kind, export_name

        check_record_kind(record, loaded.kind, output_format)
        if output_format == "docx":
            from dossiergen.formats.docx import render_docx as render_export
        else:
            from dossiergen.formats.hwpx import render_hwpx as render_export
        ctx = build_context(loaded, langs, kind=kind, conventions=conventions, draft=draft)  # type: ignore[arg-type]
        target = output or Path("build") / export_name(loaded.id, langs, output_format)
        check_output_target(target, inputs=_inputs(loaded), force=force)
        data = call_with_time_limit(seconds, record, target.name, partial(render_export, ctx))
        _write_rendered(data, target, ctx.placeholders, write)
        return
    target = output or Path("build") / output_name(loaded, langs, kind)  # type: ignore[arg-type]
    check_output_target(target, inputs=_inputs(loaded), force=force)
    pdf, placeholders = call_with_time_limit(seconds, record, target.name, partial(
        render_with_placeholders, loaded, langs, kind=kind, tagged=tagging.tagged,  # type: ignore[arg-type]
        conventions=conventions, draft=draft))
    _write_rendered(pdf, target, placeholders, write)


def _inputs(record: Record) -> list[Path]:
    """The files a render reads that its output must never replace: the record and its project record."""
    return [record.path, *([record.project.path] if record.project is not None else [])]


def _write_rendered(data: bytes, target: Path, placeholders: tuple[Problem, ...],
                    write: Callable[[bytes, Path], None]) -> None:
    """Write one rendered document, then list its draft placeholders and say what was written."""
    write(data, target)
    for placeholder in placeholders:
        click.echo(str(placeholder), err=True)
    drafted = f", DRAFT with {len(placeholders)} placeholder(s)" if placeholders else ""
    click.echo(f"wrote {target} ({len(data):,} bytes{drafted})")
