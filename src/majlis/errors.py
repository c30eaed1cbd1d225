"""The one error hierarchy of majlis.

Every error a user can cause is a :class:`MajlisError`. Messages say *what* is wrong,
*where* (file, row, field) and *what was expected*; adapters translate the classes into
exit codes (``majlis.cli``) and HTTP statuses (``majlis.api``), each in one place.

::

    MajlisError
    ├── InputError (ValueError)            bad data handed to majlis
    │   ├── RulesetError                   a ruleset file or object is malformed
    │   ├── VotesError                     a votes table is malformed
    │   ├── NationalIdError                a national id (e.g. Kazakh IIN) is invalid
    │   └── ProtocolError                  a protocol record is malformed
    ├── NotFoundError (LookupError)        a named thing does not exist
    ├── RuleViolation                      the law or a party rule forbids the action
    │   ├── DeadlinePassed                 an election-calendar deadline has passed
    │   ├── IntakeSuspended                the party does not admit members now
    │   ├── IneligibleError                the person may not hold this status
    │   └── AllocationImpossible           seats cannot be allocated as asked
    ├── UnsupportedRule (NotImplementedError)  a fast path does not implement a rule
    ├── ConflictError                      the action conflicts with stored state
    │   └── DuplicateMembership            one active party per person
    ├── IntegrityError                     stored data fails its own verification
    └── ConfigurationError                 the environment or settings are unusable
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

__all__ = [
    "AllocationImpossible",
    "ConfigurationError",
    "ConflictError",
    "DeadlinePassed",
    "DuplicateMembership",
    "IneligibleError",
    "InputError",
    "IntakeSuspended",
    "IntegrityError",
    "Location",
    "MajlisError",
    "NationalIdError",
    "NotFoundError",
    "ProtocolError",
    "RuleViolation",
    "RulesetError",
    "UnsupportedRule",
    "VotesError",
]


@dataclass(frozen=True, slots=True)
class Location:
    """Where a bad value was found: a file, a 1-based data row, a field (column or key)."""

    source: str | None = None
    row: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        parts = []
        if self.source is not None:
            parts.append(self.source)
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.field is not None:
            parts.append(f"field '{self.field}'")
        return ", ".join(parts)


class MajlisError(Exception):
    """Base of every error majlis raises on purpose.

    ``message`` is the English text (``str()`` of the error, the API's detail). An error a
    user meets often also carries a stable ``code`` ("election.unknown") and the ``params``
    its message is made of, so that a front end can word it in the reader's language
    (:mod:`majlis.error_text`); the domain itself speaks English only.
    """

    def __init__(
        self,
        message: str,
        *,
        location: Location | None = None,
        code: str | None = None,
        params: Mapping[str, object] | None = None,
    ) -> None:
        self.message = message
        self.location = location
        self.code = code
        self.params: Mapping[str, object] = MappingProxyType(dict(params or {}))
        super().__init__(f"{location}: {message}" if location and str(location) else message)


class InputError(MajlisError, ValueError):
    """Bad data handed to majlis."""

    @classmethod
    def expected(
        cls,
        *,
        what: str,
        expected: str,
        got: object,
        location: Location | None = None,
        code: str | None = None,
        params: Mapping[str, object] | None = None,
    ) -> InputError:
        """Build the standard message: "<what> must be <expected>. Got <got> instead.".

        ``code`` and ``params`` word it in the reader's language (:class:`MajlisError`);
        with a code and no ``params``, the one parameter is ``got`` as the message shows it.
        """
        if code is not None and params is None:
            params = {"got": repr(got)}
        return cls(
            f"{what} must be {expected}. Got {got!r} instead.",
            location=location,
            code=code,
            params=params,
        )


class RulesetError(InputError):
    """A ruleset file or object is malformed."""


class VotesError(InputError):
    """A votes table is malformed."""


class NationalIdError(InputError):
    """A national identification number is invalid."""


class ProtocolError(InputError):
    """A polling-station protocol record is malformed."""


class NotFoundError(MajlisError, LookupError):
    """A named thing (ruleset, party, person, election, station) does not exist."""


class RuleViolation(MajlisError):
    """The law or a party's own rule forbids the action."""


class DeadlinePassed(RuleViolation):
    """An election-calendar deadline has passed."""


class IntakeSuspended(RuleViolation):
    """The party has suspended the intake of new members."""


class IneligibleError(RuleViolation):
    """The person may not take this status (barred category, not a citizen, not a member)."""


class AllocationImpossible(RuleViolation):
    """Seats cannot be allocated as asked (e.g. more seats capped than exist)."""


class UnsupportedRule(MajlisError, NotImplementedError):
    """A fast path (e.g. the batched kernel) does not implement a rule; use the exact path."""


class ConflictError(MajlisError):
    """The action conflicts with stored state."""


class DuplicateMembership(ConflictError):
    """The person is already an active member of a party."""


class IntegrityError(MajlisError):
    """Stored data fails its own verification (e.g. a broken ledger hash chain)."""


class ConfigurationError(MajlisError):
    """The environment or settings are unusable (e.g. unreachable database)."""
