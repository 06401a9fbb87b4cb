"""A save costs the preview only what it changed (issue 19, point 5): counted, never timed.

``Renderings.writer.runs`` counts WeasyPrint runs and ``Renderings.draws`` the pages drawn; what is
served is checked against the PDF itself (poppler's own drawing and text of each page).
"""

from __future__ import annotations

import shutil
import subprocess
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from dossiergen.config.paths import ProjectPaths
from dossiergen.preview import PreviewServer, Renderings
from dossiergen.preview.pages import PAGE_DPI

from .conftest import ROOT


@pytest.fixture
def record(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "dossiers" / "gnzc-2024", tmp_path / "gnzc-2024")
    return tmp_path / "gnzc-2024" / "press.yaml"


@pytest.fixture
def project(tmp_path: Path) -> ProjectPaths:
    """Templates and catalogs of its own, free to change."""
    shutil.copytree(ROOT / "templates", tmp_path / "project" / "templates")
    shutil.copytree(ROOT / "locales", tmp_path / "project" / "locales")
    return ProjectPaths(tmp_path / "project")


def _show_every_page(renderings: Renderings, lang_set: str) -> list[bytes]:
    """What a page scrolled to the end asks for: every page's image."""
    good = renderings.get(lang_set).good
    assert good is not None
    images = [renderings.page_image(lang_set, number) for number in range(1, len(good.digests) + 1)]
    assert all(image is not None for image in images)
    return [image[0] for image in images if image is not None]


def _poppler(pdf: bytes, tmp_path: Path) -> tuple[list[bytes], list[str]]:
    """Every page of ``pdf`` drawn and read by poppler, the whole file at once."""
    source = tmp_path / "shown.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(PAGE_DPI), "-png", str(source), str(tmp_path / "page")], check=True)
    images = sorted(tmp_path.glob("page-*.png"), key=lambda path: int(path.stem.rsplit("-", 1)[1]))
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", str(source), "-"], check=True,
                          capture_output=True, text=True).stdout
    return [path.read_bytes() for path in images], text.split("\f")[:len(images)]


def test_a_comment_only_save_typesets_and_draws_nothing(record: Path, project: ProjectPaths) -> None:
    renderings = Renderings(record, project)
    before = renderings.get("ko").good
    _show_every_page(renderings, "ko")
    runs, draws, version = renderings.writer.runs, renderings.draws, renderings.version
    assert before is not None and runs >= 1 and draws == len(before.digests)

    record.write_text(record.read_text(encoding="utf-8") + "\n# a note to the next editor\n", encoding="utf-8")
    renderings.refresh()
    _show_every_page(renderings, "ko")
    assert renderings.writer.runs == runs and renderings.draws == draws
    assert renderings.get("ko").good == before
    assert renderings.version == version + 1  # the page is told the save was seen


def test_a_change_on_one_page_redraws_that_page_only_and_serves_it_right(record: Path, project: ProjectPaths,
                                                                         tmp_path: Path) -> None:
    renderings = Renderings(record, project)
    before = renderings.get("ko").good
    assert before is not None and len(before.digests) >= 2
    _show_every_page(renderings, "ko")
    runs, draws = renderings.writer.runs, renderings.draws

    css = project.templates / "css" / "print.css"  # the headline, on the first page only, in red
    css.write_text(css.read_text(encoding="utf-8") + "\nh1 { color: #a4161a !important; }\n", encoding="utf-8")
    renderings.refresh()
    after = renderings.get("ko").good
    assert after is not None and renderings.writer.runs > runs
    changed = [number for number, (old, new) in enumerate(zip(before.digests, after.digests, strict=True), start=1)
               if old != new]
    assert changed == [1]
    shown = _show_every_page(renderings, "ko")
    assert renderings.draws == draws + 1
    images, texts = _poppler(after.pdf, tmp_path)
    assert shown == images and list(after.texts) == texts


def test_a_text_change_shows_the_new_pages_and_texts(record: Path, project: ProjectPaths, tmp_path: Path) -> None:
    renderings = Renderings(record, project)
    _show_every_page(renderings, "ko")
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace(yaml.safe_load(text)["headline"]["ko"], "미리보기 제목 변경"), encoding="utf-8")
    renderings.refresh()
    after = renderings.get("ko").good
    assert after is not None
    shown = _show_every_page(renderings, "ko")
    images, texts = _poppler(after.pdf, tmp_path)
    assert shown == images and list(after.texts) == texts
    assert "미리보기 제목 변경" in after.texts[0]


@pytest.fixture
def server(record: Path, project: ProjectPaths) -> Iterator[PreviewServer]:
    server = PreviewServer(record, "ko", project, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    thread.join(timeout=10)


def test_a_page_asked_for_by_its_digest_may_be_kept_by_the_browser(server: PreviewServer) -> None:
    base = server.url.split("/?")[0]
    good = server.renderings.get("ko").good
    assert good is not None
    with urllib.request.urlopen(f"{base}/page/1.png?lang=ko&key={good.digests[0]}", timeout=120) as response:
        assert "immutable" in response.headers["Cache-Control"]
        assert response.read() == server.renderings.images[good.digests[0]]
    with urllib.request.urlopen(f"{base}/page/1.png?lang=ko&key={good.digests[1]}", timeout=120) as response:
        assert response.headers["Cache-Control"] == "no-store"  # not that page's digest: not to be kept
