"""The weighted place graph of one time slice, aggregated inside the database.

Only aggregated origin x destination weights leave the database: the
``cypher/analytics/*.cypher`` queries group the ``MIGRATED_TO`` edges of a slice
and a measure per pair of places, and the same text runs on LadybugDB and Neo4j
through ``store.run``.

Volumes are intervals, never invented points
--------------------------------------------
A ``MIGRATED_TO`` edge of a stated flow carries the volume ``[low, high]`` of the
*whole* flow, and ``pairs`` says how many origin-destination pairs share it.
Dividing it among them would invent numbers the source does not state, so:

* a corridor's weight is ``[low, high]`` when the flow covers that corridor only,
  and ``[0, high]`` when it is shared with other corridors (the flow may have
  taken any part of its volume along this one);
* a place's out-strength (donor) from a flow is ``[low, high]`` when every
  origin-destination pair of the flow leaves that place, ``[0, high]`` when only
  some do; in-strength (recipient) likewise. A place that is the only origin of
  a flow therefore gets the flow's whole ``[low, high]`` as out-strength, however
  many destinations share it;
* an unstated upper bound ("more than 2 million") is ``high = inf``; an unstated
  lower bound is 0; an imported exact count ``value`` is ``[value, value]``;
* qualitative links carry no volume: their weight is the number of stated flows
  (links) along the corridor, exact.

Bounds of several flows add up. Rows of other measures are never added in: the
measure is one of flow, stock, event, qualitative, chosen explicitly or, by
default, the first of flow, stock, event with a stated volume in the slice, else
qualitative (:func:`choose_measure`).

Levels
------
At ``country`` level places are as stated: a flow stated for a region (the
article's "Central-Eastern Europe") stays a Region node and is reported so, never
spread over countries. At ``region`` level a country counts as each region it is
``PART_OF`` (regions may overlap: Kazakhstan is in Asia and the CIS, so each
region's figures are totals over its members and must not be added up); places
stated as regions, and countries in no region, stay themselves; movement inside
one region is not a corridor and is left out. The interval rules above apply to
the places at that level, so a flow from Germany and France to the USA has the
whole ``[low, high]`` on the corridor Western Europe -> USA.

Examples
--------
>>> flow = SharedFlow("f1", 100.0, 200.0, pairs=2)
>>> flow.add("DEU", "USA", ["DEU"], ["USA"])
>>> flow.add("FRA", "USA", ["FRA"], ["USA"])
>>> flow.corridor_bounds()
{('DEU', 'USA'): (0.0, 200.0), ('FRA', 'USA'): (0.0, 200.0)}
>>> flow.received_bounds(), flow.sent_bounds()["DEU"]
({'USA': (100.0, 200.0)}, (0.0, 200.0))
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..schema import MEASURES
from .slices import Slice

__all__ = [
    "LEVELS",
    "MEASURE_PREFERENCE",
    "SCENARIOS",
    "Corridor",
    "PlaceGraph",
    "SharedFlow",
    "choose_measure",
    "era_records",
    "place_graph",
]

LEVELS = ("country", "region")
SCENARIOS = ("low", "high", "unweighted")
MEASURE_PREFERENCE = ("flow", "stock", "event")


@dataclass
class Corridor:
    """The aggregated weight of one origin -> destination pair of places."""

    source: str
    target: str
    low: float = 0.0
    high: float = 0.0
    links: int = 0
    flows: set = field(default_factory=set)
    datasets: set = field(default_factory=set)

    def weight(self, scenario: str) -> float:
        """The weight a measure sees: ``low``, ``high`` or 1 (``unweighted``).

        An unbounded ``high`` falls back to ``low`` (PageRank, HITS and
        betweenness need finite weights); strengths keep the infinity.
        """
        if scenario == "unweighted":
            return 1.0
        if scenario == "low" or math.isinf(self.high):
            return self.low
        return self.high


@dataclass
class SharedFlow:
    """One stated flow whose volume several origin-destination pairs share."""

    flow: str
    low: float
    high: float
    pairs: int
    rows: list = field(default_factory=list)  # (origin, destination, sources, targets)

    def add(self, origin, destination, sources, targets) -> None:
        self.rows.append((origin, destination, tuple(sources), tuple(targets)))

    def _bounds(self, covered: dict) -> dict:
        return {
            key: (self.low if len(pairs) >= self.pairs else 0.0, self.high)
            for key, pairs in covered.items()
        }

    def corridor_bounds(self) -> dict:
        covered: dict = {}
        for origin, destination, sources, targets in self.rows:
            for source in sources:
                for target in targets:
                    if source != target:
                        covered.setdefault((source, target), set()).add((origin, destination))
        return self._bounds(covered)

    def sent_bounds(self) -> dict:
        covered: dict = {}
        for origin, destination, sources, targets in self.rows:
            for source in sources:
                if source not in targets:
                    covered.setdefault(source, set()).add((origin, destination))
        return self._bounds(covered)

    def received_bounds(self) -> dict:
        covered: dict = {}
        for origin, destination, sources, targets in self.rows:
            for target in targets:
                if target not in sources:
                    covered.setdefault(target, set()).add((origin, destination))
        return self._bounds(covered)


@dataclass
class PlaceGraph:
    """Corridors and place strengths of one slice, measure and level."""

    slice: Slice
    measure: str
    level: str
    places: dict = field(default_factory=dict)      # id -> (name, kind)
    corridors: dict = field(default_factory=dict)   # (source, target) -> Corridor
    sent: dict = field(default_factory=dict)        # id -> [low, high]
    received: dict = field(default_factory=dict)    # id -> [low, high]
    sent_flows: dict = field(default_factory=dict)  # id -> set of flow ids
    received_flows: dict = field(default_factory=dict)

    def digraph(self, scenario: str = "high"):
        """A ``networkx.DiGraph`` of the corridors weighted in ``scenario`` (see SCENARIOS).

        Corridors of weight 0 in the scenario are left out; every place stays a node.
        """
        import networkx as nx

        G = nx.DiGraph()
        G.add_nodes_from(self.places)
        for (source, target), corridor in self.corridors.items():
            weight = corridor.weight(scenario)
            if weight > 0:
                G.add_edge(source, target, weight=weight)
        return G

    def matrices(self):
        """``(nodes, {scenario: A})``: dense weight matrices of every scenario at once.

        ``A[i, j]`` is the weight of corridor ``nodes[i] -> nodes[j]`` as
        :meth:`Corridor.weight` gives it (0: no corridor); the fast path the
        measures take on graphs of a few hundred places and every pair linked.
        """
        import numpy as np

        nodes = sorted(self.places)
        index = {node: i for i, node in enumerate(nodes)}
        corridors = list(self.corridors.values())
        rows = np.array([index[c.source] for c in corridors], dtype=np.int64)
        cols = np.array([index[c.target] for c in corridors], dtype=np.int64)
        low = np.array([c.low for c in corridors], dtype=float)
        high = np.array([c.high for c in corridors], dtype=float)
        high = np.where(np.isinf(high), low, high)
        weights = {"low": low, "high": high, "unweighted": np.ones(len(corridors))}
        matrices = {}
        for scenario in SCENARIOS:
            A = np.zeros((len(nodes), len(nodes)))
            A[rows, cols] = weights[scenario]
            matrices[scenario] = A
        return nodes, matrices

    def _corridor(self, source, target) -> Corridor:
        key = (source, target)
        if key not in self.corridors:
            self.corridors[key] = Corridor(source, target)
        return self.corridors[key]


def _add(bounds: dict, key, low, high) -> None:
    current = bounds.setdefault(key, [0.0, 0.0])
    current[0] += low
    current[1] += high


def _high(total, rows, bounded_rows) -> float:
    """The summed upper bound; infinite when some row states no upper bound."""
    return math.inf if bounded_rows < rows else float(total or 0.0)


def _query(name):
    from ..queries import get_query

    return get_query(name).text


def era_records(store, *, with_edges: bool = False) -> list[dict]:
    """Every Era with its years, in time order; ``with_edges`` adds how many
    MIGRATED_TO edges each dates (``edges``), which costs one scan of them."""
    eras = store.run(_query("analytics_eras")).records()
    if with_edges:
        counts = dict(store.run(_query("analytics_edges_by_era")).rows)
        for era in eras:
            era["edges"] = counts.get(era["id"], 0)
    return eras


def choose_measure(store, slice_: Slice, *, sex="total", dataset="", eras=None) -> str:
    """The default measure of a slice: the first of flow, stock, event that states a
    volume there, else qualitative (links without volume), else flow (empty slice).

    Examples
    --------
    A slice where only qualitative links are stated falls back to them; see
    ``tests/test_analytics.py`` for runs against a real database.
    """
    params = slice_.params(era_records(store) if eras is None else eras)
    params.update(sex=sex, dataset=dataset)
    counts = {r["measure"]: r for r in store.run(_query("analytics_measures_in_slice"),
                                                 params).records()}
    for measure in MEASURE_PREFERENCE:
        if counts.get(measure) and counts[measure]["with_volume"]:
            return measure
    return "qualitative" if counts.get("qualitative") else "flow"


def _pick_measure(bulk, shared_rows) -> str:
    """The default measure from the aggregated rows, by the rule of :func:`choose_measure`."""
    with_volume = {row[0] for row in bulk if row[-1]}
    with_volume |= {r["measure"] for r in shared_rows
                    if any(r[k] is not None for k in ("low", "high", "value"))}
    present = {row[0] for row in bulk} | {r["measure"] for r in shared_rows}
    for measure in MEASURE_PREFERENCE:
        if measure in with_volume:
            return measure
    return "qualitative" if "qualitative" in present else "flow"


def place_graph(store, slice_: Slice | None = None, *, level="country", measure=None,
                sex="total", dataset="") -> PlaceGraph:
    """Aggregate one slice of the store into a :class:`PlaceGraph`.

    Parameters
    ----------
    store : intelmig.stores.Store
        Any store (embedded or Neo4j); only ``store.run`` is used.
    slice_ : Slice
        The time slice (default: all time).
    level : {"country", "region"}
    measure : str or None
        flow, stock, event or qualitative; None picks one with :func:`choose_measure`.
    sex : str
        Imported rows of this sex only (``total`` by default, so that the male and
        female rows of a dataset are not added to its totals).
    dataset : str
        Only rows of this dataset id ('' for all).
    """
    from ..errors import ParameterError

    slice_ = slice_ or Slice()
    if level not in LEVELS:
        raise ParameterError(f"level must be one of {', '.join(LEVELS)}, got {level!r}")
    if measure is not None and measure not in MEASURES:
        raise ParameterError(f"measure must be one of {', '.join(MEASURES)}, got {measure!r}")
    eras = era_records(store)
    if slice_.era and slice_.era not in {e["id"] for e in eras}:
        import difflib

        known = [e["id"] for e in eras]
        close = difflib.get_close_matches(slice_.era, known, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"known: {', '.join(known) or 'none'}"
        raise ParameterError(f"no era {slice_.era!r}; {hint}")
    params = slice_.params(eras)
    params.update(sex=sex, dataset=dataset)
    # One scan for every measure: the measure is picked from the aggregates, not re-scanned.
    bulk = store.run(_query(f"analytics_pair_weights_{level}"), params).rows
    shared_rows = store.run(_query("analytics_shared_flows"), {**params, "level": level}
                            ).records()
    if measure is None:
        measure = _pick_measure(bulk, shared_rows)
    params["measure"] = measure
    graph = PlaceGraph(slice_, measure, level)
    qualitative = measure == "qualitative"

    for row_measure, dataset_id, source, target, low, high, bounded, rows, _vol in bulk:
        if row_measure != measure:
            continue
        corridor = graph._corridor(source, target)
        if qualitative:
            low = high = float(rows)
        else:
            low, high = float(low or 0.0), _high(high, rows, bounded)
        corridor.low += low
        corridor.high += high
        corridor.links += rows
        if dataset_id is not None:
            corridor.datasets.add(dataset_id)
        if level == "country":
            _add(graph.sent, source, low, high)
            _add(graph.received, target, low, high)
    for source, target, flows in store.run(_query("analytics_flow_citations"),
                                           {**params, "level": level}).rows:
        if (source, target) in graph.corridors:
            graph.corridors[source, target].flows.update(flows)
            graph.sent_flows.setdefault(source, set()).update(flows)
            graph.received_flows.setdefault(target, set()).update(flows)
    if level == "region":
        for name, bounds in (("analytics_out_strength_region", graph.sent),
                             ("analytics_in_strength_region", graph.received)):
            for node, low, high, bounded, rows, flows in store.run(_query(name), params).rows:
                if qualitative:
                    _add(bounds, node, float(len(flows) or rows), float(len(flows) or rows))
                else:
                    _add(bounds, node, float(low or 0.0), _high(high, rows, bounded))

    shared: dict[str, SharedFlow] = {}
    for record in shared_rows:
        if record["measure"] != measure:
            continue
        flow = shared.get(record["flow"])
        if flow is None:
            if qualitative:
                low = high = 1.0
                pairs = 1  # a stated link counts whole on every corridor it names
            else:
                low = float(record["low"] if record["low"] is not None
                            else record["value"] or 0.0)
                stated_high = record["high"] if record["high"] is not None else record["value"]
                high = math.inf if stated_high is None else float(stated_high)
                pairs = record["pairs"]
            flow = shared[record["flow"]] = SharedFlow(record["flow"], low, high, pairs)
        flow.add(record["origin"], record["destination"], record["sources"], record["targets"])
    for flow in shared.values():
        for (source, target), (low, high) in flow.corridor_bounds().items():
            corridor = graph._corridor(source, target)
            corridor.low += low
            corridor.high += high
            corridor.links += 1
            corridor.flows.add(flow.flow)
        for node, (low, high) in flow.sent_bounds().items():
            _add(graph.sent, node, low, high)
            graph.sent_flows.setdefault(node, set()).add(flow.flow)
        for node, (low, high) in flow.received_bounds().items():
            _add(graph.received, node, low, high)
            graph.received_flows.setdefault(node, set()).add(flow.flow)

    ids = sorted({p for pair in graph.corridors for p in pair} | set(graph.sent)
                 | set(graph.received))
    if ids:
        for place, name, kind in store.run(_query("analytics_places"), {"ids": ids}).rows:
            graph.places[place] = (name, kind)
    for place in ids:
        graph.places.setdefault(place, (place, "Country"))
    return graph
