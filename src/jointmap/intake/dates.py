"""Strict date parsing: ISO 8601 unless a format is given; ambiguity is an error, never a guess."""

from __future__ import annotations

from datetime import UTC, date, datetime

__all__ = ["parse_date", "parse_time"]


def parse_date(value: str, fmt: str | None = None) -> date:
    """A calendar date. ``fmt`` is a strptime format such as ``%m/%d/%Y``; without it only ISO 8601."""
    text = value.strip()
    if fmt is not None:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError as exc:
            raise ValueError(f"{text!r} does not match --date-format {fmt!r} ({exc})") from None
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        raise ValueError(_not_iso(text)) from None


def parse_time(value: str, fmt: str | None = None) -> datetime:
    """An instant with a UTC offset. A bare date means 00:00 UTC; a time without an offset is refused."""
    text = value.strip()
    if fmt is not None:
        try:
            parsed = datetime.strptime(text, fmt)
        except ValueError as exc:
            raise ValueError(f"{text!r} does not match --date-format {fmt!r} ({exc})") from None
    else:
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(_not_iso(text)) from None
    if len(text) <= 10 and parsed.hour == parsed.minute == parsed.second == 0 and parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)  # a date alone names a day, not an instant in a zone
    if parsed.tzinfo is None:
        raise ValueError(f"{text!r} has a time but no UTC offset (add e.g. +02:00 or Z)")
    return parsed


def _not_iso(text: str) -> str:
    if text and any(sep in text for sep in "/."):
        return f"{text!r} is not ISO 8601 (YYYY-MM-DD); pass --date-format, e.g. %m/%d/%Y, to read it"
    return f"{text!r} is not a valid ISO 8601 date (YYYY-MM-DD)"
