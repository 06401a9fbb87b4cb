"""Document tree -> an editable Word document (DOCX) of a press notice or minutes.

The press office edits these in Word (or Hangul, which opens DOCX), so the document is written
with real Word structure, not pasted text, from the tree the PDF is written from
(``documents/press.py``, ``documents/minutes.py``): every text, heading and cell, and their
order, are the tree's; this module only decides how each node and house style looks in Word:

- ``Heading`` level 1 (the headline, the minutes' title) is a ``Title`` paragraph, level 2
  ``Heading 1``, level 3 ``Heading 2`` (one paragraph per heading, each language on its own line,
  as the PDF stacks them), so the navigation pane and a table of contents work;
- press body points and sub-points (``item point``, ``item subpoint``) are ``List Bullet`` and
  ``List Bullet 2``; in Korean they take the ministries' markers (□ paragraph, ㅇ point,
  - sub-point) from list definitions of their own, so Word continues the list when the press
  office adds an item, and a note hangs its ※;
- a paragraph in two or three languages is a paragraph per language, first language first (the
  PDF sets them side by side); a stacked text (a heading, a cell) puts each language on its own
  line, the translations smaller;
- tables are Word tables, their column heads repeated on every page and header cells shaded;
  a decision list is a table of number and text, signatures a table of signature blocks;
- every run carries its language (``w:lang``), and the styles name a Latin, a Korean (East Asian)
  and a Khmer (complex script) font, as the PDF does (``fonts.py``): Korean never falls back to
  the template's Japanese theme font, Khmer never to a font without Khmer. Run styles ``strong``
  and ``em`` are bold and italic, ``sub`` subscript, a link a Word hyperlink.

The bytes are the same every time for the same inputs: dates come from the record
(``archive.created``), and the ZIP entries carry a fixed time stamp.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC
from typing import Any

from docx import Document as new_word_document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table as WordTable
from docx.table import _Cell, _Row
from docx.text.paragraph import Paragraph as WordParagraph
from docx.text.run import Run as WordRun
from lxml import etree

from dossiergen.documents.kinds import build_document
from dossiergen.documents.tree import (
    Cell,
    Document,
    Heading,
    ListBlock,
    Paragraph,
    Run,
    Runs,
    Signatures,
    Signer,
    Span,
    Text,
)
from dossiergen.formats.common import (
    FOLLOW,
    FOLLOW_HEADING,
    FOLLOW_SCALE,
    HEAD_SHADE,
    KOREAN_MARKERS,
    LINK,
    NAVY,
    RED,
    RULE,
    SHADE,
    TEXT_WIDTH_MM,
    NumberedRun,
    TableRun,
    TreeWriter,
    column_widths,
    joined,
    label_hang_mm,
    span_langs,
    styled_runs,
    table_grid,
    tagged,
)
from dossiergen.formats.exports import check_record_kind
from dossiergen.render.context import RenderContext
from dossiergen.render.templating import PAGE, PAGES
from dossiergen.version import __version__

FONTS = {"serif": ("Noto Serif", "NanumMyeongjo", "Noto Serif Khmer"),
         "sans": ("Noto Sans", "NanumGothic", "Noto Sans Khmer")}
"""(Latin, Korean, Khmer) family names of the faces ``fonts.py`` gives the PDF: body text serif, the rest sans."""
LANG_TAGS = {"ko": "ko-KR", "km": "km-KH", "en": "en-GB"}
"""Word's proofing languages; the records write British English (organisation, programme)."""

BODY_PT, TABLE_PT, NOTE_PT, SMALL_PT, ROLE_PT = 10.5, 9.5, 9.0, 8.6, 7.6
KHMER_LINE_SPACING = 1.5

HEADING_STYLES = {1: "Title", 2: "Heading 1", 3: "Heading 2"}
"""Word's style of a heading of each level of the tree; deeper ones are ``Heading 3``."""
KOREAN_LISTS = {"paragraph": (0, 360), "point": (360, 360), "subpoint": (720, 280)}
"""Korean press body levels: left edge of the marker and its width (twips), as print.css sets them."""
KOREAN_NOTE_INDENT = 720
LIST_INDENT_MM = 6.35
"""Where the text of a numbered list starts: ``List Number``'s and ``List Continue``'s indent (360 twips)."""
LATIN_INDENT = {"paragraph": 0, "point": 360, "subpoint": 720, "note": 360}
"""Where the text of each body level starts (twips) outside Korean: ``List Bullet`` / ``List Bullet 2``'s indents."""
LEAD_STYLES = {"paragraph": "Normal", "point": "List Bullet", "subpoint": "List Bullet 2", "note": "Note"}
FOLLOW_STYLES = {"paragraph": "Normal", "point": "List Continue", "subpoint": "List Continue 2", "note": "Note"}
"""A translation of a point continues the point (no second bullet): Word's ``List Continue`` styles."""
SEPARATOR = "   ·   "
"""Between the languages of the running head and of the page number."""
MIDDLE_TABLES = frozenset({"release-box", "contacts"})
"""House styles of tables whose cells sit in the middle of their row, as print.css sets them."""

STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"

# --- low-level OOXML helpers ----------------------------------------------------------------

_SCHEMA_ORDER = {
    "rPr": ("w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike", "w:dstrike",
            "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden",
            "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
            "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
            "w:specVanish", "w:oMath"),
    "pPr": ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl", "w:numPr",
            "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
            "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
            "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap",
            "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
            "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"),
    "tcPr": ("w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd", "w:noWrap",
             "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark", "w:headers", "w:cellIns",
             "w:cellDel", "w:cellMerge", "w:tcPrChange"),
    "trPr": ("w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter", "w:cantSplit",
             "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange"),
}
"""The order of the children of each property element (ECMA-376 Part 1, as python-docx lists it)."""


def _child(parent: Any, tag: str) -> Any:
    """``parent``'s child ``tag``, added where the schema puts it (Word refuses a file with children out of order)."""
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        sequence = _SCHEMA_ORDER[etree.QName(parent).localname]
        parent.insert_element_before(found, *sequence[sequence.index(tag) + 1:])
    return found


def _format_rpr(rpr: Any, *, bold: bool | None = None, italic: bool | None = None, size: float | None = None,
                color: str | None = None, family: str | None = None) -> None:
    """Bold, italic and size for Latin/Korean and complex-script (Khmer) text alike: Word keeps them apart."""
    for tags, value in ((("w:b", "w:bCs"), bold), (("w:i", "w:iCs"), italic)):
        if value is not None:
            for tag in tags:
                _child(rpr, tag).set(qn("w:val"), "1" if value else "0")
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            _child(rpr, tag).set(qn("w:val"), str(round(size * 2)))
    if color is not None:
        color_element = _child(rpr, "w:color")
        color_element.set(qn("w:val"), color)
        for theme in ("w:themeColor", "w:themeShade", "w:themeTint"):
            color_element.attrib.pop(qn(theme), None)
    if family is not None:
        latin, korean, khmer = FONTS[family]
        fonts = _child(rpr, "w:rFonts")
        # a theme attribute wins over a named font, and the template's East Asian theme font is Japanese
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)
        for attribute, name in (("w:ascii", latin), ("w:hAnsi", latin), ("w:eastAsia", korean), ("w:cs", khmer)):
            fonts.set(qn(attribute), name)


def _tag_language(run: WordRun, lang: str) -> None:
    """The run's language: spelling, line breaking and the font slot Word uses for shared punctuation."""
    rpr = run._r.get_or_add_rPr()
    tag = LANG_TAGS[lang]
    element = _child(rpr, "w:lang")
    if lang == "ko":
        # w:val is the language of the Latin letters in the run (GGGI, NDC): English, as Word sets it
        element.set(qn("w:val"), LANG_TAGS["en"])
        element.set(qn("w:eastAsia"), tag)
        # “ ” · and the like are set in the Korean font inside Korean text
        _child(rpr, "w:rFonts").set(qn("w:hint"), "eastAsia")
    elif lang == "km":
        element.set(qn("w:val"), tag)
        element.set(qn("w:bidi"), tag)  # Word files Khmer with the complex scripts
    else:
        element.set(qn("w:val"), tag)


def _border(ppr: Any, side: str, color: str, size_eighths: int, space: int = 1) -> None:
    borders = _child(ppr, "w:pBdr")
    line = OxmlElement(f"w:{side}")
    for name, value in (("w:val", "single"), ("w:sz", str(size_eighths)), ("w:space", str(space)),
                        ("w:color", color)):
        line.set(qn(name), value)
    borders.append(line)


def _shade(cell: _Cell, fill: str) -> None:
    shading = _child(cell._tc.get_or_add_tcPr(), "w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)


def _fit(text: str, limit: int = 255) -> str:
    """Core properties hold at most 255 characters (python-docx refuses more)."""
    return text if len(text) <= limit else text[:limit - 1] + "…"


# --- the document: styles, page, lists --------------------------------------------------------

def _setup_styles(document: WordDocument) -> None:
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _format_rpr(defaults, family="serif", size=BODY_PT)
    language = _child(defaults, "w:lang")
    for attribute, value in (("w:val", "en-GB"), ("w:eastAsia", "ko-KR"), ("w:bidi", "km-KH")):
        language.set(qn(attribute), value)

    normal = styles["Normal"]
    normal.paragraph_format.space_after = Pt(5)
    normal.paragraph_format.line_spacing = 1.25
    _format_rpr(normal.element.get_or_add_rPr(), color="151515")

    for name, size, color in (("Title", 17, NAVY), ("Subtitle", 10.5, "1A2B44"), ("Heading 1", 13, NAVY),
                              ("Heading 2", 11, NAVY), ("Heading 3", 10.5, NAVY)):
        style = styles[name]
        _format_rpr(style.element.get_or_add_rPr(), family="sans", size=size, color=color, bold=True, italic=False)
        style.font.all_caps = False
        for spacing in style.element.get_or_add_rPr().findall(qn("w:spacing")):  # Title's letter-spacing
            spacing.getparent().remove(spacing)
    title = styles["Title"].paragraph_format
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.space_before, title.space_after, title.line_spacing = Pt(8), Pt(8), 1.2
    title_ppr = styles["Title"].element.get_or_add_pPr()
    for borders in title_ppr.findall(qn("w:pBdr")):  # the template's blue rule under the title
        title_ppr.remove(borders)
    subtitle_ppr = styles["Subtitle"].element.get_or_add_pPr()
    for numbering in subtitle_ppr.findall(qn("w:numPr")):  # the template numbers its subtitle
        subtitle_ppr.remove(numbering)
    styles["Subtitle"].paragraph_format.space_after = Pt(3)
    heading_1 = styles["Heading 1"].paragraph_format
    heading_1.space_before, heading_1.space_after = Pt(16), Pt(6)
    _border(styles["Heading 1"].element.get_or_add_pPr(), "bottom", NAVY, 6, 2)
    for name in ("Heading 2", "Heading 3"):
        styles[name].paragraph_format.space_before = Pt(10)
        styles[name].paragraph_format.space_after = Pt(4)
    for name in ("List Bullet", "List Bullet 2", "List Continue", "List Continue 2", "List Number"):
        styles[name].paragraph_format.space_after = Pt(3)
        # contextualSpacing would remove the space between two points
        for contextual in styles[name].element.get_or_add_pPr().findall(qn("w:contextualSpacing")):
            contextual.getparent().remove(contextual)

    note = styles.add_style("Note", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = normal
    note.paragraph_format.left_indent = Pt(LATIN_INDENT["note"] / 20)
    note.paragraph_format.space_after = Pt(3)
    _format_rpr(note.element.get_or_add_rPr(), size=NOTE_PT, color="333333")

    table_text = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    table_text.paragraph_format.space_after = Pt(0)
    table_text.paragraph_format.line_spacing = 1.15
    _format_rpr(table_text.element.get_or_add_rPr(), size=TABLE_PT)
    table_heading = styles.add_style("Table Heading", WD_STYLE_TYPE.PARAGRAPH)
    table_heading.base_style = table_text
    _format_rpr(table_heading.element.get_or_add_rPr(), family="sans", bold=True)

    # a label that opens a part (Attachments, Apologies): bold, kept with what it opens, not an outline entry
    label = styles.add_style("Label", WD_STYLE_TYPE.PARAGRAPH)
    label.base_style = normal
    label.paragraph_format.space_before, label.paragraph_format.space_after = Pt(8), Pt(3)
    label.paragraph_format.keep_with_next = True
    _format_rpr(label.element.get_or_add_rPr(), family="sans", bold=True, color=NAVY)

    masthead = styles.add_style("Masthead", WD_STYLE_TYPE.PARAGRAPH)
    masthead.base_style = normal
    masthead.paragraph_format.space_after = Pt(0)
    masthead.paragraph_format.line_spacing = 1.1
    _format_rpr(masthead.element.get_or_add_rPr(), family="sans", bold=True, size=22, color=NAVY)

    margins = styles["Table Grid"].element.find(qn("w:tblPr")).find(qn("w:tblCellMar"))
    for side in ("w:top", "w:bottom"):  # the template's cells have no room above and below the text
        margins.find(qn(side)).set(qn("w:w"), "45")

    link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    link.font.underline = True
    link.font.color.rgb = RGBColor.from_string(LINK)


def _setup_page(document: WordDocument) -> None:
    section = document.sections[0]
    # the template is US Letter; the ministries print on A4, with the PDF's margins
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(24), Mm(22)
    section.left_margin = section.right_margin = Mm(18)
    section.header_distance, section.footer_distance = Mm(12), Mm(10)
    settings = document.settings.element
    theme_languages = settings.find(qn("w:themeFontLang"))
    if theme_languages is not None:  # Japanese in the template: what Word falls back to for East Asian text
        theme_languages.set(qn("w:eastAsia"), "ko-KR")
        theme_languages.set(qn("w:bidi"), "km-KH")


def _marker_list(document: WordDocument, marker: str, left: int, width: int) -> int:
    """A one-level bullet list with ``marker`` (□, ㅇ, -) in the Korean font; its numId."""
    numbering = document.part.numbering_part.element
    abstracts = numbering.findall(qn("w:abstractNum"))
    abstract_id = max((int(item.get(qn("w:abstractNumId"))) for item in abstracts), default=-1) + 1
    korean = FONTS["serif"][1]  # every slot: □ is no Latin font's, and editors file it under Latin
    definition = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        '<w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
        f'<w:lvlText w:val="{marker}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{left + width}" w:hanging="{width}"/></w:pPr>'
        f'<w:rPr><w:rFonts w:ascii="{korean}" w:hAnsi="{korean}" w:eastAsia="{korean}" w:cs="{korean}"'
        ' w:hint="eastAsia"/></w:rPr>'
        '</w:lvl></w:abstractNum>')
    if abstracts:
        abstracts[-1].addnext(definition)  # every abstractNum comes before the first num
    else:
        numbering.insert(0, definition)
    return int(numbering.add_num(abstract_id).numId)


def _normalized_zip(data: bytes) -> bytes:
    """The same bytes for the same document: fixed entry dates, and this program as the application."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            payload = source.read(info.filename)
            if info.filename == "docProps/app.xml":
                payload = _app_properties(payload)
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, payload)
    return out.getvalue()


def _app_properties(payload: bytes) -> bytes:
    """The template says Microsoft Word for Mac made it; say what did."""
    root = etree.fromstring(payload)
    namespace = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
    for name, value in (("Application", f"dossiergen {__version__}"), ("Template", "")):
        element = root.find(namespace + name)
        if element is not None:
            element.text = value
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


# --- the writer ------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Fmt:
    """Character formatting a writer gives a run on top of its paragraph style (None: the style's)."""

    size: float | None = None
    color: str | None = None
    bold: bool | None = None
    italic: bool | None = None
    family: str | None = None


@dataclass(frozen=True)
class _Look:
    """How a paragraph's house style looks in Word: its style, and its lead and follow languages' formatting."""

    style: str = "Normal"
    lead: _Fmt = _Fmt()
    follow: _Fmt | None = None
    """The translations' formatting; None: as the lead (a paragraph per language), smaller in a table cell."""
    align: WD_ALIGN_PARAGRAPH | None = None


def _look(styles: frozenset[str], langs: int) -> _Look:
    """Word's look of a paragraph's house style; a style not named here is a plain paragraph."""
    if "masthead-kind" in styles:
        return _Look("Masthead", follow=_Fmt(color=FOLLOW))
    if "masthead-ministry" in styles:
        return _Look("Masthead", _Fmt(size=11, color="151515"), _Fmt(size=11 * FOLLOW_SCALE, color=FOLLOW),
                     WD_ALIGN_PARAGRAPH.RIGHT)
    if "kicker" in styles:
        return _Look("Subtitle", follow=_Fmt(color=FOLLOW_HEADING), align=WD_ALIGN_PARAGRAPH.CENTER)
    if "subheadline" in styles:  # one language: centred under the headline, as print.css sets it
        return _Look("Subtitle", align=WD_ALIGN_PARAGRAPH.CENTER if langs == 1 else None)
    if styles & {"sublabel", "attachments-label"}:
        return _Look("Label", follow=_Fmt(color=FOLLOW_HEADING))
    if "decision-note" in styles:
        note = _Fmt(size=SMALL_PT, color=RED if "not-adopted" in styles else NAVY, family="sans")
        return _Look(lead=note, follow=note)
    return _Look()


class _DocxWriter(TreeWriter):
    """A Word document written from one document tree."""

    def __init__(self, document: Document) -> None:
        super().__init__(document.langs)
        self.document = document
        self.word: WordDocument = new_word_document()
        _setup_styles(self.word)
        _setup_page(self.word)
        self._korean_lists: dict[str, int] = {}
        self._ordered_lists = 0
        self._container: WordDocument | _Cell = self.word
        self._fresh: WordParagraph | None = None
        """A cell's own first paragraph, not yet written: the cell's first text goes into it."""

    def write(self) -> None:
        for mark in (self.document.watermark, self.document.specimen):
            if mark is not None:
                self.draft_mark(Text.of(mark))
        self.blocks(self.document.blocks)
        self.running_title()

    # paragraphs and runs

    @property
    def _in_cell(self) -> bool:
        return isinstance(self._container, _Cell)

    def _new(self, style: str = "Normal") -> WordParagraph:
        """A paragraph where the writer is (the body or a cell); a cell's text takes ``Table Text``."""
        if style == "Normal" and self._in_cell:
            style = "Table Text"
        if self._fresh is not None:
            paragraph, self._fresh = self._fresh, None
            paragraph.style = self.word.styles[style]
            return paragraph
        return self._container.add_paragraph(style=style)

    @contextmanager
    def _into(self, cell: _Cell) -> Iterator[None]:
        """Write into ``cell`` (its first paragraph first), then back where the writer was."""
        outer = self._container, self._fresh
        self._container, self._fresh = cell, cell.paragraphs[0]
        try:
            yield
        finally:
            self._container, self._fresh = outer

    def _runs(self, paragraph: WordParagraph, runs: Runs, lang: str | None, fmt: _Fmt = _Fmt(), *,
              hang: bool = False) -> None:
        """``runs`` in ``lang`` (None: a code, a number) with ``fmt``; ``hang``: a tab takes the text past a
        note's label, to the hanging indent."""
        if lang == "km" and paragraph.paragraph_format.line_spacing is None:
            # Khmer stacks subscript consonants and vowels above and below the line (the PDF gives it 1.95)
            paragraph.paragraph_format.line_spacing = KHMER_LINE_SPACING
        for run in styled_runs(runs, lang, hang=hang):
            word_run = paragraph.add_run(run.text)
            rpr = word_run._r.get_or_add_rPr()
            _format_rpr(rpr, bold=True if run.bold else fmt.bold, italic=True if run.italic else fmt.italic,
                        size=ROLE_PT if run.role else fmt.size, color=NAVY if run.role else fmt.color,
                        family="sans" if run.sans else fmt.family)
            if run.script is not None:
                _child(rpr, "w:vertAlign").set(qn("w:val"), "subscript" if run.script == "sub" else "superscript")
            if lang is not None:
                _tag_language(word_run, lang)
            if run.href is not None:
                self._link(paragraph, word_run, run.href)

    def _link(self, paragraph: WordParagraph, run: WordRun, url: str) -> None:
        """Make ``run`` a hyperlink to ``url`` (documents/prose.py lets only https: and mailto: through)."""
        relationship = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), relationship)
        run._r.addprevious(link)  # type: ignore[arg-type]  # types-lxml expects the sibling's own class
        link.append(run._r)
        run.style = self.word.styles["Hyperlink"]

    def _stacked(self, paragraph: WordParagraph, text: Text, lead: _Fmt = _Fmt(), follow: _Fmt | None = None,
                 number: str | None = None) -> None:
        """One paragraph, each language on its own line, the translations smaller (a heading, a title)."""
        for index, (lang, runs) in enumerate(text):
            if index:
                paragraph.add_run().add_break(WD_BREAK.LINE)
                size = (lead.size or self._style_size(paragraph)) * FOLLOW_SCALE
                self._runs(paragraph, runs, lang, replace(follow or _Fmt(color=FOLLOW), size=size))
            else:
                self._runs(paragraph, ((Run(f"{number} "),) if number else ()) + runs, lang, lead)

    def _style_size(self, paragraph: WordParagraph) -> float:
        style = paragraph.style
        while style is not None:
            if style.font.size is not None:
                return float(style.font.size.pt)
            style = style.base_style
        return BODY_PT

    def draft_mark(self, text: Text) -> None:
        """What the PDF's DRAFT watermark or specimen band says, as a first line: a placeholder stands for a missing
        text, a marked value is illustrative."""
        paragraph = self._new("Masthead")
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._stacked(paragraph, text, _Fmt(color=RED), _Fmt(color=RED))

    # blocks

    def heading(self, heading: Heading) -> None:
        paragraph = self._new(HEADING_STYLES.get(heading.level, "Heading 3"))
        self._stacked(paragraph, heading.text, follow=_Fmt(color=FOLLOW_HEADING), number=heading.number)

    def stack(self, text: Text, styles: frozenset[str]) -> None:
        look = _look(styles, len(self.langs))
        paragraph = self._new(look.style)
        self._stacked(paragraph, text, look.lead, look.follow)
        self._decorate(paragraph, styles, first=True)

    def lines(self, texts: list[tuple[str, Runs]], styles: frozenset[str]) -> None:
        look = _look(styles, len(self.langs))
        for index, (lang, runs) in enumerate(texts):
            paragraph = self._new(look.style)
            fmt = look.lead
            if index and look.follow is not None:
                fmt = look.follow
            elif index and self._in_cell:  # in a cell, a translation is set smaller, as a stacked one
                fmt = replace(fmt, size=TABLE_PT * FOLLOW_SCALE, color=FOLLOW)
            self._runs(paragraph, runs, lang, fmt)
            if look.align is not None:
                paragraph.alignment = look.align
            if index < len(texts) - 1 and not self._in_cell:
                paragraph.paragraph_format.space_after = Pt(2)  # a text and its translation read as one block
            self._decorate(paragraph, styles, first=index == 0)

    def _decorate(self, paragraph: WordParagraph, styles: frozenset[str], *, first: bool) -> None:
        """What a house style adds to a paragraph besides its formatting: rules, indents, room."""
        fmt = paragraph.paragraph_format
        if "masthead-ministry" in styles:
            fmt.space_after = Pt(8)
            _border(paragraph._p.get_or_add_pPr(), "bottom", NAVY, 24, 4)
        elif "amendments" in styles:
            fmt.left_indent = Mm(4)
            _border(paragraph._p.get_or_add_pPr(), "left", RULE, 12, 8)
        elif "decision-note" in styles and first:
            fmt.space_before = Pt(2)

    def body_item(self, paragraph: Paragraph, level: str) -> None:
        """A press body item at its level, a paragraph per language: Korean takes its marker list, a translation
        starts where the lead's text starts."""
        lead_lang = self.langs[0]
        texts = list(paragraph.text)
        for index, (lang, runs) in enumerate(texts):
            korean = lang == "ko"
            word = self._new((LEAD_STYLES if index == 0 else FOLLOW_STYLES)[level])
            fmt = word.paragraph_format
            if index == 0 and korean and level in KOREAN_LISTS:
                numbering = word._p.get_or_add_pPr().get_or_add_numPr()  # type: ignore[attr-defined]  # made at run time
                numbering.get_or_add_ilvl().val = 0
                numbering.get_or_add_numId().val = self._korean_list(level)
            elif index == 0 and korean:  # a note: ※ hangs in the margin of the text
                fmt.left_indent, fmt.first_line_indent = Pt(KOREAN_NOTE_INDENT / 20), Pt(-360 / 20)
            elif index > 0:
                fmt.left_indent = Pt(self._text_indent(lead_lang, level) / 20)
            if level == "paragraph" and index == 0:
                fmt.space_before = Pt(6)
            if index < len(texts) - 1:
                fmt.space_after = Pt(2)
            self._runs(word, runs, lang, hang=index == 0 and korean and level == "note")

    def _korean_list(self, level: str) -> int:
        if level not in self._korean_lists:
            self._korean_lists[level] = _marker_list(self.word, KOREAN_MARKERS[level], *KOREAN_LISTS[level])
        return self._korean_lists[level]

    @staticmethod
    def _text_indent(lang: str, level: str) -> int:
        if lang == "ko":
            if level == "note":
                return KOREAN_NOTE_INDENT
            left, width = KOREAN_LISTS[level]
            return left + width
        return LATIN_INDENT[level]

    def list(self, block: ListBlock) -> None:
        """Each item a list paragraph in the lead language; a translation continues its item. A label of the
        tree's own (가.) hangs as Word's numbers do: the text after it at the list's indent, wrapped lines and
        translations under the text, not under the label."""
        number = self._restarted_numbering() if block.ordered and not block.labels else None
        labels = block.labels or ("",) * len(block.items)
        hang = Mm(label_hang_mm(block.labels, BODY_PT, LIST_INDENT_MM)) if block.labels else None
        for label, item in zip(labels, block.items, strict=True):
            for node in item:
                if not isinstance(node, Span):
                    self.blocks((node,))
                    continue
                langs = span_langs(node, self.langs)
                for index, lang in enumerate(langs):
                    lead = index == 0
                    style = "List Continue" if label else "List Number" if block.ordered else "List Bullet"
                    word = self._new(style if lead else "List Continue")
                    if lead and number is not None:
                        numbering = word._p.get_or_add_pPr().get_or_add_numPr()  # type: ignore[attr-defined]  # made at run time
                        numbering.get_or_add_ilvl().val = 0
                        numbering.get_or_add_numId().val = number
                    if hang is not None:
                        word.paragraph_format.left_indent = hang
                        if lead:
                            word.paragraph_format.first_line_indent = -hang
                    if index < len(langs) - 1:
                        word.paragraph_format.space_after = Pt(1)
                    fmt, run_lang = _Fmt() if lead else _Fmt(color=FOLLOW), lang if tagged(node) else None
                    if lead and label:
                        # a label of the tree's own (가.) is typed, a tab after it taking the text to the hanging
                        # indent: Word's list numbering has no Korean series
                        self._runs(word, (Run(label),), run_lang, fmt)
                        word.add_run("\t")
                    self._runs(word, node.text[lang], run_lang, fmt)

    def _restarted_numbering(self) -> int | None:
        """The numbering of a numbered list: the style's for the first, a new one from 1 for each later list."""
        self._ordered_lists += 1
        if self._ordered_lists == 1:
            return None
        numbering = self.word.part.numbering_part.element
        style_number = self.word.styles["List Number"].element.pPr.numPr.numId.val
        num = numbering.add_num(numbering.num_having_numId(style_number).abstractNumId.val)
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
        return int(num.numId)

    # tables

    def _word_table(self, rows: int, widths_mm: Sequence[float], *, grid: bool = True) -> WordTable:
        table = self._container.add_table(rows=rows, cols=len(widths_mm))
        # python-docx puts a table in a cell after the cell's own paragraph, which stays as it is
        self._fresh = None
        if grid:
            table.style = self.word.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for column, width in zip(table.columns, widths_mm, strict=True):
            column.width = Mm(width)
            for cell in column.cells:
                cell.width = Mm(width)  # Word reads the cells' widths, LibreOffice the grid's
        return table

    def _spacer(self) -> None:
        """An empty paragraph after a table: Word joins two tables that touch, and text would stick to it."""
        if not self._in_cell:
            self._new().paragraph_format.space_after = Pt(2)

    def table(self, run: TableRun) -> None:
        grid = table_grid(run)
        table = self._word_table(grid.rows, column_widths(grid, self.langs))
        # merge first: a merge joins the paragraphs of the cells it covers
        for placed in grid.cells:
            if (placed.last_row, placed.last_column) != (placed.row, placed.column):
                table.cell(placed.row, placed.column).merge(table.cell(placed.last_row, placed.last_column))
        middle = bool(MIDDLE_TABLES & set(run.style.split()))
        for placed in grid.cells:
            cell = table.cell(placed.row, placed.column)
            self._cell(cell, placed.cell, head=placed.row < grid.head_rows)
            if middle:
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        for row in table.rows[:grid.head_rows]:  # the column heads repeat on every page the table runs over
            _child(row._tr.get_or_add_trPr(), "w:tblHeader").set(qn("w:val"), "1")
        if run.keep:
            for block in grid.blocks:
                _keep_together([table.rows[index] for index in block])
        self._spacer()

    def _cell(self, word_cell: _Cell, cell: Cell, *, head: bool) -> None:
        """A cell's spans, each language a paragraph (translations smaller), and blocks; header cells shaded."""
        styles = set(cell.style.split())
        # a delegation's label is a data cell (formats/html.py: one table) set as the heads are
        style = "Table Heading" if cell.header or "delegation" in styles else "Table Text"
        lead, follow = _Fmt(), _Fmt(size=TABLE_PT * FOLLOW_SCALE, color=FOLLOW)
        if "delegation" in styles:  # a delegation's label over its people
            lead, follow = _Fmt(color=NAVY), replace(follow, color=FOLLOW_HEADING)
        if "embargo" in styles:
            lead, follow = _Fmt(bold=True, color=RED), replace(follow, bold=True, color=RED)
        elif "immediate" in styles:
            lead, follow = _Fmt(bold=True), replace(follow, bold=True)
        with self._into(word_cell):
            for node in cell.content:
                if isinstance(node, Span):
                    self._span(node, style, lead, follow)
                else:
                    self.blocks((node,))
        if cell.header or "delegation" in styles:
            _shade(word_cell, HEAD_SHADE if head else SHADE)

    def _span(self, span: Span, style: str, lead: _Fmt, follow: _Fmt) -> None:
        for index, lang in enumerate(span_langs(span, self.langs)):
            self._runs(self._new(style), span.text[lang], lang if tagged(span) else None, follow if index else lead)

    def numbered(self, run: NumberedRun) -> None:
        """Numbered blocks (decisions) as a table: the number, then the blocks."""
        table = self._word_table(len(run.items), (10, TEXT_WIDTH_MM - 10))
        for row, item in zip(table.rows, run.items, strict=True):
            with self._into(row.cells[0]):
                self._runs(self._new("Table Text"), (Run(item.number),), None, _Fmt(bold=True, color=NAVY,
                                                                                   family="sans"))
            with self._into(row.cells[1]):
                self.blocks(item.blocks)
            _keep_together([row])
        self._spacer()

    def signatures(self, block: Signatures) -> None:
        """A table of signature blocks, ``columns`` a row, kept together on one page."""
        columns = block.columns or len(block.signers)
        rows = -(-len(block.signers) // columns)
        table = self._word_table(rows, [TEXT_WIDTH_MM / columns] * columns, grid=False)
        for index, signer in enumerate(block.signers):
            with self._into(table.cell(index // columns, index % columns)):
                self._signer(signer)
        _keep_together(list(table.rows))
        self._spacer()

    def _signer(self, signer: Signer) -> None:
        """What the signer signs for, a line to sign on, the name, title and organisation."""
        if signer.heading is not None:
            self._span(Span(signer.heading), "Table Text", _Fmt(bold=True, color=NAVY, family="sans"),
                       _Fmt(size=TABLE_PT * FOLLOW_SCALE, bold=True, color=FOLLOW_HEADING, family="sans"))
        line = self._new("Table Text")
        line.paragraph_format.space_before = Mm(12)
        line.paragraph_format.space_after = Mm(1.5)
        line.paragraph_format.right_indent = Mm(8)
        _border(line._p.get_or_add_pPr(), "bottom", "333333", 5, 1)
        for text, fmt in ((signer.name, _Fmt()), (signer.title, _Fmt(size=SMALL_PT, color="555555")),
                          (signer.organisation, _Fmt(size=SMALL_PT, color="555555"))):
            for lang, runs in text:
                self._runs(self._new("Table Text"), runs, lang, fmt)
        self._new("Table Text").paragraph_format.space_after = Mm(4)

    # page frame and file

    def running_title(self) -> None:
        """The PDF's running header (not on the first page) and page number in the footer."""
        section = self.word.sections[0]
        section.different_first_page_header_footer = True
        header = section.header.paragraphs[0]
        footers = (section.footer.paragraphs[0], section.first_page_footer.paragraphs[0])
        small, smaller = _Fmt(size=7.5, color="555555", family="sans"), _Fmt(size=8, color="444444", family="sans")
        for index, lang in enumerate(self.langs):
            if index:
                _typed(header, SEPARATOR, small)
            self._runs(header, (Run(self.document.running_title[lang]),), lang, small)
        # the catalog's "Page %(page)s of %(pages)s" with Word's own page fields in place of the two markers
        for footer in footers:
            footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for index, lang in enumerate(self.langs):
                if index:
                    _typed(footer, SEPARATOR, smaller)
                label = self.document.page_label[lang]
                start = 0
                for position, character in enumerate(label):
                    if character in (PAGE, PAGES):
                        self._runs(footer, (Run(label[start:position]),), lang, smaller)
                        self._field(footer, "PAGE" if character == PAGE else "NUMPAGES", lang, smaller)
                        start = position + 1
                self._runs(footer, (Run(label[start:]),), lang, smaller)

    def _field(self, paragraph: WordParagraph, instruction: str, lang: str, fmt: _Fmt) -> None:
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), f" {instruction} ")
        run = paragraph.add_run("1")
        _format_rpr(run._r.get_or_add_rPr(), size=fmt.size, color=fmt.color, family=fmt.family)
        _tag_language(run, lang)
        run._r.addprevious(field)  # type: ignore[arg-type]  # types-lxml expects the sibling's own class
        field.append(run._r)

    def properties(self, ctx: RenderContext) -> None:
        """Title, author, subject, language and dates for the file's properties, as the PDF's metadata has them."""
        document = self.document
        core = self.word.core_properties
        core.title = _fit(document.title[self.langs[0]])
        core.author = _fit(joined(document.author, self.langs))
        core.subject = _fit(joined(document.running_title, self.langs))
        core.language = LANG_TAGS[self.langs[0]]
        core.keywords = _fit(f"Article 6.2, ITMO, {ctx.record.id}")
        core.identifier = ctx.record.id
        core.comments = _fit(f"dossiergen {ctx.version}; record {ctx.record.id}; languages {ctx.lang_set}")
        core.last_modified_by = ""
        core.revision = 1
        core.content_status = "Draft" if document.watermark is not None else "Final"
        # python-docx writes the time as UTC without converting it
        core.created = core.modified = ctx.archive.created.astimezone(UTC).replace(tzinfo=None)

    def to_bytes(self) -> bytes:
        package = self.word.part.package
        for key, relationship in list(package.rels.items()):
            if relationship.reltype == RT.THUMBNAIL:  # the template's thumbnail shows an empty page
                del package.rels[key]
        for key, relationship in list(self.word.part.rels.items()):
            # the template's Word 2010 copy of its styles, without the fonts and styles set here:
            # an editor that reads it first would show Korean in the template's Japanese theme font
            if relationship.reltype == STYLES_WITH_EFFECTS:
                del self.word.part.rels[key]
        buffer = io.BytesIO()
        self.word.save(buffer)
        return _normalized_zip(buffer.getvalue())


def _typed(paragraph: WordParagraph, text: str, fmt: _Fmt) -> None:
    """Characters of the writer's own (a separator), set as given, in no language."""
    run = paragraph.add_run(text)
    _format_rpr(run._r.get_or_add_rPr(), size=fmt.size, color=fmt.color, family=fmt.family)


def _keep_together(rows: Sequence[_Row]) -> None:
    """Rows on one page: none splits, and each but the last keeps with the next (a delegation, a sign-off)."""
    for index, row in enumerate(rows):
        _child(row._tr.get_or_add_trPr(), "w:cantSplit").set(qn("w:val"), "1")
        if index < len(rows) - 1:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True


def render_docx(ctx: RenderContext, document: Document | None = None) -> bytes:
    """The press notice or minutes of ``ctx`` as a DOCX file's bytes, written from its document tree."""
    check_record_kind(ctx.record.path, ctx.record.kind, "docx")
    writer = _DocxWriter(document or build_document(ctx))
    writer.write()
    writer.properties(ctx)
    return writer.to_bytes()
