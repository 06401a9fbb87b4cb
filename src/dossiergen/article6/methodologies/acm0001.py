"""CDM ACM0001 "Flaring or use of landfill gas" (large-scale consolidated), for landfill gas capture and power.

Why ACM0001 and not AMS-III.G: small-scale type III activities are limited to 60 kt CO2e of
reductions a year (the SSC limit as recalled; to verify), and a 1,500 t/day landfill with 3 MW of
gas engines, as the Viet Nam sample describes, reduces well above that.

What is supported by a source: the title and the consolidated large-scale form (the UNFCCC page of
version 12.0, https://cdm.unfccc.int/methodologies/DB/RNAKK7JRFWIKCFT3YSNKGPC1FR2DVA/view.html,
valid 25 Nov 2011 - 10 May 2012, sectoral scope 13); version 19.0 as the version projects register
under, and sectoral scopes 1 and 13 (Verra's page, https://verra.org/methodologies/acm0001-flaring-or-use-of-landfill-gas,
a secondary source for a CDM version). The CDM page of version 19.0 and its validity were not found.

What is this project's reading, to be checked against the ACM0001 v19.0 PDF (not readable here):

- methane destroyed ``F_CH4,PJ,y = F_CH4,flare,y × η_flare + F_CH4,EL,y`` (t CH4): the methane sent
  to the flare times its destruction efficiency (determined with TOOL06, whose defaults, as recalled,
  are 90 % for an enclosed flare with continuous temperature monitoring and 50 % for an open flare)
  plus the methane sent to the gas engines, taken as wholly destroyed. The ex-ante methane amounts are
  project values (a TOOL04 first-order-decay estimate times the capture rate, made outside dossiergen);
- baseline destruction required by regulation ``F_CH4,BL,y = f_reg × F_CH4,PJ,y``: only the case of a
  rule that requires a share of the gas to be destroyed; a contract or an existing capture system
  (other cases of the methodology) are not implemented;
- ``BE_CH4,y = ((1 − OX_top_layer) × F_CH4,PJ,y − F_CH4,BL,y) × GWP_CH4``, with OX_top_layer = 0.1
  (recalled in the research; to verify) and GWP_CH4 = 28 (IPCC AR5, the Article 6.2 set, not the
  CDM's lowest-of-AR2/4/5);
- electricity displaced ``BE_EC,y = EG_PJ,y × EF_grid,CM`` (the grid's combined margin, TOOL07);
- project emissions of the electricity the LFG system draws from the grid
  ``PE_EC,y = EC_PJ,y × EF_EL,PJ / (1 − TDL)`` (TOOL05; see
  :func:`~dossiergen.article6.methodologies.base.grid_electricity_emissions` on the TDL form);
  fossil fuel burnt on site (TOOL03) is not modelled;
- no leakage (as recalled for ACM0001; to verify); ``ER_y = BE_CH4,y + BE_EC,y − PE_EC,y``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, ClassVar, Literal

from pydantic import AfterValidator, Field

from dossiergen.article6.methodologies.base import (
    AFTER_LOSSES,
    CLOSE,
    GWP,
    MINUS,
    ONE,
    OPEN,
    PLUS,
    TDL,
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
    grid_electricity_emissions,
    parameter,
    rows_of,
    yearly,
)
from dossiergen.i18n.msgids import N_

CDM_V12 = "https://cdm.unfccc.int/methodologies/DB/RNAKK7JRFWIKCFT3YSNKGPC1FR2DVA/view.html"
VERRA = "https://verra.org/methodologies/acm0001-flaring-or-use-of-landfill-gas"

FLARE, ENGINES, EG, EC = Symbol("F", "CH4,flare,y"), Symbol("F", "CH4,EL,y"), Symbol("EG", "PJ,y"), Symbol("EC", "PJ,y")
ETA, OX, F_REG = Symbol("η", "flare"), Symbol("OX", "top_layer"), Symbol("f", "reg")
EF_CM, EF_EL, TDL, GWP_CH4 = Symbol("EF", "grid,CM"), Symbol("EF", "EL,PJ"), TDL, Symbol("GWP", "CH4")
FLARED, F_PJ, F_BL = Symbol("F", "CH4,flared,y"), Symbol("F", "CH4,PJ,y"), Symbol("F", "CH4,BL,y")
BE_CH4, BE_EC, PE_EC, ER = Symbol("BE", "CH4,y"), Symbol("BE", "EC,y"), Symbol("PE", "EC,y"), Symbol("ER", "y")


class LandfillYear(YearRow):
    """One year's ex-ante landfill gas figures (from the project's TOOL04 estimate and plant design)."""

    methane_to_flare_t: Decimal = parameter(FLARE, N_("Methane sent to the flare"), "t CH4", ge=0)
    methane_to_engines_t: Decimal = parameter(ENGINES, N_("Methane sent to the gas engines"), "t CH4", ge=0)
    electricity_to_grid_mwh: Decimal = parameter(
        EG, N_("Electricity generated from landfill gas and supplied to the grid"), "MWh", ge=0)
    electricity_consumed_mwh: Decimal = parameter(
        EC, N_("Grid electricity consumed by the landfill gas system"), "MWh", ge=0)


class Acm0001Parameters(Parameters):
    """Landfill gas captured and flared or burnt for power: the gas a year and the factors."""

    landfill: Annotated[list[LandfillYear], Field(min_length=1), AfterValidator(consecutive_years)]
    flare_efficiency: Decimal = parameter(ETA, N_("Methane destruction efficiency of the flare"), "",
                                          kind="fraction", gt=0, le=1)
    oxidation_top_layer: Decimal = fraction(
        OX, N_("Share of methane the landfill's top layer would oxidize in the baseline"), default=Decimal("0.1"),
        source=Source("CDM ACM0001 v19.0", "OX_top_layer", note="recalled in the research brief (3.3)"))
    regulatory_destruction: Decimal = fraction(
        F_REG, N_("Share of the methane destroyed that regulation already requires to be destroyed"))
    grid_ef_displaced_t_per_mwh: Decimal = parameter(
        EF_CM, N_("Combined margin emission factor of the grid"), "t CO2/MWh", ge=0)
    grid_ef_consumed_t_per_mwh: Decimal = parameter(
        EF_EL, N_("Emission factor of the grid electricity consumed"), "t CO2/MWh", ge=0)
    td_losses: Decimal = fraction(TDL, N_("Transmission and distribution losses"))


class Acm0001(Methodology[Acm0001Parameters]):
    id: ClassVar[str] = "ACM0001"
    title: ClassVar[str] = "Flaring or use of landfill gas"
    scale: ClassVar[Literal["small-scale", "large-scale"]] = "large-scale"
    sectoral_scopes: ClassVar[tuple[int, ...]] = (1, 13)
    scopes_source: ClassVar[Source] = Source("Verra, ACM0001 methodology page", url=VERRA, verified=True,
                                             note="the CDM page of v12.0 lists scope 13 only")
    versions: ClassVar[tuple[Version, ...]] = (
        Version("19.0", None, None, "",
                Source("Verra, ACM0001 methodology page", "registration under ACM0001 v19.0", url=VERRA,
                       note="a secondary source for a CDM version; the CDM page of v19.0 and its validity"
                            " were not found (the CDM page read is that of v12.0: " + CDM_V12 + ")")),
    )
    model: ClassVar[type[Parameters]] = Acm0001Parameters
    years_field: ClassVar[str] = "landfill"

    def parameter_rows(self, parameters: Acm0001Parameters) -> list[ParameterRow]:
        gwp = ParameterRow(GWP_CH4, N_("Global warming potential of methane (100 years)"), "tCO2e/t CH4",
                           "quantity", str(GWP.source), GWP.ch4,
                           citation=GWP.source.citation, verified=GWP.source.verified)
        return [*rows_of(self._checked(parameters)), gwp]

    def _equations(self, p: Acm0001Parameters) -> list[Equation]:
        rows = {row.year: row for row in p.landfill}
        flared = {year: row.methane_to_flare_t * p.flare_efficiency for year, row in rows.items()}
        f_pj = {year: flared[year] + row.methane_to_engines_t for year, row in rows.items()}
        f_bl = {year: p.regulatory_destruction * f_pj[year] for year in rows}
        be_ch4 = {year: ((1 - p.oxidation_top_layer) * f_pj[year] - f_bl[year]) * GWP.ch4 for year in rows}
        be_ec = {year: row.electricity_to_grid_mwh * p.grid_ef_displaced_t_per_mwh for year, row in rows.items()}
        pe_ec = {year: grid_electricity_emissions(row.electricity_consumed_mwh, p.grid_ef_consumed_t_per_mwh,
                                                  p.td_losses) for year, row in rows.items()}
        return [
            yearly(FLARED, (FLARE, TIMES, ETA), "t CH4", N_("Methane destroyed in the flare"), flared),
            yearly(F_PJ, (FLARED, PLUS, ENGINES), "t CH4", N_("Methane destroyed by the project"), f_pj),
            yearly(F_BL, (F_REG, TIMES, F_PJ), "t CH4", N_("Methane regulation requires to be destroyed"), f_bl),
            yearly(BE_CH4, (OPEN, OPEN, ONE, MINUS, OX, CLOSE, TIMES, F_PJ, MINUS, F_BL, CLOSE, TIMES, GWP_CH4),
                   "tCO2e", N_("Baseline methane emissions avoided"), be_ch4),
            yearly(BE_EC, (EG, TIMES, EF_CM), "t CO2", N_("Baseline emissions of the grid electricity displaced"),
                   be_ec),
            yearly(PE_EC, (EC, TIMES, EF_EL, *AFTER_LOSSES), "t CO2",
                   N_("Project emissions from electricity consumption"), pe_ec),
            yearly(ER, (BE_CH4, PLUS, BE_EC, MINUS, PE_EC), "tCO2e", N_("Emission reductions"),
                   {year: be_ch4[year] + be_ec[year] - pe_ec[year] for year in rows}),
        ]


METHODOLOGY = Acm0001()
