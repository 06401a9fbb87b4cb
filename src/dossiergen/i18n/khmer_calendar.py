"""The Khmer lunar date line (ចន្ទគតិ) of Cambodian official letters, by the Chhankitek rules.

A port to Python of the calendar arithmetic of momentkh v3.0.3 (https://github.com/ThyrithSor/momentkh,
commit 0605297, ``momentkh.ts``), which follows "Pratitin Soryakkatik-Chankatik 1900-1999" by Roath Kim
Soeun (credit: http://www.cam-cc.org). The rules are also set out in Phylypo Tum's "Khmer Calendar"
pages (https://khmer-calendar.tovnah.com/calendar/toc.php). momentkh is distributed under this licence:

    MIT License

    Copyright (c) 2018 ThyrithSor

    Permission is hereby granted, free of charge, to any person obtaining a copy
    of this software and associated documentation files (the "Software"), to deal
    in the Software without restriction, including without limitation the rights
    to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
    copies of the Software, and to permit persons to whom the Software is
    furnished to do so, subject to the following conditions:

    The above copyright notice and this permission notice shall be included in all
    copies or substantial portions of the Software.

    THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
    IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
    FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
    AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
    LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
    OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
    SOFTWARE.

When the year numbers change (times are Cambodia's clock, UTC+7):

* the Buddhist era (ព.ស.) at 00:00 of ១រោច ខែពិសាខ, the day after Visak Bochea (Ministry of Cults and
  Religion, https://www.cpp.org.kh/details/66872);
* the animal year at the New Year moment (មហាសង្ក្រាន្ត, :func:`khmer_new_year`);
* the sak (ស័ក) at 00:00 of ថ្ងៃឡើងស័ក, the last of the three or four New Year days (:func:`leung_sak`).

A :class:`datetime.date` is read as that day at noon, so on the day of the New Year moment the animal
year is the new one when the moment falls before noon; pass a :class:`datetime.datetime` for another
time. momentkh compares with ``<=`` at the Visak Bochea change, so at exactly 00:00 of ១រោច ពិសាខ it
counts the new animal year and sak twice; here the old count ends before that midnight.

New Year moments: the rules give a time to 24 minutes. Where Cambodia published another time for a
year of the range, :data:`PUBLISHED_NEW_YEAR_MOMENTS` holds it (momentkh's table of exceptions for the
range, with two changes: 2012 is 13 April, as published and as the rules give, where momentkh has 14 April; 2024
keeps the computed 22:24, as published, where momentkh v3 has an unsourced 22:17). In 1916, 1974,
2032 and 2059 the rules bring the sun to 0° exactly at the end of the first New Year day, 24:00; momentkh
writes it 00:00 of that day, and so does this port (the animal year of that one day hangs on the
reading).

Valid from :data:`FIRST_DAY` (1900-01-01, momentkh's epoch) to :data:`LAST_DAY` (2100-12-31): at noon
of every day of that span this port and momentkh agree, but for 14 and 15 April 2012 (the 2012 New Year
above). Other days raise :class:`ValueError`.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum, IntEnum
from functools import cache

from dossiergen.i18n.formatting import KHMER_DIGITS

FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2100, 12, 31)
CAMBODIA = dt.timezone(dt.timedelta(hours=7), "ICT")
"""Cambodia's clock: New Year moments and the times of :func:`khmer_lunar_date` are read on it."""


class MoonPhase(Enum):
    WAXING = "កើត"
    WANING = "រោច"


class LunarMonth(IntEnum):
    """The lunar months in momentkh's numbering; a leap-month year has the last two instead of អាសាឍ."""

    MIGASIR = 0
    BOSS = 1
    MEAK = 2
    PHALKUN = 3
    CHETR = 4
    PISAKH = 5
    JESTH = 6
    ASADH = 7
    SRAP = 8
    PHOTRABOT = 9
    ASSOCH = 10
    KADEUK = 11
    PATHAMASADH = 12
    TUTIYASADH = 13

    @property
    def khmer(self) -> str:
        return MONTH_NAMES[self]


MONTH_NAMES = ("មិគសិរ", "បុស្ស", "មាឃ", "ផល្គុន", "ចេត្រ", "ពិសាខ", "ជេស្ឋ", "អាសាឍ", "ស្រាពណ៍", "ភទ្របទ",
               "អស្សុជ", "កត្តិក", "បឋមាសាឍ", "ទុតិយាសាឍ")
"""Spellings: កត្តិក as the Royal Academy of Cambodia writes it (momentkh: កត្ដិក), អាសាឍ not អាសាធ."""
ANIMAL_NAMES = ("ជូត", "ឆ្លូវ", "ខាល", "ថោះ", "រោង", "ម្សាញ់", "មមី", "មមែ", "វក", "រកា", "ច", "កុរ")
SAK_NAMES = ("សំរឹទ្ធិស័ក", "ឯកស័ក", "ទោស័ក", "ត្រីស័ក", "ចត្វាស័ក", "បញ្ចស័ក", "ឆស័ក", "សប្តស័ក", "អដ្ឋស័ក",
             "នព្វស័ក")
"""Indexed by the Jolak Sakaraj year modulo 10; សំរឹទ្ធិស័ក as published (not សំរិទ្ធិស័ក)."""
WEEKDAY_NAMES = ("ចន្ទ", "អង្គារ", "ពុធ", "ព្រហស្បតិ៍", "សុក្រ", "សៅរ៍", "អាទិត្យ")
"""Indexed like :meth:`datetime.date.weekday` (Monday first); ចន្ទ rather than ច័ន្ទ."""
BUDDHIST_ERA_MARK = "ព.ស."
"""ពុទ្ធសករាជ abbreviated with both dots, the number after it without a space: ព.ស.២៥៦៩."""

PUBLISHED_NEW_YEAR_MOMENTS: Mapping[int, dt.datetime] = {
    2011: dt.datetime(2011, 4, 14, 13, 12),  # klooking.wordpress.com: ១៣និង ១២នាទីរសៀល (rules: 13:36)
    2012: dt.datetime(2012, 4, 13, 19, 11),  # guidesim.blogspot.com: ថ្ងៃទី១៣ ខែមេសា ... ១៩ និង ១១ នាទី
    2013: dt.datetime(2013, 4, 14, 2, 12),  # cambodia-picturetour.com: April 14, 2013 at 2:12 am
    2014: dt.datetime(2014, 4, 14, 8, 7),  # visit-angkor.org: 8:07 am in the morning of 14 April
    2015: dt.datetime(2015, 4, 14, 14, 2),  # camnews.com.kh: ម៉ោង ១៤៖០២នាទី
}
"""New Year moments, Cambodia's clock, published where the 24-minute rule gives another time."""


@dataclass(frozen=True)
class KhmerLunarDate:
    """One solar day in the Khmer lunar calendar, with the year numbers of that day."""

    solar: dt.date
    day: int
    """1-15 in each phase; a month of 29 days ends on ១៤រោច."""
    phase: MoonPhase
    month: LunarMonth
    animal_year: int
    """0 ជូត (rat) ... 11 កុរ (pig)."""
    jolak_sakaraj: int
    """ចុល្លសករាជ: the year count whose last digit names the sak."""
    buddhist_era: int

    @property
    def weekday(self) -> int:
        """0 Monday ... 6 Sunday, as :meth:`datetime.date.weekday`."""
        return self.solar.weekday()

    @property
    def weekday_name(self) -> str:
        return WEEKDAY_NAMES[self.weekday]

    @property
    def month_name(self) -> str:
        return MONTH_NAMES[self.month]

    @property
    def animal_year_name(self) -> str:
        return ANIMAL_NAMES[self.animal_year]

    @property
    def sak(self) -> int:
        """0 សំរឹទ្ធិស័ក, 1 ឯកស័ក ... 9 នព្វស័ក."""
        return self.jolak_sakaraj % 10

    @property
    def sak_name(self) -> str:
        return SAK_NAMES[self.sak]


def format_lunar_date(value: KhmerLunarDate) -> str:
    """``ថ្ងៃសុក្រ ៨រោច ខែអាសាឍ ឆ្នាំម្សាញ់ សប្តស័ក ព.ស.២៥៦៩``, in Khmer digits."""
    line = (f"ថ្ងៃ{value.weekday_name} {value.day}{value.phase.value} ខែ{value.month_name} "
            f"ឆ្នាំ{value.animal_year_name} {value.sak_name} {BUDDHIST_ERA_MARK}{value.buddhist_era}")
    return line.translate(KHMER_DIGITS)


def khmer_lunar_date(day: dt.date) -> KhmerLunarDate:
    """The lunar date of ``day`` (at noon), or of a :class:`datetime.datetime`'s moment.

    A naive datetime is read on Cambodia's clock, an aware one converted to it.
    """
    moment = _cambodian_moment(day)
    solar = moment.date()
    _check_range(solar)
    month, day_number = _lunar_position(solar.toordinal())
    # the Buddhist era turns at 00:00 of ១រោច ពិសាខ; the animal year and the sak turn earlier, at the
    # New Year moment and on Leung Sak, so between those and Visak Bochea they run one ahead of it
    change = _buddhist_era_change(solar.year)
    buddhist_era = solar.year + (544 if solar >= change else 543)
    jolak_sakaraj = buddhist_era - 1182
    animal_year = (buddhist_era + 4) % 12
    if solar < change:
        if moment >= _new_year(solar.year)[0]:
            animal_year = (animal_year + 1) % 12
        if solar >= leung_sak(solar.year):
            jolak_sakaraj += 1
    waxing = day_number < 15
    return KhmerLunarDate(
        solar=solar,
        day=day_number + 1 if waxing else day_number - 14,
        phase=MoonPhase.WAXING if waxing else MoonPhase.WANING,
        month=LunarMonth(month),
        animal_year=animal_year,
        jolak_sakaraj=jolak_sakaraj,
        buddhist_era=buddhist_era,
    )


def khmer_new_year(year: int) -> dt.datetime:
    """The New Year moment (មហាសង្ក្រាន្ត) of ``year``, on Cambodia's clock."""
    _check_year(year)
    return _new_year(year)[0].replace(tzinfo=CAMBODIA)


def leung_sak(year: int) -> dt.date:
    """ថ្ងៃឡើងស័ក, the last New Year day of ``year``, on which the sak changes."""
    _check_year(year)
    return _new_year(year)[1]


def _cambodian_moment(day: dt.date) -> dt.datetime:
    if isinstance(day, dt.datetime):
        if day.tzinfo is not None:
            return day.astimezone(CAMBODIA).replace(tzinfo=None)
        return day
    return dt.datetime.combine(day, dt.time(12))


def _check_range(day: dt.date) -> None:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"{day.isoformat()}: the Khmer lunar calendar is computed for "
                         f"{FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()} only")


def _check_year(year: int) -> None:
    if not FIRST_DAY.year <= year <= LAST_DAY.year:
        raise ValueError(f"{year}: the Khmer New Year is computed for {FIRST_DAY.year} to {LAST_DAY.year} only")


# --- Leap years, counted in Buddhist era years (momentkh: getAharkun ... getLeapType) -------------------

_NORMAL, _LEAP_MONTH, _LEAP_DAY = 0, 1, 2


def _aharkun(be: int) -> int:
    return (be * 292207 + 499) // 800 + 4


def _avoman(be: int) -> int:
    return (_aharkun(be) * 11 + 25) % 692


def _bodithey(be: int) -> int:
    aharkun = _aharkun(be)
    return ((aharkun * 11 + 25) // 692 + aharkun + 29) % 30


def _is_solar_leap(be: int) -> bool:
    kromthupul = 800 - (be * 292207 + 499) % 800
    return kromthupul <= 207


def _leap_day_rule(avoman: int, previous: int, following: int, solar_leap: bool) -> bool:
    """ចន្ទ្រាធិមាស from the avoman of the year and its neighbours, before a leap month defers it."""
    if avoman == 0 and previous == 137:
        return True
    if solar_leap:
        return avoman < 127
    if avoman == 137 and following == 0:
        return False
    return avoman < 138


def _leap_month_rule(bodithey: int, following: int) -> bool:
    """អធិកមាស from the bodithey of the year and the next: បឋមាសាឍ and ទុតិយាសាឍ instead of អាសាឍ."""
    if bodithey == 25 and following == 5:
        return False
    return (bodithey == 24 and following == 6) or bodithey >= 25 or bodithey < 6


def _has_leap_day(be: int) -> bool:
    return _leap_day_rule(_avoman(be), _avoman(be - 1), _avoman(be + 1), _is_solar_leap(be))


def _has_leap_month(be: int) -> bool:
    return _leap_month_rule(_bodithey(be), _bodithey(be + 1))


@cache
def _leap_type(be: int) -> int:
    if _has_leap_month(be):
        return _LEAP_MONTH
    if _has_leap_day(be):
        return _LEAP_DAY
    # a leap day that falls in a leap-month year moves to the first year after it without one
    if _has_leap_month(be - 1):
        previous = be - 1
        while True:
            if _has_leap_day(previous):
                return _LEAP_DAY
            previous -= 1
            if not _has_leap_month(previous):
                return _NORMAL
    return _NORMAL


def _days_in_month(month: int, be: int) -> int:
    leap = _leap_type(be)
    if month == LunarMonth.JESTH and leap == _LEAP_DAY:
        return 30
    if month in (LunarMonth.PATHAMASADH, LunarMonth.TUTIYASADH):
        return 30 if leap == _LEAP_MONTH else 0
    return 29 if month % 2 == 0 else 30


def _days_in_year(be: int) -> int:
    return {_LEAP_MONTH: 384, _LEAP_DAY: 355}.get(_leap_type(be), 354)


def _next_month(month: int, be: int) -> int:
    if month == LunarMonth.JESTH and _leap_type(be) == _LEAP_MONTH:
        return LunarMonth.PATHAMASADH
    return {LunarMonth.KADEUK: LunarMonth.MIGASIR, LunarMonth.PATHAMASADH: LunarMonth.TUTIYASADH,
            LunarMonth.TUTIYASADH: LunarMonth.SRAP}.get(LunarMonth(month), month + 1)


# --- Solar day to lunar day (momentkh: gregorianToKhmerInternal) ---------------------------------------


def _maybe_buddhist_era(year: int, month: int) -> int:
    """The era of a solar month's leap structure: months from May on belong to the next era year."""
    return year + 543 if month <= 4 else year + 544


@cache
def _year_starts() -> tuple[int, ...]:
    """Ordinals of 1 កើត ខែបុស្ស from the epoch 1900-01-01 on, as momentkh steps whole lunar years.

    momentkh walks these from the epoch for every day it converts; they are the same walk each time,
    so they are computed once and the day's year found by bisection.
    """
    starts = [FIRST_DAY.toordinal()]
    while starts[-1] <= LAST_DAY.toordinal():
        epoch = dt.date.fromordinal(starts[-1])
        starts.append(starts[-1] + _days_in_year(_maybe_buddhist_era(epoch.year + 1, epoch.month)))
    return tuple(starts)


def _lunar_position(ordinal: int) -> tuple[int, int]:
    """(month, day number 0-29) of a solar day's ordinal."""
    starts = _year_starts()
    # momentkh moves on by a whole year while more than a year remains: the last start before the day
    epoch = starts[max(bisect.bisect_left(starts, ordinal) - 1, 0)]
    month, remaining = LunarMonth.BOSS.value, ordinal - epoch
    while remaining > 0:
        start = dt.date.fromordinal(epoch)
        be = _maybe_buddhist_era(start.year, start.month)
        length = _days_in_month(month, be)
        if remaining <= length:
            break
        remaining -= length
        epoch += length
        month = _next_month(month, be)
    solar = dt.date.fromordinal(ordinal)
    be = _maybe_buddhist_era(solar.year, solar.month)
    length = _days_in_month(month, be)
    if remaining >= length:
        remaining %= length
        month = _next_month(month, be)
    return month, remaining


@cache
def _buddhist_era_change(year: int) -> dt.date:
    """១រោច ខែពិសាខ of a solar year: the first day of the next Buddhist era year."""
    day = dt.date(year, 4, 1)
    while day.month <= 6:
        if _lunar_position(day.toordinal()) == (LunarMonth.PISAKH, 15):
            return day
        day += dt.timedelta(days=1)
    raise AssertionError(f"no ១រោច ខែពិសាខ in April-June {year}")  # pragma: no cover - checked for the range


# --- New Year (momentkh: getNewYearInfo, getSunInfo, getNewYearFullInfo), counted in Jolak Sakaraj ------


def _aharkun_js(js: int) -> int:
    return (js * 292207 + 373) // 800 + 1


def _avoman_js(js: int) -> int:
    return (_aharkun_js(js) * 11 + 650) % 692


def _kromthupul_js(js: int) -> int:
    return 800 - (292207 * js + 373) % 800


def _bodithey_js(js: int) -> int:
    aharkun = _aharkun_js(js)
    return (aharkun + (11 * aharkun + 650) // 692) % 30


def _is_adhikameas(js: int) -> bool:
    return _leap_month_rule(_bodithey_js(js), _bodithey_js(js + 1))


def _is_chantrathimeas(js: int) -> bool:
    return _leap_day_rule(_avoman_js(js), _avoman_js(js - 1), _avoman_js(js + 1), _kromthupul_js(js) <= 207)


_CHHAYA = ((35, 0), (32, 35), (27, 67), (22, 94), (13, 116), (5, 129))
"""(multiplicity, chhaya) of the sun for khan 0-5; larger khans take (0, 134)."""


def _sun_inauguration(js: int, sotin: int) -> int:
    """The sun's true longitude (សម្ពោធព្រះអាទិត្យ) on day ``sotin`` of the year, in libda (1/60 angsar)."""
    r2 = 800 * sotin + _kromthupul_js(js - 1)
    reasey, r3 = divmod(r2, 24350)
    angsar, r4 = divmod(r3, 811)
    average = 1800 * reasey + 60 * angsar + r4 // 14 - 3
    left_over = average - (1800 * 2 + 60 * 20)
    if left_over < 0:
        left_over += 1800 * 12
    kaen = left_over // 1800
    if kaen <= 2:
        rest = kaen  # momentkh (since 2.x) takes kaen itself here, not the left-over; kept for fidelity
    elif kaen <= 5:
        rest = 1800 * 6 - left_over
    elif kaen <= 8:
        rest = left_over - 1800 * 6
    else:
        rest = 1800 * 11 + 60 * 29 + 60 - left_over
    rest_reasey, rest_angsar, rest_libda = rest // 1800, rest % 1800 // 60, rest % 60
    if rest_angsar >= 15:
        khan, pouichalip = 2 * rest_reasey + 1, 60 * (rest_angsar - 15) + rest_libda
    else:
        khan, pouichalip = 2 * rest_reasey, 60 * rest_angsar + rest_libda
    multiplicity, chhaya = _CHHAYA[khan] if khan <= 5 else (0, 134)
    phol = pouichalip * multiplicity // 900 + chhaya
    return average - phol if kaen <= 5 else average + phol


@cache
def _new_year(year: int) -> tuple[dt.datetime, dt.date]:
    """(New Year moment, Leung Sak day) of a solar year."""
    js = year - 638
    sotins = (363, 364, 365, 366) if _kromthupul_js(js - 1) <= 207 else (362, 363, 364, 365)
    suns = [_sun_inauguration(js, sotin) for sotin in sotins]
    # the New Year falls on the first of these days whose sun stands at 0 angsar of its sign
    libda = next((sun % 60 for sun in suns if sun % 1800 // 60 == 0), None)
    if libda is None:  # pragma: no cover - every year of the range has one
        raise AssertionError(f"no New Year day in {year}")
    minutes = 24 * 60 - libda * 24
    hour, minute = minutes // 60 % 24, minutes % 60
    new_year_days = 4 if suns[0] % 1800 // 60 == 0 else 3

    bodithey = _bodithey_js(js)
    if _is_adhikameas(js - 1) and _is_chantrathimeas(js - 1):
        bodithey = (bodithey + 1) % 30
    # Leung Sak's lunar day, and the day number of 17 April, counted from ចេត្រ in 29-day months
    leung_sak_number = (bodithey - 1 if bodithey >= 6 else bodithey) + (0 if bodithey >= 6 else 29)
    april_17 = dt.date(year, 4, 17)
    month, day_number = _lunar_position(april_17.toordinal())
    april_17_number = (month - LunarMonth.CHETR) * 29 + day_number
    first_day = april_17 - dt.timedelta(days=april_17_number - leung_sak_number + new_year_days - 1)
    moment = dt.datetime.combine(first_day, dt.time(hour, minute))
    published = PUBLISHED_NEW_YEAR_MOMENTS.get(year)
    if published is not None:
        moment, first_day = published, published.date()
    return moment, first_day + dt.timedelta(days=new_year_days - 1)
