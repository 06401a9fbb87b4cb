"""Reading ``dossiergen.toml`` with located errors: tomllib gives values, this finds their lines."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from dossiergen.errors import Problem, UsageError

_TABLE = re.compile(r"^\[\[?\s*([^\]]+?)\s*\]\]?")
_KEY = re.compile(r"""^((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=""")


def _dotted(text: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in text.split("."))


def toml_line(text: str, loc: Sequence[str | int]) -> int | None:
    """The line that sets ``loc`` (a key path), or the line of the nearest table or key that holds it.

    Enough of TOML for a configuration file: ``[table]`` headers, ``key =`` and ``a.b =`` keys;
    a value inside an inline table or an array is located at its key's line.
    """
    wanted = tuple(str(part) for part in loc)
    best, best_length = None, 0
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if (header := _TABLE.match(stripped)) is not None:
            table = _dotted(header[1])
            path = table
        elif (key := _KEY.match(stripped)) is not None:
            path = table + _dotted(key[1])
        else:
            continue
        if wanted[:len(path)] == path and len(path) > best_length:
            best, best_length = number, len(path)
    return best


def read_toml(path: Path) -> tuple[dict[str, Any], str]:
    """The table of a TOML file and its text; malformed TOML is one located line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise UsageError(Problem(path, None, None, f"cannot read: {error.strerror}")) from None
    except UnicodeDecodeError:
        raise UsageError(Problem(path, None, None, "not UTF-8 text")) from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as error:
        raise UsageError(Problem(path, getattr(error, "lineno", None), None, f"malformed TOML: {error}")) from None


def located_problems(path: Path, text: str, error: ValidationError, prefix: Sequence[str] = ()) -> UsageError:
    """A pydantic error of a TOML file's table as one located line per problem."""
    problems = []
    for item in error.errors(include_url=False):
        loc = (*prefix, *map(str, item["loc"]))
        problems.append(Problem(path, toml_line(text, loc), ".".join(loc), item["msg"].removeprefix("Value error, ")))
    return UsageError(problems)
