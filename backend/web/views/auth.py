"""Signing in and out of the pages (Django's session, with our templates and audit events)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from rest_framework.throttling import SimpleRateThrottle

from backend.accounts.actions import (
    login_failure_record,
    session_login_record,
    session_logout_record,
)
from backend.core.actor import Actor
from backend.core.middleware import client_address


class WebLoginThrottle(SimpleRateThrottle):
    """Sign-in attempts through the pages share the API's rate (LOGIN_THROTTLE_RATE), counted
    per client address: guessing passwords is no easier here than at /api/v1/auth/token/."""

    scope = "login"

    def get_cache_key(self, request: Any, view: Any) -> str:
        return self.cache_format % {"scope": "web-login", "ident": self.get_ident(request)}


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not WebLoginThrottle().allow_request(request, None):  # type: ignore[arg-type]
            form = self.get_form_class()(request, data=None)
            return self.render_to_response(
                self.get_context_data(form=form, throttled=True), status=429
            )
        return super().post(request, *args, **kwargs)

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
