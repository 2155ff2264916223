from __future__ import annotations

from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "consent"
    label = "consent"

    def ready(self) -> None:
        from consent.reminders import register

        register()
