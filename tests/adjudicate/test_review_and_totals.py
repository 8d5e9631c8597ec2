"""Reviewer overrides, running totals, and the CLI's explain / summary / layers commands."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

import jointmap.cli.adjudicate  # noqa: F401  (registers the commands)
from jointmap.adjudicate import adjudicate_store, current_verdicts, override_verdict, summary_since
from jointmap.cli.base import cli
from jointmap.domain import Outcome
from jointmap.store import Store

from .conftest import DECIDED


def test_override_supersedes_with_a_reason_and_survives_re_adjudication(scenario_store: Store) -> None:
    adjudicate_store(scenario_store, "monitor", decided_at=DECIDED)
    (machine,) = current_verdicts(scenario_store, "inc-20160419-maarat-market")
    verdict = override_verdict(
        scenario_store,
        "monitor",
        "inc-20160419-maarat-market",
        "coh-2016",
        outcome=Outcome.VIOLATION,
        responsible=("syaaf",),
        reason="field team confirmed no al-Nusra presence",
    )
    assert verdict.supersedes == machine.id and verdict.override_reason
    run = adjudicate_store(scenario_store, "monitor", decided_at=DECIDED)
    assert "inc-20160419-maarat-market" in run.kept_overrides
    (current,) = current_verdicts(scenario_store, "inc-20160419-maarat-market")
    assert current.id == verdict.id


def test_running_totals_per_party_rule_governorate_and_week(scenario_store: Store) -> None:
    adjudicate_store(scenario_store, "monitor", decided_at=DECIDED)
    totals = summary_since(scenario_store, date(2016, 2, 27))["coh-2016"]
    violations = totals.outcomes["violation"]
    assert violations == sum(totals.by_rule.values()) == sum(totals.by_week.values())
    assert totals.by_party["syaaf"] >= 1 and totals.by_side["government"] >= 1
    assert totals.by_governorate["Rif Dimashq"] >= 1
    assert all((week - date(2016, 2, 27)).days % 7 == 0 for week in totals.by_week)
    later = summary_since(scenario_store, date(2016, 9, 1))["coh-2016"]
    assert later.outcomes["violation"] < violations


def test_cli_explain_prints_layer_version_rule_and_sources(scenario_store: Store, tmp_path: Path) -> None:
    db = str(scenario_store.engine.url.database)
    runner = CliRunner()
    result = runner.invoke(cli, ["--db", db, "--as", "monitor", "adjudicate"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["--db", db, "explain", "inc-20160610-daraya-barrels", "--history"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "violation by syaaf" in text and "Rule: no-attack (no_attack_on_party)" in text
    assert "Layer: joint v" in text and "source: layer joint record joint-daraya-20160501" in text
    missing = runner.invoke(cli, ["--db", db, "explain", "no-such-incident"])
    assert missing.exit_code == 2 and "no verdict" in missing.output
    result = runner.invoke(cli, ["--db", db, "summary", "--since", "2016-02-27"])
    assert result.exit_code == 0 and "Violations by governorate" in result.output


def test_cli_layers_diff_and_show(scenario_store: Store) -> None:
    db = str(scenario_store.engine.url.database)
    runner = CliRunner()
    result = runner.invoke(
        cli, ["--db", db, "layers", "diff", "ru-claimed", "us-claimed", "--date", "2016-03-01"]
    )
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "Voronoi cells clipped to bundled coarse outline of SY" in text
    assert "Settlements in disagreement" in text and "km² in all" in text
    result = runner.invoke(cli, ["--db", db, "layers", "show", "joint", "--date", "2016-03-01"])
    assert result.exit_code == 0 and "isil" in result.output


def test_cli_adjudicate_lists_verdicts_of_a_small_run_and_counts_a_large_one(
    scenario_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(scenario_store.engine.url.database)
    runner = CliRunner()
    result = runner.invoke(cli, ["--db", db, "--as", "monitor", "adjudicate"])
    assert result.exit_code == 0, result.output
    assert "┏" in result.output and "too many to list" not in result.output  # the table of verdicts
    monkeypatch.setattr("jointmap.cli.adjudicate._LISTED_AT_MOST", 3)
    result = runner.invoke(cli, ["--db", db, "--as", "monitor", "adjudicate", "--known-at", "2016-12-31"])
    assert result.exit_code == 0, result.output
    assert "too many to list" in " ".join(result.output.split())
    assert "┏" not in result.output and " judged: " in result.output
