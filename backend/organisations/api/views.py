"""The directory: the units of the caller's municipality (no personal data)."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics

from backend.core.api.pagination import CursorPagination
from backend.core.api.views import actor_of
from backend.organisations.api.serializers import UnitSerializer
from backend.organisations.models import Unit


class UnitPagination(CursorPagination):
    ordering = "name"


@extend_schema(tags=["directory"], summary="Enheterna i din kommun")
class UnitListView(generics.ListAPIView[Unit]):
    serializer_class = UnitSerializer
    pagination_class = UnitPagination

    def get_queryset(self) -> QuerySet[Unit]:
        actor = actor_of(self.request)
        if actor.municipality_id is None:
            return Unit.objects.none()
        return Unit.objects.filter(
            organisation__municipality_id=actor.municipality_id
        ).select_related("organisation")
