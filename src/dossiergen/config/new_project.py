"""``dossiergen init FOLDER``: a project folder a ministry can keep in its own repository.

It holds a commented ``dossiergen.toml`` (with a commented ``[branding]`` example), ``dossiers/``
with one example record, an empty ``templates/`` for overrides and an empty ``locales/``.
The example is a sample record of dossiergen, an invented draft project, written out with every
field's Korean and English comment by the skeleton writer of ``dossiergen new``: it validates and
renders, and the fields it made up are the ones its ``illustrative:`` list names.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from dossiergen.batch.build import DEFAULT_LANG_SETS
from dossiergen.config.paths import PROJECT_FILE
from dossiergen.config.resources import builtin
from dossiergen.errors import OutputError, Problem, UsageError
from dossiergen.models import LANGS, LocalizedText, ProjectRecord
from dossiergen.records.loading import load_record
from dossiergen.records.skeleton import OMIT, _Writer

EXAMPLE_RECORD = Path("dossiers") / "example" / "project.yaml"

PROJECT_FILE_TEXT = """\
# A dossiergen project. Every command run in this folder or below it uses it: its records, its
# templates (templates/ before the built-in ones) and catalogs (locales/ over the built-in ones).
# DOSSIERGEN_ROOT=FOLDER names a project explicitly.

# What `dossiergen build` renders: every record under `source`, into `output` (both relative to
# this folder).
[build]
source = "dossiers"
output = "build"

# The language sets each record kind is rendered in; the first language leads.
# Choose from ko, km, en, ko+en, km+en, ko+km, ko+km+en.
[outputs]
{outputs}

# What a record kind's documents do otherwise than their kind's default, for example:
# [conventions.press]
# khmer_digits = false        # Latin digits in Khmer text
# khmer_formal_date = false   # the short Khmer date form
# korean_man = false          # Korean amounts in digits, not in units of 만
# khmer_heading_face = "bold" # Khmer headings in bold, not in Khmer OS Muol Light

# Branding: the organisation's name (per language) and logo at the top of each document's first
# page, and its colours for headings and rules. Without it the documents are dossiergen's own.
# [branding]
# logo = "branding/logo.svg"  # a PNG or SVG file inside this folder
#
# [branding.organisation]
# ko = "기관 이름"
# km = "ឈ្មោះស្ថាប័ន"
# en = "Name of the organisation"
#
# [branding.colours]          # #RRGGBB
# primary = "#1f3b63"         # headings, rules, the cover band
# accent = "#9b1c1c"          # status marks, embargo lines
"""

TEMPLATES_README = """\
# Templates of this project

A template here replaces dossiergen's built-in template of the same name (`base.html`,
`press/document.html`, `css/print.css`, ...). To change one block and keep the rest of the
built-in template, extend it by its name with a `!` in front, then override the block:

    {# templates/base.html #}
    {% extends "!base.html" %}
    {% block letterhead %}<div class="letterhead">...</div>{% endblock %}

Fixed wording goes through the catalogs: write `L("Some text")` in a template, run
`dossiergen i18n extract` and `dossiergen i18n update`, then translate it in
`locales/LANG/LC_MESSAGES/messages.po` (an entry there also replaces a built-in translation).
"""

EXAMPLE_HEADER = """\
# 예시 사업 기록 / An example project record: each field with its meaning in Korean and English.
# 이 사업은 가상입니다 / The project is invented (dossiergen's sample bd-solar-irrigation): every field
#   listed under `illustrative:` at the end is made up for the example, and the dossier is a draft,
#   so it renders with a DRAFT mark on every page. The parties and ministries are real names.
# 여러분의 기록으로 바꾸거나 지우십시오 / Replace it with your own record or delete it;
#   `dossiergen new project` writes an empty skeleton.
# 확인 / Check: dossiergen validate dossiers   렌더링 / Render: dossiergen build
"""


def _prefill(value: BaseModel) -> dict[str, Any]:
    """The skeleton writer's prefill for a validated record: its values, and the fields it leaves out omitted."""
    prefill: dict[str, Any] = {}
    for name, info in type(value).model_fields.items():
        if isinstance(value, LocalizedText) and name in LANGS:
            if getattr(value, name) is not None:
                prefill[name] = getattr(value, name)
            continue
        field_value = getattr(value, name)
        unset = name not in value.model_fields_set or field_value is None or field_value == []
        prefill[info.alias or name] = OMIT if unset else _plain(field_value)
    return prefill


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return _prefill(value)
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def example_record_text(sample: Path) -> str:
    """The sample project record at ``sample``, every field commented as ``dossiergen new`` comments it."""
    record = load_record(sample)
    writer = _Writer({})
    writer.model(ProjectRecord, 0, _prefill(record.data))
    return EXAMPLE_HEADER + "\n".join(writer.lines) + "\n"


def project_file_text() -> str:
    outputs = "\n".join(f"{kind} = {json.dumps(list(sets))}" for kind, sets in DEFAULT_LANG_SETS.items())
    return PROJECT_FILE_TEXT.format(outputs=outputs)


def create_project(folder: Path, *, force: bool = False) -> list[Path]:
    """Write a new project into ``folder``; a folder that is not empty only with ``force``. The files written."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(Problem(folder, None, None, "is a file, not a folder"))
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise UsageError(Problem(folder, None, None, "is not empty; give --force to write the project's files"
                                                     " into it (files of the same name are replaced)"))
    files = {
        folder / PROJECT_FILE: project_file_text(),
        folder / EXAMPLE_RECORD: example_record_text(builtin().example_record),
        folder / "templates" / "README.md": TEMPLATES_README,
    }
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        (folder / "locales").mkdir(exist_ok=True)
    except OSError as error:
        raise OutputError(Problem(Path(error.filename or folder), None, None,
                                  f"cannot write: {error.strerror}")) from None
    load_record(folder / EXAMPLE_RECORD)  # the example must stay a record that validates
    return [*files, folder / "locales"]

