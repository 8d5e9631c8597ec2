"""Allegation accuracy on hand-labelled FA-KES sentences, beside a naive baseline measured in the same run.

The labels (``benchmarks/data/allegations_fakes_dev.json``) are ours: for 81 sentences of
``../shared/data/news/fakes_dev.csv`` that accuse, deny or blame, each allegation a reader finds, in the order
its verbs come, with its speaker (a character span of the document: the subject of the accusing or denying
verb, null when nobody is named), accuser and accused (registry actor ids of the bundled Syria 2016
scenario) and kind. A document is the FA-KES row's title and text, as ``extract_eval.py`` reads it; each
labelled sentence is extracted on its own (so other sentences of the article cannot help or hurt). The
extractor's rules were written while reading these sentences: treat the figures as a development score.

Baseline: the words before the first accusing or denying verb, back to the last comma (at most four), as the
speaker; the last registry actor before the verb as the accuser; every actor after it as accused; "denial"
when a denying word is in the sentence, else "attack_on_party". Prints a markdown table.

    .venv/bin/python benchmarks/allegation_eval.py [--data ../shared/data] [-v]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from pathlib import Path

from jointmap.extract import Document, ExtractorSpec, build_extractor
from jointmap.extract.lexicon import ACCUSE_RE, DENY_RE
from jointmap.extract.text import normalise

ROOT = Path(__file__).resolve().parents[1]
FIELDS = ("speaker", "accuser", "accused", "kind")
Allegation = dict[str, object]


def _norm(text: str) -> str:
    text = " ".join(text.lower().split()).strip(" ,.;:\"'")
    return re.sub(r"^the ", "", text)


def _documents(data: Path) -> dict[int, str]:
    out = {}
    with (data / "news" / "fakes_dev.csv").open(encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh), start=1):
            out[i] = f"{row['article_title']}\n\n{row['article_content']}"
    return out


def _baseline(text: str, actors: list[tuple[int, str]]) -> list[Allegation]:
    verb = ACCUSE_RE.search(text) or DENY_RE.search(text)
    if verb is None:
        return []
    head = text[: verb.start()].rpartition(",")[2].split()
    before = [a for at, a in actors if at < verb.start()]
    return [
        {
            "speaker": " ".join(head[-4:]),
            "accuser": before[-1] if before else None,
            "accused": sorted({a for at, a in actors if at >= verb.start()}),
            "kind": "denial" if DENY_RE.search(text) else "attack_on_party",
        }
    ]


def _score(pairs: list[tuple[list[Allegation], list[Allegation]]]) -> dict[str, float]:
    hits = dict.fromkeys((*FIELDS, "all"), 0)
    n = missing = 0
    for gold, got in pairs:
        for i, g in enumerate(gold):
            n += 1
            p = got[i] if i < len(got) else None
            missing += p is None
            right = {
                "speaker": p is not None and _norm(str(p["speaker"])) == _norm(str(g["speaker"])),
                "accuser": p is not None and p["accuser"] == g["accuser"],
                "accused": p is not None and sorted(p["accused"]) == sorted(g["accused"]),  # type: ignore[call-overload]
                "kind": p is not None and p["kind"] == g["kind"],
            }
            for f in FIELDS:
                hits[f] += right[f]
            hits["all"] += all(right.values())
    return {**{k: v / n for k, v in hits.items()}, "n": n, "missing": missing}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("-v", action="store_true", help="print each allegation that is not all right")
    args = parser.parse_args()
    docs = _documents(args.data)
    labels = json.loads((ROOT / "benchmarks" / "data" / "allegations_fakes_dev.json").read_text())
    extractor = build_extractor(ExtractorSpec(gazetteer_dir=str(args.data / "gazetteer")))
    ours: list[tuple[list[Allegation], list[Allegation]]] = []
    naive: list[tuple[list[Allegation], list[Allegation]]] = []
    for item in labels:
        doc = docs[item["row"]]
        text = doc[item["start"] : item["end"]]
        gold = [
            {**g, "speaker": doc[g["speaker"][0] : g["speaker"][1]] if g["speaker"] else ""}
            for g in item["gold"]
        ]
        result = extractor.extract(Document(f"{item['row']}:{item['start']}", text))
        got: list[Allegation] = [
            {"speaker": a.speaker, "accuser": a.accuser, "accused": a.accused, "kind": a.kind}
            for a in result.allegations
        ]
        actors = sorted((m.start, m.actor) for m in extractor.actors.find(text, normalise(text)) if m.actor)
        ours.append((gold, got))
        naive.append((gold, _baseline(text, actors)))
        if args.v and _score([(gold, got)])["all"] < 1:
            print(f"- {text[:120]}\n   gold {gold}\n   got  {got}")
    print("| allegations, FA-KES sentences we labelled | n | speaker | accuser | accused | kind | all four |")
    print("|---|---|---|---|---|---|---|")
    for name, pairs in (("jointmap", ours), ("baseline: words before the verb, actors around it", naive)):
        s = _score(pairs)
        cells = " | ".join(f"{s[f]:.1%}" for f in (*FIELDS, "all"))
        print(f"| {name} | {int(s['n'])} | {cells} |")


if __name__ == "__main__":
    main()
