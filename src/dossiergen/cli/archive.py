"""The archival commands that need pyHanko: ``sign`` a PDF, ``verify`` it (``extract`` is in cli/extract.py).

Errors are raised as ``DossiergenError`` and printed by ``cli.DossiergenGroup``, like every command's.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from dossiergen.archive.extract import annex_pages, printed_fingerprints, read_inputs
from dossiergen.archive.sign import sign_pdf
from dossiergen.archive.timestamping import LEVELS, Level, Pades
from dossiergen.archive.tokens import TokenKey
from dossiergen.archive.verify import verify_document_timestamps, verify_signatures
from dossiergen.batch.outputs import write_output
from dossiergen.cli.extract import read_pdf
from dossiergen.errors import UsageError, display_path
from dossiergen.files import check_output_target

TRUST = {None: "trust not checked (--trust CERT)", True: "trusted", False: "NOT trusted"}
PIN_VARIABLE = "DOSSIERGEN_PKCS11_PIN"
"""The environment variable that holds a token's user PIN (else it is asked for, not echoed)."""


@click.command("sign")
@click.argument("pdf", type=click.Path(path_type=Path, exists=True))  # a folder: refused as it is read
@click.option("--key", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="The signer's private key (PEM or DER); or a key on a token: --pkcs11-module.")
@click.option("--cert", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="The signer's certificate (PEM or DER); with a token, read from it when not given.")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="The signed PDF [default: FILE.signed.pdf beside the PDF].")
@click.option("--authority", type=click.IntRange(min=1), metavar="N",
              help="Sign on the N-th signature line [default: the first one not yet signed].")
@click.option("--invisible", is_flag=True, help="An invisible signature, not on a signature line.")
@click.option("--level", type=click.Choice(LEVELS), default="B-B", show_default=True,
              help="PAdES baseline level: B-T adds a timestamp, B-LT the validation data, B-LTA a document"
                   " timestamp over it (for a file kept for years).")
@click.option("--timestamp-url", metavar="URL",
              help="The RFC 3161 time-stamping authority (B-T and up).")
@click.option("--trust", type=click.Path(path_type=Path, exists=True, dir_okay=False), multiple=True,
              help="A root certificate the signer and the time-stamping authority chain to (B-LT and up).")
@click.option("--pkcs11-module", type=click.Path(path_type=Path), metavar="LIBRARY",
              help="Sign with a key on a PKCS#11 token: the module (the token's shared library).")
@click.option("--token", metavar="LABEL", help="The token's label (with --pkcs11-module).")
@click.option("--key-label", metavar="LABEL", help="The key's label on the token (with --pkcs11-module).")
@click.option("--seal", type=click.Path(path_type=Path), metavar="IMAGE",  # checked as it is read: one located line
              help="A seal (PNG or JPEG) drawn at the left of the visible signature, as tall as its box.")
@click.option("--draft", is_flag=True,
              help="Sign a draft (a document whose record is not final) for review; refused otherwise.")
@click.option("--force", is_flag=True, help="Replace an existing output file that dossiergen did not write.")
def sign_command(pdf: Path, key: Path | None, cert: Path | None, output: Path | None, authority: int | None,
                 invisible: bool, level: Level, timestamp_url: str | None, trust: tuple[Path, ...],
                 pkcs11_module: Path | None, token: str | None, key_label: str | None, seal: Path | None,
                 draft: bool, force: bool) -> None:
    """Add a PAdES signature (pyHanko) to a rendered PDF, visible on a signature line or invisible.

    With --pkcs11-module the key stays on a token (a smart card, an HSM); the user PIN is read from
    DOSSIERGEN_PKCS11_PIN, or asked for.
    """
    if seal is not None and invisible:
        raise UsageError("--seal is drawn on a visible signature; an --invisible one has no appearance")
    pades = Pades(level=level, timestamp_url=timestamp_url, trust=trust)
    pades.check()
    signing_key = _signing_key(key, cert, pkcs11_module, token, key_label)
    target = output or pdf.with_name(pdf.stem + ".signed.pdf")
    inputs = [pdf, *(path for path in (key, cert, seal) if path is not None)]
    check_output_target(target, inputs=inputs, force=force)
    signed = sign_pdf(read_pdf(pdf), signing_key, cert, authority=authority, visible=not invisible, source=pdf,
                      pades=pades, seal=seal, draft=draft)
    write_output(signed, target, inputs=inputs, force=force)
    click.echo(f"wrote {target} ({len(signed):,} bytes, PAdES {level})")


def _signing_key(key: Path | None, cert: Path | None, module: Path | None, token: str | None,
                 key_label: str | None) -> Path | TokenKey:
    """The key file, or the key on a token with the PIN from the environment or asked for."""
    if module is None:
        if token is not None or key_label is not None:
            raise UsageError("--token and --key-label name a key on a token: give its --pkcs11-module too")
        if key is None or cert is None:
            raise UsageError("sign needs --key KEY --cert CERT, or a key on a token (--pkcs11-module, --token,"
                             " --key-label)")
        return key
    if key is not None:
        raise UsageError("--key is a key file; with --pkcs11-module the key is on the token (--key-label)")
    if token is None or key_label is None:
        raise UsageError("--pkcs11-module needs --token LABEL and --key-label LABEL")
    pin = os.environ.get(PIN_VARIABLE)
    if pin is None:
        pin = click.prompt(f"user PIN of token {token!r}", hide_input=True, err=True)
    return TokenKey(module=module, token=token, key_label=key_label, pin=pin, cert=cert)


@click.command("verify")
@click.argument("pdf", type=click.Path(path_type=Path, exists=True))  # a folder: refused as it is read
@click.option("--trust", type=click.Path(path_type=Path, exists=True, dir_okay=False), multiple=True,
              help="A certificate to trust as a root, of signers and time-stamping authorities; without it, trust is"
                   " not checked.")
def verify_command(pdf: Path, trust: tuple[Path, ...]) -> None:
    """Check that the embedded record matches the fingerprint and that every signature is intact.

    Exit code 0 when everything holds, 1 when something does not, 2 when the file is not a
    dossiergen PDF.
    """
    data = read_pdf(pdf)
    where = display_path(pdf)
    inputs = read_inputs(data, pdf)
    failures = 0
    short = inputs.fingerprint[:12]
    if inputs.fingerprint_matches():
        click.echo(f"{where}: records {', '.join(sorted(inputs.records))} match the fingerprint {short}")
    else:
        failures += 1
        click.echo(f"{where}: FAILED: the embedded records or options do not match the fingerprint {short}")
    printed = printed_fingerprints(data, pdf)
    appended = annex_pages(data)  # an annex is the document it is, with its own footer or none
    wrong = [str(page) for page, value in enumerate(printed, 1) if value != short and page not in appended]
    if wrong:
        failures += 1
        click.echo(f"{where}: FAILED: the footer does not show the fingerprint {short} on page(s) {', '.join(wrong)}")
    else:
        annexes = f" (and {len(appended)} annex page(s), which carry their own)" if appended else ""
        click.echo(f"{where}: every page's footer shows the fingerprint {short}{annexes}")
    reports = verify_signatures(data, list(trust), source=pdf)
    if not reports:
        click.echo(f"{where}: not signed")
    for report in reports:
        trusted = TRUST[report.trusted]
        archival = (f"; its revision is PDF/A-{report.pdf_a} with every font embedded" if report.archival
                    else "; its revision is NOT PDF/A: " + ("no PDF/A identification" if report.pdf_a is None else
                                                           f"fonts not embedded: {', '.join(report.unembedded_fonts)}"))
        stamp = report.timestamp
        level = f"PAdES {report.level}" + (f", timestamped {stamp.time} by {stamp.authority}" if stamp else "")
        if (report.intact and report.covers_whole_file and report.trusted is not False and report.archival
                and (stamp is None or stamp.holds)):
            click.echo(f"{where}: {report.field} by {report.signer}, signed {report.signed_at}, {level}: intact,"
                       f" {trusted}{archival}")
            continue
        failures += 1
        if not report.intact:
            why = "the signed bytes were changed"
        elif not report.covers_whole_file:
            why = "the file was changed after it was signed"
        elif report.trusted is False:
            why = trusted
        elif stamp is not None and not stamp.holds:
            why = f"its timestamp by {stamp.authority} is " + (TRUST[False] if stamp.intact else "broken")
        else:
            why = archival.removeprefix("; ")
        click.echo(f"{where}: FAILED: {report.field} by {report.signer}: {why}")
    for stamp in verify_document_timestamps(data, list(trust), source=pdf):
        what = f"{stamp.field}: document timestamp {stamp.time} by {stamp.authority}"
        if stamp.holds:
            click.echo(f"{where}: {what}: intact, {TRUST[stamp.trusted]}")
            continue
        failures += 1
        why = ("the time-stamped bytes were changed" if not stamp.intact
               else "the file was changed after it was time-stamped" if not stamp.covers_whole_file
               else TRUST[False])
        click.echo(f"{where}: FAILED: {what}: {why}")
    if failures:
        sys.exit(1)
