"""Bearer tokens (django-rest-knox: hashed at rest, per-token expiry, revocable)."""

from __future__ import annotations

from knox.auth import TokenAuthentication


class BearerTokenAuthentication(TokenAuthentication):
    """``Authorization: Bearer <token>``; the prefix comes from REST_KNOX['AUTH_HEADER_PREFIX']."""
