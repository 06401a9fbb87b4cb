"""The approval dossier (the Article 6.2 authorization package of one project) as a document tree.

Cover, contents, summary, project description, legal basis, authorization statement, methodology
and calculation, mitigation outcomes per vintage (table and chart), monitoring and registry serial
blocks, the Agreed Electronic Format preview, working group and key dates, signatures and annexes.
Every figure comes from the project record through ``article6/`` (computed once) and is formatted
for each language of the document here.
"""

from __future__ import annotations

from decimal import Decimal

from dossiergen.article6.methodologies.ams_iii_c import (
    baseline_t_per_km,
    computed_total,
    project_t_per_km,
    reduction_t_per_vehicle,
)
from dossiergen.article6.vintages import Vintage, vintages
from dossiergen.documents.blocks import (
    TextLike,
    cell,
    code,
    fact,
    head_row,
    header,
    heading,
    para,
    prose,
    stack,
    subheading,
    text,
    value,
)
from dossiergen.documents.tree import (
    Bar,
    Block,
    Cell,
    Chart,
    Contents,
    ContentsEntry,
    Document,
    Figure,
    Group,
    Heading,
    Image,
    ListBlock,
    Paragraph,
    Row,
    Run,
    Runs,
    Signatures,
    Signer,
    Span,
    Table,
    Text,
)
from dossiergen.i18n.localized import Localized
from dossiergen.models import ProjectRecord
from dossiergen.records.sandbox import illustration_path
from dossiergen.render.context import RenderContext
from dossiergen.render.templating import PAGE, PAGES

CHART_WIDTH, CHART_HEIGHT = 480, 210
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = 58, 470, 12, 182
"""The chart's SVG user space: the plot area inside it, axis labels left and below."""
THOUSAND = Decimal(1000)
SECTIONS = ("summary", "description", "legal-basis", "authorization", "methodology", "outcomes", "mrv", "aef",
            "working-group", "signatures")
"""The dossier's numbered sections, in order (their anchors are ``sec-KEY``)."""


def _nice_ceiling(value: int) -> int:
    """The next round number above ``value`` for the top of an axis (1, 2, 2.5 or 5 x 10^n)."""
    magnitude = int(10 ** max(len(str(max(value, 1))) - 1, 0))
    for step in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)):
        top = int(step * magnitude)
        if top >= value:
            return top
    return 10 * magnitude


def chart_geometry(outcomes: list[tuple[int, int, int]]) -> tuple[int, list[Bar], list[float], list[float]]:
    """Stacked bars per vintage (transfer below, host above), in SVG user units.

    Returns the axis top, the bars, the y of each of five grid lines and the x of each bar's label.
    """
    top = _nice_ceiling(max(transfer + host for _, transfer, host in outcomes))
    plot_height = PLOT_BOTTOM - PLOT_TOP
    slot = (PLOT_RIGHT - PLOT_LEFT) / len(outcomes)
    bars = []
    for index, (_, transfer, host) in enumerate(outcomes):
        transfer_height = plot_height * transfer / top
        host_height = plot_height * host / top
        bars.append(Bar(
            x=round(PLOT_LEFT + index * slot + slot * 0.18, 2), width=round(slot * 0.64, 2),
            lower_y=round(PLOT_BOTTOM - transfer_height, 2), lower_height=round(transfer_height, 2),
            upper_y=round(PLOT_BOTTOM - transfer_height - host_height, 2), upper_height=round(host_height, 2)))
    ticks = [round(PLOT_BOTTOM - plot_height * step / 4, 2) for step in range(5)]
    labels = [round(PLOT_LEFT + (index + 0.5) * slot, 2) for index in range(len(outcomes))]
    return top, bars, ticks, labels


class _Dossier:
    """The builder of one dossier: the context, its record and the wording it repeats."""

    def __init__(self, ctx: RenderContext) -> None:
        assert isinstance(ctx.record.data, ProjectRecord)
        self.ctx = ctx
        self.p = ctx.record.data
        self.langs = ctx.langs
        self.L = ctx.translate
        self.fmt = ctx.localizer
        L = ctx.translate
        self.purposes = {"ndc": L("Use towards a nationally determined contribution (NDC)"),
                         "oimp": L("Other international mitigation purposes (OIMP)")}
        self.first_transfer = {
            "first_international_transfer": L("At the first international transfer"),
            "authorization": L("At authorization of the mitigation outcomes"),
            "issuance": L("At first issuance of the mitigation outcomes"),
            "use_or_cancellation": L("At use or cancellation of the mitigation outcomes")}
        self.adjustment = {"annual": L("Annual corresponding adjustments"),
                           "multi_year_average": L("Average of annual amounts over the NDC period"),
                           "multi_year_trajectory": L("Multi-year emissions trajectory or budget")}
        self.status = {"draft": L("Draft"), "final": L("Final")}
        self.part = {"transfer": L("Transfer to the acquiring Party"), "host": L("Retained by the host Party")}
        self.titles = dict(zip(SECTIONS, (
            L("Summary"), L("Project description"), L("Legal basis"), L("Authorization statement"),
            L("Methodology and calculation"), L("Mitigation outcomes per vintage"),
            L("Monitoring, reporting and verification"), L("Agreed Electronic Format: preview"),
            L("Working group and key dates"), L("Signatures and annexes")), strict=True))
        self.host = self.fmt.party(self.p.host_party)
        self.acquiring = self.fmt.party(self.p.acquiring_party)
        self.rows = vintages(self.p)

    # helpers -----------------------------------------------------------------------------

    def fig(self, name: str) -> Localized:
        return self.ctx.figures[name]

    def code(self, value: str, style: str = "") -> Span:
        return code(value, self.langs, style)

    def org(self, org_id: str) -> Localized:
        return self.ctx.orgs[org_id]

    def section(self, key: str, *blocks: Block, style: str = "") -> Group:
        number = SECTIONS.index(key) + 1
        title = heading(self.titles[key], number=str(number), anchor=f"sec-{key}")
        return Group((title, *blocks), style, "section")

    def tonnes(self, quantity: Localized) -> Localized:
        return self.L("%(quantity)s tCO2e", quantity=quantity)

    def period(self) -> Localized:
        return self.L("%(start)s to %(end)s", start=self.fig("crediting_start"), end=self.fig("crediting_end"))

    # the document ----------------------------------------------------------------------------

    def build(self) -> Document:
        L, p = self.L, self.p
        short = self.ctx.text(p.short_title)
        draft = p.dossier is not None and p.dossier.status == "draft"
        blocks = (self.cover(), self.contents(), self.summary(), self.description(), self.legal_basis(),
                  self.authorization(), self.methodology(), self.outcomes(), self.mrv(), self.aef(),
                  self.working_group(), self.signatures())
        return Document(
            kind="dossier", langs=self.langs, title=L("Approval dossier: %(title)s", title=short),
            running_title=L("Approval dossier %(id)s: %(title)s", id=p.id, title=short),
            author=self.ctx.text(p.authorization.korean_approval.body),
            page_label=L("Page %(page)s of %(pages)s", page=PAGE, pages=PAGES), blocks=blocks,
            watermark=L("DRAFT") if self.ctx.placeholders or draft else None)

    def cover(self) -> Group:
        L, p, auth = self.L, self.p, self.p.authorization
        facts = [fact(L("Dossier"), self.code(p.id))]
        if p.dossier is not None:
            facts += [
                fact(L("Version and status"), stack(L("Version %(version)s, %(status)s", version=p.dossier.version,
                                                      status=self.status[p.dossier.status]))),
                fact(L("Date"), value(self.fmt.date(p.dossier.date))),
            ]
        facts += [
            fact(L("Parties"), stack(L("%(host)s (host Party) and %(acquiring)s (acquiring Party)", host=self.host,
                                       acquiring=self.acquiring))),
            fact(L("Proponent"), stack(self.org(p.proponent))),
            fact(L("Authorized mitigation outcomes"), value(self.tonnes(self.fig("authorized_t")))),
            fact(L("Letter of Authorization"), value(L("%(number)s of %(date)s", number=auth.letter.number,
                                                       date=self.fmt.date(auth.letter.date)))),
        ]
        return Group((
            Paragraph(text(L("Article 6.2 of the Paris Agreement: cooperative approach")), "stack", "cover-band sans",
                      box=True),
            Heading(text(L("Approval dossier")), 1, style="cover-kind", bookmark=False),
            Paragraph(text(self.ctx.text(p.title)), "lines", "cover-title"),
            Table(tuple(facts), style="cover-facts"),
            Paragraph(text(self.org(auth.letter.issued_by)), "stack", "sans cover-issuer"),
        ), "cover", "section")

    def contents(self) -> Group:
        entries = tuple(ContentsEntry(str(index), text(self.titles[key]), f"sec-{key}")
                        for index, key in enumerate(SECTIONS, start=1))
        return Group((Heading(text(self.L("Contents")), 2, style="contents-title"), Contents(entries)),
                     "contents", "nav")

    def summary(self) -> Group:
        L = self.L
        return self.section("summary", Table((
            fact(L("Cooperative approach"), self.code(self.p.cooperative_approach)),
            fact(L("Host Party"), stack(self.host)),
            fact(L("Acquiring Party"), stack(self.acquiring)),
            fact(L("Proponent"), stack(self.org(self.p.proponent))),
            fact(L("Sector"), stack(self.ctx.text(self.p.sector))),
            fact(L("Methodology"), value(self.fig("methodology"))),
            fact(L("Crediting period"), value(self.period())),
            fact(L("Authorized mitigation outcomes"), value(self.tonnes(self.fig("authorized_t")))),
            fact(L("Transfer to the acquiring Party"), value(L("%(quantity)s tCO2e (%(share)s)",
                                                               quantity=self.fig("transfer_t"),
                                                               share=self.fig("transfer_share")))),
            fact(L("Retained by the host Party"), value(L("%(quantity)s tCO2e (%(share)s)",
                                                          quantity=self.fig("host_share_t"),
                                                          share=self.fig("host_share")))),
        )))

    def description(self) -> Group:
        L, p, ctx = self.L, self.p, self.ctx
        rows = [fact(L("Technology"), stack(ctx.text(p.technology))),
                fact(L("Location"), stack(ctx.text(p.location)))]
        rows += [fact(ctx.text(quantity.label), value(L("%(value)s %(unit)s", value=self.fmt.number(quantity.value),
                                                          unit=ctx.text(quantity.unit))))
                 for quantity in p.quantities]
        blocks: list[Block] = [Table(tuple(rows))]
        blocks += [para(prose(ctx.text(paragraph))) for paragraph in p.description]
        for illustration in p.illustrations:
            caption = ctx.text(illustration.caption)
            # the loader has checked each file lies in the record's folder, which the fetcher serves
            source = illustration_path(ctx.record, illustration.file).as_uri()
            blocks.append(Figure(Image(source, caption[self.langs[0]]), (stack(caption),), "illustration"))
        return self.section("description", *blocks)

    def legal_basis(self) -> Group:
        L, auth = self.L, self.p.authorization

        def signed(letter_org: str, name: Localized, title: Localized) -> Cell:
            return cell(stack(self.org(letter_org)),
                        stack(L("%(name)s, %(title)s", name=name, title=title), style="small muted"))

        rows = [Row((cell(stack(L("Letter of No Objection"))), cell(self.code(auth.no_objection.number)),
                     cell(value(self.fmt.date(auth.no_objection.date)), style="date"),
                     signed(auth.no_objection.issued_by, self.ctx.text(auth.no_objection.signatory.name),
                            self.ctx.text(auth.no_objection.signatory.title))))]
        if auth.technical_assessment is not None:
            assessment = auth.technical_assessment
            rows.append(Row((cell(stack(L("Technical assessment"))), cell(self.code(assessment.number)),
                             cell(value(self.fmt.date(assessment.date)), style="date"),
                             cell(stack(self.ctx.text(assessment.body))))))
        rows.append(Row((cell(stack(L("Letter of Authorization"))), cell(self.code(auth.letter.number)),
                         cell(value(self.fmt.date(auth.letter.date)), style="date"),
                         signed(auth.letter.issued_by, self.ctx.text(auth.letter.signatory.name),
                                self.ctx.text(auth.letter.signatory.title)))))
        approval = auth.korean_approval
        return self.section(
            "legal-basis",
            para(L("Article 6, paragraph 2, of the Paris Agreement lets Parties use internationally transferred"
                   " mitigation outcomes towards their nationally determined contributions, under the guidance of"
                   " decision 2/CMA.3 and decision 6/CMA.4.")),
            subheading(L("The host Party's procedure")),
            Table(tuple(rows), head=(head_row(header(stack(L("Step"))), header(stack(L("Number"))),
                                              header(stack(L("Date"))), header(stack(L("Issued by")))),)),
            subheading(L("The acquiring Party's approval")),
            Table((Row((cell(stack(L("Korean approval"))), cell(self.code(approval.decision_number)),
                        cell(value(self.fmt.date(approval.date)), style="date"),
                        cell(stack(self.ctx.text(approval.body))))),)),
        )

    def authorization(self) -> Group:
        L, auth = self.L, self.p.authorization
        rows = [fact(L("Authorized use"), stack(self.purposes[purpose])) for purpose in auth.purposes]
        rows += [fact(L("First transfer"), stack(self.first_transfer[auth.first_transfer])),
                 fact(L("Corresponding adjustment"), stack(self.adjustment[auth.corresponding_adjustment])),
                 fact(L("Global warming potentials"), self.code(auth.gwp_source))]
        blocks: list[Block] = [
            para(L("The host Party, %(host)s, authorizes the use of %(quantity)s tCO2e of mitigation outcomes achieved"
                   " by this activity from %(start)s to %(end)s, of which %(transfer)s tCO2e are transferred to the"
                   " acquiring Party, %(acquiring)s.", host=self.host, quantity=self.fig("authorized_t"),
                   start=self.fig("crediting_start"), end=self.fig("crediting_end"), transfer=self.fig("transfer_t"),
                   acquiring=self.acquiring)),
            Table(tuple(rows)),
        ]
        if auth.conditions:
            blocks.append(subheading(L("Conditions for change or revocation")))
            blocks.append(ListBlock(tuple((para(self.ctx.text(condition)),) for condition in auth.conditions),
                                    style="conditions"))
        return self.section("authorization", *blocks)

    def methodology(self) -> Group:
        L, p, fmt = self.L, self.p, self.fmt
        method = p.methodology
        blocks: list[Block] = [para(L("%(reference)s (version %(version)s): %(title)s", reference=method.reference,
                                      version=method.version, title=self.ctx.text(method.title)))]
        parameters = method.parameters
        if parameters is not None:
            def parameter(symbol: Runs, label: TextLike, number: Localized, unit: Cell) -> Row:
                return Row((cell(Span(Text.same(self.langs, symbol), "plain"), style="sym"),
                            cell(stack(label)), cell(value(number), style="num"), unit))

            def unit(name: str) -> Cell:
                return cell(_plain(name, self.langs), style="code")

            total = computed_total(parameters)
            blocks += [
                Table((
                    parameter(_sym("N", "y"), L("E-motorcycles in operation in year y"), L("see table"),
                              cell(stack(L("vehicles")))),
                    parameter(_sym("D"), L("Distance per vehicle and year"), fmt.number(parameters.distance_km),
                              unit("km")),
                    parameter(_sym("FC"), L("Baseline fuel consumption of a petrol motorcycle"),
                              fmt.decimal(parameters.baseline_fuel_l_per_100km, 2), unit("L/100 km")),
                    parameter(_sym("EF", "fuel"), L("Emission factor of petrol"),
                              fmt.decimal(parameters.fuel_ef_kg_per_l, 2), unit("kgCO2/L")),
                    parameter(_sym("EC"), L("Electricity consumption per km"),
                              fmt.decimal(parameters.electricity_kwh_per_km, 3), unit("kWh/km")),
                    parameter(_sym("EF", "grid"), L("Grid emission factor"),
                              fmt.decimal(parameters.grid_ef_t_per_mwh, 2), unit("tCO2/MWh")),
                    parameter(_sym("TDL"), L("Transmission and distribution losses"),
                              fmt.percent(parameters.transmission_losses * 100), cell()),
                    parameter(_sym("LK"), L("Leakage"), fmt.percent(parameters.leakage * 100), cell()),
                ), head=(head_row(header(stack(L("Symbol")), style="sym"), header(stack(L("Parameter"))),
                                  header(stack(L("Value")), style="num"), header(stack(L("Unit")))),),
                    style="parameters"),
                Group(tuple(Paragraph(Text.same(self.langs, line), "single", "equation") for line in (
                    (*_sym("BE", "km"), Run(" = FC / 100 × "), *_sym("EF", "fuel"),
                     Run(f" = {fmt.decimal(baseline_t_per_km(parameters) * THOUSAND, 4)[self.langs[0]]} kgCO2/km")),
                    (*_sym("PE", "km"), Run(" = EC × "), *_sym("EF", "grid"),
                     Run(f" / (1 - TDL) = {fmt.decimal(project_t_per_km(parameters) * THOUSAND, 4)[self.langs[0]]}"
                         " kgCO2/km")),
                    (*_sym("ER", "vehicle"), Run(" = D × ("), *_sym("BE", "km"), Run(" - "), *_sym("PE", "km"),
                     Run(f") × (1 - LK) = {fmt.decimal(reduction_t_per_vehicle(parameters), 4)[self.langs[0]]} tCO2e")),
                    (*_sym("ER", "y"), Run(" = "), *_sym("N", "y"), Run(" × "), *_sym("ER", "vehicle")),
                )), "equations"),
                para(L("The reductions computed from these parameters total %(computed)s tCO2e; the authorized"
                       " quantity of %(declared)s tCO2e differs from it by %(difference)s, within the stated"
                       " tolerance of %(tolerance)s.", computed=fmt.decimal(total, 0),
                       declared=fmt.tonnes(p.authorization.authorized_t),
                       difference=fmt.percent((Decimal(p.authorization.authorized_t) - total) / total * 100),
                       tolerance=fmt.percent(parameters.tolerance * 100))),
            ]
        return self.section("methodology", *blocks)

    def outcomes(self) -> Group:
        L, fmt, rows = self.L, self.fmt, self.rows
        calculated = self.p.methodology.parameters is not None
        head = [header(stack(L("Vintage")))]
        if calculated:
            head += [header(stack(L("Vehicles")), style="num"), header(stack(L("Computed, tCO2e")), style="num")]
        head += [header(stack(L("Outcomes, tCO2e")), style="num"), header(stack(L("Transferred")), style="num"),
                 header(stack(L("Retained")), style="num")]
        body = []
        for row in rows:
            cells = [cell(value(fmt.year(row.year)))]
            if calculated:
                assert row.vehicles is not None and row.computed_t is not None  # computed from the parameters
                cells += [cell(value(fmt.number(row.vehicles)), style="num"),
                          cell(value(fmt.decimal(row.computed_t, 0)), style="num")]
            cells += [cell(value(fmt.tonnes(row.outcome_t)), style="num"),
                      cell(value(fmt.tonnes(row.transfer_t)), style="num"),
                      cell(value(fmt.tonnes(row.host_t)), style="num")]
            body.append(Row(tuple(cells)))
        body.append(Row((
            header(stack(L("Total")), scope="row", colspan=3 if calculated else 1),
            cell(value(fmt.tonnes(sum(v.outcome_t for v in rows))), style="num"),
            cell(value(fmt.tonnes(sum(v.transfer_t for v in rows))), style="num"),
            cell(value(fmt.tonnes(sum(v.host_t for v in rows))), style="num"),
        ), "total"))
        return self.section("outcomes", Table(tuple(body), head=(Row(tuple(head)),), style="vintages"),
                            Figure(self.chart(rows), style="chart"))

    def chart(self, rows: list[Vintage]) -> Chart:
        fmt, first = self.fmt, self.langs[0]
        top, bars, ticks, labels = chart_geometry([(v.year, v.transfer_t, v.host_t) for v in rows])
        # SVG text takes one family: the one whose digits the first language writes
        khmer_digits = first == "km" and self.ctx.conventions.khmer_digits
        return Chart(
            title=self.titles["outcomes"][first], width=CHART_WIDTH, height=CHART_HEIGHT, left=PLOT_LEFT,
            right=PLOT_RIGHT, top=PLOT_TOP, bottom=PLOT_BOTTOM, bars=tuple(bars),
            ticks=tuple((y, fmt.tonnes(top * step // 4)[first]) for step, y in enumerate(ticks)),
            labels=tuple((x, fmt.year(v.year)[first]) for x, v in zip(labels, rows, strict=True)),
            font="DG Sans Khmer" if khmer_digits else "DG Sans Latin",
            legend=(("transfer", text(self.part["transfer"])), ("host", text(self.part["host"]))))

    def mrv(self) -> Group:
        L, p, ctx = self.L, self.p, self.ctx
        blocks: list[Block] = []
        if p.monitoring is not None:
            blocks += [para(ctx.text(paragraph)) for paragraph in p.monitoring.plan]
            blocks.append(Table((fact(L("Verification"), stack(ctx.text(p.monitoring.verifier))),
                                 fact(L("Reporting"), stack(ctx.text(p.monitoring.reporting))))))
        blocks.append(subheading(L("Registry serial blocks")))
        if p.serial_blocks:
            blocks.append(Table(
                tuple(Row((cell(value(self.fmt.year(block.vintage))), cell(stack(self.part[block.part])),
                           cell(_plain(block.first, self.langs), style="code"),
                           cell(_plain(block.last, self.langs), style="code"),
                           cell(value(self.fmt.tonnes(block.quantity)), style="num")))
                      for block in p.serial_blocks),
                head=(head_row(header(stack(L("Vintage"))), header(stack(L("Part"))), header(stack(L("First unit"))),
                               header(stack(L("Last unit"))), header(stack(L("Units")), style="num")),),
                style="serials"))
        else:
            blocks.append(para(L("No units have been issued yet.")))
        return self.section("mrv", *blocks)

    def aef(self) -> Group:
        L, p, auth = self.L, self.p, self.p.authorization
        rows = [fact(L("Authorization"), self.code(auth.letter.number)),
                fact(L("Date"), value(self.fmt.date(auth.letter.date))),
                fact(L("Quantity and metric"), value(self.tonnes(self.fig("authorized_t")))),
                fact(L("Sector and activity type"), stack(L("%(sector)s: %(technology)s",
                                                            sector=self.ctx.text(p.sector),
                                                            technology=self.ctx.text(p.technology))))]
        rows += [fact(L("Purposes"), stack(self.purposes[purpose])) for purpose in auth.purposes]
        rows += [fact(L("Authorized entity"), stack(self.org(p.proponent))),
                 fact(L("Timeframe"), value(self.period()))]
        blocks: list[Block] = [subheading(L("Authorizations")), Table(tuple(rows), style="aef"),
                               subheading(L("Actions: first transfers"))]
        transfers = [block for block in p.serial_blocks if block.part == "transfer"]
        if transfers:
            blocks.append(Table(
                tuple(Row((cell(_plain(block.first, self.langs), style="code"),
                           cell(_plain(block.last, self.langs), style="code"),
                           cell(value(self.fmt.tonnes(block.quantity)), style="num"),
                           cell(value(self.fmt.year(block.vintage))), cell(stack(self.host)),
                           cell(stack(self.acquiring))))
                      for block in transfers),
                head=(head_row(header(stack(L("First ITMO"))), header(stack(L("Last ITMO"))),
                               header(stack(L("Units")), style="num"), header(stack(L("Vintage"))),
                               header(stack(L("Transferring Party"))), header(stack(L("Acquiring Party")))),),
                style="serials"))
        else:
            blocks.append(para(L("No units have been issued yet.")))
        return self.section("aef", *blocks)

    def working_group(self) -> Group:
        L, p, ctx = self.L, self.p, self.ctx
        blocks: list[Block] = [Table(
            tuple(Row((cell(stack(self.org(member.organisation))), cell(stack(ctx.text(member.role)))))
                  for member in p.working_group),
            head=(head_row(header(stack(L("Organisation"))), header(stack(L("Role")))),))]
        if p.key_dates:
            blocks.append(subheading(L("Key dates")))
            blocks.append(Table(tuple(Row((header(value(self.fmt.date(item.date)), scope="row", style="date"),
                                           cell(stack(ctx.text(item.event))))) for item in p.key_dates)))
        return self.section("working-group", *blocks)

    def signatures(self) -> Group:
        p, ctx = self.p, self.ctx
        blocks: list[Block] = [Signatures(tuple(
            Signer(line=index, name=text(ctx.text(person.name)), title=text(ctx.text(person.title)),
                   organisation=text(self.org(person.organisation)))
            for index, person in enumerate(p.signatories, start=1)))]
        if p.annexes:
            blocks.append(subheading(self.L("Annexes")))
            blocks.append(ListBlock(tuple((stack(ctx.text(annex)),) for annex in p.annexes), style="annexes"))
        return self.section("signatures", *blocks, style="signatures-section")


def _sym(name: str, subscript: str | None = None) -> Runs:
    """A symbol of the calculation (``EF`` with ``fuel`` set below the line)."""
    return (Run(name),) + ((Run(subscript, "sub"),) if subscript else ())


def _plain(value: str, langs: tuple[str, ...]) -> Span:
    return Span(Text.same(langs, (Run(value),)), "plain")


def build(ctx: RenderContext) -> Document:
    """The approval dossier of ``ctx`` as a document tree."""
    return _Dossier(ctx).build()

