"""Writing outputs so that a reader, or a build killed half-way, never sees half a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from dossiergen.errors import OutputError, Problem
from dossiergen.models import Lang
from dossiergen.records.record import Record

PART_SUFFIX = ".part"


def write_output(data: bytes, target: Path) -> None:
    """Write ``data`` to ``target`` so that a reader sees the old file or the new one, never a part."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=PART_SUFFIX, dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp_name, target)
    except OSError as error:
        Path(temp_name).unlink(missing_ok=True)
        raise OutputError(Problem(target, None, None, f"cannot write: {error.strerror}")) from None


def output_name(record: Record, langs: tuple[Lang, ...]) -> str:
    """``kh-emoto.ko-en.pdf``: ids are validated slugs, so names stay inside the output folder."""
    return f"{record.id}.{'-'.join(langs)}.pdf"


def remove_leftovers(folder: Path) -> None:
    """Temporary files of a build that was killed while writing: never a finished output.

    Only what ``write_output`` names (``.NAME.pdf.XXXX.part``, ``.NAME.json.XXXX.part``), so
    that an output folder shared with other files loses nothing else.
    """
    for pattern in (f".*.pdf.*{PART_SUFFIX}", f".*.json.*{PART_SUFFIX}"):
        for leftover in folder.glob(pattern):
            leftover.unlink(missing_ok=True)
