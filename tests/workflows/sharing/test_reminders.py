"""Reminders of consents, sharing requests and concerns, scheduled and cancelled by the actions
that change them, delivered on a frozen clock (issue 6 must-show 3, with the real targets)."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail

from tests.workflows.sharing.conftest import consent_all, police_request, record_consent
from workflows.reminders.models import Notification, Reminder, ReminderStatus
from workflows.reminders.tasks import dispatch_due

pytestmark = pytest.mark.django_db
STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def T(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


def _at(moment: datetime.datetime) -> None:
    with time_machine.travel(moment, tick=False):
        dispatch_due()


def _told() -> list[tuple[str, str]]:
    return sorted(
        (n.kind, n.recipient.username) for n in Notification.objects.select_related("recipient")
    )


def _teen(personas, young_person_factory, case_factory):
    young_person = young_person_factory("socsek", birth_date=datetime.date(2011, 1, 15))
    return young_person, case_factory(young_person, members=("kommunpolis", "enhetschef"))


def test_consent_expiry_reminds_the_recorder_and_withdrawal_cancels_it(
    personas, young_person_factory, case_factory
):
    with time_machine.travel(T(2026, 3, 2, 9), tick=False):
        young_person, _case = _teen(personas, young_person_factory, case_factory)
        kept = record_consent(personas, young_person, "child", valid_until="2026-04-30")
        gone = record_consent(
            personas,
            young_person,
            str(young_person.guardians.order_by("created_at").first().pk),
            valid_until="2026-04-30",
        )
        personas.client("socsek").post(
            f"/api/v1/consents/{gone['id']}/withdraw/", {"reason": "Ångrat"}, format="json"
        )
    assert Reminder.objects.get(target_id=gone["id"]).status == ReminderStatus.CANCELLED
    _at(T(2026, 4, 16, 7, 59))
    assert _told() == []
    _at(T(2026, 4, 16, 8))
    assert _told() == [("consent_expiring_14_days", "socsek")]
    assert Notification.objects.get().path.endswith(f"/young-people/{young_person.pk}/")
    assert Reminder.objects.get(target_id=kept["id"]).status == ReminderStatus.SENT
    assert len(mail.outbox) == 1
    assert young_person.family_name not in mail.outbox[0].body  # a link, not the content


def test_request_deadline_reminders_across_midsommar_and_the_decision_cancels(
    personas, young_person_factory, case_factory
):
    with time_machine.travel(T(2026, 6, 8, 10), tick=False):
        young_person, case = _teen(personas, young_person_factory, case_factory)
        first = police_request(personas, young_person, case, deadline="2026-06-22")
        second = police_request(personas, young_person, case, deadline="2026-06-22")
    # Midsommarafton (Fri 19 June) and the weekend are off: two working days before Monday
    # 22 June is Wednesday 17 June.
    _at(T(2026, 6, 17, 7, 59))
    assert _told() == []
    _at(T(2026, 6, 17, 8))
    assert _told() == [("request_deadline_in_2_working_days", "enhetschef")] * 2
    with time_machine.travel(T(2026, 6, 18, 9), tick=False):
        decided = personas.client("enhetschef").post(
            f"/api/v1/sharing-requests/{first['id']}/decide/",
            {"decision": "refuse", "note": "Samtycke saknas."},
            format="json",
        )
        assert decided.status_code == 200
    _at(T(2026, 6, 23, 8))  # the first working morning after the deadline
    assert _told().count(("request_deadline_passed", "enhetschef")) == 1
    passed = Reminder.objects.get(kind="request_deadline_passed", status=ReminderStatus.SENT)
    assert str(passed.target_id) == second["id"]


def test_concern_feedback_reminder_goes_to_the_receiving_unit_unless_acknowledged(
    personas, young_person_factory
):
    with time_machine.travel(T(2026, 3, 2, 14, 30), tick=False):
        pupil = young_person_factory("larare", birth_date=datetime.date(2016, 5, 5))
        body = {
            "young_person": str(pupil.pk),
            "from_unit": str(personas.unit("Exempelskolan undervisning").pk),
            "observations": "Oro.",
            "categories": ["other"],
            "child_at_risk": True,
        }
        late = personas.client("larare").post("/api/v1/concerns/", body, format="json").json()
        answered = personas.client("larare").post("/api/v1/concerns/", body, format="json").json()
        personas.client("socsek").post(
            f"/api/v1/concerns/{answered['id']}/acknowledge/", {"feedback": "Tack."}, format="json"
        )
    _at(T(2026, 3, 9, 14, 29))
    assert _told() == []
    _at(T(2026, 3, 9, 14, 30))
    assert _told() == [("concern_feedback_overdue", "enhetschef")]
    sent = Reminder.objects.get(status=ReminderStatus.SENT)
    assert str(sent.target_id) == late["id"]


def test_withdrawn_consent_tells_the_units_that_received_on_it(
    personas, young_person_factory, case_factory
):
    young_person, case = _teen(personas, young_person_factory, case_factory)
    consents = consent_all(personas, young_person)
    request = police_request(personas, young_person, case)
    personas.client("enhetschef").post(
        f"/api/v1/sharing-requests/{request['id']}/decide/", {"decision": "approve"}, format="json"
    )
    disclosure = (
        personas.client("socsek")
        .post(
            f"/api/v1/sharing-requests/{request['id']}/disclose/",
            {"content": "Uppgift"},
            format="json",
        )
        .json()
    )
    personas.client("socsek").post(
        f"/api/v1/consents/{consents[0]['id']}/withdraw/", {"reason": "Vill inte"}, format="json"
    )
    dispatch_due()
    assert _told() == [("consent_withdrawn", "kommunpolis"), ("consent_withdrawn", "polis.beslut")]
    link = Notification.objects.filter(recipient=personas["kommunpolis"]).get().path
    assert link.endswith(f"/disclosures/{disclosure['id']}/")
