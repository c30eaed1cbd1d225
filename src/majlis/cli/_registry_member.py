"""``majlis member ...``: one person's membership — join, leave, expulsion, history."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from majlis import registry, store
from majlis.cli._registry_common import By, Iin, On, day, login, parse_day
from majlis.errors import InputError
from majlis.i18n import DEFAULT, N_, current, pgettext
from majlis.i18n import gettext as _
from majlis.registry.people import parse_barred

__all__ = ["member_app"]

#: the people the Constitution bars from party membership, as words
_BARRED = {
    "serviceman": N_("serviceman"),
    "national_security": N_("national security officer"),
    "law_enforcement": N_("law enforcement officer"),
    "judge": N_("judge"),
}

member_app = typer.Typer(
    help=N_("One person's membership: join, leave, expulsion."), no_args_is_help=True
)


@member_app.command("join")
def member_join(
    iin: Iin,
    party: Annotated[str, typer.Option(help=N_("The party's slug."))],
    on: On = None,
    family_name: Annotated[
        str | None, typer.Option(help=N_("Registers the person if new."))
    ] = None,
    given_name: Annotated[str | None, typer.Option(help=N_("Registers the person if new."))] = None,
    region: Annotated[str | None, typer.Option(help=N_("Region code, e.g. KZ-71."))] = None,
    citizenship: Annotated[str, typer.Option(help=N_("ISO country code."))] = "KZ",
    barred: Annotated[
        str | None, typer.Option(help=N_("serviceman, national_security, law_enforcement, judge."))
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
    reason: Annotated[str | None, typer.Option(help=N_("Why the member left, if given."))] = None,
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
    reason: Annotated[str, typer.Option(help=N_("Why the member is expelled."))],
    body: Annotated[str, typer.Option(help=N_("The body that decided (e.g. Political Council)."))],
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
    english = current() == DEFAULT
    table = Table(title=person.full_name, show_header=False)
    table.add_row(_("IIN"), person.national_id)
    sex = person.sex if english else _sex_word(person.sex)
    born = str(person.birth_date) if english else day(person.birth_date)
    table.add_row(_("born / sex"), f"{born} / {sex}")
    table.add_row(_("citizenship / region"), f"{person.citizenship} / {person.region_code or '-'}")
    barred = person.barred_category
    table.add_row(
        _("barred"),
        _("no") if barred is None else (barred if english else _(_BARRED[barred])),
    )
    table.add_row(
        _("party"),
        _("%(party)s since %(on)s")
        % {"party": slug, "on": str(roll.since) if english else day(roll.since)}
        if roll
        else _("none"),
    )
    Console().print(table)


@member_app.command("history")
def member_history(iin: Iin) -> None:
    """Every ledger event about a person, with who entered it and when."""
    with store.session_scope() as s:
        person, events = registry.history(s, iin)
        parties = {p.id: p.slug for p, _n in registry.list_parties(s)}
    english = current() == DEFAULT
    table = Table(
        "#",
        _("date"),
        pgettext("ledger", "event"),
        _("party"),
        _("reason / body"),
        _("entered by"),
        _("entered at"),
        title=f"{person.full_name} ({person.national_id})",
    )
    for e in events:
        detail = " / ".join(x for x in (e.reason, e.deciding_body) if x)
        table.add_row(
            str(e.seq),
            str(e.occurred_on) if english else day(e.occurred_on),
            e.kind if english else _event_word(e.kind),
            parties[e.party_id],
            detail,
            e.entered_by,
            f"{e.entered_at:%Y-%m-%d %H:%M:%S}",
        )
    Console().print(table)


def _sex_word(sex: str | None) -> str | None:
    """The sex an IIN encodes ("M" or "F") as the current language abbreviates it."""
    words = {"M": pgettext("sex", "M"), "F": pgettext("sex", "F")}
    return words.get(sex or "", sex)


def _event_word(kind: str) -> str:
    """What happened to a membership (the ledger's event kind) in the current language."""
    words = {
        "applied": pgettext("ledger event", "applied"),
        "admitted": pgettext("ledger event", "admitted"),
        "refused": pgettext("ledger event", "refused"),
        "left": pgettext("ledger event", "left"),
        "expelled": pgettext("ledger event", "expelled"),
        "dissolved": pgettext("ledger event", "dissolved"),
    }
    return words.get(kind, kind)
