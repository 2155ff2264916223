from __future__ import annotations

from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "workflows.reminders"
    label = "reminders"
    verbose_name = "Påminnelser och notiser"

    def ready(self) -> None:
        # The target types of the core domain (young people: birthdays 12/15/18).
        from workflows.reminders import core_targets  # noqa: F401
