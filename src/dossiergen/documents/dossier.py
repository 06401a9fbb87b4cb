"""What an approval dossier derives: the calculation, the vintages and their chart, the AEF rows.

Everything here is computed once from the project record (``emission_reductions``) and
formatted for each language of the document; the template only places it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from dossiergen.article6.methodologies.ams_iii_c import (
    baseline_t_per_km,
    computed_total,
    project_t_per_km,
    reduction_t_per_vehicle,
)
from dossiergen.article6.vintages import vintages
from dossiergen.models import ProjectRecord
from dossiergen.records.record import Record
from dossiergen.records.sandbox import illustration_path
from dossiergen.render.localize import Localized, Localizer, View

CHART_WIDTH, CHART_HEIGHT = 480, 210
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = 58, 470, 12, 182
"""The chart's SVG user space: the plot area inside it, axis labels left and below."""
THOUSAND = Decimal(1000)


@dataclass(frozen=True)
class _Bar:
    x: float
    width: float
    transfer_y: float
    transfer_height: float
    host_y: float
    host_height: float


def _nice_ceiling(value: int) -> int:
    """The next round number above ``value`` for the top of an axis (1, 2, 2.5 or 5 x 10^n)."""
    magnitude = 10 ** max(len(str(max(value, 1))) - 1, 0)
    for step in (1, 2, Decimal("2.5"), 5, 10):
        top = int(step * magnitude)
        if top >= value:
            return top
    return 10 * magnitude


def chart(outcomes: list[tuple[int, int, int]]) -> dict[str, Any]:
    """Stacked bars per vintage (transfer below, host above), in SVG user units."""
    top = _nice_ceiling(max(transfer + host for _, transfer, host in outcomes))
    plot_height = PLOT_BOTTOM - PLOT_TOP
    slot = (PLOT_RIGHT - PLOT_LEFT) / len(outcomes)
    bars = []
    for index, (_, transfer, host) in enumerate(outcomes):
        transfer_height = plot_height * transfer / top
        host_height = plot_height * host / top
        bars.append(_Bar(
            x=round(PLOT_LEFT + index * slot + slot * 0.18, 2), width=round(slot * 0.64, 2),
            transfer_y=round(PLOT_BOTTOM - transfer_height, 2), transfer_height=round(transfer_height, 2),
            host_y=round(PLOT_BOTTOM - transfer_height - host_height, 2), host_height=round(host_height, 2)))
    ticks = [(round(PLOT_BOTTOM - plot_height * step / 4, 2), top * step // 4) for step in range(5)]
    labels = [(round(PLOT_LEFT + (index + 0.5) * slot, 2), year) for index, (year, _, _) in enumerate(outcomes)]
    return {"width": CHART_WIDTH, "height": CHART_HEIGHT, "left": PLOT_LEFT, "right": PLOT_RIGHT,
            "top": PLOT_TOP, "bottom": PLOT_BOTTOM, "bars": bars, "ticks": ticks, "labels": labels}


def derive(record: Record, localizer: Localizer) -> dict[str, Any]:
    project = record.data
    assert isinstance(project, ProjectRecord)

    def each(method: str, value: Any, *args: Any) -> Localized:
        return Localized({lang: getattr(localizer.formatters[lang], method)(value, *args) for lang in localizer.langs})

    rows = vintages(project)
    table = [View({"year": each("year", v.year),
                   "vehicles": each("number", v.vehicles) if v.vehicles is not None else None,
                   "computed": each("decimal", v.computed_t, 0) if v.computed_t is not None else None,
                   "outcome": each("tonnes", v.outcome_t), "transfer": each("tonnes", v.transfer_t),
                   "host": each("tonnes", v.host_t)}) for v in rows]
    totals = View({"outcome": each("tonnes", sum(v.outcome_t for v in rows)),
                   "transfer": each("tonnes", sum(v.transfer_t for v in rows)),
                   "host": each("tonnes", sum(v.host_t for v in rows))})
    graph = chart([(v.year, v.transfer_t, v.host_t) for v in rows])
    graph["tick_labels"] = [each("tonnes", value) for _, value in graph["ticks"]]
    graph["year_labels"] = [each("year", year) for _, year in graph["labels"]]
    # SVG text takes one family: the one whose digits the first language writes
    first = localizer.langs[0]
    graph["font"] = "DG Sans Khmer" if first == "km" and localizer.formatters[first].conventions.khmer_digits \
        else "DG Sans Latin"

    calculation = None
    p = project.methodology.parameters
    if p is not None:
        total = computed_total(p)
        calculation = View({
            "distance": each("number", p.distance_km),
            "fuel": each("decimal", p.baseline_fuel_l_per_100km, 2),
            "fuel_ef": each("decimal", p.fuel_ef_kg_per_l, 2),
            "electricity": each("decimal", p.electricity_kwh_per_km, 3),
            "grid_ef": each("decimal", p.grid_ef_t_per_mwh, 2),
            "losses": each("percent", p.transmission_losses * 100),
            "leakage": each("percent", p.leakage * 100),
            "tolerance": each("percent", p.tolerance * 100),
            "baseline_kg_per_km": each("decimal", baseline_t_per_km(p) * THOUSAND, 4),
            "project_kg_per_km": each("decimal", project_t_per_km(p) * THOUSAND, 4),
            "per_vehicle_t": each("decimal", reduction_t_per_vehicle(p), 4),
            "computed_total": each("decimal", total, 0),
            "declared_total": each("tonnes", project.authorization.authorized_t),
            "difference": each("percent", (Decimal(project.authorization.authorized_t) - total) / total * 100),
        })

    blocks = [View({"vintage": each("year", block.vintage), "part": block.part, "first": block.first,
                    "last": block.last, "quantity": each("tonnes", block.quantity)})
              for block in project.serial_blocks]
    quantities = [each("number", quantity.value) for quantity in project.quantities]
    # the loader has checked each file lies in the record's folder, which the fetcher serves
    illustrations = [illustration_path(record, illustration.file).as_uri() for illustration in project.illustrations]
    return {"vintages": table, "quantities": quantities, "totals": totals, "chart": View(graph),
            "calculation": calculation,
            "serial_blocks": blocks, "transfer_blocks": [b for b in blocks if b.part == "transfer"],
            "illustrations": illustrations}
