"""The sharing journey of issue 5, done through the pages in a real browser (issue 7,
must-show 1), with the accessibility check of must-show 2 on the pages it passes:

a teacher (on a phone) first tries to send a concern the law does not let through and is told
why and what would make it lawful; then sends it as a concern report → social services
acknowledges, records the guardians, opens a case, adds members and records consent from the
15-year-old and both guardians → the kommunpolis asks for family situation and social services
measures, with the live answer from the engine → the enhetschef sees the engine's explanation
per category and releases part of the request → discloses → the kommunpolis reads exactly
what was released, with the consent versions it relied on → the auditor finds every step by
the pupil's personnummer, reads the access report and sees the chain verified.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from audit.models import AuditEvent
from backend.people.identity import synthetic_number
from backend.people.models import YoungPerson
from tests.conftest import PASSWORD
from tests.workflows.sharing.conftest import years_ago
from workflows.sharing.models import Concern, Disclosure, SharingRequest

pytestmark = [pytest.mark.django_db(transaction=True)]

CONTENT = "Familjen har stöd av socialtjänsten sedan oktober; föräldrarna deltar i SSP."


def test_the_sharing_journey_through_the_pages(site, personas):
    personnummer = synthetic_number(years_ago(15, plus_days=-60), 981)

    # --- 0. Keyboard only: the skip link comes first and is visible, then the sign-in form.
    visitor = site.new_context().new_page()
    visitor.goto(site.url("/login/"))
    site.shot(visitor, "00-login")
    visitor.keyboard.press("Tab")
    skip = visitor.get_by_role("link", name="Hoppa till innehållet")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    assert skip.evaluate("e => getComputedStyle(e).outlineStyle") != "none"  # visible focus
    visitor.keyboard.press("Enter")
    visitor.keyboard.press("Tab")
    expect(visitor.get_by_label("Användarnamn")).to_be_focused()
    visitor.keyboard.type("samordnare")
    visitor.keyboard.press("Tab")
    visitor.keyboard.type(PASSWORD)
    visitor.keyboard.press("Enter")
    expect(visitor.get_by_role("heading", name="Hej Sam Samordnare")).to_be_visible()
    visitor.context.close()

    # --- 1. The teacher, on a phone: a concern without a ground is stopped and explained.
    teacher = site.as_user("larare", phone=True)
    site.assert_accessible(teacher)  # the start page
    site.shot(teacher, "01-start-teacher-phone")
    teacher.get_by_role("link", name="Anmäl oro för ett barn").click()
    expect(teacher.get_by_role("heading", name="Anmäl oro för ett barn")).to_be_visible()
    site.assert_accessible(teacher)  # the concern form
    site.shot(teacher, "02-concern-form-phone")
    teacher.get_by_label("Personnummer").fill(personnummer)
    teacher.get_by_label("Förnamn").fill("Elvira")
    teacher.get_by_label("Efternamn").fill("Exempel")
    teacher.get_by_label("Vad har du sett eller hört?").fill(
        "Har varit borta tre veckor; berättar om bråk hemma."
    )
    teacher.get_by_label("Aggressivitet").check()
    teacher.get_by_role("button", name="Skicka till socialtjänsten").click()

    refusal = teacher.locator(".answer")
    expect(teacher.get_by_role("heading", name=re.compile("inte skickas"))).to_be_visible()
    expect(refusal).to_have_attribute("data-outcome", "DENY")
    suggestions = teacher.locator(".suggestions li")
    expect(suggestions.filter(has_text="samtycke")).not_to_have_count(0)
    expect(suggestions.filter(has_text="orosanmälan")).not_to_have_count(0)
    # Nothing typed is lost.
    expect(teacher.get_by_label("Vad har du sett eller hört?")).to_have_value(
        "Har varit borta tre veckor; berättar om bråk hemma."
    )
    site.shot(teacher, "03-concern-refused-phone")
    assert not Concern.objects.exists()

    # The same form, now as a concern report (SoL 19 kap. 1 §).
    teacher.get_by_label("Aggressivitet").uncheck()
    teacher.get_by_label("Frånvaro").check()
    teacher.get_by_label("Våld").check()
    teacher.get_by_label("Brådskande").check()
    teacher.get_by_label("Jag misstänker att barnet far illa").check()
    teacher.get_by_role("button", name="Skicka till socialtjänsten").click()
    expect(teacher.get_by_text("Orosanmälan är skickad till socialtjänsten.")).to_be_visible()
    expect(teacher.get_by_text("Skickad till socialtjänsten", exact=True)).to_be_visible()
    concern = Concern.objects.get()
    young_person = YoungPerson.objects.get(pk=concern.young_person_id)

    # --- 2. Social services: inbox, acknowledgement, guardians, a case and its members.
    socsek = site.as_user("socsek")
    socsek.get_by_role("region", name="Oro för barn").get_by_role(
        "link", name="Elvira Exempel"
    ).click()
    socsek.get_by_label("Återkoppling till den som anmälde").fill(
        "Tack, vi har inlett en förhandsbedömning."
    )
    socsek.get_by_role("button", name="Bekräfta mottagandet").click()
    expect(socsek.get_by_text("Mottagen, återkoppling lämnad")).to_be_visible()

    socsek.get_by_role("link", name="Den unges uppgifter").click()
    socsek.get_by_role("link", name="Ändra uppgifter och vårdnadshavare").click()
    socsek.get_by_label("Gemensam vårdnad").check()
    first = socsek.get_by_role("group", name="Vårdnadshavare 1")
    first.get_by_label("Förnamn").fill("Anna")
    first.get_by_label("Efternamn").fill("Exempel")
    second = socsek.get_by_role("group", name="Vårdnadshavare 2")
    second.get_by_label("Förnamn").fill("Ali")
    second.get_by_label("Efternamn").fill("Exempel")
    socsek.get_by_role("button", name="Spara").click()
    expect(socsek.get_by_text("Anna Exempel (gemensam vårdnad)")).to_be_visible()

    socsek.get_by_role("link", name="Öppna samverkansärende").click()
    socsek.get_by_label("Polisen lokalpolisområde Exempelby: Kommunpolis Exempelby").check()
    socsek.get_by_label("Exempelskolan: Exempelskolan rektor").check()
    socsek.get_by_role("button", name="Öppna ärendet").click()
    expect(socsek.get_by_text("Ärendet är öppnat.")).to_be_visible()
    case_url = socsek.url
    for member in ("Kim Kommunpolis", "Erik Enhetschef"):
        socsek.get_by_label("Lägg till medlem").select_option(label=_option(socsek, member))
        socsek.get_by_role("button", name="Lägg till", exact=True).click()
        expect(socsek.get_by_text("Medlemmen är tillagd.")).to_be_visible()
    site.shot(socsek, "04-case-overview")

    # --- 3. Consent: who must consent today and why; one act per grantor; the receipt.
    socsek.get_by_role("link", name="Registrera samtycke").first.click()
    who = socsek.locator("[data-grantor]")
    expect(who).to_have_count(3)
    expect(who.filter(has_text="måste samtycka")).to_have_count(3)
    expect(socsek.get_by_text("Från 12 år bestämmer den unge och vårdnadshavarna")).to_be_visible()
    site.shot(socsek, "05-consent-capture")
    for grantor in ("Elvira Exempel", "Anna Exempel", "Ali Exempel"):
        form = socsek.locator("form[enctype]")
        expect(form.get_by_label(grantor)).to_be_checked()  # the next one still missing
        form.get_by_label("Muntligt").check()
        form.get_by_label("Vad lästes upp och bekräftades?").fill(
            "Familjesituation till kommunpolisen för SSP-planering, ett år."
        )
        form.get_by_label("Polisen lokalpolisområde Exempelby: Kommunpolis Exempelby").check()
        form.get_by_role("button", name="Registrera samtycket").click()
        expect(socsek.get_by_text(f"Samtycket från {grantor} är registrerat")).to_be_visible()
    expect(who.filter(has_text="Gäller")).to_have_count(3)
    receipt = socsek.get_by_role("link", name=re.compile("Skriv ut kvittot"))
    receipt_page = socsek.context.new_page()
    receipt_page.goto(site.url(receipt.get_attribute("href") or ""))
    expect(receipt_page.get_by_role("heading", name="Kvitto på samtycke")).to_be_visible()
    receipt_page.close()

    # --- 4. The kommunpolis asks, and sees the engine's answer while filling in the form.
    polis = site.as_user("kommunpolis")
    polis.goto(case_url)
    polis.get_by_role("link", name="Begär uppgifter").click()
    polis.get_by_label("Begär från").select_option(
        label="Socialtjänsten Exempelby: IFO Barn och unga"
    )
    polis.get_by_label("Ändamål").select_option(label="Gemensam SSP-planering")
    polis.get_by_label("Familjesituation").check()
    answer = polis.locator("#answer .answer")
    expect(answer).to_have_attribute("data-outcome", "ALLOW")
    polis.get_by_label("Socialtjänstens insatser").check()
    expect(answer.locator('[data-category="social_services_measures"]')).to_have_attribute(
        "data-outcome", "DENY"
    )
    site.shot(polis, "06-request-live-answer")
    polis.get_by_label("Varför behövs uppgifterna?").fill("Planering inför SSP-möte.")
    polis.get_by_role("button", name="Skicka begäran").click()
    expect(polis.get_by_text("Begäran är skickad.")).to_be_visible()
    sharing_request = SharingRequest.objects.get()
    assert sharing_request.status == "submitted"

    # --- 5. The enhetschef: the engine's explanation per category; release part of it.
    chef = site.as_user("enhetschef")
    chef.get_by_role("region", name="Begäranden att hantera").get_by_role(
        "link", name="Elvira Exempel"
    ).click()
    chef.get_by_role("link", name="Pröva och besluta").click()
    expect(chef.locator('.answer [data-category="family_situation"]')).to_have_attribute(
        "data-outcome", "ALLOW"
    )
    expect(chef.locator('.answer [data-category="social_services_measures"]')).to_have_attribute(
        "data-outcome", "DENY"
    )
    expect(chef.get_by_label(re.compile("Socialtjänstens insatser –"))).to_be_disabled()
    expect(chef.get_by_label("Bevilja delvis")).to_be_checked()
    site.assert_accessible(chef)  # the decision page
    site.shot(chef, "07-decision")
    chef.get_by_label("Motivering till den som begärde").fill(
        "Insatserna omfattas inte av samtycket."
    )
    chef.get_by_role("button", name="Registrera beslutet").click()
    expect(chef.get_by_text("Delvis beviljad")).to_be_visible()
    chef.get_by_role("link", name="Lämna ut").click()
    chef.get_by_label("Det som lämnas ut").fill(CONTENT)
    chef.get_by_role("button", name="Lämna ut och registrera").click()
    expect(chef.get_by_text("Uppgifterna är utlämnade och registrerade.")).to_be_visible()

    # --- 6. The kommunpolis reads exactly what was released, and on which consent.
    polis.goto(site.url("/"))
    polis.get_by_role("region", name="Mottagna uppgifter").get_by_role("link").first.click()
    expect(polis.get_by_test_id("disclosure-content")).to_have_text(CONTENT)
    expect(polis.get_by_test_id("disclosure-ground")).to_contain_text("G01")
    expect(polis.locator("[data-consent]")).to_have_count(3)
    site.shot(polis, "08-disclosure-received")

    # --- Follow-up: social services plans an SSP meeting with an action item for the police,
    # writes a goal into the case plan; the kommunpolis finds both on the start page.
    socsek.goto(case_url)
    socsek.get_by_role("link", name="Möten").click()
    meeting_day = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    socsek.get_by_label("Datum").fill(meeting_day)
    socsek.get_by_label("Börjar").fill("09:00")
    socsek.get_by_label("Slutar").fill("10:00")
    socsek.get_by_label("Plats").fill("Exempelskolan, rum 12")
    socsek.get_by_label("Kim Kommunpolis – Kommunpolis Exempelby").check()
    socsek.get_by_label("Elvira Exempel (den unga)").check()
    socsek.get_by_role("button", name="Planera mötet").click()
    expect(socsek.get_by_text("Mötet är planerat.")).to_be_visible()
    socsek.get_by_label("Åtgärd", exact=True).fill("Prata med fältgruppen om helgerna")
    socsek.get_by_label("Ansvarig").select_option(label="Kim Kommunpolis – Kommunpolis Exempelby")
    socsek.get_by_label("Klart senast").fill(meeting_day)
    socsek.get_by_role("button", name="Lägg till åtgärdspunkt").click()
    expect(socsek.get_by_text("Åtgärdspunkten är tillagd.")).to_be_visible()
    site.assert_accessible(socsek)  # the meeting page
    site.shot(socsek, "09-meeting")
    socsek.get_by_role("link", name="Plan", exact=True).click()
    socsek.get_by_text("Lägg till ett mål eller delmål").click()
    socsek.get_by_label("Barnet/den unga").check()
    socsek.get_by_label("Vad ska hen göra?").fill("Går till skolan varje dag.")
    socsek.get_by_role("button", name="Spara målet").click()
    expect(socsek.get_by_text("Planen är sparad.")).to_be_visible()
    site.shot(socsek, "10-case-plan")
    polis.goto(site.url("/"))
    expect(
        polis.get_by_role("region", name="Mina åtgärdspunkter").get_by_role(
            "link", name="Prata med fältgruppen om helgerna"
        )
    ).to_be_visible()
    expect(polis.get_by_role("region", name="Kommande möten")).to_contain_text(meeting_day)

    # --- 7. The auditor finds every step: search by the pupil's personnummer, the access
    # report, and the chain verified.
    auditor = site.as_user("granskare")
    auditor.get_by_role("link", name="Till granskningen").click()
    site.assert_accessible(auditor)  # the auditor's search
    auditor.get_by_label("Ung person (personnummer)").fill(personnummer)
    auditor.get_by_role("button", name="Visa händelser om personen").click()
    found = auditor.locator("table.events tbody tr")
    expect(found.first).to_be_visible()
    newest = set(found.evaluate_all("rows => rows.map(r => r.dataset.action)"))
    assert {"disclosure.viewed", "disclosure.made", "sharing_request.decided"} <= newest
    expect(auditor.locator("figure.chart svg")).to_be_visible()
    site.shot(auditor, "11-audit-search", height=1900)
    for prefix, expected in (
        ("concern.*", {"concern.refused", "concern.raised", "concern.acknowledged"}),
        ("consent.*", {"consent.recorded", "consent.listed"}),
        ("sharing_request.*", {"sharing_request.created", "sharing_request.submitted"}),
    ):
        auditor.get_by_label("Händelse", exact=True).select_option(value=prefix)
        auditor.get_by_role("button", name="Sök").click()
        actions_shown = set(found.evaluate_all("rows => rows.map(r => r.dataset.action)"))
        assert expected <= actions_shown, (prefix, actions_shown)
    # The refused attempt is there as a denial.
    auditor.get_by_label("Händelse", exact=True).select_option(value="")
    auditor.get_by_label("Utfall").select_option(value="denied")
    auditor.get_by_role("button", name="Sök").click()
    assert set(found.evaluate_all("rows => rows.map(r => r.dataset.outcome)")) == {"denied"}
    assert "concern.refused" in found.evaluate_all("rows => rows.map(r => r.dataset.action)")
    auditor.get_by_role("link", name="Åtkomstrapport för den unga personen").click()
    who = auditor.get_by_role("region", name="Per person och enhet")
    for username in ("larare", "socsek", "kommunpolis", "enhetschef"):
        expect(who.get_by_role("cell", name=username, exact=True)).to_be_visible()
    site.shot(auditor, "12-access-report", height=1300)
    auditor.get_by_role("link", name="Loggens integritet").click()
    expect(auditor.locator("[data-verify=ok]")).to_be_visible()

    disclosure = Disclosure.objects.get(request=sharing_request)
    assert disclosure.categories == ["family_situation"]
    assert disclosure.content == CONTENT
    assert len(disclosure.consent_ids) == 3
    sharing_request.refresh_from_db()
    assert (sharing_request.status, sharing_request.decision) == ("disclosed", "partly_approve")

    # Every step is in the audit log, as the API would have written it.
    actions = set(
        AuditEvent.objects.filter(young_person_id=young_person.pk).values_list("action", flat=True)
    )
    assert {
        "concern.refused",
        "concern.raised",
        "concern.acknowledged",
        "young_person.updated",
        "case.created",
        "consent.recorded",
        "disclosure_check.evaluated",
        "sharing_request.submitted",
        "sharing_request.decided",
        "disclosure.made",
        "disclosure.viewed",
    } <= actions


def _option(page, text: str) -> str:
    """The label of the select option that starts with ``text``."""
    options = page.get_by_label("Lägg till medlem").locator("option").all_inner_texts()
    return next(o for o in options if o.startswith(text))
