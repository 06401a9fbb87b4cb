"""One document tree, many writers: the DOCX, the HWPX and the web post say what the PDF says.

For the sample press notice and minutes in Korean and English, every text the document tree
gives its writers (headings, paragraphs, list items, table cells, signature blocks, each in each
language it is written in) is looked for in the PDF's text (pdftotext), in the Word file's
paragraphs and table cells, in the Hangul file's text and, for the press notice, in the web post
of each language. Texts are compared with white space and hyphens squeezed out (``squeeze``), as
the PDF breaks lines and hyphenates.

What a format leaves out by design is left out here, and only that: the web post has no
masthead and no release box (``post.PRINT_ONLY``: the ministry's site shows its name and the
date from the front matter), and its headline is the post's title. Numbers that only count (a
heading's section number, a decision's) are not compared: Hangul draws its outline headings'
numbers itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from dossiergen.documents.tree import (
    Block,
    Document,
    Figure,
    Group,
    Heading,
    ListBlock,
    Numbered,
    Paragraph,
    Signatures,
    Span,
    Table,
    Text,
)
from dossiergen.formats.docx import render_docx
from dossiergen.formats.hwpx import render_hwpx
from dossiergen.formats.post import PRINT_ONLY, render_post
from dossiergen.records.loading import load_record
from dossiergen.render.context import build_context

from .conftest import SAMPLES, context_document, docx_text, hwpx_text, pdf_column_texts, post_text, squeeze

RECORDS = {"press": SAMPLES["press"], "minutes": SAMPLES["minutes"]}
LANG_SET = "ko+en"


@dataclass(frozen=True)
class Printed:
    """A text of the tree in one language, and whether it stands in a block only print has."""

    lang: str
    text: str
    print_only: bool


def printed_texts(document: Document) -> list[Printed]:
    """Every text the writers must print, per language, in reading order."""
    out: list[Printed] = []

    def add(text: Text, print_only: bool, once: bool = False) -> None:
        for lang, runs in text.by_lang[:1] if once else text:
            plain = "".join(run.text for run in runs)
            if plain.strip():
                out.append(Printed(lang, plain, print_only))

    def walk(nodes: tuple[Block | Span, ...], print_only: bool) -> None:
        for node in nodes:
            inside = print_only or getattr(node, "style", "") in PRINT_ONLY
            if isinstance(node, Span):
                # a code, or a value every language writes alike, is written once (tree.Span)
                add(node.text, inside, node.layout in ("code", "plain") or (node.layout == "value"
                                                                             and node.text.same_in_all))
            elif isinstance(node, Paragraph):
                add(node.text, inside, node.layout == "single")
            elif isinstance(node, Heading):
                add(node.text, inside)
            elif isinstance(node, Group | Numbered):
                walk(node.blocks, inside)
            elif isinstance(node, ListBlock):
                for item in node.items:
                    walk(item, inside)
            elif isinstance(node, Table):
                for row in (*node.head, *node.body):
                    for cell in row.cells:
                        walk(cell.content, inside)
            elif isinstance(node, Signatures):
                for signer in node.signers:
                    for text in (signer.heading, signer.name, signer.title, signer.organisation):
                        if text is not None:
                            add(text, inside)
            elif isinstance(node, Figure):
                walk(node.caption, inside)

    walk(document.blocks, False)
    return out


@cache
def _tree(kind: str) -> Document:
    return context_document(RECORDS[kind], LANG_SET)[1]


def _missing(texts: list[Printed], readings: list[str]) -> list[str]:
    """The texts no reading has."""
    squeezed = [squeeze(reading) for reading in readings]
    return [f"{each.lang}: {each.text}" for each in texts
            if not any(squeeze(each.text) in reading for reading in squeezed)]


def _out_of_order(texts: list[Printed], reading: str) -> list[str]:
    """The texts ``reading`` lacks after the ones before them: each is looked for where the last one ended."""
    squeezed, position, missing = squeeze(reading), 0, []
    for each in texts:
        found = squeezed.find(squeeze(each.text), position)
        if found < 0:
            missing.append(f"{each.lang}: {each.text}")
        else:
            position = found + len(squeeze(each.text))
    return missing


@pytest.mark.parametrize("kind", sorted(RECORDS))
def test_the_tree_has_the_texts_of_every_block(kind: str) -> None:
    """The texts compared below cover the document: headings, paragraphs, cells and signatures alike."""
    document = _tree(kind)
    texts = printed_texts(document)
    nodes = list(document.walk())
    assert len({each.lang for each in texts}) == 2
    assert sum(isinstance(node, Heading) for node in nodes) >= (1 if kind == "press" else 12)
    assert sum(isinstance(node, Table) for node in nodes) >= 2
    assert len(texts) > (50 if kind == "press" else 200)
    if kind == "minutes":
        assert any(isinstance(node, Signatures) for node in nodes)


@pytest.mark.parametrize("kind", sorted(RECORDS))
def test_the_pdf_carries_every_text_of_the_tree(kind: str, render_record: Callable[[Path, str], Path]) -> None:
    """In print the languages stand side by side: a text reads through in one of pdftotext's readings."""
    readings = pdf_column_texts(render_record(RECORDS[kind], LANG_SET))
    missing = _missing(printed_texts(_tree(kind)), readings)
    assert not missing, f"the PDF lacks {len(missing)} text(s) of the tree: {missing[:5]}"


@pytest.mark.parametrize("output", ["docx", "hwpx"])
@pytest.mark.parametrize("kind", sorted(RECORDS))
def test_the_editable_files_carry_every_text_of_the_tree_in_its_order(kind: str, output: str) -> None:
    """Each language after the other, block after block, cell after cell: the tree's order."""
    ctx, document = context_document(RECORDS[kind], LANG_SET)
    reading = docx_text(render_docx(ctx, document)) if output == "docx" else hwpx_text(render_hwpx(ctx, document))
    missing = _out_of_order(printed_texts(document), reading)
    assert not missing, f"{output} lacks {len(missing)} text(s) of the tree, or has them out of order: {missing[:5]}"


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_web_post_carries_every_text_of_the_tree_but_the_printed_page_s(lang: str) -> None:
    document = _tree("press")
    post = render_post(build_context(load_record(RECORDS["press"]), (lang,)))
    texts = [each for each in printed_texts(document) if each.lang == lang]
    left_out = [each for each in texts if each.print_only]
    assert left_out and {each.text for each in left_out} >= {"보도자료" if lang == "ko" else "Press release"}
    missing = _out_of_order([each for each in texts if not each.print_only], post_text(post))
    assert not missing, f"the {lang} post lacks {len(missing)} text(s) of the tree, or out of order: {missing[:5]}"


def test_the_comparison_finds_a_text_left_out() -> None:
    """A writer that dropped a cell would fail: the comparison is not vacuous."""
    ctx, document = context_document(RECORDS["minutes"], LANG_SET)
    reading = docx_text(render_docx(ctx))
    texts = printed_texts(document)
    # an attendee's organisation: the attendance is illustrative, so it prints marked (베리워즈 [예시])
    organisation = next(each for each in texts if each.text.startswith("베리워즈"))
    assert _missing([organisation], [reading]) == []
    assert _missing([organisation], [reading.replace(organisation.text, "")]) == [f"ko: {organisation.text}"]
    assert _out_of_order(texts, reading) == []
    signers = reading.rindex(texts[-1].text)  # the last signer's organisation, the document's last text
    assert _out_of_order(texts, reading[:signers]) == [f"{texts[-1].lang}: {texts[-1].text}"]
    assert any(each.text.startswith("Verywords Co., Ltd.") for each in texts)
