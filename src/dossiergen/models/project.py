"""The Article 6.2 cooperative activity and its approval."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, NonNegativeInt, PositiveInt, model_validator

from .common import (
    DatedEvent,
    LocalizedText,
    Organisation,
    Party,
    Person,
    RecordId,
    Strict,
)
from .located import Located as _Located

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


class Methodology(Strict):
    reference: Annotated[str, Field(min_length=1, max_length=80)]
    version: Annotated[str, Field(min_length=1, max_length=20)]
    title: LocalizedText


class Authorization(Strict):
    """What the host Party authorized, and how the outcomes are split."""

    no_objection: Letter
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
        return self


class WorkingGroupMember(Strict):
    organisation: RecordId
    role: LocalizedText


class ProjectRecord(Strict):
    """An Article 6.2 project and its approval (renders as an approval dossier)."""

    kind: Literal["project"]
    id: RecordId
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
    description: Annotated[list[LocalizedText], Field(min_length=1)]
    methodology: Methodology
    crediting_period: CreditingPeriod
    authorization: Authorization
    working_group: Annotated[list[WorkingGroupMember], Field(min_length=1)]
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
        for where, org_id in refs:
            if org_id not in ids:
                raise _Located(where, f"no organisation {org_id!r} in organisations ({', '.join(ids)})")
        for where, when in (
            ("authorization.letter.date", self.authorization.letter.date),
            ("authorization.korean_approval.date", self.authorization.korean_approval.date),
        ):
            if when > self.crediting_period.end:
                raise _Located(where, f"{when} is after the crediting period ends ({self.crediting_period.end})")
        for index in range(1, len(self.key_dates)):
            if self.key_dates[index].date < self.key_dates[index - 1].date:
                raise _Located(
                    f"key_dates.{index}.date",
                    f"{self.key_dates[index].date} comes before the previous key date"
                    f" {self.key_dates[index - 1].date}; list key dates in order",
                )
        return self

