"""The elements of a host Party's authorization, as the dossier and the Letter of Authorization print them.

One wording and one order for both documents: the dossier's section "Authorization statement" and
the letter itself call these functions, so that the letter a ministry signs and the dossier that
describes it cannot drift apart. What each element is, and where it comes from, is said in the
model (``models/article6.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from dossiergen.article6.accounting import vintage_accounts
from dossiergen.article6.figures import Source
from dossiergen.article6.methodologies.base import GWP
from dossiergen.documents.blocks import cell, code, fact, head_row, header, stack, value
from dossiergen.documents.tree import Row, Span, Table
from dossiergen.i18n.localized import Localized
from dossiergen.models import Party, ProjectRecord
from dossiergen.render.context import RenderContext


@dataclass(frozen=True)
class AuthorizationWording:
    """The nomenclature of an authorization, translated once per document."""

    purposes: dict[str, Localized]
    first_transfer: dict[str, Localized]
    sectors: dict[str, Localized]
    activities: dict[str, Localized]
    targets: dict[str, Localized]
    accountings: dict[str, Localized]

    @classmethod
    def of(cls, ctx: RenderContext) -> AuthorizationWording:
        L = ctx.translate
        return cls(
            purposes={"ndc": L("Use towards a nationally determined contribution (NDC)"),
                      "oimp": L("Other international mitigation purposes (OIMP)"),
                      "ndc_and_oimp": L("Use towards an NDC and other international mitigation purposes")},
            first_transfer={
                "first_international_transfer": L("At the first international transfer"),
                "authorization": L("At authorization of the mitigation outcomes"),
                "issuance": L("At first issuance of the mitigation outcomes"),
                "use_or_cancellation": L("At use or cancellation of the mitigation outcomes")},
            sectors={"agriculture": L("Agriculture"), "building_and_construction": L("Building and construction"),
                     "cross_sectoral_mechanisms": L("Cross-sectoral mechanisms"),
                     "energy_generation": L("Energy generation"), "forestry_and_land_use": L("Forestry and land use"),
                     "industrial_processes": L("Industrial processes"), "transportation": L("Transportation"),
                     "urban_development": L("Urban development"), "waste_management": L("Waste management")},
            activities={"transport": L("Transport"), "solar": L("Solar"), "landfill_gas": L("Landfill gas"),
                        "methane_avoidance": L("Methane avoidance"),
                        "energy_efficiency_households": L("Energy efficiency in households"),
                        "energy_efficiency_industry": L("Energy efficiency in industry"), "wind": L("Wind"),
                        "hydro": L("Hydropower"), "biomass": L("Biomass")},
            targets={"single_year": L("single-year target"), "multi_year": L("multi-year target")},
            accountings={"trajectory": L("an indicative emissions trajectory, applied each year"),
                         "budget": L("an emissions budget, applied each year"),
                         "averaging": L("the average annual amount, applied in the target year")},
        )


def project_of(ctx: RenderContext) -> ProjectRecord:
    """The project record a dossier or a Letter of Authorization is made of."""
    project = ctx.record.data
    assert isinstance(project, ProjectRecord)
    return project


def tonnes(ctx: RenderContext, quantity: Localized) -> Localized:
    return ctx.translate("%(quantity)s tCO₂e", quantity=quantity)


def element_rows(ctx: RenderContext, wording: AuthorizationWording, *, documentation: bool = True) -> tuple[Row, ...]:
    """The elements of the authorization, in order, as label / value rows.

    ``documentation``: the row naming the Letter of Authorization; the letter itself leaves it out.
    """
    L, p, fmt = ctx.translate, project_of(ctx), ctx.localizer
    auth = p.authorization
    langs = ctx.langs
    vintages = L("%(start)s to %(end)s", start=ctx.figures["first_vintage"], end=ctx.figures["last_vintage"])
    rows = [
        fact(L("Authorization ID"), code(auth.id, langs, specimen=ctx.specimen_of(auth, "id"))),
        fact(L("Version"), value(ctx.value(auth, "version", fmt.number(auth.version)))),
        fact(L("Date of authorization"), value(ctx.value(auth, "date", fmt.date(auth.date)))),
        fact(L("Valid until"), value(ctx.value(auth, "valid_until", fmt.date(auth.valid_until)))),
        fact(L("Cooperative approach"), code(p.cooperative_approach.id, langs,
                                             specimen=ctx.specimen_of(p.cooperative_approach, "id"))),
        fact(L("Authorizing Party"), stack(ctx.mark(fmt.party(p.host_party), p, "host_party"))),
        fact(L("Metric"), stack(L("Greenhouse gases, in tonnes of CO₂ equivalent (tCO₂e)"))),
        fact(L("Global warming potentials"), stack(gwp_values(ctx))),
        fact(L("Sectors"), *(stack(ctx.mark(wording.sectors[sector], auth, "sectors")) for sector in auth.sectors)),
        fact(L("Activity types"), *(stack(ctx.mark(wording.activities[activity], auth, "activity_types"))
                                    for activity in auth.activity_types)),
        fact(L("Authorized timeframe (vintages)"), value(vintages)),
        fact(L("Mitigation outcomes approved"), value(tonnes(ctx, ctx.figures["outcomes_t"]))),
        fact(L("Authorized entities"), *(stack(ctx.mark(ctx.orgs[entity], auth, "authorized_entities"))
                                         for entity in auth.authorized_entities)),
    ]
    if documentation:
        letter = L("Letter of Authorization %(number)s of %(date)s",
                   number=ctx.value(auth.letter, "number", auth.letter.number),
                   date=ctx.value(auth.letter, "date", fmt.date(auth.letter.date)))
        rows.append(fact(L("Documentation"), stack(letter)))
    return tuple(rows)


def use_rows(ctx: RenderContext, wording: AuthorizationWording) -> tuple[Row, ...]:
    """Each authorized use (purpose, Party, quantity, first transfer), then what is not authorized."""
    L, p, fmt = ctx.translate, project_of(ctx), ctx.localizer
    host = fmt.party(p.host_party)
    rows = []
    for use in p.authorization.uses:
        party = (ctx.mark(fmt.party(party_of(p, use.acquiring_party)), use, "acquiring_party")
                 if use.acquiring_party else ctx.mark(L("Any Party"), use, "acquiring_party"))
        moment = (ctx.mark(wording.first_transfer[use.oimp_first_transfer], use, "oimp_first_transfer")
                  if use.oimp_first_transfer is not None
                  else L("At the first international transfer (fixed for use towards an NDC)"))
        purpose: list[Span] = [stack(ctx.mark(wording.purposes[use.purpose], use, "purpose"))]
        if use.oimp is not None:
            purpose.append(stack(ctx.text(use.oimp), style="small muted"))
        quantity = ctx.value(use, "quantity_t", fmt.tonnes(use.quantity_t))
        rows.append(Row((cell(*purpose), cell(stack(party)), cell(value(tonnes(ctx, quantity)), style="num"),
                         cell(stack(moment)))))
    rows.append(Row((cell(stack(L("Not authorized: retained by the host Party, no corresponding adjustment"))),
                     cell(stack(host)), cell(value(tonnes(ctx, ctx.figures["not_authorized_t"])), style="num"),
                     cell(stack(L("Not transferred"))))))
    return tuple(rows)


def use_head(ctx: RenderContext) -> Row:
    """The header row of the table of uses."""
    L = ctx.translate
    return head_row(header(stack(L("Purpose"))), header(stack(L("Acquiring Party"))),
                    header(stack(L("Quantity")), style="num"), header(stack(L("First transfer"))))


def agreement_rows(ctx: RenderContext) -> tuple[Row, ...]:
    """The share of proceeds and the cancellation for OMGE the bilateral agreement sets."""
    L, fmt, p = ctx.translate, ctx.localizer, project_of(ctx)
    terms = p.agreement
    rounding = {"up": L("rounded up"), "down": L("rounded down"), "nearest": L("rounded to the nearest unit")}
    proceeds, omge = terms.share_of_proceeds, terms.omge
    none = L("None set by the agreement")
    if proceeds is None or proceeds.percent == 0:
        sop = none
    elif proceeds.form == "units":
        sop = L("%(percent)s of the ITMOs first transferred, set aside in units, %(rounding)s",
                percent=fmt.percent(proceeds.percent), rounding=rounding[proceeds.rounding])
    else:
        sop = L("%(percent)s, paid in money: no units set aside", percent=fmt.percent(proceeds.percent))
    cancelled = none if omge is None or omge.percent == 0 else L(
        "%(percent)s of the ITMOs first transferred, cancelled at first transfer, %(rounding)s",
        percent=fmt.percent(omge.percent), rounding=rounding[omge.rounding])
    # what the agreement sets, or that it sets nothing, is the record's statement of the agreement
    return (fact(L("Share of proceeds for adaptation"), stack(ctx.mark(sop, p, "agreement"))),
            fact(L("Cancellation for overall mitigation in global emissions (OMGE)"),
                 stack(ctx.mark(cancelled, p, "agreement"))))


def authorization_sentence(ctx: RenderContext) -> Localized:
    """What the host Party authorizes, and what it keeps, in one paragraph."""
    figures = ctx.figures
    return ctx.translate(
        "The host Party, %(host)s, authorizes %(authorized)s tCO₂e of the %(outcomes)s tCO₂e of mitigation"
        " outcomes this activity is expected to achieve from %(start)s to %(end)s as internationally"
        " transferred mitigation outcomes (ITMOs), for the uses below. The remaining %(not_authorized)s"
        " tCO₂e are not authorized: they stay with the host Party and carry no corresponding adjustment.",
        host=ctx.figures["host_party"], authorized=figures["authorized_t"],
        outcomes=figures["outcomes_t"], start=figures["crediting_start"], end=figures["crediting_end"],
        not_authorized=figures["not_authorized_t"])


def vintage_rule(ctx: RenderContext) -> Localized:
    """How the authorized ITMOs fall on each vintage: the authorized share of its verified outcomes, capped."""
    return ctx.translate(
        "In each vintage, %(share)s of the mitigation outcomes verified and issued are authorized as ITMOs, up to"
        " that vintage's quantity in the table of ITMOs authorized per vintage; outcomes verified beyond it are"
        " not authorized.",
        share=ctx.figures["authorized_share"])


def vintage_table(ctx: RenderContext) -> Table:
    """Per vintage: the mitigation outcomes approved and the ITMOs authorized (``article6/accounting.py``)."""
    L, fmt = ctx.translate, ctx.localizer
    split = split_sources(project_of(ctx))
    rows = [Row((cell(value(fmt.year(account.year))),
                 cell(value(ctx.derived(fmt.tonnes(account.outcomes_t), *split)), style="num"),
                 cell(value(ctx.derived(fmt.tonnes(account.authorized_t), *split)), style="num")))
            for account in vintage_accounts(project_of(ctx))]
    rows.append(Row((header(stack(L("Total")), scope="row"), cell(value(ctx.figures["outcomes_t"]), style="num"),
                     cell(value(ctx.figures["authorized_t"]), style="num")), "total"))
    head = head_row(header(stack(L("Vintage"))), header(stack(L("Outcomes, tCO₂e")), style="num"),
                    header(stack(L("ITMOs authorized")), style="num"))
    return Table(tuple(rows), head=(head,), style="vintage-caps")


def adjustment_commitment(ctx: RenderContext, wording: AuthorizationWording) -> Localized:
    """The host Party's undertaking to apply corresponding adjustments, and by which method in which period."""
    L, p, fmt = ctx.translate, project_of(ctx), ctx.localizer
    years = p.vintage_years
    periods = [period for period in p.ndc.host.periods
               if period.first_year <= years[-1] and period.last_year >= years[0]]
    methods = [L("%(first)s to %(last)s, %(target)s: %(method)s", first=fmt.year(period.first_year),
                 last=fmt.year(period.last_year), target=wording.targets[period.target],
                 method=wording.accountings[period.accounting]) for period in periods]
    outside = p.ndc.host.outside
    if outside is not None and any(p.ndc.host.period_of(year) is None for year in years):
        methods.append(L("vintages outside these periods: by the method of the next NDC") if outside == "next_ndc"
                       else L("vintages outside these periods: not counted"))
    joined = ctx.mark(Localized({lang: "; ".join(method[lang] for method in methods) for lang in ctx.langs}),
                      p.ndc.host)
    return L("%(host)s will apply corresponding adjustments for the ITMOs it first transfers, in accordance with"
             " decision 2/CMA.3, annex, chapter III (paragraphs 7 and 8), for the year in which the mitigation"
             " outcomes occurred, by the method of its NDC period (%(methods)s).",
             host=fmt.party(p.host_party), methods=joined)


def split_sources(project: ProjectRecord) -> tuple[Source, ...]:
    """What a vintage's share is computed from: the totals, shared in proportion to the methodology's estimate
    (``article6/accounting.py``). A share of an illustrative estimate is illustrative, the totals being sourced."""
    auth = project.authorization
    return ((auth, "mitigation_outcomes_t"), (auth, "uses"), (project.methodology, "parameters"),
            (project, "crediting_period"))


def party_of(project: ProjectRecord, code: str) -> Party:
    """The Party of ``code`` as the record names it (its own name where it gives one)."""
    for party in (project.host_party, project.acquiring_party):
        if party.code == code:
            return party
    return Party(code=code)


def gwp_values(ctx: RenderContext) -> Localized:
    """The global warming potentials every methodology converts a gas with, in the document's numerals.

    The AEF workbook keeps its own cell (``article6/aef.py``); the printed documents say it in words.
    """
    fmt = ctx.localizer
    return ctx.translate("IPCC Fifth Assessment Report, 100-year: CO₂ %(co2)s, CH₄ %(ch4)s, N₂O %(n2o)s"
                         " (decision 18/CMA.1)", co2=fmt.number(GWP.co2), ch4=fmt.number(GWP.ch4),
                         n2o=fmt.number(GWP.n2o))
