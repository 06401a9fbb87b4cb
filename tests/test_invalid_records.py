"""The invalid-record catalogue: every bad record stops with one exact, located line.

Each ``tests/data/invalid/**/*.yaml`` with an ``# expect:`` header is one case with one
problem. The header holds the full line the tool should print (path relative to the
repository root); an optional ``# langs: km+en`` header marks a case that loads but fails
when a document in those languages is prepared (context stage). Cases whose expected line
the tool does not print yet are known bugs, listed in ``KNOWN_BUGS`` as strict xfails.

``yaml-traps/`` holds the cases that once crashed the YAML parser (an impossible date, a
leading-zero number read as octal, a non-scalar key, a self-referencing alias). They sit in
their own folder because the loader parses every file beside a press or minutes record
when it looks for the project, and the dangling-reference case lists those projects.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from dossiergen.cli.main import main
from dossiergen.errors import ContextError, DossiergenError, RecordError
from dossiergen.i18n.languages import parse_langs
from dossiergen.records.loading import load_record
from dossiergen.render.context import build_context

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "tests" / "data" / "invalid"
HEADER = re.compile(rb"\A# expect: (?P<expect>[^\n]+)\n(?:# langs: (?P<langs>[^\n]+)\n)?")

KNOWN_BUGS: dict[str, str] = {}
"""Cases whose expected line the tool does not print yet (strict xfails), by file stem."""


@dataclass(frozen=True)
class Case:
    path: Path
    expect: str
    langs: str | None

    @property
    def rel(self) -> str:
        return self.path.relative_to(ROOT).as_posix()


def _cases() -> list[Case]:
    cases = []
    for path in sorted(CATALOGUE.rglob("*.yaml")):
        match = HEADER.match(path.read_bytes())
        if match is None:
            continue  # a supporting record (ref-project.yaml), not a case
        langs = match["langs"].decode() if match["langs"] else None
        cases.append(Case(path, match["expect"].decode("utf-8"), langs))
    return cases


CASES = _cases()
LOAD_CASES = [case for case in CASES if case.langs is None]


def _params() -> list[object]:
    return [
        pytest.param(case, id=case.path.stem,
                     marks=[pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[case.path.stem])]
                     if case.path.stem in KNOWN_BUGS else [])
        for case in CASES
    ]


def _runner() -> CliRunner:
    """A runner that keeps standard error apart (click < 8.2 needs ``mix_stderr=False``)."""
    if "mix_stderr" in inspect.signature(CliRunner.__init__).parameters:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    return CliRunner()


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(ROOT)
    return ROOT


def test_the_catalogue_is_complete() -> None:
    stems = [case.path.stem for case in CASES]
    assert len(CASES) >= 15
    assert len(stems) == len(set(stems)), "case names (test ids) must be unique"
    assert set(KNOWN_BUGS) <= set(stems), "a known bug without its case"
    for case in CASES:
        assert case.expect.startswith(case.rel + ":"), f"{case.rel}: the expected line names another file"
        if case.langs is not None:
            parse_langs(case.langs)


def test_the_supporting_project_is_valid(at_root: Path) -> None:
    record = load_record("tests/data/invalid/ref-project.yaml")
    assert record.id == "ref-project"
    build_context(record, ("km", "en"))
    build_context(record, ("ko", "en"))


def test_the_readme_lists_every_case() -> None:
    readme = (CATALOGUE / "README.md").read_text(encoding="utf-8")
    for case in CASES:
        assert f"`{case.path.relative_to(CATALOGUE).as_posix()}`" in readme, f"{case.rel} is not in README.md"


@pytest.mark.parametrize("case", _params())
def test_the_library_raises_the_expected_line(case: Case, at_root: Path) -> None:
    if case.langs is None:
        with pytest.raises(RecordError) as caught:
            load_record(case.rel)
    else:
        record = load_record(case.rel)
        with pytest.raises(ContextError) as caught:
            build_context(record, parse_langs(case.langs))
    assert isinstance(caught.value, DossiergenError)
    assert str(caught.value) == case.expect


@pytest.mark.parametrize("case", _params())
def test_render_prints_the_expected_line_and_writes_nothing(case: Case, at_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.pdf"
    result = _runner().invoke(main, ["render", case.rel, "--lang", case.langs or "ko+en", "-o", str(out)])
    assert "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 2
    assert result.stderr == case.expect + "\n"
    assert not out.exists()
    assert not list(tmp_path.iterdir()), "a partial output was left behind"


def test_validate_reports_every_case_of_the_folder(at_root: Path) -> None:
    result = _runner().invoke(main, ["validate", "tests/data/invalid"])
    assert "Traceback" not in result.stderr
    assert result.exit_code == 2
    assert sorted(result.stderr.splitlines()) == sorted(case.expect for case in LOAD_CASES)


def test_validate_reports_every_case_it_can_load(at_root: Path) -> None:
    """Every top-level record file at once: one line per sound load-stage case, nothing else.

    The traps of ``yaml-traps/`` are left out (the folder test above covers them); the
    known bugs of the top level print some other line, which is only required to be located
    in its own file.
    """
    files = sorted(CATALOGUE.glob("*.yaml"))
    result = _runner().invoke(main, ["validate", *(path.relative_to(ROOT).as_posix() for path in files)])
    assert "Traceback" not in result.stderr
    assert result.exit_code == 2
    printed = result.stderr.splitlines()
    top_level = [case for case in LOAD_CASES if case.path.parent == CATALOGUE]
    sound = [case.expect for case in top_level if case.path.stem not in KNOWN_BUGS]
    assert [line for line in printed if line in sound] == sound, "a case's line is missing or out of order"
    others = [line for line in printed if line not in sound]
    for line in others:
        assert any(line.startswith(case.rel + ":") for case in top_level if case.path.stem in KNOWN_BUGS), line
