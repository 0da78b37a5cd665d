"""The largest corridors of one time slice and how two-way each one is.

Each row is one ordered pair of places with its weight interval, the interval
of the reverse corridor, the corridor's net (this direction minus the reverse),
gross (both directions) and migration effectiveness index (net / gross), and the
bounds of the circulation index ``2 min(x, y) / (x + y)`` over every pair of
weights the intervals allow (1: balanced two-way circulation, 0: one-way drain).
Rows are ordered by the upper bound, then the lower bound, of the corridor's
weight. At an M49 region level the volume moved inside each region follows as
rows from a region to itself (``within``), as migest's regional sums do.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .aggregate import PlaceGraph, place_graph
from .circulation import circulation_bounds
from .indices import effectiveness_bounds, gross_bounds, net_bounds
from .slices import Slice

__all__ = ["CorridorRow", "corridor_table", "corridors"]


@dataclass
class CorridorRow:
    """One corridor of one slice, dataset and measure; volumes are (low, high) bounds.

    Volumes are in people (links for the qualitative measure); ``reverse_*`` is the
    corridor back, ``net_*`` this direction minus the reverse, ``gross_*`` both, the
    effectiveness index ``net / gross`` and the circulation index in [0, 1] (None
    without movement). A ``within`` row is the volume moved inside one M49 region.

    Examples
    --------
    >>> from intelmig.analytics.aggregate import Corridor, PlaceGraph
    >>> from intelmig.analytics.slices import Slice
    >>> g = PlaceGraph(Slice(), "flow", "country", sources=("un",))
    >>> g.places = {"KAZ": ("Kazakhstan", "Country"), "RUS": ("Russia", "Country")}
    >>> g.corridors = {("KAZ", "RUS"): Corridor("KAZ", "RUS", 30.0, 30.0, 1)}
    >>> row = corridor_table(g)[0]
    >>> row.source_name, row.target_name, row.low, row.reverse_low, row.circulation_low
    ('Kazakhstan', 'Russia', 30.0, 0.0, 0.0)
    >>> row.to_dict()["dataset"], row.to_dict()["slice"]
    ('un', 'all time')
    """

    dataset: str
    measure: str
    slice: str
    rank: int
    source: str
    source_name: str
    target: str
    target_name: str
    low: float
    high: float
    reverse_low: float
    reverse_high: float
    net_low: float
    net_high: float
    gross_low: float
    gross_high: float
    effectiveness_low: float | None
    effectiveness_high: float | None
    circulation_low: float | None
    circulation_high: float | None
    links: int
    within: bool = False
    flows: list = field(default_factory=list)
    datasets: list = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def corridor_table(graph: PlaceGraph, top: int | None = None) -> list[CorridorRow]:
    """Corridors ordered by their upper then lower bound, ``top`` of them.

    Parameters
    ----------
    graph : PlaceGraph
        One slice, measure and level (:func:`~intelmig.analytics.aggregate.place_graph`).
    top : int or None
        How many corridors (ties at the cut are cut by ids); None: all. The rows
        of the volume moved within regions (M49 levels) follow, rank 0.

    Returns
    -------
    list of CorridorRow

    Examples
    --------
    Kazakhstan sends 30 to Russia, Russia 10 back: the circulation index is
    ``2 * 10 / 40 = 0.5``, the effectiveness index ``(30 - 10) / 40 = 0.5``:

    >>> from intelmig.analytics.aggregate import PlaceGraph, Corridor
    >>> from intelmig.analytics.slices import Slice
    >>> g = PlaceGraph(Slice(), "flow", "country", sources=("un",))
    >>> g.places = {"KAZ": ("Kazakhstan", "Country"), "RUS": ("Russia", "Country")}
    >>> g.corridors = {("KAZ", "RUS"): Corridor("KAZ", "RUS", 30.0, 30.0, 1),
    ...                ("RUS", "KAZ"): Corridor("RUS", "KAZ", 10.0, 10.0, 1)}
    >>> [(r.source, r.target, r.net_low, r.gross_low, r.effectiveness_low, r.circulation_low)
    ...  for r in corridor_table(g)]
    [('KAZ', 'RUS', 20.0, 40.0, 0.5, 0.5), ('RUS', 'KAZ', -20.0, 40.0, -0.5, 0.5)]
    >>> [r.source for r in corridor_table(g, top=1)]
    ['KAZ']
    """
    ordered = sorted(graph.corridors.values(),
                     key=lambda c: (-c.high, -c.low, c.source, c.target))
    rows = []
    header = {"dataset": ",".join(graph.sources), "measure": graph.measure,
              "slice": graph.slice.label}
    for position, corridor in enumerate(ordered[:top], start=1):
        reverse = graph.corridors.get((corridor.target, corridor.source))
        there = (corridor.low, corridor.high)
        back = (reverse.low, reverse.high) if reverse else (0.0, 0.0)
        least, greatest = circulation_bounds(there, back)
        net, gross, mei = (net_bounds(there, back), gross_bounds(there, back),
                           effectiveness_bounds(there, back))
        rows.append(CorridorRow(
            **header, rank=position, source=corridor.source,
            source_name=graph.places[corridor.source][0], target=corridor.target,
            target_name=graph.places[corridor.target][0], low=corridor.low, high=corridor.high,
            reverse_low=back[0], reverse_high=back[1], net_low=net[0], net_high=net[1],
            gross_low=gross[0], gross_high=gross[1], effectiveness_low=mei[0],
            effectiveness_high=mei[1], circulation_low=least, circulation_high=greatest,
            links=corridor.links, flows=sorted(corridor.flows),
            datasets=sorted(corridor.datasets),
        ))
    for region, (low, high) in sorted(graph.within.items()):
        name = graph.places[region][0]
        rows.append(CorridorRow(
            **header, rank=0, source=region, source_name=name, target=region,
            target_name=name, low=low, high=high, reverse_low=0.0, reverse_high=0.0,
            net_low=0.0, net_high=0.0, gross_low=low, gross_high=high,
            effectiveness_low=None, effectiveness_high=None, circulation_low=None,
            circulation_high=None, links=0, within=True, datasets=list(graph.sources)))
    return rows


def corridors(store, *, era=None, year=None, year_from=None, year_to=None, level="country",
              measure=None, top=None, sex="total", dataset="", regions=None):
    """The corridors of one slice of ``store``: ``(PlaceGraph, [CorridorRow])``.

    Parameters are those of :func:`~intelmig.analytics.aggregate.place_graph`, and
    ``top`` (see :func:`corridor_table`).

    Returns
    -------
    (PlaceGraph, list of CorridorRow)
        The aggregated graph (its ``sources`` say where the numbers come from) and the
        rows of :func:`corridor_table`.

    Raises
    ------
    AmbiguousSource
        When several sources could answer and none was named (``dataset=``).
    ParameterError
        For more than one kind of slice, an unknown era, level, measure or scheme.

    Examples
    --------
    Dataset ``un``: in 2019 Kazakhstan sends 30 to Russia and 5 to Germany, Russia
    10 to Kazakhstan:

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
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "corridors.lbug"
    >>> build_database(path, ds)
    >>> with EmbeddedStore(path) as store:
    ...     graph, rows = corridors(store, year=2019, top=2)
    >>> [(r.rank, r.source, r.target, r.low, r.reverse_low, r.circulation_low) for r in rows]
    [(1, 'KAZ', 'RUS', 30.0, 10.0, 0.5), (2, 'RUS', 'KAZ', 10.0, 30.0, 0.5)]
    >>> rows[0].dataset, rows[0].measure, rows[0].slice
    ('un', 'flow', 'year 2019')
    """
    slice_ = Slice.of(era=era, year=year, year_from=year_from, year_to=year_to)
    graph = place_graph(store, slice_, level=level, measure=measure, sex=sex, dataset=dataset,
                        regions=regions)
    return graph, corridor_table(graph, top)
