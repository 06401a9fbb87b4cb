"""PDF/UA checked by the two checkers installed as test dependencies, on the ``--pdf-ua`` output of the samples.

avalpdf (its ``--report`` JSON and its console) must report no issue on any of them; outloud (``--json``) no
error on those that reach zero errors so far (``CHECKED``: the dossier in ko+en; the research note of issue 17
lists the rest: the press notice's and the minutes' running heads, which outloud's TAG-002 takes for prose
because they recur on fewer than three pages or end in the section's name, and the Khmer dossier's unmapped
glyphs and page-split tables). Every warning that remains is listed by rule (outloud) or by message pattern
(avalpdf), with why it stays, so a new kind of warning fails. The structure tree of each is also checked
directly (cells in rows, /Scope, /LBody, no empty /Span, running heads and footers as artifacts).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest

from dossiergen.api import load_record
from dossiergen.formats.pdf import render_document

from .conftest import SAMPLES

BIN = Path(sys.executable).parent
OUTLOUD_VERSION = "0.2.1"
AVALPDF_VERSION = "0.1.10"

OUTLOUD_WARNINGS = {
    "dossier.ko-en": {
        # the pages of the appended annexes (the Letter of Authorization, its pages kept as they are but their
        # structure tree left behind: annexes.py) and a few ruled tables outloud does not match to their /Table
        "TBL-014",
    },
}
"""outloud warnings that remain, by rule, for each document checked."""
_EMPTY_CELLS = re.compile(r"Table \d+ has \d+ empty cells? at: ")
"""Data cells that are empty in the record (units of a step not yet taken, a year without a use)."""
_EMPTY_ELEMENTS = re.compile(r"Found \d+ empty elements \((\d+ table cells?, )?\d+ spans?\)$")
"""Those cells, and a few spans avalpdf counts as empty (which ones is not yet looked into)."""
AVALPDF_WARNINGS = {
    "dossier.ko-en": (_EMPTY_CELLS, _EMPTY_ELEMENTS),
    "dossier.km-en": (_EMPTY_CELLS, _EMPTY_ELEMENTS),
    "press.ko-en": (_EMPTY_ELEMENTS,),
    "minutes.ko-en": (),
}
"""avalpdf warnings that remain, by pattern, for each document checked."""
DOCUMENTS = {"dossier.ko-en": ("dossier", ("ko", "en")), "press.ko-en": ("press", ("ko", "en")),
             "minutes.ko-en": ("minutes", ("ko", "en")), "dossier.km-en": ("dossier", ("km", "en"))}
"""Each kind, and the Khmer dossier: their structure trees are checked here (``test_structure_tree``)."""
CHECKED = sorted(OUTLOUD_WARNINGS)
"""Those outloud finds no error in (avalpdf finds none in any)."""


def _tool(name: str) -> str:
    found = BIN / name
    if found.exists():
        return str(found)
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed (a test dependency: pip install -e '.[test]')")
    return path


@pytest.fixture(scope="module")
def tagged(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pdf-ua")
    out = {}
    for name, (sample, langs) in DOCUMENTS.items():
        path = folder / f"{name}.pdf"
        path.write_bytes(render_document(load_record(SAMPLES[sample]), langs))  # type: ignore[arg-type]
        out[name] = path
    return out


def outloud(path: Path) -> tuple[str, list[dict[str, object]]]:
    """outloud's version and findings (every severity) for one file."""
    run = subprocess.run([_tool("outloud"), "--quiet", "--fail-on", "never", "--json", "-", str(path)],
                         capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout[run.stdout.index("{"):])  # --quiet still prints its summary line first
    (result,) = report["results"]
    assert result["error"] is None, result["error"]
    assert result["stats"]["tagged"], "outloud sees no structure tree"
    return report["tool"]["version"], result["findings"]


def avalpdf(path: Path, folder: Path) -> tuple[list[str], list[str]]:
    """avalpdf's issues (its errors) and warnings for one file: the JSON report's, and the console's, which also
    has the count of empty elements that the report leaves out."""
    run = subprocess.run([_tool("avalpdf"), "--show-validation", "--report", "--workers", "1", "--output-path",
                          str(folder), str(path)], capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr
    (report,) = folder.glob(f"{path.stem}_validation_report.json")
    results = json.loads(report.read_text(encoding="utf-8"))["validation_results"]
    shown: dict[str, list[str]] = {"Issues": [], "Warnings": []}
    section = None
    for line in run.stdout.splitlines():
        heading = re.match(r"^\W*(Successes|Warnings|Issues):\s*$", line)
        if heading:
            section = heading[1]
        elif line.strip().startswith("•") and section in shown:
            shown[section].append(line.strip().lstrip("•").strip())
        elif not line.strip().startswith("•"):
            section = None if line.strip() else section
    assert set(results["warnings"]) <= set(shown["Warnings"]), "the console and the report disagree: parse again"
    return sorted(set(results["issues"]) | set(shown["Issues"])), shown["Warnings"]


def test_checker_versions() -> None:
    """The rules below were read from these versions; another version may judge differently."""
    version = subprocess.run([_tool("avalpdf"), "--version"], capture_output=True, text=True, check=True).stdout
    assert version.split() == ["avalpdf", AVALPDF_VERSION]


@pytest.mark.parametrize("name", CHECKED)
def test_outloud_finds_no_error(tagged: dict[str, Path], name: str) -> None:
    version, findings = outloud(tagged[name])
    assert version == OUTLOUD_VERSION
    errors = [f"{f['rule']} p.{f.get('page')}: {f['message']}" for f in findings if f["severity"] == "error"]
    assert errors == []
    warnings = {str(f["rule"]) for f in findings if f["severity"] == "warning"}
    assert warnings == OUTLOUD_WARNINGS[name], "a warning appeared or went away: update the list and say why"


@pytest.mark.parametrize("name", sorted(AVALPDF_WARNINGS))
def test_avalpdf_finds_no_issue(tagged: dict[str, Path], name: str, tmp_path: Path) -> None:
    issues, warnings = avalpdf(tagged[name], tmp_path)
    assert issues == []
    unexpected = [warning for warning in warnings
                  if not any(pattern.match(warning) for pattern in AVALPDF_WARNINGS[name])]
    assert unexpected == []


def _elements(pdf: pikepdf.Pdf) -> Iterator[tuple[pikepdf.Dictionary, pikepdf.Dictionary | None]]:
    """Every structure element reachable from the root, with its parent element."""
    todo: list[tuple[pikepdf.Object, pikepdf.Dictionary | None]] = [(pdf.Root.StructTreeRoot.K, None)]
    while todo:
        node, parent = todo.pop()
        if isinstance(node, pikepdf.Array):
            todo += [(kid, parent) for kid in node]
        elif isinstance(node, pikepdf.Dictionary) and node.get("/Type") != "/MCR" and "/S" in node:
            yield node, parent
            if "/K" in node:
                todo.append((node.K, node))


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_structure_tree(tagged: dict[str, Path], name: str) -> None:
    """What the checkers judge by heuristics, checked on the tree itself."""
    with pikepdf.open(tagged[name]) as pdf:
        elements = list(_elements(pdf))
        reachable = {element.objgen for element, _ in elements}
        for element, parent in elements:
            tag = str(element.S)
            if tag in ("/TD", "/TH"):
                assert parent is not None and str(parent.S) == "/TR", f"{tag} in {parent and parent.S}"
            if tag == "/TH":
                assert str(element.A.Scope) in ("/Column", "/Row", "/Both")
            if tag == "/LI":
                assert "/LBody" in [str(kid.S) for kid in element.K if isinstance(kid, pikepdf.Dictionary)]
            if tag == "/Span":
                assert len(element.get("/K", [])) or "/ActualText" in element or "/Alt" in element
        # each page's marked content belongs to an element of the tree; its running heads are artifacts
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        own = [page for page in pdf.pages if "/StructParents" in page]
        assert own
        for page in own:
            index = int(page.StructParents)
            (marked,) = [nums[i + 1] for i in range(0, len(nums), 2) if int(nums[i]) == index]
            assert all(element.objgen in reachable for element in marked)
            artifacts = [str(operands[1].get("/Subtype")) for operands, operator in pikepdf.parse_content_stream(page)
                         if str(operator) == "BDC" and operands[0] == pikepdf.Name.Artifact
                         and operands[1].get("/Type") == pikepdf.Name.Pagination]
            assert "/Footer" in artifacts, "page number and fingerprint not drawn as a pagination artifact"
