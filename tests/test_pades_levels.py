"""PAdES B-B, B-T, B-LT and B-LTA against a local test authority (tests/local_pki.py: a time-stamping
authority, OCSP and CRLs served on 127.0.0.1): each level signed, then checked by ``dossiergen verify``,
pyHanko's own validator (``pyhanko sign validate`` and ``adesverify``) and poppler's ``pdfsig``, and still
PDF/A: the same XMP packet and document information, every font embedded, Preflight with only the waivers."""

from __future__ import annotations

import io
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from dossiergen.archive.conformance import unembedded_fonts
from dossiergen.cli.main import main

from .conftest import SIGN
from .local_pki import LocalPki, serve_local_pki
from .pdf_validators import preflight, unwaived
from .test_pdf_ua import avalpdf, outloud

LEVELS = ["B-B", "B-T", "B-LT", "B-LTA"]
PYHANKO = Path(sys.executable).with_name("pyhanko")


@pytest.fixture(scope="module")
def leveled(tmp_path_factory: pytest.TempPathFactory, local_pki: LocalPki,
            render_sample: Callable[[str, str], Path]) -> dict[str, Path]:
    """The dossier (ko+en) signed on its first line at each level, through the command line."""
    folder = tmp_path_factory.mktemp("levels")
    rendered = render_sample("dossier", "ko+en")
    out = {"rendered": rendered}
    for level in LEVELS:
        target = folder / f"dossier.{level}.pdf"
        options = ["--level", level]
        if level != "B-B":
            options += ["--timestamp-url", local_pki.tsa_url]
        if level in ("B-LT", "B-LTA"):
            options += ["--trust", str(local_pki.root)]
        result = CliRunner().invoke(main, [*SIGN, str(rendered), "--key", str(local_pki.key), "--cert",
                                           str(local_pki.cert), *options, "-o", str(target)])
        assert result.exit_code == 0, result.output
        assert result.stdout.endswith(f"PAdES {level})\n")
        out[level] = target
    # an invisible signature at the top level: its field, like the document timestamp's, has an empty appearance
    out["invisible"] = folder / "dossier.invisible-B-LTA.pdf"
    result = CliRunner().invoke(main, [*SIGN, str(rendered), "--key", str(local_pki.key),
                                       "--cert", str(local_pki.cert), "--invisible", "--level", "B-LTA",
                                       "--timestamp-url", local_pki.tsa_url, "--trust", str(local_pki.root),
                                       "-o", str(out["invisible"])])
    assert result.exit_code == 0, result.output
    return out


# --- what the file holds ----------------------------------------------------------------------------------


@pytest.mark.parametrize("level", LEVELS)
def test_each_level_holds_what_it_should(level: str, leveled: dict[str, Path]) -> None:
    data = leveled[level].read_bytes()
    assert data.startswith(leveled["rendered"].read_bytes()), "each update is appended; the rendered bytes stay"
    with pikepdf.open(io.BytesIO(data)) as pdf:
        signatures = [field.V for field in pdf.Root.AcroForm.Fields if field.get("/FT") == "/Sig" and "/V" in field]
        kinds = sorted(str(signature.get("/Type", "/Sig")) for signature in signatures)
        assert kinds == (["/DocTimeStamp", "/Sig"] if level == "B-LTA" else ["/Sig"])
        assert {str(signature.SubFilter) for signature in signatures} <= {"/ETSI.CAdES.detached", "/ETSI.RFC3161"}
        if level in ("B-LT", "B-LTA"):
            dss = pdf.Root.DSS
            assert len(dss.Certs) >= 3, "the signer's, the authority's and the root's certificates"
            assert len(dss.OCSPs) >= 2, "an OCSP response for the signer and one for the authority"
        else:
            assert "/DSS" not in pdf.Root
    # one revision for the signature (and the validation data, in it), one more for a document timestamp
    assert data.count(b"%%EOF") - leveled["rendered"].read_bytes().count(b"%%EOF") == (
        2 if level == "B-LTA" else 1)


@pytest.mark.parametrize("level", [*LEVELS, "invisible"])
def test_each_level_keeps_the_metadata_fonts_and_associated_files(level: str, leveled: dict[str, Path]) -> None:
    with pikepdf.open(leveled["rendered"]) as rendered, pikepdf.open(leveled[level]) as signed:
        assert signed.Root.Metadata.read_bytes() == rendered.Root.Metadata.read_bytes()
        assert dict(signed.docinfo.items()) == dict(rendered.docinfo.items())
        assert signed.Root.Metadata.objgen == rendered.Root.Metadata.objgen, "the packet is not rewritten"
    assert unembedded_fonts(leveled[level].read_bytes()) == []


def test_every_level_passes_preflight_with_only_the_waived_findings(leveled: dict[str, Path]) -> None:
    names = [*LEVELS, "invisible"]
    found = preflight([leveled[name] for name in names])
    assert {name: [str(each) for each in unwaived(found[leveled[name]])] for name in names} == {
        name: [] for name in names}


# --- three validators agree -------------------------------------------------------------------------------


@pytest.mark.parametrize("level", LEVELS)
def test_verify_reports_the_level_and_validates_the_timestamps(level: str, leveled: dict[str, Path],
                                                                local_pki: LocalPki) -> None:
    signed = leveled[level]
    result = CliRunner().invoke(main, ["verify", str(signed), "--trust", str(local_pki.root)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()[2:]
    assert lines[0].startswith(f"{signed}: Signature1 by Common Name: Test Signatory")
    assert f", PAdES {level}" in lines[0]
    assert lines[0].endswith(": intact, trusted; its revision is PDF/A-3B with every font embedded")
    authority = "by Common Name: Test Time-Stamping Authority"
    assert (", timestamped " in lines[0] and authority in lines[0]) == (level != "B-B")
    if level == "B-LTA":
        assert len(lines) == 2
        assert lines[1].startswith(f"{signed}: Timestamp1: document timestamp ")
        assert authority in lines[1] and lines[1].endswith(": intact, trusted")
    else:
        assert len(lines) == 1
    # without the root, the timestamps are not trusted or distrusted: not checked
    unchecked = CliRunner().invoke(main, ["verify", str(signed)])
    assert unchecked.exit_code == 0 and "NOT trusted" not in unchecked.stdout


@pytest.mark.parametrize("level", LEVELS)
def test_pyhanko_validates_each_level(level: str, leveled: dict[str, Path], local_pki: LocalPki) -> None:
    """pyHanko's summary names the timestamp token and the updates B-LTA appends; ``adesverify`` validates
    the signature AdES-style, past the document timestamp, with the validation data the file carries."""
    trust = ["--trust", str(local_pki.root), "--trust-replace"]
    result = subprocess.run([str(PYHANKO), "sign", "validate", *trust, str(leveled[level])],
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    (summary,) = result.stdout.split()
    status = summary.split(":", 2)[2].split(",")
    assert status[0] == "INTACT:TRUSTED"
    assert ("TIMESTAMP_TOKEN<INTACT:TRUSTED>" in status) == (level != "B-B")
    assert ("UNTOUCHED" in status) == (level != "B-LTA"), "the signature covers the whole file"
    if level == "B-LTA":
        # the document timestamp fills the field the signature's revision made for it (with the empty
        # appearance PDF/A wants): an update for LTA alone
        assert "ACCEPTABLE_MODIFICATIONS" in status and "EXTENDED_WITH_LTA_UPDATES" in status, status
    if level in ("B-LT", "B-LTA"):
        ades = subprocess.run([str(PYHANKO), "sign", "adesverify", *trust, str(leveled[level])],
                              capture_output=True, text=True, timeout=300, check=False)
        assert ades.returncode == 0, ades.stdout + ades.stderr
        assert "INTACT:TRUSTED,TIMESTAMP_TOKEN<INTACT:TRUSTED>" in ades.stdout


@pytest.mark.parametrize("level", LEVELS)
def test_pdfsig_finds_the_signature_valid(level: str, leveled: dict[str, Path]) -> None:
    report = subprocess.run(["pdfsig", "-nocert", str(leveled[level])], capture_output=True, text=True,
                            check=False).stdout
    # the other signature lines of a tagged dossier are empty fields until they are signed
    signatures = [part for part in report.split("Signature #")[1:] if "field is not signed" not in part]
    assert len(signatures) == (2 if level == "B-LTA" else 1), report
    assert "Signer Certificate Common Name: Test Signatory" in signatures[0]
    assert "Signature Validation: Signature is Valid." in signatures[0], report
    assert "Total document signed" in signatures[-1], "the last one covers the whole file"
    if level == "B-LTA":
        # poppler reads the document timestamp (ETSI.RFC3161) but does not validate that kind
        assert "Signer Certificate Common Name: Test Time-Stamping Authority" in signatures[1]
        assert "Not total document signed" in signatures[0]


def test_a_tampered_b_lta_file_fails_all_three(leveled: dict[str, Path], local_pki: LocalPki,
                                               tmp_path: Path) -> None:
    data = bytearray(leveled["B-LTA"].read_bytes())
    assert data[9:10] == b"%"
    data[11] ^= 0x01  # a byte of the header's binary comment: no reader looks at it, both signatures cover it
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(bytes(data))
    result = CliRunner().invoke(main, ["verify", str(tampered), "--trust", str(local_pki.root)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{tampered}: FAILED: Signature1 by" in result.stdout
    assert f"{tampered}: FAILED: Timestamp1: document timestamp" in result.stdout
    pyhanko = subprocess.run([str(PYHANKO), "sign", "validate", "--trust", str(local_pki.root), "--trust-replace",
                              str(tampered)], capture_output=True, text=True, timeout=300, check=False)
    assert pyhanko.returncode != 0
    report = subprocess.run(["pdfsig", "-nocert", str(tampered)], capture_output=True, text=True, check=False)
    assert "Signature is Valid" not in report.stdout


def test_a_timestamp_from_an_authority_the_roots_do_not_vouch_for_fails_verify(
        leveled: dict[str, Path], local_pki: LocalPki, signing_identity: tuple[Path, Path], tmp_path: Path) -> None:
    """A signer of another PKI, trusted, with a timestamp from the test authority, whose root is not given."""
    key, cert = signing_identity
    signed = tmp_path / "b-t.pdf"
    result = CliRunner().invoke(main, [*SIGN, str(leveled["rendered"]), "--key", str(key), "--cert", str(cert),
                                       "--level", "B-T", "--timestamp-url", local_pki.tsa_url, "-o", str(signed)])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(main, ["verify", str(signed), "--trust", str(cert)])
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines()[-1] == (
        f"{signed}: FAILED: Signature1 by Organization: Test Ministry, Common Name: Test Signatory: its timestamp by"
        " Common Name: Test Time-Stamping Authority, Organization: dossiergen test PKI (not real), Country: KR is"
        " NOT trusted")
    both = CliRunner().invoke(main, ["verify", str(signed), "--trust", str(cert), "--trust", str(local_pki.root)])
    assert both.exit_code == 0, both.output


# --- refusals: one line, exit 2, nothing written ------------------------------------------------------------


def _closed_port() -> int:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        return int(free.getsockname()[1])


@pytest.mark.parametrize("case", ["no URL", "no trust", "authority down"])
def test_a_level_without_its_authority_is_one_line(case: str, leveled: dict[str, Path], local_pki: LocalPki,
                                                   tmp_path: Path) -> None:
    pdf = leveled["rendered"]
    target = tmp_path / "signed.pdf"
    options = {"no URL": ["--level", "B-T"],
               "no trust": ["--level", "B-LT", "--timestamp-url", local_pki.tsa_url],
               "authority down": ["--level", "B-T", "--timestamp-url", f"http://127.0.0.1:{_closed_port()}/tsa"]}
    result = CliRunner().invoke(main, [*SIGN, str(pdf), "--key", str(local_pki.key), "--cert", str(local_pki.cert),
                                       *options[case], "-o", str(target)])
    assert result.exit_code == 2, result.output
    assert len(result.stderr.splitlines()) == 1, result.stderr
    expected = {"no URL": "--level B-T needs --timestamp-url URL (an RFC 3161 time-stamping authority)\n",
                "no trust": "--level B-LT needs --trust CERT: ",
                "authority down": f"{pdf}: the time-stamping authority http://127.0.0.1:"}[case]
    assert result.stderr.startswith(expected), result.stderr
    if case == "authority down":
        assert "did not give a timestamp: " in result.stderr
    assert not target.exists()


def test_a_signer_the_trust_root_does_not_vouch_for_cannot_sign_at_b_lt(
        leveled: dict[str, Path], local_pki: LocalPki, signing_identity: tuple[Path, Path], tmp_path: Path) -> None:
    """B-LT gathers the signer's validation data up to the root given: a certificate of another PKI has none."""
    key, cert = signing_identity
    target = tmp_path / "signed.pdf"
    result = CliRunner().invoke(main, [*SIGN, str(leveled["rendered"]), "--key", str(key), "--cert", str(cert),
                                       "--level", "B-LT", "--timestamp-url", local_pki.tsa_url,
                                       "--trust", str(local_pki.root), "-o", str(target)])
    assert result.exit_code == 2, result.output
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith(f"{leveled['rendered']}: "), result.stderr
    assert not target.exists()


def test_revocation_services_that_are_down_stop_a_b_lt_signature(leveled: dict[str, Path], local_pki: LocalPki,
                                                                 tmp_path: Path) -> None:
    """No file that says B-LT without the validation data: the signer's OCSP responder and CRL do not answer."""
    (tmp_path / "pki").mkdir()
    with serve_local_pki(tmp_path / "pki") as stopped:
        pass  # its certificates name services that are no longer served
    target = tmp_path / "signed.pdf"
    result = CliRunner().invoke(main, [*SIGN, str(leveled["rendered"]), "--key", str(stopped.key), "--cert",
                                       str(stopped.cert), "--level", "B-LT", "--timestamp-url", local_pki.tsa_url,
                                       "--trust", str(stopped.root), "-o", str(target)])
    assert result.exit_code == 2, result.output
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith(f"{leveled['rendered']}: cannot sign at B-LT: "), result.stderr
    assert "no revocation information could be found" in result.stderr
    assert not target.exists()


@pytest.mark.parametrize("which", ["B-LTA", "invisible"])
def test_a_b_lta_or_invisible_signature_keeps_a_tagged_file_as_pdf_ua_as_it_was(which: str, leveled: dict[str, Path],
                                                                               tmp_path: Path) -> None:
    """The invisible signature's field and the document timestamp's, no bigger than a point, are widgets too:
    each has its /TU and a /Form element (made at the first signature), so the checkers find what they found
    in the unsigned file."""
    _, before = outloud(leveled["rendered"])
    _, after = outloud(leveled[which])
    assert sorted((f["rule"], f["severity"]) for f in after) == sorted((f["rule"], f["severity"]) for f in before)
    (tmp_path / "before").mkdir()
    (tmp_path / "after").mkdir()
    assert avalpdf(leveled[which], tmp_path / "after") == avalpdf(leveled["rendered"], tmp_path / "before")
    with pikepdf.open(leveled[which]) as pdf:
        widgets = [field for field in pdf.Root.AcroForm.Fields if field.get("/FT") == "/Sig"]
        assert all("/TU" in widget and "/StructParent" in widget for widget in widgets)
        names = {str(widget.T) for widget in widgets}
        assert "Timestamp1" in names and (which == "B-LTA" or "Signature-invisible-1" in names)
