"""Allegations: who speaks (the subject of the accusing or denying verb), who is accused, and a sentence that
holds two (an accusation and its denial; a denial and the blame laid on the other side)."""

from __future__ import annotations

from datetime import date

import pytest

from jointmap.extract import Document, Extractor
from jointmap.extract.results import CandidateAllegation

_DAY = date(2016, 6, 10)


def _allegations(extractor: Extractor, text: str) -> list[CandidateAllegation]:
    return extractor.extract(Document("t", text, date=_DAY)).allegations


def _read(extractor: Extractor, text: str) -> list[tuple[str, str | None, list[str], str]]:
    return [(a.speaker, a.accuser, a.accused, a.kind) for a in _allegations(extractor, text)]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # auxiliaries and adverbs between the subject and its verb are not the speaker
        (
            "Kurdish officials have repeatedly accused Turkish troops of shelling villages near Afrin.",
            "Kurdish officials",
        ),
        # a clause that opens with "where" starts the speaker
        (
            "Fighting raged in Aleppo where the Syrian government accuses rebels of breaking the truce.",
            "the Syrian government",
        ),
        # "rushed to blame": the subject of the verb before "to"
        (
            "Opposition activists rushed to blame government forces for the attack on the market.",
            "Opposition activists",
        ),
        # a date before the subject is no part of it
        ("In May Amnesty International accused the regime of torturing detainees.", "Amnesty International"),
    ],
)
def test_the_speaker_is_the_subject_of_the_verb(extractor: Extractor, text: str, speaker: str) -> None:
    assert _allegations(extractor, text)[0].speaker == speaker


def test_a_passive_denial_is_told_by_whom_follows_by(extractor: Extractor) -> None:
    found = _read(extractor, "The report was swiftly denied by the Russian Defence Ministry.")
    assert found == [("the Russian Defence Ministry", "ru-gov", [], "denial")]


def test_an_accusation_and_the_denial_that_answers_it(extractor: Extractor) -> None:
    text = "Activists accused the Syrian army of shelling a school in Douma, a charge rejected by Damascus."
    assert _read(extractor, text) == [
        ("Activists", None, ["saa"], "attack_on_party"),
        ("Damascus", "sy-gov", [], "denial"),
    ]


def test_a_denial_that_blames_the_other_side_is_a_counter_claim(extractor: Extractor) -> None:
    assert _read(extractor, "Moscow denied the raid and blamed the rebels.") == [
        ("Moscow", "ru-gov", [], "denial"),
        ("Moscow", "ru-gov", ["fsa"], "counter_claim"),
    ]


def test_an_alleged_event_names_no_speaker(extractor: Extractor) -> None:
    found = _allegations(extractor, "Investigators visited the site of an alleged gas attack near Hama.")
    assert [(a.speaker, a.accuser) for a in found] == [("", None)]


def test_a_nationality_before_an_alleged_event_names_the_accused_not_its_target(extractor: Extractor) -> None:
    found = _allegations(
        extractor, "Monitors are looking into alleged Russian air strikes on rebels in Idlib."
    )
    assert found[0].accused == ["ru-af"]


def test_a_possessive_with_its_apostrophe_lost_still_names_the_actor(extractor: Extractor) -> None:
    assert _allegations(extractor, "Activists blamed Assads forces for the barrel bomb attack.")[
        0
    ].accused == ["saa"]
    found = _allegations(extractor, "Amnesty International accused Syrias regime of starving Madaya.")
    assert found[0].accused == ["sy-gov"]


def test_the_accused_are_named_before_of_not_the_victims_after_it(extractor: Extractor) -> None:
    found = _allegations(extractor, "Damascus accused Saudi Arabia, Qatar and Turkey of arming the rebels.")
    assert [(a.accuser, a.accused) for a in found] == [("sy-gov", ["tr-gov"])]


def test_the_subject_of_a_passive_accusation_is_the_accused(extractor: Extractor) -> None:
    found = _read(extractor, "Government forces have been accused of starving besieged towns.")
    assert found == [("", None, ["saa"], "aid_obstruction")]


def test_a_relative_pronoun_speaks_for_the_noun_before_it(extractor: Extractor) -> None:
    found = _allegations(extractor, "Residents blamed the Syrian army which denied any role in the attack.")
    assert [(a.speaker, a.accuser, a.kind) for a in found][-1] == ("the Syrian army", "saa", "denial")


def test_traded_accusations_go_each_way(extractor: Extractor) -> None:
    text = "The Turkish government and the Russian government traded accusations over the downing of the jet."
    found = _allegations(extractor, text)
    assert [(a.accuser, a.accused) for a in found] == [("tr-gov", ["ru-gov"]), ("ru-gov", ["tr-gov"])]


@pytest.mark.parametrize(
    ("text", "speaker", "accuser"),
    [
        # an appositive between the subject and its verb is part of who speaks, and may name the side
        (
            "Yuri Petrov, a Russian defence ministry spokesman, denied that its bombers hit the hospital.",
            "Yuri Petrov, a Russian defence ministry spokesman",
            "ru-gov",
        ),
        (
            "Ahmed Hassan, a spokesman for the Free Syrian Army, blamed government forces for the shelling.",
            "Ahmed Hassan, a spokesman for the Free Syrian Army",
            "fsa",
        ),
        # an aside, a participle or a relative clause set off by commas is skipped, not part of the speaker
        (
            "Turkey's foreign ministry, meanwhile, accused the YPG of attacking its posts.",
            "Turkey's foreign ministry",
            None,
        ),
        (
            "Opposition activists, citing witnesses, accused Russian jets of bombing a bakery.",
            "Opposition activists",
            None,
        ),
        ("The army, which denied shelling the camp, blamed militants for the blast.", "The army", "saa"),
        # the end of a list is no speaker
        ("Russia, Iran and Turkey, the guarantors of the truce, accused no one.", "", None),
        # a day before the subject ends the phrase that leads; the whole noun phrase speaks
        (
            "On Monday Russian Defence Ministry spokesman Yuri Petrov accused the Turkish army of shelling.",
            "Russian Defence Ministry spokesman Yuri Petrov",
            "ru-gov",
        ),
    ],
)
def test_the_speaker_skips_what_stands_between_subject_and_verb(
    extractor: Extractor, text: str, speaker: str, accuser: str | None
) -> None:
    found = _allegations(extractor, text)
    assert (found[-1].speaker, found[-1].accuser) == (speaker, accuser)


@pytest.mark.parametrize(
    "text",
    [
        "Washington has not blamed Moscow for the strike on the convoy.",
        "The government has never accused the Kurds of breaking the truce.",
        "Russia did not accuse Turkey of shelling the town.",
        "Moscow has never denied that its jets struck the area.",
    ],
)
def test_a_negated_accusation_or_denial_is_none(extractor: Extractor, text: str) -> None:
    assert _allegations(extractor, text) == []


@pytest.mark.parametrize(
    ("text", "accuser"),
    [
        # the appositive says whom he speaks for, or only whom he opposes
        ("Abu Omar, a commander of the Free Syrian Army, accused regime forces of shelling.", "fsa"),
        (
            "President Erdogan, a critic of the Syrian government, accused Russia of bombing villages.",
            "tr-gov",
        ),
        ("Ahmed Ali, a Free Syrian Army fighter, accused Russia of bombing civilians.", "fsa"),
    ],
)
def test_an_appositive_gives_the_accuser_only_when_it_says_whom_he_speaks_for(
    extractor: Extractor, text: str, accuser: str
) -> None:
    assert _allegations(extractor, text)[0].accuser == accuser


def test_an_adjective_and_its_framing_verb_tell_one_denial(extractor: Extractor) -> None:
    found = _allegations(
        extractor, "Ankara dismissed the claims as false and blamed Kurdish militants instead."
    )
    assert [(a.accuser, a.kind) for a in found] == [("tr-gov", "counter_claim")]


@pytest.mark.parametrize(
    ("text", "speaker", "accuser"),
    [
        ("Ankara dismissed the footage as fabricated.", "Ankara", "tr-gov"),
        ("The Kremlin called the accusations of civilian deaths false.", "The Kremlin", "ru-gov"),
        (
            "The Kremlin called the reports of a strike on the hospital a fabrication.",
            "The Kremlin",
            "ru-gov",
        ),
    ],
)
def test_a_denial_told_by_an_adjective_is_told_by_the_subject_of_its_verb(
    extractor: Extractor, text: str, speaker: str, accuser: str
) -> None:
    assert _read(extractor, text) == [(speaker, accuser, [], "denial")]


def test_a_run_on_sentence_gives_a_few_allegations_with_evidence_around_the_verb(
    extractor: Extractor,
) -> None:
    # No full stop for 40,000 characters: read around the verb, not whole for each of its verbs.
    text = "Rebels accused Ankara of shelling Afrin, which Ankara denied while blaming the YPG " * 500 + "."
    found = _allegations(extractor, text)
    assert 1 <= len(found) <= 8
    for a in found:
        assert len(a.evidence) <= 2000 and len(a.claim) <= 300
        assert text[a.evidence_start : a.evidence_end] == a.evidence
    assert found[0].evidence.startswith("Rebels accused Ankara") and found[0].accused == ["tr-gov"]


@pytest.mark.parametrize(
    ("text", "accuser"),
    [
        (
            "Sergei Lavrov, Russia's foreign minister, accused Washington of shielding the militants.",
            "ru-gov",
        ),
        ("John Kerry accused Moscow of bombing the aid convoy.", "us-gov"),
        ("Syrian state television denied the reports of a gas attack.", "sy-gov"),
    ],
)
def test_an_official_speaks_for_his_government(extractor: Extractor, text: str, accuser: str) -> None:
    assert [a.accuser for a in _allegations(extractor, text)][:1] == [accuser]


def test_dismissing_the_reports_is_a_denial(extractor: Extractor) -> None:
    assert _read(extractor, "Damascus dismissed the reports of a chemical attack on the town.") == [
        ("Damascus", "sy-gov", [], "denial")
    ]


@pytest.mark.parametrize(
    ("text", "accuser"),
    [
        ("Abu Ahmad, an activist besieged by Hezbollah in Madaya, accused regime forces of shelling.", None),
        ("Samer, a Syrian army deserter, accused regime forces of shelling the town.", None),
        ("Lavrov on Monday accused Turkey of shelling Kurdish areas.", "ru-gov"),
        ("Ali, a Free Syrian Army colonel, accused Russia of bombing civilians.", "fsa"),
    ],
)
def test_review_thirteen_accusers(extractor: Extractor, text: str, accuser: str | None) -> None:
    assert _allegations(extractor, text)[0].accuser == accuser


def test_a_units_number_is_part_of_the_speaker(extractor: Extractor) -> None:
    assert _allegations(extractor, "Division 13 accused Nusra of attacking its positions.")[0].speaker == (
        "Division 13"
    )


def test_a_minister_named_by_his_title_speaks_for_his_government(extractor: Extractor) -> None:
    assert _allegations(extractor, "The U.S. Secretary of State accused Russia of bombing hospitals.")[
        0
    ].accuser == ("us-gov")


def test_an_attack_whose_blame_is_disputed_is_an_incident_with_no_perpetrator(extractor: Extractor) -> None:
    # The accusations are over who did it; that it happened, where and when, is not in question.
    text = (
        "The government and the rebels traded accusations over the 2013 Ghouta chemical attack, which killed "
        "hundreds of people."
    )
    result = extractor.extract(Document("x", text, date=date(2016, 8, 21)))
    assert result.allegations
    [incident] = result.incidents
    assert incident.place is not None and incident.place.mention == "Ghouta"
    assert incident.actor1 is None
    assert (incident.date_start, incident.date_end) == (date(2013, 1, 1), date(2013, 12, 31))
    # One told before ("that attack") is no new incident; nor is an accusation of an event ("of shelling").
    for text in (
        "Damascus denied any responsibility for that attack in Douma.",
        "The ministry accused the rebels of shelling Harasta.",
    ):
        assert extractor.extract(Document("x", text)).incidents == []


def test_accusations_over_something_other_than_violence_give_no_incident(extractor: Extractor) -> None:
    text = "Russia and the US traded accusations over the collapse of the truce in Aleppo."
    result = extractor.extract(Document("t", text))
    assert result.allegations and result.incidents == []
