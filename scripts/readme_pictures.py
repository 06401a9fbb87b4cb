"""Make the README's pictures from the samples, or check that they are current.

    .venv/bin/python scripts/readme_pictures.py            # write docs/dossier-ko-km-en-page3.png and docs/preview.png
    .venv/bin/python scripts/readme_pictures.py --check    # exit 1 when the dossier page is not what renders today

The dossier page is page 3 of ``dossiers/kh-emoto/project.yaml`` in Korean, Khmer and English, drawn by
``pdftoppm`` at 72 dpi (an A4 page is 596 × 842 pixels), with ``SOURCE_DATE_EPOCH`` fixed as
``sample_hashes.py`` fixes it. The preview screenshot needs Chromium and Playwright
(``preview-screenshot.py``) and is only written, never checked: a browser's pixels vary with more than
the project's files.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOSSIER_PAGE = ROOT / "docs" / "dossier-ko-km-en-page3.png"
EPOCH = "1753056000"  # as in sample_hashes.py


def dossier_page() -> bytes:
    """The PNG of page 3 of the sample dossier in ko+km+en, rendered through the command line."""
    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "dossier.pdf"
        subprocess.run([str(bin_dir / "dossiergen"), "render", str(ROOT / "dossiers" / "kh-emoto" / "project.yaml"),
                        "--lang", "ko+km+en", "-o", str(pdf)], check=True, cwd=ROOT, capture_output=True,
                       env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH})
        subprocess.run(["pdftoppm", "-r", "72", "-f", "3", "-l", "3", "-singlefile", "-png", str(pdf),
                        str(Path(folder) / "page")], check=True)
        return (Path(folder) / "page.png").read_bytes()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="check the dossier page instead of writing")
    parser.add_argument("--no-preview", action="store_true", help="do not take the preview screenshot")
    args = parser.parse_args()
    page = dossier_page()
    if args.check:
        if DOSSIER_PAGE.read_bytes() != page:
            print(f"{DOSSIER_PAGE.relative_to(ROOT)} is not what renders today: run scripts/readme_pictures.py")
            return 1
        print(f"{DOSSIER_PAGE.relative_to(ROOT)} is current")
        return 0
    DOSSIER_PAGE.write_bytes(page)
    print(f"wrote {DOSSIER_PAGE.relative_to(ROOT)}")
    if not args.no_preview:
        subprocess.run([sys.executable, str(ROOT / "scripts" / "preview-screenshot.py")], check=True, cwd=ROOT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
