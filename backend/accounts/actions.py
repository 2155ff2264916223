"""Signing in and out of the API."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from knox.models import AuthToken

import audit
from audit.models import Outcome
from backend.accounts.models import User
from backend.core.actor import Actor


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expires_at: datetime.datetime


def token_issue(
    *, username: str, password: str, request_id: str | None, client_address: str | None
) -> IssuedToken | None:
    """Check the credentials and issue a token, or record the failed attempt and return None."""
    user = authenticate(username=username, password=password)
    if not isinstance(user, User) or not user.is_active:
        login_failure_record(
            username=username,
            request_id=request_id,
            client_address=client_address,
            channel="api",
        )
        return None
    actor = Actor.for_user(user, request_id=request_id, client_address=client_address)
    with transaction.atomic(durable=True):
        instance, token = AuthToken.objects.create(
            user=user, expiry=datetime.timedelta(hours=settings.API_TOKEN_TTL_HOURS)
        )
        audit.record(
            actor=actor,
            action="auth.login",
            object_type="token",
            object_id=instance.token_key,
            payload={"channel": "api"},
        )
        User.objects.filter(pk=user.pk).update(last_login=instance.created)
    assert instance.expiry is not None  # set above
    return IssuedToken(token=token, expires_at=instance.expiry)


def token_revoke(*, actor: Actor, token: AuthToken) -> None:
    with transaction.atomic(durable=True):
        token.delete()
        audit.record(
            actor=actor,
            action="auth.logout",
            object_type="token",
            object_id=token.token_key,
            payload={"channel": "api"},
        )


def login_failure_record(
    *, username: str, request_id: str | None, client_address: str | None, channel: str
) -> None:
    """A failed sign-in (API token or web session) is an audit event of its own."""
    known = User.objects.filter(username=username).first()
    failed_actor = Actor.for_user(known) if known is not None else None
    with transaction.atomic(durable=True):
        audit.record(
            actor=failed_actor,
            action="auth.login_failed",
            outcome=Outcome.DENIED,
            username=username[:150],
            request_id=request_id,
            client_address=client_address,
            payload={"channel": channel},
        )


def session_login_record(*, actor: Actor) -> None:
    """The web pages signed the user in with a session (Django's ``login`` sets last_login);
    the API's equivalent is :func:`token_issue`."""
    actor.require_user()
    with transaction.atomic(durable=True):
        audit.record(actor=actor, action="auth.login", payload={"channel": "web"})


def session_logout_record(*, actor: Actor) -> None:
    with transaction.atomic(durable=True):
        audit.record(actor=actor, action="auth.logout", payload={"channel": "web"})
