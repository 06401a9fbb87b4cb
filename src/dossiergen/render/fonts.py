"""The fonts dossiergen sets each script in, chosen here and nowhere else.

Each face is a file the project's set-up installs (Debian packages, see ``Makefile``); the
CSS names them through ``@font-face`` so fontconfig never picks a fallback on its own.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from dossiergen.disk_cache import derived
from dossiergen.errors import FontError, Problem

FONT_DIRS: tuple[Path, ...] = (
    Path("/usr/share/fonts/truetype/noto"),
    Path("/usr/share/fonts/truetype/nanum"),
    Path("/usr/share/fonts/truetype/khmeros"),
    Path("/usr/share/fonts/opentype/noto"),
    Path("/usr/local/share/fonts"),
)


@dataclass(frozen=True)
class FontFace:
    family: str
    """The CSS family name that templates use."""
    script: str
    weight: int
    filename: str
    package: str
    """The Debian package that installs ``filename``."""
    in_stack: bool = True
    """Part of its script's text stack (``LANGUAGE_SCRIPTS``); a display face sets only the headings that name it."""
    without: frozenset[int] = frozenset()
    """Characters of the file the face is not to draw: the next face of the stack draws them (CSS unicode-range)."""


SUBSCRIPT_DIGITS = frozenset(range(0x2080, 0x208A))
"""₀ to ₉: Nanum Myeongjo draws them full width (973 of 1024 units, a gap in CO₂e), Noto Serif as indices."""


FACES: tuple[FontFace, ...] = (
    FontFace("DG Serif Latin", "Latin", 400, "NotoSerif-Regular.ttf", "fonts-noto-core"),
    FontFace("DG Serif Latin", "Latin", 700, "NotoSerif-Bold.ttf", "fonts-noto-core"),
    FontFace("DG Sans Latin", "Latin", 400, "NotoSans-Regular.ttf", "fonts-noto-core"),
    FontFace("DG Sans Latin", "Latin", 700, "NotoSans-Bold.ttf", "fonts-noto-core"),
    FontFace("DG Serif Korean", "Korean", 400, "NanumMyeongjo.ttf", "fonts-nanum", without=SUBSCRIPT_DIGITS),
    FontFace("DG Serif Korean", "Korean", 700, "NanumMyeongjoBold.ttf", "fonts-nanum", without=SUBSCRIPT_DIGITS),
    FontFace("DG Sans Korean", "Korean", 400, "NanumGothic.ttf", "fonts-nanum"),
    FontFace("DG Sans Korean", "Korean", 700, "NanumGothicBold.ttf", "fonts-nanum"),
    FontFace("DG Serif Khmer", "Khmer", 400, "NotoSerifKhmer-Regular.ttf", "fonts-noto-core"),
    FontFace("DG Serif Khmer", "Khmer", 700, "NotoSerifKhmer-Bold.ttf", "fonts-noto-core"),
    FontFace("DG Sans Khmer", "Khmer", 400, "NotoSansKhmer-Regular.ttf", "fonts-noto-core"),
    FontFace("DG Sans Khmer", "Khmer", 700, "NotoSansKhmer-Bold.ttf", "fonts-noto-core"),
    # the face Cambodian ministries set the Kingdom's heading and their own name in (a Letter of
    # Authorization's heading block); the package also makes Khmer OS the first generic sans-serif and
    # serif (/etc/fonts/conf.d/65-khmer.conf), which is one more reason every family here is named
    FontFace("DG Muol Light Khmer", "Khmer", 400, "KhmerOSmuollight.ttf", "fonts-khmeros", in_stack=False),
    # the operators of an equation (= + − ×): the text faces have no U+2212 MINUS SIGN, and a math face's
    # operators share one width and sit on the maths axis, so a minus is as long as the plus beside it
    FontFace("DG Math", "Math", 400, "NotoSansMath-Regular.ttf", "fonts-noto-core", in_stack=False),
)


LANGUAGE_SCRIPTS: Mapping[str, tuple[str, ...]] = {
    "ko": ("Korean", "Latin"),
    "km": ("Khmer", "Latin"),
    "en": ("Latin",),
}
"""The font stack of each language, in print.css order: its own script's faces, then Latin."""


def font_dirs() -> tuple[Path, ...]:
    """``$DOSSIERGEN_FONT_DIRS`` (colon-separated) first, then the system folders."""
    extra = os.environ.get("DOSSIERGEN_FONT_DIRS", "")
    return tuple(Path(part) for part in extra.split(os.pathsep) if part) + FONT_DIRS


def locate(face: FontFace, dirs: tuple[Path, ...]) -> Path:
    for folder in dirs:
        candidate = folder / face.filename
        if candidate.is_file():
            return candidate.resolve()
    raise FontError(Problem(
        Path(face.filename), None, None,
        f"{face.script} font {face.family!r} (weight {face.weight}) is not installed;"
        f" install it with `apt-get install {face.package}` or run `make setup`",
    ))


@lru_cache(maxsize=4)
def _located(dirs: tuple[Path, ...]) -> tuple[tuple[FontFace, Path], ...]:
    return tuple((face, locate(face, dirs)) for face in FACES)


def located_faces() -> tuple[tuple[FontFace, Path], ...]:
    """Every face with its file; the first missing one stops the run."""
    dirs = font_dirs()
    faces = _located(dirs)
    if not all(path.is_file() for _, path in faces):  # a font removed since it was found
        _located.cache_clear()
        faces = _located(dirs)
    return faces


def font_face_css() -> str:
    """``@font-face`` rules for every face, by file URL."""
    rules = []
    for face, path in located_faces():
        rules.append(
            f'@font-face {{ font-family: "{face.family}"; font-weight: {face.weight};'
            f' font-style: normal; src: url("{path.as_uri()}");{_unicode_range(face, path)} }}'
        )
    return "\n".join(rules)


def _unicode_range(face: FontFace, path: Path) -> str:
    """`` unicode-range: ...`` of what ``face`` draws when it leaves some of its file's characters to the next face."""
    if not face.without:
        return ""
    return " unicode-range: " + ", ".join(f"U+{first:X}" + (f"-{last:X}" if last > first else "")
                                          for first, last in to_ranges(_drawn(face, path))) + ";"


def _drawn(face: FontFace, path: Path) -> frozenset[int]:
    """The characters ``face`` draws: its file's, less those it leaves to the next face."""
    return code_points(path) - face.without


def font_files() -> frozenset[Path]:
    return frozenset(path for _, path in located_faces())


@lru_cache(maxsize=32)
def code_points(path: Path) -> frozenset[int]:
    """The characters ``path``'s cmap maps, read once per font file and kept on disk (dossiergen/disk_cache.py)."""
    return derived(path, "cmap", _read_cmap, to_ranges, from_ranges)


def _read_cmap(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont  # imported here: a start whose fonts are all in the cache does without it

    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


def to_ranges(points: frozenset[int]) -> list[list[int]]:
    """Code points as ``[first, last]`` runs: a font's cmap is a few hundred runs, not thousands of numbers."""
    runs: list[list[int]] = []
    for point in sorted(points):
        if runs and runs[-1][1] == point - 1:
            runs[-1][1] = point
        else:
            runs.append([point, point])
    return runs


def from_ranges(runs: Any) -> frozenset[int]:
    return frozenset(point for first, last in runs for point in range(int(first), int(last) + 1))


def _needs_no_glyph(ch: str) -> bool:
    # spaces, and format controls such as the break hints the typeset stage inserts
    return ch.isspace() or unicodedata.category(ch) in ("Cf", "Cc")


def uncovered(text: str, lang: str) -> list[str]:
    """The characters of ``text`` that some face of ``lang``'s stack cannot draw.

    Each style the templates use (serif and sans, regular and bold) must have the
    character in one of the stack's faces; otherwise fontconfig would pick a font we did
    not choose, or draw an empty box.
    """
    # the faces as found, not checked again on disk: a document asks this of hundreds of texts, and the
    # character sets are in memory; a font removed since is found missing when the PDF is written (font_face_css)
    groups = _style_groups(lang, _located(font_dirs()))
    return [ch for ch in dict.fromkeys(text) if not _drawable(ch, groups)]


@lru_cache(maxsize=8192)
def _drawable(ch: str, groups: tuple[tuple[frozenset[int], ...], ...]) -> bool:
    # frozensets cache their hash, so the key costs little; a document asks for the same few hundred characters
    return _needs_no_glyph(ch) or all(any(ord(ch) in points for points in faces) for faces in groups)


@lru_cache(maxsize=8)
def _style_groups(lang: str, faces: tuple[tuple[FontFace, Path], ...]) -> tuple[tuple[frozenset[int], ...], ...]:
    """Per style (serif or sans) and weight, the character sets of ``lang``'s faces in it."""
    groups: dict[tuple[str, int], list[frozenset[int]]] = {}
    for face, path in faces:
        if face.in_stack and face.script in LANGUAGE_SCRIPTS[lang]:
            style = face.family.split()[1]  # "DG Serif Korean" -> "Serif"
            groups.setdefault((style, face.weight), []).append(_drawn(face, path))
    return tuple(tuple(group) for group in groups.values())


def stack_names(lang: str) -> str:
    """The chosen families of ``lang``'s stack, for messages."""
    return ", ".join(dict.fromkeys(face.family for face in FACES
                                   if face.in_stack and face.script in LANGUAGE_SCRIPTS[lang]))
