"""PDF/A-3b proven by validators: PDFBox Preflight (with the PDF/A-1-only findings waived by message) and
pikepdf checks of what it cannot see, on every sample document, rendered, signed once and signed twice; and
outloud and avalpdf on every sample signed (tests/test_pdf_ua.py checks them unsigned)."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from dossiergen.archive.conformance import unembedded_fonts
from dossiergen.cli.main import main

from .conftest import ALL_SAMPLES, ROOT, signed_twice
from .pdf_validators import WAIVERS, Finding, Waiver, associated_file_problems, preflight, unwaived
from .test_pdf_ua import avalpdf, outloud

OUTPUTS = tomllib.loads((ROOT / "dossiergen.toml").read_text(encoding="utf-8"))["outputs"]
"""The language sets ``dossiergen build`` makes of each record kind."""
PROJECTS = [path for path in ALL_SAMPLES if path.name == "project.yaml"]


def _kind(record: Path) -> str:
    return next(line.split(":", 1)[1].strip() for line in record.read_text(encoding="utf-8").splitlines()
                if line.startswith("kind:"))


# every sample in each of its default language sets, and each project's Letter of Authorization
DOCUMENTS = [(record, None, lang_set) for record in ALL_SAMPLES for lang_set in OUTPUTS[_kind(record)]]
DOCUMENTS += [(record, "loa", lang_set) for record in PROJECTS for lang_set in OUTPUTS["project"]]


def _id(document: tuple[Path, str | None, str]) -> str:
    record, kind, lang_set = document
    return f"{record.parent.name}-{record.stem}{'.' + kind if kind else ''}.{lang_set}"


@pytest.fixture(scope="session")
def samples(render_record: Callable[[Path, str], Path], render_loa: Callable[[Path, str], Path]) -> dict[str, Path]:
    """Every sample document, rendered once (shared with the other tests through the session's renderers)."""
    return {_id(document): (render_loa if document[1] == "loa" else render_record)(document[0], document[2])
            for document in DOCUMENTS}


@pytest.fixture(scope="session")
def signed(tmp_path_factory: pytest.TempPathFactory, signing_identity: tuple[Path, Path],
           render_sample: Callable[[str, str], Path]) -> dict[str, Path]:
    """The dossier (ko+en) and the minutes (km+en) signed on their first line, then on their second."""
    folder = tmp_path_factory.mktemp("signed")
    out = {}
    for kind, lang_set in (("dossier", "ko+en"), ("minutes", "km+en")):
        out |= signed_twice(render_sample(kind, lang_set).read_bytes(), signing_identity, folder, f"{kind}.{lang_set}")
    return out


@pytest.fixture(scope="session")
def signed_samples(tmp_path_factory: pytest.TempPathFactory, signing_identity: tuple[Path, Path],
                   samples: dict[str, Path]) -> dict[str, Path]:
    """Every sample signed once as it would be signed: on its first signature line, or invisibly where it has
    none (a press notice, a Letter of Authorization); drafts all, signed for review (``draft``)."""
    from dossiergen.archive.sign import sign_pdf, signature_places

    folder = tmp_path_factory.mktemp("signed-samples")
    out = {}
    for name, path in samples.items():
        data = path.read_bytes()
        out[f"{name}.signed"] = folder / f"{name}.signed.pdf"
        out[f"{name}.signed"].write_bytes(sign_pdf(data, *signing_identity, visible=bool(signature_places(data)),
                                                   source=path, draft=True))
    return out


@pytest.fixture(scope="session")
def preflight_findings(samples: dict[str, Path], signed: dict[str, Path],
                       signed_samples: dict[str, Path]) -> dict[str, list[Finding]]:
    """Preflight's findings on every sample and every signed file, in one JVM."""
    paths = {**samples, **signed, **signed_samples}
    found = preflight(list(paths.values()))
    return {name: found[path] for name, path in paths.items()}


# --- the validator itself -------------------------------------------------------------------------------------


def test_preflight_is_installed() -> None:
    assert shutil.which("java"), "a Java runtime: scripts/install-system-packages.sh installs default-jre-headless"
    for jar in ("preflight.jar", "pdfbox2.jar", "javax.activation.jar", "jaxb-api.jar"):
        assert (Path("/usr/share/java") / jar).is_file(), f"{jar}: scripts/install-system-packages.sh installs it"


def test_waivers_match_exact_messages_only() -> None:
    """A waiver allows its message, with only the font, page or dictionary varying; not a neighbour."""
    cidset = next(waiver for waiver in WAIVERS if waiver.code == "3.1.11")
    allowed = Finding("3.1.11", "Invalid Font definition, HTPBOL+DG-Sans-Latin: The CIDSet entry is missing for"
                                " the Composite Subset")
    assert cidset.matches(allowed)
    assert not cidset.matches(Finding("3.1.11", "Invalid Font definition, HTPBOL+DG-Sans-Latin: The CIDSet entry"
                                                " is invalid for the Composite Subset"))
    assert not cidset.matches(Finding("3.1.3", allowed.message)), "the code is part of the match"
    assert unwaived([Finding("3.1.3", "Invalid Font definition, Courier: FontFile entry is missing")]) != []
    assert all(isinstance(waiver, Waiver) and waiver.clause.startswith("19005-3 ") for waiver in WAIVERS)


def test_preflight_finds_what_the_old_signature_stamp_did(tmp_path: Path, signing_identity: tuple[Path, Path],
                                                          render_sample: Callable[[str, str], Path]) -> None:
    """pyHanko's default stamp (Courier, not embedded) fails both checks: the checks can fail."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    key, cert = signing_identity
    writer = IncrementalPdfFileWriter(io.BytesIO(render_sample("minutes", "ko+en").read_bytes()), strict=False)
    out = io.BytesIO()
    signers.sign_pdf(writer, signers.PdfSignatureMetadata(field_name="Old"),
                     signer=signers.SimpleSigner.load(str(key), str(cert)), output=out,
                     new_field_spec=fields.SigFieldSpec("Old", on_page=0, box=(50, 50, 250, 100)))
    old = tmp_path / "old-stamp.pdf"
    old.write_bytes(out.getvalue())
    assert any("Courier" in font for font in unembedded_fonts(old.read_bytes()))
    assert any(finding.code == "3.1.3" and "Courier" in finding.message
               for finding in unwaived(preflight([old])[old]))


# --- every sample, rendered and signed ------------------------------------------------------------------------


@pytest.mark.parametrize("name", [_id(document) for document in DOCUMENTS])
def test_every_sample_passes_preflight_with_only_the_waived_findings(
        name: str, preflight_findings: dict[str, list[Finding]]) -> None:
    assert [str(finding) for finding in unwaived(preflight_findings[name])] == []


@pytest.mark.parametrize("name", ["dossier.ko+en.signed-1", "dossier.ko+en.signed-2",
                                  "minutes.km+en.signed-1", "minutes.km+en.signed-2"])
def test_a_signed_sample_passes_preflight_with_only_the_waived_findings(
        name: str, preflight_findings: dict[str, list[Finding]]) -> None:
    assert [str(finding) for finding in unwaived(preflight_findings[name])] == []


@pytest.mark.parametrize("name", [_id(document) for document in DOCUMENTS])
def test_every_sample_signed_passes_preflight_with_only_the_waived_findings(
        name: str, preflight_findings: dict[str, list[Finding]]) -> None:
    assert [str(finding) for finding in unwaived(preflight_findings[f"{name}.signed"])] == []


@pytest.mark.parametrize("name", [_id(document) for document in DOCUMENTS])
def test_every_sample_signed_has_no_pdf_ua_error(name: str, signed_samples: dict[str, Path], tmp_path: Path) -> None:
    """outloud and avalpdf find no error in a signed sample either (the signature's field is in the tree)."""
    _, findings = outloud(signed_samples[f"{name}.signed"])
    assert [f"{f['rule']} p.{f.get('page')}: {f['message']}" for f in findings if f["severity"] == "error"] == []
    issues, _ = avalpdf(signed_samples[f"{name}.signed"], tmp_path)
    assert issues == []


def test_every_pdf_embeds_every_font_and_its_associated_files_are_pdf_a_3(
        samples: dict[str, Path], signed: dict[str, Path], signed_samples: dict[str, Path]) -> None:
    problems = {}
    for name, path in {**samples, **signed, **signed_samples}.items():
        with pikepdf.open(path) as pdf:
            found = associated_file_problems(pdf) + unembedded_fonts(path.read_bytes())
        if found:
            problems[name] = found
    assert problems == {}


# --- signing twice ---------------------------------------------------------------------------------------------


def test_the_signature_appearance_uses_the_documents_embedded_fonts(signed: dict[str, Path]) -> None:
    for name in ("dossier.ko+en.signed-2", "minutes.km+en.signed-2"):
        with pikepdf.open(signed[name]) as pdf:
            widgets = [annotation for page in pdf.pages for annotation in page.obj.get("/Annots", [])
                       if annotation.get("/FT") == "/Sig"]
            assert len(widgets) == 2, name
            for widget in widgets:
                fonts = widget.AP.N.Resources.Font
                names = sorted(str(font.BaseFont).split("+", 1)[1] for font in fonts.values())
                assert names and not any("Courier" in each for each in names), names
                # the document's own faces: Nanum Myeongjo for Korean, Noto Serif Khmer for Khmer, Noto Serif
                script = "NanumMyeongjo" if "ko+en" in name else "NotoSerifKhmer"
                assert any(each.startswith(script) for each in names) and any(
                    each.startswith("NotoSerif-") for each in names), names
                assert "/Courier" not in widget.AP.N.read_bytes().decode("latin-1")


def test_a_dossier_signed_twice_is_valid_for_pdfsig_and_verify(signed: dict[str, Path],
                                                              signing_identity: tuple[Path, Path]) -> None:
    twice = signed["dossier.ko+en.signed-2"]
    report = subprocess.run(["pdfsig", str(twice)], capture_output=True, text=True, check=False).stdout
    signatures = report.split("Signature #")[1:]
    assert len(signatures) == 2, report
    assert all("Signature Validation: Signature is Valid." in each for each in signatures), report
    assert "Total document signed" in signatures[-1], "the last signature covers the whole file"
    assert "Total document signed" not in signatures[0], "the first covers its own revision only"
    result = CliRunner().invoke(main, ["verify", str(twice), "--trust", str(signing_identity[1])])
    assert result.exit_code == 0, result.output
    assert result.stdout.count("its revision is PDF/A-3B with every font embedded") == 2


def pyhanko_validate(path: Path, cert: Path) -> tuple[int, str]:
    """pyHanko's own validator (the ``pyhanko-cli`` test dependency): its exit code and report."""
    run = subprocess.run([str(Path(sys.executable).parent / "pyhanko"), "sign", "validate", "--pretty-print",
                          "--trust", str(cert), str(path)], capture_output=True, text=True, check=False, timeout=300)
    return run.returncode, run.stdout + run.stderr


def test_a_dossier_signed_twice_is_valid_for_pyhanko(signed: dict[str, Path],
                                                    signing_identity: tuple[Path, Path]) -> None:
    code, report = pyhanko_validate(signed["dossier.ko+en.signed-2"], signing_identity[1])
    assert code == 0 and report.count("The signature is judged VALID.") == 2, report
    first, last = report.split("Field 2:")
    assert "does not cover the entire file" in first and "covers the entire file" in last


def test_a_tampered_signed_dossier_fails_pdfsig_pyhanko_and_verify(signed: dict[str, Path], tmp_path: Path,
                                                                  signing_identity: tuple[Path, Path]) -> None:
    data = bytearray(signed["dossier.ko+en.signed-2"].read_bytes())
    offset = data.index(b"stream\n") + 20  # a byte of the first revision's first stream, covered by both signatures
    data[offset] ^= 0x01
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(bytes(data))
    report = subprocess.run(["pdfsig", str(tampered)], capture_output=True, text=True, check=False).stdout
    assert "Signature is Valid" not in report, report
    code, report = pyhanko_validate(tampered, signing_identity[1])
    assert code != 0 and "The signature is judged VALID." not in report, report
    result = CliRunner().invoke(main, ["verify", str(tampered), "--trust", str(signing_identity[1])])
    assert result.exit_code != 0 and "Traceback" not in result.output


def test_a_page_changed_after_signing_fails_pdfsig_pyhanko_and_verify(signed: dict[str, Path], tmp_path: Path,
                                                                     signing_identity: tuple[Path, Path]) -> None:
    """An incremental update after the last signature that changes what a page prints: each signature is still
    intact over its bytes, but none covers the file, and all three say so."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    source = signed["dossier.ko+en.signed-2"]
    writer = IncrementalPdfFileWriter(io.BytesIO(source.read_bytes()), strict=False)
    page_ref, _ = writer.find_page_for_modification(0)
    extra = generic.StreamObject(stream_data=b"q 1 0 0 rg 100 400 200 40 re f Q")  # a red box over the cover
    contents = page_ref.get_object()["/Contents"]
    kept = list(contents) if isinstance(contents, generic.ArrayObject) else [page_ref.get_object().raw_get("/Contents")]
    page_ref.get_object()["/Contents"] = generic.ArrayObject([*kept, writer.add_object(extra)])
    writer.update_container(page_ref.get_object())
    appended = tmp_path / "appended.pdf"
    with appended.open("wb") as out:
        writer.write(out)
    assert appended.read_bytes().startswith(source.read_bytes()), "an incremental update"
    report = subprocess.run(["pdfsig", str(appended)], capture_output=True, text=True, check=False).stdout
    signatures = report.split("Signature #")[1:]
    assert len(signatures) == 2 and not any("Total document signed" in each for each in signatures), report
    code, report = pyhanko_validate(appended, signing_identity[1])
    assert code != 0 and "The signature is judged VALID." not in report, report
    assert report.count("does not cover the entire file") == 2
    result = CliRunner().invoke(main, ["verify", str(appended), "--trust", str(signing_identity[1])])
    assert result.exit_code == 1, result.output
    assert result.stdout.count("the file was changed after it was signed") == 2, result.stdout
