"""The faces and font programs the stamps are set in (a signature's, ``archive/stamp.py``; an annex page's,
``render/pdf/annex_stamp.py``): the documents' own faces, cut to the stamp's characters. No pyHanko here: an
annex stamp taken from the cache is placed without it.
"""

from __future__ import annotations

import base64
import hashlib
import io
import string
from collections.abc import Iterator
from pathlib import Path

from dossiergen.disk_cache import code_files, derived
from dossiergen.render.fonts import code_points

ENGINE_SIZE = 10
"""The size the shaping engines set text at; each line is scaled to its own size by its text matrix."""
STAMP_CODE = (Path(__file__), *code_files("pyhanko", "uharfbuzz", "fontTools"))
"""The files of the code that cuts a stamp's fonts and sets its text: what is kept of a stamp (disk_cache.py) is
kept apart from what another version of them made."""


def faces_for(lang: str, bold: bool, family: str = "Serif") -> tuple[Path, ...]:
    """The files of the faces of ``family`` (``Serif``, ``Sans``) ``lang`` is set in, its own script's first
    (``render/fonts.py``)."""
    from dossiergen.render.fonts import LANGUAGE_SCRIPTS, located_faces

    weight = 700 if bold else 400
    faces = located_faces()
    return tuple(path for script in LANGUAGE_SCRIPTS[lang] for face, path in faces
                 if face.family == f"DG {family} {script}" and face.weight == weight)


def runs(text: str, faces: tuple[Path, ...]) -> Iterator[tuple[Path, str]]:
    """``text`` cut where the face that can draw it changes (the first of ``faces`` that has each
    character; a space stays with the run it is in)."""
    current: Path | None = None
    buffer = ""
    for ch in text:
        face = current if ch.isspace() and current is not None else next(
            (path for path in faces if ord(ch) in code_points(path)), faces[-1])
        if face != current and buffer:
            assert current is not None
            yield current, buffer
            buffer = ""
        current = face
        buffer += ch
    if buffer and current is not None:
        yield current, buffer


def font_program(path: Path, text: str) -> bytes:
    """The font file at ``path`` as the stamp embeds it: cut to ``text``'s characters (and every digit), scaled to
    1000 units an em where it has others (fontTools); kept on disk (dossiergen/disk_cache.py) by the file and the
    characters, so that a render does not read a whole CJK font again (pyHanko parses and subsets what it is given:
    about a second for Nanum Gothic, a few milliseconds for the cut).

    pyHanko writes a font's /W widths in the font's own units, which a PDF reads as thousandths of an em:
    for Nanum Myeongjo (1024 units) each glyph would be 2.4 % wider than its program says, which PDF/A
    forbids (the widths of the dictionary and the program must agree) and which shifts the next run.
    """
    # the digits always: page numbers change with the document, the cut (and its entry) should not
    characters = "".join(sorted(set(text + " " + string.digits)))
    return derived(path, f"stamp-font-{hashlib.sha256(characters.encode()).hexdigest()[:16]}",
                   lambda file: _cut_font(file, characters), lambda program: base64.b64encode(program).decode("ascii"),
                   base64.b64decode, made_by=STAMP_CODE)


def _cut_font(path: Path, characters: str) -> bytes:
    from fontTools import subset  # only when the cut is not in the cache
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    # the font's own modification time kept (not the clock's): the same text makes the same bytes
    with TTFont(io.BytesIO(path.read_bytes()), recalcTimestamp=False) as font:
        options = subset.Options()
        options.layout_features = ["*"]  # what shaping needs: ligatures, marks, contextual forms
        options.name_IDs = ["*"]
        options.notdef_outline = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=characters)
        subsetter.subset(font)  # what it logs of the tables it drops, the callers keep quiet
        if font["head"].unitsPerEm != 1000:
            scale_upem(font, 1000)
        out = io.BytesIO()
        font.save(out)
        return out.getvalue()
