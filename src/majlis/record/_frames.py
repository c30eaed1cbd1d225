"""The elections' chains checked in Polars: every record's hash at once, no Python per record.

A record's hash covers the **stored** hash of the record before it, so each record's expected
hash can be computed from its own row alone (the previous row's stored hash, its place, its
canonical fields), all at once, and compared with its stored hash; when every record matches,
the chain is the one a sequential walk recomputes, and its head is the last stored hash.

Each chained table is read as one row of aggregates (:mod:`majlis.record._aggregates`);
Polars builds each record's canonical text exactly as :mod:`majlis.record._versions` and
:mod:`majlis.results` do (a protocol version's content JSON filled per ballot, JSON strings
quoted, texts escaped, the times made canonical) and hashes them with SHA-256 in native code
(the ``polars-hash`` plugin, as the ledger's pass does).

Only the all-clear is decided here. A chain with any record that does not match, or that
this pass cannot read as majlis writes it (a value of another type on SQLite, a text holding
U+001E, an unusual time or resolution, many ballots), is walked again by the sequential
walk of :mod:`majlis.record._walk`, which raises the error naming the first bad record, or
vouches for it: the messages are the same as ever. A record can pass here only if its
canonical text is the sequential walk's, since both are hashed and compared with the same
stored hash.
"""

from __future__ import annotations

import json

import polars as pl
from polars_hash import CryptographicHashingNameSpace
from sqlalchemy.orm import Session

from majlis.record._aggregates import read_table
from majlis.record._walk import Walked, walk_finals, walk_incidents, walk_versions
from majlis.results import COUNT_LINES, GENESIS, SEPARATOR, canonical_json, canonical_text

__all__ = [
    "check_finals",
    "check_incidents",
    "check_versions",
    "official_versions",
    "walk_election",
]

#: a character json.dumps(ensure_ascii=False) escapes: quote, backslash, control characters
_ESCAPED = r'["\\\x00-\x1f]'
#: at most this many ballots (distinct list texts) per election are filled in one pass
_BALLOTS = 16


def _sha256_hex(texts: pl.Expr) -> pl.Expr:
    """The SHA-256 of each text's UTF-8 bytes as lower-case hex, in native code (no GIL)."""
    return CryptographicHashingNameSpace(texts).sha2_256()


def _nullable(name: str) -> pl.Expr:
    """A nullable text column from its ``=value`` or empty form."""
    column = pl.col(name)
    return pl.when(column != "").then(column.str.slice(1)).alias(name)


def _escaped(column: pl.Expr) -> pl.Expr:
    """:func:`~majlis.results.canonical_text` of a text column (NULL: one NUL)."""
    escaped = column.str.replace_all("\\", "\\\\", literal=True)
    return escaped.str.replace_all(SEPARATOR, "\\x1f", literal=True).fill_null("\x00")


def _json(values: pl.Series) -> pl.Series:
    """Each text as ``json.dumps(ensure_ascii=False)`` writes it (NULL: ``null``)."""
    odd = values.str.contains(_ESCAPED).fill_null(False)
    quoted = ('"' + values + '"').fill_null("null")
    if not odd.any():
        return quoted
    unusual = {v: json.dumps(v, ensure_ascii=False) for v in values.filter(odd).unique()}
    return quoted.zip_with(~odd, values.replace_strict(unusual, default=None))


def _moment(name: str, dialect: str) -> tuple[pl.Expr, pl.Expr]:
    """A time column as canonical text, and whether it was read so (else the walk decides).

    SQLite's stored text is rewritten as :func:`majlis.record._walk._sqlite_moment` does for
    the two forms majlis stores; PostgreSQL's time is read already canonical (NULL for a year
    before 1000 or after 9999, see :mod:`majlis.record._aggregates`).
    """
    column = pl.col(name)
    if dialect == "postgresql":
        return column, column.is_not_null()
    day = column.str.slice(0, 10)
    size, dot = column.str.len_chars(), column.str.slice(19, 1) == "."
    read = dot & ((size == 26) | ((size == 32) & column.str.ends_with("+00:00")))
    return pl.concat_str(day, pl.lit("T"), column.str.slice(11, 15), pl.lit("Z")), read


def _linked(frame: pl.DataFrame, fields: list[pl.Expr], read: pl.Expr) -> pl.Series:
    """Whether each record sits at its place and its stored hash is that of its fields after
    the stored hash before it (and ``read`` holds)."""
    seq, stored = pl.col("seq"), pl.col("hash")
    place = pl.int_range(1, pl.len() + 1, dtype=pl.Int64).cast(pl.String)
    line = pl.concat_str(stored.shift(1, fill_value=GENESIS), seq, *fields, separator=SEPARATOR)
    sound = read & (seq == place) & (_sha256_hex(line) == stored)
    return frame.select(sound.fill_null(False).alias("sound"))["sound"]


def _head(frame: pl.DataFrame) -> Walked:
    return Walked(frame.height, frame["hash"][-1] if frame.height else GENESIS, {})


_V_NAMES = (
    "seq",
    "hash",
    "code",
    "source",
    "observer",
    "evidence",
    "version",
    *COUNT_LINES,
    "lists",
    "votes",
    "content",
    "reason",
    "by",
    "at",
    "sid",
)
_V_KINDS = {"evidence": "null", "reason": "null", "at": "moment"}
_V_KINDS |= dict.fromkeys(("seq", "version", "sid", *COUNT_LINES), "int")
_V_SQL = {
    "code": "s.code",
    "observer": "t.observer",
    "evidence": "t.evidence_sha256",
    "content": "t.content_hash",
    "by": "t.entered_by",
    "at": "t.entered_at",
    "sid": "t.station_id",
    "hash": "t.record_hash",
}


def _ballot(lists: str) -> tuple[list[str], list[int]] | None:
    """A ballot's pieces of the content JSON before each vote, and the votes' order."""
    try:
        names = json.loads(lists)
    except ValueError:
        return None
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        return None
    order = sorted(range(len(names)), key=lambda j: names[j])
    keys = [json.dumps(names[j], ensure_ascii=False) + ":" for j in order]
    return [keys[0], *("," + k for k in keys[1:])] if keys else [], order


def _content(frame: pl.DataFrame, election: str) -> tuple[pl.Expr, pl.Expr] | None:
    """Each protocol version's content JSON, and whether its votes were read; None if a
    ballot is not readable or there are too many.

    The votes ``[v1,...,vk]`` are put in as the digits stored, under the list names in
    sorted order, as :mod:`majlis.record._versions` fills its template.
    """
    ballots = frame["lists"].unique(maintain_order=True).to_list()
    if len(ballots) > _BALLOTS:
        return None
    votes = pl.col("votes")
    inner = votes.str.slice(1, votes.str.len_chars() - 2)
    commas = inner.str.count_matches(",", literal=True)
    shaped = votes.str.starts_with("[") & votes.str.ends_with("]")
    section: pl.Expr = pl.lit(None, dtype=pl.String)
    read: pl.Expr = pl.lit(False)
    for lists in reversed(ballots):
        ballot = _ballot(lists)
        if ballot is None:
            return None
        keys, order = ballot
        split = inner.str.split_exact(",", max(len(order) - 1, 0))
        pieces = [p for k, j in zip(keys, order, strict=True) for p in (pl.lit(k), split.struct[j])]
        filled = pl.concat_str(*pieces) if pieces else pl.lit("")
        fits = shaped & (commas == len(order) - 1) if order else shaped
        this = pl.col("lists") == lists
        section = pl.when(this).then(filled).otherwise(section)
        read = pl.when(this).then(fits).otherwise(read)
    lines = [
        p
        for i, k in enumerate(sorted(COUNT_LINES))
        for p in (pl.lit(("," if i else "") + f'"{k}":'), pl.col(k))
    ]
    body = pl.concat_str(
        pl.lit('{"election":' + json.dumps(election, ensure_ascii=False) + ',"evidence_sha256":'),
        pl.col("evidence_json"),
        pl.lit(',"lines":{'),
        *lines,
        pl.lit(',"votes":{'),
        section,
        pl.lit('}},"observer":'),
        pl.col("observer_json"),
        pl.lit(',"source":"'),
        pl.col("source"),
        pl.lit('","station":'),
        pl.col("code_json"),
        pl.lit("}"),
    )
    return body, read


def check_versions(session: Session, election: str) -> tuple[Walked, pl.DataFrame] | None:
    """The protocol versions' head and officials (station id, version, content), or None."""
    dialect = session.connection().dialect.name
    frame = read_table(session, "protocol_version", election, _V_NAMES, _V_SQL, _V_KINDS)
    if frame is None:
        return None
    frame = frame.with_columns(_nullable("evidence"), _nullable("reason"))
    observer = frame.select(pl.when(pl.col("observer") != "").then(pl.col("observer")))
    frame = frame.with_columns(
        evidence_json=_json(frame["evidence"]),
        observer_json=_json(observer.to_series()),
        code_json=_json(frame["code"]),
    )
    content = _content(frame, election)
    if content is None:
        return None
    body, votes_read = content
    at, at_read = _moment("at", dialect)
    frame = frame.with_columns(_sha256_hex(body).alias("mine"))
    fields = [pl.col("mine"), pl.col("version"), _escaped(pl.col("reason")), _escaped(pl.col("by"))]
    read = votes_read & at_read & (pl.col("mine") == pl.col("content"))
    if not _linked(frame, [*fields, at], read).all():
        return None
    official = frame.filter(pl.col("source") == "official").select("sid", "version", "mine")
    return _head(frame), official.unique(["sid", "version"], keep="last", maintain_order=True)


_F_NAMES = (
    *("seq", "hash", "code", "version", "content", "method", "by", "at", "resolution"),
    *("note", "sid"),
)
_F_KINDS = {"seq": "int", "version": "int", "sid": "int", "at": "moment"}
_F_KINDS |= {"resolution": "null", "note": "null"}
_F_SQL = {
    "code": "s.code",
    "version": "t.official_version",
    "content": "t.content_hash",
    "by": "t.decided_by",
    "at": "t.decided_at",
    "sid": "t.station_id",
    "hash": "t.record_hash",
}


def _resolutions(values: pl.Series) -> pl.Series | None:
    """Each resolution's canonical text as :func:`~majlis.results.final_fields` writes it."""
    canonical: dict[str, str] = {}
    for value in values.drop_nulls().unique():
        try:
            data = json.loads(value)
        except ValueError:
            return None
        canonical[value] = canonical_text(None if data is None else canonical_json(data))
    return values.replace_strict(canonical, default="\x00", return_dtype=pl.String)


def check_finals(session: Session, election: str, official: pl.DataFrame) -> Walked | None:
    """The final decisions' head, each naming a stored official version; or None."""
    dialect = session.connection().dialect.name
    frame = read_table(session, "protocol_final", election, _F_NAMES, _F_SQL, _F_KINDS)
    if frame is None:
        return None
    frame = frame.with_columns(_nullable("resolution"), _nullable("note"))
    resolution = _resolutions(frame["resolution"])
    if resolution is None:
        return None
    known = official.rename({"mine": "official"})
    frame = frame.with_columns(resolution.alias("resolution")).join(
        known, on=["sid", "version"], how="left", maintain_order="left"
    )
    at, at_read = _moment("at", dialect)
    fields = [
        _escaped(pl.col("code")),
        pl.col("version"),
        pl.col("content"),
        pl.col("method"),
        _escaped(pl.col("by")),
        at,
        pl.col("resolution"),
        _escaped(pl.col("note")),
    ]
    if not _linked(frame, fields, at_read & (pl.col("official") == pl.col("content"))).all():
        return None
    return _head(frame)


_I_NAMES = (
    *("seq", "hash", "code", "observer", "seen", "category", "description", "evidence"),
    *("by", "at"),
)
_I_KINDS = {"seq": "int", "seen": "moment", "at": "moment", "evidence": "null"}
_I_SQL = {
    "code": "s.code",
    "seen": "t.observed_at",
    "evidence": "t.evidence_sha256",
    "by": "t.recorded_by",
    "at": "t.recorded_at",
    "hash": "t.record_hash",
}


def check_incidents(session: Session, election: str) -> Walked | None:
    """The incidents' head, or None."""
    dialect = session.connection().dialect.name
    frame = read_table(session, "incident", election, _I_NAMES, _I_SQL, _I_KINDS)
    if frame is None:
        return None
    seen, seen_read = _moment("seen", dialect)
    at, at_read = _moment("at", dialect)
    fields = [
        _escaped(pl.col("code")),
        _escaped(pl.col("observer")),
        seen,
        pl.col("category"),
        _escaped(pl.col("description")),
        _escaped(_nullable("evidence")),
        _escaped(pl.col("by")),
        at,
    ]
    if not _linked(frame, fields, seen_read & at_read).all():
        return None
    return _head(frame)


def official_versions(frame: pl.DataFrame) -> dict[tuple[str, int], str]:
    """The officials as the sequential walk keeps them: (station id, version) to content."""
    return {(s, int(v)): c for s, v, c in frame.iter_rows()}


def walk_election(session: Session, election: str) -> tuple[Walked, Walked, Walked]:
    """The election's protocol versions, final decisions and incidents, each checked at once
    and walked record by record only when that finds something (the walk names it)."""
    fast = check_versions(session, election)
    if fast is None:
        versions = walk_versions(session, election)
        finals = walk_finals(session, election, versions.official)
    else:
        versions, officials = fast
        finals = check_finals(session, election, officials) or walk_finals(
            session, election, official_versions(officials)
        )
    incidents = check_incidents(session, election) or walk_incidents(session, election)
    return versions, finals, incidents
