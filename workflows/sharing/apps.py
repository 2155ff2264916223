from __future__ import annotations

from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "workflows.sharing"
    label = "sharing"
    verbose_name = "Oro, begäran och utlämnanden"

    def ready(self) -> None:
        from workflows.sharing.reminders import register

        register()
