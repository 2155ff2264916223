"""What a reminder points at, and whether its recipient may still be told about it.

Each target type registers a resolver. At delivery time the resolver looks the target up *as
the recipient*: if the target is gone, finished (an action item done, a meeting cancelled or
started), moved (its date no longer gives this due time) or the recipient may no longer see it
(left the case), it returns :class:`Skip` and the reminder is cancelled instead of sent.
Otherwise it returns the link and the audit context.

Consents, sharing requests and concerns register their resolvers from their own apps'
``AppConfig.ready``::

    from workflows.reminders import targets

    targets.register("consent", resolve_consent_reminder)
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workflows.reminders.models import Reminder


@dataclass(frozen=True)
class TargetInfo:
    path: str  # a link below SITE_URL, e.g. "/meetings/<id>/"
    municipality_id: uuid.UUID | None
    case_id: uuid.UUID | None = None
    young_person_id: uuid.UUID | None = None


@dataclass(frozen=True)
class Skip:
    reason: str  # gone | done | moved | started | not_visible | ...


Resolver = Callable[["Reminder"], TargetInfo | Skip]

_RESOLVERS: dict[str, Resolver] = {}


class UnknownTargetType(LookupError):
    pass


def register(target_type: str, resolver: Resolver) -> None:
    _RESOLVERS[target_type] = resolver


def unregister(target_type: str) -> None:
    _RESOLVERS.pop(target_type, None)


def resolver_for(target_type: str) -> Resolver | None:
    return _RESOLVERS.get(target_type)


def is_registered(target_type: str) -> bool:
    return target_type in _RESOLVERS


def resolve(reminder: Reminder) -> TargetInfo | Skip:
    try:
        resolver = _RESOLVERS[reminder.target_type]
    except KeyError:
        raise UnknownTargetType(
            f"no resolver for reminder target type {reminder.target_type!r}"
        ) from None
    return resolver(reminder)
