"""One truth across documents: people and organisations come from ``directory.yaml``.

Every document of a project (dossier, Letter of Authorization, press notice, minutes) names a
person with the directory's spelling and the title they held on the document's date, and an
organisation by the name it had then.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from dossiergen.errors import RecordError
from dossiergen.models.directory import Directory
from dossiergen.records.checks import _people
from dossiergen.records.loading import load_record

from .conftest import ROOT, context_document, pdf_column_texts, pdf_text, squeeze

DIRECTORY = Directory.model_validate(yaml.safe_load((ROOT / "dossiers" / "directory.yaml").read_text("utf-8")))
KH = ROOT / "dossiers" / "kh-emoto"
DOCUMENTS = [(KH / "project.yaml", "dossier"), (KH / "project.yaml", "loa"), (KH / "press-2025-07-21.yaml", None),
             (KH / "minutes-wg-01.yaml", None)]
MARKS = re.compile(r"\[(예시|SPECIMEN|គំរូ)\]")


def _owner(data: object, loc: tuple[str | int, ...]) -> Any:
    """The part of a record that holds the name at ``loc`` (a signatory, a contact, an attendee)."""
    for part in loc[:-1]:
        data = data[part] if isinstance(part, int) else getattr(data, part)  # type: ignore[index]
    return data


def _render(render_record: Callable[[Path, str], Path], render_loa: Callable[[Path, str], Path],
            record: Path, kind: str | None, lang_set: str) -> str:
    pdf = (render_loa if kind == "loa" else render_record)(record, lang_set)
    # each reading of the PDF: a name broken across the lines of a parallel column reads through in one
    return "\n".join(squeeze(MARKS.sub("", text)) for text in (pdf_text(pdf), *pdf_column_texts(pdf)))


@pytest.mark.parametrize("lang_set", ["ko+en", "km+en"])
def test_every_document_of_a_project_names_each_person_the_directorys_way(
        render_record: Callable[[Path, str], Path], render_loa: Callable[[Path, str], Path], lang_set: str) -> None:
    langs = lang_set.split("+")
    texts = {(record.stem, kind): _render(render_record, render_loa, record, kind, lang_set)
             for record, kind in DOCUMENTS}
    printed_anywhere = set()
    for person_id, person in DIRECTORY.people.items():
        spellings = [squeeze(person.name.get(lang) or "") for lang in langs]
        for document, text in texts.items():
            if any(spelling in text for spelling in spellings):
                printed_anywhere.add(person_id)
                missing = [spelling for spelling in spellings if spelling not in text]
                assert not missing, f"{document}: {person_id} printed without {missing}"
    # the minister and the company's chief executive are named in the notice's own prose, not as people
    assert printed_anywhere >= {"yu-beop-min", "lee-jeong-hoon", "kim-da-eun", "chan-sophea", "keo-sovann",
                                "heng-vanna", "sok-dara", "choi-min-ji"}
    for text in texts.values():
        assert squeeze("찬 소피아") not in text  # the spelling the dossier once had beside 찬 소피어
    # and each person's title, as the record resolved it from the directory, printed in each language
    for record_path, kind in DOCUMENTS:
        record = load_record(record_path)
        for loc, name in _people(record.data, ()):
            owner = _owner(record.data, loc)
            if kind == "loa" and loc[:2] != ("authorization", "letter"):
                continue  # the letter names its own signatory only
            for lang in langs:
                title = owner.title.get(lang)
                assert title is not None and squeeze(title) in texts[(record_path.stem, kind)], \
                    f"{record_path.stem} {kind}: {name.get(lang)}'s title {title!r} ({lang}) not printed"


def test_each_record_names_people_and_titles_as_the_directory_holds_them_on_its_date() -> None:
    names = {tuple(sorted(person.name.model_dump(exclude_none=True).items())): person_id
             for person_id, person in DIRECTORY.people.items()}
    seen: dict[str, set[str]] = {}
    for record_path in {record for record, _ in DOCUMENTS}:
        record = load_record(record_path)
        for loc, name in _people(record.data, ()):
            key = tuple(sorted(name.model_dump(exclude_none=True).items()))
            assert key in names, f"{record_path.name}: {loc} is not a directory person"
            person = DIRECTORY.people[names[key]]
            owner = _owner(record.data, loc)
            titles = [title.title for title in person.titles.values()]
            assert owner.title in titles, f"{record_path.name}: {loc}: a title {names[key]} does not hold"
            seen.setdefault(names[key], set()).add(record_path.stem)
    # Lee Jeong-hoon: division director in the notice and the minutes; the dossier is signed by the DG
    assert seen["lee-jeong-hoon"] == {"press-2025-07-21", "minutes-wg-01"}
    assert seen["yu-beop-min"] == {"press-2025-07-21", "project"}


def test_an_organisation_is_named_as_it_was_on_the_documents_date() -> None:
    ctx_2025, _ = context_document(KH / "project.yaml", "ko+en")
    ctx_2026, _ = context_document(ROOT / "dossiers" / "bd-solar-irrigation" / "project.yaml", "ko+en")
    assert ctx_2025.orgs["motie"]["ko"] == "산업통상자원부"
    assert ctx_2026.orgs["motie"]["ko"] == "산업통상부"  # renamed in October 2025
    # the later name's translations and date are not from a source: marked
    assert ctx_2026.orgs["motie"].specimen is not None and ctx_2025.orgs["motie"].specimen is None


def test_an_acting_title_and_an_illustrative_name_are_written_in(tmp_path: Path) -> None:
    folder = tmp_path / "records"
    shutil.copytree(KH, folder / "kh-emoto")
    directory = yaml.safe_load((ROOT / "dossiers" / "directory.yaml").read_text("utf-8"))
    directory["people"]["lee-jeong-hoon"]["titles"]["director-investment-policy"]["acting"] = True
    (folder / "directory.yaml").write_text(yaml.safe_dump(directory, allow_unicode=True), encoding="utf-8")
    record = load_record(folder / "kh-emoto" / "press-2025-07-21.yaml")
    data = record.data
    assert data.responsible.title.ko == "투자정책과장 직무대리"  # type: ignore[union-attr]
    assert data.responsible.title.en == "Acting Director, Investment Policy Division"  # type: ignore[union-attr]
    assert "responsible.name" in data.illustrative and "quotes.0.name" in data.illustrative
    assert record.directory is not None and record.directory[0] == folder / "directory.yaml"


def test_a_typo_in_the_directorys_illustrative_list_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "records"
    shutil.copytree(KH, folder / "kh-emoto")
    text = (ROOT / "dossiers" / "directory.yaml").read_text("utf-8").replace("  - people.kim-da-eun\n",
                                                                              "  - people.kim-da-un\n")
    (folder / "directory.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(RecordError, match=r"directory.yaml:\d+: illustrative\[\d+\]: no entry 'people.kim-da-un'"):
        load_record(folder / "kh-emoto" / "press-2025-07-21.yaml")


@pytest.mark.parametrize("record", sorted((ROOT / "dossiers").glob("*/project.yaml")),
                         ids=lambda path: path.parent.name)
def test_a_projects_description_names_each_organisation_as_on_the_dossiers_date(record: Path) -> None:
    """The prose is the record's own text, not looked up: it must not call a ministry by a name out of use on the
    dossier's date while the tables and signatures, from the directory, give the name in use (bd and vn named the
    Korean ministry both ways)."""
    data = yaml.safe_load(record.read_text("utf-8"))
    day = data["dossier"]["date"]
    prose = " ".join(str(text) for paragraph in data["description"] for text in paragraph.values())
    for org_id, organisation in DIRECTORY.organisations.items():
        for dated in organisation.names:
            if dated.covers(day):
                continue
            for name in dated.name.model_dump(exclude_none=True).values():
                # the name as running text writes it: without its abbreviation, a Khmer one without "of Korea"
                stem = re.sub(r"\s*\([^)]*\)$", "", name).removesuffix("កូរ៉េ")
                assert stem not in prose, f"{org_id} is called {stem!r}, its name {dated.describe()}, on {day}"
