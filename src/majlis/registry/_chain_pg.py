"""The ledger checked by PostgreSQL itself: where the client's pass cannot read the text.

:mod:`majlis.registry._pg_scan` hashes the ledger in the client; a range of events whose text
it cannot read back is checked here, by :data:`PAYLOAD`, and so is the whole ledger (with
the roll and its counts) should that pass find the ledger changed while it read.

One statement builds each event's canonical text as :func:`majlis.registry.ledger.event_hash`
does (after the **stored** hash of the event before it, found by a join on ``seq - 1``, so
the server may split the work between parallel workers), hashes it with ``sha256`` and
returns only the events whose stored hash differs, in order, with the stored hash before
them. Those go to the exact per-event check, which raises the error naming the first one (or
vouches for it): the message is the same as ever. The text is built as bytes: a NULL text is
one NUL byte, which PostgreSQL's text cannot hold. Times outside the years 1000 to 9999 are
sent to the exact check too, since the server and Python pad such years differently. Tests
hold this canonical text to ``event_hash`` over awkward text (backslashes, separators, NUL,
newlines, non-ASCII) and every kind of tampering.

This check applies only when the sequence numbers run 1 to N (the primary key makes them
unique, so a count equal to the largest and a smallest of 1 say so); otherwise the caller
walks the ledger in batches, which names the first event out of sequence. (The client's pass
needs no count: it counts the events of each range it reads.)

The replay of the ledger into the roll, and the roll's counts, are compared by the server as
well: each returns whether anything differs, and a difference sends the caller to the exact
checks, which name the first bad person or count.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = [
    "PAYLOAD",
    "chain_mismatches",
    "counts_differ",
    "ends",
    "roll_differs",
    "sequence",
    "server_settings",
]


def _text(column: str) -> str:
    """A text column as canonical text in ``decode(..., 'escape')``'s form (NULL: NULL).

    Backslash and U+001F are escaped as :func:`~majlis.registry.ledger.canonical_text`
    does, then every backslash doubled again for ``decode``.
    """
    return f"replace(replace(e.{column}, '\\', '\\\\\\\\'), E'\\x1f', '\\\\x1f')"


#: the canonical bytes of event ``e`` after the stored hash of ``p``, the event before it: the
#: fields joined as text, each backslash doubled, a NULL text as ``\000``, and the whole made
#: bytes by one ``decode(..., 'escape')`` (a NUL cannot be held by a text)
PAYLOAD = (
    "decode(concat_ws(E'\\x1f', coalesce(encode(p.hash, 'hex'), "
    "CASE WHEN e.seq = 1 THEN repeat('0', 64) END), e.seq, e.person_id, e.party_id, "
    "replace(e.kind, '\\', '\\\\'), e.occurred_on, "
    f"coalesce({_text('reason')}, '\\000'), coalesce({_text('deciding_body')}, '\\000'), "
    f"CASE WHEN e.founder THEN '1' ELSE '0' END, {_text('entered_by')}, "
    "to_char(e.entered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')), 'escape')"
)
#: events whose stored hash is not that of their canonical text after the stored hash before
#: them (or whose times the server and Python would write differently), in order
_MISMATCHES = (
    "SELECT e.seq, encode(p.hash, 'hex') FROM membership_event e "
    "LEFT JOIN membership_event p ON p.seq = e.seq - 1 "
    f"WHERE sha256({PAYLOAD}) IS DISTINCT FROM e.hash "
    "OR e.occurred_on NOT BETWEEN '1000-01-01' AND '9999-12-31' "
    "OR e.entered_at AT TIME ZONE 'UTC' NOT BETWEEN '1000-01-01' AND '9999-12-31' "
    "ORDER BY e.seq"
)
_SEQUENCE = "SELECT count(*), min(seq), max(seq) FROM membership_event"
_ENDS = "SELECT min(seq), max(seq) FROM membership_event"
_LAST = "SELECT encode(hash, 'hex') FROM membership_event WHERE seq = %s"
# the replay: each person's moves (admissions and endings) in order; a move contradicts the
# one before it as in :func:`majlis.registry.ledger.replay`; the roll is each person's last
# move when it admits, compared with the stored roll person by person in the same join (one
# pass over the moves: a move that is not a person's last admission meets no stored row)
_ROLL = """
WITH moves AS (
  SELECT seq, person_id, party_id, kind = 'admitted' AS admits, occurred_on,
    coalesce(lag(kind = 'admitted') OVER w, false) AS after_admission,
    lag(party_id) OVER w AS prev_party, lead(seq) OVER w IS NULL AS last
  FROM membership_event WHERE kind IN ('admitted', 'left', 'expelled', 'dissolved')
  WINDOW w AS (PARTITION BY person_id ORDER BY seq)
)
SELECT EXISTS (
  SELECT FROM moves m FULL JOIN current_membership c
    ON c.person_id = m.person_id AND m.last AND m.admits
  WHERE m.person_id IS NULL
    OR CASE WHEN m.admits THEN m.after_admission
       ELSE NOT m.after_admission OR m.prev_party IS DISTINCT FROM m.party_id END
    OR (m.last AND m.admits AND (c.person_id IS NULL OR m.party_id <> c.party_id
        OR m.occurred_on <> c.since OR m.seq <> c.event_seq)))
"""
# counts grouped by the stored region (NULL and '' apart: both present is a difference the
# exact check decides), against the non-zero stored counts; the roll is grouped once, and
# its size is the sum of its groups
_COUNTS = """
WITH rolled AS MATERIALIZED (
  SELECT party_id, coalesce(region_code, '') AS region_code, count(*) AS members
  FROM current_membership GROUP BY party_id, current_membership.region_code
), stored AS (SELECT party_id, region_code, members FROM roll_count WHERE members <> 0)
SELECT EXISTS (
  (SELECT * FROM rolled EXCEPT ALL SELECT * FROM stored)
  UNION ALL (SELECT * FROM stored EXCEPT ALL SELECT * FROM rolled)
), (SELECT coalesce(sum(members), 0) FROM rolled)
"""


@contextmanager
def server_settings(raw: Any, **settings: str) -> Iterator[None]:
    """Set the server's ``settings`` for this transaction for a while; restored after."""
    names = list(settings)
    with raw.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join("current_setting(%s)" for _ in names), names)
        before = cursor.fetchone()
    _apply(raw, dict(zip(names, settings.values(), strict=True)))
    try:
        yield
    finally:
        _apply(raw, dict(zip(names, before, strict=True)))


def _apply(raw: Any, settings: dict[str, str]) -> None:
    """``set_config`` each setting, local to the transaction."""
    with raw.cursor() as cursor:
        cursor.execute(
            "SELECT " + ", ".join("set_config(%s, %s, true)" for _ in settings),
            [item for pair in settings.items() for item in pair],
        )


def ends(raw: Any) -> tuple[int | None, int | None]:
    """The smallest seq and the largest (from the primary key's index, without a scan)."""
    with raw.cursor() as cursor:
        cursor.execute(_ENDS)
        first, last = cursor.fetchone()
    return first, last


def sequence(raw: Any) -> tuple[int, int | None, int | None]:
    """The number of events, the smallest seq and the largest."""
    with raw.cursor() as cursor:
        cursor.execute(_SEQUENCE)
        count, first, last = cursor.fetchone()
    return int(count), first, last


def chain_mismatches(raw: Any, last: int) -> tuple[list[tuple[int, str | None]], str]:
    """The events whose hash differs (seq, stored hash before it), and event ``last``'s hash."""
    with raw.cursor() as cursor:
        cursor.execute(_MISMATCHES)
        odd: list[tuple[int, str | None]] = cursor.fetchall()
        cursor.execute(_LAST, (last,))
        (final,) = cursor.fetchone()
    return odd, str(final)


def roll_differs(raw: Any) -> bool:
    """Whether the replay contradicts itself or differs from the stored roll anywhere."""
    # the sort of a million moves fits in memory; sorting the table read in order costs the
    # server less than visiting it through the index on person (measured, 1M events)
    settings = {"work_mem": "256MB", "enable_indexscan": "off", "enable_bitmapscan": "off"}
    with server_settings(raw, **settings), raw.cursor() as cursor:
        cursor.execute(_ROLL)
        (differs,) = cursor.fetchone()
    return bool(differs)


def counts_differ(raw: Any) -> tuple[bool, int]:
    """Whether the stored counts differ from the roll's, and the roll's size."""
    with raw.cursor() as cursor:
        cursor.execute(_COUNTS)
        differs, active = cursor.fetchone()
    return bool(differs), int(active)
