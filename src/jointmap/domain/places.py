"""Locations with an honest precision (UCDP where_prec) and times with one (UCDP date_prec)."""

from __future__ import annotations

from datetime import date
from enum import IntEnum

from pydantic import Field, model_validator

from jointmap.domain._base import DomainModel

__all__ = ["DatePrecision", "Location", "LocationPrecision", "TimeSpan"]


class LocationPrecision(IntEnum):
    """UCDP GED ``where_prec``."""

    EXACT = 1
    NEAR = 2  # within about 25 km of a named place
    DISTRICT = 3  # admin-2
    GOVERNORATE = 4  # admin-1
    REGION = 5  # a named region larger than a district
    COUNTRY = 6
    INTERNATIONAL = 7  # international waters or airspace


class DatePrecision(IntEnum):
    """UCDP GED ``date_prec``."""

    DAY = 1
    DAYS = 2  # 2–6 days
    WEEK = 3
    MONTH = 4  # 8–30 days
    LONGER = 5  # more than a month


class TimeSpan(DomainModel):
    start: date
    end: date
    precision: DatePrecision = DatePrecision.DAY

    @model_validator(mode="after")
    def _ordered(self) -> TimeSpan:
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class Location(DomainModel):
    """A point, with optionally an area (WKT) that the wording allows, and admin codes."""

    name: str = Field(min_length=1)
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    precision: LocationPrecision = LocationPrecision.EXACT
    #: The area the report allows ("5 km south of X", "eastern Ghouta") as WKT; None means the point.
    area_wkt: str | None = None
    geonameid: int | None = None
    admin1_code: str | None = None
    admin1_name: str | None = None
    admin2_name: str | None = None
