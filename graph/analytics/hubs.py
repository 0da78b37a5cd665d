"""Donor and recipient hubs of one time slice, with every measure and its rank interval.

:func:`hub_table` computes, for every place of a :class:`~intelmig.analytics.aggregate.PlaceGraph`:
out-strength (sent) and in-strength (received) as intervals, net balance,
PageRank, HITS hub and authority and betweenness, each in three scenarios:
corridors at their low bounds, at their high bounds, and unweighted (every
stated corridor weighs 1). Point values of PageRank, HITS and betweenness are
those at the high bounds (at the low bounds a volume shared by several
corridors weighs 0 and would drop out); their movement across scenarios is in
the ``*_ranks`` fields.

Recipients are ranked by in-strength, donors by out-strength: ranks at the low
bounds, at the high bounds, and by number of partners (unweighted); the
rank interval is the least and greatest of the three and a place is *stable*
when they agree. The table is ordered by the sum of the low- and high-bound
ranks, then the unweighted rank, then id.

Examples
--------
>>> from intelmig.analytics.aggregate import PlaceGraph, Corridor
>>> from intelmig.analytics.slices import Slice
>>> g = PlaceGraph(Slice(), "flow", "country")
>>> g.places = {"DEU": ("Germany", "Country"), "USA": ("United States", "Country")}
>>> g.corridors = {("DEU", "USA"): Corridor("DEU", "USA", 2000.0, 9999.0, 1, {"f1"})}
>>> g.sent, g.received = {"DEU": [2000.0, 9999.0]}, {"USA": [2000.0, 9999.0]}
>>> g.sent_flows, g.received_flows = {"DEU": {"f1"}}, {"USA": {"f1"}}
>>> rows = hub_table(g)
>>> [(r.role, r.rank, r.place, r.low, r.high, r.stable) for r in rows]
[('recipient', 1, 'USA', 2000.0, 9999.0, True), ('donor', 1, 'DEU', 2000.0, 9999.0, True)]
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .aggregate import PlaceGraph, place_graph
from .betweenness import betweenness_matrix
from .hits import hits_matrix
from .pagerank import pagerank_matrix
from .ranking import competition_ranks, is_stable, rank_interval, scenario_ranks
from .slices import Slice

__all__ = ["ROLES", "HubRow", "hub_table", "hubs", "place_measures"]

ROLES = ("recipient", "donor")


@dataclass
class HubRow:
    """One place in one role (recipient or donor) of one slice."""

    role: str
    rank: int
    place: str
    name: str
    level: str
    low: float             # received (recipient) or sent (donor), lower bound
    high: float            # upper bound; inf when unbounded
    partners: int          # places it receives from (recipient) or sends to (donor)
    net_low: float
    net_high: float
    pagerank: float
    authority: float
    hub: float
    betweenness: float
    rank_low: int
    rank_high: int
    rank_unweighted: int
    rank_best: int
    rank_worst: int
    stable: bool
    flows: list = field(default_factory=list)
    measure_ranks: dict = field(default_factory=dict)
    slice: str = ""
    measure: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


def place_measures(graph: PlaceGraph) -> dict:
    """``{measure: {scenario: {place: value}}}`` for pagerank, authority, hub, betweenness,
    and ``partners_in``/``partners_out`` (corridors in and out, unweighted)."""
    nodes, matrices = graph.matrices()
    measures: dict = {"pagerank": {}, "authority": {}, "hub": {}, "betweenness": {}}
    for scenario, A in matrices.items():
        hub, authority = hits_matrix(A)
        for name, values in (("pagerank", pagerank_matrix(A)), ("hub", hub),
                             ("authority", authority), ("betweenness", betweenness_matrix(A))):
            measures[name][scenario] = dict(zip(nodes, values.tolist()))
    linked = matrices["unweighted"] > 0
    measures["partners_in"] = dict(zip(nodes, linked.sum(axis=0).tolist()))
    measures["partners_out"] = dict(zip(nodes, linked.sum(axis=1).tolist()))
    return measures


def hub_table(graph: PlaceGraph, top: int | None = None) -> list[HubRow]:
    """Recipients (by in-strength) then donors (by out-strength), ``top`` of each (and ties)."""
    measures = place_measures(graph)
    measure_ranks = {
        name: scenario_ranks(measures[name])
        for name in ("pagerank", "authority", "hub", "betweenness")
    }
    rows: list[HubRow] = []
    for role in ROLES:
        bounds = graph.received if role == "recipient" else graph.sent
        cited = graph.received_flows if role == "recipient" else graph.sent_flows
        degree = measures["partners_in" if role == "recipient" else "partners_out"]
        members = [p for p in graph.places if bounds.get(p, [0, 0])[1] > 0 or degree[p] > 0]
        ranks = scenario_ranks({
            "low": {p: bounds.get(p, [0, 0])[0] for p in members},
            "high": {p: bounds.get(p, [0, 0])[1] for p in members},
            "unweighted": {p: degree[p] for p in members},
        })
        ordered = sorted(members, key=lambda p: (ranks[p]["low"] + ranks[p]["high"],
                                                 ranks[p]["unweighted"], p))
        # The displayed rank orders by the same key; places equal on it share a rank.
        # The unweighted rank is < len(members) + 1, so as a fraction it only breaks ties.
        position = competition_ranks({p: -(ranks[p]["low"] + ranks[p]["high"])
                                      - ranks[p]["unweighted"] / (len(members) + 1)
                                      for p in members})
        # Keep every place tied with the last one shown: a cut through a tie would hide hubs.
        cutoff = position[ordered[top - 1]] if top and len(ordered) > top else None
        for place in ordered:
            if cutoff is not None and position[place] > cutoff:
                break
            low, high = bounds.get(place, [0.0, 0.0])
            received = graph.received.get(place, [0.0, 0.0])
            sent = graph.sent.get(place, [0.0, 0.0])
            best, worst = rank_interval(ranks[place])
            name, kind = graph.places[place]
            rows.append(HubRow(
                role=role, rank=position[place], place=place, name=name, level=kind,
                low=low, high=high, partners=degree[place],
                net_low=received[0] - sent[1], net_high=received[1] - sent[0],
                pagerank=measures["pagerank"]["high"][place],
                authority=measures["authority"]["high"][place],
                hub=measures["hub"]["high"][place],
                betweenness=measures["betweenness"]["high"][place],
                rank_low=ranks[place]["low"], rank_high=ranks[place]["high"],
                rank_unweighted=ranks[place]["unweighted"], rank_best=best, rank_worst=worst,
                stable=is_stable(ranks[place]), flows=sorted(cited.get(place, ())),
                measure_ranks={name: measure_ranks[name][place] for name in measure_ranks},
                slice=graph.slice.label, measure=graph.measure,
            ))
    return rows


def hubs(store, *, era=None, year=None, year_from=None, year_to=None, level="country",
         measure=None, top=None, sex="total", dataset=""):
    """Donor and recipient hubs of one slice of ``store``: ``(PlaceGraph, [HubRow])``.

    Examples
    --------
    >>> from intelmig.analytics import hubs
    >>> _graph, rows = hubs(seeded_store, era="stage1")       # doctest: +SKIP
    >>> [(r.role, r.place) for r in rows]                      # doctest: +SKIP
    [('recipient', 'USA'), ('donor', 'DEU')]
    """
    slice_ = Slice.of(era=era, year=year, year_from=year_from, year_to=year_to)
    graph = place_graph(store, slice_, level=level, measure=measure, sex=sex, dataset=dataset)
    return graph, hub_table(graph, top)
