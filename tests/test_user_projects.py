"""User projects: found from a subfolder, their templates, catalog entries and branding over the built-in ones;
``dossiergen init`` and ``dossiergen doctor``."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner

from dossiergen.cli.main import main
from dossiergen.config.paths import ProjectPaths, default_paths, find_project
from dossiergen.config.resources import builtin
from dossiergen.records.loading import load_record

from .conftest import ROOT, char_fonts, fonts_of, pdf_text

PRIMARY = "#0b6e4f"
BRANDING = f"""\
[build]
source = "dossiers"

[branding]
logo = "branding/logo.png"

[branding.organisation]
ko = "녹색협력청"
en = "Green Cooperation Office"

[branding.colours]
primary = "{PRIMARY}"
"""


def _png(width: int = 8, height: int = 8) -> bytes:
    """A small solid PNG, made here so that no binary file is committed for the test."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + bytes((11, 110, 79)) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


@pytest.fixture
def project(user_project: Path) -> Path:
    return user_project


def _render(record: Path, lang_set: str, out: Path) -> str:
    result = CliRunner().invoke(main, ["render", str(record), "--lang", lang_set, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return pdf_text(out)


def test_the_project_is_found_from_a_subfolder(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sub = project / "dossiers" / "kh-emoto"
    assert find_project(sub) == ProjectPaths(project.resolve())
    assert find_project(project.parent) is None
    (project / "dossiergen.toml").write_text(BRANDING, encoding="utf-8")
    (project / "branding").mkdir()
    (project / "branding" / "logo.png").write_bytes(_png())
    monkeypatch.chdir(sub)
    assert default_paths().root == project.resolve()
    text = _render(Path("project.yaml"), "ko+en", project / "out.pdf")
    assert "Green Cooperation Office" in text  # the branding of the dossiergen.toml two folders up


def test_build_from_a_subfolder_reads_and_writes_the_projects_folders(project: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "dossiergen.toml").write_text('[build]\nsource = "dossiers"\noutput = "out"\n[outputs]\n'
                                            'project = ["ko+en"]\npress = ["ko"]\nminutes = ["ko+en"]\n',
                                            encoding="utf-8")
    monkeypatch.chdir(project / "dossiers" / "kh-emoto")
    result = CliRunner().invoke(main, ["build", "-j", "1", "-q"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (project / "out").glob("*.pdf")) == [
        "kh-emoto-press-2025-07-21.ko.pdf", "kh-emoto-wg-01.ko-en.pdf", "kh-emoto.ko-en.pdf"]


def test_a_project_template_extends_the_builtin_one_and_overrides_one_block(project: Path) -> None:
    (project / "templates").mkdir()
    (project / "templates" / "base.html").write_text(
        '{% extends "!base.html" %}\n{% block letterhead %}<p>Issued under the seal of the project</p>{% endblock %}\n',
        encoding="utf-8")
    text = _render(project / "dossiers" / "kh-emoto" / "press-2025-07-21.yaml", "ko+en", project / "press.pdf")
    assert "Issued under the seal of the project" in text
    assert "보도자료" in text  # the rest of the built-in page: the press masthead, the built-in stylesheet


def test_a_project_catalog_entry_overrides_the_builtin_translation(project: Path) -> None:
    po = project / "locales" / "en" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "Summary"\nmsgstr "Executive overview"\n', encoding="utf-8")
    text = _render(project / "dossiers" / "kh-emoto" / "project.yaml", "ko+en", project / "dossier.pdf")
    assert "Executive overview" in text
    assert "요약" in text  # the Korean label still comes from the built-in catalog


def test_branding_shows_the_name_logo_and_colour_and_without_it_nothing_changes(project: Path) -> None:
    record = project / "dossiers" / "kh-emoto" / "minutes-wg-01.yaml"
    plain = project / "plain.pdf"
    _render(record, "ko+en", plain)
    (project / "dossiergen.toml").write_text(BRANDING, encoding="utf-8")
    (project / "branding").mkdir()
    (project / "branding" / "logo.png").write_bytes(_png())
    branded = project / "branded.pdf"
    text = _render(record, "ko+en", branded)
    assert "녹색협력청" in text and "Green Cooperation Office" in text
    assert {font.split("+")[-1] for font in fonts_of(char_fonts(branded), "녹색협력청")} == {"DG-Sans-Korean-Bold"}
    with pdfplumber.open(branded) as pdf:
        assert len(pdf.pages[0].images) == 1  # the logo
        colours = {tuple(round(c * 255) for c in char["non_stroking_color"]) for char in pdf.pages[0].chars
                   if isinstance(char.get("non_stroking_color"), tuple) and len(char["non_stroking_color"]) == 3}
    assert (0x0B, 0x6E, 0x4F) in colours  # headings in the primary colour
    with pdfplumber.open(plain) as pdf:
        assert not pdf.pages[0].images
    assert "Green Cooperation Office" not in pdf_text(plain)
    check = CliRunner().invoke(main, ["check", str(branded)])
    assert check.exit_code == 0, check.output


@pytest.mark.parametrize(("toml", "line"), [
    ('[branding.colours]\nprimary = "#12345"\n',
     "dossiergen.toml:2: branding.colours.primary: String should match pattern '^#[0-9A-Fa-f]{6}$'"),
    ('[branding]\nlogo = "../outside.png"\n', "dossiergen.toml:2: branding.logo: '../outside.png' leads out of the"
                                             " project folder"),
    ('[branding]\nlogo = "dossiers"\n', "dossiergen.toml:2: branding.logo: 'dossiers' is not a PNG or SVG file"),
    ('[branding]\nlogo = "fake.png"\n', "dossiergen.toml:2: branding.logo: 'fake.png' is not a PNG image"),
    ('\n[branding]\nmotto = "x"\n', "dossiergen.toml:3: branding.motto: Extra inputs are not permitted"),
    ('[branding.organisation]\nen = "Office ✅"\n', "dossiergen.toml:2: branding.organisation.en: character U+2705"
                                                   " '✅' (WHITE HEAVY CHECK MARK) is in no font chosen for English"),
])
def test_bad_branding_is_one_located_line_exit_2_and_no_file(project: Path, toml: str, line: str) -> None:
    (project / "dossiergen.toml").write_text(toml, encoding="utf-8")
    (project / "fake.png").write_text("not an image", encoding="utf-8")
    (project.parent / "outside.png").write_bytes(_png())
    out = project / "never.pdf"
    record = project / "dossiers" / "kh-emoto" / "project.yaml"
    result = CliRunner().invoke(main, ["render", str(record), "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr == line + "\n"
    assert not out.exists()
    build = CliRunner().invoke(main, ["build", "-j", "1"])
    assert build.exit_code == 2 and build.stderr == line + "\n"


def test_outside_any_project_the_builtin_resources_serve(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DOSSIERGEN_ROOT", raising=False)
    monkeypatch.chdir(tmp_path)
    paths = default_paths()
    assert not paths.found and paths.root == builtin().root
    assert builtin().templates == ROOT / "templates"  # an editable install reads the checkout's own folders
    result = CliRunner().invoke(main, ["i18n", "extract"])
    assert result.exit_code == 2
    assert "no dossiergen.toml in" in result.stderr and "dossiergen init FOLDER" in result.stderr


def test_init_writes_a_project_whose_example_validates_and_renders(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DOSSIERGEN_ROOT", raising=False)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["init", "ministry"])
    assert result.exit_code == 0, result.output
    root = tmp_path / "ministry"
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == [
        "dossiergen.toml", "dossiers", "dossiers/example", "dossiers/example/project.yaml", "locales", "templates",
        "templates/README.md"]
    toml = (root / "dossiergen.toml").read_text(encoding="utf-8")
    assert "# [branding]" in toml and '# logo = "branding/logo.svg"' in toml
    assert '{% extends "!base.html" %}' in (root / "templates" / "README.md").read_text(encoding="utf-8")
    example = root / "dossiers" / "example" / "project.yaml"
    text = example.read_text(encoding="utf-8")
    assert "# 사업 제목 / Project title" in text and "The project is invented" in text
    record = load_record(example)
    assert record.data.dossier is not None and record.data.dossier.status == "draft"  # type: ignore[union-attr]
    assert "authorization" in record.data.illustrative  # the made-up facts say so
    monkeypatch.chdir(root)
    assert CliRunner().invoke(main, ["validate", "dossiers"]).exit_code == 0
    pdf = _render(example, "ko+en", root / "example.pdf")
    assert "Version 0.9, Draft" in pdf and "Solar-powered irrigation pumps in Bangladesh" in pdf


def test_init_refuses_a_folder_that_is_not_empty_without_force(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(main, ["init", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == f"{tmp_path}: is not empty; give --force to write the project's files into it" \
                            " (files of the same name are replaced)\n"
    assert not (tmp_path / "dossiergen.toml").exists()
    assert CliRunner().invoke(main, ["init", str(tmp_path), "--force"]).exit_code == 0
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_doctor_reports_each_prerequisite_and_fails_on_a_missing_one(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    result = CliRunner().invoke(main, ["doctor"])
    assert result.exit_code == 0, result.output
    names = [line.split(":")[0].split(maxsplit=1)[1] for line in result.stdout.splitlines() if ":" in line]
    assert names[:3] == ["Pango", "HarfBuzz subset library", "ICU for PyICU"]
    assert "font NanumMyeongjo.ttf" in names and "poppler pdftotext" in names and names[-1] == "WeasyPrint"
    from dossiergen.render import fonts

    monkeypatch.setattr(fonts, "FONT_DIRS", (tmp_path,))
    monkeypatch.delenv("DOSSIERGEN_FONT_DIRS", raising=False)
    result = CliRunner().invoke(main, ["doctor"])
    assert result.exit_code == 1
    assert ("missing   font NanumGothic.ttf: DG Sans Korean (weight 400) for Korean; on Debian or Ubuntu:"
            " apt-get install fonts-nanum") in result.stdout
    # every font of render/fonts.py (Muol Light and Noto Sans Math included), none found in the empty folder
    assert f"{len(fonts.FACES)} required prerequisite(s) missing" in result.stderr
