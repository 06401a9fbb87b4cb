"""Named entries that later changes extend: document kinds, output formats."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Generic, Protocol, TypeVar

from dossiergen.errors import UsageError


class Named(Protocol):
    @property
    def name(self) -> str: ...


T = TypeVar("T", bound=Named)


class Registry(Mapping[str, T], Generic[T]):
    """Named entries a later change extends with ``register``; an unknown name is a ``UsageError``."""

    def __init__(self, what: str) -> None:
        self._what = what
        self._entries: dict[str, T] = {}

    def register(self, entry: T) -> T:
        if entry.name in self._entries:
            raise UsageError(f"there is already a {self._what} {entry.name!r}")
        self._entries[entry.name] = entry
        return entry

    def __getitem__(self, name: str) -> T:
        entry = self.get(name)
        if entry is None:
            raise UsageError(f"no {self._what} {name!r}; choose {', '.join(self._entries)}")
        return entry

    def get(self, name: object, default: T | None = None) -> T | None:  # type: ignore[override]  # any key: None
        return self._entries.get(name, default) if isinstance(name, str) else default

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)
