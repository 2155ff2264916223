"""The kinds of reminder: what they are about, when they are due, and what they say.

Each kind knows its target type and how its due time follows from the target's own date (the
*anchor*: a meeting's start, an action item's due date, a consent's last valid day, a request's
deadline, the receipt of a concern, a birth date). Callers compute ``due_at`` with
:func:`due_at` and hand it to ``reminders_schedule``.

Messages carry no personal details: the in-app title and the email say what kind of thing needs
attention and give a link; the recipient sees the content after signing in, where access is
checked again.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from backend.core.workdays import add_working_days, next_working_day

# Target types. Consents, sharing requests and concerns are built in other apps; they register
# their resolvers under these names (workflows.reminders.targets).
MEETING = "meeting"
ACTION_ITEM = "action_item"
YOUNG_PERSON = "young_person"
CONSENT = "consent"
SHARING_REQUEST = "sharing_request"
CONCERN = "concern"
DISCLOSURE = "disclosure"


def local_zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def at_send_hour(day: datetime.date) -> datetime.datetime:
    """``REMINDER_SEND_HOUR`` o'clock, Swedish time, on ``day``."""
    return datetime.datetime.combine(
        day, datetime.time(settings.REMINDER_SEND_HOUR), tzinfo=local_zone()
    )


def _as_date(anchor: Any) -> datetime.date:
    if isinstance(anchor, datetime.datetime):
        return anchor.astimezone(local_zone()).date()
    if isinstance(anchor, datetime.date):
        return anchor
    raise TypeError(f"expected a date, got {type(anchor).__name__}")


def _as_datetime(anchor: Any) -> datetime.datetime:
    if not isinstance(anchor, datetime.datetime) or anchor.tzinfo is None:
        raise TypeError("expected an aware datetime")
    return anchor


def birthday(birth_date: datetime.date, age: int) -> datetime.date:
    """The day one turns ``age`` (a 29 February child turns on 1 March in common years, as
    :func:`backend.people.identity.age_on` counts)."""
    try:
        day = birth_date.replace(year=birth_date.year + age)
    except ValueError:  # 29 February in a common year
        day = datetime.date(birth_date.year + age, 3, 1)
    return day


@dataclass(frozen=True)
class ReminderKind:
    code: str
    target_type: str
    title: str | Promise  # in-app title, also the email subject
    message: str | Promise  # one or two sentences, no personal details
    due: Callable[[Any], datetime.datetime]  # anchor -> due time
    anchor: str  # what the anchor is, for the docs and error messages


def _meeting_before(days: int) -> Callable[[Any], datetime.datetime]:
    return lambda starts_at: _as_datetime(starts_at) - datetime.timedelta(days=days)


def _turning(age: int) -> Callable[[Any], datetime.datetime]:
    return lambda birth_date: at_send_hour(birthday(_as_date(birth_date), age))


_KINDS = [
    ReminderKind(
        code="meeting_in_7_days",
        target_type=MEETING,
        title=_("Möte om sju dagar"),
        message=_("Ett samverkansmöte som du deltar i börjar om sju dagar."),
        due=_meeting_before(7),
        anchor="meeting start (aware datetime)",
    ),
    ReminderKind(
        code="meeting_in_1_day",
        target_type=MEETING,
        title=_("Möte inom ett dygn"),
        message=_("Ett samverkansmöte som du deltar i börjar inom ett dygn."),
        due=_meeting_before(1),
        anchor="meeting start (aware datetime)",
    ),
    ReminderKind(
        code="action_item_due_tomorrow",
        target_type=ACTION_ITEM,
        title=_("En åtgärd ska vara klar i morgon"),
        message=_("En åtgärd som du ansvarar för ska vara klar i morgon."),
        due=lambda due_on: at_send_hour(_as_date(due_on) - datetime.timedelta(days=1)),
        anchor="the action item's due date",
    ),
    ReminderKind(
        code="action_item_overdue",
        target_type=ACTION_ITEM,
        title=_("En åtgärd är försenad"),
        message=_(
            "En åtgärd som du ansvarar för skulle ha varit klar i går. Markera den som klar "
            "eller ange ett nytt datum."
        ),
        due=lambda due_on: at_send_hour(_as_date(due_on) + datetime.timedelta(days=1)),
        anchor="the action item's due date",
    ),
    ReminderKind(
        code="consent_expiring_14_days",
        target_type=CONSENT,
        title=_("Ett samtycke upphör om 14 dagar"),
        message=_(
            "Ett samtycke i ett av dina ärenden upphör att gälla om 14 dagar. Se över om ett "
            "nytt samtycke behövs."
        ),
        due=lambda valid_until: at_send_hour(_as_date(valid_until) - datetime.timedelta(days=14)),
        anchor="the consent's last valid day",
    ),
    ReminderKind(
        code="request_deadline_in_2_working_days",
        target_type=SHARING_REQUEST,
        title=_("En begäran ska besvaras inom två arbetsdagar"),
        message=_("En begäran om uppgifter ska besvaras inom två arbetsdagar."),
        due=lambda deadline: at_send_hour(add_working_days(_as_date(deadline), -2)),
        anchor="the request's deadline (last day to answer)",
    ),
    ReminderKind(
        code="request_deadline_passed",
        target_type=SHARING_REQUEST,
        title=_("Svarstiden för en begäran har gått ut"),
        message=_("Svarstiden för en begäran om uppgifter har gått ut utan beslut."),
        # The first working morning after the deadline day: nobody reads a Saturday reminder.
        due=lambda deadline: at_send_hour(next_working_day(_as_date(deadline))),
        anchor="the request's deadline (last day to answer)",
    ),
    ReminderKind(
        code="concern_feedback_overdue",
        target_type=CONCERN,
        title=_("Återkopplingen på en orosanmälan är försenad"),
        message=_(
            "Den som gjorde en orosanmälan ska få återkoppling inom en vecka (SoL 19 kap. 6 §). "
            "Veckan har gått."
        ),
        due=lambda received_at: _as_datetime(received_at) + datetime.timedelta(days=7),
        anchor="when social services received the concern (aware datetime)",
    ),
    ReminderKind(
        code="consent_withdrawn",
        target_type=DISCLOSURE,
        title=_("Ett samtycke har återkallats"),
        message=_(
            "Ett samtycke som ett utlämnande till er enhet byggde på har återkallats. "
            "Uppgifterna finns kvar hos er; pröva om ni får fortsätta använda dem på annan grund."
        ),
        # Sent at once: the anchor is the moment the withdrawal was recorded.
        due=_as_datetime,
        anchor="when the withdrawal was recorded (aware datetime)",
    ),
    ReminderKind(
        code="young_person_turns_12",
        target_type=YOUNG_PERSON,
        title=_("Samtycken behöver ses över: den unga fyller 12 år"),
        message=_(
            "En ung person i ett av dina ärenden fyller 12 år i dag. Från omkring 12 år "
            "samtycker barnet tillsammans med vårdnadshavarna (OSL 12 kap. 3 §); se över "
            "samtyckena."
        ),
        due=_turning(12),
        anchor="the young person's birth date",
    ),
    ReminderKind(
        code="young_person_turns_15",
        target_type=YOUNG_PERSON,
        title=_("Samtycken behöver ses över: den unga fyller 15 år"),
        message=_(
            "En ung person i ett av dina ärenden fyller 15 år i dag. Den ungas egen "
            "bestämmanderätt över uppgifterna växer; se över samtyckena."
        ),
        due=_turning(15),
        anchor="the young person's birth date",
    ),
    ReminderKind(
        code="young_person_turns_18",
        target_type=YOUNG_PERSON,
        title=_("Samtycken behöver ses över: den unga fyller 18 år"),
        message=_(
            "En ung person i ett av dina ärenden fyller 18 år i dag. Vårdnaden upphör och "
            "vårdnadshavarnas samtycken gäller inte längre; bara den unga själv kan samtycka."
        ),
        due=_turning(18),
        anchor="the young person's birth date",
    ),
]

KINDS: dict[str, ReminderKind] = {kind.code: kind for kind in _KINDS}
BIRTHDAY_KINDS: dict[int, str] = {
    12: "young_person_turns_12",
    15: "young_person_turns_15",
    18: "young_person_turns_18",
}


class UnknownKind(ValueError):
    pass


def get_kind(code: str) -> ReminderKind:
    try:
        return KINDS[code]
    except KeyError:
        raise UnknownKind(
            f"unknown reminder kind {code!r}; see workflows/reminders/kinds.py"
        ) from None


def due_at(kind: str, anchor: Any) -> datetime.datetime:
    """When a reminder of ``kind`` is due for a target whose anchor date is ``anchor``."""
    return get_kind(kind).due(anchor)
