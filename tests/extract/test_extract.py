"""What extraction must get right (issue 5), on short texts written for these tests."""

from __future__ import annotations

from datetime import date

from jointmap.extract import Document, Extractor
from jointmap.extract.dates import document_date
from jointmap.extract.event_dates import event_date
from jointmap.extract.fatalities import find_tolls


def _one(extractor: Extractor, text: str, day: date | None = date(2016, 2, 15)) -> dict[str, object]:
    result = extractor.extract(Document("t", text, date=day)).to_json()
    assert result["incidents"], result
    first: dict[str, object] = result["incidents"][0]
    return first


def test_relative_weekday_resolves_against_the_document_date(extractor: Extractor) -> None:
    # 15 Feb 2016 is a Monday: "on Thursday" is 11 Feb.
    inc = _one(extractor, "Government warplanes bombed Douma on Thursday, killing 12 people.")
    assert (inc["date_start"], inc["date_end"], inc["date_precision"]) == ("2016-02-11", "2016-02-11", 1)


def test_dateline_gives_the_document_date_and_yesterday_the_day_before(extractor: Extractor) -> None:
    text = "Sun 05 Jul 2015 Air strikes hit Raqqa yesterday, killing 22 people."
    result = extractor.extract(Document("t", text))
    assert result.date == date(2015, 7, 5)
    assert result.incidents[0].date_start == date(2015, 7, 4)


def test_explicit_and_vague_dates() -> None:
    ref = date(2016, 3, 1)
    exact = event_date("The strike on 27 February killed five.", ref)
    assert exact is not None and exact.start == date(2016, 2, 27) and exact.precision == 1
    week = event_date("Shelling continued earlier this week.", ref)
    assert week is not None and week.precision == 3 and week.end == ref
    pair = event_date("Raids on Saturday and Sunday killed 22.", date(2015, 7, 5))
    assert pair is not None and (pair.start, pair.end) == (date(2015, 7, 4), date(2015, 7, 5))
    assert document_date("no date here", None) is None


def test_the_place_struck_not_the_capital_where_a_minister_spoke(extractor: Extractor) -> None:
    text = (
        "The foreign minister, speaking to reporters in Damascus, said rebels had shelled "
        "the town of Kafranbel, killing three civilians."
    )
    inc = _one(extractor, text)
    place = inc["place"]
    assert isinstance(place, dict)
    assert place["mention"] == "Kafranbel" and place["admin1_code"] == "SY.12"
    assert text[place["start"] : place["end"]] == "Kafranbel"


def test_dateline_city_is_not_the_event_place(extractor: Extractor) -> None:
    inc = _one(extractor, "DAMASCUS (Wire) - A car bomb exploded in Homs on Sunday, killing nine people.")
    place = inc["place"]
    assert isinstance(place, dict) and place["admin1_code"] == "SY.11"


def test_perpetrator_through_registry_descriptions_with_confidence(extractor: Extractor) -> None:
    named = _one(extractor, "The Syrian Arab Army shelled Douma on Monday.")
    described = _one(extractor, "Regime forces shelled Douma on Monday.")
    assert named["actor1"] == described["actor1"] == "saa"
    assert float(str(described["actor1_confidence"])) < float(str(named["actor1_confidence"]))


def test_hedged_attribution_is_kept_with_lower_confidence(extractor: Extractor) -> None:
    inc = _one(extractor, "Warplanes believed to be Russian bombed a market in Idlib on Monday.")
    assert inc["actor1"] == "ru-af"
    assert float(str(inc["actor1_confidence"])) <= 0.5


def test_unidentified_jets_are_unknown(extractor: Extractor) -> None:
    inc = _one(extractor, "Unidentified jets bombed a market in Idlib on Monday, killing four people.")
    assert inc["actor1"] is None and inc["actor1_mention"] == "Unidentified jets"


def test_renamed_group_is_the_same_actor(extractor: Extractor) -> None:
    before = _one(extractor, "Jabhat al-Nusra fighters attacked army positions in Idlib.", date(2016, 3, 1))
    after = _one(
        extractor, "Jabhat Fateh al-Sham fighters attacked army positions in Idlib.", date(2016, 9, 1)
    )
    assert before["actor1"] == after["actor1"] == "nusra"


def test_fatality_phrases() -> None:
    def toll(text: str) -> tuple[int, int, int]:
        found = find_tolls(text)
        assert found, text
        return found[0].low, found[0].best, found[0].high

    assert toll("Air strikes killed at least 12 people.") == (12, 12, 12)
    assert toll("Between 5 and 7 civilians were killed.") == (5, 5, 7)
    assert toll("Dozens of people were killed.") == (24, 24, 99)
    assert toll("A child and two women were killed in the shelling.") == (3, 3, 3)
    assert toll("The shelling hit the market, killing a child and two women.") == (3, 3, 3)
    assert toll("The toll rose to more than 50.") == (51, 51, 51)
    assert find_tolls("Dozens of people were wounded.") == []


def test_fatalities_reach_the_incident(extractor: Extractor) -> None:
    inc = _one(extractor, "Shelling killed between 5 and 7 civilians in Douma on Monday.")
    assert inc["fatalities"] == {"best": 5, "low": 5, "high": 7}
    assert inc["civilian_targeting"] is True


def test_an_article_that_only_reports_accusations_yields_allegations(extractor: Extractor) -> None:
    text = (
        "The Russian defence ministry accused the Free Syrian Army of shelling Latakia in violation of the "
        "truce. Rebel commanders denied the accusation."
    )
    result = extractor.extract(Document("t", text, date=date(2016, 3, 1)))
    assert result.incidents == []
    kinds = [a.kind for a in result.allegations]
    assert kinds == ["ceasefire_violation", "denial"]
    assert result.allegations[0].accused == ["fsa"]
    assert result.allegations[0].evidence.startswith("The Russian defence ministry")


def test_document_with_no_event(extractor: Extractor) -> None:
    result = extractor.extract(
        Document("t", "The weather in Aleppo was mild and markets were busy.", date=None)
    )
    assert result.incidents == [] and result.allegations == []


def test_empty_document(extractor: Extractor) -> None:
    result = extractor.extract(Document("t", "", date=None))
    assert result.to_json() == {
        "id": "t",
        "date": None,
        "incidents": [],
        "allegations": [],
        "control_claims": [],
    }


def test_central_incident_comes_first_and_types_are_acled(extractor: Extractor) -> None:
    text = (
        "A suicide bomber killed 14 people at a checkpoint in Homs on Sunday. "
        "Separately, clashes were reported near Hama."
    )
    result = extractor.extract(Document("t", text, date=date(2016, 2, 21)))
    first = result.incidents[0]
    assert (first.event_type, first.sub_event_type) == ("Explosions/Remote violence", "Suicide bomb")
    assert first.place is not None and first.place.admin1_code == "SY.11"


def test_control_claim(extractor: Extractor) -> None:
    text = "The Syrian Arab Army captured Palmyra on Sunday after weeks of fighting."
    result = extractor.extract(Document("t", text, date=date(2016, 3, 27)))
    assert result.incidents[0].sub_event_type == "Government regains territory"
    assert [(c.actor, c.claim, c.place.name) for c in result.control_claims] == [
        ("saa", "captured", "Palmyra")
    ]


def test_five_megabyte_document(extractor: Extractor) -> None:
    para = "Markets reopened and officials discussed the budget for schools and roads in the region. "
    text = para * (5_000_000 // len(para)) + "Shelling killed three people in Douma on Monday."
    result = extractor.extract(Document("big", text, date=date(2016, 2, 15)))
    assert len(text) >= 4_900_000
    assert any(i.place is not None and i.place.name == "Douma" for i in result.incidents)
