"""CDM AMS-III.C "Emission reductions by electric and hybrid vehicles", version 16.0, for e-motorcycles.

What is verified, from the methodology's UNFCCC page
(https://cdm.unfccc.int/methodologies/DB/HLOH5R7J6M96A23TFECTQ1BVIE24CK/view.html, read for the
research brief of issue 14, section 3.1): the id and title, version 16.0, small scale, active,
valid from 8 September 2022 onwards, sectoral scope 7; clarification SSC_833 (12 Oct 2022) on its
application to e-bikes. Version 15.0 was valid from 16 April 2015 to 7 September 2022; this module
does not implement it. There is no version 22.0.

What is this project's reading, to be checked against the v16.0 PDF (not readable here): the
equations below follow the methodology's structure as the research recalls it (a baseline emission
factor per km of the displaced vehicle × distance × vehicles; project emissions of the charging
electricity; leakage), but their exact form, symbols and defaults are not transcribed:

- ``EF_BL,km = SFC / 100 × EF_fuel`` (kg CO2/km), with ``EF_fuel`` either given per litre or
  computed as density × NCV × EF_CO2 (IPCC 2006 defaults for motor gasoline, 44.3 TJ/Gg and
  69,300 kg CO2/TJ: recalled in the research and matched by a third-party transcription, to verify
  against the 2006 IPCC Guidelines, Vol. 2, ch. 1, Tables 1.2 and 1.4); the density is a project value.
- ``EF_BL,km,y = EF_BL,km × IR^t`` with ``t = y − y0`` (``y0`` the first year of the fleet): the
  research recalls a technology improvement factor IR with a default of 0.99 a year; the record must
  state IR (1 applies none), and whether v16.0 requires 0.99, and how it counts t, is to verify.
- ``BE_y = EF_BL,km,y × DD × N_y / 1000``; ``PE_y = SEC × EF_grid / (1 − TDL) × DD × N_y / 1000``
  (see :func:`~dossiergen.article6.methodologies.base.grid_electricity_emissions` on the TDL form);
  ``LE_y = LK × (BE_y − PE_y)``; ``ER_y = BE_y − PE_y − LE_y``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, Field, model_validator

from dossiergen.article6.methodologies.base import (
    AFTER_LOSSES,
    CLOSE,
    HUNDRED,
    MINUS,
    OPEN,
    OVER,
    TDL,
    THOUSAND,
    TIMES,
    Equation,
    Methodology,
    ParameterRow,
    Parameters,
    Source,
    Symbol,
    Version,
    YearRow,
    consecutive_years,
    fraction,
    fuel_factor,
    fuel_factor_equation,
    grid_electricity_emissions,
    ipcc_2006_energy,
    parameter,
    positive,
    rows_of,
    yearly,
)
from dossiergen.i18n.msgids import N_
from dossiergen.located import Located

PAGE = "https://cdm.unfccc.int/methodologies/DB/HLOH5R7J6M96A23TFECTQ1BVIE24CK/view.html"

N, DD, SFC, EF_FUEL = Symbol("N", "y"), Symbol("DD"), Symbol("SFC"), Symbol("EF", "fuel")
RHO, NCV, EF_CO2, IR = Symbol("ρ", "fuel"), Symbol("NCV", "fuel"), Symbol("EF", "CO2,fuel"), Symbol("IR")
SEC, EF_GRID, LK = Symbol("SEC", "PJ"), Symbol("EF", "grid"), Symbol("LK")
EF_KM, EF_KM_Y, T = Symbol("EF", "BL,km"), Symbol("EF", "BL,km,y"), Symbol("t")
PE_KM = Symbol("PE", "km")
BE, PE, LE, ER = Symbol("BE", "y"), Symbol("PE", "y"), Symbol("LE", "y"), Symbol("ER", "y")


class FleetYear(YearRow):
    vehicles: int = parameter(N, N_("Electric motorcycles in operation in year y"), "vehicles", kind="count",
                              ge=0)


class AmsIIICParameters(Parameters):
    """Electric two-wheelers replacing petrol ones: the fleet a year and the per-vehicle figures."""

    fleet: Annotated[list[FleetYear], Field(min_length=1), AfterValidator(consecutive_years)]
    distance_km: Decimal = positive(DD, N_("Distance travelled per vehicle and year"), "km")
    baseline_sfc_l_per_100km: Decimal = positive(
        SFC, N_("Specific fuel consumption of the displaced petrol motorcycle"), "L/100 km")
    fuel_ef_kg_co2_per_l: Decimal | None = positive(
        EF_FUEL, N_("CO₂ emission factor of petrol per litre"), "kg CO2/L", optional=True)
    fuel_density_kg_per_l: Decimal | None = positive(RHO, N_("Density of petrol"), "kg/L", optional=True)
    fuel_ncv_tj_per_gg: Decimal = positive(
        NCV, N_("Net calorific value of motor gasoline"), "TJ/Gg", default=Decimal("44.3"),
        source=ipcc_2006_energy("Table 1.2"))
    fuel_co2_ef_kg_per_tj: Decimal = positive(
        EF_CO2, N_("CO₂ emission factor of motor gasoline"), "kg CO2/TJ", default=Decimal(69300),
        source=ipcc_2006_energy("Table 1.4"))
    technology_improvement: Decimal = parameter(
        IR, N_("Technology improvement factor of the baseline vehicle, per year"), "", gt=0, le=1)
    electricity_kwh_per_km: Decimal = positive(SEC, N_("Electricity drawn from the charger per km"), "kWh/km")
    grid_ef_t_per_mwh: Decimal = parameter(EF_GRID, N_("Grid emission factor"), "t CO2/MWh", ge=0)
    td_losses: Decimal = fraction(TDL, N_("Transmission and distribution losses"))
    leakage: Decimal = fraction(LK, N_("Leakage, as a share of baseline less project emissions"))

    @model_validator(mode="before")
    @classmethod
    def _one_fuel_factor(cls, data: Any) -> Any:
        """Petrol's factor per litre is given, or computed from a density: one of the two, not both."""
        if not isinstance(data, dict):
            return data
        direct, density = data.get("fuel_ef_kg_co2_per_l"), data.get("fuel_density_kg_per_l")
        if (direct is None) == (density is None):
            raise Located("fuel_ef_kg_co2_per_l", "give either fuel_ef_kg_co2_per_l or fuel_density_kg_per_l"
                                                  " (with the IPCC defaults for NCV and EF, or your own)")
        defaults = ("fuel_ncv_tj_per_gg", "fuel_co2_ef_kg_per_tj")
        unused = [name for name in defaults if direct is not None and name in data]
        if unused:
            raise Located(unused[0], "not used when fuel_ef_kg_co2_per_l is given")
        return data


class AmsIIIC(Methodology[AmsIIICParameters]):
    id: ClassVar[str] = "AMS-III.C"
    title: ClassVar[str] = "Emission reductions by electric and hybrid vehicles"
    scale: ClassVar[Literal["small-scale", "large-scale"]] = "small-scale"
    sectoral_scopes: ClassVar[tuple[int, ...]] = (7,)
    scopes_source: ClassVar[Source] = Source("UNFCCC CDM methodology page, AMS-III.C", url=PAGE, verified=True)
    versions: ClassVar[tuple[Version, ...]] = (
        Version("16.0", date(2022, 9, 8), None, PAGE,
                Source("UNFCCC CDM methodology page, AMS-III.C", "version 16.0, validity", url=PAGE, verified=True,
                       note="the equations of the v16.0 PDF were not read: see the module docstring")),
    )
    model: ClassVar[type[Parameters]] = AmsIIICParameters
    years_field: ClassVar[str] = "fleet"

    def parameter_rows(self, parameters: AmsIIICParameters) -> list[ParameterRow]:
        # the IPCC defaults belong to the density route only
        skip = frozenset() if parameters.fuel_density_kg_per_l else frozenset(
            {"fuel_ncv_tj_per_gg", "fuel_co2_ef_kg_per_tj"})
        return rows_of(self._checked(parameters), skip)

    def _equations(self, p: AmsIIICParameters) -> list[Equation]:
        equations = []
        if p.fuel_density_kg_per_l is not None:
            ef_fuel = fuel_factor(p.fuel_density_kg_per_l, p.fuel_ncv_tj_per_gg, p.fuel_co2_ef_kg_per_tj)
            equations.append(fuel_factor_equation(EF_FUEL, RHO, NCV, EF_CO2, ef_fuel))
        else:
            assert p.fuel_ef_kg_co2_per_l is not None  # one of the two, by the model's validator
            ef_fuel = p.fuel_ef_kg_co2_per_l
        ef_km = p.baseline_sfc_l_per_100km / HUNDRED.value * ef_fuel
        pe_km = grid_electricity_emissions(p.electricity_kwh_per_km, p.grid_ef_t_per_mwh, p.td_losses)
        first = p.fleet[0].year
        t = {row.year: Decimal(row.year - first) for row in p.fleet}
        ef_km_y = {year: ef_km * p.technology_improvement ** int(years) for year, years in t.items()}
        # kg/km × km × vehicles / 1000 = t
        be = {row.year: ef_km_y[row.year] * p.distance_km * row.vehicles / THOUSAND.value for row in p.fleet}
        pe = {row.year: pe_km * p.distance_km * row.vehicles / THOUSAND.value for row in p.fleet}
        le = {year: p.leakage * (be[year] - pe[year]) for year in be}
        er = {year: be[year] - pe[year] - le[year] for year in be}
        first_year = Symbol("y", "0")
        return equations + [
            Equation(EF_KM, (SFC, OVER, HUNDRED, TIMES, EF_FUEL), "kg CO2/km",
                     N_("Baseline emission factor per km of the displaced vehicle"), value=ef_km),
            yearly(T, (Symbol("y"), MINUS, first_year), "years", N_("Years since the first year of the fleet"), t),
            yearly(EF_KM_Y, (EF_KM, TIMES, Symbol("IR", sup="t")), "kg CO2/km",
                   N_("Baseline emission factor per km in year y"), ef_km_y),
            Equation(PE_KM, (SEC, TIMES, EF_GRID, *AFTER_LOSSES), "kg CO2/km",
                     N_("Project emissions per km from charging electricity"), value=pe_km),
            yearly(BE, (EF_KM_Y, TIMES, DD, TIMES, N, OVER, THOUSAND), "t CO2", N_("Baseline emissions"), be),
            yearly(PE, (PE_KM, TIMES, DD, TIMES, N, OVER, THOUSAND), "t CO2", N_("Project emissions"), pe),
            yearly(LE, (LK, TIMES, OPEN, BE, MINUS, PE, CLOSE), "tCO2e", N_("Leakage emissions"), le),
            yearly(ER, (BE, MINUS, PE, MINUS, LE), "tCO2e", N_("Emission reductions"), er),
        ]


METHODOLOGY = AmsIIIC()
