"""Dates of events and documents: datelines, the day a source spoke, relative phrases and ranges."""

from __future__ import annotations

from datetime import date

import pytest

from jointmap.extract import Document, Extractor
from jointmap.extract.dates import DateSpan, document_date, find_date_phrases
from jointmap.extract.event_dates import event_date


def _dates(extractor: Extractor, text: str, day: date | None = None) -> tuple[date | None, ...]:
    result = extractor.extract(Document("t", text, date=day))
    assert result.incidents, result
    first = result.incidents[0]
    return first.date_start, first.date_end, first.date_precision


def _span(sentence: str, ref: date) -> tuple[date, date, int]:
    span = event_date(sentence, ref)
    assert span is not None
    return span.start, span.end, span.precision


# -- the dateline and the day a source spoke are not the event's date ----------------------------------------


def test_a_dateline_is_not_the_event_date(extractor: Extractor) -> None:
    text = "BEIRUT, Feb 17, 2016 (Reuters) - Air strikes hit Douma on Monday."
    assert _dates(extractor, text) == (date(2016, 2, 15), date(2016, 2, 15), 1)


def test_a_dateline_across_the_new_year(extractor: Extractor) -> None:
    text = "AMMAN, Jan 2, 2017 - Syrian warplanes bombed Douma on Saturday"
    assert _dates(extractor, text) == (date(2016, 12, 31), date(2016, 12, 31), 1)


def test_the_day_a_source_spoke_is_not_the_event_date(extractor: Extractor) -> None:
    text = "Air strikes hit Saraqeb on Friday, a monitoring group said on Monday."
    assert _dates(extractor, text, date(2016, 6, 13)) == (date(2016, 6, 10), date(2016, 6, 10), 1)


@pytest.mark.parametrize(
    "sentence",
    [
        "The Observatory told reporters on Monday that air strikes hit Saraqeb on Friday.",
        "Air strikes hit Saraqeb on 10 June, the army said late on Monday.",
        "Warplanes struck Saraqeb on Friday, the group said in a statement on Monday.",
    ],
)
def test_the_day_a_source_spoke_in_other_words(sentence: str) -> None:
    assert _span(sentence, date(2016, 6, 13)) == (date(2016, 6, 10), date(2016, 6, 10), 1)


def test_two_event_days_still_make_a_range() -> None:  # held before the change: kept
    # "were reported" is the event's, not a statement's: Saturday and Sunday stay one range.
    sentence = "Sixteen air strikes were reported late Saturday and early Sunday in Raqqa."
    assert _span(sentence, date(2015, 7, 5)) == (date(2015, 7, 4), date(2015, 7, 5), 2)


def test_weekday_datelines_and_last_weekday(extractor: Extractor) -> None:
    # 13 June 2016 is a Monday: "last Friday" is the 10th, "last Monday" the week before.
    lead = "BEIRUT, Monday June 13, 2016 (Reuters) - Air strikes killed 11 people in Saraqeb last "
    assert _dates(extractor, lead + "Friday.") == (date(2016, 6, 10), date(2016, 6, 10), 1)
    assert _dates(extractor, lead + "Monday.") == (date(2016, 6, 6), date(2016, 6, 6), 1)


def test_a_dateline_alone_gives_the_last_days_not_its_day() -> None:
    span = event_date("Sun 05 Jul 2015 Air strikes hit Raqqa, killing 22 people.", date(2015, 7, 5))
    assert span == DateSpan(date(2015, 7, 4), date(2015, 7, 5), 2, "")


def test_an_opening_date_that_is_not_a_dateline_stays() -> None:  # held before the change: kept
    ref = date(2016, 6, 13)
    assert _span("On June 3, 2016, air strikes hit Saraqeb on Friday.", ref)[0] == date(2016, 6, 3)
    assert _span("Saturday June 11, warplanes hit Saraqeb.", ref)[:2] == (
        date(2016, 6, 11),
        date(2016, 6, 11),
    )


# -- the document's date -------------------------------------------------------------------------------------


def test_a_dateline_after_a_headline(extractor: Extractor) -> None:
    text = (
        "Air strikes kill 11 in Idlib\n\n"
        "BEIRUT, June 13, 2016 (Reuters) - Air strikes killed 11 people in Saraqeb on Friday."
    )
    result = extractor.extract(Document("t", text))
    assert result.date == date(2016, 6, 13)
    assert any(i.date_start == date(2016, 6, 10) for i in result.incidents), result.incidents


def test_a_dateline_with_joined_cities(extractor: Extractor) -> None:
    text = "MOSCOW/BEIRUT, Feb 17, 2016 - Air strikes hit Douma on Monday."
    assert document_date(text) == date(2016, 2, 17)
    assert _dates(extractor, text) == (date(2016, 2, 15), date(2016, 2, 15), 1)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        (
            "Syria: air strikes\nBy Jane Doe\n\nDAMASCUS, 3 March 2016 (AFP) - Shelling hit Homs.",
            date(2016, 3, 3),
        ),
        ("Headline here\nPublished: 12 May 2015\nWarplanes hit Aleppo.", date(2015, 5, 12)),
        ("Headline\n\nWASHINGTON/ANKARA (Reuters) - no date here.", None),
        ("Headline\n\nOn June 3, 2016, air strikes hit Saraqeb.", None),  # an opening date, not a dateline
    ],
)
def test_datelines_on_the_first_lines(text: str, day: date | None) -> None:
    assert document_date(text) == day


def test_a_given_date_still_wins() -> None:  # held before the change: kept
    assert document_date("BEIRUT, Feb 17, 2016 - ...", date(2016, 2, 20)) == date(2016, 2, 20)


# -- days without a year -------------------------------------------------------------------------------------


def test_a_day_just_after_the_article_crosses_the_month_and_year(extractor: Extractor) -> None:
    text = "Air strikes hit Douma on Feb. 1, killing 5."
    assert _dates(extractor, text, date(2016, 1, 31)) == (date(2016, 2, 1), date(2016, 2, 1), 1)
    assert _span("Shelling hit Homs on Jan 1.", date(2016, 12, 31))[0] == date(2017, 1, 1)
    assert _span("Shelling hit Homs on 1 March.", date(2016, 2, 28))[0] == date(2016, 3, 1)
    assert _span("Shelling hit Homs on 5 March.", date(2016, 2, 28))[0] == date(2015, 3, 5)


# -- "ago" ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("three days ago", (date(2016, 6, 10), date(2016, 6, 10), 1)),
        ("2 days ago", (date(2016, 6, 11), date(2016, 6, 11), 1)),
        ("a week ago", (date(2016, 6, 3), date(2016, 6, 9), 3)),
        ("two weeks ago", (date(2016, 5, 27), date(2016, 6, 2), 3)),
        ("a few days ago", (date(2016, 6, 7), date(2016, 6, 11), 2)),
        ("a month ago", (date(2016, 4, 29), date(2016, 5, 29), 4)),
    ],
)
def test_ago_resolves_against_the_reference_date(phrase: str, expected: tuple[date, date, int]) -> None:
    assert _span(f"Air strikes hit Douma {phrase}, killing 5.", date(2016, 6, 13)) == expected


def test_ago_in_an_article(extractor: Extractor) -> None:
    text = "Air strikes hit Douma two weeks ago, killing 5."
    assert _dates(extractor, text, date(2016, 6, 13)) == (date(2016, 5, 27), date(2016, 6, 2), 3)


# -- ranges --------------------------------------------------------------------------------------------------


def test_a_range_of_days_in_one_month(extractor: Extractor) -> None:
    text = "Air strikes hit Douma on June 9-10, killing 5."
    assert _dates(extractor, text, date(2016, 6, 13)) == (date(2016, 6, 9), date(2016, 6, 10), 2)
    ref = date(2016, 6, 20)
    assert _span("Shelling hit Homs between 9 and 12 June.", ref) == (date(2016, 6, 9), date(2016, 6, 12), 2)
    assert _span("Shelling hit Homs on 1–14 June 2016.", ref) == (date(2016, 6, 1), date(2016, 6, 14), 4)
    # "9 and 10 people": a toll, not a range.
    assert _span("Shelling on June 9 and 10 people died.", ref)[:2] == (date(2016, 6, 9), date(2016, 6, 9))


def test_since_runs_to_the_reference_date(extractor: Extractor) -> None:
    text = "Air strikes have hit Douma since Monday, killing 5."
    assert _dates(extractor, text, date(2016, 6, 16)) == (date(2016, 6, 13), date(2016, 6, 16), 2)
    assert _span("Clashes have killed 40 since June 1.", date(2016, 6, 16)) == (
        date(2016, 6, 1),
        date(2016, 6, 16),
        4,
    )


@pytest.mark.parametrize(
    ("sentence", "ref", "expected"),
    [
        # Wednesday 15 June 2016: the weekend before is the 11th and 12th.
        ("Air strikes hit Douma last weekend.", date(2016, 6, 15), (date(2016, 6, 11), date(2016, 6, 12))),
        (
            "Air strikes hit Douma over the weekend.",
            date(2016, 6, 13),
            (date(2016, 6, 11), date(2016, 6, 12)),
        ),
        # Said on a Sunday, "last weekend" is the one before; "the weekend" told on a Tuesday, the one past.
        ("Air strikes hit Douma last weekend.", date(2016, 6, 12), (date(2016, 6, 4), date(2016, 6, 5))),
        ("Air strikes hit Douma at the weekend.", date(2016, 6, 14), (date(2016, 6, 11), date(2016, 6, 12))),
    ],
)
def test_the_weekend(sentence: str, ref: date, expected: tuple[date, date]) -> None:
    assert _span(sentence, ref) == (*expected, 2)


def test_last_weekend_in_an_article(extractor: Extractor) -> None:
    text = "Air strikes hit Douma last weekend, killing 5."
    assert _dates(extractor, text, date(2016, 6, 13)) == (date(2016, 6, 11), date(2016, 6, 12), 2)


def test_a_timeline_entry_keeps_its_date() -> None:
    # A date and a colon with no city open a timeline's entry, not a dateline.
    assert _span("March 5, 2016: Jets struck Aleppo, killing 12.", date(2016, 4, 7))[:2] == (
        date(2016, 3, 5),
        date(2016, 3, 5),
    )
    assert _span("Saturday, June 11: warplanes hit Aleppo.", date(2016, 6, 13))[0] == date(2016, 6, 11)


def test_a_count_after_a_date_is_no_second_day() -> None:
    assert _span("Syrian jets bombed Douma on May 3 and 12 civilians died.", date(2016, 5, 10)) == (
        date(2016, 5, 3),
        date(2016, 5, 3),
        1,
    )
    assert _span("Since June 9, jets have struck Aleppo daily.", date(2016, 6, 13))[:2] == (
        date(2016, 6, 9),
        date(2016, 6, 13),
    )


# -- a dateline after the headline, on its line --------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # A title joined to its body, the body opening with the title again, then the agency and the date.
        "Shelling kills 7 in Harasta\nShelling kills 7 in Harasta Reuters Tuesday 12 Apr 2016 Government "
        "shelling hit Harasta on Monday, killing seven people.",
        "Shelling kills 7 in Harasta Reuters Tuesday 12 Apr 2016 Government shelling hit Harasta on Monday, "
        "killing seven people.",
        "Shelling kills 7 in Harasta\nAP Tuesday, April 12, 2016 - Government shelling hit Harasta on "
        "Monday, killing seven people.",
        # A long headline: the dateline well past the sentence's first 80 characters.
        "Government shelling kills seven civilians in the Damascus suburb of Harasta, monitor says\n"
        "Government shelling kills seven civilians in the Damascus suburb of Harasta, monitor says AFP "
        "Tuesday 12 Apr 2016 Government shelling hit Harasta on Monday, killing seven people.",
    ],
)
def test_a_dateline_after_a_headline_on_its_line(extractor: Extractor, text: str) -> None:
    result = extractor.extract(Document("t", text))
    assert result.date == date(2016, 4, 12)
    first = result.incidents[0]
    assert (first.date_start, first.date_end, first.date_precision) == (
        date(2016, 4, 11),
        date(2016, 4, 11),
        1,
    )


def test_a_weekday_and_full_date_in_the_body_stays_the_event_date() -> None:
    # Wednesday 20 April: the weekday names the date after it, not the last Tuesday (the 19th).
    ref = date(2016, 4, 20)
    assert _span("Jets struck Harasta on Tuesday, 12 April, killing seven.", ref)[0] == date(2016, 4, 12)
    assert _span("Jets struck Harasta on Tuesday 12 Apr 2016, killing seven.", ref)[0] == date(2016, 4, 12)
    assert _span("Jets struck Harasta late Tuesday 12 Apr 2016 Rebels said.", ref)[0] == date(2016, 4, 12)


# -- a plan's day is not the past event's --------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Fighting raged in Douma on Sunday, and a truce is due to take effect on Monday.",
        "Talks will resume on Monday after shelling hit Douma on Sunday.",
        "Shelling hit Douma on Sunday; rebels are expected to withdraw from the town on Monday.",
        "Shelling hit Douma on Sunday, days before a truce that is set to begin on Monday.",
        "Shelling hit Douma on Sunday, ahead of a truce from Monday.",
        "Shelling hit Douma on Sunday and the envoy plans to visit next Monday.",
    ],
)
def test_a_future_day_makes_no_range_with_the_event(sentence: str) -> None:
    # Tuesday 14 June 2016: Sunday is the 12th; Monday (the 13th, or the 20th) is the plan's.
    assert _span(sentence, date(2016, 6, 14)) == (date(2016, 6, 12), date(2016, 6, 12), 1)


def test_a_plan_alone_is_not_dated_by_its_day() -> None:
    ref, earlier = date(2016, 6, 14), DateSpan(date(2016, 6, 12), date(2016, 6, 12), 1, "on Sunday")
    assert event_date("A truce will take effect on Monday.", ref, earlier) == earlier
    assert event_date("On Monday, the truce will take effect.", ref, earlier) == earlier
    assert event_date("Jets will strike Douma next Monday.", ref) == DateSpan(date(2016, 6, 13), ref, 2, "")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # "due to" a cause, "from ... to" a range, a past verb: the event's days.
        ("Five people died due to shelling on Sunday.", (date(2016, 6, 12), date(2016, 6, 12), 1)),
        ("The deaths were due to shelling on Sunday.", (date(2016, 6, 12), date(2016, 6, 12), 1)),
        ("The deaths were due to the shelling on Sunday.", (date(2016, 6, 12), date(2016, 6, 12), 1)),
        ("Shelling from Sunday to Monday killed five.", (date(2016, 6, 12), date(2016, 6, 13), 2)),
        ("Sunday's shelling will be investigated.", (date(2016, 6, 12), date(2016, 6, 12), 1)),
        ("From Sunday, jets pounded Douma.", (date(2016, 6, 12), date(2016, 6, 12), 1)),
    ],
)
def test_past_days_near_future_looking_words_stay(sentence: str, expected: tuple[date, date, int]) -> None:
    # held before the change (no future reading then): kept
    assert _span(sentence, date(2016, 6, 14)) == expected


# -- "this weekend" on a Friday ------------------------------------------------------------------------------


def test_this_weekend_on_a_friday_is_the_coming_one(extractor: Extractor) -> None:
    # Friday 17 June 2016: "this weekend" is the 18th and 19th, never the 11th and 12th (six days back). A
    # past verb most likely means the document's date is a day or two early; a future verb makes it a plan.
    text = "Clashes in Douma this weekend killed twelve people."
    assert _dates(extractor, text, date(2016, 6, 17)) == (date(2016, 6, 18), date(2016, 6, 19), 2)
    assert _span("Clashes in Douma will go on this weekend.", date(2016, 6, 17)) == (
        date(2016, 6, 16),
        date(2016, 6, 17),
        2,
    )
    # Told on a Monday (13 June), "this weekend" is the one just past.
    assert _span("Clashes in Douma this weekend killed twelve.", date(2016, 6, 13))[:2] == (
        date(2016, 6, 11),
        date(2016, 6, 12),
    )


def test_earlier_this_month_has_month_precision() -> None:  # held before the change: kept
    assert _span("Air strikes on Douma earlier this month killed dozens.", date(2016, 6, 17)) == (
        date(2016, 6, 1),
        date(2016, 6, 17),
        4,
    )


# -- nights, months without a year, the past few days --------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        # Wednesday 15 June 2016.
        ("overnight Monday", (date(2016, 6, 13), date(2016, 6, 14), 2)),
        ("overnight into Tuesday", (date(2016, 6, 13), date(2016, 6, 14), 2)),
        ("overnight Sunday to Monday", (date(2016, 6, 12), date(2016, 6, 13), 2)),
        ("overnight Wednesday", (date(2016, 6, 15), date(2016, 6, 15), 1)),
        ("overnight", (date(2016, 6, 14), date(2016, 6, 15), 2)),  # held before the change: kept
    ],
)
def test_a_night_across_two_days(phrase: str, expected: tuple[date, date, int]) -> None:
    assert _span(f"Jets pounded Douma {phrase}, killing five.", date(2016, 6, 15)) == expected


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("in May", (date(2016, 5, 1), date(2016, 5, 31), 4)),
        ("in mid-March", (date(2016, 3, 11), date(2016, 3, 20), 4)),
        ("in late December", (date(2015, 12, 21), date(2015, 12, 31), 4)),  # the latest December
        ("at the end of April", (date(2016, 4, 21), date(2016, 4, 30), 4)),
        ("in early June", (date(2016, 6, 1), date(2016, 6, 10), 4)),
        ("in June", (date(2016, 6, 1), date(2016, 6, 15), 4)),  # the month so far
        ("since March", (date(2016, 3, 1), date(2016, 6, 15), 5)),
        ("in early June 2015", (date(2015, 6, 1), date(2015, 6, 10), 4)),
    ],
)
def test_a_month_without_a_day(phrase: str, expected: tuple[date, date, int]) -> None:
    assert _span(f"Jets pounded Douma {phrase}, killing five.", date(2016, 6, 15)) == expected


def test_may_the_verb_is_no_month() -> None:  # held before the change: kept
    assert find_date_phrases("Talks in may be held; rebels by may attack.", date(2016, 6, 15)) == []


@pytest.mark.parametrize(
    ("phrase", "start"),
    [("over the past three days", date(2016, 6, 12)), ("in the last two days", date(2016, 6, 13))],
)
def test_the_past_few_days_told_as_a_number(phrase: str, start: date) -> None:
    assert _span(f"Jets pounded Douma {phrase}, killing five.", date(2016, 6, 15)) == (
        start,
        date(2016, 6, 15),
        2,
    )


def test_a_month_told_before_is_not_carried_to_the_next_sentence() -> None:
    # "In May ..." is background: the next sentence without a date is back to the document's last days;
    # a day or a week told before is still carried.
    ref = date(2016, 6, 15)
    may = event_date("In May, jets killed sixty people in Douma.", ref)
    assert may is not None and may.precision == 4
    assert event_date("Shelling hit Harasta, killing four.", ref, may) == DateSpan(
        date(2016, 6, 14), ref, 2, ""
    )
    monday = event_date("Jets struck Douma on Monday.", ref)
    assert event_date("Shelling hit Harasta, killing four.", ref, monday) == monday


# -- a year alone ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("In 2013, the army shelled the town.", (date(2013, 1, 1), date(2013, 12, 31), 5)),
        ("In early 2014 jets struck the city.", (date(2014, 1, 1), date(2014, 4, 30), 5)),
        ("During late 2012 rebels stormed the base.", (date(2012, 9, 1), date(2012, 12, 31), 5)),
        # a war's sum runs to the article's day; the current year ends at it
        ("Rebels have fought the army since 2011.", (date(2011, 1, 1), date(2016, 6, 1), 5)),
        ("In 2016 jets struck the city twice.", (date(2016, 1, 1), date(2016, 6, 1), 5)),
        # a month with its year stays the month's
        ("In May 2013 the army shelled the town.", (date(2013, 5, 1), date(2013, 5, 31), 4)),
    ],
)
def test_a_year_alone_dates_the_event(sentence: str, expected: tuple[date, date, int]) -> None:
    assert _span(sentence, date(2016, 6, 1)) == expected


def test_a_year_that_is_no_date_is_not_read() -> None:
    ref = date(2016, 6, 1)
    # a season's span, a distance, a plan's year: the article's last days
    # (and a year that names the war or another attack, not the event: "the 2011 uprising", "the site of the
    # 2013 chemical attack")
    for sentence in (
        "The 2015-16 offensive killed many.",
        "By 2020 the town will be rebuilt.",
        "Jets bombed the town, a hub before the 2011 uprising.",
        "Jets struck Douma, the site of the 2013 chemical attack, killing 12 people.",
    ):
        assert _span(sentence, ref) == (date(2016, 5, 31), ref, 2), sentence


def test_a_war_told_in_a_year_is_background(extractor: Extractor) -> None:
    text = (
        "Jets struck the town of Douma on Monday, killing 12 people.\n\n"
        "In 2013, a chemical attack on the town of Zamalka killed hundreds."
    )
    result = extractor.extract(Document("t", text, date=date(2016, 6, 1)))
    assert result.incidents[0].place is not None and result.incidents[0].place.mention == "Douma"
    told = [i for i in result.incidents if i.place is not None and i.place.mention == "Zamalka"]
    assert told and told[0].date_start == date(2013, 1, 1) and told[0].date_precision == 5


@pytest.mark.parametrize(
    "sentence",
    [
        "Warplanes bombed the town of Talbiseh, which has been besieged since 2012, on Monday.",
        "Russia began its air campaign in 2015 and jets bombed Idlib on Monday.",
    ],
)
def test_a_year_alone_yields_to_the_day_the_sentence_tells(sentence: str) -> None:
    assert _span(sentence, date(2016, 3, 9)) == (date(2016, 3, 7), date(2016, 3, 7), 1)


def test_a_year_that_dates_the_event_stays_beside_the_day_a_report_came_out() -> None:
    sentence = "Government jets bombed Douma in 2013, killing 40, a report published on Monday said."
    assert _span(sentence, date(2016, 3, 9)) == (date(2013, 1, 1), date(2013, 12, 31), 5)


@pytest.mark.parametrize(
    "sentence",
    [
        "Rebels who captured the town in 2013 shelled army posts there on Monday, killing 3 soldiers.",
        "The hospital, bombed in 2015, was bombed again on Monday, killing 6.",
        "The hospital, bombed in 2015, was hit again on Monday, activists said.",
    ],
)
def test_a_year_told_of_the_past_yields_to_the_day_of_the_event(sentence: str) -> None:
    assert _span(sentence, date(2016, 3, 9)) == (date(2016, 3, 7), date(2016, 3, 7), 1)


@pytest.mark.parametrize(
    "sentence",
    [
        "Jets bombed Douma in 2013, Amnesty said in a report on Monday.",
        "Jets bombed Douma in 2013, a UN report issued on Monday found.",
        "Jets bombed Douma in 2013, according to findings released on Tuesday.",
    ],
)
def test_the_day_a_report_came_out_leaves_the_events_year(sentence: str) -> None:
    assert _span(sentence, date(2016, 3, 9))[0] == date(2013, 1, 1)


def test_since_when_a_place_has_been_besieged_is_not_the_events_date() -> None:
    sentence = "Three were among the dead, said the council of Daraya, which has been under siege since 2012."
    span = event_date(sentence, date(2016, 4, 12))
    assert span is not None and span.start == date(2016, 4, 11)


@pytest.mark.parametrize(
    "sentence",
    [
        "The rebels said that the army has shelled the town since 2014.",
        "Shelling that has hit the town since 2016 killed 20.",
    ],
)
def test_since_a_year_in_the_events_own_clause_dates_it(sentence: str) -> None:
    span = event_date(sentence, date(2016, 3, 10))
    assert span is not None and span.phrase.startswith("since")


# -- a day told from the day told before, a day of the month alone -------------------------------------------


def test_the_previous_day_is_told_from_the_day_before_it() -> None:
    ref = date(2016, 5, 20)  # a Friday
    monday = DateSpan(date(2016, 5, 16), date(2016, 5, 16), 1, "on Monday")
    told = event_date("The previous day, rebels shelled the Old City.", ref, monday)
    assert told is not None and (told.start, told.precision) == (date(2016, 5, 15), 1)
    told = event_date("A day later, rebels shelled the Old City.", ref, monday)
    assert told is not None and told.start == date(2016, 5, 17)
    # with no day told before, the document's
    assert _span("Rebels shelled the village the previous day.", ref) == (
        date(2016, 5, 19),
        date(2016, 5, 19),
        1,
    )
    assert _span("Jets struck Douma the day before yesterday.", ref)[0] == date(2016, 5, 16 + 2)
    # a day named by an event, or one a relative clause tells, is not the event's
    assert _span("The day before the truce, jets struck Douma.", ref)[2] == 2
    told = event_date("A blast hit the depot where evacuees had waited the day before.", ref, monday)
    assert told == monday


def test_a_day_of_the_month_told_alone() -> None:
    ref = date(2016, 5, 20)
    assert _span("Government forces shelled Daraya on the 12th, killing four.", ref)[:2] == (
        date(2016, 5, 12),
        date(2016, 5, 12),
    )
    assert _span("Rebels shelled the town on the 25th.", ref)[0] == date(2016, 4, 25)  # last month's
    assert _span("Rebels attacked the 4th Division on the 12th Brigade's front.", ref)[2] == 2


def test_the_previous_day_in_a_document(extractor: Extractor) -> None:
    text = "Jets struck Douma on Monday, killing 5. The previous day, rebels shelled Harasta, killing 2."
    result = extractor.extract(Document("x", text, date=date(2016, 5, 20)))
    days = {i.place.mention: i.date_start for i in result.incidents if i.place is not None}
    assert days == {"Douma": date(2016, 5, 16), "Harasta": date(2016, 5, 15)}


def test_a_day_told_from_another_never_passes_the_documents_day() -> None:
    ref = date(2016, 5, 20)
    # "a day later" than no day told: the news days, not tomorrow
    assert _span("A day later, jets struck the town of Atareb.", ref) == (date(2016, 5, 19), ref, 2)
    # "on the 22nd" in an article of the 20th: last month's
    assert _span("Jets struck the town of Atareb on the 22nd, killing 4.", ref)[0] == date(2016, 4, 22)
    # the day before days told as a range is before the first of them
    weekend = DateSpan(date(2016, 5, 14), date(2016, 5, 15), 2, "on Saturday and Sunday")
    told = event_date("The previous day, jets struck Anadan.", ref, weekend)
    assert told is not None and told.start == date(2016, 5, 13)
    # "said that the next day ...": a reported clause, not a relative one
    monday = DateSpan(date(2016, 5, 16), date(2016, 5, 16), 1, "on Monday")
    told = event_date("The monitor said that the next day jets struck Anadan.", ref, monday)
    assert told is not None and told.start == date(2016, 5, 17)


def test_a_year_that_names_the_event_dates_it(extractor: Extractor) -> None:
    text = "The 2014 shelling of Yarmouk killed 40 people, the UN said in a report on Monday."
    first = extractor.extract(Document("t", text, date=date(2016, 5, 20))).incidents[0]
    assert (first.date_start, first.date_end, first.date_precision) == (
        date(2014, 1, 1),
        date(2014, 12, 31),
        5,
    )


def test_two_days_of_the_month_told_alone_are_a_range() -> None:
    ref = date(2016, 5, 20)
    text = "Rebels shelled army positions in Handarat on the 19th and 20th, a monitor said."
    assert _span(text, ref) == (date(2016, 5, 19), date(2016, 5, 20), 2)
