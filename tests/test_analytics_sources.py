"""Real imports answered from one source: refusals, spans, rates, M49 regions, timelines.

Expected values are computed here from the fixture files with the csv module, never
copied from intelmig's output.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from intelmig.cli import cli
from intelmig.regions import m49_area, m49_table

from .conftest import FIXTURES

DATA = FIXTURES / "analytics"
CASES = Path("/work/shared/cases/real/multi_dataset")
IMPORTS = [  # (dataset id, kind, file, extra options)
    ("alpha", "scholarly-flows", DATA / "two_sources" / "alpha_flows_2019.csv", []),
    ("beta", "scholarly-flows", DATA / "two_sources" / "beta_flows_2019.csv", []),
    ("pop", "population", DATA / "two_sources" / "population_2019.csv", []),
    ("wb", "worldbank", DATA / "worldbank_1960_2000_excerpt.csv", []),
    ("mpidr", "csv", DATA / "mpidr" / "scopus_2024_countryflows_2016_excerpt.csv",
     ["--from-col", "iso3codefrom", "--to-col", "iso3codeto", "--value-col", "n_migrations",
      "--year-col", "year"]),
]


def rows_of(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def in_out(flows, year, source="migrationfrom", target="migrationto", value="n_migrations"):
    """In and out of every place in one year, summed with the csv module."""
    received, sent = Counter(), Counter()
    for row in flows:
        if float(row["year"]) == year and row[source] != row[target]:
            received[row[target]] += float(row[value])
            sent[row[source]] += float(row[value])
    return received, sent


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    root = tmp_path_factory.mktemp("sources")
    env = {"INTELMIG_DB": str(root / "db.lbug"), "INTELMIG_WORKSPACE": str(root / "ws")}
    # MPIDR's published country table, read as it is: its padded population of researchers.
    population = DATA / "mpidr" / "scopus_2024_country_2016_excerpt.csv"
    runner = CliRunner()
    for dataset_id, kind, path, extra in [*IMPORTS,
                                          ("mpidr-pop", "population", population, [])]:
        result = runner.invoke(cli, ["import", kind, str(path), "--dataset-id", dataset_id,
                                     *extra], env=env)
        assert result.exit_code == 0, result.output
    return env


def run(env, *args):
    return CliRunner().invoke(cli, list(args), env=env)


def records(env, *args):
    result = run(env, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


# -- one source per answer ------------------------------------------------------------

def test_two_datasets_of_one_year_are_refused_with_both_named(env):
    for command in ("hubs", "corridors"):
        result = run(env, command, "--year", "2019")
        assert result.exit_code == 1
        lines = result.output.strip().splitlines()
        assert lines == [("Error: year 2019: 2 sources could answer: alpha (flow), beta (flow); "
                         "choose one with --dataset ID, or sum them with --dataset alpha,beta")]


def test_one_dataset_answers_alone_and_says_so(env):
    received, sent = in_out(rows_of(DATA / "two_sources" / "alpha_flows_2019.csv"), 2019)
    net = received["CHN"] - sent["CHN"]
    assert net == -15  # 380 + 70 in, 410 + 55 out: by hand
    rows = records(env, "hubs", "--year", "2019", "--dataset", "alpha")
    china = next(r for r in rows if r["place"] == "CHN" and r["role"] == "donor")
    assert (china["dataset"], china["measure"], china["slice"]) == ("alpha", "flow",
                                                                    "year 2019")
    assert china["net_low"] == china["net_high"] == net
    assert all(r["dataset"] == "alpha" for r in rows)
    table = run(env, "hubs", "--year", "2019", "--dataset", "alpha").output
    assert table.splitlines()[0] == ("Hubs of year 2019; measure flow; source dataset alpha; "
                                     "level country")


def test_explicit_sum_of_two_datasets_states_its_rule(env):
    alpha = in_out(rows_of(DATA / "two_sources" / "alpha_flows_2019.csv"), 2019)
    beta = in_out(rows_of(DATA / "two_sources" / "beta_flows_2019.csv"), 2019)
    net = (alpha[0]["CHN"] - alpha[1]["CHN"]) + (beta[0]["CN"] - beta[1]["CN"])
    assert net == 285  # the sign flips: why two sources are never summed silently
    rows = records(env, "hubs", "--year", "2019", "--dataset", "beta,alpha")
    china = next(r for r in rows if r["place"] == "CHN")
    assert china["dataset"] == "alpha,beta" and china["net_low"] == net
    heading = run(env, "hubs", "--year", "2019", "--dataset", "alpha,beta").output
    assert "source datasets alpha + beta (summed)" in heading.splitlines()[0]


def test_unknown_dataset_names_the_ones_there(env):
    result = run(env, "hubs", "--year", "2019", "--dataset", "gamma")
    assert result.exit_code == 1
    assert result.output.strip() == ("Error: year 2019: no rows of gamma here; sources with "
                                     "rows: alpha (flow), beta (flow)")


@pytest.mark.skipif(not CASES.is_dir(), reason="the shared multi_dataset case is not here")
def test_shared_case_china_net_from_scopus_alone(tmp_path):
    """The reported case (AGPL rows, read in place, never committed): -94 from Scopus."""
    scopus = CASES / "scopus_2024_flows_2019.csv"
    received, sent = in_out(rows_of(scopus), 2019)
    expected = received["CHN"] - sent["CHN"]
    assert expected == -94
    env = {"INTELMIG_DB": str(tmp_path / "db.lbug"), "INTELMIG_WORKSPACE": str(tmp_path / "ws")}
    for dataset_id, name in (("scopus", scopus.name), ("openalex", "openalex_2023_flows_2019.csv")):
        assert run(env, "import", "scholarly-flows", str(CASES / name), "--dataset-id",
                   dataset_id).exit_code == 0
    assert run(env, "hubs", "--year", "2019").exit_code == 1
    china = next(r for r in records(env, "hubs", "--year", "2019", "--dataset", "scopus")
                 if r["place"] == "CHN")
    assert china["net_low"] == china["net_high"] == expected


# -- time: a fact counts only where its whole span lies ------------------------------

def test_a_thirty_year_flow_is_not_a_1960_figure(env):
    rows = records(env, "hubs", "--year", "1960")
    assert {r["dataset"] for r in rows} == {"wb"} and {r["measure"] for r in rows} == {"stock"}
    # 1950-1990 holds the article's 1960-1989 flows and the World Bank's stocks: refused.
    result = run(env, "hubs", "--from", "1950", "--to", "1990")
    assert result.exit_code == 1
    assert "seed (flow), wb (stock)" in result.output
    seed = records(env, "hubs", "--from", "1950", "--to", "1990", "--dataset", "seed")
    assert {r["dataset"] for r in seed} == {"seed"}


# -- zero and self-loop rows never reach a measure ----------------------------------

def test_zero_and_self_rows_never_count(env):
    wb = rows_of(DATA / "worldbank_1960_2000_excerpt.csv")
    zero_only = {r["Country Dest Code"] for r in wb} - {
        r["Country Dest Code"] for r in wb
        if float(r["2000 [2000]"]) > 0 and r["Country Dest Code"] != r["Country Origin Code"]}
    rows = records(env, "hubs", "--year", "2000", "--dataset", "wb")
    recipients = {r["place"]: r for r in rows if r["role"] == "recipient"}
    assert not zero_only & set(recipients)
    partners = Counter(r["Country Dest Code"] for r in wb
                       if float(r["2000 [2000]"]) > 0
                       and r["Country Dest Code"] != r["Country Origin Code"])
    assert {p: r["partners"] for p, r in recipients.items()} == dict(partners)
    corridors = records(env, "corridors", "--year", "2000", "--dataset", "wb")
    assert all(c["source"] != c["target"] and c["low"] > 0 for c in corridors)


# -- the measures scholars publish -----------------------------------------------------

def test_place_measures_by_hand(env):
    rows = records(env, "hubs", "--year", "2019", "--dataset", "alpha")
    usa = next(r for r in rows if r["place"] == "USA" and r["role"] == "recipient")
    # USA: in 410 (CHN) + 150 (DEU) = 560; out 380 + 120 = 500.
    assert (usa["in_low"], usa["out_low"], usa["gross_low"], usa["net_low"]) == (
        560, 500, 1060, 60)
    assert usa["effectiveness_low"] == usa["effectiveness_high"] == pytest.approx(60 / 1060)
    # Rates per person of the imported population (20,000), plain fractions.
    assert usa["population"] == 20000 and usa["population_source"] == "pop"
    assert (usa["in_rate"], usa["out_rate"], usa["net_rate"]) == pytest.approx(
        (560 / 20000, 500 / 20000, 60 / 20000))
    deu = next(r for r in rows if r["place"] == "DEU")
    assert deu["population"] is None and deu["net_rate"] is None  # no population, no rate
    table = run(env, "hubs", "--year", "2019", "--dataset", "alpha").output
    assert "Rates per 1,000 of the population of pop, year 2019." in table
    assert "1,060" in table and "1,060..1,060" not in table  # exact values print once


def test_corridor_measures_by_hand(env):
    rows = records(env, "corridors", "--year", "2019", "--dataset", "alpha")
    chn_usa = next(r for r in rows if (r["source"], r["target"]) == ("CHN", "USA"))
    assert (chn_usa["low"], chn_usa["reverse_low"], chn_usa["net_low"],
            chn_usa["gross_low"]) == (410, 380, 30, 790)
    assert chn_usa["effectiveness_low"] == pytest.approx(30 / 790)
    assert chn_usa["circulation_low"] == pytest.approx(2 * 380 / 790)
    assert chn_usa["dataset"] == "alpha" and chn_usa["slice"] == "year 2019"


def test_rates_reproduce_mpidr_published_country_table(env):
    """MPIDR's rates: the year's moves over its padded population of researchers."""
    flows = rows_of(DATA / "mpidr" / "scopus_2024_countryflows_2016_excerpt.csv")
    received, sent = in_out(flows, 2016, "iso3codefrom", "iso3codeto")
    published = {r["countrycode"]: r
                 for r in rows_of(DATA / "mpidr" / "scopus_2024_country_2016_excerpt.csv")}
    rows = {r["place"]: r for r in records(env, "hubs", "--year", "2016", "--dataset", "mpidr")
            if r["role"] == "donor"}
    for code, table in published.items():
        assert received[code] == float(table["number_of_inmigrations"])
        assert sent[code] == float(table["number_of_outmigrations"])
        row = rows[code]
        assert (row["in_low"], row["out_low"]) == (received[code], sent[code])
        # The published rates are single precision: 7 significant digits.
        for ours, theirs in (("in_rate", "inmigrationrate"), ("out_rate", "outmigrationrate"),
                             ("net_rate", "netmigrationrate")):
            assert row[ours] == pytest.approx(float(table[theirs]), rel=1e-6), (code, ours)
    partners = set(rows) - set(published)
    assert partners and all(rows[p]["net_rate"] is None for p in partners)


def test_two_population_sources_are_refused(env, tmp_path):
    second = tmp_path / "population_bis.csv"
    second.write_text("year,place,population\n2019,CHN,1\n")
    local = {**env, "INTELMIG_WORKSPACE": env["INTELMIG_WORKSPACE"]}
    assert run(local, "import", "population", str(second), "--dataset-id",
               "pop-bis").exit_code == 0
    try:
        result = run(local, "hubs", "--year", "2019", "--dataset", "alpha")
        assert result.exit_code == 1 and "2 sources give populations" in result.output
        chosen = records(local, "hubs", "--year", "2019", "--dataset", "alpha",
                         "--population", "pop")
        assert {r["population_source"] for r in chosen} == {"pop"}
    finally:
        assert run(local, "datasets", "remove", "pop-bis").exit_code == 0


def test_population_import_errors_name_file_row_and_field(env, tmp_path):
    bad = tmp_path / "pop.csv"
    bad.write_text("year,place,population\n2019,KAZ,100\n2019,KAZ,200\n")
    result = run(env, "import", "population", str(bad), "--dataset-id", "bad", "--no-store")
    assert result.exit_code == 1
    assert ("pop.csv: row 3: field 'place': a second population of KAZ in 2019 (first at "
            "row 2)") in result.output


# -- regions as schemes ----------------------------------------------------------------

def test_m49_table_is_complete_for_every_country():
    import pycountry

    missing = [c.alpha_3 for c in pycountry.countries
               if c.alpha_3 != "ATA" and (m49_area(c.alpha_3) is None
                                          or not m49_area(c.alpha_3).region)]
    assert missing == []
    assert len({a.subregion for a in m49_table().values() if a.subregion}) == 17


def test_m49_regional_sums_within_and_between(env):
    wb = rows_of(DATA / "worldbank_1960_2000_excerpt.csv")
    eastern = {"BLR", "POL", "RUS", "UKR"}  # UN M49 Eastern Europe (151); the rest Western
    between, within = Counter(), Counter()
    for r in wb:
        o, d, v = r["Country Origin Code"], r["Country Dest Code"], float(r["2000 [2000]"])
        if o == d or v == 0:
            continue
        key = ("m49:151" if o in eastern else "m49:155", "m49:151" if d in eastern else "m49:155")
        (within if key[0] == key[1] else between)[key[0] if key[0] == key[1] else key] += v
    rows = records(env, "corridors", "--year", "2000", "--dataset", "wb", "--level",
                   "subregion", "--regions", "m49")
    got = {(r["source"], r["target"]): r for r in rows}
    assert got["m49:151", "m49:155"]["low"] == between["m49:151", "m49:155"]
    assert got["m49:155", "m49:151"]["low"] == between["m49:155", "m49:151"]
    assert got["m49:151", "m49:151"]["within"] and got["m49:151", "m49:151"]["low"] == within[
        "m49:151"]
    assert got["m49:151", "m49:155"]["source_name"] == "Eastern Europe"
    # All seven (Belarus and Austria too, outside every region of the article) are in
    # M49 Europe: at region level everything moved is within it.
    europe = records(env, "corridors", "--year", "2000", "--dataset", "wb", "--level",
                     "region", "--regions", "m49")
    assert [(r["source"], r["target"], r["within"], r["low"]) for r in europe] == [
        ("m49:150", "m49:150", True, sum(within.values()) + sum(between.values()))]
    # A dataset's answer uses M49 by default (the article's regions only for the article).
    assert records(env, "corridors", "--year", "2000", "--dataset", "wb", "--level",
                   "region") == europe
    heading = run(env, "hubs", "--year", "2000", "--measure", "stock", "--level", "region",
                  "--dataset", "wb")
    assert "level region (m49 regions)" in heading.output
    # No region gives or receives: the user is told why, not left with "(no rows)" alone.
    assert "Every move of this slice stays within a region (Europe)" in heading.output
    article = run(env, "hubs", "--era", "stage3", "--level", "region").output
    assert "level region (article regions)" in article.splitlines()[0]


def test_real_flows_by_the_cis_of_2016(env):
    # The CIS of 2016, from graph/data/cis_membership.csv read by hand: the nine members
    # and the associate member Turkmenistan; Georgia left in 2009, Ukraine stopped in 2014.
    cis = {"ARM", "AZE", "BLR", "KAZ", "KGZ", "MDA", "RUS", "TJK", "TKM", "UZB"}
    flows = rows_of(DATA / "mpidr" / "scopus_2024_countryflows_2016_excerpt.csv")
    within = sum(float(r["n_migrations"]) for r in flows
                 if r["iso3codefrom"] in cis and r["iso3codeto"] in cis)
    georgia = sum(float(r["n_migrations"]) for r in flows
                  if r["iso3codefrom"] == "GEO" and r["iso3codeto"] in cis)
    assert within > 0 and georgia > 0
    rows = {(r["source"], r["target"]): r
            for r in records(env, "corridors", "--year", "2016", "--level", "region",
                             "--regions", "cis", "--dataset", "mpidr")}
    assert rows["cis", "cis"]["within"] and rows["cis", "cis"]["low"] == within
    assert rows["GEO", "cis"]["low"] == georgia
    # No member stays itself; Ukraine, out since 2014, is a place of its own.
    assert not cis & {place for key in rows for place in key}
    to_ukraine = sum(float(r["n_migrations"]) for r in flows
                     if r["iso3codefrom"] in cis and r["iso3codeto"] == "UKR")
    assert to_ukraine > 0 and rows["cis", "UKR"]["low"] == to_ukraine


# -- timeline: one source, one scan, per-year values -----------------------------------

def test_yearly_timeline_values_from_one_source_in_one_scan(env, tmp_path):
    from intelmig.analytics import timeline
    from intelmig.stores.embedded import EmbeddedStore

    wb = rows_of(DATA / "worldbank_1960_2000_excerpt.csv")
    years = [1960, 1970, 1980, 1990, 2000]
    expected = {}
    for year in years:
        column = f"{year} [{year}]"
        received = sum(float(r[column]) for r in wb if r["Country Dest Code"] == "POL"
                       and r["Country Origin Code"] != "POL")
        sent = sum(float(r[column]) for r in wb if r["Country Origin Code"] == "POL"
                   and r["Country Dest Code"] != "POL")
        expected[str(year)] = received - sent

    class Counting:
        def __init__(self, store):
            self.store, self.queries = store, []

        def run(self, cypher, params=None):
            self.queries.append(cypher)
            return self.store.run(cypher, params)

        def reading_datasets(self, ids):
            return self.store.reading_datasets(ids)

    with EmbeddedStore(Path(env["INTELMIG_DB"])) as store:
        counting = Counting(store)
        _labels, rows = timeline(counting, years=range(1960, 2001), value="net", place="POL")
    scans = [q for q in counting.queries if "MIGRATED_TO" in q]
    assert len(scans) == 1  # every year from one scan
    assert {r.dataset for r in rows} == {"wb"}
    pol = next(r for r in rows if r.role == "donor")
    assert {label: pol.values[label] for label in expected} == expected
    assert pol.values["1961"] is None
    result = run(env, "timeline", "--from", "1960", "--to", "2000", "--measure", "net",
                 "--place", "POL", "--json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)[0]
    assert record["values"]["2000"] == expected["2000"] and record["value"] == "net"


def test_zero_and_self_rows_are_filtered_by_the_queries_themselves(tmp_path):
    """Rows an importer might keep (faults/selfloop.csv, faults/zero.csv), straight into a DB."""
    from intelmig.analytics import corridors, hubs
    from intelmig.dataset import Dataset
    from intelmig.stores.embedded import EmbeddedStore, build_database

    ds = Dataset()
    for code in ("KAZ", "RUS", "DEU", "KGZ", "UZB"):
        ds.add_node("Country", {"id": code, "name_en": code})
    rows = [("KAZ", "KAZ", 1000.0), ("KAZ", "RUS", 5.0), ("DEU", "RUS", 3.0),
            ("KGZ", "RUS", 50.0), ("KAZ", "DEU", 0.0), ("KGZ", "DEU", 0.0), ("UZB", "DEU", 0.0)]
    for origin, destination, value in rows:
        ds.add_rel("MIGRATED_TO", "Country", origin, "Country", destination,
                   {"measure": "flow", "year": 2019, "value": value, "dataset": "faults"})
    path = tmp_path / "faults.lbug"
    build_database(path, ds)
    with EmbeddedStore(path) as store:
        graph, table = hubs(store, year=2019)
        _graph, links = corridors(store, year=2019)
    kept = [(o, d, v) for o, d, v in rows if o != d and v > 0]
    assert sorted((c.source, c.target, c.low) for c in links) == sorted(kept)
    assert set(graph.places) == {"KAZ", "RUS", "DEU", "KGZ"}  # UZB only had a zero row
    kaz = next(r for r in table if r.place == "KAZ" and r.role == "donor")
    assert (kaz.out_low, kaz.partners) == (5.0, 1)  # not 1,005 to two partners
    deu = next(r for r in table if r.place == "DEU" and r.role == "donor")
    assert not any(r.place == "DEU" and r.role == "recipient" for r in table) and deu.out_low == 3


def test_timeline_never_switches_source_between_years(env):
    # 2016 is MPIDR's excerpt, 2019 the alpha and beta datasets: one source for all columns.
    result = run(env, "timeline", "--from", "2015", "--to", "2019")
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: years 2015-2019: 3 sources could answer: alpha (flow), beta (flow), mpidr "
        "(flow); choose one with --dataset ID, or sum them with --dataset alpha,beta,mpidr")
    rows = records(env, "timeline", "--from", "2015", "--to", "2019", "--dataset", "mpidr",
                   "--measure", "out", "--place", "KAZ")
    donor = next(r for r in rows if r["role"] == "donor")
    assert donor["dataset"] == "mpidr"
    assert donor["values"] == {"2015": None, "2016": 91.0, "2017": None, "2018": None,
                               "2019": None}
