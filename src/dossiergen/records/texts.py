"""Every text of a record, with its location."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from dossiergen.models import LocalizedText
from dossiergen.records.record import Loc


def localized_texts(value: Any, loc: Loc) -> Iterator[tuple[Loc, LocalizedText]]:
    """Every LocalizedText inside a record, with its location."""
    if isinstance(value, LocalizedText):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from localized_texts(getattr(value, name), loc + (name,))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from localized_texts(item, loc + (index,))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from localized_texts(item, loc + (key,))
