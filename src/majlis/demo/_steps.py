"""What the demo says it is doing, as notes a front end words in the reader's language."""

from __future__ import annotations

from majlis.notes import Note

__all__ = ["STEP_TEXTS", "step_text"]

#: What the demo says it is doing, by key (:class:`majlis.notes.Note`, worded in the
#: reader's language by :mod:`majlis.note_text`).
STEP_TEXTS = {
    "demo.database": "creating %(path)s",
    "demo.parties": "founding the parties and the movement",
    "demo.people": "registering %(num)s synthetic people and admitting the candidates",
    "demo.election": "calling the election and nominating the lists",
    "demo.count": "synthesising %(num)s polling stations (majlis synth)",
    "demo.storing": "storing the protocols: %(done)s/%(total)s",
    "demo.chamber": "allocating the seats, seating the chamber, replaying an expulsion",
    "demo.audit": "auditing the stored protocols (majlis audit)",
    "demo.audit_method": "auditing the protocols: %(method)s",
    "demo.report": "writing the reports",
}


def step_text(key: str, **params: object) -> Note:
    """What the demo is doing, as its English sentence with its key and parameters."""
    return Note(key, STEP_TEXTS[key], **params)
