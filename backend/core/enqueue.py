"""Enqueueing Celery tasks after commit without letting a broker outage fail the request.

Everything that must not be lost is a database row first (conventions.md); a task message only
says "look at these rows now". When the broker is down the message is dropped and logged, and
the periodic sweep (Celery beat) finds the rows once the broker is back. So a request that
commits its rows succeeds even when Redis does not answer.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from kombu.exceptions import OperationalError

from backend.core.logging import get_logger

log = get_logger(__name__)


def _broker_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [OperationalError, OSError]
    try:
        from redis.exceptions import RedisError

        errors.append(RedisError)
    except ImportError:  # pragma: no cover - redis is a locked dependency
        pass
    return tuple(errors)


BROKER_ERRORS = _broker_errors()


def enqueue_now(task: Any, *args: Any, **kwargs: Any) -> bool:
    """Send ``task`` now, once, without retrying a broker that does not answer. Returns whether
    the broker took the message; a broker error is logged, not raised."""
    from backend.celery import app

    try:
        if app.conf.task_always_eager:
            task.apply_async(args=args, kwargs=kwargs)
            return True
        with app.producer_or_acquire() as producer:
            # One quick connection attempt: left to itself kombu retries for several seconds
            # (broker_connection_timeout) inside the request while Redis is down. The pooled
            # connection is already open when the broker is up, so this costs nothing then.
            producer.connection.ensure_connection(
                max_retries=1, interval_start=0, interval_step=0, timeout=1
            )
            task.apply_async(args=args, kwargs=kwargs, retry=False, producer=producer)
    except BROKER_ERRORS:
        log.warning(
            "enqueue.broker_unavailable", task=getattr(task, "name", str(task)), exc_info=True
        )
        return False
    return True


def enqueue_on_commit(task: Any, *args: Any, **kwargs: Any) -> None:
    """After the current transaction commits, :func:`enqueue_now`. Pass ids, never instances."""
    transaction.on_commit(lambda: enqueue_now(task, *args, **kwargs))
