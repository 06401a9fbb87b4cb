"""The Article 6.2 accounts: every part adds up to its whole, for any split and any agreement.

Properties (hypothesis) over variants of the sample project with a random approved quantity,
random uses, share of proceeds and OMGE (zero included) with their rounding, and random NDC
accounting: mitigation outcomes = authorized + not authorized; first-transferred = transferred +
cancelled for OMGE + share of proceeds in units; each Party's corresponding adjustments equal
the ITMOs first transferred (host, per vintage year) and used (acquiring Party, per year of use).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from dossiergen.article6.accounting import adjustments, percent_of, vintage_accounts
from dossiergen.models import ProjectRecord
from dossiergen.records.loading import load_record

from .conftest import SAMPLES

SAMPLE = load_record(SAMPLES["dossier"]).data
assert isinstance(SAMPLE, ProjectRecord)


def _variant(changes: dict[str, Any]) -> ProjectRecord:
    data = SAMPLE.model_dump(mode="json", by_alias=True, exclude_none=True)
    for path, value in changes.items():
        target = data
        *parents, last = path.split(".")
        for part in parents:
            target = target[part]
        target[last] = value
    return ProjectRecord.model_validate(data)


def test_the_sample_splits_as_the_seed_says() -> None:
    rows = vintage_accounts(SAMPLE)
    assert [row.year for row in rows] == list(range(2025, 2035))
    assert sum(row.outcomes_t for row in rows) == 680_000
    assert sum(row.authorized_t for row in rows) == 400_000
    assert sum(row.not_authorized_t for row in rows) == 280_000
    assert sum(row.transferred_t for row in rows) == 400_000  # no OMGE, no share of proceeds in units
    assert (rows[0].outcomes_t, rows[0].authorized_t, rows[0].not_authorized_t) == (7598, 4469, 3129)


def test_a_hand_worked_agreement() -> None:
    # vintage 2025 authorizes 4,469 ITMOs; 2 % OMGE rounded up = 89.38 -> 90; 5 % share of proceeds
    # in units rounded to the nearest = 223.45 -> 223; transferred 4,469 - 90 - 223 = 4,156
    project = _variant({"agreement": {"omge": {"percent": "2", "rounding": "up"},
                                      "share_of_proceeds": {"percent": "5", "form": "units", "rounding": "nearest"}}})
    first = vintage_accounts(project)[0]
    assert (first.authorized_t, first.omge_t, first.share_of_proceeds_t, first.transferred_t) == (4469, 90, 223, 4156)
    money = _variant({"agreement": {"share_of_proceeds": {"percent": "5", "form": "money"}}})
    assert vintage_accounts(money)[0].share_of_proceeds_t == 0  # paid in money: no units set aside
    assert percent_of(4469, Decimal("2"), "down") == 89


periods = st.sampled_from([
    [(2021, 2030, "single_year", "averaging"), (2031, 2035, "single_year", "averaging")],
    [(2021, 2030, "single_year", "trajectory"), (2031, 2035, "single_year", "budget")],
    [(2021, 2030, "multi_year", "trajectory"), (2031, 2035, "multi_year", "budget")],
    [(2021, 2030, "single_year", "trajectory")],
])


@settings(max_examples=60, deadline=None)
@given(outcomes=st.integers(min_value=1_000, max_value=681_000), data=st.data(),
       omge=st.decimals(min_value=0, max_value=10, places=1), sop=st.decimals(min_value=0, max_value=10, places=1),
       sop_form=st.sampled_from(["units", "money"]), rounding=st.sampled_from(["up", "down", "nearest"]),
       host_periods=periods, acquiring_periods=periods, use=st.sampled_from(["vintage_year", "ndc_year"]),
       outside=st.sampled_from(["next_ndc", "not_counted"]))
def test_every_part_adds_up_and_adjustments_match_the_transfers(
        outcomes: int, data: st.DataObject, omge: Decimal, sop: Decimal, sop_form: str, rounding: str,
        host_periods: list[tuple[int, int, str, str]], acquiring_periods: list[tuple[int, int, str, str]], use: str,
        outside: str) -> None:
    authorized = data.draw(st.integers(min_value=1, max_value=outcomes))
    oimp = data.draw(st.integers(min_value=0, max_value=outcomes - authorized))
    uses: list[dict[str, Any]] = [{"purpose": "ndc", "acquiring_party": "KOR", "quantity_t": authorized}]
    if oimp:
        uses.append({"purpose": "oimp", "quantity_t": oimp, "oimp_first_transfer": "use_or_cancellation",
                     "oimp": {"en": "International aviation (CORSIA)", "ko": "국제항공", "km": "អាកាសចរណ៍"}})
    shape = lambda rows: [{"first_year": a, "last_year": b, "target": t, "accounting": m} for a, b, t, m in rows]  # noqa: E731
    project = _variant({
        "authorization.mitigation_outcomes_t": outcomes, "authorization.uses": uses,
        "agreement": {"omge": {"percent": str(omge), "rounding": rounding},
                      "share_of_proceeds": {"percent": str(sop), "form": sop_form, "rounding": rounding}},
        "ndc": {"host": {"periods": shape(host_periods), "outside": outside},
                "acquiring": {"periods": shape(acquiring_periods), "outside": outside, "use": use}},
    })
    rows = vintage_accounts(project)
    assert sum(row.outcomes_t for row in rows) == outcomes
    assert sum(row.authorized_t for row in rows) == authorized + oimp
    for row in rows:
        assert row.outcomes_t == row.authorized_t + row.not_authorized_t and row.not_authorized_t >= 0
        for account in row.uses:
            assert account.first_transferred_t == account.transferred_t + account.omge_t + account.share_of_proceeds_t
            assert min(account.transferred_t, account.omge_t, account.share_of_proceeds_t) >= 0
            if sop_form == "money":
                assert account.share_of_proceeds_t == 0
    result = adjustments(project, rows)
    first_transferred = {row.year: row.first_transferred_t for row in rows}
    for item in result.host:
        assert item.itmos_t == first_transferred.get(item.year, 0)
        if item.treatment == "annual" or item.treatment == "next_ndc":
            assert item.applied_t == item.itmos_t
        elif item.treatment == "not_counted":
            assert item.applied_t == 0
        elif item.treatment == "averaged":
            assert item.period is not None
            in_period = sum(first_transferred.get(year, 0)
                            for year in range(item.period.first_year, item.period.last_year + 1))
            years = item.period.last_year - item.period.first_year + 1
            assert item.applied_t == (Decimal(in_period) / years if item.year == item.period.last_year else 0)
    used = sum(row.used_towards_ndc_t for row in rows)
    assert sum(item.itmos_t for item in result.acquiring) == used
    if use == "vintage_year":
        by_year = {row.year: row.used_towards_ndc_t for row in rows}
        assert {item.year: item.itmos_t for item in result.acquiring if item.year in by_year} == by_year
    for item in result.acquiring:
        if item.treatment in ("annual", "next_ndc"):
            assert item.applied_t == item.itmos_t
