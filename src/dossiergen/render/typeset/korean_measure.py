"""Korean press notice lines: titles balanced, paragraphs kept from ending in a short last line.

Korean releases end only about one paragraph in ten in a last line under a fifth of the measure, and never
a title ("NDC에 활용 -" alone on the sub-headline's last line reads as a typesetting slip). WeasyPrint 70 has no
``text-wrap: balance``, so the lines are set here, by measuring: each word's width from the font's advances
(fontTools), lines filled as WeasyPrint fills them (greedily, breaking only at spaces: Korean words are kept
whole, ``korean_keep_all``), then

- a title or sub-headline of more than one line gets breaks at the spaces that make its lines most even;
- a paragraph whose last line would be under a fifth of the measure is tightened, 1 % at a time down to
  -5 % (``korean-tight-N`` in print.css), as Korean releases tighten a paragraph's letter spacing.

The sizes and indents below are those of print.css's block "Korean press notice measures": keep them in step
(tests/test_korean_press_measures.py measures the PDF). fontTools' advances are a little wider than Pango's
(13.3 against 13.16 pt for a syllable at 14 pt), so a line that fits here fits on the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from dossiergen.disk_cache import derived
from dossiergen.documents.tree import SPECIMEN_STYLE, Runs
from dossiergen.render.fonts import located_faces
from dossiergen.render.typeset.korean_keep_all import DATE_SPACE

MM = 72 / 25.4
CONTENT_WIDTH = 210 * MM - 2 * 18 * MM
"""A4 less print.css's side margins (18 mm each), in points."""
COLUMN_GAP = 7 * MM
"""Between the parallel columns of a two-language notice (``.pair``)."""
BODY_SIZE, NOTE_SIZE, HEADLINE_SIZE, SUBHEADLINE_SIZE = 14.0, 12.0, 26.0, 15.0
INDENT = {"paragraph": 1.3, "point": 2.5, "subpoint": 3.5, "note": 2.5}
"""Each level's hanging indent, in em of its size (the marker hangs in it)."""
SHORT = 0.2
"""A last line under this share of the measure is short."""
TIGHTEST = 5
"""Letter spacing may tighten to -5 % of the size, by 1 %."""
FILL = 0.97
"""A balanced title's lines take at most this share of the measure (room for the fonts' small differences)."""
SUBHEADLINE_MARKS = ("- ", " -")
"""print.css's ::before and ::after of a Korean sub-headline."""


@dataclass(frozen=True)
class _Font:
    advances: dict[int, int]
    """Advance of each code point, in font units."""
    units: int


@lru_cache(maxsize=8)
def _font(family: str, weight: int) -> _Font:
    path = next(path for face, path in located_faces() if face.family == family and face.weight == weight)
    return _load(path)


@lru_cache(maxsize=8)
def _load(path: Path) -> _Font:
    """The face's advances, read once per font file and kept on disk (dossiergen/disk_cache.py)."""
    return derived(path, "advances", _read, lambda font: [font.units, sorted(font.advances.items())],
                   lambda value: _Font({int(point): int(advance) for point, advance in value[1]}, int(value[0])))


def _read(path: Path) -> _Font:
    from fontTools.ttLib import TTFont  # imported here: a start whose fonts are all in the cache does without it

    with TTFont(path, lazy=True) as font:
        metrics = font["hmtx"]
        advances = {point: metrics[glyph][0] for point, glyph in font.getBestCmap().items()}
        return _Font(advances, font["head"].unitsPerEm)


def text_width(text: str, family: str, weight: int, size: float, tight: int = 0) -> float:
    """The width of ``text`` set in ``family`` at ``size`` points, tightened by ``tight`` %; a character the
    Korean face lacks is measured in the Latin face of its style, zero-width characters as nothing."""
    font = _font(family, weight)
    fallback = _font(family.replace("Korean", "Latin"), weight)
    width = 0.0
    for ch in text:
        if ch in "\u200b\u2060\u00ad":
            continue
        units = font.advances.get(ord(ch))
        scale = font.units
        if units is None:
            units, scale = fallback.advances.get(ord(ch), font.units // 2), fallback.units
        width += units / scale * size - tight / 100 * size * (0.5 if ch.isspace() else 1)
    return width


@dataclass(frozen=True)
class Word:
    """What lies between two break opportunities: its width, the width of the space before it, and the
    offset of that space in the text (``None`` for the first word)."""

    width: float
    space: float
    offset: int | None


def words(runs: Runs, family: str, weight: int, size: float, tight: int = 0) -> list[Word]:
    """The words of ``runs`` (Korean breaks only at spaces, not inside a date: ``korean_keep_all``), each
    measured; a specimen mark (0.75 em, bold: print.css's ``.specimen``) stays with the word before it (the HTML
    writer joins it); a note's label hangs in the indent and takes no width."""
    out: list[Word] = []
    width, space, start, offset = 0.0, 0.0, None, 0
    space_width = text_width(" ", family, weight, size, tight)
    kept = {match.start() for match in DATE_SPACE.finditer("".join(run.text for run in runs))}
    starts = [sum(len(run.text) for run in runs[:index]) for index in range(len(runs))]
    kept |= {at - 1 for at, run, previous in zip(starts[1:], runs[1:], runs, strict=False)
             if SPECIMEN_STYLE in run.styles() and previous.text.endswith(" ")}
    for run in runs:
        styles = run.styles()
        for index, ch in enumerate(run.text):
            if ch == " " and offset + index in kept:
                width += space_width
            elif ch == " ":
                if width or out:
                    if width:
                        out.append(Word(width, space, start))
                    width, space, start = 0.0, space_width, offset + index
            elif "note-label" in styles:
                continue
            elif SPECIMEN_STYLE in styles:
                width += text_width(ch, family, 700, size * 0.75, tight)
            else:
                width += text_width(ch, family, weight, size, tight)
        offset += len(run.text)
    if width:
        out.append(Word(width, space, start))
    return out


def fill(words: Sequence[Word], measure: float) -> list[list[Word]]:
    """The lines WeasyPrint makes of ``words`` in ``measure``: as many words on each as fit."""
    lines: list[list[Word]] = []
    width = 0.0
    for word in words:
        if lines and width + word.space + word.width <= measure:
            lines[-1].append(word)
            width += word.space + word.width
        else:
            lines.append([word])
            width = word.width
    return lines


def line_width(line: Sequence[Word]) -> float:
    return sum(word.width for word in line) + sum(word.space for word in line[1:])


def balanced_breaks(words: Sequence[Word], measure: float, extra: tuple[float, float] = (0.0, 0.0)) -> frozenset[int]:
    """The offsets of the spaces to break a title at so that its lines are as even as they can be, in as
    many lines as filling makes; ``extra`` is what the first and the last line carry besides (the marks
    around a sub-headline). No breaks for a title of one line."""
    count = len(fill(words, measure - extra[0] - extra[1]))
    if count < 2:
        return frozenset()
    n = len(words)

    def width(start: int, end: int) -> float:
        return (line_width(words[start:end]) + (extra[0] if start == 0 else 0.0)
                + (extra[1] if end == n else 0.0))

    # best[k][i]: the least widest line setting words[:i] in k lines, with where its last line starts
    best: list[dict[int, tuple[float, int]]] = [{0: (0.0, 0)}]
    for lines in range(1, count + 1):
        row: dict[int, tuple[float, int]] = {}
        for end in range(1, n + 1):
            for start, (widest, _) in best[lines - 1].items():
                if start >= end:
                    continue
                line = width(start, end)
                if line > measure * FILL:
                    continue
                candidate = max(widest, line)
                if end not in row or candidate < row[end][0]:
                    row[end] = (candidate, start)
        best.append(row)
    if n not in best[count]:
        return frozenset()  # no even setting fits: leave the lines as filling makes them
    starts: list[int] = []
    end = n
    for lines in range(count, 0, -1):
        end = best[lines][end][1]
        starts.append(end)
    return frozenset(offset for start in starts[:-1] if (offset := words[start].offset) is not None)


@dataclass(frozen=True)
class KoreanPressMeasure:
    """The lines of a Korean-led press notice in ``columns`` parallel columns (one per language)."""

    columns: int

    @property
    def column(self) -> float:
        return (CONTENT_WIDTH - COLUMN_GAP * (self.columns - 1)) / self.columns

    def headline_breaks(self, runs: Runs) -> frozenset[int]:
        """Where the Korean headline (full width, 26 pt Gothic bold) breaks."""
        return balanced_breaks(words(runs, "DG Sans Korean", 700, HEADLINE_SIZE), CONTENT_WIDTH)

    def subheadline_breaks(self, runs: Runs) -> frozenset[int]:
        """Where a Korean sub-headline (15 pt Gothic bold, between its dashes) breaks."""
        marks = tuple(text_width(mark, "DG Sans Korean", 700, SUBHEADLINE_SIZE) for mark in SUBHEADLINE_MARKS)
        return balanced_breaks(words(runs, "DG Sans Korean", 700, SUBHEADLINE_SIZE), self.column,
                               (marks[0], marks[1]))

    def item_fit(self, runs: Runs, level: str) -> tuple[int, frozenset[int]]:
        """How a Korean body item of ``level`` keeps from ending in a short last line: the least tightening
        (0 to 5 %) that takes the last line's words up, else a break that takes as few words of the line before
        down as make the last line long enough (no tightening, no break: its lines are fine as they are)."""
        family, size = ("DG Sans Korean", NOTE_SIZE) if level == "note" else ("DG Serif Korean", BODY_SIZE)
        measure = self.column - INDENT.get(level, 0.0) * size
        for tight in range(TIGHTEST + 1):
            # Pango's letter spacing differs a little from ours: a tightening counts when the lines come out the
            # same in the measure and in a measure a little narrower
            settings = [fill(words(runs, family, 400, size, tight), measure * share) for share in (1.0, FILL)]
            if all(len(lines) == len(settings[0]) and (len(lines) == 1 or line_width(lines[-1]) >= SHORT * measure)
                   for lines in settings):
                return tight, frozenset()
        lines = fill(words(runs, family, 400, size), measure)
        before, last = lines[-2], lines[-1]
        for moved in range(1, len(before)):
            tail = before[-moved:] + last
            if line_width(tail) >= SHORT * measure and line_width(tail) <= measure * FILL:
                offset = before[-moved].offset
                return 0, frozenset() if offset is None else frozenset({offset})
        return 0, frozenset()
