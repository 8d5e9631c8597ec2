"""Merging the sentences about one event into one incident, marking what is background, and ranking
incidents by how central they are to the document (the first is the one it is chiefly about)."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import replace

from jointmap.domain.events import event_type_of
from jointmap.extract.dates import DateSpan
from jointmap.extract.events import ATTACK_NOUN, CLAIMED_RE, Event
from jointmap.extract.fatalities import tells_whole_war
from jointmap.extract.placementions import PlaceMention
from jointmap.extract.results import FoundPlace

__all__ = ["centrality", "governorate_shares", "merge", "tolls_agree"]

#: Older than the latest date of a document's events by more than this: background, not the news.
_BACKGROUND_DAYS = 60
# An event named by a noun ("the strikes") after a determiner that points back to one told before.
_EVENT_NOUN_RE = re.compile(
    rf"{ATTACK_NOUN}|attacks?|bombings?|bombardments?|blasts?|explosions?|clash(?:es)?|fighting|killings?|"
    r"massacres?|raids?|incidents?",
    re.I,
)
_DEFINITE_BEFORE_RE = re.compile(
    r"\b(?:the|this|that|these|those|its|their|such)\s+(?:[\w'-]+\s+){0,2}$", re.I
)
# A casualty word that tells more of an event named before: "the injured were taken to hospital", "the toll
# rose to 30", "others were wounded in the attack" (a definite event noun after it in the sentence).
_CASUALTY_WORD_RE = re.compile(r"injured|wounded|killed|dead|died|casualties|death toll|toll", re.I)
_DEFINITE_EVENT_AFTER_RE = re.compile(
    rf"\b(?:the|this|that|these|those|its|their)\s+(?:[\w'-]+\s+){{0,2}}(?:{_EVENT_NOUN_RE.pattern})\b", re.I
)


def merge(events: list[Event]) -> list[Event]:
    """Sentences about the same event (same place, same event type, dates that can be one) become one
    incident; an event dated long before the document's latest is marked background."""
    out: list[Event] = []
    for e in events:
        if _refers_back(e) and (not out or _same_event_time(out[-1], e)):
            # "Activists could not confirm who carried out the strikes", "The strikes killed five": the latest
            # event of its kind told before; none when that was only an accusation
            told = _told_before(out, e)
            if told is not None:
                # (its actors are borrowed from further on; a claim of responsibility gives its own)
                _absorb(told, e if CLAIMED_RE.search(e.sentence.text) else replace(e, actors=(None, None)))
                continue
            if not e.tolls[1]:
                continue
        key = _place_key(e.place)
        twin = next(
            (
                o
                for o in out
                if key is not None
                and _place_key(o.place) == key
                and event_type_of(o.sub) is event_type_of(e.sub)
                and _same_event_time(o, e)
            ),
            None,
        )
        if twin is None:
            out.append(e)
            continue
        _absorb(twin, e)
    war = [tells_whole_war(e.sentence.text, e.trigger_at - e.sentence.start, _word_end(e)) for e in out]
    if not all(war):
        # "More than 280,000 people have been killed since the war began": told beside the news, not an
        # incident (alone, it is what the document reports)
        out = [e for e, whole in zip(out, war, strict=True) if not whole]
    latest = max((e.when.end for e in out if e.when is not None), default=None)
    if latest is not None:
        for e in out:
            e.background = e.when is not None and (latest - e.when.end).days > _BACKGROUND_DAYS
    if any(not _told_as_before(e) and (_told_day(e) or e.tolls[1]) for e in out):
        for e in out:
            # "Last week, strikes near Manbij killed more than 100", beside news of its own (a day the text
            # tells, or a toll): told as before the news (not in a weekly roundup, where it is the news)
            e.background = e.background or _told_as_before(e)
    return out


def _word_end(e: Event) -> int:
    return e.trigger_at - e.sentence.start + len(e.trigger)


def _told_before(out: list[Event], e: Event) -> Event | None:
    """The event before ``e`` (the last one told can be at ``e``'s time) that ``e`` names again: the last
    one told for a generic noun ("the attack", "the strikes"); the latest of its kind for a noun of one kind
    ("the air strikes" after a strike and a shelling)."""
    if not out:
        return None
    if _GENERIC_NOUN_RE.fullmatch(e.trigger) or _CASUALTY_WORD_RE.fullmatch(e.trigger):
        return out[-1]  # "the attack", "the strikes", "the injured": what was told last
    fits = [o for o in out if _same_event_time(o, e)]
    kind = event_type_of(e.sub)
    return next(
        (o for o in reversed(fits) if o.sub is e.sub),
        next((o for o in reversed(fits) if event_type_of(o.sub) is kind), out[-1]),
    )


# Event nouns that name any kind of event ("the attack"), unlike "the air strikes" or "the shelling".
_GENERIC_NOUN_RE = re.compile(r"attacks?|strikes?|incidents?|assaults?|raids?|killings?", re.I)


def _absorb(twin: Event, e: Event) -> None:
    """``e`` tells ``twin`` again: more support, a higher toll, a perpetrator it lacked."""
    twin.support += 1
    if e.tolls[1] > twin.tolls[1]:
        twin.tolls = e.tolls
    if twin.actors[0] is None and e.actors[0] is not None:
        target = twin.actors[1] or e.actors[1]
        twin.actors = (e.actors[0], None if target and target.actor == e.actors[0].actor else target)
    elif (
        twin.actors[0] is not None
        and twin.actors[1] is None
        and e.actors[1] is not None
        and e.actors[0] is not None
        and e.actors[0].actor == twin.actors[0].actor
        and e.actors[1].actor != twin.actors[0].actor
    ):
        # a target it lacked, told where the same side is named again ("Russian strikes kill 10", then
        # "Russian air strikes killed ten civilians")
        twin.actors = (twin.actors[0], e.actors[1])
    twin.civilians = twin.civilians or e.civilians


def _refers_back(e: Event) -> bool:
    """Whether the event is only named again ("the strikes", "that attack", "the injured were taken to
    hospital", "others were wounded in the attack"): a definite event noun, or a casualty word that is
    definite or followed by one, in a sentence with no place or actor of its own."""
    sentence = e.sentence
    if e.index == 0 or e.own_place:  # (a title refers to none)
        return False
    noun = _EVENT_NOUN_RE.fullmatch(e.trigger) is not None
    if not noun and not _casualty_of_named(e):
        return False
    if any(a is not None and sentence.start <= a.start < sentence.end for a in e.actors) and not (
        CLAIMED_RE.search(sentence.text)
    ):
        return False  # (a side claiming "the attack" names it again, and says whose it was)
    at = e.trigger_at - sentence.start
    return not noun or _DEFINITE_BEFORE_RE.search(sentence.text, max(0, at - 40), at) is not None


def _casualty_of_named(e: Event) -> bool:
    if _CASUALTY_WORD_RE.fullmatch(e.trigger) is None:
        return False
    at = e.trigger_at - e.sentence.start
    if _DEFINITE_BEFORE_RE.search(e.sentence.text, max(0, at - 40), at) is not None:
        return True  # "the injured persons", "the death toll"
    return _DEFINITE_EVENT_AFTER_RE.search(e.sentence.text, at) is not None


def _same_time(a: DateSpan | None, b: DateSpan | None) -> bool:
    """Whether two events' dates can be one event's: unless both are told ("on Monday", not the document's
    date) and do not overlap."""
    if a is None or b is None or not a.phrase or not b.phrase:
        return True
    return a.start <= b.end and b.start <= a.end


def _same_event_time(a: Event, b: Event) -> bool:
    """:func:`_same_time`, and not when one event's own sentence tells a vague span as before ("Earlier this
    month, strikes killed dozens") beside a day: it contains the day only because it is vague."""
    return _same_time(a.when, b.when) and not (_looks_back(a, b) or _looks_back(b, a))


# A span told as before the news: "earlier this month", "last week", "since June" (not "since Wednesday
# afternoon", the fighting of the day, still going on; nor "over the past week", a roundup's news).
_EARLIER_RE = re.compile(
    r"\b(?:earlier|last|previous)\b|\bsince\s+(?:(?:early|late|mid)[- ]?|\d{1,2}(?:st|nd|rd|th)?\s+)?"
    r"(?:(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?|\d{4}|spring|summer|autumn|fall|winter|"
    r"the\s+(?:start|beginning))\b",
    re.I,
)


def _told_as_before(e: Event) -> bool:
    """Whether ``e``'s own sentence dates it with a span told as before the news ("earlier this month"), not
    in a clause of its own ("beheaded eight militants who had surrendered ... last week")."""
    v = e.when
    if v is None or v.precision < 3 or not v.phrase or _EARLIER_RE.search(v.phrase) is None:
        return False
    at = e.sentence.text.find(v.phrase)  # its own, not a date carried from the sentence before
    return at >= 0 and not _SUBCLAUSE_BEFORE_RE.search(e.sentence.text, max(0, at - 80), at)


# A relative or time clause the date may belong to instead of the event ("who had surrendered ... last week").
_SUBCLAUSE_BEFORE_RE = re.compile(r"\b(?:who|which|that|whom|whose|after|when|since|until)\b[^,;.]*$", re.I)


def _told_day(e: Event) -> bool:
    """Whether ``e``'s own sentence tells its day ("on Tuesday"), not the article's or the sentence before."""
    d = e.when
    return d is not None and d.precision <= 2 and bool(d.phrase) and d.phrase in e.sentence.text


def _looks_back(vague: Event, day: Event) -> bool:
    if not _told_as_before(vague):
        return False
    if _told_day(day):
        return True
    # a day the article gives ("Jets kill 15 near Manbij" over "last week ... killed more than 100"): one
    # event only when both tell a toll and the tolls agree ("Jets kill 20 in Idlib" over "killed 20 ...
    # earlier this week")
    # ("since June" tells a running total, never the headline's one event)
    since = vague.when is not None and vague.when.phrase.lower().startswith("since")
    return since or not (vague.tolls[1] and day.tolls[1] and tolls_agree(vague.tolls, day.tolls))


def tolls_agree(a: tuple[int, int, int], b: tuple[int, int, int]) -> bool:
    """Whether two tolls can be one event's as two reports tell it: ranges that meet ("dozens" and 34), or
    figures within a quarter of each other ("11" and "at least 12": tolls rise as the day goes on)."""
    return (a[0] <= b[2] and b[0] <= a[2]) or abs(a[1] - b[1]) <= max(2, max(a[1], b[1]) // 4)


def _place_key(place: FoundPlace | None) -> tuple[object, ...] | None:
    if place is None:
        return None
    return (place.geonameid, place.mention.lower() if not place.resolved else "")


def governorate_shares(places: list[PlaceMention]) -> dict[str, float]:
    """Share of the document's resolved place mentions in each governorate."""
    counts: Counter[str] = Counter(
        p.candidate.admin1_code for p in places if p.candidate is not None and p.candidate.admin1_code
    )
    total = sum(counts.values())
    return {code: n / total for code, n in counts.items()} if total else {}


def centrality(e: Event) -> float:
    precision = e.place.precision if e.place else 7
    share = e.share
    lead = 0.4 if e.index < 2 else 0.0
    return (
        e.strength
        + 0.5 * max(0.0, min(1.0, e.place_score))
        + lead
        - 0.03 * min(e.index, 20)
        + 0.15 * math.log(e.support)
        + (0.15 if e.tolls[1] else 0.0)
        - (0.4 if precision >= 6 else 0.0)
        + 0.4 * share
        - (1.0 if e.background else 0.0)
    )
