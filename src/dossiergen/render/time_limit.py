"""A time limit on one render: a record built to make the layout run for hours fails instead."""

from __future__ import annotations

import gc
import signal
import threading
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from dossiergen.errors import TimedOut, display_path

T = TypeVar("T")


class _TimeUp(BaseException):
    """Raised into a render that ran out of time; a BaseException so that no ``except Exception`` keeps it."""


def call_with_time_limit(seconds: float | None, source: Path, what: str, render: Callable[[], T]) -> T:
    """``render()``, stopped after ``seconds`` with ``TimedOut`` naming ``source`` and ``what`` was being made.

    An interval timer interrupts the Python code of the layout wherever it is. Signals reach the
    main thread only, which is where pool workers and one-process builds render; elsewhere (Dask
    runs tasks in threads, where Dask's own timeouts apply) ``render`` runs without a limit.
    """
    if not seconds or threading.current_thread() is not threading.main_thread():
        return render()

    quiet = warnings.catch_warnings()

    def time_up(signum: int, frame: object) -> None:
        # from here on, files the stopped render had open are dropped, some while the exception
        # unwinds (an open() interrupted before its "with"): none of them is a leak worth a warning
        quiet.__enter__()
        warnings.simplefilter("ignore", ResourceWarning)
        raise _TimeUp

    previous = signal.signal(signal.SIGALRM, time_up)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return render()
    except _TimeUp as stopped:
        # not a context manager: its __exit__ would hold the traceback, and with it the stopped
        # render's frames and open font files, until after the warnings are back on
        stopped.__traceback__ = None
        gc.collect()
        quiet.__exit__(None, None, None)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    raise TimedOut(f"{display_path(source)}: {what} took longer than {seconds:g} s to render"
                   " and was stopped (--timeout)")
