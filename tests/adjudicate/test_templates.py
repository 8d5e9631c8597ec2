"""Templates cut from a judgement made with stand-ins, and the check that a filled template says what a full
judgement says (``adjudicate.templates``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from shapely.geometry import box

from jointmap.adjudicate.judge import Judgement
from jointmap.adjudicate.templates import SUBJECT, literal, same_as, stand_in, template_of
from jointmap.control import Holding
from jointmap.domain import Fact, Outcome


def _holding(record: str, seq: int, place: str | None) -> Holding:
    square = box(36.0, 35.0, 36.1, 35.1)
    return Holding(square, ("opp",), "grid", record, seq, 0.9, "monitor", place=place)


def _judged(subject: str, h: Holding) -> Judgement:
    """What a rule would say about ``subject`` striking the area of holding ``h``."""
    where = f"{h.record_id} (version {h.recorded_seq}" + (f", {h.place})" if h.place else ")")
    return Judgement(
        subject,
        "coh",
        Outcome.VIOLATION,
        ("gov",),
        "no-attack",
        0.8,
        f"Incident {subject} struck an area held by opp: {where}. Braces {{kept}}.",
        (
            Fact(statement=f"The strike fell in {where}", source=f"layer grid · {h.record_id}"),
            Fact(statement="Opp is a party", source=f"incident {subject} · perpetrators"),
        ),
        layer="grid",
        layer_version=7,
    )


def test_a_template_filled_with_an_incidents_values_says_what_judging_it_in_full_says() -> None:
    h = _holding("c1-v0", 12, "Kafr Nabl")
    template = template_of(_judged(SUBJECT, stand_in(0, h)), 1)
    assert template is not None
    assert template.placeholders() == {"subject", "h0_r", "h0_v", "h0_p"}
    params = {"h0_r": "c1-v0", "h0_v": "12", "h0_p": "Kafr Nabl"}
    assert same_as(template, params, _judged("i7", h))
    other = _holding("c9-v3", 40, "Maarat")
    assert same_as(template, {"h0_r": "c9-v3", "h0_v": "40", "h0_p": "Maarat"}, _judged("i8", other))


def test_any_difference_fails_the_check() -> None:
    h = _holding("c1-v0", 12, None)
    template = template_of(_judged(SUBJECT, stand_in(0, h)), 1)
    assert template is not None
    params = {"h0_r": "c1-v0", "h0_v": "12"}
    full = _judged("i7", h)
    assert same_as(template, params, full)
    assert not same_as(template, {**params, "h0_v": "13"}, full)  # a value
    assert not same_as(template, params, replace(full, outcome=Outcome.INDETERMINATE))
    assert not same_as(template, params, replace(full, responsible=()))
    assert not same_as(template, params, replace(full, confidence=0.7))
    assert not same_as(template, params, replace(full, layer_version=8))
    assert not same_as(template, params, replace(full, needs_review=True))
    assert not same_as(template, params, replace(full, facts=full.facts[:1]))  # one fact fewer
    changed = (full.facts[0], Fact(statement="Opp is a party", source="incident i7 · targets"))
    assert not same_as(template, params, replace(full, facts=changed))  # one source
    assert not same_as(template, params, replace(full, explanation=full.explanation + " "))


def test_a_literal_template_keeps_the_text_and_renders_it_back() -> None:
    full = _judged("i7", _holding("c1-v0", 12, None))
    own = literal(full)
    assert own.template.placeholders() == set()
    assert same_as(own.template, {}, full)
    when = datetime(2016, 4, 1, tzinfo=UTC)
    rendered = own.template.render(
        id="vd.1.0", subject="i7", agreement="coh", decided_at=when, supersedes=None, params={}
    )
    assert rendered.explanation == full.explanation and "{kept}" in rendered.explanation
