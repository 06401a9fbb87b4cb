"""dossiergen new: record skeletons with every field, commented in Korean and English."""

from __future__ import annotations

import re
import types
import typing
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pydantic import BaseModel

from dossiergen.cli.main import main
from dossiergen.errors import RecordError
from dossiergen.models import LANGS, RECORD_MODELS, LocalizedText
from dossiergen.records.field_comments import COMMENTS
from dossiergen.records.loading import load_record
from dossiergen.records.skeleton import comment_for, model_fields
from dossiergen.records.yaml_safety import parse_file

from .conftest import ROOT, SAMPLES

KINDS = ("project", "press", "minutes")


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(ROOT)
    return CliRunner()


def _core(annotation: Any) -> Any:
    """The type inside Annotated and Optional (a walk of its own, so the test does not trust skeleton.py's)."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            annotation = next(arg for arg in typing.get_args(annotation) if arg is not type(None))
        else:
            return annotation


def _expected_paths(model: type[BaseModel], prefix: tuple[str | int, ...] = ()
                    ) -> list[tuple[tuple[str | int, ...], Any]]:
    """Every key a record of ``model`` can hold (lists at their first item), with its type."""
    paths = []
    for name, info in model.model_fields.items():
        path = (*prefix, info.alias or name)
        core = _core(info.annotation)
        paths.append((path, core))
        if typing.get_origin(core) is list:
            path = (*path, 0)
            core = _core(typing.get_args(core)[0])
            paths.append((path, core))
        if isinstance(core, type) and issubclass(core, BaseModel):
            paths.extend(_expected_paths(core, path))
    return paths


def _get(data: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def _skeleton(runner: CliRunner, tmp_path: Path, *args: str) -> tuple[Path, dict[str, Any], str]:
    out = tmp_path / f"{args[0]}.yaml"
    result = runner.invoke(main, ["new", *args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    data, _ = parse_file(out)  # the loader's own YAML reading
    return out, data, out.read_text(encoding="utf-8")


def test_every_field_of_every_record_model_has_a_comment() -> None:
    missing = [f"{model.__name__}.{name}" for kind in KINDS for model, name, _ in model_fields(RECORD_MODELS[kind])
               if comment_for(model, name) is None]
    assert not missing, f"add these to src/dossiergen/skeleton_comments.py: {missing}"


def test_no_comment_names_a_field_that_does_not_exist() -> None:
    fields = {f"{cls.__name__}.{name}" for kind in KINDS for model, _, _ in model_fields(RECORD_MODELS[kind])
              for cls in model.__mro__ if isinstance(cls, type) and issubclass(cls, BaseModel)
              for name in getattr(cls, "model_fields", {})}
    assert sorted(set(COMMENTS) - fields) == []
    assert all(ko.strip() and en.strip() and ko != en for ko, en in COMMENTS.values())


@pytest.mark.parametrize("kind", KINDS)
def test_skeleton_parses_and_holds_every_field_path(runner: CliRunner, tmp_path: Path, kind: str) -> None:
    _, data, text = _skeleton(runner, tmp_path, kind)
    assert data["kind"] == kind
    for path, core in _expected_paths(RECORD_MODELS[kind]):
        try:
            value = _get(data, path)
        except (KeyError, IndexError, TypeError):
            pytest.fail(f"no {path} in the {kind} skeleton")
        if isinstance(core, type) and issubclass(core, LocalizedText):
            assert set(LANGS) <= set(value), f"{path}: a text with ko, km and en"
    # each field is commented in Korean and English on the line above it
    lines = text.splitlines()
    for index, line in enumerate(lines):
        key = re.match(r"^\s*(?:- )?([a-z_]+):", line)
        if key is None or key[1] in LANGS:
            continue
        above = lines[index - 1].strip()
        assert above.startswith("# ") and " / " in above, f"line {index + 1} ({line.strip()}) has no comment above"
        assert re.search("[가-힣]", above), f"line {index}: the comment has no Korean"


@pytest.mark.parametrize("kind", KINDS)
def test_skeleton_fails_validation_only_on_its_placeholders(runner: CliRunner, tmp_path: Path, kind: str) -> None:
    out, _, _ = _skeleton(runner, tmp_path, kind)
    with pytest.raises(RecordError) as raised:
        load_record(out)
    messages = [str(problem) for problem in raised.value.problems]
    assert messages, "a skeleton is not a record yet"
    # the fields are the model's: none unknown, none missing; only the values are placeholders
    assert not [m for m in messages if "unknown field" in m or "required field is missing" in m]
    assert all("TODO" in m or "text is empty" in m for m in messages), messages


def test_skeleton_to_standard_output(runner: CliRunner) -> None:
    result = runner.invoke(main, ["new", "press"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# 보도자료 기록 / Press notice record")
    assert "# 제목 / Headline\nheadline:\n" in result.stdout
    assert "  for: TODO\n" not in result.stdout  # a press notice has no votes
    assert "for: TODO" in runner.invoke(main, ["new", "minutes"]).stdout  # the alias, not in_favour


def test_press_from_a_project_carries_its_id_ministry_and_figures(runner: CliRunner, tmp_path: Path) -> None:
    _, data, text = _skeleton(runner, tmp_path, "press", "--from", str(SAMPLES["dossier"]))
    project = load_record(SAMPLES["dossier"]).data
    assert data["project"] == "kh-emoto"
    assert "event" not in data  # a notice about a project names no event
    motie = next(org for org in project.organisations if org.id == "motie")  # type: ignore[union-attr]
    assert data["ministry"] == {"ko": motie.name.ko, "km": motie.name.km, "en": motie.name.en}
    assert "#   {outcomes_t}: 680000" in text and "#   {authorized_t}: 400000" in text
    assert "#   {authorized_share}: 58.8%" in text


def test_minutes_from_a_project_list_its_working_group(runner: CliRunner, tmp_path: Path) -> None:
    _, data, text = _skeleton(runner, tmp_path, "minutes", "--from", str(SAMPLES["dossier"]))
    project = load_record(SAMPLES["dossier"]).data
    members = [member.organisation for member in project.working_group]  # type: ignore[union-attr]
    assert data["project"] == "kh-emoto"
    assert [attendee["organisation"] for attendee in data["attendees"]] == members
    assert data["chair"]["organisation"] == members[0]
    assert "[motie | kea | kotra | moe-kh | gggi | verywords]" in text


def test_from_a_record_that_is_not_a_project_or_for_a_project_is_refused(runner: CliRunner) -> None:
    result = runner.invoke(main, ["new", "press", "--from", str(SAMPLES["press"])])
    assert result.exit_code == 2
    assert "--from takes a project record, not a press record" in result.stderr
    result = runner.invoke(main, ["new", "project", "--from", str(SAMPLES["dossier"])])
    assert result.exit_code == 2
    assert "--from fills a press or minutes record from its project" in result.stderr


def test_an_existing_file_is_not_overwritten_without_force(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "minutes.yaml"
    out.write_text("kind: minutes\n# half written by hand\n", encoding="utf-8")
    result = runner.invoke(main, ["new", "minutes", "-o", str(out)])
    assert result.exit_code == 2
    assert f"{out} exists; give --force to overwrite it" in result.stderr
    assert out.read_text(encoding="utf-8") == "kind: minutes\n# half written by hand\n"
    result = runner.invoke(main, ["new", "minutes", "-o", str(out), "--force"])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("# 워킹그룹 회의록 기록")
