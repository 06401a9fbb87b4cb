"""The press board and Atom feed a build writes beside the PDFs (press_index.py)."""

from __future__ import annotations

import shutil
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

from dossiergen.batch import press_board
from dossiergen.batch.build import Result, build
from dossiergen.cli.main import main
from dossiergen.config.paths import ProjectPaths
from dossiergen.errors import TemplateError
from dossiergen.models import Lang
from dossiergen.records.record import Record
from dossiergen.render.context import RenderContext

from .conftest import ROOT, copy_directory

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
KO_ONLY = {"press": ("ko",), "project": (), "minutes": ()}
NO_PDFS = {"press": (), "project": (), "minutes": ()}
EMOTO, GNZC = "kh-emoto-press-2025-07-21", "gnzc-2024-press"


class Board(HTMLParser):
    """The rows of the board: each row's id, the text of each cell and its links."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict[str, object]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "tr" and attributes.get("id"):
            self.rows.append({"id": attributes["id"], "cells": [], "links": []})
        elif self.rows and tag == "td":
            self._cell = []
            self.rows[-1]["cells"].append(self._cell)  # type: ignore[union-attr]
        elif self.rows and tag == "a":
            self.rows[-1]["links"].append(attributes["href"])  # type: ignore[union-attr]

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None and data.strip():
            self._cell.append(data.strip())


def _board(out: Path) -> list[dict[str, object]]:
    parser = Board()
    parser.feed((out / "press" / "index.html").read_text(encoding="utf-8"))
    return parser.rows


def _project(root: Path, *folders: str) -> ProjectPaths:
    shutil.copytree(ROOT / "templates", root / "templates")
    shutil.copytree(ROOT / "locales", root / "locales")
    for folder in folders:
        shutil.copytree(ROOT / "dossiers" / folder, root / "dossiers" / folder)
    copy_directory(root / "dossiers")
    return ProjectPaths(root)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[ProjectPaths, list[Result]]:
    """Both sample notices (and the project record they quote) built in Korean."""
    project = _project(tmp_path_factory.mktemp("press"), "kh-emoto", "gnzc-2024")
    results = build([project.root / "dossiers"], project.root / "build", project, lang_sets=KO_ONLY)
    assert all(result.ok for result in results), [str(result.error) for result in results]
    return project, results


def test_the_board_lists_both_notices_newest_first_with_links_to_their_pdfs(
        built: tuple[ProjectPaths, list[Result]]) -> None:
    project, _ = built
    out = project.root / "build"
    rows = _board(out)
    assert [row["id"] for row in rows] == [EMOTO, GNZC]
    emoto, gnzc = (row["cells"] for row in rows)
    assert emoto[0] == ["2"] and gnzc[0] == ["1"]  # numbered from the oldest up, as Korean boards are
    assert emoto[1] == ["한국 첫 국제탄소감축사업 승인, 캄보디아와 온실가스 감축협력 본격화",
                        "Korea's first international carbon mitigation project approved; greenhouse gas"
                        " cooperation with Cambodia gets fully under way"]
    assert emoto[2] == ["투자정책관실", "Office of the Director-General for Investment Policy"]
    assert emoto[3] == ["2025. 7. 21.(월) 12:00", "Monday 21 July 2025 12:00"]
    assert gnzc[1][0].startswith("산업부, 2024 글로벌 넷제로 커넥션 개최") and gnzc[2][0] == "통상교섭본부 통상협력국"
    assert gnzc[3] == ["2024. 6. 23.(일) 12:00", "Sunday 23 June 2024 12:00"]
    assert [row["links"] for row in rows] == [[f"../{EMOTO}.ko.pdf"], [f"../{GNZC}.ko.pdf"]]
    for row in rows:
        for href in row["links"]:  # type: ignore[attr-defined]
            assert (out / "press" / href).resolve().is_file()
    page = (out / "press" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ko">' in page and "보도자료 목록" in page and 'href="atom.xml"' in page


def test_the_feed_is_atom_with_an_entry_per_notice_newest_first(built: tuple[ProjectPaths, list[Result]]) -> None:
    project, _ = built
    out = project.root / "build"
    feed = ElementTree.parse(out / "press" / "atom.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}id") for entry in entries] == [f"tag:dossiergen,2025:{EMOTO}",
                                                                  f"tag:dossiergen,2025:{GNZC}"]
    assert [entry.findtext(f"{ATOM}updated") for entry in entries] == ["2025-07-21T12:00:00+09:00",
                                                                       "2024-06-23T12:00:00+09:00"]
    assert feed.findtext(f"{ATOM}updated") == "2025-07-21T12:00:00+09:00"  # the newest notice, not the clock
    title = entries[0].find(f"{ATOM}title")
    assert title is not None and title.get(XML_LANG) == "ko"
    assert title.text == "한국 첫 국제탄소감축사업 승인, 캄보디아와 온실가스 감축협력 본격화"
    assert entries[0].findtext(f"{ATOM}author/{ATOM}name") == "산업통상자원부 투자정책관실"
    terms = [c.get("term") for c in entries[0].findall(f"{ATOM}category")]
    assert terms == ["press-releases", "international-mitigation"]
    assert entries[0].findtext(f"{ATOM}summary", "").startswith("산업통상자원부(장관 김정관)는 캄보디아 정부가")
    pdfs = [link.attrib for link in entries[0].findall(f"{ATOM}link") if link.get("type") == "application/pdf"]
    assert pdfs == [{"rel": "alternate", "type": "application/pdf", "hreflang": "ko",
                     "href": f"../{EMOTO}.ko.pdf", "title": "한국어"}]
    assert (out / "press" / pdfs[0]["href"]).resolve().is_file()
    for entry in entries:
        assert entry.findtext(f"{ATOM}title") and entry.findtext(f"{ATOM}published") == entry.findtext(f"{ATOM}updated")


def test_a_second_build_leaves_the_board_and_the_feed_as_they_are(built: tuple[ProjectPaths, list[Result]]) -> None:
    project, _ = built
    out = project.root / "build"
    files = [out / "press" / "index.html", out / "press" / "atom.xml"]
    before = [(path.read_bytes(), path.stat().st_mtime_ns) for path in files]
    results = build([project.root / "dossiers"], out, project, lang_sets=KO_ONLY)
    assert {result.status for result in results} == {"skipped"}
    assert [(path.read_bytes(), path.stat().st_mtime_ns) for path in files] == before


def test_the_same_notices_make_the_same_bytes_in_another_folder(built: tuple[ProjectPaths, list[Result]],
                                                                tmp_path: Path) -> None:
    project, _ = built
    first = build([project.root / "dossiers"], tmp_path / "one", project, lang_sets=NO_PDFS)
    second = build([project.root / "dossiers"], tmp_path / "two", project, lang_sets=NO_PDFS)
    assert first == second == []
    for name in ("index.html", "atom.xml"):
        assert (tmp_path / "one" / "press" / name).read_bytes() == (tmp_path / "two" / "press" / name).read_bytes()


def test_the_board_builds_the_context_of_each_notice_once(built: tuple[ProjectPaths, list[Result]], tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    project, _ = built
    real_build_context = press_board.build_context
    built_for: Counter[str] = Counter()

    def counting(record: Record, langs: tuple[Lang, ...], **options: Any) -> RenderContext:
        built_for[record.id] += 1
        return real_build_context(record, langs, **options)

    monkeypatch.setattr(press_board, "build_context", counting)
    assert build([project.root / "dossiers"], tmp_path / "build", project, lang_sets=NO_PDFS) == []
    assert built_for == {EMOTO: 1, GNZC: 1}


def test_a_hostile_headline_is_text_in_the_board_and_the_feed(tmp_path: Path) -> None:
    project = _project(tmp_path, "gnzc-2024")
    record = project.root / "dossiers" / "gnzc-2024" / "press.yaml"
    hostile = '<script>alert("x")</script> & <b>bold</b> ]]> {{ 7*7 }}'
    shown = hostile.replace("{{", "{").replace("}}", "}")  # a record writes a literal brace twice
    text = record.read_text(encoding="utf-8")
    text = text.replace('release: "2024-06-23T12:00:00+09:00"', 'release: "2024-06-23T12:00:00"')  # naive: Seoul
    headline = text.index("headline:\n  ko: ") + len("headline:\n  ko: ")
    text = text[:headline] + "'" + hostile.replace("'", "''") + "'" + text[text.index("\n", headline):]
    record.write_text(text, encoding="utf-8")
    assert build([project.root / "dossiers"], tmp_path / "build", project, lang_sets=NO_PDFS) == []
    page = (tmp_path / "build" / "press" / "index.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page
    assert _board(tmp_path / "build")[0]["cells"][1][0] == shown  # type: ignore[index]
    raw = (tmp_path / "build" / "press" / "atom.xml").read_bytes()
    assert b"<script>" not in raw
    entry = ElementTree.fromstring(raw).find(f"{ATOM}entry")
    assert entry is not None and entry.findtext(f"{ATOM}title") == shown
    assert entry.findtext(f"{ATOM}updated") == "2024-06-23T12:00:00+09:00"
    assert [link.get("type") for link in entry.findall(f"{ATOM}link")] == ["text/html"]  # no PDFs: the board's row


def test_a_failing_notice_is_listed_without_links_and_a_broken_record_is_left_out(tmp_path: Path) -> None:
    project = _project(tmp_path, "gnzc-2024")
    records = project.root / "dossiers"
    source = (records / "gnzc-2024" / "press.yaml").read_text(encoding="utf-8")
    (records / "copy").mkdir()
    # the same notice without its Khmer headline: the board (Korean, English) can show it, a km+en PDF cannot
    headline = source.index("headline:")
    km = source.index("\n  km: ", headline)
    copy = source[:km] + source[source.index("\n", km + 1):]
    (records / "copy" / "press.yaml").write_text(
        copy.replace("id: gnzc-2024-press", "id: copy-press").replace("2024-06-23T12:00:00", "2024-06-24T09:00:00"),
        encoding="utf-8")
    (records / "broken").mkdir()
    (records / "broken" / "press.yaml").write_text("kind: press\nid: broken-press\nheadline: [\n", encoding="utf-8")
    results = build([records], tmp_path / "build", project,
                    lang_sets={"press": ("km+en",), "project": (), "minutes": ()})
    assert sorted((result.source.parent.name, result.status) for result in results) == [
        ("broken", "failed"), ("copy", "failed"), ("gnzc-2024", "written")]
    assert "headline.km" in next(str(result.error) for result in results if result.source.parent.name == "copy")
    rows = _board(tmp_path / "build")
    assert [(row["id"], row["links"]) for row in rows] == [("copy-press", []), (GNZC, [f"../{GNZC}.km-en.pdf"])]
    feed = ElementTree.parse(tmp_path / "build" / "press" / "atom.xml").getroot()
    assert [entry.findtext(f"{ATOM}id") for entry in feed.findall(f"{ATOM}entry")] == [
        "tag:dossiergen,2025:copy-press", f"tag:dossiergen,2025:{GNZC}"]


def test_a_broken_board_template_fails_like_one_more_output(tmp_path: Path) -> None:
    project = _project(tmp_path, "gnzc-2024")
    (project.templates / "press" / "index.html").write_text("{% for %}\n", encoding="utf-8")
    results = build([project.root / "dossiers"], tmp_path / "build", project, lang_sets=NO_PDFS)
    assert [(result.output, result.status) for result in results] == [
        (tmp_path / "build" / "press" / "index.html", "failed")]
    assert isinstance(results[0].error, TemplateError) and "index.html:1" in str(results[0].error)
    assert not (tmp_path / "build" / "press").exists()


def test_a_build_without_press_notices_writes_no_board(tmp_path: Path) -> None:
    project = _project(tmp_path, "vn-landfill-gas")
    assert build([project.root / "dossiers"], tmp_path / "build", project, lang_sets=NO_PDFS) == []
    assert not (tmp_path / "build" / "press").exists()


def test_the_command_says_when_it_wrote_the_board(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(ROOT / "dossiers" / "gnzc-2024", tmp_path / "records" / "gnzc-2024")
    (tmp_path / "dossiergen.toml").write_text(
        '[build]\nsource = "records"\noutput = "out"\n\n[outputs]\npress = ["ko"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    first = CliRunner().invoke(main, ["build", "-j", "1"])
    assert first.exit_code == 0, first.output
    assert first.stdout.splitlines()[-2:] == ["wrote out/press/index.html, out/press/atom.xml (1 notice)",
                                              "1 written, 0 unchanged, 0 failed, in out/"]
    again = CliRunner().invoke(main, ["build", "-j", "1"])
    assert again.stdout.splitlines() == ["skipped out/gnzc-2024-press.ko.pdf",
                                         "0 written, 1 unchanged, 0 failed, in out/"]
