"""Adding or removing one dataset edits a copy of the embedded database; the result is
exactly what a rebuild from the seed and the workspace gives."""

from __future__ import annotations

import json
import shutil

import networkx as nx
import pytest

from intelmig.cli import cli
from intelmig.schema import RELATIONSHIPS
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
def env(tmp_path, seeded_db_path):
    # A copy of the session's seed build: what `intelmig seed` makes, without 4 s a test.
    shutil.copyfile(seeded_db_path, tmp_path / "db.lbug")
    return {"INTELMIG_DB": str(tmp_path / "db.lbug"), "INTELMIG_WORKSPACE": str(tmp_path / "ws")}


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


def _tables(path) -> dict[str, int]:
    """Relationship table -> rows, read with LadybugDB's own catalogue (no translation)."""
    import ladybug

    db = ladybug.Database(str(path), read_only=True)
    try:
        conn = ladybug.Connection(db)
        names = [row[0] for row in conn.execute(
            "CALL show_tables() WHERE type = 'REL' RETURN name").get_all()]
        return {name: conn.execute(f"MATCH ()-[r:{name}]->() RETURN count(r)").get_all()[0][0]
                for name in names if name.startswith("MIGRATED_TO")}
    finally:
        db.close()


def test_each_dataset_keeps_its_migrations_in_a_table_of_its_own(runner, env, tmp_path):
    # Loading a dataset is a COPY into an empty table and removing it a DROP TABLE, so
    # neither costs what the other datasets hold; queries still see one MIGRATED_TO.
    seed_rows = _tables(env["INTELMIG_DB"])
    assert list(seed_rows) == ["MIGRATED_TO"]
    _import(runner, env, "sch", "scholarly-flows", "scholarly_flows.csv")
    _import(runner, env, "wb", "worldbank", "worldbank_gbmd.csv")
    with EmbeddedStore(env["INTELMIG_DB"]) as store:
        tables = store.meta["migration_tables"]
        per_dataset = {d: store.run("MATCH ()-[r:MIGRATED_TO]->() WHERE r.dataset = $d "
                                    "RETURN count(r)", {"d": d}).rows[0][0]
                       for d in ("sch", "wb")}
        types = store.run("MATCH ()-[r]->() WHERE r.dataset = 'wb' "
                          "RETURN DISTINCT type(r)").rows
        counted = store.counts()["relationships"]["MIGRATED_TO"]
        whole = store.run("MATCH ()-[r:MIGRATED_TO]->() WHERE r.dataset = 'sch' "
                          "RETURN r LIMIT 1").rows[0][0]
        tested = store.run("MATCH ()-[r]->() WHERE r:MIGRATED_TO AND r.dataset = 'wb' "
                           "RETURN count(r)").rows[0][0]
    layout = _tables(env["INTELMIG_DB"])
    assert set(tables) == {"sch", "wb"} and len(set(tables.values())) == 2
    assert {d: layout[t] for d, t in tables.items()} == per_dataset
    assert min(per_dataset.values()) > 0
    assert layout["MIGRATED_TO"] == seed_rows["MIGRATED_TO"]
    assert types == [["MIGRATED_TO"]] and whole["_label"] == "MIGRATED_TO"
    assert tested == per_dataset["wb"]
    assert counted == sum(layout.values())

    assert runner.invoke(cli, ["datasets", "remove", "sch"], env=env).exit_code == 0
    with EmbeddedStore(env["INTELMIG_DB"]) as store:
        assert store.meta["migration_tables"] == {"wb": tables["wb"]}
    assert _tables(env["INTELMIG_DB"]) == {"MIGRATED_TO": seed_rows["MIGRATED_TO"],
                                           tables["wb"]: per_dataset["wb"]}
    _import(runner, env, "sch", "scholarly-flows", "scholarly_flows.csv")
    with EmbeddedStore(env["INTELMIG_DB"]) as store:
        again = store.meta["migration_tables"]["sch"]
    assert again not in (tables["wb"], "MIGRATED_TO")
    assert _same(_graph(env["INTELMIG_DB"])[0], _rebuilt(runner, env, tmp_path))


def _columns(path, table) -> list[str]:
    import ladybug

    db = ladybug.Database(str(path), read_only=True)
    try:
        conn = ladybug.Connection(db)
        return [row[0] for row in conn.execute(
            f"CALL table_info('{table}') RETURN name").get_all()]
    finally:
        db.close()


def test_a_dataset_table_copies_only_what_varies(runner, env, tmp_path):
    # COPY costs per column copied: the dataset, file and measure repeated on every row
    # become the column's default, and columns no row fills are added empty. Queries
    # see the same values; the quote and backslash of the file name survive the DDL.
    source = tmp_path / "O'Neil \\ flows.csv"
    shutil.copyfile(DATA / "scholarly_flows.csv", source)
    result = runner.invoke(cli, ["import", "scholarly-flows", str(source), "--dataset-id",
                                 "sch"], env=env)
    assert result.exit_code == 0, result.output
    with EmbeddedStore(env["INTELMIG_DB"]) as store:
        table = store.meta["migration_tables"]["sch"]
        seen = store.run("MATCH ()-[r:MIGRATED_TO]->() WHERE r.dataset = 'sch' "
                         "RETURN DISTINCT r.file, r.measure, r.sex, r.era, r.flow, "
                         "r.year_start").rows
        counted = store.run("MATCH ()-[r:MIGRATED_TO]->() WHERE r.dataset = 'sch' "
                            "AND r.year IS NOT NULL AND r.row IS NOT NULL "
                            "AND r.value IS NOT NULL RETURN count(r)").rows[0][0]
    manifest = json.loads((tmp_path / "ws" / "sch" / "manifest.json").read_text())
    assert seen == [["O'Neil \\ flows.csv", "flow", None, None, None, None]]
    assert counted == manifest["edges"] > 0
    assert sorted(_columns(env["INTELMIG_DB"], table)) == sorted(
        p.name for p in RELATIONSHIPS["MIGRATED_TO"].props)
    assert _same(_graph(env["INTELMIG_DB"])[0], _rebuilt(runner, env, tmp_path))


def test_the_columns_of_a_file_without_statistics_are_read_alike(tmp_path):
    # Workspaces written before the importers kept Parquet statistics are read column
    # by column; the plan is the same.
    import ladybug
    import pyarrow as pa
    import pyarrow.parquet as pq

    from intelmig.importers.report import ImportReport
    from intelmig.importers.sink import EdgeSink
    from intelmig.stores.embedded import _migration_columns

    kept = tmp_path / "kept.parquet"
    sink = EdgeSink(kept, "demo", "it's.csv", "flow", ImportReport("it's.csv"))
    sink.add(pa.array(["KAZ", "RUS", "DEU"]), pa.array(["RUS", "KAZ", "KAZ"]),
             pa.array([2, 3, 4]), pa.array([10.0, 7.0, 3.0]), year=2019)
    sink.close()
    bare = tmp_path / "bare.parquet"
    pq.write_table(pq.read_table(kept), bare, write_statistics=False)
    assert pq.ParquetFile(kept).metadata.row_group(0).column(3).statistics is not None
    assert pq.ParquetFile(bare).metadata.row_group(0).column(3).statistics is None

    conn = ladybug.Connection(ladybug.Database(str(tmp_path / "any.lbug")))
    plans = [_migration_columns(conn, pq.ParquetFile(file)) for file in (kept, bare)]
    names = [([p.name for p in filled], [p.name for p in empty],
              {p.name: v for p, v in constant.items()}) for filled, empty, constant in plans]
    assert names[0] == names[1] == (["low", "high", "value", "row"], [
        "flow", "era", "year_start", "year_end", "pairs", "sex", "note"], {
        "measure": "'flow'", "year": "2019", "file": "'it\\'s.csv'", "dataset": "'demo'"})


def test_reading_datasets_skips_the_tables_of_other_datasets(runner, env):
    # A query about one dataset reads its table and the seed's, not every dataset's: the
    # answer is the same (the query selects the dataset itself), the work is not.
    from intelmig.analytics import hubs

    _import(runner, env, "sch", "scholarly-flows", "scholarly_flows.csv")
    _import(runner, env, "copy", "scholarly-flows", "scholarly_flows.csv")
    unfiltered = "MATCH ()-[r:MIGRATED_TO]->() RETURN DISTINCT coalesce(r.dataset, 'seed')"
    with EmbeddedStore(env["INTELMIG_DB"]) as store:
        every = sorted(row[0] for row in store.run(unfiltered).rows)
        with store.reading_datasets(["sch"]):
            pruned = sorted(row[0] for row in store.run(unfiltered).rows)
            _, inside = hubs(store, year=2019, dataset="sch")
        with store.reading_datasets([]):
            unpruned = sorted(row[0] for row in store.run(unfiltered).rows)
        after = sorted(row[0] for row in store.run(unfiltered).rows)
        read, execute = [], store._execute

        def recording(cypher, params):
            if "analytics_pair_weights_country" in cypher:
                read.append(list(store._tables["MIGRATED_TO"]))
            return execute(cypher, params)

        store._execute = recording
        _, outside = hubs(store, year=2019, dataset="sch")
        tables = store.meta["migration_tables"]
    assert read == [[tables["sch"]]]
    assert every == unpruned == after == ["copy", "sch", "seed"]
    assert pruned == ["sch", "seed"]
    assert [row.to_dict() for row in inside] == [row.to_dict() for row in outside]
    assert inside and {row.dataset for row in inside} == {"sch"}
