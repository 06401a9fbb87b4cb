"""The library API: render, load_record, build, the kind and format registries; import dossiergen stays light."""

from __future__ import annotations

import importlib
import io
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

import dossiergen
from dossiergen.api import OutputFormat
from dossiergen.documents.kinds import DocumentKind
from dossiergen.registry import Registry

from .conftest import ROOT, SAMPLES, copy_directory, pdf_text


def test_import_dossiergen_loads_neither_weasyprint_pyhanko_nor_pikepdf() -> None:
    probe = ("import sys, dossiergen; dossiergen.kinds; dossiergen.output_formats;"
             " print(sorted(m for m in ('weasyprint', 'pyhanko', 'pikepdf') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_public_names_are_listed_and_reachable() -> None:
    for name in ("render", "load_record", "build", "kinds", "output_formats", "DossiergenError", "UsageError"):
        assert name in dossiergen.__all__
        assert getattr(dossiergen, name) is not None
    importlib.import_module("dossiergen.render.templating")  # the pipeline's subpackage of that name
    assert dossiergen.render is importlib.import_module("dossiergen.api").render  # does not shadow the function


def test_the_registries_hold_todays_kinds_and_formats() -> None:
    assert list(dossiergen.kinds) == ["dossier", "press", "minutes", "loa"]
    assert dossiergen.kinds["loa"].record_kind == "project"
    assert list(dossiergen.output_formats) == ["pdf", "post", "docx", "hwpx", "aef", "aef-json"]
    assert dossiergen.output_formats["pdf"].kinds == {"dossier", "loa", "press", "minutes"}
    assert dossiergen.output_formats["post"].kinds == {"press"}
    assert dossiergen.output_formats["docx"].kinds == dossiergen.output_formats["hwpx"].kinds == {"press", "minutes"}
    assert dossiergen.output_formats["aef"].kinds == dossiergen.output_formats["aef-json"].kinds == {"dossier"}
    assert [name for name, entry in dossiergen.output_formats.items() if entry.takes_party] == ["aef", "aef-json"]
    assert "xlsx" not in dossiergen.output_formats and dossiergen.output_formats.get("xlsx") is None


def test_a_registry_takes_a_new_entry_once() -> None:
    registry: Registry[DocumentKind] = Registry("document kind")
    registry.register(DocumentKind("loa", "project", "Letter of Authorization", "dossiergen.documents.loa:build"))
    assert registry["loa"].title == "Letter of Authorization"
    with pytest.raises(dossiergen.UsageError, match="there is already a document kind 'loa'"):
        registry.register(DocumentKind("loa", "project", "again", "dossiergen.documents.loa:build"))
    formats: Registry[OutputFormat] = Registry("output format")
    formats.register(OutputFormat("csv", ".csv", frozenset({"dossier"}), lambda request: b"table"))
    assert formats["csv"].write(None) == b"table"  # type: ignore[arg-type]


@pytest.mark.parametrize(("arguments", "message"), [
    ({"langs": "ko+fr"}, "langs 'ko+fr': choose one of ko, km, en, ko+en, km+en, ko+km, ko+km+en"),
    ({"langs": ("en", "ko")}, "langs ('en', 'ko'): choose one of"),
    ({"langs": 3}, "langs 3: give a language set"),
    ({"kind": "letter"}, "no document kind 'letter'; choose dossier, press, minutes, loa"),
    ({"format": "xlsx"}, "no output format 'xlsx'; choose pdf, post, docx, hwpx, aef, aef-json"),
    ({"format": "aef"}, "project.yaml: --format aef needs --party: KHM (host Party) or KOR (acquiring Party)"),
    ({"format": "aef", "party": "VNM"}, "project.yaml: --party 'VNM' is not a Party of this record: choose KHM"),
    ({"party": "KHM"}, "project.yaml: format 'pdf' is not written for a Party: give no party"),
    ({"kind": "press"}, "project.yaml: a project record renders as --kind dossier or loa, not press"),
    ({"format": "post", "langs": "ko"}, "project.yaml: format 'post' is for press documents, not for a dossier"),
    ({"format": "docx"}, "project.yaml: format 'docx' is for minutes and press documents, not for a dossier"),
    ({"project": "/no/such/folder"}, "project '/no/such/folder': give the folder of a dossiergen project"),
    ({"tagged": "no"}, "tagged='no': give True (the default) or False"),
    ({"format": "aef", "party": "KHM", "tagged": False},
     "project.yaml: tagged=False applies to a PDF, not to format 'aef'"),
])
def test_a_wrong_argument_is_a_usage_error_naming_the_choices(arguments: dict[str, object], message: str) -> None:
    with pytest.raises(dossiergen.DossiergenError) as caught:
        dossiergen.render(SAMPLES["dossier"], **arguments)  # type: ignore[arg-type]
    assert isinstance(caught.value, dossiergen.UsageError)
    assert not isinstance(caught.value, (KeyError, AttributeError))
    assert message in str(caught.value)


def test_a_post_takes_one_language() -> None:
    with pytest.raises(dossiergen.UsageError, match="format 'post' takes 1 language, not ko\\+en"):
        dossiergen.render(SAMPLES["press"], langs="ko+en", format="post")


def test_a_record_that_does_not_load_is_a_located_record_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("kind: project\nid: Broken\n", encoding="utf-8")
    with pytest.raises(dossiergen.RecordError, match="broken.yaml:2: id: String should match pattern"):
        dossiergen.render(broken)


def test_render_gives_the_bytes_of_each_format(tmp_path: Path) -> None:
    record = dossiergen.load_record(SAMPLES["press"])
    pdf = dossiergen.render(record, langs=("ko", "en"))
    assert pdf.startswith(b"%PDF-")
    (tmp_path / "press.pdf").write_bytes(pdf)
    assert "Cambodia" in pdf_text(tmp_path / "press.pdf")
    post = dossiergen.render(SAMPLES["press"], langs="en", format="post").decode("utf-8")
    assert post.startswith("---\n") and "Cambodia" in post
    assert dossiergen.render(str(SAMPLES["minutes"]), langs="ko+en", format="docx").startswith(b"PK")
    assert dossiergen.render(SAMPLES["press"], langs="ko", format="hwpx", project=ROOT).startswith(b"PK")


def test_a_pdf_is_tagged_unless_tagged_false() -> None:
    for tagged, expected in ((True, True), (False, False)):
        data = dossiergen.render(SAMPLES["press"], langs="ko", tagged=tagged)
        with pikepdf.open(io.BytesIO(data)) as pdf:
            assert ("/StructTreeRoot" in pdf.Root) is expected
            assert (pdf.open_metadata().get("pdfuaid:part") == "1") is expected


def test_build_renders_a_project_as_its_build_file_says(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "dossiers").mkdir(parents=True)
    for name in ("project.yaml", "press-2025-07-21.yaml"):
        (project / "dossiers" / name).write_bytes((SAMPLES["dossier"].parent / name).read_bytes())
    copy_directory(project / "dossiers")
    (project / "dossiergen.toml").write_text('[outputs]\nproject = ["ko+en"]\npress = ["ko"]\n', encoding="utf-8")
    results = dossiergen.build(project)
    assert {r.output.name: r.status for r in results if r.output is not None} == {
        "kh-emoto.ko-en.pdf": "written", "kh-emoto-press-2025-07-21.ko.pdf": "written"}
    assert (project / "build" / "kh-emoto.ko-en.pdf").is_file()
    assert {r.status for r in dossiergen.build(project)} == {"skipped"}
