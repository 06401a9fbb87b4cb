"""The Khmer lunar date line against the dates Cambodia published, and the calendar's own structure.

The published dates are in ``tests/data/khmer_lunar_dates.yaml``, each with its source; spellings vary
between publishers (ព.ស. / ព.ស / ពុទ្ធសករាជ, សំរឹទ្ធិស័ក / សំរិទ្ធិស័ក, កត្តិក / កត្ដិក / កក្ដិក, អាសាឍ /
អាសាធ, ចន្ទ / ច័ន្ទ, ចេត្រ / ចែត្រ, a space or none) and are normalised here before comparing.

No published line was found for a day that exists only in a leap-day year (អធិកវារ), such as
១៥រោច ខែជេស្ឋ of 2020 or 2025, so those years are tested by their structure: there ជេស្ឋ has 30
days, elsewhere 29.

The port was also compared with momentkh v3.0.3 itself (run under Node outside the tests, which need
no Node): at noon of every day from 1900-01-01 to 2100-12-31 the two agree, but for 14 and 15 April
2012, where momentkh puts the New Year a day late; at 894 random moments of the same range, 594 of them
in the days around the April New Years of years other than 2012 and 2024, they agree everywhere; and
momentkh's New Year moment is the port's for every year but 2012 (momentkh: 14 April) and 2024
(momentkh: 22:17, published: 22:24).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from dossiergen.i18n.khmer_calendar import (
    CAMBODIA,
    FIRST_DAY,
    LAST_DAY,
    PUBLISHED_NEW_YEAR_MOMENTS,
    KhmerLunarDate,
    LunarMonth,
    MoonPhase,
    format_lunar_date,
    khmer_lunar_date,
    khmer_new_year,
    leung_sak,
)

DATA = yaml.safe_load((Path(__file__).parent / "data" / "khmer_lunar_dates.yaml").read_text(encoding="utf-8"))
VARIANTS = (
    ("ពុទ្ធសករាជ", "ព.ស."),
    ("សំរិទ្ធិស័ក", "សំរឹទ្ធិស័ក"),
    ("កក្ដិក", "កត្តិក"),
    ("កត្ដិក", "កត្តិក"),
    ("អាសាធ", "អាសាឍ"),
    ("ច័ន្ទ", "ចន្ទ"),
    ("ចែត្រ", "ចេត្រ"),
    ("ព្រហស្បតិ៏", "ព្រហស្បតិ៍"),
)
LATIN_DIGITS = str.maketrans("០១២៣៤៥៦៧៨៩", "0123456789")


def normalise(text: str) -> str:
    """One spelling for each variant, no spaces, ព.ស. with both dots, no leading ថ្ងៃ."""
    text = re.sub(r"\s+", "", text)
    for variant, spelling in VARIANTS:
        text = text.replace(variant, spelling)
    return re.sub(r"ព\.ស(?!\.)", "ព.ស.", text).removeprefix("ថ្ងៃ")


def fields(value: KhmerLunarDate, names: Mapping[str, object]) -> dict[str, object]:
    """The fields of ``value`` a publication states, spelled as the data file spells them."""
    known: dict[str, object] = {
        "weekday": value.weekday_name, "day": value.day, "phase": value.phase.value,
        "month": value.month_name, "animal": value.animal_year_name, "sak": value.sak_name,
        "buddhist_era": value.buddhist_era,
    }
    return {name: normalise(str(known[name])) for name in names}


def stated(names: Mapping[str, object]) -> dict[str, object]:
    return {name: normalise(str(value)) for name, value in names.items()}


def row_id(row: Mapping[str, Any]) -> str:
    return str(row.get("date") or row.get("moment") or row.get("first"))


def moment(row: Mapping[str, Any]) -> dt.datetime:
    return dt.datetime.fromisoformat(str(row["moment"]))


@pytest.mark.parametrize("row", DATA["lines"], ids=row_id)
def test_published_lines(row: Mapping[str, Any]) -> None:
    assert normalise(format_lunar_date(khmer_lunar_date(row["date"]))) == normalise(row["published"])


def test_ten_whole_lines_with_their_sources() -> None:
    assert len(DATA["lines"]) >= 10
    for row in [*DATA["lines"], *DATA["parts"], *DATA["new_years"], *DATA["new_year_days"], *DATA["disputed"]]:
        assert row["source"].startswith("http") and row["how"] and row["published"], row


@pytest.mark.parametrize("row", DATA["parts"], ids=row_id)
def test_published_parts_of_lines(row: Mapping[str, Any]) -> None:
    assert fields(khmer_lunar_date(row["date"]), row["expect"]) == stated(row["expect"])


@pytest.mark.parametrize("row", DATA["new_years"], ids=row_id)
def test_published_new_year_moments(row: Mapping[str, Any]) -> None:
    published = moment(row)
    assert khmer_new_year(published.year) == published.replace(tzinfo=CAMBODIA)
    if "lunar" in row:
        assert fields(khmer_lunar_date(published.date()), row["lunar"]) == stated(row["lunar"])


@pytest.mark.parametrize("row", DATA["new_year_days"], ids=row_id)
def test_published_new_year_days(row: Mapping[str, Any]) -> None:
    assert khmer_new_year(row["first"].year).date() == row["first"]
    assert leung_sak(row["first"].year) == row["last"]


@pytest.mark.parametrize("row", DATA["disputed"], ids=row_id)
def test_disputed_publications_still_differ(row: Mapping[str, Any]) -> None:
    assert fields(khmer_lunar_date(row["date"]), row["claims"]) != stated(row["claims"]), row["why"]


def test_the_table_of_published_moments_is_the_data_files() -> None:
    published = {moment(row).year: moment(row) for row in DATA["new_years"]}
    assert all(published[year] == value for year, value in PUBLISHED_NEW_YEAR_MOMENTS.items())


def test_the_letter_of_authorization_line() -> None:
    """The line as the LoA prints it: the spellings and digits the module chose (momentkh gives the same day)."""
    assert format_lunar_date(khmer_lunar_date(dt.date(2025, 7, 18))) == (
        "ថ្ងៃសុក្រ ៨រោច ខែអាសាឍ ឆ្នាំម្សាញ់ សប្តស័ក ព.ស.២៥៦៩")


@pytest.mark.parametrize(("year", "leap_day"), [
    (2016, True), (2020, True), (2025, True), (2030, True), (2017, False), (2019, False), (2022, False), (2024, False),
])
def test_jesth_has_thirty_days_in_a_leap_day_year(year: int, leap_day: bool) -> None:
    """A leap day (អធិកវារ) is ១៥រោច ខែជេស្ឋ; other years go from ១៤រោច ជេស្ឋ to ១កើត អាសាឍ.

    The leap-day years are momentkh's (research, section 5.1); no publication confirms them.
    """
    days = [khmer_lunar_date(dt.date(year, 5, 1) + dt.timedelta(days=offset)) for offset in range(92)]
    jesth = [value for value in days if value.month == LunarMonth.JESTH]
    assert len(jesth) == (30 if leap_day else 29)
    assert (jesth[-1].day, jesth[-1].phase) == (15 if leap_day else 14, MoonPhase.WANING)
    following = days[days.index(jesth[-1]) + 1]
    assert (following.month, following.day, following.phase) == (LunarMonth.ASADH, 1, MoonPhase.WAXING)


@pytest.mark.parametrize("day", [dt.date(2020, 6, 20), dt.date(2025, 6, 25)])
def test_the_leap_days_momentkh_gives(day: dt.date) -> None:
    value = khmer_lunar_date(day)
    assert (value.day, value.phase, value.month) == (15, MoonPhase.WANING, LunarMonth.JESTH)


def test_new_year_day_at_noon_and_at_the_moment() -> None:
    # 2024: the moment at 22:24, after noon, so the day is still in the old year (ថោះ)
    assert khmer_lunar_date(dt.date(2024, 4, 13)).animal_year_name == "ថោះ"
    assert khmer_lunar_date(dt.datetime(2024, 4, 13, 22, 23)).animal_year_name == "ថោះ"
    assert khmer_lunar_date(dt.datetime(2024, 4, 13, 22, 24)).animal_year_name == "រោង"
    assert khmer_lunar_date(dt.datetime(2024, 4, 13, 15, 24, tzinfo=dt.UTC)).animal_year_name == "រោង"
    # 2025: the moment at 04:48, before noon; the sak follows on Leung Sak, 16 April
    assert [(value.animal_year_name, value.sak_name) for value in map(khmer_lunar_date, (
        dt.date(2025, 4, 13), dt.date(2025, 4, 14), dt.date(2025, 4, 15), dt.date(2025, 4, 16)))] == [
        ("រោង", "ឆស័ក"), ("ម្សាញ់", "ឆស័ក"), ("ម្សាញ់", "ឆស័ក"), ("ម្សាញ់", "សប្តស័ក")]


def test_visak_bochea_midnight_counts_the_years_once() -> None:
    """momentkh counts the animal year and sak twice at 00:00 of ១រោច ពិសាខ; the port does not."""
    before = khmer_lunar_date(dt.datetime(2018, 4, 29, 23, 59))
    at = khmer_lunar_date(dt.datetime(2018, 4, 30, 0, 0))
    assert (before.buddhist_era, at.buddhist_era) == (2561, 2562)
    assert (at.animal_year, at.sak) == (before.animal_year, before.sak)


@pytest.mark.parametrize("day", [FIRST_DAY - dt.timedelta(days=1), LAST_DAY + dt.timedelta(days=1)])
def test_outside_the_range(day: dt.date) -> None:
    with pytest.raises(ValueError, match="1900-01-01 to 2100-12-31"):
        khmer_lunar_date(day)
    with pytest.raises(ValueError, match="1900 to 2100"):
        khmer_new_year(day.year)
    with pytest.raises(ValueError, match="1900 to 2100"):
        leung_sak(day.year)


@given(st.dates(min_value=FIRST_DAY, max_value=LAST_DAY))
def test_the_line_writes_its_numbers_in_khmer_digits(day: dt.date) -> None:
    value = khmer_lunar_date(day)
    line = format_lunar_date(value)
    assert not re.search("[0-9]", line)
    match = re.fullmatch(r"ថ្ងៃ(\S+) (\d+)(\S+) ខែ(\S+) ឆ្នាំ(\S+) (\S+) ព\.ស\.(\d+)", line.translate(LATIN_DIGITS))
    assert match is not None, line
    assert match.groups() == (value.weekday_name, str(value.day), value.phase.value, value.month_name,
                              value.animal_year_name, value.sak_name, str(value.buddhist_era))


@given(st.dates(min_value=FIRST_DAY, max_value=LAST_DAY))
def test_a_date_is_its_noon(day: dt.date) -> None:
    assert khmer_lunar_date(day) == khmer_lunar_date(dt.datetime.combine(day, dt.time(12)))


# --- Every day of the range ---------------------------------------------------------------------------

SUCCESSOR = {month: LunarMonth((month + 1) % 12) for month in LunarMonth if month < 12}
SUCCESSOR |= {LunarMonth.PATHAMASADH: LunarMonth.TUTIYASADH, LunarMonth.TUTIYASADH: LunarMonth.SRAP}
THIRTY_DAYS = {LunarMonth.BOSS, LunarMonth.PHALKUN, LunarMonth.PISAKH, LunarMonth.ASADH, LunarMonth.PHOTRABOT,
               LunarMonth.KADEUK, LunarMonth.PATHAMASADH, LunarMonth.TUTIYASADH}


@pytest.fixture(scope="module")
def every_day() -> list[KhmerLunarDate]:
    """Each day from 1900-01-01 to 2100-12-31 (a superset of 1950-2100), at noon."""
    count = (LAST_DAY - FIRST_DAY).days + 1
    return [khmer_lunar_date(FIRST_DAY + dt.timedelta(days=offset)) for offset in range(count)]


def pairs(days: list[KhmerLunarDate]) -> Iterator[tuple[KhmerLunarDate, KhmerLunarDate]]:
    return zip(days, days[1:], strict=False)


def months(days: list[KhmerLunarDate]) -> list[tuple[LunarMonth, int]]:
    """(month, number of days) of each whole lunar month of the range."""
    runs: list[tuple[LunarMonth, int]] = []
    for value in days:
        if value.day == 1 and value.phase is MoonPhase.WAXING:
            runs.append((value.month, 1))
        elif runs:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
    return runs[:-1]


def test_the_lunar_day_moves_on_by_one(every_day: list[KhmerLunarDate]) -> None:
    for today, tomorrow in pairs(every_day):
        if today.phase is MoonPhase.WAXING and today.day < 15:
            assert (tomorrow.month, tomorrow.phase, tomorrow.day) == (today.month, MoonPhase.WAXING, today.day + 1)
        elif today.phase is MoonPhase.WAXING:
            assert (tomorrow.month, tomorrow.phase, tomorrow.day) == (today.month, MoonPhase.WANING, 1), today
        elif tomorrow.phase is MoonPhase.WANING:
            assert (tomorrow.month, tomorrow.day) == (today.month, today.day + 1), today
        else:
            assert today.day in (14, 15) and tomorrow.day == 1, today
            assert tomorrow.month == SUCCESSOR.get(today.month) or (
                today.month == LunarMonth.JESTH and tomorrow.month == LunarMonth.PATHAMASADH), today


def test_months_have_29_or_30_days(every_day: list[KhmerLunarDate]) -> None:
    for month, length in months(every_day):
        assert length == (30 if month in THIRTY_DAYS else 29) or (month == LunarMonth.JESTH and length == 30)


def test_lunar_years_have_354_355_or_384_days(every_day: list[KhmerLunarDate]) -> None:
    """From មិគសិរ to កត្តិក: អាសាឍ, or both បឋមាសាឍ and ទុតិយាសាឍ (384 days); a 30-day ជេស្ឋ adds one."""
    runs = months(every_day)
    starts = [index for index, (month, _) in enumerate(runs) if month == LunarMonth.MIGASIR]
    for start, end in zip(starts, starts[1:], strict=False):
        year = dict(runs[start:end])
        leap_month = LunarMonth.PATHAMASADH in year
        assert leap_month == (LunarMonth.TUTIYASADH in year) == (LunarMonth.ASADH not in year)
        assert len(year) == end - start == (13 if leap_month else 12)
        length = sum(year.values())
        assert length == (384 if leap_month else 354 + (year[LunarMonth.JESTH] - 29))


def test_weekdays(every_day: list[KhmerLunarDate]) -> None:
    assert all(value.weekday == value.solar.weekday() for value in every_day)
    assert [value.weekday_name for value in every_day[:7]] == ["ចន្ទ", "អង្គារ", "ពុធ", "ព្រហស្បតិ៍", "សុក្រ", "សៅរ៍",
                                                               "អាទិត្យ"]


def test_year_numbers_change_once_a_year_on_their_days(every_day: list[KhmerLunarDate]) -> None:
    """The era on ១រោច ពិសាខ, the animal year on the New Year day (the next day when the moment is after
    noon), the sak on Leung Sak: each once a year, by one."""
    changes: dict[str, list[dt.date]] = {"era": [], "animal": [], "sak": []}
    for today, tomorrow in pairs(every_day):
        if today.buddhist_era != tomorrow.buddhist_era:
            assert tomorrow.buddhist_era == today.buddhist_era + 1
            changes["era"].append(tomorrow.solar)
        if today.animal_year != tomorrow.animal_year:
            assert tomorrow.animal_year == (today.animal_year + 1) % 12
            changes["animal"].append(tomorrow.solar)
        if today.jolak_sakaraj != tomorrow.jolak_sakaraj:
            assert tomorrow.jolak_sakaraj == today.jolak_sakaraj + 1
            changes["sak"].append(tomorrow.solar)
    years = range(FIRST_DAY.year, LAST_DAY.year + 1)
    assert [day.year for day in changes["era"]] == list(years)
    for day in changes["era"]:
        value = khmer_lunar_date(day)
        assert (value.month, value.phase, value.day) == (LunarMonth.PISAKH, MoonPhase.WANING, 1)
    new_years = [khmer_new_year(year) for year in years]
    assert changes["animal"] == [moment.date() + dt.timedelta(days=0 if moment.hour < 12 or moment.time() == dt.time(12)
                                                              else 1) for moment in new_years]
    assert changes["sak"] == [leung_sak(year) for year in years]
