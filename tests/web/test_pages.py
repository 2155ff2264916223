"""The pages' behaviour without a browser: sign-in and idle timeout, CSRF on every form,
audit events exactly like the API's (one per detail page, one per list with the ids shown,
denials), domain errors as pages that keep the user's input, and the live answer."""

from __future__ import annotations

import datetime
import re
from html.parser import HTMLParser

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from audit.models import AuditEvent
from tests.conftest import PASSWORD, create_case, create_young_person
from tests.web.world import World, build_world, page_client
from workflows.sharing.models import Concern, SharingRequest

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(module_db) -> World:
    return build_world(module_db)


def _events_after(mark: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(id__gt=mark).order_by("id"))


def _mark() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


# --- signing in and out ------------------------------------------------------------------


def test_signing_in_and_out_is_audited(personas):
    client = Client()
    mark = _mark()
    response = client.post("/login/", {"username": "socsek", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert client.get("/logout/").status_code == 405  # a link cannot sign anybody out
    assert client.post("/logout/").status_code == 302
    assert client.get("/").status_code == 302
    events = [(e.action, e.actor_username, e.payload.get("channel")) for e in _events_after(mark)]
    assert ("auth.login", "socsek", "web") in events
    assert ("auth.logout", "socsek", "web") in events


def test_a_failed_sign_in_says_so_and_is_audited(personas):
    mark = _mark()
    response = Client().post("/login/", {"username": "socsek", "password": "wrong"})
    assert response.status_code == 200
    assert "Fel användarnamn eller lösenord" in response.content.decode()
    (event,) = _events_after(mark)
    assert (event.action, event.outcome, event.payload) == (
        "auth.login_failed",
        "denied",
        {"channel": "web"},
    )


def test_a_session_expires_after_the_configured_idle_time(personas):
    idle = settings.SESSION_COOKIE_AGE
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client = Client()
        client.post("/login/", {"username": "larare", "password": PASSWORD})
        # Each request renews the idle timer (SESSION_SAVE_EVERY_REQUEST)...
        for _ in range(3):
            clock.shift(datetime.timedelta(seconds=idle * 0.6))
            assert client.get("/").status_code == 200
        # ...and a pause longer than the idle time signs the user out.
        clock.shift(datetime.timedelta(seconds=idle + 1))
        response = client.get("/concerns/new/")
        assert response.status_code == 302
        assert response["Location"] == "/login/?next=/concerns/new/"


def test_the_idle_time_comes_from_session_idle_seconds():
    import subprocess
    import sys

    script = "from django.conf import settings; print(settings.SESSION_COOKIE_AGE)"
    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "backend.settings.base",
            "SESSION_IDLE_SECONDS": "900",
            "SAMVERKA_VAR_DIR": str(settings.VAR_DIR),
        },
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    )
    assert out.stdout.strip() == "900"


def test_an_htmx_request_without_a_session_sends_the_whole_page_to_sign_in(world):
    response = Client().post(
        f"/cases/{world.case.pk}/requests/check/", {}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith("/login/?next=")


# --- CSRF --------------------------------------------------------------------------------


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, object]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "form":
            self.forms.append({"method": (values.get("method") or "get").lower(), "csrf": False})
        elif tag == "input" and values.get("name") == "csrfmiddlewaretoken" and self.forms:
            self.forms[-1]["csrf"] = True


FORM_PAGES = [
    ("larare", "/concerns/new/"),
    ("socsek", "/concerns/{concern}/"),
    ("socsek", "/young-people/{yp}/edit/"),
    ("socsek", "/cases/new/?young_person={yp}"),
    ("socsek", "/cases/{case}/"),
    ("socsek", "/cases/{case}/consents/"),
    ("socsek", "/cases/{case}/consents/new/"),
    ("kommunpolis", "/cases/{case}/requests/new/"),
    ("kommunpolis", "/requests/{submitted}/"),
    ("enhetschef", "/requests/{submitted}/decide/"),
    ("socsek", "/requests/{approved}/disclose/"),
    ("socsek", "/"),
    ("socsek", "/cases/{case}/meetings/"),
    ("socsek", "/meetings/{meeting}/"),
    ("kommunpolis", "/action-items/{item}/"),
    ("socsek", "/cases/{case}/plan/"),
    ("kommunpolis", "/notifications/"),
    ("granskare", "/audit/access-report/"),
]


@pytest.mark.parametrize(("persona", "path"), FORM_PAGES)
def test_every_post_form_carries_a_csrf_token(personas, world, persona, path):
    url = path.format(**world.ids(personas))
    response = page_client(personas, persona).get(url)
    assert response.status_code == 200
    parser = _Forms()
    parser.feed(response.content.decode())
    posts = [f for f in parser.forms if f["method"] == "post"]
    assert posts, url
    assert all(f["csrf"] for f in posts), (url, posts)


POSTS = [
    ("larare", "/concerns/new/"),
    ("socsek", "/concerns/{concern}/"),
    ("socsek", "/young-people/{yp}/edit/"),
    ("socsek", "/cases/new/?young_person={yp}"),
    ("socsek", "/cases/{case}/"),
    ("socsek", "/cases/{case}/consents/"),
    ("socsek", "/cases/{case}/consents/new/"),
    ("socsek", "/cases/{case}/members/{rektor}/remove/"),
    ("kommunpolis", "/cases/{case}/requests/new/"),
    ("kommunpolis", "/cases/{case}/requests/check/"),
    ("socsek", "/requests/{submitted}/review/"),
    ("enhetschef", "/requests/{submitted}/decide/"),
    ("socsek", "/requests/{approved}/disclose/"),
    ("socsek", "/logout/"),
    ("socsek", "/i18n/setlang/"),
    ("granskare", "/audit/access-report/"),
    ("socsek", "/cases/{case}/meetings/"),
    ("socsek", "/meetings/{meeting}/"),
    ("kommunpolis", "/action-items/{item}/"),
    ("socsek", "/cases/{case}/plan/"),
    ("kommunpolis", "/notifications/{notification}/open/"),
    (None, "/login/"),
]


@pytest.mark.parametrize(("persona", "path"), POSTS)
def test_a_post_without_the_csrf_token_is_refused(personas, world, persona, path):
    client = Client(enforce_csrf_checks=True)
    if persona:
        client.force_login(personas[persona])
    mark = _mark()
    response = client.post(path.format(**world.ids(personas)), {"language": "en"})
    assert response.status_code == 403
    assert [e.action for e in _events_after(mark)] == []  # nothing happened


# --- audit: the same events as the API ---------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "path", "action", "object_key"),
    [
        ("socsek", "/cases/{case}/", "case.viewed", "case"),
        ("socsek", "/cases/{case}/chronology/", "case.chronology_viewed", "case"),
        ("socsek", "/young-people/{yp}/", "young_person.viewed", "yp"),
        ("larare", "/concerns/{concern}/", "concern.viewed", "concern"),
        ("kommunpolis", "/requests/{submitted}/", "sharing_request.viewed", "submitted"),
        ("enhetschef", "/requests/{submitted}/decide/", "sharing_request.viewed", "submitted"),
        ("kommunpolis", "/disclosures/{disclosure}/", "disclosure.viewed", "disclosure"),
        ("kommunpolis", "/meetings/{meeting}/", "meeting.viewed", "meeting"),
        ("kommunpolis", "/action-items/{item}/", "action_item.viewed", "item"),
        ("socsek", "/cases/{case}/plan/", "case_plan.viewed", "case"),
    ],
)
def test_a_detail_page_writes_one_event(personas, world, persona, path, action, object_key):
    ids = world.ids(personas)
    mark = _mark()
    assert page_client(personas, persona).get(path.format(**ids)).status_code == 200
    (event,) = [e for e in _events_after(mark) if not e.action.startswith("auth.")]
    assert event.action == action
    assert event.object_id == str(ids[object_key])
    assert event.outcome == "allowed"


def test_a_list_page_writes_one_event_with_the_ids_shown(personas, world):
    mark = _mark()
    response = page_client(personas, "enhetschef").get("/requests/?box=inbox")
    shown = set(re.findall(r'href="/requests/([0-9a-f-]{36})/"', response.content.decode()))
    (event,) = _events_after(mark)
    assert event.action == "sharing_request.listed"
    assert set(event.payload["ids"]) == shown
    assert shown == {str(world.submitted.pk), str(world.approved.pk)} | {
        str(r.pk) for r in SharingRequest.objects.filter(status="disclosed")
    }


def test_the_start_page_writes_one_event_per_list(personas, world):
    mark = _mark()
    page_client(personas, "socsek").get("/")
    events = _events_after(mark)
    assert sorted(e.action for e in events) == [
        "action_item.listed",
        "case.listed",
        "concern.listed",
        "disclosure.listed",
        "meeting.listed",
        "notification.listed",
        "sharing_request.listed",
        "sharing_request.listed",
    ]
    concerns = next(e for e in events if e.action == "concern.listed")
    assert concerns.payload["ids"] == [str(world.concern.pk)]


def test_a_page_the_user_may_not_see_is_a_404_and_a_denial_in_the_log(personas, world):
    mark = _mark()
    response = page_client(personas, "larare").get(f"/cases/{world.case.pk}/")
    assert response.status_code == 404
    assert "finns inte, eller så saknar du behörighet" in response.content.decode()
    (event,) = _events_after(mark)
    assert (event.action, event.outcome, event.object_type, event.object_id) == (
        "access.denied",
        "denied",
        "case",
        str(world.case.pk),
    )
    assert event.payload["path"] == f"/cases/{world.case.pk}/"


def test_a_role_that_may_not_decide_gets_a_403_page_and_a_denial(personas, world):
    mark = _mark()
    response = page_client(personas, "socsek").get(f"/requests/{world.submitted.pk}/decide/")
    assert response.status_code == 403
    assert "Endast en beslutsfattare" in response.content.decode()
    (event,) = _events_after(mark)
    assert (event.action, event.payload["reason"]) == ("access.denied", "not_decision_maker")


def test_a_decision_the_engine_does_not_allow_keeps_the_input_and_is_audited(personas, world):
    mark = _mark()
    response = page_client(personas, "enhetschef").post(
        f"/requests/{world.submitted.pk}/decide/",
        {
            "decision": "partly_approve",
            "categories": ["family_situation"],
            "assessment": "Min bedömning som inte får försvinna.",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Min bedömning som inte får försvinna." in html
    assert "Alla kategorier beviljas" in html
    refused = [e for e in _events_after(mark) if e.action == "sharing_request.decision_refused"]
    assert [e.outcome for e in refused] == ["denied"]
    world.submitted.refresh_from_db()
    assert world.submitted.status == "submitted"


def test_bad_input_on_the_concern_form_keeps_everything_typed(personas):
    mark = _mark()
    response = page_client(personas, "larare").post(
        "/concerns/new/",
        {
            "personnummer": "20110230-1234",
            "given_name": "Elvira",
            "family_name": "Exempel",
            "from_unit": str(personas.unit("Exempelskolan undervisning").pk),
            "observations": "Lång text som läraren skrev på mobilen.",
            "categories": ["absence"],
            "urgency": "urgent",
            "child_at_risk": "on",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Födelsedatumet i numret finns inte" in html
    assert "Lång text som läraren skrev på mobilen." in html
    assert 'value="20110230-1234"' in html
    assert not Concern.objects.filter(observations__startswith="Lång text").exists()
    # Nothing written; the only event is the list of known pupils shown again on the form.
    assert {e.action for e in _events_after(mark)} <= {"young_person.listed"}


def test_a_workflow_conflict_is_a_clear_message(personas, world):
    response = page_client(personas, "kommunpolis").post(f"/requests/{world.approved.pk}/submit/")
    assert response.status_code == 409
    assert "kan inte gå från" in response.content.decode()


# --- the live answer ---------------------------------------------------------------------


def test_the_live_answer_runs_the_engine_and_is_audited_as_a_check(personas, world):
    client = page_client(personas, "kommunpolis")
    url = f"/cases/{world.case.pk}/requests/check/"
    data = {
        "from_unit": str(personas.unit("Kommunpolis Exempelby").pk),
        "to_unit": str(personas.unit("IFO Barn och unga").pk),
        "categories": ["family_situation", "health"],
        "purpose": "support_planning",
    }
    mark = _mark()
    response = client.post(url, data, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html  # a fragment for the page to swap in
    assert 'data-category="family_situation" data-outcome="ALLOW"' in html
    (event,) = _events_after(mark)
    assert event.action == "disclosure_check.evaluated"
    assert event.payload["mode"] == "request_preview"
    assert event.young_person_id == world.yp.pk

    mark = _mark()
    incomplete = client.post(url, {"to_unit": data["to_unit"]}, headers={"HX-Request": "true"})
    assert "så visas svaret här" in incomplete.content.decode()
    assert _events_after(mark) == []


def test_the_request_form_works_without_javascript(personas, world):
    client = page_client(personas, "kommunpolis")
    response = client.post(
        f"/cases/{world.case.pk}/requests/new/",
        {
            "from_unit": str(personas.unit("Kommunpolis Exempelby").pk),
            "to_unit": str(personas.unit("IFO Barn och unga").pk),
            "categories": ["family_situation"],
            "purpose": "support_planning",
            "urgency": "normal",
            "reason": "Behövs.",
            "check": "1",
        },
    )
    assert response.status_code == 200
    assert 'data-outcome="ALLOW"' in response.content.decode()
    assert 'value="Behövs."' in response.content.decode() or "Behövs." in response.content.decode()


# --- protected identity ------------------------------------------------------------------


def test_protected_identity_is_respected_on_the_young_person_page(personas):
    protected = create_young_person(personas, "socsek", protected_identity=True, given_name="Ida")
    create_case(personas, protected, members=("rektor",))
    social = page_client(personas, "socsek").get(f"/young-people/{protected.pk}/")
    school = page_client(personas, "rektor").get(f"/young-people/{protected.pk}/")
    full = protected.display_personnummer
    assert full in social.content.decode()
    assert "Anna Testsson" in social.content.decode()
    assert full not in school.content.decode()
    assert protected.masked_personnummer in school.content.decode()
    assert "Anna Testsson" not in school.content.decode()
    assert "Visas bara för socialtjänsten" in school.content.decode()


# --- language ----------------------------------------------------------------------------


def test_swedish_by_default_and_english_when_chosen(personas):
    client = page_client(personas, "larare")
    swedish = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert '<html lang="sv">' in swedish.content.decode()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/concerns/new/"})
    assert response.status_code == 302
    assert response["Location"] == "/concerns/new/"
    english = client.get("/concerns/new/").content.decode()
    assert '<html lang="en">' in english
    assert "Report a concern about a child" in english


def test_sign_in_attempts_are_throttled_like_the_api(personas, settings):
    client = Client()
    rate = int(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["login"].split("/")[0])
    wrong = {"username": "socsek", "password": "wrong"}
    for _ in range(rate):
        assert client.post("/login/", wrong).status_code == 200
    response = client.post("/login/", {"username": "socsek", "password": PASSWORD})
    assert response.status_code == 429
    assert "För många inloggningsförsök" in response.content.decode()


# --- the auditor's pages -----------------------------------------------------------------


def test_the_auditors_search_is_audited_like_the_api_and_shows_no_content(personas, world):
    client = page_client(personas, "granskare")
    mark = _mark()
    response = client.get("/audit/", {"young_person": str(world.yp.pk)})
    html = response.content.decode()
    assert response.status_code == 200
    shown = [int(seq) for seq in re.findall(r'<span class="meta">#(\d+)</span>', html)]
    (event,) = _events_after(mark)
    assert event.action == "audit.events_listed"
    assert event.young_person_id == world.yp.pk
    assert event.payload["seqs"] == shown
    assert event.payload["filters"]["young_person"] == str(world.yp.pk)
    # Metadata only: neither names, numbers nor anything written in the case.
    for content in ("Vera", world.yp.display_personnummer, "Familjen har stöd"):
        assert content not in html
    assert "<svg" in html  # the chart of events and denials


def test_the_access_report_by_personnummer(personas, world):
    client = page_client(personas, "granskare")
    response = client.post("/audit/access-report/", {"personnummer": world.yp.display_personnummer})
    assert response.status_code == 302
    assert response["Location"] == f"/audit/young-people/{world.yp.pk}/"
    mark = _mark()
    report = client.get(response["Location"]).content.decode()
    for username in ("socsek", "kommunpolis", "enhetschef"):
        assert f"<td>{username}</td>" in report
    (event,) = _events_after(mark)
    assert (event.action, event.object_id) == ("audit.access_report_viewed", str(world.yp.pk))


def test_the_personnummer_search_leads_to_the_events_by_id(personas, world):
    client = page_client(personas, "granskare")
    number = world.yp.display_personnummer
    response = client.post("/audit/access-report/", {"personnummer": number, "show": "events"})
    assert response.status_code == 302
    assert response["Location"] == f"/audit/?young_person={world.yp.pk}"  # never the number


def test_an_access_report_for_someone_outside_the_chain_is_refused_and_audited(personas, world):
    client = page_client(personas, "granskare")
    mark = _mark()
    response = client.post(
        "/audit/access-report/", {"personnummer": world.grannby_yp.display_personnummer}
    )
    assert response.status_code == 400
    assert "Ingen ung person i kommunen" in response.content.decode()
    (event,) = _events_after(mark)
    assert (event.action, event.outcome) == ("access.denied", "denied")


def test_verification_and_anomalies_are_audited(personas, world):
    client = page_client(personas, "granskare")
    mark = _mark()
    verify = client.get("/audit/verify/").content.decode()
    assert 'data-verify="ok"' in verify
    anomalies = client.get("/audit/anomalies/")
    assert anomalies.status_code == 200
    events = _events_after(mark)
    assert [e.action for e in events] == ["audit.verified", "audit.anomalies_viewed"]
    assert events[0].payload["channel"] == "web"
    assert events[0].payload["ok"] is True
    too_long = client.get("/audit/anomalies/", {"since": "2026-01-01", "until": "2026-12-31"})
    assert too_long.status_code == 400


# --- meetings, action items, the plan, notifications -------------------------------------


def test_a_meeting_with_an_action_item_is_planned_through_the_pages(personas, world):
    client = page_client(personas, "socsek")
    day = timezone.localdate() + datetime.timedelta(days=10)
    response = client.post(
        f"/cases/{world.case.pk}/meetings/",
        {
            "day": day.isoformat(),
            "starts": "09:00",
            "ends": "10:00",
            "location": "Skolan",
            "participants": [f"user:{personas['socsek'].pk}", f"user:{personas['rektor'].pk}"],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting_url = response["Location"]
    response = client.post(
        meeting_url,
        {
            "form": "item",
            "item-title": "Boka uppföljning med mentor",
            "item-owner": str(personas["rektor"].pk),
            "item-due_on": day.isoformat(),
        },
    )
    assert response.status_code == 302
    rektor_start = page_client(personas, "rektor").get("/").content.decode()
    assert "Boka uppföljning med mentor" in rektor_start  # "my action items"
    assert day.isoformat() in rektor_start  # "upcoming meetings"


def test_a_meeting_that_ends_before_it_starts_keeps_the_input(personas, world):
    response = page_client(personas, "socsek").post(
        f"/cases/{world.case.pk}/meetings/",
        {"day": "2099-01-01", "starts": "10:00", "ends": "09:00", "agenda": "Min dagordning."},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Mötet måste sluta efter att det har börjat." in html
    assert "Min dagordning." in html


def test_a_not_recommended_intervention_needs_a_confirmation_then_is_flagged(personas, world):
    client = page_client(personas, "socsek")
    url = f"/cases/{world.case.pk}/plan/"
    data = {
        "part": "intervention",
        "version": "1",
        "intervention-code": "scared_straight",
        "intervention-ends_on": "2099-01-01",
    }
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "Socialstyrelsen avråder från den här insatsen" in refused.content.decode()
    mark = _mark()
    confirmed = client.post(url, {**data, "intervention-confirm_not_recommended": "on"})
    assert confirmed.status_code == 302
    actions = [e.action for e in _events_after(mark)]
    assert actions == ["case_plan.updated", "case_plan.not_recommended_intervention"]
    assert "flaggat för uppföljning" in client.get(url).content.decode()


def test_a_plan_changed_by_someone_else_meanwhile_is_a_conflict(personas, world):
    response = page_client(personas, "socsek").post(
        f"/cases/{world.case.pk}/plan/",
        {
            "part": "goal",
            "version": "0",  # what the page showed before someone else saved
            "goal-who": "parents",
            "goal-behaviour": "Följer med till skolan på måndagar.",
        },
    )
    assert response.status_code == 409
    assert "Planen har ändrats av någon annan" in response.content.decode()


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(personas, world):
    client = page_client(personas, "kommunpolis")
    response = client.post(f"/notifications/{world.notification.pk}/open/")
    assert response.status_code == 302
    assert response["Location"] == f"/meetings/{world.meeting.pk}/"
    world.notification.refresh_from_db()
    assert world.notification.read_at is not None
    assert client.get(response["Location"]).status_code == 200
