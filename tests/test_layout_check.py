"""``dossiergen check`` on purpose-made documents (tests/data/layout-check/, one file a scenario, rendered
untagged and tagged), and on the 14 sample PDFs of the default build: nearly empty pages, stranded headings,
running heads of more than one line, drawn objects outside the content box and text under a rule."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from dossiergen.cli.main import main
from dossiergen.render.layout_check import PAGE_MARGINS_MM, Finding, check_pdf
from dossiergen.render.pdf import write_pdf

from .conftest import DATA, ROOT

SCENARIOS = DATA / "layout-check"
TEMPLATES = ROOT / "templates"


@pytest.fixture(scope="module", params=[False, True], ids=["untagged", "tagged"])
def render(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """Render a scenario once a module, untagged (headings from the outline) or tagged (from the structure tree)."""
    out, tagged = tmp_path_factory.mktemp("layout-check"), bool(request.param)

    def rendered(name: str) -> Path:
        pdf = out / f"{name}.pdf"
        if not pdf.exists():
            html = (SCENARIOS / f"{name}.html").read_text(encoding="utf-8")
            pdf.write_bytes(write_pdf(html, base_url=TEMPLATES, allowed_roots=[TEMPLATES], tagged=tagged))
        return pdf
    return rendered


def _kinds(findings: list[Finding]) -> list[tuple[int, str]]:
    return [(finding.page, finding.kind) for finding in findings]


def test_a_clean_document_has_no_finding(render) -> None:
    assert check_pdf(render("clean")) == []


def test_a_nearly_empty_page_is_reported_with_its_fill(render) -> None:
    findings = check_pdf(render("nearly-empty"))
    assert _kinds(findings) == [(2, "nearly-empty")]
    share = re.search(r"content ends at (\d+)% of the content box's height \(under 20%\)", findings[0].detail)
    assert share is not None and int(share[1]) < 5, findings[0].detail


def test_a_short_signature_page_is_not_reported(render) -> None:
    assert check_pdf(render("nearly-empty-signature")) == []


def test_a_heading_that_is_the_last_text_on_its_page_is_reported(render) -> None:
    findings = check_pdf(render("stranded-heading"))
    assert _kinds(findings) == [(1, "stranded-heading")]
    assert findings[0].text.replace(" ", "") == "3.Strandedheading"


def test_a_running_head_on_two_lines_is_reported(render) -> None:
    findings = check_pdf(render("running-head"))
    assert set(_kinds(findings)) == {(2, "running-head-lines")}
    assert "set on 2 lines" in findings[0].detail


def test_drawn_objects_outside_the_content_box_and_text_under_a_rule_are_reported(render) -> None:
    findings = check_pdf(render("drawn-outside"))
    assert set(_kinds(findings)) == {(1, "outside-content-box"), (1, "crosses-rule")}
    outside = next(finding for finding in findings if finding.kind == "outside-content-box")
    past = re.search(r"([\d.]+) pt outside the content box", outside.detail)
    assert past is not None and float(past[1]) > 40  # 190 mm wide in a 174 mm box: 16 mm (45 pt) past it
    assert "horizontal rule" in next(finding for finding in findings if finding.kind == "crosses-rule").detail


def test_check_command_reports_each_finding_on_one_located_line(render) -> None:
    pdf = render("nearly-empty")
    result = CliRunner().invoke(main, ["check", str(pdf)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{pdf}: page 2: nearly-empty: ")
    result = CliRunner().invoke(main, ["check", str(render("clean"))])
    assert result.exit_code == 0, result.stderr


def test_the_content_box_is_the_stylesheets() -> None:
    css = (TEMPLATES / "css" / "print.css").read_text(encoding="utf-8")
    margin = re.search(r"@page \{[^}]*?margin: ([\d.]+)mm ([\d.]+)mm ([\d.]+)mm ([\d.]+)mm", css)
    assert margin is not None
    assert tuple(float(value) for value in margin.groups()) == PAGE_MARGINS_MM


@pytest.fixture(scope="module")
def default_build(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The 14 sample PDFs of ``dossiergen build`` ([outputs] of dossiergen.toml), rendered once."""
    out = tmp_path_factory.mktemp("default-build")
    subprocess.run([sys.executable, "-m", "dossiergen", "build", "-o", str(out)], cwd=ROOT, check=True,
                   capture_output=True)
    return sorted(out.glob("*.pdf"))


def test_every_sample_of_the_default_build_passes_check(default_build: list[Path]) -> None:
    outputs = tomllib.loads((ROOT / "dossiergen.toml").read_text(encoding="utf-8"))["outputs"]
    kinds = {"project": "project.yaml", "press": "press*.yaml", "minutes": "minutes*.yaml"}
    expected = sum(len(outputs[kind]) * len(list((ROOT / "dossiers").glob(f"*/{kinds[kind]}"))) for kind in kinds)
    assert len(default_build) == expected == 14
    findings = [str(finding.problem(Path(pdf.name))) for pdf in default_build for finding in check_pdf(pdf)]
    assert findings == []
