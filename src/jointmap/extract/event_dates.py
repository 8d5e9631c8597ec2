"""Which date phrase of a sentence dates its event (:func:`event_date`): not a dateline, not a plan's day
("talks will resume on Monday"), not the day a source spoke when the sentence names another, not a year told
as the background of a day; without one, an earlier sentence's date or the document's last days.

The phrases and the span each names are :mod:`jointmap.extract.dates`'s; the words that tell a plan
(``FUTURE_MARKERS``) are also read by triggers.py.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from jointmap.extract.dates import (
    INLINE_LIMIT,
    SHIFT_DAYS,
    YEAR_RE,
    DateSpan,
    dateline_match,
    find_date_phrases,
    inline_dateline,
)

__all__ = ["FUTURE_MARKERS", "event_date", "future_pattern"]

# "a monitoring group said on Monday", "told reporters late on Monday": the words before a date phrase that
# make it the day a source spoke. Read off the few words before the phrase: faster than a pattern.
_SAID_WORDS = frozenset((
    "said", "says", "say", "announced", "reported", "stated", "added", "claimed", "confirmed", "declared",
    "denied", "warned", "wrote", "tweeted", "posted", "statement", "briefing", "interview",
))  # fmt: skip
_SAID_SKIP = frozenset(("on", "late", "early", "later", "earlier"))
_BE = ("is", "are", "was", "were", "be", "being", "been")  # "was reported on Monday": a passive
#: Words that put what follows in their clause in the future ("talks will resume on Monday", "they plan to
#: reach Madaya"): the one list a plan's day (_future) and a plan's event word (triggers.py) are read from,
#: so only words that tell a plan in both ("planned" alone also tells a past: "a well-planned attack").
FUTURE_MARKERS = (
    "will", "shall", "won't", "'ll", "upcoming", "expected to", "scheduled to", "planned to", "set to",
    "plan to", "plans to", "planning to", "intend to", "intends to", "hope to", "hopes to", "due to",
)  # fmt: skip
# "due to" tells a plan before one of these verbs ("is due to take effect", "was due to arrive"), a cause
# before anything else ("died due to shelling", "deaths were due to Russian air strikes").
_DUE_VERBS = (
    "take", "begin", "start", "come", "be", "resume", "hold", "meet", "open", "reopen", "end", "expire",
    "enter", "sign", "vote", "arrive", "return", "leave", "convene", "visit", "go", "run", "deliver",
    "storm", "attack", "launch", "strike", "shell", "bomb", "withdraw", "evacuate", "lift", "reach", "cross",
    "depart", "pull", "hand",
)  # fmt: skip
_DUE = rf"due to\b(?= (?:{'|'.join(_DUE_VERBS)})\b)"


def future_pattern(markers: tuple[str, ...]) -> str:
    """A pattern for any of ``markers`` (lower-case phrases: "'" stands for either apostrophe, "due to" for
    a plan's, see _DUE), to run on lower-cased text."""
    forms = (_DUE if m == "due to" else m + "|" + m.replace("'", "’") if "'" in m else m for m in markers)
    return f"(?:{'|'.join(forms)})\\b"


# A plan's day is not the past event's: "a truce is due to take effect on Monday", "talks will resume on
# Monday", "the talks scheduled for Monday". Read off the words of the date's clause, like _told.
_DAY_FUTURE_MARKERS = ("expected", "scheduled", "planned", "set for", "plans for", "planning for")
_FUTURE_DAY_RE = re.compile(
    rf"\b(?:{future_pattern(FUTURE_MARKERS + _DAY_FUTURE_MARKERS)}|(?:{'|'.join(_BE)}) due\b(?! to\b))"
)
# Words opening another clause: "Russia will push for talks after jets struck Douma on Sunday".
_CLAUSE_WORDS = frozenset((
    "and", "but", "while", "after", "before", "as", "when", "since", "because", "although", "though",
    "whereas", "then", "who", "which", "that", "where",
))  # fmt: skip
# The first words of the markers (but "plan", not also "plans"): a cheap test before the clause is read.
_FIRST_WORDS = {m.split()[0].replace("'", q) for m in FUTURE_MARKERS + _DAY_FUTURE_MARKERS for q in "'’"}
_FUTURE_HINTS = tuple(sorted(w for w in _FIRST_WORDS if not any(o != w and o in w for o in _FIRST_WORDS)))
_CLAUSE_CUT_RE = re.compile(r"[,;:()\[\]\"“”]")
_FUTURE_TOKEN_RE = re.compile(r"[\w'’]+")
_RANGE_NEXT_RE = re.compile(r"\s*(?:-|–|—|to\b|until\b|till\b|through\b|into\b|and\b)", re.I)
_MONTH_OR_DAY_RE = re.compile(r"\d|[A-Za-z]{3}")  # how a "dmy" or "mdy" phrase starts (not "on Monday")


def _told(sentence: str, at: int) -> bool:
    """Whether the date phrase at ``at`` dates a statement: "a monitoring group said (late) on Monday",
    "told reporters on Monday", "said in a statement on Monday" (not "attacks were reported on Monday")."""
    words = [w.strip(",;:") for w in sentence[max(0, at - 40) : at].lower().split()]
    while words and words[-1] in _SAID_SKIP:
        words.pop()
    if not words:
        return False
    if words[-1] in _SAID_WORDS:
        return not (words[-1] == "reported" and len(words) > 1 and words[-2] in _BE)
    return "told" in words[-4:-1]


def _future(sentence: str, at: int, phrase: str, since: int) -> bool:
    """Whether the date phrase at ``at`` is a plan's day: "next Monday", "a truce from Monday" (not "from
    Monday to Wednesday"), or future words in its clause before it ("is due to take effect on Monday", "talks
    will resume on Monday"; not past ``since``, the previous date phrase's end) or, when it opens its clause,
    just after it ("On Monday, the truce will take effect"; not "From Monday, jets pounded ...")."""
    lowered = phrase.lower()
    if lowered.startswith("next"):
        return True
    if lowered.startswith("since"):
        return False  # "the biggest defeat since July 2015" looks back, whatever the verb
    end = at + len(phrase)
    start = max(since, at - 60)
    starting = (
        lowered.startswith("from") and not lowered.endswith("'s") and not _RANGE_NEXT_RE.match(sentence, end)
    )
    near = sentence[start : end + 60].lower()
    if not starting and not any(map(near.__contains__, _FUTURE_HINTS)):
        return False  # most dates: no future word near (one pass before reading the clause)
    window = sentence[start:at]
    cuts = list(_CLAUSE_CUT_RE.finditer(window))
    before = _FUTURE_TOKEN_RE.findall(window[cuts[-1].end() :] if cuts else window)
    clause: list[str] = []
    for word in reversed(before):
        word = word.lower().replace("’", "'")
        if word in _CLAUSE_WORDS:
            break
        clause.append(word)
    clause.reverse()
    if clause:
        return starting or _FUTURE_DAY_RE.search(" ".join(clause)) is not None
    if lowered.endswith("'s"):
        return False  # "Sunday's attack will be investigated": the attack's day
    after = sentence[end : end + 60].lstrip(" ,")
    cut = _CLAUSE_CUT_RE.search(after)
    words = _FUTURE_TOKEN_RE.findall(after[: cut.start() if cut else 60])[:6]
    return _FUTURE_DAY_RE.search(" ".join(words).lower()) is not None


def event_date(sentence: str, ref: date | None, fallback: DateSpan | None = None) -> DateSpan | None:
    """The event's date from its sentence: the first date phrase; two exact days within a week ("on
    Saturday and Sunday") make a range. A dateline opening the sentence (or following its headline) is not
    the event's date, nor a plan's day ("a truce is due to take effect on Monday", see :func:`_future`), nor,
    when the sentence names another, the day a source spoke ("... on Friday, a monitor said on Monday").
    Without a phrase: ``fallback`` (an earlier sentence's date, unless a month or vaguer), else the document
    date with "days" precision (news reports the last day or two)."""
    found = find_date_phrases(sentence, ref)
    dateline = None
    if (
        found
        and found[0][0] < 80
        and any(at < 80 and _MONTH_OR_DAY_RE.match(span.phrase) for at, span in found)
    ):
        dateline = dateline_match(sentence)  # a day and a month open the sentence: perhaps its dateline
        # (not a date and a colon with no city: "March 5, 2016: Jets struck Aleppo" opens a timeline's entry)
        parts = dateline.groupdict() if dateline is not None else {}
        if not parts.get("city") and (parts.get("sep") or "").strip().startswith(":"):
            dateline = None
    if dateline is None and any(at < INLINE_LIMIT and YEAR_RE.search(span.phrase) for at, span in found):
        dateline = inline_dateline(sentence)  # after a headline: "... in Douma AFP Sunday 26 Jul 2015 ..."
    if dateline is not None:
        found = [(at, span) for at, span in found if at >= dateline.end()]
    if len(found) > 1:
        events = [(at, span) for at, span in found if not _told(sentence, at)]
        found = events or found
    if found:
        past: list[tuple[int, DateSpan]] = []
        since = 0
        for at, span in found:
            if not _future(sentence, at, span.phrase, since):
                past.append((at, span))
            since = at + len(span.phrase)
        found = past  # none left: a plan's sentence, dated like one without a date
    # "the council of Daraya, which has been under siege since 2012", "the depot where evacuees had waited the
    # day before": how long the place has been so, or another thing's day, not when the event was
    found = [(at, span) for at, span in found if not _relative_background(sentence, at, span.phrase)]
    days = [(at, span) for at, span in found if span.precision < 5]
    if days and not all(_reporting_day(sentence, at, span.phrase) for at, span in days):
        # "Talbiseh, besieged since 2012, was bombed on Monday", "the hospital, bombed in 2015, was bombed
        # again on Monday": a year alone is the background of a sentence that tells a day (not of "jets bombed
        # Douma in 2013, a report published on Monday said": that day is the report's)
        found = [(at, span) for at, span in found if not _YEAR_PHRASE_RE.fullmatch(span.phrase)]
    phrases = [span for _, span in found]
    if phrases:
        first = phrases[0]
        if len(phrases) > 1 and first.precision == 1 and phrases[1].precision == 1:
            second = phrases[1]
            lo, hi = min(first.start, second.start), max(first.end, second.end)
            if (hi - lo).days <= 6:
                return DateSpan(lo, hi, 1 if lo == hi else 2, f"{first.phrase} … {second.phrase}")
        if ref is not None and first.start > ref + timedelta(days=2):
            return _undated(ref, fallback)  # a future date: a plan, not the event
        shift = SHIFT_DAYS.get(first.phrase.lower())
        if shift is not None and fallback is not None and fallback.precision <= 2:
            # "The previous day, ...": the day before the one told (before the first of the days told)
            d = (fallback.start if shift < 0 else fallback.end) + timedelta(days=shift)
            if ref is not None and d > ref:
                return first
            return DateSpan(d, d, 1, first.phrase)
        return first
    return _undated(ref, fallback)


_YEAR_PHRASE_RE = re.compile(r"(?i:in|since|during|throughout)\s+(?:(?:early|mid|late)[-\s]+)?\d{4}")
# "..., a report published on Monday said", "..., the monitor said on Monday": the day a report came out.
_REPORTING_AFTER_RE = re.compile(
    r"\s+(?:\w+\s+){0,2}?(?:said|says|reported|stated|added|found|showed|concluded|revealed|documented|"
    r"confirmed|wrote)\b",
    re.I,
)
# "Amnesty said in a report on Monday", "a report issued on Monday", "findings released Tuesday"
_REPORTING_BEFORE_RE = re.compile(
    r"(?:\b(?:said|says|wrote)\s+in\s+(?:a|its|their)\s+(?:report|statement)\s+|"
    r"\b(?:published|released|issued|presented)\s+)$",
    re.I,
)


# A relative clause open before here ("Daraya, which has been besieged since 2012", "the depot where evacuees
# had waited the day before"; not "said that": what was said).
_RELATIVE_BEFORE_RE = re.compile(
    r"\b(?:which|who|whom|where|when|(?<!said )(?<!says )(?<!say )that)\b[^,;.]{0,80}$", re.I
)


def _relative_background(sentence: str, at: int, phrase: str) -> bool:
    """A date phrase that a relative clause tells of something else: a "since YEAR" that closes one ("Daraya,
    which has been besieged since 2012, ..."; not "shelling that has hit the town since 2016 killed 20",
    whose clause goes on to the event), or a day told from the event ("a bus depot where evacuees had waited
    since the day before")."""
    if _RELATIVE_BEFORE_RE.search(sentence, max(0, at - 80), at) is None:
        return False
    if phrase.lower() in SHIFT_DAYS:
        return True
    return (
        phrase[:5].lower() == "since"
        and _YEAR_PHRASE_RE.fullmatch(phrase) is not None
        and sentence[at + len(phrase) :].lstrip()[:1] in (",", ".", ";", "")
    )


def _reporting_day(sentence: str, at: int, phrase: str) -> bool:
    return (
        _told(sentence, at)
        or _REPORTING_AFTER_RE.match(sentence, at + len(phrase)) is not None
        or _REPORTING_BEFORE_RE.search(sentence, max(0, at - 80), at) is not None
    )


def _undated(ref: date | None, fallback: DateSpan | None) -> DateSpan | None:
    """The date of a sentence without one: ``fallback``, else the document's last days."""
    if fallback is not None and fallback.precision <= 3:
        return fallback
    # A month or longer told before ("In May, 60 were killed ...") is background: the sentences after it
    # are back to the news' days.
    if ref is not None:
        return DateSpan(ref - timedelta(days=1), ref, 2, "")
    return fallback
