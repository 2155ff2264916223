"""Every reminder kind with a frozen clock (issue 6 must-show 3): not a minute early, sent once
when due, with Swedish public holidays in the working-day deadlines.

Meetings, action items and birthdays go through the actions that own them; consents, sharing
requests and concerns (built elsewhere) go through the generic scheduling API with stand-in
target resolvers.
"""

from __future__ import annotations

import datetime
import uuid
import zoneinfo

import pytest
import time_machine
from django.core import mail

from workflows.meetings.actions import (
    ParticipantInput,
    action_item_create,
    action_item_update,
    meeting_create,
)
from workflows.reminders.actions import reminders_schedule, reminders_schedule_birthdays
from workflows.reminders.kinds import KINDS, due_at
from workflows.reminders.models import Notification, Reminder, ReminderStatus

pytestmark = pytest.mark.django_db

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def T(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime.datetime:
    """A time in Stockholm (short, because the tests are full of them)."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


def _sent() -> list[tuple[str, str]]:
    return sorted(
        (n.kind, n.recipient.username) for n in Notification.objects.select_related("recipient")
    )


def _check_due_exactly_at(dispatch, due: datetime.datetime, expected: list[tuple[str, str]]):
    """Nothing a minute before ``due``; at ``due`` exactly the expected notifications and as
    many emails; and nothing more when the dispatcher runs again later."""
    before = set(_sent())
    emails = len(mail.outbox)
    with time_machine.travel(due - datetime.timedelta(minutes=1), tick=False):
        dispatch()
    assert set(_sent()) == before
    with time_machine.travel(due, tick=False):
        dispatch()
    new = sorted(set(_sent()) - before)
    assert new == sorted(expected)
    assert len(mail.outbox) == emails + len(expected)
    with time_machine.travel(due + datetime.timedelta(days=1), tick=False):
        dispatch()
    assert len(mail.outbox) == emails + len(expected)
    assert len(_sent()) == len(before) + len(expected)


def test_meeting_in_7_days_and_in_1_day(personas, case_factory, dispatch):
    with time_machine.travel(T(2026, 3, 2, 9), tick=False):
        case = case_factory()
        meeting_create(
            actor=personas.actor("socsek"),
            case_id=case.pk,
            starts_at=T(2026, 3, 16, 10),
            ends_at=T(2026, 3, 16, 11),
            participants=[
                ParticipantInput(user=personas["socsek"].pk),
                ParticipantInput(user=personas["kommunpolis"].pk),
                ParticipantInput(young_person=case.young_person_id),
            ],
        )
    staff = ["kommunpolis", "socsek"]
    _check_due_exactly_at(dispatch, T(2026, 3, 9, 10), [("meeting_in_7_days", u) for u in staff])
    _check_due_exactly_at(dispatch, T(2026, 3, 15, 10), [("meeting_in_1_day", u) for u in staff])


def test_moved_meeting_is_reminded_at_the_new_time_only(personas, case_factory, dispatch):
    from workflows.meetings.actions import meeting_update

    with time_machine.travel(T(2026, 3, 2, 9), tick=False):
        case = case_factory()
        meeting = meeting_create(
            actor=personas.actor("socsek"),
            case_id=case.pk,
            starts_at=T(2026, 3, 16, 10),
            ends_at=T(2026, 3, 16, 11),
            participants=[ParticipantInput(user=personas["rektor"].pk)],
        )
        meeting_update(
            actor=personas.actor("rektor"),
            meeting_id=meeting.pk,
            starts_at=T(2026, 3, 18, 13),
            ends_at=T(2026, 3, 18, 14),
        )
    with time_machine.travel(T(2026, 3, 9, 10), tick=False):
        dispatch()
    assert _sent() == []
    _check_due_exactly_at(dispatch, T(2026, 3, 11, 13), [("meeting_in_7_days", "rektor")])


def test_action_item_due_tomorrow_and_overdue(personas, case_factory, dispatch):
    with time_machine.travel(T(2026, 3, 2, 9), tick=False):
        case = case_factory()
        meeting = meeting_create(
            actor=personas.actor("socsek"),
            case_id=case.pk,
            starts_at=T(2026, 3, 3, 10),
            ends_at=T(2026, 3, 3, 11),
            participants=[],
        )
        action_item_create(
            actor=personas.actor("socsek"),
            meeting_id=meeting.pk,
            title="Kontakta fritidsgården",
            owner_id=personas["rektor"].pk,
            due_on=datetime.date(2026, 3, 20),
        )
    _check_due_exactly_at(dispatch, T(2026, 3, 19, 8), [("action_item_due_tomorrow", "rektor")])
    _check_due_exactly_at(dispatch, T(2026, 3, 21, 8), [("action_item_overdue", "rektor")])


def test_done_action_item_is_not_reminded(personas, case_factory, dispatch):
    with time_machine.travel(T(2026, 3, 2, 9), tick=False):
        case = case_factory()
        meeting = meeting_create(
            actor=personas.actor("socsek"),
            case_id=case.pk,
            starts_at=T(2026, 3, 3, 10),
            ends_at=T(2026, 3, 3, 11),
            participants=[],
        )
        item = action_item_create(
            actor=personas.actor("socsek"),
            meeting_id=meeting.pk,
            title="Kontakta fritidsgården",
            owner_id=personas["rektor"].pk,
            due_on=datetime.date(2026, 3, 20),
        )
    with time_machine.travel(T(2026, 3, 10, 9), tick=False):
        action_item_update(actor=personas.actor("rektor"), item_id=item.pk, status="done")
    with time_machine.travel(T(2026, 3, 25, 9), tick=False):
        dispatch()
    assert _sent() == []
    assert mail.outbox == []


def _schedule(kind: str, anchor, personas, target_id: uuid.UUID | None = None) -> uuid.UUID:
    target_id = target_id or uuid.uuid4()
    reminders_schedule(
        kind=kind,
        target_type=KINDS[kind].target_type,
        target_id=target_id,
        recipients=[personas["socsek"], personas["enhetschef"]],
        due_at=due_at(kind, anchor),
    )
    return target_id


def test_consent_expiring_in_14_days(personas, stand_in_targets, dispatch):
    with time_machine.travel(T(2026, 3, 2, 9), tick=False):
        _schedule("consent_expiring_14_days", datetime.date(2026, 4, 30), personas)
    _check_due_exactly_at(
        dispatch,
        T(2026, 4, 16, 8),
        [("consent_expiring_14_days", "enhetschef"), ("consent_expiring_14_days", "socsek")],
    )


@pytest.mark.parametrize(
    ("deadline", "due"),
    [
        # Monday after midsommar: Fri 20 June 2025 (midsommarafton) and the weekend are off.
        (datetime.date(2025, 6, 23), T(2025, 6, 18, 8)),
        # Monday after Christmas: 24, 25, 26 December and the weekend are off.
        (datetime.date(2025, 12, 29), T(2025, 12, 22, 8)),
        # An ordinary week.
        (datetime.date(2026, 3, 13), T(2026, 3, 11, 8)),
    ],
)
def test_request_deadline_in_2_working_days(personas, stand_in_targets, dispatch, deadline, due):
    with time_machine.travel(T(2025, 6, 2, 9), tick=False):
        _schedule("request_deadline_in_2_working_days", deadline, personas)
    _check_due_exactly_at(
        dispatch,
        due,
        [
            ("request_deadline_in_2_working_days", "enhetschef"),
            ("request_deadline_in_2_working_days", "socsek"),
        ],
    )


@pytest.mark.parametrize(
    ("deadline", "due"),
    [
        # Thursday before midsommar: the next working morning is Monday 23 June.
        (datetime.date(2025, 6, 19), T(2025, 6, 23, 8)),
        # Tuesday 23 December: the next working morning is Monday 29 December.
        (datetime.date(2025, 12, 23), T(2025, 12, 29, 8)),
        # Tuesday 30 December: nyårsafton and nyårsdagen are off, so Friday 2 January.
        (datetime.date(2025, 12, 30), T(2026, 1, 2, 8)),
    ],
)
def test_request_deadline_passed(personas, stand_in_targets, dispatch, deadline, due):
    with time_machine.travel(T(2025, 6, 2, 9), tick=False):
        _schedule("request_deadline_passed", deadline, personas)
    _check_due_exactly_at(
        dispatch,
        due,
        [("request_deadline_passed", "enhetschef"), ("request_deadline_passed", "socsek")],
    )


def test_concern_feedback_overdue_after_a_week(personas, stand_in_targets, dispatch):
    with time_machine.travel(T(2026, 3, 2, 14, 30), tick=False):
        _schedule("concern_feedback_overdue", T(2026, 3, 2, 14, 30), personas)
    _check_due_exactly_at(
        dispatch,
        T(2026, 3, 9, 14, 30),
        [("concern_feedback_overdue", "enhetschef"), ("concern_feedback_overdue", "socsek")],
    )


def test_withdrawn_target_is_not_reminded(personas, stand_in_targets, dispatch):
    with time_machine.travel(T(2026, 3, 2, 9), tick=False):
        target = _schedule("consent_expiring_14_days", datetime.date(2026, 4, 30), personas)
    stand_in_targets.add(target)
    with time_machine.travel(T(2026, 4, 16, 8), tick=False):
        dispatch()
    assert _sent() == []
    assert set(Reminder.objects.values_list("status", "cancel_reason")) == {
        (ReminderStatus.CANCELLED, "gone")
    }


@pytest.mark.parametrize(
    ("age", "birth_date", "birthday"),
    [
        (12, datetime.date(2014, 5, 10), datetime.date(2026, 5, 10)),
        (15, datetime.date(2011, 5, 12), datetime.date(2026, 5, 12)),
        (18, datetime.date(2008, 5, 11), datetime.date(2026, 5, 11)),
        # Born on a leap day: turns 18 on 1 March in a common year.
        (18, datetime.date(2008, 2, 29), datetime.date(2026, 3, 1)),
    ],
)
def test_young_person_turning_12_15_18(
    personas, young_person_factory, case_factory, dispatch, age, birth_date, birthday
):
    sweep_day = birthday - datetime.timedelta(days=5)
    with time_machine.travel(T(sweep_day.year, sweep_day.month, sweep_day.day, 3), tick=False):
        case = case_factory(young_person_factory(birth_date=birth_date, guardians=0))
        assert reminders_schedule_birthdays() == 1  # socsek: the lead unit's member
        assert reminders_schedule_birthdays() == 0  # idempotent
    kind = f"young_person_turns_{age}"
    assert Reminder.objects.get().target_id == case.young_person_id
    _check_due_exactly_at(
        dispatch,
        T(birthday.year, birthday.month, birthday.day, 8),
        [(kind, "socsek")],
    )


def test_birthday_outside_the_lookahead_is_scheduled_by_a_later_sweep(
    personas, young_person_factory, case_factory
):
    with time_machine.travel(T(2026, 4, 1, 3), tick=False):
        case_factory(young_person_factory(birth_date=datetime.date(2014, 5, 10), guardians=0))
        assert reminders_schedule_birthdays() == 0
    with time_machine.travel(T(2026, 5, 4, 3), tick=False):
        assert reminders_schedule_birthdays() == 1


def test_every_kind_is_covered_here():
    covered = {
        "meeting_in_7_days",
        "meeting_in_1_day",
        "action_item_due_tomorrow",
        "action_item_overdue",
        "consent_expiring_14_days",
        "request_deadline_in_2_working_days",
        "request_deadline_passed",
        "concern_feedback_overdue",
        "young_person_turns_12",
        "young_person_turns_15",
        "young_person_turns_18",
        # With the real targets, through the actions: tests/workflows/sharing/test_reminders.py
        "consent_withdrawn",
    }
    assert set(KINDS) == covered
