"""Swedish working days, for deadlines counted in working days (arbetsdagar).

A day is a working day when it is Monday to Friday and none of these:

- an allmän helgdag under lagen (1989:253) om allmänna helgdagar, from the ``holidays``
  package's ``Sweden`` calendar, category PUBLIC (nyårsdagen, trettondedag jul, långfredagen,
  påskdagen, annandag påsk, första maj, Kristi himmelsfärdsdag, pingstdagen, nationaldagen,
  midsommardagen, alla helgons dag, juldagen, annandag jul);
- midsommarafton, julafton and nyårsafton (``WORKDAYS_EVES_ARE_NON_WORKING``, default on). They
  are not allmänna helgdagar, but semesterlagen (1977:480) 7 § and the collective agreements of
  public administration treat them as Sundays, and municipal offices are closed: a deadline
  that needed a reply on julafton would in practice get none. We compute them ourselves
  (midsommarafton is the Friday between 19 and 25 June) instead of relying on the package's
  DE_FACTO category, which older releases of the package do not have;
- a day listed in ``WORKDAYS_EXTRA_NON_WORKING_DAYS`` (ISO dates, e.g. a local klämdag that a
  municipality closes on).

Weekends are decided here by the weekday, not by the package: some releases of ``holidays``
list every Sunday as a Swedish holiday (``include_sundays``), others do not; with the weekday
rule the answer does not depend on which release is installed. Easter-related half days ("from
2pm") are working days.
"""

from __future__ import annotations

import datetime
from functools import lru_cache

import holidays
from django.conf import settings
from django.utils.translation import gettext_lazy as _


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> dict[datetime.date, str]:
    calendar = holidays.Sweden(years=year, categories=("public",), language="sv")
    return {day: str(name) for day, name in calendar.items() if day.year == year}


def _midsummer_eve(year: int) -> datetime.date:
    """The Friday between 19 and 25 June (lagen 1989:253: midsommardagen is the Saturday
    between 20 and 26 June)."""
    day = datetime.date(year, 6, 19)
    return day + datetime.timedelta(days=(4 - day.weekday()) % 7)


def _eves(year: int) -> dict[datetime.date, str]:
    return {
        _midsummer_eve(year): "Midsommarafton",
        datetime.date(year, 12, 24): "Julafton",
        datetime.date(year, 12, 31): "Nyårsafton",
    }


def _extra_days() -> frozenset[datetime.date]:
    return frozenset(getattr(settings, "WORKDAYS_EXTRA_NON_WORKING_DAYS", ()))


def non_working_days(year: int) -> dict[datetime.date, str]:
    """Every non-working weekday of ``year`` with its (Swedish) name; weekends are implied."""
    days = dict(_public_holidays(year))
    if getattr(settings, "WORKDAYS_EVES_ARE_NON_WORKING", True):
        for day, name in _eves(year).items():
            days.setdefault(day, name)
    for day in _extra_days():
        if day.year == year:
            days.setdefault(day, str(_("Lokal ledig dag")))
    return {day: name for day, name in days.items() if day.weekday() < 5}


def is_working_day(day: datetime.date) -> bool:
    if day.weekday() >= 5:
        return False
    return day not in non_working_days(day.year)


def add_working_days(day: datetime.date, n: int) -> datetime.date:
    """The day ``n`` working days after ``day`` (before it when ``n`` is negative), not
    counting ``day`` itself: Friday + 1 is the next working Monday; ``n == 0`` is ``day``.

    ``add_working_days(deadline, -2)`` is "two working days before the deadline"."""
    step = 1 if n >= 0 else -1
    remaining = abs(n)
    current = day
    while remaining:
        current += datetime.timedelta(days=step)
        if is_working_day(current):
            remaining -= 1
    return current


def next_working_day(day: datetime.date) -> datetime.date:
    """The first working day strictly after ``day``."""
    return add_working_days(day, 1)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days in the half-open interval (start, end]: how many working days a reply
    given on ``end`` took after receipt on ``start``. Negative when ``end`` is before
    ``start``."""
    if end < start:
        return -working_days_between(end, start)
    count = 0
    current = start
    while current < end:
        current += datetime.timedelta(days=1)
        if is_working_day(current):
            count += 1
    return count
