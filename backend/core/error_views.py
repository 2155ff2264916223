"""404/500 for paths no view handled: problem details under /api/, our pages elsewhere."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views import defaults


def _problem(status: int, code: str, title: str, detail: str) -> HttpResponse:
    body = {
        "type": f"urn:samverka:problem:{code}",
        "title": title,
        "status": status,
        "detail": detail,
        "errors": {},
    }
    return HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type="application/problem+json"
    )


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith("/api/"):
        return _problem(
            404,
            "not-found",
            _("Hittades inte"),
            _("Det du söker finns inte, eller så saknar du behörighet att se det."),
        )
    from backend.web.pages import not_found_page

    return not_found_page(request)


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        return _problem(
            500,
            "server-error",
            _("Internt fel"),
            _("Något gick fel hos oss. Inget sparades till hälften; försök igen."),
        )
    return defaults.server_error(request, template_name="web/errors/500.html")
