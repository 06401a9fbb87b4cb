"""Libraries' loggers kept quiet: library code never prints (what matters is raised or reported)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def quiet_loggers(*names: str) -> Iterator[None]:
    """Keep what these loggers (and their children) say from reaching standard error."""
    loggers = [logging.getLogger(name) for name in names]
    handler = logging.NullHandler()
    previous = [logger.propagate for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.propagate = False
    try:
        yield
    finally:
        for logger, propagate in zip(loggers, previous, strict=True):
            logger.removeHandler(handler)
            logger.propagate = propagate
