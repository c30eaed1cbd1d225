"""Where the count stands: which stations are final, which await resolution, which are missing.

Two small services every output of a tally reads: :func:`count_status` (is the tally final or
provisional, and why) and :func:`final_protocols_digest` (one hex digest of the standing final
decisions, the key a stored audit is filed under).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from majlis.results._protocol import Source
from majlis.store.results_rows import PollingStationRow, ProtocolFinalRow, ProtocolVersionRow

__all__ = ["CountStatus", "count_status", "final_protocols_digest"]


@dataclass(frozen=True, slots=True)
class CountStatus:
    """How complete the count of an election is.

    ``stations`` are the polling stations of the commission hierarchy; ``final`` have a
    standing final protocol; ``awaiting`` (station codes) have an official protocol or a data
    entry but no final one yet (entries differ, or nobody finalised it); ``missing`` have no
    protocol at all. While any station awaits or is missing, the tally and the seats are
    provisional.
    """

    election: str
    stations: int
    final: int
    awaiting: tuple[str, ...]
    missing: int

    @property
    def pending(self) -> int:
        """Stations whose final protocol is not in the tally yet (awaiting + missing)."""
        return len(self.awaiting) + self.missing

    @property
    def provisional(self) -> bool:
        """True while any station awaits resolution or is missing."""
        return self.pending > 0

    def sentence(self) -> str:
        """One line for a reader: final, or provisional with the counts."""
        if not self.provisional:
            return f"Final: all {self.stations:,} stations have a final protocol."
        return (
            f"PROVISIONAL: {self.final:,} of {self.stations:,} stations final; "
            f"{len(self.awaiting):,} await resolution, {self.missing:,} missing."
        )


def count_status(session: Session, election: str) -> CountStatus:
    """Count the stations that are final, awaiting resolution or missing in ``election``."""
    stations = int(session.scalar(select(func.count()).select_from(PollingStationRow)) or 0)
    final_ids = set(
        session.scalars(
            select(ProtocolFinalRow.station_id)
            .where(ProtocolFinalRow.election == election)
            .distinct()
        )
    )
    counted = (Source.OFFICIAL.value, Source.ENTRY_1.value, Source.ENTRY_2.value)
    entered = set(
        session.scalars(
            select(ProtocolVersionRow.station_id)
            .where(
                ProtocolVersionRow.election == election,
                ProtocolVersionRow.source.in_(counted),
            )
            .distinct()
        )
    )
    waiting_ids = entered - final_ids
    awaiting = tuple(
        sorted(
            session.scalars(
                select(PollingStationRow.code).where(PollingStationRow.id.in_(waiting_ids))
            )
        )
        if waiting_ids
        else ()
    )
    final = len(final_ids)
    return CountStatus(
        election=election,
        stations=max(stations, final + len(awaiting)),
        final=final,
        awaiting=awaiting,
        missing=max(0, stations - final - len(awaiting)),
    )


def final_protocols_digest(session: Session, election: str) -> str:
    """SHA-256 over (station code, content hash) of every standing final decision, by code.

    The latest decision of a station stands. Any new final protocol, correction or
    resolution changes the digest; entries and observer copies do not.
    """
    decisions = (
        select(PollingStationRow.code, ProtocolFinalRow.content_hash)
        .join(PollingStationRow, PollingStationRow.id == ProtocolFinalRow.station_id)
        .where(ProtocolFinalRow.election == election)
        .order_by(ProtocolFinalRow.id)
    )
    standing: dict[str, str] = {}
    for code, content in session.execute(decisions):
        standing[code] = content  # the latest decision stands
    digest = hashlib.sha256()
    for code in sorted(standing):
        digest.update(f"{code}\t{standing[code]}\n".encode())
    return digest.hexdigest()
