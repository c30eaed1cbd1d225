"""The election calendar: the dates after which nomination, registration and withdrawal close.

Source: Constitutional Law of the Republic of Kazakhstan "On Elections" (No. 2464, 1995),
arts. 89–89-1 (party lists) and 58 (withdrawal of candidates).

Known deviations: the statute counts its deadlines in days before polling day and the Central
Election Commission publishes the calendar of each campaign; majlis stores the calendar's dates
as given rather than deriving them, so a campaign's own published calendar is the source.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from itertools import pairwise

from majlis.errors import DeadlinePassed, InputError

__all__ = ["Deadline", "ElectionCalendar"]


class Deadline(StrEnum):
    """A named deadline of the election calendar (the last day the action is allowed)."""

    NOMINATION = "nomination"
    REGISTRATION = "list registration"
    CANDIDATE_WITHDRAWAL = "candidate withdrawal"
    LIST_WITHDRAWAL = "list withdrawal"


@dataclass(frozen=True, slots=True)
class ElectionCalendar:
    """The dates of one campaign; each deadline is the last day on which the action is allowed.

    >>> cal = ElectionCalendar(
    ...     called_on=date(2020, 10, 20), nomination_deadline=date(2020, 11, 14),
    ...     registration_deadline=date(2020, 11, 24),
    ...     candidate_withdrawal_deadline=date(2020, 12, 31),
    ...     list_withdrawal_deadline=date(2020, 12, 31), polling_day=date(2021, 1, 10))
    >>> cal.deadline(Deadline.NOMINATION)
    datetime.date(2020, 11, 14)
    """

    called_on: date
    nomination_deadline: date
    registration_deadline: date
    candidate_withdrawal_deadline: date
    list_withdrawal_deadline: date
    polling_day: date

    def __post_init__(self) -> None:
        order = (
            ("called_on", self.called_on),
            ("nomination_deadline", self.nomination_deadline),
            ("registration_deadline", self.registration_deadline),
            ("polling_day", self.polling_day),
        )
        for (prev_name, prev), (name, value) in pairwise(order):
            if value < prev:
                raise InputError.expected(
                    what=f"The calendar's {name}",
                    expected=f"on or after its {prev_name} {prev.isoformat()}",
                    got=value.isoformat(),
                    code="calendar.order",
                    params={
                        "name": name,
                        "previous": prev_name,
                        "before": prev,
                        "got": value.isoformat(),
                    },
                )
        for name, value in (
            ("candidate_withdrawal_deadline", self.candidate_withdrawal_deadline),
            ("list_withdrawal_deadline", self.list_withdrawal_deadline),
        ):
            if not self.called_on <= value < self.polling_day:
                raise InputError.expected(
                    what=f"The calendar's {name}",
                    expected=(
                        f"between the call {self.called_on.isoformat()} and polling day "
                        f"{self.polling_day.isoformat()} (exclusive)"
                    ),
                    got=value.isoformat(),
                    code="calendar.withdrawal_window",
                    params={
                        "name": name,
                        "called": self.called_on,
                        "polling": self.polling_day,
                        "got": value.isoformat(),
                    },
                )

    def deadline(self, which: Deadline) -> date:
        """Return the last day on which the action ``which`` is allowed."""
        return {
            Deadline.NOMINATION: self.nomination_deadline,
            Deadline.REGISTRATION: self.registration_deadline,
            Deadline.CANDIDATE_WITHDRAWAL: self.candidate_withdrawal_deadline,
            Deadline.LIST_WITHDRAWAL: self.list_withdrawal_deadline,
        }[which]

    def require_open(
        self,
        which: Deadline,
        *,
        on: date,
        action: str,
        code: str | None = None,
        params: Mapping[str, object] | None = None,
    ) -> None:
        """Raise :class:`DeadlinePassed` naming the deadline if ``on`` is after it.

        Args:
            which: the deadline that governs the action.
            on: the date the action is taken.
            action: what is being done, for the message (e.g. "withdraw the list of Ak Zhol").
            code: the action's error code ("deadline.nomination"), with ``params`` naming the
                party (and person) it is about, so that a front end words the refusal;
                ``+early`` is added when the election was not yet called.
        """
        last = self.deadline(which)
        if on > last:
            raise DeadlinePassed(
                f"Cannot {action} on {on.isoformat()}: the {which.value} deadline was "
                f"{last.isoformat()}.",
                code=code,
                params={**(params or {}), "on": on, "last": last},
            )
        if on < self.called_on:
            raise DeadlinePassed(
                f"Cannot {action} on {on.isoformat()}: the election was only called on "
                f"{self.called_on.isoformat()}.",
                code=f"{code}+early" if code else None,
                params={**(params or {}), "on": on, "called": self.called_on},
            )
