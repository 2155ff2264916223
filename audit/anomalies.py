"""The anomaly report: patterns in one chain that an auditor should follow up.

- ``denial_burst``: one user refused many times in a short while (AUDIT_ANOMALY_DENIALS within
  AUDIT_ANOMALY_DENIALS_MINUTES), failed logins included;
- ``outside_working_hours``: a user touching personal data outside AUDIT_WORKING_HOURS (local
  time, Europe/Stockholm), on a weekend or on a Swedish public holidays (one entry per user and
  day);
- ``many_young_people``: one user reading many different young people in a short while
  (AUDIT_ANOMALY_YOUNG_PEOPLE within AUDIT_ANOMALY_YOUNG_PEOPLE_MINUTES);
- ``not_case_member``: access to a case by a user who was not a member of it at the time
  (membership is read from the log itself: case.created, case.member_added/removed), whether
  the access was refused (an attempt) or, which should never happen, allowed;
- ``emergency_access``: every use of emergency access (``audit.events.EMERGENCY_ACCESS_EVENTS``).

Everything is computed from the log's metadata; nothing here reads case content.
"""

from __future__ import annotations

import datetime
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from audit.events import EMERGENCY_ACCESS_EVENTS
from audit.models import AuditEvent, Outcome

LOCAL_TIME = ZoneInfo("Europe/Stockholm")

KINDS = {
    "denial_burst": gettext_lazy("Många nekade försök"),
    "outside_working_hours": gettext_lazy("Åtkomst utanför arbetstid"),
    "many_young_people": gettext_lazy("Många olika unga personer på kort tid"),
    "not_case_member": gettext_lazy("Åtkomst till ärende utan medlemskap"),
    "emergency_access": gettext_lazy("Nödåtkomst"),
}


@dataclass
class Anomaly:
    kind: str
    actor_id: uuid.UUID | None
    actor_username: str
    first_at: datetime.datetime
    last_at: datetime.datetime
    first_seq: int
    last_seq: int
    count: int
    detail: str
    case_id: uuid.UUID | None = None
    young_person_id: uuid.UUID | None = None
    seqs: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "kind_label": str(KINDS[self.kind]),
            "actor_id": str(self.actor_id) if self.actor_id else None,
            "actor_username": self.actor_username,
            "first_at": self.first_at.isoformat(),
            "last_at": self.last_at.isoformat(),
            "first_seq": self.first_seq,
            "last_seq": self.last_seq,
            "count": self.count,
            "detail": self.detail,
            "case_id": str(self.case_id) if self.case_id else None,
            "young_person_id": str(self.young_person_id) if self.young_person_id else None,
            "seqs": self.seqs[:50],
        }


@dataclass(frozen=True)
class _Row:
    seq: int
    at: datetime.datetime
    actor_id: uuid.UUID | None
    username: str
    young_person_id: uuid.UUID | None = None
    case_id: uuid.UUID | None = None
    action: str = ""
    outcome: str = ""
    payload: Any = None

    @property
    def who(self) -> tuple[uuid.UUID | None, str]:
        # Failed logins of unknown users have no id: the name typed is all there is.
        return (self.actor_id, "" if self.actor_id else self.username)


def _rows(events: Any, *extra: str) -> Iterator[_Row]:
    columns = ("seq", "occurred_at", "actor_id", "actor_username", *extra)
    for values in events.values_list(*columns).iterator(chunk_size=5000):
        data = dict(zip(columns, values, strict=True))
        yield _Row(
            seq=data["seq"],
            at=data["occurred_at"],
            actor_id=data["actor_id"],
            username=data["actor_username"],
            young_person_id=data.get("young_person_id"),
            case_id=data.get("case_id"),
            action=data.get("action", ""),
            outcome=data.get("outcome", ""),
            payload=data.get("payload"),
        )


def _summary(kind: str, rows: list[_Row], detail: str, **extra: Any) -> Anomaly:
    return Anomaly(
        kind=kind,
        actor_id=rows[0].actor_id,
        actor_username=rows[0].username,
        first_at=rows[0].at,
        last_at=rows[-1].at,
        first_seq=rows[0].seq,
        last_seq=rows[-1].seq,
        count=len(rows),
        detail=detail,
        seqs=[r.seq for r in rows],
        **extra,
    )


def _bursts(rows: list[_Row], window: datetime.timedelta, enough: Any) -> Iterator[list[_Row]]:
    """Maximal runs of rows (one user's, in time order) in which some window of ``window``
    length satisfies ``enough(rows, first, last)`` (indices, both included); windows that
    overlap merge into one run."""
    start = 0
    run_start: int | None = None
    run_end = -1
    for end in range(len(rows)):
        while rows[end].at - rows[start].at > window:
            start += 1
        if enough(rows, start, end):
            if run_start is not None and start > run_end:
                yield rows[run_start : run_end + 1]
                run_start = None
            if run_start is None:
                run_start = start
            run_end = end
    if run_start is not None:
        yield rows[run_start : run_end + 1]


def denial_bursts(events: Any) -> Iterator[Anomaly]:
    threshold = settings.AUDIT_ANOMALY_DENIALS
    window = datetime.timedelta(minutes=settings.AUDIT_ANOMALY_DENIALS_MINUTES)
    by_user: dict[tuple[uuid.UUID | None, str], list[_Row]] = defaultdict(list)
    for row in _rows(events.filter(outcome=Outcome.DENIED).order_by("seq")):
        by_user[row.who].append(row)
    for rows in by_user.values():
        for burst in _bursts(rows, window, lambda _r, first, last: last - first + 1 >= threshold):
            yield _summary(
                "denial_burst",
                burst,
                _("%(count)s nekade försök inom %(minutes)s minuter.")
                % {"count": len(burst), "minutes": settings.AUDIT_ANOMALY_DENIALS_MINUTES},
            )


def _personal_data(events: Any) -> Any:
    return events.filter(
        Q(young_person_id__isnull=False)
        | Q(case_id__isnull=False)
        | Q(payload__young_people__isnull=False)
    ).exclude(actor_id__isnull=True)


def outside_working_hours(
    events: Any, since: datetime.datetime, until: datetime.datetime
) -> Iterator[Anomaly]:
    start, end = settings.AUDIT_WORKING_HOURS
    first_day = since.astimezone(LOCAL_TIME).date()
    last_day = until.astimezone(LOCAL_TIME).date()
    # Public holidays and the eves that are days off in practice (midsommar-, jul-, nyårsafton).
    swedish = holidays.country_holidays(
        "SE",
        years=range(first_day.year, last_day.year + 1),
        categories=("public", "de_facto"),
        language="en_US" if (get_language() or "sv").startswith("en") else "sv",
    )
    days_off = [day for day in swedish if first_day <= day <= last_day]
    with timezone.override(LOCAL_TIME):  # the lookups below work in local time
        candidates = _personal_data(events).filter(
            Q(occurred_at__time__lt=start)
            | Q(occurred_at__time__gte=end)
            | Q(occurred_at__week_day__in=[1, 7])  # Sunday, Saturday
            | Q(occurred_at__date__in=days_off)
        )
        by_user_day: dict[tuple[Any, datetime.date], list[_Row]] = defaultdict(list)
        for row in _rows(candidates.order_by("seq")):
            by_user_day[(row.who, row.at.astimezone(LOCAL_TIME).date())].append(row)
    for (_who, day), rows in by_user_day.items():
        reason = (
            _("helgdag (%(name)s)") % {"name": swedish.get(day)}
            if day in swedish and day.isoweekday() < 6
            else _("helg")
            if day.isoweekday() >= 6
            else _("utanför %(start)s–%(end)s")
            % {"start": start.strftime("%H:%M"), "end": end.strftime("%H:%M")}
        )
        yield _summary(
            "outside_working_hours",
            rows,
            _("%(count)s händelser med personuppgifter %(day)s, %(reason)s.")
            % {"count": len(rows), "day": day.isoformat(), "reason": reason},
        )


def many_young_people(events: Any) -> Iterator[Anomaly]:
    threshold = settings.AUDIT_ANOMALY_YOUNG_PEOPLE
    minutes = settings.AUDIT_ANOMALY_YOUNG_PEOPLE_MINUTES
    window = datetime.timedelta(minutes=minutes)
    by_user: dict[tuple[uuid.UUID | None, str], list[_Row]] = defaultdict(list)
    reads = events.filter(young_person_id__isnull=False, outcome=Outcome.ALLOWED).exclude(
        actor_id__isnull=True
    )
    for row in _rows(reads.order_by("seq"), "young_person_id"):
        by_user[row.who].append(row)
    for rows in by_user.values():
        if len({r.young_person_id for r in rows}) < threshold:
            continue
        for burst in _bursts(rows, window, _DistinctYoungPeople(threshold)):
            people = len({r.young_person_id for r in burst})
            yield _summary(
                "many_young_people",
                burst,
                _("%(people)s olika unga personer inom %(minutes)s minuter.")
                % {"people": people, "minutes": minutes},
            )


class _DistinctYoungPeople:
    """``enough`` for _bursts: at least ``threshold`` different young people in the window.
    The window's ends only move forward, so a running count keeps this linear."""

    def __init__(self, threshold: int) -> None:
        self.threshold = threshold
        self.first = 0
        self.last = -1
        self.counts: Counter[uuid.UUID | None] = Counter()

    def __call__(self, rows: list[_Row], first: int, last: int) -> bool:
        while self.last < last:
            self.last += 1
            self.counts[rows[self.last].young_person_id] += 1
        while self.first < first:
            person = rows[self.first].young_person_id
            self.counts[person] -= 1
            if not self.counts[person]:
                del self.counts[person]
            self.first += 1
        return len(self.counts) >= self.threshold


_MEMBERSHIP_ACTIONS = ("case.created", "case.member_added", "case.member_removed")


def not_case_members(events: Any, chain_events: Any, until: datetime.datetime) -> Iterator[Anomaly]:
    touching = list(
        _rows(
            events.filter(case_id__isnull=False)
            .exclude(actor_id__isnull=True)
            .exclude(action__in=_MEMBERSHIP_ACTIONS)
            .order_by("seq"),
            "case_id",
            "action",
            "outcome",
        )
    )
    if not touching:
        return
    cases = {row.case_id for row in touching}
    changes = _rows(
        chain_events.filter(
            action__in=_MEMBERSHIP_ACTIONS, case_id__in=cases, occurred_at__lt=until
        ).order_by("seq"),
        "case_id",
        "action",
        "payload",
    )
    members: dict[uuid.UUID | None, set[str]] = defaultdict(set)
    flagged: dict[tuple[Any, uuid.UUID | None], list[_Row]] = defaultdict(list)
    change = next(changes, None)
    for row in touching:
        while change is not None and change.seq < row.seq:
            _apply_membership(members[change.case_id], change)
            change = next(changes, None)
        if str(row.actor_id) not in members[row.case_id]:
            flagged[(row.who, row.case_id)].append(row)
    for (_who, case_id), rows in flagged.items():
        denied = sum(1 for r in rows if r.outcome == Outcome.DENIED)
        yield _summary(
            "not_case_member",
            rows,
            _(
                "%(count)s händelser i ett ärende där användaren inte var medlem "
                "(%(denied)s nekade)."
            )
            % {"count": len(rows), "denied": denied},
            case_id=case_id,
        )


def _apply_membership(members: set[str], change: _Row) -> None:
    payload = change.payload if isinstance(change.payload, dict) else {}
    if change.action == "case.created":
        members.add(str(change.actor_id))
    elif change.action == "case.member_added" and payload.get("user"):
        members.add(str(payload["user"]))
    elif change.action == "case.member_removed" and payload.get("user"):
        members.discard(str(payload["user"]))


def emergency_access(events: Any) -> Iterator[Anomaly]:
    uses = events.filter(action__in=EMERGENCY_ACCESS_EVENTS).order_by("seq")
    for row in _rows(uses, "young_person_id", "case_id", "action"):
        yield _summary(
            "emergency_access",
            [row],
            _("Nödåtkomst använd (%(action)s).") % {"action": row.action},
            young_person_id=row.young_person_id,
            case_id=row.case_id,
        )


def detect(chain: str, *, since: datetime.datetime, until: datetime.datetime) -> list[Anomaly]:
    chain_events = AuditEvent.objects.filter(chain=chain)
    events = chain_events.filter(occurred_at__gte=since, occurred_at__lt=until)
    found: Iterable[Anomaly] = [
        *denial_bursts(events),
        *outside_working_hours(events, since, until),
        *many_young_people(events),
        *not_case_members(events, chain_events, until),
        *emergency_access(events),
    ]
    return sorted(found, key=lambda a: (a.last_at, a.last_seq), reverse=True)
