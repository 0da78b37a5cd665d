"""The CLI core against real LadybugDB files, through CliRunner and the installed script."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from intelmig import __version__
from intelmig.cli import cli
from intelmig.stores.embedded import EmbeddedStore

from .conftest import FIXTURES

MINIMAL = str(FIXTURES / "minimal_seed.yaml")


@pytest.fixture
def minimal_db(tmp_path, runner):
    path = tmp_path / "mini.lbug"
    result = runner.invoke(cli, ["seed", MINIMAL, "--db", str(path)])
    assert result.exit_code == 0, result.output
    return path


def test_bare_command_prints_start_here(runner):
    result = runner.invoke(cli, [])
    assert result.exit_code == 0
    assert "Start here:" in result.output and "intelmig seed" in result.output


def test_version(runner):
    result = runner.invoke(cli, ["--version"])
    assert result.output.strip() == f"intelmig, version {__version__}"


def test_every_command_has_help_with_an_example(runner):
    for name, command in cli.commands.items():
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Example" in (command.help or ""), f"{name} --help has no example"


def test_seed_twice_gives_the_same_graph(runner, minimal_db):
    with EmbeddedStore(minimal_db) as store:
        first = store.counts()
        graph_before = store.to_networkx()
    result = runner.invoke(cli, ["seed", MINIMAL, "--db", str(minimal_db)])
    assert result.exit_code == 0, result.output
    assert "Seeded" in result.output and "6 nodes" in result.output
    with EmbeddedStore(minimal_db) as store:
        assert store.counts() == first
        graph_after = store.to_networkx()
    assert sorted(graph_after.nodes(data=True)) == sorted(graph_before.nodes(data=True))
    assert first["nodes"]["Flow"] == 1 and first["relationships"]["MIGRATED_TO"] == 1


def test_invalid_seed_writes_nothing(runner, minimal_db):
    before = minimal_db.read_bytes()
    result = runner.invoke(cli, ["seed", str(FIXTURES / "broken" / "bounds.yaml"),
                                 "--db", str(minimal_db)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: invalid seed: ")
    assert "low-greater-than-high" in result.output
    assert minimal_db.read_bytes() == before
    assert not [p for p in minimal_db.parent.iterdir() if ".building-" in p.name]


def test_query_table_json_csv(runner, minimal_db):
    base = ["query", "MATCH (c:Country) RETURN c.id AS id, c.name_en AS name ORDER BY id",
            "--db", str(minimal_db)]
    table = runner.invoke(cli, base)
    assert table.output.splitlines() == [
        "id   name", "---  -------------", "DEU  Germany", "USA  United States"]
    as_json = runner.invoke(cli, base + ["--json"])
    assert json.loads(as_json.output) == [{"id": "DEU", "name": "Germany"},
                                          {"id": "USA", "name": "United States"}]
    as_csv = runner.invoke(cli, base + ["--csv"])
    assert as_csv.output == "id,name\nDEU,Germany\nUSA,United States\n"


def test_query_parameters_are_typed(runner, minimal_db):
    result = runner.invoke(cli, [
        "query", "MATCH (f:Flow) WHERE f.low >= $min AND f.id IN $ids RETURN f.id AS id",
        "--param", "min=1000", "--param", 'ids=["flow1"]', "--db", str(minimal_db), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [{"id": "flow1"}]


def test_write_is_refused_without_flag(runner, minimal_db):
    result = runner.invoke(cli, ["query", "CREATE (:Region {id: 'x', kind: 'Region'})",
                                 "--db", str(minimal_db)])
    assert result.exit_code == 1
    assert result.output == ("Error: this query writes to the database; queries are read-only "
                             "unless you pass --write\n")
    with EmbeddedStore(minimal_db) as store:
        assert store.run("MATCH (r:Region) RETURN count(r)").rows == [[0]]


def test_write_with_flag(runner, minimal_db):
    result = runner.invoke(cli, ["query", "CREATE (:Region {id: $id, kind: 'Region'})",
                                 "--param", "id=x", "--write", "--db", str(minimal_db)])
    assert result.exit_code == 0, result.output
    with EmbeddedStore(minimal_db) as store:
        assert store.run("MATCH (r:Region) RETURN r.id").rows == [["x"]]


@pytest.mark.parametrize("args, message", [
    (["query", "MATCH (n RETURN n"], "Error: the database rejected the query: Parser exception"),
    (["query", "--name", "no_such_query"], "Error: no named query 'no_such_query'"),
    (["query", "--name", "flows_by_stage", "--param", "bogus=1"],
     "Error: query 'flows_by_stage' has no parameter 'bogus'; it takes: era"),
    (["query", "--name", "historical_examples", "--param", "century=XVIII"],
     "Error: parameter 'century' must be int, got 'XVIII'"),
    (["query", "MATCH (n) RETURN n", "--param", "noequals"],
     "Error: --param 'noequals': write it as name=value"),
])
def test_user_errors_are_one_line(runner, minimal_db, args, message):
    result = runner.invoke(cli, args + ["--db", str(minimal_db)])
    assert result.exit_code == 1
    assert result.output.startswith(message), result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_missing_database_is_one_line(runner, tmp_path):
    result = runner.invoke(cli, ["stats", "--db", str(tmp_path / "none.lbug")])
    assert result.exit_code == 1
    assert result.output == (f"Error: no database at {tmp_path / 'none.lbug'}; "
                             "create it with `intelmig seed`\n")


def test_damaged_database_is_detected(runner, tmp_path):
    path = tmp_path / "damaged.lbug"
    path.write_bytes(b"\0" * 4096 + b"not a database" * 100)
    result = runner.invoke(cli, ["stats", "--db", str(path)])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: database {path} cannot be opened")
    assert "intelmig seed" in result.output


def test_unreadable_seed_file(runner, tmp_path):
    result = runner.invoke(cli, ["seed", str(tmp_path / "missing.yaml"), "--db",
                                 str(tmp_path / "x.lbug")])
    assert result.exit_code == 1
    assert "no such file (file-not-found" in result.output
    assert not (tmp_path / "x.lbug").exists()


def test_debug_shows_the_traceback(runner, tmp_path):
    result = runner.invoke(cli, ["--debug", "stats", "--db", str(tmp_path / "none.lbug")])
    assert result.exit_code == 1
    assert type(result.exception).__name__ == "StoreMissing"


def test_stats_counts_by_label_and_type(runner, minimal_db):
    result = runner.invoke(cli, ["stats", "--json", "--db", str(minimal_db)])
    counts = {(r["kind"], r["name"]): r["count"] for r in json.loads(result.output)}
    assert counts[("node", "Country")] == 2
    assert counts[("relationship", "FROM")] == 1
    assert counts[("relationship", "STATED_IN")] == 5


def test_queries_lists_names_descriptions_and_parameters(runner):
    result = runner.invoke(cli, ["queries", "--json"])
    listed = {q["name"]: q for q in json.loads(result.output)}
    assert len(listed) >= 12
    assert "era (string, default 'stage3')" in listed["flows_by_stage"]["parameters"]


def test_db_from_environment(runner, minimal_db, monkeypatch):
    monkeypatch.setenv("INTELMIG_DB", str(minimal_db))
    result = runner.invoke(cli, ["query", "MATCH (f:Flow) RETURN f.stated_en AS s", "--csv"])
    assert result.output == "s\nseveral thousand\n"


def _installed_script() -> str | None:
    script = Path(sys.executable).with_name("intelmig")
    return str(script) if script.exists() else shutil.which("intelmig")


@pytest.mark.skipif(_installed_script() is None and not os.environ.get("CI"),
                    reason="the package is not installed in this environment")
def test_installed_script_finds_packaged_seed_and_queries(tmp_path):
    script = _installed_script()
    assert script, "CI must install intelmig so its console script exists"
    env = {**os.environ, "INTELMIG_DB": str(tmp_path / "db.lbug")}
    seeded = subprocess.run([script, "seed"], cwd=tmp_path, env=env, capture_output=True,
                            text=True, timeout=120)
    assert seeded.returncode == 0, seeded.stderr
    assert seeded.stdout.startswith(f"Seeded {tmp_path / 'db.lbug'}: ")
    listed = subprocess.run([script, "queries", "--json"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=60)
    assert len(json.loads(listed.stdout)) >= 12
    bad = subprocess.run([script, "query", "MATCH (n RETURN n"], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 1 and bad.stderr.startswith("Error: the database rejected")
    assert "Traceback" not in bad.stderr


def test_info_tells_whether_the_database_matches_the_packaged_seed(runner, minimal_db,
                                                                   db_env):
    import json as json_module

    current = json_module.loads(runner.invoke(cli, ["info", "--json"]).output)[0]
    assert current["status"] == "up to date with the packaged seed"
    import yaml

    # one node per `nodes:` entry of the seed YAML, counted without intelmig's reader
    entries = sum(len(yaml.safe_load(path.read_text(encoding="utf-8")).get("nodes") or [])
                  for path in (Path(__file__).resolve().parent.parent / "seed").glob("*.yaml"))
    assert current["seed_nodes"] == entries
    other = json_module.loads(runner.invoke(cli, ["info", "--json", "--db",
                                                  str(minimal_db)]).output)[0]
    assert other["status"].startswith("built from another seed or intelmig version")
    assert other["seed_nodes"] == 6


def test_seed_in_a_pipe_prints_no_progress_line(runner, tmp_path):
    # A progress bar in a pipe or CI log is noise, and a cut-off "Loading" looks like output.
    result = runner.invoke(cli, ["seed"], env={"INTELMIG_DB": str(tmp_path / "db.lbug"),
                                              "INTELMIG_WORKSPACE": str(tmp_path / "ws")})
    assert result.exit_code == 0, result.output
    assert "Loading" not in result.output
    assert result.output.startswith("Seeded ")


def test_a_missing_or_ill_typed_query_parameter_is_one_clear_line(runner, db_env):
    query = "MATCH (c:Country) WHERE c.m49 = $code RETURN c.id"
    missing = runner.invoke(cli, ["query", query])
    assert missing.exit_code == 1
    assert missing.output.strip() == ("Error: the query uses $code: give it with "
                                      "--param code=VALUE")
    wrong = runner.invoke(cli, ["query", query, "--param", "code=abc"])
    assert wrong.exit_code == 1 and len(wrong.output.strip().splitlines()) == 1
    assert wrong.output.startswith("Error: a parameter does not fit where the query uses it "
                                   "(code='abc')")
    right = runner.invoke(cli, ["query", query, "--param", "code=398", "--json"])
    assert right.exit_code == 0 and '"KAZ"' in right.output


def test_the_command_runs_as_without_pandas(tmp_path):
    # pyarrow would import pandas (0.5-0.7 s; installed with the test extra) on its first
    # array only to look for pandas objects: the console script keeps it out.
    script = ("import sys\nfrom intelmig.cli import main\n"
              "sys.argv = ['intelmig', 'import', 'scholarly-countries', sys.argv[1],\n"
              "            '--no-store']\n"
              "try:\n    main()\nexcept SystemExit as done:\n    assert not done.code, done.code\n"
              "print('pandas' in sys.modules)\n")
    env = {**os.environ, "INTELMIG_WORKSPACE": str(tmp_path / "ws"),
           "INTELMIG_DB": str(tmp_path / "db.lbug")}
    done = subprocess.run([sys.executable, "-c", script,
                           str(FIXTURES / "importers" / "scholarly_countries.csv")],
                          capture_output=True, text=True, env=env, check=True)
    assert done.stdout.splitlines()[-1] == "False"
    assert "3 edges" in done.stdout
