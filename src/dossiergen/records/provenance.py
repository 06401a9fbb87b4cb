"""Which values of a record are illustrative: the fields its ``illustrative:`` list names, and all inside them.

What the sources do not give is listed there; the context stage marks each such value wherever a
document prints it (``Localized.specimen``), and a record that is to be final may list none.
"""

from __future__ import annotations

from dossiergen.errors import Problem
from dossiergen.models import ProjectRecord
from dossiergen.records.record import Loc, Record, RecordData


def illustrative_locs(data: RecordData) -> tuple[Loc, ...]:
    """The record's ``illustrative`` entries (``key_dates.0.date``) as locations (``('key_dates', 0, 'date')``)."""
    return tuple(tuple(int(part) if part.isdigit() else part for part in entry.split("."))
                 for entry in data.illustrative)


def covers(locs: tuple[Loc, ...], loc: Loc) -> bool:
    """``loc`` is one of ``locs`` or lies inside one."""
    return any(loc[:len(each)] == each for each in locs)


def is_final(data: RecordData) -> bool:
    """The record says it is final: a dossier's ``dossier.status``, a notice's or minutes' ``status``."""
    if isinstance(data, ProjectRecord):
        return data.dossier is not None and data.dossier.status == "final"
    return data.status == "final"


def final_problems(record: Record, *, final: bool = False) -> list[Problem]:
    """A final record (or any, with ``final``: ``build --final``) may not keep illustrative values."""
    data = record.data
    if not data.illustrative or not (final or is_final(data)):
        return []
    where: Loc = ("illustrative",)
    if is_final(data):
        where = ("dossier", "status") if isinstance(data, ProjectRecord) else ("status",)
    reason = "a final record" if is_final(data) else "--final"
    return [record.problem(where, f"{reason} cannot keep illustrative values; still listed: "
                                  + ", ".join(data.illustrative))]
