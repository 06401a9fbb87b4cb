"""The command line: the only place that prints and exits.

Every ``DossiergenError`` becomes its located lines on standard error and the error's exit
code (2 for bad input), in ``DossiergenGroup.invoke``; nothing else catches them. Ctrl-C
becomes one line and exit code 130.
"""

from __future__ import annotations

import json
import os
import sys
from functools import partial
from pathlib import Path
from typing import Any

import click

from . import __version__, i18n, webpost
from .build import build
from .build_file import BUILD_FILE, load_build_file
from .build_workers import Workers
from .cli_archive import extract_command, sign_command, verify_command
from .cli_preview import preview_command
from .cli_progress import build_display
from .context import KIND_OF_RECORD, build_context
from .errors import CatalogError, DossiergenError, InputError, LayoutError, Problem, UsageError
from .layout_check import check_pdf
from .loader import find_records, load_record
from .outputs import output_name, write_output
from .paths import default_paths
from .pipeline import render_with_placeholders
from .time_limit import call_with_time_limit


class DossiergenGroup(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DossiergenError as error:
            for problem in error.problems:
                click.echo(str(problem), err=True)
            ctx.exit(error.exit_code)
        except KeyboardInterrupt:
            # outputs are written whole or not at all, and the manifest after each one
            click.echo("interrupted: every output written is complete; run the same command to finish", err=True)
            ctx.exit(130)


class LangSet(click.ParamType):
    name = "LANGS"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> tuple[str, ...]:
        if isinstance(value, tuple):
            return value
        try:
            return i18n.parse_langs(value)
        except InputError as error:
            self.fail(str(error), param, ctx)


class OutputFormat(click.Choice):
    """``--format``: a wrong value is one located line (exit code 2), like every other input error."""

    def __init__(self) -> None:
        super().__init__(["pdf", "post", "docx", "hwpx"])

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            raise UsageError(f"--format {value!r}: choose pdf, post, docx or hwpx") from None


@click.group(cls=DossiergenGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dossiergen")
def main() -> None:
    """Render Article 6.2 approval dossiers, press notices and minutes as bilingual PDFs."""


@main.command()
@click.argument("record", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--kind", type=click.Choice(["dossier", "press", "minutes"]),
              help="Document kind; a record renders as one kind (project: dossier).")
@click.option("--lang", "langs", type=LangSet(), default="ko+en", show_default=True,
              help="Language set, first language leading: " + ", ".join(i18n.LANGUAGE_SETS))
@click.option("--format", "output_format", type=OutputFormat(), default="pdf", show_default=True,
              help="pdf; post: a press notice as Markdown for the website (one language); docx or hwpx: a press"
                   " notice or minutes to edit in Word or Hangul.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="File to write [default: build/ID.LANGS.pdf (.docx, .hwpx), build/ID.LANG.md for a post].")
@click.option("--tagged", is_flag=True, help="Tagged PDF; each passage carries its language (/Lang).")
@click.option("--pdf-ua", is_flag=True, help="Tagged and declared PDF/UA-1 (PDF/A-3a instead of 3b).")
@click.option("--khmer-digits/--latin-digits", default=None,
              help="Numbers in Khmer text in Khmer digits (០-៩) [default: yes].")
@click.option("--khmer-formal-date/--khmer-short-date", default=None,
              help="Khmer dates as ថ្ងៃទី២១ ខែកក្កដា ឆ្នាំ២០២៥ [default: yes].")
@click.option("--korean-man/--korean-digits", default=None,
              help="Korean amounts in units of 만 (68만) [default: press notices only].")
@click.option("--draft", is_flag=True,
              help="Render even where a text is missing in a language: a visible placeholder, a DRAFT watermark,"
                   " and each placeholder listed on standard error.")
@click.option("--timeout", "seconds", type=click.FloatRange(min=0, min_open=True), default=600.0,
              show_default=True, metavar="SECONDS", help="Stop and fail a document that takes longer to render.")
def render(record: Path, kind: str | None, langs: tuple[str, ...], output_format: str, output: Path | None,
           tagged: bool, khmer_digits: bool | None, khmer_formal_date: bool | None, korean_man: bool | None,
           draft: bool, seconds: float, pdf_ua: bool) -> None:
    """Render one RECORD into one PDF, a press RECORD into one web post (--format post), or a press
    or minutes RECORD into an editable Word or Hangul document (--format docx, --format hwpx)."""
    if output_format == "post":
        if len(langs) != 1:
            raise UsageError(f"--format post takes one language (--lang ko, km or en), not {'+'.join(langs)}")
        if tagged or pdf_ua:
            raise UsageError(f"{'--tagged' if tagged else '--pdf-ua'} applies to a PDF, not to --format post")
    if output_format in ("docx", "hwpx") and (tagged or pdf_ua):
        raise UsageError(f"{'--tagged' if tagged else '--pdf-ua'} applies to a PDF, not to --format {output_format}")
    loaded = load_record(record)
    conventions = i18n.conventions_for(KIND_OF_RECORD[loaded.kind], khmer_digits=khmer_digits,
                                       khmer_formal_date=khmer_formal_date, korean_man=korean_man)
    if output_format == "post":
        if loaded.kind != "press":
            raise UsageError(f"{record}: --format post makes a web post of a press record, not of a {loaded.kind} record")
        ctx = build_context(loaded, langs, kind=kind, conventions=conventions)  # type: ignore[arg-type]
        post = webpost.render_post(ctx).encode("utf-8")
        target = output or Path("build") / webpost.post_name(loaded, langs[0])  # type: ignore[arg-type]
        write_output(post, target)
        click.echo(f"wrote {target} ({len(post):,} bytes)")
        return
    if output_format in ("docx", "hwpx"):
        # imported here: python-docx and python-hwpx load only for the format that needs them
        from .exports import check_record_kind, export_name

        check_record_kind(record, loaded.kind, output_format)
        if output_format == "docx":
            from .exports.docx import render_docx as render_export
        else:
            from .exports.hwpx import render_hwpx as render_export
        ctx = build_context(loaded, langs, kind=kind, conventions=conventions, draft=draft)  # type: ignore[arg-type]
        target = output or Path("build") / export_name(loaded.id, langs, output_format)
        data = call_with_time_limit(seconds, record, target.name, partial(render_export, ctx))
        _write_rendered(data, target, ctx.placeholders)
        return
    target = output or Path("build") / output_name(loaded, langs)  # type: ignore[arg-type]
    pdf, placeholders = call_with_time_limit(seconds, record, target.name, partial(
        render_with_placeholders, loaded, langs, kind=kind, tagged=tagged,  # type: ignore[arg-type]
        pdf_ua=pdf_ua, conventions=conventions, draft=draft))
    _write_rendered(pdf, target, placeholders)


def _write_rendered(data: bytes, target: Path, placeholders: tuple[Problem, ...]) -> None:
    """Write one rendered document, then list its draft placeholders and say what was written."""
    write_output(data, target)
    for placeholder in placeholders:
        click.echo(str(placeholder), err=True)
    drafted = f", DRAFT with {len(placeholders)} placeholder(s)" if placeholders else ""
    click.echo(f"wrote {target} ({len(data):,} bytes{drafted})")


@main.command()
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
        raise InputError(problems)  # type: ignore[arg-type]
    click.echo(f"{len(files)} record(s) valid")


def _on_terminal() -> bool:
    return sys.stdout.isatty()


@main.command("build")
@click.argument("folder", type=click.Path(path_type=Path, exists=True, file_okay=False), required=False)
@click.option("-o", "--output", type=click.Path(path_type=Path, file_okay=False),
              help="Output folder [default: from dossiergen.toml, else build/].")
@click.option("--force", is_flag=True, help="Render every output, changed or not.")
@click.option("--report", type=click.Path(path_type=Path, dir_okay=False),
              help="Write a JSON report: per output its status, time, pages, bytes, error and placeholders.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default=True,
              help="Documents rendered at once, each in a worker process that stays warm.")
@click.option("--executor", type=click.Choice(["processes", "dask"]), default="processes", show_default=True,
              help="Where documents render: local worker processes, or a Dask cluster (pip install 'dossiergen[dask]').")
@click.option("--scheduler", metavar="tcp://HOST:PORT",
              help="The Dask scheduler to use with --executor dask [default: start a local cluster of --jobs workers].")
@click.option("--tagged", is_flag=True, help="Tagged PDFs; each passage carries its language (/Lang).")
@click.option("--pdf-ua", is_flag=True, help="Tagged and declared PDF/UA-1 (PDF/A-3a instead of 3b).")
@click.option("--draft", is_flag=True,
              help="Texts missing in a language become visible placeholders (DRAFT) instead of failures.")
@click.option("--timeout", "time_limit", type=click.FloatRange(min=0, min_open=True), default=600.0,
              show_default=True, metavar="SECONDS",
              help="Stop and fail a document that takes longer to render (local processes; Dask has its own limits).")
@click.option("-q", "--quiet", "verbosity", flag_value="quiet", help="Print only failures and the summary.")
@click.option("-v", "--verbose", "verbosity", flag_value="verbose",
              help="One line per output with its time, pages and size.")
def build_command(folder: Path | None, output: Path | None, force: bool, report: Path | None, jobs: int,
                  executor: str, scheduler: str | None, tagged: bool, pdf_ua: bool, draft: bool, time_limit: float,
                  verbosity: str | None) -> None:
    """Render every record in FOLDER (default: dossiergen.toml's source) in its language sets.

    Outputs whose records, templates, catalogs, fonts and options are unchanged since the
    last build are skipped. On a terminal a progress bar shows the count and the output
    just finished; otherwise each output gets one line.
    """
    if scheduler is not None and executor != "dask":
        raise UsageError("--scheduler needs --executor dask")
    config = load_build_file(Path(BUILD_FILE))
    folder = folder or Path(config.build.source)
    output = output or Path(config.build.output)
    from .press_index import Snapshot, notice_count

    press_before = Snapshot.take(output)
    display = build_display(verbosity or "normal", _on_terminal())  # type: ignore[arg-type]
    try:
        results = build([folder], output, force=force, lang_sets=config.lang_sets(),
                        conventions=config.document_conventions(), tagged=tagged, pdf_ua=pdf_ua, draft=draft, time_limit=time_limit,
                        workers=Workers(jobs, executor, scheduler), progress=display)  # type: ignore[arg-type]
    finally:
        display.close()
    if report is not None:
        write_output(json.dumps([result.report() for result in results], indent=1, ensure_ascii=False).encode(),
                     report)
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
        raise InputError(problems)  # type: ignore[arg-type]
    click.echo(summary)


@main.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True, dir_okay=False))
def check_command(files: tuple[Path, ...]) -> None:
    """Check rendered PDFs for overflowing or overlapping text and missing glyphs."""
    problems: list[Problem | str] = []
    for path in files:
        problems.extend(finding.problem(path) for finding in check_pdf(path))
    if problems:
        raise LayoutError(problems)  # type: ignore[arg-type]
    click.echo(f"{len(files)} PDF(s): no overflow, no overlap, no missing glyph")


@main.group("i18n")
def i18n_group() -> None:
    """Maintain the gettext catalogs in locales/; translate record texts (status, export, import)."""


def _pot() -> Path:
    return default_paths().locales / "messages.pot"


@i18n_group.command()
def extract() -> None:
    """Collect the templates' L("...") strings into locales/messages.pot."""
    count = i18n.extract(default_paths().templates, _pot())
    click.echo(f"{count} messages in {_pot()}")


@i18n_group.command()
def update() -> None:
    """Merge messages.pot into the ko, km and en catalogs."""
    for path in i18n.update(_pot(), default_paths().locales):
        click.echo(f"updated {path}")


@i18n_group.command("compile")
def compile_() -> None:
    """Write .mo files for the catalogs."""
    for path in i18n.compile_catalogs(default_paths().locales):
        click.echo(f"wrote {path}")


@i18n_group.command()
def check() -> None:
    """Fail on any missing or fuzzy translation in any catalog."""
    problems = i18n.check(_pot(), default_paths().locales)
    if problems:
        raise CatalogError(problems)  # type: ignore[arg-type]
    click.echo("every catalog is complete")


# The translators' loop (src/dossiergen/translation.py). Imports are local so that this section
# stays self-contained in a file several people edit.


@i18n_group.command("status")
@click.argument("folder", type=click.Path(path_type=Path, exists=True, file_okay=False), default="dossiers",
                required=False)
def status_command(folder: Path) -> None:
    """Per language: the catalogs (translated, fuzzy, missing) and the texts of the records below FOLDER
    [default: dossiers] that have it or lack it."""
    from rich.console import Console
    from rich.table import Table

    from .errors import display_path as _shown
    from .translation import LANGUAGE_NAMES, translation_status

    status = translation_status(default_paths().locales, folder)
    console = Console(highlight=False)
    console.print(f"Catalogs in {_shown(default_paths().locales)}/, {status.texts()} texts in"
                  f" {len(status.records)} record(s) below {_shown(folder)}/", soft_wrap=True)
    summary = Table(caption="translated, fuzzy, missing: the catalog's messages; with, without, complete:"
                            " the records' texts in that language", caption_justify="left")
    for header in ("language", "translated", "fuzzy", "missing", "with", "without", "complete"):
        summary.add_column(header, justify="left" if header == "language" else "right")
    for catalog in status.catalogs:
        lang = catalog.lang
        done = f"{100 * status.texts_with(lang) / status.texts():.0f}%" if status.texts() else "-"
        summary.add_row(f"{lang} {LANGUAGE_NAMES[lang]}", str(catalog.translated), str(catalog.fuzzy),
                        str(catalog.untranslated + catalog.missing), str(status.texts_with(lang)),
                        str(status.texts_without(lang)), done)
    console.print(summary)
    records = Table(title="Texts lacking a language, per record", title_justify="left")
    for header in ("record", "texts", "without ko", "without km", "without en"):
        records.add_column(header, justify="left" if header == "record" else "right",
                           overflow="fold" if header == "record" else "ellipsis")
    for record in status.records:
        records.add_row(_shown(record.path), str(record.texts),
                        *(str(record.lacking(lang)) for lang in ("ko", "km", "en")))
    console.print(records)
    if status.problems:  # the records that did not load: counted nowhere, so the run fails
        raise InputError(list(status.problems))  # type: ignore[arg-type]


@i18n_group.command("export")
@click.argument("record", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--lang", "lang", type=click.Choice(["ko", "km", "en"]), required=True,
              help="The language to translate into (msgstr).")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="PO file to write [default: standard output].")
@click.option("--force", is_flag=True, help="Overwrite the PO file if it exists (it may hold translations).")
def export_command(record: Path, lang: str, output: Path | None, force: bool) -> None:
    """Write a PO file with one entry per text of RECORD: msgctxt the field, msgid the English
    (else Korean) text, msgstr the text in --lang."""
    from .skeleton import write_new_file
    from .translation import export_po

    exported = export_po(load_record(record), lang)  # type: ignore[arg-type]
    for context in exported.left_out:
        click.echo(f"{record}: {context}: only in {lang}, nothing to translate from; left out", err=True)
    if output is None:
        click.echo(exported.po.decode("utf-8"), nl=False)
        return
    write_new_file(exported.po.decode("utf-8"), output, force=force)  # refuses to overwrite without --force
    click.echo(f"wrote {output} ({exported.entries} texts to translate into {lang})")


@i18n_group.command("import")
@click.argument("po_file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.argument("record", type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Record file to write [default: RECORD itself].")
def import_command(po_file: Path, record: Path, output: Path | None) -> None:
    """Write the translations of PO_FILE into RECORD, changing only that language's lines.

    Nothing is written if an entry names no field of RECORD, was translated from a text that
    has changed since, or the result does not validate. Fuzzy entries are not imported."""
    from .translation import import_po

    result = import_po(po_file, record, output)
    for note in result.fuzzy:
        click.echo(str(note), err=True)
    skipped = []
    if result.fuzzy:
        skipped.append(f"{len(result.fuzzy)} fuzzy, not imported")
    if result.untranslated:
        skipped.append(f"{len(result.untranslated)} untranslated")
    rest = f"; {', '.join(skipped)}" if skipped else ""
    if not result.changed:
        click.echo(f"no {result.lang} text to change ({result.unchanged} unchanged{rest}); nothing written")
        return
    click.echo(f"wrote {result.target}: {len(result.changed)} {result.lang} text(s) imported,"
               f" {result.unchanged} unchanged{rest}")


main.add_command(extract_command)
main.add_command(sign_command)
main.add_command(verify_command)
main.add_command(preview_command)


@main.command("new")
@click.argument("kind", type=click.Choice(["project", "press", "minutes"]))
@click.option("--from", "project_file", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="Project record a press or minutes skeleton is about: its id, organisations and figures.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="File to write [default: standard output].")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
def new_command(kind: str, project_file: Path | None, output: Path | None, force: bool) -> None:
    """Write a KIND record skeleton: every field, commented in Korean and English, with placeholders."""
    from .models import ProjectRecord
    from .skeleton import skeleton, write_new_file

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
    write_new_file(text, output, force=force)
    click.echo(f"wrote {output}")
    if project_file is not None and output.resolve().parent != project_file.resolve().parent:
        click.echo(f"note: {output} must sit beside {project_file} for its project to be found", err=True)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
