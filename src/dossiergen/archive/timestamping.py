"""PAdES baseline levels above B-B, with pyHanko: a signature timestamp from an RFC 3161 time-stamping
authority (B-T), the validation data of the signer and the authority in the document security store (B-LT),
and a document timestamp over that store (B-LTA), for a file kept the ten years of a crediting period.

Every update goes through the writer ``sign.py`` gives it, which leaves the XMP packet and the document
information as they were, so the file stays PDF/A. pyHanko's own B-LTA workflow (``use_pades_lta``) would
write the store and the document timestamp with writers of its own that rewrite both (their /Producer no
longer agree: PDF/A forbids it); here the store is written in the signature's revision and the document
timestamp's revision carries the store's update for the authority, each through the given writer.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.generic import ArrayObject, DictionaryObject, NumberObject, StreamObject, pdf_name
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields
from pyhanko.sign.general import SigningError
from pyhanko.sign.signers.pdf_signer import (
    DSSContentSettings,
    PdfTimeStamper,
    SigDSSPlacementPreference,
    TimestampDSSContentSettings,
)
from pyhanko.sign.timestamps import HTTPTimeStamper, TimeStamper
from pyhanko.sign.timestamps.common_utils import TimestampRequestError
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.errors import PathError, ValidationError

from dossiergen.archive.signature_tags import describe_field
from dossiergen.errors import Problem, SignatureError, UsageError

Level = Literal["B-B", "B-T", "B-LT", "B-LTA"]
LEVELS: tuple[Level, ...] = ("B-B", "B-T", "B-LT", "B-LTA")
DOCUMENT_TIMESTAMP = "Timestamp{}"
DOCUMENT_TIMESTAMP_DESCRIPTION = "Document timestamp (PAdES B-LTA, RFC 3161)"
"""The /TU of a document timestamp's field: a technical record, named in English (its element says so)."""
"""The field of the N-th document timestamp (B-LTA)."""
TSA_TIMEOUT = 20
"""Seconds to wait for the time-stamping authority's answer."""


@dataclass(frozen=True)
class Pades:
    """The PAdES level to sign at, the time-stamping authority's URL and the trust roots B-LT validates against."""

    level: Level = "B-B"
    timestamp_url: str | None = None
    trust: tuple[Path, ...] = ()

    def check(self) -> None:
        """Refuse a level without what it needs, before anything is read or written."""
        if self.level not in LEVELS:
            raise UsageError(f"--level {self.level}: expected one of {', '.join(LEVELS)}")
        if self.level != "B-B" and not self.timestamp_url:
            raise UsageError(f"--level {self.level} needs --timestamp-url URL (an RFC 3161 time-stamping authority)")
        if self.level in ("B-LT", "B-LTA") and not self.trust:
            raise UsageError(f"--level {self.level} needs --trust CERT: the root the signer's and the time-stamping"
                             " authority's certificates chain to, whose validation data the file will carry")

    @property
    def timestamped(self) -> bool:
        return self.level != "B-B"

    @property
    def long_term(self) -> bool:
        return self.level in ("B-LT", "B-LTA")

    def time_stamper(self) -> TimeStamper | None:
        """The time-stamping authority's client (B-T and up)."""
        return HTTPTimeStamper(self.timestamp_url, timeout=TSA_TIMEOUT) if self.timestamped else None

    def validation_context(self) -> ValidationContext | None:
        """The roots to trust and leave to fetch OCSP responses and CRLs from the certificates' URLs (B-LT, B-LTA)."""
        if not self.long_term:
            return None
        # hard-fail: an OCSP responder or CRL that cannot be reached stops the signature, rather than
        # leaving a file that says B-LT without the validation data
        return ValidationContext(trust_roots=trust_roots(self.trust), allow_fetching=True, revocation_mode="hard-fail")

    def signature_metadata(self, context: ValidationContext | None) -> dict[str, Any]:
        """What ``PdfSignatureMetadata`` takes for this level: for B-LT and up, the validation data in the
        signature's own revision (no VRI: the store is written before the signature exists)."""
        if context is None:
            return {}
        return {"embed_validation_info": True, "validation_context": context,
                "dss_settings": DSSContentSettings(placement=SigDSSPlacementPreference.TOGETHER_WITH_SIGNATURE,
                                                   include_vri=False)}


@contextmanager
def authority_errors(pades: Pades, where: Path) -> Iterator[None]:
    """The time-stamping authority or a revocation service that fails, as one located line."""
    try:
        yield
    except TimestampRequestError as error:
        raise _authority_down(pades, where, error) from None
    except (PathError, ValidationError) as error:  # the signer's chain up to the roots given
        raise SignatureError(Problem(where, None, None, f"the validation data for {pades.level} cannot be"
                                                        f" gathered: {error}")) from None
    except SigningError as error:
        if isinstance(error.__cause__, TimestampRequestError):
            raise _authority_down(pades, where, error.__cause__) from None
        why = f"{error}: {_cause(error)}" if error.__cause__ is not None else str(error)
        raise SignatureError(Problem(where, None, None, f"cannot sign at {pades.level}: {why}")) from None


def _authority_down(pades: Pades, where: Path, error: TimestampRequestError) -> SignatureError:
    return SignatureError(Problem(where, None, None, f"the time-stamping authority {pades.timestamp_url} did not give"
                                                     f" a timestamp: {_cause(error)}"))


def _cause(error: BaseException) -> str:
    """The innermost reason of a chain of exceptions (a refused connection, not the library's wrapper)."""
    while error.__cause__ is not None or error.__context__ is not None:
        error = error.__cause__ or error.__context__  # type: ignore[assignment]
    return str(error) or type(error).__name__


def add_document_timestamp(writer: IncrementalPdfFileWriter, pades: Pades, context: ValidationContext) -> bytes:
    """A document timestamp over the file (B-LTA), in an incremental update through ``writer``; the
    authority's own validation data goes into the document security store first, in the same update."""
    stamper = pades.time_stamper()
    assert stamper is not None, "B-LTA has a time-stamping authority"  # Pades.check
    name = document_timestamp_field(writer)
    settings = TimestampDSSContentSettings(update_before_ts=True, include_vri=False)
    out = PdfTimeStamper(stamper, field_name=name).timestamp_pdf(writer, "sha256", context, dss_settings=settings)
    return bytes(out.getvalue())


def document_timestamp_field(writer: IncrementalPdfFileWriter) -> str:
    """The name of the field the next document timestamp goes into: an empty one made beforehand (a tagged
    PDF's first signature makes it, with its structure element, as a later revision may not change the
    structure tree), or a new invisible one, named for readers (/TU) either way."""
    filled = {name for name, _, _ in fields.enumerate_sig_fields(writer.prev, filled_status=True)}
    existing = {name for name, _, _ in fields.enumerate_sig_fields(writer)}
    number = 1
    while DOCUMENT_TIMESTAMP.format(number) in filled:
        number += 1
    name = DOCUMENT_TIMESTAMP.format(number)
    if name not in existing:
        invisible_field(writer, name)
        describe_field(writer, name, DOCUMENT_TIMESTAMP_DESCRIPTION)
    return name


def invisible_field(writer: IncrementalPdfFileWriter, name: str) -> None:
    """An invisible signature field, printed and not hidden, with an empty appearance: pyHanko gives one
    only to visible fields, and PDFBox Preflight finds a widget without one a PDF/A fault (5.3.1; the rule
    on appearances is 6.3.3 of ISO 19005-2 and -3, as we read it)."""
    fields.append_signature_field(writer, fields.SigFieldSpec(sig_field_name=name))
    for field in fields.enumerate_sig_fields(writer, filled_status=None, with_name=name):
        widget: DictionaryObject = field[2].get_object()
        appearance = StreamObject({pdf_name("/Type"): pdf_name("/XObject"), pdf_name("/Subtype"): pdf_name("/Form"),
                                   pdf_name("/BBox"): ArrayObject([NumberObject(0)] * 4)}, stream_data=b"")
        widget[pdf_name("/AP")] = DictionaryObject({pdf_name("/N"): writer.add_object(appearance)})
        writer.update_container(widget)


def trust_roots(paths: Sequence[Path]) -> list[Any]:
    """The certificates at ``paths`` (PEM or DER)."""
    roots = []
    for path in paths:
        try:
            roots.append(load_cert_from_pemder(str(path)))
        except (OSError, ValueError) as error:
            raise SignatureError(Problem(path, None, None, f"not a certificate: {error}")) from None
    return roots
