"""Imports into a real Neo4j: the same edges as the embedded store, all or nothing."""

from __future__ import annotations

import json

import pytest

from intelmig.cli import cli
from intelmig.stores.embedded import EmbeddedStore

from .conftest import FIXTURES

DATA = FIXTURES / "importers"
EDGES = ("MATCH (a:Country)-[r:MIGRATED_TO]->(b:Country) WHERE r.dataset = $d "
         "RETURN a.id AS origin, b.id AS destination, r.year AS year, r.value AS value, "
         "r.file AS file, r.row AS row ORDER BY row, origin, destination")


def _invoke(runner, args, env):
    result = runner.invoke(cli, args, env=env)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def workspace_env(tmp_path, neo4j_env, neo4j_clean):
    return {"INTELMIG_WORKSPACE": str(tmp_path / "ws"), "INTELMIG_DB": str(tmp_path / "db.lbug")}


def test_import_into_neo4j_matches_the_embedded_store(runner, workspace_env, neo4j_clean):
    _invoke(runner, ["seed"], workspace_env)
    _invoke(runner, ["import", "scholarly-flows", str(DATA / "scholarly_flows.csv"),
                     "--dataset-id", "sch"], workspace_env)
    in_neo4j = neo4j_clean.run(EDGES, {"d": "sch"}).rows
    embedded_env = {**workspace_env, "INTELMIG_STORE": "embedded"}
    _invoke(runner, ["rebuild"], embedded_env)
    with EmbeddedStore(workspace_env["INTELMIG_DB"]) as store:
        assert store.run(EDGES, {"d": "sch"}).rows == in_neo4j
    assert in_neo4j and all(row[4] == "scholarly_flows.csv" for row in in_neo4j)
    source = neo4j_clean.run("MATCH (s:Source {id: 'sch'}) RETURN s.source_type").rows
    assert source == [["dataset"]]


def test_removing_a_dataset_removes_the_countries_it_added(runner, workspace_env, neo4j_clean):
    _invoke(runner, ["seed"], workspace_env)
    seeded = neo4j_clean.counts()
    _invoke(runner, ["import", "scholarly-flows", str(DATA / "scholarly_flows.csv"),
                     "--dataset-id", "sch"], workspace_env)
    assert neo4j_clean.counts()["nodes"]["Country"] > seeded["nodes"]["Country"]
    _invoke(runner, ["datasets", "remove", "sch"], workspace_env)
    assert neo4j_clean.counts() == seeded


def test_a_failing_import_leaves_neo4j_as_before(runner, workspace_env, neo4j_clean, tmp_path):
    _invoke(runner, ["seed"], workspace_env)
    before = neo4j_clean.counts()
    bad = tmp_path / "flows.csv"
    lines = (DATA / "scholarly_flows.csv").read_text(encoding="utf-8").splitlines()
    bad.write_text("\n".join(lines + ["KAZ,RUS,2019.0,-7,0,0"]) + "\n", encoding="utf-8")
    result = runner.invoke(cli, ["import", "scholarly-flows", str(bad), "--dataset-id", "bad"],
                           env=workspace_env)
    assert result.exit_code == 1
    assert f"row {len(lines) + 1}: field 'n_migrations'" in result.output
    assert neo4j_clean.counts() == before


def test_country_table_in_neo4j_gives_the_rates_of_the_embedded_store(runner, workspace_env,
                                                                       neo4j_clean):
    # The same CountryYear nodes on both stores, and the same rates read back from them.
    _invoke(runner, ["seed"], workspace_env)
    for kind, name, dataset in (("scholarly-flows", "scholarly_flows.csv", "sch"),
                                ("scholarly-countries", "scholarly_countries.csv", "schc")):
        _invoke(runner, ["import", kind, str(DATA / name), "--dataset-id", dataset],
                workspace_env)
    years = ("MATCH (y:CountryYear)-[:ABOUT]->(c:Country) RETURN c.id AS place, y.year AS year, "
             "y.padded_population_of_researchers AS researchers, y.netmigration AS net "
             "ORDER BY place, year")
    in_neo4j = neo4j_clean.run(years).rows
    hubs = ["hubs", "--year", "2019", "--dataset", "sch", "--measure", "flow", "--json"]
    neo4j_hubs = _invoke(runner, hubs, workspace_env).output
    embedded_env = {**workspace_env, "INTELMIG_STORE": "embedded"}
    _invoke(runner, ["rebuild"], embedded_env)
    with EmbeddedStore(workspace_env["INTELMIG_DB"]) as store:
        assert store.run(years).rows == in_neo4j
    # scholarly_countries.csv: KAZ 2019, 5,210 researchers, net -13; 2020; RUS 2019.
    assert in_neo4j == [["KAZ", 2019, 5210.0, -13.0], ["KAZ", 2020, 5484.0, 12.0],
                        ["RUS", 2019, 95100.0, -360.0]]
    assert _invoke(runner, hubs, embedded_env).output == neo4j_hubs
    kaz = next(row for row in json.loads(neo4j_hubs) if row["place"] == "KAZ")
    assert kaz["population"] == 5210.0 and kaz["population_source"] == "schc"


PERSON_GRAPH = {
    "people": "MATCH (p:Person) WHERE p.dataset = $d RETURN p.id, p.name, p.birth_country, "
              "p.occupation ORDER BY p.id",
    "flows": "MATCH (f:Flow)-[:BY]->(p:Person) WHERE f.dataset = $d "
             "MATCH (f)-[:FROM]->(a:Country) MATCH (f)-[:TO]->(b:Country) "
             "RETURN f.id, f.name, p.id, a.id, b.id, f.year_start, f.low, f.note ORDER BY f.id",
    "edges": "MATCH (a:Country)-[r:MIGRATED_TO]->(b:Country) WHERE r.dataset = $d "
             "RETURN a.id, b.id, r.year, r.value, r.flow, r.row ORDER BY r.row, r.flow",
}


def test_persons_load_into_an_unseeded_neo4j_as_into_the_embedded_store(
        runner, workspace_env, neo4j_clean):
    # No `seed` first: the load creates the uniqueness constraints before any MERGE/MATCH.
    _invoke(runner, ["import", "persons", str(DATA / "persons.csv"), "--rollup",
                     "--dataset-id", "people"], workspace_env)
    constraints = neo4j_clean.run("SHOW CONSTRAINTS YIELD labelsOrTypes, properties "
                                  "RETURN labelsOrTypes[0], properties[0]", check=False).rows
    assert ["Flow", "id"] in constraints and ["Person", "id"] in constraints
    in_neo4j = {name: neo4j_clean.run(query, {"d": "people"}).rows
                for name, query in PERSON_GRAPH.items()}
    _invoke(runner, ["rebuild"], {**workspace_env, "INTELMIG_STORE": "embedded"})
    with EmbeddedStore(workspace_env["INTELMIG_DB"]) as store:
        for name, query in PERSON_GRAPH.items():
            assert store.run(query, {"d": "people"}).rows == in_neo4j[name], name
    # Einstein, born in Germany: to Switzerland 1895, back 1914, to the USA 1933.
    einstein = [row[3:6] for row in in_neo4j["flows"] if row[2] == "Q937"]
    assert sorted(einstein, key=lambda row: row[2]) == [
        ["DEU", "CHE", 1895], ["CHE", "DEU", 1914], ["DEU", "USA", 1933]]
    assert len(in_neo4j["edges"]) == len(in_neo4j["flows"]) > 3


def test_reimporting_persons_replaces_them_in_neo4j(runner, workspace_env, neo4j_clean):
    args = ["import", "persons", str(DATA / "persons.csv"), "--dataset-id", "people"]
    _invoke(runner, args, workspace_env)
    once = neo4j_clean.counts()
    _invoke(runner, [*args, "--replace"], workspace_env)
    assert neo4j_clean.counts() == once
    _invoke(runner, ["datasets", "remove", "people"], workspace_env)
    assert neo4j_clean.run("MATCH (n) WHERE n.dataset = 'people' RETURN count(n)").rows == [[0]]
