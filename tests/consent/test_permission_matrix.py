"""Permission matrix: consent endpoints and the disclosure check (issue 4, must-show 5)."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from tests.backend.test_permission_matrix import EVERYONE, OPERATIONAL
from tests.conftest import create_case, create_young_person

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(module_db) -> dict[str, Any]:
    """Built once for the module; every row runs in its own savepoint on top of it."""
    from consent.actions import consent_record

    personas = module_db
    yp = create_young_person(personas, "socsek")
    create_case(personas, yp, members=("rektor", "kommunpolis"))
    consent = consent_record(
        actor=personas.actor("socsek"),
        young_person=yp,
        grantor="child",
        decision="granted",
        form="oral",
        given_on=timezone.localdate(),
        valid_until=None,
        recipients=["police"],
        categories=["family_situation"],
        purposes=["support_planning"],
        scope_read_back="Uppläst och bekräftat.",
    )
    return {"yp": yp, "consent": consent}


def _consent_body(personas) -> dict[str, Any]:
    return {
        "grantor": "child",
        "decision": "granted",
        "form": "oral",
        "given_on": timezone.localdate().isoformat(),
        "recipients": ["police"],
        "categories": ["family_situation"],
        "purposes": ["support_planning"],
        "scope_read_back": "Uppläst och bekräftat.",
    }


def _check_body(personas, world) -> dict[str, Any]:
    return {
        "young_person": str(world["yp"].pk),
        "from": str(personas.unit("IFO Barn och unga").pk),
        "to": {"agency": "police", "unit": "local_police"},
        "categories": ["family_situation"],
        "purpose": "support_planning",
        "facts": {},
    }


HYPOTHETICAL = {
    "from": {"agency": "school", "operator": "municipal", "unit": "teaching"},
    "to": {"agency": "social_services", "unit": "child_and_youth"},
    "subject": {"birth_date": "2016-04-12", "protected_identity": False},
    "custody": "joint",
    "guardians": ["g1", "g2"],
    "categories": ["attendance"],
    "purpose": "child_welfare_concern",
    "consents": [],
    "facts": {"child_at_risk": True},
}

SEE = ["socsek", "enhetschef", "rektor", "kommunpolis"]  # register unit + case members
HIDDEN = [p for p in EVERYONE if p not in SEE]
CONSENT_VISIBLE = ["socsek", "enhetschef", "rektor", "kommunpolis"]


def _rows():
    rows: list[tuple[Any, ...]] = []

    def add(people, method, url, status, body=None):
        rows.extend((p, method, url, body, status) for p in people)

    add(SEE, "get", "/api/v1/young-people/{yp}/consents/", 200)
    add(HIDDEN, "get", "/api/v1/young-people/{yp}/consents/", 404)
    add([None], "get", "/api/v1/young-people/{yp}/consents/", 401)
    add(SEE, "post", "/api/v1/young-people/{yp}/consents/", 201, "consent")
    add(HIDDEN, "post", "/api/v1/young-people/{yp}/consents/", 404, "consent")
    add(CONSENT_VISIBLE, "get", "/api/v1/consents/{consent}/receipt/", 200)
    add(
        [p for p in EVERYONE if p not in CONSENT_VISIBLE],
        "get",
        "/api/v1/consents/{consent}/receipt/",
        404,
    )
    add(["socsek"], "post", "/api/v1/consents/{consent}/withdraw/", 200, {"reason": "Ångrat"})
    add(
        [p for p in EVERYONE if p not in CONSENT_VISIBLE],
        "post",
        "/api/v1/consents/{consent}/withdraw/",
        404,
        {"reason": "Ångrat"},
    )
    add([None], "post", "/api/v1/consents/{consent}/withdraw/", 401, {"reason": "Ångrat"})
    add(
        ["enhetschef", "rektor"],
        "post",
        "/api/v1/young-people/{yp}/maturity-assessments/",
        201,
        "maturity",
    )
    add(
        ["socsek", "kommunpolis"],
        "post",
        "/api/v1/young-people/{yp}/maturity-assessments/",
        403,
        "maturity",
    )
    add(HIDDEN, "post", "/api/v1/young-people/{yp}/maturity-assessments/", 404, "maturity")
    # The check: any operational role; on a recorded young person only those who see them.
    add(OPERATIONAL, "post", "/api/v1/disclosure-checks/", 200, HYPOTHETICAL)
    add(["granskare", "admin"], "post", "/api/v1/disclosure-checks/", 403, HYPOTHETICAL)
    add([None], "post", "/api/v1/disclosure-checks/", 401, HYPOTHETICAL)
    add(SEE, "post", "/api/v1/disclosure-checks/", 200, "check")
    add(
        [p for p in OPERATIONAL if p not in SEE], "post", "/api/v1/disclosure-checks/", 400, "check"
    )
    return rows


@pytest.mark.parametrize(("persona", "method", "url", "body", "expected"), _rows())
def test_permission_matrix(personas, world, persona, method, url, body, expected):
    path = url.format(yp=world["yp"].pk, consent=world["consent"].pk)
    if body == "consent":
        body = _consent_body(personas)
    elif body == "check":
        body = _check_body(personas, world)
    elif body == "maturity":
        body = {
            "finding": "mature_alone",
            "assessed_on": timezone.localdate().isoformat(),
            "reasoning": "Dokumenterat samtal.",
        }
    client = personas.client(persona)
    response = (
        getattr(client, method)(path, body, format="json")
        if body
        else getattr(client, method)(path)
    )
    assert response.status_code == expected, (persona, method, path, response.content[:300])


def test_hypothetical_check_with_a_bad_body_names_the_fields(personas):
    body = {**HYPOTHETICAL, "from": {"agency": "school", "unit": "kitchen"}, "purpose": "fun"}
    response = personas.client("larare").post("/api/v1/disclosure-checks/", body, format="json")
    assert response.status_code == 400
    assert {"from.unit", "purpose"} <= set(response.json()["errors"])


def test_hypothetical_check_in_english_names_the_provision(personas):
    response = personas.client("larare").post(
        "/api/v1/disclosure-checks/", HYPOTHETICAL, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    body = response.json()
    assert body["outcome"] == "MANDATORY_REPORT"
    [g02] = [g for g in body["grounds"] if g["id"] == "G02"]
    assert "19 kap. 1 §" in g02["provision"]
    assert body["date"] == timezone.localdate().isoformat()
