"""Name keys that make transliteration variants of one place name compare equal.

Three levels, from strict to loose:

* :func:`fold` – case, diacritics, ayn/hamza marks, punctuation and spacing only ("exact" match);
* :func:`loose_key` – also drops Arabic articles (``al-``, assimilated ``ash-``, ``Ezzor``), spaces,
  doubled letters and e/i, o/u vowel variation ("normalised" match);
* :func:`name_key` – a consonant skeleton: vowels and medial w/y dropped, consonant variants merged
  (dh→d, kh/q/c→k, sh/ch→S, gh→g, ph/v→f, dj→j), so ``Kafranbel``, ``Kafr Nabl`` and ``Kafr Nubl``
  share one key ("variant spelling" match). It is lossy on purpose: ranking sorts out collisions.

:func:`keys` gives all three at once (one pass over the words; the geocoder uses it).

Arabic script is normalised in all three: tashkeel and tatweel stripped, alef/hamza forms unified,
ta marbuta → ha, alef maqsura → ya, a leading ``ال`` dropped (in the two looser keys).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "ARTICLES",
    "arabic_normalize",
    "fold",
    "has_arabic",
    "keys",
    "loose_key",
    "loose_word",
    "name_key",
    "tokens",
]

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
_has_double = _DOUBLE_RE.search
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


def has_arabic(text: str) -> bool:
    """True when ``text`` contains Arabic-script letters."""
    return _ARABIC_RE.search(text) is not None


def arabic_normalize(word: str) -> str:
    """Strip tashkeel/tatweel and unify alef, hamza, ta marbuta and alef maqsura forms."""
    return _TASHKEEL_RE.sub("", word).translate(_ARABIC_TABLE)


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower case, no diacritics or ayn/hamza marks, words separated by single spaces."""
    return _fold(text)


def _fold(text: str) -> str:
    text = text.translate(_APOS_TABLE)
    if text.isascii():  # the common case: no Arabic, nothing to decompose (lower == casefold on ASCII)
        return _NON_WORD_RE.sub(" ", text.lower()).strip()
    if has_arabic(text):
        text = arabic_normalize(text)
    text = text.casefold()
    if not text.isascii():
        # Drop Latin combining marks after decomposition; Arabic letters are untouched by NFKD+NFC.
        decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
        text = unicodedata.normalize("NFC", _COMBINING_RE.sub("", decomposed))
    return _NON_WORD_RE.sub(" ", text).strip()


def tokens(text: str) -> list[str]:
    """Folded words with articles removed (the last one kept when all are article-like)."""
    return list(_tokens(text))


@lru_cache(maxsize=200_000)
def _tokens(text: str) -> tuple[str, ...]:
    return _article_free(fold(text).split())


def _article_free(words: list[str]) -> tuple[str, ...]:
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
    # Only article-like words ("Al Ad", the place called ʿĀd: "ad" is also the assimilated article of
    # "ad-Dana"): a name is never just an article, so its last word is the name proper.
    return tuple(out or words[-1:])


def _undouble(word: str) -> str:
    """Doubled letters once: "raqqa" → "raqa" (faster than a back-referencing regex substitution)."""
    if not _has_double(word):
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


# e/i and o/u merged. As the joined key is then undoubled, this equals replacing ou, oo, o by u and then
# ee, ie, e by i (the doubles a plain letter swap leaves are collapsed anyway).
_LOOSE_TABLE = str.maketrans("eo", "iu")
_H_DIGRAPHS = tuple((old, new) for old, new in _DIGRAPHS if old[-1] == "h")


def _skeleton(word: str) -> str:
    word = _drop_final_h(_undouble(word))
    # The replacements of _DIGRAPHS in order; each group is skipped when its letter is absent (no
    # replacement writes a letter a later group looks for, so skipping changes nothing).
    if "j" in word:
        word = word.replace("dj", "j")
    if "h" in word:
        for old, new in _H_DIGRAPHS:
            word = word.replace(old, new)
    if "c" in word:
        word = word.replace("ck", "k")
    if "q" in word:
        word = word.replace("q", "k")
    if "c" in word:
        word = word.replace("c", "k")
    if "x" in word:
        word = word.replace("x", "ks")
    if "v" in word:
        word = word.replace("v", "f")
    head, rest = word[:1], word[1:]
    if head in "aeiou":
        head = ""
    # w and y are vowels in transliteration (Dayr/Deir, Jawbar/Jobar) except word-initially.
    # No collapsing after the vowels go: Azaz must stay "zz", not "z".
    return head + rest.translate(_VOWEL_DROP)


_VOWEL_DROP = str.maketrans("", "", "aeiouwy")


@lru_cache(maxsize=200_000)
def keys(text: str) -> tuple[str, str, str]:
    """``(fold(text), loose_key(text), name_key(text))`` in one pass over the words."""
    folded = _fold(text)  # not through fold's cache: this one holds the result
    loose_parts: list[str] = []
    skeleton_parts: list[str] = []
    toks = _article_free(folded.split())
    last = len(toks) - 1
    for i, word in enumerate(toks):
        if not word.isascii() and has_arabic(word):
            loose_parts.append(word)
            skeleton_parts.append(word)
            continue
        size = len(word)
        # loose_key: ta marbuta (Hamah / Hama), final y (Qamishly / Qamishli), e/i and o/u.
        loose = word[:-1] if size > 3 and word[-1] == "h" and word[-2] in "aeiou" else word
        if loose[-1:] == "y" and len(loose) > 3:
            loose = loose[:-1] + "i"
        loose_parts.append(loose.translate(_LOOSE_TABLE))
        # name_key: construct-state ta marbuta, written or not (Dahiyat/Dahiya al-Asad), then the skeleton.
        if i < last and size > 4 and word[-1] == "t" and word[-2] in "aei":
            word = word[:-1]
        skeleton_parts.append(_skeleton(word))
    loose_key = _undouble("".join(loose_parts))
    # A name made only of vowels (e.g. "Ayia") would vanish: fall back to the loose key.
    return folded, loose_key, "".join(skeleton_parts) or loose_key


def loose_word(word: str) -> str:
    """The loose key of one folded, article-free Latin word (what :func:`keys` does to each word, without
    the article handling): cheap enough to call on a name's first word on every lookup."""
    if len(word) > 3 and word[-1] == "h" and word[-2] in "aeiou":
        word = word[:-1]
    if word[-1:] == "y" and len(word) > 3:
        word = word[:-1] + "i"
    return _undouble(word.translate(_LOOSE_TABLE))


def loose_key(text: str) -> str:
    """Folded, article-free, space-free; doubled letters and e/i, o/u variation merged."""
    return keys(text)[1]


def name_key(text: str) -> str:
    """The consonant skeleton used to find variant spellings (see the module docstring)."""
    return keys(text)[2]
