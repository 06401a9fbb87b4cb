"""The same build on a Dask distributed cluster: a local one, and one reached by its address."""

from __future__ import annotations

import shutil
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from dossiergen.cli.main import main

from .conftest import ROOT, copy_directory

distributed = pytest.importorskip("distributed", reason="dossiergen[dask] is part of the test extras")


@pytest.fixture
def records(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "dossiers" / "gnzc-2024", tmp_path / "records" / "gnzc-2024")
    (tmp_path / "records" / "broken").mkdir()
    copy_directory(tmp_path / "records")
    # a record that loads but cannot be written in Khmer: its failure must come back from the cluster
    (tmp_path / "records" / "broken" / "project.yaml").write_text(
        (ROOT / "dossiers" / "kh-emoto" / "project.yaml").read_text(encoding="utf-8")
        .replace("id: kh-emoto", "id: kh-broken").replace('  km: "ដឹកជញ្ជូន"\n', "", 1), encoding="utf-8")
    return tmp_path / "records"


def _pages(folder: Path) -> dict[str, int]:
    pages = {}
    for path in sorted(folder.glob("*.pdf")):
        with pikepdf.open(path) as pdf:
            pages[path.name] = len(pdf.pages)
    return pages


def test_a_local_dask_cluster_renders_what_the_process_pool_renders(records: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    pool = runner.invoke(main, ["build", str(records), "-o", str(tmp_path / "pool"), "-j", "2"])
    dask = runner.invoke(main, ["build", str(records), "-o", str(tmp_path / "dask"), "-j", "2", "--executor", "dask"])
    assert pool.exit_code == dask.exit_code == 2
    assert dask.stderr.splitlines()[-2] == pool.stderr.splitlines()[-2]
    assert dask.stderr.splitlines()[-2].endswith("sector.km: no Khmer text; --lang km+en needs it")
    assert dask.stderr.splitlines()[-1].startswith("4 written, 0 unchanged, 1 failed")
    assert _pages(tmp_path / "dask") == _pages(tmp_path / "pool") and len(_pages(tmp_path / "pool")) == 4
    again = runner.invoke(main, ["build", str(records), "-o", str(tmp_path / "dask"), "--executor", "dask"])
    assert "0 written, 4 unchanged, 1 failed" in again.stderr


def test_a_running_scheduler_is_reached_by_its_address(records: Path, tmp_path: Path) -> None:
    shutil.rmtree(records / "broken")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=50) as cluster:
        result = CliRunner().invoke(main, ["build", str(records), "-o", str(tmp_path / "out"),
                                           "--executor", "dask", "--scheduler", cluster.scheduler_address])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == f"3 written, 0 unchanged, 0 failed, in {tmp_path / 'out'}/"
    assert len(_pages(tmp_path / "out")) == 3


def test_scheduler_without_dask_executor_is_a_usage_error(records: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(records), "--scheduler", "tcp://127.0.0.1:8786"])
    assert result.exit_code == 2
    assert result.stderr == "--scheduler needs --executor dask\n"
