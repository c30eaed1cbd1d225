"""``majlis parliament ...`` and ``majlis mandate ...``: seating, composition, vacancies."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from majlis import parliament, registry
from majlis.cli._app import app
from majlis.cli._files import read_csv
from majlis.cli._output import Format, FormatOption, emit, print_table
from majlis.cli._registry_common import day
from majlis.errors import InputError, Location
from majlis.i18n import DEFAULT, N_, current, fmt_int, ngettext, pgettext
from majlis.i18n import gettext as _
from majlis.note_text import note_text
from majlis.store import session_scope

parliament_app = typer.Typer(
    help=N_("The chamber: convocations, seats, composition."), no_args_is_help=True
)
mandate_app = typer.Typer(help=N_("Mandates: termination and by-elections."), no_args_is_help=True)
app.add_typer(parliament_app, name="parliament")
app.add_typer(mandate_app, name="mandate")

Day = Annotated[datetime, typer.Option("--on", formats=["%Y-%m-%d"], help=N_("Date of the act."))]


def _day(value: datetime) -> date:
    return value.date()


def read_votes(path: Path) -> dict[str, int]:
    """Read a CSV with columns ``party`` (slug) and ``votes`` (a non-negative integer)."""
    if not path.is_file():
        raise InputError.expected(
            what="The votes file",
            expected="an existing file",
            got=str(path),
            code="file.not_found",
            params={"what": "votes file", "got": str(path)},
        )
    votes: dict[str, int] = {}
    header, rows = read_csv(path, what="votes file")
    if not {"party", "votes"} <= set(header):
        raise InputError.expected(
            what="The header of the votes file",
            expected="columns 'party' and 'votes'",
            got=header,
            location=Location(str(path), 0),
            code="csv.header_missing",
            params={"column": "party,votes", "got": ",".join(header)},
        )
    for row_no, row in enumerate(rows, start=1):
        from majlis.cli._votes_csv import count_cell  # the law's bound, loaded when read

        raw = (row["votes"] or "").replace(",", "").replace("_", "")
        where = Location(str(path), row_no, "votes")
        votes[(row["party"] or "").strip()] = count_cell(raw, what="votes", where=where)
    return votes


@parliament_app.command("open")
def open_(
    slug: str,
    election: Annotated[str, typer.Option(help=N_("The election the convocation comes from."))],
    name: Annotated[str, typer.Option(help=N_("Display name, e.g. 'VIII convocation'."))],
    on: Day,
) -> None:
    """Open a convocation with the posts of its election's ruleset."""
    with session_scope() as session:
        conv = parliament.open_convocation(
            session, slug=slug, name=name, election=election, opened_on=_day(on)
        )
    Console().print(
        _("opened %(name)s (%(slug)s) under %(ruleset)s")
        % {"name": conv.name, "slug": conv.slug, "ruleset": conv.ruleset_id},
        markup=False,
    )


@parliament_app.command("seat")
def seat(
    convocation: str,
    votes: Annotated[Path, typer.Argument(help=N_("CSV: party,votes (party slugs)."))],
    on: Day,
) -> None:
    """Allocate the list seats from the national totals and seat the elected candidates."""
    with session_scope() as session:
        seats, seated = parliament.seat_from_votes(
            session, convocation=convocation, votes=read_votes(votes), on=_day(on)
        )
    table = Table(title=_("Seats under %(ruleset)s") % {"ruleset": seats.allocation.ruleset_id})
    table.add_column(_("list"))
    table.add_column(pgettext("heading", "seats"), justify="right")
    for row in seats.rows:
        table.add_row(row.name, str(row.seats))
    Console().print(table)
    Console().print(
        ngettext("%(num)s deputy seated", "%(num)s deputies seated", len(seated))
        % {"num": fmt_int(len(seated))},
        markup=False,
    )


@parliament_app.command("appoint")
def appoint(
    convocation: str,
    national_ids: Annotated[list[str], typer.Argument(help=N_("National ids of the members."))],
    on: Day,
    decided_by: Annotated[str, typer.Option()] = parliament.ASSEMBLY,
) -> None:
    """Seat appointed members (e.g. the Assembly of the People's nine) on the appointed posts."""
    with session_scope() as session:
        persons = registry.person_ids(session, national_ids)
        seated = parliament.seat_appointed(
            session, convocation=convocation, persons=persons, on=_day(on), decided_by=decided_by
        )
    Console().print(
        ngettext("%(num)s appointed member seated", "%(num)s appointed members seated", len(seated))
        % {"num": fmt_int(len(seated))},
        markup=False,
    )


def render_composition(
    comp: parliament.Composition, console: Console, output: Format = Format.AUTO
) -> None:
    """Print a composition as two tables: by group and by seat kind."""
    table = Table(
        title=_("Composition on %(on)s (%(filled)s of %(total)s)")
        % {"on": day(comp.on), "filled": comp.filled, "total": comp.total_posts}
    )
    table.add_column(_("group"))
    table.add_column(pgettext("heading", "seats"), justify="right")
    for group, seats in comp.by_group.items():
        table.add_row(group, str(seats))
    for group, seats in comp.vacant_by_group.items():
        table.add_row(_("vacant (%(group)s)") % {"group": group}, str(seats))
    print_table(table, output, console=console)
    kinds = Table(title=_("By seat type"))
    kinds.add_column(_("seat type"))
    kinds.add_column(pgettext("heading", "seats"), justify="right")
    english = current() == DEFAULT
    for kind, seats in comp.by_kind.items():
        kinds.add_row(kind.value if english else _seat_type(kind.value), str(seats))
    print_table(kinds, output, console=console)


@parliament_app.command("composition")
def composition(
    on: Annotated[
        datetime, typer.Option("--date", formats=["%Y-%m-%d"], help=N_("The day (YYYY-MM-DD)."))
    ],
    convocation: Annotated[str | None, typer.Option(help=N_("Default: the one sitting."))] = None,
    output: FormatOption = Format.AUTO,
) -> None:
    """Show the chamber's composition on a date, by party and by seat type."""
    with session_scope() as session:
        comp = parliament.composition(session, on=_day(on), convocation=convocation)
    if not output.data:
        render_composition(comp, Console(), output)
        return
    emit(
        ("kind", "group", "seats"),
        [
            *(("group", g, n) for g, n in comp.by_group.items()),
            *(("vacant", g, n) for g, n in comp.vacant_by_group.items()),
            *(("seat type", k.value, n) for k, n in comp.by_kind.items()),
        ],
        output,
    )


@parliament_app.command("history")
def history(convocation: str) -> None:
    """Show the convocation's history: seating, notices, terminations, successions."""
    with session_scope() as session:
        events = parliament.chamber_history(session, convocation=convocation)
    console = Console()
    english = current() == DEFAULT
    for event in events:
        link = _(" [ledger #%(seq)s]") % {"seq": event.ledger_seq} if event.ledger_seq else ""
        kind = event.kind if english else _history_kind(event.kind)
        line = f"{day(event.occurred_on)}  {kind:<20} {note_text(event.detail)}{link}"
        console.print(line, markup=False)


#: The kinds of step in the chamber's history (the store's codes) as words.
_HISTORY_KINDS = {
    "opened": N_("opened"),
    "seated": N_("seated"),
    "seat-vacant": N_("seat vacant"),
    "succeeded": N_("succeeded"),
    "terminated": N_("terminated"),
    "by-election-awaited": N_("by-election awaited"),
    "party-notice": N_("party's notice"),
    "by-election": N_("by-election"),
}


def _history_kind(kind: str) -> str:
    return _(_HISTORY_KINDS[kind]) if kind in _HISTORY_KINDS else kind


@mandate_app.command("terminate")
def terminate(
    convocation: str,
    on: Day,
    national_id: Annotated[str | None, typer.Option(help=N_("The deputy's national id."))] = None,
    reason: Annotated[parliament.TerminationReason | None, typer.Option()] = None,
    ledger_event: Annotated[
        int | None,
        typer.Option(
            help=N_("Sequence number of the membership ledger event (expelled/left/dissolved).")
        ),
    ] = None,
    notice_on: Annotated[
        datetime | None, typer.Option(formats=["%Y-%m-%d"], help=N_("Date of the party's notice."))
    ] = None,
) -> None:
    """End a mandate (by reason, or on a party's notice of a ledger event) and fill the seat."""
    with session_scope() as session:
        if ledger_event is not None:
            outcome = parliament.terminate_on_membership_event(
                session,
                convocation=convocation,
                ledger_seq=ledger_event,
                notice_on=_day(notice_on or on),
                decided_on=_day(on),
            )
        elif national_id is not None and reason is not None:
            [person] = registry.person_ids(session, [national_id])
            outcome = parliament.terminate_mandate(
                session, convocation=convocation, person=person, reason=reason, on=_day(on)
            )
        else:
            raise InputError.expected(
                what="The mandate to terminate",
                expected="--ledger-event, or --national-id with --reason",
                got=None,
                code="mandate.how",
            )
    console = Console()
    console.print(
        _("ended: %(person)s (post %(post)s)")
        % {"person": outcome.ended.person_name, "post": outcome.ended.post},
        markup=False,
    )
    if outcome.successor is not None:
        console.print(
            _("successor: %(person)s from %(on)s")
            % {"person": outcome.successor.person_name, "on": day(outcome.successor.start)},
            markup=False,
        )
    if outcome.vacancy:
        console.print(note_text(outcome.vacancy), markup=False)


def _print_outcomes(outcomes: tuple[parliament.TerminationOutcome, ...], console: Console) -> None:
    for outcome in outcomes:
        values = {
            "person": outcome.ended.person_name,
            "post": outcome.ended.post,
            "vacancy": note_text(outcome.vacancy or ""),
        }
        console.print(
            _("ended: %(person)s (post %(post)s); %(vacancy)s") % values
            if outcome.vacancy
            else _("ended: %(person)s (post %(post)s); seat filled") % values,
            markup=False,
        )


@mandate_app.command("dissolve")
def dissolve(
    convocation: str,
    party: Annotated[str, typer.Option(help=N_("The slug of the party that ceased to exist."))],
    on: Day,
) -> None:
    """End the list mandates of a party that has ceased to exist (e.g. reorganised).

    A liquidation (``majlis party liquidate``) ends them itself; this is the commission's
    decision for a party that ceased to exist otherwise.
    """
    with session_scope() as session:
        outcomes = parliament.dissolve_party_mandates(
            session, party=party, on=_day(on), convocation=convocation
        )
    console = Console()
    _print_outcomes(outcomes, console)
    console.print(
        ngettext("%(num)s mandate ended", "%(num)s mandates ended", len(outcomes))
        % {"num": fmt_int(len(outcomes))},
        markup=False,
    )


@mandate_app.command("by-election")
def by_election(
    convocation: str,
    post: Annotated[int, typer.Option(min=1, help=N_("The number of the vacant post."))],
    national_id: Annotated[str, typer.Option(help=N_("The winner's national id."))],
    on: Day,
    decided_by: Annotated[str, typer.Option(help=N_("Who elected them."))] = parliament.ASSEMBLY,
) -> None:
    """Seat the winner of a by-election on a vacant appointed or district post."""
    with session_scope() as session:
        [person] = registry.person_ids(session, [national_id])
        seated = parliament.fill_by_election(
            session,
            convocation=convocation,
            post=post,
            person=person,
            on=_day(on),
            decided_by=decided_by,
        )
    Console().print(
        _("seated: %(person)s (post %(post)s) from %(on)s")
        % {"person": seated.person_name, "post": seated.post, "on": day(seated.start)},
        markup=False,
    )


def _seat_type(kind: str) -> str:
    """How a post is filled (the store's code) as the current language says it."""
    words = {
        "party-list": pgettext("seat type", "party list"),
        "district": pgettext("seat type", "district"),
        "appointed": pgettext("seat type", "appointed"),
    }
    return words.get(kind, kind)
