"""Writing outputs so that a reader, or a build killed half-way, never sees half a file."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from dossiergen.documents.kinds import default_kind
from dossiergen.files import PART_SUFFIX, Ours, cannot_write, check_output_target, write_temporary
from dossiergen.models import Lang
from dossiergen.records.record import Record


def write_output(data: bytes, target: Path, *, inputs: Iterable[Path] = (), force: bool = False,
                 ours: Ours | None = None) -> None:
    """Write ``data`` to ``target`` so that a reader sees the old file or the new one, never a part.

    ``target`` is checked first (``files.check_output_target``: never an input, a link, a device or
    a file dossiergen did not write unless ``force``); a missing folder is created. The new file
    has the mode ``open()`` would give it under the umask (0644 under 022).
    """
    check_output_target(target, inputs=inputs, force=force, ours=ours)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise cannot_write(target, error) from None
    temp = write_temporary(data, target)
    try:
        os.replace(temp, target)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise cannot_write(target, error) from None


def output_name(record: Record, langs: tuple[Lang, ...], kind: str | None = None) -> str:
    """``kh-emoto.ko-en.pdf``; ``kh-emoto.loa.km-en.pdf`` for a kind other than the record's default, so
    that a project's Letter of Authorization never overwrites its dossier. Ids are validated slugs and
    kinds registered names, so names stay inside the output folder."""
    middle = f".{kind}" if kind is not None and kind != default_kind(record.kind) else ""
    return f"{record.id}{middle}.{'-'.join(langs)}.pdf"


def remove_leftovers(folder: Path) -> None:
    """Temporary files of a build that was killed while writing: never a finished output.

    Only what ``write_output`` names (``.NAME.pdf.XXXX.part``, ``.NAME.json.XXXX.part``), so
    that an output folder shared with other files loses nothing else.
    """
    for pattern in (f".*.pdf.*{PART_SUFFIX}", f".*.json.*{PART_SUFFIX}"):
        for leftover in folder.glob(pattern):
            leftover.unlink(missing_ok=True)
