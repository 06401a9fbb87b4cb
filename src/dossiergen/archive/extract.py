"""Read back what a dossiergen PDF carries: its records, render options and fingerprint.

The inverse of ``embed.py``: ``read_inputs`` finds the embedded records and the document
information entries, ``fingerprint_matches`` recomputes the fingerprint from them, and
``printed_fingerprints`` reads the one each page's footer shows.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pdfplumber
import pikepdf

from dossiergen.archive.embed import fingerprint
from dossiergen.errors import ExtractError, Problem
from dossiergen.render.pdf.annexes import ANNEX_LABEL

ATTACHMENT_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\.(?:project|press|minutes)\.json$")
"""What an embedded record's name may be: an id and a kind. Anything else is not written out."""
ANNEX_NAME = re.compile(r"^annex-[0-9]+(?:-[a-z0-9]+)*\.pdf$")
"""An annex's original, embedded beside the records when its pages were appended as images
(``render/pdf/annexes.py``): carried, not a record, so not written out."""
PRINTED = re.compile(r"SHA-256 ([0-9a-f]{4}) ([0-9a-f]{4}) ([0-9a-f]{4})")


@dataclass(frozen=True)
class CarriedInputs:
    """The records and options a PDF was rendered from, as it carries them."""

    records: dict[str, bytes]
    main: str
    """The name of the rendered record among ``records``."""
    options: dict[str, object]
    options_text: str
    fingerprint: str
    """The fingerprint the PDF states (document information)."""

    @property
    def main_record(self) -> bytes:
        return self.records[self.main]

    def fingerprint_matches(self) -> bool:
        """The records and options inside still hash to the fingerprint the PDF states."""
        return fingerprint(self.options_text, self.records) == self.fingerprint


def read_inputs(pdf: bytes, source: Path) -> CarriedInputs:
    """The records, options and fingerprint ``pdf`` carries; ``ExtractError`` if it carries none."""

    def fail(reason: str) -> ExtractError:
        return ExtractError(Problem(source, None, None, reason))

    try:
        document = pikepdf.open(io.BytesIO(pdf))
    except pikepdf.PdfError as error:
        raise fail(f"not a readable PDF ({error})") from None
    with document:
        info = {str(key): str(value) for key, value in document.docinfo.items()}
        main, options_text, stated = (info.get(f"/{key}") for key in
                                      ("DossiergenRecord", "DossiergenOptions", "DossiergenFingerprint"))
        if main is None or options_text is None or stated is None:
            raise fail("carries no dossiergen record (made by another program, or before records were embedded)")
        records: dict[str, bytes] = {}
        for name, spec in document.attachments.items():
            if ANNEX_NAME.fullmatch(name):
                continue
            if not ATTACHMENT_NAME.fullmatch(name):
                raise fail(f"embedded file {name!r} is not named as dossiergen names records")
            records[name] = spec.get_file().read_bytes()
    if main not in records:
        raise fail(f"the record {main!r} the document names is not embedded in it")
    try:
        options = json.loads(options_text)
    except json.JSONDecodeError:
        raise fail("its render options (DossiergenOptions) are not JSON") from None
    return CarriedInputs(records=records, main=main, options=options, options_text=options_text,
                         fingerprint=stated)


def printed_fingerprints(pdf: bytes, source: Path) -> list[str | None]:
    """The fingerprint each page's footer prints (12 hex digits), ``None`` where a page shows none."""
    found: list[str | None] = []
    try:
        with pdfplumber.open(io.BytesIO(pdf)) as document:
            for page in document.pages:
                match = PRINTED.search(page.extract_text() or "")
                found.append("".join(match.groups()) if match else None)
    except Exception as error:  # a damaged file fails inside pdfminer in many ways; each is the same answer
        raise ExtractError(Problem(source, None, None, f"the pages cannot be read: {error}")) from None
    return found


def document_titles(pdf: bytes) -> dict[str, str]:
    """The title in each language the XMP metadata gives (``dc:title``), ``x-default`` left out."""
    rdf = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
    with pikepdf.open(io.BytesIO(pdf)) as document:
        packet = document.Root.Metadata.read_bytes()
    root = ElementTree.fromstring(packet[packet.index(b"<x:xmpmeta"):packet.index(b"</x:xmpmeta>") + 12])
    return {lang: item.text or "" for title in root.iter("{http://purl.org/dc/elements/1.1/}title")
            for item in title.iter(f"{rdf}li")
            if (lang := item.get("{http://www.w3.org/XML/1998/namespace}lang", "x-default")) != "x-default"}


def annex_pages(pdf: bytes) -> set[int]:
    """The pages (1-based) appended as annexes, by their page labels: they carry no fingerprint of their own."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return {number for number, page in enumerate(document.pages, 1) if ANNEX_LABEL.match(str(page.label))}
