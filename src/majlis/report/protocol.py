"""An election's official results protocol, printable: HTML with a print stylesheet, and PDF.

Laid out like a commission's protocol: the numbered lines of the national tally with their
names, the votes per list, the seats, the count status and the record digest. Every figure
comes from the services the dashboard uses (:func:`majlis.results.tabulate_election`,
:func:`majlis.parliament.election_seats`, :func:`majlis.results.count_status`,
:func:`majlis.record.record_digest`); this module adds no arithmetic but shares.

The PDF is drawn by WeasyPrint (it needs Pango from the system), imported only when a PDF is
asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import jinja2
from sqlalchemy.orm import Session

from majlis import elections, record
from majlis.errors import InputError, NotFoundError
from majlis.parliament import election_seats
from majlis.percent import percent
from majlis.results import LINE_NAMES, LINE_SYMBOLS, TALLY_LINES, count_status, tabulate_election

__all__ = [
    "ProtocolLine",
    "ResultsProtocol",
    "render_protocol_html",
    "results_protocol",
    "write_protocol_pdf",
]


@dataclass(frozen=True, slots=True)
class ProtocolLine:
    """One numbered line of the protocol: its number, name, symbol and figure."""

    number: int
    name: str
    symbol: str
    value: int


@dataclass(frozen=True, slots=True)
class ResultsProtocol:
    """The national results protocol of one election, as printed.

    ``votes`` are (list, votes, share of valid ballots in percent, seats) in ballot order;
    ``seats`` is None when no seats can be allocated (no ruleset for the election).
    """

    election: str
    title: str
    polling_day: date | None
    stations: int
    lines: tuple[ProtocolLine, ...]
    votes: tuple[tuple[str, int, str, int | None], ...]
    ruleset: str
    seats_total: int | None
    status: str
    provisional: bool
    digest: str


def results_protocol(session: Session, election: str) -> ResultsProtocol:
    """Gather the protocol of ``election`` from the stored final protocols and the law."""
    tab = tabulate_election(session, election)
    status = count_status(session, election)
    seats = election_seats(session, election, tabulation=tab)
    try:
        stored = elections.get_election(session, election)
        title, day = stored.name, stored.polling_day
    except NotFoundError:
        title, day = election, None
    nat = tab.national
    lines = tuple(
        ProtocolLine(i, LINE_NAMES[name], LINE_SYMBOLS.get(name, ""), nat.lines[name])
        for i, name in enumerate(TALLY_LINES, start=1)
    )
    won = {row.name: row.seats for row in seats.rows} if seats is not None else {}
    valid = sum(v for _, v in nat.votes)
    votes = tuple(
        (name, v, percent(v, valid), won.get(name) if seats is not None else None)
        for name, v in nat.votes
    )
    return ResultsProtocol(
        election=election,
        title=title,
        polling_day=day,
        stations=nat.stations,
        lines=lines,
        votes=votes,
        ruleset=seats.allocation.ruleset_id if seats is not None else "",
        seats_total=sum(won.values()) if seats is not None else None,
        status=status.sentence(),
        provisional=status.provisional,
        digest=record.record_digest(session, election).digest,
    )


_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("majlis.report", "templates"),
    autoescape=jinja2.select_autoescape(["html", "j2"]),
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_protocol_html(protocol: ResultsProtocol) -> str:
    """The protocol as one self-contained HTML page, A4 when printed."""
    return _ENV.get_template("protocol.html.j2").render(p=protocol)


def write_protocol_pdf(protocol: ResultsProtocol, path: Path) -> Path:
    """Write the protocol as a PDF to ``path`` (its folder must exist) and return the path."""
    try:
        import weasyprint  # heavy, and only for a PDF
    except (ImportError, OSError) as err:  # OSError: Pango missing from the system
        raise InputError(
            f"a PDF needs WeasyPrint and Pango ({err}): pip install 'majlis[pdf]' and "
            "apt-get install libpango-1.0-0 libpangoft2-1.0-0, or write the HTML protocol"
        ) from err
    weasyprint.HTML(string=render_protocol_html(protocol)).write_pdf(path)
    return path
