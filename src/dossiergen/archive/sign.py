"""PAdES signatures with pyHanko: sign a rendered PDF on one of its signature lines, or invisibly.

Each signing authority of a dossier (and each head of delegation of minutes) has a signature
line; the template marks it ``id="signature-N"``, which WeasyPrint turns into a named
destination. ``sign_pdf`` puts a visible signature field over line N (the line drawn there
gives its width), or signs invisibly. Signing appends an incremental update, so the rendered
bytes, the embedded records and the fingerprint stay as they were.

The visible signature's appearance (``stamp.py``) is set in the document's own fonts, embedded, so
the signed file stays PDF/A: who signs and their title as the document prints them under the line,
the date in each language's official form and the reason, in the document's languages, and a seal
image if one is given. In a tagged PDF the signature fields go into the structure tree
(``signature_tags.py``), so the file stays PDF/UA.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pdfplumber
import pikepdf
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers

from dossiergen.archive.signature_tags import describe_field, tag_signature_field
from dossiergen.archive.stamp import Signing, read_seal, read_signing, signature_stamp, stamp_text
from dossiergen.archive.timestamping import (
    DOCUMENT_TIMESTAMP_DESCRIPTION,
    Pades,
    add_document_timestamp,
    authority_errors,
    document_timestamp_field,
    invisible_field,
)
from dossiergen.archive.tokens import TokenKey, token_signer
from dossiergen.errors import Problem, SignatureError
from dossiergen.quiet import quiet_loggers

SIGNATURE_LINE = "signature-{}"
"""The named destination of the N-th signature line (templates: ``id="signature-N"``)."""
FIELD = "Signature{}"


def signature_places(pdf: bytes) -> dict[int, tuple[int, tuple[float, float, float, float]]]:
    """Signature line N -> (page index, box in PDF points), from the named destinations."""
    places: dict[int, tuple[int, tuple[float, float, float, float]]] = {}
    with pikepdf.open(io.BytesIO(pdf)) as document, pdfplumber.open(io.BytesIO(pdf)) as plumbed:
        pages = {page.obj.objgen: index for index, page in enumerate(document.pages)}
        names = (document.Root.get("/Names", pikepdf.Dictionary()).get("/Dests", pikepdf.Dictionary())
                 .get("/Names", pikepdf.Array()))
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
    # WeasyPrint draws the line (the bottom border of the marked box) as a filled outline of that box,
    # which pdfplumber reports as a rect as tall as the box: its bottom edge is the line
    below = [rect for rect in page.rects + page.lines
             if abs(float(rect["x0"]) - left) < 1.5 and height - float(rect["bottom"]) < top - 1]
    if not below:
        return (left, top - 40, left + 170, top)
    line = min(below, key=lambda rect: float(rect["bottom"]))
    return (left, height - float(line["bottom"]), float(line["x1"]), top)


def sign_pdf(pdf: bytes, key: Path | TokenKey, cert: Path | None = None, *, authority: int | None = None,
             visible: bool = True, source: Path | None = None, passphrase: bytes | None = None,
             pades: Pades = Pades(), seal: Path | None = None,  # noqa: B008 - a frozen dataclass, never changed
             draft: bool = False) -> bytes:
    """``pdf`` with one more PAdES signature at ``pades.level``: over signature line ``authority``
    (default: the first unsigned one), or invisible. ``key`` is a key file (with ``cert``) or a key on a
    PKCS#11 token; ``seal``: a seal image drawn at the left of a visible signature. A document that is a
    draft (its record not final) is refused unless ``draft``: signed for review, never by mistake."""
    where = source or Path("<pdf>")
    pades.check()
    seal_image = read_seal(seal) if seal is not None and visible else None
    context = pades.validation_context()
    writer = _SignatureOnlyWriter(io.BytesIO(pdf), strict=False)
    taken = {name for name, _, _ in fields.enumerate_sig_fields(writer.prev, filled_status=True)}
    if visible:
        places = signature_places(pdf)
        if not places:
            raise SignatureError(Problem(where, None, None,
                                         "the document has no signature line; sign with --invisible"))
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
    else:
        number = 1
        while FIELD.format(f"-invisible-{number}") in taken:
            number += 1
        name = FIELD.format(f"-invisible-{number}")
        invisible_field(writer, name)
    # from the record the PDF carries: who signs on the line, the reason (an invisible signature: the reason alone)
    signing = read_signing(pdf, authority if visible else None, where)
    if signing is not None and signing.draft is not None and not draft:
        raise SignatureError(Problem(where, None, None, f"the document is a draft ({signing.draft}); sign one"
                                                        " rendered from a final record, or give --draft to sign"
                                                        " the draft for review"))
    out = io.BytesIO()
    # fontTools: subsetting a stamp's fonts logs each OpenType table it drops; pyHanko logs what it
    # fetches for B-LT, and a failure it also raises
    with (_signer(key, cert, passphrase) as signer, authority_errors(pades, where),
          quiet_loggers("fontTools", "pyhanko", "pyhanko_certvalidator")):
        if signing is not None:
            signing = signing.held_by(_holder(signer))
        _make_fields(writer, pdf, signing, authority if visible else None, first=not taken)
        _invisible_fields(writer, pdf, signing, name if not visible else None, lta=pades.level == "B-LTA",
                          first=not taken)
        meta = signers.PdfSignatureMetadata(field_name=name, subfilter=fields.SigSeedSubFilter.PADES,
                                            md_algorithm="sha256", reason=signing.reason_text() if signing else None,
                                            **pades.signature_metadata(context))
        signers.PdfSigner(meta, signer=signer, stamp_style=signature_stamp(signing, seal_image),
                          timestamper=pades.time_stamper()).sign_pdf(writer, output=out)
        if pades.level == "B-LTA":
            assert context is not None
            return add_document_timestamp(_SignatureOnlyWriter(io.BytesIO(out.getvalue()), strict=False), pades,
                                          context)
    return out.getvalue()


def _holder(signer: signers.Signer) -> str | None:
    """The common name of the signing certificate's subject, if it has one."""
    certificate = signer.signing_cert
    name = certificate.subject.native.get("common_name") if certificate is not None else None
    return name if isinstance(name, str) else None


@contextmanager
def _signer(key: Path | TokenKey, cert: Path | None, passphrase: bytes | None) -> Iterator[signers.Signer]:
    """The signer of a key file and its certificate, or of a key on a PKCS#11 token."""
    if isinstance(key, TokenKey):
        with token_signer(key) as signer:
            yield signer
        return
    if cert is None:
        raise SignatureError(Problem(key, None, None, "a key file needs its certificate (--cert)"))
    try:
        loaded = signers.SimpleSigner.load(str(key), str(cert), key_passphrase=passphrase)
    except Exception as error:  # pyHanko reports unreadable keys with several exception types
        raise SignatureError(Problem(key, None, None, f"cannot load the key and certificate: {error}")) from None
    if loaded is None:
        raise SignatureError(Problem(key, None, None, "cannot load the key and certificate"))
    yield loaded


def _make_fields(writer: IncrementalPdfFileWriter, pdf: bytes, signing: Signing | None, line: int | None, *,
                 first: bool) -> None:
    """The field of signature line ``line`` (``None``: an invisible signature), described by its /TU; and, at
    the first signature of a tagged PDF, every line's field, each in the structure tree.

    A later signature may fill a field but not change the structure tree: pyHanko's check of what a
    revision after a signature changed (``verify`` and pyHanko's validator make it) refuses it, and the
    earlier signature would no longer cover the file. So the first signature makes every line's field
    and its ``/Form`` element at once (the lines not signed yet are empty fields), and each later one
    only fills its own. A PDF whose first signature did not (signed by an older dossiergen) gets its
    new field untagged, which keeps its signatures valid.
    """
    tagged = first and signing is not None and "/StructTreeRoot" in writer.root
    places = signature_places(pdf) if tagged or line is not None else {}
    existing = {name for name, _, _ in fields.enumerate_sig_fields(writer.prev)}
    for number in sorted(places) if tagged else [line] if line is not None else []:
        name = FIELD.format(number)
        if name in existing:
            continue
        page, box = places[number]
        # pyHanko annotates the box as integers but writes any number (%g, FloatObject): points have fractions
        fields.append_signature_field(writer, fields.SigFieldSpec(sig_field_name=name, on_page=page,
                                                                  box=box))  # type: ignore[arg-type]
        if signing is None or number not in signing.lines:
            continue
        on_line = signing if number == line else signing.on(number)  # who signs another line is not known yet
        describe_field(writer, name, on_line.description())
        if tagged:
            # what the stamp will say (pyHanko dates it today too); a line signed later: all but its date
            alt = stamp_text(on_line, datetime.now().astimezone() if number == line else None)
            tag_signature_field(writer, pdf, name, page, box, on_line.langs[0], alt)


def _invisible_fields(writer: IncrementalPdfFileWriter, pdf: bytes, signing: Signing | None, name: str | None, *,
                      lta: bool, first: bool) -> None:
    """The fields no line shows: the invisible signature ``name`` (if any) and, at B-LTA, the document
    timestamp's, made now (and so, at the first signature of a tagged PDF, each in the structure tree
    (PDF/UA wants every widget in a /Form element, however small; a later revision may not add one)). Each
    gets its /TU."""
    tagged = first and "/StructTreeRoot" in writer.root
    if name is not None:
        description = signing.description() if signing is not None else "Digital signature"
        describe_field(writer, name, description)
        if tagged and signing is not None:
            tag_signature_field(writer, pdf, name, 0, (0, 0, 0, 0), signing.langs[0],
                                f"{description} · {signing.reason_text()}")
    if lta:  # made in the signature's revision, the document timestamp's only fills it: an update for LTA alone
        timestamp = document_timestamp_field(writer)
        if tagged:
            tag_signature_field(writer, pdf, timestamp, 0, (0, 0, 0, 0), "en", DOCUMENT_TIMESTAMP_DESCRIPTION)


class _SignatureOnlyWriter(IncrementalPdfFileWriter):
    """An incremental update that adds the signature and leaves the document's metadata as it was.

    pyHanko rewrites the XMP packet and the document information on every update, with /Producer
    "WeasyPrint 70.0; pyHanko ..." in one and "pyHanko ..." in the other: the two no longer agree,
    which PDF/A forbids (PDFBox Preflight 7.2), and the rewritten packet loses its layout. The
    document is unchanged by a signature (its time is the signature's /M), so its metadata stays.
    """

    def _update_meta(self) -> None:
        return


