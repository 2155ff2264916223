"""Permission matrix for concerns, sharing requests, disclosures and the chronology (issue 5,
must-show 3): for every endpoint and the statuses that matter, other agencies and the other
municipality get 404, and a requester never sees content before disclosure."""

from __future__ import annotations

from typing import Any

import pytest

from tests.backend.test_permission_matrix import EVERYONE, OPERATIONAL
from tests.conftest import create_case, create_young_person
from tests.workflows.sharing.conftest import consent_all, police_request, years_ago

pytestmark = pytest.mark.django_db

REQUESTER = ["kommunpolis", "polis.beslut"]  # the requesting unit
HOLDER = ["socsek", "enhetschef"]  # the holding unit
PARTIES = REQUESTER + HOLDER
OUTSIDERS = [p for p in EVERYONE if p not in PARTIES]


@pytest.fixture(scope="module")
def world(module_db) -> dict[str, Any]:
    """Built once for the module; every row runs in its own savepoint on top of it."""
    personas = module_db
    young_person = create_young_person(personas, "socsek", birth_date=years_ago(15, plus_days=-30))
    case = create_case(personas, young_person, members=("kommunpolis", "rektor", "enhetschef"))
    consent_all(personas, young_person)

    def make_request(*args: Any) -> Any:
        return police_request(personas, *args)

    submitted = make_request(young_person, case)
    approved = make_request(young_person, case)
    personas.client("enhetschef").post(
        f"/api/v1/sharing-requests/{approved['id']}/decide/", {"decision": "approve"}, format="json"
    )
    disclosed = make_request(young_person, case)
    personas.client("enhetschef").post(
        f"/api/v1/sharing-requests/{disclosed['id']}/decide/",
        {"decision": "approve"},
        format="json",
    )
    disclosure = (
        personas.client("socsek")
        .post(
            f"/api/v1/sharing-requests/{disclosed['id']}/disclose/",
            {"content": "Uppgift"},
            format="json",
        )
        .json()
    )
    pupil = create_young_person(personas, "larare", birth_date=years_ago(10))
    concern = (
        personas.client("larare")
        .post(
            "/api/v1/concerns/",
            {
                "young_person": str(pupil.pk),
                "from_unit": str(personas.unit("Exempelskolan undervisning").pk),
                "observations": "Oro.",
                "categories": ["other"],
                "child_at_risk": True,
            },
            format="json",
        )
        .json()
    )
    return {
        "submitted": submitted["id"],
        "approved": approved["id"],
        "disclosed": disclosed["id"],
        "disclosure": disclosure["id"],
        "concern": concern["id"],
        "case": str(case.pk),
    }


def _rows() -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = []

    def add(people, method, url, status, body=None):
        rows.extend((p, method, url, body, status) for p in people)

    for collection in ("/api/v1/concerns/", "/api/v1/sharing-requests/", "/api/v1/disclosures/"):
        add(OPERATIONAL, "get", collection, 200)
        add(["granskare", "admin"], "get", collection, 403)
        add([None], "get", collection, 401)
    # Concerns: the reporter's unit and social services' inbox.
    add(["larare", "socsek", "enhetschef"], "get", "/api/v1/concerns/{concern}/", 200)
    add(
        [p for p in EVERYONE if p not in {"larare", "socsek", "enhetschef"}],
        "get",
        "/api/v1/concerns/{concern}/",
        404,
    )
    add(["larare"], "post", "/api/v1/concerns/{concern}/acknowledge/", 403, {"feedback": "x"})
    add(["socsek"], "post", "/api/v1/concerns/{concern}/acknowledge/", 200, {"feedback": "x"})
    add(
        [p for p in EVERYONE if p not in {"larare", "socsek", "enhetschef"}],
        "post",
        "/api/v1/concerns/{concern}/acknowledge/",
        404,
        {"feedback": "x"},
    )
    # Requests: requester and holder see them, in every status.
    for status in ("submitted", "approved", "disclosed"):
        add(PARTIES, "get", f"/api/v1/sharing-requests/{{{status}}}/", 200)
        add(OUTSIDERS, "get", f"/api/v1/sharing-requests/{{{status}}}/", 404)
    decide = {"decision": "approve"}
    add(["enhetschef"], "post", "/api/v1/sharing-requests/{submitted}/decide/", 200, decide)
    add(["socsek"], "post", "/api/v1/sharing-requests/{submitted}/decide/", 403, decide)
    add(["polis.beslut"], "post", "/api/v1/sharing-requests/{submitted}/decide/", 403, decide)
    add(OUTSIDERS, "post", "/api/v1/sharing-requests/{submitted}/decide/", 404, decide)
    add(["enhetschef"], "post", "/api/v1/sharing-requests/{approved}/decide/", 409, decide)
    disclose = {"content": "Uppgift"}
    add(HOLDER, "post", "/api/v1/sharing-requests/{approved}/disclose/", 201, disclose)
    add(REQUESTER, "post", "/api/v1/sharing-requests/{approved}/disclose/", 403, disclose)
    add(OUTSIDERS, "post", "/api/v1/sharing-requests/{approved}/disclose/", 404, disclose)
    add(HOLDER, "post", "/api/v1/sharing-requests/{submitted}/disclose/", 409, disclose)
    add(REQUESTER, "post", "/api/v1/sharing-requests/{submitted}/withdraw/", 200, {})
    add(HOLDER, "post", "/api/v1/sharing-requests/{submitted}/withdraw/", 403, {})
    add(OUTSIDERS, "post", "/api/v1/sharing-requests/{submitted}/withdraw/", 404, {})
    add(HOLDER, "post", "/api/v1/sharing-requests/{submitted}/review/", 200, {})
    add(REQUESTER, "post", "/api/v1/sharing-requests/{submitted}/review/", 403, {})
    add(OUTSIDERS, "post", "/api/v1/sharing-requests/{submitted}/review/", 404, {})
    add(REQUESTER, "post", "/api/v1/sharing-requests/{disclosed}/close/", 200, {})
    add(OUTSIDERS, "post", "/api/v1/sharing-requests/{disclosed}/close/", 404, {})
    add(REQUESTER, "post", "/api/v1/sharing-requests/{submitted}/submit/", 409, {})
    add(OUTSIDERS, "post", "/api/v1/sharing-requests/{submitted}/submit/", 404, {})
    # Disclosures: the maker and the recipient only.
    add(PARTIES, "get", "/api/v1/disclosures/{disclosure}/", 200)
    add(OUTSIDERS, "get", "/api/v1/disclosures/{disclosure}/", 404)
    # Chronology: case members.
    add(
        ["socsek", "kommunpolis", "rektor", "enhetschef"],
        "get",
        "/api/v1/cases/{case}/chronology/",
        200,
    )
    add(
        [p for p in EVERYONE if p not in {"socsek", "kommunpolis", "rektor", "enhetschef"}],
        "get",
        "/api/v1/cases/{case}/chronology/",
        404,
    )
    return rows


@pytest.mark.parametrize(("persona", "method", "url", "body", "expected"), _rows())
def test_permission_matrix(personas, world, persona, method, url, body, expected):
    path = url.format(**world)
    client = personas.client(persona)
    response = (
        getattr(client, method)(path, body, format="json")
        if body is not None
        else getattr(client, method)(path)
    )
    assert response.status_code == expected, (persona, method, path, response.content[:300])


def test_requester_sees_no_content_before_disclosure(personas, world):
    police = personas.client("kommunpolis")
    for key in ("submitted", "approved"):
        seen = police.get(f"/api/v1/sharing-requests/{world[key]}/").json()
        assert seen["disclosure"] is None
        assert "content" not in str(seen)
    assert [d["id"] for d in police.get("/api/v1/disclosures/").json()["results"]] == [
        world["disclosure"]
    ]
