from __future__ import annotations

from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "backend.cases"
    label = "cases"
    verbose_name = "Samverkansärenden"
