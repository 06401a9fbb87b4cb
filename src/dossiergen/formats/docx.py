"""Press notice or minutes -> an editable Word document (DOCX), from the PDF's ``RenderContext``.

The press office edits these in Word (or Hangul, which opens DOCX), so the document is built
from real Word structure, not pasted text:

- the headline or minutes title is a ``Title`` paragraph, section headings are ``Heading 1`` and
  ``Heading 2`` (one paragraph per heading, each language on its own line, as the PDF stacks
  them), so the navigation pane and a table of contents work;
- press body points and sub-points are ``List Bullet`` and ``List Bullet 2``; in Korean they take
  the ministries' markers (□ paragraph, ㅇ point, - sub-point, ※ note) from list definitions of
  their own, so Word continues the list when the press office adds an item;
- the contact table, the release box, the attendees, decisions, actions and signatures are Word
  tables;
- every run carries its language (``w:lang``), and the styles name a Latin, a Korean (East Asian)
  and a Khmer (complex script) font, as the PDF does (``fonts.py``): Korean never falls back to
  the template's Japanese theme font, Khmer never to a font without Khmer.

With two or three languages, each block is written in the first language, then in the next
(the PDF sets them side by side). Texts, figures and fixed wording come from the context and the
catalogs; nothing is computed here. Prose (minutes discussion) is the HTML of ``prose.py``'s
Markdown subset: ``<strong>`` becomes bold, ``<em>`` italic, ``<a href>`` a Word hyperlink.

The bytes are the same every time for the same inputs: dates come from the record
(``archive.created``), and the ZIP entries carry a fixed time stamp.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping, Sequence
from datetime import UTC
from typing import Any

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from dossiergen.formats.common import (
    CONSENSUS,
    DATELINE,
    DELEGATIONS,
    EMBARGO,
    HOST_DELEGATION,
    ISSUED_AT,
    MEETING,
    MINUTES_RUNNING,
    NO_PREVIOUS,
    PAGE,
    PERSON,
    PERSON_AT,
    PHOTO,
    PRESS_RUNNING,
    PREVIOUS,
    QUOTE,
    RANGE,
    ROLES,
    VOTE,
    WHEN,
    segments,
)
from dossiergen.formats.exports import check_record_kind
from dossiergen.render.context import RenderContext
from dossiergen.render.localize import Localized
from dossiergen.version import __version__

FONTS = {"serif": ("Noto Serif", "NanumMyeongjo", "Noto Serif Khmer"),
         "sans": ("Noto Sans", "NanumGothic", "Noto Sans Khmer")}
"""(Latin, Korean, Khmer) family names of the faces ``fonts.py`` gives the PDF: body text serif, the rest sans."""
LANG_TAGS = {"ko": "ko-KR", "km": "km-KH", "en": "en-GB"}
"""Word's proofing languages; the records write British English (organisation, programme)."""

NAVY, FOLLOW, FOLLOW_HEADING, RED, SHADE, HEAD_SHADE, RULE = (
    "1F3B63", "4A4A4A", "5A6E8C", "9B1C1C", "EEF2F7", "DDE5EF", "9AA5B5")
"""print.css's colours, so the DOCX looks like the PDF it sits beside."""
BODY_PT, TABLE_PT, NOTE_PT = 10.5, 9.5, 9.0
KHMER_LINE_SPACING = 1.5
FOLLOW_SCALE = 0.86
"""A stacked translation (in a heading, a table cell) is set smaller, as ``.follow`` is in print.css."""

TEXT_WIDTH_MM = 174
"""A4 less the PDF's 18 mm side margins."""

KOREAN_MARKERS = {"paragraph": ("□", 0, 360), "point": ("ㅇ", 360, 360), "subpoint": ("-", 720, 280)}
"""Korean press body levels: marker, left edge of the marker and its width (twips), as print.css sets them."""
KOREAN_NOTE_INDENT = 720
LATIN_INDENT = {"paragraph": 0, "point": 360, "subpoint": 720, "note": 360}
"""Where the text of each body level starts (twips) outside Korean: ``List Bullet`` / ``List Bullet 2``'s indents."""
LEAD_STYLES = {"paragraph": "Normal", "point": "List Bullet", "subpoint": "List Bullet 2", "note": "Note"}
FOLLOW_STYLES = {"paragraph": "Normal", "point": "List Continue", "subpoint": "List Continue 2", "note": "Note"}
"""A translation of a point continues the point (no second bullet): Word's ``List Continue`` styles."""

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


def _tag_language(run: Run, lang: str) -> None:
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
    link.font.color.rgb = RGBColor.from_string("1F4E9C")


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


def _marker_list(document: WordDocument, marker: str, left: int, width: int) -> str:
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
    return str(numbering.add_num(abstract_id).numId)


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
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --- the writer ------------------------------------------------------------------------------

class _Writer:
    """A Word document for one context, with the block-level pieces both document kinds use."""

    def __init__(self, ctx: RenderContext) -> None:
        self.ctx = ctx
        self.langs = ctx.langs
        self.document: WordDocument = Document()
        _setup_styles(self.document)
        _setup_page(self.document)
        self._korean_lists: dict[str, str] = {}

    def say(self, msgid: str, **values: Any) -> Localized:
        return self.ctx.translate(msgid, **values)

    # runs and paragraphs

    def paragraph(self, style: str = "Normal") -> Paragraph:
        return self.document.add_paragraph(style=style)

    def write(self, paragraph: Paragraph, text: str, lang: str | None, *, bold: bool | None = None,
              italic: bool | None = None, size: float | None = None, color: str | None = None,
              family: str | None = None) -> None:
        """``text`` (plain, or prose HTML) as runs of ``paragraph`` in ``lang``."""
        if lang == "km" and paragraph.paragraph_format.line_spacing is None:
            # Khmer stacks subscript consonants and vowels above and below the line (the PDF gives it 1.95)
            paragraph.paragraph_format.line_spacing = KHMER_LINE_SPACING
        for part in segments(text):
            run = paragraph.add_run(part.text)
            _format_rpr(run._r.get_or_add_rPr(), bold=True if part.bold else bold,
                        italic=True if part.italic else italic, size=size, color=color, family=family)
            if lang is not None:
                _tag_language(run, lang)
            if part.href is not None:
                self._link(paragraph, run, part.href)

    def _link(self, paragraph: Paragraph, run: Run, url: str) -> None:
        """Make ``run`` a hyperlink to ``url`` (prose.py let only https: and mailto: through)."""
        relationship = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), relationship)
        run._r.addprevious(link)
        link.append(run._r)
        run.style = self.document.styles["Hyperlink"]

    def stacked(self, paragraph: Paragraph, text: Mapping[str, str], *, number: str | None = None,
                color: str | None = None, follow_color: str = FOLLOW, size: float | None = None,
                **formatting: Any) -> None:
        """One paragraph, each language on its own line, the translations smaller (a heading, a title)."""
        for index, lang in enumerate(self.langs):
            if index:
                paragraph.add_run().add_break(WD_BREAK.LINE)
                follow_size = (size or self._style_size(paragraph)) * FOLLOW_SCALE
                self.write(paragraph, text[lang], lang, size=follow_size, color=follow_color, **formatting)
            else:
                self.write(paragraph, f"{number}. {text[lang]}" if number else text[lang], lang, size=size,
                           color=color, **formatting)

    def _style_size(self, paragraph: Paragraph) -> float:
        style = paragraph.style
        while style is not None:
            if style.font.size is not None:
                return style.font.size.pt
            style = style.base_style
        return BODY_PT

    def pair(self, text: Mapping[str, str], style: str = "Normal", **formatting: Any) -> list[Paragraph]:
        """A paragraph per language, first language first: what the PDF sets side by side."""
        paragraphs = []
        for index, lang in enumerate(self.langs):
            paragraph = self.paragraph(style)
            self.write(paragraph, text[lang], lang, **formatting)
            if index < len(self.langs) - 1:
                paragraph.paragraph_format.space_after = Pt(2)  # a text and its translation read as one block
            paragraphs.append(paragraph)
        return paragraphs

    def title(self, text: Mapping[str, str]) -> Paragraph:
        paragraph = self.paragraph("Title")
        self.stacked(paragraph, text, follow_color=FOLLOW_HEADING)
        return paragraph

    def heading(self, text: Mapping[str, str], level: int, number: str | None = None) -> Paragraph:
        paragraph = self.paragraph(f"Heading {level}")
        self.stacked(paragraph, text, number=number, follow_color=FOLLOW_HEADING)
        return paragraph

    def draft_mark(self) -> None:
        """What the PDF's DRAFT watermark says, as the first line: a placeholder stands for a missing text."""
        paragraph = self.paragraph("Masthead")
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.stacked(paragraph, self.say("DRAFT"), color=RED, follow_color=RED)

    # tables

    def table(self, rows: int, widths_mm: Sequence[float], *, grid: bool = True) -> Table:
        table = self.document.add_table(rows=rows, cols=len(widths_mm))
        if grid:
            table.style = self.document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for column, width in zip(table.columns, widths_mm, strict=True):
            column.width = Mm(width)
            for cell in column.cells:
                cell.width = Mm(width)  # Word reads the cells' widths, LibreOffice the grid's
        return table

    def cell(self, cell: _Cell, text: Mapping[str, str] | str, *, header: bool = False, shade: str | None = None,
             once_if_same: bool = False, color: str | None = None, follow_color: str = FOLLOW,
             **formatting: Any) -> None:
        """A cell's text in each language, translations smaller; a code or phone number once."""
        style = "Table Heading" if header else "Table Text"
        paragraph = cell.paragraphs[0]
        paragraph.style = self.document.styles[style]
        if isinstance(text, str):
            self.write(paragraph, text, None, color=color, **formatting)
        else:
            langs = self.langs[:1] if once_if_same and isinstance(text, Localized) and text.same_in_all \
                else self.langs
            for index, lang in enumerate(langs):
                if index:
                    paragraph = cell.add_paragraph(style=style)
                    self.write(paragraph, text[lang], lang, size=TABLE_PT * FOLLOW_SCALE, color=follow_color,
                               **formatting)
                else:
                    self.write(paragraph, text[lang], lang, color=color, **formatting)
        if shade is not None:
            _shade(cell, shade)
        elif header:
            _shade(cell, SHADE)

    def facts(self, rows: Sequence[tuple[Localized, Localized]], label_mm: float = 40) -> Table:
        """A label / value table (meeting facts, an event)."""
        table = self.table(len(rows), (label_mm, TEXT_WIDTH_MM - label_mm))
        for row, (label, value) in zip(table.rows, rows, strict=True):
            self.cell(row.cells[0], label, header=True)
            self.cell(row.cells[1], value, once_if_same=True)
        return table

    def header_row(self, table: Table, labels: Sequence[Mapping[str, str] | str]) -> None:
        """The first row as column heads, repeated on every page the table runs over."""
        row = table.rows[0]
        _child(row._tr.get_or_add_trPr(), "w:tblHeader").set(qn("w:val"), "1")
        for cell, label in zip(row.cells, labels, strict=True):
            self.cell(cell, label, header=True, shade=HEAD_SHADE)

    def spacer(self) -> None:
        """An empty paragraph after a table: Word joins two tables that touch, and text would stick to it."""
        self.paragraph().paragraph_format.space_after = Pt(2)

    # press body

    def korean_list(self, level: str) -> str:
        if level not in self._korean_lists:
            self._korean_lists[level] = _marker_list(self.document, *KOREAN_MARKERS[level])
        return self._korean_lists[level]

    def body_item(self, level: str, text: Mapping[str, str], opening: Mapping[str, str] | None = None) -> None:
        """One press body item at its level, in each language; ``opening`` (the dateline) where given."""
        lead_lang = self.langs[0]
        for index, lang in enumerate(self.langs):
            korean = lang == "ko"
            paragraph = self.paragraph((LEAD_STYLES if index == 0 else FOLLOW_STYLES)[level])
            fmt = paragraph.paragraph_format
            if index == 0 and korean and level in KOREAN_MARKERS:
                numbering = paragraph._p.get_or_add_pPr().get_or_add_numPr()
                numbering.get_or_add_ilvl().val = 0
                numbering.get_or_add_numId().val = int(self.korean_list(level))
            elif index == 0 and korean:  # a note: ※ hangs in the margin of the text
                fmt.left_indent, fmt.first_line_indent = Pt(KOREAN_NOTE_INDENT / 20), Pt(-360 / 20)
            elif index > 0:  # a translation starts where the lead's text starts
                fmt.left_indent = Pt(self._text_indent(lead_lang, level) / 20)
            if level == "paragraph" and index == 0:
                fmt.space_before = Pt(6)
            if index < len(self.langs) - 1:
                fmt.space_after = Pt(2)
            if opening is not None and lang in opening:
                self.write(paragraph, opening[lang] + " ", lang, bold=True)
            if level == "note":
                label = self.say("Note:")[lang]
                # the tab takes the Korean text to the hanging indent, past ※
                run = paragraph.add_run(label + ("\t" if index == 0 and korean else " "))
                _format_rpr(run._r.get_or_add_rPr(), bold=not korean)
                _tag_language(run, lang)
            self.write(paragraph, text[lang], lang)

    @staticmethod
    def _text_indent(lang: str, level: str) -> int:
        if lang == "ko":
            if level == "note":
                return KOREAN_NOTE_INDENT
            _, left, width = KOREAN_MARKERS[level]
            return left + width
        return LATIN_INDENT[level]

    def numbered_items(self, items: Sequence[Mapping[str, str]]) -> None:
        """A numbered list (agenda, attachments); a translation continues its item."""
        for item in items:
            for index, lang in enumerate(self.langs):
                paragraph = self.paragraph("List Number" if index == 0 else "List Continue")
                if index < len(self.langs) - 1:
                    paragraph.paragraph_format.space_after = Pt(1)
                self.write(paragraph, item[lang], lang, color=None if index == 0 else FOLLOW)

    # page frame

    def running_title(self, text: Mapping[str, str]) -> None:
        """The PDF's running header (not on the first page) and page number in the footer."""
        section = self.document.sections[0]
        section.different_first_page_header_footer = True
        header = section.header.paragraphs[0]
        footers = (section.footer.paragraphs[0], section.first_page_footer.paragraphs[0])
        for index, lang in enumerate(self.langs):
            if index:
                self.write(header, "   ·   ", None, size=7.5, color="555555", family="sans")
            self.write(header, text[lang], lang, size=7.5, color="555555", family="sans")
        # the catalog's "Page %(page)s of %(pages)s" with Word's own page fields in place of the numbers
        label = self.say(PAGE, page="\0PAGE\0", pages="\0NUMPAGES\0")
        for footer in footers:
            footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for index, lang in enumerate(self.langs):
                if index:
                    self.write(footer, "   ·   ", None, size=8, color="444444", family="sans")
                for part in label[lang].split("\0"):
                    if part in ("PAGE", "NUMPAGES"):
                        self._field(footer, part, lang)
                    elif part:
                        self.write(footer, part, lang, size=8, color="444444", family="sans")

    def _field(self, paragraph: Paragraph, instruction: str, lang: str) -> None:
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), f" {instruction} ")
        run = paragraph.add_run("1")
        _format_rpr(run._r.get_or_add_rPr(), size=8, color="444444", family="sans")
        _tag_language(run, lang)
        run._r.addprevious(field)
        field.append(run._r)

    def properties(self, title: Mapping[str, str], author: Mapping[str, str], subject: Mapping[str, str]) -> None:
        """Title, author, language and dates for the file's properties, as the PDF's metadata has them."""
        ctx = self.ctx
        core = self.document.core_properties
        core.title = _fit(title[self.langs[0]])
        core.author = _fit(" · ".join(author[lang] for lang in self.langs))
        core.subject = _fit(" · ".join(subject[lang] for lang in self.langs))
        core.language = LANG_TAGS[self.langs[0]]
        core.keywords = _fit(f"Article 6.2, ITMO, {ctx.record.id}")
        core.identifier = ctx.record.id
        core.comments = _fit(f"dossiergen {ctx.version}; record {ctx.record.id}; languages {ctx.lang_set}")
        core.last_modified_by = ""
        core.revision = 1
        core.content_status = "Draft" if ctx.placeholders else "Final"
        if ctx.archive is not None:  # python-docx writes the time as UTC without converting it
            created = ctx.archive.created.astimezone(UTC).replace(tzinfo=None)
            core.created = core.modified = created

    def to_bytes(self) -> bytes:
        package = self.document.part.package
        for key, relationship in list(package.rels.items()):
            if relationship.reltype == RT.THUMBNAIL:  # the template's thumbnail shows an empty page
                del package.rels[key]
        for key, relationship in list(self.document.part.rels.items()):
            # the template's Word 2010 copy of its styles, without the fonts and styles set here:
            # an editor that reads it first would show Korean in the template's Japanese theme font
            if relationship.reltype == STYLES_WITH_EFFECTS:
                del self.document.part.rels[key]
        buffer = io.BytesIO()
        self.document.save(buffer)
        return _normalized_zip(buffer.getvalue())


# --- the documents ---------------------------------------------------------------------------

def render_docx(ctx: RenderContext) -> bytes:
    """The press notice or minutes of ``ctx`` as a DOCX file's bytes."""
    check_record_kind(ctx.record.path, ctx.record.kind, "docx")
    writer = _Writer(ctx)
    if ctx.placeholders:
        writer.draft_mark()
    if ctx.kind == "press":
        _press(writer)
    else:
        _minutes(writer)
    return writer.to_bytes()


def _press(w: _Writer) -> None:
    ctx = w.ctx
    doc, derived = ctx.doc, ctx.derived
    w.properties(doc.headline, doc.ministry, w.say(PRESS_RUNNING, ministry=doc.ministry))
    w.running_title(w.say(PRESS_RUNNING, ministry=doc.ministry))

    kind = w.paragraph("Masthead")
    w.stacked(kind, w.say("Press release"))
    ministry = w.paragraph("Masthead")
    ministry.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    ministry.paragraph_format.space_after = Pt(8)
    w.stacked(ministry, doc.ministry, size=11, color="151515")
    _border(ministry._p.get_or_add_pPr(), "bottom", NAVY, 24, 4)

    _release_box(w)
    w.title(doc.headline)
    single = len(w.langs) == 1
    for line in doc.subheadlines:
        # the Korean ministries' "- … -" sub-headlines
        text = Localized({lang: f"- {line[lang]} -" if lang == "ko" else line[lang] for lang in w.langs})
        for paragraph in w.pair(text, "Subtitle"):
            if single:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    dateline = derived.dateline
    opening = None
    if dateline is not None:
        sentence = w.say(DATELINE, place=dateline.place, date=dateline.date)
        opening = {lang: sentence[lang] for lang in dateline.langs}
    for item in derived.body:
        w.body_item(item.level, item.text, opening if item.first else None)
    for quote in derived.quotes:
        w.body_item("paragraph", w.say(QUOTE, name=quote.name, title=quote.title_topic, quote=quote.text))

    event = doc.event
    if event is not None:
        w.heading(w.say("Event"), 1)
        w.facts([(w.say("Event"), event.name), (w.say("Dates"), w.say(RANGE, start=event.start, end=event.end)),
                 (w.say("Place"), event.place)])
        w.spacer()
        if event.agreements:
            w.heading(w.say("Memoranda of understanding"), 1)
            table = w.table(len(event.agreements) + 1, (70, TEXT_WIDTH_MM - 70))
            w.header_row(table, [w.say("Counterpart"), w.say("Subject")])
            for row, agreement in zip(table.rows[1:], event.agreements, strict=True):
                w.cell(row.cells[0], agreement.counterpart)
                w.cell(row.cells[1], agreement.subject)
            w.spacer()

    attachments = list(doc.attachments)
    if doc.web.image is not None:
        attachments.append(w.say(PHOTO, caption=doc.web.image.caption))
    if attachments:
        w.heading(w.say("Attachments"), 1)
        w.numbered_items(attachments)
    _contacts(w)


def _release_box(w: _Writer) -> None:
    """Release: immediate or embargoed, where and when it is issued, as the PDF's header box."""
    ctx = w.ctx
    derived = ctx.derived
    release, dateline = derived.release, derived.dateline
    when = w.say(WHEN, weekday=release.weekday, date=release.date, time=release.time)
    if release.embargo:
        embargo = w.say(EMBARGO, time=when)
        if dateline is not None:
            table = w.table(1, (26, 86, 22, 40))
            cells = table.rows[0].cells
            w.cell(cells[2], w.say("Issued"), header=True)
            w.cell(cells[3], dateline.place)
        else:
            table = w.table(1, (26, TEXT_WIDTH_MM - 26))
            cells = table.rows[0].cells
        w.cell(cells[1], embargo, bold=True, color=RED, follow_color=RED)
    else:
        table = w.table(1, (26, 48, 22, 78))
        cells = table.rows[0].cells
        w.cell(cells[1], w.say("For immediate release"), bold=True)
        w.cell(cells[2], w.say("Issued"), header=True)
        issued = w.say(ISSUED_AT, date=when, place=dateline.place) if dateline is not None else when
        w.cell(cells[3], issued)
    w.cell(cells[0], w.say("Release"), header=True)
    for cell in table.rows[0].cells:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    w.spacer()


def _contacts(w: _Writer) -> None:
    """Department, then the responsible official and the contact person with phone and e-mail."""
    doc = w.ctx.doc
    w.spacer()
    table = w.table(2, (28, 38, 26, 48, 34))
    department = table.cell(0, 0).merge(table.cell(1, 0))
    name = table.cell(0, 1).merge(table.cell(1, 1))
    w.cell(department, w.say("Department"), header=True)
    w.cell(name, doc.department)
    for row, label, person in zip(table.rows, (w.say("Responsible"), w.say("Contact person")),
                                  (doc.responsible, doc.staff), strict=True):
        w.cell(row.cells[2], label, header=True)
        w.cell(row.cells[3], w.say(PERSON, name=person.name, title=person.title))
        w.cell(row.cells[4], person.phone)
        if person.email:
            w.write(row.cells[4].add_paragraph(style="Table Text"), person.email, None)
    for row in table.rows:
        for cell in row.cells:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _minutes(w: _Writer) -> None:
    ctx = w.ctx
    doc, derived, project, orgs = ctx.doc, ctx.derived, ctx.project, ctx.orgs
    assert project is not None  # a minutes record always names its project (loader)
    running = w.say(MINUTES_RUNNING, number=derived.meeting_number)
    w.properties(doc.title, doc.working_group, running)
    w.running_title(running)
    delegations = {key: w.say(msgid) for key, msgid in DELEGATIONS.items()}
    delegations["host_government"] = w.say(HOST_DELEGATION, party=project.host_party.name)
    roles = {key: w.say(msgid) for key, msgid in ROLES.items()}

    kicker = w.paragraph("Subtitle")
    kicker.alignment = WD_ALIGN_PARAGRAPH.CENTER
    w.stacked(kicker, project.short_title, follow_color=FOLLOW_HEADING)
    w.title(doc.title)
    w.facts([
        (w.say("Working group"), doc.working_group),
        (w.say("Meeting"), w.say(MEETING, number=derived.meeting_number)),
        (w.say("Date"), doc.date),
        (w.say("Time"), w.say(RANGE, start=doc.start, end=doc.end)),
        (w.say("Place"), doc.place),
        (w.say("Chair"), _person_at(w, doc.chair)),
        (w.say("Minutes taken by"), _person_at(w, doc.minute_taker)),
        (w.say("Languages of record"), derived.languages),
    ])

    w.heading(w.say("Attendees"), 1, "1")
    rows = 1 + sum(1 + len(group.members) for group in derived.delegations)
    table = w.table(rows, (54, 61, 59))
    w.header_row(table, [w.say("Name"), w.say("Title"), w.say("Organisation")])
    index = 1
    for group in derived.delegations:
        row = table.rows[index]
        label = row.cells[0].merge(row.cells[2])
        w.cell(label, delegations[group.key], header=True, color=NAVY, follow_color=FOLLOW_HEADING)
        for paragraph in label.paragraphs:  # a delegation's label stays with its first person
            paragraph.paragraph_format.keep_with_next = True
        index += 1
        for member in group.members:
            _person_row(w, table.rows[index], member.person, [roles[role] for role in member.roles])
            index += 1
    w.spacer()
    w.heading(w.say("Apologies"), 2)
    if doc.apologies:
        table = w.table(len(doc.apologies), (54, 61, 59))
        for row, person in zip(table.rows, doc.apologies, strict=True):
            _person_row(w, row, person, [])
        w.spacer()
    else:
        w.pair(w.say("No apologies were received."))

    w.heading(w.say("Adoption of the previous minutes"), 1, "2")
    previous = derived.previous
    if previous is None:
        w.pair(w.say(NO_PREVIOUS))
    else:
        amended = previous.amendments is not None
        w.pair(w.say(PREVIOUS[(previous.adopted, amended)], number=previous.number, date=previous.date))
        if amended:
            for paragraph in w.pair(previous.amendments):
                paragraph.paragraph_format.left_indent = Mm(4)
                _border(paragraph._p.get_or_add_pPr(), "left", RULE, 12, 8)

    w.heading(w.say("Agenda"), 1, "3")
    w.numbered_items([item.title for item in doc.agenda])

    w.heading(w.say("Discussion"), 1, "4")
    for number, item in enumerate(doc.agenda, 1):
        w.heading(item.title, 2, f"4.{number}")
        for point in item.discussion:
            w.pair(point)

    w.heading(w.say("Decisions"), 1, "5")
    table = w.table(len(derived.decisions), (10, TEXT_WIDTH_MM - 10))
    for row, decision in zip(table.rows, derived.decisions, strict=True):
        w.cell(row.cells[0], f"{decision.number}.", bold=True, color=NAVY, family="sans")
        w.cell(row.cells[1], decision.text)
        if decision.decided_by == "consensus":
            note = w.say(CONSENSUS[decision.adopted])
        else:
            vote = decision.vote
            note = w.say(VOTE[decision.adopted], in_favour=vote.in_favour, against=vote.against, abstain=vote.abstain)
        for lang in w.langs:
            paragraph = row.cells[1].add_paragraph(style="Table Text")
            paragraph.paragraph_format.space_before = Pt(2) if lang == w.langs[0] else None
            w.write(paragraph, note[lang], lang, size=8.6, color=NAVY if decision.adopted else RED, family="sans")
        _cant_split(row)
    w.spacer()

    w.heading(w.say("Action items"), 1, "6")
    if doc.actions:
        table = w.table(len(doc.actions) + 1, (8, 86, 52, 28))
        w.header_row(table, ["#", w.say("Action"), w.say("Owner"), w.say("Due")])
        for number, (row, action) in enumerate(zip(table.rows[1:], doc.actions, strict=True), 1):
            w.cell(row.cells[0], str(number))
            w.cell(row.cells[1], action.action)
            w.cell(row.cells[2], orgs[action.owner])
            w.cell(row.cells[3], action.due, once_if_same=True)
        w.spacer()
    else:
        w.pair(w.say("No action items were agreed."))

    w.heading(w.say("Next meeting"), 1, "7")
    if doc.next_meeting is not None:
        rows_ = [(w.say("Date"), doc.next_meeting.date)]
        if doc.next_meeting.start is not None:
            rows_.append((w.say("Time"), doc.next_meeting.start))
        rows_.append((w.say("Place"), doc.next_meeting.place))
        w.facts(rows_)
        w.spacer()
    else:
        w.pair(w.say("The date of the next meeting will be set later."))

    heading = w.heading(w.say("Signatures of the heads of delegation"), 1, "8")
    heading.paragraph_format.page_break_before = len(derived.delegations) > 4  # keep the sign-off together
    groups = list(derived.delegations)
    table = w.table((len(groups) + 1) // 2, (TEXT_WIDTH_MM / 2, TEXT_WIDTH_MM / 2), grid=False)
    for index, group in enumerate(groups):
        _signature_block(w, table.cell(index // 2, index % 2), delegations[group.key], group.head.person)
    for row in table.rows:
        _cant_split(row)


def _person_at(w: _Writer, person: Any) -> Localized:
    return w.say(PERSON_AT, name=person.name, title=person.title, organisation=w.ctx.orgs[person.organisation])


def _person_row(w: _Writer, row: Any, person: Any, roles: list[Localized]) -> None:
    """Name (with what the person does at the meeting), title, organisation."""
    cell = row.cells[0]
    for index, lang in enumerate(w.langs):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.style = w.document.styles["Table Text"]
        size = None if index == 0 else TABLE_PT * FOLLOW_SCALE
        w.write(paragraph, person.name[lang], lang, size=size, color=None if index == 0 else FOLLOW)
        if roles:
            w.write(paragraph, " " + " · ".join(role[lang] for role in roles), lang, size=7.6, color=NAVY,
                    family="sans")
    w.cell(row.cells[1], person.title)
    w.cell(row.cells[2], w.ctx.orgs[person.organisation])
    _cant_split(row)


def _signature_block(w: _Writer, cell: _Cell, delegation: Localized, person: Any) -> None:
    """The delegation, a line to sign on, the head's name, title and organisation."""
    w.cell(cell, delegation, bold=True, color=NAVY, follow_color=FOLLOW_HEADING, family="sans")
    line = cell.add_paragraph(style="Table Text")
    line.paragraph_format.space_before = Mm(12)
    line.paragraph_format.space_after = Mm(1.5)
    line.paragraph_format.right_indent = Mm(8)
    _border(line._p.get_or_add_pPr(), "bottom", "333333", 5, 1)
    for text, size in ((person.name, None), (person.title, 8.6), (w.ctx.orgs[person.organisation], 8.6)):
        for lang in w.langs:
            paragraph = cell.add_paragraph(style="Table Text")
            w.write(paragraph, text[lang], lang, size=size, color=None if size is None else "555555")
    cell.add_paragraph(style="Table Text").paragraph_format.space_after = Mm(4)


def _cant_split(row: Any) -> None:
    """A row stays on one page (a delegation's label with its people, a decision with its outcome)."""
    _child(row._tr.get_or_add_trPr(), "w:cantSplit").set(qn("w:val"), "1")
