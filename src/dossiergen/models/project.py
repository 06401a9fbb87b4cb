"""The Article 6.2 cooperative activity and its approval."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, NonNegativeInt, PositiveInt, model_validator

from dossiergen.models.common import DatedEvent, LocalizedText, Organisation, Party, Person, ProseText, RecordId, Strict
from dossiergen.models.located import Located as _Located

Purpose = Literal["ndc", "oimp"]
"""Use towards an NDC, or other international mitigation purposes."""

FirstTransfer = Literal["first_international_transfer", "authorization", "issuance", "use_or_cancellation"]
"""When a transfer counts as first: for use towards an NDC, the first international transfer
(decision 2/CMA.3, annex, para. 2(b)); for other purposes, one of the events the host Party picks."""
CorrespondingAdjustment = Literal["annual", "multi_year_average", "multi_year_trajectory"]


class Letter(Strict):
    """A Letter of No Objection or of Authorization."""

    number: Annotated[str, Field(min_length=1, max_length=80)]
    date: date
    issued_by: RecordId
    signatory: Person


class KoreanApproval(Strict):
    """The decision of Korea's international mitigation deliberation committee."""

    body: LocalizedText
    decision_number: Annotated[str, Field(min_length=1, max_length=80)]
    date: date


class CreditingPeriod(Strict):
    start: date
    end: date

    @model_validator(mode="after")
    def _ordered(self) -> CreditingPeriod:
        if self.end <= self.start:
            raise ValueError(f"end {self.end} is not after start {self.start}")
        return self


Fraction = Annotated[Decimal, Field(ge=0, lt=1)]
Positive = Annotated[Decimal, Field(gt=0)]


class FleetYear(Strict):
    year: Annotated[int, Field(ge=2000, le=2100)]
    vehicles: NonNegativeInt
    """Electric motorcycles in operation over the year."""


class EMotorcycleParameters(Strict):
    """The parameters of CDM AMS-III.C for electric two-wheelers replacing petrol ones.

    ER_y = N_y x D x (FC / 100 x EF_fuel / 1000 - EC x EF_grid / 1000 / (1 - TDL)) x (1 - LK), in tCO2e.
    """

    fleet: Annotated[list[FleetYear], Field(min_length=1)]
    distance_km: Positive
    """D: distance one vehicle travels in a year, km."""
    baseline_fuel_l_per_100km: Positive
    """FC: fuel the replaced petrol motorcycle burns, litres per 100 km."""
    fuel_ef_kg_per_l: Positive
    """EF_fuel: CO2 emission factor of petrol, kg per litre."""
    electricity_kwh_per_km: Positive
    """EC: electricity the e-motorcycle draws from the charger, kWh per km."""
    grid_ef_t_per_mwh: Annotated[Decimal, Field(ge=0)]
    """EF_grid: emission factor of the host's grid, tCO2 per MWh."""
    transmission_losses: Fraction
    """TDL: share of generated electricity lost before the charger."""
    leakage: Fraction
    """LK: share of the reductions lost to leakage (battery production and disposal)."""
    tolerance: Annotated[Decimal, Field(gt=0, le=Decimal("0.1"))] = Decimal("0.01")
    """How far the declared authorized quantity may be from the computed total (a share)."""


class Methodology(Strict):
    reference: Annotated[str, Field(min_length=1, max_length=80)]
    version: Annotated[str, Field(min_length=1, max_length=20)]
    title: LocalizedText
    parameters: EMotorcycleParameters | None = None
    """With parameters, dossiergen computes the reductions per vintage and checks the declared total."""


class TechnicalAssessment(Strict):
    """The host country's technical assessment between the no-objection and the authorization."""

    number: Annotated[str, Field(min_length=1, max_length=80)]
    date: date
    body: LocalizedText


SERIAL = re.compile(r"^(?P<prefix>[A-Z0-9][A-Z0-9-]*-)(?P<number>[0-9]{6,12})$")


class SerialBlock(Strict):
    """A block of registry units of one vintage: first and last unit id, and how many."""

    vintage: Annotated[int, Field(ge=2000, le=2100)]
    part: Literal["transfer", "host"]
    """Units for transfer to the acquiring Party, or retained by the host."""
    first: Annotated[str, Field(pattern=SERIAL.pattern)]
    last: Annotated[str, Field(pattern=SERIAL.pattern)]
    quantity: PositiveInt

    @model_validator(mode="after")
    def _range_matches(self) -> SerialBlock:
        first, last = SERIAL.match(self.first), SERIAL.match(self.last)
        assert first is not None and last is not None
        if first["prefix"] != last["prefix"]:
            raise _Located("last", f"{self.last} is not in the series of {self.first}")
        count = int(last["number"]) - int(first["number"]) + 1
        if count != self.quantity:
            raise _Located("quantity", f"{self.quantity} units, but {self.first} to {self.last} holds {count}")
        return self

    @property
    def span(self) -> tuple[str, int, int]:
        first, last = SERIAL.match(self.first), SERIAL.match(self.last)
        assert first is not None and last is not None
        return first["prefix"], int(first["number"]), int(last["number"])


class Monitoring(Strict):
    """Monitoring, reporting and verification."""

    plan: Annotated[list[LocalizedText], Field(min_length=1)]
    verifier: LocalizedText
    reporting: LocalizedText


class DossierFacts(Strict):
    """The dossier as a document: its version, status and date."""

    version: Annotated[str, Field(pattern=r"^[0-9]+(\.[0-9]+)*$")]
    status: Literal["draft", "final"]
    date: date


class Quantity(Strict):
    """A figure of the project description (fleet, stations), with its unit."""

    label: LocalizedText
    value: NonNegativeInt
    unit: LocalizedText


class Authorization(Strict):
    """What the host Party authorized, and how the outcomes are split."""

    no_objection: Letter
    technical_assessment: TechnicalAssessment | None = None
    letter: Letter
    korean_approval: KoreanApproval
    authorized_t: PositiveInt
    """Authorized mitigation outcomes over the crediting period, tCO2e."""
    transfer_t: NonNegativeInt
    """Part transferred to the acquiring Party."""
    host_share_t: NonNegativeInt
    """Part retained by the host Party."""
    gwp_source: Literal["IPCC AR5", "IPCC AR6"]
    purposes: Annotated[list[Purpose], Field(min_length=1)]
    first_transfer: FirstTransfer
    corresponding_adjustment: CorrespondingAdjustment
    conditions: list[LocalizedText] = []
    """Conditions under which the authorization may be changed or revoked."""

    @model_validator(mode="after")
    def _split_adds_up(self) -> Authorization:
        if self.transfer_t > self.authorized_t:
            raise _Located(
                "transfer_t",
                f"{self.transfer_t} exceeds the authorized quantity {self.authorized_t}",
            )
        if self.transfer_t + self.host_share_t != self.authorized_t:
            raise _Located(
                "host_share_t",
                f"transfer {self.transfer_t} + host share {self.host_share_t}"
                f" = {self.transfer_t + self.host_share_t},"
                f" not the authorized quantity {self.authorized_t}",
            )
        if self.no_objection.date > self.letter.date:
            raise _Located(
                "letter.date",
                f"{self.letter.date} is before the Letter of No Objection"
                f" ({self.no_objection.date})",
            )
        assessment = self.technical_assessment
        if assessment is not None and not self.no_objection.date <= assessment.date <= self.letter.date:
            raise _Located(
                "technical_assessment.date",
                f"{assessment.date} is not between the Letter of No Objection ({self.no_objection.date})"
                f" and the Letter of Authorization ({self.letter.date})",
            )
        return self


class WorkingGroupMember(Strict):
    organisation: RecordId
    role: LocalizedText


class Illustration(Strict):
    """A map or photograph beside the project description: a file in the record's own folder."""

    file: Annotated[str, Field(min_length=1, max_length=200)]
    """A path relative to the record's folder, such as ``maps/phnom-penh.svg`` (PNG, JPEG or SVG)."""
    caption: LocalizedText


class ProjectRecord(Strict):
    """An Article 6.2 project and its approval (renders as an approval dossier)."""

    kind: Literal["project"]
    id: RecordId
    dossier: DossierFacts | None = None
    title: LocalizedText
    short_title: LocalizedText
    host_party: Party
    acquiring_party: Party
    cooperative_approach: Annotated[str, Field(min_length=1, max_length=80)]
    organisations: Annotated[list[Organisation], Field(min_length=1)]
    proponent: RecordId
    sector: LocalizedText
    technology: LocalizedText
    location: LocalizedText
    description: Annotated[list[ProseText], Field(min_length=1)]
    """Paragraphs, each in the Markdown subset of ``dossiergen.prose``."""
    illustrations: list[Illustration] = []
    """Maps and photographs shown after the description; checked to lie in the record's folder."""
    quantities: list[Quantity] = []
    """Fleet and infrastructure figures of the project description."""
    methodology: Methodology
    crediting_period: CreditingPeriod
    authorization: Authorization
    monitoring: Monitoring | None = None
    serial_blocks: list[SerialBlock] = []
    working_group: Annotated[list[WorkingGroupMember], Field(min_length=1)]
    signatories: list[Person] = []
    """The signing authorities of the dossier, one signature block each."""
    annexes: list[LocalizedText] = []
    key_dates: list[DatedEvent] = []
    illustrative: list[str] = []
    """Field paths whose values are not from a source document but made up for the sample."""

    @model_validator(mode="after")
    def _cross_checks(self) -> ProjectRecord:
        ids = [org.id for org in self.organisations]
        for index, org_id in enumerate(ids):
            if org_id in ids[:index]:
                raise _Located(f"organisations.{index}.id", f"duplicate organisation id {org_id!r}")
        refs: list[tuple[str, str]] = [("proponent", self.proponent)]
        for name in ("no_objection", "letter"):
            letter: Letter = getattr(self.authorization, name)
            refs.append((f"authorization.{name}.issued_by", letter.issued_by))
            refs.append((f"authorization.{name}.signatory.organisation", letter.signatory.organisation))
        for index, member in enumerate(self.working_group):
            refs.append((f"working_group.{index}.organisation", member.organisation))
        for index, person in enumerate(self.signatories):
            refs.append((f"signatories.{index}.organisation", person.organisation))
        for where, org_id in refs:
            if org_id not in ids:
                raise _Located(where, f"no organisation {org_id!r} in organisations ({', '.join(ids)})")
        for where, when in (
            ("authorization.letter.date", self.authorization.letter.date),
            ("authorization.korean_approval.date", self.authorization.korean_approval.date),
        ):
            if when > self.crediting_period.end:
                raise _Located(where, f"{when} is after the crediting period ends ({self.crediting_period.end})")
        self._check_vintages()
        for index in range(1, len(self.key_dates)):
            if self.key_dates[index].date < self.key_dates[index - 1].date:
                raise _Located(
                    f"key_dates.{index}.date",
                    f"{self.key_dates[index].date} comes before the previous key date"
                    f" {self.key_dates[index - 1].date}; list key dates in order",
                )
        return self

    def _check_vintages(self) -> None:
        """Fleet years and serial blocks lie in the crediting period; blocks do not overlap."""
        first_year, last_year = self.crediting_period.start.year, self.crediting_period.end.year
        parameters = self.methodology.parameters
        if parameters is not None:
            years = [row.year for row in parameters.fleet]
            if years != list(range(first_year, last_year + 1)):
                raise _Located("methodology.parameters.fleet",
                               f"gives the years {years[0]}-{years[-1]}, not each year of the crediting period"
                               f" {first_year}-{last_year} once, in order")
        taken: list[tuple[str, int, int]] = []
        for index, block in enumerate(self.serial_blocks):
            if not first_year <= block.vintage <= last_year:
                raise _Located(f"serial_blocks.{index}.vintage",
                               f"{block.vintage} is outside the crediting period {first_year}-{last_year}")
            prefix, low, high = block.span
            for other, (other_prefix, other_low, other_high) in enumerate(taken):
                if prefix == other_prefix and low <= other_high and other_low <= high:
                    raise _Located(f"serial_blocks.{index}.first",
                                   f"{block.first} to {block.last} overlaps block {other}"
                                   f" ({self.serial_blocks[other].first} to {self.serial_blocks[other].last})")
            taken.append((prefix, low, high))
