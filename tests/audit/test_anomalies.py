"""The anomaly report, with a frozen clock: bursts of denials, access outside working hours
(evenings, weekends, Swedish public holidays), one user reading many young people, access to a
case by a non-member, emergency access."""

from __future__ import annotations

import datetime
import uuid
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

import audit
from audit.models import Outcome

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# Tuesday 2026-03-10, a working day.
WORKDAY = datetime.datetime(2026, 3, 10, 10, 0, tzinfo=STOCKHOLM)


def _at(moment: datetime.datetime, **kwargs: Any) -> Any:
    with time_machine.travel(moment, tick=False):
        return audit.record(**kwargs)


def _report(personas: Any, since: datetime.datetime, until: datetime.datetime) -> list[Any]:
    with time_machine.travel(until, tick=False):
        response = personas.client("granskare").get(
            "/api/v1/audit/anomalies/",
            {"since": since.isoformat(), "until": until.isoformat()},
        )
    assert response.status_code == 200, response.content
    return response.json()["results"]


def _kinds(results: list[Any], kind: str) -> list[Any]:
    return [r for r in results if r["kind"] == kind]


def test_burst_of_denials_is_flagged_and_a_few_are_not(personas):
    larare, kurator = personas.actor("larare"), personas.actor("kurator")
    for minute in range(5):  # five in ten minutes
        _at(
            WORKDAY + datetime.timedelta(minutes=2 * minute),
            actor=larare,
            action="access.denied",
            outcome=Outcome.DENIED,
        )
    for hour in range(5):  # five over five hours
        _at(
            WORKDAY + datetime.timedelta(hours=hour),
            actor=kurator,
            action="access.denied",
            outcome=Outcome.DENIED,
        )
    results = _report(
        personas, WORKDAY - datetime.timedelta(days=1), WORKDAY + datetime.timedelta(days=1)
    )
    [burst] = _kinds(results, "denial_burst")
    assert burst["actor_username"] == "larare"
    assert burst["count"] == 5
    assert burst["kind_label"] == "Många nekade försök"


def test_failed_logins_of_an_unknown_name_count_as_a_burst(personas):
    municipality = personas.actor("socsek").municipality_id
    for second in range(6):
        _at(
            WORKDAY + datetime.timedelta(seconds=10 * second),
            actor=None,
            action="auth.login_failed",
            outcome=Outcome.DENIED,
            municipality_id=municipality,
            username="admin2",
        )
    results = _report(
        personas, WORKDAY - datetime.timedelta(hours=1), WORKDAY + datetime.timedelta(hours=1)
    )
    [burst] = _kinds(results, "denial_burst")
    assert (burst["actor_id"], burst["actor_username"], burst["count"]) == (None, "admin2", 6)


@pytest.mark.parametrize(
    ("moment", "reason", "working"),
    [
        ((2026, 3, 10, 22, 30), "utanför 07:00–18:00", (2026, 3, 9, 10, 0)),
        ((2026, 3, 10, 6, 59), "utanför 07:00–18:00", (2026, 3, 10, 7, 0)),
        ((2026, 3, 14, 11, 0), "helg", (2026, 3, 13, 17, 59)),  # Saturday
        ((2026, 12, 25, 11, 0), "helgdag (Juldagen)", (2026, 12, 23, 11, 0)),  # a Friday
        ((2026, 1, 6, 11, 0), "helgdag (Trettondedag jul)", (2026, 1, 5, 11, 0)),  # a Tuesday
        ((2026, 6, 19, 11, 0), "helgdag (Midsommarafton)", (2026, 6, 18, 11, 0)),  # de facto
    ],
)
def test_access_outside_working_hours_is_flagged(personas, moment, reason, working):
    late, normal = (datetime.datetime(*m).replace(tzinfo=STOCKHOLM) for m in (moment, working))
    young_person = uuid.uuid4()
    _at(
        late,
        actor=personas.actor("socsek"),
        action="young_person.viewed",
        young_person_id=young_person,
    )
    _at(
        normal,
        actor=personas.actor("rektor"),
        action="young_person.viewed",
        young_person_id=young_person,
    )
    since = min(late, normal) - datetime.timedelta(days=1)
    results = _report(personas, since, since + datetime.timedelta(days=5))
    [flagged] = _kinds(results, "outside_working_hours")
    assert flagged["actor_username"] == "socsek"
    assert reason in flagged["detail"]


def test_working_hours_are_configurable(personas, settings):
    settings.AUDIT_WORKING_HOURS = (datetime.time(6, 0), datetime.time(23, 0))
    moment = datetime.datetime(2026, 3, 10, 22, 30, tzinfo=STOCKHOLM)
    _at(moment, actor=personas.actor("socsek"), action="case.viewed", case_id=uuid.uuid4())
    results = _report(
        personas, moment - datetime.timedelta(hours=1), moment + datetime.timedelta(hours=1)
    )
    assert _kinds(results, "outside_working_hours") == []


def test_reading_many_young_people_in_a_short_time_is_flagged(personas):
    socsek, enhetschef = personas.actor("socsek"), personas.actor("enhetschef")
    for number in range(15):  # fifteen different people in 45 minutes
        _at(
            WORKDAY + datetime.timedelta(minutes=3 * number),
            actor=socsek,
            action="young_person.viewed",
            young_person_id=uuid.uuid4(),
        )
    same = uuid.uuid4()
    for number in range(30):  # one person, many times
        _at(
            WORKDAY + datetime.timedelta(minutes=number),
            actor=enhetschef,
            action="young_person.viewed",
            young_person_id=same,
        )
    results = _report(
        personas, WORKDAY - datetime.timedelta(hours=1), WORKDAY + datetime.timedelta(hours=3)
    )
    [bulk] = _kinds(results, "many_young_people")
    assert bulk["actor_username"] == "socsek"
    assert bulk["count"] == 15


def test_fourteen_young_people_is_not_yet_bulk_reading(personas):
    for number in range(14):
        _at(
            WORKDAY + datetime.timedelta(minutes=number),
            actor=personas.actor("socsek"),
            action="young_person.viewed",
            young_person_id=uuid.uuid4(),
        )
    results = _report(
        personas, WORKDAY - datetime.timedelta(hours=1), WORKDAY + datetime.timedelta(hours=3)
    )
    assert _kinds(results, "many_young_people") == []


def test_access_to_a_case_by_a_non_member_is_flagged(personas, case_factory):
    with time_machine.travel(WORKDAY, tick=False):
        case = case_factory(members=("rektor",))
        personas.client("rektor").get(f"/api/v1/cases/{case.pk}/")  # a member
        personas.client("larare").get(f"/api/v1/cases/{case.pk}/")  # not: 404, flagged
        personas.client("socsek").delete(
            f"/api/v1/cases/{case.pk}/members/{personas['rektor'].pk}/"
        )
        personas.client("rektor").get(f"/api/v1/cases/{case.pk}/")  # no longer: flagged
    results = _report(
        personas, WORKDAY - datetime.timedelta(hours=1), WORKDAY + datetime.timedelta(hours=1)
    )
    flagged = {(r["actor_username"], r["count"]) for r in _kinds(results, "not_case_member")}
    assert flagged == {("larare", 1), ("rektor", 1)}
    assert all(r["case_id"] == str(case.pk) for r in _kinds(results, "not_case_member"))


def test_emergency_access_is_always_flagged(personas):
    young_person = uuid.uuid4()
    _at(
        WORKDAY,
        actor=personas.actor("socsek"),
        action="access.emergency_granted",
        young_person_id=young_person,
        purpose="akut skyddsbehov",
    )
    results = _report(
        personas, WORKDAY - datetime.timedelta(hours=1), WORKDAY + datetime.timedelta(hours=1)
    )
    [emergency] = _kinds(results, "emergency_access")
    assert emergency["young_person_id"] == str(young_person)
    assert emergency["actor_username"] == "socsek"


def test_nothing_unusual_gives_an_empty_report(personas):
    _at(
        WORKDAY,
        actor=personas.actor("socsek"),
        action="young_person.viewed",
        young_person_id=uuid.uuid4(),
    )
    assert (
        _report(
            personas, WORKDAY - datetime.timedelta(hours=1), WORKDAY + datetime.timedelta(hours=1)
        )
        == []
    )


def test_another_municipalitys_anomalies_stay_there(personas):
    for minute in range(6):
        _at(
            WORKDAY + datetime.timedelta(minutes=minute),
            actor=personas.actor("grannby.socsek"),
            action="access.denied",
            outcome=Outcome.DENIED,
        )
    assert (
        _report(
            personas, WORKDAY - datetime.timedelta(hours=1), WORKDAY + datetime.timedelta(hours=1)
        )
        == []
    )
