"""The learned place ranker and its training script, on short texts written for these tests."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from jointmap.extract import Extractor, ExtractorSpec, build_extractor
from jointmap.extract.placementions import generic_mentions
from jointmap.extract.ranker import FEATURE_VERSION, PlaceRanker, load_ranker, mention_features

from .places_of import first_place

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def learned() -> Extractor:
    return build_extractor(ExtractorSpec(learned_places=True))


def test_the_struck_village_not_the_city_where_the_minister_spoke(learned: Extractor) -> None:
    text = "The minister said in Damascus that jets struck Kafr Nabl on Monday."
    assert first_place(learned, text) == "Kafr Nabl"


def test_speaking_to_reporters_is_not_the_event_place(learned: Extractor) -> None:
    text = (
        "The foreign minister, speaking to reporters in Damascus, said rebels had shelled "
        "the town of Kafranbel, killing three civilians."
    )
    assert first_place(learned, text) == "Kafranbel"


def test_a_dateline_is_not_the_event_place(learned: Extractor) -> None:
    assert first_place(learned, "DAMASCUS (Wire) - A car bomb exploded in Homs on Sunday.") == "Homs"


def test_features_read_the_words_around_a_mention() -> None:
    text = "The minister told reporters in Moscow that jets bombed the village of Tal Rifaat."
    mentions = generic_mentions(text, [(0, len(text))])
    names = [m.text for m in mentions]
    assert "Moscow" in names and "Tal Rifaat" in names
    trigger = text.index("jets")
    moscow = mention_features(text, 0, mentions, names.index("Moscow"), trigger)
    village = mention_features(text, 0, mentions, names.index("Tal Rifaat"), trigger)
    assert moscow["speech_before"] == 1.0 and moscow["before"] == 1.0 and moscow["prep=in"] == 1.0
    assert "speech_before" not in village  # "that" closes the clause of saying
    assert village["noun=settlement"] == 1.0 and village["after"] == 1.0
    short = "Fighting in Syria."
    found = generic_mentions(short, [(0, len(short))])
    assert "country" in mention_features(short, 0, found, len(found) - 1, 0)


def test_packaged_weights_load_and_score() -> None:
    ranker = load_ranker()
    assert ranker.meta["feature_version"] == FEATURE_VERSION
    assert ranker.weights and all(isinstance(w, float) for w in ranker.weights.values())
    assert 0.0 < ranker.meta["cv_top1"] <= 1.0
    assert ranker.score({"no such feature": 1.0}) == 0.0


def test_weights_for_another_feature_version_are_refused() -> None:
    with pytest.raises(ValueError, match="feature version"):
        PlaceRanker.from_json({"feature_version": FEATURE_VERSION + 1, "weights": {}})


def _training_script() -> ModuleType:
    path = ROOT / "benchmarks" / "train_place_ranker.py"
    spec = importlib.util.spec_from_file_location("train_place_ranker", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _row(text: str, location: str, verb: str) -> str:
    spans = [
        {"label": "LOCATION", "start": text.index(location), "end": text.index(location) + len(location)},
        {"label": "VERB", "start": text.index(verb), "end": text.index(verb) + len(verb)},
    ]
    return json.dumps({"id": str(abs(hash(text))), "text": text, "spans": spans, "source": "test"})


def test_training_script_writes_a_weights_file_of_the_expected_shape(tmp_path: Path) -> None:
    train = _training_script()
    towns = ["Mosul", "Kirkuk", "Basra", "Tikrit", "Ramadi", "Fallujah", "Baghdad", "Najaf"]
    rows = []
    for i, town in enumerate(towns * 3):
        other = towns[(i + 3) % len(towns)]
        text = f"The governor said in {other} that militants attacked {town} on Monday."
        rows.append(_row(text, town, "attacked"))
        text = f"Police clashed with protesters in {town}, officials in {other} said."
        rows.append(_row(text, town, "clashed"))
    # A sentence about Syria is never trained on: it is the evaluation's.
    rows.append(_row("Jets bombed Aleppo in Syria on Monday.", "Aleppo", "bombed"))
    events = tmp_path / "events"
    events.mkdir()
    (events / "halterman_event_location_dev.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "place_ranker.json"
    sys.argv = ["train_place_ranker.py", "--data", str(tmp_path), "--out", str(out)]
    assert train.main() == 0
    model = json.loads(out.read_text(encoding="utf-8"))
    assert model["feature_version"] == FEATURE_VERSION
    assert model["stats"]["groups"] == 2 * len(towns) * 3
    assert set(model) >= {"weights", "l2", "cv_top1", "baseline_first_candidate", "trained_on", "stats"}
    assert all(isinstance(k, str) and isinstance(v, float) for k, v in model["weights"].items())
    assert model["cv_top1"] > model["baseline_first_candidate"]
    ranker = PlaceRanker.from_json(model)
    assert ranker.score({"prep=in": 1.0}) == pytest.approx(model["weights"].get("prep=in", 0.0))


def test_cross_validation_on_syria_sentences_scores_held_out_folds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    train = _training_script()
    towns = ["Mosul", "Kirkuk", "Basra", "Tikrit", "Ramadi", "Fallujah", "Baghdad", "Najaf"]
    rows = []
    for i, town in enumerate(towns * 3):
        other = towns[(i + 3) % len(towns)]
        rows.append(
            _row(f"The governor said in {other} that militants attacked {town} on Monday.", town, "attacked")
        )
    syria = [("Saraqib", "Homs"), ("Douma", "Hama"), ("Talbiseh", "Idlib"), ("Harasta", "Homs")]
    for village, city in syria * 3:
        text = f"The minister said in {city} that jets bombed the village of {village} in Syria on Monday."
        rows.append(_row(text, village, "bombed"))
    (tmp_path / "events").mkdir()
    (tmp_path / "events" / "halterman_event_location_dev.jsonl").write_text("\n".join(rows) + "\n", "utf-8")
    gazetteer = tmp_path / "gazetteer"
    gazetteer.mkdir()
    places = [
        (1, "Saraqib", 35.86, 36.8, "12"),
        (2, "Douma", 33.57, 36.4, "08"),
        (3, "Homs", 34.73, 36.71, "11"),
    ]
    lines = [
        f"{gid}\t{name}\t{name}\t\t{lat}\t{lon}\tP\tPPL\tSY\t\t{adm}\t\t\t\t0\t\t\tAsia/Damascus\t2020-01-01"
        for gid, name, lat, lon, adm in places
    ]
    (gazetteer / "SY.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (gazetteer / "admin1CodesASCII.txt").write_text(
        "SY.08\tRif Dimashq\tRif Dimashq\t1\nSY.11\tHoms\tHoms\t2\nSY.12\tIdlib\tIdlib\t3\n", encoding="utf-8"
    )
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "fakes_dev.csv").write_text(
        "unit_id,article_title,article_content,source,date,location,labels\n"
        "1,Jets bomb Saraqib,Jets bombed Saraqib on Monday killing 3 people.,x,2/28/2016,idlib,1\n"
        "2,Shelling in Douma,Rebels shelled Douma on Monday.,x,2/28/2016,damascus,1\n",
        encoding="utf-8",
    )
    result = train.cross_validate_syria(tmp_path)
    assert result["sentences"] == len(syria) * 3
    assert result["syria_groups"] > 0  # the minister's city and the village: a choice to learn from
    for key in ("cv_span", "hand_span", "fakes_governorate", "hand_fakes_governorate"):
        assert 0.0 <= result[key] <= 1.0
    assert result["hand_span"] == 1.0  # the hand weights pass over the city where the minister spoke
    assert result["hand_fakes_governorate"] == 1.0
    sys.argv = ["train_place_ranker.py", "--data", str(tmp_path), "--cv-syria"]
    assert train.main() == 0
    assert "5-fold CV over 12 Syria sentences" in capsys.readouterr().out
