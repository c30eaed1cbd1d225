"""Schemas shared by every resource: the page envelope."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """A page of results: the items and how many match in total."""

    data: list[T]
    count: int
