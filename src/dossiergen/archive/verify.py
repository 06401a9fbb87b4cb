"""Whether a PDF's PAdES signatures still hold: intact, covering the file, trusted (pyHanko); the PAdES
baseline level each one reaches as far as the file shows it, and its timestamps, validated."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from asn1crypto import x509
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.sign.validation.errors import NoDSSFoundError
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.status import ModificationInfo, SignatureCoverageLevel, TimestampSignatureStatus
from pyhanko_certvalidator import ValidationContext

from dossiergen.archive.conformance import pdfa_markers, unembedded_fonts
from dossiergen.archive.timestamping import trust_roots
from dossiergen.errors import Problem, SignatureError
from dossiergen.quiet import quiet_loggers


@dataclass(frozen=True)
class TimestampReport:
    """An RFC 3161 timestamp: a signature's own (B-T) or a document timestamp over the file (B-LTA)."""

    authority: str
    """Who issued it: the time-stamping authority's certificate subject."""
    time: str
    intact: bool
    """The token's signature is valid and it time-stamps the bytes it should."""
    trusted: bool | None
    """The authority's certificate chains to a given trust root (``None``: no trust root was given)."""
    field: str | None = None
    """A document timestamp's field; ``None`` for a signature timestamp."""
    covers_whole_file: bool = True
    """(a document timestamp) Nothing was appended after it but what PAdES allows."""

    @property
    def holds(self) -> bool:
        return self.intact and self.trusted is not False and self.covers_whole_file


@dataclass(frozen=True)
class SignatureReport:
    """One signature of a PDF, as ``verify`` reports it."""

    field: str
    signer: str
    signed_at: str
    intact: bool
    """The signed bytes are unchanged and the signature over them is cryptographically valid."""
    covers_whole_file: bool
    """Nothing was appended after the signature (or only what PAdES allows: later signatures)."""
    trusted: bool | None
    """The signer's certificate chains to a given trust root (``None``: no trust root was given)."""
    pdf_a: str | None = None
    """The PDF/A part and conformance the revision it signs declares (``3B``), ``None`` if none."""
    unembedded_fonts: tuple[str, ...] = ()
    """The fonts of that revision whose programs are not embedded (PDF/A wants none)."""
    level: str = "B-B"
    """The PAdES baseline level the file shows: B-T with a signature timestamp, B-LT with the signer's
    validation data in the document security store too, B-LTA with a document timestamp after both."""
    timestamp: TimestampReport | None = None
    """The signature timestamp (B-T and up)."""

    @property
    def archival(self) -> bool:
        """The revision it signs still declares PDF/A and embeds every font."""
        return self.pdf_a is not None and not self.unembedded_fonts


def verify_signatures(pdf: bytes, trust: Sequence[Path] = (), *, source: Path | None = None) -> list[SignatureReport]:
    """Every signature of ``pdf``: intact, covering the file, (with ``trust``) trusted, and its level."""
    roots = trust_roots(trust)
    reader = _reader(pdf, source)
    reports = []
    stored = _validation_data(reader)
    # the revision each document timestamp covers ends where its byte range ends
    stamped = [_signed_end(stamp) for stamp in reader.embedded_timestamp_signatures]
    for signature in reader.embedded_regular_signatures:
        context = ValidationContext(trust_roots=roots, allow_fetching=False)
        with quiet_loggers("pyhanko", "pyhanko_certvalidator"):  # an untrusted signer is reported, not logged
            status = validate_pdf_signature(signature, context)
        # the revision the signature covers: the file up to the end of its byte range
        end = _signed_end(signature)
        revision = pdf[:end]
        part, conformance = pdfa_markers(revision)
        timestamp = None
        if status.timestamp_validity is not None:
            timestamp = _timestamp_report(status.timestamp_validity, roots)
        level = "B-B"
        if timestamp is not None:
            level = "B-T"
            if _validated(status.signing_cert, stored):
                level = "B-LT"
                if any(after > end for after in stamped):
                    level = "B-LTA"
        reports.append(SignatureReport(
            field=signature.field_name, signer=status.signing_cert.subject.human_friendly,
            signed_at=status.signer_reported_dt.isoformat() if status.signer_reported_dt else "unknown",
            intact=bool(status.intact and status.valid), covers_whole_file=_covers(status),
            trusted=bool(status.trusted) if roots else None,
            pdf_a=f"{part}{conformance}" if part and conformance else None,
            unembedded_fonts=tuple(unembedded_fonts(revision)), level=level, timestamp=timestamp))
    return reports


def verify_document_timestamps(pdf: bytes, trust: Sequence[Path] = (), *,
                               source: Path | None = None) -> list[TimestampReport]:
    """Every document timestamp of ``pdf`` (PAdES B-LTA): intact, covering the file, (with ``trust``) trusted."""
    roots = trust_roots(trust)
    reports = []
    for stamp in _reader(pdf, source).embedded_timestamp_signatures:
        context = ValidationContext(trust_roots=roots, allow_fetching=False)
        with quiet_loggers("pyhanko", "pyhanko_certvalidator"):
            status = validate_pdf_timestamp(stamp, context)
        reports.append(replace(_timestamp_report(status, roots), field=stamp.field_name,
                               covers_whole_file=_covers(status)))
    return reports


def _reader(pdf: bytes, source: Path | None) -> PdfFileReader:
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        reader.embedded_signatures  # noqa: B018 - read now, so that a damaged file fails here
    except PdfReadError as error:
        raise SignatureError(Problem(source or Path("<pdf>"), None, None,
                                     f"its signatures cannot be read: {error}")) from None
    return reader


def _signed_end(signature: EmbeddedPdfSignature) -> int:
    _, _, start, length = (int(value) for value in signature.byte_range)
    return start + length


def _covers(status: ModificationInfo) -> bool:
    """Nothing was appended after it, or only what a later revision may add: signatures, filled fields,
    validation data and document timestamps."""
    return status.coverage == SignatureCoverageLevel.ENTIRE_FILE or (
        status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
        and status.modification_level in (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES,
                                          ModificationLevel.FORM_FILLING))


def _timestamp_report(status: TimestampSignatureStatus, roots: Sequence[x509.Certificate]) -> TimestampReport:
    return TimestampReport(authority=status.signing_cert.subject.human_friendly,
                           time=status.timestamp.isoformat(),
                           intact=bool(status.intact and status.valid),
                           trusted=bool(status.trusted) if roots else None)


@dataclass(frozen=True)
class _Stored:
    """What the document security store holds: certificates (by issuer and serial), OCSP responses, CRLs."""

    certs: frozenset[Any]
    ocsps: list[Any]
    crls: list[Any]


def _validation_data(reader: PdfFileReader) -> _Stored | None:
    try:
        store = DocumentSecurityStore.read_dss(reader)
    except NoDSSFoundError:
        return None
    parsed = store.as_validation_context({"trust_roots": []})  # pyHanko parses the streams it wrote
    return _Stored(certs=frozenset(store.certs), ocsps=list(parsed.ocsps), crls=list(parsed.crls))


def _validated(cert: x509.Certificate, stored: _Stored | None) -> bool:
    """The document security store holds ``cert`` and revocation data about it: an OCSP response on its
    serial number, or a CRL of its issuer."""
    if stored is None or cert.issuer_serial not in stored.certs:
        return False
    for response in stored.ocsps:
        if response["response_status"].native != "successful":
            continue
        answers = response["response_bytes"]["response"].parsed["tbs_response_data"]["responses"]
        if any(answer["cert_id"]["serial_number"].native == cert.serial_number for answer in answers):
            return True
    return any(crl.issuer == cert.issuer for crl in stored.crls)
