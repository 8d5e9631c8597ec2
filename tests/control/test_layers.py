"""Control layers: bitemporal selection, Voronoi areas clipped to the outline, merging, diff, store reads."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from shapely.geometry import Point
from sqlalchemy import text

from jointmap.control import (
    ControlRecord,
    LayerHistory,
    area_km2,
    build_view,
    bundled_outline,
    diff_views,
    entangled_holdings,
    merge_by_holder,
)
from jointmap.control.read import layer_history, seq_known_at
from jointmap.domain import ControlArea, ControlObservation, Layer
from jointmap.errors import StoreError
from jointmap.store import Store

OUTLINE = bundled_outline(["SY"])


def _obs(
    obs_id: str,
    place: str,
    lat: float,
    lon: float,
    actors: tuple[str, ...],
    layer: str = "joint",
    valid_from: date = date(2016, 2, 27),
    valid_to: date | None = None,
) -> ControlObservation:
    return ControlObservation(
        id=obs_id,
        layer=layer,
        place=place,
        lat=lat,
        lon=lon,
        actors=actors,
        valid_from=valid_from,
        valid_to=valid_to,
    )


TOWNS = [
    _obs("o-daraya", "Daraya", 33.458, 36.233, ("fsa",)),
    _obs("o-damascus", "Damascus", 33.516, 36.281, ("sy-gov",)),
    _obs("o-irbin", "Irbin", 33.537, 36.366, ("faylaq-al-rahman", "nusra")),
]


def test_bitemporal_view_answers_what_we_believed_then_about_a_day() -> None:
    first = ControlRecord(TOWNS[0], recorded_seq=10, superseded_seq=20)
    corrected = ControlRecord(TOWNS[0].model_copy(update={"actors": ("sy-gov",)}), recorded_seq=20)
    later = ControlRecord(_obs("o-x", "X", 33.0, 36.5, ("fsa",), valid_from=date(2016, 6, 1)), recorded_seq=5)
    records = [first, corrected, later]
    then = build_view("joint", records, date(2016, 3, 1), known_seq=15)
    now = build_view("joint", records, date(2016, 3, 1))
    assert [h.actors for h in then.holdings] == [("fsa",)] and then.version == 10
    assert [h.actors for h in now.holdings] == [("sy-gov",)] and now.version == 20
    assert build_view("joint", records, date(2016, 6, 2)).version == 20  # the June town joins on its date
    assert len(build_view("joint", records, date(2016, 6, 2)).holdings) == 2


def test_voronoi_cells_are_clipped_to_the_outline_and_reach_and_say_so() -> None:
    assert OUTLINE is not None
    view = build_view(
        "joint",
        [ControlRecord(t, i) for i, t in enumerate(TOWNS)],
        date(2016, 3, 1),
        outline=OUTLINE,
        reach_km=15,
    )
    assert "Voronoi cells clipped to bundled coarse outline of SY" in view.method and "15 km" in view.method
    for h in view.holdings:
        assert h.geometry.within(OUTLINE.geometry.buffer(1e-9))
        assert h.geometry.contains(Point(h.lon, h.lat))
        assert area_km2(h.geometry) < 3.1416 * 15 * 15 * 1.01
    (daraya,) = view.holdings_at(Point(36.20, 33.45))
    assert daraya.place == "Daraya" and "v0" in daraya.cite()
    assert [
        h.place
        for h in entangled_holdings(view, {"fsa", "faylaq-al-rahman"}.__contains__, {"nusra"}.__contains__)
    ] == ["Irbin"]


def test_polygons_take_precedence_over_derived_cells_and_merge_per_holder() -> None:
    square = "POLYGON((36.2 33.4, 36.26 33.4, 36.26 33.48, 36.2 33.48, 36.2 33.4))"
    area = ControlArea(
        id="a-1", layer="joint", area_wkt=square, actors=("sy-gov",), valid_from=date(2016, 1, 1)
    )
    records = [ControlRecord(area, 1)] + [ControlRecord(t, 2) for t in TOWNS]
    view = build_view("joint", records, date(2016, 3, 1), outline=OUTLINE)
    assert view.holdings_at(Point(36.233, 33.458))[0].record_id == "a-1"
    merged = {m.actors: m for m in merge_by_holder(view)}
    assert set(merged[("sy-gov",)].records) == {"a-1", "o-damascus"}


def test_diff_lists_settlements_and_km2_where_two_layers_disagree() -> None:
    ru = [ControlRecord(t.model_copy(update={"layer": "ru", "id": f"ru-{t.id}"}), 1) for t in TOWNS]
    us = [ControlRecord(t.model_copy(update={"layer": "us", "id": f"us-{t.id}"}), 2) for t in TOWNS]
    ru[0] = ControlRecord(ru[0].record.model_copy(update={"actors": ("nusra",)}), 1)
    a = build_view("ru", ru, date(2016, 3, 1), outline=OUTLINE)
    b = build_view("us", us, date(2016, 3, 1), outline=OUTLINE)
    diff = diff_views(a, b)
    assert [(d.place, d.actors_a, d.actors_b) for d in diff.settlements] == [("Daraya", ("nusra",), ("fsa",))]
    assert diff.agreeing_settlements == 2
    assert [(d.actors_a, d.actors_b) for d in diff.areas] == [(("nusra",), ("fsa",))]
    assert abs(diff.km2 - area_km2(a.holdings_at(Point(36.233, 33.458))[0].geometry)) < 1


def test_history_from_the_store_by_record_time(store: Store) -> None:
    store.write(
        "layer.record", "monitor", Layer(id="joint", name="Joint", organisation="monitor", kind="joint")
    )
    store.write("control.observe", "monitor", TOWNS[0], recorded_at=datetime(2016, 3, 2, 9, tzinfo=UTC))
    store.write(
        "control.observe",
        "monitor",
        TOWNS[0].model_copy(update={"actors": ("sy-gov",)}),
        recorded_at=datetime(2016, 3, 12, 9, tzinfo=UTC),
    )
    on_10_march = seq_known_at(store, datetime(2016, 3, 10, 23, 59, tzinfo=UTC))
    believed = layer_history(store, "joint", on_10_march).view(date(2016, 3, 1))
    assert believed.holdings[0].actors == ("fsa",)
    assert layer_history(store, "joint").view(date(2016, 3, 1)).holdings[0].actors == ("sy-gov",)
    history = LayerHistory("joint", [], None)
    assert history.view(date(2016, 3, 1)).label == "joint (no records in force on 2016-03-01)"


def _square(area_id: str, west: float, actors: tuple[str, ...], **fields: object) -> ControlArea:
    wkt = f"POLYGON (({west} 33, {west + 0.2} 33, {west + 0.2} 33.2, {west} 33.2, {west} 33))"
    given = {"id": area_id, "layer": "joint", "area_wkt": wkt, "actors": actors, "valid_from": "2016-02-27"}
    return ControlArea.model_validate(given | fields)


def _summary(history: LayerHistory, day: date) -> list[tuple[object, ...]]:
    view = history.view(day)
    return [
        (h.record_id, h.actors, h.recorded_seq, h.confidence, h.source, h.geometry.wkt, h.place)
        for h in view.holdings
    ] + [(view.label, view.method)]


def test_polygons_read_from_the_store_as_columns_match_the_records_they_came_from(store: Store) -> None:
    for layer in ("joint", "ru"):
        store.write("layer.record", "monitor", Layer(id=layer, name=layer, organisation="monitor"))
    areas = [
        _square("a-1", 36.0, ("fsa",), source="monitor patrol", confidence=0.7),
        _square("a-2", 36.4, ("fsa", "nusra"), valid_to="2016-03-10"),
        _square("a-3", 36.8, ("sy-gov",), valid_from="2016-03-05"),
        _square("a-1", 36.0, ("sy-gov",), source="correction"),  # supersedes the first a-1
        _square("a-9", 37.2, ("ru-backed",), layer="ru"),
    ]
    seqs = [store.write("control.area", "monitor", a).seq for a in areas]
    store.write("control.observe", "monitor", TOWNS[1])
    records = [ControlRecord(a, seq) for a, seq in zip(areas, seqs, strict=True)]
    records[0] = ControlRecord(areas[0], seqs[0], superseded_seq=seqs[3])
    for known in (None, seqs[2], seqs[0] - 1):
        stored = layer_history(store, "joint", known, outline=OUTLINE)
        in_memory = LayerHistory(
            "joint", [*records, ControlRecord(TOWNS[1], seqs[-1] + 1)], known, outline=OUTLINE
        )
        for day in (date(2016, 2, 26), date(2016, 3, 1), date(2016, 3, 5), date(2016, 3, 11)):
            assert _summary(stored, day) == _summary(in_memory, day)
    now = layer_history(store, "joint").view(date(2016, 3, 6))
    assert [(h.record_id, h.actors, h.source) for h in now.holdings[:3]] == [
        ("a-2", ("fsa", "nusra"), ""),
        ("a-3", ("sy-gov",), ""),
        ("a-1", ("sy-gov",), "correction"),
    ]
    first = layer_history(store, "joint", seqs[2]).view(date(2016, 3, 6)).holdings[0]
    assert (first.record_id, first.actors, first.confidence) == ("a-1", ("fsa",), 0.7)


def test_a_polygon_row_without_its_stored_shape_is_refused_not_dropped(store: Store) -> None:
    store.write("layer.record", "monitor", Layer(id="joint", name="Joint", organisation="monitor"))
    store.write("control.area", "monitor", _square("a-1", 36.0, ("fsa",)))
    with store.engine.begin() as conn:  # as a writer going around the applier would leave it
        conn.execute(text("UPDATE control_areas SET shape = NULL"))
    with pytest.raises(StoreError, match="a-1"):
        layer_history(store, "joint")
