"""``majlis party|person|member|members|registry``: the registry's commands.

This area module registers the five groups on the root app, in this order (the order of
``majlis --help``); their commands live in ``_registry_party`` (``party``),
``_registry_person`` (``person``), ``_registry_member`` (``member``) and ``_registry_rolls``
(``members``); ``registry verify`` is here.
"""

from __future__ import annotations

import typer
from rich.console import Console

from majlis import registry, store
from majlis.cli._app import app
from majlis.cli._registry_member import member_app
from majlis.cli._registry_party import party_app
from majlis.cli._registry_person import person_app
from majlis.cli._registry_rolls import members_app
from majlis.i18n import N_, fmt_int, gettext, ngettext

__all__ = ["member_app", "members_app", "party_app", "person_app", "registry_app"]

registry_app = typer.Typer(help=N_("The membership ledger as a whole."), no_args_is_help=True)
app.add_typer(party_app, name="party")
app.add_typer(person_app, name="person")
app.add_typer(member_app, name="member")
app.add_typer(members_app, name="members")
app.add_typer(registry_app, name="registry")


@registry_app.command("verify")
def registry_verify() -> None:
    """Recompute the ledger's hash chain and compare the current roll with a replay."""
    with store.session_scope() as s:
        report = registry.verify_ledger(s)
    Console().print(
        gettext("ledger verified: %(events)s, head %(hash)s...; the replay confirms %(members)s")
        % {
            "events": ngettext("%(num)s event", "%(num)s events", report.events)
            % {"num": fmt_int(report.events)},
            "hash": report.head_hash[:16],
            "members": ngettext(
                "%(num)s active member", "%(num)s active members", report.active_members
            )
            % {"num": fmt_int(report.active_members)},
        },
        markup=False,
    )
