"""Korean official item numbering where Korean leads a dossier or minutes (i18n/numerals.py, documents/labels.py).

Items are labelled by depth 1. 가. 1) 가) (1) (가) ① ㉮; a label heads both languages in the first one's numbering.
Khmer-led and English-led documents keep 1., 4.1. (in Khmer digits where Khmer leads), and press notices and
Letters of Authorization keep theirs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest

from dossiergen.documents.kinds import build_document
from dossiergen.documents.tree import Document, Heading, ListBlock, Numbered
from dossiergen.i18n.languages import parse_langs
from dossiergen.i18n.numerals import item_label
from dossiergen.records.loading import load_record
from dossiergen.render.context import build_context

from .conftest import SAMPLES, context_document, pdf_text


def _labelled_lines(pdf: Path) -> list[str]:
    """The lines of the PDF's text (layout kept) that start with an item label: ``1. ...``, ``가. ...``."""
    return [line.strip() for line in pdf_text(pdf, "-layout").splitlines()
            if re.match(r"^\s*(?:\d{1,2}\.|[\uac00-\ud7a3]\.)(?:\s|$)", line)]  # not a date (2034. 12. 31.)


def _numbers(document: Document) -> tuple[list[str], list[str], list[tuple[str, ...]]]:
    """The labels of the tree's headings, numbered blocks and ordered lists, in reading order."""
    headings = [node.number for node in document.walk() if isinstance(node, Heading) and node.number]
    numbered = [node.number for node in document.walk() if isinstance(node, Numbered)]
    lists = [node.labels for node in document.walk() if isinstance(node, ListBlock) and node.ordered]
    return headings, numbered, lists


def _count_labels(element: object) -> int:
    """The /Lbl elements of a structure (sub)tree."""
    if not isinstance(element, pikepdf.Dictionary):
        return 0
    kids = element.get("/K")
    kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    return (element.get("/S") == "/Lbl") + sum(_count_labels(kid) for kid in kids)


def test_item_labels_by_depth() -> None:
    korean = [item_label((1,) * depth + (2,), "korean", "ko", True) for depth in range(8)]
    assert korean == ["2.", "나.", "2)", "나)", "(2)", "(나)", "②", "㉯"]
    assert [item_label((1, index), "korean", "ko", True) for index in (14, 15, 28)] == ["하.", "거.", "허."]
    assert item_label((4, 1), "decimal", "en", True, outline=True) == "4.1."
    assert item_label((4, 1), "decimal", "en", True) == "1."
    assert item_label((4, 1), "decimal", "km", True, outline=True) == "៤.១."
    assert item_label((4, 1), "decimal", "km", False, outline=True) == "4.1."


def test_korean_minutes_number_items_by_depth(render_sample: Callable[[str, str], Path]) -> None:
    lines = _labelled_lines(render_sample("minutes", "ko+en"))
    starts = [line.split()[0] for line in lines]
    # sections 1. to 10.; under each the Korean series from 가.
    assert [label for label in starts if label[0].isdigit()] == [f"{n}." for n in range(1, 11)]
    agenda = starts[starts.index("3.") + 1:starts.index("4.")]
    discussion = starts[starts.index("4.") + 1:starts.index("5.")]
    decisions = starts[starts.index("5.") + 1:starts.index("6.")]
    assert agenda == ["가.", "나.", "다.", "라."]
    assert discussion == agenda  # one heading per agenda item: 가. not 4.1.
    assert decisions == ["가.", "나.", "다.", "라.", "마."]
    with pikepdf.open(render_sample("minutes", "ko+en")) as pdf:  # the agenda's labels are its items' /Lbl
        assert _count_labels(pdf.Root.StructTreeRoot) == len(agenda)
    text = pdf_text(render_sample("minutes", "ko+en"))
    assert "4.1" not in text
    # the label heads the English passage too: the heading's English line has none of its own
    assert re.search(r"가\. 적용 방법론 및 모니터링 계획 \[예시\]\s*\nMethodology and monitoring plan", text)


def test_korean_dossier_numbers_sections_and_conditions(render_sample: Callable[[str, str], Path]) -> None:
    starts = [line.split()[0] for line in _labelled_lines(render_sample("dossier", "ko+en"))]
    authorization = starts.index("4.", starts.index("11."))  # after the contents, the fourth section
    assert starts[authorization + 1:authorization + 4] == ["가.", "나.", "다."]  # its conditions
    assert starts[:11] == [f"{n}." for n in range(1, 12)]  # the contents


@pytest.mark.parametrize("lang_set", ["km+en", "en", "ko+en"])
def test_other_numberings_kept(lang_set: str) -> None:
    headings, numbered, lists = _numbers(context_document(SAMPLES["minutes"], lang_set)[1])
    if lang_set == "ko+en":
        assert headings[3:5] == ["4.", "가."] and numbered[0] == "가." and lists == [("가.", "나.", "다.", "라.")]
        return
    digits = str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩") if lang_set.startswith("km") else {}
    assert headings[3:5] == ["4.".translate(digits), "4.1.".translate(digits)]
    assert numbered[0] == "1.".translate(digits)
    assert lists == [()]  # numbered by the writers' own list numbering (CSS list-style, Word)


@pytest.mark.parametrize("kind", ["press", "dossier"])
def test_press_and_letter_keep_their_numbering(kind: str) -> None:
    """A Korean-led notice's attachments and a Letter of Authorization keep 1., 2."""
    ctx = build_context(load_record(SAMPLES[kind]), parse_langs("ko+en"), kind="loa" if kind == "dossier" else None)
    assert all(not labels for labels in _numbers(build_document(ctx))[2])
