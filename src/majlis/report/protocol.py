"""An election's official results protocol, printable: HTML with a print stylesheet, and PDF.

Laid out like a commission's protocol: the numbered lines of the national tally with their
names, the votes per list, the seats, the count status and the record digest. Every figure
comes from the services the dashboard uses (:func:`majlis.results.tabulate_election`,
:func:`majlis.parliament.election_seats`, :func:`majlis.results.count_status`,
:func:`majlis.record.record_digest`); this module adds no arithmetic but shares.

The page is worded in the language being served (``majlis --lang``, :mod:`majlis.i18n`):
English, Russian or Kazakh, numbers and days written that language's way; party names as
registered. The PDF is drawn by WeasyPrint (it needs Pango from the system), imported only
when a PDF is asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from pathlib import Path

from sqlalchemy.orm import Session

from majlis import elections, record
from majlis.errors import InputError, NotFoundError
from majlis.labels import count_sentence
from majlis.parliament import election_seats
from majlis.report.templating import ENV, page_language
from majlis.results import LINE_SYMBOLS, TALLY_LINES, CountStatus, count_status, tabulate_election

__all__ = [
    "ProtocolLine",
    "ResultsProtocol",
    "render_protocol_html",
    "results_protocol",
    "write_pdf",
    "write_protocol_pdf",
]


@dataclass(frozen=True, slots=True)
class ProtocolLine:
    """One numbered line of the protocol: its number, line (the store's field), symbol, figure."""

    number: int
    line: str
    symbol: str
    value: int


@dataclass(frozen=True, slots=True)
class ResultsProtocol:
    """The national results protocol of one election, as printed.

    ``votes`` are (list, votes, share of the votes for the lists, seats) in ballot order
    (the share None when no list has a vote); ``seats_total`` is None when no seats can be
    allocated (no ruleset for the election).
    """

    election: str
    title: str
    polling_day: date | None
    stations: int
    lines: tuple[ProtocolLine, ...]
    votes: tuple[tuple[str, int, Fraction | None, int | None], ...]
    ruleset: str
    seats_total: int | None
    count: CountStatus
    digest: str

    @property
    def provisional(self) -> bool:
        """True while a station of the count awaits resolution or is missing."""
        return self.count.provisional

    @property
    def status(self) -> str:
        """The count's status in one line, in the language being served."""
        return count_sentence(self.count)


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
        ProtocolLine(i, name, LINE_SYMBOLS.get(name, ""), nat.lines[name])
        for i, name in enumerate(TALLY_LINES, start=1)
    )
    won = {row.name: row.seats for row in seats.rows} if seats is not None else {}
    valid = sum(v for _, v in nat.votes)
    votes = tuple(
        (
            name,
            v,
            Fraction(v, valid) if valid else None,
            won.get(name) if seats is not None else None,
        )
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
        count=status,
        digest=record.record_digest(session, election).digest,
    )


def render_protocol_html(protocol: ResultsProtocol) -> str:
    """The protocol as one self-contained HTML page, A4 when printed."""
    return ENV.get_template("protocol.html.j2").render(p=protocol, lang=page_language())


def write_pdf(html: str, path: Path) -> Path:
    """Draw a printable page (HTML with its print stylesheet) as a PDF at ``path``."""
    try:
        import weasyprint  # heavy, and only for a PDF
    except (ImportError, OSError) as err:  # OSError: Pango missing from the system
        raise InputError(
            f"a PDF needs WeasyPrint and Pango ({err}): pip install 'majlis[pdf]' and "
            "apt-get install libpango-1.0-0 libpangoft2-1.0-0, or write the HTML page"
        ) from err
    weasyprint.HTML(string=html).write_pdf(path)
    return path


def write_protocol_pdf(protocol: ResultsProtocol, path: Path) -> Path:
    """Write the protocol as a PDF to ``path`` (its folder must exist) and return the path."""
    return write_pdf(render_protocol_html(protocol), path)
