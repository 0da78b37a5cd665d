"""Weighted PageRank: recipient prestige (receiving from places that themselves receive).

Computed exactly by solving the PageRank linear system rather than by power
iteration. A node's outgoing weight is split in proportion to edge weights; a
node that sends nothing (dangling) spreads its rank uniformly, as networkx and
igraph do. Self-loops are ignored (a place does not migrate to itself).
"""

from __future__ import annotations

import numpy as np

from ._matrix import weight_matrix
from .decorators import weighted_digraph

__all__ = ["pagerank", "pagerank_matrix"]


@weighted_digraph
def pagerank(G, alpha=0.85, weight="weight"):
    """PageRank of every node of a weighted directed graph.

    Parameters
    ----------
    G : networkx.DiGraph
    alpha : float
        Damping factor, 0 < alpha < 1 (0.85 as in networkx and igraph).
    weight : str or None
        Edge attribute holding the weight (None: every edge weighs 1).

    Returns
    -------
    dict
        Node -> PageRank, dimensionless; the values sum to 1. An empty graph gives ``{}``.

    Raises
    ------
    ValueError
        When ``alpha`` is not strictly between 0 and 1, or a weight is negative,
        infinite or not a number.
    networkx.NetworkXNotImplemented
        When ``G`` is not a ``DiGraph`` (undirected, or a multigraph).

    Examples
    --------
    Germany sends 9 to the USA; Britain 1 to the USA and 1 to Canada. The USA and
    Canada send nothing, so their rank ``d`` is spread over all four places; with
    ``x`` the rank of Germany (and of Britain), ``2x + d = 1`` and
    ``x = 0.15/4 + 0.85 d/4`` give ``d = 0.925 / 1.425``, split between the USA
    and Canada (``0.15/4 + 0.85 (d/4 + x/2) = 0.25``):

    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_weighted_edges_from([("DEU", "USA", 9), ("GBR", "USA", 1), ("GBR", "CAN", 1)])
    >>> {n: round(r, 4) for n, r in pagerank(G).items()}
    {'DEU': 0.1754, 'USA': 0.3991, 'GBR': 0.1754, 'CAN': 0.25}
    >>> pagerank(G, alpha=1.0)
    Traceback (most recent call last):
    ...
    ValueError: alpha must lie strictly between 0 and 1, got 1.0
    """
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must lie strictly between 0 and 1, got {alpha!r}")
    nodes, A = weight_matrix(G, weight)
    return dict(zip(nodes, pagerank_matrix(A, alpha).tolist()))


def pagerank_matrix(A, alpha=0.85):
    """PageRank from a dense weight matrix ``A`` (``A[i, j]``: weight of i->j, diagonal ignored).

    The fast path of :func:`pagerank`, for callers that already hold matrices; it
    does not check ``alpha``.

    Parameters
    ----------
    A : numpy.ndarray, shape (n, n)
        Finite weights >= 0.
    alpha : float
        Damping factor.

    Returns
    -------
    numpy.ndarray, shape (n,)
        PageRank of each row's node, summing to 1 (empty for ``n = 0``).

    Examples
    --------
    ``0 -> 1``: node 1 sends nothing and spreads its rank over both, so
    ``r1 = 0.075 + 0.85 (r0 + r1/2)`` and ``r0 + r1 = 1`` give ``r1 = 0.925 / 1.425``:

    >>> import numpy as np
    >>> pagerank_matrix(np.array([[0.0, 1.0], [0.0, 0.0]])).round(4).tolist()
    [0.3509, 0.6491]
    """
    n = len(A)
    if n == 0:
        return np.zeros(0)
    A = A - np.diag(np.diag(A))
    out = A.sum(axis=1)
    dangling = out == 0
    # Row-stochastic transition matrix; dangling rows jump uniformly.
    P = np.divide(A, out[:, None], out=np.full_like(A, 1.0 / n), where=~dangling[:, None])
    rank = np.linalg.solve(np.eye(n) - alpha * P.T, np.full(n, (1 - alpha) / n))
    return rank / rank.sum()
