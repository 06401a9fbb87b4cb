"""The agreed electronic format (AEF): the rows one Party reports for a project, computed once.

The dossier's preview (section 9) and the files of ``render --format aef`` / ``aef-json``
(``formats/aef.py``) are both made from ``aef_tables``, so they cannot disagree.

Tables and column headings are those of the AEF as revised at CMA.6 (decision 4/CMA.6, annex II),
as transcribed from a registry's field specification, not from the decision (the README says which
columns the draft AEF of decision 6/CMA.4 confirms); controlled values are those of the common
nomenclature of 17 February 2026, as transcribed there too.

Who reports what, for actions that happened (events ``done``), each in the year it happened:

- the host Party (the first transferring Party) reports its authorization (Table 2), its first
  transfers (with the acquiring Party) and the cancellation for overall mitigation in global
  emissions (OMGE) the agreement makes at first transfer;
- the acquiring Party reports its acquisitions (with the transferring Party), its uses (with the
  calendar year they count for) and any other cancellation.

A value the record does not give is ``None`` (an empty cell): nothing is guessed. ``NA`` is written
where the AEF's notes say a column that does not apply to the row's action type or metric is
reported as "Not applicable".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal, cast

from dossiergen.article6.accounting import VintageAccount, deductions, use_year, vintage_accounts
from dossiergen.article6.methodologies.base import GWP
from dossiergen.errors import UsageError
from dossiergen.models import LocalizedText, ProjectRecord
from dossiergen.models.article6 import ActivityType, AuthorizedUse, Event, OimpFirstTransfer, Purpose, Sector

Role = Literal["host", "acquiring"]
Value = str | int | date | None
"""A cell: text, a whole number, a date (dd/mm/yyyy in the workbook), or nothing."""
ActionType = Literal["first_transfer", "acquisition", "use", "cancellation"]
English = Callable[[LocalizedText], str | None]
"""A record's text in English, as a document prints it (figures filled in), or ``None`` where it has none."""
Subtype = Literal["first_transfer_to_another_party", "authorization", "issuance", "use_or_cancellation", "omge"]

VERSION = ("AEF as revised at CMA.6 (decision 4/CMA.6, annex II), as transcribed by a registry's field"
           " specification, with the common nomenclature of 17 February 2026")
"""The version of the format, as the files name it."""
NOT_APPLICABLE = "NA"
METRIC = "GHG"
"""Every quantity of a record is in tonnes of CO2 equivalent (``models/article6.py``)."""
GWP_VALUES = f"AR5: CO2 {GWP.co2}, CH4 {GWP.ch4}, N2O {GWP.n2o}"
"""The one set of global warming potentials every methodology converts a gas with."""
MITIGATION_TYPE = "Emission reductions"
"""Every methodology plug-in estimates emission reductions (``ER_y``); none estimates removals."""

SUBMISSION_COLUMNS = (
    "Party", "Version", "Reported year", "Date of submission", "Review status of the initial report",
    "Result of the consistency check of this AEF submission", "First year of the NDC implementation period",
    "Last year of the NDC implementation period",
    "Reference to the Article 6 technical expert review report of the initial report")
AUTHORIZATION_COLUMNS = (
    "Authorization ID", "Date of authorization", "Cooperative approach ID", "Version of the authorization",
    "Authorized quantity", "Metric", "Applicable GWP value(s)", "Applicable non-GHG metric", "Sector(s)",
    "Activity type(s)", "Purposes for authorization", "Authorized Party(ies) ID", "Authorized entity(ies) ID",
    "OIMP authorized by the Party", "Authorized timeframe", "Authorization terms and conditions",
    "Authorization documentation", "First transfer definition for OIMP", "Additional explanatory information")
ACTION_COLUMNS = (
    "Action date", "Action type", "Action subtype", "Cooperative approach ID", "Authorization ID",
    "First transferring participating Party ID", "Party ITMO registry ID", "First ID", "Last ID",
    "Underlying unit registry ID", "First unit ID", "Last unit ID", "Metric", "Applicable GWP value(s)",
    "Applicable non-GHG metric", "Quantity (t CO2 eq)", "Quantity (in non-GHG metric)", "Mitigation type", "Vintage",
    "Transferring participating Party ID", "Acquiring participating Party ID",
    "Purpose for which the ITMO has been used towards or cancelled for OIMP",
    "Using/cancelling participating Party ID", "Using/cancelling authorized entity ID",
    "Calendar year for which the ITMOs are used towards the Party's NDC", "Result of the consistency checks",
    "Additional explanatory information")

# the common nomenclature's values (tables 15(b), 16(b), 22(b), 25(b), 26(b), 51(b)), spelled as there
PURPOSES: dict[Purpose, str] = {"ndc": "NDC", "oimp": "OIMP", "ndc_and_oimp": "NDC and OIMP"}
FIRST_TRANSFER_DEFINITIONS: dict[OimpFirstTransfer, str] = {
    "authorization": "Authorisation", "issuance": "Issuance", "use_or_cancellation": "Use or Cancellation"}
SECTORS: dict[Sector, str] = {
    "agriculture": "Agriculture", "building_and_construction": "Building and construction",
    "cross_sectoral_mechanisms": "Cross-sectoral mechanisms", "energy_generation": "Energy generation",
    "forestry_and_land_use": "Forestry and land use", "industrial_processes": "Industrial processes",
    "transportation": "Transportation", "urban_development": "Urban development",
    "waste_management": "Waste management"}
ACTIVITY_TYPES: dict[ActivityType, str] = {
    "transport": "Transport", "solar": "Solar", "landfill_gas": "Landfill gas",
    "methane_avoidance": "Methane avoidance", "energy_efficiency_households": "Energy Efficiency households",
    "energy_efficiency_industry": "Energy Efficiency Industry", "wind": "Wind", "hydro": "Hydro",
    "biomass": "Biomass Energy"}
ACTION_TYPES: dict[ActionType, str] = {"first_transfer": "First transfer", "acquisition": "Acquisition", "use": "Use",
                                       "cancellation": "Cancellation"}
SUBTYPES: dict[Subtype, str] = {
    "first_transfer_to_another_party": "First transfer to another Party", "authorization": "Authorization",
    "issuance": "Issuance", "use_or_cancellation": "Use or cancellation",
    # under Article 6.2 the cancellation for OMGE is encouraged, not required (decision 2/CMA.3, annex,
    # para. 39): what the bilateral agreement sets is the Parties' own choice; "mandatory" is the 6.4 mechanism's
    "omge": "Voluntary cancellation to deliver OMGE"}
SEPARATOR = "; "
"""Between the values of a cell that holds several (sectors, activity types, Parties)."""


@dataclass(frozen=True)
class SubmissionRow:
    """Table 1: one reported year of the Party, with the NDC implementation period it falls in."""

    party: str
    year: int
    ndc_first_year: int | None
    ndc_last_year: int | None

    def cells(self) -> tuple[Value, ...]:
        return (self.party, None, self.year, None, None, None, self.ndc_first_year, self.ndc_last_year, None)


@dataclass(frozen=True)
class AuthorizationRow:
    """Table 2: the host Party's authorization, its uses taken together."""

    id: str
    date: date
    cooperative_approach: str
    version: int
    quantity_t: int
    sectors: tuple[Sector, ...]
    activity_types: tuple[ActivityType, ...]
    purpose: Purpose
    parties: tuple[str, ...]
    """The Parties authorized to use the ITMOs; none when a use is open to any Party."""
    oimp: tuple[LocalizedText, ...]
    """The other international mitigation purposes authorized (such as CORSIA)."""
    timeframe: tuple[int, int]
    """The vintages authorized: the years of the crediting period."""
    terms: tuple[LocalizedText, ...]
    first_transfer: tuple[OimpFirstTransfer, ...]
    uses: tuple[AuthorizedUse, ...]

    @property
    def purpose_code(self) -> str:
        return PURPOSES[self.purpose]

    @property
    def additional(self) -> str | None:
        """Each use's purpose, Party and quantity, where there is more than one."""
        if len(self.uses) < 2:
            return None
        return SEPARATOR.join(f"{PURPOSES[use.purpose]} for {use.acquiring_party or 'any Party'}: {use.quantity_t:,}"
                              for use in self.uses)

    def cells(self, english: English) -> tuple[Value, ...]:
        return (self.id, self.date, self.cooperative_approach, self.version, self.quantity_t, METRIC, GWP_VALUES,
                NOT_APPLICABLE, SEPARATOR.join(SECTORS[sector] for sector in self.sectors),
                SEPARATOR.join(ACTIVITY_TYPES[activity] for activity in self.activity_types), self.purpose_code,
                SEPARATOR.join(self.parties) or None, None, _joined(self.oimp, english, SEPARATOR),
                f"{self.timeframe[0]} - {self.timeframe[1]}", _joined(self.terms, english, " "), None,
                SEPARATOR.join(FIRST_TRANSFER_DEFINITIONS[each] for each in self.first_transfer) or None,
                self.additional)


@dataclass(frozen=True)
class FirstTransferSplit:
    """Where the ITMOs of a first transfer go, as the agreement sets (``article6/accounting.py``)."""

    omge_t: int
    share_of_proceeds_t: int
    transferred_t: int
    acquiring_party: str | None


@dataclass(frozen=True)
class ActionRow:
    """Table 3: one action on ITMOs that happened, as the Party that reports it reports it."""

    date: date
    type: ActionType
    subtype: Subtype | None
    cooperative_approach: str
    authorization_id: str
    first_transferring_party: str
    first_id: str | None
    last_id: str | None
    """The block's unique identifiers, where one serial block of the vintage holds exactly these units."""
    quantity_t: int
    vintage: int
    transferring_party: str | None
    acquiring_party: str | None
    using_party: str | None
    use_year: int | None
    split: FirstTransferSplit | None
    """For a first transfer with a cancellation for OMGE or a share of proceeds in units."""

    @property
    def type_code(self) -> str:
        return ACTION_TYPES[self.type]

    @property
    def additional(self) -> str | None:
        split = self.split
        if split is None:
            return None
        return (f"Of the {self.quantity_t:,} ITMOs first transferred: {split.omge_t:,} cancelled for overall"
                f" mitigation in global emissions (OMGE), {split.share_of_proceeds_t:,} set aside as the share of"
                f" proceeds for adaptation, {split.transferred_t:,} transferred to the acquiring Party"
                + (f" ({split.acquiring_party})" if split.acquiring_party else ""))

    def cells(self) -> tuple[Value, ...]:
        return (self.date, self.type_code, SUBTYPES[self.subtype] if self.subtype else None, self.cooperative_approach,
                self.authorization_id, self.first_transferring_party, None, self.first_id, self.last_id, None, None,
                None, METRIC, GWP_VALUES, NOT_APPLICABLE, self.quantity_t, NOT_APPLICABLE, MITIGATION_TYPE,
                self.vintage, self.transferring_party, self.acquiring_party, None, self.using_party, None,
                self.use_year, None, self.additional)


@dataclass(frozen=True)
class AefTable:
    """One table as a file writes it: its sheet name, column headings and rows of cells."""

    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Value, ...], ...]


@dataclass(frozen=True)
class AefTables:
    """What one Party reports for one project, over every year something happened."""

    party: str
    role: Role
    submissions: tuple[SubmissionRow, ...]
    authorizations: tuple[AuthorizationRow, ...]
    actions: tuple[ActionRow, ...]

    def tables(self, english: English) -> tuple[AefTable, ...]:
        """The tables in the AEF's order, each with its column headings; ``english`` gives a record's text
        in English, its figures filled in (``None`` where it has no English)."""
        return (AefTable("Submission", SUBMISSION_COLUMNS, tuple(row.cells() for row in self.submissions)),
                AefTable("Authorizations", AUTHORIZATION_COLUMNS,
                         tuple(row.cells(english) for row in self.authorizations)),
                AefTable("Actions", ACTION_COLUMNS, tuple(row.cells() for row in self.actions)))


def reporting_role(project: ProjectRecord, party: str) -> Role | None:
    """Whether ``party`` (ISO alpha-3) is the host or the acquiring Party of the project, or neither."""
    if party == project.host_party.code:
        return "host"
    if party == project.acquiring_party.code:
        return "acquiring"
    return None


def aef_tables(project: ProjectRecord, party: str) -> AefTables:
    """The AEF rows ``party`` reports for ``project``; a Party that is not one of its two is a ``UsageError``."""
    role = reporting_role(project, party)
    if role is None:
        raise UsageError(f"party {party!r} is not a Party of this record: choose {project.host_party.code} (host"
                         f" Party) or {project.acquiring_party.code} (acquiring Party)")
    authorizations = (_authorization(project),) if role == "host" else ()
    actions = tuple(row for row, reporter in _actions(project) if reporter == role)
    ndc = project.ndc.host if role == "host" else project.ndc.acquiring
    years = sorted({row.date.year for row in authorizations} | {row.date.year for row in actions})
    submissions = []
    for year in years:
        period = ndc.period_of(year)
        submissions.append(SubmissionRow(party, year, period.first_year if period else None,
                                         period.last_year if period else None))
    return AefTables(party, role, tuple(submissions), authorizations, actions)


def _joined(texts: Sequence[LocalizedText], english: English, separator: str) -> str | None:
    """The English of each text, or nothing when one has none: the AEF is in English, and nothing is translated."""
    found = [english(text) for text in texts]
    if not found or any(each is None for each in found):
        return None
    return separator.join(each for each in found if each is not None)


def _authorization(project: ProjectRecord) -> AuthorizationRow:
    auth = project.authorization
    ndc, oimp = any(use.for_ndc for use in auth.uses), any(use.for_oimp for use in auth.uses)
    purpose: Purpose = "ndc_and_oimp" if ndc and oimp else "ndc" if ndc else "oimp"
    open_to_any = any(use.acquiring_party is None for use in auth.uses)
    parties = () if open_to_any else tuple(dict.fromkeys(use.acquiring_party for use in auth.uses
                                                         if use.acquiring_party is not None))
    definitions = tuple(dict.fromkeys(use.oimp_first_transfer for use in auth.uses
                                      if use.oimp_first_transfer is not None))
    return AuthorizationRow(
        auth.id, auth.date, project.cooperative_approach.id, auth.version, auth.authorized_t, tuple(auth.sectors),
        tuple(auth.activity_types), purpose, parties, tuple(use.oimp for use in auth.uses if use.oimp is not None),
        (project.vintage_years[0], project.vintage_years[-1]), tuple(auth.conditions), definitions, tuple(auth.uses))


def _first_transfer_subtype(uses: Sequence[AuthorizedUse]) -> Subtype | None:
    """Use towards an NDC is first transferred at the first international transfer; other international
    mitigation purposes where the host says. Where the uses differ, the record does not say which applies."""
    if all(use.purpose == "ndc" for use in uses):
        return "first_transfer_to_another_party"
    definitions = {use.oimp_first_transfer for use in uses}
    if len(definitions) == 1 and all(use.purpose == "oimp" for use in uses):
        return definitions.pop()
    return None


def _actions(project: ProjectRecord) -> list[tuple[ActionRow, Role]]:
    """Every action done, in the record's order, with the Party that reports it."""
    auth, host, acquiring = project.authorization, project.host_party.code, project.acquiring_party.code
    accounts = {account.year: account for account in vintage_accounts(project)}
    # a first transfer goes to the acquiring Party unless some use is open to any Party
    to_party = acquiring if all(use.acquiring_party == acquiring for use in auth.uses) else None
    ndc_only = all(use.purpose == "ndc" for use in auth.uses)
    done = [event for event in project.events if event.status == "done" and event.kind in ACTION_TYPES]
    splits = {id(event): _split(project, accounts.get(event.vintage), event, to_party)
              for event in done if event.kind == "first_transfer"}
    omge = {(event.vintage, split.omge_t) for event in done if (split := splits.get(id(event))) and split.omge_t}
    out: list[tuple[ActionRow, Role]] = []
    for event in done:
        quantity = event.quantity_t or 0
        kind = cast(ActionType, event.kind)  # filtered on ACTION_TYPES above
        first_id, last_id = _block(project, event)
        subtype: Subtype | None = None
        reporter: Role = "acquiring"
        using: str | None = None
        if kind == "first_transfer":
            subtype, reporter = _first_transfer_subtype(auth.uses), "host"
        elif kind == "cancellation" and (event.vintage, quantity) in omge:
            # the cancellation the agreement makes at first transfer: the host's
            subtype, reporter = "omge", "host"
        if kind in ("first_transfer", "acquisition") or subtype == "omge" or (kind == "use" and ndc_only):
            # reported only for a use for IMP or a cancellation for OP (the AEF's note)
            using = NOT_APPLICABLE
        split = splits.get(id(event))
        out.append((ActionRow(
            event.date, kind, subtype, project.cooperative_approach.id, auth.id, host, first_id, last_id, quantity,
            event.vintage, host if kind == "acquisition" else NOT_APPLICABLE,
            to_party if kind == "first_transfer" else NOT_APPLICABLE, using,
            use_year(project, event.vintage) if kind == "use" else None,
            split if split is not None and (split.omge_t or split.share_of_proceeds_t) else None), reporter))
    return out


def _split(project: ProjectRecord, account: VintageAccount | None, event: Event,
           party: str | None) -> FirstTransferSplit:
    """The deductions of a first transfer: the vintage's accounts where it transfers them whole, else the
    agreement's percentages of what it transfers."""
    quantity = event.quantity_t or 0
    if account is not None and account.first_transferred_t == quantity:
        omge, sop = account.omge_t, account.share_of_proceeds_t
    else:
        omge, sop = deductions(quantity, project.agreement)
    return FirstTransferSplit(omge, sop, quantity - omge - sop, party)


def _block(project: ProjectRecord, event: Event) -> tuple[str | None, str | None]:
    """The first and last unique identifier of the units of an action: one serial block of the vintage, or a run
    of blocks with consecutive identifiers, that holds exactly the event's units (a first transfer whose units
    were then split into blocks for the acquirer, the OMGE cancellation and the share of proceeds); which
    units of a block an action of part of it concerns, the record does not say."""
    blocks = sorted((block for block in project.serial_blocks if block.vintage == event.vintage),
                    key=lambda block: block.span)
    runs = []
    for start in range(len(blocks)):
        total = 0
        for end in range(start, len(blocks)):
            if end > start and (blocks[end].span[0] != blocks[end - 1].span[0]
                                or blocks[end].span[1] != blocks[end - 1].span[2] + 1):
                break
            total += blocks[end].quantity
            if total == event.quantity_t:
                runs.append((blocks[start].first, blocks[end].last))
    if len(runs) != 1:
        return None, None
    return runs[0]
