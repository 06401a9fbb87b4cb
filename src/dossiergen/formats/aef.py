"""One reporting Party's agreed electronic format (AEF) tables of a project: a workbook, or JSON for registries.

``render --format aef --party KHM`` writes a workbook (openpyxl), one sheet per table
(Submission, Authorizations, Actions), the column headings in row 1; ``--format aef-json`` writes
the same tables as JSON, one list of rows per table, each row an object keyed by the same column
headings. The rows are ``article6.aef.aef_tables``: the dossier's preview shows the same ones.
Cells the record does not fill are empty (JSON ``null``); dates are dd/mm/yyyy in the workbook
(date cells) and ISO 8601 in JSON. Library code only: the command line writes the file.
"""

from __future__ import annotations

import io
import json
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from dossiergen.article6.aef import VERSION, AefTables, English, Value, aef_tables, reporting_role
from dossiergen.article6.figures import record_figures
from dossiergen.errors import Problem, UsageError
from dossiergen.i18n.formatting import DEFAULT_CONVENTIONS
from dossiergen.models import LocalizedText, ProjectRecord
from dossiergen.records.record import Record
from dossiergen.render.localize import Localizer

AEF_FORMATS = ("aef", "aef-json")
SUFFIXES = {"aef": ".xlsx", "aef-json": ".json"}
DATE_FORMAT = "DD/MM/YYYY"
"""How the AEF prints a date (common nomenclature: dd/mm/yyyy)."""
COLUMN_WIDTH = 20


def aef_name(record_id: str, party: str, format_name: str) -> str:
    """``vn-landfill-gas.VNM.aef.xlsx``: the record's id (a slug) and the reporting Party."""
    return f"{record_id}.{party}.aef{SUFFIXES[format_name]}"


def render_aef(record: Record, party: str | None, format_name: str = "aef") -> bytes:
    """The AEF tables ``party`` reports for a project record, as a workbook (``aef``) or JSON (``aef-json``).

    A record that is not a project, or a Party that is not its host or acquiring Party, is a
    ``UsageError`` in one line naming the record.
    """
    project = record.data
    if not isinstance(project, ProjectRecord):
        raise UsageError(Problem(record.path, None, None, f"--format {format_name} writes the AEF tables of a"
                                                          f" project record, not of a {record.kind} record"))
    choose = f"{project.host_party.code} (host Party) or {project.acquiring_party.code} (acquiring Party)"
    if party is None:
        raise UsageError(Problem(record.path, None, None, f"--format {format_name} needs --party: {choose}"))
    if reporting_role(project, party) is None:
        raise UsageError(Problem(record.path, None, None,
                                 f"--party {party!r} is not a Party of this record: choose {choose}"))
    tables = aef_tables(project, party)
    english = english_texts(record)
    return workbook(tables, english) if format_name == "aef" else json_document(record.id, tables, english)


def english_texts(record: Record) -> English:
    """A record's texts in English as the dossier prints them, ``{figures}`` filled in; ``None`` without English."""
    localizer = Localizer(record, ("en",), record_figures(record.data, record.project_data),
                          DEFAULT_CONVENTIONS["dossier"])

    def english(text: LocalizedText) -> str | None:
        if text.en is None:
            return None
        return localizer.text(text)["en"]

    return english


def workbook(tables: AefTables, english: English) -> bytes:
    """The tables as an XLSX workbook: a sheet each, headings in bold in row 1, rows below."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]  # a new workbook's one empty sheet
    book.properties.title = f"Agreed electronic format: {tables.party}"
    book.properties.description = VERSION
    book.properties.creator = "dossiergen"
    for table in tables.tables(english):
        sheet = book.create_sheet(table.name)
        sheet.append(table.columns)
        for heading in sheet[1]:
            heading.font = Font(bold=True)
            heading.alignment = Alignment(wrap_text=True, vertical="top")
        for row in table.rows:
            sheet.append(row)
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, date):
                    cell.number_format = DATE_FORMAT
        for letter in (heading.column_letter for heading in sheet[1]):
            sheet.column_dimensions[letter].width = COLUMN_WIDTH
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def json_document(record_id: str, tables: AefTables, english: English) -> bytes:
    """The tables as JSON: ``{"tables": {"Actions": [{"Action date": "2027-05-20", ...}]}}``."""

    def plain(value: Value) -> str | int | None:
        return value.isoformat() if isinstance(value, date) else value

    document = {
        "format": VERSION,
        "party": tables.party,
        "record": record_id,
        "tables": {table.name: [{column: plain(value) for column, value in zip(table.columns, row, strict=True)}
                                for row in table.rows] for table in tables.tables(english)},
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
