"""``majlis party|member|members|registry``: the registry's commands (parse, call, render)."""

from __future__ import annotations

import getpass
import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn
from rich.table import Table

from majlis import registry, store
from majlis.cli._app import app
from majlis.errors import InputError, NotFoundError
from majlis.registry import PartyKind, stats
from majlis.registry.bulk import import_members
from majlis.registry.people import parse_barred
from majlis.registry.popolo import export_popolo, import_popolo

party_app = typer.Typer(help="Parties and movements through their lifecycle.", no_args_is_help=True)
member_app = typer.Typer(
    help="One person's membership: join, leave, expulsion.", no_args_is_help=True
)
members_app = typer.Typer(help="Whole rolls: import, export, statistics.", no_args_is_help=True)
registry_app = typer.Typer(help="The membership ledger as a whole.", no_args_is_help=True)
app.add_typer(party_app, name="party")
app.add_typer(member_app, name="member")
app.add_typer(members_app, name="members")
app.add_typer(registry_app, name="registry")

By = Annotated[str, typer.Option("--by", help="Who enters this (audit); default: your login.")]
On = Annotated[
    str | None, typer.Option("--on", help="Date of the event, YYYY-MM-DD (default: today).")
]


def _user() -> str:
    return getpass.getuser()


def _date(text: str | None, field: str = "--on") -> date:
    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError.expected(what=field, expected="a date YYYY-MM-DD", got=text) from None


# --- parties ---------------------------------------------------------------------------


@party_app.command("create")
def party_create(
    slug: str,
    name: Annotated[str, typer.Option(help="The party's full name.")],
    on: On = None,
    movement: Annotated[
        bool, typer.Option(help="A movement that does not seek registration.")
    ] = False,
    by: By = "",
) -> None:
    """Record an initiative group (or a movement) as an organization."""
    with store.session_scope() as s:
        party = registry.create_party(
            s,
            slug=slug,
            name=name,
            initiated_on=_date(on),
            entered_by=by or _user(),
            kind=PartyKind.MOVEMENT if movement else PartyKind.PARTY,
        )
    Console().print(f"{party.slug}: {party.status} since {party.initiated_on}")


@party_app.command("congress")
def party_congress(
    slug: str,
    founders: Annotated[Path, typer.Option(help="Text file with one founder IIN per line.")],
    on: On = None,
    by: By = "",
) -> None:
    """Record the founding congress and admit the founders (people must be registered)."""
    iins = [line.strip() for line in founders.read_text("utf-8").splitlines() if line.strip()]
    with store.session_scope() as s:
        party = registry.hold_founding_congress(
            s, party=slug, on=_date(on), founders=iins, entered_by=by or _user()
        )
    Console().print(f"{party.slug}: founding congress on {party.congress_on}, {len(iins)} founders")


@party_app.command("register")
def party_register(slug: str, on: On = None, by: By = "") -> None:
    """Register a party if it meets the party law in force (else every unmet requirement)."""
    with store.session_scope() as s:
        party = registry.register_party(s, party=slug, on=_date(on), entered_by=by or _user())
    Console().print(f"{party.slug}: registered on {party.registered_on}")


@party_app.command("record-registration")
def party_record_registration(
    slug: str,
    on: Annotated[str, typer.Option("--on", help="Date of the registration, YYYY-MM-DD.")],
    authority: Annotated[
        str, typer.Option(help="The registering body, e.g. the Ministry of Justice.")
    ],
    reference: Annotated[
        str, typer.Option(help="Certificate number or register entry (the source).")
    ],
    by: By = "",
) -> None:
    """Record a past registration from the official register (no roll check: the roll is not
    in the database; registrations decided now go through 'party register')."""
    with store.session_scope() as s:
        party = registry.record_registration(
            s,
            party=slug,
            on=_date(on),
            authority=authority,
            reference=reference,
            entered_by=by or _user(),
        )
    Console().print(
        f"{party.slug}: registered on {party.registered_on} (recorded: {authority}, {reference})"
    )


@party_app.command("show")
def party_show(slug: str, on: On = None) -> None:
    """Show a party: status, dates, members, intake, and the registration check."""
    day = _date(on)
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
            check = str(missing)
    table = Table(title=f"{party.name} ({party.slug})", show_header=False)
    table.add_row("kind / status", f"{party.kind} / {party.status}")
    for label, value in (
        ("initiative group", party.initiated_on),
        ("founding congress", party.congress_on),
        ("registered", party.registered_on),
        ("ended", party.ended_on),
    ):
        table.add_row(label, str(value or "-"))
    table.add_row("active members", f"{members:,}")
    table.add_row(
        "intake",
        "open"
        if suspension is None
        else f"suspended since {suspension.decided_on} ({suspension.reason or 'no reason'})"
        + (f" until {suspension.until}" if suspension.until else ""),
    )
    table.add_row("may nominate a list", "yes" if nomination is None else f"no: {nomination}")
    if party.kind == PartyKind.PARTY and isinstance(check, str):
        table.add_row("registration check", check)
    elif party.kind == PartyKind.PARTY and not isinstance(check, str):
        table.add_row(
            f"registration check ({check.law.id})",
            "met" if check.passed else "\n".join(str(x) for x in check.shortfalls),
        )
    Console().print(table)


@party_app.command("list")
def party_list() -> None:
    """List every party and movement with its status and active members."""
    with store.session_scope() as s:
        rows = registry.list_parties(s)
    table = Table("slug", "name", "kind", "status", "registered", "members")
    for party, members in rows:
        table.add_row(
            party.slug,
            party.name,
            party.kind,
            party.status,
            str(party.registered_on or "-"),
            f"{members:,}",
        )
    Console().print(table)


@party_app.command("suspend-intake")
def party_suspend_intake(
    slug: str,
    reason: Annotated[str, typer.Option(help="Why the party stops admitting members.")],
    on: On = None,
    until: Annotated[str | None, typer.Option(help="Optional end, YYYY-MM-DD.")] = None,
    by: By = "",
) -> None:
    """Record the party's decision to suspend the intake of new members."""
    with store.session_scope() as s:
        decision = registry.suspend_intake(
            s,
            party=slug,
            reason=reason,
            decided_on=_date(on),
            until=_date(until, "--until") if until else None,
            entered_by=by or _user(),
        )
    Console().print(
        f"{slug}: intake suspended from {decision.decided_on}"
        + (f" until {decision.until}" if decision.until else "")
    )


@party_app.command("resume-intake")
def party_resume_intake(slug: str, on: On = None, by: By = "") -> None:
    """Record the party's decision to admit members again."""
    with store.session_scope() as s:
        decision = registry.resume_intake(
            s, party=slug, decided_on=_date(on), entered_by=by or _user()
        )
    Console().print(f"{slug}: intake open from {decision.decided_on}")


@party_app.command("suspend")
def party_suspend(
    slug: str,
    court: Annotated[str, typer.Option(help="The court that suspended the party.")],
    on: On = None,
    until: Annotated[str | None, typer.Option(help="End of the suspension, YYYY-MM-DD.")] = None,
    by: By = "",
) -> None:
    """Record a court's suspension of the party's activity."""
    with store.session_scope() as s:
        registry.suspend_party(
            s,
            party=slug,
            court=court,
            since=_date(on),
            until=_date(until, "--until") if until else None,
            entered_by=by or _user(),
        )
    Console().print(f"{slug}: suspended by {court}")


@party_app.command("liquidate")
def party_liquidate(
    slug: str,
    decided_by: Annotated[str, typer.Option(help="The court or congress that decided it.")],
    on: On = None,
    by: By = "",
) -> None:
    """Liquidate a party: every active membership ends by dissolution."""
    with store.session_scope() as s:
        party, ended = registry.liquidate_party(
            s, party=slug, on=_date(on), decided_by=decided_by, entered_by=by or _user()
        )
    Console().print(f"{party.slug}: liquidated on {party.ended_on}; {ended:,} memberships ended")


# --- one member ------------------------------------------------------------------------


@member_app.command("join")
def member_join(
    iin: str,
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
                    "--given-name to register them"
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
            s, national_id=iin, party=party, on=_date(on), entered_by=by or _user()
        )
    outcome.raise_for_refusal()
    Console().print(f"{iin}: admitted to {party} (ledger event #{outcome.events[-1].seq})")


@member_app.command("leave")
def member_leave(iin: str, on: On = None, reason: str | None = None, by: By = "") -> None:
    """Record that a member left their party."""
    with store.session_scope() as s:
        event = registry.leave(
            s, national_id=iin, on=_date(on), reason=reason, entered_by=by or _user()
        )
    Console().print(f"{iin}: left (ledger event #{event.seq})")


@member_app.command("expel")
def member_expel(
    iin: str,
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
            on=_date(on),
            reason=reason,
            deciding_body=body,
            entered_by=by or _user(),
        )
    Console().print(f"{iin}: expelled (ledger event #{event.seq})")


@member_app.command("show")
def member_show(iin: str) -> None:
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
def member_history(iin: str) -> None:
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


# --- whole rolls -----------------------------------------------------------------------


@members_app.command("import")
def members_import(
    source: Annotated[
        Path,
        typer.Argument(
            help="Roll CSV (iin,family_name,given_name,region"
            "[,joined_on,citizenship,barred]) or Popolo JSON."
        ),
    ],
    party: Annotated[str | None, typer.Option(help="The party the roll belongs to (CSV).")] = None,
    on: On = None,
    skip_invalid: Annotated[
        bool, typer.Option(help="Import the valid rows; write the rejects.")
    ] = False,
    rejects: Annotated[Path | None, typer.Option(help="Where to write rejected rows.")] = None,
    by: By = "",
) -> None:
    """Import a membership roll in one transaction: any invalid row rejects the whole file."""
    if not source.is_file():
        raise InputError(f"{source}: no such file")
    console = Console()
    if source.suffix.lower() == ".json":
        with store.session_scope() as s:
            counts = import_popolo(
                s, json.loads(source.read_text("utf-8")), entered_by=by or _user()
            )
        console.print("imported {:,} persons, {:,} organizations, {:,} memberships".format(*counts))
        return
    if party is None:
        raise InputError("--party is required to import a CSV roll")
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task(f"importing {source.name}", total=source.stat().st_size)
        with store.session_scope() as s:
            report = import_members(
                s,
                source=source,
                party=party,
                on=_date(on),
                entered_by=by or _user(),
                skip_invalid=skip_invalid,
                rejects_file=rejects,
                progress=lambda n: bar.advance(task, n),
            )
    console.print(
        f"{report.source}: {report.imported:,} of {report.rows:,} rows imported into "
        f"{report.party}"
        + (
            f"; {report.rejected:,} rejected, listed in {report.rejects_file}"
            if report.rejected
            else ""
        )
    )


@members_app.command("export")
def members_export(
    out: Annotated[Path, typer.Option("--out", help="Popolo JSON file to write.")],
) -> None:
    """Export persons, organizations and memberships as Popolo JSON."""
    with store.session_scope() as s:
        document = export_popolo(s)
    out.write_text(json.dumps(document, ensure_ascii=False, indent=1), "utf-8")
    Console().print(
        f"{out}: {len(document['persons']):,} persons, "
        f"{len(document['organizations']):,} organizations, "
        f"{len(document['memberships']):,} memberships"
    )


@members_app.command("stats")
def members_stats(
    party: Annotated[str | None, typer.Option(help="One party: by region and over time.")] = None,
    on: Annotated[
        str | None, typer.Option(help="Count members on this date (default: now).")
    ] = None,
    growth: Annotated[
        str | None, typer.Option(help="Growth series per day, week or month.")
    ] = None,
) -> None:
    """Members by party, by region for one party, or a party's growth series."""
    day = _date(on, "--on") if on else None
    console = Console()
    with store.session_scope() as s:
        if party is None:
            table = Table(
                "party", "members", title=f"members by party{f' on {day}' if day else ''}"
            )
            for slug, count in stats.members_by_party(s, on=day):
                table.add_row(slug, f"{count:,}")
        elif growth is not None:
            if growth not in ("day", "week", "month"):
                raise InputError.expected(
                    what="--growth", expected="day, week or month", got=growth
                )
            table = Table(
                "from",
                "joins",
                "leaves",
                "expulsions",
                "dissolutions",
                "net",
                "members",
                title=f"{party}: growth per {growth}",
            )
            for p in stats.growth(s, party=party, period=growth):  # type: ignore[arg-type]
                table.add_row(
                    str(p.start),
                    f"{p.joins:,}",
                    f"{p.leaves:,}",
                    f"{p.expulsions:,}",
                    f"{p.dissolutions:,}",
                    f"{p.net:+,}",
                    f"{p.members:,}",
                )
        else:
            names = {r.code: r.name for r in registry.all_regions()}
            table = Table(
                "region",
                "name",
                "members",
                title=f"{party}: members by region" + (f" on {day}" if day else ""),
            )
            for code, count in stats.members_by_region(s, party=party, on=day):
                table.add_row(code or "-", names.get(code or "", "-"), f"{count:,}")
    console.print(table)


@registry_app.command("verify")
def registry_verify() -> None:
    """Recompute the ledger's hash chain and compare the current roll with a replay."""
    with store.session_scope() as s:
        report = registry.verify_ledger(s)
    Console().print(
        f"ledger verified: {report.events:,} events, head {report.head_hash[:16]}..., "
        f"{report.active_members:,} active members match the replay"
    )
