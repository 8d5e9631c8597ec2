"""Date phrases in news text and the span each names, resolved against the document's date ("on Thursday" →
the Thursday before it); the document's own date, from its dateline.

Regular expressions, not a general date parser: dateparser's ``search_dates`` ran at ~20 FA-KES articles/s
here, far below the extraction target; the phrases news uses for event dates are few. Which phrase of a
sentence dates its event is :mod:`jointmap.extract.event_dates`'s.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from dataclasses import dataclass
from datetime import date, timedelta

from jointmap.extract.text import Caseless, may_contain

__all__ = [
    "INLINE_LIMIT",
    "SHIFT_DAYS",
    "YEAR_RE",
    "DateSpan",
    "dateline_match",
    "document_date",
    "find_date_phrases",
    "inline_dateline",
    "year_span",
]

# The months in order, each with its short forms: the one table every month name and pattern below is built
# from. Each form starts with the first three letters of the name (its stem).
_MONTH_TABLE = (
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
    ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
    ("december", "dec"),
)  # fmt: skip
_MONTHS = {form: i for i, forms in enumerate(_MONTH_TABLE, start=1) for form in forms}
_MONTH_STEMS = tuple(forms[0][:3] for forms in _MONTH_TABLE)
_MONTH_FULL = "|".join(forms[0] for forms in _MONTH_TABLE)  # "january|february|..."


def _stem_and_rest(forms: tuple[str, ...]) -> str:
    """A month's forms as one branch, its stem and the optional rest: "jan(?:uary)?", "sep(?:tember|t)?"."""
    rests = sorted({form[3:] for form in forms} - {""}, key=len, reverse=True)
    return forms[0][:3] + (f"(?:{'|'.join(rests)})?" if rests else "")


_MON = rf"(?P<mon>{'|'.join(map(_stem_and_rest, _MONTH_TABLE))})\.?"
_WEEKDAY_NAMES = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_WEEKDAYS = {d: i for i, d in enumerate(_WEEKDAY_NAMES.split("|"))}
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
# A second day closing a range: "June 9-10", "9 to 12 June", "9 and 12 June" (not "on May 3 and 12 civilians
# died": a figure then a word but "of" or a month is a count; the pattern runs on lower-cased text).
_DAY2 = (
    r"(?:(?:\s*(?:-|–|—|to|until|through)\s*|\s+and\s+(?=[0-3]?\d(?:st|nd|rd|th)?\b"
    rf"(?!\s+(?!of\b|{'|'.join(_MONTH_STEMS)})[a-z])))"
    r"(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?)?"
)
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_ISO = rf"\b{_YEAR}-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b"
_WD = rf"(?P<wd>{_WEEKDAY_NAMES})"
# A day told from the day told before ("On Monday jets struck A. The previous day, ..."): one before or after
# it (see event_dates.event_date); not "the day before the truce", a day named by an event.
SHIFT_DAYS = {
    "the previous day": -1, "the day before": -1, "a day earlier": -1, "the previous night": -1,
    "the night before": -1, "the following day": 1, "the next day": 1, "a day later": 1,
}  # fmt: skip
_SHIFT = rf"(?:{'|'.join(SHIFT_DAYS)})(?!\s+(?:the|a|an|its|his|her|their|that|this)\b)"
_REL = (
    r"(?P<rel>yesterday|today|tonight|this morning|this afternoon|this evening|last night|overnight|"
    r"last weekend|this weekend|the weekend|past weekend|"
    r"earlier this week|this week|last week|earlier this month|this month|last month|"
    r"past (?:24|48) hours|past week|past few days|recent days|"
    r"(?:past|last) (?P<pn>two|three|four|five|six|[2-6]) days|"
    r"the day before yesterday|"
    rf"(?P<shift>{_SHIFT}))"
)
_WORD_COUNTS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_COUNT = rf"(?P<n>{'|'.join(_WORD_COUNTS)}|[1-9]\d?|a couple of|a few|several)"
# A part of a month: "in early May", "mid-May", "at the end of May 2016".
_PART = r"early|mid|late|end of|beginning of|start of|middle of"
_MONTH_NAME = rf"(?P<mon>{_MONTH_FULL})"
# "overnight Monday", "overnight into Tuesday", "overnight Monday to Tuesday": a night, across two days (tried
# where the relative phrases found "overnight").
_NIGHT = Caseless(
    rf"overnight\s+(?:(?P<into>into|to)\s+|on\s+|from\s+)?{_WD}\b"
    rf"(?:\s+(?:into|to)\s+(?P<wd2>{_WEEKDAY_NAMES})\b)?"
)
# A capitalised month's name: the cheap test before the "mon" pattern (a month without its year).
_MONTH_CAP_RE = re.compile(rf"(?:{_MONTH_FULL.title()})\b")
_PATTERNS: list[tuple[str, Caseless]] = [
    ("iso", Caseless(_ISO)),
    ("dmy", Caseless(rf"\b{_DAY}{_DAY2}\s+(?:of\s+)?{_MON}(?:,?\s+{_YEAR})?\b")),
    ("mdy", Caseless(rf"\b{_MON}\s+{_DAY}{_DAY2}(?:,?\s+{_YEAR})?\b(?!\s*(?:km|kilomet|mile|people|dead))")),
    ("wd", Caseless(rf"\b(?:(?:on|late|early|last|next|this|since|from|by)\s+)?{_WD}(?:'s)?\b")),
    # "on the 12th": a day of the month told alone (not "on the 4th Division", "the 12th of May": a month's)
    (
        "nth",
        Caseless(
            r"\bon the (?P<day>[1-3]?\d)(?:st|nd|rd|th)"
            r"(?:\s+and\s+(?:the\s+)?(?P<day2>[1-3]?\d)(?:st|nd|rd|th))?\b"
            r"(?=\s*(?:[,.;:)]|$|(?:and|at|in|when|as|after|before|morning|evening|night|afternoon)\b))"
        ),
    ),
    # "three days ago" shares the relative phrases' test for a word they need (one test per sentence).
    ("rel", Caseless(rf"\b(?:{_REL}|{_COUNT}\s+(?P<unit>hour|day|week|month)s?\s+ago)\b")),
    (
        "my",
        Caseless(
            rf"\b(?:(?P<pre>in|since|during|of)\s+(?:the\s+)?(?:(?P<part>{_PART})[-\s]+)?|"
            rf"(?P<part2>early|mid|late)[-\s]+){_MON},?\s+{_YEAR}\b"
        ),
    ),
    # A year alone: "in 2013", "since 2011", "in early 2014" (after the kinds with a month: "in May 2013" is
    # theirs); not a figure that counts ("in 2015 strikes" is still a year; "2015-16", "2013 km" are not).
    (
        "year",
        Caseless(
            r"\b(?P<pre>in|since|during|throughout)\s+(?:(?P<part>early|mid|late)[-\s]+)?"
            rf"{_YEAR}\b(?![-–/]\d|\s*(?:km|kilomet|mile|people|dead|%))"
        ),
    ),
]
# A month without its year, told with a preposition or a part ("in May", "since March", "mid-May"): the latest
# such month (not "in May of last year"); only a capitalised name (not "in may be": a verb; see
# find_date_phrases).
_NO_YEAR = Caseless(
    rf"\b(?:(?P<pre>in|since|during|until|by)\s+(?:the\s+)?(?:(?P<part>{_PART})[-\s]+)?|"
    rf"(?:at\s+)?(?:the\s+)?(?P<part2>{_PART})[-\s]+){_MONTH_NAME}\b(?!,?\s+(?:\d|of\b))"
)
# A dateline's weekday before its date: "Sunday,", "Sun.", "SUNDAY" (in patterns that heed case elsewhere).
_LEAD_WD = rf"(?:(?i:(?:{'|'.join(d[:3] for d in _WEEKDAYS)})[a-z]*)\.?\s*,?\s*)?"
_LEAD = rf"^\W*(?:[A-Z][A-Za-z .'/-]{{1,40}},?\s*)?{_LEAD_WD}"
_DAY_MONTH = (rf"{_DAY}\s+{_MON}", rf"{_MON}\s+{_DAY}")
# The first line's: plain re.I (the dateline's lead is case-sensitive).
_DATELINES = tuple(re.compile(rf"{_LEAD}{day_month},?\s+{_YEAR}", re.I) for day_month in _DAY_MONTH)


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
        rf"{_LEAD_WD}(?i:{day_month})(?:,?\s+{_YEAR})?\b"
        r"(?P<sep>\s*(?:\([^()\n]{1,40}\)\s*)?(?:[-–—:|](?!\s*\d)|$))?"
    )


_STRICT_DATELINES = (
    _dateline(rf"{_DAY}\s+(?:of\s+)?{_MON}"),
    _dateline(rf"{_MON}\s+{_DAY}(?![-–]\d)"),
)
_DATELINE_LINES = 6  # a headline, a byline, ... then the dateline
_ISO_ANY_RE = re.compile(_ISO)
# A dateline inside a line, after a headline: a title joined to its body ("Air strikes kill 9 in Douma AFP
# Sunday 26 Jul 2015 Warplanes struck ..."). A capitalised weekday, a full date with its year, then a capital
# opening the body (not a comma: "on Sunday 26 Jul 2015, jets ..." is an event's date; see _INLINE_NOT).
_INLINE_DATELINES = tuple(
    re.compile(
        r"(?<=\s)(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)(?:day)?\.?,?\s+"
        rf"(?i:{day_month}),?\s+{_YEAR}(?=\s*(?:[-–—:|]\s*)?[A-Z0-9\"“‘'(]|\s*$)"
    )
    for day_month in _DAY_MONTH
)
INLINE_LIMIT = 400  # a headline told twice, then the dateline
# The word before a weekday and a full date that make it an event's or a source's day, not a dateline.
_INLINE_NOT = frozenset((
    "on", "since", "from", "until", "till", "by", "before", "after", "of", "and", "or", "to", "between",
    "last", "this", "next", "late", "early", "than", "at", "for", "in", "during", "said", "says",
))  # fmt: skip
YEAR_RE = re.compile(_YEAR)


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


def _matched_day(m: re.Match[str]) -> date | None:
    return _safe(int(m["year"]), _month(m["mon"]), int(m["day"]))


def dateline_match(text: str, pos: int = 0) -> re.Match[str] | None:
    """A dateline starting at ``pos`` (see :func:`_dateline`): its match, else None."""
    for pattern in _STRICT_DATELINES:
        m = pattern.match(text, pos)
        if m and (m["city"] or m["year"] or m["sep"]):
            return m
    return None


def inline_dateline(text: str) -> re.Match[str] | None:
    """A dateline after a headline on the same line (see _INLINE_DATELINES) in the first characters of
    ``text``: its match, else None."""
    head = text[:INLINE_LIMIT]
    for pattern in _INLINE_DATELINES:
        for m in pattern.finditer(head):
            before = head[max(0, m.start() - 12) : m.start()].split()
            if not before or before[-1].lower().rstrip(",") not in _INLINE_NOT:
                return m
    return None


def document_date(text: str, given: date | None = None) -> date | None:
    """The date of the document: ``given`` (a date column), else a dateline at the start of one of its
    first lines (after a headline, a byline), or after a headline on its line."""
    if given is not None:
        return given
    head = text[:600]
    for pattern in _DATELINES:  # the first line: any lead before the date
        m = pattern.match(head)
        if m:
            return _matched_day(m)
    pos = 0
    for _ in range(_DATELINE_LINES):
        m = dateline_match(head, pos)
        if m and m["year"]:
            return _matched_day(m)
        pos = head.find("\n", pos) + 1
        if pos == 0:
            break
        while pos < len(head) and head[pos] in " \t\r\n":
            pos += 1
    inline = inline_dateline(head)
    if inline is not None:
        return _matched_day(inline)
    iso = _ISO_ANY_RE.search(head[:200])
    if iso:
        return _safe(int(iso["year"]), int(iso["mnum"]), int(iso["day"]))
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
        return _month_span(int(m["year"]), _month(m["mon"]), m, ref, phrase)
    if kind == "year":
        return _year_span(int(m["year"]), m["part"] or "", m["pre"].lower() == "since", ref, phrase)
    if ref is None:
        return None
    if kind == "mon":
        month = _month(m["mon"])
        return _month_span(ref.year if month <= ref.month else ref.year - 1, month, m, ref, phrase)
    if kind == "night":
        return _night(m, ref, phrase)
    if kind == "nth":
        day = int(m["day"])
        month_ago = ref.replace(day=1) - timedelta(days=1)
        # the latest such day up to the document's (not the 31st of a short month)
        d = _safe(ref.year, ref.month, day) if day <= ref.day else None
        d = d or _safe(month_ago.year, month_ago.month, day)
        end = _safe(d.year, d.month, int(m["day2"])) if d and m["day2"] else None
        if d and end is not None and d < end <= ref:
            return _ranged(d, end, phrase)  # "on the 19th and 20th"
        return DateSpan(d, d, 1, phrase) if d else None
    if kind == "wd":
        lowered = phrase.lower()
        if lowered.startswith("next"):  # a plan's day (see event_dates._future): the coming one
            ahead = (_WEEKDAYS[m["wd"].lower()] - ref.weekday()) % 7 or 7
            d = ref + timedelta(days=ahead)
            return DateSpan(d, d, 1, phrase)
        back = (ref.weekday() - _WEEKDAYS[m["wd"].lower()]) % 7
        if lowered.startswith("last") and back == 0:
            back = 7
        d = ref - timedelta(days=back)
        if lowered.startswith("since"):
            return _ranged(d, ref, phrase)  # "since Monday": Monday to the document's day
        return DateSpan(d, d, 1, phrase)
    if m["unit"]:
        return _ago(m["n"], m["unit"], ref, phrase)
    rel = m["rel"].lower()
    if m["pn"]:  # "over the past three days": like "past 48 hours", up to the document's day
        n = _WORD_COUNTS.get(m["pn"]) or int(m["pn"])
        return _ranged(ref - timedelta(days=n), ref, phrase)
    if rel.endswith("weekend"):
        if rel == "this weekend" and ref.weekday() == 4:
            # Said on a Friday, "this weekend" is the coming one, not six days back (a future verb makes it a
            # plan, see event_dates._future; a past one most likely means the document's date is a day or two
            # early).
            return _ranged(ref + timedelta(days=1), ref + timedelta(days=2), phrase)
        saturday = ref - timedelta(days=(ref.weekday() - 5) % 7)  # on or before the document's day
        if rel == "last weekend" and saturday >= ref - timedelta(days=1):
            saturday -= timedelta(days=7)  # said on the weekend itself: the one before
        return _ranged(saturday, min(saturday + timedelta(days=1), ref), phrase)
    if m["shift"]:
        # against the document's day until event_date finds the day told before
        d = ref + timedelta(days=SHIFT_DAYS[m["shift"]])
        if d > ref:
            return DateSpan(ref - timedelta(days=1), ref, 2, phrase)  # "a day later" than a day not told
        return DateSpan(d, d, 1, phrase)
    spans = {
        "the day before yesterday": (2, 2, 1),
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


def _month_span(year: int, month: int, m: re.Match[str], ref: date | None, phrase: str) -> DateSpan:
    """A month, or the part of it told ("early May": 1–10, "mid-May": 11–20, "late May": 21 to its end);
    "since May" runs to ``ref``; the current month ends at ``ref``."""
    first = date(year, month, 1)
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    part = m["part"] or m["part2"] or ""
    if part in ("early", "beginning of", "start of"):
        last = first.replace(day=10)
    elif part in ("mid", "middle of"):
        first, last = first.replace(day=11), first.replace(day=20)
    elif part:  # late, end of
        first = first.replace(day=21)
    if ref is not None and first <= ref:
        if m["pre"] == "since":
            return DateSpan(first, ref, _precision(first, ref), phrase)
        last = min(last, ref)
    return DateSpan(first, last, 4, phrase)


def year_span(year: int, ref: date | None, phrase: str) -> DateSpan:
    """A year named in a phrase that is not a date phrase ("the 2013 Ghouta attack"): that year, the
    current one up to ``ref``."""
    return _year_span(year, "", False, ref, phrase)


def _year_span(year: int, part: str, since: bool, ref: date | None, phrase: str) -> DateSpan:
    """A year, or the third of it told ("early 2014": January to April); "since 2011" runs to ``ref``; the
    current year ends at ``ref``."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    if part == "early":
        last = date(year, 4, 30)
    elif part == "mid":
        first, last = date(year, 5, 1), date(year, 8, 31)
    elif part == "late":
        first = date(year, 9, 1)
    if ref is not None and first <= ref:
        last = ref if since else min(last, ref)
    return DateSpan(first, last, 5, phrase)


def _night(m: re.Match[str], ref: date, phrase: str) -> DateSpan:
    """ "overnight Monday": Monday and the morning after (only Monday when that is the document's day);
    "overnight into Tuesday": Monday and Tuesday; "overnight Monday to Tuesday": those two."""
    wd = _WEEKDAYS[m["wd"].lower()]
    d = ref - timedelta(days=(ref.weekday() - wd) % 7)
    if m["into"]:
        return _ranged(d - timedelta(days=1), d, phrase)
    if m["wd2"]:
        return _ranged(d, d + timedelta(days=(_WEEKDAYS[m["wd2"].lower()] - wd) % 7 or 1), phrase)
    return _ranged(d, min(d + timedelta(days=1), ref), phrase)


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
_APPOSED_RE = re.compile(r",?\s{1,3}(?:the\s+)?")
_MONTH_KINDS = frozenset(("dmy", "mdy", "my"))  # each needs a figure and a month


_Found = list[tuple[int, int, DateSpan, str]]  # start, end, span, kind


def find_date_phrases(text: str, ref: date | None) -> list[tuple[int, DateSpan]]:
    """Every date phrase in ``text`` with its offset, resolved against ``ref``; overlapping ones dropped."""
    found: _Found = []
    # Cheap tests first: the kinds with a month need a figure and a month's name, "iso" a figure and a hyphen;
    # the others skip a text without a word they need (a weekday, a relative phrase: see Caseless.needs).
    digits = _DIGIT_RE.search(text) is not None
    months = digits and may_contain(text, _MONTH_STEMS)
    for kind, pattern in _PATTERNS:
        if kind in _MONTH_KINDS:
            if not months:
                continue
        elif (kind == "iso" and not (digits and "-" in text)) or (kind in ("year", "nth") and not digits):
            continue
        for m in pattern.finditer(text):
            _add(found, kind, m, text, ref)
    if (months or not digits) and _MONTH_CAP_RE.search(text) is not None:  # (months: tested with a figure)
        # A month without its year: its pattern opens with a word list, slow to run over a whole sentence;
        # read around each capitalised name only (the longest lead: "since the beginning of ").
        for cap in _MONTH_CAP_RE.finditer(text):
            for m in _NO_YEAR.finditer(text, max(0, cap.start() - 30), cap.end() + 8):
                if m.start("mon") == cap.start():
                    _add(found, "mon", m, text, ref)
    if len(found) < 2:
        return [(s, span) for s, _, span, _ in found]
    # (found is in text order: see _add) "on Tuesday, 12 April": the weekday names the date that follows it
    # (resolved on its own, it would be the last Tuesday before the document).
    return [
        (s, span)
        for i, (s, e, span, kind) in enumerate(found)
        if not (
            kind == "wd"
            and i + 1 < len(found)
            and found[i + 1][3] in ("dmy", "mdy")
            and _APPOSED_RE.fullmatch(text, e, found[i + 1][0])
        )
    ]


def _overlaps(found: _Found, start: int, end: int) -> bool:
    """Whether a phrase found before overlaps ``start:end``. ``found`` is kept in text order and its phrases
    do not overlap, so only the last one starting before ``end`` can (bisected: a scan would be quadratic)."""
    i = bisect_left(found, end, key=_start_of) - 1
    return i >= 0 and found[i][1] > start


def _start_of(f: tuple[int, int, DateSpan, str]) -> int:
    return f[0]


def _add(found: _Found, kind: str, m: re.Match[str], text: str, ref: date | None) -> None:
    """Resolve a match of ``kind`` and keep it unless it overlaps a phrase found before."""
    if kind == "mdy" and m["mon"].lower() == "may" and not m["year"] and not text[m.start()].isupper():
        return  # "may 5" is usually the verb
    if kind == "wd" and not text[m.start("wd")].isupper():
        return
    if kind == "rel" and m["rel"] == "overnight":
        night = _NIGHT.match(text, m.start())
        if night is not None and text[night.start("wd")].isupper():
            m, kind = night, "night"  # the weekday found on its own is the night's
            found[:] = [f for f in found if not (f[0] < m.end() and m.start() < f[1])]
    span = _resolve(kind, m, ref, text[m.start() : m.end()])
    if (
        span is not None
        and ref is not None
        and kind in ("dmy", "mdy", "iso")
        and span.start < ref
        and text[max(0, m.start() - 6) : m.start()].lower() == "since "
    ):
        span = _ranged(span.start, ref, span.phrase)  # "since June 9"
    if span is not None and not _overlaps(found, m.start(), m.end()):
        insort(found, (m.start(), m.end(), span, kind), key=_start_of)
