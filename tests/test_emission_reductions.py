"""The sample projects' estimates against hand-worked examples, and apportioning that always adds up."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from dossiergen.article6.accounting import estimates, vintage_accounts
from dossiergen.article6.figures import shares_percent
from dossiergen.article6.methodologies.base import declared_above_estimate
from dossiergen.article6.rounding import largest_remainder
from dossiergen.models import ProjectRecord
from dossiergen.records.loading import load_record

from .conftest import ROOT, SAMPLES


def project(path: Path) -> ProjectRecord:
    data = load_record(path).data
    assert isinstance(data, ProjectRecord)
    return data


def by_result(project: ProjectRecord) -> dict[str, Decimal | dict[int, Decimal]]:
    method = project.methodology
    return {str(equation.result): equation.value if equation.value is not None else dict(equation.by_year)
            for equation in method.plugin.equations(method.validated)}


def test_the_cambodian_sample_against_a_hand_worked_example() -> None:
    # EF_BL,km = SFC / 100 × EF_fuel = 2.5 / 100 × 2.31         = 0.05775 kg CO2/km
    # PE_km = SEC × EF_grid / (1 − TDL) = 0.040 × 0.60 / 0.9      = 0.0266667 kg CO2/km
    # IR = 1: the baseline factor is the same each year
    # per vehicle-year: (0.05775 − 0.0266667) × 25,000 / 1000 × (1 − 0.02) = 0.7615417 t
    # vehicle-years 10k+30k+55k+80k+100k+120k+4×125k = 895,000 → 681,579.79 tCO2e
    steps = by_result(project(SAMPLES["dossier"]))
    assert steps["EF_BL,km"] == Decimal("0.05775")
    assert round(steps["PE_km"], 7) == Decimal("0.0266667")  # type: ignore[call-overload]
    er = steps["ER_y"]
    assert isinstance(er, dict) and round(er[2025] / 10_000, 7) == Decimal("0.7615417")
    assert round(sum(er.values()), 2) == Decimal("681579.79")


def test_the_bangladeshi_sample_against_a_hand_worked_example() -> None:
    # EF_diesel = ρ × NCV × EF_CO2 / 10^6 = 0.84 × 43.0 × 74,100 / 10^6 = 2.676492 kg CO2/L
    # BE_pump = 4,480 L × 2.676492 / 1000                                 = 11.99068416 t CO2 a pump-year
    # pump-years 1,500 + 7 × 2,500 = 19,000 → 227,823.00 tCO2e (PE = 0 for stand-alone solar pumps)
    steps = by_result(project(ROOT / "dossiers" / "bd-solar-irrigation" / "project.yaml"))
    assert steps["EF_diesel"] == Decimal("2.676492")
    assert steps["BE_pump"] == Decimal("11.99068416")
    er = steps["ER_y"]
    assert isinstance(er, dict) and er[2026] == Decimal("17986.02624") and er[2033] == Decimal("29976.7104")
    assert sum(er.values()) == Decimal("227822.99904")


def test_the_vietnamese_sample_against_a_hand_worked_example() -> None:
    # 2026: F_CH4,flared = 1,200 × 0.9 = 1,080 t;  F_CH4,PJ = 1,080 + 3,000 = 4,080 t;  F_CH4,BL = 0 × 4,080 = 0
    #       BE_CH4 = (0.9 × 4,080 − 0) × 28 = 102,816 t CO2e
    #       BE_EC = 15,800 MWh × 0.6592 = 10,415.36 t;  PE_EC = 400 × 0.6592 / 0.93 = 283.5269 t
    #       ER = 102,816 + 10,415.36 − 283.5269 = 112,947.83 t CO2e
    steps = by_result(project(ROOT / "dossiers" / "vn-landfill-gas" / "project.yaml"))
    er = steps["ER_y"]
    assert isinstance(er, dict)
    assert steps["BE_CH4,y"][2026] == Decimal(102816)  # type: ignore[index]
    assert steps["BE_EC,y"][2026] == Decimal("10415.36")  # type: ignore[index]
    assert round(er[2026], 2) == Decimal("112947.83")


def test_vintages_add_up_to_the_approved_and_authorized_quantities() -> None:
    rows = vintage_accounts(project(SAMPLES["dossier"]))
    assert [row.year for row in rows] == list(range(2025, 2035))
    assert sum(row.outcomes_t for row in rows) == 680_000
    assert sum(row.authorized_t for row in rows) == 400_000
    assert sum(row.not_authorized_t for row in rows) == 280_000
    assert (rows[0].outcomes_t, rows[0].authorized_t, rows[0].not_authorized_t) == (7598, 4469, 3129)


def test_a_declared_total_above_the_estimate_is_refused_and_any_below_it_stands() -> None:
    # no tolerance either way: the estimate is 681,579.79 tCO2e, so 681,579 is the most one can declare
    estimate = sum((value for _, value in estimates(project(SAMPLES["dossier"]))), Decimal(0))
    assert declared_above_estimate(700_000, estimate) == (
        "700,000 tCO2e is more than the estimate of 681,579 tCO2e (rounded down) from the methodology parameters;"
        " the declared quantity may not exceed the estimate")
    assert declared_above_estimate(681_580, estimate) is not None
    assert declared_above_estimate(681_579, estimate) is None
    assert declared_above_estimate(600_000, estimate) is None  # a host may approve less than it expects


@given(st.integers(min_value=0, max_value=10**9),
       st.lists(st.integers(min_value=0, max_value=10**7), min_size=1, max_size=30).filter(lambda w: sum(w) > 0))
def test_largest_remainder_always_adds_up(total: int, weights: list[int]) -> None:
    shares = largest_remainder(total, weights)
    assert sum(shares) == total
    assert all(share >= 0 for share in shares)
    for share, weight in zip(shares, weights, strict=True):
        exact = Decimal(total) * weight / sum(weights)
        assert exact - 1 < share < exact + 1  # never further than one unit from the exact share


@given(st.integers(min_value=1, max_value=10**8), st.data())
def test_any_split_of_any_total_adds_up_per_vintage(authorized: int, data: st.DataObject) -> None:
    transfer = data.draw(st.integers(min_value=0, max_value=authorized))
    weights = data.draw(st.lists(st.integers(min_value=1, max_value=10**6), min_size=1, max_size=15))
    outcomes = largest_remainder(authorized, weights)
    transfers = largest_remainder(transfer, outcomes) if authorized else [0] * len(weights)
    hosts = [outcome - part for outcome, part in zip(outcomes, transfers, strict=True)]
    assert sum(outcomes) == authorized and sum(transfers) == transfer and sum(hosts) == authorized - transfer
    assert all(part >= 0 for part in transfers + hosts)


@given(st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=8).filter(lambda p: sum(p) > 0))
def test_percent_shares_always_add_up_to_100(parts: list[int]) -> None:
    assert sum(shares_percent(parts)) == Decimal("100.0")
