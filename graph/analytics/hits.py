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

Examples
--------
>>> import networkx as nx
>>> G = nx.DiGraph()
>>> G.add_weighted_edges_from([("DEU", "USA", 5), ("GBR", "USA", 1), ("DEU", "CAN", 1)])
>>> hubs, authorities = hits(G)
>>> max(hubs, key=hubs.get), max(authorities, key=authorities.get)
('DEU', 'USA')
>>> round(sum(hubs.values()), 12), round(sum(authorities.values()), 12)
(1.0, 1.0)
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
        Node -> hub score and node -> authority score. A graph without edges
        gives every node 0.
    """
    nodes, A = weight_matrix(G, weight)
    hub, authority = hits_matrix(A)
    return dict(zip(nodes, hub.tolist())), dict(zip(nodes, authority.tolist()))


def hits_matrix(A):
    """Hub and authority arrays from a dense weight matrix ``A`` (diagonal ignored).

    >>> import numpy as np
    >>> hub, authority = hits_matrix(np.array([[0.0, 2.0], [0.0, 0.0]]))
    >>> hub.tolist(), authority.tolist()
    ([1.0, 0.0], [0.0, 1.0])
    """
    if len(A) == 0:
        return np.zeros(0), np.zeros(0)
    A = A - np.diag(np.diag(A))
    hub = np.abs(_leading_projection(A @ A.T))
    authority = A.T @ hub
    return tuple(v / v.sum() if v.sum() > 0 else v for v in (hub, authority))
