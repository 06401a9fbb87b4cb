"""Emission reductions of an e-motorcycle project under CDM AMS-III.C, and their split per vintage.

Computed once from the project record; the context stage and the loader's checks use these
numbers, the templates only place them. All arithmetic is in Decimal; tonnes are whole
numbers apportioned by largest remainder, so the parts always add up to the whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .figures import largest_remainder
from .models import ProjectRecord
from .models.project import EMotorcycleParameters

THOUSAND = Decimal(1000)
HUNDRED = Decimal(100)


def baseline_t_per_km(p: EMotorcycleParameters) -> Decimal:
    """Petrol a replaced motorcycle would have burnt per km, as tCO2."""
    return p.baseline_fuel_l_per_100km / HUNDRED * p.fuel_ef_kg_per_l / THOUSAND


def project_t_per_km(p: EMotorcycleParameters) -> Decimal:
    """Grid electricity an e-motorcycle draws per km, transmission losses included, as tCO2."""
    return p.electricity_kwh_per_km / THOUSAND * p.grid_ef_t_per_mwh / (1 - p.transmission_losses)


def reduction_t_per_vehicle(p: EMotorcycleParameters) -> Decimal:
    """ER per vehicle-year = D x (baseline - project per km) x (1 - leakage)."""
    return p.distance_km * (baseline_t_per_km(p) - project_t_per_km(p)) * (1 - p.leakage)


def reductions_by_year(p: EMotorcycleParameters) -> list[tuple[int, Decimal]]:
    per_vehicle = reduction_t_per_vehicle(p)
    return [(row.year, row.vehicles * per_vehicle) for row in p.fleet]


def computed_total(p: EMotorcycleParameters) -> Decimal:
    return sum((value for _, value in reductions_by_year(p)), Decimal(0))


def total_discrepancy(project: ProjectRecord) -> str | None:
    """Why the declared authorized quantity does not match the computed total, if it does not."""
    p = project.methodology.parameters
    if p is None:
        return None
    declared = project.authorization.authorized_t
    computed = computed_total(p)
    if computed <= 0:
        return f"the methodology parameters give no reduction ({computed:.0f} tCO2e): check the emission factors"
    gap = abs(Decimal(declared) - computed) / computed
    if gap > p.tolerance:
        return (f"declared {declared} differs from the {computed:,.0f} tCO2e computed from the methodology"
                f" parameters by {gap:.1%}, more than the tolerance of {p.tolerance:.1%}")
    return None


@dataclass(frozen=True)
class Vintage:
    """One year's mitigation outcomes and their split."""

    year: int
    vehicles: int | None
    computed_t: Decimal | None
    outcome_t: int
    transfer_t: int
    host_t: int


def vintages(project: ProjectRecord) -> list[Vintage]:
    """The authorized quantity apportioned over the vintages, and each vintage's split.

    With methodology parameters the weights are the computed reductions; without, each year
    of the crediting period weighs the same. The transfer is apportioned over the vintages in
    proportion to their outcomes; the host keeps the rest of each.
    """
    auth = project.authorization
    p = project.methodology.parameters
    if p is not None:
        computed: list[tuple[int, Decimal | None]] = list(reductions_by_year(p))
        fleet: dict[int, int | None] = {row.year: row.vehicles for row in p.fleet}
    else:
        years = range(project.crediting_period.start.year, project.crediting_period.end.year + 1)
        computed = [(year, None) for year in years]
        fleet = {year: None for year in years}
    weights = [value if value is not None else Decimal(1) for _, value in computed]
    outcomes = largest_remainder(auth.authorized_t, weights)
    transfers = largest_remainder(auth.transfer_t, outcomes)
    return [Vintage(year, fleet[year], value, outcome, transfer, outcome - transfer)
            for (year, value), outcome, transfer in zip(computed, outcomes, transfers, strict=True)]
