from __future__ import annotations

from django.urls import path

from audit.api.views import (
    AccessReportView,
    AnomalyView,
    AuditEventCollectionView,
    AuditEventExportView,
    VerifyView,
)

urlpatterns = [
    path("audit/events/", AuditEventCollectionView.as_view(), name="audit-event-list"),
    path("audit/events/export/", AuditEventExportView.as_view(), name="audit-event-export"),
    path(
        "audit/young-people/<uuid:young_person_id>/access-report/",
        AccessReportView.as_view(),
        name="audit-access-report",
    ),
    path("audit/verify/", VerifyView.as_view(), name="audit-verify"),
    path("audit/anomalies/", AnomalyView.as_view(), name="audit-anomalies"),
]
