"""The protocol-version chain walked in one pass over fetched rows (the hot path of verify).

Each row's canonical content JSON (what :attr:`Protocol.content_hash` hashes) is filled
into a ``str.format`` template made once per ballot (list text): the template places the
votes, stored as ``[v1,...,vk]`` in ballot order, under the list names in sorted order, so
each row costs one split and one format, not a dict and a ``json.dumps``. The votes are put
in as the digits stored; majlis only ever writes plain integers, so a row whose text is
anything else was written past it, and its content hash no longer matches. Then the chain
hash (:func:`majlis.results.version_fields` after the previous hash and the place) is
computed and compared in the same pass.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from typing import Any

from majlis.errors import IntegrityError
from majlis.results import COUNT_LINES, GENESIS, SEPARATOR, canonical_text

__all__ = ["walk_version_rows"]

#: The count lines in the order ``json.dumps(sort_keys=True)`` writes them ('votes' follows).
_SORTED_LINES = sorted(COUNT_LINES)
_FIRST_VOTE = 1 + len(COUNT_LINES)


class _Memo(dict[Any, str]):
    """A dict that computes a missing value once (codes, clerks and reasons repeat)."""

    def __init__(self, make: Callable[[Any], str]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: Any) -> str:
        value = self[key] = self.make(key)
        return value


def _json(value: str | None) -> str:
    return "null" if value is None else json.dumps(value, ensure_ascii=False)


def _braces(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def _template(election: str, lists: str) -> tuple[Callable[..., str], int]:
    """The format of one ballot's content JSON, and how many lists it has.

    Arguments: 0 evidence, 1..11 the count lines (in :data:`COUNT_LINES` order), then the
    votes in ballot order, then observer, source and station.
    """
    names = json.loads(lists)
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise ValueError(lists)
    width = len(names)
    order = sorted(range(width), key=lambda j: names[j])
    position = {k: 1 + i for i, k in enumerate(COUNT_LINES)}
    lines = ",".join(f'"{k}":{{{position[k]}}}' for k in _SORTED_LINES)
    votes = ",".join(f"{_braces(_json(names[j]))}:{{{_FIRST_VOTE + j}}}" for j in order)
    after = _FIRST_VOTE + width
    text = (
        f'{{{{"election":{_braces(_json(election))},"evidence_sha256":{{0}},"lines":{{{{'
        f'{lines},"votes":{{{{{votes}}}}}}}}},"observer":{{{after}}},'
        f'"source":"{{{after + 1}}}","station":{{{after + 2}}}}}}}'
    )
    return text.format, width


def walk_version_rows(
    election: str,
    rows: Sequence[Sequence[Any]],
    moment: Callable[[Any], str],
) -> tuple[str, dict[tuple[str, int], str]]:
    """Check every row's content hash, place and chain hash; return the head and officials.

    Each row: seq, record hash, station code, source, observer, evidence, version, the count
    lines, lists, votes, content hash, reason, entered by, entered at (as text for
    ``moment``), station id. Officials map (station id, version) to the content hash.
    """
    enc = _Memo(_json).__getitem__
    canon = _Memo(canonical_text).__getitem__
    templates: dict[str, tuple[Callable[..., str], int]] = {}
    sha = hashlib.sha256
    sep = SEPARATOR
    prev = GENESIS
    official: dict[tuple[str, int], str] = {}
    for i, row in enumerate(rows):
        seq, stored, code, source, observer, evidence, version = row[:7]
        counts = row[7 : _FIRST_VOTE + 6]
        lists, votes, content, reason, by, at, sid = row[_FIRST_VOTE + 6 :]
        try:
            fill, width = templates[lists]
        except KeyError:
            try:
                fill, width = templates[lists] = _template(election, lists)
            except (ValueError, TypeError):
                raise _bad(row, "its list names are not readable") from None
        parts = votes[1:-1].split(",") if width else []
        if votes[:1] != "[" or votes[-1:] != "]" or len(parts) != width:
            raise _bad(row, "its votes are not readable")
        body = fill(enc(evidence), *counts, *parts, enc(observer or None), source, enc(code))
        mine = sha(body.encode()).hexdigest()
        if mine != content:
            raise _bad(row, "its lines do not match its stored content hash")
        if seq != i + 1:
            raise _bad(row, f"its chain place is {seq}, expected {i + 1} (a record was removed)")
        link = f"{prev}{sep}{seq}{sep}{mine}{sep}{version}{sep}{canon(reason)}{sep}{canon(by)}"
        prev = sha(f"{link}{sep}{moment(at)}".encode()).hexdigest()
        if prev != stored:
            raise _bad(row, "the stored record does not match its hash (it, or one before it)")
        if source == "official":
            official[(str(sid), int(version))] = mine
    return prev, official


def _bad(row: Sequence[Any], problem: str) -> IntegrityError:
    seq, _, code, source, observer, _, version = row[:7]
    who = f" {observer}" if observer else ""
    return IntegrityError(
        f"protocol_version: station {code}, {source}{who} version {version} (chain place "
        f"{seq}): {problem} — the row was edited outside majlis"
    )
