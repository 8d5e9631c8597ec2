"""Text plumbing: sentences, words, offset-keeping normalisation, capitalised runs.

Everything here keeps character offsets into the original text, because an extracted place carries the
span of its mention as written.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from re import _constants as _c  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

from jointmap.geo import fold

__all__ = [
    "Caseless",
    "Normalised",
    "Sentence",
    "Word",
    "capitalised_runs",
    "may_contain",
    "needed_literals",
    "normalise",
    "split_sentences",
    "words",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_APOSTROPHES = frozenset("'’‘ʿʾ`´ʼʻ′\"ʹ")
# Abbreviations whose full stop does not end a sentence.
_ABBREV = _words(
    """mr mrs ms dr gen lt col maj capt sgt st no vs jan feb mar apr jun jul aug sep sept oct nov dec
    approx est dept gov sen rep inc corp co ltd jr sr mt"""
)
# A photo credit: "(AFP photo)", "(Photo AP)", "(Reuters)", "(TRT World and Agencies)".
CREDIT = r"\((?:[Pp]hoto:?\s+)?[A-Z][\w.]*(?:\s+(?:and\s+|&\s+)?[A-Z][\w.]*){0,3}(?:\s+[Pp]hoto)?\)"
_BOUNDARY_RE = re.compile(
    r"[.!?]+[\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9\u0600-\u06ff])|[.!?؟]\s+|\n\s*\n|\n(?=\s*[-•*\d])|"
    r"[.!?]+(?=[“‘][A-Z])|"  # 'said.“This attack': a closing stop glued to the next quotation
    # "... on Monday (AFP photo) BEIRUT Thirteen civilians ...": a caption ends at its credit.
    r"\((?:[Pp]hoto:?\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,3}|[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,3}\s+[Pp]hoto)\)\s+"
)
_WORD_RE = re.compile(r"[^\W_](?:[\w’'`.-]*\w)?")


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Word:
    start: int
    end: int
    text: str


_LAST_WORD_RE = re.compile(r"(\w+)$")


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with their offsets. Rule-based: abbreviations and initials ("U.S.") do not split."""
    out: list[Sentence] = []
    start = 0
    for match in _BOUNDARY_RE.finditer(text):
        cut = match.start()
        if text[cut] == ".":
            prev = _LAST_WORD_RE.search(text, max(start, cut - 12), cut)
            word = prev.group(1) if prev else ""
            # "U.S." "Lt." "Feb." — an initial or a known abbreviation does not end a sentence, nor a list's
            # number ("1. The army ..."); a figure does ("... killing 5. The previous day").
            if (len(word) == 1 and (word.isalpha() or not text[start:cut].strip(" \t\n" + word))) or (
                word.lower() in _ABBREV
            ):
                continue
        _add(out, text, start, match.end())
        start = match.end()
    _add(out, text, start, len(text))
    return out


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        lead = len(piece) - len(piece.lstrip())
        s = start + lead
        out.append(Sentence(s, s + len(stripped), stripped))


def words(text: str, offset: int = 0) -> list[Word]:
    """Word tokens (letters/digits, inner hyphens and apostrophes kept) with offsets."""
    return [Word(m.start() + offset, m.end() + offset, m.group()) for m in _WORD_RE.finditer(text)]


@lru_cache(maxsize=4096)
def _norm_char(ch: str) -> str:
    if ch in _APOSTROPHES or unicodedata.category(ch) == "Mn" or ch == "\u0640":
        return ""
    folded = fold(ch)
    return folded if folded else " "


@dataclass(frozen=True, slots=True)
class Normalised:
    """``text`` folded like :func:`jointmap.geo.fold` (one space between words except after punctuation),
    padded with a space each side; ``offsets[i]`` is the index in the original of ``text[i]``, so a match
    in the folded text maps back to a span of the input."""

    text: str
    offsets: list[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) for folded ``text[start:end]`` (end exclusive)."""
        return self.offsets[start], self.offsets[end - 1] + 1


# ASCII folds one character to one: letters lower-cased, digits kept, apostrophes marked for deletion
# (\x00), everything else a space. Only the rare other characters need the slow path.
_ASCII = {i: (chr(i).lower() if chr(i).isalnum() else " ") for i in range(128)}
_ASCII.update({ord(c): "\x00" for c in _APOSTROPHES if ord(c) < 128})
_SPECIAL_RE = re.compile(r"[^\x01-\x7f]")
# "U.S." → "us" (the dot after an initial goes); "Syria's" → "syria s" (the apostrophe is a space).
# "(?<![A-Za-z])[A-Z](\.)", the capital first so that the regex engine can skip ahead to the next capital.
_INITIAL_DOT_RE = re.compile(r"[A-Z](?<![A-Za-z][A-Z])(\.)")
_POSSESSIVE_RE = re.compile(r"[\'’](?=[sS](?![A-Za-z0-9]))")


def normalise(text: str) -> Normalised:
    """Fold ``text`` keeping offsets (a C-speed translate; a per-character path only for non-ASCII)."""
    table = text.translate(_ASCII)
    if "." in text or "'" in text or "’" in text:
        marks = [(m.start(1), "\x00") for m in _INITIAL_DOT_RE.finditer(text)]
        marks.extend((m.start(), " ") for m in _POSSESSIVE_RE.finditer(text))
        if marks:
            marks.sort()
            parts: list[str] = []
            pos = 0
            for i, mark in marks:
                parts.append(table[pos:i])
                parts.append(mark)
                pos = i + 1
            parts.append(table[pos:])
            table = "".join(parts)
    pieces: list[str] = [" "]
    offsets: list[int] = [0]
    pos = 0
    for m in _SPECIAL_RE.finditer(table):
        i = m.start()
        pieces.append(table[pos:i])
        offsets.extend(range(pos, i))
        ch = m.group()
        out = "" if ch == "\x00" else _norm_char(text[i])
        pieces.append(out)
        offsets.extend([i] * len(out))
        pos = i + 1
    pieces.append(table[pos:])
    offsets.extend(range(pos, len(text)))
    pieces.append(" ")
    offsets.append(len(text))
    return Normalised("".join(pieces), offsets)


# A capital (or Arabic letter), or a quotation mark before a capital, "(?:[A-Z\u0600-\u06ff]|[‘'`][A-Z])",
# written as one character class first so that the regex engine can skip ahead to the next candidate.
_CAP = r"[A-Z\u0600-\u06ff‘'`](?:(?<=[A-Z\u0600-\u06ff])|(?<=[‘'`])[A-Z])[\w’‘'`.\u0600-\u06ff-]*(?<![.'’‘-])"
_CONN = (
    r"(?:(?:al|el|ad|an|ar|as|ash|at|az|ed|es|et|ez|ul)-[\w’'`]+|bin|ibn|bani|de)(?=[ \t]+[A-Z])|(?:al|el|"
    r"ad|an|ar|as|ash|at|az|ed|es|et|ez|ul)-[A-Z][\w’'`-]*"
)
_RUN_RE = re.compile(rf"{_CAP}(?:[ \t]+(?:{_CAP}|{_CONN}))*")
_TOKEN_RE = re.compile(r"\S+")


def capitalised_runs(text: str, offset: int = 0) -> list[tuple[int, int, list[Word]]]:
    """Maximal runs of capitalised words (proper-noun candidates), with connectors such as "al-"/"bin".

    Returns (start, end, words) with offsets into the full text. Runs do not cross punctuation.
    """
    runs: list[tuple[int, int, list[Word]]] = []
    for m in _RUN_RE.finditer(text):
        base = m.start() + offset
        run = m.group()
        if " " in run or "\t" in run:
            ws = [Word(base + t.start(), base + t.end(), t.group()) for t in _TOKEN_RE.finditer(run)]
            runs.append((ws[0].start, ws[-1].end, ws))
        else:  # one word: most runs
            end = base + len(run)
            runs.append((base, end, [Word(base, end, run)]))
    return runs


# re.IGNORECASE folds these to ASCII letters ("ı" ~ "i", "ſ" ~ "s", Kelvin "K" ~ "k"), str.lower() does not
# (or changes the length: "İ" → "i̇"); text holding one is matched the slow, exact way.
_FOLD_ODD = frozenset("\u0130\u0131\u017f\u212a")
_MAX_NEEDS = 24  # a longer list of strings costs about what the pattern does
_LITERAL_RE = re.compile(r"\\.|\(\?P|[A-Z]")  # escapes and "(?P<name>" stay as they are


# The last text lower-cased for a Caseless pattern and its lower-cased form (None: match with re.I), and the
# last few long ones, newest first: the word lists alternate between a sentence and short slices of it, and
# lower-casing a long sentence again each time would make reading it quadratic.
_LAST: tuple[str, str | None] = ("", "")
_RECENT: list[tuple[str, str | None]] = []
_RECENT_MAX = 4
_RECENT_MIN = 256


def may_contain(text: str, words: tuple[str, ...]) -> bool:
    """Whether ``text`` may hold one of the lower-case ``words`` in any case: a cheap test before a costly
    case-insensitive pattern that cannot match without one. Always True for text holding a character that
    ``re.IGNORECASE`` folds unlike ``str.lower`` (see :class:`Caseless`)."""
    if not (text.isascii() or _FOLD_ODD.isdisjoint(text)):
        return True
    return any(map(text.lower().__contains__, words))


_MAX_LITERALS = 64  # strings a literal set may hold while it is built (cross products grow fast)
_AT = frozenset((_c.AT, _c.ASSERT, _c.ASSERT_NOT))
_REPEATS = frozenset((_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT))
_Literals = tuple[set[str] | None, set[str] | None]


def _better(a: set[str], b: set[str]) -> bool:
    """The rarer test: longer shortest string, then fewer strings."""
    return (min(map(len, a)), -len(a)) > (min(map(len, b)), -len(b))


def _sequence(items: list[tuple[Any, Any]]) -> _Literals:
    """(exact, needed) for a parsed sequence: exact, the set of texts it can match when it matches only
    literal text (else None); needed, strings one of which every match holds (else None)."""
    best: set[str] | None = None
    run: set[str] | None = {""}  # the literal text matched since the last non-literal item
    whole = True

    def consider(cands: set[str] | None) -> None:
        nonlocal best
        if cands and "" not in cands and (best is None or _better(cands, best)):
            best = cands

    for op, av in items:
        exact, needed = _item(op, av)
        consider(needed)
        if exact is not None and run is not None and len(run) * len(exact) <= _MAX_LITERALS:
            run = {a + b for a in run for b in exact}
            continue
        whole = False
        consider(run)
        run = exact if exact is not None else {""}
    consider(run)
    return (run if whole else None), best


def _item(op: Any, av: Any) -> _Literals:
    if op is _c.LITERAL:
        return {chr(av)}, None
    if op in _AT:
        return {""}, None  # zero-width: the text matched is still literal
    if op is _c.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        if add_flags & re.IGNORECASE:
            return None, None
        return _sequence(list(sub))
    if op is _c.BRANCH:
        parts = [_sequence(list(alt)) for alt in av[1]]
        exact: set[str] | None = set()
        for e, _ in parts:
            exact = exact | e if exact is not None and e is not None else None
        if exact is not None and len(exact) > _MAX_LITERALS:
            exact = None
        needed: set[str] | None = set()
        for _, n in parts:
            needed = needed | n if needed is not None and n is not None else None
        return exact, needed
    if op in _REPEATS:
        low, high, sub = av
        e, n = _sequence(list(sub))
        if low == high == 1:
            return e, n
        if low == 0 and high == 1:
            return (e | {""} if e is not None else None), None
        return None, (n if low >= 1 else None)
    return None, None


def needed_literals(source: str) -> tuple[str, ...] | None:
    """Strings one of which every match of the (case-sensitive) ``source`` holds, read from its parse tree:
    "\\b(?:said|says) that" → ("said that", "says that"). None when it finds none of three characters or
    more (a test for them would reject too little)."""
    _exact, needed = _sequence(list(_parser.parse(source)))
    if not needed or min(map(len, needed)) < 3:
        return None
    # A text holding "allegations" holds "allegation": test the shorter only.
    return tuple(sorted(w for w in needed if not any(o != w and o in w for o in needed)))


class Caseless:
    """A case-insensitive pattern run on lower-cased text. Python's regex engine is several times slower
    under ``re.IGNORECASE`` (it gives up its literal-prefix scan), and the extractor runs dozens of word
    lists over every event sentence; ``text.lower()`` is one C pass. The matches are those of
    ``re.compile(source, re.I)`` (falling back to it when lower-casing would move offsets or a character folds
    specially), but a match's groups hold the LOWER-CASED text: slice the original by offsets where case
    matters.

    A pattern that cannot match without one of a few words (:func:`needed_literals`) first tests the text
    for them: a substring test is far cheaper than a pattern starting with ``\\b``, which the regex engine
    tries at every position."""

    __slots__ = ("_i", "_low", "needs", "pattern")

    def __init__(self, source: str) -> None:
        self.pattern = source
        self._i = re.compile(source, re.I)
        lowered = _LITERAL_RE.sub(lambda m: m.group() if len(m.group()) > 1 else m.group().lower(), source)
        self._low = re.compile(lowered)
        if self._low.groupindex != self._i.groupindex:
            raise ValueError(f"group names must be lower case: {source!r}")
        # An anchored pattern fails fast on its own: no test first.
        needs = None if lowered.startswith("^") else needed_literals(lowered)
        #: Lower-case strings one of which every match holds (None: no such test).
        self.needs = needs if needs is not None and len(needs) <= _MAX_NEEDS else None

    def _pick(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> tuple[re.Pattern[str], str] | None:
        """The compiled pattern to run and the text to run it on; None when ``text[pos:endpos]`` lacks every
        string a match needs (looked for in that window only: a long sentence is read a window at a time)."""
        global _LAST
        last, low = _LAST
        if last is not text:
            low = next((folded for seen, folded in _RECENT if seen is text), "")
            if low == "":
                # Many word lists read the same sentence in turn: lower-case it once.
                folds_alike = text.isascii() or _FOLD_ODD.isdisjoint(text)
                low = text.lower() if folds_alike else None
                if low is not None and len(low) != len(text):
                    low = None
                if len(text) >= _RECENT_MIN:  # short slices cost little and would push the sentence out
                    _RECENT.insert(0, (text, low))
                    del _RECENT[_RECENT_MAX:]
            _LAST = (text, low)
        if low is None:
            return self._i, text
        needs = self.needs
        if needs is not None:
            if pos == 0 and endpos >= len(low):
                if not any(map(low.__contains__, needs)):
                    return None
            elif all(low.find(n, pos, endpos) < 0 for n in needs):
                return None
        return self._low, low

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        picked = self._pick(text, pos, endpos)
        return None if picked is None else picked[0].search(picked[1], pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        picked = self._pick(text, pos, endpos)
        return None if picked is None else picked[0].match(picked[1], pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        picked = self._pick(text, pos, endpos)
        return iter(()) if picked is None else picked[0].finditer(picked[1], pos, endpos)
