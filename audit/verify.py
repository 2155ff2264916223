"""Verifying audit chains and their checkpoints: one module for ``manage.py audit_verify`` and
``GET /api/v1/audit/verify/``.

A chain is streamed in sequence order, never loaded whole: on PostgreSQL with ``COPY ... TO
STDOUT`` (rows arrive while PostgreSQL produces the next ones, and each line is hashed as it
comes: see ``audit.canonical``), on SQLite through a chunked ORM iterator. Per event it checks
that the hash covers the event, that the event builds on the previous event's hash, that the
sequence number is the next one, and that the chain agrees with every signed checkpoint.

Verification stops at the first fault of a chain and names its kind:

- ``altered``: an event's content no longer matches its hash, or an event was replaced by one
  with a valid hash of its own that the next event does not build on;
- ``removed``: a sequence number is missing, or the following events were renumbered to hide
  the gap, or a checkpoint or the chain head proves the chain was longer;
- ``inserted``: two events share a number, or an event was slipped in and the following ones
  renumbered;
- ``reordered``: two events swapped places;
- ``checkpoint``: the chain is consistent in itself but disagrees with a signed checkpoint, so
  everything after the last agreeing checkpoint was rewritten, hashes and all; or a checkpoint
  is not validly signed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db import connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit import checkpoints as checkpoint_store
from audit.canonical import (
    CANONICAL_COLUMNS,
    FORMAT_VERSION,
    GENESIS_HASH,
    SEQ_FIELD,
    canonical_line,
    copy_escape,
    copy_select_sql,
    with_seq,
)
from audit.checkpoints import Checkpoint
from audit.models import AuditChain, AuditCheckpoint, AuditEvent

CHUNK_SIZE = 5_000


class FaultKind(StrEnum):
    ALTERED = "altered"
    REMOVED = "removed"
    INSERTED = "inserted"
    REORDERED = "reordered"
    CHECKPOINT = "checkpoint"


KIND_LABELS = {
    FaultKind.ALTERED: gettext_lazy("ändrad"),
    FaultKind.REMOVED: gettext_lazy("borttagen"),
    FaultKind.INSERTED: gettext_lazy("infogad"),
    FaultKind.REORDERED: gettext_lazy("omkastad"),
    FaultKind.CHECKPOINT: gettext_lazy("stämmer inte med kontrollpunkt"),
}


@dataclass(frozen=True)
class Fault:
    kind: FaultKind
    seq: int
    detail: str
    checkpoint_seq: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "kind_label": str(KIND_LABELS[self.kind]),
            "seq": self.seq,
            "detail": self.detail,
            "checkpoint_seq": self.checkpoint_seq,
        }


@dataclass
class ChainResult:
    chain: str
    events_checked: int = 0
    fault: Fault | None = None
    checkpoints_checked: int = 0
    last_checkpoint: Checkpoint | None = None
    faults_in_checkpoints: list[Fault] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.fault is None

    @property
    def first_bad_seq(self) -> int | None:
        return self.fault.seq if self.fault else None

    def as_dict(self) -> dict[str, Any]:
        last = self.last_checkpoint
        return {
            "chain": self.chain,
            "ok": self.ok,
            "events_checked": self.events_checked,
            "first_bad_seq": self.first_bad_seq,
            "fault": self.fault.as_dict() if self.fault else None,
            "checkpoints_checked": self.checkpoints_checked,
            "last_checkpoint": (
                {
                    "seq": last.last_seq,
                    "hash": last.last_hash,
                    "created_at": last.created_at.isoformat(),
                    "key_id": last.key_id,
                    "sources": sorted(last.sources),
                }
                if last
                else None
            ),
        }


# --- Line sources: "hash TAB canonical line LF", in (seq, id) order ------------------------------


def _postgresql_lines(chain: str, seq_range: tuple[int, int] | None = None) -> Generator[bytes]:
    """COPY the chain out and yield its lines.

    This drives libpq's copy protocol directly (psycopg's ``pq`` layer) instead of iterating
    ``cursor.copy()``: psycopg's generic machinery costs a few microseconds per row, which at a
    million rows is most of the verification time. The protocol is always run to its end, also
    when the caller stops early, so the connection is left as psycopg expects it.
    """
    from psycopg import errors, pq, sql

    where = sql.SQL("chain = {}").format(sql.Literal(chain))
    if seq_range is not None:
        where = sql.SQL("{} AND seq BETWEEN {} AND {}").format(
            where, sql.Literal(seq_range[0]), sql.Literal(seq_range[1])
        )
    select = sql.SQL(copy_select_sql("{where}")).format(where=where)
    with connection.cursor() as cursor:
        psycopg_connection = cursor.cursor.connection  # Django's wrapper has no copy protocol
        query = sql.SQL("COPY ({}) TO STDOUT").format(select).as_bytes(psycopg_connection)
        with psycopg_connection.lock:
            pgconn = psycopg_connection.pgconn
            encoding = psycopg_connection.info.encoding
            pgconn.send_query(query)
            started = pgconn.get_result()
            if started is None or started.status != pq.ExecStatus.COPY_OUT:
                while pgconn.get_result() is not None:
                    pass
                if started is None:
                    raise errors.InternalError("COPY did not start")
                raise errors.error_from_result(started, encoding=encoding)
            size = 1
            try:
                pending = b""
                while True:
                    size, data = pgconn.get_copy_data(0)
                    if size <= 0:
                        break
                    chunk = bytes(data)
                    if not pending and chunk.endswith(b"\n"):
                        # One row per message, as PostgreSQL sends COPY TO (rows hold no raw
                        # LF: the text format escapes it).
                        yield chunk
                        continue
                    pending += chunk
                    *complete, pending = pending.split(b"\n")
                    for line in complete:
                        yield line + b"\n"
                if pending:
                    yield pending  # no final LF: reported as a damaged event
            finally:
                # Stopped early (a fault was found): read the rest, so that the COPY ends.
                while size > 0:
                    size, data = pgconn.get_copy_data(0)
                failure = None
                while (result := pgconn.get_result()) is not None:
                    if result.status != pq.ExecStatus.COMMAND_OK:
                        failure = failure or result
            if failure is not None:
                raise errors.error_from_result(failure, encoding=encoding)


def _python_lines(chain: str, seq_range: tuple[int, int] | None = None) -> Generator[bytes]:
    rows = AuditEvent.objects.filter(chain=chain)
    if seq_range is not None:
        rows = rows.filter(seq__gte=seq_range[0], seq__lte=seq_range[1])
    values = rows.order_by("seq", "id").values_list("hash", "prev_hash", *CANONICAL_COLUMNS)
    for event_hash, prev_hash, *columns in values.iterator(chunk_size=CHUNK_SIZE):
        yield event_hash.encode() + b"\t" + canonical_line(prev_hash, columns) + b"\n"


def event_lines(chain: str, seq_range: tuple[int, int] | None = None) -> Generator[bytes]:
    if connection.vendor == "postgresql":
        return _postgresql_lines(chain, seq_range)
    return _python_lines(chain, seq_range)


# --- The scan ---------------------------------------------------------------------------------


def _sha(data: bytes) -> bytes:
    return hashlib.sha256(data).hexdigest().encode()


def _parse(line: bytes) -> tuple[bytes, bytes]:
    stripped = line[:-1] if line.endswith(b"\n") else line
    event_hash, _tab, body = stripped.partition(b"\t")
    return event_hash, body


def _diagnose(
    line: bytes,
    following: Iterator[bytes],
    *,
    expected: int,
    before_last: bytes | None,
    prefix: bytes,
) -> Fault:
    """Name the fault at the first line that failed a check (the slow path: once per chain)."""
    event_hash, body = _parse(line)
    fields = body.split(b"\t")
    try:
        seq = int(fields[SEQ_FIELD])
    except (IndexError, ValueError):
        return Fault(FaultKind.ALTERED, expected, _("Händelsen är skadad och kan inte läsas."))
    if seq > expected:
        detail = (
            _("Händelse %(first)s saknas.") % {"first": expected}
            if seq == expected + 1
            else _("Händelserna %(first)s–%(last)s saknas.") % {"first": expected, "last": seq - 1}
        )
        return Fault(FaultKind.REMOVED, expected, detail)
    if seq < expected:
        return Fault(
            FaultKind.INSERTED, seq, _("Två händelser har sekvensnummer %(seq)s.") % {"seq": seq}
        )
    if _sha(body) == event_hash:
        if body[64 : 64 + len(prefix)] != prefix or expected == 1:
            return Fault(
                FaultKind.ALTERED,
                expected,
                _("Händelsen har skrivits om: den hör inte till kedjan där den står."),
            )
        if before_last is not None and body[:64] == before_last:
            return Fault(
                FaultKind.INSERTED,
                expected - 1,
                _("Händelsen har lagts in i efterhand: nästa händelse bygger på den före."),
            )
        return Fault(
            FaultKind.ALTERED,
            expected - 1,
            _("Händelsen har bytts ut: nästa händelse bygger på en annan hash än dess."),
        )
    if _sha(with_seq(body, expected - 1)) == event_hash:
        return Fault(
            FaultKind.INSERTED,
            expected - 1,
            _(
                "Händelsen har lagts in i efterhand: händelsen efter den bar tidigare "
                "dess nummer, och de följande har numrerats om."
            ),
        )
    if _sha(with_seq(body, expected + 1)) == event_hash:
        upcoming = next(following, None)
        if upcoming is not None:
            next_hash, next_body = _parse(upcoming)
            if _sha(with_seq(next_body, expected)) == next_hash:
                return Fault(
                    FaultKind.REORDERED,
                    expected,
                    _("Händelserna %(seq)s och %(next)s har bytt plats.")
                    % {"seq": expected, "next": expected + 1},
                )
        return Fault(
            FaultKind.REMOVED,
            expected,
            _("Händelsen har tagits bort och de följande har numrerats om för att dölja det."),
        )
    return Fault(
        FaultKind.ALTERED,
        expected,
        _("Händelsens innehåll stämmer inte med dess hash: den har ändrats efter att den skrevs."),
    )


@dataclass
class _ScanState:
    verified: int = 0
    last_hash: bytes = GENESIS_HASH.encode()
    fault: Fault | None = None
    agreed_checkpoint_seq: int = 0
    checkpoints_compared: int = 0


def _checkpoint_fault(checkpoint: Checkpoint, seq: int, agreed: int) -> Fault:
    first = agreed + 1
    return Fault(
        FaultKind.CHECKPOINT,
        first,
        _(
            "Kedjan stämmer inte med den signerade kontrollpunkten vid händelse "
            "%(checkpoint)s (%(created)s): händelserna från %(first)s till "
            "%(checkpoint)s har skrivits om, hasharna omräknade."
        )
        % {
            "checkpoint": seq,
            "created": checkpoint.created_at.isoformat(timespec="seconds"),
            "first": first,
        },
        checkpoint_seq=seq,
    )


def _scan(lines: Iterator[bytes], chain: str, checkpoints: list[Checkpoint]) -> _ScanState:
    """Check every line; stop at the first fault.

    A line is ``hash TAB prev_hash TAB version TAB chain TAB seq TAB ...``: the hash is bytes
    0-63, the previous hash 65-128, and ``TAB version TAB chain TAB seq TAB`` starts at 129. The
    loop runs a million times for a million events, so it only hashes and compares bytes in
    place (startswith, no slices but the hashed body).
    """
    state = _ScanState()
    prefix = f"\t{FORMAT_VERSION}\t{copy_escape(chain)}\t".encode()
    last_hash = state.last_hash
    before_last: bytes | None = None
    expected = 1
    expect = prefix + b"1\t"
    pending = iter(checkpoints)
    checkpoint = next(pending, None)
    checkpoint_seq = checkpoint.last_seq if checkpoint else -1
    sha256 = hashlib.sha256
    for line in lines:
        digest = sha256(line[65:-1]).hexdigest().encode()
        if not (
            line.startswith(digest)
            and line.startswith(last_hash, 65)
            and line.startswith(expect, 129)
            and line.endswith(b"\n")
            and line[64] == 9  # TAB
        ):
            state.fault = _diagnose(
                line, lines, expected=expected, before_last=before_last, prefix=prefix
            )
            break
        before_last = last_hash
        last_hash = digest
        if expected == checkpoint_seq:
            while checkpoint is not None and checkpoint.last_seq == expected:
                state.checkpoints_compared += 1
                if checkpoint.last_hash.encode() != last_hash:
                    state.fault = _checkpoint_fault(
                        checkpoint, expected, state.agreed_checkpoint_seq
                    )
                    break
                state.agreed_checkpoint_seq = expected
                checkpoint = next(pending, None)
            if state.fault is not None:
                break
            checkpoint_seq = checkpoint.last_seq if checkpoint else -1
        expected += 1
        expect = prefix + b"%d\t" % expected
    state.verified = expected - 1
    state.last_hash = last_hash
    return state


def _checked_checkpoints(chain: str) -> tuple[list[Checkpoint], list[Fault]]:
    found, unreadable = checkpoint_store.load(chain)
    valid: list[Checkpoint] = []
    faults = [
        Fault(
            FaultKind.CHECKPOINT,
            _seq_from_name(item.path.name),
            _("Kontrollpunktsfilen %(name)s kan inte läsas: %(reason)s")
            % {"name": item.path.name, "reason": item.reason},
        )
        for item in unreadable
    ]
    for checkpoint in found:
        if checkpoint.chain != chain or not checkpoint.signature_ok:
            faults.append(
                Fault(
                    FaultKind.CHECKPOINT,
                    checkpoint.last_seq,
                    _(
                        "Kontrollpunkten vid händelse %(seq)s har ingen giltig signatur av en "
                        "betrodd nyckel."
                    )
                    % {"seq": checkpoint.last_seq},
                    checkpoint_seq=checkpoint.last_seq,
                )
            )
        else:
            valid.append(checkpoint)
    return valid, faults


def _seq_from_name(name: str) -> int:
    try:
        return int(name.split(".", 1)[0])
    except ValueError:
        return 0


def _head(chain: str) -> tuple[int, str] | None:
    head = AuditChain.objects.filter(key=chain).values_list("last_seq", "last_hash").first()
    return (head[0], head[1]) if head else None


def _verify_in_snapshot(chain: str) -> ChainResult:
    result = ChainResult(chain=chain)
    checkpoints, checkpoint_faults = _checked_checkpoints(chain)
    head = _head(chain)
    lines = event_lines(chain)
    try:
        state = _scan(lines, chain, checkpoints)
    finally:
        lines.close()  # stopped at a fault: end the COPY now, not when collected
    result.events_checked = state.verified
    result.checkpoints_checked = state.checkpoints_compared
    faults = list(checkpoint_faults)
    if state.fault is not None:
        faults.append(state.fault)
    else:
        beyond = [c for c in checkpoints if c.last_seq > state.verified]
        if beyond:
            faults.append(
                Fault(
                    FaultKind.REMOVED,
                    state.verified + 1,
                    _(
                        "Den signerade kontrollpunkten vid händelse %(checkpoint)s visar att "
                        "kedjan var längre: händelserna efter %(last)s saknas."
                    )
                    % {"checkpoint": beyond[-1].last_seq, "last": state.verified},
                    checkpoint_seq=beyond[-1].last_seq,
                )
            )
        if head is not None and head[0] > state.verified:
            faults.append(
                Fault(
                    FaultKind.REMOVED,
                    state.verified + 1,
                    _("Kedjans huvud anger %(head)s händelser men bara %(found)s finns.")
                    % {"head": head[0], "found": state.verified},
                )
            )
        elif head is not None and head[0] < state.verified:
            faults.append(
                Fault(
                    FaultKind.INSERTED,
                    head[0] + 1,
                    _("Kedjan har händelser efter sitt huvud (%(head)s): de har lagts in utanför.")
                    % {"head": head[0]},
                )
            )
        elif head is not None and state.verified and head[1].encode() != state.last_hash:
            faults.append(
                Fault(
                    FaultKind.ALTERED,
                    state.verified,
                    _("Den sista händelsen stämmer inte med kedjans huvud."),
                )
            )
    agreeing = [c for c in checkpoints if c.last_seq <= state.agreed_checkpoint_seq]
    result.last_checkpoint = (
        agreeing[-1] if agreeing else (checkpoints[-1] if checkpoints else None)
    )
    if faults:
        result.fault = min(faults, key=lambda f: (f.seq, f.kind != FaultKind.CHECKPOINT))
        result.events_checked = min(result.events_checked, max(result.fault.seq - 1, 0))
    return result


def verify_chain(chain: str) -> ChainResult:
    """Verify one chain in one consistent snapshot of the database."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                if outermost:
                    # The first statement of our transaction: the events, the head and the
                    # checkpoints are then all read from one snapshot.
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                # The text forms that the canonical encoding is defined in (audit.canonical).
                cursor.execute("SET LOCAL TimeZone = 'UTC'")
                cursor.execute("SET LOCAL DateStyle = 'ISO, YMD'")
        return _verify_in_snapshot(chain)


def known_chains() -> list[str]:
    """Every chain with events, a head or checkpoints (a deleted head must not hide a chain)."""
    if connection.vendor == "postgresql":
        # A loose index scan over (chain, occurred_at): one probe per chain, not one per event.
        with connection.cursor() as cursor:
            cursor.execute(
                """
                WITH RECURSIVE chains AS (
                    (SELECT chain FROM audit_auditevent ORDER BY chain LIMIT 1)
                    UNION ALL
                    SELECT (SELECT e.chain FROM audit_auditevent e WHERE e.chain > c.chain
                            ORDER BY e.chain LIMIT 1)
                      FROM chains c WHERE c.chain IS NOT NULL
                )
                SELECT chain FROM chains WHERE chain IS NOT NULL
                """
            )
            with_events = {row[0] for row in cursor.fetchall()}
    else:
        with_events = set(AuditEvent.objects.values_list("chain", flat=True).distinct())
    heads = set(AuditChain.objects.values_list("key", flat=True))
    checkpointed = set(AuditCheckpoint.objects.values_list("chain", flat=True).distinct())
    return sorted(with_events | heads | checkpointed)


def verify_chains(chains: Iterable[str] | None = None) -> list[ChainResult]:
    return [verify_chain(chain) for chain in (known_chains() if chains is None else chains)]
