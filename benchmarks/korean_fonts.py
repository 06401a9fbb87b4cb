"""Which Korean fonts keep the dossier smallest, and what they cost in render time.

Renders the kh-emoto approval dossier (trilingual ko+km+en and bilingual ko+en) with each
candidate set of Korean faces swapped into ``dossiergen.fonts.FACES`` and prints one Markdown
table: pages, median PDF bytes, median seconds, each with its ratio to the current choice
(Nanum Myeongjo + Nanum Gothic). The table is also written to
``benchmarks/results/korean_fonts.md`` (git-ignored).

    cd /work/main && .venv/bin/python benchmarks/korean_fonts.py [--runs N]

Noto CJK comes from Debian ``fonts-noto-cjk`` as ``.ttc`` collections whose first face is the
Japanese one; the Korean (KR) face is extracted with fontTools into a temporary folder that is
put first on ``$DOSSIERGEN_FONT_DIRS``. A candidate whose font files are missing is skipped
with a message; the script exits 0 either way. This is a measurement, not a test: nothing
here asserts on timing.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import io
import os
import platform
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import weasyprint
from fontTools.ttLib import TTCollection, TTFont, TTLibError

from dossiergen import load_record
from dossiergen.errors import DossiergenError
from dossiergen.formats.pdf import render_document
from dossiergen.records.record import Record
from dossiergen.render import fonts

ROOT = Path(__file__).resolve().parents[1]

RECORD = ROOT / "dossiers" / "kh-emoto" / "project.yaml"
RESULTS = ROOT / "benchmarks" / "results" / "korean_fonts.md"
LANG_SETS: tuple[tuple[str, ...], ...] = (("ko", "km", "en"), ("ko", "en"))

SERIF = "DG Serif Korean"
SANS = "DG Sans Korean"
NANUM_DIR = Path("/usr/share/fonts/truetype/nanum")
NOTO_CJK_DIR = Path("/usr/share/fonts/opentype/noto")


@dataclass(frozen=True)
class Source:
    """One font file: a plain file, or the KR member of a ``.ttc`` collection."""

    path: Path
    package: str
    family: str
    """What the embedded font program calls itself (name ID 1), to check the swap took."""
    collection_family: str | None = None
    """For a collection: the exact family (name ID 1) of the member to extract; the collection
    starts with the JP member, and ``Noto Sans CJK KR`` must not match ``Noto Sans Mono CJK KR``."""


def nanum(filename: str, family: str) -> Source:
    return Source(NANUM_DIR / filename, "fonts-nanum", family)


def noto_kr(filename: str, family: str) -> Source:
    return Source(NOTO_CJK_DIR / filename, "fonts-noto-cjk", family, collection_family=family)


NANUM_MYEONGJO = (nanum("NanumMyeongjo.ttf", "NanumMyeongjo"), nanum("NanumMyeongjoBold.ttf", "NanumMyeongjo"))
NANUM_GOTHIC = (nanum("NanumGothic.ttf", "NanumGothic"), nanum("NanumGothicBold.ttf", "NanumGothic"))
NOTO_SERIF_KR = (noto_kr("NotoSerifCJK-Regular.ttc", "Noto Serif CJK KR"),
                 noto_kr("NotoSerifCJK-Bold.ttc", "Noto Serif CJK KR"))  # bold is a style, not a family
NOTO_SANS_KR = (noto_kr("NotoSansCJK-Regular.ttc", "Noto Sans CJK KR"),
                noto_kr("NotoSansCJK-Bold.ttc", "Noto Sans CJK KR"))


@dataclass(frozen=True)
class Candidate:
    number: int
    label: str
    serif: tuple[Source, Source]
    """Regular (400) and bold (700) for the ``DG Serif Korean`` role."""
    sans: tuple[Source, Source]
    """Regular (400) and bold (700) for the ``DG Sans Korean`` role."""

    def roles(self) -> dict[tuple[str, int], Source]:
        return {(SERIF, 400): self.serif[0], (SERIF, 700): self.serif[1],
                (SANS, 400): self.sans[0], (SANS, 700): self.sans[1]}


CANDIDATES: tuple[Candidate, ...] = (
    Candidate(1, "Nanum Myeongjo + Nanum Gothic (current)", NANUM_MYEONGJO, NANUM_GOTHIC),
    Candidate(2, "Noto Serif CJK KR + Noto Sans CJK KR", NOTO_SERIF_KR, NOTO_SANS_KR),
    Candidate(3, "Nanum Gothic for serif and sans", NANUM_GOTHIC, NANUM_GOTHIC),
    Candidate(4, "Noto Sans CJK KR for serif and sans", NOTO_SANS_KR, NOTO_SANS_KR),
)
CURRENT = 1


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def missing_files(candidate: Candidate) -> list[str]:
    return sorted({f"{source.path} (apt-get install {source.package})"
                   for source in candidate.roles().values() if not source.path.is_file()})


def materialize(source: Source, folder: Path) -> str:
    """The filename ``FontFace`` should name: the system file, or the KR face extracted into ``folder``."""
    if source.collection_family is None:
        return source.path.name
    stem = f"bench-{source.path.stem}-{source.collection_family.replace(' ', '')}"  # -Regular/-Bold differ
    for suffix in (".otf", ".ttf"):
        if (folder / f"{stem}{suffix}").is_file():
            return f"{stem}{suffix}"
    collection = TTCollection(str(source.path), lazy=True)
    families = []
    for number, member in enumerate(collection.fonts):  # noqa: B007 - the number of the face found is used below
        family = member["name"].getDebugName(1) or ""
        families.append(family)
        if family == source.collection_family:
            break
    else:
        raise LookupError(f"{source.path} has no face named {source.collection_family!r} (it has: {families})")
    face = TTFont(str(source.path), fontNumber=number, lazy=True)  # unread tables are copied as they are
    suffix = ".otf" if "CFF " in face else ".ttf"
    face.save(str(folder / f"{stem}{suffix}"))
    return f"{stem}{suffix}"


def faces_for(candidate: Candidate, folder: Path, original: tuple[fonts.FontFace, ...]) -> tuple[fonts.FontFace, ...]:
    """``original`` with every Korean face pointing at the candidate's files, in the same order."""
    roles = candidate.roles()
    swapped, found = [], set()
    for face in original:
        source = roles.get((face.family, face.weight))
        if source is None:
            swapped.append(face)
        else:
            found.add((face.family, face.weight))
            swapped.append(dataclasses.replace(face, filename=materialize(source, folder), package=source.package))
    if found != set(roles):
        raise LookupError(f"fonts.FACES lacks the Korean roles {sorted(set(roles) - found)}")
    return tuple(swapped)


def pdf_facts(data: bytes) -> tuple[int, dict[str, tuple[str, int]]]:
    """Pages, and for each embedded ``DG * Korean`` font: the family its program names and its stored size."""
    korean: dict[str, tuple[str, int]] = {}
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = len(pdf.pages)
        for page in pdf.pages:
            for font in page.Resources.get("/Font", {}).values():
                name = str(font.get("/BaseFont", ""))
                if "Korean" not in name or name in korean:
                    continue
                descriptor = (font.DescendantFonts[0] if "/DescendantFonts" in font else font).FontDescriptor
                for key in ("/FontFile2", "/FontFile3", "/FontFile"):
                    if key in descriptor:
                        stream = descriptor[key]
                        program = stream.read_bytes()
                        try:
                            family = TTFont(io.BytesIO(program))["name"].getDebugName(1) or "?"
                        except (TTLibError, KeyError):  # a bare CFF program, or no name table: size still counts
                            family = "?"
                        korean[name.split("+", 1)[-1]] = (family, len(stream.read_raw_bytes()))
                        break
    return pages, korean


@dataclass
class Row:
    candidate: Candidate
    langs: tuple[str, ...]
    pages: int
    size: int
    seconds: float
    korean: dict[str, tuple[str, int]]


def measure(candidate: Candidate, record: Record, runs: int, folder: Path) -> list[Row]:
    original = fonts.FACES
    try:
        fonts.FACES = faces_for(candidate, folder, original)
        fonts._located.cache_clear()
        for face, path in fonts.located_faces():  # the swap must reach the files we mean
            source = candidate.roles().get((face.family, face.weight))
            if source is not None and source.collection_family is None and path != source.path.resolve():
                raise LookupError(f"{face.family} {face.weight} resolved to {path}, not {source.path}")
        render_document(record, LANG_SETS[0])  # warm-up: first render loads fonts, templates, catalogs
        rows = []
        for langs in LANG_SETS:
            sizes, times = [], []
            last = b""
            for _ in range(runs):
                start = time.perf_counter()
                last = render_document(record, langs)
                times.append(time.perf_counter() - start)
                sizes.append(len(last))
            pages, korean = pdf_facts(last)
            rows.append(Row(candidate, langs, pages, int(statistics.median(sizes)), statistics.median(times), korean))
            log(f"  {'+'.join(langs)}: {pages} pages, {rows[-1].size} bytes, {rows[-1].seconds:.3f} s median")
        return rows
    finally:
        fonts.FACES = original
        fonts._located.cache_clear()


def ratio(value: float, reference: float | None) -> str:
    return "–" if not reference else f"{value / reference:.2f}×"


def report(rows: list[Row], skipped: list[str], runs: int) -> str:
    current = {row.langs: row for row in rows if row.candidate.number == CURRENT}
    lines = [
        "# Korean fonts: dossier size and render time",
        "",
        (f"Record `{RECORD.relative_to(ROOT)}`, {runs} timed run(s) per row after one warm-up per candidate;"
         f" medians. Ratios are against candidate {CURRENT} (the current choice) measured in this same run."),
        (f"{datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}, Python {platform.python_version()},"
         f" WeasyPrint {weasyprint.__version__}, {os.cpu_count()} CPU(s),"
         f" load average {'/'.join(f'{load:.2f}' for load in os.getloadavg())} at the end."),
        "",
        "| Candidate | Languages | Pages | PDF bytes (median) | Bytes vs current | Median s | Time vs current |",
        "|---|---|--:|--:|--:|--:|--:|",
    ]
    for row in rows:
        reference = current.get(row.langs)
        lines.append(
            f"| {row.candidate.number}. {row.candidate.label} | {'+'.join(row.langs)} | {row.pages}"
            f" | {row.size:,} | {ratio(row.size, reference.size if reference else None)}"
            f" | {row.seconds:.3f} | {ratio(row.seconds, reference.seconds if reference else None)} |")
    lines += ["", ("Embedded Korean font programs in the ko+km+en PDF (family named inside the program;"
                   " bytes as stored, compressed), to check each swap took:"), ""]
    for row in rows:
        if row.langs == LANG_SETS[0]:
            parts = ", ".join(f"{role} = {family} ({size:,})" for role, (family, size) in sorted(row.korean.items()))
            lines.append(f"- {row.candidate.number}: {parts or 'none found'}")
    if skipped:
        lines += ["", "Skipped:", ""] + [f"- {reason}" for reason in skipped]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed renders per candidate and language set (default 5)")
    parser.add_argument("--output", type=Path, default=RESULTS, help=f"where to write the table (default {RESULTS})")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    record = load_record(RECORD)
    rows: list[Row] = []
    skipped: list[str] = []
    with tempfile.TemporaryDirectory(prefix="dg-korean-fonts-") as folder:
        previous = os.environ.get("DOSSIERGEN_FONT_DIRS")
        os.environ["DOSSIERGEN_FONT_DIRS"] = os.pathsep.join(part for part in (folder, previous) if part)
        try:
            for candidate in CANDIDATES:
                missing = missing_files(candidate)
                if missing:
                    reason = f"{candidate.number}. {candidate.label}: font files absent: {'; '.join(missing)}"
                    log(f"SKIP {reason}")
                    skipped.append(reason)
                    continue
                log(f"{candidate.number}. {candidate.label}")
                try:
                    rows += measure(candidate, record, args.runs, Path(folder))
                except (DossiergenError, LookupError, OSError) as error:
                    reason = f"{candidate.number}. {candidate.label}: could not render: {error}"
                    log(f"SKIP {reason}")
                    skipped.append(reason)
        finally:
            if previous is None:
                os.environ.pop("DOSSIERGEN_FONT_DIRS", None)
            else:
                os.environ["DOSSIERGEN_FONT_DIRS"] = previous
            fonts._located.cache_clear()

    if not any(row.candidate.number == CURRENT for row in rows):
        log("SKIP: the current Korean fonts (candidate 1) could not be measured, so there is nothing to compare"
            " against; install fonts-nanum (`make setup`) and run again.")
    if not rows:
        print("Korean font benchmark skipped: no candidate could be measured.")
        for reason in skipped:
            print(f"- {reason}")
        return 0
    text = report(rows, skipped, args.runs)
    print(text, end="")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    log(f"written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
