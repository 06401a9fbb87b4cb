"""The visible signature: a stamp that can be read (sizes measured in its appearance stream), clear of the page's
text, with an optional seal image; in the structure tree of a tagged PDF, so a signed --pdf-ua file stays as
PDF/UA as it was (outloud, avalpdf), while pdfsig, pyHanko's validator and ``verify`` all find it valid."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from click.testing import CliRunner
from PIL import Image, ImageDraw

from dossiergen.api import load_record
from dossiergen.archive.conformance import unembedded_fonts
from dossiergen.archive.sign import signature_places
from dossiergen.archive.stamp import MARK, fits, plain, read_signing
from dossiergen.cli.main import main
from dossiergen.formats.pdf import render_document

from .conftest import ALL_SAMPLES, DATA, SAMPLES, SIGN, make_identity, signed_twice
from .pdf_validators import preflight, unwaived
from .test_conformance import OUTPUTS, _kind
from .test_pdf_ua import avalpdf, outloud

NAME_AND_TITLE, THE_REST = 8.0, 6.5
"""The smallest sizes a stamp may set: the signer's name and title, and everything else."""
PYHANKO = str(Path(sys.executable).parent / "pyhanko")
FINAL_MINUTES = DATA / "valid" / "final-minutes" / "minutes.yaml"


def seal_png(path: Path) -> Path:
    """A small red seal with a transparent background (an alpha channel), as a ministry's scan might be."""
    image = Image.new("RGBA", (160, 160), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((6, 6, 154, 154), outline=(190, 30, 30, 255), width=8)
    draw.rectangle((50, 50, 110, 110), fill=(190, 30, 30, 220))
    image.save(path)
    return path


@pytest.fixture(scope="module")
def tagged_signed(tmp_path_factory: pytest.TempPathFactory, signing_identity: tuple[Path, Path]) -> dict[str, Path]:
    """The dossier (ko+en) rendered --pdf-ua, then signed on its first line, then on its second."""
    folder = tmp_path_factory.mktemp("tagged-signed")
    data = render_document(load_record(SAMPLES["dossier"]), ("ko", "en"))  # type: ignore[arg-type]
    (folder / "unsigned.pdf").write_bytes(data)
    return {"unsigned": folder / "unsigned.pdf", **signed_twice(data, signing_identity, folder, "dossier")}


@pytest.fixture(scope="module")
def sealed(tmp_path_factory: pytest.TempPathFactory, render_sample: Callable[[str, str], Path]) -> Path:
    """The minutes (km+en) signed on both lines through the command line, each with a seal, by the person the line
    is for (with a certificate in their name, so the stamp names no other holder)."""
    folder = tmp_path_factory.mktemp("sealed")
    seal = seal_png(folder / "seal.png")
    source, runner = render_sample("minutes", "km+en"), CliRunner()
    for times in (1, 2):
        signing = read_signing(source.read_bytes(), times, source)
        assert signing is not None and signing.signer is not None
        (folder / f"identity-{times}").mkdir()
        key, cert = make_identity(folder / f"identity-{times}", MARK.sub("", plain(signing.signer.name, "en")).strip())
        target = folder / f"sealed-{times}.pdf"
        result = runner.invoke(main, [*SIGN, str(source), "--key", str(key), "--cert", str(cert),
                                      "--seal", str(seal), "-o", str(target)])
        assert result.exit_code == 0, result.output
        source = target
    return source


SIGNED = [(record, lang_set) for record in ALL_SAMPLES for lang_set in OUTPUTS[_kind(record)]
          if _kind(record) in ("project", "minutes")]
"""Every sample with signature lines, in each of its default language sets."""
CROWDED_WITH_A_SEAL = {"bd-solar-irrigation.km+en": [(1, True)]}
"""Signers whose stamp does not fit beside a seal even at 40 % of the box's height (a Khmer and an English title
of two lines each): it is scaled down to the box (to 88 %: names 7.5 pt). Without a seal every signer fits."""


@pytest.mark.parametrize(("record", "lang_set"), SIGNED, ids=[f"{r.parent.name}-{r.stem}.{s}" for r, s in SIGNED])
def test_every_samples_signers_fit_the_room_the_template_leaves(record: Path, lang_set: str,
                                                               render_record: Callable[[Path, str], Path]) -> None:
    """At the stamp's sizes, with a seal and without: the box over each line is tall enough for its signer."""
    path = render_record(record, lang_set)
    data = path.read_bytes()
    seal = Image.open(seal_png(path.with_suffix(".seal.png"))).convert("RGBA")
    places = signature_places(data)
    signing = read_signing(data, min(places), path)
    assert signing is not None and sorted(signing.lines) == sorted(places)
    crowded = [(line, sealed is not None) for line, (_, (left, bottom, right, top)) in places.items()
               for sealed in (None, seal) if not fits(signing.on(line), right - left, top - bottom, sealed)]
    assert crowded == CROWDED_WITH_A_SEAL.get(f"{record.parent.name}.{lang_set}", [])


def _widgets(pdf: pikepdf.Pdf) -> Iterator[tuple[int, pikepdf.Dictionary]]:
    for index, page in enumerate(pdf.pages):
        for annotation in page.obj.get("/Annots", pikepdf.Array()):
            if annotation.get("/FT") == "/Sig" and float(annotation.Rect[2]) > float(annotation.Rect[0]):
                yield index, annotation


def text_sizes(appearance: pikepdf.Stream) -> list[tuple[float, str]]:
    """(size on the page, its /ActualText) of each text object of a stamp: Tf's size times Tm's scale."""
    sizes: list[tuple[float, str]] = []
    font_size, scale, actual = 0.0, 1.0, ""
    for operands, operator in pikepdf.parse_content_stream(appearance):
        name = str(operator)
        if name == "Tf":
            font_size = float(operands[1])
        elif name == "Tm":
            scale = float(operands[3])
        elif name == "BDC" and isinstance(operands[1], pikepdf.Dictionary):
            actual = str(operands[1].get("/ActualText", ""))
        elif name in ("TJ", "Tj"):
            sizes.append((font_size * scale, actual))
    return sizes


@pytest.mark.parametrize("which", ["tagged", "sealed"])
def test_the_stamp_is_legible_and_clear_of_the_pages_text(which: str, tagged_signed: dict[str, Path],
                                                         sealed: Path) -> None:
    path = tagged_signed["dossier.signed-2"] if which == "tagged" else sealed
    data = path.read_bytes()
    with pikepdf.open(path) as pdf, pdfplumber.open(path) as plumbed:
        widgets = list(_widgets(pdf))
        assert len(widgets) == 2
        for page, widget in widgets:
            line = int(str(widget.T).removeprefix("Signature"))
            signing = read_signing(data, line, path)
            assert signing is not None and signing.signer is not None
            names = {plain(text, lang) for text in (signing.signer.name, signing.signer.title)
                     for lang in signing.langs}
            sizes = text_sizes(widget.AP.N)
            assert sizes and min(size for size, _ in sizes) >= THE_REST - 0.01, sizes
            named = [(size, text) for size, text in sizes
                     if len(text.strip()) > 2 and any(text.strip(" ·") in name for name in names)]
            assert named and all(size >= NAME_AND_TITLE - 0.01 for size, _ in named), named
            assert float(widget.Rect[3]) - float(widget.Rect[1]) > 60, "taller than the 40 pt of the old line"
            # no word the page prints is under the stamp
            left, bottom, right, top = (float(value) for value in widget.Rect)
            sheet = plumbed.pages[page]
            height = float(sheet.height)
            under = [word["text"] for word in sheet.extract_words()
                     if float(word["x0"]) < right and float(word["x1"]) > left
                     and height - float(word["bottom"]) < top and height - float(word["top"]) > bottom]
            assert under == []


def test_a_seal_is_an_embedded_image_with_its_soft_mask_and_the_file_stays_pdf_a(sealed: Path) -> None:
    with pikepdf.open(sealed) as pdf:
        for _, widget in _widgets(pdf):
            images = [xobject for xobject in widget.AP.N.Resources.XObject.values()
                      if xobject.get("/Subtype") == "/Image"]
            assert len(images) == 1 and "/SMask" in images[0], "the seal, its alpha channel a soft mask"
            assert images[0].ColorSpace == "/DeviceRGB" and not images[0].get("/Interpolate", False)
            assert "/DGSeal Do" in widget.AP.N.read_bytes().decode("latin-1")
    assert unembedded_fonts(sealed.read_bytes()) == []
    assert [str(finding) for finding in unwaived(preflight([sealed])[sealed])] == []


@pytest.mark.parametrize("seal", ["missing.png", "folder", "not-an-image.png", "truncated.png"])
def test_a_bad_seal_is_one_located_line_and_nothing_is_written(seal: str, tmp_path: Path,
                                                               signing_identity: tuple[Path, Path],
                                                               render_sample: Callable[[str, str], Path]) -> None:
    key, cert = signing_identity
    (tmp_path / "folder").mkdir()
    (tmp_path / "not-an-image.png").write_bytes(b"%PDF-1.7 not a seal")
    (tmp_path / "truncated.png").write_bytes(seal_png(tmp_path / "good.png").read_bytes()[:120])
    target = tmp_path / "signed.pdf"
    result = CliRunner().invoke(main, [*SIGN, str(render_sample("minutes", "km+en")), "--key", str(key),
                                       "--cert", str(cert), "--seal", str(tmp_path / seal), "-o", str(target)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{tmp_path / seal}: the seal image ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.output and not target.exists()


def test_the_signature_fields_are_in_the_structure_tree(tagged_signed: dict[str, Path]) -> None:
    with pikepdf.open(tagged_signed["dossier.signed-2"]) as pdf:
        tree = pdf.Root.StructTreeRoot
        # a number tree: its /Nums, or /Kids once large (the contents' tagged links)
        parents = {int(key): value for key, value in pikepdf.NumberTree(tree.ParentTree).items()}
        assert int(tree.ParentTreeNextKey) > max(parents)
        widgets = list(_widgets(pdf))
        assert [str(widget.T) for _, widget in widgets] == ["Signature1", "Signature2"]
        for page, widget in widgets:
            form = parents[int(widget.StructParent)]
            assert form.S == "/Form" and form.K.Type == "/OBJR" and form.K.Obj.objgen == widget.objgen
            assert form.Pg.objgen == pdf.pages[page].obj.objgen and pdf.pages[page].obj.Tabs == "/S"
            assert str(widget.TU).startswith("전자서명: ") and str(form.Lang) == "ko"
            assert "Digitally signed" in str(form.Alt)
            # in the signer's block, where the line is read (before the name), not at the end of the document
            document = tree.K if isinstance(tree.K, pikepdf.Dictionary) else tree.K[0]
            assert form.P.objgen not in (document.objgen, tree.objgen)


def test_a_signed_tagged_file_stays_as_pdf_ua_as_it_was(tagged_signed: dict[str, Path], tmp_path: Path) -> None:
    _, before = outloud(tagged_signed["unsigned"])
    _, after = outloud(tagged_signed["dossier.signed-2"])
    assert sorted((f["rule"], f["severity"]) for f in after) == sorted((f["rule"], f["severity"]) for f in before)
    (tmp_path / "before").mkdir()
    (tmp_path / "after").mkdir()
    issues_before, warnings_before = avalpdf(tagged_signed["unsigned"], tmp_path / "before")
    issues_after, warnings_after = avalpdf(tagged_signed["dossier.signed-2"], tmp_path / "after")
    assert (issues_after, warnings_after) == (issues_before, warnings_before)
    # once with the second line's field still empty, then with both filled
    found = preflight([tagged_signed["dossier.signed-1"], tagged_signed["dossier.signed-2"]])
    assert {path.name: [str(each) for each in unwaived(findings)] for path, findings in found.items()} == {
        "dossier.signed-1.pdf": [], "dossier.signed-2.pdf": []}


def test_a_signed_tagged_file_is_valid_for_pdfsig_pyhanko_and_verify(tagged_signed: dict[str, Path],
                                                                    signing_identity: tuple[Path, Path]) -> None:
    """Tagging the fields at the first signature keeps the first valid when the second fills its own field."""
    twice, cert = tagged_signed["dossier.signed-2"], signing_identity[1]
    report = subprocess.run(["pdfsig", str(twice)], capture_output=True, text=True, check=False).stdout
    assert report.count("Signature Validation: Signature is Valid.") == 2, report
    validated = subprocess.run([PYHANKO, "sign", "validate", "--pretty-print", "--trust", str(cert), str(twice)],
                               capture_output=True, text=True, check=False)
    assert validated.returncode == 0 and validated.stdout.count("The signature is judged VALID.") == 2, validated.stdout
    result = CliRunner().invoke(main, ["verify", str(twice), "--trust", str(cert)])
    assert result.exit_code == 0, result.output


def test_a_draft_is_signed_only_with_draft(signing_identity: tuple[Path, Path],
                                           render_sample: Callable[[str, str], Path], tmp_path: Path) -> None:
    """A document whose record is not final (every sample) is refused: one located line, exit 2, no file."""
    key, cert = signing_identity
    pdf, target = render_sample("minutes", "km+en"), tmp_path / "signed.pdf"
    result = CliRunner().invoke(main, ["sign", str(pdf), "--key", str(key), "--cert", str(cert), "-o", str(target)])
    assert result.exit_code == 2 and "Traceback" not in result.output and not target.exists()
    assert result.stderr == (f"{pdf}: the document is a draft (the record it carries, kh-emoto-wg-01.minutes.json, is"
                             " not final); sign one rendered from a final record, or give --draft to sign the draft"
                             " for review\n")


def _form_alts(pdf_path: Path) -> list[str]:
    """The /Alt of each signature field's /Form element: what its stamp says (or will say)."""
    with pikepdf.open(pdf_path) as pdf:
        parents = {int(key): value for key, value in pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree).items()}
        return [str(parents[int(widget.StructParent)].Alt) for _, widget in _widgets(pdf)]


@pytest.mark.parametrize(("common_name", "holder"), [("Lee Jeong-hoon", False), ("이정훈()0012345678", False),
                                                     ("Test Signatory", True)])
def test_a_final_document_signs_without_draft_and_names_a_certificate_holder_who_is_not_the_signer(
        common_name: str, holder: bool, tmp_path: Path) -> None:
    """The final minutes' first line is the chair's (Lee Jeong-hoon, 이정훈). His own certificate (a GPKI one adds a
    serial to the name) signs as him; anyone else's stamp says whose certificate signed, in each language."""
    key, cert = make_identity(tmp_path, common_name)
    pdf, target = tmp_path / "minutes.pdf", tmp_path / "signed.pdf"
    pdf.write_bytes(render_document(load_record(FINAL_MINUTES), ("ko", "en")))
    result = CliRunner().invoke(main, ["sign", str(pdf), "--key", str(key), "--cert", str(cert), "-o", str(target)])
    assert result.exit_code == 0, result.output
    first, *others = _form_alts(target)
    assert "이정훈 · Lee Jeong-hoon" in first
    said = f"인증서 명의자 · Certificate holder: {common_name}"
    assert (said in first) is holder and all("Certificate holder" not in alt for alt in others)
