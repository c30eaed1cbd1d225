"""registry: on PostgreSQL, the party of ledger events is checked once per statement.

A foreign key is checked row by row: for every inserted event PostgreSQL runs a query that
looks up and key-share-locks the party, about 3 µs each, a sixth of the server's time in a
bulk import, although all the events of an import name the same party. This revision
replaces the key from ``membership_event.party_id`` to ``party`` by triggers that give the
same guarantees set-based:

- after each ``INSERT`` or ``COPY`` into the ledger, one query over the statement's new rows
  (a transition table) key-share-locks every party they name, as the key's check does, and
  refuses the statement if any party is missing;
- a party that events name cannot be deleted, have its id changed or be truncated away.

The lock keeps a party from being deleted between the check and the commit; a deletion
waits for it and then sees the committed events. SQLite keeps its declared key (its check is
one primary-key look-up per row, in-process). Errors carry SQLSTATE 23503
(``foreign_key_violation``), as the key's did.

Revision ID: registry_0003
Revises: registry_0002
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "registry_0003"
down_revision: str | Sequence[str] | None = "registry_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEY = "fk_membership_event_party_id_party"

PG_UP = f"""
ALTER TABLE membership_event DROP CONSTRAINT {KEY};

CREATE FUNCTION majlis_check_event_party() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    missing integer;
BEGIN
    PERFORM 1 FROM party p WHERE p.id IN (SELECT DISTINCT a.party_id FROM added a)
        FOR KEY SHARE OF p;
    SELECT a.party_id INTO missing FROM added a
        WHERE NOT EXISTS (SELECT 1 FROM party p WHERE p.id = a.party_id) LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'insert into membership_event violates foreign key {KEY}'
            USING ERRCODE = 'foreign_key_violation', TABLE = 'membership_event',
                  CONSTRAINT = '{KEY}',
                  DETAIL = format('Key (party_id)=(%s) is not present in table "party".',
                                  missing);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER membership_event_party AFTER INSERT ON membership_event
    REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION majlis_check_event_party();

CREATE FUNCTION majlis_keep_ledger_party() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        IF EXISTS (SELECT 1 FROM membership_event) THEN
            RAISE EXCEPTION 'party cannot be truncated: membership_event names its rows'
                USING ERRCODE = 'foreign_key_violation', TABLE = 'party';
        END IF;
        RETURN NULL;
    END IF;
    IF (TG_OP = 'DELETE' OR NEW.id IS DISTINCT FROM OLD.id)
       AND EXISTS (SELECT 1 FROM membership_event e WHERE e.party_id = OLD.id) THEN
        RAISE EXCEPTION '% on party violates foreign key {KEY}', TG_OP
            USING ERRCODE = 'foreign_key_violation', TABLE = 'party', CONSTRAINT = '{KEY}',
                  DETAIL = format('Key (id)=(%s) is still referenced from table '
                                  '"membership_event".', OLD.id);
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER party_named_by_ledger BEFORE DELETE OR UPDATE OF id ON party
    FOR EACH ROW EXECUTE FUNCTION majlis_keep_ledger_party();
CREATE TRIGGER party_named_by_ledger_truncate BEFORE TRUNCATE ON party
    FOR EACH STATEMENT EXECUTE FUNCTION majlis_keep_ledger_party();
"""

PG_DOWN = f"""
DROP TRIGGER party_named_by_ledger_truncate ON party;
DROP TRIGGER party_named_by_ledger ON party;
DROP FUNCTION majlis_keep_ledger_party();
DROP TRIGGER membership_event_party ON membership_event;
DROP FUNCTION majlis_check_event_party();
ALTER TABLE membership_event ADD CONSTRAINT {KEY}
    FOREIGN KEY (party_id) REFERENCES party (id);
"""


def upgrade() -> None:
    """Replace the ledger's key to parties by statement-level checks (PostgreSQL only)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_UP)


def downgrade() -> None:
    """Restore the declared key (PostgreSQL only)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_DOWN)
