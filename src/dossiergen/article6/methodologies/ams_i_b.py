"""CDM AMS-I.B "Mechanical energy for the user with or without electrical energy", for solar irrigation pumps.

Why this methodology: a solar pump delivers a mechanical service (lifting water) that diesel engine
pumps delivered before, which is AMS-I.B's service type; AMS-I.A ("Electricity generation by the
user") fits only if the project is framed as PV electricity supplied to an electric pump. That is
the research brief's recommendation (issue 14, section 3.2), a judgement to confirm against the
methodology's applicability section.

What is supported by a source: the title and sectoral scope 1 (a draft of version 12.0,
CDM-SSCWG46-A05, studylib copy); "AMS-I.B, version 12" cited by a PoA-DD (v3.0, 21 August 2015,
"Waste to energy using biomass gasification in South East Asia LDCs", scribd copy). Hence the one
version listed, 12.0, with its validity unknown: the current version, its validity and its UNFCCC
page were not found, and must be checked before a dossier cites the version.

What is this project's reading, to be checked against the AMS-I.B PDF:

- baseline emissions are the diesel the replaced pumps would have burnt: per pump and year
  ``BE_pump = FC_BL × EF_diesel / 1000`` (t CO2), with ``EF_diesel = ρ × NCV × EF_CO2 / 10^6``
  (kg CO2/L) from the IPCC 2006 defaults for gas/diesel oil, 43.0 TJ/Gg and 74,100 kg CO2/TJ
  (recalled in the research and matched by a third-party transcription; to verify against the
  2006 IPCC Guidelines, Vol. 2, ch. 1, Tables 1.2 and 1.4); diesel use per pump and the density are
  project values; ``BE_y = N_y × BE_pump``;
- project emissions are zero: a stand-alone PV pump burns no fuel and draws no grid electricity
  (the small-scale type I rule, as recalled, counts project emissions only for fossil co-firing,
  geothermal and reservoirs; to verify);
- leakage is not computed: the small-scale guidance on leakage concerns equipment transferred from
  or to another activity, which the record excludes by requiring the replaced diesel pumps to be
  scrapped (its conditions say so); to verify against the general guidelines for SSC methodologies.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, ClassVar, Literal

from pydantic import AfterValidator, Field

from dossiergen.article6.methodologies.base import (
    MINUS,
    OVER,
    THOUSAND,
    TIMES,
    Equation,
    Methodology,
    Num,
    Parameters,
    Source,
    Symbol,
    Version,
    YearRow,
    consecutive_years,
    fuel_factor,
    fuel_factor_equation,
    ipcc_2006_energy,
    parameter,
    positive,
    yearly,
)
from dossiergen.i18n.msgids import N_

DRAFT = "CDM-SSCWG46-A05, draft AMS-I.B version 12.0 (studylib copy)"

N, FC, RHO = Symbol("N", "y"), Symbol("FC", "BL"), Symbol("ρ", "diesel")
NCV, EF_CO2, EF_DIESEL = Symbol("NCV", "diesel"), Symbol("EF", "CO2,diesel"), Symbol("EF", "diesel")
BE_PUMP, BE, PE, ER = Symbol("BE", "pump"), Symbol("BE", "y"), Symbol("PE", "y"), Symbol("ER", "y")


class PumpYear(YearRow):
    pumps: int = parameter(N, N_("Solar pumps in operation in year y"), "pumps", kind="count", ge=0)


class AmsIBParameters(Parameters):
    """Solar irrigation pumps replacing diesel pumps: the pumps a year and the diesel each displaces."""

    pumps: Annotated[list[PumpYear], Field(min_length=1), AfterValidator(consecutive_years)]
    diesel_l_per_pump_year: Decimal = positive(
        FC, N_("Diesel a replaced pump would burn per year"), "L/pump/year")
    diesel_density_kg_per_l: Decimal = positive(RHO, N_("Density of diesel"), "kg/L")
    diesel_ncv_tj_per_gg: Decimal = positive(
        NCV, N_("Net calorific value of gas/diesel oil"), "TJ/Gg", default=Decimal("43.0"),
        source=ipcc_2006_energy("Table 1.2"))
    diesel_co2_ef_kg_per_tj: Decimal = positive(
        EF_CO2, N_("CO₂ emission factor of gas/diesel oil"), "kg CO2/TJ", default=Decimal(74100),
        source=ipcc_2006_energy("Table 1.4"))


class AmsIB(Methodology[AmsIBParameters]):
    id: ClassVar[str] = "AMS-I.B"
    title: ClassVar[str] = "Mechanical energy for the user with or without electrical energy"
    scale: ClassVar[Literal["small-scale", "large-scale"]] = "small-scale"
    sectoral_scopes: ClassVar[tuple[int, ...]] = (1,)
    scopes_source: ClassVar[Source] = Source(DRAFT, note="title and scope read in the draft")
    versions: ClassVar[tuple[Version, ...]] = (
        Version("12.0", None, None, "",
                Source("PoA-DD v3.0 of 21 August 2015 citing \"AMS-I.B, version 12\"; " + DRAFT,
                       note="validity, current version and UNFCCC page not found"),),
    )
    model: ClassVar[type[Parameters]] = AmsIBParameters
    years_field: ClassVar[str] = "pumps"

    def _equations(self, p: AmsIBParameters) -> list[Equation]:
        ef_diesel = fuel_factor(p.diesel_density_kg_per_l, p.diesel_ncv_tj_per_gg, p.diesel_co2_ef_kg_per_tj)
        be_pump = p.diesel_l_per_pump_year * ef_diesel / THOUSAND.value  # L × kg/L / 1000 = t
        be = {row.year: row.pumps * be_pump for row in p.pumps}
        pe = {year: Decimal(0) for year in be}  # a stand-alone PV pump burns nothing
        return [
            fuel_factor_equation(EF_DIESEL, RHO, NCV, EF_CO2, ef_diesel),
            Equation(BE_PUMP, (FC, TIMES, EF_DIESEL, OVER, THOUSAND), "t CO2/pump/year",
                     N_("Baseline emissions per pump and year"), value=be_pump),
            yearly(BE, (N, TIMES, BE_PUMP), "t CO2", N_("Baseline emissions"), be),
            yearly(PE, (Num(Decimal(0)),), "t CO2", N_("Project emissions of stand-alone solar pumps"), pe),
            yearly(ER, (BE, MINUS, PE), "tCO2e", N_("Emission reductions"),
                   {year: be[year] - pe[year] for year in be}),
        ]


METHODOLOGY = AmsIB()
