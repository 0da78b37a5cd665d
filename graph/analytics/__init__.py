"""Hub analytics: who gives and who receives intellectual migrants, per era and over time.

Every answer comes from one source (a dataset, or the article's facts: ``seed``)
and one measure, named in each row; several sources are combined only when the
user lists them (their volumes are summed). A fact counts in a time slice only
if its span lies within it.

The weighted place graph of a time slice is aggregated inside the database
(``cypher/analytics/*.cypher``, the same text on LadybugDB and Neo4j), with
volumes kept as honest intervals (see :mod:`intelmig.analytics.aggregate`), and the
measures run on it in networkx style, one per module: strength, net balance,
PageRank, HITS, betweenness, circulation. ``docs/analytics.md`` explains the
choices.

Examples
--------
A tiny database: Germany sends 2,000-9,999 specialists to the USA; a volume of
90-110 thousand is stated for Germany and France together, to the USA.

>>> import tempfile, pathlib
>>> from intelmig.dataset import Dataset
>>> from intelmig.stores.embedded import EmbeddedStore, build_database
>>> ds = Dataset()
>>> for code in ("DEU", "FRA", "USA"):
...     ds.add_node("Country", {"id": code, "name_en": code})
>>> ds.add_node("Era", {"id": "stage1", "start_year": 1945, "end_year": 1949})
>>> ds.add_rel("MIGRATED_TO", "Country", "DEU", "Country", "USA", {"flow": "f1",
...     "measure": "flow", "era": "stage1", "low": 2000.0, "high": 9999.0, "pairs": 1})
>>> for origin in ("DEU", "FRA"):
...     ds.add_rel("MIGRATED_TO", "Country", origin, "Country", "USA", {"flow": "f2",
...         "measure": "flow", "era": "stage1", "low": 9e4, "high": 1.1e5, "pairs": 2})
>>> path = pathlib.Path(tempfile.mkdtemp()) / "demo.lbug"
>>> build_database(path, ds)
>>> with EmbeddedStore(path) as store:
...     graph, rows = hubs(store, era="stage1")
>>> [(r.role, r.place, r.low, r.high, f"{r.rank_best}-{r.rank_worst}") for r in rows]
[('recipient', 'USA', 92000.0, 119999.0, '1-1'), ('donor', 'DEU', 2000.0, 119999.0, '1-2'), ('donor', 'FRA', 0.0, 110000.0, '1-2')]
>>> graph.corridors["DEU", "USA"].low, graph.corridors["DEU", "USA"].high
(2000.0, 119999.0)
"""

from .aggregate import Corridor, PlaceGraph, choose_measure, choose_source, place_graph
from .balance import net_balance
from .betweenness import betweenness
from .circulation import circulation, circulation_bounds, circulation_index, edge_reciprocity
from .corridors import CorridorRow, corridor_table, corridors
from .hits import hits
from .hubs import HubRow, hub_table, hubs
from .indices import effectiveness, effectiveness_bounds, gross_bounds, net_bounds, rate
from .overview import era_overview
from .pagerank import pagerank
from .slices import Slice
from .strength import in_strength, out_strength
from .timeline import TimelineRow, timeline

__all__ = [
    "Corridor",
    "CorridorRow",
    "HubRow",
    "PlaceGraph",
    "Slice",
    "TimelineRow",
    "betweenness",
    "choose_measure",
    "choose_source",
    "circulation",
    "circulation_bounds",
    "circulation_index",
    "corridor_table",
    "corridors",
    "edge_reciprocity",
    "effectiveness",
    "effectiveness_bounds",
    "era_overview",
    "gross_bounds",
    "hits",
    "hub_table",
    "hubs",
    "in_strength",
    "net_balance",
    "net_bounds",
    "out_strength",
    "pagerank",
    "place_graph",
    "rate",
    "timeline",
]
