"""The annex stamps set as the pages of a small PDF by pyHanko's OpenType engine (HarfBuzz shaping, font subsets
embedded): imported only when the stamps of a document are not in the cache (``annex_stamp.py``), since pyHanko
and what it imports take about 0.2 s of a fresh process.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import uharfbuzz as hb
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.font.api import ShapeResult
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, _gids_by_cluster
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.writer import PdfFileWriter

from dossiergen.quiet import quiet_loggers
from dossiergen.render.fonts import FACES
from dossiergen.render.pdf.annex_stamp import ASCENT, BETWEEN_LANGUAGES, DESCENT, INK, SIZE, SetStamps, StampText
from dossiergen.render.stamp_fonts import ENGINE_SIZE, faces_for, font_program, runs


def typeset_stamps(texts: Sequence[StampText]) -> SetStamps:
    """The stamps ``texts`` set, one page each, sharing their font subsets."""
    setter = _Setter(texts)
    with quiet_loggers("fontTools"):  # subsetting logs each OpenType table it drops
        sizes = tuple(setter.add(text) for text in texts)
        return SetStamps(setter.pdf(), sizes, dict(setter.families))


class _Engine(GlyphAccumulator):
    """pyHanko's engine, every glyph of a cluster of several in the ToUnicode map: pyHanko maps those glyphs only
    by the font's cmap, which has no entry for a Khmer subscript (``្ធ``); it gets the characters of its cluster
    that no other glyph of the cluster stands for (else a text extractor reads "(cid:189)")."""

    def __init__(self, writer: PdfFileWriter, program: bytes, lang: str) -> None:
        super().__init__(writer, io.BytesIO(program), ENGINE_SIZE, bcp47_lang_code=lang)
        self.tt.recalcTimestamp = False  # the subset keeps the font's date, not the clock's: the same bytes each time

    def shape(self, txt: str, with_actual_text: bool = True) -> ShapeResult:
        result = super().shape(txt, with_actual_text)
        buffer = hb.Buffer()
        buffer.add_str(txt)
        buffer.guess_segment_properties()  # as pyHanko's, which is given no script or language either
        hb.shape(self.hb_font, buffer, self.features)
        for cluster, following, glyphs in _gids_by_cluster(buffer):
            text = txt[cluster:following]
            cids = [self._get_cid_and_width(glyph)[0] for glyph in glyphs if glyph]
            claimed = "".join(self._cid_to_unicode.get(cid, "") for cid in cids)
            rest = "".join(ch for ch in text if ch not in claimed) or text
            for cid in cids:
                if cid not in self._cid_to_unicode:
                    self._cid_to_unicode[cid] = rest
        return result


class _Setter:
    """The stamps of one document as the pages of a small PDF, one a stamp, sharing their font subsets."""

    def __init__(self, texts: Sequence[StampText]) -> None:
        self.writer = PdfFileWriter(stream_xrefs=False)
        self.characters = "".join(text for stamp in texts for _, text in stamp) + BETWEEN_LANGUAGES
        self.engines: dict[tuple[Path, str], tuple[str, _Engine]] = {}
        self.families: dict[str, str] = {}
        """Each font resource's house family (``DG Sans Korean``), for its name in the PDF."""

    def engine(self, path: Path, lang: str) -> tuple[str, _Engine]:
        if (path, lang) not in self.engines:
            engine = _Engine(self.writer, font_program(path, self.characters), lang)
            name = f"DGA{len(self.engines) + 1}"
            self.engines[(path, lang)] = (name, engine)
            self.families[name] = next(face.family for face in FACES if face.filename == path.name)
        return self.engines[(path, lang)]

    def _runs(self, stamp: StampText) -> list[tuple[Path, str, str]]:
        pieces = [(lang, (BETWEEN_LANGUAGES if index else "") + text) for index, (lang, text) in enumerate(stamp)]
        return [(path, lang, part) for lang, text in pieces
                for path, part in runs(text, faces_for(lang, False, "Sans"))]

    def add(self, stamp: StampText) -> tuple[float, float]:
        """A page holding the stamp, its baseline at the origin plus the descent; its width and height."""
        ops: list[bytes] = []
        fonts: dict[str, generic.PdfObject] = {}
        x = 0.0
        factor = SIZE / ENGINE_SIZE
        for path, lang, part in self._runs(stamp):
            name, engine = self.engine(path, lang)
            fonts[name] = engine.as_resource()
            shaped = engine.shape(part)  # with its text as /ActualText: Khmer's clusters copy whole
            ops.append(b"BT %g %g %g rg /%s %d Tf %g 0 0 %g %g %g Tm %s ET" % (
                *INK, name.encode("ascii"), ENGINE_SIZE, factor, factor, x, SIZE * DESCENT, shaped.graphics_ops))
            x += shaped.x_advance * SIZE
        height = SIZE * (ASCENT + DESCENT)
        content = generic.StreamObject(stream_data=b"\n".join(ops))
        page = generic.DictionaryObject({
            pdf_name("/Type"): pdf_name("/Page"),
            pdf_name("/MediaBox"): generic.ArrayObject([generic.FloatObject(0), generic.FloatObject(0),
                                                        generic.FloatObject(x), generic.FloatObject(height)]),
            pdf_name("/Resources"): generic.DictionaryObject({pdf_name("/Font"): generic.DictionaryObject(
                {pdf_name(f"/{name}"): ref for name, ref in fonts.items()})}),
            pdf_name("/Contents"): self.writer.add_object(content),
        })
        self.writer.insert_page(page)
        return x, height

    def pdf(self) -> bytes:
        out = io.BytesIO()
        self.writer.write(out)
        return out.getvalue()
