"""``python manage.py audit_verify [--municipality X]``: verify the audit chains and checkpoints.

Exit 0 with ``ok: N events verified`` when every chain is intact; exit 1 naming, per broken
chain, the first bad sequence number and the kind of fault. The verification itself is audited
(``audit.verified`` in each chain it read).
"""

from __future__ import annotations

import contextlib
import getpass
import uuid
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

import audit
from audit.chain import chain_key
from audit.models import GLOBAL_CHAIN, Outcome
from audit.verify import ChainResult, verify_chains
from backend.organisations.models import Municipality


class Command(BaseCommand):
    help = "Verify the audit log's hash chains against their signed checkpoints."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--municipality",
            help="Only this municipality's chain: its code, name or id (default: every chain).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        chains: list[str] | None = None
        names = {str(m.pk): m.name for m in Municipality.objects.all()}
        if options["municipality"]:
            chains = [self._chain_of(options["municipality"])]
        results = verify_chains(chains)
        for result in results:
            label = names.get(result.chain, result.chain)
            if result.ok:
                last = result.last_checkpoint
                checkpoint = (
                    f", checkpoint at seq {last.last_seq} ({last.created_at:%Y-%m-%d %H:%M})"
                    if last
                    else ", no checkpoint yet"
                )
                self.stdout.write(
                    f"chain {result.chain} ({label}): {result.events_checked} events{checkpoint}"
                )
            else:
                assert result.fault is not None  # not ok
                self.stderr.write(
                    f"chain {result.chain} ({label}): FAILED at seq {result.fault.seq}: "
                    f"{result.fault.kind.value} - {result.fault.detail}"
                )
            self._record(result)
        broken = [r for r in results if not r.ok]
        if broken:
            first = broken[0]
            assert first.fault is not None
            raise CommandError(
                f"{len(broken)} of {len(results)} chain(s) broken; first bad seq "
                f"{first.fault.seq} ({first.fault.kind.value}) in chain {first.chain}",
                returncode=1,
            )
        total = sum(r.events_checked for r in results)
        self.stdout.write(f"ok: {total} events verified")

    def _chain_of(self, value: str) -> str:
        if value == GLOBAL_CHAIN:
            return GLOBAL_CHAIN
        query = Municipality.objects.filter(code=value) | Municipality.objects.filter(name=value)
        with contextlib.suppress(ValueError):
            query = query | Municipality.objects.filter(pk=uuid.UUID(value))
        municipality = query.first()
        if municipality is None:
            raise CommandError(f"No municipality with code, name or id {value!r}.")
        return chain_key(municipality.pk)

    def _record(self, result: ChainResult) -> None:
        audit.record(
            actor=None,
            action="audit.verified",
            outcome=Outcome.ALLOWED,
            municipality_id=_municipality_id(result.chain),
            username=f"manage.py audit_verify ({getpass.getuser()})",
            payload={
                "channel": "cli",
                "ok": result.ok,
                "events_checked": result.events_checked,
                "first_bad_seq": result.first_bad_seq,
                "kind": result.fault.kind.value if result.fault else None,
            },
        )


def _municipality_id(chain: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(chain)
    except ValueError:
        return None  # the global chain (or a chain key nobody should have written)
