"""Text → candidate incidents, allegations and control claims (see :class:`Extractor`).

Per document: split sentences, find place and actor mentions once over the whole text, then read each
sentence that reports an event (a trigger word types it in ACLED terms). The event's place is the mention
the sentence ties to the event — near the trigger, after a locative preposition, specific rather than a
country — and not one that follows a verb of saying ("the minister said in Damascus"). A sentence that
accuses or denies yields an allegation instead of an incident. Incidents on the same place and type merge;
they are ordered by how central they are (early, in the lead, with a toll, corroborated).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import NamedTuple, TypeVar

from jointmap.domain.actors import Actor, ActorKind
from jointmap.domain.events import EventType as ET
from jointmap.domain.events import SubEventType as S
from jointmap.domain.events import event_type_of
from jointmap.extract.actors import ActorMatcher, ActorMention
from jointmap.extract.claims import allegations_of
from jointmap.extract.clauses import captions, clauses, masthead
from jointmap.extract.control import control_claims
from jointmap.extract.dates import DateSpan, document_date, year_span
from jointmap.extract.documents import Document
from jointmap.extract.event_dates import event_date
from jointmap.extract.events import Event, borrow_perpetrators, refine, roles
from jointmap.extract.fatalities import Toll, find_tolls
from jointmap.extract.lexicon import (
    ACCUSE_RE,
    AFTER_CLAUSE_RE,
    CAPTURE_RE,
    CIVILIAN_RE,
    DENY_RE,
    HEDGE_RE,
    SPEECH_RE,
    TRUCE_RE,
)
from jointmap.extract.merging import centrality, governorate_shares, merge, tolls_agree
from jointmap.extract.placementions import PlaceMention
from jointmap.extract.placenames import title_case
from jointmap.extract.places import PlaceFinder
from jointmap.extract.placescore import (
    flight_destination,
    hand_place_score,
    mention_kind,
    nearest_known,
    spoken_from,
)
from jointmap.extract.ranker import PlaceRanker
from jointmap.extract.results import CandidateAllegation, CandidateIncident, Extraction, FoundPlace
from jointmap.extract.text import Caseless, Sentence, normalise, split_sentences
from jointmap.extract.triggers import SAID_STEMS, Trigger, find_trigger, stem_hits
from jointmap.geo import Geocoder, loose_key

__all__ = ["Extractor", "PlaceChoice"]


class PlaceChoice(NamedTuple):
    """One choice of an event's place among a sentence's mentions, as the extractor saw it."""

    sentence: Sentence
    mentions: list[PlaceMention]
    trigger_at: int
    kinds: list[str]
    hand: list[float]


_PARTY_SPEAKER_RE = Caseless(
    r"\b(?:ministry|government|army|military|spokes(?:man|woman|person)|command|officials?|state (?:media|"
    r"television|tv|news agency)|SANA)\b"
)
_SAID_RE = Caseless(rf"\b(?:{'|'.join(SAID_STEMS)})\b")
_MAX_INCIDENTS = 50


class Extractor:
    """Build once (gazetteer automaton, actor automaton), then call :meth:`extract` per document."""

    def __init__(
        self, geocoder: Geocoder, actors: Iterable[Actor], ranker: PlaceRanker | None = None
    ) -> None:
        self.geocoder = geocoder
        self.places = PlaceFinder(geocoder)
        self.actors = ActorMatcher(actors)
        # Governments and ministries speak; their forces act ("the Pentagon said jets struck ...": no side).
        self._speakers = frozenset(a.id for a in self.actors.actors.values() if a.kind is ActorKind.POLITICAL)
        country = [p for p in geocoder.gazetteer if p.feature_code == "PCLI"]
        self._country = geocoder.geocode(country[0].name, limit=1)[0] if country else None
        self._tolls: dict[str, list[Toll]] = {}  # per document: sentence text → its tolls
        #: None: the event's place is chosen by hand weights; else by this learned ranker.
        self.ranker = ranker
        #: When a list, every place choice is appended to it (sentence, its mentions, the event word's
        #: offset, their kinds, their hand scores): what the ranker's training script learns from.
        self.record: list[PlaceChoice] | None = None

    def extract(self, doc: Document) -> Extraction:
        text = doc.text
        ref = document_date(text, doc.date)
        result = Extraction(id=doc.id, date=ref, document=doc)
        if not text.strip():
            return result
        norm = normalise(text)
        hits = stem_hits(norm)
        actor_mentions = self.actors.find(text, norm)
        sentences, whole = clauses(split_sentences(text), hits, text, actor_mentions, self.actors.metonyms)
        votes = self.geocoder.context_governorates(text[:20_000])
        top = max(votes.items(), key=lambda kv: kv[1]) if votes else None
        hint = top[0] if top and top[1] >= 0.5 else None
        cands: list[set[int]] = []
        hit_at = 0
        for sentence in sentences:
            candidates: set[int] = set()
            while hit_at < len(hits) and hits[hit_at][0] < sentence.end:
                if hits[hit_at][0] >= sentence.start:
                    candidates.update(hits[hit_at][1])
                hit_at += 1
            cands.append(candidates)
        triggers = [find_trigger(s.text, c) if c else None for s, c in zip(sentences, cands, strict=True)]
        for index in captions(sentences) if "(" in text else ():
            triggers[index] = None  # a photo's caption: the picture, not the report's event
        last_event = max((i for i, t in enumerate(triggers) if t is not None), default=-1)
        spans = [(s.start, s.end) for s in sentences]
        # Unknown and variant names are looked for only where they can matter: the title and lead (what the
        # document is about) and sentences reporting an event. Exact gazetteer names are found everywhere.
        event_spans = [sp for i, sp in enumerate(spans) if i < 2 or triggers[i] is not None]
        mast = masthead(text)
        places = _outside(
            self.places.find(text, norm, spans, hint, event_spans), [a for a in actor_mentions if a.actor]
        )
        if mast[1]:
            places = [p for p in places if not mast[0] <= p.start < mast[1]]
        doc_place = self._document_place(places)
        shares = governorate_shares(places)
        events: list[Event] = []
        date_memo: dict[tuple[str, DateSpan | None], DateSpan | None] = {}
        self._tolls = {}
        last_date: DateSpan | None = None
        p_at = a_at = 0
        for index, sentence in enumerate(sentences):
            while p_at < len(places) and places[p_at].start < sentence.start:
                p_at += 1
            while a_at < len(actor_mentions) and actor_mentions[a_at].start < sentence.start:
                a_at += 1
            s_places = _until(places, p_at, sentence.end)
            s_actors = _until(actor_mentions, a_at, sentence.end)
            candidates = cands[index]
            allegations = (
                self._allegation(sentence, s_actors, ref) if -1 in candidates or -2 in candidates else []
            )
            found = triggers[index]
            claimed = disputed = False
            if allegations:
                result.allegations.extend(allegations)
                claimed = _claimed_capture(sentence.text, found)
                disputed = _blame_over(sentence.text, found, s_places, sentence.start)
                if not (claimed or disputed or _stated_before_blame(sentence.text, found)):
                    continue  # "X accused Y of shelling Z": a claim, not a located incident
            if index > last_event:
                continue  # no event left to date
            # News repeats its lead (title, then the same sentence opening the body): read it once.
            memo_key = (sentence.text, last_date)
            when = date_memo[memo_key] if memo_key in date_memo else event_date(sentence.text, ref, last_date)
            if (when is None or not when.phrase) and index in whole:
                # "Jets killed 12 in Douma, while shelling killed four in Harasta on Tuesday": the day told
                # once, at the end, is both clauses' (not one that belongs to a noun of the other clause:
                # "..., while the toll from Monday's attack on Harasta rose")
                told = event_date(whole[index], ref, last_date)
                if told is not None and not told.phrase.endswith(("'s", "’s")):
                    when = told
            date_memo[memo_key] = when
            if when is not None and when.phrase:
                last_date = when
            if found is None or len(events) >= _MAX_INCIDENTS * 2:
                continue
            sub, strength, at, word = found
            if claimed:
                strength *= 0.85  # as told by the side that gained it
            year = _YEAR_OF_EVENT_RE.search(sentence.text, max(0, at - 40), at)
            if year is not None and (when is None or not when.phrase or when.start.year != int(year[1])):
                # "The 2014 shelling of Yarmouk killed 40, the UN said on Monday", "accusations over the 2013
                # Ghouta chemical attack": a year that names the event dates it
                when = year_span(int(year[1]), ref, year[0].strip())
            events.append(
                self._event(
                    shares, sentence, index, sub, strength, at, word, s_places, s_actors, when, doc_place
                )
            )
            if disputed:
                # who did it is what the allegations dispute: no side of the sentence is the perpetrator
                events[-1] = replace(events[-1], actors=(None, events[-1].actors[1]))
            result.control_claims.extend(control_claims(sentence, s_actors, s_places, self._found, ref))
        borrow_perpetrators(events, sentences, actor_mentions)
        _title_from_lead(events)
        merged = merge(events)
        merged.sort(key=centrality, reverse=True)
        result.incidents = [self._incident(e) for e in merged[:_MAX_INCIDENTS] if e.place is not None]
        return result

    # -- pieces ---------------------------------------------------------------------------------------------
    def _allegation(
        self, sentence: Sentence, s_actors: list[ActorMention], ref: date | None
    ) -> list[CandidateAllegation]:
        text = sentence.text
        verb = ACCUSE_RE.search(text) or DENY_RE.search(text)
        if verb is None:
            said = _SAID_RE.search(text)
            # A party saying the other side broke the truce is an accusation too.
            if not (said and TRUCE_RE.search(text) and _PARTY_SPEAKER_RE.search(text[: said.start()])):
                return []
            verb = said
        return allegations_of(sentence, verb, s_actors, ref)

    def _document_place(self, places: list[PlaceMention]) -> FoundPlace | None:
        """The most named specific place (else governorate): where a sentence without a place happened."""
        counts: Counter[int] = Counter()
        first: dict[int, PlaceMention] = {}
        for p in places:
            if p.candidate is not None and p.candidate.precision <= 5:
                counts[p.candidate.geonameid] += 1 if p.candidate.precision <= 3 else 0.6  # type: ignore[assignment]
                first.setdefault(p.candidate.geonameid, p)
        if not counts:
            country = next((p for p in places if p.candidate is not None), None)
            return self._found(country) if country else None
        best = max(counts, key=lambda k: (counts[k], -first[k].start))
        return self._found(first[best])

    def _found(self, m: PlaceMention, located_by: FoundPlace | None = None) -> FoundPlace:
        c = m.candidate
        if c is not None:
            return FoundPlace(
                c.name, m.text, m.start, m.end, c.geonameid, c.lat, c.lon, c.admin1_code or None,
                c.admin1_name or None, c.precision, True, None, c.why,
            )  # fmt: skip
        if located_by is None:
            return FoundPlace(m.text, m.text, m.start, m.end, None, None, None, None, None, 6, False)
        precision = max(2, located_by.precision) if located_by.precision <= 3 else located_by.precision
        return FoundPlace(
            m.text, m.text, m.start, m.end, located_by.geonameid, located_by.lat, located_by.lon,
            located_by.admin1_code, located_by.admin1_name, precision, False, located_by.name,
            f"'{m.text}' is not in the gazetteer; located as {located_by.name} named nearby",
        )  # fmt: skip

    def _best_place(
        self, s_places: list[PlaceMention], sentence: Sentence, trigger_at: int, shares: dict[str, float]
    ) -> tuple[float, PlaceMention]:
        """The event's place among the sentence's mentions, and its hand-weighted quality (how specific
        and how surely tied to the event: the incident's confidence and rank use it). Chosen by the hand
        weights, or, with a :class:`PlaceRanker`, by the learned model (which reads the hand score as one
        of its features)."""
        hand = [hand_place_score(p, s_places, sentence, trigger_at, shares) for p in s_places]
        if self.record is not None:
            self.record.append(
                PlaceChoice(sentence, s_places, trigger_at, [mention_kind(p) for p in s_places], hand)
            )
        if self.ranker is None:
            scores = hand
        else:
            kinds = [mention_kind(p) for p in s_places]
            scores = self.ranker.scores(sentence.text, sentence.start, s_places, trigger_at, kinds, hand)
        i = max(range(len(s_places)), key=lambda k: (scores[k], -s_places[k].start))
        return hand[i], s_places[i]

    def _event(
        self,
        shares: dict[str, float],
        sentence: Sentence,
        index: int,
        sub: S,
        strength: float,
        at: int,
        word: str,
        s_places: list[PlaceMention],
        s_actors: list[ActorMention],
        when: DateSpan | None,
        doc_place: FoundPlace | None,
    ) -> Event:
        trigger_at = sentence.start + at
        place: FoundPlace | None = None
        place_score = 0.0
        if any(p.abroad for p in s_places):
            # "the fighting has sent thousands fleeing into Turkey": where they fled is not where it happened;
            # "the ministry said in Moscow", "Ankara said": where one spoke abroad is not either
            s_places = [
                p
                for p in s_places
                if not (
                    p.abroad
                    and (
                        (p.start > sentence.start + at and flight_destination(p, sentence))
                        or (not p.vague and spoken_from(p, sentence))
                    )
                )
            ]
        if s_places:
            best_score, best = self._best_place(s_places, sentence, trigger_at, shares)
            known = nearest_known(best, s_places, sentence)
            locator = self._found(known) if known is not None else None
            vague = best.vague or (best.candidate is not None and best.candidate.precision >= 6)
            outside = all(o.candidate is None for o in s_places) and any(o.abroad for o in s_places)
            if (outside and (best.abroad or not best.vague)) or (best.abroad and not best.vague):
                # "killed in Turkey", "a car bomb in Turkey ... in the city of Gaziantep": not on the map; the
                # text's own word, no coordinates, no governorate
                place, place_score = self._found(best), best_score
            elif vague and doc_place is not None:
                # "in northern Syria", "near the Turkish border": where the document says; a weaker choice
                # than the sentence's own.
                if doc_place.precision <= 5:
                    place, place_score = doc_place, 0.4
                else:
                    place, place_score = self._found(best, self._found_country(best)), best_score
            else:
                place = self._found(best, locator or doc_place or self._found_country(best))
                place_score = best_score
        elif doc_place is not None:
            place, place_score = doc_place, 0.3
        perpetrator, target = roles(sentence, s_actors, trigger_at, self._speakers)
        tolls = self._tolls.get(sentence.text)
        if tolls is None:
            tolls = self._tolls[sentence.text] = find_tolls(sentence.text)
        own = [t for t in tolls if not _toll_of_another(sentence.text, at, t.start)]
        toll = (own[0].low, own[0].best, own[0].high) if own else (0, 0, 0)
        civilians = bool(CIVILIAN_RE.search(sentence.text)) or (
            target is not None and target.actor == "civilians"
        )
        sub = refine(
            sub, sentence.text, perpetrator, target, civilians, self.actors, word, trigger_at - sentence.start
        )
        if HEDGE_RE.search(sentence.text):
            strength *= 0.85
        return Event(
            sentence,
            index,
            sub,
            strength,
            trigger_at,
            word,
            place,
            place_score,
            (perpetrator, target),
            toll,
            civilians,
            when,
            share=shares.get(place.admin1_code or "", 0.0) if place is not None else 0.0,
            own_place=place is not None and place is not doc_place,
        )

    def _found_country(self, m: PlaceMention) -> FoundPlace | None:
        if self._country is None:
            return None
        c = self._country
        return FoundPlace(
            c.name, m.text, m.start, m.end, c.geonameid, c.lat, c.lon, None, None, 6, True, None, c.why
        )

    def _incident(self, e: Event) -> CandidateIncident:
        perpetrator, target = e.actors
        low, best, high = e.tolls
        place_q = max(0.0, min(1.0, e.place_score))
        actor_q = perpetrator.confidence if perpetrator is not None else 0.3
        confidence = round(max(0.05, min(1.0, 0.45 * e.strength + 0.35 * place_q + 0.2 * actor_q)), 2)
        return CandidateIncident(
            event_type=event_type_of(e.sub).value,
            sub_event_type=e.sub.value,
            date_start=e.when.start if e.when else None,
            date_end=e.when.end if e.when else None,
            date_precision=e.when.precision if e.when else None,
            place=e.place,
            actor1=perpetrator.actor if perpetrator else None,
            actor2=target.actor if target else None,
            fatalities={"best": best, "low": low, "high": high},
            civilian_targeting=e.civilians and e.sub is not S.ARMED_CLASH,
            evidence=e.sentence.text,
            confidence=confidence,
            actor1_confidence=perpetrator.confidence if perpetrator else 0.0,
            actor2_confidence=target.confidence if target else 0.0,
            actor1_mention=perpetrator.text if perpetrator else None,
            actor2_mention=target.text if target else None,
            evidence_start=e.sentence.start,
            evidence_end=e.sentence.end,
            trigger=e.trigger,
        )


_BLAME_RE = Caseless(
    r"\b(?:(?:has|have|had|was|were|is|are|been) (?:been )?(?:blamed|accused|condemned|denounced)|blam\w+|"
    r"accus\w+|condemn\w+|denounc\w+|denied|denies|deny)\b"
)


_LEAD_SENTENCES = 3


def _title_from_lead(events: list[Event]) -> None:
    """A headline that names no place but the country ("Air strikes in Syria kill 45"), and the same
    headline repeated to open the text, are about the event the lead tells: each takes the place of the
    first later event, within a few sentences, that names its own, rather than the document's most named
    place. So does a headline that names only the province ("Air strikes kill 11 in Idlib", where the city
    and the province share the name) when the lead tells the same event: of the same kind, at a place inside
    it, on the same days, with no other toll. A headline takes the lead's day only when that is the same
    event's."""
    for k, title in enumerate(events):
        if title.index >= 2:
            break
        province = (
            title.own_place
            and _names_province(title.place)
            and (_headline(title.sentence.text) or _repeats(title, events[0]))
        )
        if title.own_place and not province:
            continue
        lead = next(
            (
                e
                for e in events[k + 1 :]
                if e.own_place
                and e.index <= title.index + _LEAD_SENTENCES
                and not _repeats(e, title)  # (the headline said again is no lead)
                and e.place is not None
                and e.place.precision <= 5
                # (a place the gazetteer lacks, located inside the province, is finer than it too)
                and (e.place.resolved or (province and e.place.located_as is not None))
            ),
            None,
        )
        if lead is None or lead.place is None:
            continue
        same = _same_event(title, lead)
        if province and not (
            same
            and title.place is not None
            and lead.place.admin1_code == title.place.admin1_code
            and lead.place.geonameid != title.place.geonameid
            and not _names_province(lead.place)  # "in Hama province ... near Hama": no finer place
            and lead.place.precision <= 3  # any place of the province finer than it
            and event_type_of(lead.sub) is event_type_of(title.sub)
        ):
            continue
        title.place, title.share = lead.place, lead.share
        told = lead.when is not None and (same or (not province and lead.when.precision <= 2))
        if told and (title.when is None or not title.when.phrase):
            title.when = lead.when  # the headline's day is the article's; the lead tells the event's


_SAME_EVENT_DAYS = 3  # between a day the headline tells and the lead's
_NEWS_DAYS = 7  # between the article's day and the lead's, when the headline tells none ("on Monday")


def _same_event(title: Event, lead: Event) -> bool:
    """Whether the lead can tell the headline's event: its day is told to the day (not "last week", "last
    month") and falls within a few days of the headline's, or within the week before the article when the
    headline tells none; and their tolls do not differ."""
    if title.tolls[1] and lead.tolls[1] and not tolls_agree(title.tolls, lead.tolls):
        return False  # "Air strikes kill 11 in Idlib" over "jets bombed Saraqib last week, killing 30"
    if lead.when is None or title.when is None:
        return True
    reach = _SAME_EVENT_DAYS if title.when.phrase else _NEWS_DAYS
    return lead.when.precision <= 2 and abs((title.when.end - lead.when.end).days) <= reach


def _repeats(title: Event, first: Event) -> bool:
    """Whether ``title`` repeats the headline to open the text ("Army kills 40 in Homs" / "Army kills 40 in
    Homs. Syrian troops ...")."""
    return (
        title.index == 1
        and first.index == 0
        and first.sentence.text.strip(" .") == title.sentence.text.strip(" .")
    )


def _headline(text: str) -> bool:
    """A headline, not a lead: it does not end as a sentence does, or its words are capitalised ("Many
    Civilians Martyred as Terrorists Shell Aleppo", run on into its own repeat)."""
    return not text.rstrip().endswith((".", '."', ".”")) or title_case(text, 0, len(text))


def _names_province(place: FoundPlace | None) -> bool:
    """Whether a headline's place may be its province: a governorate, or a city that bears its name."""
    if place is None or not place.resolved or place.admin1_name is None:
        return False
    return place.precision == 4 or loose_key(place.name) == loose_key(place.admin1_name)


def _claimed_capture(text: str, found: Trigger | None) -> bool:
    """ "Rebels claim that their forces have captured X": a side reporting a gain it made tells of a completed
    military event; it is an incident (and a claim of control), as well as the allegation the extractor
    records. Not when anyone is accused, blamed or denies ("X accused Y of seizing Z"): only "claim(s/ed)
    that" may be the accusation word, and the event word must be the capture itself."""
    if found is None or DENY_RE.search(text):
        return False
    if any(not m.group().startswith("claim") for m in ACCUSE_RE.finditer(text)):
        return False
    capture = CAPTURE_RE.search(text)
    return capture is not None and capture.start() == found[2]


def _stated_before_blame(text: str, found: Trigger | None) -> bool:
    """ "The sarin attack on Ghouta killed hundreds, and has been blamed on the regime": the event is told as
    fact before anyone blames; it is an incident as well as an allegation. Not when a speaker comes first
    ("The ministry accused rebels of shelling Z") or the trigger is weak."""
    if found is None or found[1] < 0.75:
        return False
    at = found[2]
    blame = _BLAME_RE.search(text)
    if blame is None or blame.start() <= at:
        return False
    return not (SPEECH_RE.search(text, 0, at) or _SAID_RE.search(text, 0, at))


# "traded accusations over the 2013 Ghouta chemical attack", "rejected blame for the attack on the convoy
# near Aleppo": the dispute is over who did it; that the attack happened is not in question.
_BLAME_OVER_RE = Caseless(
    r"\b(?:accusations?|blame|recriminations|responsibility)\s+(?:about|over|for|regarding)\s+the\s"
)
_PLACE_AFTER_EVENT_RE = Caseless(r"^\s+(?:(?:on|in|near|against)\s+)?(?:(?:the|a)\s+)?(?:[\w-]+\s+){0,3}?$")


_VIOLENT = frozenset((ET.BATTLES, ET.EXPLOSIONS_REMOTE_VIOLENCE, ET.VIOLENCE_AGAINST_CIVILIANS))
# "the 2013 Ghouta chemical attack": a year, then at most three words (a place's name), then the event word
_YEAR_OF_EVENT_RE = re.compile(r"\b[Tt]he\s+((?:19|20)\d\d)\s+(?:[\w'’-]+\s+){0,3}$")


def _blame_over(text: str, found: Trigger | None, places: list[PlaceMention], start: int) -> bool:
    """ "Both sides traded accusations over the Ghouta attack": the event the blame is about is an incident
    as well as the allegations, if its word heads the noun phrase the blame is about and a place is named in
    that phrase ("the Ghouta attack", "the attack on the convoy near Aleppo"; not "that attack": one told
    before)."""
    if found is None or event_type_of(found[0]) not in _VIOLENT:
        return False  # (not "accusations over the collapse of the truce")
    at, end = found[2], found[2] + len(found[3])
    over = _BLAME_OVER_RE.search(text, max(0, at - 60), at)
    if over is None or len(text[over.end() : at].split()) > 4:
        return False
    return any(
        over.end() <= p.start - start < at
        or (p.start - start >= end and _PLACE_AFTER_EVENT_RE.match(text[end : p.start - start]))
        for p in places
    )


def _toll_of_another(text: str, at: int, toll_at: int) -> bool:
    """Whether a toll told after the event word belongs to another event told beside it ("Hundreds protested
    in Kafranbel on Friday, a day after an air strike killed 12"): in a ", a day after ..." clause, before any
    comma that closes it."""
    if toll_at <= at:
        return False
    asides = list(AFTER_CLAUSE_RE.finditer(text, at, toll_at))
    return bool(asides) and "," not in text[asides[-1].end() : toll_at]


def _outside(places: list[PlaceMention], names: list[ActorMention]) -> list[PlaceMention]:
    """The place mentions that overlap no actor's name ("the Aleppo Falcons Brigade"). Both lists are sorted
    by start and do not overlap among themselves, so their ends are sorted too: one pass."""
    if not names:
        return places
    ends = [a.end for a in names]
    out = []
    for p in places:
        k = bisect_right(ends, p.start)  # the first name ending after the place starts
        if k < len(names) and names[k].start < p.end:
            continue
        out.append(p)
    return out


_T = TypeVar("_T", PlaceMention, ActorMention)


def _until(items: list[_T], start: int, end: int) -> list[_T]:
    """``items[start:]`` (sorted by ``.start``) that begin before ``end``."""
    out = []
    for item in items[start:]:
        if item.start >= end:
            break
        out.append(item)
    return out
