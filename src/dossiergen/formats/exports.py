"""Editable word-processor exports of press notices and minutes: DOCX (``docx.py``) and HWPX (``hwpx.py``).

Like the web post (``post.py``), each is written from the document tree the PDF is written from
(``documents/``): the texts, figures and fixed wording are the PDF's, only the container differs.
Library code only: the command line (``render --format docx|hwpx``) writes the file and prints.
"""

from __future__ import annotations

from pathlib import Path

from dossiergen.errors import UsageError

EXPORT_FORMATS = ("docx", "hwpx")
EXPORT_KINDS = ("press", "minutes")
"""A dossier stays a PDF: its equations, chart and signature fields are not for editing."""


def check_record_kind(path: Path | str, record_kind: str, format_name: str) -> None:
    """Refuse a record the exports do not make, in one line (exit code 2)."""
    if record_kind not in EXPORT_KINDS:
        raise UsageError(f"{path}: --format {format_name} makes a press notice or minutes, not a {record_kind} record")


def export_name(record_id: str, langs: tuple[str, ...], format_name: str) -> str:
    """``kh-emoto-press-2025-07-21.ko-en.docx``: named as the PDF is (``outputs.output_name``); ids are slugs."""
    return f"{record_id}.{'-'.join(langs)}.{format_name}"
