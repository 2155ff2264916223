"""Structured JSON logs (structlog) for Django, Celery and our own code.

Never log personal data: identifiers are ids, personnummer never appears in clear.
"""

from __future__ import annotations

from typing import Any

import structlog
from django.conf import settings

FOREIGN_PRE_CHAIN: list[Any] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]

RENDERER: Any = (
    structlog.dev.ConsoleRenderer(colors=False)
    if getattr(settings, "LOG_FORMAT", "json") == "console"
    else structlog.processors.JSONRenderer()
)

structlog.configure(
    processors=[
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.filter_by_level,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.StackInfoRenderer(),
        structlog.processors.format_exc_info,
        structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
    ],
    logger_factory=structlog.stdlib.LoggerFactory(),
    wrapper_class=structlog.stdlib.BoundLogger,
    cache_logger_on_first_use=True,
)


def get_logger(name: str) -> Any:
    return structlog.get_logger(name)
