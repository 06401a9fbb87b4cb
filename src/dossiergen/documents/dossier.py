"""The approval dossier (the Article 6.2 authorization package of one project) as a document tree.

Cover, contents, summary, project description, legal basis, authorization statement, methodology
and calculation, mitigation outcomes per vintage (table and chart), monitoring and registry serial
blocks, the Agreed Electronic Format preview, working group and key dates, signatures and annexes.
Every figure comes from the project record through ``article6/`` (computed once) and is formatted
for each language of the document here.
"""

from __future__ import annotations

from decimal import Decimal

from dossiergen.article6.accounting import Adjustment, VintageAccount, adjustments, vintage_accounts, whole_estimates
from dossiergen.article6.aef import METRIC, ActionRow, AuthorizationRow, aef_tables
from dossiergen.article6.methodologies.base import GWP
from dossiergen.documents.authorization import (
    AuthorizationWording,
    adjustment_commitment,
    agreement_rows,
    authorization_sentence,
    element_rows,
    gwp_values,
    party_of,
    split_sources,
    tonnes,
    use_head,
    use_rows,
    vintage_rule,
)
from dossiergen.documents.blocks import (
    MINUS,
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
from dossiergen.documents.calculation import calculation
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
    Signatures,
    Signer,
    Span,
    Table,
    Text,
)
from dossiergen.i18n.localized import Localized
from dossiergen.models import LocalizedText, ProjectRecord
from dossiergen.records.sandbox import illustration_path
from dossiergen.render.context import RenderContext
from dossiergen.render.templating import PAGE, PAGES

CHART_WIDTH, CHART_HEIGHT = 480, 210
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = 58, 470, 24, 182
"""The chart's SVG user space: the plot area inside it, axis labels left and below, the axis's unit above."""
CHART_UNIT = "tCO₂e"
"""The unit of the chart's vertical axis: every quantity of a record is in tonnes of CO₂ equivalent."""
THOUSAND = Decimal(1000)
SECTIONS = ("summary", "description", "legal-basis", "authorization", "methodology", "outcomes", "adjustments",
            "mrv", "aef", "working-group", "signatures")
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
        self.wording = AuthorizationWording.of(ctx)
        self.purposes, self.sectors = self.wording.purposes, self.wording.sectors
        self.activities, self.first_transfer = self.wording.activities, self.wording.first_transfer
        self.accounting, self.target = self.wording.accountings, self.wording.targets
        self.steps = {"monitoring": L("Monitoring period ends"), "verification": L("Verification"),
                      "issuance": L("Issuance"), "first_transfer": L("First transfer"), "acquisition": L("Acquisition"),
                      "use": L("Use towards the NDC"), "cancellation": L("Cancellation")}
        self.event_status = {"planned": L("Planned"), "done": L("Done")}
        self.status = {"draft": L("Draft"), "final": L("Final")}
        self.titles = dict(zip(SECTIONS, (
            L("Summary"), L("Project description"), L("Legal basis"), L("Authorization statement"),
            L("Methodology and calculation"), L("Mitigation outcomes per vintage"),
            L("Corresponding adjustments"), L("Timeline, monitoring and registry"),
            L("Agreed Electronic Format: preview"), L("Working group and key dates"),
            L("Signatures and annexes")), strict=True))
        self.figures = 0
        """Figures numbered so far, in the order the dossier prints them."""
        self.host = ctx.figures["host_party"]
        self.acquiring = ctx.figures["acquiring_party"]
        self.rows = vintage_accounts(self.p)

    # helpers -----------------------------------------------------------------------------

    def fig(self, name: str) -> Localized:
        return self.ctx.figures[name]

    def code(self, value: str, style: str = "") -> Span:
        return code(value, self.langs, style)

    def field_code(self, owner: object, name: str) -> Span:
        """The code ``owner.name`` (a letter's number), marked when it is illustrative."""
        return code(getattr(owner, name), self.langs, "", self.ctx.specimen_of(owner, name))

    def date(self, owner: object, name: str) -> Localized:
        """The date ``owner.name`` formatted, marked when it is illustrative."""
        return self.ctx.value(owner, name, self.fmt.date(getattr(owner, name)))

    def org(self, org_id: str) -> Localized:
        return self.ctx.orgs[org_id]

    def named(self, owner: object, name: str) -> Localized:
        """The organisation ``owner.name`` names (a proponent, a member), marked when that choice is illustrative."""
        return self.ctx.mark(self.org(getattr(owner, name)), owner, name)

    def split(self, amount: Localized) -> Localized:
        """A vintage's share of a total (``authorization.split_sources``): marked when the estimate is illustrative."""
        return self.ctx.derived(amount, *split_sources(self.p))

    def section(self, key: str, *blocks: Block, style: str = "") -> Group:
        number = SECTIONS.index(key) + 1
        title = heading(self.titles[key], number=str(number), anchor=f"sec-{key}")
        return Group((title, *blocks), style, "section")

    def caption(self, title: Localized) -> Localized:
        """``Figure N: title``, numbered in the order the figures print (build() builds the sections in order)."""
        self.figures += 1
        return self.L("Figure %(number)s: %(title)s", number=self.fmt.number(self.figures), title=title)

    def tonnes(self, quantity: Localized) -> Localized:
        return tonnes(self.ctx, quantity)

    def period(self) -> Localized:
        return self.L("%(start)s to %(end)s", start=self.fig("crediting_start"), end=self.fig("crediting_end"))

    # the document ----------------------------------------------------------------------------

    def build(self) -> Document:
        L, p = self.L, self.p
        short = self.ctx.text(p.short_title)
        draft = p.dossier is not None and p.dossier.status == "draft"
        blocks = (self.cover(), self.contents(), self.summary(), self.description(), self.legal_basis(),
                  self.authorization(), self.methodology(), self.outcomes(), self.adjustments(), self.mrv(),
                  self.aef(), self.working_group(), *((self.signatures(),) if self.has_signatures else ()))
        return Document(
            kind="dossier", langs=self.langs, title=L("Approval dossier: %(title)s", title=short),
            # one line at the head of the page (print.css): the short title in each language. Not the id: its
            # parts read as lower-case words, and with the section's name on the same line the head then
            # reads to outloud as prose hidden in an artifact (TAG-002)
            running_title=short,
            author=self.ctx.text(p.authorization.korean_approval.body),
            page_label=L("Page %(page)s of %(pages)s", page=PAGE, pages=PAGES), blocks=blocks,
            watermark=L("DRAFT") if self.ctx.placeholders or draft else None)

    def cover(self) -> Group:
        L, p, auth = self.L, self.p, self.p.authorization
        facts = [fact(L("Dossier"), self.code(p.id))]
        if p.dossier is not None:
            facts += [
                fact(L("Version and status"), stack(L(
                    "Version %(version)s, %(status)s",
                    version=self.ctx.value(p.dossier, "version", self.fmt.digits(p.dossier.version)),
                    status=self.ctx.mark(self.status[p.dossier.status], p.dossier, "status")))),
                fact(L("Date"), value(self.date(p.dossier, "date"))),
            ]
        facts += [
            fact(L("Parties"), stack(L("%(host)s (host Party) and %(acquiring)s (acquiring Party)", host=self.host,
                                       acquiring=self.acquiring))),
            fact(L("Proponent"), stack(self.named(p, "proponent"))),
            fact(L("Mitigation outcomes approved"), value(self.tonnes(self.fig("outcomes_t")))),
            fact(L("ITMOs authorized"), value(self.tonnes(self.fig("authorized_t")))),
            fact(L("Letter of Authorization"), value(L(
                "%(number)s of %(date)s", number=self.ctx.value(auth.letter, "number", auth.letter.number),
                date=self.date(auth.letter, "date")))),
        ]
        return Group((
            Paragraph(text(L("Article 6.2 of the Paris Agreement: cooperative approach")), "stack", "cover-band sans",
                      box=True),
            Heading(text(L("Approval dossier")), 1, style="cover-kind", bookmark=False),
            Paragraph(text(self.ctx.text(p.title)), "lines", "cover-title"),
            Table(tuple(facts), style="cover-facts"),
            Paragraph(text(self.org(auth.letter.issued_by)), "stack", "sans cover-issuer"),
        ), "cover", "section", role="cover")

    def contents(self) -> Group:
        entries = [ContentsEntry(str(index), text(self.titles[key]), f"sec-{key}")
                   for index, key in enumerate(SECTIONS, start=1) if key != "signatures" or self.has_signatures]
        # appended annexes (formats/pdf.py): the typesetter finds their pages at their placeholders (base.html)
        if self.ctx.annex_page_counts is not None:
            entries += [ContentsEntry("", text(annex_title(self.ctx, number, annex.title)), f"annex-{number}",
                                      linked=False)
                        for number, annex in enumerate(self.p.annexes, start=1)]
        return Group((Heading(text(self.L("Contents")), 2, style="contents-title"), Contents(tuple(entries))),
                     "contents", "nav")

    def summary(self) -> Group:
        L = self.L
        approach = self.p.cooperative_approach
        return self.section("summary", Table((
            fact(L("Cooperative approach"), self.field_code(approach, "id"), stack(self.ctx.text(approach.name))),
            fact(L("Host Party"), stack(self.host)),
            fact(L("Acquiring Party"), stack(self.acquiring)),
            fact(L("Proponent"), stack(self.named(self.p, "proponent"))),
            fact(L("Sector"), stack(self.ctx.text(self.p.sector))),
            fact(L("Methodology"), value(self.fig("methodology"))),
            fact(L("Crediting period"), value(self.period())),
            fact(L("Mitigation outcomes approved"), value(self.tonnes(self.fig("outcomes_t")))),
            fact(L("ITMOs authorized"), value(L("%(quantity)s tCO₂e (%(share)s)", quantity=self.fig("authorized_t"),
                                                share=self.fig("authorized_share")))),
            fact(L("Not authorized"), value(L("%(quantity)s tCO₂e (%(share)s)", quantity=self.fig("not_authorized_t"),
                                              share=self.fig("not_authorized_share")))),
            fact(L("Transferred to the acquiring Party"), value(self.tonnes(self.fig("transfer_t")))),
        )))

    def description(self) -> Group:
        L, p, ctx = self.L, self.p, self.ctx
        rows = [fact(L("Technology"), stack(ctx.text(p.technology))),
                fact(L("Location"), stack(ctx.text(p.location)))]
        rows += [fact(ctx.text(quantity.label), value(L(
                     "%(value)s %(unit)s", value=ctx.value(quantity, "value", self.fmt.number(quantity.value)),
                     unit=ctx.text(quantity.unit))))
                 for quantity in p.quantities]
        blocks: list[Block] = [Table(tuple(rows))]
        blocks += [para(prose(ctx.text(paragraph))) for paragraph in p.description]
        for illustration in p.illustrations:
            caption = ctx.text(illustration.caption)
            # the loader has checked each file lies in the record's folder, which the fetcher serves
            source = illustration_path(ctx.record, illustration.file).as_uri()
            blocks.append(Figure(Image(source, caption[self.langs[0]]), (stack(self.caption(caption)),),
                                 "illustration"))
        return self.section("description", *blocks)

    def legal_basis(self) -> Group:
        L, auth = self.L, self.p.authorization

        def signed(letter_org: str, name: Localized, title: Localized) -> Cell:
            return cell(stack(self.org(letter_org)),
                        stack(L("%(name)s, %(title)s", name=name, title=title), style="small muted"))

        rows = [Row((cell(stack(L("Letter of No Objection"))), cell(self.field_code(auth.no_objection, "number")),
                     cell(value(self.date(auth.no_objection, "date")), style="date"),
                     signed(auth.no_objection.issued_by, self.ctx.text(auth.no_objection.signatory.name),
                            self.ctx.text(auth.no_objection.signatory.title))))]
        if auth.technical_assessment is not None:
            assessment = auth.technical_assessment
            rows.append(Row((cell(stack(L("Technical assessment"))), cell(self.field_code(assessment, "number")),
                             cell(value(self.date(assessment, "date")), style="date"),
                             cell(stack(self.ctx.text(assessment.body))))))
        rows.append(Row((cell(stack(L("Letter of Authorization"))), cell(self.field_code(auth.letter, "number")),
                         cell(value(self.date(auth.letter, "date")), style="date"),
                         signed(auth.letter.issued_by, self.ctx.text(auth.letter.signatory.name),
                                self.ctx.text(auth.letter.signatory.title)))))
        approval = auth.korean_approval
        head = (head_row(header(stack(L("Step"))), header(stack(L("Number"))), header(stack(L("Date"))),
                         header(stack(L("Issued by")))),)
        return self.section(
            "legal-basis",
            para(L("Article 6, paragraph 2, of the Paris Agreement lets Parties use internationally transferred"
                   " mitigation outcomes towards their nationally determined contributions, under the guidance of"
                   " decision 2/CMA.3 and decision 6/CMA.4.")),
            subheading(L("The host Party's procedure")),
            Table(tuple(rows), head=head),
            subheading(L("The acquiring Party's approval")),
            Table((Row((cell(stack(L("Korean approval"))), cell(self.field_code(approval, "decision_number")),
                        cell(value(self.date(approval, "date")), style="date"),
                        cell(stack(self.ctx.text(approval.body))))),), head=head),
        )

    def authorization(self) -> Group:
        L, ctx, p = self.L, self.ctx, self.p
        blocks: list[Block] = [
            para(authorization_sentence(ctx)),
            subheading(L("Elements of the authorization")),
            Table(element_rows(ctx, self.wording), style="elements"),
            subheading(L("Authorized uses")),
            Table(use_rows(ctx, self.wording), head=(use_head(ctx),), style="uses"),
            para(vintage_rule(ctx)),
            para(L("The table of ITMOs authorized per vintage is in section %(number)s.",
                   number=self.fmt.number(SECTIONS.index("outcomes") + 1))),
            para(adjustment_commitment(ctx, self.wording)),
            subheading(L("Agreement parameters")),
            Table(agreement_rows(ctx), style="agreement"),
            subheading(L("Conditions, including for change or revocation")),
            ListBlock(tuple((para(ctx.text(condition)),) for condition in p.authorization.conditions),
                      style="conditions"),
        ]
        return self.section("authorization", *blocks)

    def methodology(self) -> Group:
        L, p, fmt = self.L, self.p, self.fmt
        method = p.methodology
        calc = calculation(self.ctx, method)
        version = calc.plugin.version(method.version)
        shown = self.ctx.value(method, "version", fmt.digits(method.version))
        valid = (L("version %(version)s, valid from %(date)s", version=shown,
                   date=fmt.date(version.valid_from)) if version.valid_from is not None
                 else L("version %(version)s", version=shown))
        estimate = calc.estimate()
        blocks: list[Block] = [
            para(L("%(id)s, %(valid)s: %(title)s", id=self.ctx.value(method, "id", method.id), valid=valid,
                   title=self.ctx.text(method.title))),
            para(L("Greenhouse gases are converted to CO₂ equivalent with the 100-year global warming potentials of"
                   " the IPCC Fifth Assessment Report (decision 18/CMA.1, annex, paragraph 37): CH₄ %(ch4)s, N₂O"
                   " %(n2o)s.", ch4=fmt.number(GWP.ch4), n2o=fmt.number(GWP.n2o))),
            subheading(L("Parameters")), calc.parameters(),
            subheading(L("Equations")), calc.equation_table(),
            subheading(L("Values and results per year")), *calc.per_year(),
            para(L("Values are rounded for display; each result and total is computed from unrounded values."),
                 "note"),
            para(L("The methodology's ex-ante estimate for the crediting period is %(estimate)s tCO₂e. The"
                   " mitigation outcomes approved, %(approved)s tCO₂e, do not exceed it; they are shared over"
                   " the vintages in proportion to the estimate.",
                   estimate=self.ctx.value(method, "parameters", fmt.decimal(estimate, 0)),
                   approved=self.fig("outcomes_t"))),
        ]
        return self.section("methodology", *blocks)

    def outcomes(self) -> Group:
        L, fmt, rows = self.L, self.fmt, self.rows
        deductions = any(row.omge_t or row.share_of_proceeds_t for row in rows)
        head = [header(stack(L("Vintage"))), header(stack(L("Estimate, tCO₂e")), style="num"),
                header(stack(L("Outcomes, tCO₂e")), style="num"), header(stack(L("ITMOs authorized")), style="num"),
                header(stack(L("Not authorized")), style="num")]
        if deductions:
            head += [header(stack(L("OMGE")), style="num"), header(stack(L("Share of proceeds")), style="num")]
        head += [header(stack(L("Transferred")), style="num")]

        def amounts(outcomes: Localized, authorized: Localized, not_authorized: Localized, omge: Localized,
                    sop: Localized, transferred: Localized) -> list[Cell]:
            cells = [cell(value(outcomes), style="num"), cell(value(authorized), style="num"),
                     cell(value(not_authorized), style="num")]
            if deductions:
                cells += [cell(value(omge), style="num"), cell(value(sop), style="num")]
            return [*cells, cell(value(transferred), style="num")]

        def estimated(tonnes: int) -> Localized:
            return self.ctx.value(self.p.methodology, "parameters", fmt.tonnes(tonnes))

        body = []
        estimates = whole_estimates(rows)
        for row, estimate_t in zip(rows, estimates, strict=True):
            cells = [cell(value(fmt.year(row.year))), cell(value(estimated(estimate_t)), style="num")]
            cells += amounts(*(self.split(fmt.tonnes(t)) for t in (
                row.outcomes_t, row.authorized_t, row.not_authorized_t, row.omge_t, row.share_of_proceeds_t,
                row.transferred_t)))
            body.append(Row(tuple(cells)))
        body.append(Row((
            header(stack(L("Total")), scope="row"), cell(value(estimated(sum(estimates))), style="num"),
            # the shares add up to the authorization's totals (article6/accounting.py), whatever the estimate
            *amounts(*(self.fig(name) for name in ("outcomes_t", "authorized_t", "not_authorized_t", "omge_t",
                                                   "share_of_proceeds_t", "transfer_t"))),
        ), "total"))
        return self.section(
            "outcomes",
            para(L("The mitigation outcomes approved are shared over the vintages in proportion to the"
                   " methodology's estimate, and the ITMOs authorized in proportion to the outcomes; what is issued"
                   " for each vintage follows its verification.")),
            Table(tuple(body), head=(Row(tuple(head)),), style="vintages"),
            self.chart_figure(rows))

    def chart_figure(self, rows: list[VintageAccount]) -> Figure:
        """The vintage chart under its numbered caption, which names what the bars show and their unit; the bars
        show each vintage's shares, so the caption carries the specimen mark when those are illustrative (not the
        SVG: WeasyPrint sets SVG text glyph by glyph, which leaves a Khmer mark unshaped)."""
        caption = self.split(self.caption(self.L("ITMOs authorized and not authorized per vintage (%(unit)s)",
                                                 unit=CHART_UNIT)))
        return Figure(self.chart(rows, caption), (stack(caption),), style="chart")

    def chart(self, rows: list[VintageAccount], caption: Localized) -> Chart:
        fmt, first = self.fmt, self.langs[0]
        top, bars, ticks, labels = chart_geometry([(v.year, v.authorized_t, v.not_authorized_t) for v in rows])
        # SVG text takes one family: the one whose digits the first language writes
        khmer_digits = first == "km" and self.ctx.conventions.khmer_digits
        authorized, kept = self.L("ITMOs authorized"), self.L("Not authorized")

        def described(lang: str) -> str:
            """The caption the figure prints, then each bar's values, each marked as the table marks them."""
            mark = f" {caption.specimen[lang]}" if caption.specimen is not None else ""
            return f"{caption[lang]}{mark}: " + "; ".join(
                f"{fmt.year(v.year)[lang]}: {authorized[lang]} {fmt.tonnes(v.authorized_t)[lang]} {CHART_UNIT}{mark},"
                f" {kept[lang]} {fmt.tonnes(v.not_authorized_t)[lang]} {CHART_UNIT}{mark}" for v in rows)

        # the figure's text alternative, from the same data, in every language of the document, the first first
        # (one /Alt: a reader of either language is told what the bars show)
        alt = " / ".join(described(lang) for lang in self.langs)
        return Chart(
            title=self.titles["outcomes"][first], width=CHART_WIDTH, height=CHART_HEIGHT, left=PLOT_LEFT,
            right=PLOT_RIGHT, top=PLOT_TOP, bottom=PLOT_BOTTOM, bars=tuple(bars),
            ticks=tuple((y, fmt.tonnes(top * step // 4)[first]) for step, y in enumerate(ticks)),
            labels=tuple((x, fmt.year(v.year)[first]) for x, v in zip(labels, rows, strict=True)),
            font="DG Sans Khmer" if khmer_digits else "DG Sans Latin",
            legend=(("transfer", text(self.L("ITMOs authorized"))), ("host", text(self.L("Not authorized")))), alt=alt,
            unit=CHART_UNIT)

    def adjustments(self) -> Group:
        L, fmt, p = self.L, self.fmt, self.p
        accounts = adjustments(p, self.rows)

        def rule(item: Adjustment) -> Localized:
            if item.period is None:
                return (L("Outside the NDC periods listed: counted in the next NDC") if item.treatment == "next_ndc"
                        else L("Outside the NDC periods listed: not counted"))
            return self.ctx.mark(L("%(first)s to %(last)s, %(target)s: %(method)s",
                                   first=fmt.year(item.period.first_year), last=fmt.year(item.period.last_year),
                                   target=self.target[item.period.target],
                                   method=self.accounting[item.period.accounting]), item.period)

        def amount(applied: int | Decimal) -> Localized:
            return fmt.tonnes(applied) if isinstance(applied, int) else fmt.decimal(applied, 1)

        def table(items: tuple[Adjustment, ...], year: Localized, flow: Localized, sign: str) -> Table:
            rows: list[Row] = []
            group: Localized | None = None
            for item in items:
                if rule(item) != group:  # a row across the table for each NDC period and its method
                    group = rule(item)
                    rows.append(Row((header(stack(group), scope="rowgroup", colspan=3),), "period-row"))
                applied = (L("by the next NDC's method") if item.treatment == "next_ndc" else
                           Localized({lang: (sign if item.applied_t else "") + amount(item.applied_t)[lang]
                                      for lang in self.langs}))
                # a vintage's ITMOs are its share of the authorization; the adjustment, by the NDC's method
                applied = self.ctx.derived(self.split(applied), (p, "ndc"))
                rows.append(Row((cell(value(fmt.year(item.year))), cell(value(self.split(fmt.tonnes(item.itmos_t))),
                                                                       style="num"),
                                 cell(stack(applied) if item.treatment == "next_ndc" else value(applied),
                                      style="num"))))
            return Table(tuple(rows), head=(head_row(header(stack(year)), header(stack(flow), style="num"),
                                                     header(stack(L("Adjustment")), style="num")),),
                         columns=("c-year", "c-itmos", "c-adjustment"), style="adjustments")

        return self.section(
            "adjustments",
            para(L("Under decision 2/CMA.3 (annex, paragraphs 7 and 8), the host Party adds the ITMOs it first"
                   " transfers to its emissions balance for the calendar year in which the mitigation outcomes"
                   " occurred (their vintage), whenever the first transfer happens, and the acquiring Party"
                   " subtracts the ITMOs it uses towards its NDC for the year it uses them, each by the method it"
                   " applies over its NDC period. The quantities are those the authorization plans; the reports"
                   " carry those first transferred and used.")),
            subheading(L("%(party)s (host Party): ITMOs first transferred, added", party=self.host)),
            table(accounts.host, L("Vintage"), L("ITMOs first transferred"), "+"),
            subheading(L("%(party)s (acquiring Party): ITMOs used, subtracted", party=self.acquiring)),
            table(accounts.acquiring, L("Year of use"), L("ITMOs used"), MINUS),
        )

    def mrv(self) -> Group:
        L, p, ctx, fmt = self.L, self.p, self.ctx, self.fmt
        blocks: list[Block] = []
        if p.monitoring is not None:
            blocks += [para(ctx.text(paragraph)) for paragraph in p.monitoring.plan]
            blocks.append(Table((fact(L("Verification"), stack(ctx.text(p.monitoring.verifier))),
                                 fact(L("Reporting"), stack(ctx.text(p.monitoring.reporting))))))
        blocks.append(subheading(L("Timeline")))
        if p.events:
            as_of = L("as of %(date)s", date=self.date(p.dossier, "date")) if p.dossier is not None else None
            ctx = self.ctx
            blocks.append(Table(
                tuple(Row((cell(value(ctx.value(event, "vintage", fmt.year(event.vintage)))),
                           cell(stack(ctx.mark(self.steps[event.kind], event, "kind"))),
                           cell(value(self.date(event, "date")), style="date"),
                           cell(stack(ctx.mark(self.event_status[event.status], event, "status"))),
                           cell(value(ctx.value(event, "quantity_t", fmt.tonnes(event.quantity_t)))
                                if event.quantity_t is not None else _plain("", self.langs), style="num")))
                      for event in p.events),
                head=(head_row(header(stack(L("Vintage"))), header(stack(L("Step"))), header(stack(L("Date"))),
                               header(stack(L("Status")), *((stack(as_of, style="small muted"),) if as_of else ())),
                               header(stack(L("Units")), style="num")),),
                style="timeline"))
        else:
            blocks.append(para(L("No step of monitoring, issuance or transfer is recorded yet.")))
        blocks.append(subheading(L("Registry: ITMO unique identifiers")))
        if p.serial_blocks:
            blocks.append(Table(
                tuple(Row((cell(value(self.ctx.value(block, "vintage", fmt.year(block.vintage)))),
                           cell(self.field_code(block, "first"), style="code"),
                           cell(self.field_code(block, "last"), style="code"),
                           cell(value(self.ctx.value(block, "quantity", fmt.tonnes(block.quantity))), style="num")))
                      for block in p.serial_blocks),
                head=(head_row(header(stack(L("Vintage"))), header(stack(L("First unit"))),
                               header(stack(L("Last unit"))), header(stack(L("Units")), style="num")),),
                style="serials"))
        else:
            blocks.append(para(L("No units have been issued yet.")))
        return self.section("mrv", *blocks)

    def aef(self) -> Group:
        """The rows each Party reports, from the tables the AEF files are written from (``article6/aef.py``)."""
        L, p = self.L, self.p
        host, acquiring = aef_tables(p, p.host_party.code), aef_tables(p, p.acquiring_party.code)
        blocks: list[Block] = [
            para(L("Each Party reports its own rows to the UNFCCC in the agreed electronic format, for the calendar"
                   " year in which each action happens, by 15 April of the following year: the host Party its"
                   " authorization, its first transfers and the cancellation for OMGE at first transfer; the acquiring"
                   " Party its acquisitions, uses and other cancellations. The AEF files of this dossier carry every"
                   " column.")),
            subheading(L("Authorizations")),
            *(Table(self.aef_authorization(row), style="aef") for row in host.authorizations),
        ]
        for tables, title in ((host, L("Actions reported by %(party)s (host Party)", party=self.host)),
                              (acquiring, L("Actions reported by %(party)s (acquiring Party)", party=self.acquiring))):
            if tables.actions:
                blocks += [subheading(title), self.aef_actions(tables.actions)]
                blocks += [self.aef_split(row) for row in tables.actions if row.split is not None]
        if not host.actions and not acquiring.actions:
            blocks += [subheading(L("Actions")),
                       para(L("No action has been taken yet: the ITMOs are first transferred after their issuance."))]
        return self.section("aef", *blocks)

    def aef_authorization(self, row: AuthorizationRow) -> tuple[Row, ...]:
        # the row is the record's authorization in the AEF's terms: each value marked as the record's is
        L, p, fmt, ctx = self.L, self.p, self.fmt, self.ctx
        auth = p.authorization
        uses = (auth, "uses")
        parties = ([stack(ctx.derived(fmt.party(party_of(p, code)), uses)) for code in row.parties]
                   or [stack(ctx.derived(L("Any Party"), uses))])
        rows = [fact(L("Authorization ID"), self.field_code(auth, "id")),
                fact(L("Date of authorization"), value(self.date(auth, "date"))),
                fact(L("Cooperative approach ID"), self.field_code(p.cooperative_approach, "id")),
                fact(L("Version of the authorization"), value(ctx.value(auth, "version", fmt.number(row.version)))),
                fact(L("Authorized quantity"), value(self.tonnes(ctx.derived(fmt.tonnes(row.quantity_t), uses)))),
                fact(L("Metric"), _plain(METRIC, self.langs)),
                fact(L("Applicable GWP values"), stack(gwp_values(self.ctx))),
                fact(L("Sectors"), *(stack(ctx.mark(self.sectors[sector], auth, "sectors")) for sector in row.sectors)),
                fact(L("Activity types"), *(stack(ctx.mark(self.activities[activity], auth, "activity_types"))
                                            for activity in row.activity_types)),
                fact(L("Purposes for authorization"), stack(ctx.derived(self.purposes[row.purpose], uses))),
                fact(L("Authorized Parties"), *parties)]
        if row.oimp:
            rows.append(fact(L("OIMP authorized by the Party"), *(stack(self.ctx.text(each)) for each in row.oimp)))
        if row.first_transfer:
            rows.append(fact(L("First transfer definition for OIMP"),
                             *(stack(ctx.derived(self.first_transfer[each], uses)) for each in row.first_transfer)))
        rows.append(fact(L("Authorized timeframe"), value(L("%(start)s to %(end)s", start=self.fig("first_vintage"),
                                                            end=self.fig("last_vintage")))))
        return tuple(rows)

    def aef_actions(self, actions: tuple[ActionRow, ...]) -> Table:
        L, fmt = self.L, self.fmt

        def kind(row: ActionRow) -> Cell:
            if row.subtype == "omge":
                return cell(stack(L("Cancellation for overall mitigation in global emissions (OMGE)")))
            lines = [stack(self.steps[row.type])]
            if row.subtype in ("authorization", "issuance", "use_or_cancellation"):
                lines.append(stack(self.first_transfer[row.subtype], style="small muted"))
            if row.use_year is not None:
                lines.append(stack(L("Counted towards the NDC for %(year)s", year=fmt.year(row.use_year)),
                                   style="small muted"))
            return cell(*lines)

        # an action is a step of the record's timeline, its units a serial block of the record's registry
        sources = ((self.p, "events"), (self.p, "serial_blocks"))
        specimen = self.ctx.localizer.specimen if self.ctx.localizer.derived(sources) else None

        def units(row: ActionRow) -> Cell:
            if row.first_id is None or row.last_id is None:
                return cell(_plain("", self.langs))
            return cell(code(row.first_id, self.langs, specimen=specimen),
                        code(row.last_id, self.langs, specimen=specimen))

        def shown(text: Localized) -> Localized:
            return self.ctx.derived(text, *sources)

        return Table(
            tuple(Row((cell(value(shown(fmt.date(row.date))), style="date"), kind(row),
                       cell(value(shown(fmt.year(row.vintage)))),
                       cell(value(shown(fmt.tonnes(row.quantity_t))), style="num"), units(row))) for row in actions),
            head=(head_row(header(stack(L("Date"))), header(stack(L("Action type"))), header(stack(L("Vintage"))),
                           header(stack(L("Units")), style="num"),
                           header(stack(L("First unit")), stack(L("Last unit")))),),
            style="serials aef-actions")

    def aef_split(self, row: ActionRow) -> Paragraph:
        fmt, split = self.fmt, row.split
        assert split is not None
        # the split of a first transfer the record's timeline plans
        return para(self.ctx.derived(self.L(
            "Of the %(quantity)s ITMOs of vintage %(vintage)s first transferred on %(date)s, %(omge)s are cancelled"
            " for OMGE and %(sop)s set aside as the share of proceeds for adaptation; %(transferred)s are transferred"
            " to the acquiring Party.", quantity=fmt.tonnes(row.quantity_t), vintage=fmt.year(row.vintage),
            date=fmt.date(row.date), omge=fmt.tonnes(split.omge_t), sop=fmt.tonnes(split.share_of_proceeds_t),
            transferred=fmt.tonnes(split.transferred_t)), (self.p, "events"), (self.p, "agreement")))

    def working_group(self) -> Group:
        L, p, ctx = self.L, self.p, self.ctx
        blocks: list[Block] = [Table(
            tuple(Row((cell(stack(self.named(member, "organisation"))), cell(stack(ctx.text(member.role)))))
                  for member in p.working_group),
            head=(head_row(header(stack(L("Organisation"))), header(stack(L("Role")))),))]
        if p.key_dates:
            blocks.append(subheading(L("Key dates")))
            blocks.append(Table(tuple(Row((header(value(self.date(item, "date")), scope="row", style="date"),
                                           cell(stack(ctx.text(item.event))))) for item in p.key_dates)))
        return self.section("working-group", *blocks)

    @property
    def has_signatures(self) -> bool:
        """The last section has something to show: a signatory or an annex (else a bare heading would end
        the dossier; being last, leaving it out renumbers nothing)."""
        return bool(self.p.signatories or self.p.annexes)

    def signatures(self) -> Group:
        p, ctx = self.p, self.ctx
        blocks: list[Block] = [Signatures(tuple(
            Signer(line=index, name=text(ctx.text(person.name)), title=text(ctx.text(person.title)),
                   organisation=text(self.named(person, "organisation")))
            for index, person in enumerate(p.signatories, start=1)))]
        if p.annexes:
            blocks.append(subheading(self.L("Annexes")))
            # each annex by the name the contents, its bookmark and its pages' stamps give it (붙임 1: ...)
            blocks.append(ListBlock(tuple((stack(annex_title(ctx, number, annex.title)),)
                                          for number, annex in enumerate(p.annexes, start=1)),
                                    ordered=False, style="annexes"))
        return self.section("signatures", *blocks, style="signatures-section")


def annex_name(ctx: RenderContext, number: int) -> Localized:
    """``Annex 2`` in each language of the document: the name the annexes' pages are stamped with (``annex_title``
    gives the same name to the body, the contents and the bookmarks)."""
    return ctx.translate("Annex %(number)s", number=ctx.localizer.number(number))


def annex_title(ctx: RenderContext, number: int, title: LocalizedText) -> Localized:
    """``Annex 2: Monitoring report`` in each language of the document (contents and bookmarks)."""
    return ctx.translate("Annex %(number)s: %(title)s", number=ctx.localizer.number(number), title=ctx.text(title))


def _plain(value: str, langs: tuple[str, ...]) -> Span:
    return Span(Text.same(langs, (Run(value),)), "plain")


def build(ctx: RenderContext) -> Document:
    """The approval dossier of ``ctx`` as a document tree."""
    return _Dossier(ctx).build()

