from __future__ import annotations

from django.urls import path

from workflows.sharing.api.checks import DisclosureCheckView

urlpatterns = [
    path("disclosure-checks/", DisclosureCheckView.as_view(), name="disclosure-check"),
]
