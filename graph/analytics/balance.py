"""Net balance: in-strength minus out-strength (positive: net recipient, brain gain).

Examples
--------
>>> import networkx as nx
>>> G = nx.DiGraph()
>>> G.add_weighted_edges_from([("DEU", "USA", 5), ("USA", "DEU", 1), ("GBR", "USA", 2)])
>>> net_balance(G)
{'DEU': -4, 'USA': 6, 'GBR': -2}
"""

from __future__ import annotations

from .decorators import weighted_digraph

__all__ = ["net_balance"]


@weighted_digraph
def net_balance(G, weight="weight"):
    """In-strength minus out-strength of every node.

    Parameters
    ----------
    G : networkx.DiGraph
    weight : str or None
        Edge attribute holding the weight (None: every edge weighs 1).

    Returns
    -------
    dict
        Node -> net balance; positive for net recipients, negative for net donors.
    """
    received = dict(G.in_degree(weight=weight))
    return {n: received[n] - sent for n, sent in G.out_degree(weight=weight)}
