"""Real excerpts of published files (tests/fixtures/importers/real/README.md), no flags.

Each is imported as downloaded; the hub figures intelmig gives (in- and out-strength of
every country for a year, through ``intelmig hubs --json`` and the stored edges) must
equal the totals computed here from the same file with plain Python.
"""

from __future__ import annotations

import csv
import json
import os
from collections import defaultdict
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from intelmig.cli import cli
from intelmig.stores.embedded import EmbeddedStore

from .conftest import FIXTURES

REAL = FIXTURES / "importers" / "real"
FLOWS = REAL / "scopus_2024_V1_scholarlymigration_countryflows_enriched_excerpt.parquet"
WORLD_BANK = REAL / "worldbank_gbmd_databank_excerpt.csv"


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    from click.testing import CliRunner

    root = tmp_path_factory.mktemp("real")
    env = {"INTELMIG_DB": str(root / "db.lbug"), "INTELMIG_WORKSPACE": str(root / "ws")}
    runner = CliRunner()
    outputs = {}
    for dataset_id, kind, path in (
            ("scopus-flows", "scholarly-flows", FLOWS),
            ("wb", "worldbank", WORLD_BANK),
            ("scopus-countries", "scholarly-countries",
             REAL / "scopus_2024_V1_scholarlymigration_country_enriched_excerpt.csv"),
            ("openalex-countries", "scholarly-countries",
             REAL / "openalex_2024_V1_scholarlymigration_country_enriched_excerpt.csv")):
        result = runner.invoke(cli, ["import", kind, str(path), "--dataset-id", dataset_id],
                               env=env)
        assert result.exit_code == 0, result.output
        outputs[dataset_id] = result.output
    return root, env, runner, outputs


def strengths(edges) -> tuple[dict, dict]:
    """In- and out-strength per country from (origin, destination, value) triples."""
    into, out = defaultdict(float), defaultdict(float)
    for origin, destination, value in edges:
        if origin and destination and origin != destination and value:
            into[destination] += value
            out[origin] += value
    return dict(into), dict(out)


def hub_figures(imported, dataset, year, measure, *population):
    _, env, runner, _ = imported
    result = runner.invoke(cli, ["hubs", "--year", str(year), "--dataset", dataset,
                                 "--measure", measure, *population, "--json"], env=env)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    return ({r["place"]: r["low"] for r in rows if r["role"] == "recipient" and r["low"]},
            {r["place"]: r["low"] for r in rows if r["role"] == "donor" and r["low"]})


def stored(imported, dataset, year):
    root = imported[0]
    with EmbeddedStore(root / "db.lbug") as store:
        return store.run("MATCH (a:Country)-[r:MIGRATED_TO]->(b:Country) WHERE r.dataset = $d "
                         "AND r.year = $y AND (r.sex IS NULL OR r.sex = 'total') "
                         "RETURN a.id, b.id, r.value", {"d": dataset, "y": year}).rows


def test_mpidr_enriched_flows_hub_figures_equal_the_files_totals(imported):
    table = pq.read_table(FLOWS).to_pylist()
    expected = strengths((r["iso3codefrom"], r["iso3codeto"], r["n_migrations"])
                         for r in table if r["year"] == 2016)
    assert len(table) == 325 and len(expected[0]) == 20
    assert strengths(stored(imported, "scopus-flows", 2016)) == expected
    # Two country tables give 2016 populations: the rates need one named (issue 11).
    assert hub_figures(imported, "scopus-flows", 2016, "flow", "--population",
                       "scopus-countries") == expected
    assert "325 rows read, 325 edges (2016)" in imported[3]["scopus-flows"]


def test_world_bank_excerpt_hub_figures_equal_the_files_totals(imported):
    with open(WORLD_BANK, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for year in (1960, 2000):
        expected = strengths((r["Country Origin Code"], r["Country Dest Code"],
                              float(r[f"{year} [{year}]"])) for r in rows)
        assert strengths(stored(imported, "wb", year)) == expected
        assert hub_figures(imported, "wb", year, "stock") == expected
    diagonal = sum(r["Country Origin Code"] == r["Country Dest Code"] for r in rows)
    assert f"{diagonal * 5} origin = destination" in imported[3]["wb"]


@pytest.mark.parametrize("dataset, name", [
    ("scopus-countries", "scopus_2024_V1_scholarlymigration_country_enriched_excerpt.csv"),
    ("openalex-countries", "openalex_2024_V1_scholarlymigration_country_enriched_excerpt.csv"),
])
def test_mpidr_enriched_country_tables_become_country_years(imported, dataset, name):
    with open(REAL / name, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    expected = {(r["countrycode"], int(float(r["year"]))): float(r["netmigration"])
                for r in rows if r["countrycode"]}
    with EmbeddedStore(imported[0] / "db.lbug") as store:
        found = store.run("MATCH (y:CountryYear)-[:ABOUT]->(c:Country) WHERE y.dataset = $d "
                          "RETURN c.id, y.year, y.netmigration", {"d": dataset}).rows
    assert {(c, y): v for c, y, v in found} == expected
    blank = sum(not r["countrycode"] for r in rows)
    assert f"{blank} blank countrycode" in imported[3][dataset]


# The whole published MPIDR files, raw (data_input/, AGPL-3.0: never committed) and enriched:
# run where a checkout of the repository is named by INTELMIG_MPIDR_REPO.
MPIDR_REPO = os.environ.get("INTELMIG_MPIDR_REPO")
MPIDR_FLOWS = ["data_input/scopus_2022_07_V1_scholarlymigration_countryflows.csv",
               "data_input/scopus_2024_V1_scholarlymigration_countryflows.csv",
               "data_input/scopus_2024_V1_scholarlymigration_countryflows.parquet",
               "data_input/openalex_2023_V1_scholarlymigration_countryflows.csv",
               "data_processed/scopus_2024_V1_scholarlymigration_countryflows_enriched.parquet"]


@pytest.mark.skipif(not MPIDR_REPO, reason="INTELMIG_MPIDR_REPO names no MPIDR checkout")
@pytest.mark.parametrize("name", MPIDR_FLOWS)
def test_mpidr_published_flows_import_with_no_flags(runner, tmp_path, name):
    import pycountry

    path = Path(MPIDR_REPO) / name
    table = pq.read_table(path) if path.suffix == ".parquet" else None
    if table is None:
        with open(path, encoding="utf-8", newline="") as handle:
            records = list(csv.DictReader(handle))
    else:
        records = table.to_pylist()
    origin, destination = (("iso3codefrom", "iso3codeto") if "iso3codefrom" in records[0]
                           else ("migrationfrom", "migrationto"))

    def country(code):  # ISO codes by pycountry; EUE, nan and blanks are no country
        code = code or ""
        if code in ("XK", "XKX"):  # Kosovo: no ISO code; the one the EU and MPIDR use
            return "XKX"
        found = (pycountry.countries.get(alpha_3=code) if len(code) == 3 else
                 pycountry.countries.get(alpha_2=code) if len(code) == 2 else None)
        return found.alpha_3 if found else None

    expected = strengths((country(r[origin]), country(r[destination]), float(r["n_migrations"]))
                         for r in records if float(r["year"]) == 2015)
    env = {"INTELMIG_DB": str(tmp_path / "db.lbug"), "INTELMIG_WORKSPACE": str(tmp_path / "ws")}
    result = runner.invoke(cli, ["import", "scholarly-flows", str(path), "--dataset-id", "m"],
                           env=env)
    assert result.exit_code == 0, result.output
    with EmbeddedStore(tmp_path / "db.lbug") as store:
        rows = store.run("MATCH (a:Country)-[r:MIGRATED_TO]->(b:Country) WHERE r.dataset = 'm' "
                         "AND r.year = 2015 RETURN a.id, b.id, r.value").rows
    assert strengths(rows) == expected
