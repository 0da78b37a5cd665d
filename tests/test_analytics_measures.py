"""Every analytics measure against an independent implementation (igraph), and by hand."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from intelmig.analytics import (
    betweenness,
    circulation,
    circulation_bounds,
    circulation_index,
    edge_reciprocity,
    hits,
    in_strength,
    net_balance,
    out_strength,
    pagerank,
)

igraph = pytest.importorskip("igraph")
TOLERANCE = 1e-7


def to_igraph(G, weight="weight"):
    nodes = list(G)
    index = {n: i for i, n in enumerate(nodes)}
    edges = [(index[u], index[v]) for u, v in G.edges()]
    graph = igraph.Graph(n=len(nodes), edges=edges, directed=True)
    graph.es["weight"] = [float(d.get(weight, 1)) for _, _, d in G.edges(data=True)]
    return nodes, graph


@st.composite
def weighted_digraphs(draw, max_nodes=9):
    n = draw(st.integers(min_value=3, max_value=max_nodes))
    pairs = [(u, v) for u in range(n) for v in range(n) if u != v]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs)))
    G = nx.DiGraph()
    G.add_nodes_from(range(n))
    for u, v in chosen:
        # Integer weights make ties between path lengths common: the hard case.
        G.add_edge(u, v, weight=float(draw(st.integers(min_value=1, max_value=4))))
    return G


def close(mine: dict, theirs: list, nodes: list, scale=1.0) -> bool:
    return all(abs(mine[n] - scale * t) <= TOLERANCE for n, t in zip(nodes, theirs))


@settings(max_examples=60, deadline=None)
@given(weighted_digraphs())
def test_strength_and_balance_match_igraph(G):
    nodes, ig = to_igraph(G)
    assert close(out_strength(G), ig.strength(mode="out", weights="weight"), nodes)
    assert close(in_strength(G), ig.strength(mode="in", weights="weight"), nodes)
    received = ig.strength(mode="in", weights="weight")
    sent = ig.strength(mode="out", weights="weight")
    assert close(net_balance(G), [r - s for r, s in zip(received, sent)], nodes)


@settings(max_examples=60, deadline=None)
@given(weighted_digraphs())
def test_pagerank_matches_igraph(G):
    nodes, ig = to_igraph(G)
    theirs = ig.pagerank(weights="weight", damping=0.85, directed=True)
    assert close(pagerank(G), theirs, nodes)
    unweighted = ig.pagerank(damping=0.85, directed=True)
    assert close(pagerank(G, weight=None), unweighted, nodes)


def _leading(matrix):
    values = np.linalg.eigvalsh(matrix)
    return values[-1], (values[-2] if len(values) > 1 else 0.0)


@settings(max_examples=60, deadline=None)
@given(weighted_digraphs())
def test_hits_matches_igraph(G):
    nodes, ig = to_igraph(G)
    hub, authority = hits(G)
    A = nx.to_numpy_array(G, nodelist=nodes, weight="weight")
    if not A.any():
        assert set(hub.values()) == {0.0}
        return
    # Where the leading eigenvalue is simple the scores are unique: compare them.
    top, second = _leading(A.T @ A)
    theirs_hub = np.array(ig.hub_score(weights="weight", scale=False))
    theirs_authority = np.array(ig.authority_score(weights="weight", scale=False))
    mine_hub = np.array([hub[n] for n in nodes])
    mine_authority = np.array([authority[n] for n in nodes])
    if second < top * (1 - 1e-6):
        assert np.allclose(mine_hub, theirs_hub / theirs_hub.sum(), atol=1e-6)
        assert np.allclose(mine_authority, theirs_authority / theirs_authority.sum(), atol=1e-6)
    # Always: ours are leading eigenvectors (eigenvalue ``top``) of AAᵀ and AᵀA.
    assert np.allclose(A @ A.T @ mine_hub, top * mine_hub, atol=1e-6 * max(top, 1))
    assert np.allclose(A.T @ A @ mine_authority, top * mine_authority, atol=1e-6 * max(top, 1))


@settings(max_examples=60, deadline=None)
@given(weighted_digraphs())
def test_betweenness_matches_igraph(G):
    nodes, ig = to_igraph(G)
    n = len(nodes)
    scale = 1.0 / ((n - 1) * (n - 2))
    lengths = [1.0 / w for w in ig.es["weight"]]
    assert close(betweenness(G), ig.betweenness(directed=True, weights=lengths), nodes, scale)
    assert close(betweenness(G, weight=None), ig.betweenness(directed=True), nodes, scale)


@settings(max_examples=60, deadline=None)
@given(weighted_digraphs())
def test_edge_reciprocity_matches_igraph(G):
    _nodes, ig = to_igraph(G)
    expected = ig.reciprocity(ignore_loops=True, mode="default") if G.number_of_edges() else 0.0
    assert edge_reciprocity(G) == pytest.approx(expected)


def test_seed_scenario_graphs_match_igraph(embedded_store):
    from intelmig.analytics import place_graph
    from intelmig.analytics.slices import Slice

    checked = 0
    for era in ("stage1", "stage2", "stage3", "stage4", ""):
        for level in ("country", "region"):
            graph = place_graph(embedded_store, Slice.of(era=era or None), level=level)
            for scenario in ("low", "high", "unweighted"):
                G = graph.digraph(scenario)
                if G.number_of_edges() == 0:
                    continue
                nodes, ig = to_igraph(G)
                n = len(nodes)
                assert close(pagerank(G), ig.pagerank(weights="weight"), nodes)
                lengths = [1.0 / w for w in ig.es["weight"]]
                if n > 2:
                    assert close(betweenness(G), ig.betweenness(weights=lengths), nodes,
                                 1.0 / ((n - 1) * (n - 2)))
                assert close(in_strength(G), ig.strength(mode="in", weights="weight"), nodes)
                checked += 1
    assert checked >= 10


# -- hand-computed cases ---------------------------------------------------------

def corridor():
    """DEU and GBR send to USA; USA sends a little to CAN. Obvious donor and recipient."""
    G = nx.DiGraph()
    G.add_weighted_edges_from([("DEU", "USA", 6.0), ("GBR", "USA", 3.0), ("USA", "CAN", 1.0)])
    return G


def test_corridor_donor_and_recipient_by_hand():
    G = corridor()
    assert out_strength(G) == {"DEU": 6.0, "USA": 1.0, "GBR": 3.0, "CAN": 0}
    assert max(in_strength(G).items(), key=lambda kv: kv[1]) == ("USA", 9.0)
    assert net_balance(G) == {"DEU": -6.0, "USA": 8.0, "GBR": -3.0, "CAN": 1.0}
    hub, authority = hits(G)
    # AAᵀ restricted to the senders of USA is [[36, 18], [18, 9]]: hub ∝ (2, 1).
    assert hub["DEU"] == pytest.approx(2 / 3) and hub["GBR"] == pytest.approx(1 / 3)
    assert authority["USA"] == pytest.approx(1.0) and authority["CAN"] == pytest.approx(0.0)
    # USA lies on the only paths DEU->CAN and GBR->CAN: 2 of the 4*3 ordered pairs... raw 2.
    assert betweenness(G, normalized=False)["USA"] == 2.0
    assert betweenness(G)["USA"] == pytest.approx(2 / 6)


def test_pagerank_by_hand():
    # a -> b only: b dangling. With d = 0.85, n = 2: pa = 0.15/2 + 0.85*pb/2,
    # pb = 0.15/2 + 0.85*(pa + pb/2); solving: pa = 1/2.85, pb = 1.85/2.85.
    G = nx.DiGraph([("a", "b")])
    ranks = pagerank(G)
    assert ranks["a"] == pytest.approx(1 / 2.85) and ranks["b"] == pytest.approx(1.85 / 2.85)


def test_two_way_corridor_circulation_by_hand():
    G = nx.DiGraph()
    G.add_weighted_edges_from([("KAZ", "RUS", 30.0), ("RUS", "KAZ", 10.0), ("KAZ", "DEU", 5.0)])
    assert circulation(G) == {("KAZ", "RUS"): 0.5, ("DEU", "KAZ"): 0.0}
    assert circulation_index(10, 10) == 1.0
    assert circulation_bounds((10, 30), (10, 10)) == (0.5, 1.0)
    assert circulation_bounds((0, 4), (8, 8)) == (0.0, pytest.approx(2 * 4 / 12))
    assert circulation_bounds((0, math.inf), (5, 5)) == (0.0, 1.0)
    assert circulation_bounds((0, 0), (0, 0)) == (None, None)


def test_validation_by_decorator():
    with pytest.raises(nx.NetworkXNotImplemented):
        pagerank(nx.MultiDiGraph([(1, 2)]))
    with pytest.raises(ValueError, match="finite"):
        betweenness(nx.DiGraph([(1, 2, {"weight": math.inf})]))
    with pytest.raises(ValueError, match="alpha"):
        pagerank(corridor(), alpha=1.0)
    assert pagerank(nx.DiGraph()) == {} and hits(nx.DiGraph()) == ({}, {})
