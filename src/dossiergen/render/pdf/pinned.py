"""The WeasyPrint versions whose internals the adapters in this package were tested against."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from types import ModuleType
from typing import Any

import weasyprint

from dossiergen.errors import PdfError

TESTED_WEASYPRINT_VERSIONS = frozenset({"70.0"})


def check_version(adapter: str) -> None:
    if weasyprint.__version__ not in TESTED_WEASYPRINT_VERSIONS:
        raise PdfError(
            f"WeasyPrint {weasyprint.__version__} is not one the {adapter} adapter was tested with"
            f" ({', '.join(sorted(TESTED_WEASYPRINT_VERSIONS))}); install a tested version, or re-test"
            " src/dossiergen/render/pdf/ and add the version to pinned.py")


def check_signature(function: Callable[..., Any], expected: tuple[str, ...], name: str, adapter: str) -> None:
    parameters = tuple(inspect.signature(function).parameters)
    if parameters != expected:
        raise PdfError(f"{name}{parameters} is not the expected {expected}: the {adapter} adapter needs updating")


class PinnedPatch:
    """A WeasyPrint function replaced by a wrapper, once per process, only on a tested version.

    The wrapper calls ``patch.original``. The replaced functions are looked up through their
    module's globals at call time (by WeasyPrint's callers and by their own recursion), so
    setting the module attribute reaches every call.
    """

    def __init__(self, module: ModuleType, name: str, expected: tuple[str, ...], label: str,
                 wrapper: Callable[..., Any]) -> None:
        self.module = module
        self.name = name
        self.expected = expected
        self.label = label
        self.wrapper = wrapper
        self.original: Callable[..., Any] | None = None

    def check_compatible(self) -> None:
        """Fail loudly when WeasyPrint is not a version, or a shape, this patch was tested with."""
        check_version(self.label)
        check_signature(self.original or getattr(self.module, self.name), self.expected,
                        f"{self.module.__name__}.{self.name}", self.label)

    def install(self) -> None:
        if self.original is not None:
            return
        self.check_compatible()
        self.original = getattr(self.module, self.name)
        setattr(self.module, self.name, self.wrapper)

    def installed(self) -> bool:
        return getattr(self.module, self.name) is self.wrapper
