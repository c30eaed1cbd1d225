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
from types import MappingProxyType
from typing import Any

__all__ = ["Note"]


class Note(str):
    """English words of a service that keep their key and parameters.

    It is the English text (equal to it, hashed and serialised as it).

    >>> note = Note("x.count", "%(num)s found", num=3)
    >>> note, note.key, dict(note.params)
    ('3 found', 'x.count', {'num': 3})
    """

    key: str
    params: Mapping[str, Any]

    def __new__(cls, key: str, template: str, /, **params: Any) -> Note:
        self = super().__new__(cls, template % params)
        self.key = key
        self.params = MappingProxyType(params)
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as the English text, key and parameters."""
        return (_note, (self.key, str(self), dict(self.params)))


def _note(key: str, text: str, params: dict[str, Any]) -> Note:
    note = str.__new__(Note, text)
    note.key = key
    note.params = MappingProxyType(params)
    return note
