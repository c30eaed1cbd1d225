"""``majlis member ...``: one person's membership — join, leave, expulsion, history."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from majlis import registry, store
from majlis.cli._registry_common import By, Iin, On, login, parse_day
from majlis.errors import InputError
from majlis.i18n import gettext as _
from majlis.registry.people import parse_barred

__all__ = ["member_app"]

member_app = typer.Typer(
    help="One person's membership: join, leave, expulsion.", no_args_is_help=True
)


@member_app.command("join")
def member_join(
    iin: Iin,
    party: Annotated[str, typer.Option(help="The party's slug.")],
    on: On = None,
    family_name: Annotated[str | None, typer.Option(help="Registers the person if new.")] = None,
    given_name: Annotated[str | None, typer.Option(help="Registers the person if new.")] = None,
    region: Annotated[str | None, typer.Option(help="Region code, e.g. KZ-71.")] = None,
    citizenship: Annotated[str, typer.Option(help="ISO country code.")] = "KZ",
    barred: Annotated[
        str | None, typer.Option(help="serviceman, national_security, law_enforcement, judge.")
    ] = None,
    by: By = "",
) -> None:
    """Apply and decide: admit the person, or record the refusal and report why."""
    with store.session_scope() as s:
        if registry.find_person(s, iin) is None:
            if not family_name or not given_name:
                raise InputError(
                    f"no person with IIN {iin!r} is registered; give --family-name and "
                    "--given-name to register them, or run 'majlis person register' first",
                    code="person.unknown.register",
                    params={"iin": iin},
                )
            registry.register_person(
                s,
                national_id=iin,
                family_name=family_name,
                given_name=given_name,
                citizenship=citizenship,
                region_code=region,
                barred_category=parse_barred(barred),
            )
        outcome = registry.join(
            s, national_id=iin, party=party, on=parse_day(on), entered_by=by or login()
        )
    outcome.raise_for_refusal()
    Console().print(
        _("%(iin)s: admitted to %(party)s (ledger event #%(seq)s)")
        % {"iin": iin, "party": party, "seq": outcome.events[-1].seq},
        markup=False,
    )


@member_app.command("leave")
def member_leave(
    iin: Iin,
    on: On = None,
    reason: Annotated[str | None, typer.Option(help="Why the member left, if given.")] = None,
    by: By = "",
) -> None:
    """Record that a member left their party."""
    with store.session_scope() as s:
        event = registry.leave(
            s, national_id=iin, on=parse_day(on), reason=reason, entered_by=by or login()
        )
    Console().print(
        _("%(iin)s: left (ledger event #%(seq)s)") % {"iin": iin, "seq": event.seq}, markup=False
    )


@member_app.command("expel")
def member_expel(
    iin: Iin,
    reason: Annotated[str, typer.Option(help="Why the member is expelled.")],
    body: Annotated[str, typer.Option(help="The body that decided (e.g. Political Council).")],
    on: On = None,
    by: By = "",
) -> None:
    """Record an expulsion with its reason and deciding body."""
    with store.session_scope() as s:
        event = registry.expel(
            s,
            national_id=iin,
            on=parse_day(on),
            reason=reason,
            deciding_body=body,
            entered_by=by or login(),
        )
    Console().print(
        _("%(iin)s: expelled (ledger event #%(seq)s)") % {"iin": iin, "seq": event.seq},
        markup=False,
    )


@member_app.command("show")
def member_show(iin: Iin) -> None:
    """Show a person and their current party."""
    with store.session_scope() as s:
        person, roll, slug = registry.active_membership(s, iin)
    table = Table(title=person.full_name, show_header=False)
    table.add_row("IIN", person.national_id)
    table.add_row("born / sex", f"{person.birth_date} / {person.sex}")
    table.add_row("citizenship / region", f"{person.citizenship} / {person.region_code or '-'}")
    table.add_row("barred", str(person.barred_category or "no"))
    table.add_row("party", f"{slug} since {roll.since}" if roll else "none")
    Console().print(table)


@member_app.command("history")
def member_history(iin: Iin) -> None:
    """Every ledger event about a person, with who entered it and when."""
    with store.session_scope() as s:
        person, events = registry.history(s, iin)
        parties = {p.id: p.slug for p, _ in registry.list_parties(s)}
    table = Table(
        "#",
        "date",
        "event",
        "party",
        "reason / body",
        "entered by",
        "entered at",
        title=f"{person.full_name} ({person.national_id})",
    )
    for e in events:
        detail = " / ".join(x for x in (e.reason, e.deciding_body) if x)
        table.add_row(
            str(e.seq),
            str(e.occurred_on),
            e.kind,
            parties[e.party_id],
            detail,
            e.entered_by,
            f"{e.entered_at:%Y-%m-%d %H:%M:%S}",
        )
    Console().print(table)
