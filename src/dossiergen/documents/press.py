"""What a press document derives from its records."""

from __future__ import annotations

from typing import Any

from ..loader import Record
from ..localize import Localizer


def derive(record: Record, localizer: Localizer) -> dict[str, Any]:
    return {}
