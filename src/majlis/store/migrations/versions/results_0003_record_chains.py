"""results: protocols, decisions and incidents hash-chained per election; elections' commissions.

Adds ``seq`` and ``record_hash`` to ``protocol_version``, ``protocol_final`` and ``incident``
(unique per election and place), the chain heads (``record_head``), and
``election_commission``: the central commission that runs an election, so that a station is
accepted for an election only when it sits under that commission.

Existing rows are chained in the order they were stored (by id), with the canonical forms of
:mod:`majlis.results._chain` (repeated here, so that this revision keeps its meaning if that
module changes). Every election with stored records is linked to the central commission when
the database holds exactly one; otherwise it stays unlinked, and its next write is refused
with a message saying how to link it. The append-only triggers are lifted only for the
chaining and put back at once.

Revision ID: results_0003
Revises: results_0002
Create Date: 2026-12-07
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "results_0003"
down_revision: str | Sequence[str] | None = "results_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = "elections_0001"

TABLES = ("protocol_version", "protocol_final", "incident")
GENESIS = "0" * 64
SEP = "\x1f"

_SELECT = {
    "protocol_version": "SELECT t.id, t.election, t.content_hash, t.version, t.reason, "
    "t.entered_by, t.entered_at FROM protocol_version t ORDER BY t.id",
    "protocol_final": "SELECT t.id, t.election, s.code, t.official_version, t.content_hash, "
    "t.method, t.decided_by, t.decided_at, t.resolution, t.note FROM protocol_final t "
    "JOIN polling_station s ON s.id = t.station_id ORDER BY t.id",
    "incident": "SELECT t.id, t.election, s.code, t.observer, t.observed_at, t.category, "
    "t.description, t.evidence_sha256, t.recorded_by, t.recorded_at FROM incident t "
    "JOIN polling_station s ON s.id = t.station_id ORDER BY t.id",
}


def _text(value: str | None) -> str:
    return "\x00" if value is None else value.replace("\\", "\\\\").replace(SEP, "\\x1f")


def _moment(value: Any) -> str:
    if isinstance(value, str):  # SQLite through a raw query: 'YYYY-MM-DD HH:MM:SS.ffffff'
        value = datetime.fromisoformat(value)
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return str(value.strftime("%Y-%m-%dT%H:%M:%S.%fZ"))


def _resolution(value: Any) -> str | None:
    if value is None:
        return None
    data = json.loads(value) if isinstance(value, str) else value
    if data is None:
        return None
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _fields(table: str, row: Any) -> str:
    if table == "protocol_version":
        _, _, content, version, reason, by, at = row
        return SEP.join((content, str(version), _text(reason), _text(by), _moment(at)))
    if table == "protocol_final":
        _, _, code, version, content, method, by, at, resolution, note = row
        return SEP.join(
            (
                _text(code),
                str(version),
                content,
                method,
                _text(by),
                _moment(at),
                _text(_resolution(resolution)),
                _text(note),
            )
        )
    _, _, code, observer, seen, category, description, evidence, by, at = row
    return SEP.join(
        (
            _text(code),
            _text(observer),
            _moment(seen),
            category,
            _text(description),
            _text(evidence),
            _text(by),
            _moment(at),
        )
    )


def _triggers(dialect: str, *, drop: bool) -> None:
    for table in TABLES:
        if dialect == "postgresql":
            op.execute(
                f"DROP TRIGGER {table}_append_only ON {table}"
                if drop
                else f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION majlis_refuse_protocol_change()"
            )
            continue
        for verb in ("UPDATE", "DELETE"):
            name = f"{table}_no_{verb.lower()}"
            op.execute(
                f"DROP TRIGGER {name}"
                if drop
                else f"CREATE TRIGGER {name} BEFORE {verb} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: {verb} refused'); END"
            )


def _chain_existing(bind: sa.Connection) -> set[str]:
    heads: dict[tuple[str, str], tuple[int, str]] = {}
    for table in TABLES:
        updates = []
        for row in bind.execute(sa.text(_SELECT[table])):
            election = row[1]
            seq, prev = heads.get((election, table), (0, GENESIS))
            seq += 1
            digest = hashlib.sha256(f"{prev}{SEP}{seq}{SEP}{_fields(table, row)}".encode())
            heads[(election, table)] = (seq, digest.hexdigest())
            updates.append({"id": row[0], "seq": seq, "hash": digest.hexdigest()})
        if updates:
            bind.execute(
                sa.text(f"UPDATE {table} SET seq = :seq, record_hash = :hash WHERE id = :id"),
                updates,
            )
    if heads:
        bind.execute(
            sa.text(
                "INSERT INTO record_head (election, chain, seq, hash) "
                "VALUES (:election, :chain, :seq, :hash)"
            ),
            [
                {"election": e, "chain": c, "seq": n, "hash": h}
                for (e, c), (n, h) in sorted(heads.items())
            ],
        )
    return {e for e, _ in heads}


def upgrade() -> None:
    """Add the chain columns and heads, chain the stored rows, link elections to the CEC."""
    bind = op.get_bind()
    dialect = bind.dialect.name
    op.create_table(
        "record_head",
        sa.Column("election", sa.String(64), nullable=False),
        sa.Column("chain", sa.String(32), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("election", "chain", name="pk_record_head"),
    )
    op.create_table(
        "election_commission",
        sa.Column("election", sa.String(64), nullable=False),
        sa.Column(
            "commission_id",
            sa.Integer,
            sa.ForeignKey("commission.id", name="fk_election_commission_commission_id_commission"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("election", name="pk_election_commission"),
    )
    op.create_index(
        "ix_election_commission_commission_id", "election_commission", ["commission_id"]
    )
    for table in TABLES:
        op.add_column(table, sa.Column("seq", sa.Integer))
        op.add_column(table, sa.Column("record_hash", sa.String(64)))
    _triggers(dialect, drop=True)
    elections = _chain_existing(bind)
    _triggers(dialect, drop=False)
    for table in TABLES:
        op.create_index(f"uq_{table}_chain", table, ["election", "seq"], unique=True)
        if dialect == "postgresql":
            op.execute(
                f"ALTER TABLE {table} ALTER COLUMN seq SET NOT NULL, "
                "ALTER COLUMN record_hash SET NOT NULL"
            )
    centrals = [
        r[0] for r in bind.execute(sa.text("SELECT id FROM commission WHERE level = 'central'"))
    ]
    stored = {r[0] for r in bind.execute(sa.text("SELECT slug FROM election"))}
    if len(centrals) == 1 and (elections | stored):
        bind.execute(
            sa.text("INSERT INTO election_commission (election, commission_id) VALUES (:e, :c)"),
            [{"e": e, "c": centrals[0]} for e in sorted(elections | stored)],
        )


def downgrade() -> None:
    """Drop the chain columns, the heads and the elections' commissions."""
    for table in TABLES:  # plain DROP COLUMN (SQLite ≥ 3.35): the triggers stay in place
        op.drop_index(f"uq_{table}_chain", table_name=table)
        op.execute(f"ALTER TABLE {table} DROP COLUMN record_hash")
        op.execute(f"ALTER TABLE {table} DROP COLUMN seq")
    op.drop_index("ix_election_commission_commission_id", table_name="election_commission")
    op.drop_table("election_commission")
    op.drop_table("record_head")
