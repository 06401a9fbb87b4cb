"""Archival dossiers: PDF/A-3 with the records inside, the same bytes every time, signed and verified."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree

import pikepdf
import pytest
from click.testing import CliRunner

from dossiergen.archive.embed import record_json
from dossiergen.cli.main import main
from dossiergen.formats.pdf import render_document
from dossiergen.i18n.languages import parse_langs
from dossiergen.records.loading import load_record

from .conftest import SAMPLES, SIGN

RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
DC = "{http://purl.org/dc/elements/1.1/}"
XMP = "{http://ns.adobe.com/xap/1.0/}"
XMPMM = "{http://ns.adobe.com/xap/1.0/mm/}"
PDFAID = "{http://www.aiim.org/pdfa/ns/id/}"
PDFUAID = "{http://www.aiim.org/pdfua/ns/id/}"
KINDS = ["dossier", "press", "minutes"]


def _render(kind: str, lang_set: str = "ko+en", **options: object) -> bytes:
    return render_document(load_record(SAMPLES[kind]), parse_langs(lang_set), **options)  # type: ignore[arg-type]


def _xmp(pdf: pikepdf.Pdf) -> ElementTree.Element:
    packet = pdf.Root.Metadata.read_bytes()
    assert packet.startswith(b"<?xpacket begin=") and packet.rstrip().endswith(b"<?xpacket end=\"r\"?>")
    return ElementTree.fromstring(packet[packet.index(b"<x:xmpmeta"):packet.index(b"</x:xmpmeta>") + 12])


def _xmp_value(root: ElementTree.Element, tag: str) -> str | None:
    for description in root.iter(f"{RDF}Description"):
        if tag in description.attrib:
            return description.attrib[tag]
        element = description.find(tag)
        if element is not None:
            return element.text
    return None


# --- reproducible bytes ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_rendering_twice_gives_identical_bytes(kind: str) -> None:
    assert _render(kind) == _render(kind)


def test_another_process_with_another_clock_zone_and_folder_gives_identical_bytes(tmp_path: Path) -> None:
    """faketime moves the second process's clock ten years on; TZ and the working folder differ too."""
    faketime = shutil.which("faketime")
    assert faketime, "faketime is installed by scripts/install-system-packages.sh"
    env = {**os.environ, "TZ": "America/Los_Angeles"}
    env.pop("SOURCE_DATE_EPOCH", None)
    clock = subprocess.run([faketime, "2036-02-03 04:05:06", sys.executable, "-c", "import time; print(time.time())"],
                           env=env, capture_output=True, text=True, check=True)
    assert float(clock.stdout) > datetime(2036, 1, 1, tzinfo=UTC).timestamp(), "the clock is moved"
    for kind in ("dossier", "minutes"):
        target = tmp_path / f"{kind}.pdf"
        subprocess.run([faketime, "2036-02-03 04:05:06", sys.executable, "-m", "dossiergen", "render",
                        str(SAMPLES[kind]), "--lang", "ko+en", "-o", str(target)],
                       env=env, cwd=tmp_path, capture_output=True, check=True)
        assert target.read_bytes() == _render(kind), kind


def test_source_date_epoch_sets_the_dates_and_nothing_else_varies(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01 00:00 UTC
    first = _render("press")
    assert first == _render("press")
    with pikepdf.open(io.BytesIO(first)) as pdf:
        assert str(pdf.docinfo["/CreationDate"]) == "D:20260101000000+00'00"
        assert _xmp_value(_xmp(pdf), f"{XMP}CreateDate") == "2026-01-01T00:00:00+00:00"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    with pikepdf.open(io.BytesIO(_render("press"))) as pdf:  # the release time of the record, in Seoul
        assert str(pdf.docinfo["/CreationDate"]) == "D:20250721120000+09'00"


def test_a_malformed_source_date_epoch_is_one_line(tmp_path: Path) -> None:
    result = CliRunner(env={"SOURCE_DATE_EPOCH": "yesterday"}).invoke(
        main, ["render", str(SAMPLES["press"]), "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2
    assert result.stderr == "SOURCE_DATE_EPOCH='yesterday': expected whole seconds since 1970-01-01 UTC\n"
    assert not (tmp_path / "x.pdf").exists()


# --- PDF/A-3: metadata, the records inside, the output intent --------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_pdf_a_3b_metadata_attachments_and_output_intent(kind: str) -> None:
    data = _render(kind, "km+en")
    record = load_record(SAMPLES[kind])
    with pikepdf.open(io.BytesIO(data)) as pdf:
        xmp, info = _xmp(pdf), pdf.docinfo
        assert _xmp_value(xmp, f"{PDFAID}part") == "3" and _xmp_value(xmp, f"{PDFAID}conformance") == "B"
        titles = {item.get("{http://www.w3.org/XML/1998/namespace}lang"): item.text
                  for item in xmp.iter(f"{DC}title") for item in item.iter(f"{RDF}li")}
        assert set(titles) == {"x-default", "km", "en"}
        assert titles["x-default"] == titles["km"] == str(info["/Title"]) and titles["en"]
        assert [item.text for item in next(xmp.iter(f"{DC}language")).iter(f"{RDF}li")] == ["km", "en"]
        assert str(pdf.Root.Lang) == "km"
        assert _xmp_value(xmp, f"{DC}identifier") == record.id == str(info["/DossierID"])
        assert _xmp_value(xmp, f"{XMPMM}DocumentID") == f"urn:sha256:{info['/DossiergenFingerprint']}"
        assert str(info["/Creator"]) == _xmp_value(xmp, f"{XMP}CreatorTool") == "dossiergen 0.1.0"
        assert str(info["/Author"]) and str(info["/Subject"]) and "Article 6.2" in str(info["/Keywords"])
        if kind == "dossier":
            assert str(info["/DossierVersion"]) == _xmp_value(xmp, f"{XMPMM}VersionID") == "1.0"
        # the records, as associated files of the document
        files = list(pdf.Root.AF)
        assert len(files) == len({spec.objgen for spec in files}), "each associated file listed once"
        carried = {str(spec.UF): spec for spec in files}
        expected = [record] + ([record.project] if record.project is not None else [])
        assert set(carried) == {f"{each.id}.{each.kind}.json" for each in expected}
        for each in expected:
            spec = carried[f"{each.id}.{each.kind}.json"]
            content = spec.EF.F.read_bytes()
            assert spec.AFRelationship == "/Source" and spec.EF.F.Subtype == "/application/json"
            assert content == record_json(each)
            assert bytes(spec.EF.F.Params.CheckSum) == hashlib.md5(content).digest()
        assert str(info["/DossiergenRecord"]) == f"{record.id}.{record.kind}.json"
        assert set(pdf.attachments) == set(carried)
        # the output intent: an sRGB ICC profile
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1" and intent.DestOutputProfile.N == 3
        assert intent.DestOutputProfile.read_bytes()[36:40] == b"acsp", "an ICC profile"
        # a trailer /ID whose first half is a hash of what was typeset
        assert len(pdf.trailer.ID) == 2 and len(bytes(pdf.trailer.ID[0])) == 32


def test_every_pdf_is_tagged_declared_pdf_ua_and_pdf_a_3b_and_gives_each_passage_its_language() -> None:
    data = _render("dossier", "km+en")  # the default: no option asks for it
    with pikepdf.open(io.BytesIO(data)) as pdf:
        xmp = _xmp(pdf)
        assert _xmp_value(xmp, f"{PDFUAID}part") == "1"
        # level B, which the validators here check; never level A, which none does
        assert _xmp_value(xmp, f"{PDFAID}part") == "3" and _xmp_value(xmp, f"{PDFAID}conformance") == "B"
        assert "http://www.aiim.org/pdfua/ns/id/" in ElementTree.tostring(xmp, encoding="unicode"), "schema declared"
        assert pdf.Root.MarkInfo.Marked is True and pdf.Root.ViewerPreferences.DisplayDocTitle is True
        kinds: list[str] = []
        langs: list[str] = []

        def walk(element: pikepdf.Object) -> None:
            if isinstance(element, pikepdf.Dictionary) and "/S" in element:
                kinds.append(str(element.S))
                if "/Lang" in element:
                    langs.append(str(element.Lang))
            children = element.get("/K") if isinstance(element, pikepdf.Dictionary) else None
            kids = children if isinstance(children, pikepdf.Array) else [children] if children is not None else []
            for child in kids:
                if isinstance(child, pikepdf.Dictionary):
                    walk(child)

        walk(pdf.Root.StructTreeRoot)
    assert "/TH" in kinds and "/Table" in kinds, "table headers are marked"
    assert "/H1" in kinds or "/H2" in kinds
    # reading order follows the pairs: each Khmer passage is followed by its English one
    assert langs.count("km") > 20 and langs.count("en") > 20
    assert langs[langs.index("km") + 1] == "en"


def test_untagged_is_the_plain_pdf_a_3b_without_pdf_ua() -> None:
    tagged, untagged = _render("press"), _render("press", tagged=False)
    with pikepdf.open(io.BytesIO(untagged)) as pdf, pikepdf.open(io.BytesIO(tagged)) as other:
        xmp = _xmp(pdf)
        assert _xmp_value(xmp, f"{PDFAID}part") == "3" and _xmp_value(xmp, f"{PDFAID}conformance") == "B"
        assert _xmp_value(xmp, f"{PDFUAID}part") is None
        assert "http://www.aiim.org/pdfua/ns/id/" not in ElementTree.tostring(xmp, encoding="unicode")
        assert "/StructTreeRoot" not in pdf.Root and "/MarkInfo" not in pdf.Root
        assert str(pdf.Root.Lang) == "ko", "the document's language all the same"
        # two different files of the same record and options: two identifiers
        assert bytes(pdf.trailer.ID[0]) != bytes(other.trailer.ID[0])


# --- extract -----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_extract_then_render_gives_identical_bytes(kind: str, tmp_path: Path) -> None:
    original = tmp_path / "original.pdf"
    runner = CliRunner()
    assert runner.invoke(main, ["render", str(SAMPLES[kind]), "--lang", "km+en", "-o", str(original)]).exit_code == 0
    out = tmp_path / "extracted" / "record.json"
    out.parent.mkdir()
    result = runner.invoke(main, ["extract", str(original), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "rendered with --lang km+en" in result.stdout
    assert runner.invoke(main, ["validate", str(out)]).exit_code == 0
    again = tmp_path / "again.pdf"
    result = runner.invoke(main, ["render", str(out), "--lang", "km+en", "-o", str(again)])
    assert result.exit_code == 0, result.output
    assert again.read_bytes() == original.read_bytes()


def test_extract_writes_the_record_to_standard_output(tmp_path: Path) -> None:
    pdf = tmp_path / "press.pdf"
    pdf.write_bytes(_render("press"))
    result = CliRunner().invoke(main, ["extract", str(pdf)])
    assert result.exit_code == 0
    assert result.stdout_bytes == record_json(load_record(SAMPLES["press"]))


def test_extract_refuses_a_pdf_dossiergen_did_not_make(tmp_path: Path) -> None:
    pdf = tmp_path / "other.pdf"
    with pikepdf.new() as document:
        document.add_blank_page()
        document.save(pdf)
    result = CliRunner().invoke(main, ["extract", str(pdf)])
    assert result.exit_code == 2
    assert result.stderr == (f"{pdf}: carries no dossiergen record (made by another program, or before records"
                             " were embedded)\n")


def _swap_record(source: bytes, target: Path) -> None:
    """Replace the embedded project record with an edited one, as someone might, and save."""
    with pikepdf.open(io.BytesIO(source)) as pdf:
        (spec,) = list(pdf.Root.AF)
        spec.EF.F.write(spec.EF.F.read_bytes().replace(b"680000", b"690000"))
        pdf.save(target)


def test_a_record_changed_inside_the_pdf_fails_extract_and_verify(tmp_path: Path) -> None:
    changed = tmp_path / "changed.pdf"
    _swap_record(_render("dossier"), changed)
    result = CliRunner().invoke(main, ["extract", str(changed)])
    assert result.exit_code == 2
    assert "do not match the fingerprint" in result.stderr and result.stdout == ""
    result = CliRunner().invoke(main, ["verify", str(changed)])
    assert result.exit_code == 1
    assert "FAILED: the embedded records or options do not match the fingerprint" in result.stdout


# --- sign and verify ---------------------------------------------------------------------------


def test_the_footer_shows_the_fingerprint_and_verify_reads_it(tmp_path: Path) -> None:
    pdf = tmp_path / "minutes.pdf"
    pdf.write_bytes(_render("minutes"))
    result = CliRunner().invoke(main, ["verify", str(pdf)])
    assert result.exit_code == 0, result.output
    with pikepdf.open(pdf) as document:
        short = str(document.docinfo["/DossiergenFingerprint"])[:12]
    assert result.stdout.splitlines() == [
        f"{pdf}: records kh-emoto-wg-01.minutes.json, kh-emoto.project.json match the fingerprint {short}",
        f"{pdf}: every page's footer shows the fingerprint {short}",
        f"{pdf}: not signed",
    ]


def test_sign_on_each_signature_line_then_verify(tmp_path: Path, signing_identity: tuple[Path, Path]) -> None:
    key, cert = signing_identity
    pdf = tmp_path / "dossier.pdf"
    pdf.write_bytes(_render("dossier"))
    runner = CliRunner()
    first, second = tmp_path / "signed-1.pdf", tmp_path / "signed-2.pdf"
    assert runner.invoke(main,
                         [*SIGN, str(pdf), "--key", str(key), "--cert", str(cert), "-o", str(first)]).exit_code == 0
    result = runner.invoke(main, [*SIGN, str(first), "--key", str(key), "--cert", str(cert), "-o", str(second)])
    assert result.exit_code == 0, result.output
    assert first.read_bytes().startswith(pdf.read_bytes()), "signing appends; the rendered bytes stay"
    result = runner.invoke(main, ["verify", str(second), "--trust", str(cert)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line.split(" by ")[0] for line in lines[2:]] == [f"{second}: Signature1", f"{second}: Signature2"]
    assert all(line.endswith("intact, trusted; its revision is PDF/A-3B with every font embedded")
               for line in lines[2:])
    # each field sits on its signature line: the named destination's page, at its left edge
    with pikepdf.open(second) as document:
        fields = {str(field.T): field for field in document.Root.AcroForm.Fields}
        dests = dict(zip(*[iter(document.Root.Names.Dests.Names)] * 2, strict=True))
        for number in (1, 2):
            field, dest = fields[f"Signature{number}"], dests[f"signature-{number}"]
            assert field.P.objgen == dest[0].objgen
            assert abs(float(field.Rect[0]) - float(dest[2])) < 1 and abs(float(field.Rect[3]) - float(dest[3])) < 1
            assert float(field.Rect[2]) - float(field.Rect[0]) > 100, "as wide as the line"
    assert runner.invoke(main, ["verify", str(second)]).stdout.count("trust not checked") == 2
    other = runner.invoke(main, [*SIGN, str(second), "--key", str(key), "--cert", str(cert), "--authority", "9"])
    assert other.exit_code == 2 and other.stderr.startswith(f"{second}: no signature line 9; the document has 1, 2")


def test_an_invisible_signature(tmp_path: Path, signing_identity: tuple[Path, Path]) -> None:
    key, cert = signing_identity
    pdf = tmp_path / "press.pdf"
    pdf.write_bytes(_render("press"))
    result = CliRunner().invoke(main, [*SIGN, str(pdf), "--key", str(key), "--cert", str(cert), "--invisible"])
    assert result.exit_code == 0, result.output
    signed = tmp_path / "press.signed.pdf"
    result = CliRunner().invoke(main, ["verify", str(signed), "--trust", str(cert)])
    assert result.exit_code == 0 and "Signature-invisible-1 by" in result.stdout


@pytest.mark.parametrize("where", ["binary comment", "first revision", "after signing"])
def test_a_pdf_changed_by_one_byte_after_signing_fails_verify(where: str, tmp_path: Path,
                                                               signing_identity: tuple[Path, Path]) -> None:
    key, cert = signing_identity
    pdf = tmp_path / "minutes.pdf"
    rendered = _render("minutes")
    pdf.write_bytes(rendered)
    signed = tmp_path / "signed.pdf"
    assert CliRunner().invoke(main, [*SIGN, str(pdf), "--key", str(key), "--cert", str(cert),
                                     "-o", str(signed)]).exit_code == 0
    data = bytearray(signed.read_bytes())
    offset = {"binary comment": data.index(b"%\xf0\x9f") + 2,  # a byte no reader looks at, signed all the same
              "first revision": data.index(b"stream\n") + 20,  # the first stream's data
              "after signing": len(data) - 30}[where]
    data[offset] ^= 0x01
    changed = tmp_path / "changed.pdf"
    changed.write_bytes(bytes(data))
    result = CliRunner().invoke(main, ["verify", str(changed), "--trust", str(cert)])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    if result.exit_code == 1:
        assert "FAILED" in result.stdout
