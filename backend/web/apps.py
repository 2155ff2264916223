from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    """The server-rendered pages (product.md C11): every persona's main jobs, on the same
    actions, access helpers and scoped querysets as the API."""

    name = "backend.web"
    label = "web"
    verbose_name = _("Webbgränssnitt")
