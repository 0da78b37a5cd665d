"""Importers end to end: published layouts -> workspace -> real LadybugDB database."""

from __future__ import annotations

import json
import shutil

import pycountry
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from intelmig.cli import cli
from intelmig.importers.countries import M49_AGGREGATES, CountryResolver
from intelmig.stores.embedded import EmbeddedStore

from .conftest import FIXTURES

DATA = FIXTURES / "importers"
IMPORTS = [  # (dataset id, kind, file, extra options)
    ("sch", "scholarly-flows", "scholarly_flows.csv", []),
    ("schc", "scholarly-countries", "scholarly_countries.csv", []),
    ("un19", "undesa", "undesa_2019.xlsx", []),
    ("un20", "undesa", "undesa_2020.xlsx", []),
    ("wb", "worldbank", "worldbank_gbmd.csv", []),
    ("dioc", "dioc", "dioc_extract.csv", ["--year", "2010"]),
    ("edges", "csv", "edges.csv", ["--mapping", str(DATA / "edges_mapping.yaml")]),
    ("people", "persons", "persons.csv", ["--rollup"]),
]


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """Every fixture imported, one after the other, into one database and workspace."""
    from click.testing import CliRunner

    root = tmp_path_factory.mktemp("imported")
    env = {"INTELMIG_DB": str(root / "db.lbug"), "INTELMIG_WORKSPACE": str(root / "ws")}
    runner = CliRunner()
    outputs = {}
    for dataset_id, kind, name, extra in IMPORTS:
        result = runner.invoke(cli, ["import", kind, str(DATA / name), "--dataset-id",
                                     dataset_id, *extra], env=env)
        assert result.exit_code == 0, result.output
        outputs[dataset_id] = result.output
    return root, env, outputs


def _query(root, cypher, params=None):
    with EmbeddedStore(root / "db.lbug") as store:
        return store.run(cypher, params or {}).rows


def _edges(root, dataset_id):
    return _query(root, "MATCH (a:Country)-[r:MIGRATED_TO]->(b:Country) WHERE r.dataset = $d "
                        "RETURN a.id, b.id, r.year, r.value, r.low, r.high, r.sex, r.measure, "
                        "r.file, r.row ORDER BY r.row, r.year, r.sex", {"d": dataset_id})


def test_scholarly_flows_keep_every_row_traceable(imported):
    root, _, outputs = imported
    edges = _edges(root, "sch")
    assert len(edges) == 12
    assert edges[0] == ["KAZ", "RUS", 2019, 12.0, 12.0, 12.0, None, "flow",
                        "scholarly_flows.csv", 2]
    assert "1 blank migrationfrom, 1 blank migrationto" in outputs["sch"]
    manifest = json.loads((root / "ws" / "sch" / "manifest.json").read_text())
    assert manifest["blanks"] == {"migrationfrom": 1, "migrationto": 1}
    assert manifest["rows"] == 14 and manifest["edges"] == 12
    assert len(manifest["sha256"]) == 64


def test_dataset_is_a_source_with_citation_and_license(imported):
    root, _, _ = imported
    [[source_type, citation, license_]] = _query(
        root, "MATCH (s:Source {id: 'sch'}) RETURN s.source_type, s.citation, s.license")
    assert source_type == "dataset"
    assert "Akbaritabar" in citation and "Zagheni" in citation
    assert "CC BY 4.0" in license_


def test_scholarly_countries_become_country_years_about_countries(imported):
    root, _, _ = imported
    rows = _query(root, "MATCH (y:CountryYear)-[:ABOUT]->(c:Country) WHERE y.dataset = 'schc' "
                        "RETURN c.id, y.year, y.netmigration ORDER BY c.id, y.year")
    assert rows == [["KAZ", 2019, -13.0], ["KAZ", 2020, 12.0], ["RUS", 2019, -360.0]]
    # One node per country and year, whatever the number of indicators: no Estimates.
    assert _query(root, "MATCH (e:Estimate) WHERE e.dataset = 'schc' RETURN count(e)") == [[0]]


def test_a_year_slice_of_an_export_keeps_that_year_of_a_country_table(imported, tmp_path):
    import csv

    root, env, _ = imported
    result = CliRunner().invoke(cli, ["export", "csv", "--year", "2020", "-o",
                                      str(tmp_path / "out")], env=env)
    assert result.exit_code == 0, result.output
    with open(tmp_path / "out" / "nodes.csv", encoding="utf-8", newline="") as handle:
        years = [row for row in csv.DictReader(handle) if row["label"] == "CountryYear"]
    # scholarly_countries.csv: only Kazakhstan has a 2020 row (population 5,484).
    assert [(r["id"], r["year"], r["padded_population_of_researchers"]) for r in years] == [
        ("schc:KAZ:2020", "2020", "5484.0")]


def test_undesa_2019_wide_matches_origin_names_and_skips_aggregates(imported):
    root, _, outputs = imported
    values = {(e[0], e[1], e[2], e[6]): e[3] for e in _edges(root, "un19")}
    # made-up value of the fixture: (year - 1980) * 10 * scale + code % 97 + origin index
    assert values[("KAZ", "RUS", 2019, "total")] == 39 * 10 * 3 + 643 % 97
    assert values[("SUN", "KAZ", 1990, "female")] == 10 * 10 + 398 % 97 + 3
    assert ("SUN", "DEU", 1990, "female") not in values  # '..' in Germany's USSR column
    assert ("KAZ", "KAZ", 2019, "total") not in values  # empty cell
    assert {key[0] for key in values} == {"KAZ", "RUS", "DEU", "SUN"}
    # sheets x years x (pairs - missing cells - the fixture's RUS->RUS and DEU->DEU cells,
    # which are no migration: the old expectation of 10 pairs counted them as edges)
    assert len(values) == 3 * 3 * (3 * 4 - 2 - 2)
    assert "18 origin = destination" in outputs["un19"]
    assert "regional aggregates" in outputs["un19"]


def test_undesa_long_layout_reads_three_sex_blocks_once_per_pair(imported):
    root, _, outputs = imported
    rows = _query(root, "MATCH (a:Country {id: 'KAZ'})-[r:MIGRATED_TO]->(b:Country {id: 'RUS'}) "
                        "WHERE r.dataset = 'un20' RETURN r.year, r.sex, r.value, r.measure "
                        "ORDER BY r.year, r.sex")
    assert rows == [[1990, "female", 1250.0, "stock"], [1990, "male", 1250.0, "stock"],
                    [1990, "total", 2500.0, "stock"], [2020, "female", 2500.0, "stock"],
                    [2020, "male", 2500.0, "stock"], [2020, "total", 5000.0, "stock"]]
    assert "1 repeated pairs" in outputs["un20"]
    assert _query(root, "MATCH (c:Country {id: 'CSK'}) RETURN c.historical") == [[True]]


def test_worldbank_decades_genders_and_missing_cells(imported):
    root, _, outputs = imported
    rows = _query(root, "MATCH (a:Country {id: 'IND'})-[r:MIGRATED_TO]->(b:Country {id: 'USA'}) "
                        "WHERE r.dataset = 'wb' RETURN r.year, r.value ORDER BY r.year")
    assert rows == [[1960, 12296.0], [1970, 51000.0], [1980, 206087.0], [1990, 450406.0],
                    [2000, 1022552.0]]
    assert _query(root, "MATCH (a:Country {id: 'XKX'})-[r:MIGRATED_TO]->() "
                        "RETURN r.year, r.value") == [[2000, 150000.0]]
    assert "22 missing values" in outputs["wb"]


def test_dioc_keeps_only_the_highly_educated(imported):
    root, _, _ = imported
    rows = _query(root, "MATCH (a:Country {id: 'KAZ'})-[r:MIGRATED_TO]->(b:Country {id: 'DEU'}) "
                        "WHERE r.dataset = 'dioc' RETURN r.sex, r.value, r.year, r.note "
                        "ORDER BY r.sex")
    assert rows == [["female", 1830.0, 2010, "age=15-64; occupation=2"],
                    ["male", 1520.0, 2010, "age=15-64; occupation=2"]]


def test_generic_csv_resolves_names_iso2_m49_and_historical_states(imported):
    root, _, _ = imported
    edges = [(e[0], e[1], e[3], e[6]) for e in _edges(root, "edges")]
    assert edges == [("KAZ", "RUS", 1200.0, "total"), ("KAZ", "DEU", 300.0, "female"),
                     ("KAZ", "USA", 150.5, "male"), ("SUN", "ISR", 400000.0, "total"),
                     ("YUG", "AUT", 20000.0, "total")]


def test_persons_become_people_with_moves_and_optional_rollup(imported):
    root, _, _ = imported
    moves = _query(root, "MATCH (p:Person {id: 'Q937'})<-[:BY]-(f:Flow)-[:FROM]->(a:Country), "
                         "(f)-[:TO]->(b:Country) RETURN a.id, b.id, f.year_start "
                         "ORDER BY f.year_start")
    assert moves == [["DEU", "CHE", 1895], ["CHE", "DEU", 1914], ["DEU", "USA", 1933]]
    assert _query(root, "MATCH (p:Person {id: 'Q100002'})<-[:BY]-(f:Flow) RETURN count(f)"
                  ) == [[0]]
    rolled = _query(root, "MATCH ()-[r:MIGRATED_TO]->() WHERE r.dataset = 'people' "
                          "RETURN count(r), sum(r.value)")
    assert rolled == [[6, 6.0]]


def test_datasets_lists_every_import_as_json(imported, runner):
    _, env, _ = imported
    result = runner.invoke(cli, ["datasets", "--json"], env=env)
    assert result.exit_code == 0, result.output
    listed = {row["id"]: row for row in json.loads(result.output)}
    assert set(listed) == {i[0] for i in IMPORTS}
    assert listed["wb"]["kind"] == "worldbank" and listed["wb"]["edges"] == 18


def test_remove_and_rebuild(imported, runner, tmp_path):
    root, env, _ = imported
    env = dict(env, INTELMIG_DB=str(tmp_path / "copy.lbug"),
               INTELMIG_WORKSPACE=str(tmp_path / "ws"))
    shutil.copytree(root / "ws", tmp_path / "ws")
    result = runner.invoke(cli, ["rebuild"], env=env)
    assert result.exit_code == 0, result.output
    with EmbeddedStore(tmp_path / "copy.lbug") as rebuilt, EmbeddedStore(root / "db.lbug") as old:
        assert rebuilt.counts() == old.counts()
    result = runner.invoke(cli, ["datasets", "remove", "wb"], env=env)
    assert result.exit_code == 0, result.output
    with EmbeddedStore(tmp_path / "copy.lbug") as store:
        assert store.run("MATCH ()-[r:MIGRATED_TO]->() WHERE r.dataset = 'wb' "
                         "RETURN count(r)").rows == [[0]]
        assert store.run("MATCH (s:Source {id: 'wb'}) RETURN count(s)").rows == [[0]]
    assert not (tmp_path / "ws" / "wb").exists()


def _snapshot(root):
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))
    return files, (root / "db.lbug").read_bytes()


@pytest.mark.parametrize("content, message", [
    (("migrationfrom,migrationto,year,n_migrations,n_migrations_back,netmigrations\n"
     "KAZ,RUS,2019.0,1.0,0.0,1.0\nKAZ,ZZZ,2019.0,2.0,0.0,2.0\n"),
     "bad.csv: row 3: field 'migrationto': unknown country code or name 'ZZZ' (1 row)"),
    (("migrationfrom,migrationto,year,n_migrations,n_migrations_back,netmigrations\n"
     "KAZ,RUS,2019.0,1.0,0.0,1.0\nKAZ,USA,20x9,2.0,0.0,2.0\n"),
     "bad.csv: row 3: field 'year': '20x9' is not a number"),
    (("migrationfrom,migrationto,year,n_migrations,n_migrations_back,netmigrations\n"
     "KAZ,RUS,2019.0,1.0,0.0,1.0\nKAZ,USA,2019.5,2.0,0.0,2.0\n"),
     "bad.csv: row 3: field 'year': '2019.5' is not a whole number"),
    ("migrationfrom,migrationto,year\nKAZ,RUS,2019.0\n",
     "bad.csv: line 1: missing column(s) n_migrations; expected"),
])
def test_a_bad_row_changes_nothing(imported, runner, tmp_path, content, message):
    root, env, _ = imported
    bad = tmp_path / "bad.csv"
    bad.write_text(content)
    before = _snapshot(root)
    # --replace: without it a different file under an existing id is refused before reading
    # (the old code replaced the dataset silently).
    result = runner.invoke(cli, ["import", "scholarly-flows", str(bad), "--dataset-id", "sch",
                                 "--replace"], env=env)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert _snapshot(root) == before


def test_a_zero_count_and_a_footnoted_country_name_load_as_written(tmp_path):
    import pyarrow.parquet as pq

    from intelmig.importers import import_dataset
    from intelmig.workspace import Workspace

    path = tmp_path / "edges.csv"
    # UN tables mark footnotes with asterisks after the name ("Sudan*").
    path.write_text("origin,dest,people,yr\nSudan*,KAZ,0,2019\nKAZ,Sudan **,5,2019\n")
    workspace = Workspace(tmp_path / "ws")
    manifest = import_dataset("csv", path, target=None, workspace=workspace, dataset_id="z",
                              options={"from": "origin", "to": "dest", "value": "people",
                                       "year": "yr"})
    rows = pq.read_table(workspace.folder("z") / "migrated_to.parquet").to_pylist()
    assert sorted((r["row"], r["from"], r["to"], r["value"], r["year"]) for r in rows) == [
        (3, "KAZ", "SDN", 5.0, 2019)]
    # A corridor of 0 people is no link (issue 10): skipped and counted, never refused.
    assert manifest["report"]["skipped"]["zero"] == {"records": 1, "people": 0.0}


def test_blank_cells_and_parquet_rows_are_reported_where_they_are(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from intelmig.errors import ImportInvalid
    from intelmig.importers import import_dataset
    from intelmig.workspace import Workspace

    options = {"from": "origin", "to": "dest", "value": "people", "year": "yr"}
    path = tmp_path / "edges.csv"
    path.write_text("origin,dest,people,yr\nKAZ,RUS,5,2019\nKAZ,   ,7,2019\n")
    manifest = import_dataset("csv", path, target=None, workspace=Workspace(tmp_path / "ws"),
                              dataset_id="b", options=options)
    assert manifest["blanks"] == {"dest": 1} and manifest["edges"] == 1
    # Parquet has no header line: its rows count from 1.
    path = tmp_path / "edges.parquet"
    pq.write_table(pa.table({"origin": ["KAZ"] * 3, "dest": ["RUS", "USA", "DEU"],
                             "people": ["1", "2", "-3"], "yr": ["2019"] * 3}), path)
    with pytest.raises(ImportInvalid, match="edges.parquet: row 3: field 'people'"):
        import_dataset("csv", path, target=None, workspace=Workspace(tmp_path / "ws2"),
                       dataset_id="p", options=options)


def test_skip_unknown_imports_the_rest_and_counts(runner, tmp_path):
    bad = tmp_path / "flows.csv"
    bad.write_text("migrationfrom,migrationto,year,n_migrations,n_migrations_back,"
                   "netmigrations\nKAZ,RUS,2019.0,1.0,0.0,1.0\nKAZ,ZZZ,2019.0,2.0,0.0,2.0\n")
    env = {"INTELMIG_WORKSPACE": str(tmp_path / "ws")}
    result = runner.invoke(cli, ["import", "scholarly-flows", str(bad), "--skip-unknown",
                                 "--no-store"], env=env)
    assert result.exit_code == 0, result.output
    assert "1 unknown codes" in result.output
    manifest = json.loads((tmp_path / "ws" / "scholarly-flows-flows" / "manifest.json")
                          .read_text())
    assert manifest["report"]["unknown_skipped"] == 1 and manifest["edges"] == 1


def test_import_help_lists_every_kind_with_its_layout(runner):
    from intelmig.importers import KINDS

    result = runner.invoke(cli, ["import", "--help"])
    assert result.exit_code == 0
    for kind in KINDS:
        assert kind in result.output
    assert "migrationfrom,migrationto,year" in result.output


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(list(pycountry.countries)))
def test_every_iso_country_resolves_from_each_of_its_codes(country):
    resolver = CountryResolver()
    for value in (country.alpha_3, country.alpha_2, country.numeric, country.name,
                  country.alpha_3.lower()):
        kind, found = resolver.resolve(value)
        if kind == "ambiguous":  # "Congo" names two countries: refused with both
            assert value == country.name and country.alpha_3 in found.split("|")
            continue
        assert (kind, found) == ("country", country.alpha_3), value


@pytest.mark.parametrize("code, iso3", [("810", "SUN"), ("890", "YUG"), ("891", "SCG"),
                                        ("200", "CSK"), ("278", "DDR"), ("530", "ANT"),
                                        ("720.0", "YMD")])
def test_m49_codes_of_dissolved_states_resolve_to_iso_3166_3(code, iso3):
    assert CountryResolver().resolve(code) == ("country", iso3)


def test_two_letters_that_are_no_iso_code_are_unknown_and_nodes_get_common_names():
    from intelmig.importers.countries import country_node

    assert CountryResolver().resolve("ZZ") == ("unknown", None)
    # pycountry's common name where it has one ("Bolivia"), else the ISO name
    assert [country_node(c)["name_en"] for c in ("BOL", "KAZ")] == ["Bolivia", "Kazakhstan"]
    assert (country_node("DDR")["m49"], country_node("DDR")["historical"]) == (278, True)


@given(st.sampled_from(sorted(M49_AGGREGATES)))
def test_the_uns_aggregate_codes_are_aggregates(code):
    # Replaces "every code from 900 is an aggregate": a typo such as 3980 or an unlisted 999
    # was then skipped silently as a region.
    assert CountryResolver().resolve(str(code))[0] == "aggregate"
    assert CountryResolver().resolve(f"{code:03d}")[0] == "aggregate"


@pytest.mark.parametrize("name", ["UN development groups", "World Bank income groups",
                                  "Geographic regions",
                                  "SUSTAINABLE DEVELOPMENT GOAL (SDG) REGIONS"])
def test_the_uns_heading_rows_of_aggregate_groups_are_aggregates(name):
    # The 2020/2024 tables head each block of aggregates with a row of its own; read as a
    # place it would be an unknown code at best, a country's sum at worst.
    assert CountryResolver().resolve(name)[0] == "aggregate"


def test_staging_left_by_a_killed_import_is_removed_by_the_next(tmp_path, runner):
    workspace = tmp_path / "ws"
    orphan = workspace / ".staging-sch-999999999"
    orphan.mkdir(parents=True)
    (orphan / "migrations.parquet").write_bytes(b"half written")
    env = {"INTELMIG_DB": str(tmp_path / "db.lbug"), "INTELMIG_WORKSPACE": str(workspace)}
    result = runner.invoke(cli, ["import", "scholarly-flows", str(DATA / "scholarly_flows.csv"),
                                 "--dataset-id", "sch", "--no-store"], env=env)
    assert result.exit_code == 0, result.output
    assert not orphan.exists()


def test_seed_rebuilds_with_the_imported_datasets(tmp_path, runner):
    env = {"INTELMIG_DB": str(tmp_path / "db.lbug"), "INTELMIG_WORKSPACE": str(tmp_path / "ws")}
    imported = runner.invoke(cli, ["import", "scholarly-flows", str(DATA / "scholarly_flows.csv"),
                                   "--dataset-id", "sch"], env=env)
    assert imported.exit_code == 0, imported.output
    edges = _edges(tmp_path, "sch")
    seeded = runner.invoke(cli, ["seed"], env=env)
    assert seeded.exit_code == 0, seeded.output
    assert "plus 1 imported dataset(s)" in seeded.output
    assert _edges(tmp_path, "sch") == edges and edges
    with EmbeddedStore(tmp_path / "db.lbug") as store:
        seed_pairs = store.run("MATCH (:Country)-[r:MIGRATED_TO]->(:Country) "
                               "WHERE r.flow IS NOT NULL RETURN count(r)").rows
    assert seed_pairs == [[47]]
