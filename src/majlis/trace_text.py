"""An allocation's trace worded in the language being served.

The law records its trace as events with exact numbers and English :class:`~majlis.law.trace.
Phrase` values (a reason, a stage, a note) that keep their key and parameters; this module
words each event in the current language (:mod:`majlis.i18n`) for the command line, the
dashboard and the reports. In English it is :func:`majlis.law.render_event` itself, to the
character; in Russian and Kazakh, counts are grouped and shares and fractions written the
language's way. Party, constituency and method names are shown as given.

It imports the law's trace types only when a trace is rendered, so that a command that never
allocates loads no law.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from majlis.i18n import DEFAULT, N_, current, fmt_int, gettext, ngettext

if TYPE_CHECKING:  # annotations only
    from majlis.law.trace import TraceEvent

__all__ = ["PHRASES", "TERMS", "term", "trace_line", "trace_lines", "trace_text"]

#: The law's phrases (:data:`majlis.law.trace.PHRASES`, the same keys and English words),
#: marked for translation; a test keeps the two tables equal.
PHRASES: dict[str, str] = {
    "threshold.over": N_("at or over the threshold"),
    "threshold.under": N_("under the threshold"),
    "threshold.over.alliance": N_("at or over the threshold for an alliance of %(size)s"),
    "threshold.under.alliance": N_("under the threshold for an alliance of %(size)s"),
    "threshold.minority": N_("minority list, exempt from the threshold"),
    "threshold.districts": N_("won %(wins)s districts (needs %(needs)s)"),
    "threshold.full_quota": N_("under one full quota (%(total)s/%(seats)s)"),
    "threshold.no_votes": N_("no votes"),
    "threshold.here.admitted": N_(
        "at or over the threshold in %(constituency)s; nationally admitted (%(combine)s)"
    ),
    "threshold.here.not_admitted": N_(
        "at or over the threshold in %(constituency)s; nationally not admitted (%(combine)s)"
    ),
    "threshold.not_here.admitted": N_(
        "under the threshold in %(constituency)s; nationally admitted (%(combine)s)"
    ),
    "threshold.not_here.not_admitted": N_(
        "under the threshold in %(constituency)s; nationally not admitted (%(combine)s)"
    ),
    "quorum.over": N_("best constituency %(constituency)s: at or over the quorum there"),
    "quorum.under": N_("best constituency %(constituency)s: under the quorum there"),
    "base.constituency": N_("%(base)s in %(constituency)s"),
    "seat.largest_remainder": N_("largest remainder"),
    "seat.largest_list": N_("largest list, votes"),
    "seat.withdrawn": N_("whole quotas exceeded the seats; smallest remainder gives one back"),
    "seat.runner_up": N_("runner-up guaranteed %(seats)s seats"),
    "seat.unused_remainder": N_("the party's largest unused remainder where a seat is free"),
    "seat.levelling": N_("largest votes / (2 x district seats + 1) / votes per district seat"),
    "seat.adjustment": N_(
        "the party's largest next quotient (first divisor %(first)s, then 2n + 1)"
    ),
    "seat.additional": N_("%(wins)s constituency + %(added)s additional seats held before it"),
    "note.huntington_hill": N_("quotient and divisor squared (Huntington-Hill)"),
    "stage.allocation": N_("allocation"),
    "stage.quorum": N_("quorum"),
    "stage.upper": N_("upper apportionment to parties"),
    "stage.lower": N_("lower apportionment (balanced)"),
    "stage.constituencies": N_("seats to constituencies by %(magnitude)s"),
    "stage.national_threshold": N_("national threshold"),
    "stage.constituency": N_("constituency %(constituency)s"),
    "stage.seat_cap": N_("redistribution after the seat cap"),
    "stage.split": N_("split %(pair)s"),
    "stage.second_scrutiny": N_("national second scrutiny of unused votes"),
    "stage.national": N_("national %(level)s among %(parties)s parties"),
    "stage.list_tier": N_("party-list tier"),
    "stage.districts": N_("single-member districts (winners as given)"),
    "stage.districts_empty": N_("districts not given, left empty"),
    "stage.upper_parties": N_("upper apportionment among parties"),
    "stage.upper_less": N_(
        "upper apportionment among parties (%(seats)s less %(independents)s independents seated)"
    ),
    "stage.lower_party": N_("lower apportionment of %(party)s among its lists"),
    "stage.additional": N_("additional members of %(constituency)s"),
    "stage.cover_in": N_("second-vote cover in %(constituency)s"),
    "stage.cover_of": N_("cover of %(party)s in %(constituency)s"),
    "cover.within": N_("within the list's %(seats)s seats"),
    "cover.beyond": N_("beyond the list's %(seats)s seats (not covered by second votes)"),
    "cover.independent": N_("not nominated by a party: elected by the most first votes"),
    "cover.no_seats": N_("the party takes no part in the apportionment (no seats)"),
    "cover.undecided": N_("equal first-vote share at the last covered seat: undecided, no seed"),
}

#: Codes the trace shows as words: threshold bases and magnitudes, tie-break rules, the
#: levels of an upper tier, how two thresholds combine, the runner-up variants, the stages
#: that are no apportionment (an apportionment method's name is shown as registered).
TERMS: dict[str, str] = {
    "list_votes": N_("votes for the lists"),
    "valid_votes": N_("valid votes"),
    "ballots_cast": N_("ballots cast"),
    "registered_voters": N_("registered voters"),
    "population": N_("population"),
    "seats": N_("seats as given"),
    "earlier registration": N_("earlier registration"),
    "more votes": N_("more votes"),
    "fewer votes": N_("fewer votes"),
    "lot": N_("lot"),
    "one more vote each": N_("one more vote each"),
    "second-scrutiny": N_("second-scrutiny"),
    "levelling": N_("levelling"),
    "adjustment": N_("adjustment"),
    "and": N_("and"),
    "or": N_("or"),
    "admit": N_("admit"),
    "coefficient": N_("coefficient"),
    "min_seats": N_("minimum seats"),
    "any": N_("any"),
    "plurality": N_("plurality"),
    "no count": N_("no count"),
    "cover": N_("second-vote cover"),
}
_CODED = frozenset({"base", "magnitude", "level", "combine"})


def _decimal(value: float, pattern: str) -> str:
    from babel.numbers import format_decimal  # locale data: loaded on first use

    return format_decimal(value, format=pattern, locale=current())


def _num(value: Fraction | int) -> str:
    """An exact number: an integer grouped, a fraction as n/d with its decimal value."""
    if isinstance(value, int) or value.denominator == 1:
        return fmt_int(int(value))
    approx = _decimal(float(value), "#,##0.000000")
    return f"{fmt_int(value.numerator)}/{fmt_int(value.denominator)} (≈{approx})"


def _share(value: Fraction) -> str:
    from babel.numbers import format_percent

    return format_percent(float(value), format="#,##0.0000%", locale=current())


def term(code: str) -> str:
    """A code of the law (a threshold base, a tie-break rule, a level) as a word."""
    return gettext(TERMS[code]) if code in TERMS else code


def _words(text: str) -> str:
    """A phrase of the law in the current language; any other string (a name) as it is."""
    key = getattr(text, "key", None)
    if key not in PHRASES:
        return text
    params: Mapping[str, Any] = getattr(text, "params", {})
    values = {
        name: term(str(v))
        if name in _CODED
        else fmt_int(v)
        if isinstance(v, int)
        else _num(v)
        if isinstance(v, Fraction)
        else str(v)
        for name, v in params.items()
    }
    return gettext(PHRASES[str(key)]) % values


def _names(names: Iterable[str]) -> str:
    return ", ".join(names)


def trace_line(event: TraceEvent) -> str:
    """One line explaining ``event`` in the current language."""
    from majlis.law import trace as t

    if current() == DEFAULT:
        return t.render_event(event)
    match event:
        case t.StageStarted(name=name, seats=seats, method=method):
            return ngettext(
                "== %(stage)s: %(num)s seat by %(method)s",
                "== %(stage)s: %(num)s seats by %(method)s",
                seats,
            ) % {"stage": _words(name), "num": fmt_int(seats), "method": term(method)}
        case t.ThresholdBase(base=base, votes=votes):
            return ngettext(
                "threshold base (%(base)s): %(num)s vote",
                "threshold base (%(base)s): %(num)s votes",
                votes,
            ) % {"base": term(base) if base in TERMS else _words(base), "num": fmt_int(votes)}
        case t.ThresholdDecision():
            values: dict[str, object] = {
                "party": event.party,
                "num": fmt_int(event.votes),
                "share": _share(event.share),
                "base": fmt_int(event.base_votes),
                "required": _share(event.required),
                "reason": _words(event.reason),
            }
            if event.admitted:
                return (
                    ngettext(
                        "%(party)s: %(num)s vote = %(share)s of %(base)s (needs %(required)s) "
                        "-> admitted: %(reason)s",
                        "%(party)s: %(num)s votes = %(share)s of %(base)s (needs %(required)s) "
                        "-> admitted: %(reason)s",
                        event.votes,
                    )
                    % values
                )
            return (
                ngettext(
                    "%(party)s: %(num)s vote = %(share)s of %(base)s (needs %(required)s) "
                    "-> excluded: %(reason)s",
                    "%(party)s: %(num)s votes = %(share)s of %(base)s (needs %(required)s) "
                    "-> excluded: %(reason)s",
                    event.votes,
                )
                % values
            )
        case t.RunnerUpAdmitted(party=party, votes=votes, variant=variant):
            return ngettext(
                "%(party)s: %(num)s vote, admitted as runner-up (only one list passed; "
                "%(variant)s)",
                "%(party)s: %(num)s votes, admitted as runner-up (only one list passed; "
                "%(variant)s)",
                votes,
            ) % {"party": party, "num": fmt_int(votes), "variant": term(variant)}
        case t.RunnerUpCorrected(party=party, before=before, after=after, reason=reason):
            return ngettext(
                "%(party)s: %(before)s -> %(num)s seat by the runner-up rule (%(reason)s)",
                "%(party)s: %(before)s -> %(num)s seats by the runner-up rule (%(reason)s)",
                after,
            ) % {"party": party, "before": before, "num": after, "reason": _words(reason)}
        case t.SurplusPairFormed(parties=(a, b), votes=votes):
            return ngettext(
                "surplus agreement %(first)s + %(second)s: counted together with %(num)s vote",
                "surplus agreement %(first)s + %(second)s: counted together with %(num)s votes",
                votes,
            ) % {"first": a, "second": b, "num": fmt_int(votes)}
        case t.QuotaComputed(method=method, total=total, seats=seats, quota=quota):
            return ngettext(
                "quota (%(method)s) from %(votes)s votes for %(num)s seat = %(quota)s",
                "quota (%(method)s) from %(votes)s votes for %(num)s seats = %(quota)s",
                seats,
            ) % {"method": method, "votes": fmt_int(total), "num": seats, "quota": _num(quota)}
        case t.QuotientSplit(party=party, votes=votes, quotient=q, seats=seats, remainder=r):
            return ngettext(
                "%(party)s: %(votes)s / quota = %(quotient)s -> %(num)s seat, "
                "remainder %(remainder)s",
                "%(party)s: %(votes)s / quota = %(quotient)s -> %(num)s seats, "
                "remainder %(remainder)s",
                seats,
            ) % {
                "party": party,
                "votes": fmt_int(votes),
                "quotient": _num(q),
                "num": seats,
                "remainder": _num(r),
            }
        case t.LeftoverSeat(party=party, rank=rank, key=key, reason=reason):
            return gettext("leftover seat %(rank)s -> %(party)s (%(reason)s %(key)s)") % {
                "rank": rank,
                "party": party,
                "reason": _words(reason),
                "key": _num(key),
            }
        case t.SeatWithdrawn(party=party, remainder=r, reason=reason):
            return gettext(
                "%(party)s: one seat withdrawn, remainder %(remainder)s (%(reason)s)"
            ) % {"party": party, "remainder": _num(r), "reason": _words(reason)}
        case t.DivisorSeat(seat=seat, party=party, votes=votes, divisor=d, quotient=q, note=note):
            values = {
                "seat": seat,
                "party": party,
                "votes": fmt_int(votes),
                "divisor": _num(d),
                "quotient": gettext("infinite") if q is None else _num(q),
                "note": _words(note),
            }
            if note:
                return (
                    gettext(
                        "seat %(seat)s -> %(party)s: %(votes)s / %(divisor)s = %(quotient)s; "
                        "%(note)s"
                    )
                    % values
                )
            return gettext("seat %(seat)s -> %(party)s: %(votes)s / %(divisor)s = %(quotient)s") % {
                k: v for k, v in values.items() if k != "note"
            }
        case t.SeatCapApplied(party=party, cap=cap, excess=excess):
            return ngettext(
                "%(party)s: capped at %(num)s seat, %(excess)s seats redistributed",
                "%(party)s: capped at %(num)s seats, %(excess)s seats redistributed",
                cap,
            ) % {"party": party, "num": cap, "excess": excess}
        case t.SeatPlaced(party=party, constituency=where, level=level, key=key, reason=reason):
            return gettext(
                "%(party)s: %(level)s seat placed in %(constituency)s, key %(key)s (%(reason)s)"
            ) % {
                "party": party,
                "level": term(level),
                "constituency": where,
                "key": _num(key),
                "reason": _words(reason),
            }
        case t.SeatReturned(party=party, constituency=where, key=key, to_party=to, to_key=to_key):
            return gettext(
                "%(party)s: fixed seat in %(constituency)s returned (won at %(key)s, its "
                "lowest) -> %(to)s (%(to_key)s)"
            ) % {
                "party": party,
                "constituency": where,
                "key": _num(key),
                "to": to,
                "to_key": _num(to_key),
            }
        case t.OverhangKept(party=party, share=share, district_wins=wins):
            return ngettext(
                "%(party)s: %(num)s district won over a share of %(share)s; keeps it "
                "(overhang %(overhang)s)",
                "%(party)s: %(num)s districts won over a share of %(share)s; keeps them "
                "(overhang %(overhang)s)",
                wins,
            ) % {"party": party, "num": wins, "share": share, "overhang": wins - share}
        case t.DistrictSeatsAdded(party=party, list_seats=listed, district_seats=wins):
            return ngettext(
                "%(party)s: %(list)s list seats + %(wins)s districts won = %(num)s seat",
                "%(party)s: %(list)s list seats + %(wins)s districts won = %(num)s seats",
                listed + wins,
            ) % {"party": party, "list": listed, "wins": wins, "num": listed + wins}
        case t.DistrictWinsCounted(party=party, constituency=where, district_wins=wins):
            values = {"party": party, "num": wins, "constituency": where}
            if event.figure is None:
                return (
                    ngettext(
                        "%(party)s: %(num)s constituency won in %(constituency)s; no regional "
                        "figure",
                        "%(party)s: %(num)s constituencies won in %(constituency)s; no regional "
                        "figure",
                        wins,
                    )
                    % values
                )
            values |= {
                "votes": fmt_int(event.votes),
                "divisor": _num(event.divisor),
                "figure": _num(event.figure),
            }
            return (
                ngettext(
                    "%(party)s: %(num)s constituency won in %(constituency)s; first regional "
                    "figure %(votes)s / %(divisor)s = %(figure)s",
                    "%(party)s: %(num)s constituencies won in %(constituency)s; first regional "
                    "figure %(votes)s / %(divisor)s = %(figure)s",
                    wins,
                )
                % values
            )
        case t.ListExhausted(party=party, constituency=where, seats=seats):
            return ngettext(
                "%(party)s: list exhausted in %(constituency)s after %(num)s additional seat; "
                "disregarded",
                "%(party)s: list exhausted in %(constituency)s after %(num)s additional seats; "
                "disregarded",
                seats,
            ) % {"party": party, "constituency": where, "num": seats}
        case t.CoverDecision():
            values = {
                "district": event.district,
                "constituency": event.constituency,
                "party": event.party or gettext("independent"),
                "votes": fmt_int(event.votes),
                "valid": fmt_int(event.valid_votes),
                "share": _share(event.share),
                "rank": event.rank,
                "seats": event.seats,
                "reason": _words(event.reason),
            }
            if event.rank:
                line = (
                    gettext(
                        "%(district)s (%(constituency)s): %(party)s %(votes)s / %(valid)s = "
                        "%(share)s, rank %(rank)s for %(seats)s seats -> seated: %(reason)s"
                    )
                    if event.seated
                    else gettext(
                        "%(district)s (%(constituency)s): %(party)s %(votes)s / %(valid)s = "
                        "%(share)s, rank %(rank)s for %(seats)s seats -> not seated: %(reason)s"
                    )
                )
            else:
                line = (
                    gettext(
                        "%(district)s (%(constituency)s): %(party)s %(votes)s / %(valid)s = "
                        "%(share)s -> seated: %(reason)s"
                    )
                    if event.seated
                    else gettext(
                        "%(district)s (%(constituency)s): %(party)s %(votes)s / %(valid)s = "
                        "%(share)s -> not seated: %(reason)s"
                    )
                )
            return line % values
        case t.MajorityClauseApplied(party=party, before=before, after=after, house=house):
            return gettext(
                "%(party)s: most of the counted votes, %(before)s seats -> %(after)s "
                "(majority clause; the house grows to %(house)s)"
            ) % {"party": party, "before": before, "after": after, "house": fmt_int(house)}
        case t.TieBroken(stage=stage, seats=seats, contenders=c, winners=w, rule=rule, seed=seed):
            how = (
                term(rule)
                if seed is None
                else gettext("%(rule)s, seed %(seed)s") % {"rule": term(rule), "seed": seed}
            )
            return ngettext(
                "tie in %(stage)s: %(num)s seat among %(contenders)s -> %(winners)s (by %(how)s)",
                "tie in %(stage)s: %(num)s seats among %(contenders)s -> %(winners)s (by %(how)s)",
                seats,
            ) % {
                "stage": _words(stage),
                "num": seats,
                "contenders": _names(c),
                "winners": _names(w),
                "how": how,
            }
        case t.TieLeft(stage=stage, seats=seats, contenders=c):
            return ngettext(
                "tie in %(stage)s: %(num)s seat among %(contenders)s left undecided",
                "tie in %(stage)s: %(num)s seats among %(contenders)s left undecided",
                seats,
            ) % {"stage": _words(stage), "num": seats, "contenders": _names(c)}


def trace_lines(events: Iterable[TraceEvent]) -> list[str]:
    """The trace, one line per event, in the current language."""
    return [trace_line(event) for event in events]


def trace_text(events: Iterable[TraceEvent]) -> str:
    """The whole trace as plain text in the current language (:func:`render_trace`'s form)."""
    return "\n".join(trace_lines(events))
