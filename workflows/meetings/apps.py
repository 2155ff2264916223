from __future__ import annotations

from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "workflows.meetings"
    label = "meetings"
    verbose_name = "Möten och planer"

    def ready(self) -> None:
        # Meetings and action items are reminder targets.
        from workflows.meetings import reminder_targets  # noqa: F401
