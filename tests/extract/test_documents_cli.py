"""Reading documents, the extract and ingest commands, and the shared-data smoke check."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

import jointmap.cli.extract  # noqa: F401  (registers extract and ingest until jointmap.cli imports it)
from jointmap.cli.base import cli
from jointmap.domain import Incident
from jointmap.errors import RowError
from jointmap.extract import CsvColumns, Document, read_documents
from jointmap.store import Store
from shared_paths import shared_data

STRIKE = "Regime forces shelled Douma on Thursday, killing a child and two women."


def _write(path: Path, data: str | bytes) -> Path:
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def test_readers_txt_md_html_jsonl_csv(tmp_path: Path) -> None:
    txt = _write(tmp_path / "a.txt", STRIKE)
    md = _write(tmp_path / "b.md", "# Report\n\n" + STRIKE)
    html = _write(
        tmp_path / "c.html",
        f"<html><head><title>Douma</title></head><body><nav>Home | About</nav><article><p>{STRIKE}</p>"
        "<p>Residents said the shells fell on a market near the main square in the early afternoon.</p>"
        "</article></body></html>",
    )
    jsonl = _write(
        tmp_path / "d.jsonl", json.dumps({"id": "j1", "text": STRIKE, "date": "2016-03-04"}) + "\n"
    )
    csv = _write(tmp_path / "e.csv", f'body,when\n"{STRIKE}",3/4/2016\n')
    docs = list(read_documents([txt, md, html, jsonl], None))
    docs += list(read_documents([csv], CsvColumns(text="body", date="when", date_format="%m/%d/%Y")))
    assert all(isinstance(d, Document) for d in docs), docs
    by_id = {d.id: d for d in docs if isinstance(d, Document)}
    assert STRIKE in by_id["c.html"].text and "Home | About" not in by_id["c.html"].text
    assert by_id["j1"].date is not None and by_id["j1"].date.isoformat() == "2016-03-04"
    assert by_id["1"].text == STRIKE and str(by_id["1"].date) == "2016-03-04"  # row number as id


def test_invalid_utf8_and_malformed_jsonl_are_reported_and_the_rest_read(tmp_path: Path) -> None:
    bad = _write(tmp_path / "bad.txt", b"Shelling in Douma\non Monday \xff\xfe killed three.")
    lines = _write(tmp_path / "x.jsonl", '{"text": "one"}\n{not json\n{"text": 5}\n{"text": "four"}\n')
    items = list(read_documents([bad, lines]))
    errors = [str(i) for i in items if isinstance(i, RowError)]
    docs = [i for i in items if isinstance(i, Document)]
    assert errors[0].startswith(f"{bad}:2: (file): not UTF-8 text")  # the line of the first bad byte
    assert errors[1].startswith(f"{lines}:2: (json): invalid JSON")
    assert errors[2] == f"{lines}:3: text: must be a string, not int"
    assert [(d.id, d.text) for d in docs] == [("1", "one"), ("4", "four")]


def test_extract_json_lines_in_input_order(tmp_path: Path) -> None:
    empty = _write(tmp_path / "empty.txt", "")
    calm = _write(tmp_path / "calm.txt", "Markets in Aleppo were busy on Friday.")
    lines = _write(
        tmp_path / "news.jsonl",
        json.dumps({"id": "n1", "text": STRIKE, "date": "2016-03-04"}) + "\n{broken\n"
        + json.dumps({"id": "n2", "text": "Clashes erupted near Hama on Monday."}) + "\n",
    )  # fmt: skip
    result = CliRunner().invoke(cli, ["extract", "--json", str(empty), str(calm), str(lines)])
    assert result.exit_code == 1  # the broken line
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["empty.txt", "calm.txt", "n1", "n2"]
    assert rows[0]["incidents"] == [] and rows[1]["incidents"] == []
    first = rows[2]["incidents"][0]
    assert first["place"]["name"] == "Douma" and first["date_start"] == "2016-03-03"
    assert first["actor1"] == "saa" and first["fatalities"]["best"] == 3
    assert "news.jsonl:2: (json): invalid JSON" in result.stderr


def test_extract_reads_stdin() -> None:
    result = CliRunner().invoke(cli, ["extract", "--json", "-"], input=STRIKE.encode())
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["incidents"][0]["place"]["name"] == "Douma"


def test_ingest_stores_candidates_once(tmp_path: Path, store: Store) -> None:
    db = str(store.engine.url.database)
    news = _write(
        tmp_path / "news.jsonl",
        json.dumps({"id": "n1", "text": STRIKE, "date": "2016-03-04"}) + "\n"
        + json.dumps({"id": "n2", "text": "The army accused rebels of violating the truce."}) + "\n",
    )  # fmt: skip
    args = ["--db", db, "--as", "monitor", "ingest", "--source", "wire", str(news)]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    entries = store.entry_count()
    assert store.count("reports") == 2 and store.count("allegations") == 1
    incidents = store.all(Incident, "incidents")
    assert [i.status.value for i in incidents] == ["candidate"]
    assert incidents[0].reports[0].evidence == STRIKE
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 0, again.output
    assert store.entry_count() == entries
    assert "2 already present" in again.stdout


def test_extract_with_two_workers_matches_one(tmp_path: Path) -> None:
    lines = _write(
        tmp_path / "many.jsonl",
        "".join(json.dumps({"id": f"d{i}", "text": STRIKE}) + "\n" for i in range(12)),
    )
    one = CliRunner().invoke(cli, ["extract", "--json", str(lines)])
    two = CliRunner().invoke(cli, ["extract", "--json", "--workers", "2", str(lines)])
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout


def test_shared_fakes_smoke() -> None:
    path = shared_data("news/fakes_dev.csv")
    columns = CsvColumns(
        text="article_content", title="article_title", date="date", id=None, date_format="%m/%d/%Y"
    )
    docs = [d for d in read_documents([path], columns)][:5]
    assert all(isinstance(d, Document) for d in docs)
