"""The languages dossiergen writes, and the language sets a document may take."""

from __future__ import annotations

from dossiergen.errors import UsageError
from dossiergen.models import Lang

LANG_NAMES = {"ko": "Korean", "km": "Khmer", "en": "English"}
_LANG: dict[str, Lang] = {"ko": "ko", "km": "km", "en": "en"}
LANGUAGE_SETS: tuple[str, ...] = ("ko", "km", "en", "ko+en", "km+en", "ko+km", "ko+km+en")


def parse_langs(value: str) -> tuple[Lang, ...]:
    """``"ko+en"`` -> ``("ko", "en")``; the first language leads the document."""
    if value not in LANGUAGE_SETS:
        raise UsageError(f"--lang {value!r}: choose one of {', '.join(LANGUAGE_SETS)}")
    return tuple(_LANG[part] for part in value.split("+"))
