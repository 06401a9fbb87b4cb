"""Whether a PDF's PAdES signatures still hold: intact, covering the file, trusted (pyHanko)."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from dossiergen.archive.conformance import pdfa_markers, unembedded_fonts
from dossiergen.errors import Problem, SignatureError


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

    @property
    def archival(self) -> bool:
        """The revision it signs still declares PDF/A and embeds every font."""
        return self.pdf_a is not None and not self.unembedded_fonts


@contextmanager
def _quiet(*names: str) -> Iterator[None]:
    """Keep what these loggers (and their children) say from reaching standard error."""
    loggers = [logging.getLogger(name) for name in names]
    handler = logging.NullHandler()
    previous = [logger.propagate for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.propagate = False
    try:
        yield
    finally:
        for logger, propagate in zip(loggers, previous, strict=True):
            logger.removeHandler(handler)
            logger.propagate = propagate


def verify_signatures(pdf: bytes, trust: Sequence[Path] = (), *, source: Path | None = None) -> list[SignatureReport]:
    """Every signature of ``pdf``: intact, covering the file, and (with ``trust``) trusted."""
    roots = []
    for path in trust:
        try:
            roots.append(load_cert_from_pemder(str(path)))
        except (OSError, ValueError) as error:
            raise SignatureError(Problem(path, None, None, f"not a certificate: {error}")) from None
    reports = []
    try:
        signatures = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
    except PdfReadError as error:
        raise SignatureError(Problem(source or Path("<pdf>"), None, None,
                                     f"its signatures cannot be read: {error}")) from None
    for signature in signatures:
        context = ValidationContext(trust_roots=roots, allow_fetching=False)
        with _quiet("pyhanko", "pyhanko_certvalidator"):  # an untrusted signer is reported, not logged
            status = validate_pdf_signature(signature, context)
        # a later revision may add signatures and fill fields, nothing else
        whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE or (
            status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
            and status.modification_level in (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES,
                                              ModificationLevel.FORM_FILLING))
        # the revision the signature covers: the file up to the end of its byte range
        _, _, start, length = (int(value) for value in signature.byte_range)
        revision = pdf[:start + length]
        part, conformance = pdfa_markers(revision)
        reports.append(SignatureReport(
            field=signature.field_name, signer=status.signing_cert.subject.human_friendly,
            signed_at=status.signer_reported_dt.isoformat() if status.signer_reported_dt else "unknown",
            intact=bool(status.intact and status.valid), covers_whole_file=whole,
            trusted=bool(status.trusted) if roots else None,
            pdf_a=f"{part}{conformance}" if part and conformance else None,
            unembedded_fonts=tuple(unembedded_fonts(revision))))
    return reports
