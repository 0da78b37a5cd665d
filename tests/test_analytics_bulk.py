"""The bulk path of place_graph: pair rows added column-wise give what row-by-row adding
gives; yearly and undated rows of one pair add up across the query's two halves; flow
citations are looked up only when a chosen row names a flow; a table's centralities
without the measure ranks."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from intelmig.analytics import place_graph
from intelmig.analytics.aggregate import PlaceGraph, add_pair_columns, add_pair_row
from intelmig.analytics.hubs import hub_table
from intelmig.analytics.slices import Slice
from intelmig.dataset import Dataset
from intelmig.queries import get_query
from intelmig.stores.embedded import EmbeddedStore, build_database

NAMES = ("dataset", "source", "target", "low", "high", "bounded_rows", "rows")


@st.composite
def pair_rows(draw):
    """Aggregated rows as the pair-weight queries return them: several datasets, pairs
    repeated (two datasets, or the two halves), unbounded rows, a row within one place."""
    places = ["A", "B", "C", "D"]
    rows = []
    for _ in range(draw(st.integers(min_value=0, max_value=25))):
        source, target = draw(st.sampled_from(places)), draw(st.sampled_from(places))
        count = draw(st.integers(min_value=1, max_value=4))
        low = draw(st.one_of(st.none(), st.floats(min_value=0, max_value=1e6)))
        high = (low or 0.0) + draw(st.floats(min_value=0, max_value=1e6))
        rows.append((draw(st.sampled_from([None, "a", "b"])), source, target, low, high,
                     draw(st.integers(min_value=0, max_value=count)), count))
    return rows


def new_graph(measure):
    graph = PlaceGraph(Slice.of(year=2019), measure, "country", sources=("a", "b"))
    graph.places.update({p: (p, "Country") for p in "ABCD"})
    return graph


@settings(max_examples=150, deadline=None)
@given(pair_rows(), st.sampled_from(["flow", "qualitative"]))
def test_columns_add_up_exactly_as_rows_one_at_a_time(rows, measure):
    by_row, by_column = new_graph(measure), new_graph(measure)
    for row in rows:
        add_pair_row(by_row, row)
    add_pair_columns(by_column, {name: [row[i] for row in rows]
                                 for i, name in enumerate(NAMES)})
    # Matrices first: from the pending columns, before any Corridor object exists.
    nodes, expected = by_row.matrices()
    assert by_column._pending is not None or not rows
    assert by_column.matrices()[0] == nodes
    for scenario, matrix in by_column.matrices()[1].items():
        assert (matrix == expected[scenario]).all(), scenario
    assert by_column._linked() == {p for pair in by_row.corridors for p in pair}
    # Same sums, same order, bit for bit (strengths are summed in row order either way).
    assert list(by_column.sent.items()) == list(by_row.sent.items())
    assert list(by_column.received.items()) == list(by_row.received.items())
    assert by_column.within == by_row.within
    assert list(by_column.corridors) == list(by_row.corridors)
    assert by_column.corridors == by_row.corridors


def test_added_columns_sum_with_corridors_already_made():
    graph = new_graph("flow")
    add_pair_row(graph, ("a", "A", "B", 1.0, 2.0, 1, 1))
    add_pair_columns(graph, {"dataset": ["b"], "source": ["A"], "target": ["B"],
                             "low": [3.0], "high": [4.0], "bounded_rows": [1],
                             "rows": [1]})
    corridor = graph.corridors["A", "B"]
    assert (corridor.low, corridor.high, corridor.links, corridor.datasets) == (
        4.0, 6.0, 2, {"a", "b"})
    assert graph.sent == {"A": [4.0, 6.0]}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """Dataset un: KAZ -> RUS 30 in 2019 by year and 5 more stated as the span 2019-2019,
    RUS -> KAZ 10, KAZ -> DEU 7 in 2018. Dataset people: person moves rolled up (value 1,
    each naming its Flow, as ``import persons --rollup`` writes them)."""
    ds = Dataset()
    for code in ("KAZ", "RUS", "DEU"):
        ds.add_node("Country", {"id": code, "name_en": code})

    def row(origin, destination, **props):
        ds.add_rel("MIGRATED_TO", "Country", origin, "Country", destination, props)

    row("KAZ", "RUS", measure="flow", dataset="un", year=2019, value=30.0)
    row("KAZ", "RUS", measure="flow", dataset="un", year_start=2019, year_end=2019, value=5.0)
    row("RUS", "KAZ", measure="flow", dataset="un", year=2019, value=10.0)
    row("KAZ", "DEU", measure="flow", dataset="un", year=2018, value=7.0)
    for flow, (origin, destination) in enumerate((("KAZ", "RUS"), ("KAZ", "RUS"),
                                                  ("DEU", "KAZ"))):
        row(origin, destination, measure="event", dataset="people", year=2019, value=1.0,
            flow=f"people:p{flow}:1")
    path = tmp_path_factory.mktemp("bulk") / "bulk.lbug"
    build_database(path, ds)
    with EmbeddedStore(path) as opened:
        yield opened


class Recording:
    """The store, with the text of every query it ran."""

    def __init__(self, store):
        self.store, self.queries = store, []

    def run(self, cypher, params=None, **options):
        self.queries.append(cypher)
        return self.store.run(cypher, params, **options)

    def run_columns(self, cypher, params=None):
        self.queries.append(cypher)
        return self.store.run_columns(cypher, params)

    def reading_datasets(self, ids):
        return self.store.reading_datasets(ids)


def test_a_pairs_rows_with_a_year_and_with_a_span_add_up(store):
    graph = place_graph(store, Slice.of(year=2019), dataset="un")
    corridor = graph.corridors["KAZ", "RUS"]
    assert (corridor.low, corridor.high, corridor.links) == (35.0, 35.0, 2)
    assert graph.sent == {"KAZ": [35.0, 35.0], "RUS": [10.0, 10.0]}
    assert graph.received == {"RUS": [35.0, 35.0], "KAZ": [10.0, 10.0]}
    assert set(graph.corridors) == {("KAZ", "RUS"), ("RUS", "KAZ")}
    spanned = place_graph(store, Slice.of(year_from=2018, year_to=2019), dataset="un")
    assert spanned.sent["KAZ"] == [42.0, 42.0]


def test_citations_are_looked_up_only_when_a_chosen_row_names_a_flow(store):
    citations = get_query("analytics_flow_citations").text
    recording = Recording(store)
    imported = place_graph(recording, Slice.of(year=2019), dataset="un")
    assert citations not in recording.queries
    assert not any(c.flows for c in imported.corridors.values())
    assert not imported.sent_flows and not imported.received_flows

    recording = Recording(store)
    people = place_graph(recording, Slice.of(year=2019), dataset="people")
    assert citations in recording.queries
    assert people.corridors["KAZ", "RUS"].flows == {"people:p0:1", "people:p1:1"}
    assert people.sent_flows == {"KAZ": {"people:p0:1", "people:p1:1"},
                                 "DEU": {"people:p2:1"}}
    assert people.received["KAZ"] == [1.0, 1.0]


def test_a_table_without_measure_ranks_has_the_same_rows(store):
    graph = place_graph(store, Slice.of(year=2019), dataset="un")
    full, table = hub_table(graph), hub_table(graph, ranks=False)
    assert [row.measure_ranks for row in table] == [{}] * len(table)
    assert all(row.measure_ranks for row in full)
    for row in full:
        row.measure_ranks = {}
    assert table == full
    # Two places sending to each other: PageRank 1/2 each, no one between others.
    assert [(row.place, row.pagerank, row.betweenness) for row in table] == [
        ("RUS", 0.5, 0.0), ("KAZ", 0.5, 0.0), ("KAZ", 0.5, 0.0), ("RUS", 0.5, 0.0)]
