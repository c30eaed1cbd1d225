"""Rows of the API's own tables: access tokens and the audit trail of writes (chain ``api``).

The token itself is never stored: only its SHA-256 digest (tokens are 256-bit random
strings, so a fast digest suffices; a slow password hash protects low-entropy secrets).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from majlis.store._base import Base


class ApiTokenRow(Base):
    """One access token: who holds it, which role, which party (officers), its lifetime."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    party_id: Mapped[int | None] = mapped_column(ForeignKey("party.id"), nullable=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class ApiAuditRow(Base):
    """One write made through the API: when, by which token, what, and the outcome."""

    __tablename__ = "api_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    token_id: Mapped[int | None] = mapped_column(ForeignKey("api_token.id"), nullable=True)
    actor: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    method: Mapped[str] = mapped_column(String(10))
    path: Mapped[str] = mapped_column(Text)
    status: Mapped[int] = mapped_column(Integer)
