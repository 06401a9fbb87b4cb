"""The glossary: one official term per concept in Korean, Khmer and English, and the variants to avoid.

``locales/glossary.yaml`` (a project's, else the built-in one) lists ministries, Article 6 terms and
document names. ``dossiergen i18n check`` reports every catalog translation and record text that
uses a listed variant instead of the term, with file and line; ``dossiergen i18n glossary`` writes
the terms as TBX, the terminology exchange format translators' tools read, beside the PO files.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from xml.etree import ElementTree

from babel.messages.pofile import read_po
from pydantic import ValidationError

from dossiergen.errors import CatalogError, Problem
from dossiergen.i18n.catalogs import po_path
from dossiergen.models import LANGS, Lang
from dossiergen.models.common import RecordId, Strict
from dossiergen.records.record import Record, dotted, validation_problems
from dossiergen.records.texts import localized_texts
from dossiergen.records.yaml_safety import parse_bytes, read_record_bytes

GLOSSARY_FILE = "glossary.yaml"
TBX_FILE = "glossary.tbx"


class Term(Strict):
    ko: str
    km: str
    en: str
    note: str | None = None
    variants: dict[Lang, list[str]] = {}
    """Spellings of the term that a catalog or a record must not use, per language."""


class Glossary(Strict):
    kind: Literal["glossary"]
    terms: dict[RecordId, Term]


@dataclass(frozen=True)
class Used:
    """A text in one language and where it is: a catalog's translation or a record's field."""

    path: Path
    line: int | None
    field: str | None
    lang: str
    text: str


def glossary_path(locales: Path, builtin: Path | None = None) -> Path | None:
    """The project's ``glossary.yaml``, else the built-in one, else none."""
    for folder in (locales, builtin):
        if folder is not None and (folder / GLOSSARY_FILE).is_file():
            return folder / GLOSSARY_FILE
    return None


def load_glossary(path: Path) -> Glossary:
    data, lines = parse_bytes(path, read_record_bytes(path))
    try:
        return Glossary.model_validate(data)
    except ValidationError as error:
        raise CatalogError(validation_problems(path, lines, error)) from None


def catalog_texts(locales: Path, langs: Iterable[str] = LANGS) -> Iterator[Used]:
    """Every translation of the catalogs of ``locales``."""
    for lang in langs:
        path = po_path(locales, lang)
        if not path.is_file():
            continue
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        for message in catalog:
            if message.id and isinstance(message.string, str) and message.string:
                yield Used(path, message.lineno, f"msgid {message.id!r}", lang, message.string)


def record_texts(records: Iterable[Record]) -> Iterator[Used]:
    """Every text of ``records``, per language."""
    for record in records:
        for loc, text in localized_texts(record.data, ()):
            for lang in LANGS:
                value = text.get(lang)
                if value is not None:
                    yield Used(record.path, record.line_of(loc + (lang,)), dotted(loc + (lang,)), lang, value)


def variant_problems(glossary: Glossary, texts: Iterable[Used]) -> list[Problem]:
    """A variant used where the glossary has a term: one located line each."""
    problems = []
    for used in texts:
        for term_id, term in glossary.terms.items():
            for variant in term.variants.get(used.lang, []):  # type: ignore[call-overload]
                if variant in used.text:
                    official = getattr(term, used.lang)
                    problems.append(Problem(used.path, used.line, used.field,
                                            f"{variant!r}: the glossary's term is {official!r} ({term_id})"))
    return problems


def tbx(glossary: Glossary) -> bytes:
    """The glossary as TBX: one concept entry per term, a language section per language, variants marked
    as deprecated terms."""
    root = ElementTree.Element("tbx", {"type": "TBX-Basic", "style": "dct", "xml:lang": "en",
                                       "xmlns": "urn:iso:std:iso:30042:ed-2"})
    header = ElementTree.SubElement(root, "tbxHeader")
    description = ElementTree.SubElement(ElementTree.SubElement(header, "fileDesc"), "sourceDesc")
    ElementTree.SubElement(description, "p").text = "dossiergen glossary: Article 6.2 terms, ministries, documents"
    body = ElementTree.SubElement(ElementTree.SubElement(root, "text"), "body")
    for term_id, term in glossary.terms.items():
        entry = ElementTree.SubElement(body, "conceptEntry", {"id": term_id})
        if term.note:
            ElementTree.SubElement(entry, "descrip", {"type": "definition"}).text = term.note
        for lang in LANGS:
            section = ElementTree.SubElement(entry, "langSec", {"xml:lang": lang})
            preferred = ElementTree.SubElement(section, "termSec")
            ElementTree.SubElement(preferred, "term").text = getattr(term, lang)
            ElementTree.SubElement(preferred, "termNote",
                                   {"type": "administrativeStatus"}).text = "preferredTerm-admn-sts"
            for variant in term.variants.get(lang, []):
                avoided = ElementTree.SubElement(section, "termSec")
                ElementTree.SubElement(avoided, "term").text = variant
                ElementTree.SubElement(avoided, "termNote", {"type": "administrativeStatus"}).text = \
                    "deprecatedTerm-admn-sts"
    ElementTree.indent(root)
    return bytes(ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)) + b"\n"
