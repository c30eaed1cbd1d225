"""``majlis verify`` and ``majlis export record``: the record as evidence (parse, call, render).

``majlis verify`` re-walks every chain of the database and prints the record digest as its
last line; ``--expect`` also compares it with a published digest; ``--record DIR`` checks an
exported record offline instead (no database). ``registry verify`` remains the ledger's part.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from majlis import i18n, record, store
from majlis.cli._app import app
from majlis.cli._results_reports import export_app
from majlis.error_text import describe
from majlis.errors import IntegrityError
from majlis.i18n import N_

__all__ = ["export_record", "verify"]


@app.command("verify")
def verify(
    expect: Annotated[
        str | None, typer.Option("--expect", help=N_("Fail unless the digest is this one."))
    ] = None,
    folder: Annotated[
        Path | None,
        typer.Option("--record", help=N_("Verify an exported record folder (no database).")),
    ] = None,
) -> None:
    """Recompute every hash chain and print the record digest (last line); exit 1 if broken.

    The membership ledger's part alone is ``majlis registry verify``. Messages follow
    ``majlis --lang``, ``MAJLIS_LANG`` or ``LANG`` (English, Russian, Kazakh); the digest line is
    the same in all.
    """
    _ = i18n.gettext
    console = Console()
    try:
        if folder is not None:
            offline = record.verify_export(folder, expect=expect)
            for line in _offline_lines(offline):
                console.print(line, markup=False)
            typer.echo(offline.digest)
            return
        with store.session_scope() as session:
            report = record.verify_record(
                session, expect=expect, sibling=store.sibling_sessions(session)
            )
    except IntegrityError as exc:  # the record fails: exit 1, the one code an auditor scripts
        typer.echo(_("verification failed: %(error)s") % {"error": describe(exc)}, err=True)
        raise typer.Exit(1) from None
    for head in report.heads:
        records = i18n.ngettext("%(num)s record", "%(num)s records", head.length) % {
            "num": i18n.fmt_int(head.length)
        }
        console.print(
            f"{head.scope} {head.chain}: "
            + _("%(records)s, head %(hash)s…") % {"records": records, "hash": head.hash[:16]}
        )
    console.print(
        i18n.ngettext(
            "record verified: %(num)s chain; digest:",
            "record verified: %(num)s chains; digest:",
            len(report.heads),
        )
        % {"num": len(report.heads)}
    )
    typer.echo(report.digest)


def _offline_lines(offline: record.OfflineReport) -> list[str]:
    """What an offline check verified, in the current language (the report's own words in
    English)."""
    if i18n.current() == i18n.DEFAULT:
        return offline.lines()
    out = [
        i18n.ngettext(
            "%(election)s: %(num)s %(chain)s record verified",
            "%(election)s: %(num)s %(chain)s records verified",
            n,
        )
        % {"election": offline.election, "num": i18n.fmt_int(n), "chain": chain}
        for chain, n in offline.counts.items()
    ]
    if offline.seats is not None:
        seats = ", ".join(f"{k} {v}" for k, v in offline.seats.items() if v)
        out.append(
            i18n.gettext(
                "tally equals the sum of the final protocols; seats recomputed under "
                "%(ruleset)s: %(seats)s"
            )
            % {"ruleset": offline.ruleset, "seats": seats}
        )
    return out


@export_app.command("record")
def export_record(
    folder: Annotated[Path, typer.Argument(help=N_("Folder to write the public record into."))],
    election: Annotated[str, typer.Option("--election", "-e", help=N_("Election slug."))],
) -> None:
    """The public record of an election: protocols, decisions, incidents, tally, seats."""
    with store.session_scope() as session:
        manifest = record.export_record(session, election, folder)
    message = i18n.ngettext(
        "%(num)s file written to %(folder)s; election digest:",
        "%(num)s files written to %(folder)s; election digest:",
        len(manifest.files),
    ) % {"num": i18n.fmt_int(len(manifest.files)), "folder": folder}
    Console().print(message)
    typer.echo(manifest.digest)
