"""HITS hub and authority scores of a weighted directed graph.

As in Urbinati, Galimberti & Ruffo (2021) on the mobility of researchers: a good
*hub* sends to good authorities (a donor feeding the main destinations), a good
*authority* receives from good hubs (a recipient drawing on the main donors).

The authority vector is the principal eigenvector of ``AᵀA`` and the hub vector
that of ``AAᵀ`` (``A`` the weight matrix). When the leading eigenvalue is
repeated (several equally strong disconnected parts) the eigenvector is not
unique; we return the limit of Kleinberg's iteration started from the uniform
vector, i.e. the projection of the uniform vector on the leading eigenspace,
which is well defined and does not depend on the eigen-solver.
"""

from __future__ import annotations

import numpy as np

from ._matrix import weight_matrix
from .decorators import weighted_digraph

__all__ = ["hits", "hits_matrix"]

# Eigenvalues this close (relative) to the largest one belong to the leading eigenspace.
EIGEN_TOLERANCE = 1e-9


def _leading_projection(M):
    values, vectors = np.linalg.eigh(M)
    top = values[-1]
    if top <= 0:
        return np.zeros(len(M))
    leading = vectors[:, values >= top * (1 - EIGEN_TOLERANCE)]
    uniform = np.full(len(M), 1.0 / len(M))
    return leading @ (leading.T @ uniform)


@weighted_digraph
def hits(G, weight="weight"):
    """Hub and authority scores, each normalised to sum to 1 (as networkx does).

    Parameters
    ----------
    G : networkx.DiGraph
    weight : str or None
        Edge attribute holding the weight (None: every edge weighs 1).

    Returns
    -------
    (dict, dict)
        Node -> hub score and node -> authority score, dimensionless, each summing
        to 1. A graph without edges gives every node 0.

    Raises
    ------
    networkx.NetworkXNotImplemented
        When ``G`` is not a ``DiGraph`` (undirected, or a multigraph).
    ValueError
        When a weight is negative, infinite or not a number.

    Examples
    --------
    Germany sends 5 to the USA and 1 to Canada, Britain 1 to the USA. The hub
    vector is the leading eigenvector of ``AAᵀ = [[26, 5], [5, 1]]`` over (DEU,
    GBR), ``(1, (λ - 26) / 5)`` with ``λ = (27 + √725) / 2``; the authorities are
    ``Aᵀ`` times it:

    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_weighted_edges_from([("DEU", "USA", 5), ("GBR", "USA", 1), ("DEU", "CAN", 1)])
    >>> hubs, authorities = hits(G)
    >>> {n: round(x, 4) for n, x in hubs.items()}
    {'DEU': 0.8385, 'USA': 0.0, 'GBR': 0.1615, 'CAN': 0.0}
    >>> {n: round(x, 4) for n, x in authorities.items()}
    {'DEU': 0.0, 'USA': 0.8385, 'GBR': 0.0, 'CAN': 0.1615}
    """
    nodes, A = weight_matrix(G, weight)
    hub, authority = hits_matrix(A)
    return dict(zip(nodes, hub.tolist())), dict(zip(nodes, authority.tolist()))


def hits_matrix(A):
    """Hub and authority arrays from a dense weight matrix ``A`` (diagonal ignored).

    The fast path of :func:`hits`, for callers that already hold matrices.

    Parameters
    ----------
    A : numpy.ndarray, shape (n, n)
        ``A[i, j]`` the weight of ``i -> j``, finite and >= 0.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray), each of shape (n,)
        Hub and authority scores, each summing to 1 (all 0 without edges).

    Examples
    --------
    One sender, 3 to the second node and 1 to the third:

    >>> import numpy as np
    >>> hub, authority = hits_matrix(np.array([[0.0, 3.0, 1.0], [0, 0, 0], [0, 0, 0]]))
    >>> hub.tolist(), authority.tolist()
    ([1.0, 0.0, 0.0], [0.0, 0.75, 0.25])
    """
    if len(A) == 0:
        return np.zeros(0), np.zeros(0)
    A = A - np.diag(np.diag(A))
    hub = np.abs(_leading_projection(A @ A.T))
    authority = A.T @ hub
    return tuple(v / v.sum() if v.sum() > 0 else v for v in (hub, authority))
