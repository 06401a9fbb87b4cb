"""PAdES signatures with pyHanko: sign a rendered PDF, and say whether its signatures still hold.

Each signing authority of a dossier (and each head of delegation of minutes) has a signature
line; the template marks it ``id="signature-N"``, which WeasyPrint turns into a named
destination. ``sign_pdf`` puts a visible signature field over line N (the line drawn there
gives its width), or signs invisibly. Signing appends an incremental update, so the rendered
bytes, the embedded records and the fingerprint stay as they were.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pikepdf
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from .errors import Problem, SignatureError

SIGNATURE_LINE = "signature-{}"
"""The named destination of the N-th signature line (templates: ``id="signature-N"``)."""
FIELD = "Signature{}"


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


def signature_places(pdf: bytes) -> dict[int, tuple[int, tuple[float, float, float, float]]]:
    """Signature line N -> (page index, box in PDF points), from the named destinations."""
    places: dict[int, tuple[int, tuple[float, float, float, float]]] = {}
    with pikepdf.open(io.BytesIO(pdf)) as document, pdfplumber.open(io.BytesIO(pdf)) as plumbed:
        pages = {page.objgen: index for index, page in enumerate(document.pages)}
        names = document.Root.get("/Names", {}).get("/Dests", {}).get("/Names", [])
        for index in range(0, len(names), 2):
            name = str(names[index])
            if not name.startswith("signature-") or not name.removeprefix("signature-").isdigit():
                continue
            target = names[index + 1]
            page = pages[target[0].objgen]
            left, top = float(target[2]), float(target[3])
            places[int(name.removeprefix("signature-"))] = (page, _line_box(plumbed.pages[page], left, top))
    return places


def _line_box(page: pdfplumber.page.Page, left: float, top: float) -> tuple[float, float, float, float]:
    """The box from ``(left, top)`` down to the signature line drawn below it, as wide as the line."""
    height = float(page.height)
    below = [rect for rect in page.rects + page.lines
             if abs(float(rect["x0"]) - left) < 1.5 and float(rect["bottom"]) - float(rect["top"]) < 2
             and height - float(rect["top"]) < top]
    if not below:
        return (left, top - 40, left + 170, top)
    line = min(below, key=lambda rect: float(rect["top"]))
    return (left, height - float(line["top"]), float(line["x1"]), top)


def sign_pdf(pdf: bytes, key: Path, cert: Path, *, authority: int | None = None, visible: bool = True,
             source: Path | None = None, passphrase: bytes | None = None) -> bytes:
    """``pdf`` with one more PAdES signature: over signature line ``authority`` (default: the first
    unsigned one), or invisible."""
    where = source or Path("<pdf>")
    try:
        signer = signers.SimpleSigner.load(str(key), str(cert), key_passphrase=passphrase)
    except Exception as error:  # pyHanko reports unreadable keys with several exception types
        raise SignatureError(Problem(key, None, None, f"cannot load the key and certificate: {error}")) from None
    if signer is None:
        raise SignatureError(Problem(key, None, None, "cannot load the key and certificate"))
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    taken = {name for name, _, _ in fields.enumerate_sig_fields(writer.prev, filled_status=True)}
    if visible:
        places = signature_places(pdf)
        if not places:
            raise SignatureError(Problem(where, None, None, "the document has no signature line; sign with --invisible"))
        if authority is None:
            free = [number for number in sorted(places) if FIELD.format(number) not in taken]
            if not free:
                raise SignatureError(Problem(where, None, None, "every signature line is signed already"))
            authority = free[0]
        if authority not in places:
            raise SignatureError(Problem(where, None, None, f"no signature line {authority}; the document has"
                                                            f" {', '.join(map(str, sorted(places)))}"))
        name = FIELD.format(authority)
        if name in taken:
            raise SignatureError(Problem(where, None, None, f"signature line {authority} is signed already"))
        page, box = places[authority]
        fields.append_signature_field(writer, fields.SigFieldSpec(sig_field_name=name, on_page=page, box=box))
    else:
        number = 1
        while FIELD.format(f"-invisible-{number}") in taken:
            number += 1
        name = FIELD.format(f"-invisible-{number}")
    meta = signers.PdfSignatureMetadata(field_name=name, subfilter=fields.SigSeedSubFilter.PADES,
                                        md_algorithm="sha256")
    out = io.BytesIO()
    signers.sign_pdf(writer, meta, signer=signer, output=out)
    return out.getvalue()


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
        reports.append(SignatureReport(
            field=signature.field_name, signer=status.signing_cert.subject.human_friendly,
            signed_at=status.signer_reported_dt.isoformat() if status.signer_reported_dt else "unknown",
            intact=bool(status.intact and status.valid), covers_whole_file=whole,
            trusted=bool(status.trusted) if roots else None))
    return reports
