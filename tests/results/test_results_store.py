"""Results storage on SQLite and PostgreSQL: versions, double entry, corrections, append-only."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from majlis.errors import ConflictError, InputError, IntegrityError, NotFoundError, RuleViolation
from majlis.results import (
    CommissionLevel,
    Lines,
    Protocol,
    ProtocolTable,
    Resolution,
    Source,
    add_commission,
    add_station,
    correct_protocol,
    entry_differences,
    final_decision,
    finalise_station,
    latest_table,
    protocol_history,
    record_protocol,
    store_table,
    tabulate_election,
)
from majlis.store.results_rows import ProtocolVersionRow

E = "kz-majlis-2021"


@pytest.fixture
def stations(session: Session, count_election: Any) -> Session:
    """A central, a territorial and two precinct commissions with one station each."""
    add_commission(session, code="CEC", name="CEC", level=CommissionLevel.CENTRAL)
    count_election(session, E, ("Nur Otan", "Ak Zhol", "People's Party of Kazakhstan"))
    add_commission(
        session,
        code="T1",
        name="Astana TEC",
        level=CommissionLevel.TERRITORIAL,
        parent="CEC",
        region="Nur-Sultan",
    )
    for code in ("1", "2"):
        add_commission(
            session,
            code=f"P{code}",
            name=f"PEC {code}",
            level=CommissionLevel.PRECINCT,
            parent="T1",
            region="Nur-Sultan",
        )
        add_station(
            session,
            code=code,
            commission=f"P{code}",
            region="Nur-Sultan",
            address=f"School {code}",
            registered_voters=1200,
        )
    session.commit()
    return session


def test_hierarchy_levels_enforced(stations: Session, lines: Callable[..., Lines]) -> None:
    """A precinct commission cannot sit directly under the central one."""
    with pytest.raises(ConflictError, match="must sit under a territorial commission"):
        add_commission(stations, code="PX", name="x", level=CommissionLevel.PRECINCT, parent="CEC")
    with pytest.raises(NotFoundError, match="no precinct commission 'T1'"):
        add_station(
            stations, code="9", commission="T1", region="R", address="a", registered_voters=1
        )


def test_versions_and_corrections(stations: Session, lines: Callable[..., Lines]) -> None:
    """A second version needs a reason; both versions stay, each with its own hash."""
    p = Protocol(E, "1", lines())
    first = record_protocol(stations, p, entered_by="clerk")
    with pytest.raises(InputError, match="a reason"):
        record_protocol(stations, p, entered_by="clerk")
    fixed = correct_protocol(
        stations,
        Protocol(E, "1", lines(voters=1201)),
        reason="voter list recount",
        entered_by="chair",
    )
    assert fixed.final is not None
    assert fixed.protocol.version == 2
    history = protocol_history(stations, E, "1")
    assert [v.protocol.version for v in history if v.protocol.source is Source.OFFICIAL] == [1, 2]
    assert history[0].content_hash == first.content_hash != fixed.protocol.content_hash
    assert history[1].protocol.reason == "voter list recount"


def test_append_only_in_orm_and_database(stations: Session, lines: Callable[..., Lines]) -> None:
    """ORM and raw SQL changes of protocol versions and finality decisions are refused."""
    record_protocol(stations, Protocol(E, "2", lines()), entered_by="clerk")
    correct_protocol(
        stations, Protocol(E, "2", lines(voters=1000)), reason="recount", entered_by="chair"
    )  # a second version, and a finality decision
    record_protocol(stations, Protocol(E, "1", lines()), entered_by="clerk")
    stations.commit()
    row = stations.query(ProtocolVersionRow).order_by(ProtocolVersionRow.id).first()
    assert row is not None
    row.voters = 1
    with pytest.raises(IntegrityError, match="append-only"):
        stations.flush()
    stations.rollback()
    with pytest.raises(DBAPIError, match="append-only"):
        stations.execute(text("UPDATE protocol_version SET voters = 1"))
    stations.rollback()
    with pytest.raises(DBAPIError, match="append-only"):
        stations.execute(text("DELETE FROM protocol_version"))
    stations.rollback()
    with pytest.raises(DBAPIError, match="append-only"):
        stations.execute(text("UPDATE protocol_final SET decided_by = 'someone else'"))


def test_double_entry_agreement_makes_final(stations: Session, lines: Callable[..., Lines]) -> None:
    """Two agreeing entries make the official protocol final by double entry."""
    for source in (Source.ENTRY_1, Source.ENTRY_2):
        record_protocol(stations, Protocol(E, "1", lines(), source=source), entered_by="c")
    with pytest.raises(ConflictError, match="entry 1 is not entered"):
        finalise_station(stations, E, "2", decided_by="chair")
    result = finalise_station(stations, E, "1", decided_by="chair")
    decision = final_decision(stations, E, "1")
    assert decision is not None
    assert (result.method, decision.method) == ("double-entry", "double-entry")
    assert decision.content_hash == result.protocol.content_hash


def test_differences_resolved_by_a_person(stations: Session, lines: Callable[..., Lines]) -> None:
    """Differing entries are listed, refused without resolution, final with it (recorded)."""
    record_protocol(
        stations, Protocol(E, "2", lines(), source=Source.ENTRY_1), entered_by="clerk A"
    )
    paper = lines()
    slip = replace(paper, votes=(("Nur Otan", 50), *paper.votes[1:]))  # one slip of the hand
    record_protocol(stations, Protocol(E, "2", slip, source=Source.ENTRY_2), entered_by="clerk B")
    diffs = entry_differences(stations, E, "2")
    assert [(d.field, d.first, d.second) for d in diffs] == [("votes.Nur Otan", 500, 50)]
    with pytest.raises(ConflictError, match=r"votes\.Nur Otan"):
        finalise_station(stations, E, "2", decided_by="chair")
    result = finalise_station(
        stations,
        E,
        "2",
        decided_by="chair",
        resolution=Resolution("A. Nurlanova", {"votes.Nur Otan": 500}, "checked against the paper"),
    )
    decision = final_decision(stations, E, "2")
    assert decision is not None
    assert decision.method == "resolution"
    assert decision.resolution is not None
    assert decision.resolution["person"] == "A. Nurlanova"
    assert decision.resolution["differences"] == [["votes.Nur Otan", 500, 50]]
    assert result.protocol.lines.vote("Nur Otan") == 500


def test_errors_block_finality(stations: Session, lines: Callable[..., Lines]) -> None:
    """Agreeing entries that break R = I + C cannot become final."""
    bad = lines(received=2000, cancelled=100)
    for source in (Source.ENTRY_1, Source.ENTRY_2):
        record_protocol(stations, Protocol(E, "1", bad, source=source), entered_by="c")
    with pytest.raises(RuleViolation, match=r"R=I\+C"):
        finalise_station(stations, E, "1", decided_by="chair")
    assert final_decision(stations, E, "1") is None


def test_tabulate_uses_the_standing_final_version(
    stations: Session, lines: Callable[..., Lines]
) -> None:
    """After a correction, tabulation counts the corrected version, once per station."""
    record_protocol(stations, Protocol(E, "1", lines()), entered_by="c")
    correct_protocol(stations, Protocol(E, "1", lines()), reason="same", entered_by="c")
    record_protocol(stations, Protocol(E, "2", lines()), entered_by="c")
    correct_protocol(
        stations, Protocol(E, "2", lines(voters=1000)), reason="recount", entered_by="c"
    )
    tab = tabulate_election(stations, E)
    assert tab.national.stations == 2
    assert tab.national.lines["voters"] == 1200 + 1000


def test_bulk_path_round_trips_special_characters(
    stations: Session, lines: Callable[..., Lines]
) -> None:
    """Tabs, backslashes, newlines and Cyrillic survive the bulk path (COPY / executemany)."""
    copy = Protocol(
        E,
        "1",
        lines(),
        source=Source.OBSERVER,
        observer='Ерлан\t\\ "E"\nX',
        evidence_sha256="a" * 64,
    )
    table = ProtocolTable.from_protocols([copy, Protocol(E, "2", lines())])
    store_table(stations, table, entered_by="bulk", final=np.array([False, True]))
    stations.commit()
    (stored,) = protocol_history(stations, E, "1")
    assert stored.protocol == copy
    assert stored.content_hash == copy.content_hash
    assert final_decision(stations, E, "2") is not None
    back, _ = latest_table(stations, E, Source.OBSERVER)
    assert back.content_hashes() == [copy.content_hash]
