"""One small world for the page tests, built through the actions (never the models): a
15-year-old in a case led by social services with consent from all three grantors, a concern
raised by the teacher, a submitted request, an approved one and a disclosed one, and a young
person of the other municipality."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django.test import Client
from django.utils import timezone

from backend.people.actions import young_person_register
from backend.people.identity import synthetic_number
from consent.actions import consent_record
from tests.conftest import Personas, create_case, create_young_person
from workflows.meetings import actions as meetings
from workflows.reminders.models import Notification
from workflows.sharing.actions import (
    concern_raise,
    sharing_request_create,
    sharing_request_decide,
    sharing_request_disclose,
    sharing_request_submit,
)

OPERATIONAL = [
    "larare",
    "rektor",
    "kurator",
    "skolskoterska",
    "friskola.mentor",
    "friskola.skolskoterska",
    "socsek",
    "enhetschef",
    "kommunpolis",
    "polis.beslut",
    "samordnare",
    "grannby.socsek",
]
EVERYONE = [*OPERATIONAL, "granskare", "admin"]


@dataclass
class World:
    yp: Any
    case: Any
    pupil: Any
    concern: Any
    submitted: Any  # a request from the kommunpolis to IFO, waiting for a decision
    approved: Any  # approved, not yet disclosed
    disclosure: Any
    consent: Any
    grannby_yp: Any
    meeting: Any
    item: Any  # an action item of the meeting, owned by the kommunpolis
    notification: Any  # the kommunpolis's, pointing at the meeting

    def ids(self, personas: Personas) -> dict[str, uuid.UUID]:
        return {
            "yp": self.yp.pk,
            "case": self.case.pk,
            "pupil": self.pupil.pk,
            "concern": self.concern.pk,
            "submitted": self.submitted.pk,
            "approved": self.approved.pk,
            "disclosure": self.disclosure.pk,
            "consent": self.consent.pk,
            "grannby_yp": self.grannby_yp.pk,
            "rektor": personas["rektor"].pk,
            "meeting": self.meeting.pk,
            "item": self.item.pk,
            "notification": self.notification.pk,
        }


def _years_ago(years: int, days: int) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - datetime.timedelta(days=days)


def build_world(personas: Personas) -> World:
    socsek, chef, polis = (personas.actor(u) for u in ("socsek", "enhetschef", "kommunpolis"))
    yp = create_young_person(personas, "socsek", birth_date=_years_ago(15, 30), given_name="Vera")
    case = create_case(personas, yp, members=("rektor", "kommunpolis", "enhetschef"))
    grantors = ["child", *[str(g.pk) for g in yp.guardians.order_by("created_at")]]
    consents = [
        consent_record(
            actor=socsek,
            young_person=yp,
            grantor=grantor,
            decision="granted",
            form="oral",
            given_on=timezone.localdate(),
            valid_until=None,
            recipients=["police:local_police"],
            categories=["family_situation"],
            purposes=["support_planning"],
            scope_read_back="Familjesituation till kommunpolisen.",
        )
        for grantor in grantors
    ]
    larare = personas.actor("larare")
    teaching = personas.unit("Exempelskolan undervisning")
    pupil, _created = young_person_register(
        actor=larare,
        personnummer=synthetic_number(_years_ago(10, 3), 777),
        given_name="Pelle",
        family_name="Elevsson",
        unit_id=teaching.pk,
    )
    concern = concern_raise(
        actor=larare,
        young_person=pupil,
        from_unit_id=teaching.pk,
        observations="Har varit borta mycket.",
        categories=["absence"],
        urgency="normal",
        child_at_risk=True,
    )

    def request() -> Any:
        created, _check = sharing_request_create(
            actor=polis,
            case=case,
            young_person=yp,
            from_unit_id=personas.unit("Kommunpolis Exempelby").pk,
            to_unit_id=personas.unit("IFO Barn och unga").pk,
            categories=["family_situation"],
            purpose="support_planning",
            reason="Planering inför SSP-möte.",
            urgency="normal",
            facts={},
            deadline=None,
        )
        return sharing_request_submit(actor=polis, request=created)

    submitted = request()
    approved = request()
    sharing_request_decide(
        actor=chef,
        request=approved,
        decision="approve",
        categories=None,
        ground="G01",
        assessment="",
        note="",
    )
    disclosed = request()
    sharing_request_decide(
        actor=chef,
        request=disclosed,
        decision="approve",
        categories=None,
        ground="G01",
        assessment="",
        note="",
    )
    disclosure = sharing_request_disclose(
        actor=socsek, request=disclosed, content="Familjen har stöd.", categories=None
    )
    grannby_yp = create_young_person(personas, "grannby.socsek", family_name="Grannbysson")
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)
    meeting = meetings.meeting_create(
        actor=socsek,
        case_id=case.pk,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        participants=[
            meetings.ParticipantInput(user=personas["socsek"].pk),
            meetings.ParticipantInput(user=personas["kommunpolis"].pk),
            meetings.ParticipantInput(young_person=yp.pk),
        ],
        location="Rummet",
        agenda="Läget i skolan.",
    )
    item = meetings.action_item_create(
        actor=socsek,
        meeting_id=meeting.pk,
        title="Ringa skolan",
        owner_id=personas["kommunpolis"].pk,
        due_on=timezone.localdate() + datetime.timedelta(days=5),
    )
    meetings.case_plan_replace(
        actor=socsek,
        case_id=case.pk,
        assessments=[],
        goals=[meetings.GoalInput(who="child", behaviour="Går till skolan varje dag.")],
        interventions=[],
        follow_ups=[],
    )
    # Notifications are made by the reminder worker; here one is simply there (as in the
    # reminders tests), pointing at the meeting.
    notification = Notification.objects.create(
        recipient=personas["kommunpolis"],
        kind="meeting_in_7_days",
        target_type="meeting",
        target_id=meeting.pk,
        path=f"/meetings/{meeting.pk}/",
    )
    return World(
        yp=yp,
        case=case,
        pupil=pupil,
        concern=concern,
        submitted=submitted,
        approved=approved,
        disclosure=disclosure,
        consent=consents[0],
        grannby_yp=grannby_yp,
        meeting=meeting,
        item=item,
        notification=notification,
    )


def page_client(personas: Personas, username: str | None, *, language: str = "sv") -> Client:
    """A browser-like client signed in with a session (the pages' authentication)."""
    client = Client()
    if username is not None:
        client.force_login(personas[username])
    if language != "sv":
        client.cookies["django_language"] = language
    return client
