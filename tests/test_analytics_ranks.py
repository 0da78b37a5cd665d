"""Honest ranks: intervals from volume ranges only, and no measure moves when counts scale."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from intelmig.analytics.aggregate import Corridor, PlaceGraph
from intelmig.analytics.hubs import hub_table
from intelmig.analytics.ranking import competition_ranks, rank_intervals
from intelmig.analytics.slices import Slice

volumes = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)


@st.composite
def ranges_and_split(draw):
    """Random ranges [low, high] per place, and one split: a value inside each range."""
    n = draw(st.integers(min_value=1, max_value=8))
    bounds, split = {}, {}
    for i in range(n):
        a, b = sorted((draw(volumes), draw(volumes)))
        bounds[f"p{i}"] = (a, b)
        # Either end (where ties are decided) or any point between them.
        inside = min(b, a + draw(st.floats(min_value=0, max_value=1)) * (b - a))
        split[f"p{i}"] = draw(st.sampled_from([a, b, inside]))
    return bounds, split


@settings(max_examples=300, deadline=None)
@given(ranges_and_split())
def test_every_split_ranks_inside_the_interval_and_the_ends_are_reached(case):
    bounds, split = case
    intervals = rank_intervals(bounds)
    for place, rank in competition_ranks(split).items():
        best, worst = intervals[place]
        assert best <= rank <= worst
    for place, (low, high) in bounds.items():
        # The place at its high bound and every other at its low: the best rank.
        favourable = {q: (high if q == place else b[0]) for q, b in bounds.items()}
        adverse = {q: (low if q == place else b[1]) for q, b in bounds.items()}
        assert competition_ranks(favourable)[place] == intervals[place][0]
        assert competition_ranks(adverse)[place] == intervals[place][1]


def test_rank_interval_by_hand():
    # a [10, 20], b exact 15, c [1, 2]: a and b may swap, c is third in every split.
    assert rank_intervals({"a": (10, 20), "b": (15, 15), "c": (1, 2)}) == {
        "a": (1, 2), "b": (1, 2), "c": (3, 3)}
    # Exact data: one rank each, ties shared.
    assert rank_intervals({"x": (5, 5), "y": (5, 5), "z": (1, 1)}) == {
        "x": (1, 1), "y": (1, 1), "z": (3, 3)}
    # An unbounded high ("more than 500") may outrank anyone.
    assert rank_intervals({"u": (500, math.inf), "v": (900, 900)}) == {
        "u": (1, 2), "v": (1, 2)}


def _graph(edges, factor=1.0):
    graph = PlaceGraph(Slice(), "flow", "country", sources=("test",))
    for source, target, weight in edges:
        value = weight * factor
        graph.corridors[source, target] = Corridor(source, target, value, value, 1)
        for place in (source, target):
            graph.places[place] = (place, "Country")
        graph.sent.setdefault(source, [0.0, 0.0])
        graph.received.setdefault(target, [0.0, 0.0])
        graph.sent[source] = [graph.sent[source][0] + value, graph.sent[source][1] + value]
        graph.received[target] = [graph.received[target][0] + value,
                                  graph.received[target][1] + value]
    return graph


places = st.sampled_from(["AUT", "BLR", "DEU", "KAZ", "NLD", "POL", "RUS"])
edge_lists = st.lists(st.tuples(places, places, st.integers(min_value=1, max_value=10_000)),
                      min_size=1, max_size=15).map(
    lambda edges: list({(s, t): (s, t, w) for s, t, w in edges if s != t}.values())
).filter(bool)


@settings(max_examples=60, deadline=None)
@given(edge_lists, st.sampled_from([0.001, 0.37, 3.0, 1000.0, 123456.789]))
def test_scaling_every_count_changes_no_rank_or_centrality(edges, factor):
    before = {(r.role, r.place): r for r in hub_table(_graph(edges))}
    after = {(r.role, r.place): r for r in hub_table(_graph(edges, factor))}
    assert before.keys() == after.keys()
    for key, row in before.items():
        scaled = after[key]
        assert (scaled.rank_best, scaled.rank_worst, scaled.rank_partners) == (
            row.rank_best, row.rank_worst, row.rank_partners)
        assert scaled.measure_ranks == row.measure_ranks
        for name in ("pagerank", "authority", "hub", "betweenness"):
            assert getattr(scaled, name) == pytest.approx(getattr(row, name), rel=1e-6,
                                                          abs=1e-9)
        assert scaled.effectiveness_low == pytest.approx(row.effectiveness_low)
        assert scaled.low == pytest.approx(row.low * factor)


def test_partner_rank_is_its_own_column():
    # DEU sends 100 to one place; POL sends 10 + 10 to two: DEU first by volume, POL by
    # partners. The old interval mixed the two and called DEU unstable.
    graph = _graph([("DEU", "USA", 100), ("POL", "USA", 10), ("POL", "RUS", 10)])
    donors = {r.place: r for r in hub_table(graph) if r.role == "donor"}
    assert (donors["DEU"].rank_best, donors["DEU"].rank_worst, donors["DEU"].stable) == (
        1, 1, True)
    assert (donors["DEU"].rank_partners, donors["POL"].rank_partners) == (2, 1)
