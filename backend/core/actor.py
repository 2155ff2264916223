"""The actor: who does something, for which units, from which request.

Every action and access helper takes the actor explicitly (never a thread-local). The request id
and client address travel with it into every audit event.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from backend.organisations.models import OPERATIONAL_ROLES, Membership, Role

if TYPE_CHECKING:
    from django.http import HttpRequest

    from backend.accounts.models import User


@dataclass(frozen=True)
class Actor:
    user: User | None  # None: the system itself (a Celery task acting on a schedule)
    memberships: tuple[Membership, ...] = ()
    request_id: str | None = None
    client_address: str | None = None
    _unit_ids: frozenset[uuid.UUID] = field(default=frozenset(), repr=False)

    @classmethod
    def for_user(
        cls, user: User, *, request_id: str | None = None, client_address: str | None = None
    ) -> Actor:
        memberships = tuple(
            Membership.objects.filter(user=user)
            .select_related("unit__organisation__municipality")
            .order_by("created_at")
        )
        return cls(
            user=user,
            memberships=memberships,
            request_id=request_id,
            client_address=client_address,
            _unit_ids=frozenset(m.unit_id for m in memberships),
        )

    @classmethod
    def from_request(cls, request: HttpRequest | Any) -> Actor:
        """One Actor per request, cached on it (DRF's Request proxies attributes to Django's)."""
        cached = getattr(request, "_samverka_actor", None)
        if isinstance(cached, Actor) and cached.user == request.user:
            return cached
        from backend.accounts.models import User
        from backend.core.middleware import client_address

        user = request.user
        if not isinstance(user, User):
            raise TypeError("Actor.from_request needs an authenticated user")
        actor = cls.for_user(
            user,
            request_id=getattr(request, "request_id", None),
            client_address=client_address(request),
        )
        setattr(request, "_samverka_actor", actor)  # noqa: B010  # cache per request
        return actor

    @classmethod
    def system(cls) -> Actor:
        return cls(user=None)

    # --- questions access helpers ask ------------------------------------------------------

    @property
    def user_id(self) -> uuid.UUID | None:
        return self.user.pk if self.user is not None else None

    def require_user(self) -> User:
        """The acting person; the system actor cannot do what only a person may."""
        if self.user is None:
            from backend.core.exceptions import Forbidden

            raise Forbidden(detail="a person must do this", code="system_actor")
        return self.user

    @property
    def municipality_id(self) -> uuid.UUID | None:
        """A user belongs to one municipality (enforced when memberships are granted)."""
        for membership in self.memberships:
            return membership.unit.organisation.municipality_id
        return None

    @property
    def unit_ids(self) -> frozenset[uuid.UUID]:
        return self._unit_ids

    def operational_memberships(self) -> tuple[Membership, ...]:
        return tuple(m for m in self.memberships if m.role in OPERATIONAL_ROLES)

    def operational_unit_ids(self) -> frozenset[uuid.UUID]:
        return frozenset(m.unit_id for m in self.operational_memberships())

    def has_role(self, role: str, *, unit_id: uuid.UUID | None = None) -> bool:
        return any(
            m.role == role and (unit_id is None or m.unit_id == unit_id) for m in self.memberships
        )

    @property
    def is_operational(self) -> bool:
        return bool(self.operational_memberships())

    @property
    def is_auditor(self) -> bool:
        return self.has_role(Role.AUDITOR)

    @property
    def is_administrator(self) -> bool:
        return self.has_role(Role.ADMINISTRATOR)

    def membership_for_unit(self, unit_id: uuid.UUID | None) -> Membership | None:
        """The membership that acts for ``unit_id``: the strongest operational role there."""
        if unit_id is None:
            return self.memberships[0] if self.memberships else None
        order = [
            Role.DECISION_MAKER,
            Role.COORDINATOR,
            Role.STAFF,
            Role.AUDITOR,
            Role.ADMINISTRATOR,
        ]
        matching = [m for m in self.memberships if m.unit_id == unit_id]
        matching.sort(key=lambda m: order.index(Role(m.role)))
        return matching[0] if matching else None
