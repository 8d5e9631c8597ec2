"""Fatality phrases → (low, best, high), the way event datasets code them.

"at least 12" → 12; "more than 50" → 51; "between 5 and 7" → 5 (best = the lowest figure, as ACLED does)
with high 7; "dozens" → 24 (high 99); "a child and two women" → 3. Wounded counts are not deaths.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jointmap.extract.text import Caseless

__all__ = ["Toll", "find_tolls", "parse_number"]

_UNITS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100,
    "a dozen": 12, "dozen": 12, "a couple of": 2, "couple of": 2, "a pair of": 2,
}  # fmt: skip
# Vague quantities: (low, best, high).
_VAGUE = {
    "dozens": (24, 24, 99), "scores": (40, 40, 99), "hundreds": (200, 200, 999),
    "thousands": (2000, 2000, 9999), "several": (3, 3, 9), "a few": (2, 3, 9), "many": (10, 10, 99),
    "numerous": (10, 10, 99), "tens": (20, 20, 99),
}  # fmt: skip
_NUM = (
    r"(?:\d{1,3}(?:,\d{3})+|\d+|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[ -](?:one|two|"
    r"three|"
    r"four|five|six|seven|eight|nine))?|a hundred|a dozen|a couple of|a pair of|one|two|three|four|five|"
    r"six|seven|"
    r"eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|an?|"
    r"dozens|scores|hundreds|thousands|several|a few|many|numerous|tens)"
)
_QUAL = (
    r"(?P<qual>at least|more than|over|nearly|almost|around|about|some|up to|as many as|roughly|"
    r"approximately)?"
)
_PERSON = (
    r"(?:(?:\w+[ -]){0,2}?(?:people|persons?|civilians?|child(?:ren)?|kids|babies|infants|wom[ae]n|m[ae]n|"
    r"boys?|"
    r"girls?|fighters?|soldiers?|troops|militants?|rebels?|jihadists?|members?|residents?|workers?|staff|"
    r"medics?|"
    r"doctors?|nurses?|students?|policem[ae]n|officers?|personnel|guards?|gunmen|insurgents?|terrorists?|"
    r"combatants?|volunteers?|journalists?|family members|relatives|victims|others|dead|bodies|lives))"
)
_KILL = (
    r"(?:killed|dead|died|massacred|executed|slain|perished|lost their lives|were killed|have been killed|"
    r"killing|kills)"
)
_RANGE_RE = Caseless(
    rf"\b(?:between\s+)?(?P<a>{_NUM})\s+(?:and|to|-)\s+(?P<b>{_NUM})\s+{_PERSON}?\s*(?:were\s+|"
    rf"have been\s+)?{_KILL}"
)
_BEFORE_RE = Caseless(
    rf"\b{_QUAL}\s*(?P<n>{_NUM})\s+(?:of\s+)?{_PERSON}?\s*(?:,\s*\w+(?:\s+\w+)?,\s*)?(?:were\s+|"
    rf"have been\s+|had been\s+|was\s+|are\s+)?"
    rf"(?:(?:reportedly|also|all|later)\s+)?(?P<kill>killed|dead|died|massacred|executed|slain|perished|"
    rf"lost their lives)\b"
)
_AFTER_RE = Caseless(
    rf"\b(?:killing|killed|kills|kill|leaving|left|claimed the lives of|claiming the lives of|executed|"
    rf"massacred)\s+"
    rf"{_QUAL}\s*(?P<n>{_NUM})\s+(?:of\s+)?(?P<who>{_PERSON})"
)
_TOLL_RE = Caseless(
    rf"\b(?:death toll|toll|number of (?:dead|deaths|those killed))\s+(?:\w+\s+){{0,3}}?(?:to|at|of|"
    rf"reached|hit)\s+{_QUAL}\s*(?P<n>{_NUM})\b"
)
_LIST_RE = Caseless(
    rf"\b(?P<list>(?:{_NUM})\s+{_PERSON}(?:\s*,\s*(?:{_NUM})\s+{_PERSON})*\s*,?\s+and\s+(?:{_NUM})\s+{_PERSON})\s+"
    rf"(?:were\s+|have been\s+|was\s+)?(?:killed|died|dead|slain)"
)
_ITEM_RE = Caseless(rf"(?P<n>{_NUM})\s+{_PERSON}")
_AFTER_RANGE_RE = Caseless(
    rf"\b(?:killing|killed|kills|kill|leaving|left)\s+(?:between\s+)?(?P<a>{_NUM})\s+(?:and|to|"
    rf"-)\s+(?P<b>{_NUM})\s+"
    rf"{_PERSON}"
)
_TAIL_RE = Caseless(rf"\s*(?:,\s*|,?\s+and\s+)(?P<n>{_NUM})\s+{_PERSON}")
_AND_WOUNDING_RE = re.compile(r"\band\s+(?:wounding|injuring)\b", re.I)
_WOUNDED_AHEAD_RE = Caseless(r"^\s*(?:were\s+|have been\s+)?(?:wounded|injured|hurt)")


@dataclass(frozen=True, slots=True)
class Toll:
    low: int
    best: int
    high: int
    start: int
    end: int


def parse_number(text: str) -> tuple[int, int, int] | None:
    """(low, best, high) for a number word or figure."""
    t = text.lower().strip()
    if t in _VAGUE:
        return _VAGUE[t]
    if t.replace(",", "").isdigit():
        n = int(t.replace(",", ""))
        return (n, n, n)
    if t in _UNITS:
        return (_UNITS[t],) * 3
    parts = re.split(r"[ -]", t)
    if len(parts) == 2 and parts[0] in _UNITS and parts[1] in _UNITS:
        n = _UNITS[parts[0]] + _UNITS[parts[1]]
        return (n, n, n)
    return None


def _qualified(qual: str | None, value: tuple[int, int, int]) -> tuple[int, int, int]:
    low, best, high = value
    q = (qual or "").lower()
    if q in ("more than", "over"):
        return (low + 1, best + 1, max(high, best + 1))
    if q == "up to":
        return (min(1, low), best, high)
    return value


_KILL_WORD_RE = Caseless(r"kill|dead|died|death|massacr|execut|slain|perish|lives|toll")


def find_tolls(text: str) -> list[Toll]:
    """Fatality figures in a sentence, in order, overlapping matches removed (a list beats its parts).

    Only the text around kill words is searched: the patterns are costly and most words are far from one.
    """
    found: list[Toll] = []
    windows: list[list[int]] = []  # [lo, hi, end of the last kill word]
    for k in _KILL_WORD_RE.finditer(text):
        lo, hi = max(0, k.start() - 120), min(len(text), k.end() + 100)
        if windows and lo <= windows[-1][1]:
            windows[-1][1:] = [hi, k.end()]  # overlapping windows are read once, as one
        else:
            windows.append([lo, hi, k.end()])
    for lo, hi, last in windows:
        for t in _tolls_in(text[lo:hi], min(hi, last + 16) - lo):
            toll = Toll(t.low, t.best, t.high, t.start + lo, t.end + lo)
            if not any(f.start < toll.end and toll.start < f.end for f in found):
                found.append(toll)
    return sorted(found, key=lambda t: t.start)


def _tolls_in(text: str, before_end: int) -> list[Toll]:
    """Tolls in a window; the patterns that end on the kill word read only up to ``before_end``."""
    found: list[Toll] = []
    head = text[:before_end]

    def add(low: int, best: int, high: int, start: int, end: int) -> None:
        if not any(t.start < end and start < t.end for t in found) and best < 100_000:
            found.append(Toll(low, best, high, start, end))

    for m in _LIST_RE.finditer(head):
        total = [0, 0, 0]
        for item in _ITEM_RE.finditer(m["list"]):
            value = parse_number(item["n"])
            if value is not None:
                total = [a + b for a, b in zip(total, value, strict=True)]
        if total[1]:
            add(total[0], total[1], total[2], m.start(), m.end())
    for m in _RANGE_RE.finditer(head):
        a, b = parse_number(m["a"]), parse_number(m["b"])
        if a and b and a[1] <= b[1]:
            add(a[0], a[1], b[2], m.start(), m.end())
    for m in _AFTER_RANGE_RE.finditer(text):
        a, b = parse_number(m["a"]), parse_number(m["b"])
        if a and b and a[1] <= b[1]:
            add(a[0], a[1], b[2], m.start(), m.end())
    for m in _BEFORE_RE.finditer(head):
        value = parse_number(m["n"])
        if value is not None:
            low, best, high = _qualified(m["qual"], value)
            add(low, best, high, m.start(), m.end())
    for m in _AFTER_RE.finditer(text):
        value = parse_number(m["n"])
        if value is not None and not _WOUNDED_AHEAD_RE.match(text[m.end() :]):
            if _AND_WOUNDING_RE.search(m.group(0)):
                continue
            low, best, high = _qualified(m["qual"], value)
            end = m.end()
            # "killing a child and two women": the list after the verb adds up.
            while tail := _TAIL_RE.match(text, end):
                more = parse_number(tail["n"])
                if more is None or _WOUNDED_AHEAD_RE.match(text[tail.end() :]):
                    break
                low, best, high, end = low + more[0], best + more[1], high + more[2], tail.end()
            add(low, best, high, m.start(), end)
    for m in _TOLL_RE.finditer(text):
        value = parse_number(m["n"])
        if value is not None:
            low, best, high = _qualified(m["qual"], value)
            add(low, best, high, m.start(), m.end())
    return sorted(found, key=lambda t: t.start)
