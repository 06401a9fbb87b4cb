"""Take the README's screenshot of `dossiergen preview` (docs/preview.png) in Debian's Chromium.

    .venv/bin/python scripts/preview-screenshot.py    (or scripts/readme_pictures.py, which makes both README pictures)
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from dossiergen.config.paths import default_paths
from dossiergen.preview import PreviewServer

ROOT = Path(__file__).resolve().parents[1]

server = PreviewServer(ROOT / "dossiers" / "kh-emoto" / "press-2025-07-21.yaml", "ko+en", default_paths(), port=0)
thread = threading.Thread(target=server.serve_forever, daemon=True)
thread.start()
with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(server.url)
    expect(page.locator("#pages img").first).to_be_visible()
    # the pages are drawn when scrolled to (loading="lazy"): wait for those in the window only
    page.wait_for_function("[...document.images].filter((image) => image.getBoundingClientRect().top < innerHeight)"
                           ".every((image) => image.complete && image.naturalWidth > 0)")
    page.screenshot(path=str(ROOT / "docs" / "preview.png"))
    browser.close()
server.shutdown()
thread.join()
print("wrote docs/preview.png")
