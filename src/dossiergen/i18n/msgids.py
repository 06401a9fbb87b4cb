"""The marker of a gettext message given as data (a label, a mark) and translated where it is written."""

from __future__ import annotations


def N_(msgid: str) -> str:
    """Mark ``msgid`` as a gettext message for extraction, without translating it (the writer does)."""
    return msgid
