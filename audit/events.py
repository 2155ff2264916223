"""The one registry of audit event codes. ``audit.record`` refuses a code not listed here, so
that auditors can filter on a closed vocabulary."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

EVENTS: dict[str, object] = {
    # Authentication
    "auth.login": _("Inloggning"),
    "auth.login_failed": _("Misslyckad inloggning"),
    "auth.logout": _("Utloggning"),
    # Generic denial: a read or action refused (404 or 403 to the caller)
    "access.denied": _("Åtkomst nekad"),
    # Young people
    "young_person.created": _("Ung person registrerad"),
    "young_person.linked": _("Ung person kopplad till enhet"),
    "young_person.updated": _("Ung person uppdaterad"),
    "young_person.viewed": _("Ung person visad"),
    "young_person.listed": _("Unga personer listade"),
    "young_person.searched": _("Sökning på personnummer"),
    # Cases
    "case.created": _("Ärende skapat"),
    "case.viewed": _("Ärende visat"),
    "case.listed": _("Ärenden listade"),
    "case.member_added": _("Ärendemedlem tillagd"),
    "case.member_removed": _("Ärendemedlem borttagen"),
    "case.chronology_viewed": _("Kronologi visad"),
    # Meetings, plans, reminders
    "meeting.created": _("Möte planerat"),
    "meeting.updated": _("Möte ändrat"),
    "meeting.viewed": _("Möte visat"),
    "meeting.listed": _("Möten listade"),
    "meeting.exported": _("Möte exporterat som iCalendar"),
    "action_item.created": _("Åtgärdspunkt skapad"),
    "action_item.updated": _("Åtgärdspunkt ändrad"),
    "action_item.viewed": _("Åtgärdspunkt visad"),
    "case_plan.viewed": _("Plan visad"),
    "case_plan.updated": _("Plan ändrad"),
    "case_plan.not_recommended_intervention": _("Insats som Socialstyrelsen avråder från vald"),
    "calendar_feed.created": _("Kalenderprenumeration skapad"),
    "calendar_feed.revoked": _("Kalenderprenumeration återkallad"),
    "calendar_feed.read": _("Kalenderprenumeration hämtad"),
    "reminder.scheduled": _("Påminnelse schemalagd"),
    "reminder.sent": _("Påminnelse skickad"),
    "reminder.cancelled": _("Påminnelse avbruten vid leverans"),
    "reminder.failed": _("Påminnelse misslyckades"),
    "notification.listed": _("Notiser listade"),
    "notification.read": _("Notis läst"),
    "notification.preferences_updated": _("Notisinställningar ändrade"),
}


def is_registered(code: str) -> bool:
    return code in EVENTS
