"""What every page shares: sign-in required, the actor, and domain errors as pages.

The mapping is the API's (backend/core/api/errors.py), with the same audit events:
``NotFound`` is the 404 page and an ``access.denied`` event; ``Forbidden`` the 403 page;
``Conflict`` a page that says what happened; ``InvalidInput`` that a form did not handle is a
400 page listing the problems. Forms handle ``InvalidInput`` themselves with
:func:`form_invalid`, which keeps the user's input and writes the same audit events.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from backend.core import exceptions as domain
from backend.core.actor import Actor
from backend.core.api.errors import record_denial, record_refusal

View = TypeVar("View", bound=Callable[..., HttpResponse])


def actor_of(request: HttpRequest) -> Actor:
    return Actor.from_request(request)


def is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def error_page(
    request: HttpRequest, *, status: int, title: str, detail: str, errors: list[str] | None = None
) -> HttpResponse:
    template = "web/errors/partial.html" if is_htmx(request) else "web/errors/page.html"
    return render(
        request,
        template,
        {"status": status, "title": title, "detail": detail, "errors": errors or []},
        status=status,
    )


def not_found_page(request: HttpRequest) -> HttpResponse:
    return error_page(
        request,
        status=404,
        title=_("Hittades inte"),
        detail=_("Det du söker finns inte, eller så saknar du behörighet att se det."),
    )


def _record_notes(request: HttpRequest, exc: domain.DomainError) -> bool:
    """Write the refusal an action asked for; True when that event is the denial itself."""
    note = getattr(exc, "audit", None)
    if isinstance(note, domain.AuditNote):
        record_refusal(request, note)
        return isinstance(exc, domain.Forbidden)
    return False


def page(view: View) -> View:
    """Sign-in required (an htmx request is sent to the login page as a whole page), and
    domain errors rendered as pages with the API's audit events."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            if is_htmx(request):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = f"{settings.LOGIN_URL}?next={request.path}"
                return response
            return redirect_to_login(request.get_full_path())
        try:
            return view(request, *args, **kwargs)
        except domain.NotFound as exc:
            record_denial(request, status=404, exc=exc)
            return not_found_page(request)
        except domain.Forbidden as exc:
            if not _record_notes(request, exc):
                record_denial(request, status=403, exc=exc)
            return error_page(
                request,
                status=403,
                title=_("Åtgärden är inte tillåten för din roll"),
                detail=str(exc.detail) or _("Din roll får inte utföra den här åtgärden."),
            )
        except domain.Conflict as exc:
            _record_notes(request, exc)
            return error_page(
                request,
                status=409,
                title=_("Det gick inte att genomföra just nu"),
                detail=str(exc.detail),
            )
        except domain.InvalidInput as exc:
            record_invalid_input(request, exc)
            return error_page(
                request,
                status=400,
                title=_("Ogiltiga uppgifter"),
                detail=str(exc.detail) or _("Kontrollera uppgifterna och försök igen."),
                errors=[str(m) for messages in exc.errors.values() for m in messages],
            )

    return wrapper  # type: ignore[return-value]  # same signature as the view


def record_invalid_input(request: HttpRequest, exc: domain.InvalidInput) -> None:
    """The audit events of a refused form: a reference to something not visible is a denial
    (as in the API's 400), and an action's own refusal note is written as well."""
    if exc.denied is not None:
        record_denial(request, status=400, exc=exc.denied)
    _record_notes(request, exc)


def form_invalid(
    request: HttpRequest,
    form: forms.BaseForm,
    exc: domain.InvalidInput,
    *,
    field_map: dict[str, str] | None = None,
    explained: bool = False,
) -> None:
    """Put an action's field errors on the form (``categories.0`` on ``categories``; unknown
    fields on the form itself), keep the input, and write the audit events. ``explained``:
    the page shows the engine's answer itself, so the field messages would only repeat it."""
    record_invalid_input(request, exc)
    mapping = field_map or {}
    if exc.detail:
        form.add_error(None, str(exc.detail))
    if explained:
        return
    for name, messages in exc.errors.items():
        field = mapping.get(name) or mapping.get(name.split(".", 1)[0]) or name.split(".", 1)[0]
        target = field if field in form.fields else None
        for message in messages:
            form.add_error(target, str(message))
