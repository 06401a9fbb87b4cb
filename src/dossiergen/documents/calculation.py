"""The calculation of a methodology plug-in as document blocks: parameters, equations, results per year.

The plug-in (``article6/methodologies/``) gives its parameter rows and equations as data, each
result computed; this module sets them for the dossier's languages: symbols with their subscripts,
values formatted by the document's localizer, labels translated from the plug-in's msgids. Every
number printed here is one the plug-in computed, so that the estimate the dossier compares the
approved quantity with is the sum of the last column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from dossiergen.article6.methodologies.base import (
    PROJECT_VALUE,
    WORDED_UNITS,
    Equation,
    Num,
    Op,
    ParameterRow,
    Symbol,
    Term,
)
from dossiergen.documents.blocks import cell, chemical, head_row, header, stack, value
from dossiergen.documents.tree import Cell, Row, Run, Runs, Span, SpanLayout, Table, Text
from dossiergen.i18n.localized import Localized
from dossiergen.models.project import Methodology
from dossiergen.render.context import RenderContext

MAX_PLACES = 4
OPERATOR_STYLE = "op"
"""The run style of ``=``, ``+``, ``−`` and ``×`` in an equation: set in the math face (print.css), whose
operators share one width and axis; the text faces have no U+2212 MINUS SIGN."""
SPACED = frozenset("=+−×")
"""Operators set with a space each side; the solidus and brackets touch what they join (ISO 80000-2: a/b)."""
TERM_STYLE = "term"
"""The run style of a stretch of an equation set whole on one line (print.css: nowrap): a line of a formula ends
only after ``=`` or before an operator outside brackets, never inside a term, a number or a bracketed group."""
INDEX_SPACE = "\u00a0"
"""What a ``_`` inside an index (``OX_top_layer``) prints as: a space that does not break; the index's /ActualText
writes it back as ``_`` (``render/pdf/actual_text.py``)."""
WRITTEN_SYMBOL = re.compile(r"(?<![\w])([A-Za-z\u0370-\u03ff]+)_(\w+)")
"""A symbol written in plain text in a citation (``OX_top_layer``): its base, then its index."""
MAX_YEAR_COLUMNS = 5
"""Per-year columns beside the year that fit a portrait page: more are cut into several tables."""


def symbol_runs(symbol: Symbol) -> Runs:
    """``EF`` with ``BL,km`` below the line and any exponent above it."""
    runs = [Run(symbol.base)]
    if symbol.sub:
        # CH₄ inside an index takes its digit one level lower (U+2084), as it does in running text
        runs.append(Run(chemical(symbol.sub).replace("_", INDEX_SPACE), "sub"))
    if symbol.sup:
        runs.append(Run(symbol.sup, "sup"))
    return tuple(runs)


def operator_runs(sign: str) -> Runs:
    """An operator as an equation sets it: U+2212 for minus, spaced out unless it is a solidus or a bracket."""
    if sign not in SPACED:
        return (Run(sign),)
    return (Run(" "), Run(sign, OPERATOR_STYLE), Run(" "))


def written_symbol_runs(text: str) -> Runs:
    """Plain text that names symbols as ``OX_top_layer`` (a citation's locator), each index set as one."""
    runs: list[Run] = []
    position = 0
    for match in WRITTEN_SYMBOL.finditer(text):
        runs += [Run(text[position:match.start()])] if match.start() > position else []
        runs += symbol_runs(Symbol(match[1], match[2]))
        position = match.end()
    return (*runs, Run(text[position:])) if position < len(text) else tuple(runs)


def formula_runs(pieces: list[Runs]) -> Runs:
    """An equation's pieces (its result, ``=``, then each term and operator as :func:`operator_runs` sets it)
    cut into stretches set whole: a line may end after ``=`` or before ``+ − ×`` outside brackets, nowhere else."""
    stretches: list[list[Run]] = [[]]
    depth = 0
    for piece in pieces:
        sign = piece[1].text if len(piece) == 3 and piece[1].style == OPERATOR_STYLE else ""
        text = "".join(run.text for run in piece)
        if sign in "+−×" and sign and depth == 0:
            stretches.append(list(piece[1:]))  # the space before the operator is where the line may end
            continue
        stretches[-1] += piece
        if sign == "=":
            stretches[-1].pop()  # the space after "=" is the break
            stretches.append([])
        depth += text.count("(") - text.count(")")
    runs: list[Run] = []
    for stretch in filter(None, stretches):
        runs += [Run(" ")] if runs else []
        runs += [Run(run.text, f"{run.style} {TERM_STYLE}".strip(), run.href) for run in stretch]
    return tuple(runs)


def places(number: Decimal) -> int:
    """Decimals that keep four significant digits of a computed value, at most :data:`MAX_PLACES`."""
    if number == number.to_integral_value():  # a count or a whole number: 1, not 1.000
        return 0
    return max(0, min(MAX_PLACES, 3 - number.copy_abs().adjusted()))


def given_places(number: Decimal) -> int:
    """The decimals a given value was written with (0.040 keeps three), at most :data:`MAX_PLACES`."""
    exponent = number.as_tuple().exponent
    return min(MAX_PLACES, -exponent) if isinstance(exponent, int) and exponent < 0 else 0


@dataclass(frozen=True)
class Column:
    """One column of the per-year table: a per-year input (``given``) or a per-year result."""

    symbol: Symbol
    unit: str
    kind: str
    values: dict[int, Decimal]
    given: bool
    field: str = ""
    """The record's parameter a per-year input is (``ParameterRow.field``); "" for a result."""


class Calculation:
    """The blocks of one project's calculation, in the languages of ``ctx``."""

    def __init__(self, ctx: RenderContext, method: Methodology) -> None:
        self.ctx = ctx
        self.langs = ctx.langs
        self.L = ctx.translate
        self.fmt = ctx.localizer
        self.plugin = method.plugin
        self.rows = self.plugin.parameter_rows(method.validated)
        self.equations = self.plugin.equations(method.validated)
        self.parameters_given = method.parameters
        # a result computed from a value the record gives is illustrative where that value is
        self.inputs = tuple((method.parameters, row.field) for row in self.rows if row.source == PROJECT_VALUE)

    def given(self, text: Localized, row: ParameterRow | Column) -> Localized:
        """A value the record gives (``row.source`` is the project), marked when the record lists it illustrative;
        a default cited from its source is not the record's."""
        if isinstance(row, ParameterRow) and row.source != PROJECT_VALUE:
            return text
        return self.ctx.value(self.parameters_given, row.field, text)

    def result(self, text: Localized) -> Localized:
        """A value computed from the parameters: illustrative when one the record gives is."""
        return self.ctx.derived(text, *self.inputs)

    # pieces ----------------------------------------------------------------------------------

    def same(self, runs: Runs, layout: SpanLayout = "plain") -> Span:
        return Span(Text.same(self.langs, runs), layout)

    def symbol(self, symbol: Symbol) -> Cell:
        return cell(self.same(symbol_runs(symbol)), style="sym")

    def unit(self, unit: str) -> Cell:
        """A unit as it is written (kg CO₂/km), or in words where the plug-in marks it for translation (vehicles)."""
        if not unit:
            return cell(style="unit")
        if unit in WORDED_UNITS:
            return cell(stack(self.L(unit)), style="unit")
        return cell(self.same((Run(chemical(unit)),), "code"), style="unit")

    def unit_span(self, unit: str) -> Span:
        """A unit in a table head: as written, or in words in each language (see :meth:`unit`)."""
        return stack(self.L(unit), "unit") if unit in WORDED_UNITS else self.same((Run(chemical(unit)),), "code")

    def terms(self, terms: tuple[Term, ...]) -> list[Runs]:
        """Each term as runs: a symbol, an operator (spaced, :func:`operator_runs`) or a number."""
        pieces: list[Runs] = []
        for term in terms:
            if isinstance(term, Symbol):
                pieces.append(symbol_runs(term))
            elif isinstance(term, Op):
                pieces.append(operator_runs(term.text))
            elif isinstance(term, Num):
                # an equation is set in Latin type in every language: Latin digits, grouped
                pieces.append((Run(f"{term.value:,}" if term.value >= 10_000 else str(term.value)),))
        return pieces

    def amount(self, number: Decimal, kind: str = "quantity", given: bool = False) -> Localized:
        if kind == "fraction":
            return self.fmt.percent(number * 100)
        if kind == "count":
            return self.fmt.number(number)
        return self.fmt.decimal(number, given_places(number) if given else places(number))

    def source(self, row: ParameterRow) -> Cell:
        if row.source == PROJECT_VALUE:
            return cell(stack(self.L(PROJECT_VALUE)), style="source")
        citation = self.same(written_symbol_runs(row.citation), "code")
        if row.verified:
            return cell(citation, style="source")
        # the citation once, as it is written; the caveat in every language
        return cell(citation, stack(self.L("to be verified against the source"), "caveat"), style="source")

    # blocks ----------------------------------------------------------------------------------

    def parameters(self) -> Table:
        """One row per parameter that is a single value; per-year values are in :meth:`per_year`."""
        L = self.L
        body = [Row((self.symbol(row.symbol), cell(stack(L(row.label))),
                     cell(value(self.given(self.amount(row.value, row.kind, given=True), row)), style="num"),
                     self.unit("" if row.kind == "fraction" else row.unit), self.source(row)))
                for row in self.rows if row.value is not None]
        body += [Row((self.symbol(row.symbol), cell(stack(L(row.label))),
                      cell(stack(L("each year, below")), style="num"),
                      self.unit(row.unit), self.source(row)))
                 for row in self.rows if row.value is None]
        head = head_row(header(stack(L("Symbol")), style="sym"), header(stack(L("Parameter"))),
                        header(stack(L("Value")), style="num"), header(stack(L("Unit"))), header(stack(L("Source"))))
        return Table(tuple(body), head=(head,), style="parameters")

    def equation_table(self) -> Table:
        """Each equation, what its result is, and the result where it is one value."""
        L = self.L
        body = []
        for equation in self.equations:
            runs = formula_runs([symbol_runs(equation.result), operator_runs("="), *self.terms(equation.terms)])
            result: Cell
            if equation.value is not None:
                result = cell(value(self.result(self.amount(equation.value))), style="num")
            else:
                result = cell(stack(L("each year, below")), style="num")
            body.append(Row((cell(self.same(runs), style="equation"), cell(stack(L(equation.label))), result,
                             self.unit(equation.unit))))
        head = head_row(header(stack(L("Equation"))), header(stack(L("Result"))),
                        header(stack(L("Value")), style="num"), header(stack(L("Unit"))))
        return Table(tuple(body), head=(head,), style="equations-table")

    def per_year(self) -> list[Table]:
        """The per-year inputs and every per-year result, the last being the estimate ``ER_y``."""
        inputs = [Column(row.symbol, row.unit, row.kind, dict(row.by_year), True, row.field)
                  for row in self.rows if row.by_year]
        results = [Column(equation.result, equation.unit, "quantity", dict(equation.by_year), False)
                   for equation in self.equations if equation.by_year]
        columns = inputs + results
        years = sorted(columns[-1].values)
        if len(columns) <= MAX_YEAR_COLUMNS:
            return [self._year_table(years, columns)]
        # inputs and results apart, each cut into tables of about equal width; ER_y stays last
        tables = []
        for group in (inputs, results):
            count = -(-len(group) // MAX_YEAR_COLUMNS)
            size = -(-len(group) // count) if count else 0
            tables += [self._year_table(years, group[start:start + size]) for start in range(0, len(group), size or 1)]
        return tables

    def _year_table(self, years: list[int], columns: list[Column]) -> Table:
        L, fmt = self.L, self.fmt
        head = head_row(header(stack(L("Year"))), *(
            header(self.same(symbol_runs(column.symbol)), *((self.unit_span(column.unit),) if column.unit else ()),
                   style="num")
            for column in columns))
        body = [Row((cell(value(fmt.year(year))), *(
            cell(value(self.given(self.amount(column.values[year], column.kind, column.given), column) if column.given
                       else self.result(self.amount(column.values[year], column.kind))), style="num")
            for column in columns))) for year in years]
        total = sum((columns[-1].values[year] for year in years), Decimal(0))
        if columns[-1].symbol.base == "ER":
            body.append(Row((header(stack(L("Total")), scope="row"), *(cell() for _ in columns[:-1]),
                             cell(value(self.result(fmt.decimal(total, places(total)))), style="num")), "total"))
        return Table(tuple(body), head=(head,), style="per-year")

    def estimate(self) -> Decimal:
        """The sum of ``ER_y`` over the years the table shows: the methodology's ex-ante estimate."""
        last: Equation = self.equations[-1]
        return sum((amount for _, amount in last.by_year), Decimal(0))


def calculation(ctx: RenderContext, method: Methodology) -> Calculation:
    """The calculation of ``method`` (a validated record methodology) for the document of ``ctx``."""
    return Calculation(ctx, method)

