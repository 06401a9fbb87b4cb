"""The authorized quantity over the vintages of the crediting period, and each vintage's split."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from dossiergen.article6.methodologies.ams_iii_c import reductions_by_year
from dossiergen.article6.rounding import largest_remainder
from dossiergen.models import ProjectRecord


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
