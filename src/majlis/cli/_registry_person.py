"""``majlis person ...``: a person's own record — registration, barred category, region.

A person is registered without joining a party (a founder before the congress, a candidate
to be); ``member join`` still registers a newcomer on the way, through the same service.
The person's membership (join, leave, expulsion, history) is ``majlis member``.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from majlis import registry, store
from majlis.cli._help import filled
from majlis.cli._output import Format, FormatOption, emit
from majlis.cli._registry_common import Iin, day, parse_day
from majlis.errors import InputError
from majlis.i18n import N_
from majlis.i18n import gettext as _
from majlis.registry import BarredCategory, Person
from majlis.registry.people import parse_barred

__all__ = ["person_app"]

person_app = typer.Typer(
    help=N_("A person's record: registration, barred category, region."), no_args_is_help=True
)

_CATEGORIES = ", ".join(c.value for c in BarredCategory)


def _line(person: Person) -> str:
    """The person as one line: IIN, name, birth date and sex, citizenship, region, barred."""
    values = {
        "iin": person.national_id,
        "name": person.full_name,
        "born": day(person.birth_date),
        "sex": person.sex,
        "citizenship": person.citizenship,
        "region": person.region_code or "-",
        "category": person.barred_category,
    }
    if person.barred_category:
        return (
            _(
                "%(iin)s: %(name)s, born %(born)s (%(sex)s), %(citizenship)s, region %(region)s, "
                "barred: %(category)s"
            )
            % values
        )
    return (
        _("%(iin)s: %(name)s, born %(born)s (%(sex)s), %(citizenship)s, region %(region)s") % values
    )


@person_app.command("register")
def person_register(
    iin: Iin,
    family_name: Annotated[str, typer.Option(help=N_("Family name, as in the identity document."))],
    given_name: Annotated[str, typer.Option(help=N_("Given name, as in the identity document."))],
    region: Annotated[
        str | None, typer.Option(help=N_("Region code, e.g. KZ-71 (see docs/registry.md)."))
    ] = None,
    citizenship: Annotated[str, typer.Option(help=N_("ISO country code."))] = "KZ",
    barred: Annotated[
        str | None,
        typer.Option(help=filled(N_("Barred category: %(categories)s."), categories=_CATEGORIES)),
    ] = None,
) -> None:
    """Register a person without joining a party; the IIN gives the birth date and sex."""
    category = parse_barred(barred)
    with store.session_scope() as s:
        person = registry.register_person(
            s,
            national_id=iin,
            family_name=family_name,
            given_name=given_name,
            citizenship=citizenship,
            region_code=region,
            barred_category=category,
        )
    Console().print(_("registered %(person)s") % {"person": _line(person)}, markup=False)


@person_app.command("bar")
def person_bar(
    iin: Iin,
    category: Annotated[
        str,
        typer.Option(
            help=filled(N_("The barred category: %(categories)s."), categories=_CATEGORIES)
        ),
    ],
) -> None:
    """Record that a person entered a category barred from party membership (e.g. a judge).

    A current membership is not ended by this: the member leaves, or is expelled, as a
    ledger event of its own; any later application is refused.
    """
    barred = parse_barred(category)
    if barred is None:  # blank: lifting a bar is 'person unbar'
        raise InputError.expected(
            what="--category",
            expected=f"one of {_CATEGORIES}",
            got=category,
            code="input.one_of",
            params={"what": "--category", "valid": _CATEGORIES, "got": category},
        )
    with store.session_scope() as s:
        person = registry.set_barred_category(s, iin, barred)
        _person, membership, slug = registry.active_membership(s, iin)
    console = Console()
    console.print(_("barred %(person)s") % {"person": _line(person)}, markup=False)
    if membership is not None:
        console.print(
            _(
                "note: still an active member of %(party)s since %(since)s; record the "
                "departure or expulsion with 'majlis member leave' or 'majlis member expel'"
            )
            % {"party": slug, "since": day(membership.since)},
            markup=False,
        )


@person_app.command("unbar")
def person_unbar(iin: Iin) -> None:
    """Record that a person left the barred category (may apply to a party again)."""
    with store.session_scope() as s:
        person = registry.set_barred_category(s, iin, None)
    Console().print(_("no longer barred %(person)s") % {"person": _line(person)}, markup=False)


@person_app.command("move")
def person_move(
    iin: Iin,
    region: Annotated[str, typer.Option(help=N_("The new region code, e.g. KZ-75."))],
) -> None:
    """Record a person's new region; a member's party counts per region follow."""
    with store.session_scope() as s:
        person = registry.move_person(s, iin, region)
    Console().print(_("moved %(person)s") % {"person": _line(person)}, markup=False)


@person_app.command("regions")
def person_regions(
    on: Annotated[
        str | None,
        typer.Option("--on", help=N_("Only the units in force on this date, YYYY-MM-DD.")),
    ] = None,
    output: FormatOption = Format.AUTO,
) -> None:
    """List the region codes a person's --region takes, with their names and dates."""
    found = registry.regions_on(parse_day(on)) if on else registry.all_regions()
    columns = ("code", "name", "kind", "valid_from", "valid_to")
    rows = [(r.code, r.name, r.kind, r.valid_from, r.valid_to) for r in found]
    shown = [[str(v) if v is not None else "-" for v in row] for row in rows]
    title = f"regions on {parse_day(on)}" if on else "regions"
    emit(columns, rows, output, title=title, shown=shown)
