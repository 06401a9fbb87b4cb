"""One build at a time per output folder: an exclusive ``flock`` on ``OUT/.dossiergen.lock``.

The lock file holds the pid of the build that has it, so that a second build can say whom it
waits for. The kernel drops the lock when the holder exits, however it ends (killed included):
a stale file never blocks anyone. The file itself stays, empty between builds; removing it would
let a build that opened it just before lock a file no other build can find.
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from dossiergen.errors import OutputRefused, Problem
from dossiergen.files import check_output_target, new_file_mode

LOCK_NAME = ".dossiergen.lock"


class BuildLocked(OutputRefused):
    """Another build holds the output folder, and this one was told not to wait (``--no-wait``)."""


@contextmanager
def build_lock(out_dir: Path, *, wait: bool = True,
               waiting: Callable[[int | None], None] | None = None) -> Iterator[None]:
    """Hold the output folder ``out_dir`` (created if missing) for the duration of the block.

    If another build holds it: with ``wait``, ``waiting(pid)`` is called once (``None`` when the
    holder has not written its pid yet) and the build blocks until the lock is free; otherwise
    ``BuildLocked`` names the holder.
    """
    path = out_dir / LOCK_NAME
    check_output_target(path, ours=lambda _path: True)  # a link, a FIFO or a folder there is refused
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        # O_NOFOLLOW: a link planted there between the check and the open is refused, not followed
        handle = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK,
                         new_file_mode())
    except OSError as error:
        raise OutputRefused(Problem(path, None, None, f"cannot lock the output folder: {error.strerror}")) from None
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise OutputRefused(Problem(path, None, None, "is not a regular file; the output folder cannot be locked"))
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno not in (errno.EWOULDBLOCK, errno.EAGAIN):
                raise OutputRefused(Problem(path, None, None, f"cannot lock: {error.strerror}")) from None
            holder = _holder(handle)
            if not wait:
                raise BuildLocked(Problem(out_dir, None, None, f"a build ({_pid(holder)}) is writing into this"
                                                               " folder; run again when it has finished")) from None
            if waiting is not None:
                waiting(holder)
            fcntl.flock(handle, fcntl.LOCK_EX)  # Ctrl-C or SIGTERM still interrupt the wait
        os.ftruncate(handle, 0)
        os.pwrite(handle, f"{os.getpid()}\n".encode("ascii"), 0)
        try:
            yield
        finally:
            os.ftruncate(handle, 0)  # whoever reads it next finds no pid of a finished build
    finally:
        os.close(handle)  # and with it the lock


def _holder(handle: int) -> int | None:
    text = os.pread(handle, 32, 0).decode("ascii", "replace").strip()
    return int(text) if text.isdigit() else None


def _pid(holder: int | None) -> str:
    return f"pid {holder}" if holder is not None else "pid not yet known"
