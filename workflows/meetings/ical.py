"""Meetings as iCalendar (RFC 5545).

What goes into a calendar leaves Samverka: calendar apps sync it to phones and cloud services.
So an event carries the time, a generic title, a link and — only in the single-meeting export,
which a signed-in user downloads on purpose (and which is audited as an export) — the place.
Never the young person's name, the agenda, the participants or the minutes. The subscription
feed, fetched unattended with a secret URL, leaves the place out as well.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.meetings.models import Meeting, MeetingStatus

PRODID = "-//Samverka//Samverka//SV"


def _domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "samverka.invalid"


def meeting_url(meeting: Meeting) -> str:
    return f"{settings.SITE_URL.rstrip('/')}/meetings/{meeting.pk}/"


def _event(meeting: Meeting, *, include_location: bool) -> icalendar.Event:
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    event = icalendar.Event()
    event.add("uid", f"meeting-{meeting.pk}@{_domain()}")
    event.add("dtstamp", meeting.updated_at.astimezone(datetime.UTC))
    event.add("dtstart", meeting.starts_at.astimezone(zone))
    event.add("dtend", meeting.ends_at.astimezone(zone))
    event.add("sequence", meeting.sequence)
    event.add("summary", _("Samverkansmöte (SSP)"))
    event.add("url", meeting_url(meeting))
    event.add(
        "description",
        _("Uppgifter om mötet finns i Samverka: %(url)s") % {"url": meeting_url(meeting)},
    )
    event.add("class", "CONFIDENTIAL")
    if include_location and meeting.location:
        event.add("location", meeting.location)
    event.add("status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED")
    return event


def render_calendar(
    meetings: Iterable[Meeting], *, include_location: bool, name: str | None = None
) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    for meeting in meetings:
        calendar.add_component(_event(meeting, include_location=include_location))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def feed_window_start() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=settings.CALENDAR_FEED_PAST_DAYS)
