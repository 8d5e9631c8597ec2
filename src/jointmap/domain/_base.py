"""Shared base for domain types: strict, immutable, JSON-friendly."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

__all__ = ["AwareDatetime", "DomainModel", "Identifier", "Interval"]


def _require_timezone(value: datetime) -> datetime:
    # A naive time is ambiguous across the parties' time zones: refuse it rather than guess.
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("time must carry a UTC offset, e.g. 2016-02-27T00:00:00+02:00")
    return value


AwareDatetime = Annotated[datetime, AfterValidator(_require_timezone)]

# Ids are short, stable, human-readable slugs (they appear in the log and in URLs).
Identifier = Annotated[str, Field(min_length=1, max_length=120, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]*$")]


class DomainModel(BaseModel):
    """Base of every domain type: unknown fields are errors, instances are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Interval(DomainModel):
    """A validity interval in dates; ``None`` means open at that end."""

    valid_from: date | None = None
    valid_to: date | None = None

    def contains(self, day: date) -> bool:
        if self.valid_from is not None and day < self.valid_from:
            return False
        return not (self.valid_to is not None and day > self.valid_to)
