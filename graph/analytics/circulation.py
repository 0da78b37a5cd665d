"""Circulation index of a corridor: how two-way the movement between two places is.

For a pair of places with weights ``x`` (a->b) and ``y`` (b->a) the index is
``2 min(x, y) / (x + y)``: 1 when both directions are equal (brain circulation),
0 when the movement is one-way (brain drain), undefined (``None``) when there is
none. With interval weights the index lies between the bounds that
:func:`circulation_bounds` returns; :func:`edge_reciprocity` is the share of
edges whose reverse exists, the unweighted reciprocity of a digraph.
"""

from __future__ import annotations

import math

from .decorators import weighted_digraph

__all__ = ["circulation", "circulation_bounds", "circulation_index", "edge_reciprocity"]


def circulation_index(forward, backward):
    """``2 min(x, y) / (x + y)`` for weights ``x``, ``y`` >= 0; None when both are 0.

    An unbounded (infinite) weight against a finite one gives the limit, 0.

    Parameters
    ----------
    forward, backward : float
        The volumes of the two directions of a corridor (people, or links), >= 0;
        ``inf`` for a volume stated without an upper bound.

    Returns
    -------
    float or None
        In [0, 1]: 1 for as many moves each way, 0 for one-way movement; None when
        nothing moves, or both volumes are unbounded.

    Examples
    --------
    >>> circulation_index(30, 10)                # 2 * 10 / 40
    0.5
    >>> circulation_index(7, 7), circulation_index(5, 0), circulation_index(0, 0)
    (1.0, 0.0, None)
    >>> circulation_index(float("inf"), 5)
    0.0
    """
    low, high = sorted((forward, backward))
    if high <= 0 or math.isinf(low):
        return None
    if math.isinf(high):
        return 0.0
    return 2 * low / (low + high)


def circulation_bounds(forward, backward):
    """Smallest and largest index for weights in ``forward=(lo, hi)`` and ``backward=(lo, hi)``.

    The index grows with ``min/max``, so its least value is at a corner where one
    direction is as small and the other as large as allowed, and its greatest is
    1 when the intervals share a positive value, otherwise at their two closest
    ends.

    Parameters
    ----------
    forward, backward : (float, float)
        ``(low, high)`` volume intervals of the two directions, ``0 <= low <= high``
        (``high`` may be ``inf``).

    Returns
    -------
    (float or None, float or None)
        The least and greatest circulation index, each in [0, 1];
        ``(None, None)`` when no movement is possible.

    Examples
    --------
    >>> circulation_bounds((10, 30), (10, 10))   # 10 vs 30 at worst, 10 vs 10 at best
    (0.5, 1.0)
    >>> circulation_bounds((0, 4), (8, 8))       # at best 4 vs 8
    (0.0, 0.6666666666666666)
    >>> circulation_bounds((10.0, 10.0), (10.0, 10.0))
    (1.0, 1.0)
    >>> circulation_bounds((0.0, 110000.0), (0.0, 0.0))  # one-way, volume possibly zero
    (0.0, 0.0)
    """
    (a_lo, a_hi), (b_lo, b_hi) = forward, backward
    if a_hi + b_hi <= 0:
        return None, None
    corners = [circulation_index(a_lo, b_hi), circulation_index(a_hi, b_lo)]
    least = min((c for c in corners if c is not None), default=None)
    if max(a_lo, b_lo) <= min(a_hi, b_hi) and min(a_hi, b_hi) > 0:
        return least, 1.0
    closest = circulation_index(a_hi, b_lo) if a_hi < b_lo else circulation_index(a_lo, b_hi)
    # At that corner both weights may be zero (no movement, no index): then every
    # defined value of the box is the least one.
    return least, least if closest is None else closest


@weighted_digraph
def circulation(G, weight="weight"):
    """Circulation index of every linked pair of ``G``, keyed ``(u, v)`` with ``u < v``.

    Parameters
    ----------
    G : networkx.DiGraph
        Places as nodes, ``u -> v`` the movement from ``u`` to ``v``; self-loops
        are skipped.
    weight : str or None
        Edge attribute holding the weight; a missing attribute counts as 1 (None:
        every edge weighs 1, so a pair linked both ways has index 1).

    Returns
    -------
    dict
        ``(u, v)`` (ordered by ``str``) -> :func:`circulation_index` of the pair's
        two directions.

    Raises
    ------
    networkx.NetworkXNotImplemented
        When ``G`` is not a ``DiGraph`` (undirected, or a multigraph).
    ValueError
        When a weight is negative, infinite or not a number.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_weighted_edges_from([("KAZ", "RUS", 30), ("RUS", "KAZ", 10), ("KAZ", "USA", 4)])
    >>> circulation(G)
    {('KAZ', 'RUS'): 0.5, ('KAZ', 'USA'): 0.0}
    """
    pairs = {}
    for u, v, w in G.edges(data=weight, default=1):
        if u == v:
            continue
        a, b = sorted((u, v), key=str)
        forward = G[a][b].get(weight, 1) if G.has_edge(a, b) else 0
        backward = G[b][a].get(weight, 1) if G.has_edge(b, a) else 0
        if weight is None:
            forward, backward = int(G.has_edge(a, b)), int(G.has_edge(b, a))
        pairs[(a, b)] = circulation_index(forward, backward)
    return pairs


@weighted_digraph
def edge_reciprocity(G, weight=None):
    """Share of the edges of ``G`` whose reverse edge exists (``networkx.reciprocity``).

    Parameters
    ----------
    G : networkx.DiGraph
        Self-loops are not counted.
    weight : str or None
        Not used by the measure, which is unweighted; when an attribute is named,
        its values are still checked as weights.

    Returns
    -------
    float
        In [0, 1]; 0.0 for a graph without edges.

    Raises
    ------
    networkx.NetworkXNotImplemented
        When ``G`` is not a ``DiGraph`` (undirected, or a multigraph).

    Examples
    --------
    >>> import networkx as nx
    >>> edge_reciprocity(nx.DiGraph([("KAZ", "RUS"), ("RUS", "KAZ"), ("KAZ", "USA")]))
    0.6666666666666666
    """
    edges = [(u, v) for u, v in G.edges() if u != v]
    if not edges:
        return 0.0
    return sum(G.has_edge(v, u) for u, v in edges) / len(edges)
