"""The methodology plug-ins against hand-worked examples, and what the interface refuses.

Each example's parameters are chosen so that every step can be done on paper and every division
terminates: the comments are the worked steps, and ``estimate()`` must equal their result exactly.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from dossiergen.article6.accounting import estimates
from dossiergen.article6.methodologies import ams_iii_c
from dossiergen.article6.methodologies.base import (
    GWP,
    MODULES,
    PROJECT_VALUE,
    Equation,
    MethodologyError,
    ParameterError,
    Parameters,
    UnknownMethodology,
    UnknownVersion,
    methodology,
    validate_parameters,
)
from dossiergen.records.loading import load_record

from .conftest import SAMPLES

HERE = Path(__file__).resolve().parents[1] / "src" / "dossiergen" / "article6" / "methodologies"


def by_result(equations: list[Equation]) -> dict[str, Equation]:
    return {str(equation.result): equation for equation in equations}


def ams_iii_c_raw(**changes: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "fleet": [{"year": 2030, "vehicles": 100}, {"year": 2031, "vehicles": 200}],
        "distance_km": 10000, "baseline_sfc_l_per_100km": 2, "fuel_ef_kg_co2_per_l": "2.5",
        "technology_improvement": "0.9", "electricity_kwh_per_km": "0.04", "grid_ef_t_per_mwh": "0.5",
        "td_losses": "0.2", "leakage": "0.1"}
    return raw | changes


# --- AMS-III.C ------------------------------------------------------------------------------

def test_ams_iii_c_against_a_hand_worked_example() -> None:
    # EF_BL,km   = SFC / 100 × EF_fuel = 2 / 100 × 2.5 kg CO2/L                  = 0.05 kg CO2/km
    # t = y − y0:  2030 → 0, 2031 → 1
    # EF_BL,km,y = EF_BL,km × IR^t:  2030 0.05 × 1 = 0.05;  2031 0.05 × 0.9      = 0.045 kg CO2/km
    # PE_km      = SEC × EF_grid / (1 − TDL) = 0.04 kWh/km × 0.5 kg/kWh / 0.8     = 0.025 kg CO2/km
    # BE_y = EF_BL,km,y × DD × N_y / 1000:  2030 0.05 × 10,000 × 100 / 1000      = 50 t
    #                                       2031 0.045 × 10,000 × 200 / 1000     = 90 t
    # PE_y = PE_km × DD × N_y / 1000:       2030 0.025 × 10,000 × 100 / 1000    = 25 t
    #                                       2031 0.025 × 10,000 × 200 / 1000     = 50 t
    # LE_y = LK × (BE_y − PE_y):            2030 0.1 × 25 = 2.5 t;  2031 0.1 × 40 = 4 t
    # ER_y = BE_y − PE_y − LE_y:            2030 50 − 25 − 2.5 = 22.5 t;  2031 90 − 50 − 4 = 36 t  (58.5 t)
    parameters = validate_parameters("AMS-III.C", "16.0", ams_iii_c_raw())
    method = methodology("AMS-III.C")
    assert method.estimate(parameters, [2030, 2031]) == [(2030, Decimal("22.5")), (2031, Decimal(36))]
    steps = by_result(method.equations(parameters))
    assert steps["EF_BL,km"].value == Decimal("0.05") and steps["PE_km"].value == Decimal("0.025")
    assert steps["EF_BL,km,y"].by_year == ((2030, Decimal("0.05")), (2031, Decimal("0.045")))
    assert dict(steps["BE_y"].by_year) == {2030: 50, 2031: 90}
    assert dict(steps["PE_y"].by_year) == {2030: 25, 2031: 50}
    assert dict(steps["LE_y"].by_year) == {2030: Decimal("2.5"), 2031: 4}


def test_ams_iii_c_with_the_ipcc_defaults_for_motor_gasoline() -> None:
    # EF_fuel = ρ × NCV × EF_CO2 / 10^6 = 0.75 kg/L × 44.3 TJ/Gg × 69,300 kg CO2/TJ / 10^6 = 2.3024925 kg CO2/L
    # EF_BL,km = 2 / 100 × 2.3024925 = 0.04604985 kg CO2/km  (IR 1: the same each year)
    # BE = 0.04604985 × 10,000 km × 100 / 1000 = 46.04985 t;  PE = 0.025 × 10,000 × 100 / 1000 = 25 t
    # LE = 0.1 × (46.04985 − 25) = 2.104985 t;  ER = 46.04985 − 25 − 2.104985 = 18.944865 t
    raw = ams_iii_c_raw(fleet=[{"year": 2030, "vehicles": 100}], technology_improvement=1,
                        fuel_density_kg_per_l="0.75")
    del raw["fuel_ef_kg_co2_per_l"]
    parameters = validate_parameters("AMS-III.C", "16.0", raw)
    method = methodology("AMS-III.C")
    assert by_result(method.equations(parameters))["EF_fuel"].value == Decimal("2.3024925")
    assert method.estimate(parameters, [2030]) == [(2030, Decimal("18.944865"))]
    sources = {str(row.symbol): row.source for row in method.parameter_rows(parameters)}
    assert sources["NCV_fuel"] == "2006 IPCC Guidelines, Vol. 2, ch. 1, Table 1.2 (to verify)"
    assert sources["EF_CO2,fuel"] == "2006 IPCC Guidelines, Vol. 2, ch. 1, Table 1.4 (to verify)"
    assert sources["ρ_fuel"] == PROJECT_VALUE
    own = validate_parameters("AMS-III.C", "16.0", raw | {"fuel_ncv_tj_per_gg": "44.0"})
    assert {str(row.symbol): row.source for row in method.parameter_rows(own)}["NCV_fuel"] == PROJECT_VALUE


def test_ams_iii_c_shows_the_ipcc_defaults_only_when_it_uses_them() -> None:
    parameters = validate_parameters("AMS-III.C", "16.0", ams_iii_c_raw())
    symbols = [str(row.symbol) for row in methodology("AMS-III.C").parameter_rows(parameters)]
    assert symbols == ["N_y", "DD", "SFC", "EF_fuel", "IR", "SEC_PJ", "EF_grid", "TDL", "LK"]
    assert "EF_fuel" not in by_result(methodology("AMS-III.C").equations(parameters))  # given, not computed


def test_the_cambodian_sample_values_estimate_at_least_the_approved_reductions() -> None:
    # today's illustrative values, with IR 1 (no improvement applied; to check against the v16.0 PDF)
    fleet = [10_000, 30_000, 55_000, 80_000, 100_000, 120_000, 125_000, 125_000, 125_000, 125_000]
    raw = {"fleet": [{"year": 2025 + i, "vehicles": n} for i, n in enumerate(fleet)], "distance_km": 25000,
           "baseline_sfc_l_per_100km": "2.5", "fuel_ef_kg_co2_per_l": "2.31", "technology_improvement": 1,
           "electricity_kwh_per_km": "0.040", "grid_ef_t_per_mwh": "0.60", "td_losses": "0.10", "leakage": "0.02"}
    method = methodology("AMS-III.C")
    estimate = method.estimate(validate_parameters("AMS-III.C", "16.0", raw), range(2025, 2035))
    total = sum(value for _, value in estimate)
    assert round(total, 2) == Decimal("681579.79") and total >= 680_000
    # the sample record carries these values: its estimate is the same
    assert estimates(load_record(SAMPLES["dossier"]).data) == estimate


# --- AMS-I.B --------------------------------------------------------------------------------

def ams_i_b_raw(**changes: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {"pumps": [{"year": 2026, "pumps": 10}, {"year": 2027, "pumps": 20}],
                           "diesel_l_per_pump_year": 1000, "diesel_density_kg_per_l": "0.8"}
    return raw | changes


def test_ams_i_b_against_a_hand_worked_example() -> None:
    # diesel a pump-year: 1,000 L × 0.8 kg/L = 800 kg = 0.0008 Gg; × 43.0 TJ/Gg = 0.0344 TJ;
    #                     × 74,100 kg CO2/TJ = 2,549.04 kg CO2 = 2.54904 t CO2
    # the same through the factor per litre:
    # EF_diesel = ρ × NCV × EF_CO2 / 10^6 = 0.8 × 43.0 × 74,100 / 10^6 = 2.54904 kg CO2/L
    # BE_pump   = FC_BL × EF_diesel / 1000 = 1,000 × 2.54904 / 1000   = 2.54904 t CO2 per pump-year
    # BE_y = N_y × BE_pump:  2026 10 × 2.54904 = 25.4904 t;  2027 20 × 2.54904 = 50.9808 t
    # PE_y = 0 (stand-alone PV);  ER_y = BE_y − PE_y: 25.4904 t and 50.9808 t  (76.4712 t)
    parameters = validate_parameters("AMS-I.B", "12.0", ams_i_b_raw())
    method = methodology("AMS-I.B")
    assert method.estimate(parameters, [2026, 2027]) == [(2026, Decimal("25.4904")), (2027, Decimal("50.9808"))]
    steps = by_result(method.equations(parameters))
    assert steps["EF_diesel"].value == steps["BE_pump"].value == Decimal("2.54904")
    assert dict(steps["PE_y"].by_year) == {2026: 0, 2027: 0}
    sources = {str(row.symbol): row.source for row in method.parameter_rows(parameters)}
    assert sources == {"N_y": PROJECT_VALUE, "FC_BL": PROJECT_VALUE, "ρ_diesel": PROJECT_VALUE,
                       "NCV_diesel": "2006 IPCC Guidelines, Vol. 2, ch. 1, Table 1.2 (to verify)",
                       "EF_CO2,diesel": "2006 IPCC Guidelines, Vol. 2, ch. 1, Table 1.4 (to verify)"}


def test_ams_i_b_lists_only_the_version_a_source_supports() -> None:
    (version,) = methodology("AMS-I.B").versions
    assert (version.number, version.valid_from, version.page, version.source.verified) == ("12.0", None, "", False)
    with pytest.raises(UnknownVersion, match="known: 12.0$"):
        validate_parameters("AMS-I.B", "13.0", ams_i_b_raw())


# --- ACM0001 --------------------------------------------------------------------------------

def acm0001_raw(**changes: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "landfill": [{"year": 2030, "methane_to_flare_t": 100, "methane_to_engines_t": 200,
                      "electricity_to_grid_mwh": 500, "electricity_consumed_mwh": 40},
                     {"year": 2031, "methane_to_flare_t": 150, "methane_to_engines_t": 250,
                      "electricity_to_grid_mwh": 600, "electricity_consumed_mwh": 50}],
        "flare_efficiency": "0.9", "regulatory_destruction": "0.2", "grid_ef_displaced_t_per_mwh": "0.6",
        "grid_ef_consumed_t_per_mwh": "0.8", "td_losses": "0.2"}
    return raw | changes


def test_acm0001_against_a_hand_worked_example() -> None:
    # OX_top_layer 0.1 (the default), GWP_CH4 28 (AR5)
    #                                   2030                         2031
    # F_CH4,flared = F_flare × η_flare  100 × 0.9 = 90 t CH4        150 × 0.9 = 135 t CH4
    # F_CH4,PJ = flared + engines       90 + 200 = 290 t CH4         135 + 250 = 385 t CH4
    # F_CH4,BL = f_reg × F_CH4,PJ       0.2 × 290 = 58 t CH4         0.2 × 385 = 77 t CH4
    # BE_CH4 = ((1 − OX) × F_PJ − F_BL) × GWP_CH4
    #                                   (0.9 × 290 − 58) × 28        (0.9 × 385 − 77) × 28
    #                                   = 203 × 28 = 5,684 t          = 269.5 × 28 = 7,546 t
    # BE_EC = EG × EF_grid,CM           500 × 0.6 = 300 t            600 × 0.6 = 360 t
    # PE_EC = EC × EF_EL / (1 − TDL)    40 × 0.8 / 0.8 = 40 t        50 × 0.8 / 0.8 = 50 t
    # ER = BE_CH4 + BE_EC − PE_EC       5,684 + 300 − 40 = 5,944 t   7,546 + 360 − 50 = 7,856 t   (13,800 t)
    parameters = validate_parameters("ACM0001", "19.0", acm0001_raw())
    method = methodology("ACM0001")
    assert method.estimate(parameters, [2030, 2031]) == [(2030, Decimal(5944)), (2031, Decimal(7856))]
    steps = by_result(method.equations(parameters))
    assert dict(steps["F_CH4,PJ,y"].by_year) == {2030: 290, 2031: 385}
    assert dict(steps["F_CH4,BL,y"].by_year) == {2030: 58, 2031: 77}
    assert dict(steps["BE_CH4,y"].by_year) == {2030: 5684, 2031: 7546}
    assert dict(steps["PE_EC,y"].by_year) == {2030: 40, 2031: 50}
    rows = {str(row.symbol): row for row in method.parameter_rows(parameters)}
    assert rows["OX_top_layer"].value == Decimal("0.1") and "ACM0001" in rows["OX_top_layer"].source
    assert (rows["GWP_CH4"].value, rows["GWP_CH4"].source) == (GWP.ch4, str(GWP.source))


def test_acm0001_converts_methane_with_the_ar5_gwp() -> None:
    # 100 t CH4 burnt in the engines, nothing else: (0.9 × 100 − 0) × 28 = 2,520 t CO2e
    row = {"year": 2030, "methane_to_flare_t": 0, "methane_to_engines_t": 100, "electricity_to_grid_mwh": 0,
           "electricity_consumed_mwh": 0}
    parameters = validate_parameters("ACM0001", "19.0", acm0001_raw(landfill=[row], regulatory_destruction=0))
    assert methodology("ACM0001").estimate(parameters, [2030]) == [(2030, Decimal("0.9") * 100 * 28)]


# --- what every methodology refuses ---------------------------------------------------------

@pytest.mark.parametrize(("changes", "path", "message"), [
    ({"distance_km": -25000}, ("parameters", "distance_km"), "Input should be greater than 0 (got -25000)"),
    ({"td_losses": 1}, ("parameters", "td_losses"), "Input should be less than 1 (got 1)"),
    ({"leakage": "1.5"}, ("parameters", "leakage"), "Input should be less than 1 (got '1.5')"),
    ({"technology_improvement": "1.01"}, ("parameters", "technology_improvement"),
     "Input should be less than or equal to 1 (got '1.01')"),
    ({"fleet": [{"year": 2030, "vehicles": -1}]}, ("parameters", "fleet", 0, "vehicles"),
     "Input should be greater than or equal to 0 (got -1)"),
    ({"fleet": [{"year": 2030, "vehicles": 1}, {"year": 2032, "vehicles": 1}]}, ("parameters", "fleet", 1, "year"),
     "2032 follows 2030; give each year once, in order, without gaps"),
    ({"fuel_density_kg_per_l": "0.74"}, ("parameters", "fuel_ef_kg_co2_per_l"),
     "give either fuel_ef_kg_co2_per_l or fuel_density_kg_per_l (with the IPCC defaults for NCV and EF, or your own)"),
    ({"fuel_ncv_tj_per_gg": 44}, ("parameters", "fuel_ncv_tj_per_gg"),
     "not used when fuel_ef_kg_co2_per_l is given"),
    ({"tolerance": "0.01"}, ("parameters", "tolerance"), "unknown parameter"),
    ({"fleet": []}, ("parameters", "fleet"), "List should have at least 1 item after validation, not 0 (got [])"),
])
def test_parameters_that_do_not_fit_are_refused_at_their_path(changes: dict[str, Any], path: tuple[Any, ...],
                                                              message: str) -> None:
    with pytest.raises(ParameterError) as caught:
        validate_parameters("AMS-III.C", "16.0", ams_iii_c_raw(**changes))
    assert [(problem.path, problem.message) for problem in caught.value.problems] == [(path, message)]
    assert str(caught.value) == f"{'.'.join(map(str, path))}: {message}"


def test_a_missing_parameter_is_named() -> None:
    raw = ams_iii_c_raw()
    del raw["leakage"]
    with pytest.raises(ParameterError, match=r"^parameters\.leakage: required parameter is missing$"):
        validate_parameters("AMS-III.C", "16.0", raw)


def test_parameters_that_are_not_a_mapping_are_refused() -> None:
    with pytest.raises(ParameterError, match=r"^parameters: give the parameters as a mapping of names to values,"
                                             r" not NoneType$"):
        validate_parameters("AMS-I.B", "12.0", None)  # type: ignore[arg-type]  # what an empty YAML key gives


def test_a_version_the_module_does_not_implement_is_refused_naming_those_it_does() -> None:
    with pytest.raises(UnknownVersion) as caught:
        validate_parameters("AMS-III.C", "22.0", ams_iii_c_raw())
    assert str(caught.value) == "version: AMS-III.C version '22.0' is not implemented by dossiergen; known: 16.0"
    assert caught.value.problems[0].path == ("version",)


def test_an_unknown_methodology_is_refused_naming_those_that_exist() -> None:
    with pytest.raises(UnknownMethodology) as caught:
        methodology("AMS-III.X")
    known = ", ".join(sorted(MODULES))
    assert str(caught.value) == f"id: no methodology 'AMS-III.X' in dossiergen; known: {known}"
    assert isinstance(caught.value, MethodologyError) and caught.value.problems[0].path == ("id",)


def test_a_year_the_parameters_do_not_cover_is_refused_at_their_table() -> None:
    parameters = validate_parameters("AMS-III.C", "16.0", ams_iii_c_raw())
    with pytest.raises(ParameterError, match=r"^parameters\.fleet: give no values for 2032; they cover 2030-2031$"):
        methodology("AMS-III.C").estimate(parameters, [2030, 2031, 2032])


def test_parameters_of_another_methodology_are_a_type_error() -> None:
    class Other(Parameters):
        pass

    with pytest.raises(TypeError, match="AMS-III.C takes AmsIIICParameters, not Other"):
        methodology("AMS-III.C").equations(Other())  # type: ignore[arg-type]  # the point of the test


# --- the interface's promises, for every methodology ----------------------------------------

EXAMPLES: dict[str, tuple[str, dict[str, Any]]] = {"AMS-III.C": ("16.0", ams_iii_c_raw()),
                                                   "AMS-I.B": ("12.0", ams_i_b_raw()),
                                                   "ACM0001": ("19.0", acm0001_raw())}
"""A valid parameter set of each methodology, with the version it is validated for."""


def test_every_registered_methodology_has_an_example() -> None:
    assert set(EXAMPLES) == set(MODULES)


@pytest.mark.parametrize("id", sorted(EXAMPLES))
def test_equations_agree_with_the_estimate(id: str) -> None:
    version, raw = EXAMPLES[id]
    method = methodology(id)
    parameters = validate_parameters(id, version, raw)
    equations = method.equations(parameters)
    years = method.years(parameters)
    assert str(equations[-1].result) == "ER_y"
    assert method.estimate(parameters, years) == list(equations[-1].by_year)
    # each intermediate result is computed once: ER_y adds up from the results it names
    steps = by_result(equations)
    signs = {"+": 1, "−": -1}
    terms = equations[-1].terms
    for year in years:
        total = Decimal(0)
        for index, term in enumerate(terms):
            if str(term) in steps:
                sign = signs[terms[index - 1].text] if index else 1  # type: ignore[union-attr]  # an Op
                total += sign * dict(steps[str(term)].by_year)[year]
        assert total == dict(equations[-1].by_year)[year]


@pytest.mark.parametrize("id", sorted(EXAMPLES))
def test_every_label_is_marked_for_extraction(id: str) -> None:
    version, raw = EXAMPLES[id]
    method = methodology(id)
    parameters = validate_parameters(id, version, raw)
    marked = set()
    for path in HERE.glob("*.py"):
        marked |= set(re.findall(r'N_\("([^"]+)"\)', path.read_text(encoding="utf-8")))
    labels = [row.label for row in method.parameter_rows(parameters)]
    labels += [equation.label for equation in method.equations(parameters)]
    assert set(labels) <= marked
    assert PROJECT_VALUE in marked


@pytest.mark.parametrize("id", sorted(EXAMPLES))
def test_each_version_names_its_source_and_a_verified_one_its_page(id: str) -> None:
    method = methodology(id)
    assert method.id == id and method.title and method.sectoral_scopes and method.versions
    for version in method.versions:
        assert version.source.document
        if version.source.verified:
            assert version.page.startswith("https://cdm.unfccc.int/methodologies/DB/") and version.valid_from


def test_ams_iii_c_follows_version_16_of_its_unfccc_page() -> None:
    (version,) = methodology("AMS-III.C").versions
    assert (version.number, str(version.valid_from), version.valid_until) == ("16.0", "2022-09-08", None)
    assert version.page == "https://cdm.unfccc.int/methodologies/DB/HLOH5R7J6M96A23TFECTQ1BVIE24CK/view.html"
    assert methodology("AMS-III.C").sectoral_scopes == (7,)


def test_parameter_models_describe_themselves() -> None:
    schema = ams_iii_c.AmsIIICParameters.model_json_schema()
    assert schema["additionalProperties"] is False
    distance = schema["properties"]["distance_km"]
    assert (distance["symbol"], distance["unit"], distance["anyOf"][0]["exclusiveMinimum"]) == ("DD", "km", 0)
    ncv = schema["properties"]["fuel_ncv_tj_per_gg"]
    assert ncv["source"] == "2006 IPCC Guidelines, Vol. 2, ch. 1, Table 1.2 (to verify)"


def test_parameters_are_frozen() -> None:
    parameters = validate_parameters("AMS-III.C", "16.0", ams_iii_c_raw())
    with pytest.raises(ValueError, match="frozen"):
        parameters.leakage = Decimal(0)  # type: ignore[attr-defined]  # the point of the test


def test_gwp_is_the_ar5_100_year_set() -> None:
    assert (GWP.co2, GWP.ch4, GWP.n2o) == (1, 28, 265)
    assert str(GWP.source) == "IPCC AR5 WG1, Table 8.7 (to verify)"
