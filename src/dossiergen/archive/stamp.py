"""The visible signature's appearance: the document's own fonts, embedded, in the document's languages.

pyHanko's default stamp sets Courier without embedding it (so a signed PDF is no longer PDF/A) and
draws pyHanko's logo. ``SignatureStamp`` draws instead, in the space the template leaves above the
signature line, at sizes that can be read on paper (names 8.5 pt, titles 8 pt, the rest 6.5 pt):

- "Digitally signed" in each language of the document;
- the signer's name, then their title, in each language, as the document prints them under the line
  (its document tree is built again from the record the PDF carries);
- the date of signing in each language's official form (the document's own date formatting), and
  the reason (what the signature is for: approving the project, adopting the minutes);
- optionally a seal image at the left, as tall as the box.

Each paragraph is wrapped to the box's width, between languages first, then between words (Khmer
words found by ICU, as the documents break them). Each run of text is set in the face the document
sets that language in (serif; Korean, Khmer, or Latin for what the language's own face lacks), through
pyHanko's OpenType engine (HarfBuzz shaping, so Khmer clusters are right), which embeds a subset of
each font it uses. A light frame, no background, no logo.
"""

from __future__ import annotations

import io
import re
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from PIL import Image
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.content import ResourceType
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.images import pil_image
from pyhanko.pdf_utils.writer import BasePdfFileWriter, PdfFileWriter
from pyhanko.stamp import TextStamp, TextStampStyle

from dossiergen.documents.tree import Signatures, Signer, Text
from dossiergen.errors import DossiergenError, ExtractError, Problem, SignatureError
from dossiergen.i18n.localized import Localized
from dossiergen.reading import open_regular
from dossiergen.render.stamp_fonts import ENGINE_SIZE, faces_for, font_program, runs

TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
"""How pyHanko hands the signing time to the stamp (``ts``): read back, then formatted per language."""
INK = (0.122, 0.231, 0.388)
"""The heading line: the documents' primary colour (print.css ``--dg-primary``, #1f3b63)."""
FRAME_INK = (0.561, 0.702, 0.851)
"""The frame: the documents' light blue (the vintage chart's upper bars, #8fb3d9), light beside the text."""
TEXT_INK = (0.2, 0.2, 0.2)
"""The date and the reason: the documents' muted text (#333)."""
NAME_SIZE, TITLE_SIZE, SMALL_SIZE = 8.5, 8.0, 6.5
"""Point sizes: the signer's name, their title, the rest (heading, date, reason). Read on paper, a
signature's names and titles want 8 pt at least, and nothing below 6.5 pt."""
LEADING = {"km": 1.35}
"""Line height over size: Khmer stacks vowels and subscripts above and below the line."""
DEFAULT_LEADING = 1.2
PADDING = 3.0
"""Between the frame and the text (and the seal)."""
FRAME = 0.5
SEAL_GAP = 4.0
SEAL_SHARE = 0.4
"""A seal takes at most this share of the box's width (a wide image is scaled down to it)."""
SEAL_SHARES = (1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4)
"""The seal's height over the box's, tried in turn until the text beside it fits at its sizes."""


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
    lines: Mapping[int, Signer] = field(default_factory=dict)
    """Every signature line of the document and who signs on it."""
    draft: str | None = None
    """Why the document is a draft (its record not final, or rendered ``--draft``); ``None``: final."""
    holder: str | None = None
    """The certificate's holder, when that is not the person named on the line (one who signs for them)."""
    holder_label: Localized | None = None
    """"Certificate holder" in each language, the stamp's words for ``holder``."""

    def on(self, line: int) -> Signing:
        """The signing context of another signature line of the same document (its certificate not known)."""
        return replace(self, signer=self.lines[line], holder=None)

    def held_by(self, holder: str | None) -> Signing:
        """This context signed with the certificate of ``holder`` (its subject's common name): shown on the
        stamp unless it names the line's signer (in any language, the specimen mark aside)."""
        if holder is None or self.signer is None or any(
                _name_key(plain(self.signer.name, lang)) in _name_key(holder) for lang in self.langs):
            return replace(self, holder=None)
        return replace(self, holder=holder)

    def reason_text(self) -> str:
        """The reason in every language, for the signature dictionary's /Reason."""
        return " · ".join(self.reason[lang] for lang in self.langs)

    def description(self) -> str:
        """What the signature field is, in the document's first language (its /TU, read by screen readers):
        "Digitally signed: NAME, TITLE"."""
        lang = self.langs[0]
        if self.signer is None:
            return self.heading[lang]
        return f"{self.heading[lang]}: {plain(self.signer.name, lang)}, {plain(self.signer.title, lang)}"


def _name_key(name: str) -> str:
    """A name as compared with a certificate's: no specimen mark, no spaces or punctuation, any case
    (a Korean GPKI certificate's common name adds a serial to the name: ``홍길동()0012345678``)."""
    return "".join(char for char in MARK.sub("", name).casefold() if char.isalnum())


def read_signing(pdf: bytes, line: int | None, where: Path) -> Signing | None:
    """The signing context of ``pdf``'s signature line ``line`` from the record it carries; ``None`` for a
    PDF that carries no record (made by another program: it can only be signed invisibly)."""
    # imported here: rendering's modules are needed only when signing a document dossiergen made (and the
    # reading of its inputs imports the annexes', whose stamps use this module's fonts)
    from dossiergen.archive.extract import read_inputs
    from dossiergen.documents.kinds import build_document
    from dossiergen.documents.signing import certificate_holder_label, signature_heading, signature_reason
    from dossiergen.i18n.formatting import Conventions
    from dossiergen.records.loading import load_record
    from dossiergen.records.provenance import is_final
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
    lines = {each.line: each for node in document.walk() if isinstance(node, Signatures) for each in node.signers}
    if line is not None and line not in lines:
        raise SignatureError(Problem(where, None, None, f"the document names no signer for line {line}"))
    draft = ("rendered with --draft" if options.get("draft") else
             None if is_final(record.data) else f"the record it carries, {inputs.main}, is not final")
    return Signing(langs=ctx.langs, heading=signature_heading(ctx), reason=signature_reason(ctx, document.kind),
                   signer=lines.get(line) if line is not None else None, dates=ctx.localizer.date, lines=lines,
                   draft=draft, holder_label=certificate_holder_label(ctx))


def plain(text: Text, lang: str) -> str:
    """A text of the document tree in one language, its styles dropped (the specimen mark kept)."""
    return "".join(run.text for run in text[lang])



SEAL_PIXELS = 600
"""A seal is drawn a few centimetres wide: kept at most this many pixels a side (300 dpi at 5 cm)."""


def read_seal(path: Path) -> Image.Image:
    """The seal image at ``path`` (PNG or JPEG), checked as illustrations are, as RGB or RGB with alpha."""
    from dossiergen.records.sandbox import MAX_ILLUSTRATION_BYTES, file_kind, image_problem

    def refused(reason: str) -> SignatureError:
        return SignatureError(Problem(path, None, None, f"the seal image {reason}"))

    with open_regular(path, MAX_ILLUSTRATION_BYTES, "a seal image", SignatureError,
                      lambda reason: Problem(path, None, None, f"the seal image is refused: {reason}")) as handle:
        kind = file_kind(handle.read(8))
        if kind not in ("png", "jpeg"):
            raise refused("is not a PNG or JPEG file")
        handle.seek(0)
        problem = image_problem(handle, kind, "a seal image")
        if problem is not None:
            raise refused(problem)
        handle.seek(0)
        try:
            with Image.open(handle, formats=[kind.upper()]) as image:
                image.load()
                # PDF/A with an sRGB output intent: device RGB, the alpha channel kept as a soft mask
                alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
                seal = image.convert("RGBA" if alpha else "RGB")
        except (OSError, ValueError, SyntaxError) as error:  # what verify() cannot see: the pixels themselves
            raise refused(f"cannot be decoded ({error})") from None
    seal.thumbnail((SEAL_PIXELS, SEAL_PIXELS))
    return seal


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the stamp: (language, text) segments, joined by " · ", set at one size."""

    segments: tuple[tuple[str, str], ...]
    size: float
    bold: bool = False
    ink: tuple[float, float, float] = (0.0, 0.0, 0.0)


def stamp_text(signing: Signing, signed_at: datetime | None) -> str:
    """Everything the stamp says, paragraph by paragraph (the /Alt of its structure element: what a screen
    reader reads for it); without the date when it is not known yet (a line signed later)."""
    paragraphs = stamp_paragraphs(signing, signed_at or datetime.now())
    if signed_at is None:
        paragraphs.pop(DATE_PARAGRAPH)
    return "\n".join(" · ".join(text for _, text in paragraph.segments) for paragraph in paragraphs)


DATE_PARAGRAPH = -2
"""Where ``stamp_paragraphs`` puts the date: before the reason, the last paragraph."""


def stamp_paragraphs(signing: Signing, signed_at: datetime) -> list[Paragraph]:
    """The stamp's paragraphs: heading, name and title (each in every language), the dates, the reason."""
    assert signing.signer is not None
    langs, signer = signing.langs, signing.signer

    def each(values: Callable[[str], str]) -> tuple[tuple[str, str], ...]:
        return tuple((lang, values(lang)) for lang in langs)

    dates = signing.dates(signed_at.date())
    holder, label = signing.holder, signing.holder_label
    # one who signs for the person on the line says so: the certificate's holder under the heading, named once
    # ("인증서 명의자 · Certificate holder: NAME"), the room above a line being small
    held = ([Paragraph(each(lambda lang: label[lang] + (f": {holder}" if lang == langs[-1] else "")), SMALL_SIZE,
                       ink=TEXT_INK)] if holder is not None and label is not None else [])
    return [Paragraph(each(signing.heading.__getitem__), SMALL_SIZE, bold=True, ink=INK), *held,
            Paragraph(each(lambda lang: plain(signer.name, lang)), NAME_SIZE, bold=True),
            Paragraph(each(lambda lang: plain(signer.title, lang)), TITLE_SIZE),
            Paragraph(each(dates.__getitem__), SMALL_SIZE, ink=TEXT_INK),
            Paragraph(each(signing.reason.__getitem__), SMALL_SIZE, ink=TEXT_INK)]


@dataclass(frozen=True)
class Token:
    """A word of a paragraph, with what separates it from the word before (nothing at a line's start)."""

    lang: str
    lead: str
    word: str


MARK = re.compile(r"\[[^\[\]]+\]")
"""The specimen mark after an illustrative value (``[SPECIMEN]``): it stays on its value's line."""


def tokens(lang: str, text: str, first: bool) -> list[Token]:
    """The words of one language's text: after a space, after the " · " that separates it from the
    language before (``first``: none), or (Khmer, which writes no spaces) at ICU's word boundaries."""
    from dossiergen.render.typeset.khmer_breaks import khmer_words

    out: list[Token] = []
    for word in text.split():
        if out and MARK.fullmatch(word):
            out[-1] = Token(lang, out[-1].lead, f"{out[-1].word} {word}")
            continue
        lead = " " if out else "" if first else " · "
        pieces = [piece for piece in (khmer_words(word) if lang == "km" else [word]) if piece]
        out += [Token(lang, lead if index == 0 else "", piece) for index, piece in enumerate(pieces)]
    return out


Measure = Callable[[Path, str, str], float]
"""The advance of a text set in a face for a language, in ems."""


@dataclass(frozen=True)
class SetLine:
    """One line of the stamp as it is drawn: (language, text) groups, at the paragraph's size."""

    groups: tuple[tuple[str, str], ...]
    paragraph: Paragraph

    @property
    def height(self) -> float:
        return self.paragraph.size * max(LEADING.get(lang, DEFAULT_LEADING) for lang, _ in self.groups)


def groups_of(line: Sequence[Token]) -> tuple[tuple[str, str], ...]:
    """The tokens of a line as (language, text) groups, the first token's separator dropped."""
    groups: list[tuple[str, str]] = []
    for index, token in enumerate(line):
        text = (token.lead if index else "") + token.word
        if groups and groups[-1][0] == token.lang:
            groups[-1] = (token.lang, groups[-1][1] + text)
        else:
            groups.append((token.lang, text))
    return tuple(groups)


def line_width(groups: Sequence[tuple[str, str]], bold: bool, measure: Measure) -> float:
    """The advance of a line's groups in ems, each run in the face that draws it."""
    return sum(measure(path, lang, part) for lang, text in groups for path, part in runs(text, faces_for(lang, bold)))


def wrap(paragraph: Paragraph, width: float, measure: Measure) -> list[SetLine]:
    """The paragraph in lines no wider than ``width`` points: on one line if it fits, else each language
    on lines of its own, wrapped between words (a word wider than the line stands alone)."""
    every = [token for index, (lang, text) in enumerate(paragraph.segments) for token in tokens(lang, text, index == 0)]

    def fits(line: Sequence[Token]) -> bool:
        return line_width(groups_of(line), paragraph.bold, measure) * paragraph.size <= width

    if fits(every):
        return [SetLine(groups_of(every), paragraph)]
    lines: list[list[Token]] = []
    for lang, text in paragraph.segments:
        lines.append([])
        for token in tokens(lang, text, True):
            if lines[-1] and not fits([*lines[-1], token]):
                lines.append([])
            lines[-1].append(token)
    return [SetLine(groups_of(line), paragraph) for line in lines if line]


def set_lines(paragraphs: Sequence[Paragraph], width: float, measure: Measure) -> list[SetLine]:
    """Every paragraph wrapped to ``width``."""
    return [line for paragraph in paragraphs for line in wrap(paragraph, width, measure)]


class SignatureStamp(TextStamp):
    """The appearance stream of one visible signature (see the module's description)."""

    style: SignatureStampStyle

    def __init__(self, writer: BasePdfFileWriter, style: SignatureStampStyle, text_params: dict[str, Any],
                 box: layout.BoxConstraints) -> None:
        super().__init__(writer=writer, style=style, text_params=text_params, box=box)
        self._engines: dict[tuple[Path, str], tuple[str, GlyphAccumulator]] = {}
        self._text = ""
        """Every character the stamp draws (a font with other than 1000 units an em is cut to them)."""

    def _engine(self, path: Path, lang: str) -> tuple[str, GlyphAccumulator]:
        """The font resource name and shaping engine of a face for a language (its /Lang on the text)."""
        if (path, lang) not in self._engines:
            writer = self.writer
            assert writer is not None, "pyHanko gives a stamp the writer it draws into"
            # the font's bytes, not GlyphAccumulatorFactory's open file, which nothing ever closes
            engine = GlyphAccumulator(writer, io.BytesIO(font_program(path, self._text)), ENGINE_SIZE,
                                      bcp47_lang_code=lang,
                                      obj_stream=writer.prepare_object_stream() if writer.stream_xrefs else None)
            name = f"DG{len(self._engines) + 1}"
            self.set_resource(category=ResourceType.FONT, name=pdf_name(f"/{name}"), value=engine.as_resource())
            self._engines[(path, lang)] = (name, engine)
        return self._engines[(path, lang)]

    def _measure(self, path: Path, lang: str, text: str) -> float:
        return float(self._engine(path, lang)[1].shape(text, with_actual_text=False).x_advance)

    def _seal_width(self, height: float) -> float:
        """The width of the seal drawn ``height`` tall (no seal: 0), at most ``SEAL_SHARE`` of the box."""
        seal = self.style.seal
        return 0.0 if seal is None else min(height * seal.width / seal.height, self.box.width * SEAL_SHARE)

    def _seal(self, width: float) -> list[bytes]:
        """The seal drawn ``width`` wide at the box's left, centred in its height (no seal: nothing)."""
        seal, writer = self.style.seal, self.writer
        if seal is None or not width:
            return []
        assert writer is not None, "pyHanko gives a stamp the writer it draws into"
        # an image XObject; an alpha channel becomes its /SMask (PDF/A-2 and -3 allow soft masks)
        self.set_resource(category=ResourceType.XOBJECT, name=pdf_name("/DGSeal"), value=pil_image(seal, writer))
        height = width * seal.height / seal.width
        return [b"q %g 0 0 %g %g %g cm /DGSeal Do Q" % (width, height, FRAME + PADDING, (self.box.height - height) / 2)]

    def _paragraphs(self, signed_at: datetime) -> list[Paragraph]:
        """What the stamp says, its characters noted for the fonts cut to them."""
        assert self.style.signing is not None, "signature_stamp makes a style only with a signing"
        paragraphs = stamp_paragraphs(self.style.signing, signed_at)
        self._text = "".join(text for paragraph in paragraphs for _, text in paragraph.segments) + " · "
        return paragraphs

    def _layout(self, paragraphs: Sequence[Paragraph], inner: float) -> tuple[float, list[SetLine]]:
        """The seal's width and the text's lines: the seal as tall as the box, or less if the text needs the
        room to stay at its sizes (``SEAL_SHARES``)."""
        shares = SEAL_SHARES if self.style.seal is not None else (0.0,)
        for share in shares:
            seal_width = self._seal_width(inner * share)
            width = self.box.width - 2 * (FRAME + PADDING) - (seal_width + SEAL_GAP if seal_width else 0.0)
            lines = set_lines(paragraphs, width, self._measure)
            if sum(line.height for line in lines) <= inner + 0.01:
                break
        return seal_width, lines

    def _render_inner_content(self) -> list[bytes]:
        signed_at = datetime.strptime(self.text_params["ts"], TIMESTAMP_FORMAT)
        box = self.box
        inner = box.height - 2 * (FRAME + PADDING)
        paragraphs = self._paragraphs(signed_at)
        seal_width, lines = self._layout(paragraphs, inner)
        drawn = self._seal(seal_width)
        left = FRAME + PADDING + (seal_width + SEAL_GAP if seal_width else 0.0)
        height = sum(line.height for line in lines)
        # the template leaves room for every sample's stamp; a longer one is scaled down rather than cut
        scale = min(1.0, inner / height) if height else 1.0
        y = box.height - FRAME - PADDING - (inner - height * scale) / 2
        text: list[bytes] = []
        for line in lines:
            size = line.paragraph.size * scale
            baseline = y - line.height * scale + (line.height * scale - size) / 2 + size * 0.22
            x = left
            for lang, group in line.groups:
                for path, part in runs(group, faces_for(lang, line.paragraph.bold)):
                    name, engine = self._engine(path, lang)
                    shaped = engine.shape(part)
                    # the engine shapes at ENGINE_SIZE; the text matrix scales it to the line's size
                    factor = size / ENGINE_SIZE
                    text.append(b"BT %g %g %g rg /%s %d Tf %g 0 0 %g %g %g Tm %s ET"
                                % (*line.paragraph.ink, name.encode("ascii"), ENGINE_SIZE, factor, factor, x, baseline,
                                   shaped.graphics_ops))
                    x += shaped.x_advance * size
            y -= line.height * scale
        frame = b"q %g w %g %g %g RG %g %g %g %g re S Q" % (FRAME, *FRAME_INK, FRAME / 2, FRAME / 2,
                                                            box.width - FRAME, box.height - FRAME)
        return [frame, *drawn, *text]


def fits(signing: Signing, width: float, height: float, seal: Image.Image | None = None) -> bool:
    """Whether the stamp of ``signing`` fits a box of ``width`` by ``height`` points at its sizes (a
    stamp that does not is scaled down): what the room the templates leave is measured by."""
    stamp = SignatureStamp(PdfFileWriter(), SignatureStampStyle(signing=signing, seal=seal), {},
                           layout.BoxConstraints(width, height))
    inner = height - 2 * (FRAME + PADDING)
    _, lines = stamp._layout(stamp._paragraphs(datetime.now()), inner)
    return sum(line.height for line in lines) <= inner + 0.01


@dataclass(frozen=True)
class SignatureStampStyle(TextStampStyle):
    """A ``TextStampStyle`` (so pyHanko hands it the signing time) that draws ``SignatureStamp``: no
    background, no logo, its own light frame, and the seal if there is one."""

    signing: Signing | None = None
    seal: Image.Image | None = None

    def create_stamp(self, writer: BasePdfFileWriter, box: layout.BoxConstraints,
                     text_params: dict[str, Any]) -> SignatureStamp:
        return SignatureStamp(writer=writer, style=self, text_params=text_params, box=box)


def signature_stamp(signing: Signing | None, seal: Image.Image | None = None) -> SignatureStampStyle | None:
    """The stamp style of a visible signature (``None`` for an invisible one, or a PDF without a record)."""
    if signing is None or signing.signer is None:
        return None
    return SignatureStampStyle(signing=signing, seal=seal, border_width=0, background=None,
                               timestamp_format=TIMESTAMP_FORMAT)
