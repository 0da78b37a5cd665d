"""Net balance: in-strength minus out-strength (positive: net recipient, brain gain)."""

from __future__ import annotations

from .decorators import weighted_digraph

__all__ = ["net_balance"]


@weighted_digraph
def net_balance(G, weight="weight"):
    """In-strength minus out-strength of every node.

    The net migration of a place in the units of the weights (people, for flows);
    the balances of a graph sum to 0.

    Parameters
    ----------
    G : networkx.DiGraph
        Places as nodes, ``u -> v`` the movement from ``u`` to ``v``.
    weight : str or None
        Edge attribute holding the weight; a missing attribute counts as 1
        (None: every edge weighs 1, so the balance is in-degree minus out-degree).

    Returns
    -------
    dict
        Node -> net balance, every node included; positive for net recipients,
        negative for net donors.

    Raises
    ------
    networkx.NetworkXNotImplemented
        When ``G`` is not a ``DiGraph`` (undirected, or a multigraph).
    ValueError
        When a weight is negative, infinite or not a number.

    Examples
    --------
    Germany sends 5 to the USA and receives 1 back; Britain sends 2 to the USA:

    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_weighted_edges_from([("DEU", "USA", 5), ("USA", "DEU", 1), ("GBR", "USA", 2)])
    >>> net_balance(G)
    {'DEU': -4, 'USA': 6, 'GBR': -2}
    >>> net_balance(G, weight=None)
    {'DEU': 0, 'USA': 1, 'GBR': -1}
    """
    received = dict(G.in_degree(weight=weight))
    return {n: received[n] - sent for n, sent in G.out_degree(weight=weight)}
