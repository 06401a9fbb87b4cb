"""Timeline integrity: the record's events happen in the order Article 6.2 accounting needs them.

The letters come first (no objection, technical assessment, authorization). For each vintage, its
monitoring period ends before its verification, the verification comes before the issuance, the
issuance before the first transfer, the first transfer before an acquisition, use or cancellation;
nothing is issued or transferred for a vintage before its year is over. A document dated D shows
what happens after D as planned, never as done, and what is done happened on or before D.
Units in serial blocks exist only once their vintage has been issued, and no more than were issued.

Each violation is a location in the record and a message naming both dates.
"""

from __future__ import annotations

from datetime import date

from dossiergen.models import ProjectRecord
from dossiergen.models.article6 import Event

Loc = tuple[str | int, ...]
ORDER = ("monitoring", "verification", "issuance", "first_transfer", "acquisition", "use", "cancellation")
"""The order of the steps of one vintage; a later step never precedes an earlier one."""
NAMES = {"monitoring": "the monitoring period's end", "verification": "the verification", "issuance": "the issuance",
         "first_transfer": "the first transfer", "acquisition": "the acquisition", "use": "the use",
         "cancellation": "the cancellation"}


def timeline_problems(project: ProjectRecord) -> list[tuple[Loc, str]]:
    """Every event out of order, done after the document's date, or planned before it."""
    problems: list[tuple[Loc, str]] = []
    authorization = project.authorization.date
    as_of = project.dossier.date if project.dossier is not None else None
    for index, event in enumerate(project.events):
        loc: Loc = ("events", index)
        if event.kind != "monitoring" and event.date < date(event.vintage + 1, 1, 1) and event.kind != "verification":
            problems.append((loc + ("date",), f"{event.kind.replace('_', ' ')} of vintage {event.vintage} on"
                                              f" {event.date}, before the vintage's year is over"))
        if event.kind in ("issuance", "first_transfer", "acquisition", "use", "cancellation") \
                and event.date < authorization:
            problems.append((loc + ("date",), f"{event.kind.replace('_', ' ')} on {event.date}, before the"
                                              f" authorization ({authorization})"))
        if as_of is not None:
            if event.status == "done" and event.date > as_of:
                problems.append((loc + ("status",), f"done on {event.date}, after the document's date {as_of}:"
                                                    " an event after it can only be planned"))
            if event.status == "planned" and event.date < as_of:
                problems.append((loc + ("status",), f"planned for {event.date}, before the document's date {as_of}:"
                                                    " say whether it was done"))
    problems += _order_problems(project.events)
    problems += _serial_problems(project)
    return problems


def _order_problems(events: list[Event]) -> list[tuple[Loc, str]]:
    problems: list[tuple[Loc, str]] = []
    for index, event in enumerate(events):
        rank = ORDER.index(event.kind)
        for other_index, other in enumerate(events):
            if other.vintage != event.vintage or ORDER.index(other.kind) >= rank:
                continue
            if other.date > event.date or (other.date == event.date and other.kind == "monitoring"):
                problems.append((("events", index, "date"),
                                 f"{NAMES[event.kind]} of vintage {event.vintage} on {event.date} comes before"
                                 f" {NAMES[other.kind]} on {other.date} (events[{other_index}])"))
        if event.kind in ("issuance",) and event.status == "done":
            before = [other for other in events if other.vintage == event.vintage and other.kind == "verification"
                      and other.status == "done"]
            if not before:
                problems.append((("events", index, "status"),
                                 f"vintage {event.vintage} issued on {event.date} without a verification done"
                                 " before it"))
    return problems


def _serial_problems(project: ProjectRecord) -> list[tuple[Loc, str]]:
    issued: dict[int, int] = {}
    for event in project.events:
        if event.kind == "issuance" and event.status == "done" and event.quantity_t is not None:
            issued[event.vintage] = issued.get(event.vintage, 0) + event.quantity_t
    problems: list[tuple[Loc, str]] = []
    used: dict[int, int] = {}
    for index, block in enumerate(project.serial_blocks):
        used[block.vintage] = used.get(block.vintage, 0) + block.quantity
        if block.vintage not in issued:
            problems.append((("serial_blocks", index, "vintage"),
                             f"units of vintage {block.vintage}, which has not been issued (no issuance event done)"))
        elif used[block.vintage] > issued[block.vintage]:
            problems.append((("serial_blocks", index, "quantity"),
                             f"{used[block.vintage]} units of vintage {block.vintage} in serial blocks, more than the"
                             f" {issued[block.vintage]} issued"))
    return problems
