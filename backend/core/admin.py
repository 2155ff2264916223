"""Django admin for the directory only. Every change made there is an audit event written in
the admin's own transaction; young people and cases are never registered here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

import audit
from backend.core.actor import Actor


class AuditedModelAdmin(admin.ModelAdmin):
    def _audit(self, request: HttpRequest, obj: Model, verb: str, message: Any) -> None:
        audit.record(
            actor=Actor.from_request(request),
            action="directory.changed",
            object_type=obj._meta.label_lower,
            object_id=obj.pk,
            payload={"change": verb, "message": str(message)[:500]},
        )

    def log_addition(self, request: HttpRequest, obj: Model, message: Any) -> Any:
        self._audit(request, obj, "added", message)
        return super().log_addition(request, obj, message)

    def log_change(self, request: HttpRequest, obj: Model, message: Any) -> Any:
        self._audit(request, obj, "changed", message)
        return super().log_change(request, obj, message)

    def log_deletions(self, request: HttpRequest, queryset: Any) -> Any:
        for obj in queryset:
            self._audit(request, obj, "deleted", "")
        return super().log_deletions(request, queryset)
