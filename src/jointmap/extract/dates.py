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
# "9-10 June", "June 9 to 10": a second day closing a range.
# A second day: "June 9-10", "9 to 12 June", "9 and 12 June" (not "on May 3 and 12 civilians died": a figure
# followed by a word other than "of" or a month is a count; the pattern runs on lower-cased text).
_DAY2 = (
    r"(?:(?:\s*(?:-|–|—|to|until|through)\s*|\s+and\s+(?=[0-3]?\d(?:st|nd|rd|th)?\b"
    r"(?!\s+(?!of\b|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z])))"
    r"(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?)?"
)
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WD = r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_REL = (
    r"(?P<rel>yesterday|today|tonight|this morning|this afternoon|this evening|last night|overnight|"
    r"last weekend|this weekend|the weekend|past weekend|"
    r"earlier this week|this week|last week|earlier this month|this month|last month|"
    r"past (?:24|48) hours|past week|past few days|recent days)"
)
_COUNT = (
    r"(?P<n>an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[1-9]\d?|"
    r"a couple of|a few|several)"
)
_PATTERNS: list[tuple[str, Caseless]] = [
    ("iso", Caseless(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("dmy", Caseless(rf"\b{_DAY}{_DAY2}\s+(?:of\s+)?{_MON}(?:,?\s+{_YEAR})?\b")),
    ("mdy", Caseless(rf"\b{_MON}\s+{_DAY}{_DAY2}(?:,?\s+{_YEAR})?\b(?!\s*(?:km|kilomet|mile|people|dead))")),
    ("wd", Caseless(rf"\b(?:(?:on|late|early|last|this|since|from|by)\s+)?{_WD}(?:'s)?\b")),
    # "three days ago" shares the relative phrases' test for a word they need (one test per sentence).
    ("rel", Caseless(rf"\b(?:{_REL}|{_COUNT}\s+(?P<unit>hour|day|week|month)s?\s+ago)\b")),
    ("my", Caseless(rf"\b(?:in|since|during|of)\s+{_MON}\s+{_YEAR}\b")),
]
_LEAD = r"^\W*(?:[A-Z][A-Za-z .'/-]{1,40},?\s*)?(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\s*,?\s*)?"
_DATELINES = (
    re.compile(rf"{_LEAD}{_DAY}\s+{_MON},?\s+{_YEAR}", re.I),
    re.compile(rf"{_LEAD}{_MON}\s+{_DAY},?\s+{_YEAR}", re.I),
)  # the first line's: plain re.I (the dateline's lead is case-sensitive)


def _dateline(day_month: str) -> re.Pattern[str]:
    # A strict dateline, on any of the first lines of a document or at the start of a sentence: a city
    # ("BEIRUT", "MOSCOW/BEIRUT", "Beirut,"; not "On", not a weekday) or "Published", a weekday, the date,
    # "(Reuters) -". It must hold a city, a year or the separator: "Saturday June 11, warplanes hit ..." is
    # an event's date.
    return re.compile(
        r"[^\w(]*(?P<city>(?i:date of publication|published|posted|updated)(?:\s+on)?\s*:?\s*|"
        r"(?!(?i:on|in|at|by|since|from|until|till|as|between|last|early|late|before|after|during|for|and|but|"
        r"the|then|meanwhile|(?:mon|tues?|wednes|thu(?:rs)?|fri|satur|sun)(?:day)?|wed|thur|sat)\b)"
        r"[A-Z][A-Za-z'.-]*(?:[ /]+[A-Z][A-Za-z'.-]*){0,3}\s*,?\s*)?"
        r"(?:(?i:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*)\.?\s*,?\s*)?"
        rf"(?i:{day_month})(?:,?\s+{_YEAR})?\b"
        r"(?P<sep>\s*(?:\([^()\n]{1,40}\)\s*)?(?:[-–—:|](?!\s*\d)|$))?"
    )


_STRICT_DATELINES = (
    _dateline(rf"{_DAY}\s+(?:of\s+)?{_MON}"),
    _dateline(rf"{_MON}\s+{_DAY}(?![-–]\d)"),
)
_DATELINE_LINES = 6  # a headline, a byline, ... then the dateline
# "a monitoring group said on Monday", "told reporters late on Monday": the words before a date phrase that
# make it the day a source spoke. Read off the few words before the phrase: faster than a pattern.
_SAID_WORDS = frozenset(
    (
        "said", "says", "say", "announced", "reported", "stated", "added", "claimed", "confirmed", "declared",
        "denied", "warned", "wrote", "tweeted", "posted", "statement", "briefing", "interview",
    )
)  # fmt: skip
_SAID_SKIP = frozenset(("on", "late", "early", "later", "earlier"))
_PASSIVE = frozenset(("was", "were", "been", "being", "is", "are"))
_WORD_COUNTS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
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


def _month(name: str) -> int:
    return _MONTHS[name.lower().rstrip(".")]


def _precision(start: date, end: date) -> int:
    """UCDP's precision for a span: one day 1, up to six 2, a week 3, up to a month 4, longer 5."""
    days = (end - start).days + 1
    return 1 if days <= 1 else 2 if days <= 6 else 3 if days <= 7 else 4 if days <= 31 else 5


def _ranged(start: date, end: date, phrase: str) -> DateSpan:
    return DateSpan(start, end, _precision(start, end), phrase)


def _recent(ref: date, month: int, day: int) -> date | None:
    """A day without a year: the latest such day up to two days after ``ref`` ("Feb. 1" in an article of
    31 January is the next day; "Jan 1" in one of 31 December the next year's)."""
    limit = ref + timedelta(days=2)
    for year in range(ref.year + 1, ref.year - 5, -1):  # back to the last 29 February
        d = _safe(year, month, day)
        if d is not None and d <= limit:
            return d
    return None


def _dateline_match(text: str, pos: int = 0) -> re.Match[str] | None:
    """A dateline starting at ``pos`` (see :func:`_dateline`): its match, else None."""
    for pattern in _STRICT_DATELINES:
        m = pattern.match(text, pos)
        if m and (m["city"] or m["year"] or m["sep"]):
            return m
    return None


def document_date(text: str, given: date | None = None) -> date | None:
    """The date of the document: ``given`` (a date column), else a dateline at the start of one of its
    first lines (after a headline, a byline)."""
    if given is not None:
        return given
    head = text[:600]
    for pattern in _DATELINES:  # the first line: any lead before the date
        m = pattern.match(head)
        if m:
            return _safe(int(m["year"]), _month(m["mon"]), int(m["day"]))
    pos = 0
    for _ in range(_DATELINE_LINES):
        m = _dateline_match(head, pos)
        if m and m["year"]:
            return _safe(int(m["year"]), _month(m["mon"]), int(m["day"]))
        pos = head.find("\n", pos) + 1
        if pos == 0:
            break
        while pos < len(head) and head[pos] in " \t\r\n":
            pos += 1
    iso = _ISO_ANY_RE.search(head[:200])
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
        month, day = _month(m["mon"]), int(m["day"])
        if m["year"]:
            d = _safe(int(m["year"]), month, day)
        elif ref is not None:
            d = _recent(ref, month, day)  # the most recent such day on or before the document (or just after)
        else:
            return None
        if d is None:
            return None
        end = _safe(d.year, month, int(m["day2"])) if m["day2"] else None
        if end is not None and end > d:
            return _ranged(d, end, phrase)  # "June 9-10"
        return DateSpan(d, d, 1, phrase)
    if kind == "my":
        year, month = int(m["year"]), _month(m["mon"])
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
        if lowered.startswith("since"):
            return _ranged(d, ref, phrase)  # "since Monday": Monday to the document's day
        return DateSpan(d, d, 1, phrase)
    if m["unit"]:
        return _ago(m["n"], m["unit"], ref, phrase)
    rel = m["rel"].lower()
    if rel.endswith("weekend"):
        saturday = ref - timedelta(days=(ref.weekday() - 5) % 7)  # on or before the document's day
        if rel == "last weekend" and saturday >= ref - timedelta(days=1):
            saturday -= timedelta(days=7)  # said on the weekend itself: the one before
        return _ranged(saturday, min(saturday + timedelta(days=1), ref), phrase)
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


def _ago(count: str, unit: str, ref: date, phrase: str) -> DateSpan:
    """ "three days ago": that day; "two weeks ago": the week around it; "a few days ago": a few days."""
    n = _WORD_COUNTS.get(count) or (int(count) if count.isdigit() else 0)
    if unit == "hour":  # "hours ago": that day or the one before (the article's time zone is unknown)
        start = ref - timedelta(days=max(1, -(-n // 24)))
        return _ranged(start, ref, phrase)
    days = {"day": 1, "week": 7, "month": 30}[unit]
    if not n:  # a couple of, a few, several
        low, high = (2, 3) if count == "a couple of" else (2, 6)
        return _ranged(ref - timedelta(days=high * days), ref - timedelta(days=low * days), phrase)
    middle = ref - timedelta(days=n * days)
    if unit == "day":
        return DateSpan(middle, middle, 1, phrase)
    half = 3 if unit == "week" else 15
    return DateSpan(
        middle - timedelta(days=half), middle + timedelta(days=half), 3 if unit == "week" else 4, phrase
    )


_DIGIT_RE = re.compile(r"\d")
_MONTH_OR_DAY_RE = re.compile(r"\d|[A-Za-z]{3}")  # how a "dmy" or "mdy" phrase starts (not "on Monday")
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
            if (
                span is not None
                and ref is not None
                and kind in ("dmy", "mdy", "iso")
                and span.start < ref
                and text[max(0, m.start() - 6) : m.start()].lower() == "since "
            ):
                span = _ranged(span.start, ref, span.phrase)  # "since June 9"
            if span is not None and not any(s < m.end() and m.start() < e for s, e, _ in found):
                found.append((m.start(), m.end(), span))
    return sorted((s, span) for s, _, span in found)


def _told(sentence: str, at: int) -> bool:
    """Whether the date phrase at ``at`` dates a statement: "a monitoring group said (late) on Monday",
    "told reporters on Monday", "said in a statement on Monday" (not "attacks were reported on Monday")."""
    words = [w.strip(",;:") for w in sentence[max(0, at - 40) : at].lower().split()]
    while words and words[-1] in _SAID_SKIP:
        words.pop()
    if not words:
        return False
    if words[-1] in _SAID_WORDS:
        return not (words[-1] == "reported" and len(words) > 1 and words[-2] in _PASSIVE)
    return "told" in words[-4:-1]


def event_date(sentence: str, ref: date | None, fallback: DateSpan | None = None) -> DateSpan | None:
    """The event's date from its sentence: the first date phrase; two exact days within a week ("on
    Saturday and Sunday") make a range. A dateline opening the sentence is not the event's date, nor, when
    the sentence names another, the day a source spoke ("... on Friday, a monitor said on Monday"). Without
    a phrase: ``fallback`` (an earlier sentence's date), else the document date with "days" precision (news
    reports the last day or two)."""
    found = find_date_phrases(sentence, ref)
    if (
        found
        and found[0][0] < 80
        and any(at < 80 and _MONTH_OR_DAY_RE.match(span.phrase) for at, span in found)
    ):
        dateline = _dateline_match(sentence)  # a day and a month open the sentence: perhaps its dateline
        # (not a date and a colon with no city: "March 5, 2016: Jets struck Aleppo" opens a timeline's entry)
        parts = dateline.groupdict() if dateline is not None else {}
        timeline = not parts.get("city") and (parts.get("sep") or "").strip().startswith(":")
        if dateline is not None and not timeline:
            found = [(at, span) for at, span in found if at >= dateline.end()]
    if len(found) > 1:
        events = [(at, span) for at, span in found if not _told(sentence, at)]
        found = events or found
    phrases = [span for _, span in found]
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
