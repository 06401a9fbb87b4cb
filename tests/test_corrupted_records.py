"""A fuzzer: random corruptions of valid records end in located lines, never in a traceback.

Each example takes one of the sample records and damages it the way hands and word
processors do (a line dropped, doubled or swapped, text cut short, a stray character, an
indentation shifted, a value replaced by random text), then runs the loader and the context
stage for every language set. Either the record is still valid, or every problem is one
line naming the file (and, where there is one, the line) - nothing else may escape - and
``dossiergen render`` prints those lines, exits with 2 and writes no file.

CI runs ``FUZZ_EXAMPLES`` examples (200); a longer run is
``DOSSIERGEN_FUZZ_EXAMPLES=5000 .venv/bin/python -m pytest tests/test_corrupted_records.py``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dossiergen.cli.main import main
from dossiergen.errors import DossiergenError
from dossiergen.i18n.languages import parse_langs
from dossiergen.records.loading import load_record
from dossiergen.render.context import build_context

from .conftest import ALL_SAMPLES

FUZZ_EXAMPLES = int(os.environ.get("DOSSIERGEN_FUZZ_EXAMPLES", "200"))
SOURCES = {path: path.read_text(encoding="utf-8") for path in ALL_SAMPLES}
STRAY = st.text(alphabet=st.sampled_from(list(":-[]{}&*!|>'\"#%@`,?\t ")
                                         + ["\u200b", "\ufeff", "\x00", "é", "가", "ក"]),
                min_size=1, max_size=4)


@st.composite
def corrupted(draw: st.DrawFn) -> tuple[Path, str]:
    path = draw(st.sampled_from(sorted(SOURCES)))
    lines = SOURCES[path].split("\n")
    at = draw(st.integers(0, len(lines) - 1))
    damage = draw(st.sampled_from(["drop", "double", "swap", "cut", "stray", "indent", "value"]))
    if damage == "drop":
        del lines[at]
    elif damage == "double":
        lines.insert(at, lines[at])
    elif damage == "swap":
        other = draw(st.integers(0, len(lines) - 1))
        lines[at], lines[other] = lines[other], lines[at]
    elif damage == "cut":
        lines = lines[:at] + [lines[at][: draw(st.integers(0, len(lines[at])))]]
    elif damage == "stray":
        column = draw(st.integers(0, len(lines[at])))
        lines[at] = lines[at][:column] + draw(STRAY) + lines[at][column:]
    elif damage == "indent":
        lines[at] = " " * draw(st.integers(0, 6)) + lines[at].lstrip(" ")
    elif ":" in lines[at]:
        key = lines[at].split(":", 1)[0]
        lines[at] = f"{key}: {draw(st.one_of(st.text(max_size=30), st.integers(), st.floats()))!s}"
    return path, "\n".join(lines)


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=corrupted())
def test_a_corrupted_record_loads_or_ends_in_located_lines(case: tuple[Path, str], tmp_path_factory) -> None:
    source, text = case
    folder = tmp_path_factory.mktemp("fuzz")
    for sibling in source.parent.glob("*.yaml"):  # the project a release or minutes record quotes
        (folder / sibling.name).write_text(SOURCES.get(sibling, ""), encoding="utf-8")
    path = folder / source.name
    path.write_text(text, encoding="utf-8")
    lang_set = "ko+en"
    try:
        record = load_record(path)
        for lang_set in ("ko+en", "km+en"):
            build_context(record, parse_langs(lang_set))
    except DossiergenError as error:
        assert error.problems
        for problem in error.problems:
            line = str(problem)
            assert "\n" not in line and "Traceback" not in line, line
            assert re.match(re.escape(str(path)) + r"(:\d+)?: \S", line), line
        # and through the command line: the same lines, exit code 2, no file
        target = folder / "out.pdf"
        result = CliRunner().invoke(main, ["render", str(path), "--lang", lang_set, "-o", str(target)])
        assert result.exit_code == 2 and isinstance(result.exception, SystemExit), result.output
        assert result.stderr.splitlines() == [str(problem) for problem in error.problems]
        assert not target.exists()
