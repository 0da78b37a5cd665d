"""Region schemes with dated membership (the CIS), region rates, and yearly timelines
from one scan at every level.

Expected values are worked out by hand in the comments from the rows built here and the
membership dates in graph/data/cis_membership.csv (each with its source there).
"""

from __future__ import annotations

import csv
from importlib.resources import files

import pytest
from click.testing import CliRunner
from intelmig.analytics import corridors, hubs, timeline
from intelmig.cli import cli
from intelmig.dataset import Dataset
from intelmig.errors import ParameterError
from intelmig.regions import cis_groups, cis_members, cis_table
from intelmig.stores.embedded import EmbeddedStore, build_database

COUNTRIES = ("GEO", "RUS", "KAZ", "DEU", "UKR", "TKM", "ARM", "AZE", "BLR", "KGZ", "MDA",
             "TJK", "UZB")
# (origin, destination, year, value) of the dataset "moves".
MOVES = [("GEO", "RUS", 2008, 40.0), ("RUS", "GEO", 2008, 10.0),
         ("GEO", "RUS", 2009, 30.0),
         ("GEO", "RUS", 2010, 20.0), ("RUS", "GEO", 2010, 5.0),
         ("KAZ", "DEU", 2008, 7.0), ("KAZ", "DEU", 2010, 9.0), ("DEU", "GEO", 2010, 3.0),
         ("KAZ", "RUS", 2010, 100.0),
         ("UKR", "RUS", 2013, 11.0), ("UKR", "RUS", 2015, 13.0)]

POPULATION_2010 = {"ARM": 1000.0, "AZE": 1000.0, "BLR": 1000.0, "KAZ": 2000.0, "KGZ": 1000.0,
                   "MDA": 1000.0, "RUS": 5000.0, "TJK": 1000.0, "TKM": 1000.0, "UKR": 1000.0,
                   "UZB": 1000.0, "GEO": 500.0, "DEU": 8000.0}


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    ds = Dataset()
    for code in COUNTRIES:
        ds.add_node("Country", {"id": code, "name_en": code})
    ds.add_node("Era", {"id": "e1", "start_year": 2000, "end_year": 2020})
    # The article's scheme, undated and overlapping: Kazakhstan is in Asia and the CIS.
    ds.add_node("Region", {"id": "cis", "name_en": "CIS"})
    ds.add_node("Region", {"id": "asia", "name_en": "Asia"})
    for country, region in (("KAZ", "cis"), ("RUS", "cis"), ("KAZ", "asia"), ("GEO", "asia"),
                            ("ARM", "asia")):
        ds.add_rel("PART_OF", "Country", country, "Region", region, {})
    for origin, destination, year, value in MOVES:
        ds.add_rel("MIGRATED_TO", "Country", origin, "Country", destination,
                   {"measure": "flow", "year": year, "value": value, "dataset": "moves"})
    # A stated flow over 2010-2012: no single year to place Georgia by.
    ds.add_rel("MIGRATED_TO", "Country", "GEO", "Country", "DEU",
               {"measure": "flow", "year_start": 2010, "year_end": 2012, "low": 1.0,
                "high": 2.0, "pairs": 1, "flow": "f_span", "dataset": "stated"})
    # Base populations of 2010 for every CIS member of 2010 and for GEO and DEU; in 2008
    # Tajikistan lacks one.
    for year, people in ((2010, POPULATION_2010),
                         (2008, {c: v for c, v in POPULATION_2010.items() if c != "TJK"})):
        for code, value in people.items():
            estimate = f"pop:{code}:{year}"
            ds.add_node("Estimate", {"id": estimate, "unit": "population", "measure": "stock",
                                     "low": value, "high": value, "year_start": year,
                                     "year_end": year, "dataset": "pop"})
            ds.add_rel("ABOUT", "Estimate", estimate, "Country", code, {"dataset": "pop"})
    path = tmp_path_factory.mktemp("regions") / "regions.lbug"
    build_database(path, ds)
    return path


@pytest.fixture
def store(db_path):
    with EmbeddedStore(db_path) as store:
        yield store


def table_rows():
    text = files("intelmig").joinpath("data/cis_membership.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def test_the_membership_table_has_a_source_for_every_row():
    rows = table_rows()
    assert rows and all(r["source"].startswith("https://") for r in rows)
    assert {r["country"] for r in rows} == {"ARM", "AZE", "BLR", "GEO", "KAZ", "KGZ", "MDA",
                                            "RUS", "TJK", "TKM", "UKR", "UZB"}
    georgia = next(m for m in cis_table() if m.country == "GEO")
    assert (georgia.start, georgia.end) == ("1993-12", "2009-08-18")


@pytest.mark.parametrize("place, year, expected", [
    ("GEO", 1993, None), ("GEO", 1994, "cis"), ("GEO", 2008, "cis"), ("GEO", 2009, None),
    ("GEO", 2010, "GEO"), ("AZE", 1992, "AZE"), ("AZE", 1993, None), ("AZE", 1994, "cis"),
    ("MDA", 1994, None), ("MDA", 1995, "cis"), ("UKR", 2013, "cis"), ("UKR", 2014, None),
    ("UKR", 2015, "UKR"), ("UKR", 2018, "UKR"), ("TKM", 2005, "cis"), ("TKM", 2020, "cis"),
    ("RUS", 1990, "RUS"), ("RUS", 1991, None), ("RUS", 1992, "cis"), ("DEU", 2008, "DEU"),
])
def test_a_country_counts_in_the_cis_only_for_whole_years_of_membership(place, year,
                                                                         expected):
    # None: the membership changed within that year, so the year is refused.
    if expected is None:
        with pytest.raises(ParameterError, match=f"year {year}: .*\\({place}\\)"):
            cis_groups(place, year)
    else:
        assert cis_groups(place, year) == (expected,)


def test_members_of_a_year_with_their_status():
    assert dict(cis_members(2004))["TKM"] == "founding state (Charter not ratified)"
    assert dict(cis_members(2006))["TKM"] == "associate member"
    assert "UKR" in dict(cis_members(2013)) and "UKR" not in dict(cis_members(2015))
    assert len(cis_members(2010)) == 11  # the nine members, Turkmenistan and Ukraine
    # Ukraine never ratified the Charter: it took part, it was no member.
    with pytest.raises(ParameterError, match="Ukraine \\(UKR\\) stopped taking part in the "
                                             "CIS in 2014, within the year"):
        cis_groups("UKR", 2014)
    with pytest.raises(ParameterError, match="Moldova \\(MDA\\) joined the CIS on 1994-04-08"):
        cis_groups("MDA", 1994)


def test_georgia_to_russia_is_within_the_cis_in_2008_and_between_in_2010(store):
    _graph, rows = corridors(store, year=2008, level="region", regions="cis",
                             dataset="moves")
    got = {(r.source, r.target): r for r in rows}
    # 2008: GEO->RUS 40 and RUS->GEO 10 are both inside the CIS; KAZ->DEU 7 leaves it.
    assert got["cis", "cis"].within and got["cis", "cis"].low == 50.0
    assert got["cis", "DEU"].low == 7.0
    assert set(got) == {("cis", "cis"), ("cis", "DEU")}
    graph, rows = corridors(store, year=2010, level="region", regions="cis", dataset="moves")
    got = {(r.source, r.target): r for r in rows}
    # 2010: Georgia is out. GEO->RUS 20 is GEO->CIS, RUS->GEO 5 the reverse; KAZ->RUS 100
    # is within; KAZ->DEU 9 is CIS->DEU; DEU->GEO 3 stays between countries.
    assert (got["GEO", "cis"].low, got["GEO", "cis"].reverse_low) == (20.0, 5.0)
    assert got["GEO", "cis"].net_low == 15.0
    assert got["cis", "cis"].low == 100.0 and got["cis", "DEU"].low == 9.0
    assert got["DEU", "GEO"].low == 3.0
    assert "GEO" not in dict(graph.members["cis"])
    _graph, table = hubs(store, year=2010, level="region", regions="cis", dataset="moves")
    cis = next(r for r in table if r.place == "cis" and r.role == "donor")
    # The CIS sends 9 (to DEU) + 5 (to GEO) = 14 and receives 20 (from GEO).
    assert (cis.out_low, cis.in_low, cis.net_low) == (14.0, 20.0, 6.0)
    assert "GEO" not in cis.members and "RUS" in cis.members


def test_a_year_in_which_a_member_left_is_refused_and_so_is_a_span_over_it(store):
    for slice_ in ({"year": 2009}, {"year_from": 2008, "year_to": 2010}):
        with pytest.raises(ParameterError, match="Georgia \\(GEO\\) left the CIS on "
                                                 "2009-08-18, within the year"):
            corridors(store, level="region", regions="cis", dataset="moves", **slice_)
    # Ukraine took part until some time in 2014: 2013 is inside, 2015 outside.
    _graph, rows = corridors(store, year=2013, level="region", regions="cis", dataset="moves")
    assert [(r.source, r.target, r.low) for r in rows] == [("cis", "cis", 11.0)]
    _graph, rows = corridors(store, year=2015, level="region", regions="cis", dataset="moves")
    assert [(r.source, r.target, r.low) for r in rows] == [("UKR", "cis", 13.0)]


def test_a_fact_spanning_several_years_is_refused_not_dropped(store):
    with pytest.raises(ParameterError, match="1 flow fact\\(s\\) of dataset stated span "
                                             "more than one year"):
        hubs(store, year_from=2010, year_to=2012, level="region", regions="cis",
             dataset="stated")
    with pytest.raises(ParameterError, match="places each move by its year"):
        hubs(store, era="e1", level="region", regions="cis")


# -- rates at region level ---------------------------------------------------------------

def test_region_rates_divide_by_the_members_populations(store):
    graph, table = hubs(store, year=2010, level="region", regions="cis", dataset="moves")
    cis = next(r for r in table if r.place == "cis")
    # The 11 members of 2010: 9 x 1,000 + KAZ 2,000 + RUS 5,000 = 16,000 people.
    assert cis.population == 16000.0 and graph.population_source == "pop"
    assert (cis.in_rate, cis.out_rate, cis.net_rate) == pytest.approx(
        (20 / 16000, 14 / 16000, 6 / 16000))
    georgia = next(r for r in table if r.place == "GEO")
    # Georgia in 2010, a country of its own: in 5 + 3, out 20, population 500.
    assert (georgia.in_rate, georgia.out_rate, georgia.net_rate) == pytest.approx(
        (8 / 500, 20 / 500, -12 / 500))


def test_no_region_rate_unless_every_member_has_a_population(store):
    _graph, table = hubs(store, year=2008, level="region", regions="cis", dataset="moves")
    cis = next(r for r in table if r.place == "cis")
    assert cis.population is None and cis.out_rate is None
    assert cis.population_missing == ["TJK"]
    _graph, table = hubs(store, year=2010, level="region", regions="m49", dataset="moves")
    europe = next(r for r in table if r.place == "m49:150")
    assert europe.in_rate is None and "FRA" in europe.population_missing
    assert not {"DEU", "RUS", "UKR"} & set(europe.population_missing)


def test_cli_names_the_scheme_the_members_lacking_a_population_and_refusals(db_path,
                                                                            tmp_path):
    env = {"INTELMIG_DB": str(db_path), "INTELMIG_WORKSPACE": str(tmp_path / "ws")}
    runner = CliRunner()
    result = runner.invoke(cli, ["hubs", "--year", "2008", "--level", "region", "--regions",
                                 "cis", "--dataset", "moves"], env=env)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == ("Hubs of year 2008; measure flow; source dataset "
                                             "moves; level region (cis regions)")
    assert "No rate for CIS: no pop population of TJK " \
           "(year 2008)." in result.output
    result = runner.invoke(cli, ["timeline", "--from", "2008", "--to", "2008", "--level",
                                 "region", "--regions", "cis", "--dataset", "moves",
                                 "--measure", "out_rate", "--place", "cis"], env=env)
    assert result.exit_code == 0, result.output
    assert "No rate for CIS in 2008: no population of TJK." in result.output
    result = runner.invoke(cli, ["corridors", "--year", "2009", "--level", "region",
                                 "--regions", "cis", "--dataset", "moves"], env=env)
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [(
        "Error: year 2009: Georgia (GEO) left the CIS on 2009-08-18, within the year; the "
        "data give years, not dates, so its moves of 2009 are neither inside nor outside the "
        "CIS (use another year, or --regions m49)")]


# -- timeline: all years from one scan of the moves, at every level ----------------------

class Counting:
    """A store that records every query it is asked to run."""

    def __init__(self, store):
        self.store, self.queries = store, []

    def run(self, cypher, params=None):
        self.queries.append(cypher)
        return self.store.run(cypher, params)

    def reading_datasets(self, ids):
        return self.store.reading_datasets(ids)


@pytest.mark.parametrize("level, regions", [
    ("country", None), ("region", "article"), ("region", "m49"), ("subregion", "m49"),
    ("region", "cis")])
def test_a_yearly_timeline_reads_the_moves_once_at_every_level(store, level, regions):
    counting = Counting(store)
    labels, rows = timeline(counting, years=range(2010, 2014), level=level, regions=regions,
                            dataset="moves", value="out")
    assert labels == ["2010", "2011", "2012", "2013"] and rows
    assert len([q for q in counting.queries if "MIGRATED_TO" in q]) == 1


def test_article_region_timeline_by_hand_and_as_hubs_give_it(store):
    _labels, rows = timeline(store, years=[2010], level="region", regions="article",
                             dataset="moves", value="out")
    out = {r.place: r.values["2010"] for r in rows if r.role == "donor"}
    # 2010 at the article's regions (KAZ in Asia and the CIS, RUS in the CIS, GEO in Asia):
    # Asia sends GEO->RUS 20 + KAZ->DEU 9 + KAZ->RUS 100 (RUS is not in Asia) = 129; the
    # CIS sends RUS->GEO 5 + KAZ->DEU 9 = 14 (KAZ->RUS stays inside it); DEU sends 3.
    assert out == {"asia": 129.0, "cis": 14.0, "DEU": 3.0}
    _graph, table = hubs(store, year=2010, level="region", regions="article", dataset="moves")
    assert {r.place: r.out_low for r in table if r.role == "donor"} == out
