"""``Store.to_networkx(slice)`` filters in the database and equals filtering in Python.

The graph is the article's seed (eras, undated and ranged flows, open ends) plus a real
MPIDR excerpt (one edge per corridor and year), so every kind of dated edge meets every
kind of slice bound.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intelmig.cli import cli
from intelmig.errors import ParameterError
from intelmig.export.slicing import Slice, select
from intelmig.stores.embedded import EmbeddedStore

from .conftest import ROOT
from .test_export_helpers import assert_same_graph

REAL = ROOT / "tests" / "fixtures" / "importers" / "real"
EXCERPT = REAL / "scopus_2024_V1_scholarlymigration_countryflows_enriched_excerpt.parquet"


@pytest.fixture(scope="module")
def mixed_db(tmp_path_factory):
    from click.testing import CliRunner

    folder = tmp_path_factory.mktemp("slices")
    env = {"INTELMIG_DB": str(folder / "db.lbug"), "INTELMIG_WORKSPACE": str(folder / "ws")}
    runner = CliRunner()
    assert runner.invoke(cli, ["seed"], env=env).exit_code == 0
    result = runner.invoke(cli, ["import", "scholarly-flows", str(EXCERPT)], env=env)
    assert result.exit_code == 0, result.output
    with EmbeddedStore(folder / "db.lbug") as store:
        yield store, store.to_networkx()


def _migrations(graph) -> int:
    return sum(1 for *_, d in graph.edges(data=True) if d["type"] == "MIGRATED_TO")


@pytest.mark.parametrize("slice_", [
    Slice(era="stage3"), Slice(year_from=1950, year_to=1950), Slice(year_from=2019, year_to=2019),
    Slice(year_from=1960, year_to=1995), Slice(year_from=2015), Slice(year_to=1970),
    Slice(era="stage4", year_from=2000, year_to=2019),
])
def test_a_slice_read_in_the_database_equals_the_python_selection(mixed_db, slice_):
    store, whole = mixed_db
    assert_same_graph(store.to_networkx(slice_), select(whole, slice_))


def test_a_year_reads_only_that_years_imported_edges(mixed_db):
    store, whole = mixed_db
    [year] = {d["year"] for *_, d in whole.edges(data=True) if d.get("year") is not None}
    expected = sum(1 for *_, d in whole.edges(data=True)
                   if d["type"] == "MIGRATED_TO" and d.get("year") == year)
    sliced = store.to_networkx(Slice(year_from=year, year_to=year))
    imported = [d for *_, d in sliced.edges(data=True) if d.get("dataset")]
    assert len(imported) == expected > 0
    assert _migrations(sliced) < _migrations(whole)
    before = store.to_networkx(Slice(year_from=year - 1, year_to=year - 1))
    assert not [d for *_, d in before.edges(data=True) if d.get("dataset")]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(1940, 2030), st.integers(0, 40))
def test_any_span_of_years_agrees(mixed_db, start, length):
    store, whole = mixed_db
    slice_ = Slice(year_from=start, year_to=start + length)
    assert_same_graph(store.to_networkx(slice_), select(whole, slice_))


def test_an_unknown_era_is_refused(mixed_db):
    store, _ = mixed_db
    with pytest.raises(ParameterError, match="unknown era 'stage9'"):
        store.to_networkx(Slice(era="stage9"))


def test_the_database_not_python_drops_the_other_years(mixed_db, monkeypatch):
    store, whole = mixed_db
    fetched = []
    run = store.run

    def counting_run(cypher, params=None, **kwargs):
        result = run(cypher, params, **kwargs)
        if "MIGRATED_TO" in cypher:
            fetched.append(len(result.rows))
        return result

    monkeypatch.setattr(store, "run", counting_run)
    store.to_networkx(Slice(year_from=1900, year_to=1900))
    # By the overlap rule: an edge with years of its own comes back only when its span
    # (an open end reaching every later year) holds 1900; undated edges all come back.
    expected = 0
    for *_, d in whole.edges(data=True):
        if d["type"] != "MIGRATED_TO":
            continue
        own = [d.get(k) for k in ("year_start", "year", "year_end") if d.get(k) is not None]
        end = d.get("year_end", d.get("year"))
        expected += not own or (min(own) <= 1900 and (end is None or end >= 1900))
    assert expected < _migrations(whole) and fetched == [expected]


def test_one_slice_class_serves_measures_and_exports():
    from intelmig.analytics import Slice as AnalyticsSlice

    assert Slice is AnalyticsSlice
    # the 1960-1989 flow: shown in an export of 1960, not counted in a measure of 1960
    eras = [{"id": "stage3", "start_year": 1960, "end_year": 1989}]
    year_1960 = Slice.of(year=1960)
    assert year_1960.admits((1960, 1989), "stage3")
    assert year_1960.params(eras)["eras"] == []
