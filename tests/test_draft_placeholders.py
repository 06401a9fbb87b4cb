"""Languages are never lost silently: a missing text is an error, or with --draft a visible placeholder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dossiergen.cli.main import main

from .conftest import DATA, ROOT, pdf_text

RECORD = DATA / "valid" / "missing-khmer-text" / "project.yaml"
SECTOR_LINE = RECORD.read_text(encoding="utf-8").splitlines().index('sector: {ko: "수송", en: "Transport"}') + 1
PLACEHOLDER_LINE = (f"tests/data/valid/missing-khmer-text/project.yaml:{SECTOR_LINE}:"
                    " sector.km: placeholder: no Khmer text")


def test_without_draft_the_missing_text_is_an_error_and_nothing_is_written(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["render", str(RECORD), "--lang", "km+en", "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2
    assert result.stderr.endswith(f":{SECTOR_LINE}: sector.km: no Khmer text; --lang km+en needs it\n")
    assert not (tmp_path / "x.pdf").exists()


def test_a_draft_prints_a_placeholder_and_a_watermark_and_lists_each_placeholder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    target = tmp_path / "draft.pdf"
    result = CliRunner().invoke(main, ["render", str(RECORD), "--lang", "km+en", "--draft", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [PLACEHOLDER_LINE]
    assert result.stdout.endswith("DRAFT with 1 placeholder(s))\n")
    text = pdf_text(target, "-raw")  # in drawing order: the slanted watermark reads whole
    assert "[no Khmer text: sector]" in text
    pages = text.split("\f")[:-1]
    assert len(pages) > 1 and all("DRAFT" in page and "សេចក្តីព្រាង" in page for page in pages)


def test_a_complete_record_rendered_as_a_draft_has_no_placeholder_and_no_watermark(tmp_path: Path) -> None:
    target = tmp_path / "complete.pdf"
    record = DATA / "invalid" / "ref-project.yaml"
    result = CliRunner().invoke(main, ["render", str(record), "--lang", "km+en", "--draft", "-o", str(target)])
    assert result.exit_code == 0 and result.stderr == ""
    assert "DRAFT" not in pdf_text(target, "-raw") and "[no " not in pdf_text(target)


def test_a_draft_build_reports_every_placeholder(tmp_path: Path) -> None:
    shutil.copytree(RECORD.parent, tmp_path / "records" / "missing")
    report = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["build", str(tmp_path / "records"), "-o", str(tmp_path / "out"), "-j", "1",
                                       "--draft", "--report", str(report)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].endswith("; 1 placeholder(s) for missing texts")
    entries = {entry["langs"]: entry for entry in json.loads(report.read_text(encoding="utf-8"))}
    assert entries["ko+en"]["placeholders"] == []
    assert [line.split(": ", 1)[1] for line in entries["km+en"]["placeholders"]] == [
        "sector.km: placeholder: no Khmer text"]
    failing = CliRunner().invoke(main, ["build", str(tmp_path / "records"), "-o", str(tmp_path / "out"), "-j", "1"])
    assert failing.exit_code == 2, "without --draft the same output is a failure, not a cached draft"
