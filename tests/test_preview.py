"""The live preview in a real browser (Debian's Chromium, driven by Playwright), and what a save costs it.

What a save costs is counted, never timed (issue 19, point 5): ``Renderings.renders`` counts the
documents rendered and ``Renderings.draws`` the pages drawn; what is served is checked against the
PDF itself (poppler's own drawing and text of each page).
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from PIL import Image
from playwright.sync_api import Browser, Page, expect, sync_playwright

from dossiergen import render_document
from dossiergen.cli.main import main
from dossiergen.config.paths import ProjectPaths
from dossiergen.preview import PreviewServer, Renderings
from dossiergen.preview.pages import PAGE_DPI
from dossiergen.records.loading import load_record
from dossiergen.render.context import build_context

from .conftest import ROOT, as_on_a_terminal

SAVE_SHOWN_WITHIN_MS = 15_000
"""How long the test waits for a save to show: generous, the machine is shared (the aim is a second)."""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    chromium = shutil.which("chromium")
    assert chromium, "chromium is installed by scripts/install-system-packages.sh"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        yield browser
        browser.close()


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


@pytest.fixture
def server(record: Path, project: ProjectPaths, request: pytest.FixtureRequest) -> Iterator[PreviewServer]:
    server = PreviewServer(record, request.param if hasattr(request, "param") else "ko", project, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


def _headlines(record: Path) -> dict[str, str]:
    """The headline in each language, its figures filled in, as the document prints it."""
    ctx = build_context(load_record(record), ("ko", "km", "en"))
    return dict(ctx.text(ctx.record.data.headline))  # type: ignore[union-attr]


@pytest.mark.parametrize("server", ["ko+en"], indirect=True)
def test_the_page_shows_the_headline_in_each_language_of_the_set(server: PreviewServer, record: Path,
                                                                 page: Page) -> None:
    headline = _headlines(record)
    page.goto(server.url)
    expect(page.locator("#titles p[lang=ko]")).to_have_text(headline["ko"])
    expect(page.locator("#titles p[lang=en]")).to_have_text(headline["en"])
    expect(page.locator("#lang")).to_have_value("ko+en")
    assert page.locator("#pages img").count() >= 2
    page.select_option("#lang", "km+en")
    expect(page.locator("#titles p[lang=km]")).to_have_text(headline["km"])
    expect(page.locator("#titles p[lang=en]")).to_have_text(headline["en"])
    assert "lang=km%2Ben" in page.url or "lang=km+en" in page.url


def test_a_save_refreshes_the_page_and_a_bad_save_shows_the_error_over_the_last_good_pages(
        server: PreviewServer, record: Path, page: Page) -> None:
    page.goto(server.url)
    expect(page.locator("#titles p[lang=ko]")).to_have_text(_headlines(record)["ko"])
    text = record.read_text(encoding="utf-8")
    typed = yaml.safe_load(text)["headline"]["ko"]
    record.write_text(text.replace(typed, "미리보기 제목 변경"), encoding="utf-8")
    expect(page.locator("#titles p[lang=ko]")).to_have_text("미리보기 제목 변경", timeout=SAVE_SHOWN_WITHIN_MS)
    pages = page.locator("#pages img").count()

    record.write_text(text.replace("ministry:", "ministri:", 1), encoding="utf-8")  # a typo in a field name
    errors = page.locator("#error-lines li")
    expect(errors.first).to_contain_text(f"{record}:", timeout=SAVE_SHOWN_WITHIN_MS)
    expect(page.locator("#errors")).to_be_visible()
    assert any("ministri: unknown field" in line for line in errors.all_inner_texts())
    expect(page.locator("#titles p[lang=ko]")).to_have_text("미리보기 제목 변경")  # the last good rendering stays
    expect(page.locator("#pages img")).to_have_count(pages)

    record.write_text(text, encoding="utf-8")
    expect(page.locator("#errors")).to_be_hidden(timeout=SAVE_SHOWN_WITHIN_MS)
    expect(page.locator("#titles p[lang=ko]")).to_have_text(_headlines(record)["ko"])


def test_the_download_button_returns_the_pdf(server: PreviewServer, page: Page) -> None:
    page.goto(server.url)
    expect(page.locator("#download")).to_have_attribute("aria-disabled", "false")
    with page.expect_download() as download:
        page.click("#download")
    path = download.value.path()
    assert Path(path).read_bytes().startswith(b"%PDF-")
    assert download.value.suggested_filename == "press.ko.pdf"


def test_a_template_save_refreshes_the_page_too(server: PreviewServer, page: Page) -> None:
    """Templates are watched: a changed stylesheet shows without touching the record."""
    page.goto(server.url)
    expect(page.locator("#pages img").first).to_be_visible()
    pages = page.locator("#pages img").count()
    version = int(page.evaluate("document.body.dataset.version"))
    css = server.paths.templates / "css" / "print.css"
    # every element: the Korean press measures set their sizes in points on the columns, not through body
    css.write_text(css.read_text(encoding="utf-8") + "\nhtml * { font-size: 30pt !important; }\n", encoding="utf-8")
    page.wait_for_function(f"Number(document.body.dataset.version) > {version}", timeout=SAVE_SHOWN_WITHIN_MS)
    expect(page.locator("#pages img")).not_to_have_count(pages, timeout=SAVE_SHOWN_WITHIN_MS)  # bigger type, more pages


def test_the_command_serves_until_ctrl_c_and_says_where(record: Path) -> None:
    # PYTHONFAULTHANDLER: a preview that does not stop is aborted below, and says where each of its threads was
    process = subprocess.Popen([sys.executable, "-m", "dossiergen", "preview", str(record), "--port", "0",
                                "--no-browser"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONFAULTHANDLER": "1"}, preexec_fn=as_on_a_terminal)
    try:
        line = process.stdout.readline()  # type: ignore[union-attr]
        url = re.search(r"at (http://127\.0\.0\.1:\d+/\?lang=ko%2Ben) ", line)
        assert url, line
        with urllib.request.urlopen(url[1].replace("/?", "/state?"), timeout=60) as response:
            state = json.load(response)
        assert state["record"] == "press.yaml" and state["errors"] == [] and state["pages"]
    finally:
        process.send_signal(signal.SIGINT)
        try:  # a render under way finishes first: on a loaded machine that takes a while
            out, err = process.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGABRT)  # not left running into the next tests
            out, err = process.communicate(timeout=60)
            pytest.fail(f"the preview did not stop within 120 s of Ctrl-C; its threads then:\n{err}")
    assert process.returncode == 0 and out == "preview stopped\n" and err == ""


def test_a_bad_language_set_or_a_busy_port_is_one_line(record: Path) -> None:
    result = CliRunner().invoke(main, ["preview", str(record), "--lang", "ko+fr", "--no-browser"])
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1 and "ko+fr" in result.stderr
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(main, ["preview", str(record), "--port", str(port), "--no-browser"])
    assert result.exit_code == 2
    assert result.stderr == f"--port {port}: Address already in use\n"


# --- what a save costs --------------------------------------------------------------------------

def _show_every_page(renderings: Renderings, lang_set: str) -> list[bytes]:
    """What a page scrolled to the end asks for: every page's image."""
    good = renderings.get(lang_set).good
    assert good is not None
    images = [renderings.page_image(lang_set, number) for number in range(1, len(good.digests) + 1)]
    assert all(image is not None for image in images)
    return [image[0] for image in images if image is not None]


def _pixels(png: bytes) -> tuple[tuple[int, int], bytes]:
    """What a PNG shows: its size and its pixels, whatever compressed them."""
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG"
        return image.size, image.convert("RGB").tobytes()


def _poppler(pdf: bytes, tmp_path: Path) -> tuple[list[tuple[tuple[int, int], bytes]], list[str]]:
    """Every page of ``pdf`` drawn (as pixels) and read by poppler, the whole file at once."""
    source = tmp_path / "shown.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(PAGE_DPI), "-png", str(source), str(tmp_path / "page")], check=True)
    images = sorted(tmp_path.glob("page-*.png"), key=lambda path: int(path.stem.rsplit("-", 1)[1]))
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", str(source), "-"], check=True,
                          capture_output=True, text=True).stdout
    return [_pixels(path.read_bytes()) for path in images], text.split("\f")[:len(images)]


def test_the_first_page_is_drawn_with_its_rendering_and_never_again(record: Path, project: ProjectPaths) -> None:
    """The page opens on the first page: its image is ready when the page is told (drawn while the texts are
    read), and asking for it draws nothing more; the other pages wait to be asked for."""
    renderings = Renderings(record, project)
    good = renderings.get("ko").good
    assert good is not None and len(good.digests) >= 2
    assert renderings.draws == 1 and set(renderings.images) == {good.digests[0]}
    assert renderings.page_image("ko", 1) == (renderings.images[good.digests[0]], good.digests[0])
    assert renderings.draws == 1
    renderings.page_image("ko", 2)
    assert renderings.draws == 2


def test_saves_keep_the_fonts_and_give_the_bytes_of_a_render(record: Path, project: ProjectPaths) -> None:
    """Every save's typesetting uses the fonts the first one loaded, and its PDF is byte for byte a render's."""
    renderings = Renderings(record, project)
    renderings.get("ko")
    config = renderings.fonts.config
    text, headline = record.read_text(encoding="utf-8"), "글꼴을 다시 읽지 않는 저장"
    record.write_text(text.replace(yaml.safe_load(text)["headline"]["ko"], headline), encoding="utf-8")
    renderings.refresh()
    after = renderings.get("ko").good
    assert after is not None and renderings.renders == 2 and headline in after.texts[0]
    assert config is not None and renderings.fonts.config is config
    assert after.pdf == render_document(load_record(record), ("ko",), paths=project)
    renderings.close()


def test_the_preview_removes_its_fonts_folder_when_it_stops(record: Path, project: ProjectPaths) -> None:
    server = PreviewServer(record, "ko", project, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        assert server.state("ko")["pages"]
        folder = Path(getattr(server.renderings.fonts.config, "_folder"))  # noqa: B009 - WeasyPrint's, private
        assert folder.is_dir()
    finally:
        server.shutdown()
        thread.join(timeout=30)
    assert not thread.is_alive() and not folder.exists()


def test_a_comment_only_save_renders_and_draws_nothing(record: Path, project: ProjectPaths) -> None:
    renderings = Renderings(record, project)
    before = renderings.get("ko").good
    _show_every_page(renderings, "ko")
    renders, draws, version = renderings.renders, renderings.draws, renderings.version
    assert before is not None and renders == 1 and draws == len(before.digests)

    record.write_text(record.read_text(encoding="utf-8") + "\n# a note to the next editor\n", encoding="utf-8")
    renderings.refresh()
    _show_every_page(renderings, "ko")
    assert renderings.renders == renders and renderings.draws == draws
    assert renderings.get("ko").good == before
    assert renderings.version == version + 1  # the page is told the save was seen


def test_a_change_on_one_page_redraws_that_page_only_and_serves_it_right(record: Path, project: ProjectPaths,
                                                                         tmp_path: Path) -> None:
    renderings = Renderings(record, project)
    before = renderings.get("ko").good
    assert before is not None and len(before.digests) >= 2
    _show_every_page(renderings, "ko")
    renders, draws = renderings.renders, renderings.draws

    css = project.templates / "css" / "print.css"  # the headline, on the first page only, in red
    css.write_text(css.read_text(encoding="utf-8") + "\nh1 { color: #a4161a !important; }\n", encoding="utf-8")
    renderings.refresh()
    after = renderings.get("ko").good
    assert after is not None and renderings.renders == renders + 1
    changed = [number for number, (old, new) in enumerate(zip(before.digests, after.digests, strict=True), start=1)
               if old != new]
    assert changed == [1]
    shown = _show_every_page(renderings, "ko")
    assert renderings.draws == draws + 1
    images, texts = _poppler(after.pdf, tmp_path)
    assert [_pixels(png) for png in shown] == images and list(after.texts) == texts


def test_a_text_change_shows_the_new_pages_and_texts_and_undone_renders_nothing(record: Path, project: ProjectPaths,
                                                                                 tmp_path: Path) -> None:
    renderings = Renderings(record, project)
    _show_every_page(renderings, "ko")
    first = renderings.get("ko").good
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace(yaml.safe_load(text)["headline"]["ko"], "미리보기 제목 변경"), encoding="utf-8")
    renderings.refresh()
    after = renderings.get("ko").good
    assert after is not None
    shown = _show_every_page(renderings, "ko")
    images, texts = _poppler(after.pdf, tmp_path)
    assert [_pixels(png) for png in shown] == images and list(after.texts) == texts
    assert "미리보기 제목 변경" in after.texts[0]

    renders, draws = renderings.renders, renderings.draws
    record.write_text(text, encoding="utf-8")  # undone: the rendering of the save before is kept
    renderings.refresh()
    _show_every_page(renderings, "ko")
    assert renderings.renders == renders and renderings.get("ko").good == first
    assert renderings.draws == draws + len(after.digests)  # their images were not: those on show are


def test_a_page_asked_for_by_its_digest_may_be_kept_by_the_browser(server: PreviewServer) -> None:
    base = server.url.split("/?")[0]
    good = server.renderings.get("ko").good
    assert good is not None
    with urllib.request.urlopen(f"{base}/page/1.png?lang=ko&key={good.digests[0]}", timeout=120) as response:
        assert "immutable" in response.headers["Cache-Control"]
        assert response.read() == server.renderings.images[good.digests[0]]
    with urllib.request.urlopen(f"{base}/page/1.png?lang=ko&key={good.digests[1]}", timeout=120) as response:
        assert response.headers["Cache-Control"] == "no-store"  # not that page's digest: not to be kept
