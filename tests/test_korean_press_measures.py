"""The Korean-led press notices of all samples, measured together on their PDFs (pdfplumber), against what
Korean ministries' releases measure (2,670 HWPX releases of 52 ministries): body 14-15 pt Myeongjo at 160 %
line spacing, notes (※) 12 pt Gothic, title 26 pt bold, table headers shaded, no title or sub-headline ending
in a last line under a fifth of the measure, and at most 10 % of paragraphs doing so; letter spacing never
tighter than -5 %."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from statistics import median
from typing import Any

import pdfplumber
import pikepdf
import pytest

from dossiergen.records.loading import load_record

from .conftest import ALL_SAMPLES, BODY_BOTTOM, BODY_TOP, ROOT

MM = 72 / 25.4
LEFT = 18 * MM
CONTENT = 210 * MM - 2 * LEFT
GAP = 7 * MM
MARKERS = "□ㅇ-※"


def korean_led_press_sets() -> list[tuple[Path, str]]:
    """Every press record of the samples in every Korean-led language set the build makes of it."""
    sets = tomllib.loads((ROOT / "dossiergen.toml").read_text(encoding="utf-8"))["outputs"]["press"]
    records = [path for path in ALL_SAMPLES if load_record(path).kind == "press"]
    return [(record, lang_set) for record in records for lang_set in sets if lang_set.startswith("ko")]


@dataclass
class Line:
    page: int
    baseline: float
    chars: list[dict[str, Any]]

    @property
    def text(self) -> str:
        return "".join(char["text"] for char in self.chars)

    @property
    def size(self) -> float:
        return median(round(char["size"], 1) for char in self.chars if _hangul(char["text"]))

    @property
    def x0(self) -> float:
        return float(self.chars[0]["x0"])

    @property
    def x1(self) -> float:
        return float(self.chars[-1]["x1"])

    def fonts(self) -> set[str]:
        """The faces of the line's Hangul at its size (a specimen mark, smaller, aside): the @font-face names of
        render/fonts.py, DG-Serif-Korean is Nanum Myeongjo, DG-Sans-Korean Nanum Gothic."""
        return {char["fontname"].split("+")[-1] for char in self.chars
                if _hangul(char["text"]) and round(char["size"], 1) == self.size}


def _hangul(text: str) -> bool:
    return "\uac00" <= text <= "\ud7a3"


def own_pages(path: Path) -> int:
    """The notice's own pages: its attachments (A1-1, ...) follow them."""
    with pikepdf.open(path) as pdf:
        nums = list(pdf.Root.PageLabels.Nums) if "/PageLabels" in pdf.Root else []
        starts = [int(nums[index]) for index in range(0, len(nums), 2) if "/P" in nums[index + 1]]
        return starts[0] if starts else len(pdf.pages)


def korean_lines(path: Path, columns: int) -> tuple[list[Line], list[list[dict[str, Any]]]]:
    """The lines of the Korean column of the notice's own pages (running heads and footers aside), and each
    page's rectangles."""
    right = LEFT + (CONTENT - GAP * (columns - 1)) / columns + 1
    lines: list[Line] = []
    with pdfplumber.open(path) as pdf:
        pages = pdf.pages[:own_pages(path)]
        for number, page in enumerate(pages):
            rows: dict[float, list[dict[str, Any]]] = {}
            for char in page.chars:
                in_column = char["x0"] < right or char["size"] >= 25  # the headline spans both columns
                if in_column and BODY_TOP < char["top"] < page.height - BODY_BOTTOM and char["text"].strip():
                    rows.setdefault(round(page.height - char["matrix"][5], 0), []).append(char)
            lines += [Line(number, baseline, sorted(chars, key=lambda char: char["x0"]))
                      for baseline, chars in sorted(rows.items()) if any(_hangul(char["text"]) for char in chars)]
        rects = [list(page.rects) for page in pages]
    return lines, rects


@dataclass
class Block:
    kind: str
    lines: list[Line]
    measure: float


def blocks(lines: list[Line], columns: int) -> list[Block]:
    """The headline, sub-headlines, body items and notes, as the lines they are set in."""
    right = LEFT + (CONTENT - GAP * (columns - 1)) / columns
    out: list[Block] = []
    for line in lines:
        size, first = line.size, line.text[0]
        bold = any("Bold" in font for font in line.fonts())
        gothic = any("Sans" in font for font in line.fonts())
        kind = ("headline" if size >= 25 else "" if size > 16 else "subheadline" if bold and gothic and size >= 14.5
                else "note" if first == "※" and size >= 11.5 else "body" if size >= 13.5 else "")
        if not kind:
            continue
        previous = out[-1] if out else None
        continues = (previous is not None and previous.kind == kind and line.page == previous.lines[-1].page
                     and line.baseline - previous.lines[-1].baseline < 2 * size
                     and (kind == "headline" or (first not in MARKERS and not line.text.startswith("- "))))
        if continues:
            assert previous is not None
            previous.lines.append(line)
        else:
            measure = CONTENT if kind == "headline" else right - LEFT
            out.append(Block(kind, [line], measure))
    for block in out:
        if block.kind in ("body", "note") and len(block.lines) > 1:
            block.measure = right - block.lines[1].x0  # the text's own measure: the marker hangs left of it
    return out


@pytest.fixture(scope="module")
def notices(render_record: Callable[[Path, str], Path]) -> list[tuple[str, list[Block], list[Line], list[Any]]]:
    out = []
    for record, lang_set in korean_led_press_sets():
        columns = 1  # Korean across the whole measure: alone, or before its translation (formats/html.py)
        path = render_record(record, lang_set)
        lines, pages = korean_lines(path, columns)
        out.append((f"{record.parent.name} {lang_set}", blocks(lines, columns), lines, pages))
    return out


def test_every_korean_led_notice_is_measured(notices: list[tuple[str, list[Block], list[Line], list[Any]]]) -> None:
    names = {name for name, *_ in notices}
    assert {"kh-emoto ko", "kh-emoto ko+en", "gnzc-2024 ko", "gnzc-2024 ko+en"} <= names
    for name, found, *_ in notices:
        kinds = [block.kind for block in found]
        assert kinds.count("headline") == 1 and "subheadline" in kinds and kinds.count("body") >= 3, (name, kinds)


def test_korean_body_lines_hold_a_readable_measure(notices: list[tuple[str, list[Block], list[Line], list[Any]]]
                                                   ) -> None:
    """A full line of the body holds at least 28 characters (beside a translation's column, 16 did)."""
    for name, found, *_ in notices:
        full = [len(line.text.replace(" ", "")) for block in found if block.kind == "body" for line in block.lines[:-1]]
        assert full and median(full) >= 28, (name, sorted(full))


def test_title_is_26_pt_bold(notices: list[tuple[str, list[Block], list[Line], list[Any]]]) -> None:
    for name, found, *_ in notices:
        headline = next(block for block in found if block.kind == "headline")
        for line in headline.lines:
            assert line.size == 26.0, name
            assert all("Bold" in font for font in line.fonts()), (name, line.fonts())


def test_body_is_14_to_15_pt_myeongjo_at_160_percent(notices: list[tuple[str, list[Block], list[Line], list[Any]]]
                                                     ) -> None:
    spacings = []
    for name, found, *_ in notices:
        for block in (block for block in found if block.kind == "body"):
            for line in block.lines:
                assert 14.0 <= line.size <= 15.0, (name, line.text)
                assert line.fonts() == {"DG-Serif-Korean"}, (name, line.text, line.fonts())
            spacings += [(b.baseline - a.baseline) / a.size for a, b in zip(block.lines, block.lines[1:], strict=False)]
    assert len(spacings) > 30
    assert all(1.55 <= spacing <= 1.65 for spacing in spacings), sorted(spacings)[::10]


def test_notes_are_12_pt_gothic(notices: list[tuple[str, list[Block], list[Line], list[Any]]]) -> None:
    notes = [(name, block) for name, found, *_ in notices for block in found if block.kind == "note"]
    assert len(notes) >= 4
    for name, block in notes:
        for line in block.lines:
            assert line.size == 12.0 and line.fonts() == {"DG-Sans-Korean"}, (name, line.text, line.fonts())


def test_table_headers_are_shaded(notices: list[tuple[str, list[Block], list[Line], list[Any]]]) -> None:
    """The release box's and the contacts' header cells (보도 시점, 담당 부서) have a fill under them."""
    for name, _, lines, pages in notices:
        for label in ("보도", "담당"):
            line = next(line for line in lines if line.text.startswith(label))
            char = line.chars[0]
            fills = [rect for rect in pages[line.page] if rect["fill"] and rect["non_stroking_color"]
                     and rect["x0"] <= char["x0"] and char["x1"] <= rect["x1"]
                     and rect["top"] <= char["top"] and char["bottom"] <= rect["bottom"]]
            colours = [tuple(rect["non_stroking_color"]) for rect in fills]
            assert any(colour != (1, 1, 1) and colour != (1,) for colour in colours), (name, label, colours)


def test_no_title_ends_in_a_short_line(notices: list[tuple[str, list[Block], list[Line], list[Any]]]) -> None:
    titles = [(name, block) for name, found, *_ in notices for block in found
              if block.kind in ("headline", "subheadline")]
    assert any(len(block.lines) > 1 for _, block in titles)
    for name, block in titles:
        last = block.lines[-1]
        assert last.x1 - last.x0 >= block.measure / 5, (name, last.text)


def test_few_paragraphs_end_in_a_short_line(notices: list[tuple[str, list[Block], list[Line], list[Any]]]) -> None:
    paragraphs = [(name, block) for name, found, *_ in notices for block in found if block.kind in ("body", "note")]
    short = [(name, block.lines[-1].text) for name, block in paragraphs
             if block.lines[-1].x1 - (block.lines[-1].x0 if len(block.lines) == 1 else block.lines[1].x0)
             < block.measure / 5]
    assert len(paragraphs) > 30
    assert len(short) <= 0.10 * len(paragraphs), short


def test_letter_spacing_is_never_tighter_than_5_percent(
        notices: list[tuple[str, list[Block], list[Line], list[Any]]]) -> None:
    tightest = 0.0
    for _, found, *_ in notices:
        for block in (block for block in found if block.kind in ("body", "note")):
            for line in block.lines:
                pairs = zip(line.chars, line.chars[1:], strict=False)
                gaps = [(b["x0"] - a["x1"]) / a["size"] for a, b in pairs if _hangul(a["text"]) and _hangul(b["text"])]
                tightest = min([tightest, *gaps])
    assert tightest >= -0.0505
    assert tightest < -0.005  # some paragraph was tightened
