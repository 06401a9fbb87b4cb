"""One text in each language of a document."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from dossiergen.models import Lang


class Localized(Mapping[str, str]):
    """One text in each language of a document, in the document's order."""

    def __init__(self, texts: Mapping[str, str] | Mapping[Lang, str],
                 specimen: Mapping[str, str] | None = None) -> None:
        self._texts: dict[str, str] = {str(lang): text for lang, text in texts.items()}
        self.specimen: Mapping[str, str] | None = specimen
        """The specimen mark (``[SPECIMEN]`` in each language) when the text is or holds an illustrative value
        of a record: every writer prints it after the text."""

    def marked(self, specimen: Mapping[str, str] | None) -> Localized:
        """This text with the specimen mark ``specimen`` (none: as it is)."""
        return self if specimen is None or self.specimen is not None else Localized(self._texts, specimen)

    def __getitem__(self, lang: str) -> str:
        return self._texts[lang]

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)

    def __repr__(self) -> str:
        return f"Localized({self._texts!r}{', specimen' if self.specimen else ''})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Localized) and self._texts == other._texts

    def __hash__(self) -> int:
        return hash(tuple(self._texts.items()))

    @property
    def same_in_all(self) -> bool:
        """True when every language writes it alike (a code, a number): show it once."""
        return len(set(self._texts.values())) == 1
