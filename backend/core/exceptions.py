"""Domain errors raised by actions and access helpers; the API and the pages map them.

``NotFound`` is used for "does not exist" and for "you may not see it" alike, so that nobody
learns that a record exists. It carries what the denial audit event needs: the denial is
recorded by the error handler *after* the action's transaction has rolled back, so that it is
never rolled back with it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class AuditNote:
    """What the error handler writes to the audit log for a refused attempt, after the
    action's transaction rolled back (so the refusal is never lost with it)."""

    action: str
    object_type: str = ""
    object_id: str | uuid.UUID | None = None
    young_person_id: uuid.UUID | None = None
    case_id: uuid.UUID | None = None
    legal_ground: str = ""
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass
class DomainError(Exception):
    detail: str | Promise = ""

    def __str__(self) -> str:
        return str(self.detail)


@dataclass
class NotFound(DomainError):
    object_type: str = ""
    object_id: str | uuid.UUID | None = None
    young_person_id: uuid.UUID | None = None
    case_id: uuid.UUID | None = None
    reason: str = "not_visible"  # for the audit event: not_visible | does_not_exist | ...


@dataclass
class Forbidden(DomainError):
    """Authenticated, but the caller's role may not do this at all (403)."""

    code: str = "forbidden"
    audit: AuditNote | None = None
    object_type: str = ""
    object_id: str | uuid.UUID | None = None
    young_person_id: uuid.UUID | None = None
    case_id: uuid.UUID | None = None


@dataclass
class Conflict(DomainError):
    """The workflow state does not allow this now (409)."""

    code: str = "conflict"
    audit: AuditNote | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # extension members of the problem


@dataclass
class InvalidInput(DomainError):
    """Bad input (400): ``errors`` maps field names to messages in the user's language."""

    errors: dict[str, list[Any]] = field(default_factory=dict)
    # Set when the bad input is a reference to something the caller may not see: the error
    # handler records the denial just as for a 404.
    denied: NotFound | None = None
    audit: AuditNote | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # extension members of the problem
