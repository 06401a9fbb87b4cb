"""The methodology plug-in interface, its registry and the constants every methodology shares.

A methodology module declares one :class:`Methodology` subclass and an instance of it named
``METHODOLOGY``: its id, official title, scale, sectoral scopes, the versions it implements (a
version it does not list is refused), a pydantic parameter model, and the equations. The
estimate is read off the last equation (``ER_y``), so the figures a dossier prints beside the
equations and the estimate it compares the authorized quantity with are the same numbers.

Nothing here formats, translates or typesets: equations and parameter rows are data (symbols,
operators, values as Decimal, units) that a document writer sets in its own way; labels are
gettext msgids marked with :func:`N_` for extraction and translated by the writer.
"""

from __future__ import annotations

import importlib
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar, Generic, Literal, TypeVar, cast

from pydantic import BaseModel, ConfigDict, Field, JsonValue, ValidationError, field_validator

from dossiergen.i18n.msgids import N_
from dossiergen.located import Located, located

PROJECT_VALUE = N_("project value")
WORDED_UNITS = frozenset({N_("vehicles"), N_("pumps"), N_("years")})
"""Units that are words, translated by the writer; every other unit (kg CO2/km) is written as it is."""
"""The source of a parameter the record gives (no methodology default, or a default overridden)."""


# --- provenance -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Source:
    """Where a value or a version comes from; ``verified`` only when the text was read in that source."""

    document: str
    locator: str = ""
    """Table, paragraph or equation in ``document``."""
    url: str = ""
    verified: bool = False
    note: str = ""
    """What was checked, or what is still to check."""

    @property
    def citation(self) -> str:
        """Document and locator, without the verification mark."""
        return ", ".join(part for part in (self.document, self.locator) if part)

    def __str__(self) -> str:
        return self.citation if self.verified else f"{self.citation} (to verify)"


def ipcc_2006_energy(table: str) -> Source:
    """A default of the 2006 IPCC Guidelines, Vol. 2 (Energy), ch. 1: Table 1.2 (NCV) or 1.4 (CO2 factors)."""
    return Source("2006 IPCC Guidelines, Vol. 2, ch. 1", table,
                  url="https://www.ipcc-nggip.iges.or.jp/public/2006gl/vol2.html",
                  note="value recalled in the research brief (3.4); a third-party transcription of the table agrees")


@dataclass(frozen=True)
class Version:
    """A version of a methodology that a module implements, with its validity as far as it is known."""

    number: str
    valid_from: date | None
    """``None``: the start of validity was not found in a source."""
    valid_until: date | None
    """``None``: open (the current version) when ``valid_from`` is known, else not found either."""
    page: str
    """The UNFCCC page of the methodology this version follows, or "" where none was found."""
    source: Source
    """What supports the version number and its validity."""

    def __post_init__(self) -> None:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValueError(f"version {self.number}: valid until {self.valid_until} before {self.valid_from}")


@dataclass(frozen=True)
class GlobalWarmingPotentials:
    """100-year GWPs, tCO2e per t of gas."""

    co2: Decimal
    ch4: Decimal
    n2o: Decimal
    source: Source


GWP = GlobalWarmingPotentials(
    co2=Decimal(1), ch4=Decimal(28), n2o=Decimal(265),
    source=Source("IPCC AR5 WG1", "Table 8.7", verified=False,
                  note="100-year values without climate-carbon feedback, the set Article 6.2 reporting uses"
                       " (decision 18/CMA.1, as recalled in the research brief); third-party transcriptions"
                       " of the table agree on 28 and 265, the table itself was not opened"))
"""IPCC AR5 100-year GWPs: the one set every methodology converts a gas with (not the CDM's lowest-of-AR2/4/5)."""


# --- errors -----------------------------------------------------------------------------------

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class MethodologyProblem:
    """One thing wrong, at ``path`` inside the record's ``methodology`` mapping (``("parameters", "fleet", 0)``)."""

    path: Path
    message: str

    def __str__(self) -> str:
        return f"{'.'.join(str(part) for part in self.path)}: {self.message}" if self.path else self.message


class MethodologyError(ValueError):
    """A methodology, version or parameter set that cannot be used; ``problems`` locate each cause."""

    def __init__(self, problems: Sequence[MethodologyProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(str(problem) for problem in self.problems))


class UnknownMethodology(MethodologyError):
    """No module implements this methodology id."""


class UnknownVersion(MethodologyError):
    """The module does not implement this version."""


class ParameterError(MethodologyError):
    """The parameters do not fit the methodology's parameter model."""


def _problems(error: ValidationError) -> list[MethodologyProblem]:
    """Pydantic's errors as problems below ``parameters``, a cross-field validator's own sub-path included."""
    problems = []
    for item in error.errors(include_url=False):
        loc, message = located(item, "parameter")
        path: Path = ("parameters", *loc)
        problems.append(MethodologyProblem(path, message))
    return problems


# --- parameters -------------------------------------------------------------------------------

Kind = Literal["quantity", "fraction", "count"]
"""How a writer shows a value: a decimal with its unit, a share (as per cent), or a whole number."""


@dataclass(frozen=True)
class Symbol:
    """A quantity's symbol, ``EF`` with subscript ``BL,km``; a writer sets ``sub`` and ``sup`` small."""

    base: str
    sub: str = ""
    sup: str = ""

    def __str__(self) -> str:
        return self.base + (f"_{self.sub}" if self.sub else "") + (f"^{self.sup}" if self.sup else "")


def parameter(symbol: Symbol, label: str, unit: str, *, kind: Kind = "quantity", default: Decimal | None = None,
              source: Source | None = None, optional: bool = False, **constraints: Any) -> Any:
    """A parameter field: its symbol, label (a msgid), unit and, for a methodology default, where it comes from.

    The metadata goes into the JSON schema (``json_schema_extra``) and the description, so that the
    model documents itself; :meth:`Methodology.parameter_rows` reads it back. An ``optional`` field
    (one of two ways to give a value) defaults to None; any other default is the methodology's own.
    """
    if (default is None) != (source is None):
        raise ValueError(f"{symbol}: a default needs its source, and a source its default")
    extra: dict[str, JsonValue] = {"symbol": symbol.base, "sub": symbol.sub, "label": label, "unit": unit, "kind": kind}
    description = f"{symbol}: {label}" + (f" ({unit})" if unit else "")
    if default is not None and source is not None:
        extra["source"] = str(source)
        extra["citation"] = source.citation
        extra["verified"] = source.verified
        description += f"; default {default}, {source}"
        return Field(default=default, description=description, json_schema_extra=extra, **constraints)
    if optional:
        return Field(default=None, description=description, json_schema_extra=extra, **constraints)
    return Field(description=description, json_schema_extra=extra, **constraints)


def positive(symbol: Symbol, label: str, unit: str, **options: Any) -> Any:
    return parameter(symbol, label, unit, gt=0, **options)


def fraction(symbol: Symbol, label: str, **options: Any) -> Any:
    """A share in [0, 1): a loss or a deduction can never take the whole."""
    return parameter(symbol, label, "", kind="fraction", ge=0, lt=1, **options)


MAX_MAGNITUDE = 10**12
"""The largest parameter value: a trillion tonnes, vehicles or MWh is no project's."""
MAX_DECIMAL_PLACES = 12


class Parameters(BaseModel):
    """Base of every parameter model: unknown names are errors, values are immutable and in range."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("*", mode="after")
    @classmethod
    def _in_range(cls, value: Any) -> Any:
        # "1e999999" is a finite Decimal that overflows the first multiplication; 1e-999999 underflows
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            number = Decimal(value)
            exponent = number.normalize().as_tuple().exponent
            places = -exponent if isinstance(exponent, int) else 0
            if abs(number) > MAX_MAGNITUDE or (number != 0 and places > MAX_DECIMAL_PLACES):
                raise ValueError(f"Value should be at most {MAX_MAGNITUDE:,} in size, with at most"
                                 f" {MAX_DECIMAL_PLACES} decimal places")
        return value


class YearRow(Parameters):
    """One year of a per-year table (the fleet, the pumps, the landfill gas)."""

    year: int = Field(ge=2000, le=2100)


R = TypeVar("R", bound=YearRow)


def consecutive_years(rows: list[R]) -> list[R]:
    """Per-year rows come one a year, in order, without gaps: a missing year is a missing estimate."""
    for index in range(1, len(rows)):
        if rows[index].year != rows[index - 1].year + 1:
            raise Located(f"{index}.year", f"{rows[index].year} follows {rows[index - 1].year}; give each year"
                                           " once, in order, without gaps")
    return rows


@dataclass(frozen=True)
class ParameterRow:
    """A line of the parameter table: one value, or one value a year (``by_year``)."""

    symbol: Symbol
    label: str
    """A gettext msgid."""
    unit: str
    kind: Kind
    source: str
    """The default's source, or :data:`PROJECT_VALUE` (a msgid) for a value the record gives."""
    value: Decimal | None = None
    by_year: tuple[tuple[int, Decimal], ...] = ()
    citation: str = ""
    """A default's source without the verification mark; "" for a project value."""
    verified: bool = True
    """False for a default whose source text was not read (a writer marks it)."""
    field: str = ""
    """The record's parameter the row shows (``distance_km``, the per-year list ``fleet``); "" for a constant."""


def _meta(info: Any) -> dict[str, str] | None:
    extra = info.json_schema_extra
    return {key: str(value) for key, value in extra.items()} if isinstance(extra, dict) else None


KINDS: Mapping[str, Kind] = {"quantity": "quantity", "fraction": "fraction", "count": "count"}


def _row(meta: dict[str, str], given: bool, field: str, value: Decimal | None = None,
         by_year: tuple[tuple[int, Decimal], ...] = ()) -> ParameterRow:
    symbol = Symbol(meta["symbol"], meta["sub"])
    if given:
        return ParameterRow(symbol, meta["label"], meta["unit"], KINDS[meta["kind"]], PROJECT_VALUE, value, by_year,
                            field=field)
    return ParameterRow(symbol, meta["label"], meta["unit"], KINDS[meta["kind"]], meta["source"], value, by_year,
                        meta["citation"], meta["verified"] == "True", field)


def rows_of(parameters: Parameters, skip: frozenset[str] = frozenset()) -> list[ParameterRow]:
    """The parameter table of ``parameters`` in field order: per-year tables give a row per column.

    A default's source is shown only where the record left the default as it is; a value the
    record gives is a project value. Fields that are ``None`` (an option not taken) are left out.
    """
    rows: list[ParameterRow] = []
    for name, info in type(parameters).model_fields.items():
        value = getattr(parameters, name)
        if name in skip or value is None:
            continue
        if isinstance(value, list) and value and isinstance(value[0], YearRow):
            for column, column_info in type(value[0]).model_fields.items():
                meta = _meta(column_info)
                if meta is not None:
                    rows.append(_row(meta, True, name,
                                     by_year=tuple((row.year, Decimal(getattr(row, column))) for row in value)))
            continue
        meta = _meta(info)
        if meta is None:
            continue
        given = name in parameters.model_fields_set or "source" not in meta
        rows.append(_row(meta, given, name, Decimal(value)))
    return rows


# --- equations --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Op:
    """An operator or a bracket: ``+``, ``−``, ``×``, ``/``, ``(``, ``)``."""

    text: Literal["+", "−", "×", "/", "(", ")"]


@dataclass(frozen=True)
class Num:
    """A constant written in an equation: the 100 of L/100 km, a unit conversion."""

    value: Decimal


Term = Symbol | Op | Num
PLUS, MINUS, TIMES, OVER, OPEN, CLOSE = Op("+"), Op("−"), Op("×"), Op("/"), Op("("), Op(")")
ONE, HUNDRED, THOUSAND, MILLION = Num(Decimal(1)), Num(Decimal(100)), Num(Decimal(1000)), Num(Decimal(10**6))
TDL = Symbol("TDL")
AFTER_LOSSES: tuple[Term, ...] = (OVER, OPEN, ONE, MINUS, TDL, CLOSE)
"""``/ (1 − TDL)``: see :func:`grid_electricity_emissions`."""


@dataclass(frozen=True)
class Equation:
    """``result = terms``, with the computed value (or one a year) and its unit.

    ``label`` (a msgid) says what the result is. A result that differs by year carries ``by_year``
    and no ``value``; one that does not carries ``value``.
    """

    result: Symbol
    terms: tuple[Term, ...]
    unit: str
    label: str
    value: Decimal | None = None
    by_year: tuple[tuple[int, Decimal], ...] = ()

    def __post_init__(self) -> None:
        if (self.value is None) == (not self.by_year):
            raise ValueError(f"{self.result}: give either a value or one value a year")


def yearly(result: Symbol, terms: tuple[Term, ...], unit: str, label: str, values: Mapping[int, Decimal]) -> Equation:
    return Equation(result, terms, unit, label, by_year=tuple(sorted(values.items())))


def fuel_factor(density: Decimal, ncv_tj_per_gg: Decimal, co2_kg_per_tj: Decimal) -> Decimal:
    """kg CO2 per litre of a fuel: density (kg/L) × NCV (TJ/Gg) × EF (kg CO2/TJ) / 10^6 (kg per Gg)."""
    return density * ncv_tj_per_gg * co2_kg_per_tj / MILLION.value


def fuel_factor_equation(result: Symbol, density: Symbol, ncv: Symbol, co2: Symbol, value: Decimal) -> Equation:
    return Equation(result, (density, TIMES, ncv, TIMES, co2, OVER, MILLION), "kg CO2/L",
                    N_("CO₂ emission factor of the fuel per litre"), value=value)


def grid_electricity_emissions(energy_mwh: Decimal, ef_t_per_mwh: Decimal, losses: Decimal) -> Decimal:
    """tCO2 of grid electricity consumed, generation lost in transmission and distribution included.

    Written EC × EF / (1 − TDL): the generation needed to deliver EC. This project's reading, to be
    checked against TOOL05, which the research recalls as EC × EF × (1 + TDL); for any TDL in
    [0, 1) the division gives the larger (more conservative) project emissions.
    """
    return energy_mwh * ef_t_per_mwh / (1 - losses)


def declared_above_estimate(declared_t: int, estimate_t: Decimal) -> str | None:
    """Why a declared quantity cannot be authorized against this estimate, or None if it can."""
    if declared_t <= estimate_t:
        return None
    return (f"{declared_t:,} tCO2e is more than the estimate of {int(estimate_t):,} tCO2e (rounded down) from the"
            " methodology parameters; the declared quantity may not exceed the estimate")


# --- the interface ----------------------------------------------------------------------------

P = TypeVar("P", bound=Parameters)


class Methodology(ABC, Generic[P]):
    """One methodology: what it is, which versions it implements, its parameters and equations."""

    id: ClassVar[str]
    title: ClassVar[str]
    """The official English title."""
    scale: ClassVar[Literal["small-scale", "large-scale"]]
    sectoral_scopes: ClassVar[tuple[int, ...]]
    scopes_source: ClassVar[Source]
    versions: ClassVar[tuple[Version, ...]]
    model: ClassVar[type[Parameters]]
    """The parameter model; ``P`` in the methods."""
    years_field: ClassVar[str]
    """The per-year table of the parameter model, where a missing year is located."""

    def version(self, number: str) -> Version:
        """The implemented version ``number``; any other is refused, naming the ones implemented."""
        for version in self.versions:
            if version.number == number:
                return version
        known = ", ".join(version.number for version in self.versions)
        raise UnknownVersion([MethodologyProblem(
            ("version",), f"{self.id} version {number!r} is not implemented by dossiergen; known: {known}")])

    def validate(self, version: str, raw: Mapping[str, Any]) -> P:
        """``raw`` (the record's ``parameters`` mapping) as this methodology's parameters, for ``version``."""
        self.version(version)
        if not isinstance(raw, Mapping):  # YAML gives anything: an empty ``parameters:`` is None
            raise ParameterError([MethodologyProblem(("parameters",), "give the parameters as a mapping of names"
                                                                      f" to values, not {type(raw).__name__}")])
        try:
            parameters = self.model.model_validate(dict(raw))
        except ValidationError as error:
            raise ParameterError(_problems(error)) from None
        return self._checked(parameters)

    def estimate(self, parameters: P, years: Sequence[int]) -> list[tuple[int, Decimal]]:
        """Ex-ante emission reductions of each of ``years``, tCO2e, not rounded: ``ER_y`` of :meth:`equations`."""
        reductions = dict(self.equations(parameters)[-1].by_year)
        missing = [year for year in years if year not in reductions]
        if missing:
            given = sorted(reductions)
            raise ParameterError([MethodologyProblem(
                ("parameters", self.years_field),
                f"give no values for {', '.join(map(str, missing))}; they cover {given[0]}-{given[-1]}")])
        return [(year, reductions[year]) for year in years]

    def years(self, parameters: P) -> tuple[int, ...]:
        """The years the parameters cover (to compare with the crediting period)."""
        return tuple(year for year, _ in self.equations(parameters)[-1].by_year)

    def parameter_rows(self, parameters: P) -> list[ParameterRow]:
        """The parameter table: symbol, label (msgid), value, unit, source or "project value"."""
        return rows_of(self._checked(parameters))

    def equations(self, parameters: P) -> list[Equation]:
        """The equations with each intermediate result computed; the last is ``ER_y``, by year."""
        return self._equations(self._checked(parameters))

    @abstractmethod
    def _equations(self, parameters: P) -> list[Equation]: ...

    def _checked(self, parameters: Any) -> P:
        if not isinstance(parameters, self.model):
            raise TypeError(f"{self.id} takes {self.model.__name__}, not {type(parameters).__name__}")
        return cast(P, parameters)  # P is self.model, which a ClassVar cannot name as a type variable


# --- the registry -----------------------------------------------------------------------------

MODULES: Mapping[str, str] = {
    "AMS-III.C": "dossiergen.article6.methodologies.ams_iii_c",
    "AMS-I.B": "dossiergen.article6.methodologies.ams_i_b",
    "ACM0001": "dossiergen.article6.methodologies.acm0001",
}
"""Each methodology id and the module that implements it, imported on first use."""


def methodology(id: str) -> Methodology[Any]:
    """The methodology ``id`` (``"AMS-III.C"``); an id no module implements is refused, naming those that exist."""
    module = MODULES.get(id)
    if module is None:
        raise UnknownMethodology([MethodologyProblem(
            ("id",), f"no methodology {id!r} in dossiergen; known: {', '.join(sorted(MODULES))}")])
    found: Methodology[Any] = importlib.import_module(module).METHODOLOGY
    return found


def validate_parameters(id: str, version: str, raw: Mapping[str, Any]) -> Parameters:
    """The record's ``methodology: {id, version, parameters}`` validated: the loader's one call.

    Raises :class:`MethodologyError` (an unknown id or version, or parameters that do not fit),
    whose ``problems`` give each path inside the ``methodology`` mapping.
    """
    validated: Parameters = methodology(id).validate(version, raw)
    return validated


def parameter_names() -> list[str]:
    """One line per methodology: its id, versions and parameter names (a record skeleton's hint)."""
    lines = []
    for id in MODULES:
        plugin = methodology(id)
        names = []
        for name, info in plugin.model.model_fields.items():
            row = _unwrap_list(info.annotation)
            names.append(f"{name} [{', '.join(row.model_fields)}]" if row is not None else name)
        versions = "/".join(version.number for version in plugin.versions)
        lines.append(f"{id} {versions}: {', '.join(names)}")
    return lines


def _unwrap_list(annotation: Any) -> type[YearRow] | None:
    """The row model of a per-year table field (``list[FleetYear]``), or None."""
    for arg in (annotation, *getattr(annotation, "__args__", ())):
        if getattr(arg, "__origin__", None) is list:
            (row,) = arg.__args__
            return row if isinstance(row, type) and issubclass(row, YearRow) else None
    return None
