"""Every text of a record, with its location."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from dossiergen.models import LocalizedText
from dossiergen.records.record import Loc


def record_leaves(value: Any, loc: Loc) -> Iterator[tuple[Loc, Any]]:
    """Every value inside a record that is not a model, list or mapping (a LocalizedText counts as one, not
    its languages), with its location."""
    if isinstance(value, BaseModel) and not isinstance(value, LocalizedText):
        for name in type(value).model_fields:
            yield from record_leaves(getattr(value, name), loc + (name,))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from record_leaves(item, loc + (index,))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from record_leaves(item, loc + (key,))
    else:
        yield loc, value


def localized_texts(value: Any, loc: Loc) -> Iterator[tuple[Loc, LocalizedText]]:
    """Every LocalizedText inside a record, with its location."""
    for where, leaf in record_leaves(value, loc):
        if isinstance(leaf, LocalizedText):
            yield where, leaf
