"""The Article 6.2 cooperative activity and its approval."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import Field, PrivateAttr, model_validator

from dossiergen.article6.methodologies.base import Methodology as MethodologyPlugin
from dossiergen.article6.methodologies.base import MethodologyError, Parameters, validate_parameters
from dossiergen.article6.methodologies.base import methodology as methodology_plugin
from dossiergen.located import Located as _Located
from dossiergen.models.article6 import (
    AgreementTerms,
    Authorization,
    CooperativeApproach,
    Event,
    Letter,
    Ndcs,
    PartyNdc,
)
from dossiergen.models.common import (
    Amount,
    Annex,
    Count,
    DatedEvent,
    LocalizedText,
    Organisation,
    Party,
    Person,
    ProseText,
    RecordId,
    Strict,
)


class CreditingPeriod(Strict):
    start: date
    end: date

    @model_validator(mode="after")
    def _ordered(self) -> CreditingPeriod:
        if self.end <= self.start:
            raise ValueError(f"end {self.end} is not after start {self.start}")
        return self


class Methodology(Strict):
    """The methodology the reductions are estimated with: its id, version and parameters.

    The parameters are checked by the methodology's own plug-in (``article6/methodologies/``): an
    unknown id or version, or parameters that do not fit it, are located problems of the record.
    """

    id: Annotated[str, Field(min_length=1, max_length=40)]
    """The UNFCCC id, ``AMS-III.C``; ``dossiergen`` knows the ones in ``article6/methodologies/``."""
    version: Annotated[str, Field(min_length=1, max_length=20)]
    title: LocalizedText
    parameters: dict[str, Any]
    """The plug-in's parameters: dossiergen estimates the reductions per vintage from them."""
    _validated: Parameters = PrivateAttr()

    @model_validator(mode="after")
    def _fits_the_plugin(self) -> Methodology:
        try:
            self._validated = validate_parameters(self.id, self.version, self.parameters)
        except MethodologyError as error:
            problem = error.problems[0]
            raise _Located(".".join(str(part) for part in problem.path), problem.message) from None
        return self

    @property
    def plugin(self) -> MethodologyPlugin[Any]:
        """The module that implements this methodology."""
        return methodology_plugin(self.id)

    @property
    def validated(self) -> Parameters:
        """The parameters as the plug-in's typed model."""
        return self._validated

    @property
    def code(self) -> str:
        """``AMS-III.C v16.0``: how the documents cite it."""
        return f"{self.id} v{self.version}"


MAX_ANNEXES = 50
"""Annexes a dossier may have: each is opened, perhaps rasterized, and appended at every render."""

SERIAL = re.compile(r"^(?P<prefix>[A-Z0-9][A-Z0-9-]*-)(?P<number>[0-9]{6,12})$")


class SerialBlock(Strict):
    """A block of ITMOs of one vintage in the host's registry: first and last unique identifier, and how many.

    Only authorized units are ITMOs: mitigation outcomes the host keeps unauthorized carry no ITMO
    identifier. A block exists once its vintage is issued (an issuance event that is done).
    """

    vintage: Annotated[int, Field(ge=2000, le=2100)]
    first: Annotated[str, Field(pattern=SERIAL.pattern)]
    last: Annotated[str, Field(pattern=SERIAL.pattern)]
    quantity: Amount

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
    value: Count
    unit: LocalizedText


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
    cooperative_approach: CooperativeApproach
    organisations: Annotated[list[Organisation], Field(min_length=1)]
    proponent: RecordId
    sector: LocalizedText
    technology: LocalizedText
    location: LocalizedText
    description: Annotated[list[ProseText], Field(min_length=1)]
    """Paragraphs, each in the Markdown subset of ``documents/prose.py``."""
    illustrations: list[Illustration] = []
    """Maps and photographs shown after the description; checked to lie in the record's folder."""
    quantities: list[Quantity] = []
    """Fleet and infrastructure figures of the project description."""
    methodology: Methodology
    crediting_period: CreditingPeriod
    authorization: Authorization
    agreement: AgreementTerms = AgreementTerms()
    ndc: Ndcs
    events: list[Event] = []
    """Monitoring periods, verifications, issuances, transfers and uses, each planned or done."""
    monitoring: Monitoring | None = None
    serial_blocks: list[SerialBlock] = []
    working_group: Annotated[list[WorkingGroupMember], Field(min_length=1)]
    signatories: list[Person] = []
    """The signing authorities of the dossier, one signature block each."""
    annexes: Annotated[list[Annex], Field(max_length=MAX_ANNEXES)] = []
    """Documents appended to the dossier after its last section, each with its bookmark and contents entry."""
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
        refs += [(f"authorization.authorized_entities.{index}", entity)
                 for index, entity in enumerate(self.authorization.authorized_entities)]
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
        for index, use in enumerate(self.authorization.uses):
            if use.acquiring_party is not None and use.acquiring_party != self.acquiring_party.code:
                raise _Located(f"authorization.uses.{index}.acquiring_party",
                               f"{use.acquiring_party} is not the acquiring Party of this record"
                               f" ({self.acquiring_party.code})")
        self._check_vintages()
        self._check_ndc_periods()
        for index in range(1, len(self.key_dates)):
            if self.key_dates[index].date < self.key_dates[index - 1].date:
                raise _Located(
                    f"key_dates.{index}.date",
                    f"{self.key_dates[index].date} comes before the previous key date"
                    f" {self.key_dates[index - 1].date}; list key dates in order",
                )
        return self

    @property
    def vintage_years(self) -> range:
        return range(self.crediting_period.start.year, self.crediting_period.end.year + 1)

    def _check_vintages(self) -> None:
        """The methodology gives each year of the crediting period; events and blocks lie in it and do not overlap."""
        first_year, last_year = self.crediting_period.start.year, self.crediting_period.end.year
        method = self.methodology
        years = method.plugin.years(method.validated)
        if list(years) != list(self.vintage_years):
            raise _Located(f"methodology.parameters.{method.plugin.years_field}",
                           f"gives the years {years[0]}-{years[-1]}, not each year of the crediting period"
                           f" {first_year}-{last_year}")
        estimate = method.plugin.estimate(method.validated, years)
        for index, (year, reduction) in enumerate(estimate):
            if reduction < 0:
                raise _Located(f"methodology.parameters.{method.plugin.years_field}.{index}",
                               f"the parameters estimate {reduction:,.0f} tCO2e for {year}: project emissions above"
                               " the baseline; check the emission factors")
        for index, event in enumerate(self.events):
            if not first_year <= event.vintage <= last_year:
                raise _Located(f"events.{index}.vintage",
                               f"{event.vintage} is outside the crediting period {first_year}-{last_year}")
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

    def _check_ndc_periods(self) -> None:
        """Every vintage falls in an NDC period of each Party, or that Party says what applies to it."""
        for role in ("host", "acquiring"):
            ndc: PartyNdc = getattr(self.ndc, role)
            outside = [year for year in self.vintage_years if ndc.period_of(year) is None]
            if not outside or ndc.outside is not None:
                continue
            span = f"{outside[0]}-{outside[-1]}" if len(outside) > 1 else str(outside[0])
            raise _Located(f"ndc.{role}.outside",
                           f"vintages {span} fall outside every NDC period listed: say whether they count"
                           " in the next NDC (next_ndc) or not at all (not_counted)")
