"""The permission matrix of the auditor API (issue 3, must-show 3).

Only auditors get audit data, and only their own municipality's; everybody else gets 403 (the
role may not read the log at all), anonymous callers 401. Auditors in turn never read content:
404 on young-person and case endpoints, 403 on their collections.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from backend.accounts.models import User
from backend.organisations.models import Membership, Organisation, Role, Unit, UnitKind
from tests.conftest import create_case, create_young_person

pytestmark = pytest.mark.django_db

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
NOT_AUDITORS = [*OPERATIONAL, "admin"]
AUDITORS = ["granskare", "grannby.granskare"]

AUDIT_COLLECTIONS = [
    "/api/v1/audit/events/",
    "/api/v1/audit/events/?young_person={yp}&outcome=allowed",
    "/api/v1/audit/events/export/",
    "/api/v1/audit/events/export/?format=csv",
    "/api/v1/audit/events/export/?format=json&action=case.*",
    "/api/v1/audit/verify/",
    "/api/v1/audit/anomalies/",
    "/api/v1/audit/anomalies/?since={days_ago}",
]


@dataclass
class World:
    yp: Any
    case: Any
    grannby_yp: Any
    grannby_auditor: User


@pytest.fixture(scope="module")
def world(module_db) -> World:
    """Built once for the module; every row runs in its own savepoint on top of it."""
    personas = module_db
    yp = create_young_person(personas, "socsek")
    case = create_case(personas, yp, members=("rektor", "kommunpolis"))
    grannby_yp = create_young_person(personas, "grannby.socsek", family_name="Grannbysson")
    # An auditor of the other municipality (not a demo account: made here).
    organisation, _ = Organisation.objects.get_or_create(
        municipality=grannby_yp.municipality,
        name="Kommunledningen Grannby",
        defaults={"agency": "municipal_administration"},
    )
    unit, _ = Unit.objects.get_or_create(
        organisation=organisation, name="Granskning Grannby", defaults={"kind": UnitKind.AUDIT}
    )
    auditor = User.objects.create_user(username="grannby.granskare", password="x" * 16)
    Membership.objects.create(user=auditor, unit=unit, role=Role.AUDITOR)
    return World(yp=yp, case=case, grannby_yp=grannby_yp, grannby_auditor=auditor)


def _rows() -> list[tuple[tuple[str | None, ...], str, str, Any, int]]:
    """(personas, method, url, body, expected status). One test per row, looping over its
    personas: the world is built once per row rather than once per persona."""
    rows: list[tuple[tuple[str | None, ...], str, str, Any, int]] = []

    def add(who: Sequence[str | None], method: str, url: str, status: int, body: Any = None):
        rows.append((tuple(who), method, url, body, status))

    for url in AUDIT_COLLECTIONS:
        add(AUDITORS, "get", url, 200)
        add(NOT_AUDITORS, "get", url, 403)
        add([None], "get", url, 401)
    report = "/api/v1/audit/young-people/{yp}/access-report/"
    add(["granskare"], "get", report, 200)
    add(["grannby.granskare"], "get", report, 404)  # another municipality's young person
    add(NOT_AUDITORS, "get", report, 403)
    add([None], "get", report, 401)
    grannby_report = "/api/v1/audit/young-people/{grannby_yp}/access-report/"
    add(["grannby.granskare"], "get", grannby_report, 200)
    add(["granskare"], "get", grannby_report, 404)
    add(NOT_AUDITORS, "get", grannby_report, 403)
    add(AUDITORS, "get", "/api/v1/audit/young-people/{unknown}/access-report/", 404)
    # Bad input names the field.
    add(AUDITORS, "get", "/api/v1/audit/events/?actor=nobody", 400)
    add(AUDITORS, "get", "/api/v1/audit/events/?action=no.such", 400)
    add(AUDITORS, "get", "/api/v1/audit/events/export/?format=xlsx", 400)
    add(AUDITORS, "get", "/api/v1/audit/anomalies/?since=2020-01-01&until=2021-01-01", 400)
    # The log is read-only through the API too.
    add(AUDITORS, "post", "/api/v1/audit/events/", 405, {"action": "x"})
    add(AUDITORS, "delete", "/api/v1/audit/events/", 405)

    # Auditors see metadata, never content: the foundation's content endpoints.
    add(AUDITORS, "get", "/api/v1/young-people/{yp}/", 404)
    add(AUDITORS, "get", "/api/v1/young-people/{grannby_yp}/", 404)
    add(AUDITORS, "patch", "/api/v1/young-people/{yp}/", 404, {"given_name": "Y"})
    add(AUDITORS, "get", "/api/v1/cases/{case}/", 404)
    add(AUDITORS, "post", "/api/v1/cases/{case}/members/", 404, "new_member")
    add(AUDITORS, "delete", "/api/v1/cases/{case}/members/{rektor}/", 404)
    add(AUDITORS, "get", "/api/v1/young-people/", 403)
    add(AUDITORS, "get", "/api/v1/cases/", 403)
    return rows


def _body(kind: Any, personas: Any) -> Any:
    if kind == "new_member":
        return {
            "user": str(personas["enhetschef"].pk),
            "unit": str(personas.unit("IFO Barn och unga").pk),
        }
    return kind


@pytest.mark.parametrize(("who", "method", "url", "body", "expected"), _rows())
def test_audit_permission_matrix(personas, world, who, method, url, body, expected):
    path = url.format(
        yp=world.yp.pk,
        case=world.case.pk,
        grannby_yp=world.grannby_yp.pk,
        rektor=personas["rektor"].pk,
        unknown=uuid.uuid4(),
        days_ago=(timezone.localdate() - datetime.timedelta(days=30)).isoformat(),
    )
    wrong = []
    for persona in who:
        if persona == "grannby.granskare":
            client = APIClient()
            client.force_authenticate(world.grannby_auditor)
        else:
            client = personas.client(persona)
        payload = _body(body, personas)
        response = (
            getattr(client, method)(path, payload, format="json")
            if payload
            else getattr(client, method)(path)
        )
        if response.status_code != expected or (
            expected >= 400 and response["Content-Type"] != "application/problem+json"
        ):
            wrong.append((persona, response.status_code, response.content[:200]))
    assert wrong == [], (method, path, expected)
