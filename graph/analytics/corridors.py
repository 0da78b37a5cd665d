"""The largest corridors of one time slice and how two-way each one is.

Each row is one ordered pair of places with its weight interval, the interval
of the reverse corridor, and the bounds of the circulation index
``2 min(x, y) / (x + y)`` over every pair of weights the intervals allow
(1: balanced two-way circulation, 0: one-way drain). Rows are ordered by the
upper bound, then the lower bound, of the corridor's weight.

Examples
--------
>>> from intelmig.analytics.aggregate import PlaceGraph, Corridor
>>> from intelmig.analytics.slices import Slice
>>> g = PlaceGraph(Slice(), "flow", "country")
>>> g.places = {"KAZ": ("Kazakhstan", "Country"), "RUS": ("Russia", "Country")}
>>> g.corridors = {("KAZ", "RUS"): Corridor("KAZ", "RUS", 30.0, 30.0, 1),
...                ("RUS", "KAZ"): Corridor("RUS", "KAZ", 10.0, 10.0, 1)}
>>> [(r.source, r.target, r.circulation_low, r.circulation_high) for r in corridor_table(g)]
[('KAZ', 'RUS', 0.5, 0.5), ('RUS', 'KAZ', 0.5, 0.5)]
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .aggregate import PlaceGraph, place_graph
from .circulation import circulation_bounds
from .slices import Slice

__all__ = ["CorridorRow", "corridor_table", "corridors"]


@dataclass
class CorridorRow:
    rank: int
    source: str
    source_name: str
    target: str
    target_name: str
    low: float
    high: float
    reverse_low: float
    reverse_high: float
    circulation_low: float | None
    circulation_high: float | None
    links: int
    flows: list = field(default_factory=list)
    datasets: list = field(default_factory=list)
    slice: str = ""
    measure: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


def corridor_table(graph: PlaceGraph, top: int | None = None) -> list[CorridorRow]:
    """Corridors ordered by their upper then lower bound, ``top`` of them."""
    ordered = sorted(graph.corridors.values(),
                     key=lambda c: (-c.high, -c.low, c.source, c.target))
    rows = []
    for position, corridor in enumerate(ordered[:top], start=1):
        reverse = graph.corridors.get((corridor.target, corridor.source))
        back = (reverse.low, reverse.high) if reverse else (0.0, 0.0)
        least, greatest = circulation_bounds((corridor.low, corridor.high), back)
        rows.append(CorridorRow(
            rank=position, source=corridor.source,
            source_name=graph.places[corridor.source][0], target=corridor.target,
            target_name=graph.places[corridor.target][0], low=corridor.low, high=corridor.high,
            reverse_low=back[0], reverse_high=back[1], circulation_low=least,
            circulation_high=greatest, links=corridor.links, flows=sorted(corridor.flows),
            datasets=sorted(corridor.datasets), slice=graph.slice.label, measure=graph.measure,
        ))
    return rows


def corridors(store, *, era=None, year=None, year_from=None, year_to=None, level="country",
              measure=None, top=None, sex="total", dataset=""):
    """The corridors of one slice of ``store``: ``(PlaceGraph, [CorridorRow])``."""
    slice_ = Slice.of(era=era, year=year, year_from=year_from, year_to=year_to)
    graph = place_graph(store, slice_, level=level, measure=measure, sex=sex, dataset=dataset)
    return graph, corridor_table(graph, top)
