from __future__ import annotations

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from backend.core.health import healthz, readyz

api_v1 = [
    path("", include("backend.accounts.api.urls")),
    path("", include("backend.organisations.api.urls")),
    path("", include("backend.people.api.urls")),
    path("", include("backend.cases.api.urls")),
    path("", include("consent.api.urls")),
    path("", include("workflows.sharing.api.urls")),
    path("", include("audit.api.urls")),
    path("", include("workflows.meetings.api.urls")),
    path("", include("workflows.reminders.api.urls")),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("admin/", admin.site.urls),
    path("", include("backend.web.urls")),
]

handler404 = "backend.core.error_views.not_found"
handler500 = "backend.core.error_views.server_error"
