"""What an election accepts: its registered lists and the stations under its central commission.

Every writer of protocols, decisions and incidents asks :func:`election_scope` first; an
unknown election is refused (:class:`~majlis.errors.NotFoundError`), so is a vote key that is
not one of the election's registered lists and a station outside its commission hierarchy.

A **withdrawn list** is not a key. Constitutional Law "On Elections" art. 89 lets a party
withdraw its list until the deadline before polling day; the list is then struck from the
ballot (DESIGN.md §5: a boycott is a list withdrawn before the deadline), so no protocol can
carry votes for it. A nominated list that was never registered is not on the ballot either.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from majlis import elections
from majlis.errors import ConflictError, Location, NotFoundError, ProtocolError
from majlis.store.results_rows import CommissionRow, ElectionCommissionRow, PollingStationRow

__all__ = ["ElectionScope", "election_scope", "link_election", "scope_stations", "station_of"]


@dataclass(frozen=True, slots=True)
class ElectionScope:
    """An election's registered lists (registration order) and its central commission."""

    election: str
    lists: tuple[str, ...]
    registration_order: tuple[int, ...]
    commission_id: int | None
    ruleset_id: str

    def check_lists(
        self,
        names: Iterable[str],
        *,
        where: str,
        location: Location | None = None,
        station: str | None = None,
        source: str | None = None,
    ) -> None:
        """Refuse vote keys that are not exactly the registered lists, naming the key.

        ``where`` words the place in English; ``station`` and ``source`` (a protocol's) or
        neither (a file's vote columns) let a front end word it in another language.
        """
        given = list(names)
        allowed = set(self.lists)
        place = ".protocol" if station is not None else ".columns"
        params: dict[str, object] = {
            "election": self.election,
            "lists": ", ".join(self.lists),
            "station": station,
            "source": source,
        }
        for name in given:
            if name not in allowed:
                raise ProtocolError(
                    f"{where}: '{name}' is not a registered list of the election "
                    f"'{self.election}' (its lists: {', '.join(self.lists) or 'none'})",
                    location=location,
                    code="votes.unknown_list" + place,
                    params={**params, "name": name},
                )
        missing = [n for n in self.lists if n not in set(given)]
        if missing:
            raise ProtocolError(
                f"{where}: the votes of the registered list(s) {', '.join(missing)} of the "
                f"election '{self.election}' are missing",
                location=location,
                code="votes.missing_lists" + place,
                params={**params, "missing": ", ".join(missing)},
            )

    def require_commission(self) -> int:
        """The central commission's id; refused when the election is linked to none."""
        if self.commission_id is None:
            raise ConflictError(
                f"the election '{self.election}' has no central commission: link it "
                "(results.link_election) before storing its protocols or incidents",
                code="election.no_commission",
                params={"election": self.election},
            )
        return self.commission_id


def election_scope(session: Session, election: str) -> ElectionScope:
    """The lists and commission of a stored election; an unknown slug is refused."""
    try:
        found = elections.registered_lists(session, election=election)
    except NotFoundError:
        raise NotFoundError(
            f"no election '{election}': protocols, decisions and incidents are accepted only "
            "for a stored election",
            location=Location(field="election"),
            code="election.not_stored",
            params={"election": election},
        ) from None
    link = session.get(ElectionCommissionRow, election)
    return ElectionScope(
        election,
        tuple(pl.party_name for pl in found.lists),
        tuple(pl.registration_order for pl in found.lists),
        link.commission_id if link is not None else None,
        found.ruleset_id,
    )


def scope_stations(
    session: Session, scope: ElectionScope, codes: Sequence[str] | None = None
) -> dict[str, int]:
    """Station code → id of the stations under the election's central commission."""
    central = scope.require_commission()
    precinct = aliased(CommissionRow)
    territorial = aliased(CommissionRow)
    query = (
        select(PollingStationRow.code, PollingStationRow.id)
        .join(precinct, PollingStationRow.commission_id == precinct.id)
        .join(territorial, precinct.parent_id == territorial.id)
        .where(territorial.parent_id == central)
    )
    if codes is not None:
        query = query.where(PollingStationRow.code.in_(list(codes)))
    return {str(code): int(sid) for code, sid in session.execute(query)}


def station_of(session: Session, scope: ElectionScope, code: str) -> int:
    """The id of station ``code`` if it sits under the election's commission; else refused."""
    found = scope_stations(session, scope, [code])
    if code not in found:
        exists = session.scalar(select(PollingStationRow.id).where(PollingStationRow.code == code))
        if exists is None:
            raise NotFoundError(
                f"no polling station '{code}'",
                location=Location(field="station"),
                code="station.unknown",
                params={"station": code},
            )
        raise NotFoundError(
            f"polling station '{code}' is not under the central commission of the election "
            f"'{scope.election}'",
            location=Location(field="station"),
            code="station.not_in_election",
            params={"station": code, "election": scope.election},
        )
    return found[code]


def link_election(session: Session, *, election: str, commission: str) -> None:
    """Record that the central commission ``commission`` runs ``election`` (once)."""
    row = session.scalar(select(CommissionRow).where(CommissionRow.code == commission))
    if row is None or row.level != "central":
        raise NotFoundError(
            f"no central commission '{commission}'",
            code="commission.no_central",
            params={"commission": commission},
        )
    election_scope(session, election)  # the election must exist
    current = session.get(ElectionCommissionRow, election)
    if current is not None:
        if current.commission_id != row.id:
            raise ConflictError(
                f"the election '{election}' is run by another commission already",
                code="election.other_commission",
                params={"election": election},
            )
        return
    session.add(ElectionCommissionRow(election=election, commission_id=row.id))
    session.flush()
