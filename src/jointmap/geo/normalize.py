"""Name keys that make transliteration variants of one place name compare equal.

Three levels, from strict to loose:

* :func:`fold` – case, diacritics, ayn/hamza marks, punctuation and spacing only ("exact" match);
* :func:`loose_key` – also drops Arabic articles (``al-``, assimilated ``ash-``, ``Ezzor``), spaces,
  doubled letters and e/i, o/u vowel variation ("normalised" match);
* :func:`name_key` – a consonant skeleton: vowels and medial w/y dropped, consonant variants merged
  (dh→d, kh/q/c→k, sh/ch→S, gh→g, ph/v→f, dj→j), so ``Kafranbel``, ``Kafr Nabl`` and ``Kafr Nubl``
  share one key ("variant spelling" match). It is lossy on purpose: ranking sorts out collisions.

Arabic script is normalised in all three: tashkeel and tatweel stripped, alef/hamza forms unified,
ta marbuta → ha, alef maqsura → ya, a leading ``ال`` dropped (in the two looser keys).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["ARTICLES", "arabic_normalize", "fold", "has_arabic", "loose_key", "name_key", "tokens"]

# Standalone article tokens as transliterated (al-, el-, and the assimilated sun-letter forms).
ARTICLES: frozenset[str] = frozenset(
    [
        "al",
        "el",
        "il",
        "ul",
        "l",
        "as",
        "ash",
        "ad",
        "adh",
        "ar",
        "az",
        "at",
        "ath",
        "an",
        "es",
        "esh",
        "ed",
        "edh",
        "er",
        "ez",
        "et",
        "eth",
        "en",
        "is",
        "ish",
        "id",
        "ir",
        "iz",
        "it",
        "in",
    ]
)

_APOSTROPHES = "'’‘ʿʾ`´ʼʻ′\"ʹ"
_APOS_TABLE = str.maketrans("", "", _APOSTROPHES)
# Letters NFKD does not decompose.
_SPECIAL = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "æ": "ae", "ß": "ss", "đ": "d", "ħ": "h", "œ": "oe"})

_ARABIC_RE = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_TASHKEEL_RE = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_TABLE = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ة": "ه",
        "ى": "ي",
        "ؤ": "و",
        "ئ": "ي",
        "ک": "ك",
        "ی": "ي",
        "ء": "",
    }
)
_COMBINING_RE = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_NON_WORD_RE = re.compile(r"[^0-9a-z\u0600-\u06ff]+")
# An article glued to the next word by a doubled sun letter: Ezzor, Arraqqa, Assafira.
_ASSIMILATED_RE = re.compile(r"^[aei](sh|[dnrstz])(?=\1[a-z]{2})")
_DOUBLE_RE = re.compile(r"(.)\1+")
# Consonant variants, applied per token, longest first.
_DIGRAPHS = (
    ("dj", "j"),
    # ش stays apart from س (upper case marks it): Tall ash-Shih is not Tal al-Eiss.
    ("ch", "S"),
    ("sh", "S"),
    ("kh", "k"),
    ("gh", "g"),
    ("dh", "d"),  # ض and ذ: Mo'adhamiyah / Mu'addamiyah
    ("zh", "z"),
    ("th", "t"),
    ("ph", "f"),
    ("ck", "k"),
    ("q", "k"),
    ("c", "k"),
    ("x", "ks"),
    ("v", "f"),
)
_LOOSE_VOWELS = (("ou", "u"), ("oo", "u"), ("o", "u"), ("ee", "i"), ("ie", "i"), ("e", "i"), ("ey", "ay"))


def has_arabic(text: str) -> bool:
    """True when ``text`` contains Arabic-script letters."""
    return _ARABIC_RE.search(text) is not None


def arabic_normalize(word: str) -> str:
    """Strip tashkeel/tatweel and unify alef, hamza, ta marbuta and alef maqsura forms."""
    return _TASHKEEL_RE.sub("", word).translate(_ARABIC_TABLE)


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower case, no diacritics or ayn/hamza marks, words separated by single spaces."""
    text = text.translate(_APOS_TABLE)
    if has_arabic(text):
        text = arabic_normalize(text)
    text = text.casefold()
    if not text.isascii():
        # Drop Latin combining marks after decomposition; Arabic letters are untouched by NFKD+NFC.
        decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
        text = unicodedata.normalize("NFC", _COMBINING_RE.sub("", decomposed))
    return _NON_WORD_RE.sub(" ", text).strip()


def tokens(text: str) -> list[str]:
    """Folded words with articles removed (kept when the article is the only word)."""
    return list(_tokens(text))


@lru_cache(maxsize=200_000)
def _tokens(text: str) -> tuple[str, ...]:
    words = fold(text).split()
    out: list[str] = []
    after_article = False
    for word in words:
        if word in ARTICLES:
            after_article = True
            continue
        if word.startswith("ال") and len(word) > 3:
            word = word[2:]  # Arabic article prefix
        elif not after_article and word[:1] in "aei" and _ASSIMILATED_RE.match(word):
            # An assimilated Latin article glued on (Ezzor → zor) – but never right after a written
            # article: "al-Assad" is "Asad", not "al-as-Sad".
            word = _ASSIMILATED_RE.sub("", word)
        after_article = False
        out.append(word)
    return tuple(out or words)


def _undouble(word: str) -> str:
    """Doubled letters once: "raqqa" → "raqa" (faster than a back-referencing regex substitution)."""
    if not _DOUBLE_RE.search(word):
        return word
    out = [word[0]]
    for ch in word[1:]:
        if ch != out[-1]:
            out.append(ch)
    return "".join(out)


def _drop_final_h(word: str) -> str:
    # Ta marbuta: Hamah / Hama, Hasakeh / Hasaka.
    if len(word) > 3 and word[-1] == "h" and word[-2] in "aeiou":
        return word[:-1]
    return word


@lru_cache(maxsize=200_000)
def loose_key(text: str) -> str:
    """Folded, article-free, space-free; doubled letters and e/i, o/u variation merged."""
    parts = []
    for word in _tokens(text):
        if not word.isascii() and has_arabic(word):
            parts.append(word)
            continue
        word = _drop_final_h(word)
        if word.endswith("y") and len(word) > 3:
            word = word[:-1] + "i"  # Qamishly / Qamishli
        for old, new in _LOOSE_VOWELS:
            word = word.replace(old, new)
        parts.append(word)
    return _undouble("".join(parts))


def _skeleton(word: str) -> str:
    word = _drop_final_h(_undouble(word))
    for old, new in _DIGRAPHS:
        word = word.replace(old, new)
    head, rest = word[:1], word[1:]
    if head in "aeiou":
        head = ""
    # w and y are vowels in transliteration (Dayr/Deir, Jawbar/Jobar) except word-initially.
    # No collapsing after the vowels go: Azaz must stay "zz", not "z".
    return head + rest.translate(_VOWEL_DROP)


_VOWEL_DROP = str.maketrans("", "", "aeiouwy")


@lru_cache(maxsize=200_000)
def name_key(text: str) -> str:
    """The consonant skeleton used to find variant spellings (see the module docstring)."""
    words = _tokens(text)
    parts = []
    for i, word in enumerate(words):
        if not word.isascii() and has_arabic(word):
            parts.append(word)
            continue
        if i < len(words) - 1 and len(word) > 4 and word[-1] == "t" and word[-2] in "aei":
            word = word[:-1]  # construct-state ta marbuta, written or not: Dahiyat/Dahiya al-Asad
        parts.append(_skeleton(word))
    key = "".join(parts)
    # A name made only of vowels (e.g. "Ayia") would vanish: fall back to the loose key.
    return key or loose_key(text)
