"""One text in each language of a document."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from dossiergen.models import Lang


class Localized(Mapping[str, str]):
    """One text in each language of a document, in the document's order."""

    def __init__(self, texts: Mapping[str, str] | Mapping[Lang, str]) -> None:
        self._texts: dict[str, str] = {str(lang): text for lang, text in texts.items()}

    def __getitem__(self, lang: str) -> str:
        return self._texts[lang]

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)

    def __repr__(self) -> str:
        return f"Localized({self._texts!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Localized) and self._texts == other._texts

    def __hash__(self) -> int:
        return hash(tuple(self._texts.items()))

    @property
    def same_in_all(self) -> bool:
        """True when every language writes it alike (a code, a number): show it once."""
        return len(set(self._texts.values())) == 1
