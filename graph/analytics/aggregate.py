"""The weighted place graph of one time slice, aggregated inside the database.

Only aggregated origin x destination weights leave the database: the
``cypher/analytics/*.cypher`` queries group the ``MIGRATED_TO`` edges of a slice
and a measure per pair of places, and the same text runs on LadybugDB and Neo4j
through ``store.run`` (``store.run_columns`` for the thousands of pair rows of a slice).

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

Bounds of several flows add up. Zero volumes and self-loops (origin = destination)
never reach a measure: the queries leave them out, whatever an importer kept.

One source and one measure per answer
-------------------------------------
Rows of other measures are never added in, and neither are rows of another
source: a slice is answered from one dataset (or the article's facts, source
``seed``) and one measure of flow, stock, event, qualitative. When several
sources could answer and the user named none, :func:`choose_source` refuses and
lists them; the user names one (``dataset="scopus-2019"``) or combines several
explicitly (``dataset="a,b"``: their volumes are summed, rule ``sum``). The
default measure of the source is the first of flow, stock, event with a stated
volume in the slice, else qualitative links.

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
whole ``[low, high]`` on the corridor Western Europe -> USA. That is the
``article`` region scheme; with ``regions="m49"`` countries are grouped by the UN
M49 regions (``level="region"``) or sub-regions (``level="subregion"``) of
:mod:`intelmig.regions`, which partition the world, and the volume moved inside
each region is kept apart in ``PlaceGraph.within`` (migest's diagonal).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import InitVar, dataclass, field

from ..regions import CIS
from ..schema import MEASURES
from .slices import Slice

__all__ = [
    "LEVELS",
    "MEASURE_PREFERENCE",
    "SCENARIOS",
    "SEED",
    "Corridor",
    "PlaceGraph",
    "SharedFlow",
    "choose_measure",
    "choose_source",
    "default_scheme",
    "Note",
    "era_records",
    "name_places",
    "parse_datasets",
    "place_graph",
    "source_label",
    "year_mapper",
]

LEVELS = ("country", "region")
SCENARIOS = ("low", "high", "unweighted")
MEASURE_PREFERENCE = ("flow", "stock", "event")
SEED = "seed"
"""The source id of the article's facts (edges without a dataset)."""


class Note(str):
    """A note under an answer: English text that keeps its message and fields, so a
    table in another language can word it again (``--lang``).

    Examples
    --------
    >>> note = Note("{members} counted outside {region}", members="UKR", region="cis")
    >>> note, note.message, note.fields["members"]
    ('UKR counted outside cis', '{members} counted outside {region}', 'UKR')
    >>> russian = {"{members} counted outside {region}": "{members} учтены вне {region}"}
    >>> note.reworded(russian.get, region="СНГ")
    'UKR учтены вне СНГ'
    """

    def __new__(cls, message: str, **fields):
        note = super().__new__(cls, message.format(**fields))
        note.message, note.fields = message, fields
        return note

    def reworded(self, translate, **fields) -> str:
        """The message through ``translate`` (e.g. gettext), filled with the fields,
        of which ``fields`` replace some (a slice named in the language)."""
        return translate(self.message).format(**{**self.fields, **fields})


@dataclass
class Corridor:
    """The aggregated weight of one origin -> destination pair of places.

    Attributes
    ----------
    source, target : str
        Place ids (a country's ISO 3166 alpha-3 code, a region's id).
    low, high : float
        Bounds of the volume (people; links for the qualitative measure), summed over
        the facts of the corridor; ``high`` is ``inf`` when some fact states no upper
        bound.
    links : int
        How many facts (stated flows or imported rows) the corridor sums.
    flows : set of str
        Ids of the stated Flow nodes behind it (their passages are the provenance).
    datasets : set of str
        Ids of the imported datasets behind it.

    Examples
    --------
    "More than 2,000" specialists from Germany to the USA:

    >>> corridor = Corridor("DEU", "USA", low=2000.0, high=float("inf"), links=1)
    >>> corridor.weight("low"), corridor.weight("high"), corridor.weight("unweighted")
    (2000.0, 2000.0, 1.0)
    >>> Corridor("DEU", "USA", 2000.0, 9999.0).weight("high")
    9999.0
    """

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
    """One stated flow whose volume several origin-destination pairs share.

    The volume ``[low, high]`` is the whole flow's; a corridor, sender or receiver
    gets ``[low, high]`` when every pair of the flow passes it, ``[0, high]`` when
    only some do (see the module's notes).

    Attributes
    ----------
    flow : str
        The Flow node's id.
    low, high : float
        The flow's volume bounds (people; ``high`` may be ``inf``).
    pairs : int
        How many origin-destination pairs share the volume.
    rows : list
        ``(origin, destination, sources, targets)`` per pair, ``sources`` and
        ``targets`` the places each end counts as at the graph's level.

    Examples
    --------
    100-200 specialists from Germany and France together to the USA:

    >>> flow = SharedFlow("f1", 100.0, 200.0, pairs=2)
    >>> flow.add("DEU", "USA", ["DEU"], ["USA"])
    >>> flow.add("FRA", "USA", ["FRA"], ["USA"])
    >>> flow.corridor_bounds()
    {('DEU', 'USA'): (0.0, 200.0), ('FRA', 'USA'): (0.0, 200.0)}
    >>> flow.received_bounds(), flow.sent_bounds()["DEU"]
    ({'USA': (100.0, 200.0)}, (0.0, 200.0))
    """

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
    """Corridors and place strengths of one slice, measure and level.

    Built by :func:`place_graph` from a store; every volume is a ``[low, high]``
    interval in people (links for the qualitative measure), from the ``sources``
    only.

    Attributes
    ----------
    slice : Slice
        The time slice.
    measure : str
        flow, stock, event or qualitative.
    level : str
        country, region or subregion.
    sources : tuple of str
        The dataset ids the numbers come from (``seed``: the article); several are
        combined by ``rule``.
    places : dict
        Place id -> ``(name, kind)``, kind ``Country`` or ``Region``.
    corridors : dict
        ``(source, target)`` -> :class:`Corridor`.
    sent, received : dict
        Place id -> ``[low, high]``: out-strength (donor) and in-strength (recipient).
    within : dict
        Region id -> ``[low, high]`` moved inside it (M49 levels).
    populations : dict
        Place id -> base population of the slice's year (see
        :func:`intelmig.analytics.population.attach_populations`).

    Examples
    --------
    Kazakhstan sends 30 to Russia and 5 to Germany, Russia 10 to Kazakhstan:

    >>> from intelmig.analytics.slices import Slice
    >>> graph = PlaceGraph(Slice.of(year=2019), "flow", "country", sources=("un",))
    >>> graph.places.update({"KAZ": ("Kazakhstan", "Country"), "RUS": ("Russia", "Country"),
    ...                      "DEU": ("Germany", "Country")})
    >>> for source, target, people in (("KAZ", "RUS", 30.0), ("RUS", "KAZ", 10.0),
    ...                                ("KAZ", "DEU", 5.0)):
    ...     add_pair_row(graph, ("un", source, target, people, people, 1, 1))
    >>> graph.sent
    {'KAZ': [35.0, 35.0], 'RUS': [10.0, 10.0]}
    >>> graph.received
    {'RUS': [30.0, 30.0], 'KAZ': [10.0, 10.0], 'DEU': [5.0, 5.0]}
    >>> graph.source, graph.header
    ('dataset un', {'dataset': 'un', 'measure': 'flow', 'slice': 'year 2019'})
    >>> sorted(graph.digraph().edges(data="weight"))
    [('KAZ', 'DEU', 5.0), ('KAZ', 'RUS', 30.0), ('RUS', 'KAZ', 10.0)]
    >>> nodes, matrices = graph.matrices()
    >>> nodes, matrices["high"].tolist()
    (['DEU', 'KAZ', 'RUS'], [[0.0, 0.0, 0.0], [5.0, 0.0, 30.0], [0.0, 10.0, 0.0]])
    """

    slice: Slice
    measure: str
    level: str
    sources: tuple = ()                             # dataset ids; "seed": the article
    rule: str = ""                                  # how several sources combine: "sum"
    regions: str = "article"                        # region scheme of the region levels
    places: dict = field(default_factory=dict)      # id -> (name, kind)
    # (source, target) -> Corridor: an argument here, read through the property of the
    # same name (set after the class), which makes them from column-wise rows on demand.
    corridors: InitVar[dict | None] = None
    sent: dict = field(default_factory=dict)        # id -> [low, high]
    received: dict = field(default_factory=dict)    # id -> [low, high]
    sent_flows: dict = field(default_factory=dict)  # id -> set of flow ids
    received_flows: dict = field(default_factory=dict)
    within: dict = field(default_factory=dict)      # region -> [low, high] moved inside it
    members: dict = field(default_factory=dict)     # article region -> [(member, basis)]
    populations: dict = field(default_factory=dict)  # place -> base population of the year
    population_source: str = ""                     # the dataset the populations are from
    population_missing: dict = field(default_factory=dict)  # region -> members lacking one
    notes: list = field(default_factory=list)       # what a reader must know about the sums
    # (source, target) -> Corridor, behind the ``corridors`` property; rows aggregated in
    # bulk wait column-wise in _pending until a caller asks for Corridor objects.
    _corridors: dict = field(default_factory=dict, init=False, repr=False)
    _pending: PairColumns | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self, corridors: dict | None) -> None:
        if corridors is not None:
            self._corridors = dict(corridors)

    def _linked(self) -> set:
        """The places at either end of a corridor, without making Corridor objects."""
        ends = {place for pair in self._corridors for place in pair}
        if self._pending is not None:
            ends.update(self._pending.sources)
            ends.update(self._pending.targets)
        return ends

    @property
    def source(self) -> str:
        """Where the numbers come from, in words (see :func:`source_label`)."""
        return source_label(self.sources, self.rule)

    @property
    def header(self) -> dict:
        """Dataset, measure and slice of every number of this graph, for each record."""
        return {"dataset": ",".join(self.sources), "measure": self.measure,
                "slice": self.slice.label}

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
        if self._pending is not None and not self._corridors:
            # Straight from the bulk rows; a pair's rows (several datasets) add up in place.
            pending = self._pending
            sources, targets, low, high = (pending.sources, pending.targets, pending.low,
                                           pending.high)
        else:
            corridors = list(self.corridors.values())
            sources, targets = [c.source for c in corridors], [c.target for c in corridors]
            low = np.array([c.low for c in corridors], dtype=float)
            high = np.array([c.high for c in corridors], dtype=float)
        cells = (np.fromiter((index[p] for p in sources), np.intp, len(sources)),
                 np.fromiter((index[p] for p in targets), np.intp, len(targets)))
        n = len(nodes)
        matrices = {scenario: np.zeros((n, n)) for scenario in SCENARIOS}
        np.add.at(matrices["low"], cells, low)
        np.add.at(matrices["high"], cells, high)
        unbounded = np.isinf(matrices["high"])
        matrices["high"][unbounded] = matrices["low"][unbounded]
        matrices["unweighted"][cells] = 1.0
        return nodes, matrices

    def _corridor(self, source, target) -> Corridor:
        key = (source, target)
        if key not in self.corridors:
            self.corridors[key] = Corridor(source, target)
        return self.corridors[key]


def _corridor_objects(graph: PlaceGraph) -> dict:
    """``(source, target)`` -> :class:`Corridor`; made on first use from rows added
    column-wise (:func:`add_pair_columns`), so that a caller of :meth:`~PlaceGraph.matrices`
    and the strengths alone (``hubs``: 30,000 corridors in a year) never pays for them."""
    if graph._pending is not None:
        pending, graph._pending = graph._pending, None
        pending.add_to(graph._corridors)
    return graph._corridors


def _set_corridors(graph: PlaceGraph, value: dict) -> None:
    graph._corridors, graph._pending = value, None


PlaceGraph.corridors = property(_corridor_objects, _set_corridors,
                                doc=_corridor_objects.__doc__)


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
    MIGRATED_TO edges each dates (``edges``), which costs one scan of them.

    Parameters
    ----------
    store : intelmig.stores.Store
        Only ``store.run`` is used.
    with_edges : bool
        Count the ``MIGRATED_TO`` edges tagged with each era.

    Returns
    -------
    list of dict
        ``id``, ``name``, ``scheme``, ``ordinal``, ``start_year``, ``end_year`` (None
        while ongoing) and, with ``with_edges``, ``edges``.

    Examples
    --------
    Two of the article's stages, one of them dating a stated flow:

    >>> import pathlib, tempfile
    >>> from intelmig.dataset import Dataset
    >>> from intelmig.stores.embedded import EmbeddedStore, build_database
    >>> ds = Dataset()
    >>> ds.add_node("Era", {"id": "stage2", "start_year": 1960, "end_year": 1989})
    >>> ds.add_node("Era", {"id": "stage1", "start_year": 1945, "end_year": 1959})
    >>> for code in ("DEU", "USA"):
    ...     ds.add_node("Country", {"id": code, "name_en": code})
    >>> ds.add_rel("MIGRATED_TO", "Country", "DEU", "Country", "USA",
    ...            {"measure": "qualitative", "era": "stage1", "flow": "f1", "pairs": 1})
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "eras.lbug"
    >>> build_database(path, ds)
    >>> with EmbeddedStore(path) as store:
    ...     eras = era_records(store, with_edges=True)
    >>> [(e["id"], e["start_year"], e["end_year"], e["edges"]) for e in eras]
    [('stage1', 1945, 1959, 1), ('stage2', 1960, 1989, 0)]
    """
    eras = store.run(_query("analytics_eras")).records()
    if with_edges:
        counts = dict(store.run(_query("analytics_edges_by_era")).rows)
        for era in eras:
            era["edges"] = counts.get(era["id"], 0)
    return eras


def parse_datasets(dataset) -> tuple[str, ...]:
    """``--dataset`` as a tuple of source ids: ``""`` -> (), ``"a,b"`` -> ("a", "b").

    Parameters
    ----------
    dataset : str or iterable of str or None
        Comma-separated ids, or a sequence of them; blanks are dropped.

    Returns
    -------
    tuple of str
        The ids, sorted and without repeats.

    Examples
    --------
    >>> parse_datasets(""), parse_datasets("scopus-2019"), parse_datasets(["b", "a", "b"])
    ((), ('scopus-2019',), ('a', 'b'))
    """
    if not dataset:
        return ()
    items = dataset.split(",") if isinstance(dataset, str) else list(dataset)
    return tuple(sorted({item.strip() for item in items if item.strip()}))


def source_label(sources, rule: str = "") -> str:
    """Words for the source of an answer.

    Parameters
    ----------
    sources : sequence of str
        Dataset ids; ``seed`` for the article's facts.
    rule : str
        How several sources combine (``sum``).

    Returns
    -------
    str
        For captions, notes and messages.

    Examples
    --------
    >>> source_label(("seed",)), source_label(("a", "b"), "sum"), source_label(())
    ('the article (seed)', 'datasets a + b (summed)', 'no data')
    """
    if not sources:
        return "no data"
    if len(sources) == 1:
        return "the article (seed)" if sources[0] == SEED else f"dataset {sources[0]}"
    return f"datasets {' + '.join(sources)} ({'summed' if rule == 'sum' else rule})"


def _preferred(measures: dict) -> list[str]:
    """The measures of one source in order of preference: stated volumes first, then
    links (qualitative, and flows, stocks or events stated without a volume)."""
    with_volume = [m for m in MEASURE_PREFERENCE if measures.get(m)]
    links = [m for m in (*MEASURE_PREFERENCE, "qualitative")
             if m in measures and m not in with_volume]
    return with_volume + links


def _states_a_volume(measures: dict) -> bool:
    return any(measures.get(m) for m in MEASURE_PREFERENCE)


def choose_source(present: dict, *, measure: str | None = None, datasets=(),
                  slice_label: str = "") -> tuple[str, tuple[str, ...]]:
    """The one source (or the sources the user combines) and the measure of an answer.

    Parameters
    ----------
    present : dict
        ``{(measure, source): has_volume}`` for the rows of the slice; ``source`` is a
        dataset id, ``seed`` for the article's facts.
    measure : str or None
        The measure the user asked for; None takes the first of flow, stock, event with
        a stated volume, else qualitative links.
    datasets : tuple of str
        The sources the user named (``--dataset``); several are summed.
    slice_label : str
        For the messages.

    Returns
    -------
    (measure, sources)

    Raises
    ------
    AmbiguousSource
        When no source was named and several could answer (two datasets, or the seed
        and a dataset): one source per answer.
    ParameterError
        When a named source has no rows in the slice, or named sources share no measure.

    Examples
    --------
    >>> choose_source({("flow", "scopus"): True})
    ('flow', ('scopus',))
    >>> choose_source({("flow", "scopus"): True, ("flow", "openalex"): True},
    ...               slice_label="year 2019")
    Traceback (most recent call last):
    ...
    intelmig.errors.AmbiguousSource: year 2019: 2 sources could answer: openalex (flow), scopus (flow); choose one with --dataset ID, or sum them with --dataset openalex,scopus
    >>> choose_source({("flow", "scopus"): True, ("flow", "openalex"): True},
    ...               datasets=("openalex", "scopus"))
    ('flow', ('openalex', 'scopus'))
    """
    from ..errors import AmbiguousSource, ParameterError

    by_source: dict = {}
    for (row_measure, source), volume in present.items():
        measures = by_source.setdefault(source, {})
        measures[row_measure] = measures.get(row_measure, False) or bool(volume)
    where = f"{slice_label}: " if slice_label else ""
    listing = ", ".join(f"{s} ({'/'.join(_preferred(m))})" for s, m in sorted(by_source.items()))
    if datasets:
        missing = [d for d in datasets if d not in by_source]
        if missing:
            raise ParameterError(f"{where}no rows of {', '.join(missing)} here; sources with "
                                 f"rows: {listing or 'none'}")
        candidates = {s: by_source[s] for s in datasets}
    else:
        candidates = dict(by_source)
    if measure is not None:
        lacking = [s for s in candidates if measure not in candidates[s]]
        if datasets and lacking:
            raise ParameterError(f"{where}{', '.join(lacking)} has no {measure} rows here")
        candidates = {s: m for s, m in candidates.items() if measure in m}
    elif not datasets and any(_states_a_volume(m) for m in candidates.values()):
        # Links without a volume do not compete with stated volumes for the default answer.
        candidates = {s: m for s, m in candidates.items() if _states_a_volume(m)}
    if not candidates:
        return measure or "flow", tuple(datasets)
    if len(candidates) > 1 and not datasets:
        named = [(s, measure or _preferred(m)[0]) for s, m in sorted(candidates.items())]
        raise AmbiguousSource(
            f"{where}{len(named)} sources could answer: "
            + ", ".join(f"{s} ({m})" for s, m in named)
            + "; choose one with --dataset ID, or sum them with --dataset "
            + ",".join(s for s, _ in named), named)
    if measure is None:
        first = candidates[min(candidates)]
        common = [m for m in _preferred(first)
                  if all(m in _preferred(ms) for ms in candidates.values())]
        if not common:
            raise ParameterError(f"{where}{', '.join(candidates)} share no measure; "
                                 "choose one with --measure")
        measure = common[0]
    return measure, tuple(sorted(candidates))


def choose_measure(store, slice_: Slice, *, sex="total", dataset="", eras=None) -> str:
    """The measure an analysis of the slice uses (see :func:`choose_source`).

    Parameters
    ----------
    store : intelmig.stores.Store
        Only ``store.run`` is used.
    slice_ : Slice
        The time slice.
    sex : str
        Imported rows of this sex only (``total``, ``male``, ``female``).
    dataset : str or sequence of str
        The source(s) the user named; empty: the one source the slice has.
    eras : list of dict, optional
        The Era records (:func:`era_records`), when the caller has read them.

    Returns
    -------
    str
        flow, stock or event (the first with a stated volume), else qualitative.

    Raises
    ------
    AmbiguousSource
        When several sources could answer and none was named.
    ParameterError
        When a named source has no rows in the slice, or named sources share no measure.

    Examples
    --------
    The article states a link from Germany to the USA in stage 1 (1945-1959),
    without a volume; dataset ``un`` counts 30 moves from Kazakhstan to Russia and 10
    back in 2019:

    >>> import pathlib, tempfile
    >>> from intelmig.dataset import Dataset
    >>> from intelmig.stores.embedded import EmbeddedStore, build_database
    >>> ds = Dataset()
    >>> for code in ("DEU", "USA", "KAZ", "RUS"):
    ...     ds.add_node("Country", {"id": code, "name_en": code})
    >>> ds.add_node("Era", {"id": "stage1", "name_en": "Stage 1", "start_year": 1945,
    ...                     "end_year": 1959})
    >>> ds.add_rel("MIGRATED_TO", "Country", "DEU", "Country", "USA",
    ...            {"measure": "qualitative", "era": "stage1", "flow": "f1", "pairs": 1})
    >>> for origin, destination, people in (("KAZ", "RUS", 30.0), ("RUS", "KAZ", 10.0)):
    ...     ds.add_rel("MIGRATED_TO", "Country", origin, "Country", destination,
    ...                {"measure": "flow", "dataset": "un", "year": 2019, "value": people})
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "demo.lbug"
    >>> build_database(path, ds)
    >>> from intelmig.analytics.slices import Slice
    >>> with EmbeddedStore(path) as store:
    ...     print(choose_measure(store, Slice.of(era="stage1")))
    ...     print(choose_measure(store, Slice.of(year=2019)))
    qualitative
    flow
    """
    params = slice_.params(era_records(store) if eras is None else eras)
    datasets = parse_datasets(dataset)
    params.update(sex=sex, datasets=list(datasets), any_dataset=not datasets)
    present = {(r["measure"], r["source"]): r["with_volume"] > 0
               for r in store.run(_query("analytics_measures_in_slice"), params).records()}
    return choose_source(present, datasets=datasets, slice_label=slice_.label)[0]


def _check_era(slice_: Slice, eras: list[dict]) -> None:
    from ..errors import ParameterError

    if slice_.era and slice_.era not in {e["id"] for e in eras}:
        import difflib

        known = [e["id"] for e in eras]
        close = difflib.get_close_matches(slice_.era, known, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"known: {', '.join(known) or 'none'}"
        raise ParameterError(f"no era {slice_.era!r}; {hint}")


def _scheme(store, params, slice_, level, regions, measure, datasets) -> str:
    """The region scheme of an answer, checked with its level; None picks the default:
    the article's regions when the article's facts answer, else UN M49."""
    from ..errors import ParameterError
    from ..regions import SCHEMES

    if regions is None:
        if level == "region":
            present = {(r["measure"], r["source"]): r["with_volume"] > 0
                       for r in store.run(_query("analytics_measures_in_slice"),
                                          params).records()}
            _measure, sources = choose_source(present, measure=measure, datasets=datasets,
                                              slice_label=slice_.label)
            regions = "article" if set(sources) <= {SEED} else "m49"
        else:
            regions = "m49" if level == "subregion" else "article"
    if regions not in SCHEMES:
        raise ParameterError(f"regions must be one of {', '.join(SCHEMES)}, got {regions!r}")
    levels = LEVELS + (("subregion",) if regions == "m49" else ())
    if level not in levels:
        raise ParameterError(f"level must be one of {', '.join(levels)} (scheme {regions}), "
                             f"got {level!r}")
    return regions


def default_scheme(store, slice_: Slice, level: str = "region", *, measure=None,
                   sex="total", dataset="") -> str:
    """The region scheme :func:`place_graph` uses when none is named: ``article`` when
    the answer comes from the article's facts (its regions are what it talks about),
    ``m49`` when it comes from a dataset (complete regions for real data).

    Parameters
    ----------
    store : intelmig.stores.Store
        Only ``store.run`` is used.
    slice_ : Slice
        The time slice.
    level : str
        ``region`` (the scheme depends on the source) or ``subregion`` (always M49);
        ``country`` has no region scheme (``article``).
    measure, sex, dataset
        As for :func:`place_graph`.

    Returns
    -------
    str
        ``article`` or ``m49``.

    Raises
    ------
    AmbiguousSource
        When several sources could answer (see :func:`choose_source`).

    Examples
    --------
    The article states a link from Germany to the USA in stage 1 (1945-1959),
    without a volume; dataset ``un`` counts 30 moves from Kazakhstan to Russia and 10
    back in 2019:

    >>> import pathlib, tempfile
    >>> from intelmig.dataset import Dataset
    >>> from intelmig.stores.embedded import EmbeddedStore, build_database
    >>> ds = Dataset()
    >>> for code in ("DEU", "USA", "KAZ", "RUS"):
    ...     ds.add_node("Country", {"id": code, "name_en": code})
    >>> ds.add_node("Era", {"id": "stage1", "name_en": "Stage 1", "start_year": 1945,
    ...                     "end_year": 1959})
    >>> ds.add_rel("MIGRATED_TO", "Country", "DEU", "Country", "USA",
    ...            {"measure": "qualitative", "era": "stage1", "flow": "f1", "pairs": 1})
    >>> for origin, destination, people in (("KAZ", "RUS", 30.0), ("RUS", "KAZ", 10.0)):
    ...     ds.add_rel("MIGRATED_TO", "Country", origin, "Country", destination,
    ...                {"measure": "flow", "dataset": "un", "year": 2019, "value": people})
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "demo.lbug"
    >>> build_database(path, ds)
    >>> from intelmig.analytics.slices import Slice
    >>> with EmbeddedStore(path) as store:
    ...     print(default_scheme(store, Slice.of(era="stage1")))
    ...     print(default_scheme(store, Slice.of(year=2019)))
    article
    m49
    """
    eras = era_records(store)
    datasets = parse_datasets(dataset)
    params = slice_.params(eras)
    params.update(sex=sex, datasets=list(datasets), any_dataset=not datasets)
    return _scheme(store, params, slice_, level, None, measure, datasets)


def _m49_mapper(level: str):
    """Place id -> the ids it counts as at an M49 level (itself if in no M49 region)."""
    from ..regions import m49_group

    def mapped(place):
        group = m49_group(place, level)
        return (group,) if group else (place,)

    return mapped


def year_mapper(store, regions: str, level: str):
    """``(place, year) -> groups`` of a region scheme, for rows aggregated by country and
    year and grouped outside the database: M49 (undated), the article's regions (the
    ``PART_OF`` links of the database, overlapping; their CIS holds a member only in
    the years it took part throughout) or the dated CIS.

    Examples
    --------
    >>> mapped = year_mapper(None, "m49", "subregion")   # M49 needs no database
    >>> mapped("KAZ", 2010), mapped("ATA", 2010)
    (('m49:143',), ('ATA',))
    >>> year_mapper(None, "cis", "region")("GEO", 2010)
    ('GEO',)
    """
    from ..regions import cis_groups

    if regions == "cis":
        return cis_groups
    if regions == "m49":
        m49 = _m49_mapper(level)
        return lambda place, _year: m49(place)
    from ..regions import cis_members_throughout

    groups: dict = {}
    for country, region in store.run(_query("analytics_country_regions")).rows:
        groups.setdefault(country, []).append(region)
    members = functools.cache(lambda year: set(cis_members_throughout(year, year)))

    def mapped(place, year):
        # The article's CIS holds a member only in the years it took part throughout.
        kept = [r for r in groups.get(place, ()) if r != CIS or place in members(year)]
        return tuple(kept) or (place,)

    return mapped


def name_places(store, graph: PlaceGraph) -> None:
    """Fill ``graph.places`` for every place of its corridors, strengths and within sums:
    M49 regions from the M49 table, the rest from the database (a place the database
    lacks keeps its id; the CIS its name from the membership table).

    Examples
    --------
    >>> g = PlaceGraph(Slice.of(year=2010), "flow", "region", regions="m49")
    >>> g.within = {"m49:142": [5.0, 5.0]}
    >>> name_places(None, g)                              # no country: no query
    >>> g.places
    {'m49:142': ('Asia', 'Region')}
    """
    from ..regions import CIS, CIS_NAME, m49_names

    ids = sorted(graph._linked() | set(graph.sent)
                 | set(graph.received) | set(graph.within))
    names = m49_names()
    for place in ids:
        if place in names:
            graph.places[place] = (names[place], "Region")
    countries = [p for p in ids if p not in graph.places]
    if countries:
        for place, name, kind in store.run(_query("analytics_places"), {"ids": countries}).rows:
            graph.places[place] = (name, kind)
    for place in ids:
        graph.places.setdefault(place, (CIS_NAME, "Region") if place == CIS
                                else (place, "Country"))


def _choose(store, params, present, slice_, measure, datasets):
    """:func:`choose_source` over ``present``; when a named source is missing from it,
    the refusal lists every source of the slice."""
    if datasets and not set(datasets) <= {source for _, source in present}:
        present = {(r["measure"], r["source"]): r["with_volume"] > 0
                   for r in store.run(_query("analytics_measures_in_slice"),
                                      {**params, "any_dataset": True}).records()}
    return choose_source(present, measure=measure, datasets=datasets, slice_label=slice_.label)


def _slice_years(slice_: Slice, eras: list[dict]) -> tuple[int, int]:
    """The first and last year a slice can hold (an era's years; open ends unbounded)."""
    from .slices import YEAR_MAX, YEAR_MIN

    if slice_.era:
        era = next(e for e in eras if e["id"] == slice_.era)
        return (YEAR_MIN if era.get("start_year") is None else era["start_year"],
                YEAR_MAX if era.get("end_year") is None else era["end_year"])
    return (YEAR_MIN if slice_.year_from is None else slice_.year_from,
            YEAR_MAX if slice_.year_to is None else slice_.year_to)


def _dated_article_members(slice_: Slice, eras: list[dict]) -> list[str]:
    """The countries the article's CIS may hold in the slice: those that took part in the
    CIS throughout it (a ``PART_OF`` link of another country to it is not followed)."""
    from ..regions import cis_members_throughout

    return cis_members_throughout(*_slice_years(slice_, eras))


def _dated_place_graph(store, slice_: Slice, params: dict, *, level, measure, datasets):
    """A slice at the ``cis`` scheme: each move placed by its year (see
    :func:`intelmig.regions.cis_groups`), from rows aggregated per country pair and year."""
    from ..errors import ParameterError
    from ..regions import CIS, cis_groups, cis_members

    if slice_.era:
        raise ParameterError(f"{slice_.label}: the cis scheme places each move by its year "
                             "(CIS membership changed over time); give --year or --from/--to")
    counts: dict = {}
    present: dict = {}
    for r in store.run(_query("analytics_measures_in_slice"), params).records():
        counts[r["measure"], r["source"]] = r["edges"]
        present[r["measure"], r["source"]] = r["with_volume"] > 0
    measure, sources = _choose(store, params, present, slice_, measure, datasets)
    with store.reading_datasets(sources):
        rows = store.run(_query("analytics_pair_weights_by_year"),
                         {k: params[k] for k in ("year_from", "year_to", "sex")}
                         | {"datasets": list(sources), "any_dataset": False}).rows
    chosen = [row for row in rows if row[1] == measure]
    unplaced = sum(counts.get((measure, s), 0) for s in sources) - sum(r[-2] for r in chosen)
    if unplaced:
        # Never dropped in silence: a fact spanning years has no one year to place it by.
        raise ParameterError(
            f"{slice_.label}: {unplaced} {measure} fact(s) of {source_label(sources)} span "
            "more than one year or share one volume among several pairs, and the cis scheme "
            "places each move by its year; answer with --regions article or m49")
    graph = PlaceGraph(slice_, measure, level, sources=sources,
                       rule="sum" if len(sources) > 1 else "", regions="cis")
    for row in chosen:
        add_pair_row(graph, row[2:], lambda place, year=row[0]: cis_groups(place, year))
    name_places(store, graph)
    if CIS in graph.places:
        members: dict = {}
        for year in sorted({row[0] for row in chosen}):
            members.update(cis_members(year))
        graph.members[CIS] = sorted(members.items())
    return graph




#: The columns of an aggregated pair row, in the order :func:`add_pair_row` takes them.
_PAIR_ROW = ("dataset", "source", "target", "low", "high", "bounded_rows", "rows")


@dataclass
class PairColumns:
    """Aggregated pair rows of one measure, column-wise: what :func:`add_pair_columns`
    keeps of them until :attr:`PlaceGraph.corridors` is asked for.

    Attributes
    ----------
    sources, targets : sequence of str
        Place ids of each row's ends.
    low, high : numpy.ndarray, shape (rows,)
        Volume bounds of each row (people; links for the qualitative measure); ``high``
        is ``inf`` when the row states no upper bound.
    links : numpy.ndarray of int, shape (rows,)
        How many facts each row sums.
    datasets : sequence of str or None
        Each row's dataset id; None for the article's facts.
    """

    sources: Sequence
    targets: Sequence
    low: object
    high: object
    links: object
    datasets: Sequence

    def add_to(self, corridors: dict) -> None:
        """Add the rows to ``corridors`` (``(source, target)`` -> :class:`Corridor`), in
        row order, as :func:`add_pair_row` does one row at a time."""
        for source, target, low, high, links, dataset in zip(
                self.sources, self.targets, self.low.tolist(), self.high.tolist(),
                self.links.tolist(), self.datasets):
            corridor = corridors.get((source, target))
            if corridor is None:
                corridor = corridors[source, target] = Corridor(source, target)
            corridor.low += low
            corridor.high += high
            corridor.links += links
            if dataset is not None:
                corridor.datasets.add(dataset)


def add_pair_columns(graph: PlaceGraph, columns: dict, *, strengths: bool = True) -> None:
    """Add aggregated pair rows of ``graph.measure``, given column-wise, to the graph: the
    same sums as :func:`add_pair_row` on each row without a ``mapper``, in array
    operations; the corridors are kept column-wise until asked for
    (:attr:`PlaceGraph.corridors`).

    Parameters
    ----------
    graph : PlaceGraph
        Adds to its corridors and, with ``strengths``, to ``sent`` and ``received``.
    columns : dict
        ``dataset``, ``source``, ``target``, ``low``, ``high``, ``bounded_rows``,
        ``rows``: sequences of equal length, as the ``analytics_pair_weights_*``
        queries name their columns (``low`` and ``high`` summed per row, ``rows`` facts
        of which ``bounded_rows`` state an upper bound).
    strengths : bool
        Add what each end sends and receives (country level).

    Examples
    --------
    Kazakhstan sends 30 to Russia (in two datasets) and 5 to Germany, with no upper
    bound on one row of the second:

    >>> from intelmig.analytics.slices import Slice
    >>> graph = PlaceGraph(Slice.of(year=2019), "flow", "country", sources=("a", "b"))
    >>> graph.places.update({"KAZ": ("Kazakhstan", "Country"), "RUS": ("Russia", "Country"),
    ...                      "DEU": ("Germany", "Country")})
    >>> add_pair_columns(graph, {"dataset": ["a", "b", "a"], "source": ["KAZ"] * 3,
    ...                          "target": ["RUS", "RUS", "DEU"], "low": [20.0, 10.0, 5.0],
    ...                          "high": [20.0, 10.0, 5.0], "bounded_rows": [1, 1, 1],
    ...                          "rows": [1, 1, 2]})
    >>> graph.sent, graph.received
    ({'KAZ': [35.0, inf]}, {'RUS': [30.0, 30.0], 'DEU': [5.0, inf]})
    >>> graph.matrices()[1]["high"].tolist()[1]   # the unbounded corridor weighs its low
    [5.0, 0.0, 30.0]
    >>> corridor = graph.corridors["KAZ", "RUS"]
    >>> corridor.low, corridor.links, sorted(corridor.datasets)
    (30.0, 2, ['a', 'b'])
    """
    import numpy as np

    sources, targets = list(columns["source"]), list(columns["target"])
    if any(source == target for source, target in zip(sources, targets)):
        # Not a corridor but a sum within a place: one row at a time, as add_pair_row does.
        rows = list(zip(*(columns[name] for name in _PAIR_ROW)))
        looped = {key: [row[i] for row in rows if row[1] != row[2]]
                  for i, key in enumerate(_PAIR_ROW)}
        for row in rows:
            if row[1] == row[2]:
                add_pair_row(graph, row, strengths=strengths)
        return add_pair_columns(graph, looped, strengths=strengths)
    links = np.array(columns["rows"], dtype=np.int64).reshape(-1)
    if graph.measure == "qualitative":
        low = high = links.astype(float)
    else:
        low = np.array([float(x or 0.0) for x in columns["low"]])
        high = np.array([float(x or 0.0) for x in columns["high"]])
        high[np.array(columns["bounded_rows"], dtype=np.int64).reshape(-1) < links] = math.inf
    if graph._pending is not None or graph._corridors:
        PairColumns(sources, targets, low, high, links, list(columns["dataset"])).add_to(
            graph.corridors)
    else:
        graph._pending = PairColumns(sources, targets, low, high, links,
                                     list(columns["dataset"]))
    if strengths:
        for bounds, ends in ((graph.sent, sources), (graph.received, targets)):
            order = list(dict.fromkeys(ends))  # first appearance, as row by row
            index = {place: i for i, place in enumerate(order)}
            at = np.fromiter((index[place] for place in ends), np.intp, len(ends))
            sums = zip(np.bincount(at, low, len(order)).tolist(),
                       np.bincount(at, high, len(order)).tolist())
            for place, (place_low, place_high) in zip(order, sums):
                _add(bounds, place, place_low, place_high)


def add_pair_row(graph: PlaceGraph, row, mapper=None, *, strengths: bool = True) -> None:
    """Add one aggregated pair row ``(dataset, source, target, low, high, bounded_rows,
    rows, ...)`` of ``graph.measure`` to the graph: its corridors and, with ``strengths``,
    what the ends send and receive.

    ``mapper`` groups places: place -> the tuple of groups it counts as (one M49 region;
    the article's regions, which overlap; itself when in none). The row then adds to
    every corridor between a group of its origin and a *different* group of its
    destination, to what each origin group outside the destination's groups sends and
    each destination group outside the origin's receives (a region's strengths count a
    move once), and to ``graph.within`` for every group holding both ends (migest's
    diagonal), as the region queries of ``cypher/analytics`` do in the database.
    """
    dataset_id, source, target, low, high, bounded, rows = row[:7]
    if graph.measure == "qualitative":
        low = high = float(rows)
    else:
        low, high = float(low or 0.0), _high(high, rows, bounded)
    sources, targets = (source,), (target,)
    if mapper is not None:
        sources, targets = mapper(source), mapper(target)
    for group in set(sources) & set(targets):
        _add(graph.within, group, low, high)
    for source in sources:
        for target in targets:
            if source == target:
                continue
            corridor = graph._corridor(source, target)
            corridor.low += low
            corridor.high += high
            corridor.links += rows
            if dataset_id is not None:
                corridor.datasets.add(dataset_id)
    if strengths:
        for source in sources:
            if source not in targets:
                _add(graph.sent, source, low, high)
        for target in targets:
            if target not in sources:
                _add(graph.received, target, low, high)


def place_graph(store, slice_: Slice | None = None, *, level="country", measure=None,
                sex="total", dataset="", regions=None) -> PlaceGraph:
    """Aggregate one slice of the store into a :class:`PlaceGraph` from one source.

    Parameters
    ----------
    store : intelmig.stores.Store
        Any store (embedded or Neo4j); only ``store.run``, ``store.run_columns`` and
        ``store.reading_datasets`` are used.
    slice_ : Slice
        The time slice (default: all time). A fact counts only if its span lies
        within the slice.
    level : {"country", "region", "subregion"}
        ``subregion`` only with ``regions="m49"``.
    measure : str or None
        flow, stock, event or qualitative; None picks one (see :func:`choose_source`).
    sex : str
        Imported rows of this sex only (``total`` by default, so that the male and
        female rows of a dataset are not added to its totals).
    dataset : str or sequence of str
        The source to answer from: a dataset id, ``seed`` for the article's facts,
        or several (``"a,b"``) whose volumes are summed. Empty: the one source the
        slice has.
    regions : {"article", "m49", "cis"} or None
        The region scheme of the region levels; None: the article's regions when the
        article's facts answer, UN M49 when a dataset does (see :func:`default_scheme`).
        ``cis``: the CIS with dated membership, each move placed by its year (year
        slices only; see :func:`intelmig.regions.cis_groups`).

    Returns
    -------
    PlaceGraph
        With ``sources`` and ``rule`` saying where its numbers come from.

    Raises
    ------
    AmbiguousSource
        When several sources could answer and none was named.
    ParameterError
        For an unknown level, measure, scheme or era; at the ``cis`` scheme, for an era
        slice, a fact spanning several years, or a year in which a country of the slice
        joined or left the CIS.

    Examples
    --------
    The article states a link from Germany to the USA in stage 1 (1945-1959),
    without a volume; dataset ``un`` counts 30 moves from Kazakhstan to Russia and 10
    back in 2019:

    >>> import pathlib, tempfile
    >>> from intelmig.dataset import Dataset
    >>> from intelmig.stores.embedded import EmbeddedStore, build_database
    >>> ds = Dataset()
    >>> for code in ("DEU", "USA", "KAZ", "RUS"):
    ...     ds.add_node("Country", {"id": code, "name_en": code})
    >>> ds.add_node("Era", {"id": "stage1", "name_en": "Stage 1", "start_year": 1945,
    ...                     "end_year": 1959})
    >>> ds.add_rel("MIGRATED_TO", "Country", "DEU", "Country", "USA",
    ...            {"measure": "qualitative", "era": "stage1", "flow": "f1", "pairs": 1})
    >>> for origin, destination, people in (("KAZ", "RUS", 30.0), ("RUS", "KAZ", 10.0)):
    ...     ds.add_rel("MIGRATED_TO", "Country", origin, "Country", destination,
    ...                {"measure": "flow", "dataset": "un", "year": 2019, "value": people})
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "demo.lbug"
    >>> build_database(path, ds)
    >>> from intelmig.analytics.slices import Slice
    >>> with EmbeddedStore(path) as store:
    ...     graph = place_graph(store, Slice.of(year=2019))
    ...     article = place_graph(store, Slice.of(era="stage1"))
    ...     regions = place_graph(store, Slice.of(year=2019), level="region")
    >>> graph.source, graph.measure
    ('dataset un', 'flow')
    >>> sorted(graph.sent.items()), sorted(graph.received.items())  # rows come unordered
    ([('KAZ', [30.0, 30.0]), ('RUS', [10.0, 10.0])], [('KAZ', [10.0, 10.0]), ('RUS', [30.0, 30.0])])
    >>> article.source, article.measure, article.corridors["DEU", "USA"].links
    ('the article (seed)', 'qualitative', 1)

    A dataset's regions are the UN M49 ones (Kazakhstan in Asia, Russia in Europe):

    >>> sorted((c.source, c.target, c.low) for c in regions.corridors.values())
    [('m49:142', 'm49:150', 30.0), ('m49:150', 'm49:142', 10.0)]
    >>> with EmbeddedStore(path) as store:
    ...     place_graph(store, Slice.of(era="stage2"))
    Traceback (most recent call last):
    ...
    intelmig.errors.ParameterError: no era 'stage2'; did you mean 'stage1'?
    """
    from ..errors import ParameterError

    slice_ = slice_ or Slice()
    if measure is not None and measure not in MEASURES:
        raise ParameterError(f"measure must be one of {', '.join(MEASURES)}, got {measure!r}")
    eras = era_records(store)
    _check_era(slice_, eras)
    datasets = parse_datasets(dataset)
    params = slice_.params(eras)
    params.update(sex=sex, datasets=list(datasets), any_dataset=not datasets)
    regions = _scheme(store, params, slice_, level, regions, measure, datasets)
    if regions == "cis" and level != "country":
        return _dated_place_graph(store, slice_, params, level=level, measure=measure,
                                  datasets=datasets)
    dated = _dated_article_members(slice_, eras) if level != "country" else []
    params.update(dated_regions=[CIS] if level != "country" else [], dated_members=dated)
    # The database groups by article region; M49 regions partition the countries, so
    # country-level rows are grouped in Python with the M49 table.
    in_db_level = level if regions == "article" else "country"
    mapper = _m49_mapper(level) if regions == "m49" and level != "country" else None
    # One scan for every source and measure: the choice is made from the aggregates.
    with store.reading_datasets(datasets):
        columns = store.run_columns(_query(f"analytics_pair_weights_{in_db_level}"), params)
        shared_rows = store.run(_query("analytics_shared_flows"),
                                {**params, "level": in_db_level}).records()
    present: dict = {}
    for measure_, dataset_, volume in zip(columns["measure"], columns["dataset"],
                                          columns["with_volume"]):
        key = (measure_, dataset_ or SEED)
        present[key] = present.get(key, False) or volume > 0
    for r in shared_rows:
        key = (r["measure"], r["dataset"] or SEED)
        present[key] = present.get(key, False) or any(
            r[k] is not None for k in ("low", "high", "value"))
    measure, sources = _choose(store, params, present, slice_, measure, datasets)
    chosen = set(sources)
    params.update(measure=measure, datasets=list(sources), any_dataset=False)
    graph = PlaceGraph(slice_, measure, level, sources=sources,
                       rule="sum" if len(sources) > 1 else "", regions=regions)
    qualitative = measure == "qualitative"

    kept = [m == measure and (d or SEED) in chosen
            for m, d in zip(columns["measure"], columns["dataset"])]
    if not all(kept):
        columns = {name: [v for v, keep in zip(values, kept) if keep]
                   for name, values in columns.items()}
    if mapper is None:
        add_pair_columns(graph, columns, strengths=level == "country")
    else:
        for row in zip(*(columns[name] for name in _PAIR_ROW)):
            add_pair_row(graph, row, mapper)
    # Only rows that name a stated flow have citations: the article's facts and person
    # moves rolled up (imported tables name none), so mostly this scan is not needed.
    cited = any(columns["cited"])
    with store.reading_datasets(sources):
        citations = store.run(_query("analytics_flow_citations"),
                              {**params, "level": in_db_level}).rows if cited else []
    for source, target, flows in citations:
        if mapper is not None:
            (source,), (target,) = mapper(source), mapper(target)
        if (source, target) in graph.corridors:
            graph.corridors[source, target].flows.update(flows)
            graph.sent_flows.setdefault(source, set()).update(flows)
            graph.received_flows.setdefault(target, set()).update(flows)
    if level != "country" and mapper is None:
        for name, bounds in (("analytics_out_strength_region", graph.sent),
                             ("analytics_in_strength_region", graph.received)):
            with store.reading_datasets(sources):
                strengths = store.run(_query(name), params).rows
            for node, low, high, bounded, rows, flows in strengths:
                if qualitative:
                    _add(bounds, node, float(len(flows) or rows), float(len(flows) or rows))
                else:
                    _add(bounds, node, float(low or 0.0), _high(high, rows, bounded))

    shared: dict[str, SharedFlow] = {}
    for record in shared_rows:
        if record["measure"] != measure or (record["dataset"] or SEED) not in chosen:
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
        sources_, targets_ = record["sources"], record["targets"]
        if mapper is not None:
            sources_ = [m for s in sources_ for m in mapper(s)]
            targets_ = [m for t in targets_ for m in mapper(t)]
        flow.add(record["origin"], record["destination"], sources_, targets_)
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

    name_places(store, graph)
    if level != "country" and regions == "article":
        from ..regions import article_members

        graph.members = article_members(
            store, [p for p, (_, kind) in graph.places.items() if kind == "Region"])
        if CIS in graph.members:
            # The CIS's figures here leave out the members of the database that did not
            # take part throughout the slice: the reader is told which.
            outside = [m for m, _ in graph.members[CIS] if m not in dated]
            if outside:
                graph.notes.append(Note(
                    "{members} counted outside the CIS in {slice}: not members throughout "
                    "it (the CIS dates from December 1991; --regions cis places each move "
                    "by its year)", members=", ".join(outside), slice=slice_.label))
    return graph
