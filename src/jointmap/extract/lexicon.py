"""Word lists: event triggers by ACLED sub-event type, hedges, reported speech, accusations.

Triggers are ordered: the first pattern that matches in a sentence types the event, so the specific
("barrel bomb", "suicide bomber") come before the general ("attack", "killed").
"""

from __future__ import annotations

import re

from jointmap.domain.events import SubEventType as S
from jointmap.extract.text import Caseless

__all__ = [
    "ACCUSE_RE",
    "ACCUSE_STEMS",
    "AFTER_CLAUSE",
    "AFTER_CLAUSE_RE",
    "AID_RE",
    "CAPTURE_RE",
    "CIVILIAN_RE",
    "DENY_RE",
    "HEDGE_RE",
    "SPEECH_RE",
    "STEMS",
    "SUBJECT_VERB_RE",
    "TRIGGERS",
    "TRUCE_RE",
    "UNKNOWN_ACTOR_RE",
    "UNKNOWN_ACTOR_WORDS",
]


def _re(pattern: str) -> Caseless:
    return Caseless(pattern)


# After the event word, after a comma, a clause that tells another event before or after it: ", a day after
# X shelled", ", hours before", ", following" ("clashes broke out after rebels attacked" is one story).
AFTER_CLAUSE = (
    r",\s+(?:(?:a|one|two|three|several|a few|just|only|hours|days|weeks|shortly|soon|not long)\s+"
    r"(?:(?:days?|hours?|weeks?)\s+)?)?(?:after|before|following)\s+(?!\d|midnight|dawn|noon|dusk|sunset)"
)
AFTER_CLAUSE_RE = re.compile(AFTER_CLAUSE, re.I)
# A side's own verb right after its name ("the army bombed", "rebels had shelled"): it opens a clause of its
# own, not a noun phrase ("rebel positions were destroyed") nor what it only reported ("the army reported
# that ..."; an accusation or a denial is a clause of its own: "..., but Russia denied it").
SUBJECT_VERB_RE = re.compile(
    r"\s+(?:(?:had|have|has|then|later|also|again|reportedly|allegedly)\s+)?"
    r"(?!(?:said|reported|announced|added|confirmed|stated|noted|explained|told|tweeted|replied|responded)\b)"
    r"(?:[a-z]+ed|struck|hit|shot|fought|took|overran|began|retook|blew|threw)\b"
)
_AIRCRAFT = (
    r"(?:helicopters?|copters?|gunships?|jets?|warplanes?|planes?|aircraft|drones?|fighter|bombers?|MiG|"
    r"Sukhoi|Su-\d+|Mi-\d+|F-\d+)\b"
)
# Aid that enters a town is no troop movement: "Aid trucks entered Madaya", "a UN convoy entered the town".
_NOT_AID = r"(?<!trucks )(?<!convoy )(?<!convoys )(?<!aid )(?<!lorries )(?<!supplies )"


# (pattern, sub-event type, strength 0..1: how surely the words report a violent event)
TRIGGERS: list[tuple[Caseless, S, float]] = [
    (
        _re(
            r"\b(?:chemical (?:attack|weapons?|strike)|chlorine|sarin|toxic gas|poison(?:ous)? gas|"
            r"gas attack)"
        ),
        S.CHEMICAL_WEAPON,
        0.9,
    ),
    (
        _re(
            r"\b(?:suicide (?:bomb(?:er|ing)?s?|attack(?:er)?s?|car bomb)|blew (?:him|her|them)sel(?:f|"
            r"ves) up|SVBIED|VBIED)"
        ),
        S.SUICIDE_BOMB,
        0.95,
    ),
    (
        _re(
            r"\b(?:car[ -]bomb(?:s|ing)?|booby[ -]trap\w*|IEDs?\b|improvised explosive|roadside bomb|"
            r"land ?mines?|explosive device|bomb (?:blast|exploded|went off)|explosions?\b|blasts?\b|"
            r"bombings?\b|detonat\w+|exploded)"
        ),
        S.REMOTE_EXPLOSIVE,
        0.8,
    ),
    # Aircraft shot down: a clash with the air force, not a strike from the air.
    # (not "a downed pilot", the adjective, nor "Downing Street")
    (
        _re(
            r"\b(?:shot down|shoots down|shoot down|shooting down|"
            # ("downed power lines", "a downed pilot": only an aircraft downed, or one that was)
            rf"(?:downed|downing)(?=\s+(?:[\w-]+\s+){{0,4}}?{_AIRCRAFT})|"
            r"(?:(?<=was )|(?<=were )|(?<=been )|(?<=being )|(?<=is )|(?<=are )|(?<=copter )|(?<=plane )|"
            r"(?<=jet )|(?<=drone )|(?<=aircraft ))downed)\b"
        ),
        S.ARMED_CLASH,
        0.8,
    ),
    (
        _re(
            r"\b(?:barrel[ -]bombs?|air ?strikes?|air[ -]raids?|airstrikes?|aerial (?:bombardment|attacks?|"
            r"raids?|strikes?|campaign|sorties)|drone strikes?|warplanes?|jets?\b|helicopters?\b|bombed|"
            r"bombing raids?|raids?\b|air campaign|sorties\b|bombers?\b|strafe[ds]?\b|strafing|"
            # bombs that fall are dropped from the air: "Bombs continue to fall on Aleppo"
            r"bombs(?=\s+(?:fell|fall|falls|falling|rained|rain|raining|dropped|continue\s+to\s+fall)\b"
            r"(?!\s+(?:silent|quiet|still|short)\b)))"
        ),
        S.AIR_DRONE_STRIKE,
        0.85,
    ),
    (
        _re(
            r"\b(?:shell(?:ed|ing|s)?\b(?!-)|mortars?|rockets?\b|artillery|missiles?|bombard(?:ed|ment|ing)|"
            r"grad\b|cannon|hell cannon|tank fire|howitzers?|projectiles?|pound(?:ed|ing)\b)"
        ),
        S.SHELLING_ARTILLERY_MISSILE,
        0.85,
    ),
    (_re(r"\bgrenades?\b"), S.GRENADE, 0.8),
    (
        _re(
            r"\b(?:recaptur\w+|retook|retake|regain\w*|captur\w+|seiz\w+|took (?:full |back )?control|"
            r"taken control|took over|overr?an|overrun|liberat\w+|advanced? (?:on|into|in)|storm\w*|"
            rf"{_NOT_AID}entered)\b"
        ),
        S.ARMED_CLASH,
        0.8,
    ),
    (
        _re(
            r"\b(?:clash\w*|fighting|fought|battles?\b|battling|offensives?|assaults?|counter-?attacks?|"
            r"ambush\w*|firefights?|skirmish\w*|sniper|gunfire|exchange of fire|repel\w*|besieg\w*|siege|"
            r"military operations?\b|"
            # troop movements into contested ground; not "enter into force/talks", not "in advance of"
            rf"{_NOT_AID}enter(?:s|ing)?\b(?!\s+(?:into\b|talks|negotiations|office|politics|service))|"
            r"advanc(?:ing|es)\b|advance\b(?!\s+of\b)|incursions?|invasions?|invad(?:e|ed|es|ing)\b|"
            r"infiltrat\w+|encircl\w+|shoot-?outs?|gun ?battles?)"
        ),
        S.ARMED_CLASH,
        0.75,
    ),
    (
        _re(
            r"\b(?:massacre\w*|execut(?:ed|ions?|ing)|beheaded|beheadings?|tortur\w+|shot dead|gunned down|"
            r"slaughter\w*|assassinat\w+|murder\w*|stabb\w+|lynch\w*|burn(?:ed|t|ing) (?:\w+ ){0,3}alive)"
        ),
        S.ATTACK,
        0.85,
    ),
    (_re(r"\b(?:kidnap\w*|abduct\w*|hostages?\b|taken captive|disappeared)"), S.ABDUCTION, 0.8),
    (_re(r"\b(?:rap(?:e|ed|es)\b|sexual violence|sexually assaulted)"), S.SEXUAL_VIOLENCE, 0.8),
    (_re(r"\b(?:arrest\w*|detain\w*|rounded up)"), S.ARRESTS, 0.6),
    (
        _re(
            r"\b(?:protest\w*|demonstrat(?:ion|ors|ed)\w*|rall(?:y|ied|ies)\b|march(?:ed|ers)\b|"
            r"took to the streets|sit-ins?\b|riot(?:s|ing|ers)?\b)"
        ),
        S.PEACEFUL_PROTEST,
        0.6,
    ),
    (_re(r"\b(?:looted|looting|torched|set (?:on )?fire|burn(?:ed|t) down)"), S.LOOTING, 0.6),
    (
        _re(
            # (not a deal struck: "struck a deal with", "struck a truce."; "a deal was struck": triggers.py)
            r"\b(?:attack\w*|struck(?! (?:a |an |the )?(?:deal|agreement|accord|truce|compromise|balance|"
            r"tone|note|chord)s?(?:\s+(?:with|between|to|in|on|over|for)\b|\s*[,.;]|\s*$))|"
            # (not a labour strike: "went on strike", "a hunger strike", "the general strike call")
            r"(?<!on )(?<!hunger )(?<!general )strikes?\b(?!\s+(?:call|action)\b)|striking\b|hit\b|"
            r"targeted|targeting|killed|killing|dead\b|died|wounded|"
            r"injured|casualties|death toll|fire on|opened fire|destroyed|violat\w+|"
            # shootings and the base forms headlines use ("raids kill 10", "forces target X")
            r"shot\b|shooting|shoot\b|fired (?:on|at|upon)|fire (?:at|upon)|kills?\b|wounding|injuring|"
            # (not the noun: "Islamic State targets in Raqqa")
            r"targets?\b(?!\s+(?:in|near|at|of|on|across|around|inside|belonging|used)\b))"
        ),
        S.ATTACK,
        0.55,
    ),
    (_re(r"\b(?:convoys?|aid deliver\w*|humanitarian access)"), S.OTHER, 0.35),
    (
        _re(r"\b(?:truce|ceasefire|cease-fire|cessation of hostilities|agreement|deal\b|evacuat\w+)"),
        S.AGREEMENT,
        0.3,
    ),
]

HEDGE_RE = _re(
    r"\b(?:believed|thought|suspected|said|reported|presumed|assumed)\s+to\s+(?:be|have\s+been)\b|"
    r"\b(?:reportedly|allegedly|apparently|likely|probably|possibly|presumably|suspected|purported(?:ly)?)\b"
)
UNKNOWN_ACTOR_WORDS = ("unidentified", "unknown", "unmarked", "unclaimed", "unnamed", "anonymous")
UNKNOWN_ACTOR_RE = _re(
    rf"\b(?:{'|'.join(UNKNOWN_ACTOR_WORDS)})\s+(?:\w+\s+)?"
    r"(?:jets?|warplanes?|aircraft|planes?|helicopters?|drones?|gunmen|attackers?|assailants?|forces|"
    r"fighters|militants?|men)\b"
)
# A verb of saying or a speaking occasion: places right after it are where someone spoke, not the event.
SPEECH_RE = _re(
    r"\b(?:said|says|told|tells|announced|speaking|spoke|stated|declared|visit(?:ed|ing)?|met|meeting|talks|"
    r"conference|summit|news briefing|press|statement|interview|reporters|based|headquartered|wrote|"
    r"quoted|according to)\b"
)
ACCUSE_RE = _re(
    r"\b(?:accus\w+|blam\w+|alleg(?:e|ed|es|ing|ation|ations)\b|held\s+\S+(?:\s+\S+)?\s+responsible|"
    r"hold\w*\s+\S+(?:\s+\S+)?\s+responsible|charged that|charges that|claim(?:ed|s)? that|"
    r"violations? (?:by|of the (?:truce|ceasefire))|denounc\w+|condemn\w+)"
)
DENY_RE = _re(
    r"\b(?:den(?:y|ied|ies|ying|ial)|reject\w*\s+(?:the\s+)?(?:claims?|accusations?|allegations?|reports?|charges?)|"
    r"dismiss\w*\s+(?:the\s+)?(?:claims?|accusations?|allegations?|charges?|reports?\b"
    # (not "dismissed reports of a calm": what is dismissed is a truce holding, not a violation)
    r"(?!\s+(?:of|that)\s+(?:a\s+|the\s+)?(?:calm|truce|pause|lull|ceasefire|quiet|cessation)))|(?:dismiss|reject)\w*\s+by\b|"
    r"refut\w+|baseless|fabricat\w+)"
)
COUNTER_RE = _re(r"\b(?:instead|in fact|themselves|itself|the real|rather)\b")
TRUCE_RE = _re(r"\b(?:truce|ceasefire|cease-fire|cessation of hostilities|violat\w+|breach\w*)")
AID_RE = _re(r"\b(?:aid|convoys?|humanitarian|relief|food|medical supplies|besieged|blockade|siege)\b")
CAPTURE_RE = _re(
    r"\b(?:recaptur\w+|retook|retaken|regain\w*|captur\w+|seiz\w+|took (?:full |back )?control|taken control|"
    r"took over|overr?an|liberat\w+|drove \w+ out)\b"
)
# Non-combatants and their places. One person by a noun of daily life counts too ("a man was shot dead",
# "gunmen killed a teacher"); a fighter does not ("a soldier", "a rebel fighter"), nor "men" ("armed men"). A
# noun that only speaks is no target: "a doctor said", "residents told", "told journalists".
CIVILIAN_RE = _re(
    r"\b(?:civilians?|children|child|women|woman|residents|families|family|hospitals?|schools?|markets?|"
    r"bakery|bakeries|mosques?|homes|houses|displaced|refugees?|camps?|medics?|doctors?|nurses?|"
    r"man(?![-'’])|boys?|girls?|bab(?:y|ies)|infants?|toddlers?|teenagers?|elderly|pensioners?|pregnant|"
    r"teachers?|farmers?|shepherds?|students?|pupils?|shopkeepers?|vendors?|labou?rers?|passengers?|"
    r"patients?|villagers?|worshippers?|paramedics?|rescuers?|"
    r"(?:aid|relief|humanitarian|health|rescue|civil defen[cs]e) workers?|"
    r"(?<!told )(?<!to )(?:journalists?|reporters?(?!\s+without\s+borders)|photographers?|cameram[ae]n))\b"
    # (not one who speaks: "journalists in the town said")
    r"(?!(?:\s+(?:in|at|from|on|inside|near)\s+(?:the\s+)?[\w'-]+(?:\s+[\w'-]+)?)?\s+(?:said|says|told|reported)\b)"
)


# Word starts that every match of the trigger of the same index begins with, for the Aho-Corasick prefilter:
# a sentence is only tested against the triggers whose stems occur in it.
STEMS: list[tuple[str, ...]] = [
    ("chemical", "chlorine", "sarin", "toxic gas", "poison", "gas attack"),
    ("suicide", "blew", "svbied", "vbied"),
    (
        "car bomb",
        "car-bomb",
        "booby",
        "ied",
        "improvised",
        "roadside",
        "land",
        "explosive",
        "bomb",
        "explosion",
        "blast",
        "bombing",
        "detonat",
        "exploded",
    ),
    ("shot down", "shoots down", "shoot down", "shooting down", "downed", "downing"),
    (
        "barrel",
        "air",
        "aerial",
        "drone",
        "warplane",
        "jet",
        "helicopter",
        "bombed",
        "bombing",
        "bombs",
        "raid",
        "sorties",
        "bomber",
        "strafe",
        "strafing",
    ),
    (
        "shell",
        "mortar",
        "rocket",
        "artillery",
        "missile",
        "bombard",
        "grad",
        "cannon",
        "hell cannon",
        "tank fire",
        "howitzer",
        "projectile",
        "pound",
    ),
    ("grenade",),
    (
        "recaptur",
        "retook",
        "retake",
        "regain",
        "captur",
        "seiz",
        "took",
        "taken",
        "overran",
        "overrun",
        "liberat",
        "advance",
        "storm",
        "entered",
    ),
    (
        "clash",
        "fighting",
        "fought",
        "battl",
        "offensive",
        "assault",
        "counter",
        "ambush",
        "firefight",
        "skirmish",
        "sniper",
        "gunfire",
        "exchange of fire",
        "repel",
        "besieg",
        "siege",
        "military operation",
        "enter",
        "advanc",
        "incursion",
        "invasion",
        "invad",
        "infiltrat",
        "encircl",
        "shootout",
        "shoot out",
        "gun battle",
        "gunbattle",
    ),
    (
        "massacre",
        "execut",
        "beheaded",
        "beheading",
        "tortur",
        "shot dead",
        "gunned down",
        "slaughter",
        "assassinat",
        "murder",
        "stabb",
        "lynch",
        "burned",
        "burnt",
        "burning",
    ),
    ("kidnap", "abduct", "hostage", "taken captive", "disappeared"),
    ("rape", "sexual"),
    ("arrest", "detain", "rounded up"),
    (
        "protest",
        "demonstrat",
        "rally",
        "rallied",
        "rallies",
        "march",
        "took to the streets",
        "sit in",
        "riot",
    ),
    ("looted", "looting", "torched", "set fire", "set on fire", "burned down", "burnt down"),
    (
        "attack",
        "struck",
        "strike",
        "striking",
        "hit",
        "targeted",
        "targeting",
        "killed",
        "killing",
        "dead",
        "died",
        "wounded",
        "injured",
        "casualties",
        "death toll",
        "fire on",
        "opened fire",
        "destroyed",
        "violat",
        "shot",
        "shooting",
        "shoot",
        "fired",
        "fire at",
        "fire upon",
        "kill",
        "wounding",
        "injuring",
        "target",
    ),
    ("convoy", "aid deliver", "humanitarian access"),
    ("truce", "ceasefire", "cease fire", "cessation of hostilities", "agreement", "deal", "evacuat"),
]
ACCUSE_STEMS: tuple[str, ...] = (
    "accus", "blam", "alleg", "held", "hold", "charged that", "charges that", "claim", "violation", "denounc",
    "condemn", "den", "reject", "dismiss", "baseless", "fabricat",
)  # fmt: skip
assert len(STEMS) == len(TRIGGERS)
