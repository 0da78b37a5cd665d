"""Argument validation shared by the measures, in the manner of ``networkx.utils.decorators``."""

from __future__ import annotations

import functools
import inspect
import math

__all__ = ["weighted_digraph"]


def weighted_digraph(func):
    """Check that ``G`` is a ``DiGraph`` whose ``weight`` values are finite and non-negative.

    The decorated function takes the graph first and may take ``weight`` (an edge
    attribute name, or ``None`` for every edge weighing 1); a missing attribute
    counts as 1, as in networkx. A weight is a volume of people (or links), so it is
    a finite number >= 0; ``True``/``False`` are refused, not read as 1/0.

    Parameters
    ----------
    func : callable
        A measure ``func(G, ..., weight=..., ...)`` whose first parameter is the graph.

    Returns
    -------
    callable
        ``func`` with the same signature, checking its arguments first.

    Raises
    ------
    networkx.NetworkXNotImplemented
        (from the wrapped function) When ``G`` is not a ``networkx.DiGraph``, or is a
        multigraph.
    ValueError
        (from the wrapped function) When a weight is negative, infinite, NaN, boolean
        or not a number.

    Examples
    --------
    >>> import networkx as nx
    >>> @weighted_digraph
    ... def total(G, weight="weight"):
    ...     return sum(w for _, _, w in G.edges(data=weight, default=1))
    >>> total(nx.DiGraph([(1, 2, {"weight": 2.5}), (2, 3)]))   # (2, 3) weighs 1
    3.5
    >>> total(nx.Graph([(1, 2)]))
    Traceback (most recent call last):
    ...
    networkx.exception.NetworkXNotImplemented: total needs a directed simple graph (nx.DiGraph)
    >>> total(nx.DiGraph([(1, 2, {"weight": -1})]))
    Traceback (most recent call last):
    ...
    ValueError: total: edge (1, 2) has weight -1; weights must be finite and >= 0
    >>> total(nx.DiGraph([(1, 2, {"weight": -1})]), weight=None)   # weights not read
    1
    """
    signature = inspect.signature(func)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        import networkx as nx  # here, so that importing intelmig.analytics stays light

        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        G = bound.arguments[next(iter(signature.parameters))]
        if not isinstance(G, nx.DiGraph) or G.is_multigraph():
            raise nx.NetworkXNotImplemented(
                f"{func.__name__} needs a directed simple graph (nx.DiGraph)"
            )
        weight = bound.arguments.get("weight")
        if weight is not None:
            for u, v, w in G.edges(data=weight, default=1):
                if isinstance(w, bool) or not isinstance(w, (int, float)) or not (
                        math.isfinite(w) and w >= 0):
                    raise ValueError(
                        f"{func.__name__}: edge {(u, v)!r} has weight {w!r}; "
                        "weights must be finite and >= 0"
                    )
        return func(*bound.args, **bound.kwargs)

    return wrapper
