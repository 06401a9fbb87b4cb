"""What a host Party authorizes under Article 6.2, and the agreement and accounting around it.

The elements follow the guidance on cooperative approaches (decision 2/CMA.3, annex), its
further guidance (decision 6/CMA.4) and the authorization fields of the agreed electronic format
as revised at CMA.6 (Table 2 "Authorizations", Table 5 "Authorized entities"); the README lists
each element and where it comes from. Quantities are whole tonnes of CO2 equivalent (IPCC AR5
100-year global warming potentials, decision 18/CMA.1).

- Mitigation outcomes are what the activity achieves over its crediting period; the host
  authorizes some of them as ITMOs, per purpose and acquiring Party (``uses``); the rest stay
  with the host, not authorized, and carry no corresponding adjustment.
- The first transfer is fixed for use towards an NDC (the first international transfer) and
  chosen by the host for other international mitigation purposes (authorization, issuance, or
  use or cancellation): decision 2/CMA.3, annex, paragraph 2.
- A share of proceeds and a cancellation for overall mitigation in global emissions (OMGE) are
  parameters of the bilateral agreement, zero when it sets none (under Article 6.2 they are
  encouraged, not required).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, PositiveInt, model_validator

from dossiergen.located import Located
from dossiergen.models.common import Alpha3, Amount, LocalizedText, Person, RecordId, Strict

Purpose = Literal["ndc", "oimp", "ndc_and_oimp"]
"""Use towards an NDC, other international mitigation purposes, or both (AEF: NDC, OIMP, NDC and OIMP)."""
OimpFirstTransfer = Literal["authorization", "issuance", "use_or_cancellation"]
"""What counts as first transfer for other international mitigation purposes, as the host Party specifies."""
Sector = Literal["agriculture", "building_and_construction", "cross_sectoral_mechanisms", "energy_generation",
                 "forestry_and_land_use", "industrial_processes", "transportation", "urban_development",
                 "waste_management"]
"""The sectors of the common nomenclature of the agreed electronic format."""
ActivityType = Literal["transport", "solar", "landfill_gas", "methane_avoidance", "energy_efficiency_households",
                       "energy_efficiency_industry", "wind", "hydro", "biomass"]
"""Activity types of the common nomenclature (a subset; others are added as records need them)."""
Rounding = Literal["up", "down", "nearest"]
"""How a percentage of a vintage's ITMOs is rounded to whole units (cancellations are often rounded up)."""
Accounting = Literal["trajectory", "budget", "averaging"]
"""How a Party applies corresponding adjustments over an NDC period (decision 2/CMA.3, annex, paragraph 7):
for a single-year NDC, an indicative multi-year emissions trajectory or budget applied annually, or the
average annual amount applied in the NDC year; for a multi-year NDC, a trajectory or budget, applied annually."""
EventKind = Literal["monitoring", "verification", "issuance", "first_transfer", "acquisition", "use", "cancellation"]
Status = Literal["planned", "done"]
Day = date
"""``date``, for annotations in classes that have a field named ``date``."""

CODE = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9 -]{0,79}$")]
"""An identifier the agreed electronic format accepts: letters, digits, spaces and hyphens."""


class CooperativeApproach(Strict):
    """The cooperative approach the activity belongs to, as registered in the Article 6 database."""

    id: Annotated[str, Field(pattern=r"^CA[0-9]{4}$")]
    """Its identifier in the centralized accounting and reporting platform (``CA`` and four digits)."""
    name: LocalizedText


class Letter(Strict):
    """A Letter of No Objection or of Authorization."""

    number: Annotated[str, Field(min_length=1, max_length=80)]
    date: date
    issued_by: RecordId
    signatory: Person
    signed_scan: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    """The scan of the signed letter: a PDF, PNG or JPEG file in the record's folder, checked as
    illustrations are. Without it the Letter of Authorization renders as a draft."""


class KoreanApproval(Strict):
    """The decision of Korea's international mitigation deliberation committee."""

    body: LocalizedText
    decision_number: Annotated[str, Field(min_length=1, max_length=80)]
    date: date


class TechnicalAssessment(Strict):
    """The host country's technical assessment between the no-objection and the authorization."""

    number: Annotated[str, Field(min_length=1, max_length=80)]
    date: date
    body: LocalizedText


class AuthorizedUse(Strict):
    """ITMOs authorized for one purpose and acquiring Party."""

    purpose: Purpose
    acquiring_party: Alpha3 | None = None
    """The Party authorized to use them; none: any Party (for other international mitigation purposes only)."""
    quantity_t: Amount
    oimp: LocalizedText | None = None
    """The other international mitigation purpose authorized (such as CORSIA), where the purpose covers one."""
    oimp_first_transfer: OimpFirstTransfer | None = None
    """The first transfer the host Party specifies for other international mitigation purposes."""

    @property
    def for_ndc(self) -> bool:
        return self.purpose in ("ndc", "ndc_and_oimp")

    @property
    def for_oimp(self) -> bool:
        return self.purpose in ("oimp", "ndc_and_oimp")

    @model_validator(mode="after")
    def _purpose_fits(self) -> AuthorizedUse:
        if self.for_ndc and self.acquiring_party is None:
            raise Located("acquiring_party",
                          f"purpose {self.purpose}: name the Party that uses the ITMOs towards its NDC")
        if self.for_oimp:
            if self.oimp is None:
                raise Located("oimp", f"purpose {self.purpose}: name the other international mitigation purpose")
            if self.oimp_first_transfer is None:
                raise Located("oimp_first_transfer", f"purpose {self.purpose}: say what counts as first transfer"
                                                     " (authorization, issuance or use_or_cancellation)")
        else:
            if self.oimp is not None:
                raise Located("oimp", "only for a purpose that covers other international mitigation purposes")
            if self.oimp_first_transfer is not None:
                raise Located("oimp_first_transfer",
                              "use towards an NDC is first transferred at the first international transfer"
                              " (decision 2/CMA.3, annex, para. 2): leave it out")
        return self


class Authorization(Strict):
    """The host Party's authorization: its identity, what it covers and under which terms."""

    id: CODE
    """The authorization's identifier (agreed electronic format, Table 2)."""
    version: PositiveInt
    date: date
    """The date of authorization: the Letter of Authorization's."""
    valid_until: Day
    """The last day ITMOs may be first transferred under it."""
    no_objection: Letter
    technical_assessment: TechnicalAssessment | None = None
    letter: Letter
    korean_approval: KoreanApproval
    mitigation_outcomes_t: Amount
    """The mitigation outcomes approved over the crediting period, authorized or not."""
    uses: Annotated[list[AuthorizedUse], Field(min_length=1)]
    sectors: Annotated[list[Sector], Field(min_length=1)]
    activity_types: Annotated[list[ActivityType], Field(min_length=1)]
    authorized_entities: Annotated[list[RecordId], Field(min_length=1)]
    """The entities authorized to take part, by organisation id."""
    conditions: Annotated[list[LocalizedText], Field(min_length=1)]
    """Terms and conditions, including those under which the authorization may be changed or revoked."""

    @property
    def authorized_t(self) -> int:
        return sum(use.quantity_t for use in self.uses)

    @model_validator(mode="after")
    def _consistent(self) -> Authorization:
        if self.authorized_t > self.mitigation_outcomes_t:
            raise Located("uses", f"{self.authorized_t} ITMOs authorized, more than the {self.mitigation_outcomes_t}"
                                  " mitigation outcomes approved")
        seen: dict[tuple[str, str | None], int] = {}
        for index, use in enumerate(self.uses):
            key = (use.purpose, use.acquiring_party)
            if key in seen:
                raise Located(f"uses.{index}", f"{use.purpose} for {use.acquiring_party or 'any Party'} is already"
                                               f" authorized in uses[{seen[key]}]")
            seen[key] = index
        if self.date != self.letter.date:
            raise Located("date", f"{self.date} is not the date of the Letter of Authorization ({self.letter.date})")
        if self.valid_until < self.date:
            raise Located("valid_until", f"{self.valid_until} is before the authorization ({self.date})")
        if self.no_objection.date > self.letter.date:
            raise Located("letter.date", f"{self.letter.date} is before the Letter of No Objection"
                                         f" ({self.no_objection.date})")
        assessment = self.technical_assessment
        if assessment is not None and not self.no_objection.date <= assessment.date <= self.letter.date:
            raise Located("technical_assessment.date",
                          f"{assessment.date} is not between the Letter of No Objection ({self.no_objection.date})"
                          f" and the Letter of Authorization ({self.letter.date})")
        for index, entity in enumerate(self.authorized_entities):
            if entity in self.authorized_entities[:index]:
                raise Located(f"authorized_entities.{index}", f"{entity!r} is listed twice")
        return self


Percent = Annotated[Decimal, Field(ge=0, lt=100)]


class ShareOfProceeds(Strict):
    """The share of proceeds for adaptation the agreement sets."""

    percent: Percent
    form: Literal["units", "money"]
    """Paid in ITMOs (set aside at first transfer) or in money (no units set aside)."""
    rounding: Rounding = "nearest"


class Omge(Strict):
    """ITMOs cancelled for overall mitigation in global emissions, as the agreement sets."""

    percent: Percent
    rounding: Rounding = "up"


class AgreementTerms(Strict):
    """What the bilateral agreement sets for every first transfer (nothing: both zero)."""

    share_of_proceeds: ShareOfProceeds | None = None
    omge: Omge | None = None


class NdcPeriod(Strict):
    """One NDC implementation period of a Party, and how it applies corresponding adjustments in it."""

    first_year: Annotated[int, Field(ge=2021, le=2100)]
    last_year: Annotated[int, Field(ge=2021, le=2100)]
    target: Literal["single_year", "multi_year"]
    accounting: Accounting

    @model_validator(mode="after")
    def _fits(self) -> NdcPeriod:
        if self.last_year < self.first_year:
            raise Located("last_year", f"{self.last_year} is before {self.first_year}")
        if self.target == "multi_year" and self.accounting == "averaging":
            raise Located("accounting", "averaging is a method for a single-year NDC; a multi-year NDC applies"
                                        " a trajectory or budget (decision 2/CMA.3, annex, para. 7(b))")
        return self


class PartyNdc(Strict):
    """A Party's NDC periods, and what applies to vintages outside all of them."""

    periods: Annotated[list[NdcPeriod], Field(min_length=1)]
    outside: Literal["next_ndc", "not_counted"] | None = None
    """For a vintage after the last period listed: counted in the Party's next NDC, or not counted
    towards any NDC of this Party; required where a vintage falls outside every period."""

    @model_validator(mode="after")
    def _ordered(self) -> PartyNdc:
        for index in range(1, len(self.periods)):
            if self.periods[index].first_year <= self.periods[index - 1].last_year:
                raise Located(f"periods.{index}.first_year", f"{self.periods[index].first_year} overlaps the period"
                                                             f" before ({self.periods[index - 1].first_year}-"
                                                             f"{self.periods[index - 1].last_year})")
        return self

    def period_of(self, year: int) -> NdcPeriod | None:
        return next((period for period in self.periods if period.first_year <= year <= period.last_year), None)


class AcquiringNdc(PartyNdc):
    use: Literal["vintage_year", "ndc_year"]
    """When the acquiring Party uses its ITMOs towards its NDC: in each ITMO's vintage year, or in the
    target year of the NDC period the vintage falls in."""


class Ndcs(Strict):
    """The two Parties' NDCs, as the corresponding adjustments need them."""

    host: PartyNdc
    acquiring: AcquiringNdc


class Event(Strict):
    """A step in the life of a vintage's mitigation outcomes, planned or done."""

    kind: EventKind
    vintage: Annotated[int, Field(ge=2000, le=2100)]
    date: date
    """The day it happens (a monitoring period: its last day)."""
    start: Day | None = None
    """A monitoring period's first day."""
    status: Status
    quantity_t: Amount | None = None
    """Units issued, transferred, acquired, used or cancelled."""

    @model_validator(mode="after")
    def _shape(self) -> Event:
        if self.kind == "monitoring":
            if self.start is None:
                raise Located("start", "a monitoring period has a first day")
            if self.start > self.date:
                raise Located("date", f"{self.date} is before the period's first day {self.start}")
        elif self.start is not None:
            raise Located("start", f"only a monitoring period has a first day, not a {self.kind}")
        if self.kind in ("monitoring", "verification") and self.quantity_t is not None:
            raise Located("quantity_t", f"a {self.kind} has no quantity")
        if self.kind not in ("monitoring", "verification") and self.quantity_t is None:
            raise Located("quantity_t", f"how many units the {self.kind.replace('_', ' ')} is of")
        return self
