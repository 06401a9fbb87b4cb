"""SHA-256 of every sample output, rendered reproducibly: record them, or check that they still hold.

    .venv/bin/python scripts/sample_hashes.py            # check against tests/data/sample-outputs.sha256
    .venv/bin/python scripts/sample_hashes.py --write    # record them anew (say why in the commit)

Every PDF of ``dossiergen build`` of the samples, each press notice's web post in each language
and the Word export of each press notice and minutes, with ``SOURCE_DATE_EPOCH`` fixed. The file
also records what else decides the bytes (dossiergen's version string, WeasyPrint, Pango, the
font files); the check only means something where those are the same, so it says when they are
not. Where a file differs, it says whether its pages still look the same (pdftoppm) and read the
same (pdftotext), so that a change of bytes alone (an /ID from the HTML) is told from a change
of what prints.

Only the command line is used, so the script works on any version of the package.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HASHES = ROOT / "tests" / "data" / "sample-outputs.sha256"
EPOCH = "1753056000"  # 2025-07-21 00:00 UTC, the day of the Phnom Penh ceremony
SAMPLES = ROOT / "dossiers"
FONTS = ("NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf",
         "NanumMyeongjo.ttf", "NanumMyeongjoBold.ttf", "NanumGothic.ttf", "NanumGothicBold.ttf",
         "NotoSerifKhmer-Regular.ttf", "NotoSerifKhmer-Bold.ttf", "NotoSansKhmer-Regular.ttf",
         "NotoSansKhmer-Bold.ttf")
FONT_DIRS = (Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts/truetype/nanum"))


def _dossiergen() -> list[str]:
    venv = ROOT / ".venv" / "bin" / "dossiergen"
    return [str(venv)] if venv.exists() else ["dossiergen"]


def _python() -> str:
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def environment() -> list[str]:
    """What decides the bytes besides the sources: versions and font files."""
    probe = ("import weasyprint, importlib.metadata as m; from weasyprint.text.ffi import pango;"
             "print(m.version('dossiergen')); print(weasyprint.__version__); print(pango.pango_version_string()"
             " if hasattr(pango, 'pango_version_string') else '?')")
    out = subprocess.run([_python(), "-c", probe], capture_output=True, text=True, check=True).stdout.split("\n")
    fonts = hashlib.sha256()
    for name in FONTS:
        found = next((folder / name for folder in FONT_DIRS if (folder / name).is_file()), None)
        fonts.update(name.encode() + (found.read_bytes() if found else b"missing"))
    return [f"dossiergen {out[0]}", f"weasyprint {out[1]}", f"fonts {fonts.hexdigest()[:16]}"]


def render_all(folder: Path) -> dict[str, Path]:
    """Every sample output into ``folder``; name -> path."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    env.pop("DOSSIERGEN_ROOT", None)
    subprocess.run([*_dossiergen(), "build", "--force", "-q", "-j", "2", "-o", str(folder), str(SAMPLES)],
                   check=True, env=env, cwd=ROOT)
    for record in sorted(SAMPLES.rglob("*.yaml")):
        kind = next((line.split(":", 1)[1].strip() for line in record.read_text(encoding="utf-8").splitlines()
                     if line.startswith("kind:")), None)
        stem = record.parent.name + "-" + record.stem
        if kind == "press":
            for lang in ("ko", "km", "en"):
                subprocess.run([*_dossiergen(), "render", str(record), "--format", "post", "--lang", lang,
                                "-o", str(folder / f"{stem}.{lang}.md")], check=True, env=env, cwd=ROOT,
                               stdout=subprocess.DEVNULL)
        if kind in ("press", "minutes"):
            subprocess.run([*_dossiergen(), "render", str(record), "--format", "docx", "--lang", "ko+en",
                            "-o", str(folder / f"{stem}.ko-en.docx")], check=True, env=env, cwd=ROOT,
                           stdout=subprocess.DEVNULL)
    return {path.name: path for path in sorted(folder.iterdir())
            if path.is_file() and path.suffix in (".pdf", ".md", ".docx")}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _pages(pdf: Path, work: Path) -> list[str]:
    prefix = work / pdf.stem
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(prefix)], check=True)
    pages = sorted(work.glob(f"{pdf.stem}-*.png"))
    hashes = [digest(page) for page in pages]
    for page in pages:
        page.unlink()
    return hashes


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def compare(old: Path, new: Path, work: Path) -> str:
    """How two PDFs of one sample differ: in bytes only, or in what prints."""
    same_text = _text(old) == _text(new)
    same_pages = _pages(old, work) == _pages(new, work)
    if same_text and same_pages:
        return "same pages and text, other bytes"
    return ("same text, pages look different" if same_text
            else "pages look the same, text differs" if same_pages else "pages and text differ")


def read_hashes() -> tuple[list[str], dict[str, str]]:
    env, hashes = [], {}
    for line in HASHES.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            env.append(line[2:])
        elif line.strip():
            value, name = line.split(maxsplit=1)
            hashes[name] = value
    return env, hashes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="record the hashes anew")
    parser.add_argument("--keep", type=Path, help="render into this folder and keep the files")
    parser.add_argument("--against", type=Path,
                        help="a folder of earlier outputs (--keep): say how each differing PDF differs from it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = args.keep or Path(temp) / "out"
        folder.mkdir(parents=True, exist_ok=True)
        outputs = render_all(folder)
        if args.write:
            lines = [f"# {line}" for line in environment()]
            lines += [f"{digest(path)}  {name}" for name, path in outputs.items()]
            HASHES.write_text("\n".join(lines) + "\n", encoding="utf-8")
            print(f"wrote {HASHES.relative_to(ROOT)} ({len(outputs)} files)")
            return 0
        recorded_env, recorded = read_hashes()
        if recorded_env != environment():
            print(f"note: recorded with {'; '.join(recorded_env)}; this machine has {'; '.join(environment())}")
        failed = 0
        for name in sorted(set(recorded) | set(outputs)):
            if name not in outputs:
                print(f"missing   {name}")
                failed += 1
            elif name not in recorded:
                print(f"new       {name}")
                failed += 1
            elif digest(outputs[name]) != recorded[name]:
                how = ""
                if args.against and name.endswith(".pdf") and (args.against / name).is_file():
                    how = f": {compare(args.against / name, outputs[name], Path(temp))}"
                print(f"different {name}{how}")
                failed += 1
            else:
                print(f"same      {name}")
        print(f"{len(outputs) - failed} of {len(recorded)} files as recorded")
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
