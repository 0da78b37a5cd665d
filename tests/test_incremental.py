"""Adding or removing one dataset edits a copy of the embedded database; the result is
exactly what a rebuild from the seed and the workspace gives."""

from __future__ import annotations

import json


import networkx as nx
import pytest

from intelmig.cli import cli
from intelmig.stores.embedded import EmbeddedStore

from .conftest import FIXTURES

DATA = FIXTURES / "importers"


def _graph(path):
    with EmbeddedStore(path) as store:
        return store.to_networkx(), store.meta


def _rebuilt(runner, env, tmp_path):
    fresh = tmp_path / "fresh.lbug"
    fresh.unlink(missing_ok=True)
    result = runner.invoke(cli, ["rebuild"], env=dict(env, INTELMIG_DB=str(fresh)))
    assert result.exit_code == 0, result.output
    return _graph(fresh)[0]


def _same(a, b) -> bool:
    return nx.utils.edges_equal(sorted(a.edges(data=True), key=repr),
                                sorted(b.edges(data=True), key=repr)) and dict(
        a.nodes(data=True)) == dict(b.nodes(data=True))


@pytest.fixture
def env(tmp_path, runner):
    env = {"INTELMIG_DB": str(tmp_path / "db.lbug"), "INTELMIG_WORKSPACE": str(tmp_path / "ws")}
    assert runner.invoke(cli, ["seed"], env=env).exit_code == 0
    return env


def _import(runner, env, dataset_id, kind, name, *extra):
    result = runner.invoke(cli, ["import", kind, str(DATA / name), "--dataset-id", dataset_id,
                                 *extra], env=env)
    assert result.exit_code == 0, result.output


def test_incremental_imports_and_removal_equal_a_rebuild(runner, env, tmp_path):
    _import(runner, env, "sch", "scholarly-flows", "scholarly_flows.csv")
    _import(runner, env, "wb", "worldbank", "worldbank_gbmd.csv")
    _import(runner, env, "people", "persons", "persons.csv", "--rollup")
    graph, meta = _graph(env["INTELMIG_DB"])
    assert meta["datasets"] == ["people", "sch", "wb"]
    assert graph.number_of_edges() > 734
    assert _same(graph, _rebuilt(runner, env, tmp_path))

    result = runner.invoke(cli, ["datasets", "remove", "wb"], env=env)
    assert result.exit_code == 0, result.output
    graph, meta = _graph(env["INTELMIG_DB"])
    assert meta["datasets"] == ["people", "sch"]
    assert not [e for e in graph.edges(data=True) if e[2].get("dataset") == "wb"]
    assert _same(graph, _rebuilt(runner, env, tmp_path))


def test_a_database_that_lacks_a_workspace_dataset_is_rebuilt_whole(runner, env, tmp_path):
    # A dataset that reached the workspace only (or only Neo4j) is not in the embedded
    # file: the next import must not build on that file as if it were complete.
    _import(runner, env, "wb", "worldbank", "worldbank_gbmd.csv", "--no-store")
    _import(runner, env, "sch", "scholarly-flows", "scholarly_flows.csv")
    graph, meta = _graph(env["INTELMIG_DB"])
    assert meta["datasets"] == ["sch", "wb"]
    assert _same(graph, _rebuilt(runner, env, tmp_path))


def test_info_reports_a_database_that_lacks_a_workspace_dataset(runner, env, tmp_path):
    _import(runner, env, "wb", "worldbank", "worldbank_gbmd.csv", "--no-store")
    lacking = runner.invoke(cli, ["info", "--json"], env=env)
    assert json.loads(lacking.output)[0]["status"] == (
        "lacks workspace dataset(s) wb: `intelmig rebuild` adds them")
    assert runner.invoke(cli, ["rebuild"], env=env).exit_code == 0
    rebuilt = json.loads(runner.invoke(cli, ["info", "--json"], env=env).output)[0]
    assert (rebuilt["status"], rebuilt["datasets"]) == ("up to date with the packaged seed", "wb")
