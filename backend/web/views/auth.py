"""Signing in and out of the pages (Django's session, with our templates and audit events)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from backend.accounts.actions import (
    login_failure_record,
    session_login_record,
    session_logout_record,
)
from backend.core.actor import Actor
from backend.core.middleware import client_address


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)  # logs in (new session key, new CSRF token)
        session_login_record(actor=Actor.from_request(self.request))
        return response

    def form_invalid(self, form: Any) -> HttpResponse:
        username = str(form.data.get("username", ""))
        if username:
            login_failure_record(
                username=username,
                request_id=getattr(self.request, "request_id", None),
                client_address=client_address(self.request),
                channel="web",
            )
        return super().form_invalid(form)


class LogoutView(auth_views.LogoutView):
    """POST only (Django 5): a link cannot sign anybody out."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseRedirect:
        if request.user.is_authenticated:
            session_logout_record(actor=Actor.from_request(request))
        return super().post(request, *args, **kwargs)  # type: ignore[return-value]
