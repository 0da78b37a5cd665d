"""Rankings under uncertainty: ranks at the low bounds, the high bounds and unweighted.

Ranks are competition ranks ("1224"): a node's rank is one more than the number
of nodes with a strictly larger score, so tied nodes share a rank. A node's
rank interval is the least and greatest of its ranks over the scenarios; it is
*stable* when all of them agree.

Examples
--------
>>> competition_ranks({"USA": 9, "CAN": 3, "AUS": 3, "GBR": 1})
{'USA': 1, 'CAN': 2, 'AUS': 2, 'GBR': 4}
>>> r = scenario_ranks({"low": {"a": 1, "b": 0}, "high": {"a": 5, "b": 9},
...                     "unweighted": {"a": 2, "b": 1}})
>>> r["a"], rank_interval(r["a"]), is_stable(r["a"])
({'low': 1, 'high': 2, 'unweighted': 1}, (1, 2), False)
"""

from __future__ import annotations

import bisect

__all__ = ["competition_ranks", "is_stable", "rank_interval", "scenario_ranks"]


def competition_ranks(scores: dict) -> dict:
    """Node -> 1 + number of nodes with a strictly larger score (ties share a rank)."""
    ordered = sorted(scores.values())
    total = len(ordered)
    return {node: 1 + total - bisect.bisect_right(ordered, score)
            for node, score in scores.items()}


def scenario_ranks(by_scenario: dict) -> dict:
    """``{scenario: {node: score}}`` -> ``{node: {scenario: rank}}``."""
    ranks: dict = {}
    for scenario, scores in by_scenario.items():
        for node, rank in competition_ranks(scores).items():
            ranks.setdefault(node, {})[scenario] = rank
    return ranks


def rank_interval(ranks: dict) -> tuple[int, int]:
    """Best (least) and worst (greatest) rank of one node over the scenarios."""
    return min(ranks.values()), max(ranks.values())


def is_stable(ranks: dict) -> bool:
    """True when the node has the same rank in every scenario."""
    return len(set(ranks.values())) == 1
