from __future__ import annotations

from django.urls import path

from workflows.meetings.api.views import (
    ActionItemDetailView,
    CalendarFeedTokenView,
    CalendarFeedView,
    CaseMeetingCollectionView,
    CasePlanView,
    InterventionCatalogueView,
    MeetingActionItemCollectionView,
    MeetingDetailView,
    MeetingICSView,
)

urlpatterns = [
    path(
        "cases/<uuid:case_id>/meetings/", CaseMeetingCollectionView.as_view(), name="case-meetings"
    ),
    path("cases/<uuid:case_id>/plan/", CasePlanView.as_view(), name="case-plan"),
    path("meetings/<uuid:meeting_id>/", MeetingDetailView.as_view(), name="meeting-detail"),
    path("meetings/<uuid:meeting_id>/ics/", MeetingICSView.as_view(), name="meeting-ics"),
    path(
        "meetings/<uuid:meeting_id>/action-items/",
        MeetingActionItemCollectionView.as_view(),
        name="meeting-action-items",
    ),
    path("action-items/<uuid:item_id>/", ActionItemDetailView.as_view(), name="action-item-detail"),
    path("interventions/", InterventionCatalogueView.as_view(), name="interventions"),
    path("calendar-feed/", CalendarFeedTokenView.as_view(), name="calendar-feed-token"),
    path("calendar-feed/<str:token>.ics", CalendarFeedView.as_view(), name="calendar-feed"),
]
