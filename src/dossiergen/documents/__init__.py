"""What each document kind derives from its records, beyond the records' own fields.

One module per kind, each with ``derive(record, localizer) -> dict``: the values a template
places (tables, groupings, chart geometry), computed once here and never in a template.
Problems go to ``localizer.problems`` with their location, like the context stage's own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dossiergen.documents import dossier, minutes, press
from dossiergen.records.record import Record
from dossiergen.render.localize import Localizer

Deriver = Callable[[Record, Localizer], dict[str, Any]]
DERIVERS: dict[str, Deriver] = {"dossier": dossier.derive, "press": press.derive, "minutes": minutes.derive}


def derive(kind: str, record: Record, localizer: Localizer) -> dict[str, Any]:
    return DERIVERS[kind](record, localizer)
