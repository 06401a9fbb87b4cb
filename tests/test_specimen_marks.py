"""Every value an ``illustrative:`` list covers prints with the specimen mark, wherever a document prints it.

For every sample record and each document kind it renders (ko+en and km+en), the record's illustrative
locations are walked down to their scalar leaves (codes, numbers, dates, organisation ids); each leaf is
formatted as the documents print it, found in the tagged PDF's text, and the structure element that holds
it (the innermost paragraph, table cell, list body or heading, or a passage in a language of its own) must
hold the mark of its language too: the mark sits in the same cell, line or paragraph as the value.

What this cannot check, and leaves to ``test_provenance.py`` (texts) or to review:

- record texts (``LocalizedText``): ``test_provenance.py`` finds them in the document tree;
- words chosen by a code (a sector ``transportation``, a status ``planned``): their wording is the catalog's,
  and the same words print for sourced values (a step heading, a column head);
- organisations named by their id (authorized entities, a signatory's organisation): the same name prints
  where a source gives it (the proponent, a ministry in a key date);
  ``test_authorized_entities_and_the_agreement_are_marked`` checks the elements of the authorization;
- a value that prints alike as a sourced value of the record or its project (an invented event dated the
  crediting period's first day): the two cannot be told apart in the text;
- numbers below 100 and years: the same digits print as sourced values everywhere (version 1, a vintage,
  a page number, a GWP of 28);
- a timestamp (a notice's release): it prints with its weekday and time, checked by ``test_provenance.py``;
- a value the document prints only computed (a per-vintage share of illustrative estimates): the leaf is not
  printed as it is; the rule for those is the README's, and ``test_computed_shares_of_illustrative_estimates``
  checks the dossier's table of outcomes;
- the values of the project a notice or minutes quotes: the project's own documents are checked instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pikepdf
import pytest

from dossiergen.article6.accounting import vintage_accounts
from dossiergen.documents.calculation import given_places
from dossiergen.i18n.languages import parse_langs
from dossiergen.models import LocalizedText, ProjectRecord
from dossiergen.records.loading import load_record
from dossiergen.records.provenance import covers, illustrative_locs
from dossiergen.records.record import Loc, dotted
from dossiergen.records.texts import record_leaves
from dossiergen.render.context import RenderContext, build_context

from .conftest import ALL_SAMPLES, SAMPLES, pdf_text, squeeze
from .test_pdf_ua import _marked_text

MARK = {"ko": "[예시]", "km": "[គំរូ]", "en": "[SPECIMEN]"}
DOCUMENTS = [(path, kind, lang_set) for path in ALL_SAMPLES
             for kind in (("dossier", "loa") if path.name == "project.yaml" else (None,))
             for lang_set in ("ko+en", "km+en")]
BLOCKS = frozenset({"/P", "/TD", "/TH", "/LBody", "/LI", "/Lbl", "/Caption", "/H1", "/H2", "/H3", "/H4", "/H5",
                    "/H6"})
"""The structure elements a value and its mark share: a paragraph, a table cell, a list item, a heading."""
ENUM = re.compile(r"^[a-z][a-z0-9_]*$")


def _leaves(value: object, loc: Loc) -> Iterator[tuple[Loc, object]]:
    """The scalar values inside ``value`` (a part of a record at ``loc``), with their locations."""
    for where, leaf in record_leaves(value, loc):
        if leaf is not None and not isinstance(leaf, LocalizedText):
            yield where, leaf


def _at(data: object, loc: Loc) -> object:
    for part in loc:
        data = data[part] if isinstance(data, (list, dict)) else getattr(data, str(part))
    return data


def illustrative_leaves(ctx: RenderContext) -> Iterator[tuple[Loc, object]]:
    """Every scalar the record's ``illustrative:`` list covers."""
    seen: set[Loc] = set()
    for loc in illustrative_locs(ctx.record.data):
        for leaf_loc, leaf in _leaves(_at(ctx.record.data, loc), loc):
            if leaf_loc not in seen:
                seen.add(leaf_loc)
                yield leaf_loc, leaf


def sourced_prints(ctx: RenderContext) -> set[str]:
    """How the sourced scalars of the record and its project print: an illustrative value that prints alike
    (an invented event on the crediting period's first day) cannot be told from them."""
    out: set[str] = set()
    for data in {id(data): data for data in (ctx.record.data, ctx.project) if data is not None}.values():
        locs = illustrative_locs(data)
        for loc, leaf in _leaves(data, ()):
            shown = printed(ctx, leaf)
            if shown is not None and (data is not ctx.record.data or not covers(locs, loc)):
                out.update(squeeze(text) for text in shown.values())
    return out


def printed(ctx: RenderContext, leaf: object) -> dict[str, str] | None:
    """``leaf`` as the document writes it in each language, or ``None`` where it cannot be told apart (see the
    module's list)."""
    fmt = ctx.localizer
    if isinstance(leaf, bool) or isinstance(leaf, datetime):
        return None
    if isinstance(leaf, str):
        if leaf in ctx.orgs or ENUM.match(leaf) or len(leaf) < 3:
            return None
        return {lang: leaf for lang in ctx.langs}
    if isinstance(leaf, date):
        return dict(fmt.date(leaf))
    if isinstance(leaf, int):
        return None if leaf < 100 or 1900 <= leaf <= 2100 else dict(fmt.number(leaf))
    if isinstance(leaf, (float, Decimal)):
        number = Decimal(str(leaf))
        if number >= 100:
            return dict(fmt.number(number)) if number == number.to_integral_value() else None
        shown = fmt.decimal(number, given_places(number))
        # a fraction or a short decimal (0.6, 2.5) is also in computed values: only longer ones are told apart
        return dict(shown) if len(shown["en"]) >= 4 and number >= 1 else None
    return None


def elements(pdf: pikepdf.Pdf) -> list[tuple[str, str, bool]]:
    """(language, text, holds another such element) of every paragraph, cell, list item, heading, or passage in a
    language of its own, as a screen reader gets its text (``test_pdf_ua._marked_text``)."""
    pages = {page.objgen: index for index, page in enumerate(pdf.pages)}
    texts = _marked_text(pdf)
    out: list[tuple[str, str, bool]] = []

    def walk(node: pikepdf.Object, lang: str, page: int | None) -> tuple[str, bool]:
        """The text under ``node``, and whether a container is below it."""
        if isinstance(node, pikepdf.Array):
            parts = [walk(kid, lang, page) for kid in node]
            return "".join(text for text, _ in parts), any(inner for _, inner in parts)
        if isinstance(node, int) and page is not None:
            return texts.get((page, node), ""), False
        if isinstance(node, pikepdf.Dictionary) and node.get("/Type") == "/MCR":
            return texts.get((pages[node.Pg.objgen], int(node.MCID)), ""), False
        if isinstance(node, pikepdf.Dictionary) and "/S" in node:
            own = "/Lang" in node
            lang = str(node.get("/Lang", lang))
            page = pages[node.Pg.objgen] if "/Pg" in node else page
            text, inner = walk(node.K, lang, page) if "/K" in node else ("", False)
            if str(node.S) in BLOCKS or own:
                out.append((lang, squeeze(text), inner))
                return text, True
            return text, inner
        return "", False

    walk(pdf.Root.StructTreeRoot.K, str(pdf.Root.Lang), None)
    return out


def _bounded(text: str, shown: str) -> bool:
    """``shown`` occurs in ``text`` as a whole value, not inside a longer number or code."""
    for match in re.finditer(re.escape(shown), text):
        before, after = text[:match.start()][-1:], text[match.end():match.end() + 2]
        if not (before.isalnum() or re.match(r"\d|[.,]\d", after)):
            return True
    return False


def unmarked(ctx: RenderContext, pdf: Path) -> tuple[list[str], list[str]]:
    """The illustrative leaves printed somewhere without their mark, and those found printed at all."""
    with pikepdf.open(pdf) as document:
        found_elements = elements(document)
    innermost = [(lang, text) for lang, text, inner in found_elements if not inner]
    containers = [(lang, text) for lang, text, _ in found_elements]
    bad: list[str] = []
    found: list[str] = []
    sourced = sourced_prints(ctx)
    for loc, leaf in illustrative_leaves(ctx):
        shown = printed(ctx, leaf)
        if shown is None or any(squeeze(text) in sourced for text in shown.values()):
            continue
        for lang in ctx.langs:
            value = squeeze(shown[lang])
            # the smallest element that holds the value: an innermost one, or the one whose parts split it
            holding = [(el_lang, text) for el_lang, text in innermost if _bounded(text, value)] or [
                min(((el_lang, text) for el_lang, text in containers if _bounded(text, value)),
                    key=lambda item: len(item[1]), default=("", ""))]
            holding = [(el_lang, text) for el_lang, text in holding if text and el_lang == lang]
            found += [dotted(loc)] if holding else []
            bad += [f"{dotted(loc)} ({lang}): {shown[lang]!r} in {text[:80]!r}" for el_lang, text in holding
                    if squeeze(MARK[el_lang]) not in text]
    return sorted(set(bad)), sorted(set(found))


@pytest.mark.parametrize(("path", "kind", "lang_set"), DOCUMENTS,
                         ids=[f"{p.parent.name}/{p.stem}-{k or 'own'}-{ls}" for p, k, ls in DOCUMENTS])
def test_every_illustrative_value_prints_with_its_mark(path: Path, kind: str | None, lang_set: str,
                                                       render_record: Callable[[Path, str], Path],
                                                       render_loa: Callable[[Path, str], Path]) -> None:
    ctx = build_context(load_record(path), parse_langs(lang_set), kind=kind)
    pdf = (render_loa if kind == "loa" else render_record)(path, lang_set)
    bad, found = unmarked(ctx, pdf)
    assert bad == []
    if kind != "loa" and any(printed(ctx, leaf) for _, leaf in illustrative_leaves(ctx)):
        assert found, "no illustrative value of the record was found in the PDF: the search is broken"


def test_the_search_finds_a_value_printed_without_its_mark(render_sample: Callable[[str, str], Path]) -> None:
    """The check itself: the sourced approved quantity, taken for an illustrative one, is found unmarked."""
    ctx = build_context(load_record(SAMPLES["dossier"]), parse_langs("ko+en"))
    record = ctx.record.data
    object.__setattr__(record, "illustrative", [*record.illustrative, "authorization.mitigation_outcomes_t"])
    bad, _ = unmarked(ctx, render_sample("dossier", "ko+en"))
    assert any(entry.startswith("authorization.mitigation_outcomes_t") for entry in bad)


@pytest.mark.parametrize("kind", ["dossier", "loa"])
def test_authorized_entities_and_the_agreement_are_marked(kind: str, render_record: Callable[[Path, str], Path],
                                                          render_loa: Callable[[Path, str], Path]) -> None:
    """kh-emoto lists ``authorization.authorized_entities`` and ``agreement`` (empty: nothing deducted) as
    illustrative; its proponent, the same company, is sourced."""
    pdf = (render_loa if kind == "loa" else render_record)(SAMPLES["dossier"], "ko+en")
    text = squeeze(pdf_text(pdf))
    assert squeeze(f"Authorized entities Verywords Co., Ltd. {MARK['en']}") in text
    assert squeeze(f"Share of proceeds for adaptation None set by the agreement {MARK['en']}") in text
    if kind == "dossier":
        with pikepdf.open(pdf) as document:
            assert squeeze("Verywords Co., Ltd.") in {text for _, text, _ in elements(document)}


def test_computed_shares_of_illustrative_estimates(render_sample: Callable[[str, str], Path]) -> None:
    """kh-emoto's methodology parameters are illustrative and its approved quantity sourced: each vintage's share
    (in proportion to the estimate) prints marked, the total unmarked."""
    ctx = build_context(load_record(SAMPLES["dossier"]), parse_langs("ko+en"))
    assert isinstance(ctx.project, ProjectRecord)
    share = ctx.localizer.tonnes(vintage_accounts(ctx.project)[1].outcomes_t)["ko"]
    total = ctx.localizer.tonnes(ctx.project.authorization.mitigation_outcomes_t)["ko"]
    with pikepdf.open(render_sample("dossier", "ko+en")) as pdf:
        cells = {text for _, text, _ in elements(pdf)}
    assert squeeze(f"{share} {MARK['ko']}") in cells and share not in cells
    assert total in cells and squeeze(f"{total} {MARK['ko']}") not in cells
