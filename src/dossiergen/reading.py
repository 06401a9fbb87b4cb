"""Files from outside, read safely: a regular file only, its size checked before it is read, never more than a limit.

A record, a PO file, a catalog, an illustration, an annex or a PDF to extract from is refused when it
is not a regular file (a FIFO would block the read for ever, ``/dev/zero`` never ends, a directory
is not a record) or when ``fstat`` says it is larger than its limit; at most the limit plus one byte is
read, so a file that grows while it is read is refused as well. Each refusal is one located line, raised
as the error class of the stage that reads the file.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import BinaryIO

from dossiergen.errors import DossiergenError, Problem

Locate = Callable[[str], Problem]
"""Turns a reason into the located problem of the stage (``path: reason``, or a record's line and field)."""

_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))
_FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
"""``O_NONBLOCK``: opening a FIFO that slipped in between the check and the open does not wait for a writer."""
_CHUNK = 1 << 20


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a file")


def _not_regular(mode: int) -> str | None:
    return None if stat.S_ISREG(mode) else f"not a regular file ({_kind(mode)})"


def _too_large(size: int, limit: int, what: str) -> str | None:
    return f"{size} bytes, more than {what} may have ({limit})" if size > limit else None


@contextmanager
def open_regular(path: Path, limit: int, what: str, error: type[DossiergenError],
                 locate: Locate | None = None) -> Iterator[BinaryIO]:
    """``path`` opened for reading once it is known to be a regular file of at most ``limit`` bytes.

    ``what`` names the file in the message (``a record``); ``error`` is the stage's error class;
    ``locate`` places the reason (default: ``path: reason``).
    """
    where: Locate = locate or partial(Problem, path, None, None)
    try:
        # stat first: a device or FIFO is refused without being opened at all
        reason = _not_regular(os.stat(path).st_mode)
        if reason is not None:
            raise error(where(reason))
        descriptor = os.open(path, _FLAGS)
    except OSError as failure:
        raise error(where(f"cannot read: {failure.strerror}")) from None
    with os.fdopen(descriptor, "rb") as handle:
        opened = os.fstat(descriptor)  # what was opened, which may not be what was checked a moment ago
        reason = _not_regular(opened.st_mode) or _too_large(opened.st_size, limit, what)
        if reason is not None:
            raise error(where(reason))
        yield handle


def chunks_of(path: Path, limit: int, what: str, error: type[DossiergenError],
              locate: Locate | None = None) -> Iterator[bytes]:
    """The bytes of the regular file ``path`` in pieces, at most ``limit`` in all (see ``open_regular``)."""
    where: Locate = locate or partial(Problem, path, None, None)
    total = 0
    with open_regular(path, limit, what, error, where) as handle:
        try:
            while chunk := handle.read(min(_CHUNK, limit + 1 - total)):
                total += len(chunk)
                if total > limit:  # it grew after fstat
                    raise error(where(f"more than {what} may have ({limit} bytes): it grew while it was read"))
                yield chunk
        except OSError as failure:
            raise error(where(f"cannot read: {failure.strerror}")) from None


def read_limited(path: Path, limit: int, what: str, error: type[DossiergenError],
                 locate: Locate | None = None) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit``; ``error`` otherwise (see ``open_regular``)."""
    return b"".join(chunks_of(path, limit, what, error, locate))


def sha256_limited(path: Path, limit: int, what: str, error: type[DossiergenError],
                   locate: Locate | None = None) -> bytes:
    """The SHA-256 of the regular file ``path`` of at most ``limit`` bytes, read in pieces."""
    digest = hashlib.sha256()
    for chunk in chunks_of(path, limit, what, error, locate):
        digest.update(chunk)
    return digest.digest()


def reason_of(error: DossiergenError) -> str:
    """The reasons of a refusal without where they are, for a message that says where itself."""
    return "; ".join(problem.message if isinstance(problem, Problem) else problem for problem in error.problems)
