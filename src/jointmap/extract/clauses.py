"""How a document's text divides into the pieces events are read from: a sentence that tells two events
("Jets killed 12 in Douma, while rebel shelling killed four in Harasta", "Rebels shelled Harasta and the army
bombed Douma") split into its clauses, the captions of photos (the picture, not the report's event), and the
publisher's name that ends a title line."""

from __future__ import annotations

import re
from bisect import bisect_left

from jointmap.extract.actors import ActorMention
from jointmap.extract.lexicon import SUBJECT_VERB_RE
from jointmap.extract.text import CREDIT, Sentence

__all__ = ["captions", "clauses", "masthead", "opens_clause"]


# Where one sentence tells two events: "Jets killed 12 in Douma, while rebel shelling killed four in Harasta",
# "Rebels shelled Harasta and the army bombed Douma", "..., but Russia denied it" (an "and", "but", "and then"
# or "and later" whose clause opens with a side and its own verb).
_CLAUSE_BREAK_RE = re.compile(r",\s+(?:while|whereas)\s+|(?P<and>,?\s+(?:and|but)\s+(?:then\s+|later\s+)?)")
_SUBJECT_REACH = 5  # characters after "and " to the side that opens its clause ("and the army")
# One subject of two names: "the US and Russia announced", "Russian and regime air strikes killed", "Moscow
# and Damascus rejected".
_COSUBJECT_BEFORE_RE = re.compile(
    r"\b(?:[A-Z]{2,4}|[A-Z][a-z]+(?:ian|ish|ese)|American|Afghan|Iraqi|Israeli|Saudi|Qatari|Emirati|Yemeni|"
    r"Kuwaiti|Pakistani|Libyan|Moroccan|Omani|Bahraini|Chechen|Uzbek|Kazakh|(?P<name>[A-Z][a-z]+))$"
)


def _cosubject_before(text: str, at: int, metonyms: frozenset[str]) -> bool:
    m = _COSUBJECT_BEFORE_RE.search(text, max(0, at - 20), at)
    return m is not None and (m["name"] is None or m["name"] in metonyms)


_BETWEEN_BEFORE_RE = re.compile(r"\bbetween\b[^,;]*$", re.I)  # "clashes between rebels and the army"


def opens_clause(text: str, at: int, actors: list[ActorMention], text_start: int = 0) -> bool:
    """Whether a side opens a clause of its own at document offset ``at`` (after "the "), followed by its
    own verb ("and the army bombed Douma", ", a day after rebels shelled"), not a noun phrase ("and rebel
    positions were destroyed", ", following clashes with X"). ``actors`` are sorted by start; ``text``
    begins at ``text_start`` of the document."""
    k = bisect_left(actors, at, key=lambda a: a.start)
    if k == len(actors) or actors[k].start > at + _SUBJECT_REACH:
        return False
    return SUBJECT_VERB_RE.match(text, actors[k].end - text_start) is not None


def clauses(
    sentences: list[Sentence],
    hits: list[tuple[int, tuple[int, ...]]],
    text: str,
    actors: list[ActorMention],
    metonyms: frozenset[str],
) -> tuple[list[Sentence], dict[int, str]]:
    """The sentences, with one that tells an event on each side of ", while" (or of an "and"/"but" whose
    clause opens with a side and its verb: "and the army bombed") split there, at each such break (not at
    ";", which goes on about the same: "... in Al-Baliliyah; this village was captured ...", nor in a photo's
    caption, which is dropped whole); and, for each piece of a split sentence, the whole sentence's text (its
    date may be told once, for all)."""
    event_at = sorted(at for at, indexes in hits if any(i >= 0 for i in indexes))
    actor_ends = [a.end for a in actors]  # (sorted too: mentions do not overlap)
    captioned = set(captions(sentences)) if "(" in text else set()
    out: list[Sentence] = []
    whole: dict[int, str] = {}
    for index, s in enumerate(sentences):
        cuts = []
        if index not in captioned and any(w in s.text for w in ("while", "whereas", " and ", " but ")):
            start = s.start
            for m in _CLAUSE_BREAK_RE.finditer(s.text):
                at, after = s.start + m.start(), s.start + m.end()
                if m["and"]:
                    j = bisect_left(actor_ends, at + 1)  # a side ending right before: "the army and Russia"
                    if (
                        not opens_clause(text, after, actors)
                        or (j > 0 and actor_ends[j - 1] >= at - 1)
                        or _cosubject_before(s.text, m.start(), metonyms)
                        or _BETWEEN_BEFORE_RE.search(s.text, max(0, m.start() - 60), m.start()) is not None
                    ):
                        continue
                lo, hi = bisect_left(event_at, start), bisect_left(event_at, s.end)
                if lo < hi and event_at[lo] < at and event_at[hi - 1] >= after:
                    cuts.append((at, after))
                    start = after
        if not cuts:
            out.append(s)
            continue
        piece_start = s.start
        for at, after in [*cuts, (s.end, s.end)]:
            end = at + 1 if at < s.end else s.end  # the comma stays with the clause before it
            whole[len(out)] = s.text
            out.append(Sentence(piece_start, end, text[piece_start:end]))
            piece_start = after
    return out, whole


_CREDIT_END_RE = re.compile(rf"{CREDIT}$")
_CREDIT_START_RE = re.compile(CREDIT)


def captions(sentences: list[Sentence]) -> list[int]:
    """Indexes of the sentences that caption a photo: those that end with a photo credit or that the next
    sentence opens with one ("... in Aleppo on July 9 2016. (Reuters) Rebels ..."), when the credit says
    "photo" or follows a full stop or a date (not "the Free Syrian Army (FSA) fighters")."""
    out = []
    for index, sentence in enumerate(sentences):
        m = _CREDIT_END_RE.search(sentence.text)
        before = sentence.text[: m.start()] if m else sentence.text
        if m is None and index + 1 < len(sentences):
            m = _CREDIT_START_RE.match(sentences[index + 1].text)
        if m is not None and ("hoto" in m.group() or before.rstrip()[-1:] in (".", *"0123456789")):
            out.append(index)
    return out


_TITLE_SEPARATOR_RE = re.compile(r"\s+[-|–—]\s+")
_MASTHEAD_WORD_RE = re.compile(r"(?:[A-Z0-9][\w.'’-]*|&|of|the|and)$")


def masthead(text: str) -> tuple[int, int]:
    """The publisher's name that ends a title line ("... car bomb blast - Region - World - Ahram Online",
    "... evacuees | Jordan Times"): short segments of capitalised words after the headline, not places where
    anything happened. (start, end) offsets, empty (0, 0) when the first line has none or is no title (a
    document of one line, or a first line over 300 characters)."""
    line_end = text.find("\n", 0, 300)
    if line_end < 0:
        return (0, 0)
    cuts = list(_TITLE_SEPARATOR_RE.finditer(text, 0, line_end))
    start = line_end
    for cut in reversed(cuts):
        segment = text[cut.end() : start].split()
        if not segment or len(segment) > 4 or not all(_MASTHEAD_WORD_RE.match(w) for w in segment):
            break
        start = cut.start()
    return (start, line_end) if start < line_end else (0, 0)
