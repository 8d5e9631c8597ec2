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

from jointmap.geo import fold

__all__ = [
    "Caseless",
    "Normalised",
    "Sentence",
    "Word",
    "capitalised_runs",
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
_BOUNDARY_RE = re.compile(
    r"[.!?]+[\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9\u0600-\u06ff])|[.!?؟]\s+|\n\s*\n|\n(?=\s*[-•*\d])|"
    r"[.!?]+(?=[“‘][A-Z])"  # 'said.“This attack': a closing stop glued to the next quotation
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


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with their offsets. Rule-based: abbreviations and initials ("U.S.") do not split."""
    out: list[Sentence] = []
    start = 0
    for match in _BOUNDARY_RE.finditer(text):
        cut = match.start()
        if text[cut] == ".":
            prev = re.search(r"(\w+)$", text[max(start, cut - 12) : cut])
            word = prev.group(1) if prev else ""
            # "U.S." "Lt." "Feb." — an initial or a known abbreviation, not the end of a sentence.
            if len(word) == 1 or word.lower() in _ABBREV:
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
_INITIAL_DOT_RE = re.compile(r"(?<![A-Za-z])[A-Z](\.)")
_POSSESSIVE_RE = re.compile(r"[\'’](?=[sS](?![A-Za-z0-9]))")


def normalise(text: str) -> Normalised:
    """Fold ``text`` keeping offsets (a C-speed translate; a per-character path only for non-ASCII)."""
    table = text.translate(_ASCII)
    if "." in text or "'" in text or "’" in text:
        chars = list(table)
        for m in _INITIAL_DOT_RE.finditer(text):
            chars[m.start(1)] = "\x00"
        for m in _POSSESSIVE_RE.finditer(text):
            chars[m.start()] = " "
        table = "".join(chars)
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


_CAP = r"(?:[A-Z\u0600-\u06ff]|[‘'`][A-Z])[\w’‘'`.\u0600-\u06ff-]*(?<![.'’‘-])"
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
        ws = [Word(base + t.start(), base + t.end(), t.group()) for t in _TOKEN_RE.finditer(m.group())]
        runs.append((ws[0].start, ws[-1].end, ws))
    return runs


# re.IGNORECASE folds these to ASCII letters ("ı" ~ "i", "ſ" ~ "s", Kelvin "K" ~ "k"), str.lower() does not
# (or changes the length: "İ" → "i̇"); text holding one is matched the slow, exact way.
_FOLD_ODD = frozenset("\u0130\u0131\u017f\u212a")
_LITERAL_RE = re.compile(r"\\.|\(\?P|[A-Z]")  # escapes and "(?P<name>" stay as they are


# The last text lower-cased for a Caseless pattern and its lower-cased form (None: match it with re.I).
_LAST: tuple[str, str | None] = ("", "")


class Caseless:
    """A case-insensitive pattern run on lower-cased text. Python's regex engine is several times slower
    under ``re.IGNORECASE`` (it gives up its literal-prefix scan), and the extractor runs dozens of word
    lists over every event sentence; ``text.lower()`` is one C pass. The matches are those of
    ``re.compile(source, re.I)`` (falling back to it when lower-casing would move offsets or a character folds
    specially), but a match's groups hold the LOWER-CASED text: slice the original by offsets where case
    matters."""

    __slots__ = ("_i", "_low", "pattern")

    def __init__(self, source: str) -> None:
        self.pattern = source
        self._i = re.compile(source, re.I)
        lowered = _LITERAL_RE.sub(lambda m: m.group() if len(m.group()) > 1 else m.group().lower(), source)
        self._low = re.compile(lowered)
        if self._low.groupindex != self._i.groupindex:
            raise ValueError(f"group names must be lower case: {source!r}")

    def _pick(self, text: str) -> tuple[re.Pattern[str], str]:
        global _LAST
        last_text, low = _LAST
        if text is not last_text:
            # Many word lists read the same sentence in turn: lower-case it once.
            folds_alike = text.isascii() or _FOLD_ODD.isdisjoint(text)
            low = text.lower() if folds_alike else None
            if low is not None and len(low) != len(text):
                low = None
            _LAST = (text, low)
        if low is None:
            return self._i, text
        return self._low, low

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        pattern, subject = self._pick(text)
        return pattern.search(subject, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        pattern, subject = self._pick(text)
        return pattern.match(subject, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        pattern, subject = self._pick(text)
        return pattern.finditer(subject, pos, endpos)
