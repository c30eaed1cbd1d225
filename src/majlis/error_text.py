"""The errors a user meets most, worded in the language being served.

A :class:`~majlis.errors.MajlisError` speaks English (its ``str()``, the API's detail); the
ones raised with a stable ``code`` also carry the ``params`` their message is made of, and
:func:`describe` words those in the current language (:mod:`majlis.i18n`): the command line's
one line on stderr. An error without a code, or with one this table does not know, and every
error in English, reads as its ``str()``. Names (parties, people, elections, lists) are
shown as given; dates and counts are written the language's way.

Like :mod:`majlis.labels`, this module imports nothing but :mod:`majlis.i18n` (and
:mod:`majlis.note_text`, which imports nothing else) at load time.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from majlis.i18n import DEFAULT, N_, current, fmt_date, fmt_int, gettext
from majlis.note_text import shortfall_text

if TYPE_CHECKING:  # annotations only
    from majlis.errors import Location, MajlisError

__all__ = ["ERRORS", "describe", "location_text"]

#: Error code (with ``+variant`` where an optional part is present) → its message.
ERRORS: dict[str, str] = {
    "ruleset.unknown": N_(
        "unknown ruleset '%(ruleset)s'; valid ids: %(valid)s (families: %(families)s)."
    ),
    "ruleset.not_in_force": N_(
        "ruleset '%(ruleset)s' is in force from %(start)s to now, not on %(on)s."
    ),
    "ruleset.not_in_force+until": N_(
        "ruleset '%(ruleset)s' is in force from %(start)s to %(until)s, not on %(on)s."
    ),
    "ruleset.none_in_force": N_(
        "no '%(family)s' ruleset is in force on %(on)s; versions: %(versions)s."
    ),
    "ruleset.file_not_in_force": N_("ruleset '%(ruleset)s' is not in force on %(on)s."),
    "election.unknown": N_("No election '%(election)s' (known: %(known)s)."),
    "election.no_final_protocol": N_("election '%(election)s' has no final protocol"),
    "election.not_stored": N_(
        "no election '%(election)s': protocols, decisions and incidents are accepted only for a "
        "stored election"
    ),
    "convocation.none_on": N_("No convocation sits on %(on)s."),
    "protocols.columns": N_(
        "the file's columns must be %(required)s and at least one votes.<list> column; missing: "
        "%(missing)s"
    ),
    "deadline.nomination": N_(
        "Cannot nominate the list of %(party)s on %(on)s: the nomination deadline was %(last)s."
    ),
    "deadline.nomination+early": N_(
        "Cannot nominate the list of %(party)s on %(on)s: the election was only called on "
        "%(called)s."
    ),
    "deadline.registration": N_(
        "Cannot register the list of %(party)s on %(on)s: the list registration deadline was "
        "%(last)s."
    ),
    "deadline.registration+early": N_(
        "Cannot register the list of %(party)s on %(on)s: the election was only called on "
        "%(called)s."
    ),
    "deadline.list_withdrawal": N_(
        "Cannot withdraw the list of %(party)s on %(on)s: the list withdrawal deadline was "
        "%(last)s."
    ),
    "deadline.list_withdrawal+early": N_(
        "Cannot withdraw the list of %(party)s on %(on)s: the election was only called on "
        "%(called)s."
    ),
    "deadline.withdraw_candidate": N_(
        "Cannot withdraw candidate %(person)s of the list of %(party)s on %(on)s: the candidate "
        "withdrawal deadline was %(last)s."
    ),
    "deadline.withdraw_candidate+early": N_(
        "Cannot withdraw candidate %(person)s of the list of %(party)s on %(on)s: the election "
        "was only called on %(called)s."
    ),
    "deadline.revoke_candidate": N_(
        "Cannot revoke candidate %(person)s of the list of %(party)s on %(on)s: the candidate "
        "withdrawal deadline was %(last)s."
    ),
    "deadline.revoke_candidate+early": N_(
        "Cannot revoke candidate %(person)s of the list of %(party)s on %(on)s: the election "
        "was only called on %(called)s."
    ),
    "election.exists": N_("An election '%(election)s' already exists."),
    "list.exists": N_("%(party)s already has a list in the election '%(election)s'."),
    "ballot.drawn": N_("The ballot of '%(election)s' was already drawn on %(on)s (seed %(seed)s)."),
    "ballot.no_lists": N_("The election '%(election)s' has no registered list to draw."),
    "list.not_candidate": N_("Person %(person)s is not on the list of %(party)s."),
    "list.withdrawn_already": N_("The list of %(party)s was already withdrawn."),
    "boycott.not_registered": N_("%(party)s is not a registered party on %(on)s."),
    "election.no_list": N_("%(party)s has no list in the election '%(election)s'."),
    "party.unknown": N_("no party '%(party)s'; known parties: %(known)s"),
    "party.exists": N_("a party with slug '%(party)s' already exists"),
    "party.ended": N_("party '%(party)s' was %(status)s on %(on)s; it admits no members"),
    "party.suspended": N_(
        "the activity of party '%(party)s' is suspended by a court; it admits no members"
    ),
    "party.registration_unmet": N_(
        "party '%(party)s' cannot be registered on %(on)s under %(law)s (%(citation)s): "
        "unmet requirements: %(shortfalls)s"
    ),
    "party.transition": N_(
        "party '%(party)s' is at the stage %(stage)s; it cannot move to %(to)s (from there it "
        "may move to: %(allowed)s)"
    ),
    "party.intake_suspended": N_("party '%(party)s' suspended the intake of new members on %(on)s"),
    "party.intake_suspended+until": N_(
        "party '%(party)s' suspended the intake of new members on %(on)s until %(until)s"
    ),
    "person.intake_suspended": N_(
        "party '%(party)s' suspended the intake of new members on %(on)s; the application "
        "of %(person)s is refused"
    ),
    "person.intake_suspended+until": N_(
        "party '%(party)s' suspended the intake of new members on %(on)s until %(until)s; "
        "the application of %(person)s is refused"
    ),
    "nomination.movement": N_("'%(party)s' is an unregistered movement; it cannot nominate a list"),
    "nomination.not_registered": N_(
        "party '%(party)s' was not registered on %(on)s; it cannot nominate a list"
    ),
    "nomination.ended": N_("party '%(party)s' was %(status)s on %(on)s; it cannot nominate a list"),
    "nomination.suspended": N_(
        "the activity of party '%(party)s' was suspended by a court from %(since)s; it cannot "
        "nominate a list"
    ),
    "nomination.suspended+until": N_(
        "the activity of party '%(party)s' was suspended by a court from %(since)s to "
        "%(until)s; it cannot nominate a list"
    ),
    "nomination.party_not_registered": N_(
        "%(party)s is not a registered political party on %(on)s: only registered parties may "
        "nominate a list."
    ),
    "nomination.empty": N_("The list of %(party)s names no candidate."),
    "nomination.too_long": N_(
        "The list of %(party)s must name at most %(most)s candidates. Got %(got)s instead."
    ),
    "nomination.not_member": N_(
        "Candidate at rank %(rank)s of the list of %(party)s (%(person)s) is not a member of "
        "%(party)s on the nomination date %(on)s."
    ),
    "person.unknown": N_("no person with IIN '%(iin)s' is registered"),
    "person.unknown.register": N_(
        "no person with IIN '%(iin)s' is registered; give --family-name and --given-name to "
        "register them, or run 'majlis person register' first"
    ),
    "person.exists": N_("a person with IIN %(iin)s is already registered"),
    "person.under_age": N_(
        "%(person)s may not join: born %(birth)s, aged %(age)s on %(on)s: party members "
        "must be at least %(minimum)s (%(citation)s)"
    ),
    "person.born_later": N_("%(person)s may not join: the birth date %(birth)s is after %(on)s"),
    "person.not_citizen": N_(
        "%(person)s is a citizen of %(citizenship)s; only citizens of Kazakhstan may be "
        "party members (Law 'On Political Parties', art. 5)"
    ),
    "person.barred": N_(
        "%(person)s is %(category)s and may not be a party member (Constitution of the "
        "Republic of Kazakhstan, art. 23(2))"
    ),
    "membership.duplicate": N_(
        "%(person)s is already an active member of party '%(party)s'; one active party per "
        "person, so the admission to '%(wanted)s' is refused (the person must leave first)"
    ),
    "membership.duplicate_concurrent": N_(
        "%(person)s is already an active member of another party (admitted concurrently); "
        "one active party per person, so the admission to '%(wanted)s' is refused"
    ),
    "membership.not_member": N_("%(person)s is not an active member of party '%(party)s'"),
    "membership.not_member_any": N_("%(person)s is not an active member of any party"),
    "iin.digits": N_("an IIN must be exactly 12 digits. Got '%(value)s' instead."),
    "iin.century": N_(
        "IIN '%(iin)s': the century-and-sex digit (7th) must be 1-6. Got %(digit)s instead."
    ),
    "iin.date": N_(
        "IIN '%(iin)s': the birth date (digits 1-6 with century digit %(digit)s) must be a "
        "calendar date. Got %(date)s instead."
    ),
    "iin.no_check_digit": N_(
        "IIN '%(iin)s': both check-digit passes give 10, so no check digit can be valid."
    ),
    "iin.check_digit": N_(
        "IIN '%(iin)s': the check digit (12th) must be %(expected)s. Got %(got)s instead."
    ),
    "iin.future": N_("IIN '%(iin)s': the birth date %(birth)s is after today"),
    "pvt.too_few_reports": N_(
        "accepted quick-count reports of '%(election)s' must be at least two in one stratum. "
        "Got %(got)s instead."
    ),
    "pvt.no_stations": N_("the election '%(election)s' has no polling stations to sample"),
    "pvt.no_sample": N_(
        "the election '%(election)s' has no quick-count sample: run 'majlis pvt design'"
    ),
    "station.unknown": N_("no polling station '%(station)s'"),
    "protocol.none": N_("station %(station)s has no protocol in election '%(election)s'"),
    "protocol.none_to_correct": N_("station %(station)s has no %(source)s protocol to correct"),
    "protocol.entries_differ": N_(
        "station %(station)s: the two entries differ and need a resolution: %(differences)s"
    ),
    "record.digest": N_("the record digest is %(digest)s, not the expected %(expected)s"),
    "record.digest_changed": N_(
        "the record digest is %(digest)s, not the expected %(expected)s: the record changed "
        "since that digest was published"
    ),
    "votes.unknown_list.protocol": N_(
        "the %(source)s protocol of station %(station)s: '%(name)s' is not a registered list "
        "of the election '%(election)s' (its lists: %(lists)s)"
    ),
    "votes.unknown_list.columns": N_(
        "the protocols' vote columns: '%(name)s' is not a registered list of the election "
        "'%(election)s' (its lists: %(lists)s)"
    ),
    "votes.missing_lists.protocol": N_(
        "the %(source)s protocol of station %(station)s: the votes of the registered lists "
        "%(missing)s of the election '%(election)s' are missing"
    ),
    "votes.missing_lists.columns": N_(
        "the protocols' vote columns: the votes of the registered lists %(missing)s of the "
        "election '%(election)s' are missing"
    ),
    "file.unreadable": N_("cannot read the %(what)s: %(cause)s"),
    "file.not_utf8": N_(
        "the %(what)s is not UTF-8 text: byte 0x%(byte)s on line %(line)s (offset %(offset)s) "
        "cannot be decoded; save it as UTF-8"
    ),
    "file.not_utf8_byte": N_(
        "the %(what)s is not UTF-8 text: byte 0x%(byte)s cannot be decoded; save it as UTF-8"
    ),
    "file.binary": N_("the %(what)s holds a NUL byte on line %(line)s: a binary file, not text"),
    "file.csv": N_("the %(what)s is not a readable CSV on line %(line)s: %(error)s"),
    "file.csv_anywhere": N_("the %(what)s is not a readable CSV: %(error)s"),
    "file.json": N_(
        "the %(what)s is not valid JSON: %(error)s on line %(line)s, column %(column)s"
    ),
    "file.json_deep": N_("the %(what)s is nested too deeply to read"),
    "output.not_folder": N_("the %(what)s must be a folder; a file is there"),
    "output.not_file": N_("the %(what)s must be a file; a folder is there"),
    "output.denied": N_("the %(what)s cannot be written: permission denied"),
    "output.no_folder": N_("cannot write the %(what)s: no folder %(folder)s"),
    "output.folder_not_writable": N_(
        "cannot write the %(what)s: the folder %(folder)s is not writable"
    ),
    "input.date": N_("%(what)s must be a date YYYY-MM-DD. Got '%(got)s' instead."),
    "csv.header_missing": N_("the header must have a '%(column)s' column. Got '%(got)s' instead."),
    "csv.column_unknown": N_("column '%(column)s' must be one of %(valid)s."),
    "csv.row_width": N_("the row must have %(expected)s fields. Got %(got)s instead."),
    "csv.boolean": N_("%(what)s must be true or false. Got '%(got)s' instead."),
    "votes.count": N_(
        "%(what)s must be an integer from %(low)s to %(high)s. Got '%(got)s' instead."
    ),
    "votes.party_empty": N_("the party name must be non-empty."),
    "votes.against_all_twice": N_("the 'AGAINST ALL' row must be given once."),
    "votes.constituency_empty": N_("the constituency must be non-empty."),
    "votes.party_duplicate": N_("the party name must be unique. Got '%(party)s' instead."),
    "votes.no_rows": N_("the votes file must have at least one party row."),
    "input.share": N_("%(what)s must be a share such as 10%%, 0.1 or 1/10. Got '%(got)s' instead."),
    "input.negative": N_("%(what)s must be non-negative. Got '%(got)s' instead."),
    "csv.party_name": N_("the party name must be non-empty and unique. Got '%(got)s' instead."),
    "csv.constituency_name": N_(
        "the constituency name must be non-empty and unique. Got '%(got)s' instead."
    ),
    "threshold.no_ballots_cast": N_(
        "ruleset '%(ruleset)s' measures the threshold against the ballots cast; give them "
        "(%(flag)s N)."
    ),
    "threshold.no_registered_voters": N_(
        "ruleset '%(ruleset)s' measures the threshold against the registered voters; give them "
        "(%(flag)s N)."
    ),
    "threshold.base_below_valid": N_(
        "%(flag)s must be an integer at least the valid votes, %(valid)s. Got %(got)s instead."
    ),
    "districts.national_law": N_(
        "ruleset '%(ruleset)s' has one national constituency: constituency input needs a "
        "districted law (a [constituencies] table)."
    ),
    "districts.no_file": N_(
        "ruleset '%(ruleset)s' is a districted law: give --constituencies FILE "
        "(constituency,seats,...)."
    ),
    "districts.short_form": N_(
        "the votes file must be in the long form constituency,party,votes (it has no "
        "'constituency' column)."
    ),
    "mixed.candidates_column": N_(
        "the 'candidates' column is read by an additional-member law only ([mixed] kind = "
        "'additional_members'); ruleset '%(ruleset)s' is not one."
    ),
    "mixed.not_counted_column": N_(
        "the 'not_counted' column is read by a coverage law with --winners only ([mixed] kind = "
        "'coverage'); ruleset '%(ruleset)s' is not one."
    ),
    "mixed.winners": N_(
        "--winners is read by a coverage law or an additional-member law only ([mixed] kind = "
        "'coverage' or 'additional_members'); ruleset '%(ruleset)s' is neither."
    ),
    "person.barred_unknown": N_("barred category must be one of %(valid)s. Got '%(got)s' instead."),
    "input.one_of": N_("%(what)s must be one of %(valid)s. Got '%(got)s' instead."),
    "input.set": N_(
        "--set must be FIELD=non-negative integer (e.g. 'votes.Ak Zhol=120'). Got '%(got)s' "
        "instead."
    ),
    "file.missing": N_("%(path)s: no such file"),
    "file.not_found": N_("the %(what)s must be an existing file. Got '%(got)s' instead."),
    "roll.no_party": N_("--party is required to import a CSV roll"),
    "audit.no_input": N_("majlis audit needs a FILE or --election CODE; neither is given."),
    "audit.peak_range": N_(
        "--peak-range must be LO:HI in turnout percent, e.g. 55:95. Got '%(got)s' instead."
    ),
    "candidates.national_id": N_(
        "a candidate's national id must be digits only, one per line, in rank order. Got "
        "'%(got)s' instead."
    ),
    "mandate.how": N_(
        "the mandate to terminate must be given by --ledger-event, or by --national-id with "
        "--reason."
    ),
    "scenario.move_in": N_(
        "%(what)s must be CONSTITUENCY:FROM:TO:AMOUNT, e.g. 'Madrid:PSOE:PP:20000'. Got "
        "'%(got)s' instead."
    ),
    "scenario.move_in_national": N_(
        "--move-in and --move-share-in need a districted law with --constituencies; ruleset "
        "'%(ruleset)s' has one national constituency."
    ),
    "projection.no_baseline": N_(
        "a projection of the districted law '%(ruleset)s' needs --baseline VOTES.CSV "
        "(constituency,party,votes) and --constituencies."
    ),
    "serve.sqlite_workers": N_(
        "SQLite serves one worker; got --workers %(workers)s. Use PostgreSQL "
        "(MAJLIS_DATABASE_URL=postgresql+psycopg://...) for several."
    ),
    "winners.district": N_(
        "the constituency (district) must be a non-empty name, unique in the file. Got "
        "'%(got)s' instead."
    ),
    "winners.region": N_(
        "the region of '%(district)s' must be one of the %(count)s regions of the constituency "
        "file. Got '%(got)s' instead."
    ),
    "winners.district_wins": N_(
        "the votes file's district_wins must be empty or 0 when --winners gives the "
        "constituencies won."
    ),
    "constituencies.valid_votes": N_(
        "valid votes of '%(constituency)s' must be at least the list votes, equal to list votes "
        "%(list_votes)s + blank %(blank)s. Got %(got)s instead."
    ),
    "coverage.needs_winners": N_(
        "ruleset '%(ruleset)s' with constituency votes needs the long form "
        "constituency,party,votes and --winners FILE."
    ),
    "districts.against_all": N_(
        "a districted law takes no 'AGAINST ALL' row: blank votes are given per constituency "
        "in the constituency file ('blank')."
    ),
    "published.level": N_(
        "a published total's level must be territorial, region or national, with a unit name. "
        "Got '%(level)s', '%(unit)s' instead."
    ),
    "scenario.move": N_(
        "%(what)s must be FROM:TO:AMOUNT, e.g. 'Nur Otan:Auyl:50000'. Got '%(got)s' instead."
    ),
    "scenario.not_removed": N_(
        "a redistribution row must be a list given to --remove (%(removed)s). Got '%(got)s' "
        "instead."
    ),
    "scenario.redistribution_header": N_(
        "the header must be 'party' then one column per destination list. Got '%(got)s' instead."
    ),
    "polls.no_rows": N_("the polls file must have at least one party row."),
    "polls.uncertainty_both": N_(
        "the poll's uncertainty must come from either --sample-size or an 'se' column in the "
        "polls file, not both."
    ),
    "polls.uncertainty_none": N_(
        "the poll's uncertainty must come from either --sample-size or an 'se' column in the "
        "polls file; neither is given."
    ),
    "report.no_target": N_("say where to write the %(what)s: --pdf FILE and/or --html FILE"),
    "votes.surplus_partner": N_(
        "surplus_partner must be one of the parties %(parties)s. Got '%(got)s' instead."
    ),
    "party.slug": N_(
        "party slug must be lower-case letters, digits and '-'. Got '%(got)s' instead."
    ),
    "party.successor_wait": N_(
        "party '%(party)s' succeeds '%(predecessor)s' (%(mode)s on %(since)s); under %(law)s it "
        "may register no earlier than %(earliest)s, not on %(on)s"
    ),
    "party.movement_registration": N_(
        "'%(party)s' is a movement; movements are not registered and cannot nominate lists"
    ),
    "party.suspension_end": N_(
        "end of the suspension of '%(party)s' must be a day on or after its start, %(since)s. "
        "Got '%(got)s' instead."
    ),
    "party.successors_distinct": N_(
        "the successors of '%(party)s' must be other parties, each named once; got %(got)s"
    ),
    "party.successor_ended": N_(
        "party '%(successor)s' is %(status)s; it cannot succeed '%(party)s'"
    ),
    "party.reorganisation_mode": N_(
        "reorganisation mode must be one of %(valid)s. Got '%(got)s' instead."
    ),
    "party.unknown_id": N_("No party with id %(id)s."),
    "membership.end_before_start": N_(
        "the membership cannot end on %(on)s, before it began (%(since)s)"
    ),
    "intake.end_before_decision": N_(
        "a suspension of intake decided on %(decided)s cannot end earlier (%(end)s)"
    ),
    "person.unknown_ids.kz-iin": N_("No person with kz-iin %(ids)s in the registry."),
    "person.unknown_id": N_("No person with id %(id)s in the registry."),
    "ledger.no_event": N_("No membership ledger event #%(seq)s (ledger sequence number)."),
    "region.not_in_force": N_(
        "region %(region)s (%(name)s) did not exist on %(on)s; valid then: %(valid)s"
    ),
    "region.unknown": N_("region must be one of %(valid)s. Got '%(got)s' instead."),
    "party_law.unknown": N_("party law '%(law)s' does not exist; valid: %(valid)s"),
    "party_law.none_in_force": N_("no party law in force on %(on)s; shipped: %(shipped)s"),
    "nomination.duplicate": N_(
        "Candidate at rank %(rank)s of the list of %(party)s must be a person not already on "
        "the list. Got %(got)s instead."
    ),
    "designation.missing": N_(
        "The designation of deputies by %(party)s must be a list of %(count)s standing "
        "candidates. Got None instead."
    ),
    "designation.count": N_(
        "The designation of deputies by %(party)s must be %(count)s distinct persons (the seats "
        "won). Got %(got)s instead."
    ),
    "designation.not_standing": N_(
        "%(person)s is not a standing candidate of the registered list of %(party)s and cannot "
        "be designated a deputy."
    ),
    "list.not_nominated.registered": N_("The list of %(party)s is registered, not nominated."),
    "list.not_nominated.withdrawn": N_("The list of %(party)s is withdrawn, not nominated."),
    "candidate.not_standing.withdrawn": N_(
        "Candidate %(person)s of %(party)s is already withdrawn."
    ),
    "candidate.not_standing.revoked": N_("Candidate %(person)s of %(party)s is already revoked."),
    "boycott.has_list.nominated": N_("%(party)s has a nominated list: withdraw it to boycott."),
    "boycott.has_list.registered": N_("%(party)s has a registered list: withdraw it to boycott."),
    "calendar.order": N_(
        "The calendar's %(name)s must be on or after its %(previous)s %(before)s. Got "
        "'%(got)s' instead."
    ),
    "calendar.withdrawal_window": N_(
        "The calendar's %(name)s must be between the call %(called)s and polling day "
        "%(polling)s (exclusive). Got '%(got)s' instead."
    ),
    "protocol.correction_reason": N_(
        "a correction of station %(station)s's %(source)s protocol must be a reason (nothing is "
        "overwritten; every new version says why). Got %(got)s instead."
    ),
    "protocol.entry_missing": N_(
        "station %(station)s: %(source)s is not entered yet; a protocol becomes final only when "
        "two independent entries agree"
    ),
    "protocol.control_broken": N_(
        "station %(station)s: the protocol cannot be final while a control relation is broken: "
        "%(findings)s"
    ),
    "protocol.resolution_fields": N_(
        "the resolution of station %(station)s must be a value for exactly the differing fields "
        "%(wanted)s. Got %(got)s instead."
    ),
    "election.no_commission": N_(
        "the election '%(election)s' has no central commission: link it "
        "(results.link_election) before storing its protocols or incidents"
    ),
    "election.other_commission": N_(
        "the election '%(election)s' is run by another commission already"
    ),
    "election.no_protocol": N_("election '%(election)s' has no %(source)s protocol"),
    "election.unknown_seats": N_("No election '%(election)s': its seats need its ruleset."),
    "station.not_in_election": N_(
        "polling station '%(station)s' is not under the central commission of the election "
        "'%(election)s'"
    ),
    "station.not_in_election.bulk": N_(
        "polling station '%(station)s' is not under the central commission of the election "
        "'%(election)s' (or does not exist); nothing was stored"
    ),
    "commission.unknown": N_("no commission '%(commission)s'"),
    "commission.no_central": N_("no central commission '%(commission)s'"),
    "commission.no_precinct": N_("no precinct commission '%(commission)s'"),
    "commission.exists": N_("commission '%(commission)s' exists already"),
    "incident.category": N_("The incident category must be one of %(valid)s. Got %(got)s instead."),
    "incident.observer": N_("The observer must be a non-empty name. Got %(got)s instead."),
    "incident.description": N_(
        "The description must be non-empty text of at most %(most)s characters. Got %(got)s "
        "instead."
    ),
    "incident.evidence": N_(
        "The evidence hash must be a SHA-256 digest: 64 lowercase hexadecimal characters. Got "
        "%(got)s instead."
    ),
    "incident.future": N_(
        "The time of the incident must be not in the future. Got '%(got)s' instead."
    ),
    "mandate.none_held": N_("%(person)s holds no mandate in %(convocation)s on %(on)s."),
    "mandate.not_list_post.district": N_(
        "Post %(post)s is a district seat: leaving a party ends only list mandates."
    ),
    "mandate.not_list_post.appointed": N_(
        "Post %(post)s is a appointed seat: leaving a party ends only list mandates."
    ),
    "mandate.ledger_kind": N_(
        "Ledger event #%(seq)s is '%(kind)s': only expelled, left or dissolved end a list mandate."
    ),
    "mandate.notice_order": N_(
        "The notice (%(notice)s) must follow the ledger event (%(occurred)s) and precede the "
        "decision (%(decided)s)."
    ),
    "mandate.no_list_mandate": N_(
        "%(person)s holds no list mandate of %(party)s in %(convocation)s on %(on)s."
    ),
    "mandate.party_registered": N_(
        "%(party)s is still registered on %(on)s: only the mandates of a party that has ceased "
        "to exist (liquidated or reorganised) end by its dissolution."
    ),
    "mandate.list_post": N_("Post %(post)s is a party-list seat: it is filled from the list."),
    "mandate.outside_term": N_("%(on)s is outside the term of %(convocation)s (from %(start)s)."),
    "mandate.outside_term+until": N_(
        "%(on)s is outside the term of %(convocation)s (from %(start)s to %(until)s)."
    ),
    "mandate.post_held": N_("Post %(post)s of %(convocation)s is held on %(on)s or later."),
    "mandate.held_already": N_("%(person)s already holds a mandate in %(convocation)s on %(on)s."),
    "convocation.unknown": N_("No convocation '%(convocation)s' (known: %(known)s)."),
    "convocation.unnamed": N_("Name a convocation or a date."),
    "convocation.exists": N_("A convocation '%(convocation)s' already exists."),
    "convocation.opened_early": N_(
        "The opening date of %(convocation)s must be on or after polling day %(polling)s. Got "
        "'%(got)s' instead."
    ),
    "convocation.no_election": N_(
        "%(convocation)s was opened without an election: it has no lists."
    ),
    "convocation.no_post": N_("%(convocation)s has no post %(post)s."),
    "convocation.list_posts": N_(
        "%(wanted)s list seats were won but %(convocation)s has %(free)s free."
    ),
    "convocation.list_not_registered.nominated": N_(
        "The list of %(party)s is nominated: it cannot win seats."
    ),
    "convocation.list_not_registered.withdrawn": N_(
        "The list of %(party)s is withdrawn: it cannot win seats."
    ),
    "convocation.appointed_posts": N_(
        "%(given)s appointed members given but %(convocation)s has %(free)s free appointed posts."
    ),
    "pvt.seed": N_("the seed must be either a number or a public text. Got %(got)s instead."),
    "pvt.phone": N_(
        "a phone number must be digits, optionally after + (e.g. +77011234567). Got %(got)s "
        "instead."
    ),
    "pvt.station_not_sampled": N_(
        "the assigned station '%(station)s' must be a station of the sample of '%(election)s'. "
        "Got %(got)s instead."
    ),
    "pvt.no_observers": N_(
        "the observers of station '%(station)s' must be at least one. Got [] instead."
    ),
    "pvt.phone_shared": N_(
        "the phone of observer '%(observer)s' must be a number that is not '%(other)s''s as "
        "well. Got %(got)s instead."
    ),
    "pvt.rounds": N_("the number of rounds must be 1 to 100. Got %(got)s instead."),
    "pvt.confidence": N_("the confidence must be in (0.5, 1). Got %(got)s instead."),
    "pvt.margin": N_("the margin must be a share in (0, 0.5). Got %(got)s instead."),
    "pvt.stratify": N_(
        "the stratification must be region or territorial or none. Got %(got)s instead."
    ),
    "pvt.p_turnout": N_("p and turnout must be in (0, 1]. Got %(got)s instead."),
    "token.role": N_("The role must be one of %(valid)s. Got %(got)s instead."),
    "token.name": N_(
        "The token's name must be 1 to %(most)s printable characters. Got %(got)s instead."
    ),
    "token.officer_party": N_(
        "A party officer's party_id must be the id of the one party the officer acts for. Got "
        "None instead."
    ),
    "token.party_not_officer": N_(
        "party_id must be given only for the party-officer role. Got %(got)s instead."
    ),
    "token.days": N_("The lifetime in days must be in [1, 3650]. Got %(got)s instead."),
    "token.unknown": N_("No API token with id %(id)s."),
    "party.successor_count.merger": N_("a merger has exactly 1 successor; got %(got)s"),
    "party.successor_count.transformation": N_(
        "a transformation has exactly 1 successor; got %(got)s"
    ),
    "party.successor_count.split": N_("a split has at least 2 successors; got %(got)s"),
    "store.url": N_(
        "%(variable)s must be an SQLAlchemy URL such as 'postgresql+psycopg://user@host:5432/db' "
        "or 'sqlite:///path'. Got %(got)s instead."
    ),
    "store.schema_old": N_(
        "the database at %(url)s has an older schema (missing heads: %(missing)s); run 'majlis "
        "db upgrade' first"
    ),
    "convocation.seats_unknown_parties": N_(
        "The parties given seats in %(convocation)s must be parties with a list in %(election)s "
        "(%(lists)s). Got %(got)s instead."
    ),
    "seats.unknown_lists": N_(
        "The lists counted in '%(election)s' must be registered lists of the election "
        "(%(lists)s). Got %(got)s instead."
    ),
    "protocols.rejected": N_(
        "malformed file rejected whole (%(problems)s problem(s) in %(bad_rows)s row(s); nothing "
        "stored): %(shown)s"
    ),
    "protocols.rejected.more": N_(
        "malformed file rejected whole (%(problems)s problem(s) in %(bad_rows)s row(s); nothing "
        "stored): %(shown)s; and %(more)s more"
    ),
    "roll.rejected": N_(
        "%(rejected)s of %(rows)s rows are invalid, so nothing was imported: %(listed)s (every "
        "problem is listed in %(path)s)"
    ),
    "whatif.abstainers": N_(
        "moving votes from abstainers must be possible only with registered voters and ballots "
        "cast given. Got %(got)s instead."
    ),
    "whatif.unknown_list": N_("no list named %(name)s in the votes; valid names: %(valid)s."),
    "whatif.move_too_many": N_(
        "votes moved from %(name)s must be at most the %(have)s votes it has. Got %(got)s instead."
    ),
    "whatif.same_target": N_(
        "a move's target must be different from its source. Got %(got)s instead."
    ),
    "whatif.remove_not_list": N_("a list to remove must be a list. Got %(got)s instead."),
    "audit.no_table": N_("No station table at %(path)s"),
    "audit.unknown_preset": N_("Unknown preset %(preset)s; known: %(known)s"),
    "record.head_mismatch": N_(
        "%(chain)s of %(scope)s: the stored head (%(stored)s) does not match the last record "
        "(%(walked)s): records were removed or appended outside majlis"
    ),
    "export.missing_file": N_("%(path)s: missing from the exported record"),
    "export.no_manifest": N_("%(path)s: no manifest (is this an exported record?)"),
    "export.file_digest": N_("%(path)s: its SHA-256 is not the manifest's"),
    "export.link": N_("%(table)s: chain place %(place)s: its link is not the hash before it"),
    "export.no_ruleset": N_("%(file)s: names no ruleset for its seats (ruleset_id)"),
    "export.ruleset_not_shipped": N_(
        "%(file)s: the seats were allocated under ruleset %(ruleset)s, which majlis %(version)s "
        "does not ship, so they cannot be recomputed; verify with the version of majlis that "
        "exported the record"
    ),
    "export.ruleset_not_shipped.writer": N_(
        "%(file)s: the seats were allocated under ruleset %(ruleset)s, which majlis %(version)s "
        "does not ship, so they cannot be recomputed; verify with majlis %(writer)s, which "
        "exported the record"
    ),
    "export.no_ruleset_digest": N_(
        "%(file)s: records no content digest of ruleset %(ruleset)s (ruleset_sha256), so the law "
        "its seats were allocated under cannot be checked; export the record again"
    ),
    "export.ruleset_differs": N_(
        "ruleset %(ruleset)s: the record's seats were allocated under its content %(recorded)s, "
        "but majlis %(version)s ships content %(shipped)s: the law's text differs, so the seats "
        "cannot be recomputed under it; verify with the version of majlis that exported the "
        "record"
    ),
    "export.ruleset_differs.writer": N_(
        "ruleset %(ruleset)s: the record's seats were allocated under its content %(recorded)s, "
        "but majlis %(version)s ships content %(shipped)s: the law's text differs, so the seats "
        "cannot be recomputed under it; verify with majlis %(writer)s, which exported the record"
    ),
    "export.tally": N_("%(file)s: the tally is not the sum of the standing final protocols"),
    "export.seats": N_("%(file)s: the seats differ from the law engine's on the tally"),
    "export.trace": N_("%(file)s: the trace differs from the law engine's"),
    "export.heads_digest": N_("the heads' digest %(digest)s is not the manifest's %(expected)s"),
    "name.blank": N_("%(field)s must not be blank; got %(got)s"),
    "name.bidi": N_("%(field)s must not contain the bidirectional control %(char)s; got %(got)s"),
    "name.control": N_("%(field)s must not contain the control character %(char)s; got %(got)s"),
    "registration.blank": N_(
        "%(field)s of a recorded registration must be the registering body and its certificate "
        "or register entry. Got %(got)s instead."
    ),
    "protocols.file_type": N_(
        "the protocols file type must be .csv, .json or .parquet. Got '%(got)s' instead."
    ),
    "roll.header": N_(
        "the header must be a row naming the columns %(columns)s. Got '%(got)s' instead."
    ),
    "audit.leader": N_(
        "The leader of election '%(election)s' must be one of %(valid)s. Got %(got)s instead."
    ),
    "ledger.sequence": N_(
        "ledger event #%(seq)s (%(kind)s, person %(person)s, party %(party)s): sequence number "
        "expected %(expected)s"
    ),
    "ledger.hash": N_(
        "ledger event #%(seq)s (%(kind)s, person %(person)s, party %(party)s): stored content "
        "does not match its hash (the row was edited after it was entered by %(by)s)"
    ),
    "ledger.roll_differs": N_(
        "the current roll differs from the ledger for person %(person)s: stored %(stored)s, "
        "replayed %(replayed)s"
    ),
    "ledger.counts_differ": N_(
        "the member counts per party and region differ from the roll: %(wrong)s"
    ),
    "ledger.head_mismatch": N_(
        "the ledger head (seq %(seq)s) does not match the last event (#%(count)s): events were "
        "removed or appended outside majlis"
    ),
    "published.unknown_line.territorial": N_(
        "published territorial total '%(unit)s' names an unknown line '%(line)s' (known: %(known)s)"
    ),
    "published.unknown_line.region": N_(
        "published region total '%(unit)s' names an unknown line '%(line)s' (known: %(known)s)"
    ),
    "published.unknown_line.national": N_(
        "published national total '%(unit)s' names an unknown line '%(line)s' (known: %(known)s)"
    ),
    "tabulation.no_unit.station": N_("no station '%(unit)s' in the tabulation"),
    "tabulation.no_unit.territorial": N_("no territorial '%(unit)s' in the tabulation"),
    "tabulation.no_unit.region": N_("no region '%(unit)s' in the tabulation"),
    "tabulation.no_unit.national": N_("no national '%(unit)s' in the tabulation"),
    "stations.missing_values": N_(
        "The '%(name)s' counts must be free of missing values (drop or fill them first). Got "
        "'%(got)s NaN' instead."
    ),
    "stations.fractional": N_(
        "The '%(name)s' counts must be whole numbers. Got 'fractional values' instead."
    ),
    "stations.not_numeric": N_("The '%(name)s' counts must be numeric. Got %(got)s instead."),
    "stations.negative": N_("The '%(name)s' counts must be non-negative. Got %(got)s instead."),
    "stations.size": N_(
        "The '%(name)s' counts must be one per station (%(size)s). Got %(got)s instead."
    ),
    "stations.no_ballots": N_(
        "Stations must be at least one of ballots_issued, ballots_cast or valid. Got None instead."
    ),
    "audit.archive_no_csv": N_("The archive %(path)s must be a .csv member. Got %(got)s instead."),
    "audit.mapping_no_columns": N_(
        "The mapping file must be a [columns] table. Got %(got)s instead."
    ),
    "audit.mapping_role": N_(
        "The mapping '%(role)s' must be one of %(roles)s naming a column. Got %(got)s instead."
    ),
    "audit.mapping_role_missing": N_(
        "The column mapping of %(source)s must be a '%(role)s' column. Got %(got)s instead."
    ),
    "audit.mapping_no_ballots": N_(
        "The column mapping of %(source)s must be one of ballots_issued, ballots_cast or valid. "
        "Got %(got)s instead."
    ),
    "audit.column_missing": N_(
        "The '%(role)s' column must be one of %(valid)s. Got %(got)s instead."
    ),
    "audit.no_mapping": N_(
        "The columns of %(file)s must be a mapping (options or --mapping FILE) or a preset "
        "%(presets)s. Got None instead."
    ),
}

#: The files and folders a command names in an error (``what``), as the reader's language
#: names them.
_FILES = {
    "votes file": N_("votes file"),
    "winners file": N_("winners file"),
    "constituency file": N_("constituency file"),
    "constituency polls file": N_("constituency polls file"),
    "polls file": N_("polls file"),
    "redistribution file": N_("redistribution file"),
    "founders file": N_("founders file"),
    "protocols file": N_("protocols file"),
    "candidates file": N_("candidates file"),
    "ruleset file": N_("ruleset file"),
    "rejects file": N_("rejects file"),
    "Popolo file": N_("Popolo file"),
    "roll": N_("membership roll"),
    "--out file": N_("--out file"),
    "--out folder": N_("--out folder"),
    "export folder": N_("export folder"),
    "folder": N_("folder"),
    "protocol": N_("results protocol"),
    "statement": N_("quick-count statement"),
}

#: Counts written the language's way (digit grouping).
_COUNTS = frozenset({"low", "high", "valid", "list_votes", "blank", "rejected", "rows"})

#: Codes a parameter may hold (a party's status, a barred category, a protocol's source, a
#: reorganisation's mode).
_WORDS = {
    "liquidated": N_("liquidated"),
    "reorganised": N_("reorganised"),
    "serviceman": N_("a serviceman"),
    "national_security": N_("an employee of the national security bodies"),
    "law_enforcement": N_("an employee of the law enforcement bodies"),
    "judge": N_("a judge"),
    "official": N_("official"),
    "observer": N_("observer"),
    "entry1": N_("entry 1"),
    "entry2": N_("entry 2"),
    "merger": N_("merger"),
    "split": N_("split"),
    "transformation": N_("transformation"),
    "ENOENT": N_("no such file or folder"),
    "EACCES": N_("permission denied"),
    "EPERM": N_("operation not permitted"),
    "EISDIR": N_("it is a folder, not a file"),
    "ENOTDIR": N_("a part of the path is not a folder"),
}
_CODED = frozenset({"status", "category", "source", "cause", "mode"})

#: A party's lifecycle stages, as a noun (the codes of ``registry.PartyStatus``).
_STAGES = {
    "initiative_group": N_("initiative group stage"),
    "founding_congress": N_("founding congress stage"),
    "registered": N_("registration stage"),
    "suspended": N_("suspension stage"),
    "liquidated": N_("liquidation stage"),
    "reorganised": N_("reorganisation stage"),
}


def _word(name: str, value: object) -> str:
    """One parameter as the reader's language writes it."""
    if value is None or value == "":
        return gettext("none")
    if isinstance(value, date):
        return fmt_date(value)
    if name in _COUNTS and isinstance(value, int):
        return fmt_int(value)
    if name == "what" and str(value) in _FILES:
        return gettext(_FILES[str(value)])
    if name == "shortfalls" and isinstance(value, tuple):
        return "; ".join(shortfall_text(s) for s in value)
    if name in ("stage", "to") and str(value) in _STAGES:
        return gettext(_STAGES[str(value)])
    if name == "allowed" and isinstance(value, tuple):
        stages = [gettext(_STAGES[v]) if v in _STAGES else str(v) for v in value]
        return ", ".join(stages) if stages else gettext("none (a final stage)")
    if name == "differences" and isinstance(value, tuple):
        return "; ".join(_difference(d) for d in value)
    if name == "findings" and isinstance(value, tuple):
        from majlis.finding_text import finding_text  # the results' findings, when worded

        return "; ".join(f"{f.rule.value}: {finding_text(f)}" for f in value)
    text = str(value)
    if name in _CODED and text in _WORDS:
        return gettext(_WORDS[text])
    return text


def _difference(d: Any) -> str:
    """One field on which two data entries differ (a ``results.FieldDifference``)."""
    sign = "+" if d.difference >= 0 else "-"
    return gettext("%(field)s: entry 1 = %(first)s, entry 2 = %(second)s (%(diff)s)") % {
        "field": d.field,
        "first": fmt_int(d.first),
        "second": fmt_int(d.second),
        "diff": sign + fmt_int(abs(d.difference)),
    }


def _key(code: str, params: Mapping[str, object]) -> str:
    """The table's key: the code, ``+until`` when the refusal has an end date."""
    return f"{code}+until" if params.get("until") else code


def location_text(location: Location | None) -> str:
    """Where a bad value was found ("file.csv, row 3, field 'iin'"), in the current language."""
    if location is None:
        return ""
    parts = []
    if location.source is not None:
        parts.append(location.source)
    if location.row is not None:
        parts.append(gettext("row %(row)s") % {"row": location.row})
    if location.field is not None:
        parts.append(gettext("field '%(field)s'") % {"field": location.field})
    return ", ".join(parts)


def describe(exc: MajlisError) -> str:
    """``exc`` as one line in the current language (its ``str()`` in English or uncoded).

    A refusal's free-text reason (an intake decision's) is data: it follows after a colon as
    it was entered.
    """
    if current() == DEFAULT or exc.code is None:
        return str(exc)
    key = _key(exc.code, exc.params)
    template = ERRORS.get(key)
    if template is None:
        return str(exc)
    text = gettext(template) % {name: _word(name, v) for name, v in exc.params.items()}
    reason = exc.params.get("reason")
    if reason and "intake_suspended" in key:
        text = gettext("%(refusal)s: %(reason)s") % {"refusal": text, "reason": reason}
    where = location_text(exc.location)
    return gettext("%(where)s: %(message)s") % {"where": where, "message": text} if where else text
