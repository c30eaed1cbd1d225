"""``majlis election ...`` and ``majlis list ...``: the campaign, its lists and candidates."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from majlis import elections, registry
from majlis.cli._app import app
from majlis.cli._files import read_text
from majlis.cli._registry_common import day
from majlis.errors import InputError, Location
from majlis.i18n import N_, pgettext
from majlis.i18n import gettext as _
from majlis.store import session_scope


def _list_status(code: str) -> str:
    """A list's status (the store's code) as a word ("withdrawn" is a list's, not a
    candidate's)."""
    if code == "nominated":
        return pgettext("list status", "nominated")
    if code == "registered":
        return pgettext("list status", "registered")
    if code == "withdrawn":
        return pgettext("list status", "withdrawn")
    return code


election_app = typer.Typer(
    help=N_("Elections: calendar, lists, ballot draw."), no_args_is_help=True
)
list_app = typer.Typer(help=N_("Party lists: nominate, register, withdraw."), no_args_is_help=True)
app.add_typer(election_app, name="election")
app.add_typer(list_app, name="list")

On = Annotated[datetime, typer.Option("--on", formats=["%Y-%m-%d"], help=N_("Date of the act."))]


def _day(value: datetime) -> date:
    return value.date()


def _render_list(pl: elections.CandidateList) -> None:
    console = Console()
    table = Table(title=f"{pl.party_name} — {pl.status.value} list in {pl.election_slug}")
    for column in ("rank", "candidate", "status"):
        table.add_column(column)
    for c in pl.candidates:
        table.add_row(str(c.rank), c.name or str(c.person_id), c.status.value)
    console.print(table)


@election_app.command("create")
def create(
    slug: str,
    name: Annotated[str, typer.Option(help=N_("Display name."))],
    called: Annotated[datetime, typer.Option(formats=["%Y-%m-%d"])],
    nomination_deadline: Annotated[datetime, typer.Option(formats=["%Y-%m-%d"])],
    registration_deadline: Annotated[datetime, typer.Option(formats=["%Y-%m-%d"])],
    withdrawal_deadline: Annotated[datetime, typer.Option(formats=["%Y-%m-%d"])],
    polling_day: Annotated[datetime, typer.Option(formats=["%Y-%m-%d"])],
    ruleset: Annotated[str, typer.Option(help=N_("Ruleset id or family."))] = "kz-majlis",
    list_mode: Annotated[elections.ListMode | None, typer.Option()] = None,
) -> None:
    """Create an election under the ruleset in force on polling day."""
    calendar = elections.ElectionCalendar(
        called_on=_day(called),
        nomination_deadline=_day(nomination_deadline),
        registration_deadline=_day(registration_deadline),
        candidate_withdrawal_deadline=_day(withdrawal_deadline),
        list_withdrawal_deadline=_day(withdrawal_deadline),
        polling_day=_day(polling_day),
    )
    with session_scope() as session:
        found = elections.create_election(
            session, slug=slug, name=name, calendar=calendar, ruleset=ruleset, list_mode=list_mode
        )
    Console().print(
        f"election {found.slug}: {found.list_seats} list seats under {found.ruleset_id}, "
        f"lists of at most {found.max_list_length or 'any number of'} names, {found.list_mode}"
    )


@election_app.command("show")
def show(slug: str) -> None:
    """Show an election's calendar, lists in ballot order and history."""
    with session_scope() as session:
        found = elections.get_election(session, slug)
        lists = elections.party_lists(session, election=slug)
        history = elections.election_history(session, election=slug)
    console = Console()
    cal = found.calendar
    console.print(
        f"[bold]{escape(found.name)}[/] ({found.slug}) — "
        + escape(_("polling day %(day)s") % {"day": day(cal.polling_day)})
    )
    console.print(
        _(
            "ruleset %(ruleset)s; nomination until %(nomination)s, registration until "
            "%(registration)s, withdrawals until %(withdrawals)s"
        )
        % {
            "ruleset": found.ruleset_id,
            "nomination": day(cal.nomination_deadline),
            "registration": day(cal.registration_deadline),
            "withdrawals": day(cal.list_withdrawal_deadline),
        },
        markup=False,
    )
    table = Table(title=_("Lists"))
    for column in (N_("ballot"), N_("party"), N_("status"), N_("candidates"), N_("standing")):
        table.add_column(_(column))
    for pl in lists:
        table.add_row(
            str(pl.ballot_position or "—"),
            pl.party_name,
            _list_status(pl.status.value),
            str(len(pl.candidates)),
            str(pl.standing),
        )
    console.print(table)
    for event in history:
        console.print(f"{event.occurred_on}  {event.kind:<18} {event.detail}", markup=False)


@election_app.command("draw")
def draw(
    slug: str, seed: Annotated[int, typer.Option(help=N_("Seed of the lot, recorded."))], on: On
) -> None:
    """Draw the ballot order of the registered lists by lot."""
    with session_scope() as session:
        lists = elections.draw_ballot(session, election=slug, seed=seed, on=_day(on))
    for pl in lists:
        Console().print(f"{pl.ballot_position}. {pl.party_name}")


@election_app.command("boycott")
def boycott(
    slug: str, party: str, on: On, statement: Annotated[str, typer.Option()] = "boycott"
) -> None:
    """Record that a party boycotts the election (no list)."""
    with session_scope() as session:
        event = elections.declare_boycott(
            session, election=slug, party=party, on=_day(on), statement=statement
        )
    Console().print(event.detail)


def _read_ids(path: Path) -> list[str]:
    if not path.is_file():
        raise InputError.expected(
            what="The candidates file",
            expected="an existing file",
            got=str(path),
            code="file.not_found",
            params={"what": "candidates file", "got": str(path)},
        )
    ids = []
    text = read_text(path, what="candidates file", encoding="utf-8")
    for row, line in enumerate(text.splitlines(), start=1):
        value = line.strip()
        if not value or value.startswith("#"):
            continue
        if not value.isdigit():
            raise InputError.expected(
                what="A candidate's national id",
                expected="digits only, one per line, in rank order",
                got=value,
                location=Location(str(path), row),
                code="candidates.national_id",
                params={"got": value},
            )
        ids.append(value)
    return ids


@list_app.command("nominate")
def nominate(
    election: str,
    party: str,
    candidates: Annotated[Path, typer.Argument(help=N_("File of national ids in rank order."))],
    on: On,
) -> None:
    """Nominate a party's ranked list (members of the party on the nomination date only)."""
    with session_scope() as session:
        persons = registry.person_ids(session, _read_ids(candidates))
        pl = elections.nominate_list(
            session, election=election, party=party, candidates=persons, on=_day(on)
        )
    _render_list(pl)


@list_app.command("register")
def register(election: str, party: str, on: On) -> None:
    """Register a nominated list (the commission's decision)."""
    with session_scope() as session:
        pl = elections.register_list(session, election=election, party=party, on=_day(on))
    Console().print(
        _("registered the list of %(party)s (no. %(number)s)")
        % {"party": pl.party_name, "number": pl.registration_order},
        markup=False,
    )


@list_app.command("show")
def show_list(election: str, party: str) -> None:
    """Show a party's list with each candidate's status."""
    with session_scope() as session:
        pl = elections.get_list(session, election=election, party=party)
    _render_list(pl)


@list_app.command("withdraw")
def withdraw(
    election: str, party: str, on: On, reason: Annotated[str, typer.Option()] = "boycott"
) -> None:
    """The party withdraws its whole list before the deadline (a boycott)."""
    with session_scope() as session:
        pl = elections.withdraw_list(
            session, election=election, party=party, on=_day(on), reason=reason
        )
    Console().print(
        _("the list of %(party)s is withdrawn") % {"party": pl.party_name}, markup=False
    )


@list_app.command("withdraw-candidate")
def withdraw_candidate(
    election: str,
    party: str,
    national_id: str,
    on: On,
    statement: Annotated[str, typer.Option(help=N_("Reference of the written statement."))],
) -> None:
    """A candidate withdraws by a written statement."""
    with session_scope() as session:
        [person] = registry.person_ids(session, [national_id])
        pl = elections.withdraw_candidate(
            session, election=election, party=party, person=person, on=_day(on), statement=statement
        )
    _render_list(pl)


@list_app.command("revoke")
def revoke(
    election: str,
    party: str,
    national_id: str,
    on: On,
    decision: Annotated[str, typer.Option(help=N_("Reference of the party's decision."))],
) -> None:
    """The party revokes one of its candidates."""
    with session_scope() as session:
        [person] = registry.person_ids(session, [national_id])
        pl = elections.revoke_candidate(
            session, election=election, party=party, person=person, on=_day(on), decision=decision
        )
    _render_list(pl)
