"""The visible signature's appearance: the document's own fonts, embedded, in the document's languages.

pyHanko's default stamp sets Courier without embedding it (so a signed PDF is no longer PDF/A) and
draws pyHanko's logo. ``SignatureStamp`` draws instead, inside a thin frame over the signature line:

- "Digitally signed" in each language of the document;
- the signer's name and title in each language, as the document prints them under the line (its
  document tree is built again from the record the PDF carries);
- the date of signing in each language's official form (the document's own date formatting), and
  the reason (what the signature is for: approving the project, adopting the minutes).

Each run of text is set in the face the document sets that language in (serif; Korean, Khmer, or
Latin for what the language's own face lacks), through pyHanko's OpenType engine (HarfBuzz shaping,
so Khmer clusters are right), which embeds a subset of each font it uses.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from fontTools.ttLib import TTFont
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.content import ResourceType
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.writer import BasePdfFileWriter
from pyhanko.stamp import TextStamp, TextStampStyle

from dossiergen.archive.extract import read_inputs
from dossiergen.documents.tree import Signatures, Signer, Text
from dossiergen.errors import DossiergenError, ExtractError, Problem, SignatureError
from dossiergen.i18n.localized import Localized

TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
"""How pyHanko hands the signing time to the stamp (``ts``): read back, then formatted per language."""
INK = (0.122, 0.231, 0.388)
"""The frame and the heading line: the documents' primary colour (print.css ``--dg-primary``, #1f3b63)."""
SIZE = 10
"""The size the text is set at before the whole stamp is scaled to fit its box."""
LEADING = 1.25
MARGIN = 2.5
FRAME = 0.6


@dataclass(frozen=True)
class Signing:
    """What a signature says about itself, in the languages of the document it signs."""

    langs: tuple[str, ...]
    heading: Localized
    reason: Localized
    signer: Signer | None
    """The signer of the signature line being signed (``None``: an invisible signature)."""
    dates: Any
    """``date -> Localized``: the document's own date formatting (its localizer)."""

    def reason_text(self) -> str:
        """The reason in every language, for the signature dictionary's /Reason."""
        return " · ".join(self.reason[lang] for lang in self.langs)


def read_signing(pdf: bytes, line: int | None, where: Path) -> Signing | None:
    """The signing context of ``pdf``'s signature line ``line`` from the record it carries; ``None`` for a
    PDF that carries no record (made by another program: it can only be signed invisibly)."""
    # imported here: rendering's modules are needed only when signing a document dossiergen made
    from dossiergen.documents.kinds import build_document
    from dossiergen.documents.signing import signature_heading, signature_reason
    from dossiergen.i18n.formatting import Conventions
    from dossiergen.records.loading import load_record
    from dossiergen.render.context import build_context

    try:
        inputs = read_inputs(pdf, where)
    except ExtractError:
        if line is None:
            return None
        raise
    options = inputs.options
    try:
        with tempfile.TemporaryDirectory() as folder:
            for name, content in inputs.records.items():
                (Path(folder) / name).write_bytes(content)
            record = load_record(Path(folder) / inputs.main)
            conventions = options.get("conventions")
            ctx = build_context(record, tuple(options["langs"]),  # type: ignore[arg-type]
                                kind=options.get("kind"),  # type: ignore[arg-type]
                                conventions=Conventions(**conventions) if isinstance(conventions, dict) else None,
                                draft=bool(options.get("draft")))
            document = build_document(ctx)
    except (DossiergenError, KeyError, TypeError) as error:
        raise SignatureError(Problem(where, None, None, "the record the PDF carries cannot be read again to"
                                                        f" write who signs ({error}); sign with --invisible")) from None
    signer = None
    if line is not None:
        signer = next((each for node in document.walk() if isinstance(node, Signatures)
                       for each in node.signers if each.line == line), None)
        if signer is None:
            raise SignatureError(Problem(where, None, None, f"the document names no signer for line {line}"))
    return Signing(langs=ctx.langs, heading=signature_heading(ctx), reason=signature_reason(ctx, document.kind),
                   signer=signer, dates=ctx.localizer.date)


def plain(text: Text, lang: str) -> str:
    """A text of the document tree in one language, its styles dropped (the specimen mark kept)."""
    return "".join(run.text for run in text[lang])


@dataclass(frozen=True)
class Line:
    """One line of the stamp: (language, text) segments; ``heading`` is set in the frame's colour."""

    segments: tuple[tuple[str, str], ...]
    heading: bool = False


def stamp_lines(signing: Signing, signed_at: datetime) -> list[Line]:
    """The stamp's lines: heading, name and title per language, the dates, the reason."""
    assert signing.signer is not None
    langs, signer = signing.langs, signing.signer
    dates = signing.dates(signed_at.date())

    def joined(values: Localized) -> tuple[tuple[str, str], ...]:
        segments: list[tuple[str, str]] = []
        for index, lang in enumerate(langs):
            segments.append((lang, (" · " if index else "") + values[lang]))
        return tuple(segments)

    lines = [Line(joined(signing.heading), heading=True)]
    lines += [Line(((lang, f"{plain(signer.name, lang)}, {plain(signer.title, lang)}"),)) for lang in langs]
    lines += [Line(joined(dates)), Line(joined(signing.reason))]
    return lines


@lru_cache(maxsize=16)
def _code_points(path: Path) -> frozenset[int]:
    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


def faces_for(lang: str, bold: bool) -> tuple[Path, ...]:
    """The files of the serif faces ``lang`` is set in, its own script's first (``render/fonts.py``)."""
    from dossiergen.render.fonts import LANGUAGE_SCRIPTS, located_faces

    weight = 700 if bold else 400
    faces = located_faces()
    return tuple(path for script in LANGUAGE_SCRIPTS[lang] for face, path in faces
                 if face.family == f"DG Serif {script}" and face.weight == weight)


def runs(text: str, faces: tuple[Path, ...]) -> Iterator[tuple[Path, str]]:
    """``text`` cut where the face that can draw it changes (the first of ``faces`` that has each
    character; a space stays with the run it is in)."""
    current: Path | None = None
    buffer = ""
    for ch in text:
        face = current if ch.isspace() and current is not None else next(
            (path for path in faces if ord(ch) in _code_points(path)), faces[-1])
        if face != current and buffer:
            assert current is not None
            yield current, buffer
            buffer = ""
        current = face
        buffer += ch
    if buffer and current is not None:
        yield current, buffer


class SignatureStamp(TextStamp):
    """The appearance stream of one visible signature (see the module's description)."""

    style: SignatureStampStyle

    def __init__(self, writer: BasePdfFileWriter, style: SignatureStampStyle, text_params: dict[str, Any],
                 box: layout.BoxConstraints) -> None:
        super().__init__(writer=writer, style=style, text_params=text_params, box=box)
        self._engines: dict[tuple[Path, str], tuple[str, GlyphAccumulator]] = {}

    def _engine(self, path: Path, lang: str) -> tuple[str, GlyphAccumulator]:
        """The font resource name and shaping engine of a face for a language (its /Lang on the text)."""
        if (path, lang) not in self._engines:
            writer = self.writer
            assert writer is not None, "pyHanko gives a stamp the writer it draws into"
            # the font's bytes, not GlyphAccumulatorFactory's open file, which nothing ever closes
            engine = GlyphAccumulator(writer, io.BytesIO(path.read_bytes()), SIZE, bcp47_lang_code=lang,
                                      obj_stream=writer.prepare_object_stream() if writer.stream_xrefs else None)
            name = f"DG{len(self._engines) + 1}"
            self.set_resource(category=ResourceType.FONT, name=pdf_name(f"/{name}"), value=engine.as_resource())
            self._engines[(path, lang)] = (name, engine)
        return self._engines[(path, lang)]

    def _render_inner_content(self) -> list[bytes]:
        signed_at = datetime.strptime(self.text_params["ts"], TIMESTAMP_FORMAT)
        assert self.style.signing is not None, "signature_stamp makes a style only with a signing"
        lines = stamp_lines(self.style.signing, signed_at)
        leading = SIZE * LEADING
        drawn: list[bytes] = []
        widest = 0.0
        for number, line in enumerate(lines):
            baseline = -(number * leading + SIZE)
            x = 0.0
            colour = b"%g %g %g rg" % INK if line.heading else b"0 0 0 rg"
            for lang, text in line.segments:
                for path, part in runs(text, faces_for(lang, line.heading)):
                    name, engine = self._engine(path, lang)
                    shaped = engine.shape(part)
                    drawn.append(b"BT %s /%s %d Tf %g %g Td %s ET" % (colour, name.encode("ascii"), SIZE, x, baseline,
                                                                     shaped.graphics_ops))
                    x += shaped.x_advance * SIZE
            widest = max(widest, x)
        height = len(lines) * leading - (leading - SIZE) + SIZE * 0.25  # the last line's descenders
        box = self.box
        inner_width, inner_height = box.width - 2 * MARGIN, box.height - 2 * MARGIN
        scale = min(1.0, inner_width / widest, inner_height / height) if widest else 1.0
        top = box.height - MARGIN - (inner_height - height * scale) / 2
        frame = b"q %g w %g %g %g RG %g %g %g %g re S Q" % (FRAME, *INK, FRAME / 2, FRAME / 2,
                                                            box.width - FRAME, box.height - FRAME)
        return [frame, b"q %g 0 0 %g %g %g cm" % (scale, scale, MARGIN + 1, top), *drawn, b"Q"]


@dataclass(frozen=True)
class SignatureStampStyle(TextStampStyle):
    """A ``TextStampStyle`` (so pyHanko hands it the signing time) that draws ``SignatureStamp``: no
    background, no logo, its own thin frame."""

    signing: Signing | None = None

    def create_stamp(self, writer: BasePdfFileWriter, box: layout.BoxConstraints,
                     text_params: dict[str, Any]) -> SignatureStamp:
        return SignatureStamp(writer=writer, style=self, text_params=text_params, box=box)


def signature_stamp(signing: Signing | None) -> SignatureStampStyle | None:
    """The stamp style of a visible signature (``None`` for an invisible one, or a PDF without a record)."""
    if signing is None or signing.signer is None:
        return None
    return SignatureStampStyle(signing=signing, border_width=0, background=None,
                               timestamp_format=TIMESTAMP_FORMAT)
