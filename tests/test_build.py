"""Batch builds: the build file, incremental re-rendering, --force and the JSON report."""

from __future__ import annotations

import builtins
import io
import json
import os
import re
import shutil
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dossiergen.batch import build as build_module
from dossiergen.batch.build import build
from dossiergen.batch.workers import IN_THIS_PROCESS, Job, Rendered, Workers, run_jobs
from dossiergen.cli.main import main
from dossiergen.config.paths import ProjectPaths
from dossiergen.records.loading import RecordLoader
from dossiergen.records.lookup import RECORD_SUFFIXES

from .conftest import ROOT, SAMPLES, copy_directory, pdf_text

ONE_SET = {"project": ("ko+en",), "press": ("ko",), "minutes": ("ko+en",)}
ID_LINE = SAMPLES["dossier"].read_text(encoding="utf-8").splitlines().index("id: kh-emoto") + 1


@pytest.fixture
def project(tmp_path: Path) -> ProjectPaths:
    """A project of its own: templates, catalogs and the Cambodia records, free to change."""
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    shutil.copytree(ROOT / "locales", tmp_path / "locales")
    shutil.copytree(ROOT / "dossiers" / "kh-emoto", tmp_path / "dossiers" / "kh-emoto")
    copy_directory(tmp_path / "dossiers")
    return ProjectPaths(tmp_path)


def _statuses(results: list) -> dict[str, str]:
    return {result.output.name: result.status for result in results}


def test_an_unchanged_build_renders_nothing_and_a_changed_record_only_its_own(project: ProjectPaths) -> None:
    records, out = project.root / "dossiers", project.root / "build"
    first = build([records], out, project, lang_sets=ONE_SET)
    assert set(_statuses(first).values()) == {"written"} and len(first) == 3
    assert set(_statuses(build([records], out, project, lang_sets=ONE_SET)).values()) == {"skipped"}
    minutes = records / "kh-emoto" / "minutes-wg-01.yaml"
    minutes.write_text(minutes.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    statuses = _statuses(build([records], out, project, lang_sets=ONE_SET))
    assert statuses == {"kh-emoto.ko-en.pdf": "skipped", "kh-emoto-press-2025-07-21.ko.pdf": "skipped",
                        "kh-emoto-wg-01.ko-en.pdf": "written"}


def test_a_changed_project_record_rerenders_the_documents_that_quote_it(project: ProjectPaths) -> None:
    records, out = project.root / "dossiers", project.root / "build"
    build([records], out, project, lang_sets=ONE_SET)
    record = records / "kh-emoto" / "project.yaml"
    record.write_text(record.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert set(_statuses(build([records], out, project, lang_sets=ONE_SET)).values()) == {"written"}


def test_a_changed_shared_template_rerenders_everything(project: ProjectPaths) -> None:
    records, out = project.root / "dossiers", project.root / "build"
    build([records], out, project, lang_sets=ONE_SET)
    css = project.templates / "css" / "print.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* edited */\n", encoding="utf-8")
    assert set(_statuses(build([records], out, project, lang_sets=ONE_SET)).values()) == {"written"}
    assert set(_statuses(build([records], out, project, lang_sets=ONE_SET, force=True)).values()) == {"written"}


def test_a_deleted_output_is_rendered_again(project: ProjectPaths) -> None:
    records, out = project.root / "dossiers", project.root / "build"
    build([records], out, project, lang_sets=ONE_SET)
    (out / "kh-emoto.ko-en.pdf").unlink()
    assert _statuses(build([records], out, project, lang_sets=ONE_SET))["kh-emoto.ko-en.pdf"] == "written"


def test_source_date_epoch_and_tagging_are_part_of_each_outputs_key(project: ProjectPaths,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    records, out = project.root / "dossiers", project.root / "build"
    build([records], out, project, lang_sets=ONE_SET)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert set(_statuses(build([records], out, project, lang_sets=ONE_SET)).values()) == {"written"}
    assert set(_statuses(build([records], out, project, lang_sets=ONE_SET)).values()) == {"skipped"}
    assert set(_statuses(build([records], out, project, lang_sets=ONE_SET, tagged=False)).values()) == {"written"}


def test_a_changed_illustration_rerenders_its_dossier(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "tests" / "data" / "valid" / "illustrated", tmp_path / "records")
    records, out = tmp_path / "records", tmp_path / "build"
    one = {"project": ("ko+en",)}
    assert set(_statuses(build([records], out, lang_sets=one)).values()) == {"written"}
    assert set(_statuses(build([records], out, lang_sets=one)).values()) == {"skipped"}
    svg = next(records.rglob("*.svg"))
    svg.write_text(svg.read_text(encoding="utf-8").replace("</svg>", "<!-- edited --></svg>"), encoding="utf-8")
    assert set(_statuses(build([records], out, lang_sets=one)).values()) == {"written"}


def test_build_reads_the_build_file_and_writes_a_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(ROOT / "dossiers" / "gnzc-2024", tmp_path / "records" / "gnzc-2024")
    (tmp_path / "dossiergen.toml").write_text(
        '[build]\nsource = "records"\noutput = "out"\n\n[outputs]\npress = ["en"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "--report", "report.json"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").glob("*.pdf")) == ["gnzc-2024-press.en.pdf"]
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report == [{"source": "records/gnzc-2024/press.yaml", "output": "out/gnzc-2024-press.en.pdf",
                       "langs": "en", "status": "written", "seconds": report[0]["seconds"],
                       "pages": report[0]["pages"],
                       "bytes": (tmp_path / "out" / "gnzc-2024-press.en.pdf").stat().st_size,
                       "error": None, "placeholders": []}]
    assert report[0]["pages"] >= 1 and report[0]["seconds"] > 0
    again = CliRunner().invoke(main, ["build"])
    assert "0 written, 1 unchanged, 0 failed" in again.output


def test_a_bad_build_file_is_one_located_line_and_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "dossiers").mkdir()
    (tmp_path / "dossiergen.toml").write_text('[outputs]\npress = ["ko+fr"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 2
    assert result.stderr == ("dossiergen.toml:2: outputs.press: 'ko+fr' is not a language set"
                             " (ko, km, en, ko+en, km+en, ko+km, ko+km+en)\n")
    assert not (tmp_path / "build").exists()


def test_worker_processes_render_the_same_outputs_and_report_failures(project: ProjectPaths) -> None:
    records = project.root / "dossiers"
    broken = records / "kh-emoto" / "project.yaml"
    text = broken.read_text(encoding="utf-8")
    (records / "broken").mkdir()
    (records / "broken" / "project.yaml").write_text(
        text.replace("id: kh-emoto", "id: kh-broken").replace('  km: "ដឹកជញ្ជូន"\n', "", 1), encoding="utf-8")
    sets = {"project": ("km+en",), "press": ("ko",), "minutes": ("ko+en",)}
    serial = build([records], project.root / "one", project, lang_sets=sets, workers=Workers(1))
    parallel = build([records], project.root / "two", project, lang_sets=sets, workers=Workers(2))
    outcomes = [[(r.output.name, r.status, r.pages) for r in results] for results in (serial, parallel)]
    assert outcomes[0] == outcomes[1]
    failed = [r for r in parallel if not r.ok]
    assert [r.output.name for r in failed] == ["kh-broken.km-en.pdf"]
    assert str(failed[0].error).endswith("sector.km: no Khmer text; --lang km+en needs it")
    assert not (project.root / "two" / "kh-broken.km-en.pdf").exists()
    assert sorted(p.name for p in (project.root / "two").glob("*.pdf")) == sorted(
        p.name for p in (project.root / "one").glob("*.pdf"))


def test_python_dash_m_builds_with_workers(tmp_path: Path) -> None:
    """Workers import the main module again: ``python -m dossiergen`` must not run its CLI in them."""
    import subprocess
    import sys

    shutil.copytree(ROOT / "dossiers" / "gnzc-2024", tmp_path / "records" / "gnzc-2024")
    source = (ROOT / "dossiers" / "gnzc-2024" / "press.yaml").read_text(encoding="utf-8")
    (tmp_path / "records" / "again").mkdir()
    (tmp_path / "records" / "again" / "press.yaml").write_text(
        source.replace("id: gnzc-2024-press", "id: again-press"), encoding="utf-8")
    # six documents: more than the handful that two workers leave to the build's own process
    result = subprocess.run([sys.executable, "-m", "dossiergen", "build", str(tmp_path / "records"), "-o",
                             str(tmp_path / "out"), "--jobs", "2"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "6 written, 0 unchanged, 0 failed" in result.stdout
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 6


def test_a_changed_catalog_rerenders_the_documents_in_its_language(project: ProjectPaths) -> None:
    records, out = project.root / "dossiers", project.root / "build"
    sets = {"project": ("ko+en", "km+en"), "press": ("ko",), "minutes": ("ko+en",)}
    build([records], out, project, lang_sets=sets)
    catalog = project.locales / "km" / "LC_MESSAGES" / "messages.po"
    catalog.write_text(catalog.read_text(encoding="utf-8") + "\n# reviewed\n", encoding="utf-8")
    # every output's key holds every catalog: a bilingual document's labels come from both of its languages
    assert set(_statuses(build([records], out, project, lang_sets=sets)).values()) == {"written"}


def test_a_changed_option_in_the_build_file_rerenders_only_that_kind(project: ProjectPaths,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project.root)
    monkeypatch.setenv("DOSSIERGEN_ROOT", str(project.root))
    build_file = project.root / "dossiergen.toml"
    build_file.write_text('[outputs]\nproject = ["km+en"]\npress = ["km+en"]\nminutes = ["km+en"]\n', encoding="utf-8")
    assert CliRunner().invoke(main, ["build", "-j", "1"]).exit_code == 0
    build_file.write_text(build_file.read_text(encoding="utf-8") + "\n[conventions.press]\nkhmer_digits = false\n",
                          encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert sorted(result.output.splitlines()[:-1]) == ["skipped build/kh-emoto-wg-01.km-en.pdf",
                                                       "skipped build/kh-emoto.km-en.pdf",
                                                       "written build/kh-emoto-press-2025-07-21.km-en.pdf"]
    assert "680,000" in pdf_text(project.root / "build" / "kh-emoto-press-2025-07-21.km-en.pdf")


def test_two_records_with_one_id_fail_at_the_second_instead_of_overwriting(project: ProjectPaths,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project.root)
    records = project.root / "dossiers"
    (records / "copy").mkdir()
    shutil.copy(records / "kh-emoto" / "project.yaml", records / "copy" / "project.yaml")
    results = build([records], project.root / "build", project, lang_sets=ONE_SET)
    failed = [r for r in results if not r.ok]
    assert [str(r.error) for r in failed] == [
        f"dossiers/kh-emoto/project.yaml:{ID_LINE}: id: 'kh-emoto' is also the id of dossiers/copy/project.yaml;"
        " both would write kh-emoto.ko-en.pdf"]


@pytest.fixture
def gnzc(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "dossiers" / "gnzc-2024", tmp_path / "records" / "gnzc-2024")
    return tmp_path / "records"


def test_verbose_prints_a_line_per_output_with_time_pages_and_size(gnzc: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(gnzc), "-o", str(tmp_path / "out"), "-j", "1", "--verbose"])
    lines = result.output.splitlines()
    assert lines[0] == "3 output(s) to consider"
    assert [line.split(" (")[0] for line in lines[1:4]] == [
        f"written {tmp_path / 'out' / name}" for name in
        ("gnzc-2024-press.ko.pdf", "gnzc-2024-press.ko-en.pdf", "gnzc-2024-press.km-en.pdf")]
    assert all(re.search(r"\(\d+\.\d\d s, \d+ pages, [\d,]+ bytes\)$", line) for line in lines[1:4])
    quiet = CliRunner().invoke(main, ["build", str(gnzc), "-o", str(tmp_path / "out"), "--quiet"])
    assert quiet.output == f"0 written, 3 unchanged, 0 failed, in {tmp_path / 'out'}/\n"


def test_on_a_terminal_a_progress_bar_counts_the_outputs(gnzc: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("dossiergen.cli.build._on_terminal", lambda: True)
    result = CliRunner().invoke(main, ["build", str(gnzc), "-o", str(tmp_path / "out"), "-j", "1"])
    assert result.exit_code == 0
    press = tmp_path / "out" / "press"
    assert result.stdout == (f"wrote {press / 'index.html'}, {press / 'atom.xml'} (1 notice)\n"
                             f"3 written, 0 unchanged, 0 failed, in {tmp_path / 'out'}/\n")
    bar = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", result.stderr)
    assert "3/3" in bar and "0 failed" in bar and "gnzc-2024-press." in bar


def test_workers_are_recycled_and_the_build_still_finishes(tmp_path: Path) -> None:
    """Every worker replaced after each of its documents, in a process of its own (CPython gh-115634 hung here)."""
    import subprocess
    import sys

    source = (ROOT / "dossiers" / "gnzc-2024" / "press.yaml").read_text(encoding="utf-8")
    for number in range(3):
        (tmp_path / "records" / f"n{number}").mkdir(parents=True)
        (tmp_path / "records" / f"n{number}" / "press.yaml").write_text(
            source.replace("id: gnzc-2024-press", f"id: n{number}-press"), encoding="utf-8")
    script = ("import sys; from pathlib import Path; from dossiergen.batch.build import build;"
              " from dossiergen.batch.workers import Workers;"
              " results = build([Path(sys.argv[1])], Path(sys.argv[2]), workers=Workers(2, memory_limit=1));"
              " print(sorted((r.status, r.output.name) for r in results))")
    result = subprocess.run([sys.executable, "-c", script, str(tmp_path / "records"), str(tmp_path / "out")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(sorted(("written", f"n{number}-press.{langs}.pdf")
                                               for number in range(3) for langs in ("ko", "ko-en", "km-en")))


def test_a_build_removes_the_temporary_files_of_a_killed_one_and_nothing_else(gnzc: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / ".gnzc-2024-press.ko.pdf.k2j4h1.part").write_bytes(b"%PDF-1.7 half a file")
    (out / ".notes.part").write_text("the user's own", encoding="utf-8")
    build([gnzc], out, lang_sets={"project": (), "press": ("ko",), "minutes": ()})
    assert sorted(path.name for path in out.iterdir()) == [".dossiergen-build.json", ".dossiergen.lock", ".notes.part",
                                                          "gnzc-2024-press.ko.pdf", "press"]


@pytest.mark.parametrize("workers", [IN_THIS_PROCESS, Workers(2)], ids=["in-this-process", "two-workers"])
def test_a_build_reads_each_record_file_once_and_its_workers_none(sample_records: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch,
                                                                  workers: Workers) -> None:
    reads: Counter[Path] = Counter()
    real_open = io.open

    def counting_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        # Path.read_bytes, read_text and open all come here; only this process is counted
        if isinstance(file, (str, Path)) and Path(file).is_relative_to(sample_records) and "r" in mode:
            reads[Path(file)] += 1
        return real_open(file, mode, *args, **kwargs)

    real_os_open = os.open

    def counting_os_open(file: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        # the files from outside are opened here (src/dossiergen/reading.py), then fdopen'ed
        if isinstance(file, (str, Path)) and Path(file).is_relative_to(sample_records) and not flags & (
                os.O_WRONLY | os.O_RDWR):
            reads[Path(file)] += 1
        return real_os_open(file, flags, *args, **kwargs)

    def jobs_after_the_records_are_spoilt(jobs: Sequence[Job], workers: Workers) -> Iterator[tuple[Job, Rendered]]:
        # a job that read its record again would now fail on it
        for path in files:
            path.write_bytes(b"kind: [\n")
        return run_jobs(jobs, workers)

    files = sorted(p for p in sample_records.rglob("*") if p.suffix in RECORD_SUFFIXES)
    monkeypatch.setattr(io, "open", counting_open)
    monkeypatch.setattr(builtins, "open", counting_open)
    monkeypatch.setattr(os, "open", counting_os_open)
    monkeypatch.setattr(build_module, "run_jobs", jobs_after_the_records_are_spoilt)
    results = build([sample_records], tmp_path / "build", lang_sets=ONE_SET, workers=workers)
    # six records and the directory.yaml they name their people from: each read once
    assert len(files) == 7 and dict(reads) == {path: 1 for path in files}
    assert [(r.output.name, r.status, r.error) for r in results if r.status != "written"] == []
    assert len(results) == 6


def test_one_loader_validates_a_project_once_for_every_record_that_quotes_it() -> None:
    loader = RecordLoader()
    press, minutes, project = (loader.load(SAMPLES[kind]) for kind in ("press", "minutes", "dossier"))
    assert press.project is minutes.project is project
