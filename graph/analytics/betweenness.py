"""Betweenness: brokers and transit places that lie on the strongest corridors between others.

Paths follow the corridors, and a corridor's length is the inverse of its weight
(``1 / w``: a heavy corridor is a short one, the usual reading for flows, Opsahl
et al. 2010); with ``weight=None`` every corridor has length 1 (hops). The score
of ``v`` is the sum over ordered pairs ``s != v != t`` of the share of shortest
``s``-``t`` paths through ``v`` (Brandes 2001), divided by ``(n-1)(n-2)`` when
``normalized``, exactly as ``networkx.betweenness_centrality`` defines it.

The aggregated graphs are small and dense (a few hundred places, up to every
pair), where networkx's per-source Dijkstra in Python is slow. This module runs
Brandes' algorithm for all sources at once on dense numpy arrays: all-pairs
distances by Floyd-Warshall, then path counts and dependencies settled in order
of distance, ``O(n³)`` arithmetic in ``O(n)`` vectorised steps. Path lengths
that agree to a relative ``1e-9`` count as equal (ties are real: unit weights).
"""

from __future__ import annotations

import numpy as np

from ._matrix import weight_matrix
from .decorators import weighted_digraph

__all__ = ["betweenness", "betweenness_matrix"]

RELATIVE_TOLERANCE = 1e-9


@weighted_digraph
def betweenness(G, weight="weight", normalized=True):
    """Betweenness of every node, with corridor length ``1 / weight``.

    Parameters
    ----------
    G : networkx.DiGraph
    weight : str or None
        Edge attribute holding the weight; edges of weight 0 are absent.
        ``None``: every edge has length 1.
    normalized : bool
        Divide by ``(n-1)(n-2)``, the number of ordered pairs of other nodes.

    Returns
    -------
    dict
        Node -> betweenness, every node included: the number (or, normalized, the
        share) of ordered pairs of other places whose strongest route passes it.

    Raises
    ------
    networkx.NetworkXNotImplemented
        When ``G`` is not a ``DiGraph`` (undirected, or a multigraph).
    ValueError
        When a weight is negative, infinite or not a number.

    Examples
    --------
    Kazakhstan sends 1 straight to Germany and 4 to Russia, which sends 4 on to
    Germany. Heavy corridors are short (length ``1 / w``), so the strongest route
    from Kazakhstan to Germany runs through Russia (``1/4 + 1/4 < 1/1``); counted
    in hops, the direct corridor is shorter:

    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_weighted_edges_from([("KAZ", "DEU", 1), ("KAZ", "RUS", 4), ("RUS", "DEU", 4)])
    >>> betweenness(G, normalized=False)
    {'KAZ': 0.0, 'DEU': 0.0, 'RUS': 1.0}
    >>> betweenness(G)["RUS"]                  # 1 of the (3-1)(3-2) = 2 ordered pairs
    0.5
    >>> betweenness(G, weight=None, normalized=False)
    {'KAZ': 0.0, 'DEU': 0.0, 'RUS': 0.0}
    """
    nodes, A = weight_matrix(G, weight)
    return dict(zip(nodes, betweenness_matrix(A, normalized).tolist()))


def betweenness_matrix(A, normalized=True):
    """Betweenness from a dense weight matrix ``A`` (0: no edge; diagonal ignored).

    The fast path of :func:`betweenness`, for callers that already hold matrices
    (:meth:`intelmig.analytics.aggregate.PlaceGraph.matrices`).

    Parameters
    ----------
    A : array_like, shape (n, n)
        ``A[i, j]`` the weight of corridor ``i -> j``, finite and >= 0 (length ``1 / A[i, j]``).
    normalized : bool
        Divide by ``(n-1)(n-2)``.

    Returns
    -------
    numpy.ndarray, shape (n,)
        The betweenness of each row's node; zeros when ``n < 3``.

    Examples
    --------
    The middle of a path ``0 -> 1 -> 2`` lies on the one route between the others:

    >>> import numpy as np
    >>> betweenness_matrix(np.array([[0, 1, 0], [0, 0, 1], [0, 0, 0]]), False).tolist()
    [0.0, 1.0, 0.0]
    """
    A = np.asarray(A, dtype=float)
    A = A - np.diag(np.diag(A))
    n = len(A)
    if n < 3:
        return np.zeros(n)
    with np.errstate(divide="ignore"):
        length = np.where(A > 0, 1.0 / A, np.inf)
    distance = length.copy()
    np.fill_diagonal(distance, 0.0)
    for k in range(n):
        np.minimum(distance, distance[:, k, None] + distance[None, k, :], out=distance)

    sources = np.arange(n)
    order = np.argsort(distance, axis=1, kind="stable")  # row s: nodes by distance from s
    # Relative to the distance itself, so that scaling every weight changes no tie.
    tolerance = RELATIVE_TOLERANCE * distance
    paths = np.zeros((n, n))
    paths[sources, sources] = 1.0
    successors = []  # step k: [s, w] is True where order[s, k] -> w lies on a shortest path
    with np.errstate(invalid="ignore"):  # inf - inf where neither end is reachable
        for k in range(n):
            v = order[:, k]
            on_path = np.abs(distance[sources, v][:, None] + length[v] - distance) <= tolerance
            on_path[sources, sources] = False
            successors.append(on_path)
            paths += on_path * paths[sources, v][:, None]

    # Brandes' dependencies, from the farthest node back; share[s, w] = (1 + dep) / paths.
    dependency = np.zeros((n, n))
    share = np.divide(1.0, paths, out=np.zeros_like(paths), where=paths > 0)
    for k in range(n - 1, -1, -1):
        v = order[:, k]
        dependency[sources, v] = paths[sources, v] * np.einsum(
            "ij,ij->i", successors[k], share)
        share[sources, v] = np.divide(1.0 + dependency[sources, v], paths[sources, v],
                                      out=np.zeros(n), where=paths[sources, v] > 0)
    dependency[sources, sources] = 0.0
    scores = dependency.sum(axis=0)
    if normalized:
        scores = scores / ((n - 1) * (n - 2))
    return scores
