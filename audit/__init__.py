"""The audit log. Every action and every read of personal data calls :func:`record`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from audit.models import AuditEvent


def record(**kwargs: Any) -> AuditEvent:
    """Write one audit event in the caller's transaction; see :func:`audit.chain.record`."""
    from audit.chain import record as _record

    return _record(**kwargs)
