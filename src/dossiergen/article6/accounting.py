"""The Article 6.2 accounts of a project: what each vintage holds, and each Party's corresponding adjustments.

Computed once from the project record, in whole tonnes, so that every part adds up to its whole:

- **per vintage**: the mitigation outcomes approved, shared over the vintages in proportion to the
  methodology's ex-ante estimate; the ITMOs authorized for each use, shared
  in proportion to the vintages' outcomes (a second use in proportion to what the first left);
  what the host keeps unauthorized; and, at first
  transfer, what is cancelled for OMGE and set aside as a share of proceeds in units, the rest
  being transferred to the acquiring Party (first-transferred = transferred + OMGE + share of
  proceeds in units). Shares are apportioned by largest remainder (``article6/rounding.py``);
  percentages of a vintage are rounded as the agreement says.
- **corresponding adjustments per year**, for each Party (decision 2/CMA.3, annex, paragraphs 7-8):
  the host adds the ITMOs it first transfers, in the year of their vintage; the acquiring Party
  subtracts the ITMOs it uses towards its NDC, in the year it uses them (each vintage's own year, or
  the target year of the NDC period the vintage falls in, as the record says). With a trajectory or
  budget the adjustment is applied each year; with averaging (a single-year NDC), the average
  annual amount over the period is applied in its target year. A vintage outside every NDC period
  of a Party follows the rule the record gives: counted in the next NDC, or not counted.

The quantities are the ones the authorization plans; what has happened is in the record's events.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Literal

from dossiergen.article6.rounding import largest_remainder
from dossiergen.models import ProjectRecord
from dossiergen.models.article6 import AgreementTerms, AuthorizedUse, NdcPeriod, PartyNdc, Rounding

HUNDRED = Decimal(100)
_ROUNDING = {"up": ROUND_CEILING, "down": ROUND_FLOOR, "nearest": ROUND_HALF_UP}


def percent_of(units: int, percent: Decimal, rounding: Rounding) -> int:
    """``percent`` % of ``units``, in whole units, rounded as the agreement says."""
    return int((Decimal(units) * percent / HUNDRED).to_integral_value(rounding=_ROUNDING[rounding]))


@dataclass(frozen=True)
class UseAccount:
    """One authorized use in one vintage."""

    use: AuthorizedUse
    authorized_t: int
    """ITMOs authorized for this use in this vintage: all of them are first transferred."""
    omge_t: int
    """Cancelled for overall mitigation in global emissions at first transfer."""
    share_of_proceeds_t: int
    """Set aside as a share of proceeds in units at first transfer (zero when it is paid in money)."""

    @property
    def first_transferred_t(self) -> int:
        return self.authorized_t

    @property
    def transferred_t(self) -> int:
        """What reaches the acquiring Party (or the OIMP user)."""
        return self.authorized_t - self.omge_t - self.share_of_proceeds_t


@dataclass(frozen=True)
class VintageAccount:
    """One vintage's mitigation outcomes and where they go."""

    year: int
    estimate_t: Decimal
    """The methodology's ex-ante estimate for the year, not rounded."""
    outcomes_t: int
    uses: tuple[UseAccount, ...]

    @property
    def authorized_t(self) -> int:
        return sum(use.authorized_t for use in self.uses)

    @property
    def not_authorized_t(self) -> int:
        """Kept by the host without authorization: no ITMO, no corresponding adjustment."""
        return self.outcomes_t - self.authorized_t

    @property
    def first_transferred_t(self) -> int:
        return sum(use.first_transferred_t for use in self.uses)

    @property
    def omge_t(self) -> int:
        return sum(use.omge_t for use in self.uses)

    @property
    def share_of_proceeds_t(self) -> int:
        return sum(use.share_of_proceeds_t for use in self.uses)

    @property
    def transferred_t(self) -> int:
        return sum(use.transferred_t for use in self.uses)

    @property
    def used_towards_ndc_t(self) -> int:
        """What the acquiring Party receives for use towards its NDC."""
        return sum(use.transferred_t for use in self.uses if use.use.for_ndc)


def deductions(first_transferred_t: int, terms: AgreementTerms) -> tuple[int, int]:
    """What the agreement takes from ``first_transferred_t`` ITMOs at first transfer: the cancellation for
    OMGE and the share of proceeds set aside in units (none when it is paid in money), in that order."""
    omge = percent_of(first_transferred_t, terms.omge.percent, terms.omge.rounding) if terms.omge else 0
    proceeds = terms.share_of_proceeds
    sop = (percent_of(first_transferred_t, proceeds.percent, proceeds.rounding)
           if proceeds is not None and proceeds.form == "units" else 0)
    omge = min(omge, first_transferred_t)
    return omge, min(sop, first_transferred_t - omge)


def estimates(project: ProjectRecord) -> list[tuple[int, Decimal]]:
    """The methodology's ex-ante estimate per vintage (``ER_y``), not rounded."""
    method = project.methodology
    return method.plugin.estimate(method.validated, list(project.vintage_years))


def whole_estimates(accounts: Sequence[VintageAccount]) -> list[int]:
    """Each vintage's estimate in whole tonnes, adding up to the rounded total (largest remainder), so that a
    table of them sums to the total it prints."""
    total = sum((account.estimate_t for account in accounts), Decimal(0)).to_integral_value(rounding=ROUND_HALF_UP)
    weights = [max(account.estimate_t, Decimal(0)) for account in accounts]
    return largest_remainder(int(total), weights) if sum(weights) else [0] * len(accounts)


def vintage_accounts(project: ProjectRecord) -> list[VintageAccount]:
    """Every vintage of the crediting period, with its outcomes, ITMOs and first-transfer deductions."""
    years = list(project.vintage_years)
    estimate = dict(estimates(project))
    # a year whose project emissions exceed its baseline holds no outcomes (the checks report it)
    weights = [max(estimate[year], Decimal(0)) for year in years]
    outcomes = largest_remainder(project.authorization.mitigation_outcomes_t, weights)
    per_use = []
    room = list(outcomes)
    for use in project.authorization.uses:
        # each use in proportion to what the vintages have left, so that no vintage gives more than it holds
        shares = largest_remainder(use.quantity_t, room) if sum(room) else [0] * len(room)
        room = [left - share for left, share in zip(room, shares, strict=True)]
        per_use.append(shares)
    accounts = []
    for index, year in enumerate(years):
        uses = []
        for use, shares in zip(project.authorization.uses, per_use, strict=True):
            authorized = shares[index]
            uses.append(UseAccount(use, authorized, *deductions(authorized, project.agreement)))
        accounts.append(VintageAccount(year, estimate[year], outcomes[index], tuple(uses)))
    return accounts


Treatment = Literal["annual", "averaged", "next_ndc", "not_counted"]


@dataclass(frozen=True)
class Adjustment:
    """One Party's corresponding adjustment for one year."""

    year: int
    itmos_t: int
    """ITMOs first transferred (host, by vintage year) or used (acquiring Party, by year of use) that year."""
    applied_t: int | Decimal
    """The adjustment applied to that year's emissions balance: added by the host, subtracted by the
    acquiring Party (averaging applies the period's average in its target year, possibly a fraction)."""
    period: NdcPeriod | None
    treatment: Treatment


@dataclass(frozen=True)
class Adjustments:
    """Both Parties' corresponding adjustments, year by year."""

    host: tuple[Adjustment, ...]
    acquiring: tuple[Adjustment, ...]


def use_year(project: ProjectRecord, vintage: int) -> int:
    """The year the acquiring Party uses the ITMOs of ``vintage`` towards its NDC, as the record says: the
    vintage's own year, or the target year of the NDC period the vintage falls in."""
    ndc = project.ndc.acquiring
    period = ndc.period_of(vintage)
    if ndc.use == "ndc_year" and period is not None:
        return period.last_year
    return vintage


def _apply(flows: dict[int, int], ndc: PartyNdc) -> tuple[Adjustment, ...]:
    """Adjustments per year from the ITMOs of each year, by the method of the period each year falls in."""
    years = sorted(set(flows) | {period.last_year for period in ndc.periods
                                 if any(period.first_year <= year <= period.last_year for year in flows)})
    out = []
    for year in years:
        period = ndc.period_of(year)
        itmos = flows.get(year, 0)
        if period is None:
            treatment: Treatment = "not_counted" if ndc.outside == "not_counted" else "next_ndc"
            out.append(Adjustment(year, itmos, 0 if treatment == "not_counted" else itmos, None, treatment))
        elif period.accounting == "averaging":
            applied: int | Decimal = 0
            if year == period.last_year:
                total = sum(amount for each, amount in flows.items() if period.first_year <= each <= period.last_year)
                applied = Decimal(total) / (period.last_year - period.first_year + 1)
            out.append(Adjustment(year, itmos, applied, period, "averaged"))
        else:
            out.append(Adjustment(year, itmos, itmos, period, "annual"))
    return tuple(out)


def adjustments(project: ProjectRecord, accounts: Sequence[VintageAccount] | None = None) -> Adjustments:
    """Each Party's corresponding adjustments per year, from the vintage accounts."""
    accounts = accounts if accounts is not None else vintage_accounts(project)
    first_transferred = {account.year: account.first_transferred_t for account in accounts}
    used: dict[int, int] = {}
    for account in accounts:
        year = use_year(project, account.year)
        used[year] = used.get(year, 0) + account.used_towards_ndc_t
    return Adjustments(_apply(first_transferred, project.ndc.host), _apply(used, project.ndc.acquiring))
