"""Rows of the quick count: the stored sample designs, chained per election (append-only)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Integer, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column

from majlis.errors import IntegrityError
from majlis.store._base import Base

__all__ = ["PvtSampleRow"]


class PvtSampleRow(Base):
    """A quick-count sample as drawn: its design and stations (canonical JSON) and digest.

    The latest row of an election is the design in force; an earlier one stays in the
    chain, so a redraw after the digest was published shows.
    """

    __tablename__ = "pvt_sample"
    __table_args__ = (UniqueConstraint("election", "seq", name="chain"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    election: Mapped[str] = mapped_column(String(64))
    design: Mapped[str] = mapped_column(Text)
    sample_sha256: Mapped[str] = mapped_column(String(64))
    designed_by: Mapped[str] = mapped_column(String(200))
    designed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    seq: Mapped[int] = mapped_column(Integer)
    record_hash: Mapped[str] = mapped_column(String(64))


def _refuse_change(_mapper: Any, _connection: Any, target: Any) -> None:
    raise IntegrityError(
        f"pvt_sample is append-only: row #{target.id} cannot be changed or deleted; "
        "draw a new design instead (the earlier one stays in the chain)"
    )


event.listen(PvtSampleRow, "before_update", _refuse_change)
event.listen(PvtSampleRow, "before_delete", _refuse_change)
