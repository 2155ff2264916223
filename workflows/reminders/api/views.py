"""In-app notifications (api.md): the caller's own, newest first, and marking them read."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from backend.core.api.pagination import CursorPagination
from backend.core.api.views import SamverkaAPIView, actor_of, record_list_read
from workflows.reminders.actions import (
    language_of,
    notification_mark_read,
    notification_preference_update,
)
from workflows.reminders.api.serializers import (
    NotificationPreferenceSerializer,
    NotificationSerializer,
)
from workflows.reminders.models import Notification


class NotificationCollectionView(SamverkaAPIView):
    pagination_class = CursorPagination

    @extend_schema(
        tags=["notifications"],
        summary="Dina notiser, nyaste först",
        parameters=[OpenApiParameter("unread", bool, description="Bara olästa")],
        responses=NotificationSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        actor = actor_of(request)
        queryset: QuerySet[Notification] = Notification.objects.filter(recipient_id=actor.user_id)
        if request.query_params.get("unread") in {"1", "true", "yes"}:
            queryset = queryset.filter(read_at__isnull=True)
        paginator = self.pagination_class()
        page: list[Notification] = paginator.paginate_queryset(queryset, request, view=self) or []
        record_list_read(actor=actor, action="notification.listed", ids=[n.pk for n in page])
        return paginator.get_paginated_response(NotificationSerializer(page, many=True).data)


class NotificationReadView(SamverkaAPIView):
    @extend_schema(
        tags=["notifications"],
        summary="Markera en notis som läst",
        request=None,
        responses=NotificationSerializer,
    )
    def post(self, request: Request, notification_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        notification = notification_mark_read(actor=actor, notification_id=notification_id)
        return Response(NotificationSerializer(notification).data)


class NotificationPreferenceView(SamverkaAPIView):
    @extend_schema(
        tags=["notifications"],
        summary="Språk för dina e-postpåminnelser",
        responses=NotificationPreferenceSerializer,
    )
    def get(self, request: Request) -> Response:
        actor = actor_of(request)
        return Response({"language": language_of(actor.user_id)})

    @extend_schema(
        tags=["notifications"],
        summary="Välj språk för dina e-postpåminnelser (sv eller en)",
        request=NotificationPreferenceSerializer,
        responses=NotificationPreferenceSerializer,
    )
    def put(self, request: Request) -> Response:
        actor = actor_of(request)
        serializer = NotificationPreferenceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        preference = notification_preference_update(
            actor=actor, language=serializer.validated_data["language"]
        )
        return Response({"language": preference.language})
