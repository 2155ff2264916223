"""The permission matrix of the foundation's endpoints (conventions.md, issue 2 must-show 2).

Every row is (persona, method, url, expected status). Other agencies and other municipalities
get 404 for objects they may not see; the administrator and the auditor never read young
people or cases. A new endpoint is not done until it has its rows here.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pytest

from backend.people.identity import synthetic_number
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
EVERYONE = [*OPERATIONAL, "granskare", "admin"]
CASE_MEMBERS = ["socsek", "rektor", "kommunpolis"]


@dataclass
class World:
    yp: Any  # Exempelby young person, registered by social services, in a case
    case: Any
    grannby_yp: Any


@pytest.fixture(scope="module")
def world(module_db) -> World:
    """Built once for the module; every row runs in its own savepoint on top of it."""
    personas = module_db
    yp = create_young_person(personas, "socsek")
    case = create_case(personas, yp, members=("rektor", "kommunpolis"))
    grannby_yp = create_young_person(personas, "grannby.socsek", family_name="Grannbysson")
    return World(yp=yp, case=case, grannby_yp=grannby_yp)


def _rows() -> list[tuple[str | None, str, str, Any, int]]:
    rows: list[tuple[str | None, str, str, Any, int]] = []

    def add(personas_: Sequence[str | None], method: str, url: str, status: int, body: Any = None):
        rows.extend((p, method, url, body, status) for p in personas_)

    # Identity and directory
    add(EVERYONE, "get", "/api/v1/me/", 200)
    add(EVERYONE, "get", "/api/v1/units/", 200)
    add([None], "get", "/api/v1/me/", 401)
    add([None], "get", "/api/v1/units/", 401)

    # Young people: collection
    add(OPERATIONAL, "get", "/api/v1/young-people/", 200)
    add(["granskare", "admin"], "get", "/api/v1/young-people/", 403)
    add([None], "get", "/api/v1/young-people/", 401)
    add(OPERATIONAL, "post", "/api/v1/young-people/", 201, "new_young_person")
    add(["granskare", "admin"], "post", "/api/v1/young-people/", 403, "new_young_person")
    add([None], "post", "/api/v1/young-people/", 401, "new_young_person")

    # Young people: one record (known to social services; rektor and kommunpolis via the case)
    see = ["socsek", "enhetschef", "rektor", "kommunpolis"]
    hidden = [p for p in EVERYONE if p not in see]
    add(see, "get", "/api/v1/young-people/{yp}/", 200)
    add(hidden, "get", "/api/v1/young-people/{yp}/", 404)
    add([None], "get", "/api/v1/young-people/{yp}/", 401)
    add(["socsek", "enhetschef"], "patch", "/api/v1/young-people/{yp}/", 200, {"given_name": "Y"})
    add(["rektor", "kommunpolis"], "patch", "/api/v1/young-people/{yp}/", 403, {"given_name": "Y"})
    add(hidden, "patch", "/api/v1/young-people/{yp}/", 404, {"given_name": "Y"})
    # Another municipality's young person
    add(
        [p for p in EVERYONE if p != "grannby.socsek"],
        "get",
        "/api/v1/young-people/{grannby_yp}/",
        404,
    )
    add(["grannby.socsek"], "get", "/api/v1/young-people/{grannby_yp}/", 200)

    # Cases: collection
    add(OPERATIONAL, "get", "/api/v1/cases/", 200)
    add(["granskare", "admin"], "get", "/api/v1/cases/", 403)
    add([None], "get", "/api/v1/cases/", 401)
    add(["socsek", "enhetschef"], "post", "/api/v1/cases/", 201, "new_case")
    # The young person is unknown to them: bad input naming the field, and an audited denial.
    add(
        ["larare", "kurator", "friskola.mentor", "polis.beslut", "samordnare", "grannby.socsek"],
        "post",
        "/api/v1/cases/",
        400,
        "new_case",
    )
    # They see the young person (case members) but cannot lead from a unit they are not in.
    add(["rektor", "kommunpolis"], "post", "/api/v1/cases/", 403, "new_case")
    add(["granskare", "admin"], "post", "/api/v1/cases/", 403, "new_case")

    # Cases: one case
    not_members = [p for p in EVERYONE if p not in CASE_MEMBERS]
    add(CASE_MEMBERS, "get", "/api/v1/cases/{case}/", 200)
    add(not_members, "get", "/api/v1/cases/{case}/", 404)
    add([None], "get", "/api/v1/cases/{case}/", 401)
    add(["socsek"], "post", "/api/v1/cases/{case}/members/", 201, "new_member")
    add(["rektor", "kommunpolis"], "post", "/api/v1/cases/{case}/members/", 403, "new_member")
    add(not_members, "post", "/api/v1/cases/{case}/members/", 404, "new_member")
    add(["socsek"], "delete", "/api/v1/cases/{case}/members/{rektor}/", 204)
    add(["kommunpolis"], "delete", "/api/v1/cases/{case}/members/{rektor}/", 403)
    add(["rektor"], "delete", "/api/v1/cases/{case}/members/{rektor}/", 204)  # leaving
    add(not_members, "delete", "/api/v1/cases/{case}/members/{rektor}/", 404)

    add(["socsek"], "post", "/api/v1/cases/{case}/status/", 200, {"status": "paused"})
    add(
        ["rektor", "kommunpolis"], "post", "/api/v1/cases/{case}/status/", 403, {"status": "paused"}
    )
    add(not_members, "post", "/api/v1/cases/{case}/status/", 404, {"status": "paused"})

    # Operations
    add([None], "get", "/healthz", 200)
    return rows


def _body(kind: Any, personas, world: World) -> Any:
    if kind == "new_young_person":
        return {
            "personnummer": synthetic_number(datetime.date(2013, 5, 5), 555),
            "given_name": "Ny",
            "family_name": "Person",
        }
    if kind == "new_case":
        return {
            "young_person": str(world.yp.pk),
            "lead_unit": str(personas.unit("IFO Barn och unga").pk),
            "participating_units": [str(personas.unit("Exempelskolan rektor").pk)],
        }
    if kind == "new_member":
        return {
            "user": str(personas["enhetschef"].pk),
            "unit": str(personas.unit("IFO Barn och unga").pk),
        }
    return kind


@pytest.mark.parametrize(("persona", "method", "url", "body", "expected"), _rows())
def test_permission_matrix(personas, world, persona, method, url, body, expected):
    path = url.format(
        yp=world.yp.pk,
        case=world.case.pk,
        grannby_yp=world.grannby_yp.pk,
        rektor=personas["rektor"].pk,
    )
    client = personas.client(persona)
    payload = _body(body, personas, world)
    response = (
        getattr(client, method)(path, payload, format="json")
        if payload
        else getattr(client, method)(path)
    )
    assert response.status_code == expected, (persona, method, path, response.content[:300])
    if expected >= 400:
        assert response["Content-Type"] == "application/problem+json"
