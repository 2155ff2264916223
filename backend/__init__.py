"""Samverka: the Django project and the core apps every workflow needs."""

from __future__ import annotations

from backend.celery import app as celery_app

__all__ = ["celery_app"]
