"""The live preview in a real browser: Debian's Chromium, driven by Playwright."""

from __future__ import annotations

import json
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
from playwright.sync_api import Browser, Page, expect, sync_playwright

from dossiergen.cli.main import main
from dossiergen.config.paths import ProjectPaths
from dossiergen.preview import PreviewServer
from dossiergen.records.loading import load_record
from dossiergen.render.context import build_context

from .conftest import ROOT

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
    process = subprocess.Popen([sys.executable, "-m", "dossiergen", "preview", str(record), "--port", "0",
                                "--no-browser"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
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
            process.kill()  # not left running into the next tests
            process.communicate()
            raise
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
