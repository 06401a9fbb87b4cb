"""``i18n``: the gettext catalogs (extract, update, compile, check) and the translators' loop
(status, export, import)."""

from __future__ import annotations

from pathlib import Path

import click

from dossiergen.config.paths import PROJECT_FILE, ROOT_VARIABLE, ProjectPaths, default_paths
from dossiergen.errors import CatalogError, InputError, UsageError
from dossiergen.i18n import catalogs
from dossiergen.records.loading import load_record


@click.group("i18n")
def i18n_group() -> None:
    """Maintain the project's gettext catalogs in locales/; translate record texts (status, export, import).

    The project is the folder with dossiergen.toml here or above (or $DOSSIERGEN_ROOT). Its
    catalogs hold its own templates' messages and the built-in messages it translates otherwise;
    the built-in catalogs of an installed dossiergen are never written.
    """


def _project() -> ProjectPaths:
    """The project whose catalogs the command works on; never the installed package's own."""
    paths = default_paths()
    if not paths.found or paths.is_installed_package:
        raise UsageError(f"no {PROJECT_FILE} in {Path.cwd()} or a folder above it: the i18n commands work on a"
                         f" project's catalogs (`dossiergen init FOLDER` makes a project; ${ROOT_VARIABLE} names one)")
    return paths


def _pot(paths: ProjectPaths) -> Path:
    return paths.locales / "messages.pot"


def _builtin_pot(paths: ProjectPaths) -> Path | None:
    """The built-in messages a project's catalogs may override (none for the built-in catalogs themselves)."""
    return None if paths.is_builtin else paths.builtin.locales / "messages.pot"


@i18n_group.command()
def extract() -> None:
    """Collect the project's templates' L("...") strings into locales/messages.pot (in dossiergen's own
    checkout, the built-in templates' and document builders' strings into the built-in catalogs)."""
    paths = _project()
    sources = [(paths.templates, "templates"), *(catalogs.WORDING_SOURCES if paths.is_builtin else ())]
    count = catalogs.extract(sources, _pot(paths))
    click.echo(f"{count} messages in {_pot(paths)}")


@i18n_group.command()
def update() -> None:
    """Merge messages.pot into the project's ko, km and en catalogs."""
    paths = _project()
    for path in catalogs.update(_pot(paths), paths.locales, overridable=_builtin_pot(paths)):
        click.echo(f"updated {path}")


@i18n_group.command("compile")
def compile_() -> None:
    """Write .mo files for the project's catalogs."""
    for path in catalogs.compile_catalogs(_project().locales):
        click.echo(f"wrote {path}")


@i18n_group.command()
def check() -> None:
    """Fail on any missing or fuzzy translation in any catalog (the project's over the built-in ones), and on any
    catalog entry or record text that uses a variant the glossary (locales/glossary.yaml) lists instead of its
    term."""
    from dossiergen.config.project_file import build_settings
    from dossiergen.i18n import glossary
    from dossiergen.records.loading import RecordLoader
    from dossiergen.records.lookup import find_records

    paths = _project()
    problems = catalogs.check(_pot(paths), paths.locales, over=None if paths.is_builtin else paths.builtin.locales)
    found = glossary.glossary_path(paths.locales, None if paths.is_builtin else paths.builtin.locales)
    if found is not None:
        loader = RecordLoader()
        folder = build_settings(paths)[1]
        records = [loader.load(path) for path in find_records([folder])] if folder.is_dir() else []
        problems += glossary.variant_problems(glossary.load_glossary(found), [
            *glossary.catalog_texts(paths.locales), *glossary.record_texts(records)])
    if problems:
        raise CatalogError(problems)
    click.echo("every catalog is complete, and no catalog or record uses a variant the glossary lists")


@i18n_group.command("glossary")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Where to write the TBX file [default: locales/glossary.tbx].")
@click.option("--force", is_flag=True, help="Replace an existing file at that path that dossiergen did not write.")
def glossary_command(output: Path | None, force: bool) -> None:
    """Write the glossary's terms (and the variants to avoid) as TBX, for translators' tools."""
    from dossiergen.batch.outputs import write_output
    from dossiergen.files import check_output_target
    from dossiergen.i18n import glossary

    paths = _project()
    found = glossary.glossary_path(paths.locales, None if paths.is_builtin else paths.builtin.locales)
    if found is None:
        raise UsageError(f"no {glossary.GLOSSARY_FILE} in {paths.locales} or the built-in locales")
    target = output or paths.locales / glossary.TBX_FILE
    check_output_target(target, inputs=[found], force=force)
    write_output(glossary.tbx(glossary.load_glossary(found)), target, inputs=[found], force=force)
    click.echo(f"wrote {target}")


# The translators' loop (src/dossiergen/i18n/po_round_trip.py). Imports are local so that this section
# stays self-contained in a file several people edit.


@i18n_group.command("status")
@click.argument("folder", type=click.Path(path_type=Path, exists=True, file_okay=False), required=False)
def status_command(folder: Path | None) -> None:
    """Per language: the catalogs (translated, fuzzy, missing) and the texts of the records below FOLDER
    [default: the project's record folder, dossiergen.toml's source] that have it or lack it."""
    from rich.console import Console
    from rich.table import Table

    from dossiergen.config.project_file import build_settings
    from dossiergen.errors import display_path as _shown
    from dossiergen.i18n.po_round_trip import LANGUAGE_NAMES, translation_status

    paths = _project()
    folder = folder or build_settings(paths)[1]
    status = translation_status(paths.locales, folder)
    console = Console(highlight=False)
    console.print(f"Catalogs in {_shown(paths.locales)}/, {status.texts()} texts in"
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
        raise InputError(list(status.problems))


@i18n_group.command("export")
@click.argument("record", type=click.Path(path_type=Path))  # a folder is refused as it is read, located
@click.option("--lang", "lang", type=click.Choice(["ko", "km", "en"]), required=True,
              help="The language to translate into (msgstr).")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="PO file to write [default: standard output].")
@click.option("--force", is_flag=True, help="Overwrite the PO file if it exists (it may hold translations).")
def export_command(record: Path, lang: str, output: Path | None, force: bool) -> None:
    """Write a PO file with one entry per text of RECORD: msgctxt the field, msgid the English
    (else Korean) text, msgstr the text in --lang."""
    from dossiergen.i18n.po_round_trip import export_po
    from dossiergen.records.skeleton import write_new_file

    exported = export_po(load_record(record), lang)  # type: ignore[arg-type]
    for context in exported.left_out:
        click.echo(f"{record}: {context}: only in {lang}, nothing to translate from; left out", err=True)
    if output is None:
        click.echo(exported.po.decode("utf-8"), nl=False)
        return
    # refuses to overwrite without --force
    write_new_file(exported.po.decode("utf-8"), output, force=force, inputs=[record])
    click.echo(f"wrote {output} ({exported.entries} texts to translate into {lang})")


@i18n_group.command("import")
@click.argument("po_file", type=click.Path(path_type=Path, exists=True))  # a folder: refused as it is read
@click.argument("record", type=click.Path(path_type=Path))  # a folder is refused as it is read, located
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Record file to write [default: RECORD itself].")
@click.option("--force", is_flag=True, help="Replace an existing -o file (never the PO file, a link or a device).")
def import_command(po_file: Path, record: Path, output: Path | None, force: bool) -> None:
    """Write the translations of PO_FILE into RECORD, changing only that language's lines.

    Nothing is written if an entry names no field of RECORD, was translated from a text that
    has changed since, or the result does not validate. Fuzzy entries are not imported."""
    from dossiergen.files import check_output_target
    from dossiergen.i18n.po_round_trip import import_po

    # the record itself is what import rewrites; any other file only if it is not an input, or with --force
    target = output if output is not None and not _same_file(output, record) else record
    check_output_target(target, inputs=[po_file], force=force, ours=None if target != record else _always)
    result = import_po(po_file, record, target)
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


def _same_file(one: Path, other: Path) -> bool:
    try:
        return one.samefile(other)
    except OSError:
        return False


def _always(_path: Path) -> bool:
    return True
