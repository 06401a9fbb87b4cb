"""Read back what a dossiergen PDF carries: its records, render options and fingerprint.

The inverse of ``embed.py``: ``read_inputs`` finds the embedded records and the document
information entries, ``fingerprint_matches`` recomputes the fingerprint from them, and
``printed_fingerprints`` reads the one each page's footer shows.
"""

from __future__ import annotations

import io
import json
import re
import zlib
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pikepdf
from defusedxml import ElementTree

from dossiergen.archive.embed import ATTACHMENT_NAME, fingerprint
from dossiergen.errors import ExtractError, Problem
from dossiergen.render.pdf.annexes import ANNEX_LABEL

ANNEX_NAME = re.compile(r"^annex-[0-9]+(?:-[a-z0-9]+)*\.pdf$")
"""An annex's original, embedded beside the records when its pages were appended as images
(``render/pdf/annexes.py``): carried, not a record, so not written out."""
PRINTED = re.compile(r"SHA-256 ([0-9a-f]{4}) ([0-9a-f]{4}) ([0-9a-f]{4})")
MAX_PDF_BYTES = 256 * 1024 * 1024
"""A PDF to extract from, verify or sign: a dossier with the largest annexes stays well below."""
MAX_EMBEDDED_BYTES = 16 * 1024 * 1024
"""One embedded record, decompressed: a record is at most 1 MB of YAML, its canonical JSON a few times that."""
MAX_XMP_BYTES = 4 * 1024 * 1024
"""The XMP metadata packet, decompressed (dossiergen's are a few kilobytes)."""
MAX_JSON_CHARS = 1_000_000
"""Characters of JSON read from a PDF (the render options: a few hundred, a kilobyte with many annexes)."""
MAX_JSON_DEPTH = 40
"""Levels of nesting of JSON read from a PDF (the render options are two deep), as for a record."""


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
            records[name] = stream_bytes(spec.get_file().obj, MAX_EMBEDDED_BYTES, f"embedded file {name!r}", source)
    if main not in records:
        raise fail(f"the record {main!r} the document names is not embedded in it")
    options = json_from_pdf(options_text, "its render options (DossiergenOptions)", source)
    if not isinstance(options, dict):
        raise fail("its render options (DossiergenOptions) are not a JSON object")
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


def stream_bytes(stream: pikepdf.Object, limit: int, what: str, source: Path) -> bytes:
    """The decoded bytes of a stream of an untrusted PDF, refused beyond ``limit`` before more is inflated.

    Only what dossiergen writes is decoded: no filter, or ``/FlateDecode`` without parameters, inflated
    in one bounded call (``max_length``), so a few megabytes that would inflate to gigabytes cost no more
    than ``limit`` bytes of memory and the time to produce them.
    """
    def fail(reason: str) -> ExtractError:
        return ExtractError(Problem(source, None, None, f"{what}: {reason}"))

    if not isinstance(stream, pikepdf.Stream):
        raise fail("not a stream")
    filters = stream.get("/Filter")
    names = [str(item) for item in filters] if isinstance(filters, pikepdf.Array) else (
        [] if filters is None else [str(filters)])
    parameters = stream.get("/DecodeParms")  # a predictor, say: not what dossiergen writes
    if names not in ([], ["/FlateDecode"]) or not _no_parameters(parameters):
        raise fail(f"encoded as {' '.join(names) or 'plain'}{'' if _no_parameters(parameters) else ' with parameters'},"
                   " which dossiergen does not write")
    # the decoded length, where the writer states it (/DL, or an embedded file's /Params /Size): refused unread
    params = stream.get("/Params")
    stated = stream.get("/DL", params.get("/Size") if isinstance(params, pikepdf.Dictionary) else None)
    if isinstance(stated, int) and stated > limit:
        raise fail(f"{stated} bytes decoded, more than it may have ({limit})")
    try:
        raw = stream.read_raw_bytes()
    except pikepdf.PdfError as error:
        raise fail(f"cannot be read ({error})") from None
    if not names:
        data = raw
    else:
        inflater = zlib.decompressobj()
        try:
            data = inflater.decompress(raw, limit + 1)
        except zlib.error as error:
            raise fail(f"damaged compressed data ({error})") from None
    if len(data) > limit:
        raise fail(f"more than {limit} bytes once decompressed, more than it may have")
    return data


def _no_parameters(parameters: object) -> bool:
    items = list(parameters) if isinstance(parameters, pikepdf.Array) else [parameters]
    return all(item is None or (isinstance(item, pikepdf.Dictionary) and not item.keys()) for item in items)


def json_from_pdf(text: str, what: str, source: Path) -> object:
    """JSON read from a PDF, its length and nesting checked before the parser recurses into it."""
    if len(text) > MAX_JSON_CHARS:
        raise ExtractError(Problem(source, None, None, f"{what}: {len(text)} characters, more than it may have"
                                                       f" ({MAX_JSON_CHARS})"))
    depth = deepest = 0
    in_string = escaped = False
    for char in text:  # brackets inside strings do not nest
        if in_string:
            escaped, in_string = (False, True) if escaped else (char == "\\", char != '"')
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_JSON_DEPTH:
                raise ExtractError(Problem(source, None, None, f"{what}: JSON nested more than"
                                                               f" {MAX_JSON_DEPTH} levels deep"))
        elif char in "]}":
            depth -= 1
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise ExtractError(Problem(source, None, None, f"{what}: not JSON")) from None


def document_titles(pdf: bytes, source: Path = Path("<pdf>")) -> dict[str, str]:
    """The title in each language the XMP metadata gives (``dc:title``), ``x-default`` left out."""
    rdf = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
    with pikepdf.open(io.BytesIO(pdf)) as document:
        packet = stream_bytes(document.Root.Metadata, MAX_XMP_BYTES, "its XMP metadata", source)
    root = ElementTree.fromstring(packet[packet.index(b"<x:xmpmeta"):packet.index(b"</x:xmpmeta>") + 12])
    return {lang: item.text or "" for title in root.iter("{http://purl.org/dc/elements/1.1/}title")
            for item in title.iter(f"{rdf}li")
            if (lang := item.get("{http://www.w3.org/XML/1998/namespace}lang", "x-default")) != "x-default"}


def annex_pages(pdf: bytes) -> set[int]:
    """The pages (1-based) appended as annexes, by their page labels: they carry no fingerprint of their own."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return {number for number, page in enumerate(document.pages, 1) if ANNEX_LABEL.match(str(page.label))}
