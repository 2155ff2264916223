"""Swedish working days (backend/core/workdays.py)."""

from __future__ import annotations

import datetime

import holidays
import pytest

from backend.core.workdays import (
    add_working_days,
    is_working_day,
    next_working_day,
    non_working_days,
    working_days_between,
)

D = datetime.date


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2025, 6, 18), True),  # Wednesday before midsommar
        (D(2025, 6, 19), True),  # Thursday: a working day (half day "from 2pm" is not off)
        (D(2025, 6, 20), False),  # midsommarafton (Friday)
        (D(2025, 6, 21), False),  # midsommardagen (Saturday)
        (D(2025, 6, 23), True),
        (D(2025, 6, 6), False),  # nationaldagen (Friday)
        (D(2025, 12, 23), True),
        (D(2025, 12, 24), False),  # julafton
        (D(2025, 12, 25), False),  # juldagen
        (D(2025, 12, 26), False),  # annandag jul
        (D(2025, 12, 31), False),  # nyårsafton
        (D(2026, 1, 1), False),  # nyårsdagen
        (D(2026, 1, 6), False),  # trettondedag jul
        (D(2026, 4, 3), False),  # långfredagen
        (D(2026, 4, 6), False),  # annandag påsk
        (D(2026, 5, 1), False),  # första maj
        (D(2026, 5, 14), False),  # Kristi himmelsfärdsdag
        (D(2026, 5, 15), True),  # the klämdag after it is a working day by default
        (D(2026, 6, 19), False),  # midsommarafton 2026
        (D(2026, 11, 28), False),  # an ordinary Saturday
        (D(2026, 11, 29), False),  # an ordinary Sunday
        (D(2026, 11, 30), True),
    ],
)
def test_is_working_day(day, working):
    assert is_working_day(day) is working


def test_two_working_days_before_a_deadline_across_midsommar():
    # Deadline Monday 23 June 2025: Fri 20 (midsommarafton), Sat, Sun are off.
    assert add_working_days(D(2025, 6, 23), -2) == D(2025, 6, 18)
    assert add_working_days(D(2025, 6, 18), 2) == D(2025, 6, 23)


def test_two_working_days_before_a_deadline_across_christmas():
    # Deadline Monday 29 December 2025: 24, 25, 26 and the weekend are off.
    assert add_working_days(D(2025, 12, 29), -2) == D(2025, 12, 22)
    assert add_working_days(D(2025, 12, 23), 1) == D(2025, 12, 29)
    assert next_working_day(D(2025, 12, 30)) == D(2026, 1, 2)  # past nyårsafton and nyårsdagen


def test_zero_working_days_is_the_day_itself():
    assert add_working_days(D(2025, 12, 25), 0) == D(2025, 12, 25)


def test_working_days_between_counts_the_interval_after_the_start():
    assert working_days_between(D(2025, 12, 22), D(2025, 12, 29)) == 2
    assert working_days_between(D(2025, 12, 29), D(2025, 12, 22)) == -2
    assert working_days_between(D(2026, 11, 30), D(2026, 11, 30)) == 0


def test_eves_can_be_made_working_days(settings):
    settings.WORKDAYS_EVES_ARE_NON_WORKING = False
    assert is_working_day(D(2025, 12, 24))
    assert is_working_day(D(2025, 6, 20))
    assert not is_working_day(D(2025, 12, 25))


def test_a_municipality_can_close_on_a_klamdag(settings):
    settings.WORKDAYS_EXTRA_NON_WORKING_DAYS = (D(2026, 5, 15),)
    assert not is_working_day(D(2026, 5, 15))
    assert add_working_days(D(2026, 5, 13), 1) == D(2026, 5, 18)
    assert D(2026, 5, 15) in non_working_days(2026)


def test_midsummer_eve_is_the_friday_between_19_and_25_june():
    eves = {
        year: next(day for day, name in non_working_days(year).items() if name == "Midsommarafton")
        for year in range(2024, 2031)
    }
    for year, day in eves.items():
        assert day.weekday() == 4
        assert D(year, 6, 19) <= day <= D(year, 6, 25)


def test_weekends_do_not_depend_on_the_packages_sunday_rule():
    # Some releases of `holidays` list every Sunday as a Swedish holiday, others only on
    # request; we decide weekends by weekday, so both give the same answers.
    with_sundays = holidays.Sweden(years=2026, include_sundays=True)
    assert D(2026, 11, 29) in with_sundays
    assert D(2026, 11, 29) not in holidays.Sweden(years=2026)
    assert not is_working_day(D(2026, 11, 29))
    assert all(day.weekday() < 5 for day in non_working_days(2026))
