from __future__ import annotations

from django.urls import path

from workflows.reminders.api.views import (
    NotificationCollectionView,
    NotificationPreferenceView,
    NotificationReadView,
)

urlpatterns = [
    path("notifications/", NotificationCollectionView.as_view(), name="notifications"),
    path(
        "notifications/preferences/",
        NotificationPreferenceView.as_view(),
        name="notification-preferences",
    ),
    path(
        "notifications/<uuid:notification_id>/read/",
        NotificationReadView.as_view(),
        name="notification-read",
    ),
]
