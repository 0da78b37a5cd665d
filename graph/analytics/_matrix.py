"""Dense weight matrices of the small aggregated place graphs (a few hundred nodes at most)."""

from __future__ import annotations

import numpy as np

__all__ = ["weight_matrix"]


def weight_matrix(G, weight):
    """``(nodes, A)`` with ``A[i, j]`` the weight of edge i->j (0 where there is none)."""
    nodes = list(G)
    index = {n: i for i, n in enumerate(nodes)}
    A = np.zeros((len(nodes), len(nodes)))
    for u, v, w in G.edges(data=weight, default=1):
        if u != v:
            A[index[u], index[v]] = 1.0 if weight is None else float(w)
    return nodes, A
