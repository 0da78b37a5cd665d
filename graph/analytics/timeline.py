"""Hub ranks across the stages (or years): who rose and who fell.

For each slice of a sequence (by default every era that dates a flow, in time
order) :func:`timeline` ranks the places as recipients and donors with
:func:`~intelmig.analytics.hubs.hub_table`, each slice with its own measure (the
default choice per slice, or the one given), and reports for every place and
role its rank in each slice and the changes between consecutive slices where
it is ranked in both.

Examples
--------
>>> describe_changes(["stage1", "stage2", "stage3"], [1, 3, 2])
'stage1->stage2 fell 1->3; stage2->stage3 rose 3->2'
>>> describe_changes(["stage1", "stage2"], [None, 1])
'new in stage2'
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from itertools import pairwise

from .aggregate import era_records, place_graph
from .hubs import ROLES, hub_table
from .slices import Slice

__all__ = ["TimelineRow", "default_slices", "describe_changes", "timeline"]


@dataclass
class TimelineRow:
    place: str
    name: str
    role: str
    ranks: dict = field(default_factory=dict)        # slice label -> rank (None: absent)
    intervals: dict = field(default_factory=dict)    # slice label -> [best, worst]
    measures: dict = field(default_factory=dict)     # slice label -> measure used
    change: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


def describe_changes(labels, ranks) -> str:
    """Words for the moves of one place between consecutive slices."""
    words = []
    for (before, after), (a, b) in zip(pairwise(labels), pairwise(ranks), strict=True):
        if a is None and b is not None:
            words.append(f"new in {after}")
        elif a is not None and b is None:
            words.append(f"gone in {after}")
        elif a is not None and a != b:
            words.append(f"{before}->{after} {'rose' if b < a else 'fell'} {a}->{b}")
    return "; ".join(words)


def default_slices(store) -> list[tuple[str, Slice]]:
    """Every era that dates at least one MIGRATED_TO edge, in time order."""
    return [(e["id"], Slice.of(era=e["id"]))
            for e in era_records(store, with_edges=True) if e["edges"]]


def timeline(store, slices=None, *, level="country", measure=None, top=None, sex="total",
             dataset="") -> tuple[list[str], list[TimelineRow]]:
    """Ranks of every place, as recipient and donor, in each slice.

    Parameters
    ----------
    slices : list of (label, Slice) or None
        The sequence; None means every era that dates a flow (see default_slices).
    top : int or None
        Keep only places that are in the top ``top`` of some slice for that role.

    Returns
    -------
    (labels, rows)
        The slice labels in order, and one row per place and role.
    """
    slices = default_slices(store) if slices is None else slices
    labels = [label for label, _ in slices]
    rows: dict = {}
    for label, slice_ in slices:
        graph = place_graph(store, slice_, level=level, measure=measure, sex=sex,
                            dataset=dataset)
        for hub in hub_table(graph):
            row = rows.setdefault((hub.role, hub.place),
                                  TimelineRow(hub.place, hub.name, hub.role))
            row.ranks[label] = hub.rank
            row.intervals[label] = [hub.rank_best, hub.rank_worst]
            row.measures[label] = graph.measure
    best = {key: min(row.ranks.values()) for key, row in rows.items()}
    result = []
    for role in ROLES:
        for key in sorted((k for k in rows if k[0] == role), key=lambda k: (best[k], k[1])):
            if top is not None and best[key] > top:
                continue
            row = rows[key]
            row.ranks = {label: row.ranks.get(label) for label in labels}
            row.change = describe_changes(labels, list(row.ranks.values()))
            result.append(row)
    return labels, result
