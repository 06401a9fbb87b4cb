"""The figures a record's texts may quote, computed once from the records.

Texts refer to them as ``{authorized_t}``; the context stage formats each for every
language of a document, so a figure can never read differently in two languages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from dossiergen.article6.accounting import vintage_accounts
from dossiergen.article6.rounding import shares_percent
from dossiergen.models import LocalizedText, Party, PressRecord, ProjectRecord
from dossiergen.models.press import EventFacts

FigureKind = Literal["tonnes", "percent", "count", "year", "date", "party", "text", "code"]
Source = tuple[object, str | None]
"""A record value a figure is read or computed from: its owner (a part of the record) and field, or the owner
whole (``None``). A figure from an illustrative source is illustrative and prints marked."""


@dataclass(frozen=True)
class Figure:
    kind: FigureKind
    value: int | Decimal | date | Party | LocalizedText | str
    sources: tuple[Source, ...] = ()


def project_figures(project: ProjectRecord) -> dict[str, Figure]:
    auth = project.authorization
    accounts = vintage_accounts(project)
    transferred = sum(account.transferred_t for account in accounts)
    authorized_share, not_authorized_share = shares_percent([auth.authorized_t,
                                                             auth.mitigation_outcomes_t - auth.authorized_t])
    period = project.crediting_period
    proponent = next(org for org in project.organisations if org.id == project.proponent)
    uses, outcomes = (auth, "uses"), (auth, "mitigation_outcomes_t")
    # what the agreement deducts at first transfer, shared per vintage by the methodology's estimate; an
    # agreement that deducts nothing leaves the quantities transferred as the uses say
    deducted = any(account.omge_t or account.share_of_proceeds_t for account in accounts)
    deductions: tuple[Source, ...] = ((project, "agreement"), (project.methodology, "parameters")) if deducted else ()
    start, end = (period, "start"), (period, "end")
    return {
        "outcomes_t": Figure("tonnes", auth.mitigation_outcomes_t, (outcomes,)),
        "authorized_t": Figure("tonnes", auth.authorized_t, (uses,)),
        "not_authorized_t": Figure("tonnes", auth.mitigation_outcomes_t - auth.authorized_t, (outcomes, uses)),
        "authorized_share": Figure("percent", authorized_share, (outcomes, uses)),
        "not_authorized_share": Figure("percent", not_authorized_share, (outcomes, uses)),
        "transfer_t": Figure("tonnes", transferred, (uses, *deductions)),
        "omge_t": Figure("tonnes", sum(account.omge_t for account in accounts), (uses, *deductions)),
        "share_of_proceeds_t": Figure("tonnes", sum(account.share_of_proceeds_t for account in accounts),
                                      (uses, *deductions)),
        "crediting_start": Figure("date", period.start, (start,)),
        "crediting_end": Figure("date", period.end, (end,)),
        "first_vintage": Figure("year", period.start.year, (start,)),
        "last_vintage": Figure("year", period.end.year, (end,)),
        "crediting_years": Figure("count", period.end.year - period.start.year + 1, (start, end)),
        "no_objection_date": Figure("date", auth.no_objection.date, ((auth.no_objection, "date"),)),
        "authorization_date": Figure("date", auth.date, ((auth, "date"),)),
        "authorization_valid_until": Figure("date", auth.valid_until, ((auth, "valid_until"),)),
        "approval_date": Figure("date", auth.korean_approval.date, ((auth.korean_approval, "date"),)),
        "host_party": Figure("party", project.host_party, ((project, "host_party"),)),
        "acquiring_party": Figure("party", project.acquiring_party, ((project, "acquiring_party"),)),
        "proponent": Figure("text", proponent.name, ((project, "proponent"), (proponent, "name"))),
        "methodology": Figure("code", project.methodology.code, ((project.methodology, "id"),
                                                                 (project.methodology, "version"))),
        "cooperative_approach": Figure("code", project.cooperative_approach.id,
                                       ((project.cooperative_approach, "id"),)),
        "authorization_id": Figure("code", auth.id, ((auth, "id"),)),
    }


def event_figures(event: EventFacts) -> dict[str, Figure]:
    figures = {
        "event_start": Figure("date", event.start, ((event, "start"),)),
        "event_end": Figure("date", event.end, ((event, "end"),)),
        "event_name": Figure("text", event.name, ((event, "name"),)),
        "agreements": Figure("count", len(event.agreements), ((event, "agreements"),)),
    }
    for name, count in event.counts.items():
        figures[f"count_{name}"] = Figure("count", count, ((event.counts, name),))
    return figures


def record_figures(data: object, project: ProjectRecord | None) -> dict[str, Figure]:
    """Every figure that the texts of ``data`` may quote."""
    figures: dict[str, Figure] = {}
    if project is not None:
        figures.update(project_figures(project))
    if isinstance(data, PressRecord) and data.event is not None:
        figures.update(event_figures(data.event))
    return figures
