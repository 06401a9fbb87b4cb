"""The agreed electronic format as a file (render --format aef / aef-json --party CODE): who reports what,
the columns, and every figure of the workbook against the dossier PDF's text."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pdfplumber
import pytest
from click.testing import CliRunner

from dossiergen.cli.main import main

from .conftest import DATA, ROOT, pdf_column_texts, pdf_text, squeeze

SAMPLES = {"kh-emoto": ("KHM", "KOR"), "bd-solar-irrigation": ("BGD", "KOR"), "vn-landfill-gas": ("VNM", "KOR")}
OIMP = DATA / "valid" / "aef-oimp" / "project.yaml"
SHEETS = ["Submission", "Authorizations", "Actions"]
Rows = list[dict[str, object]]


def sample(name: str) -> Path:
    return ROOT / "dossiers" / name / "project.yaml"


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path, str], dict[str, Rows]]:
    """``workbook(record, party)``: the AEF workbook the command line writes, read back with openpyxl,
    each sheet as a list of rows keyed by the headings of row 1 (once per record and Party)."""
    folder = tmp_path_factory.mktemp("aef")
    cache: dict[tuple[Path, str], dict[str, Rows]] = {}

    def read(record: Path, party: str) -> dict[str, Rows]:
        if (record, party) not in cache:
            target = folder / f"{record.parent.name}.{party}.xlsx"
            result = CliRunner().invoke(main, ["render", str(record), "--format", "aef", "--party", party,
                                               "-o", str(target)])
            assert result.exit_code == 0, result.output
            assert result.output == f"wrote {target} ({target.stat().st_size:,} bytes)\n"
            book = openpyxl.load_workbook(target)
            assert book.sheetnames == SHEETS
            sheets = {}
            for sheet in book.worksheets:
                rows = list(sheet.iter_rows(values_only=True))
                sheets[sheet.title] = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
                for row in sheet.iter_rows(min_row=2):
                    for cell in row:
                        if isinstance(cell.value, datetime):
                            assert cell.number_format == "DD/MM/YYYY"
            cache[(record, party)] = sheets
        return cache[(record, party)]

    return read


@pytest.fixture(scope="module")
def headings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """The heading row of each sheet of one workbook."""
    target = tmp_path_factory.mktemp("headings") / "aef.xlsx"
    result = CliRunner().invoke(main, ["render", str(sample("vn-landfill-gas")), "--format", "aef", "--party", "KOR",
                                       "-o", str(target)])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(target)
    return {sheet.title: [cell.value for cell in sheet[1]] for sheet in book.worksheets}


def test_the_sheets_carry_the_columns_of_the_aef_in_order(headings: dict[str, list[str]]) -> None:
    # as transcribed from the CMA.6 tables: Submission 9 fields, Authorizations 19, Actions 27
    assert [len(headings[name]) for name in SHEETS] == [9, 19, 27]
    assert headings["Submission"][:3] == ["Party", "Version", "Reported year"]
    assert headings["Authorizations"][:5] == ["Authorization ID", "Date of authorization", "Cooperative approach ID",
                                              "Version of the authorization", "Authorized quantity"]
    assert headings["Authorizations"][-2:] == ["First transfer definition for OIMP",
                                               "Additional explanatory information"]
    assert headings["Actions"][:9] == ["Action date", "Action type", "Action subtype", "Cooperative approach ID",
                                       "Authorization ID", "First transferring participating Party ID",
                                       "Party ITMO registry ID", "First ID", "Last ID"]
    assert headings["Actions"][15:21] == ["Quantity (t CO2 eq)", "Quantity (in non-GHG metric)", "Mitigation type",
                                          "Vintage", "Transferring participating Party ID",
                                          "Acquiring participating Party ID"]
    assert headings["Actions"][24] == "Calendar year for which the ITMOs are used towards the Party's NDC"


PREVIEW_START, PREVIEW_END = "Each Party reports its own rows to the UNFCCC", "Working group and key dates"
ACTION_LABELS = {("First transfer", None): "First transfer", ("First transfer", "First transfer to another Party"):
                 "First transfer", ("Acquisition", None): "Acquisition", ("Use", None): "Use towards the NDC",
                 ("Cancellation", None): "Cancellation", ("Cancellation", "Voluntary cancellation to deliver OMGE"):
                 "Cancellation for overall mitigation in global emissions (OMGE)"}
"""How the dossier's English names each action type and subtype."""


def _preview(text: str) -> str:
    """The dossier's section 9 (the AEF preview), squeezed: from its first paragraph to section 10."""
    squeezed = squeeze(text)
    start = squeezed.index(squeeze(PREVIEW_START))
    return squeezed[start:squeezed.index(squeeze(PREVIEW_END), start)]


SPECIMEN_MARK = re.compile(r"\s*\[(?:SPECIMEN|예시|គំរូ)\]")


def _english_line(cell: str | None) -> str:
    """The last line of a table cell: its English, below the Korean (or the only line of a figure)."""
    return (cell or "").split("\n")[-1]


def _preview_tables(pdf: Path) -> tuple[dict[str, str], list[list[str | None]]]:
    """The tables of the dossier's AEF preview as pdfplumber reads them from the PDF: the authorization's
    facts (English label -> English value) and the rows of the actions tables, in the order they are printed."""
    facts: dict[str, str] = {}
    actions: list[list[str | None]] = []
    with pdfplumber.open(pdf) as document:
        inside = False
        for page in document.pages:
            text = squeeze(page.extract_text() or "")
            inside = inside or squeeze(PREVIEW_START) in text
            if not inside:
                continue
            # without the DRAFT watermark's large letters, which fall inside the cells
            for table in page.filter(lambda obj: obj.get("size", 0) < 20).extract_tables():
                # the figures, without the specimen marks the preview prints them with (test_specimen_marks.py)
                table = [[SPECIMEN_MARK.sub("", cell) if cell else cell for cell in row] for row in table]
                if len(table[0]) == 5 and "Action type" in (table[0][1] or ""):
                    actions += table[1:]
                elif len(table[0]) == 2:
                    facts.update((_english_line(label), _english_line(value)) for label, value in table)
            if squeeze(PREVIEW_END) in text:
                break
    return facts, actions


def _date(value: object) -> str:
    """A date as the dossier's English writes it."""
    assert isinstance(value, datetime)
    return f"{value.day} {value:%B} {value.year}"


@pytest.mark.parametrize("name", [*sorted(SAMPLES), "aef-oimp"])
def test_every_figure_of_the_workbooks_is_the_dossiers(name: str, workbook: Callable[[Path, str], dict[str, Rows]],
                                                       render_record: Callable[[Path, str], Path]) -> None:
    record = OIMP if name == "aef-oimp" else sample(name)
    pdf = render_record(record, "ko+en")
    facts, printed = _preview_tables(pdf)
    text = pdf_text(pdf)
    host, acquirer = SAMPLES.get(name, ("VNM", "KOR"))
    sheets = {party: workbook(record, party) for party in (host, acquirer)}
    assert sheets[acquirer]["Authorizations"] == []
    [authorization] = sheets[host]["Authorizations"]
    first, last = str(authorization["Authorized timeframe"]).split(" - ")
    assert facts["Authorization ID"] == authorization["Authorization ID"]
    assert facts["Date of authorization"] == _date(authorization["Date of authorization"])
    assert facts["Cooperative approach ID"] == authorization["Cooperative approach ID"]
    assert facts["Version of the authorization"] == str(authorization["Version of the authorization"])
    assert facts["Authorized quantity"] == f"{authorization['Authorized quantity']:,} tCO₂e"
    assert facts["Metric"] == authorization["Metric"]
    # the workbook's cell in its own words, the dossier's in a sentence: the same three values
    gwp = re.findall(r"(CO|CH|N)\S* (\d+)", str(authorization["Applicable GWP value(s)"]))
    assert re.findall(r"(CO|CH|N)\S* (\d+)", facts["Applicable GWP values"]) == gwp == [
        ("CO", "1"), ("CH", "28"), ("N", "265")]
    assert facts["Authorized timeframe"] == f"{first} to {last}"
    assert facts["Sectors"] == authorization["Sector(s)"]
    assert facts["Activity types"] == authorization["Activity type(s)"]
    # every action of both workbooks, row by row: the host's table first, then the acquiring Party's
    actions = sheets[host]["Actions"] + sheets[acquirer]["Actions"]
    assert len(printed) == len(actions)
    for row, (when, kind, vintage, units, ids) in zip(actions, printed, strict=True):
        assert _english_line(when) == _date(row["Action date"])
        assert squeeze(ACTION_LABELS[(str(row["Action type"]), row["Action subtype"])]) in squeeze(kind or "")
        # a marked figure prints in each language (its mark is the language's), the English last
        assert _english_line(vintage) == str(row["Vintage"])
        assert _english_line(units) == f"{row['Quantity (t CO2 eq)']:,}"
        assert (ids or "").split("\n") == ([str(row["First ID"]), str(row["Last ID"])] if row["First ID"] else [""])
        year = row["Calendar year for which the ITMOs are used towards the Party's NDC"]
        assert (f"Counted towards the NDC for {year}" in (kind or "")) == (year is not None)
    # the deductions of a first transfer: the sentence below the host's table (its English column)
    readings = [squeeze(reading) for reading in pdf_column_texts(pdf)]
    for row in sheets[host]["Actions"]:
        if row["Additional explanatory information"]:
            figures = re.findall(r"\d[\d,]*\d", str(row["Additional explanatory information"]))
            sentence = ("Of the {} ITMOs of vintage {} first transferred on {}, {} are cancelled for OMGE and {} set"
                        " aside as the share of proceeds for adaptation; {} are transferred to the acquiring Party.")
            expected = squeeze(sentence.format(figures[0], row["Vintage"], _date(row["Action date"]), *figures[1:]))
            assert any(expected in reading for reading in readings), expected
    for party in (host, acquirer):
        dates = [row.get("Date of authorization") or row.get("Action date")
                 for sheet in ("Authorizations", "Actions") for row in sheets[party][sheet]]
        for row in sheets[party]["Submission"]:
            # each reported year is a year something the Party reports happened, in the NDC period the dossier gives
            assert row["Reported year"] in {each.year for each in dates if isinstance(each, datetime)}
            period = f"{row['First year of the NDC implementation period']} to" \
                     f" {row['Last year of the NDC implementation period']}"
            assert squeeze(period) in squeeze(text)


def test_the_host_reports_its_authorization_and_first_transfers(
        workbook: Callable[[Path, str], dict[str, Rows]]) -> None:
    host = workbook(sample("vn-landfill-gas"), "VNM")
    [authorization] = host["Authorizations"]
    assert authorization["Authorization ID"] == "AUTH-vn-landfill-gas"
    assert authorization["Date of authorization"] == datetime(2025, 11, 20)
    assert authorization["Cooperative approach ID"] == "CA0003"
    assert authorization["Authorized quantity"] == 427_500
    assert authorization["Purposes for authorization"] == "NDC"
    assert authorization["Authorized Party(ies) ID"] == "KOR"
    assert authorization["Sector(s)"] == "Waste management" and authorization["Activity type(s)"] == "Landfill gas"
    assert authorization["Authorized timeframe"] == "2026 - 2032"
    assert authorization["Applicable GWP value(s)"] == "AR5: CO2 1, CH4 28, N2O 265"
    # not in the record: empty, not guessed
    assert authorization["Authorized entity(ies) ID"] is None and authorization["Authorization documentation"] is None
    assert authorization["OIMP authorized by the Party"] is None
    assert [(row["Action type"], row["Quantity (t CO2 eq)"]) for row in host["Actions"]] == [
        ("First transfer", 51_997), ("Cancellation", 1_040)]
    assert [(row["Party"], row["Reported year"]) for row in host["Submission"]] == [("VNM", 2025), ("VNM", 2027)]


def test_the_first_transfer_carries_the_serial_block_the_omge_and_the_share_of_proceeds(
        workbook: Callable[[Path, str], dict[str, Rows]], render_record: Callable[[Path, str], Path]) -> None:
    first, omge = workbook(sample("vn-landfill-gas"), "VNM")["Actions"]
    assert first["Action date"] == datetime(2027, 5, 20) and first["Vintage"] == 2026
    assert first["Action subtype"] == "First transfer to another Party"
    assert (first["First ID"], first["Last ID"]) == ("VN-A62-HP-000000001", "VN-A62-HP-000051997")
    assert first["First transferring participating Party ID"] == "VNM"
    assert first["Acquiring participating Party ID"] == "KOR" and first["Transferring participating Party ID"] == "NA"
    assert first["Additional explanatory information"] == (
        "Of the 51,997 ITMOs first transferred: 1,040 cancelled for overall mitigation in global emissions (OMGE),"
        " 2,600 set aside as the share of proceeds for adaptation, 48,357 transferred to the acquiring Party (KOR)")
    assert omge["Action type"] == "Cancellation" and omge["Action subtype"] == "Voluntary cancellation to deliver OMGE"
    # the registry split the first-transferred block: the OMGE cancellation is its own block of identifiers
    assert (omge["Quantity (t CO2 eq)"], omge["First ID"], omge["Last ID"]) == (
        1_040, "VN-A62-HP-000048358", "VN-A62-HP-000049397")
    text = squeeze(pdf_text(render_record(sample("vn-landfill-gas"), "ko+en")))
    # the registry's table lists three blocks; the preview's first transfer spans all three and Korea's
    # acquisition only the first; then the vintage's row of the outcomes table:
    # authorized, not authorized, OMGE, share of proceeds, transferred
    assert text.count(squeeze("VN-A62-HP-000000001")) == 3
    assert text.count(squeeze("VN-A62-HP-000051997")) == 2
    assert text.count(squeeze("VN-A62-HP-000048357")) == 2
    assert re.search(r"51,997[\d,]+1,0402,60048,357", SPECIMEN_MARK.sub("", text))  # each share is marked


def test_the_acquiring_party_reports_its_acquisitions(workbook: Callable[[Path, str], dict[str, Rows]]) -> None:
    acquirer = workbook(sample("vn-landfill-gas"), "KOR")
    assert acquirer["Authorizations"] == []
    [acquisition] = acquirer["Actions"]
    assert acquisition["Action type"] == "Acquisition" and acquisition["Quantity (t CO2 eq)"] == 48_357
    assert acquisition["Transferring participating Party ID"] == "VNM"
    assert acquisition["Acquiring participating Party ID"] == "NA"
    assert (acquisition["First ID"], acquisition["Last ID"]) == ("VN-A62-HP-000000001", "VN-A62-HP-000048357")
    assert [(row["Party"], row["Reported year"]) for row in acquirer["Submission"]] == [("KOR", 2027)]


def test_planned_events_are_not_reported(workbook: Callable[[Path, str], dict[str, Rows]]) -> None:
    # kh-emoto plans its first issuance and transfer for 2026: nothing has happened but the authorization
    host = workbook(sample("kh-emoto"), "KHM")
    assert [row["Authorization ID"] for row in host["Authorizations"]] == ["KHM-LOA-2025-003"]
    assert host["Actions"] == []
    assert workbook(sample("kh-emoto"), "KOR") == {"Submission": [], "Authorizations": [], "Actions": []}


def test_two_uses_make_one_authorization_and_a_use_counts_for_its_ndc_year(
        workbook: Callable[[Path, str], dict[str, Rows]], render_record: Callable[[Path, str], Path]) -> None:
    host = workbook(OIMP, "VNM")
    [authorization] = host["Authorizations"]
    assert authorization["Purposes for authorization"] == "NDC and OIMP"
    assert authorization["Authorized Party(ies) ID"] is None  # one use is open to any Party
    assert authorization["OIMP authorized by the Party"] == (
        "Carbon Offsetting and Reduction Scheme for International Aviation (CORSIA)")
    assert authorization["First transfer definition for OIMP"] == "Issuance"
    assert authorization["Additional explanatory information"] == "NDC for KOR: 400,000; OIMP for any Party: 27,500"
    # the English of the record, its figures filled in
    assert "The Socialist Republic of Viet Nam may revoke" in str(authorization["Authorization terms and conditions"])
    first, omge = host["Actions"]
    # which of the two uses a first transfer serves, the record does not say
    assert first["Action subtype"] is None and first["Acquiring participating Party ID"] is None
    assert "1,041 cancelled" in str(first["Additional explanatory information"])
    assert omge["Action subtype"] == "Voluntary cancellation to deliver OMGE" and omge["Quantity (t CO2 eq)"] == 1_041
    acquirer = workbook(OIMP, "KOR")
    assert [(row["Action type"], row["Quantity (t CO2 eq)"], row["Action subtype"]) for row in acquirer["Actions"]] == [
        ("Acquisition", 48_356, None), ("Use", 20_000, None), ("Cancellation", 500, None)]
    use = acquirer["Actions"][1]
    assert use["Calendar year for which the ITMOs are used towards the Party's NDC"] == 2030  # the NDC's target year
    preview = _preview(pdf_text(render_record(OIMP, "ko+en")))
    for printed in ("Any Party", "Carbon Offsetting and Reduction Scheme for International Aviation (CORSIA)",
                    "Counted towards the NDC for 2030", "20,000", "500", "1,041", "48,356"):
        assert squeeze(printed) in preview


def test_the_json_has_the_workbooks_tables(workbook: Callable[[Path, str], dict[str, Rows]], tmp_path: Path) -> None:
    target = tmp_path / "aef.json"
    result = CliRunner().invoke(main, ["render", str(sample("vn-landfill-gas")), "--format", "aef-json",
                                       "--party", "vnm", "-o", str(target)])
    assert result.exit_code == 0, result.output
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["party"] == "VNM" and document["record"] == "vn-landfill-gas"
    assert "CMA.6" in document["format"]
    sheets = workbook(sample("vn-landfill-gas"), "VNM")
    assert list(document["tables"]) == SHEETS
    for name in SHEETS:
        expected = [{column: value.date().isoformat() if isinstance(value, datetime) else value
                     for column, value in row.items()} for row in sheets[name]]
        assert document["tables"][name] == expected
    assert document["tables"]["Actions"][0]["Action date"] == date(2027, 5, 20).isoformat()


@pytest.mark.parametrize(("arguments", "message"), [
    (["--format", "aef", "--party", "USA"],
     "dossiers/kh-emoto/project.yaml: --party 'USA' is not a Party of this record: choose KHM (host Party) or KOR"
     " (acquiring Party)"),
    (["--format", "aef-json", "--party", "VNM"],
     "dossiers/kh-emoto/project.yaml: --party 'VNM' is not a Party of this record: choose KHM"),
    (["--format", "aef"], "dossiers/kh-emoto/project.yaml: --format aef needs --party: KHM (host Party) or KOR"),
    (["--format", "pdf", "--party", "KHM"], "--party applies to --format aef or aef-json, not to --format pdf"),
    (["--format", "aef", "--party", "KHM", "--tagged"], "--tagged applies to a PDF, not to --format aef"),
])
def test_a_wrong_party_is_one_line_and_writes_nothing(arguments: list[str], message: str, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    target = tmp_path / "out" / "aef.xlsx"
    result = CliRunner().invoke(main, ["render", "dossiers/kh-emoto/project.yaml", *arguments, "-o", str(target)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [result.stderr.strip()]
    assert message in result.stderr
    assert not target.exists() and not target.parent.exists()


def test_a_press_record_has_no_aef(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["render", "dossiers/kh-emoto/press-2025-07-21.yaml", "--format", "aef",
                                       "--party", "KHM", "-o", str(tmp_path / "aef.xlsx")])
    assert result.exit_code == 2
    assert result.stderr == ("dossiers/kh-emoto/press-2025-07-21.yaml: --format aef writes the AEF tables of a"
                             " project record, not of a press record\n")
    assert not list(tmp_path.iterdir())


def test_the_default_name_is_the_record_and_the_party(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["render", str(sample("bd-solar-irrigation")), "--format", "aef-json",
                                       "--party", "BGD"])
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote build/bd-solar-irrigation.BGD.aef.json" \
                            f" ({(tmp_path / 'build/bd-solar-irrigation.BGD.aef.json').stat().st_size:,} bytes)\n"
