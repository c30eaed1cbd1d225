"""``majlis party ...``: parties and movements through their lifecycle (parse, call, render)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from majlis import parliament, registry, store
from majlis.cli._files import read_text
from majlis.cli._output import Format, FormatOption, emit, print_table
from majlis.cli._registry_common import By, On, Slug, day, login, parse_day, status_word
from majlis.error_text import describe
from majlis.errors import NotFoundError
from majlis.i18n import DEFAULT, N_, current, fmt_int, ngettext, pgettext
from majlis.i18n import gettext as _
from majlis.note_text import note_text, shortfall_text
from majlis.registry import IntakeDecision, Party, PartyKind, ReorganisationMode

__all__ = ["party_app"]

#: a party's kind as a word
_KINDS = {"party": N_("party"), "movement": N_("movement")}

#: the forms of reorganisation as words
_MODES = {
    "merger": N_("merger"),
    "split": N_("split"),
    "transformation": N_("transformation"),
}

party_app = typer.Typer(
    help=N_("Parties and movements through their lifecycle."), no_args_is_help=True
)


@party_app.command("create")
def party_create(
    slug: Slug,
    name: Annotated[str, typer.Option(help=N_("The party's full name."))],
    on: On = None,
    movement: Annotated[
        bool, typer.Option(help=N_("A movement that does not seek registration."))
    ] = False,
    by: By = "",
) -> None:
    """Record an initiative group (or a movement) as an organization."""
    with store.session_scope() as s:
        party = registry.create_party(
            s,
            slug=slug,
            name=name,
            initiated_on=parse_day(on),
            entered_by=by or login(),
            kind=PartyKind.MOVEMENT if movement else PartyKind.PARTY,
        )
    Console().print(
        _("%(party)s: %(status)s since %(on)s")
        % {"party": party.slug, "status": status_word(party.status), "on": day(party.initiated_on)},
        markup=False,
    )


@party_app.command("congress")
def party_congress(
    slug: Slug,
    founders: Annotated[Path, typer.Option(help=N_("Text file with one founder IIN per line."))],
    on: On = None,
    by: By = "",
) -> None:
    """Record the founding congress and admit the founders (people must be registered)."""
    text = read_text(founders, what="founders file", encoding="utf-8")
    iins = [line.strip() for line in text.splitlines() if line.strip()]
    with store.session_scope() as s:
        party = registry.hold_founding_congress(
            s, party=slug, on=parse_day(on), founders=iins, entered_by=by or login()
        )
    Console().print(
        ngettext(
            "%(party)s: founding congress on %(on)s, %(num)s founder",
            "%(party)s: founding congress on %(on)s, %(num)s founders",
            len(iins),
        )
        % {"party": party.slug, "on": day(party.congress_on), "num": fmt_int(len(iins))},
        markup=False,
    )


@party_app.command("register")
def party_register(slug: Slug, on: On = None, by: By = "") -> None:
    """Register a party if it meets the party law in force (else every unmet requirement)."""
    with store.session_scope() as s:
        party = registry.register_party(s, party=slug, on=parse_day(on), entered_by=by or login())
    Console().print(
        _("%(party)s: registered on %(on)s")
        % {"party": party.slug, "on": day(party.registered_on)},
        markup=False,
    )


@party_app.command("record-registration")
def party_record_registration(
    slug: Slug,
    on: Annotated[str, typer.Option("--on", help=N_("Date of the registration, YYYY-MM-DD."))],
    authority: Annotated[
        str, typer.Option(help=N_("The registering body, e.g. the Ministry of Justice."))
    ],
    reference: Annotated[
        str, typer.Option(help=N_("Certificate number or register entry (the source)."))
    ],
    by: By = "",
) -> None:
    """Record a past registration from the official register (no roll check: the roll is not
    in the database; registrations decided now go through 'party register')."""
    with store.session_scope() as s:
        party = registry.record_registration(
            s,
            party=slug,
            on=parse_day(on),
            authority=authority,
            reference=reference,
            entered_by=by or login(),
        )
    Console().print(
        _("%(party)s: registered on %(on)s (recorded: %(authority)s, %(reference)s)")
        % {
            "party": party.slug,
            "on": day(party.registered_on),
            "authority": authority,
            "reference": reference,
        },
        markup=False,
    )


@party_app.command("show")
def party_show(slug: Slug, on: On = None) -> None:
    """Show a party: status, dates, members, intake, and the registration check."""
    day = parse_day(on)
    with store.session_scope() as s:
        party = registry.get_party(s, slug)
        counts = dict(registry.list_parties(s))
        members = next(n for p, n in counts.items() if p.slug == slug)
        suspension = registry.suspension_on(s, party.id, day)
        nomination = registry.nomination_refusal(s, party=slug, on=day)
        try:
            check: registry.RegistrationCheck | str = registry.check_party_registration(
                s, party=slug, on=day
            )
        except NotFoundError as missing:  # no edition in force (before 2009): nothing to check
            check = describe(missing)
    table = Table(title=f"{party.name} ({party.slug})", show_header=False)
    table.add_row(_("kind / status"), _kind_status(party))
    for label, value in (
        (_("initiative group"), party.initiated_on),
        (_("founding congress"), party.congress_on),
        (pgettext("party date", "registered"), party.registered_on),
        (pgettext("party date", "ended"), party.ended_on),
    ):
        table.add_row(label, _date(value))
    table.add_row(_("active members"), fmt_int(members))
    table.add_row(_("intake"), _intake(suspension))
    table.add_row(
        _("may nominate a list"),
        _("yes") if nomination is None else _("no: %(reason)s") % {"reason": describe(nomination)},
    )
    if party.kind == PartyKind.PARTY and isinstance(check, str):
        table.add_row(_("registration check"), check)
    elif party.kind == PartyKind.PARTY and not isinstance(check, str):
        table.add_row(
            _("registration check (%(law)s)") % {"law": check.law.id},
            _("met") if check.passed else "\n".join(shortfall_text(x) for x in check.shortfalls),
        )
    Console().print(table)


def _date(value: date | None) -> str:
    """A date in a table: YYYY-MM-DD in English, the language's way otherwise; "-" if none."""
    return day(value) if value else "-"


def _kind_status(party: Party) -> str:
    """The party's kind and status: the store's codes in English, words in another language."""
    if current() == DEFAULT:
        return f"{party.kind} / {party.status}"
    return _("%(kind)s / %(status)s") % {
        "kind": _(_KINDS[party.kind]),
        "status": status_word(party.status),
    }


def _intake(suspension: IntakeDecision | None) -> str:
    """Whether the party admits members, or since when (and why, and until when) it does not."""
    if suspension is None:
        return _("open")
    values = {
        "on": _date(suspension.decided_on),
        "reason": suspension.reason or _("no reason"),
        "until": _date(suspension.until),
    }
    if suspension.until:
        return _("suspended since %(on)s (%(reason)s) until %(until)s") % values
    return _("suspended since %(on)s (%(reason)s)") % values


@party_app.command("list")
def party_list() -> None:
    """List every party and movement with its status and active members."""
    with store.session_scope() as s:
        rows = registry.list_parties(s)
    table = Table(
        _("slug"),
        _("name"),
        _("kind"),
        _("status"),
        pgettext("party date", "registered"),
        _("members"),
    )
    english = current() == DEFAULT
    for party, members in rows:
        table.add_row(
            party.slug,
            party.name,
            party.kind if english else _(_KINDS[party.kind]),
            party.status if english else status_word(party.status),
            _date(party.registered_on),
            fmt_int(members),
        )
    print_table(table)


@party_app.command("suspend-intake")
def party_suspend_intake(
    slug: Slug,
    reason: Annotated[str, typer.Option(help=N_("Why the party stops admitting members."))],
    on: On = None,
    until: Annotated[str | None, typer.Option(help=N_("Optional end, YYYY-MM-DD."))] = None,
    by: By = "",
) -> None:
    """Record the party's decision to suspend the intake of new members."""
    with store.session_scope() as s:
        decision = registry.suspend_intake(
            s,
            party=slug,
            reason=reason,
            decided_on=parse_day(on),
            until=parse_day(until, "--until") if until else None,
            entered_by=by or login(),
        )
    values = {"party": slug, "on": day(decision.decided_on), "until": day(decision.until)}
    Console().print(
        _("%(party)s: intake suspended from %(on)s until %(until)s") % values
        if decision.until
        else _("%(party)s: intake suspended from %(on)s") % values,
        markup=False,
    )


@party_app.command("resume-intake")
def party_resume_intake(slug: Slug, on: On = None, by: By = "") -> None:
    """Record the party's decision to admit members again."""
    with store.session_scope() as s:
        decision = registry.resume_intake(
            s, party=slug, decided_on=parse_day(on), entered_by=by or login()
        )
    Console().print(
        _("%(party)s: intake open from %(on)s") % {"party": slug, "on": day(decision.decided_on)},
        markup=False,
    )


@party_app.command("suspend")
def party_suspend(
    slug: Slug,
    court: Annotated[str, typer.Option(help=N_("The court that suspended the party."))],
    on: On = None,
    until: Annotated[
        str | None, typer.Option(help=N_("End of the suspension, YYYY-MM-DD."))
    ] = None,
    by: By = "",
) -> None:
    """Record a court's suspension of the party's activity."""
    with store.session_scope() as s:
        registry.suspend_party(
            s,
            party=slug,
            court=court,
            since=parse_day(on),
            until=parse_day(until, "--until") if until else None,
            entered_by=by or login(),
        )
    Console().print(
        _("%(party)s: suspended by %(court)s") % {"party": slug, "court": court}, markup=False
    )


@party_app.command("liquidate")
def party_liquidate(
    slug: Slug,
    decided_by: Annotated[str, typer.Option(help=N_("The court or congress that decided it."))],
    on: On = None,
    reason: Annotated[str | None, typer.Option(help=N_("Why, as the decision gives it."))] = None,
    by: By = "",
) -> None:
    """Liquidate a party: its memberships end, and so do its list deputies' mandates."""
    with store.session_scope() as s:
        done = parliament.dissolve_party(
            s,
            party=slug,
            on=parse_day(on),
            decided_by=decided_by,
            entered_by=by or login(),
            reason=reason,
        )
    console = Console()
    console.print(
        ngettext(
            "%(party)s: liquidated on %(on)s; %(num)s membership ended",
            "%(party)s: liquidated on %(on)s; %(num)s memberships ended",
            done.memberships_ended,
        )
        % {
            "party": done.party.slug,
            "on": day(done.party.ended_on),
            "num": fmt_int(done.memberships_ended),
        },
        markup=False,
    )
    for outcome in done.terminations:
        values = {
            "person": outcome.ended.person_name,
            "post": outcome.ended.post,
            "vacancy": note_text(outcome.vacancy or ""),
        }
        console.print(
            _("mandate ended: %(person)s (post %(post)s); %(vacancy)s") % values
            if outcome.vacancy
            else _("mandate ended: %(person)s (post %(post)s); seat filled") % values,
            markup=False,
        )


@party_app.command("end-suspension")
def party_end_suspension(slug: Slug, on: On = None, by: By = "") -> None:
    """Record that a court's suspension of the party ended: it is registered and active again."""
    with store.session_scope() as s:
        party = registry.end_suspension(s, party=slug, on=parse_day(on), entered_by=by or login())
    Console().print(
        _("%(party)s: suspension ended on %(on)s; %(status)s again")
        % {"party": party.slug, "on": day(parse_day(on)), "status": status_word(party.status)},
        markup=False,
    )


@party_app.command("reorganise")
def party_reorganise(
    slug: Slug,
    mode: Annotated[
        ReorganisationMode,
        typer.Option(
            help=N_(
                "merger (into one party, new or existing), split (into two or more) or "
                "transformation (into one organization of another form)."
            ),
            case_sensitive=False,
        ),
    ],
    into: Annotated[
        list[str],
        typer.Option(
            "--into", help=N_("A successor's slug (repeat for a split); create it first if new.")
        ),
    ],
    on: On = None,
    by: By = "",
) -> None:
    """Reorganise a party into its successors: its memberships end by dissolution.

    Members join a successor themselves; a new successor registers on its own, no earlier
    than the law allows. List deputies keep their mandates until the commission ends them
    ('majlis mandate dissolve').
    """
    with store.session_scope() as s:
        party, ended = registry.reorganise_party(
            s,
            party=slug,
            on=parse_day(on),
            mode=mode.value,
            successors=into,
            entered_by=by or login(),
        )
    Console().print(
        ngettext(
            "%(party)s: reorganised on %(on)s (%(mode)s into %(successors)s); %(num)s "
            "membership ended",
            "%(party)s: reorganised on %(on)s (%(mode)s into %(successors)s); %(num)s "
            "memberships ended",
            ended,
        )
        % {
            "party": party.slug,
            "on": day(party.ended_on),
            "mode": _(_MODES[mode.value]),
            "successors": ", ".join(into),
            "num": fmt_int(ended),
        },
        markup=False,
    )


@party_app.command("laws")
def party_laws(output: FormatOption = Format.AUTO) -> None:
    """List the shipped editions of the party law: what a party needs to register, and when."""
    columns = (
        "id",
        "effective_from",
        "effective_to",
        "members",
        "per_region",
        "founders",
        "founders_regions",
        "successor_wait_days",
        "min_member_age",
        "citation",
    )
    rows = [
        (
            law.id,
            law.effective_from,
            law.effective_to,
            law.min_members,
            law.min_members_per_region,
            law.min_founders,
            str(law.founders_region_share) if law.founders_region_share else None,
            law.successor_wait_days,
            law.min_member_age,
            law.citation,
        )
        for law in registry.list_party_laws()
    ]
    shown = [
        [str(v) if not isinstance(v, int) else f"{v:,}" for v in row[:-1]] + [str(row[-1])]
        for row in rows
    ]
    shown = [["-" if cell == "None" else cell for cell in row] for row in shown]
    emit(columns, rows, output, title="party laws", shown=shown)
