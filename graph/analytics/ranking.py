"""Rankings under uncertainty: competition ranks and rank intervals from volume intervals.

Ranks are competition ranks ("1224"): a node's rank is one more than the number
of nodes with a strictly larger score, so tied nodes share a rank; scores equal
within a relative tolerance (1e-9) are ties, so that scaling every count by the
same factor changes no rank.

When each node's volume is only known to lie in ``[low, high]``, its rank over
every split of the volumes the intervals allow runs from

* best  = 1 + the number of other nodes whose ``low`` exceeds this ``high``
  (they are larger in every split), to
* worst = 1 + the number of other nodes whose ``high`` exceeds this ``low``
  (each of them is larger in some split, and all of them at once in the split
  that puts this node at its low bound and every other at its high bound).

Exact data (``low == high`` everywhere) give a single rank, the competition rank.
The number of partners (corridors, unweighted) is a different measure with its own
rank, never part of the interval.
"""

from __future__ import annotations

import math

__all__ = ["RELATIVE_TOLERANCE", "competition_ranks", "rank_intervals"]

RELATIVE_TOLERANCE = 1e-9


def _larger(a: float, b: float, abs_tol: float = 0.0) -> bool:
    """``a > b`` beyond the tolerances (infinities compare as usual)."""
    return a > b and not math.isclose(a, b, rel_tol=RELATIVE_TOLERANCE, abs_tol=abs_tol)


def competition_ranks(scores: dict, abs_tol: float = 0.0) -> dict:
    """Node -> 1 + number of nodes with a larger score (ties, within 1e-9, share a rank).

    Parameters
    ----------
    scores : dict
        Node -> finite or infinite number.
    abs_tol : float
        Also tie scores this close: for normalised scores (PageRank, HITS) whose
        zeros come out of floating-point iterations as 1e-17.

    Returns
    -------
    dict
        Node -> rank (int, 1 is the largest), in order of rank.

    Examples
    --------
    >>> competition_ranks({"USA": 9, "CAN": 3, "AUS": 3, "GBR": 1})
    {'USA': 1, 'CAN': 2, 'AUS': 2, 'GBR': 4}
    >>> competition_ranks({"x": 0.1 + 0.2, "y": 0.3, "z": 0.29})   # 0.30000000000000004 ties 0.3
    {'x': 1, 'y': 1, 'z': 3}
    >>> scores = {"DEU": 0.5, "FRA": 1e-17, "GBR": 0.0}
    >>> competition_ranks(scores), competition_ranks(scores, abs_tol=1e-12)
    ({'DEU': 1, 'FRA': 2, 'GBR': 3}, {'DEU': 1, 'FRA': 2, 'GBR': 2})
    """
    ordered = sorted(scores.items(), key=lambda item: -item[1])
    ranks: dict = {}
    for position, (node, score) in enumerate(ordered):
        if position and not _larger(ordered[position - 1][1], score, abs_tol):
            ranks[node] = ranks[ordered[position - 1][0]]
        else:
            ranks[node] = position + 1
    return ranks


def rank_intervals(bounds: dict) -> dict:
    """Node -> ``(best, worst)`` rank over every split of the volume intervals.

    Parameters
    ----------
    bounds : dict
        Node -> ``(low, high)`` with ``low <= high``; ``high`` may be ``inf``.

    Returns
    -------
    dict
        Node -> ``(best, worst)``, ``best <= worst``; equal for exact data.

    Notes
    -----
    ``O(n log n)``: each count is a binary search in the sorted lows or highs.

    Examples
    --------
    ``a`` may lie above or below ``b`` (ranks 1-2 each); ``c`` is below both in
    every split. Exact volumes give single ranks:

    >>> rank_intervals({"a": (10, 20), "b": (15, 15), "c": (1, 2)})
    {'a': (1, 2), 'b': (1, 2), 'c': (3, 3)}
    >>> rank_intervals({"x": (5, 5), "y": (3, 3)})
    {'x': (1, 1), 'y': (2, 2)}
    >>> rank_intervals({"x": (5, float("inf")), "y": (10, 10)})   # "more than 5"
    {'x': (1, 2), 'y': (1, 2)}
    """
    import bisect

    lows = sorted(low for low, _ in bounds.values())
    highs = sorted(high for _, high in bounds.values())
    total = len(bounds)
    result = {}
    for node, (low, high) in bounds.items():
        # Lows beyond this high (never this node's own: its low <= its high).
        above = total - bisect.bisect_right(lows, _ceiling(high))
        # Highs beyond this low, less this node's own when its high is beyond its low.
        beyond = total - bisect.bisect_right(highs, _ceiling(low))
        if _larger(high, low):
            beyond -= 1
        result[node] = (1 + above, 1 + beyond)
    return result


def _ceiling(value: float) -> float:
    """The largest number still tied with ``value`` (bisect then skips the ties)."""
    if math.isinf(value) or value == 0:
        return value
    return value + abs(value) * RELATIVE_TOLERANCE
