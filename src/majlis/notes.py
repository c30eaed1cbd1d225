"""A service's sentence that keeps its key and parameters, for a front end to word it.

The services (the quick count's problem lines, a party's registration shortfalls) say what
they found in English, as plain strings the API and the CSV carry. :class:`Note` is such a
string that also remembers which sentence it is (``key``) and what it was made of
(``params``), as :class:`majlis.law.trace.Phrase` does for the allocation's trace, so that
:mod:`majlis.note_text` can word it in the reader's language without the service knowing of
languages. Each service keeps its English templates in one table; ``note_text`` has the same
templates marked for translation, and a test holds the two equal.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from types import MappingProxyType
from typing import Any

__all__ = ["Note", "note_from_params", "note_params"]


class Note(str):
    """English words of a service that keep their key and parameters.

    It is the English text (equal to it, hashed and serialised as it); a count among the
    parameters is grouped as English writes it ("10,061").

    >>> note = Note("x.count", "%(num)s found", num=10061)
    >>> note, note.key, dict(note.params)
    ('10,061 found', 'x.count', {'num': 10061})
    """

    key: str
    params: Mapping[str, Any]

    def __new__(cls, key: str, template: str, /, **params: Any) -> Note:
        english = {name: _english(value) for name, value in params.items()}
        self = super().__new__(cls, template % english)
        self.key = key
        self.params = MappingProxyType(params)
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as the English text, key and parameters."""
        return (_note, (self.key, str(self), dict(self.params)))


def _english(value: Any) -> Any:
    """A count grouped as English writes it ("10,061"), any other value as it is."""
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else value


def _note(key: str, text: str, params: Mapping[str, Any]) -> Note:
    note = str.__new__(Note, text)
    note.key = key
    note.params = MappingProxyType(dict(params))
    return note


def _encode(value: Any) -> Any:
    if isinstance(value, Note):
        return {"note": value.key, "text": str(value), "params": note_params(value)}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, bool | int | str) or value is None:
        return value
    return str(value)


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and "date" in value:
        return date.fromisoformat(value["date"])
    if isinstance(value, dict) and "note" in value:
        return note_from_params(value["note"], value["text"], value["params"])
    return value


def note_params(note: Note) -> dict[str, Any]:
    """A note's parameters as JSON values (a day as ``{"date": ...}``, a note within as its
    key, text and parameters), for a row to keep beside the text it stores.

    >>> note_params(Note("k", "%(on)s: %(n)s", on=date(2021, 1, 15), n=3))
    {'on': {'date': '2021-01-15'}, 'n': 3}
    """
    return {name: _encode(value) for name, value in note.params.items()}


def note_from_params(key: str, text: str, params: Mapping[str, Any]) -> Note:
    """The note a row kept: its stored English ``text`` with its key and decoded parameters.

    >>> note = note_from_params("k", "2021-01-15: 3", {"on": {"date": "2021-01-15"}, "n": 3})
    >>> note, note.key, dict(note.params)
    ('2021-01-15: 3', 'k', {'on': datetime.date(2021, 1, 15), 'n': 3})
    """
    return _note(key, text, {name: _decode(value) for name, value in params.items()})
