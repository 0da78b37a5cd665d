"""Donor and recipient hubs of one time slice: the measures scholars publish, honest ranks.

:func:`hub_table` gives, for every place of a :class:`~intelmig.analytics.aggregate.PlaceGraph`:
in (received) and out (sent) as intervals, gross (in + out), net (in - out),
the migration effectiveness index (net / gross), the rates in, out and net per
person of a base population when one is known for the place and year
(:mod:`intelmig.analytics.population`), and PageRank, HITS hub and authority and
betweenness. Centralities are computed with corridors at their high bounds (at
the low bounds a volume shared by several corridors weighs 0 and would drop
out); their ranks at the low bounds, the high bounds and unweighted are in
``measure_ranks``.

Recipients are ranked by in, donors by out. The rank interval ``rank_best`` ..
``rank_worst`` comes only from the uncertainty of the volumes (see
:func:`~intelmig.analytics.ranking.rank_intervals`): exact data give one rank, and
a place is *stable* when its interval is a single rank. The rank by number of
partners (places it receives from or sends to) is its own column,
``rank_partners``. ``rank`` is the best rank; rows are ordered by best, then
worst rank, then volume and id. ``top=K`` keeps every place that could be in the
first K (best rank <= K).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

from .aggregate import SCENARIOS, PlaceGraph, place_graph
from .betweenness import betweenness_matrix
from .hits import hits_matrix
from .indices import effectiveness_bounds, gross_bounds, net_bounds, rate
from .pagerank import pagerank_matrix
from .ranking import competition_ranks, rank_intervals
from .slices import Slice

__all__ = ["ROLES", "HubRow", "hub_table", "hubs", "place_measures"]

ROLES = ("recipient", "donor")


@dataclass
class HubRow:
    """One place in one role (recipient or donor) of one slice, dataset and measure.

    Volumes are ``(low, high)`` pairs of floats (``high`` may be inf); equal for
    exact data. Rates are plain fractions (MPIDR's convention), None without a
    base population or with an uncertain volume.

    Examples
    --------
    The article's stage 1: 2,000-9,999 specialists from Germany to the USA.

    >>> from intelmig.analytics.aggregate import Corridor, PlaceGraph
    >>> from intelmig.analytics.slices import Slice
    >>> g = PlaceGraph(Slice(), "flow", "country", sources=("seed",))
    >>> g.places = {"DEU": ("Germany", "Country"), "USA": ("United States", "Country")}
    >>> g.corridors = {("DEU", "USA"): Corridor("DEU", "USA", 2000.0, 9999.0, 1, {"f1"})}
    >>> g.sent, g.received = {"DEU": [2000.0, 9999.0]}, {"USA": [2000.0, 9999.0]}
    >>> g.sent_flows, g.received_flows = {"DEU": {"f1"}}, {"USA": {"f1"}}
    >>> usa, germany = hub_table(g)
    >>> usa.role, usa.rank, usa.place, usa.low, usa.high, usa.stable, usa.dataset
    ('recipient', 1, 'USA', 2000.0, 9999.0, True, 'seed')
    >>> germany.net_low, germany.net_high, germany.effectiveness_low, germany.flows
    (-9999.0, -2000.0, -1.0, ['f1'])
    >>> germany.to_dict()["slice"]
    'all time'
    """

    dataset: str           # source id(s), comma-separated; "seed": the article
    measure: str           # flow, stock, event or qualitative
    slice: str             # e.g. "year 2019"
    role: str
    rank: int              # best rank the volumes allow
    place: str
    name: str
    level: str
    low: float             # in (recipient) or out (donor), lower bound
    high: float            # upper bound; inf when unbounded
    partners: int          # places it receives from (recipient) or sends to (donor)
    in_low: float
    in_high: float
    out_low: float
    out_high: float
    gross_low: float
    gross_high: float
    net_low: float
    net_high: float
    effectiveness_low: float | None
    effectiveness_high: float | None
    population: float | None
    in_rate: float | None
    out_rate: float | None
    net_rate: float | None
    pagerank: float | None   # None when centralities were not asked for
    authority: float | None
    hub: float | None
    betweenness: float | None
    rank_best: int
    rank_worst: int
    rank_partners: int
    stable: bool
    flows: list = field(default_factory=list)
    measure_ranks: dict = field(default_factory=dict)
    population_source: str = ""
    population_missing: list = field(default_factory=list)  # a region's members without one
    members: list = field(default_factory=list)            # an article region's members
    editorial_members: list = field(default_factory=list)  # ... those the article does not state

    def to_dict(self) -> dict:
        return asdict(self)


def place_measures(graph: PlaceGraph, scenarios=SCENARIOS) -> dict:
    """``{measure: {scenario: {place: value}}}`` for pagerank, authority, hub, betweenness,
    and ``partners_in``/``partners_out`` (corridors in and out, unweighted).

    Parameters
    ----------
    graph : PlaceGraph
        One slice, measure and level.
    scenarios : sequence of str
        The weights to compute the centralities with (see ``SCENARIOS``); each costs
        an ``O(n³)`` betweenness on ``n`` places.

    Returns
    -------
    dict
        ``pagerank``, ``authority``, ``hub``, ``betweenness``: scenario (``low``,
        ``high``, ``unweighted``; see :meth:`Corridor.weight
        <intelmig.analytics.aggregate.Corridor.weight>`) -> place -> score
        (normalised as in :mod:`~intelmig.analytics.pagerank`,
        :mod:`~intelmig.analytics.hits` and :mod:`~intelmig.analytics.betweenness`);
        ``partners_in``, ``partners_out``: place -> number of corridors.

    Examples
    --------
    Kazakhstan sends 30 to Russia and 5 to Germany, Russia 10 to Kazakhstan:

    >>> from intelmig.analytics.aggregate import PlaceGraph, add_pair_row
    >>> from intelmig.analytics.slices import Slice
    >>> graph = PlaceGraph(Slice.of(year=2019), "flow", "country", sources=("un",))
    >>> graph.places.update({"KAZ": ("Kazakhstan", "Country"), "RUS": ("Russia", "Country"),
    ...                      "DEU": ("Germany", "Country")})
    >>> for source, target, people in (("KAZ", "RUS", 30.0), ("RUS", "KAZ", 10.0),
    ...                                ("KAZ", "DEU", 5.0)):
    ...     add_pair_row(graph, ("un", source, target, people, people, 1, 1))
    >>> measures = place_measures(graph)
    >>> {place: round(x, 4) for place, x in measures["pagerank"]["high"].items()}
    {'DEU': 0.1447, 'KAZ': 0.4422, 'RUS': 0.4131}
    >>> measures["betweenness"]["high"]     # Russia -> Germany runs through Kazakhstan
    {'DEU': 0.0, 'KAZ': 0.5, 'RUS': 0.0}
    >>> measures["partners_out"]
    {'DEU': 0, 'KAZ': 2, 'RUS': 1}
    >>> list(place_measures(graph, ["high"])["betweenness"])
    ['high']
    """
    import numpy as np

    nodes, matrices = graph.matrices()
    measures: dict = {"pagerank": {}, "authority": {}, "hub": {}, "betweenness": {}}
    done: list = []  # (matrix, its scores): exact volumes give equal low and high matrices
    for scenario in scenarios:
        A = matrices[scenario]
        scores = next((known for B, known in done if np.array_equal(A, B)), None)
        if scores is None:
            hub, authority = hits_matrix(A)
            scores = {"pagerank": pagerank_matrix(A), "hub": hub, "authority": authority,
                      "betweenness": betweenness_matrix(A)}
            done.append((A, scores))
        for name, values in scores.items():
            measures[name][scenario] = dict(zip(nodes, values.tolist()))
    linked = matrices["unweighted"] > 0
    measures["partners_in"] = dict(zip(nodes, linked.sum(axis=0).tolist()))
    measures["partners_out"] = dict(zip(nodes, linked.sum(axis=1).tolist()))
    return measures


def _exact(bounds) -> float | None:
    return bounds[0] if bounds[0] == bounds[1] else None


def hub_table(graph: PlaceGraph, top: int | None = None, *,
              centralities: bool = True, ranks: bool = True) -> list[HubRow]:
    """Recipients (by in) then donors (by out): every place that could be in the first ``top``.

    Parameters
    ----------
    graph : PlaceGraph
        One slice, measure and level (:func:`~intelmig.analytics.aggregate.place_graph`).
    top : int or None
        Keep the places whose best rank is at most ``top`` (so every place that could
        be in the first ``top``); None keeps all.
    centralities : bool
        False leaves PageRank, HITS and betweenness out (None), the costly part on
        graphs of two hundred countries, for callers that do not show them.
    ranks : bool
        Fill ``measure_ranks`` (each centrality's rank at the low and high bounds and
        unweighted). False computes the centralities at the high bounds only, the
        columns a table shows, and leaves ``measure_ranks`` empty: a third of the work.

    Returns
    -------
    list of HubRow
        Recipients ranked by in-strength, then donors by out-strength; a place that
        neither receives nor sends in a role is not listed in it.

    Examples
    --------
    Kazakhstan sends 30 to Russia and 5 to Germany, Russia 10 to Kazakhstan:

    >>> from intelmig.analytics.aggregate import PlaceGraph, add_pair_row
    >>> from intelmig.analytics.slices import Slice
    >>> graph = PlaceGraph(Slice.of(year=2019), "flow", "country", sources=("un",))
    >>> graph.places.update({"KAZ": ("Kazakhstan", "Country"), "RUS": ("Russia", "Country"),
    ...                      "DEU": ("Germany", "Country")})
    >>> for source, target, people in (("KAZ", "RUS", 30.0), ("RUS", "KAZ", 10.0),
    ...                                ("KAZ", "DEU", 5.0)):
    ...     add_pair_row(graph, ("un", source, target, people, people, 1, 1))
    >>> [(r.role, r.rank, r.place, r.low, r.net_low, round(r.effectiveness_low, 3))
    ...  for r in hub_table(graph)]      # MEI of Kazakhstan: (10 - 35) / (10 + 35)
    [('recipient', 1, 'RUS', 30.0, 20.0, 0.5), ('recipient', 2, 'KAZ', 10.0, -25.0, -0.556), ('recipient', 3, 'DEU', 5.0, 5.0, 1.0), ('donor', 1, 'KAZ', 35.0, -25.0, -0.556), ('donor', 2, 'RUS', 10.0, 20.0, 0.5)]
    >>> [(r.role, r.place) for r in hub_table(graph, top=1)]
    [('recipient', 'RUS'), ('donor', 'KAZ')]
    """
    if centralities:
        measures = place_measures(graph, SCENARIOS if ranks else ("high",))
    else:
        measures = {name: {"high": dict.fromkeys(graph.places)}
                    for name in ("pagerank", "authority", "hub", "betweenness")}
        linked = {pair for pair, c in graph.corridors.items() if c.weight("unweighted") > 0}
        measures["partners_in"] = Counter(target for _, target in linked)
        measures["partners_out"] = Counter(source for source, _ in linked)
        for name in ("partners_in", "partners_out"):
            measures[name] = {p: measures[name].get(p, 0) for p in graph.places}
    measure_ranks: dict = {}
    for name in ("pagerank", "authority", "hub", "betweenness") if centralities and ranks else ():
        for scenario, scores in measures[name].items():
            # Normalised scores: iteration noise (1e-17 for a true 0) must not rank.
            for place, position in competition_ranks(scores, abs_tol=1e-12).items():
                measure_ranks.setdefault(place, {}).setdefault(name, {})[scenario] = position
    populations = graph.populations
    rows: list[HubRow] = []
    for role in ROLES:
        bounds = graph.received if role == "recipient" else graph.sent
        cited = graph.received_flows if role == "recipient" else graph.sent_flows
        degree = measures["partners_in" if role == "recipient" else "partners_out"]
        members = [p for p in graph.places if bounds.get(p, [0, 0])[1] > 0 or degree[p] > 0]
        intervals = rank_intervals({p: tuple(bounds.get(p, [0.0, 0.0])) for p in members})
        partner_ranks = competition_ranks({p: degree[p] for p in members})
        ordered = sorted(members, key=lambda p: (*intervals[p], -bounds.get(p, [0, 0])[1],
                                                 -bounds.get(p, [0, 0])[0], p))
        for place in ordered:
            best, worst = intervals[place]
            if top is not None and best > top:
                continue
            low, high = bounds.get(place, [0.0, 0.0])
            received = tuple(graph.received.get(place, [0.0, 0.0]))
            sent = tuple(graph.sent.get(place, [0.0, 0.0]))
            net = net_bounds(received, sent)
            gross = gross_bounds(received, sent)
            mei = effectiveness_bounds(received, sent)
            population = populations.get(place)
            exact_in, exact_out = _exact(received), _exact(sent)
            in_rate = rate(exact_in, population) if exact_in is not None else None
            out_rate = rate(exact_out, population) if exact_out is not None else None
            net_rate = (rate(exact_in - exact_out, population)
                        if exact_in is not None and exact_out is not None else None)
            name, kind = graph.places[place]
            rows.append(HubRow(
                dataset=",".join(graph.sources), measure=graph.measure,
                slice=graph.slice.label, role=role, rank=best, place=place, name=name,
                level=kind, low=low, high=high, partners=degree[place],
                in_low=received[0], in_high=received[1], out_low=sent[0], out_high=sent[1],
                gross_low=gross[0], gross_high=gross[1], net_low=net[0], net_high=net[1],
                effectiveness_low=mei[0], effectiveness_high=mei[1], population=population,
                in_rate=in_rate, out_rate=out_rate, net_rate=net_rate,
                pagerank=measures["pagerank"]["high"][place],
                authority=measures["authority"]["high"][place],
                hub=measures["hub"]["high"][place],
                betweenness=measures["betweenness"]["high"][place],
                rank_best=best, rank_worst=worst, rank_partners=partner_ranks[place],
                stable=best == worst, flows=sorted(cited.get(place, ())),
                measure_ranks=measure_ranks.get(place, {}),
                population_source=graph.population_source,
                population_missing=graph.population_missing.get(place, []),
                members=[m for m, _ in graph.members.get(place, ())],
                editorial_members=[m for m, basis in graph.members.get(place, ())
                                   if basis == "editorial"],
            ))
    return rows


def hubs(store, *, era=None, year=None, year_from=None, year_to=None, level="country",
         measure=None, top=None, sex="total", dataset="", regions=None, population=None,
         ranks=True):
    """Donor and recipient hubs of one slice of ``store``: ``(PlaceGraph, [HubRow])``.

    Parameters are those of :func:`~intelmig.analytics.aggregate.place_graph`, plus
    ``population``: the source id of the base populations of the rates (None: the
    one the year has; rates need a single-year slice; a region's population is the
    sum of its members', when every member has one), and ``ranks``: as for
    :func:`hub_table`.

    Returns
    -------
    (PlaceGraph, list of HubRow)
        The aggregated graph (its ``sources`` say where the numbers come from) and the
        rows of :func:`hub_table`, with rates when the slice is one year and the place
        has a base population.

    Raises
    ------
    AmbiguousSource
        When several datasets could answer (or give populations) and none was named.
    ParameterError
        For more than one kind of slice, an unknown era, level, measure or scheme (see
        :func:`~intelmig.analytics.aggregate.place_graph`).

    Examples
    --------
    Dataset ``un``: in 2019 Kazakhstan (1,000 people) sends 30 to Russia and 5 to
    Germany, and receives 10 from Russia:

    >>> import pathlib, tempfile
    >>> from intelmig.dataset import Dataset
    >>> from intelmig.stores.embedded import EmbeddedStore, build_database
    >>> ds = Dataset()
    >>> for code in ("KAZ", "RUS", "DEU"):
    ...     ds.add_node("Country", {"id": code, "name_en": code})
    >>> for source, target, people in (("KAZ", "RUS", 30.0), ("RUS", "KAZ", 10.0),
    ...                                ("KAZ", "DEU", 5.0)):
    ...     ds.add_rel("MIGRATED_TO", "Country", source, "Country", target,
    ...                {"measure": "flow", "dataset": "un", "year": 2019, "value": people})
    >>> ds.add_node("Estimate", {"id": "kaz_2019", "unit": "population", "year_start": 2019,
    ...                          "low": 1000.0, "high": 1000.0, "dataset": "un"})
    >>> ds.add_rel("ABOUT", "Estimate", "kaz_2019", "Country", "KAZ", {})
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "hubs.lbug"
    >>> build_database(path, ds)
    >>> with EmbeddedStore(path) as store:
    ...     graph, rows = hubs(store, year=2019)
    >>> graph.source
    'dataset un'
    >>> [(r.role, r.rank, r.place, r.low, r.in_rate, r.out_rate, r.net_rate) for r in rows]
    [('recipient', 1, 'RUS', 30.0, None, None, None), ('recipient', 2, 'KAZ', 10.0, 0.01, 0.035, -0.025), ('recipient', 3, 'DEU', 5.0, None, None, None), ('donor', 1, 'KAZ', 35.0, 0.01, 0.035, -0.025), ('donor', 2, 'RUS', 10.0, None, None, None)]
    """
    from .population import attach_populations

    slice_ = Slice.of(era=era, year=year, year_from=year_from, year_to=year_to)
    graph = place_graph(store, slice_, level=level, measure=measure, sex=sex, dataset=dataset,
                        regions=regions)
    attach_populations(store, graph, population)
    return graph, hub_table(graph, top, ranks=ranks)
