"""The services' notes keep their English text and are worded from their key and parameters."""

from __future__ import annotations

import pickle
from datetime import date
from pathlib import Path

from majlis import parliament, pvt, registry
from majlis.i18n import using
from majlis.note_text import NOTES, note_text
from majlis.notes import Note, note_from_params, note_params


def test_every_service_template_is_marked_for_translation() -> None:
    """Each service's English template is the catalogue's message, character for character."""
    services = {**pvt.PROBLEMS, **registry.REQUIREMENTS, **parliament.HISTORY}
    assert {key: NOTES[key] for key in services} == services


def test_a_note_is_its_english_text() -> None:
    """A note equals, prints, pickles and serialises as its English text."""
    note = Note(
        "pvt.copies_disagree", pvt.PROBLEMS["pvt.copies_disagree"], station="7", observers="a, b"
    )
    assert note == "station 7: the copies of a, b disagree"
    again = pickle.loads(pickle.dumps(note))
    assert (again, again.key, dict(again.params)) == (note, note.key, dict(note.params))
    assert note_text(note) == note


def test_a_note_in_russian_writes_numbers_and_dates_the_languages_way() -> None:
    """Counts are grouped and days written the language's way; a plain string stays as it is."""
    note = Note(
        "pvt.not_assigned",
        pvt.PROBLEMS["pvt.not_assigned"],
        station=12345,
        observer=date(2024, 3, 1),
        assigned="x",
    )
    with using("ru"):
        text = note_text(note)
        assert note_text("as entered") == "as entered"
    assert text.startswith("участок 12\xa0345: наблюдатель 1 мар. 2024")


def test_a_stored_note_reads_back_as_it_was_made() -> None:
    """Days and notes within keep their kind through JSON; any other value is kept as text."""
    inner = Note(
        "chamber.party_ended",
        parliament.HISTORY["chamber.party_ended"],
        party="P",
        on=date(2021, 7, 1),
    )
    note = Note("x", "%(notice)s %(where)s %(flag)s", notice=inner, where=Path("/tmp/a"), flag=True)
    params = note_params(note)
    assert params["where"] == "/tmp/a"
    again = note_from_params(note.key, str(note), params)
    assert again == note
    assert again.params["notice"].params["on"] == date(2021, 7, 1)
    with using("ru"):
        assert (
            note_text(again.params["notice"])
            == "партия P прекратила существование 1 июл. 2021\u202fг."
        )
