"""Files dossiergen writes whole: a temporary file, synced, then renamed into place by the caller.

``mkstemp`` makes the temporary file 0600 whatever the umask; it is given ``0o666 & ~umask``
instead, as ``open()`` would have, so that a web server can publish the press board and a
colleague can read the PDFs.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from dossiergen.errors import OutputError, Problem

PART_SUFFIX = ".part"
"""Temporary files end so (``.NAME.XXXX.part``): a build removes those a killed one left."""


def umask() -> int:
    """The process's umask, read without changing it where Linux shows it in /proc."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    # Elsewhere the umask can only be read by setting it: a file another thread creates in between
    # gets the restrictive 0o077 rather than a world-writable mode
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def new_file_mode() -> int:
    """The mode ``open()`` gives a new file under the current umask (0644 under umask 022)."""
    return 0o666 & ~umask()


def write_temporary(data: bytes, target: Path, folder: Path | None = None, mode: int | None = None) -> Path:
    """``data`` in a new temporary file named after ``target``, beside it or in ``folder``; its path.

    The file is synced and has ``mode`` (by default the umask's); nothing is left behind when
    writing fails, which is an ``OutputError`` about ``target``.
    """
    temp: Path | None = None
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=PART_SUFFIX, dir=folder or target.parent)
        temp = Path(name)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fchmod(handle, new_file_mode() if mode is None else mode)
            os.fsync(handle)
    except OSError as error:
        if temp is not None:
            temp.unlink(missing_ok=True)
        raise cannot_write(target, error) from None
    return temp


def cannot_write(target: Path, error: OSError) -> OutputError:
    """The one line for a file that could not be written: the target, and the system's reason."""
    return OutputError(Problem(target, None, None, f"cannot write: {error.strerror}"))
