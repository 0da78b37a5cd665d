"""Out-strength (what a place sends: donor) and in-strength (what it receives: recipient).

The strength of a node is the sum of the weights of its outgoing or incoming
edges (Barrat et al. 2004); with ``weight=None`` it is the out- or in-degree.
"""

from __future__ import annotations

from .decorators import weighted_digraph

__all__ = ["in_strength", "out_strength"]


@weighted_digraph
def out_strength(G, weight="weight"):
    """Sum of the weights of each node's outgoing edges (out-degree if ``weight`` is None).

    Parameters
    ----------
    G : networkx.DiGraph
        Places as nodes, ``u -> v`` the movement from ``u`` to ``v``.
    weight : str or None
        Edge attribute holding the weight; a missing attribute counts as 1.

    Returns
    -------
    dict
        Node -> out-strength, every node included, in the units of the weights
        (people, for flows).

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
    >>> G.add_weighted_edges_from([("DEU", "USA", 5), ("GBR", "USA", 2), ("USA", "CAN", 1)])
    >>> out_strength(G)
    {'DEU': 5, 'USA': 1, 'GBR': 2, 'CAN': 0}
    >>> out_strength(G, weight=None)["DEU"]
    1
    """
    return {n: s for n, s in G.out_degree(weight=weight)}


@weighted_digraph
def in_strength(G, weight="weight"):
    """Sum of the weights of each node's incoming edges (in-degree if ``weight`` is None).

    Parameters
    ----------
    G : networkx.DiGraph
        Places as nodes, ``u -> v`` the movement from ``u`` to ``v``.
    weight : str or None
        Edge attribute holding the weight; a missing attribute counts as 1.

    Returns
    -------
    dict
        Node -> in-strength, every node included, in the units of the weights.

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
    >>> G.add_weighted_edges_from([("DEU", "USA", 5), ("GBR", "USA", 2), ("USA", "CAN", 1)])
    >>> in_strength(G)
    {'DEU': 0, 'USA': 7, 'GBR': 0, 'CAN': 1}
    >>> in_strength(G, weight=None)["USA"]
    2
    """
    return {n: s for n, s in G.in_degree(weight=weight)}
