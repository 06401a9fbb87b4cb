"""The AMS-III.C calculation against a hand-worked example, and apportioning that always adds up."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from dossiergen.article6.figures import shares_percent
from dossiergen.article6.methodologies.ams_iii_c import (
    baseline_t_per_km,
    computed_total,
    project_t_per_km,
    reduction_t_per_vehicle,
    total_discrepancy,
)
from dossiergen.article6.rounding import largest_remainder
from dossiergen.article6.vintages import vintages
from dossiergen.records.loading import load_record

from .conftest import SAMPLES


def test_the_sample_project_against_a_hand_worked_example() -> None:
    # FC 2.5 L/100 km x 2.31 kg/L       = 0.05775 kg/km       = 0.00005775 t/km
    # EC 0.040 kWh/km x 0.60 t/MWh / 0.9 = 0.026667 kg/km      = 0.0000266667 t/km
    # (0.05775 - 0.0266667) kg/km x 25,000 km x (1 - 0.02)      = 761.5417 kg = 0.7615417 t per vehicle-year
    # vehicle-years 10k+30k+55k+80k+100k+120k+4x125k = 895,000 -> 681,579.79 tCO2e
    p = load_record(SAMPLES["dossier"]).data.methodology.parameters
    assert baseline_t_per_km(p) == Decimal("0.00005775")
    assert round(project_t_per_km(p), 10) == Decimal("0.0000266667")
    assert round(reduction_t_per_vehicle(p), 7) == Decimal("0.7615417")
    assert round(computed_total(p), 2) == Decimal("681579.79")


def test_vintages_add_up_to_the_authorized_split() -> None:
    project = load_record(SAMPLES["dossier"]).data
    rows = vintages(project)
    assert [row.year for row in rows] == list(range(2025, 2035))
    assert sum(row.outcome_t for row in rows) == 680_000
    assert sum(row.transfer_t for row in rows) == 400_000
    assert sum(row.host_t for row in rows) == 280_000
    assert rows[0].outcome_t == 7598 and rows[0].transfer_t == 4469 and rows[0].host_t == 3129


def test_a_declared_total_above_the_estimate_is_refused_and_any_below_it_stands() -> None:
    # no tolerance either way: the estimate is 681,579.79 tCO2e, so 681,579 is the most one can declare
    project = load_record(SAMPLES["dossier"]).data

    def declaring(total: int) -> str | None:
        auth = project.authorization.model_copy(update={"authorized_t": total, "host_share_t": total - 400_000})
        return total_discrepancy(project.model_copy(update={"authorization": auth}))

    assert declaring(700_000) == ("700,000 tCO2e is more than the estimate of 681,579 tCO2e (rounded down) from the"
                                  " methodology parameters; the declared quantity may not exceed the estimate")
    assert declaring(681_580) is not None
    assert declaring(681_579) is None
    assert declaring(600_000) is None  # 12 % below the estimate: a host may authorize less than it expects
    assert total_discrepancy(project) is None


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
