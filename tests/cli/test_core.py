from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from jointmap.cli import cli
from jointmap.store import Store


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def all_commands() -> list[list[str]]:
    paths: list[list[str]] = []

    def walk(group: object, prefix: list[str]) -> None:
        for name, command in getattr(group, "commands", {}).items():
            paths.append([*prefix, name])
            walk(command, [*prefix, name])

    walk(cli, [])
    return paths


def test_top_level_help_lists_subcommands() -> None:
    code, out, _ = run("--help")
    assert code == 0
    for name in ("demo", "import", "rebuild"):
        assert name in out


@pytest.mark.parametrize("command", all_commands(), ids=lambda c: " ".join(c))
def test_every_subcommand_has_help_that_says_what_it_does(command: list[str]) -> None:
    code, out, _ = run(*command, "--help")
    assert code == 0
    description = out.split("Options:")[0].split("\n", 2)[-1].strip()
    assert len(description) > 20, f"`jointmap {' '.join(command)} --help` does not say what it does"


def test_write_as_unknown_organisation_exits_2_naming_known_ones(store: Store, tmp_path: Path) -> None:
    csv_file = tmp_path / "r.csv"
    csv_file.write_text("id,source,date,text\nr1,wire,2016-03-01,Shelling.\n")
    db = str(store.engine.url.database)
    code, _, err = run("--db", db, "--as", "mallory", "import", str(csv_file))
    assert code == 2
    assert "mallory" in err and "monitor, operator, ru, us" in err
    code, _, err = run("--db", db, "import", str(csv_file), env={"JOINTMAP_ORG": "monitor"})
    assert code == 0, err
    assert store.count("reports") == 1


def test_import_reports_bad_rows_and_exits_1(store: Store, tmp_path: Path) -> None:
    csv_file = tmp_path / "r.csv"
    csv_file.write_text("id,source,date,text\nr1,wire,2016-03-01,Shelling.\nr2,wire,2016-02-30,Bad.\n")
    code, out, err = run("--db", str(store.engine.url.database), "--as", "monitor", "import", str(csv_file))
    assert code == 1
    assert f"{csv_file}:3: published_at:" in err
    assert "1 stored, 0 already present, 1 rejected" in out


def test_installed_entry_point_runs() -> None:
    exe = str(Path(sys.executable).parent / "jointmap")  # the venv running the tests
    proc = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "jointmap" in proc.stdout


def test_db_and_as_are_accepted_after_the_subcommand_too(store: Store, tmp_path: Path) -> None:
    csv_file = tmp_path / "r.csv"
    csv_file.write_text("id,source,date,text\nr1,wire,2016-03-01,Shelling.\n")
    db = str(store.engine.url.database)
    code, out, err = run("import", str(csv_file), "--db", db, "--as", "monitor")
    assert code == 0, err
    code, out, _ = run("rebuild", "--db", db)
    assert code == 0 and f"rebuilt {db}" in out
