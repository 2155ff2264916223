"""The pages pass the same permission matrix as the API (issue 7, must-show 5): every row is
(persona, method, page, expected status); what a persona may not see is a 404 page, what their
role may not do at all a 403 page, and a visitor who is not signed in goes to the login page.
The world is built once per module (``module_db``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from tests.web.world import EVERYONE, OPERATIONAL, World, build_world, page_client

pytestmark = pytest.mark.django_db

NOT_OPERATIONAL = ["granskare", "admin"]
CASE_MEMBERS = ["socsek", "rektor", "kommunpolis", "enhetschef"]
NOT_CASE_MEMBERS = [p for p in EVERYONE if p not in CASE_MEMBERS]
# Those who see the young person: social services (registered them), the case members, and
# the police unit that received a disclosure about them.
SEE_YP = [*CASE_MEMBERS, "polis.beslut"]
REQUEST_PARTIES = ["socsek", "enhetschef", "kommunpolis", "polis.beslut"]


@pytest.fixture(scope="module")
def world(module_db) -> World:
    return build_world(module_db)


def _rows() -> list[tuple[str | None, str, str, dict[str, Any] | None, int]]:
    rows: list[tuple[str | None, str, str, dict[str, Any] | None, int]] = []

    def add(
        who: Sequence[str | None],
        path: str,
        status: int,
        method: str = "get",
        data: dict[str, Any] | None = None,
    ) -> None:
        rows.extend((p, method, path, data, status) for p in who)

    def others(*allowed: Sequence[str]) -> list[str]:
        return [p for p in EVERYONE if not any(p in group for group in allowed)]

    # Start page and login
    add(EVERYONE, "/", 200)
    add([None], "/", 302)
    add([None], "/login/", 200)

    # Lists: operational roles only (auditors and administrators never read case content)
    for path in ("/concerns/", "/concerns/new/", "/cases/", "/requests/", "/disclosures/"):
        add(OPERATIONAL, path, 200)
        add(NOT_OPERATIONAL, path, 403)
        add([None], path, 302)
    add(OPERATIONAL, "/requests/?box=outbox", 200)

    # One concern: the reporter and the receiving unit
    concern_sees = ["larare", "socsek", "enhetschef"]
    add(concern_sees, "/concerns/{concern}/", 200)
    add(others(concern_sees), "/concerns/{concern}/", 404)
    add([None], "/concerns/{concern}/", 302)
    add(["larare"], "/concerns/{concern}/", 403, "post", {"feedback": "Tack."})
    add(["kommunpolis", "grannby.socsek", "granskare"], "/concerns/{concern}/", 404, "post", {})

    # The young person (the API's rules), and social services' update
    add(SEE_YP, "/young-people/{yp}/", 200)
    add(others(SEE_YP), "/young-people/{yp}/", 404)
    add(["socsek", "enhetschef"], "/young-people/{yp}/edit/", 200)
    add(["rektor", "kommunpolis", "polis.beslut"], "/young-people/{yp}/edit/", 403)
    add(others(SEE_YP), "/young-people/{yp}/edit/", 404)
    add(OPERATIONAL, "/young-people/new/", 200)
    add(NOT_OPERATIONAL, "/young-people/new/", 403)
    add([None], "/young-people/new/", 302)
    add(SEE_YP, "/young-people/{yp}/disclose/", 200)
    add(others(SEE_YP), "/young-people/{yp}/disclose/", 404)
    add(others(["grannby.socsek"]), "/young-people/{grannby_yp}/", 404)
    add(["grannby.socsek"], "/young-people/{grannby_yp}/", 200)
    add(SEE_YP, "/cases/new/?young_person={yp}", 200)
    add(NOT_OPERATIONAL, "/cases/new/?young_person={yp}", 403)
    add(
        [p for p in OPERATIONAL if p not in SEE_YP],
        "/cases/new/?young_person={yp}",
        404,
    )

    # The case workspace: members only
    for path in (
        "/cases/{case}/",
        "/cases/{case}/chronology/",
        "/cases/{case}/consents/",
        "/cases/{case}/consents/new/",
        "/cases/{case}/requests/",
        "/cases/{case}/requests/new/",
    ):
        add(CASE_MEMBERS, path, 200)
        add(NOT_CASE_MEMBERS, path, 404)
        add([None], path, 302)
    add(CASE_MEMBERS, "/cases/{case}/requests/check/", 200, "post", {})
    add(NOT_CASE_MEMBERS, "/cases/{case}/requests/check/", 404, "post", {})
    add(["kommunpolis"], "/cases/{case}/members/{rektor}/remove/", 403, "post", {})
    add(NOT_CASE_MEMBERS, "/cases/{case}/members/{rektor}/remove/", 404, "post", {})
    add(["rektor"], "/cases/{case}/members/{rektor}/remove/", 302, "post", {})  # leaving

    # Meetings and action items: case members; the plan: social services' members of the case
    for path in ("/cases/{case}/meetings/", "/meetings/{meeting}/", "/action-items/{item}/"):
        add(CASE_MEMBERS, path, 200)
        add(NOT_CASE_MEMBERS, path, 404)
        add([None], path, 302)
    add(["socsek", "enhetschef"], "/cases/{case}/plan/", 200)
    add(["rektor", "kommunpolis"], "/cases/{case}/plan/", 403)
    add(NOT_CASE_MEMBERS, "/cases/{case}/plan/", 404)
    add(["rektor", "kommunpolis"], "/cases/{case}/plan/", 403, "post", {"part": "goal"})
    add(EVERYONE, "/notifications/", 200)
    add([None], "/notifications/", 302)
    add(["kommunpolis"], "/notifications/{notification}/open/", 302, "post", {})
    add(["socsek", "granskare"], "/notifications/{notification}/open/", 404, "post", {})

    # Requests: the requesting and the holding unit
    add(REQUEST_PARTIES, "/requests/{submitted}/", 200)
    add(others(REQUEST_PARTIES), "/requests/{submitted}/", 404)
    add(["enhetschef"], "/requests/{submitted}/decide/", 200)
    add(["socsek", "kommunpolis", "polis.beslut"], "/requests/{submitted}/decide/", 403)
    add(others(REQUEST_PARTIES), "/requests/{submitted}/decide/", 404)
    add(
        ["socsek", "kommunpolis"],
        "/requests/{submitted}/decide/",
        403,
        "post",
        {"decision": "approve"},
    )
    add(["rektor", "granskare"], "/requests/{submitted}/decide/", 404, "post", {})
    add(["socsek", "enhetschef"], "/requests/{approved}/disclose/", 200)
    add(["kommunpolis", "polis.beslut"], "/requests/{approved}/disclose/", 403)
    add(others(REQUEST_PARTIES), "/requests/{approved}/disclose/", 404)
    add(["kommunpolis"], "/requests/{submitted}/review/", 403, "post", {})
    add(["socsek"], "/requests/{submitted}/review/", 302, "post", {})
    add(others(REQUEST_PARTIES), "/requests/{submitted}/withdraw/", 404, "post", {})

    # Disclosures: the holder that made it and the recipient
    add(REQUEST_PARTIES, "/disclosures/{disclosure}/", 200)
    add(others(REQUEST_PARTIES), "/disclosures/{disclosure}/", 404)

    # The auditor's pages: auditors only (403 for every other role), their municipality only
    for path in (
        "/audit/",
        "/audit/access-report/",
        "/audit/young-people/{yp}/",
        "/audit/verify/",
        "/audit/anomalies/",
    ):
        add(["granskare"], path, 200)
        add([p for p in EVERYONE if p != "granskare"], path, 403)
        add([None], path, 302)
    add(["granskare"], "/audit/young-people/{grannby_yp}/", 404)
    add(["granskare"], "/audit/?young_person={grannby_yp}", 400)

    # Unknown and malformed ids are the same 404
    add(["socsek"], "/cases/00000000-0000-0000-0000-000000000000/", 404)
    add(["socsek"], "/no-such-page/", 404)
    return rows


@pytest.mark.parametrize(("persona", "method", "path", "data", "expected"), _rows())
def test_page_permission_matrix(personas, world, persona, method, path, data, expected):
    url = path.format(**world.ids(personas))
    client = page_client(personas, persona)
    response = getattr(client, method)(url, data or {})
    assert response.status_code == expected, (persona, method, url, response.content[:400])
    if expected == 302 and persona is None:
        assert response["Location"].startswith("/login/?next=")
    if expected in (403, 404):
        assert b"<main" in response.content  # a page, not a bare error
