"""The quick count's printable statement: HTML with a print stylesheet, and PDF.

What an observer group publishes on election night, laid out like the results protocol: the
sample fixed in advance (its design, strata and SHA-256), the coverage of the reports, the
estimate of each list's share and of the turnout with 95 % and 99 % margins, the official
count held against it list by list and seat by seat, and the verdict. Every figure is the one
the API and the dashboard show: the views of :mod:`majlis.pvt` (``current_sample``,
``status_view``, ``compare_view``) over the same services; this module adds words, not
arithmetic.

The page is worded in the language being served (``majlis --lang``, :mod:`majlis.i18n`);
party and place names are shown as registered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from majlis import elections, pvt, record
from majlis.errors import NotFoundError
from majlis.i18n import N_, gettext
from majlis.labels import level_name, seat_sentence
from majlis.report.templating import ENV, page_language

__all__ = [
    "QuickCountStatement",
    "quick_count_statement",
    "render_statement_html",
]

#: The ruleset's threshold base (the share the estimate speaks of) → words.
_BASES = {
    "list_votes": N_("the votes for the lists"),
    "valid_votes": N_("the valid votes"),
    "ballots_cast": N_("the ballots cast"),
    "registered": N_("the registered voters"),
}


@dataclass(frozen=True, slots=True)
class QuickCountStatement:
    """Everything the statement shows, as the services' views give it.

    ``design`` is the design in force (:func:`majlis.pvt.current_sample`), ``status`` the board
    (:func:`majlis.pvt.status_view`), ``comparison`` the official count against the estimate
    (:func:`majlis.pvt.compare_view`, whose ``estimate`` is the estimate's view); ``digest`` is
    the election's record digest (the chain the sample is part of).
    """

    election: str
    title: str
    polling_day: date | None
    design: dict[str, Any]
    status: dict[str, Any]
    comparison: dict[str, Any]
    digest: str
    draws: int

    @property
    def consistent(self) -> bool:
        """Every official share inside its 99 % interval and every seat count in its range."""
        return bool(self.comparison["consistent"])

    @property
    def strata(self) -> list[dict[str, Any]]:
        """Each stratum of the design with its line of the status board."""
        board = {row["stratum"]: row for row in self.status["strata"]}
        return [{**s, **board.get(s["name"], {})} for s in self.design["strata"]]

    @property
    def stratified_by(self) -> str:
        """The station attribute the sample is stratified by, in words."""
        attribute = str(self.design["stratify"])
        return gettext("none (one stratum)") if attribute == "none" else level_name(attribute)

    @property
    def share_base(self) -> str:
        """What the shares are shares of, in words of the current language."""
        base = self.comparison["estimate"]["share_base"]
        return gettext(_BASES[base]) if base in _BASES else str(base)


def quick_count_statement(
    session: Session, election: str, *, draws: int = 4000
) -> QuickCountStatement:
    """Gather the statement of ``election`` from the quick count's services."""
    design = pvt.current_sample(session, election)
    status = pvt.status_view(pvt.collect_reports(session, election))
    comparison = pvt.compare_view(pvt.compare_election(session, election, draws=draws))
    try:
        stored = elections.get_election(session, election)
        title, day = stored.name, stored.polling_day
    except NotFoundError:
        title, day = election, None
    return QuickCountStatement(
        election=election,
        title=title,
        polling_day=day,
        design=design,
        status=status,
        comparison=comparison,
        digest=record.record_digest(session, election).digest,
        draws=draws,
    )


def render_statement_html(statement: QuickCountStatement) -> str:
    """The statement as one self-contained HTML page, A4 when printed."""
    return ENV.get_template("quick_count.html.j2").render(
        s=statement, lang=page_language(), seat_sentence=seat_sentence
    )
