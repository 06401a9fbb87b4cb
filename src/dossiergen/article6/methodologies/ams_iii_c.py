"""Emission reductions of an e-motorcycle project under CDM AMS-III.C.

Computed once from the project record; the context stage and the loader's checks use these
numbers, the templates only place them. All arithmetic is in Decimal; tonnes are whole
numbers apportioned by largest remainder, so the parts always add up to the whole.
"""

from __future__ import annotations

from decimal import Decimal

from dossiergen.models.project import EMotorcycleParameters

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
