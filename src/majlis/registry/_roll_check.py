"""The stored roll and its counts against a replay of the ledger, as columns (Polars).

The fast half of the roll checks of :func:`majlis.registry.verify_ledger`: the replay is a
sort of the events that admit or end a membership by (person, seq), each checked against the
one before it of the same person; the roll is the last of each person's when it admits. Any
difference sends the caller to the exact checks (:mod:`majlis.registry._verify_exact`), which
name the first bad event or person as they always have.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from majlis.registry._chain_sqlite import ascii_strings, byte_cells, nullable_column

__all__ = ["counts_agree", "replay_frame", "roll_agrees", "stored_counts", "stored_roll"]

#: rows per batch (small, as the ledger's on SQLite: see ``_chain_scan.SQLITE_BATCH_EVENTS``)
_BATCH = 50_000
# a batch is a range of person ids (SQLite: of the rowid, visited in order)
_RANGE = " FROM current_membership WHERE person_id > {after} AND person_id <= {after} + {limit}"
_NEXT = "SELECT min(person_id) FROM current_membership WHERE person_id > {after}"
# one row per batch: the rows' count, then one aggregate per column in the same order
# (SQLite: of the rowid; PostgreSQL: by person), the numbers joined by spaces; on SQLite the
# dates of ten characters each without a separator (as bytes), the number of regions that
# are not NULL, then those regions joined by U+001E (a column as it stands costs SQLite
# least); on PostgreSQL the dates joined by spaces, the regions by U+001E after a flag (1 for a NULL
# region, else 0)
_ROLL_SQLITE = (
    "SELECT count(*), group_concat(party_id, ' '), "
    "CAST(group_concat(since, '') AS BLOB), group_concat(event_seq, ' '), count(region_code), "
    "group_concat(region_code, '\x1e')" + _RANGE
)
# on SQLite, the people of a batch that is not full (a full one holds every id of its range,
# each once: the key), in the same order
_PEOPLE = "SELECT group_concat(person_id, ' ')" + _RANGE
# on SQLite, whether each region is NULL ('1') or not ('0'), for a batch that has both
_NO_REGION = "SELECT group_concat(region_code IS NULL, '')" + _RANGE
_ROLL_PG = (
    "SELECT count(*), string_agg(person_id::text, ' ' ORDER BY person_id), "
    "string_agg(party_id::text, ' ' ORDER BY person_id), string_agg(to_char(since, "
    "'YYYY-MM-DD'), ' ' ORDER BY person_id), string_agg(event_seq::text, ' ' ORDER BY "
    "person_id), string_agg(CASE WHEN region_code IS NULL THEN '1' ELSE '0' || region_code END, "
    "E'\\x1e' ORDER BY person_id)" + _RANGE
)
_COUNTS = "SELECT party_id, region_code, members FROM roll_count WHERE members <> 0"
_SCHEMA = {
    "person": pl.Int64,
    "party": pl.Int64,
    "since": pl.String,
    "event_seq": pl.Int64,
    "region": pl.String,
    "no_region": pl.Boolean,
}


def _split(text: str | None, separator: str, size: int) -> pl.Series | None:
    """The ``size`` values joined in ``text``; None if a value held the separator."""
    if text is None:
        return None
    values = pl.Series([text], dtype=pl.String).str.split(separator).explode()
    return values if values.len() == size else None


def _regions(columns: tuple[str, ...], size: int) -> tuple[pl.Series, pl.Series] | None:
    """The regions ('' when NULL) and whether each is NULL, in either database's form."""
    if len(columns) == 6:
        regions = nullable_column(columns[4], columns[5], size)
        return None if regions is None else (regions.fill_null(""), regions.is_null())
    flagged = _split(columns[4], "\x1e", size)
    return None if flagged is None else (flagged.str.slice(1), flagged.str.starts_with("1"))


def _region_flags(cursor: Any, present: int, size: int, after: int) -> str:
    """Whether each region of a SQLite batch is NULL ('1'), known by their count unless the
    batch has both NULLs and regions."""
    if present in (0, size):
        return ("0" if present else "1") * size
    cursor.execute(_NO_REGION.format(after=after, limit=_BATCH))
    (flags,) = cursor.fetchone()
    return str(flags)


def _people(cursor: Any, size: int, after: int) -> Any:
    """The person ids of a SQLite batch: the whole range when it is full (no id made text),
    else as read, joined by spaces."""
    if size == _BATCH:
        return pl.int_range(after + 1, after + size + 1, dtype=pl.Int64, eager=True)
    cursor.execute(_PEOPLE.format(after=after, limit=_BATCH))
    return cursor.fetchone()[0]


def _since(text: Any, size: int, *, sqlite: bool) -> pl.Series | None:
    """The dates: on SQLite ten ASCII bytes each, unseparated; else text joined by spaces."""
    if not sqlite:
        return _split(text, " ", size)
    cells = byte_cells(text, 10, size)
    return None if cells is None else ascii_strings(cells)


def _numbers(column: Any, size: int) -> pl.Series | None:
    """A column of numbers joined by spaces (None if they are not ``size``), or one made."""
    return column if isinstance(column, pl.Series) else _split(column, " ", size)


def _parse(columns: tuple[Any, ...], size: int) -> pl.DataFrame | None:
    """The batch's rows as columns; None if a value held a separator or did not parse."""
    numbers = [_numbers(columns[i], size) for i in (0, 1, 3)]
    regions = _regions(columns, size)
    split = [s for s in numbers if s is not None]
    since = _since(columns[2], size, sqlite=len(columns) == 6)
    if regions is None or since is None or len(split) != 3:
        return None
    person, party, event_seq = split
    region, no_region = regions
    frame = pl.DataFrame(
        {
            "person": person.cast(pl.Int64, strict=False),
            "party": party.cast(pl.Int64, strict=False),
            "since": since,
            "event_seq": event_seq.cast(pl.Int64, strict=False),
            "region": region,
            "no_region": no_region,
        }
    )
    if frame.select(pl.any_horizontal(pl.all().is_null()).any()).item():
        return None
    return frame


def stored_roll(raw: Any, *, postgres: bool) -> pl.DataFrame | None:
    """The stored current roll by person: person, party, since (ISO), event_seq, region.

    ``raw`` is the driver's connection (:func:`majlis.store.driver_connection`); no Session
    is touched, so that another thread may read the roll while the ledger is walked. None
    when a stored value is not in the form majlis writes (the exact check decides).
    """
    sql = _ROLL_PG if postgres else _ROLL_SQLITE
    cursor = raw.cursor()
    frames, after = [], 0
    try:
        while True:
            cursor.execute(sql.format(after=after, limit=_BATCH))
            size, *columns = cursor.fetchone()
            if size and not postgres:
                columns[3] = _region_flags(cursor, columns[3], size, after)
                columns.insert(0, _people(cursor, size, after))
            if not size:
                cursor.execute(_NEXT.format(after=after))
                (following,) = cursor.fetchone()
                if following is None:
                    break
                after = int(following) - 1
                continue
            frame = _parse(tuple(columns), size)
            if frame is None:
                return None
            frames.append(frame)
            after += _BATCH
    finally:
        cursor.close()
    return pl.concat(frames) if frames else pl.DataFrame(schema=_SCHEMA)


def stored_counts(raw: Any) -> pl.DataFrame:
    """The stored member counts per party and region ('' = unknown), non-zero ones, read on
    the driver's connection ``raw`` (as :func:`stored_roll`)."""
    cursor = raw.cursor()
    try:
        cursor.execute(_COUNTS)
        rows = cursor.fetchall()
    finally:
        cursor.close()
    schema = {"party": pl.Int64, "region": pl.String, "members": pl.Int64}
    return pl.DataFrame(rows, schema=schema, orient="row")


def replay_frame(events: pl.DataFrame) -> pl.DataFrame | None:
    """The roll a replay of ``events`` gives, by person; None if an event contradicts it.

    ``events`` has seq, person, party, code (1 admits, 2 ends, 0 neither) and day, in seq
    order (so a stable sort by person puts each person's moves in seq order, which costs
    less than a sort by two keys). An admission of a person whose last move admitted them,
    or an ending of a person who was not then a member of that party, is a contradiction.
    """
    person, code, party = pl.col("person"), pl.col("code"), pl.col("party")
    same = person == person.shift(1)
    prev_code = pl.when(same).then(code.shift(1)).otherwise(0)
    prev_party = pl.when(same).then(party.shift(1))
    moves = (
        events.lazy()
        .filter(code != 0)
        .sort("person", maintain_order=True)
        .with_columns(
            bad=(
                ((code == 1) & (prev_code == 1))
                | ((code == 2) & ((prev_code != 1) | (prev_party != party)))
            ).fill_null(True),
            last=(person != person.shift(-1)).fill_null(True),
        )
        .collect()
    )
    if moves["bad"].any():
        return None
    return moves.filter(pl.col("last") & (code == 1)).select(
        "person", "party", pl.col("day").alias("since"), pl.col("seq").alias("event_seq")
    )


def roll_agrees(stored: pl.DataFrame, replayed: pl.DataFrame) -> bool:
    """Whether the stored roll (by person) is the replayed one, column for column."""
    return stored.select("person", "party", "since", "event_seq").equals(replayed)


def counts_agree(stored: pl.DataFrame, counts: pl.DataFrame) -> bool:
    """Whether the counts per party and region are those of the stored roll."""
    rolled = stored.group_by("party", "region", "no_region").len()
    if rolled.select("party", "region").is_duplicated().any():
        return False  # an unknown region both as NULL and as '': the exact check decides
    mine = rolled.select("party", "region", pl.col("len").cast(pl.Int64).alias("members"))
    key = ["party", "region"]
    return mine.sort(key).equals(counts.sort(key))
