"""The bulk path (one full judgement per situation, templates for the rest) says exactly what judging each
incident in full says, and its log entries hold up to replay and tampering."""

from __future__ import annotations

import json
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError
from shapely.geometry import box
from sqlalchemy import select

from jointmap.adjudicate import (
    Judge,
    JudgingContext,
    Standings,
    SubjectPlace,
    adjudicate_store,
    current_verdicts,
    judge_for,
    running_totals,
    summary_since,
)
from jointmap.adjudicate.bulk import BulkJudge
from jointmap.adjudicate.rows import incident_row, incident_rows
from jointmap.adjudicate.templates import Filled, Judged
from jointmap.control import Holding, LayerView
from jointmap.domain import AccessRequest, Actor, Agreement, Incident, ProtectedSite, Verdict, VerdictTemplate
from jointmap.errors import StoreError
from jointmap.store import Store
from jointmap.store import schema as s

from .conftest import DECIDED, strike

PERPETRATORS = [(), ("syaaf",), ("saa",), ("nusra",), ("fsa",), ("isil",), ("syaaf", "fsa")]
TARGETS = [("civilians",), ("fsa",), ("nusra",), ("civilians", "fsa")]


def _random_incidents(n: int, seed: int) -> list[Incident]:
    """Strikes around Aleppo, Idlib, Homs and Damascus: the scenario's layers hold these areas."""
    rng = random.Random(seed)
    centres = [(36.20, 37.15), (35.93, 36.63), (34.73, 36.72), (33.51, 36.30), (33.46, 36.24)]
    out = []
    for i in range(n):
        lat, lon = rng.choice(centres)
        # A few days only, so situations repeat the way they do in a large run.
        day = date(2016, 2, 24) + timedelta(days=rng.randrange(0, 60, 10))
        out.append(
            strike(
                f"r{i:04d}",
                day.isoformat(),
                lat + rng.uniform(-0.08, 0.08),
                lon + rng.uniform(-0.08, 0.08),
                perpetrators=rng.choice(PERPETRATORS),
                targets=rng.choice(TARGETS),
                precision=rng.choice([1, 1, 1, 2, 3, 6]),
            )
        )
    return out


def _content(v: Verdict) -> tuple[object, ...]:
    return (v.outcome, v.responsible, v.rule, v.confidence, v.explanation, v.facts, v.layer, v.layer_version)


def _rendered(f: Filled) -> Verdict:
    return f.template.render(
        id="vd.x", subject=f.subject, agreement="a", decided_at=DECIDED, supersedes=None, params=f.params
    )


@pytest.fixture
def busy_store(scenario_store: Store) -> Store:
    scenario_store.write_many(("incident.record", "monitor", i) for i in _random_incidents(600, seed=3))
    return scenario_store


def test_every_filled_verdict_equals_judging_that_incident_in_full(busy_store: Store) -> None:
    (agreement,) = busy_store.all(Agreement, "agreements")
    full = judge_for(busy_store, agreement)
    incidents = {i.id: i for i in busy_store.all(Incident, "incidents")}
    with busy_store.engine.connect() as conn:
        bulk = BulkJudge(judge_for(busy_store, agreement), lambda ids: {k: incidents[k] for k in ids})
        rows = [r for part in incident_rows(conn, chunk=97) for r in part]
    filled = [f for part in (rows[k : k + 97] for k in range(0, len(rows), 97)) for f in bulk.rows(part)]
    assert len(filled) == len(rows)
    compared = 0
    for row, f in zip(rows, filled, strict=True):
        expected = full.incident(incidents[row.id])
        if expected is None:
            assert f is None
            continue
        assert f is not None and f.subject == row.id
        assert _content(_rendered(f)) == _content(expected.to_verdict(DECIDED)), row.id
        compared += 1
    assert compared > 500
    # Templates cut with stand-ins are never refuted; a situation costs at most three full judgements (the
    # stand-in one, and checks on two incidents with different values).
    assert not [m for m in bulk.memo.values() if m.trusted is False]


def test_a_situation_is_judged_in_full_twice_then_filled_in(scenario_store: Store) -> None:
    (agreement,) = scenario_store.all(Agreement, "agreements")
    rng = random.Random(5)
    same = [
        strike(f"s{i:03d}", "2016-04-02", 36.21 + rng.uniform(-0.01, 0.01), 37.16 + rng.uniform(-0.01, 0.01))
        for i in range(200)
    ]
    by_id = {i.id: i for i in same}
    bulk = BulkJudge(judge_for(scenario_store, agreement), lambda ids: {k: by_id[k] for k in ids})
    rows = [incident_row(i.model_dump(mode="json")) for i in same]
    filled = list(bulk.rows(rows))
    assert all(f is not None for f in filled)
    situations = len(bulk.memo)
    assert situations <= 3  # the points fall in one or two settlement cells
    assert 2 * situations <= bulk.full <= 3 * situations


def test_rows_read_without_sqlite_json_functions_judge_the_same(busy_store: Store) -> None:
    (agreement,) = busy_store.all(Agreement, "agreements")
    incidents = {i.id: i for i in busy_store.all(Incident, "incidents")}
    with busy_store.engine.connect() as conn:
        sql_rows = [r for part in incident_rows(conn) for r in part]
        data = conn.execute(select(s.incidents.c.data).order_by(s.incidents.c.id)).scalars().all()
    py_rows = [incident_row(json.loads(d)) for d in data]
    assert [r.id for r in py_rows] == [r.id for r in sql_rows]
    one = BulkJudge(judge_for(busy_store, agreement), lambda ids: {k: incidents[k] for k in ids})
    two = BulkJudge(judge_for(busy_store, agreement), lambda ids: {k: incidents[k] for k in ids})
    a = [f and (f.key, f.params) for f in one.rows(sql_rows)]
    b = [f and (f.key, f.params) for f in two.rows(py_rows)]
    assert a == b
    # Both group incidents into situations the same way.
    assert len(one.memo) == len(two.memo)


def test_an_incident_near_a_protected_site_is_judged_in_full_and_raises_its_alert(
    scenario_store: Store,
) -> None:
    site = scenario_store.all(ProtectedSite, "protected_sites")[0]
    near = [strike(f"n{i}", "2016-05-02", site.lat + 0.0004 * i, site.lon) for i in range(3)]
    scenario_store.write_many(("incident.record", "monitor", i) for i in near)
    run = adjudicate_store(scenario_store, "monitor", decided_at=DECIDED)
    assert {"n0", "n1", "n2"} <= {a.incident for a in run.alerts}
    for alert in run.alerts:
        (verdict,) = current_verdicts(scenario_store, alert.incident)
        assert alert.site_name in " ".join(f.statement for f in verdict.facts)


def test_batch_entries_replay_to_the_same_tables_and_refuse_what_does_not_render(busy_store: Store) -> None:
    run = adjudicate_store(busy_store, "monitor", decided_at=DECIDED)
    assert run.templates > 0 and run.batches >= 1
    with busy_store.engine.connect() as conn:
        before = sorted(tuple(r) for r in conn.execute(select(s.verdicts)))
        payload = conn.execute(
            select(s.log_entries.c.payload).where(s.log_entries.c.kind == "verdict.rows").limit(1)
        ).scalar_one()
    busy_store.rebuild()
    with busy_store.engine.connect() as conn:
        assert sorted(tuple(r) for r in conn.execute(select(s.verdicts))) == before
    rows = json.loads(payload)
    n = next(i for i, v in enumerate(rows["values"]) if v)  # a verdict whose template needs values
    one = dict(rows, subjects=[rows["subjects"][n]], template=[0], supersedes=[None])
    one["templates"] = [rows["templates"][rows["template"][n]]]
    with pytest.raises(StoreError, match="no earlier entry holds"):
        busy_store.write(
            "verdict.rows", "monitor", dict(one, templates=["0" * 32], values=[rows["values"][n]])
        )
    for values in (
        "",
        rows["values"][n] + "\x1fextra",
        rows["values"][n] + "\x1f",
        "\x1f" + rows["values"][n],
    ):
        with pytest.raises(StoreError, match="values for a template"):
            busy_store.write("verdict.rows", "monitor", dict(one, values=[values]))
    with pytest.raises(ValidationError):  # columns of different lengths
        busy_store.write("verdict.rows", "monitor", dict(one, values=[]))
    with busy_store.engine.connect() as conn:  # nothing of the refused entries was kept
        assert sorted(tuple(r) for r in conn.execute(select(s.verdicts))) == before


def test_older_verdict_batch_entries_still_apply(busy_store: Store) -> None:
    """A ``verdict.batch`` entry (one object per verdict, older than ``verdict.rows``) still renders."""
    adjudicate_store(busy_store, "monitor", decided_at=DECIDED)
    b, t = s.batch_verdicts.c, s.verdict_templates.c
    with busy_store.engine.connect() as conn:
        subject, key, values, names = conn.execute(
            select(b.subject, b.template, b.params, t.names).where(t.id == b.template, b.params != "")
        ).first()  # type: ignore[misc]
    (verdict,) = current_verdicts(busy_store, subject)
    params = dict(zip(names.split("\x1f"), values.split("\x1f"), strict=True))
    old = {
        "agreement": verdict.agreement,
        "decided_at": "2016-12-02T00:00:00Z",
        "verdicts": [{"id": "vd.old1", "subject": subject, "template": key, "params": params}],
    }
    busy_store.write("verdict.batch", "monitor", old)
    (again,) = current_verdicts(busy_store, subject)
    assert again.id == "vd.old1" and again.explanation == verdict.explanation and again.facts == verdict.facts
    with pytest.raises(StoreError, match="lacks values"):
        busy_store.write(
            "verdict.batch", "monitor", dict(old, verdicts=[dict(old["verdicts"][0], params={})])
        )
    assert current_verdicts(busy_store, subject) == [again]
    # That form allowed a value holding U+001F: such a verdict is stored whole, and renders the same.
    odd = {k: f"{v}\x1fx" for k, v in params.items()}
    busy_store.write(
        "verdict.batch", "monitor", dict(old, verdicts=[dict(old["verdicts"][0], id="vd.old2", params=odd)])
    )
    (whole,) = current_verdicts(busy_store, subject)
    assert whole.id == "vd.old2" and whole.supersedes is None
    assert (
        whole.explanation
        == busy_store_template(busy_store, key)
        .render(
            id="vd.old2",
            subject=subject,
            agreement=verdict.agreement,
            decided_at=whole.decided_at,
            supersedes=None,
            params=odd,
        )
        .explanation
    )


def busy_store_template(store: Store, key: str) -> VerdictTemplate:
    with store.engine.connect() as conn:
        data = conn.execute(
            select(s.verdict_templates.c.data).where(s.verdict_templates.c.id == key)
        ).scalar_one()
    return VerdictTemplate.model_validate_json(data)


def test_re_adjudicating_unchanged_incidents_writes_nothing(busy_store: Store) -> None:
    first = adjudicate_store(busy_store, "monitor", decided_at=DECIDED)
    again = adjudicate_store(busy_store, "monitor", decided_at=DECIDED)
    assert first.written == first.judged > 600
    assert again.written == 0 and again.unchanged == first.judged


def _grid_judge(obligation_text: str) -> tuple[Judge, list[Holding]]:
    agreement = Agreement.model_validate(
        {
            "id": "truce",
            "name": "Truce",
            "effective_from": "2016-02-27T00:00:00+02:00",
            "parties": [{"actor": "gov", "side": "government"}, {"actor": "opp", "side": "opposition"}],
            "obligations": [{"id": "no-attack", "predicate": "no_attack_on_party", "text": obligation_text}],
        }
    )
    kinds = {"gov": "state_forces", "opp": "rebel_group", "civilians": "civilians"}
    actors = {
        a: Actor.model_validate({"id": a, "kind": k, "names": [{"name": a, "kind": "official"}]})
        for a, k in kinds.items()
    }

    def held(record: str, west: float, who: str, seq: int) -> Holding:
        return Holding(box(west, 35.0, west + 0.5, 36.0), (who,), "L", record, seq, 0.9, "src")

    # Record ids where one is a prefix of another, side by side: p-1 | p-10 and p-2 | p-30.
    holdings = [held("p-1", 36.0, "gov", 1), held("p-10", 36.5, "opp", 2)]
    holdings += [held("p-2", 38.0, "gov", 3), held("p-30", 38.5, "opp", 4)]
    view = LayerView("L", date(2016, 3, 1), None, holdings, "recorded polygons")
    ctx = JudgingContext(agreement, Standings(agreement, actors), lambda _layer, _day: view, "L")
    return Judge(ctx), holdings


@pytest.mark.parametrize("obligation_text", ["No attacks.", "No attacks, as on the area in polygon p-1."])
def test_values_that_are_prefixes_of_others_or_occur_in_fixed_text_render_right(obligation_text: str) -> None:
    judge, _ = _grid_judge(obligation_text)
    near = [("a1", 36.5), ("a2", 36.51), ("b1", 38.5), ("b2", 38.49)]
    incidents = {
        key: Incident.model_validate(
            {
                "id": key,
                "event_type": "Explosions/Remote violence",
                "sub_event_type": "Air/drone strike",
                "when": {"start": "2016-03-01", "end": "2016-03-01"},
                "location": {"name": "x", "lat": 35.5, "lon": lon, "precision": 3},
                "perpetrators": [{"actor": "gov"}],
                "targets": [{"actor": "civilians"}],
                "credibility": 2,
            }
        )
        for key, lon in near
    }
    bulk = BulkJudge(judge, lambda ids: {k: incidents[k] for k in ids})
    filled = list(bulk.rows([incident_row(i.model_dump(mode="json")) for i in incidents.values()]))
    for f in filled:
        assert f is not None
        expected = judge.incident(incidents[f.subject])
        assert expected is not None
        assert _content(_rendered(f)) == _content(expected.to_verdict(DECIDED)), f.subject
    assert "polygon p-30" in " ".join(x.statement for x in _rendered(filled[2]).facts)


def test_a_batch_is_refused_where_its_templates_were_never_written(
    busy_store: Store, scenario_template: Path, tmp_path: Path
) -> None:
    """Templates parsed for one store (and cached in this process) do not vouch for another."""
    adjudicate_store(busy_store, "monitor", decided_at=DECIDED)
    with busy_store.engine.connect() as conn:
        payload = conn.execute(
            select(s.log_entries.c.payload).where(s.log_entries.c.kind == "verdict.rows").limit(1)
        ).scalar_one()
    other = tmp_path / "other.db"
    shutil.copyfile(scenario_template, other)
    with Store.open(other) as fresh:
        with pytest.raises(StoreError, match="no earlier entry holds"):
            fresh.write("verdict.rows", "monitor", json.loads(payload))
        assert current_verdicts(fresh) == []


def test_a_template_written_in_a_rolled_back_transaction_does_not_vouch_for_a_later_batch(
    scenario_store: Store,
) -> None:
    """Template keys checked once per transaction are forgotten with it: a later entry asks again."""
    from jointmap.domain import VerdictRows

    template = VerdictTemplate(outcome="violation", confidence=0.5, explanation="An attack on {subject}.")

    def rows(subjects: tuple[str, ...], values: tuple[str, ...]) -> VerdictRows:
        return VerdictRows(
            agreement="syria-2016-coh",
            decided_at=DECIDED,
            templates=(template.key(),),
            subjects=subjects,
            template=(0,) * len(subjects),
            values=values,
            supersedes=(None,) * len(subjects),
        )

    with pytest.raises(StoreError, match="values for a template"):
        scenario_store.write_many(
            [
                ("verdict.template", "monitor", template),
                ("verdict.rows", "monitor", rows(("a1",), ("",))),  # applied, its template checked
                ("verdict.rows", "monitor", rows(("a2",), ("x",))),  # refused: all three roll back
            ]
        )
    with pytest.raises(StoreError, match="no earlier entry holds"):
        scenario_store.write_many([("verdict.rows", "monitor", rows(("a1",), ("",)))])
    assert current_verdicts(scenario_store) == []


@pytest.mark.parametrize("text", ["{subject:>999999}", "{subject.__class__}", "{subject[0]}", "a } b"])
def test_a_template_may_hold_only_plain_placeholders(text: str) -> None:
    with pytest.raises(ValidationError, match="brace"):
        VerdictTemplate(outcome="violation", confidence=0.5, explanation=text)


def test_summary_from_columns_equals_totals_over_rendered_verdicts(busy_store: Store) -> None:
    adjudicate_store(busy_store, "monitor", decided_at=DECIDED)
    (agreement,) = busy_store.all(Agreement, "agreements")
    places = {
        i.id: SubjectPlace(i.when.start, i.location.admin1_name)
        for i in busy_store.all(Incident, "incidents")
    }
    for r in busy_store.all(AccessRequest, "access_requests"):
        places[r.id] = SubjectPlace(r.steps[-1].date, None)
    sides = {p.actor: p.side for p in agreement.parties}
    since = date(2016, 3, 1)
    expected = running_totals(
        current_verdicts(busy_store, agreement=agreement.id),
        places,
        since,
        sides,
        agreement.effective_from.date(),
    )
    got = summary_since(busy_store, since)[agreement.id]
    assert got == expected
    assert sum(got.outcomes.values()) > 400 and got.by_party


def test_a_settlement_name_holding_the_value_separator_does_not_go_into_a_batch() -> None:
    from jointmap.adjudicate.service import _Batch

    template = VerdictTemplate(outcome="violation", confidence=0.5, explanation="{subject}: {h0_p} ({h0_r})")
    ids_only = VerdictTemplate(outcome="violation", confidence=0.5, explanation="{subject} ({h0_r}, v{h0_v})")
    part = Judged(
        ["i1", "i2", "i3", "i4"],
        [template.key(), template.key(), ids_only.key(), None],
        ["Aleppo\x1fr1", "Alep\x1fpo\x1fr1", "r1\x1f7", ""],
        {template.key(): template, ids_only.key(): ids_only},
    )
    batch = _Batch("a", DECIDED)
    used = [template.key(), ids_only.key()]
    assert batch.unfit(part, [0, 1, 2], used) == {1}  # i2 is written whole instead
    batch.extend(part, [0, 2], [None, "vd.1.0"])
    rows = batch.take()
    assert rows.subjects == ("i1", "i3") and rows.values == ("Aleppo\x1fr1", "r1\x1f7")
    assert [rows.templates[t] for t in rows.template] == [template.key(), ids_only.key()]
    assert rows.supersedes == (None, "vd.1.0") and not batch.subjects


def test_holdings_are_coded_by_holders_confidence_and_kind_and_a_separator_in_a_place_is_flagged() -> None:
    judge, polygons = _grid_judge("No attacks.")
    cell = polygons[0]._replace(record_id="o-1", place="Douma")
    odd = polygons[0]._replace(record_id="o-2", place="Al\x1fBab")
    view = LayerView("L", date(2016, 3, 1), None, [*polygons, cell, odd], "recorded polygons and cells")
    codes, unsafe = BulkJudge(judge, lambda ids: {})._holding_codes(view)
    # Same holders and confidence: one code per kind (polygon or derived cell), whatever the record.
    assert codes[0] == codes[2] != codes[1] == codes[3]
    assert codes[4] == codes[5] not in codes[:4]
    assert unsafe.tolist() == [False] * 5 + [True]  # its values could not be joined: judged in full
