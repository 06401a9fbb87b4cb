"""The WeasyPrint versions whose internals the adapters in this package were tested against."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import weasyprint

from ..errors import PdfError

TESTED_WEASYPRINT_VERSIONS = frozenset({"70.0"})


def check_version(adapter: str) -> None:
    if weasyprint.__version__ not in TESTED_WEASYPRINT_VERSIONS:
        raise PdfError(
            f"WeasyPrint {weasyprint.__version__} is not one the {adapter} adapter was tested with"
            f" ({', '.join(sorted(TESTED_WEASYPRINT_VERSIONS))}); install a tested version, or re-test"
            " src/dossiergen/pdf/ and add the version to pinned.py")


def check_signature(function: Callable[..., Any], expected: tuple[str, ...], name: str, adapter: str) -> None:
    parameters = tuple(inspect.signature(function).parameters)
    if parameters != expected:
        raise PdfError(f"{name}{parameters} is not the expected {expected}: the {adapter} adapter needs updating")
