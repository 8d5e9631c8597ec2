"""Dates in news text, resolved against the document's date ("on Thursday" → the Thursday before it).

Regular expressions, not a general date parser: dateparser's ``search_dates`` ran at ~20 FA-KES articles/s
here, far below the extraction target; the phrases news uses for event dates are few.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from jointmap.extract.text import Caseless, may_contain

__all__ = ["DateSpan", "document_date", "event_date", "find_date_phrases"]

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
_WEEKDAYS = {
    d: i for i, d in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))
}
_MON = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WD = r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_REL = (
    r"(?P<rel>yesterday|today|tonight|this morning|this afternoon|this evening|last night|overnight|"
    r"earlier this week|this week|last week|earlier this month|this month|last month|"
    r"past (?:24|48) hours|past week|past few days|recent days)"
)
_PATTERNS: list[tuple[str, Caseless]] = [
    ("iso", Caseless(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("dmy", Caseless(rf"\b{_DAY}\s+(?:of\s+)?{_MON}(?:,?\s+{_YEAR})?\b")),
    ("mdy", Caseless(rf"\b{_MON}\s+{_DAY}(?:,?\s+{_YEAR})?\b(?!\s*(?:km|kilomet|mile|people|dead))")),
    ("wd", Caseless(rf"\b(?:(?:on|late|early|last|this|since|from|by)\s+)?{_WD}(?:'s)?\b")),
    ("rel", Caseless(rf"\b{_REL}\b")),
    ("my", Caseless(rf"\b(?:in|since|during|of)\s+{_MON}\s+{_YEAR}\b")),
]
_LEAD = r"^\W*(?:[A-Z][A-Za-z .'-]{1,30},?\s*)?(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\s*,?\s*)?"
_DATELINES = (
    re.compile(rf"{_LEAD}{_DAY}\s+{_MON},?\s+{_YEAR}", re.I),
    re.compile(rf"{_LEAD}{_MON}\s+{_DAY},?\s+{_YEAR}", re.I),
)  # once per document: plain re.I (the dateline's lead is case-sensitive)
_ISO_ANY_RE = re.compile(r"\b((?:19|20)\d\d)-([01]\d)-([0-3]\d)\b")


@dataclass(frozen=True, slots=True)
class DateSpan:
    start: date
    end: date
    precision: int  # UCDP date_prec: 1 day, 2 days, 3 week, 4 month, 5 longer
    phrase: str = ""


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def document_date(text: str, given: date | None = None) -> date | None:
    """The date of the document: ``given`` (a date column), else a dateline at the top of the text."""
    if given is not None:
        return given
    head = text[:200]
    for pattern in _DATELINES:
        m = pattern.match(head)
        if m:
            return _safe(int(m["year"]), _MONTHS[m["mon"].lower().rstrip(".")], int(m["day"]))
    iso = _ISO_ANY_RE.search(head)
    if iso:
        return _safe(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    return None


def _resolve(kind: str, m: re.Match[str], ref: date | None, phrase: str) -> DateSpan | None:
    """The span a phrase names; ``m`` matched the lower-cased text (see :class:`Caseless`), ``phrase`` is it
    as written."""
    if kind == "iso":
        d = _safe(int(m["year"]), int(m["mnum"]), int(m["day"]))
        return DateSpan(d, d, 1, phrase) if d else None
    if kind in ("dmy", "mdy"):
        month = _MONTHS[m["mon"].lower().rstrip(".")]
        if m["year"]:
            year = int(m["year"])
        elif ref is not None:
            # A day without a year is the most recent such day on or before the document (or just after).
            year = ref.year if (month, int(m["day"])) <= (ref.month, ref.day + 2) else ref.year - 1
        else:
            return None
        d = _safe(year, month, int(m["day"]))
        return DateSpan(d, d, 1, phrase) if d else None
    if kind == "my":
        year, month = int(m["year"]), _MONTHS[m["mon"].lower().rstrip(".")]
        first = date(year, month, 1)
        last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        return DateSpan(first, last, 4, phrase)
    if ref is None:
        return None
    if kind == "wd":
        back = (ref.weekday() - _WEEKDAYS[m["wd"].lower()]) % 7
        lowered = phrase.lower()
        if lowered.startswith("last") and back == 0:
            back = 7
        d = ref - timedelta(days=back)
        return DateSpan(d, d, 1, phrase)
    rel = m["rel"].lower()
    spans = {
        "yesterday": (1, 1, 1),
        "last night": (1, 0, 2),
        "overnight": (1, 0, 2),
        "past 24 hours": (1, 0, 2),
        "past 48 hours": (2, 0, 2),
        "earlier this week": (6, 0, 3),
        "this week": (6, 0, 3),
        "past week": (7, 0, 3),
        "last week": (13, 6, 3),
        "past few days": (6, 0, 2),
        "recent days": (6, 0, 2),
    }
    if rel in spans:
        back_start, back_end, prec = spans[rel]
        return DateSpan(ref - timedelta(days=back_start), ref - timedelta(days=back_end), prec, phrase)
    if rel in ("this month", "earlier this month"):
        return DateSpan(ref.replace(day=1), ref, 4, phrase)
    if rel == "last month":
        end = ref.replace(day=1) - timedelta(days=1)
        return DateSpan(end.replace(day=1), end, 4, phrase)
    return DateSpan(ref, ref, 1, phrase)  # today, tonight, this morning ...


_DIGIT_RE = re.compile(r"\d")
_MONTH_KINDS = frozenset(("dmy", "mdy", "my"))  # each needs a figure and a month
_MONTH_STEMS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def find_date_phrases(text: str, ref: date | None) -> list[tuple[int, DateSpan]]:
    """Every date phrase in ``text`` with its offset, resolved against ``ref``; overlapping ones dropped."""
    found: list[tuple[int, int, DateSpan]] = []
    # Cheap tests first: the kinds with a month need a figure and a month's name, "iso" a figure and a hyphen;
    # the others skip a text without a word they need (a weekday, a relative phrase: see Caseless.needs).
    digits = _DIGIT_RE.search(text) is not None
    months = digits and may_contain(text, _MONTH_STEMS)
    for kind, pattern in _PATTERNS:
        if kind in _MONTH_KINDS:
            if not months:
                continue
        elif kind == "iso" and not (digits and "-" in text):
            continue
        for m in pattern.finditer(text):
            if (
                kind == "mdy"
                and m["mon"].lower() == "may"
                and not m["year"]
                and not text[m.start()].isupper()
            ):
                continue  # "may 5" is usually the verb
            if kind == "wd" and not text[m.start("wd")].isupper():
                continue
            span = _resolve(kind, m, ref, text[m.start() : m.end()])
            if span is not None and not any(s < m.end() and m.start() < e for s, e, _ in found):
                found.append((m.start(), m.end(), span))
    return sorted((s, span) for s, _, span in found)


def event_date(sentence: str, ref: date | None, fallback: DateSpan | None = None) -> DateSpan | None:
    """The event's date from its sentence: the first date phrase; two weekdays ("on Saturday and Sunday")
    make a range. Without a phrase: ``fallback`` (an earlier sentence's date), else the document date
    with "days" precision (news reports the last day or two)."""
    phrases = [span for _, span in find_date_phrases(sentence, ref)]
    if phrases:
        first = phrases[0]
        if len(phrases) > 1 and first.precision == 1 and phrases[1].precision == 1:
            second = phrases[1]
            lo, hi = min(first.start, second.start), max(first.end, second.end)
            if (hi - lo).days <= 6:
                return DateSpan(lo, hi, 1 if lo == hi else 2, f"{first.phrase} … {second.phrase}")
        if ref is not None and first.start > ref + timedelta(days=2) and first.precision == 1:
            return fallback or DateSpan(
                ref - timedelta(days=1), ref, 2, ""
            )  # a future date: a plan, not the event
        return first
    if fallback is not None:
        return fallback
    if ref is not None:
        return DateSpan(ref - timedelta(days=1), ref, 2, "")
    return None
