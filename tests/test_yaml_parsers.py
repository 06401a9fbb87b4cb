"""libyaml reads records fast; the pure-Python parser words the errors. They must agree on every file."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossiergen.errors import RecordError
from dossiergen.records.yaml_safety import _FastRecordYamlLoader, _parse_text, _RecordYamlLoader

from .conftest import ALL_SAMPLES, DATA

FILES = ALL_SAMPLES + sorted((DATA / "valid").rglob("*.yaml")) + sorted((DATA / "invalid").rglob("*.yaml"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(p.parents[2])))
def test_both_parsers_read_a_file_alike_or_the_fast_one_gives_way(path: Path) -> None:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8: refused before either parser")
    try:
        slow = _parse_text(path, text, _RecordYamlLoader)
    except RecordError:
        slow = None
    try:
        fast = _parse_text(path, text, _FastRecordYamlLoader)
    except RecordError:
        fast = None
    # where libyaml refuses, the pure-Python parser gets the file (and the last word) anyway
    assert fast is None or fast == slow
