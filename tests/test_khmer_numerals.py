"""One numeral system per Khmer-led document (i18n/numerals.py, documents/labels.py).

Each sample kind rendered Khmer-led (km+en): every passage the structure tree tags Khmer writes its
numbers in Khmer digits, sections, list items, decisions, rows, contents and annexes included, but
for the exceptions ``LATIN_KEPT`` lists (identifiers, formulas, URLs); the English passages keep
Latin digits. With ``khmer_digits = false`` no Khmer digit is printed anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from dossiergen.documents.kinds import build_document
from dossiergen.documents.tree import Document, Paragraph, Run, Span, Text
from dossiergen.formats.pdf import render_document
from dossiergen.i18n.formatting import conventions_for
from dossiergen.i18n.numerals import LATIN_KEPT, label, latin_numbers, write_digits
from dossiergen.records.loading import load_record
from dossiergen.render.context import build_context
from dossiergen.render.pdf.actual_text import INDEX_MARKS, index_text

from .conftest import ROOT, SAMPLES

KHMER_DIGIT = re.compile("[\u17e0-\u17e9]")
KHMER_LETTER = re.compile("[\u1780-\u17dd]")
RECORDS = {kind: SAMPLES[kind] for kind in ("dossier", "minutes", "press")}


def _lang_of(element: object, default: str) -> str:
    while isinstance(element, pikepdf.Dictionary):
        if "/Lang" in element:
            return str(element.Lang)
        element = element.get("/P")
    return default


def passages(pdf: Path) -> list[tuple[int, str, str]]:
    """(page, language, text) of every marked-content sequence and every artifact's lines.

    The language is the structure element's (or its ancestors'). Khmer lines are read from their
    /ActualText (``render/pdf/actual_text.py``), which pdfplumber does not read, the rest char by char.
    """
    texts: dict[tuple[int, int | None], list[str]] = {}
    with pikepdf.open(pdf) as document:
        default = str(document.Root.get("/Lang", ""))
        parents = dict(pikepdf.NumberTree(document.Root.StructTreeRoot.ParentTree).items())
        for number, page in enumerate(document.pages, start=1):
            marked = parents[int(page.StructParents)]
            stack: list[int | None] = []
            for operands, operator in pikepdf.parse_content_stream(page, "BDC BMC EMC"):
                if str(operator) == "EMC":
                    stack.pop()
                    continue
                props = operands[1] if str(operator) == "BDC" and isinstance(operands[1], pikepdf.Dictionary) else {}
                mcid = int(props["/MCID"]) if "/MCID" in props else None
                stack.append(mcid)
                owner = next((each for each in reversed(stack) if each is not None), None)
                key = (number, owner)
                if key not in texts:
                    texts[key] = ["artifact" if owner is None else _lang_of(marked[owner], default), ""]
                if "/ActualText" in props:
                    texts[key][1] += str(props["/ActualText"]) + "\n"
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, start=1):
            for char in page.chars:
                if char["mcid"] is not None:
                    texts[number, char["mcid"]][1] += char["text"]
                elif char["tag"] == "Artifact":
                    texts.setdefault((number, None), ["artifact", ""])[1] += char["text"]
    return [(page, lang, text) for (page, _), (lang, text) in texts.items()]


def _run_pieces(runs: tuple[Run, ...]) -> Iterator[str]:
    """Each stretch of consecutive runs: a line or a marked span of a formula may start and end at any run."""
    for start in range(len(runs)):
        for end in range(start + 1, len(runs) + 1):
            yield "".join(run.text for run in runs[start:end]).strip()


def kept_latin(document: Document) -> set[str]:
    """What the tree prints as it is in every language (``LATIN_KEPT``): codes, formulas, units, URLs."""
    kept: set[str] = set()
    for node in document.walk():
        texts: list[Text] = []
        if isinstance(node, Span) and node.layout in ("code", "plain"):
            texts.append(node.text)
        elif isinstance(node, Paragraph) and node.layout == "single":
            texts.append(node.text)
        for text in texts:
            for _, runs in text:
                kept.update(_run_pieces(runs))
                # an index extracts as its /ActualText (``_0``, ``^t``), a marked span of its own
                kept.update(index_text(INDEX_MARKS[style], run.text) for run in runs
                            for style in run.styles() & INDEX_MARKS.keys())
    return kept


def khmer_latin(pdf: Path, document: Document) -> list[tuple[int, str]]:
    """(page, text) of each Khmer passage, or Khmer line of an artifact, with a Latin number no exception keeps."""
    kept = kept_latin(document)
    found = []
    for page, lang, text in passages(pdf):
        if lang == "artifact":  # a running head or a footer: its Khmer lines (each language its own segment)
            # the footer's fingerprint is an identifier; the running head's text may run into it unbroken
            text = re.sub(r"SHA-256(?: [0-9a-f]{4}){3}", "\n", text)
            pieces = [segment for line in text.splitlines() for segment in line.split(" · ")
                      if KHMER_LETTER.search(segment)]
        elif lang.startswith("km"):
            pieces = [text] if text.strip() not in kept else []
        else:
            continue
        found += [(page, piece) for piece in pieces if latin_numbers(piece)]
    return found


@pytest.fixture(scope="module")
def latin_rendered(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], tuple[Path, Document]]:
    """Each sample kind rendered km+en with ``khmer_digits = false``, and its document tree."""
    out = tmp_path_factory.mktemp("latin-digits")
    cache: dict[str, tuple[Path, Document]] = {}

    def render(kind: str) -> tuple[Path, Document]:
        if kind not in cache:
            record = load_record(RECORDS[kind])
            conventions = conventions_for(kind, khmer_digits=False)
            target = out / f"{kind}.km-en.pdf"
            target.write_bytes(render_document(record, ("km", "en"), conventions=conventions))
            cache[kind] = target, build_document(build_context(record, ("km", "en"), conventions=conventions))
        return cache[kind]

    return render


@pytest.mark.parametrize("kind", list(RECORDS))
def test_a_khmer_led_document_writes_khmer_digits_outside_the_listed_exceptions(
        kind: str, render_sample: Callable[[str, str], Path]) -> None:
    pdf = render_sample(kind, "km+en")
    document = build_document(build_context(load_record(RECORDS[kind]), ("km", "en")))
    assert khmer_latin(pdf, document) == []
    # the English passages keep their Latin digits: none of them prints a Khmer digit
    english = [(page, text) for page, lang, text in passages(pdf) if lang.startswith("en") and KHMER_DIGIT.search(text)]
    assert english == []


def test_the_dossiers_sections_contents_lists_and_annexes_are_numbered_in_khmer_digits(
        render_sample: Callable[[str, str], Path]) -> None:
    pdf = render_sample("dossier", "km+en")
    khmer = "\n".join(text for _, lang, text in passages(pdf) if lang.startswith("km"))
    artifacts = "\n".join(text for _, lang, text in passages(pdf) if lang == "artifact")
    for number in range(1, 12):  # the contents entry and the heading of each section
        assert khmer.count(label(number, "km", True) + ".") >= 2, number
    assert "ឧបសម្ព័ន្ធទី ១៖" in khmer  # the annex in the contents
    assert re.search("^១. $", khmer, re.MULTILINE)  # a list's marker (the conditions', the annexes')
    assert "៥. វិធីសាស្ត្រ និងការគណនា" in artifacts  # the running head names the section with its number
    with pikepdf.open(pdf) as document, document.open_outline() as outline:
        titles = [item.title for item in outline.root]
    assert [title.split(".")[0] for title in titles[1:12]] == [label(n, "km", True) for n in range(1, 12)]


def test_the_minutes_number_sections_decisions_and_actions_in_khmer_digits(
        render_sample: Callable[[str, str], Path]) -> None:
    khmer = "\n".join(text for _, lang, text in passages(render_sample("minutes", "km+en")) if lang.startswith("km"))
    for number in ("១.", "៤.១.", "៤.៤.", "១០."):
        assert number in khmer


@pytest.mark.parametrize("kind", list(RECORDS))
def test_latin_digits_chosen_print_no_khmer_digit(
        kind: str, latin_rendered: Callable[[str], tuple[Path, Document]]) -> None:
    pdf, _ = latin_rendered(kind)
    found = [(page, text) for page, _, text in passages(pdf) if KHMER_DIGIT.search(text)]
    assert found == []


def test_the_exceptions_are_listed_once_and_kept() -> None:
    assert set(LATIN_KEPT) == {"identifiers", "formulas", "urls"}
    kept = "លិខិតលេខ MOE-KH/LoA/2025/003 សេចក្តីសម្រេច 2/CMA.3 CO2 tCO2e https://example.org/a1 v16.0"
    assert write_digits(kept, "km", True) == kept
    assert write_digits("មាត្រា 6 កថាខណ្ឌ 2 ឆ្នាំ2024 (58.8%)", "km", True) == "មាត្រា ៦ កថាខណ្ឌ ២ ឆ្នាំ២០២៤ (៥៨.៨%)"
    assert write_digits("ឆ្នាំ២០២៤ CO2", "km", False) == "ឆ្នាំ2024 CO2"
    assert write_digits("Article 6", "en", True) == "Article 6"
    # the README lists the same exceptions
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert all(f"**{name}**" in readme for name in LATIN_KEPT)
