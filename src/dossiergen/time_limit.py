"""A time limit on one render: a record built to make the layout run for hours fails instead."""

from __future__ import annotations

import gc
import signal
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import TimedOut, display_path


class _TimeUp(BaseException):
    """Raised into a render that ran out of time; a BaseException so that no ``except Exception`` keeps it."""


@contextmanager
def time_limit(seconds: float | None, source: Path, what: str) -> Iterator[None]:
    """Stop the block after ``seconds`` with ``TimedOut`` naming ``source`` and ``what`` was being made.

    An interval timer interrupts the Python code of the layout wherever it is. Signals reach the
    main thread only, which is where pool workers and one-process builds render; elsewhere (Dask
    runs tasks in threads, where Dask's own timeouts apply) the block runs without a limit.
    """
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def time_up(signum: int, frame: object) -> None:
        raise _TimeUp

    previous = signal.signal(signal.SIGALRM, time_up)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _TimeUp as stopped:
        _drop_quietly(stopped)
        raise TimedOut(f"{display_path(source)}: {what} took longer than {seconds:g} s to render"
                       " and was stopped (--timeout)") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _drop_quietly(stopped: BaseException) -> None:
    """Let go of the frames a stopped render left, and the files they held open, without a warning each."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        stopped.__traceback__ = None  # the interrupted frames, and their open font files, go here
        gc.collect()
