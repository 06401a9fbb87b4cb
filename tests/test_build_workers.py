"""Where a build renders: nothing imported when nothing is stale, no pool for a handful, workers replaced alone."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from dossiergen.batch import build as build_module
from dossiergen.batch.build import build
from dossiergen.batch.workers import Job, Rendered, Workers, run_jobs

from .conftest import ROOT

PRESS_SETS = {"project": (), "press": ("ko", "ko+en", "km+en"), "minutes": ()}
HEAVY = ("weasyprint", "pikepdf")


def _press_notices(folder: Path, count: int) -> Path:
    """``count`` copies of the GNZC press notice under ids of their own: three documents each."""
    source = (ROOT / "dossiers" / "gnzc-2024" / "press.yaml").read_text(encoding="utf-8")
    for number in range(count):
        (folder / f"n{number}").mkdir(parents=True)
        (folder / f"n{number}" / "press.yaml").write_text(
            source.replace("id: gnzc-2024-press", f"id: n{number}-press"), encoding="utf-8")
    return folder


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[Rendered]:
    """What every document of the builds in this test came back as (the worker's pid and memory among it)."""
    seen: list[Rendered] = []

    def watched(jobs: Sequence[Job], workers: Workers) -> Iterator[tuple[Job, Rendered]]:
        for job, rendered in run_jobs(jobs, workers):
            seen.append(rendered)
            yield job, rendered

    monkeypatch.setattr(build_module, "run_jobs", watched)
    return seen


def _imported_by_a_build(records: Path, out: Path) -> dict[str, object]:
    script = ("import json, sys; from pathlib import Path; from dossiergen.batch.build import build;"
              " from dossiergen.batch.workers import Workers;"
              " results = build([Path(sys.argv[1])], Path(sys.argv[2]), workers=Workers(2));"
              " print(json.dumps({'statuses': sorted({r.status for r in results}),"
              f" 'heavy': [name for name in {HEAVY!r} if name in sys.modules]}}))")
    result = subprocess.run([sys.executable, "-c", script, str(records), str(out)], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    outcome: dict[str, object] = json.loads(result.stdout)
    return outcome


def test_a_build_with_nothing_to_render_imports_neither_weasyprint_nor_pikepdf(tmp_path: Path) -> None:
    records, out = _press_notices(tmp_path / "records", 1), tmp_path / "out"
    assert _imported_by_a_build(records, out) == {"statuses": ["written"], "heavy": list(HEAVY)}
    assert _imported_by_a_build(records, out) == {"statuses": ["skipped"], "heavy": []}
    (records / "n0" / "press.yaml").write_text((records / "n0" / "press.yaml").read_text(encoding="utf-8")
                                               + "# edited\n", encoding="utf-8")
    assert _imported_by_a_build(records, out) == {"statuses": ["written"], "heavy": list(HEAVY)}


@pytest.mark.skipif(importlib.util.find_spec("dossiergen.cli.lazy") is None,
                    reason="the CLI imports every command's modules until its commands load on first use")
def test_dossiergen_build_with_nothing_to_render_imports_neither_weasyprint_nor_pikepdf(tmp_path: Path) -> None:
    records, out = _press_notices(tmp_path / "records", 1), tmp_path / "out"
    command = [sys.executable, "-X", "importtime", "-m", "dossiergen", "build", str(records), "-o", str(out)]
    first = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    again = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and "0 written, 3 unchanged" in again.stdout, again.stderr
    # -X importtime lists every module imported, one a line: "import time: self | cumulative | name"
    imported = {line.rsplit("|", 1)[1].strip() for line in again.stderr.splitlines() if line.startswith("import time:")}
    assert imported.isdisjoint(HEAVY)
    assert not {name.split(".")[0] for name in imported} & set(HEAVY)


def test_a_handful_of_documents_renders_in_the_builds_own_process(tmp_path: Path, renders: list[Rendered]) -> None:
    records = _press_notices(tmp_path / "records", 1)  # three documents for two workers
    results = build([records], tmp_path / "out", lang_sets=PRESS_SETS, workers=Workers(2))
    assert [r.status for r in results] == ["written"] * 3
    assert [rendered.worker for rendered in renders] == [os.getpid()] * 3


def test_workers_are_replaced_one_at_a_time_past_their_memory_limit(tmp_path: Path, renders: list[Rendered]) -> None:
    records = _press_notices(tmp_path / "records", 3)  # nine documents: more than a handful for two workers
    serial = build([records], tmp_path / "serial", lang_sets=PRESS_SETS, workers=Workers(1))
    assert {rendered.worker for rendered in renders} == {os.getpid()}
    renders.clear()
    kept = build([records], tmp_path / "kept", lang_sets=PRESS_SETS, workers=Workers(2, memory_limit=None))
    assert len({rendered.worker for rendered in renders}) == 2, "two workers, kept for the whole build"
    renders.clear()
    # every worker is over a limit of one byte after its first document: each is replaced, alone
    worn = build([records], tmp_path / "worn", lang_sets=PRESS_SETS, workers=Workers(2, memory_limit=1))
    pids = [rendered.worker for rendered in renders]
    assert len(pids) == 9 and len(set(pids)) == 9 and os.getpid() not in pids
    assert all(rendered.rss > 0 for rendered in renders), "the memory is measured, not guessed"
    for results in (kept, worn):
        assert sorted((r.output.name, r.status, r.pages) for r in results) == sorted(
            (r.output.name, r.status, r.pages) for r in serial)
    for result in serial:  # the same bytes wherever a document is rendered
        for folder in ("kept", "worn"):
            assert (tmp_path / folder / result.output.name).read_bytes() == result.output.read_bytes()
