"""Rows of the stored forensic audits (chain ``audit``).

One row per (election, digest of the standing final protocols, settings): the audit is
computed once for a state of the count and read by every output (dashboard, API, reports).
A new final protocol changes the digest, so a new audit is computed and stored beside the
old one; nothing is overwritten.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from majlis.store._base import Base


class ForensicAuditRow(Base):
    """One audit: its key (election, protocols digest, settings) and its figures as JSON."""

    __tablename__ = "forensic_audit"
    __table_args__ = (
        UniqueConstraint(
            "election", "protocols_digest", "settings_digest", name="uq_forensic_audit_key"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    election: Mapped[str] = mapped_column(String(64))
    protocols_digest: Mapped[str] = mapped_column(String(64))
    settings_digest: Mapped[str] = mapped_column(String(64))
    settings: Mapped[str] = mapped_column(Text)
    document: Mapped[str] = mapped_column(Text)
    computed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
