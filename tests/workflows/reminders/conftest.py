"""Fixtures for reminders: stand-in targets for the apps built elsewhere, and the dispatcher."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from workflows.reminders import targets
from workflows.reminders.kinds import CONCERN, CONSENT, SHARING_REQUEST
from workflows.reminders.models import Reminder


@pytest.fixture
def stand_in_targets(personas: Any) -> Iterator[set[uuid.UUID]]:
    """Consents, sharing requests and concerns are built by another engineer: until their apps
    register resolvers, stand-ins resolve those target types so that the generic scheduling API
    can be tested. Yields a set: put a target id in it and the target is "gone"."""
    municipality_id = personas.unit("IFO Barn och unga").organisation.municipality_id
    gone: set[uuid.UUID] = set()

    def stand_in(target_type: str) -> targets.Resolver:
        def resolve(reminder: Reminder) -> targets.TargetInfo | targets.Skip:
            if reminder.target_id in gone:
                return targets.Skip("gone")
            return targets.TargetInfo(
                path=f"/{target_type}/{reminder.target_id}/", municipality_id=municipality_id
            )

        return resolve

    saved = {t: targets.resolver_for(t) for t in (CONSENT, SHARING_REQUEST, CONCERN)}
    for target_type in saved:
        targets.register(target_type, stand_in(target_type))
    yield gone
    for target_type, resolver in saved.items():
        if resolver is None:
            targets.unregister(target_type)
        else:
            targets.register(target_type, resolver)


@pytest.fixture
def dispatch() -> Any:
    """Run the beat task once, in-process (delivery tasks run eagerly in the test settings)."""
    from workflows.reminders.tasks import dispatch_due

    def run() -> int:
        return dispatch_due()

    return run
