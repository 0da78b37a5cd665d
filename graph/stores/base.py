"""The small interface both stores share, and the parts of it that are plain Cypher.

Everything here is written once in the Cypher subset that LadybugDB and Neo4j
both understand, so the two stores give the same answers by construction:
counts by label and type, and the whole graph as a networkx ``MultiDiGraph``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ..dataset import Dataset
from ..schema import LABELS, RELATIONSHIPS

__all__ = ["BATCH_SIZE", "Result", "Store"]

BATCH_SIZE = 5000


@dataclass
class Result:
    """Rows of a query or an analysis: ``columns`` names, ``rows`` lists of plain values.

    ``about`` says where the numbers come from (dataset, measure, slice, sources) when
    an analysis produced them.

    Examples
    --------
    >>> result = Result(["place", "in"], [["USA", 10], ["DEU", 4]])
    >>> result.to_records()
    [{'place': 'USA', 'in': 10}, {'place': 'DEU', 'in': 4}]
    >>> len(result), result.columns
    (2, ['place', 'in'])
    """

    columns: list[str]
    rows: list[list] = field(default_factory=list)
    about: dict = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.rows)

    def records(self) -> list[dict]:
        return [dict(zip(self.columns, row)) for row in self.rows]

    def to_records(self) -> list[dict]:
        """The rows as dicts keyed by column name."""
        return self.records()

    def to_df(self):
        """The rows as a ``pandas.DataFrame`` (pandas is imported only here); ``about``
        goes into ``DataFrame.attrs``.

        Raises
        ------
        ImportError
            pandas is not installed (``pip install pandas``).
        """
        import pandas as pd

        frame = pd.DataFrame(self.rows, columns=self.columns)
        frame.attrs.update(self.about)
        return frame


class Store(ABC):
    """A graph database holding the intelmig schema.

    Implemented by :class:`~intelmig.stores.embedded.EmbeddedStore` (a LadybugDB file)
    and :class:`~intelmig.stores.neo4j.Neo4jStore`; open one with :func:`intelmig.connect`.
    A store is a context manager that closes itself. ``run`` raises
    :class:`~intelmig.errors.QueryError` for a query the database rejects and
    :class:`~intelmig.errors.WriteRefused` for a write on a read-only store.

    Examples
    --------
    >>> import tempfile, intelmig
    >>> from intelmig.dataset import Dataset
    >>> ds = Dataset()
    >>> ds.add_node("Country", {"id": "KAZ", "name_en": "Kazakhstan"})
    >>> ds.add_node("Country", {"id": "RUS", "name_en": "Russia"})
    >>> ds.add_rel("MIGRATED_TO", "Country", "KAZ", "Country", "RUS",
    ...            {"measure": "flow", "low": 5.0, "high": 5.0, "year": 2019})
    >>> path = tempfile.mkdtemp() + "/demo.lbug"
    >>> intelmig.StoreTarget("embedded", path).rebuild(ds)
    >>> with intelmig.connect(path) as db:
    ...     result = db.run("MATCH (a)-[r:MIGRATED_TO]->(b) WHERE r.year = $year "
    ...                     "RETURN a.id AS origin, b.id AS destination, r.high AS people",
    ...                     {"year": 2019})
    ...     graph = db.to_networkx()
    ...     counts = db.counts()
    >>> result.to_records()
    [{'origin': 'KAZ', 'destination': 'RUS', 'people': 5.0}]
    >>> list(graph.edges(data="type")), graph.nodes["KAZ"]["name"]
    ([('KAZ', 'RUS', 'MIGRATED_TO')], 'Kazakhstan')
    >>> counts["nodes"]["Country"], counts["relationships"]["MIGRATED_TO"]
    (2, 1)
    """

    name: str = "store"

    @abstractmethod
    def run(self, cypher: str, params: Mapping | None = None, *, write: bool = False) -> Result:
        """Run one Cypher statement with ``$parameters``; read-only unless ``write``."""

    @abstractmethod
    def replace_graph(self, dataset: Dataset, progress: Callable[[int], None] | None = None
                      ) -> None:
        """Make the stored graph exactly ``dataset``, all or nothing.

        ``progress(n)`` is called as records are written.
        """

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def counts(self) -> dict:
        """Node counts by label and relationship counts by type (zeros included)."""
        nodes = {
            label: self.run(f"MATCH (n:{label}) RETURN count(n) AS n").rows[0][0]
            for label in LABELS
        }
        rels = {
            rel: self.run(f"MATCH ()-[r:{rel}]->() RETURN count(r) AS n").rows[0][0]
            for rel in RELATIONSHIPS
        }
        return {"nodes": nodes, "relationships": rels}

    def to_networkx(self):
        """The whole graph as a ``networkx.MultiDiGraph``.

        Nodes are keyed by ``id`` with their label in ``label`` and every set
        property; edges carry their ``type`` and every set property. An id that two
        labels share (an imported Person ``KAZ`` and the Country ``KAZ``) is keyed
        ``Label:id`` for each of them, so no node is merged into another; ``id`` keeps
        the stored id. The result does not depend on the store it came from.
        """
        import networkx as nx

        records = {}
        for label in LABELS.values():
            columns = ", ".join(f"n.{p} AS {p}" for p in label.prop_names)
            result = self.run(f"MATCH (n:{label.name}) RETURN {columns} ORDER BY n.id")
            records[label.name] = result.records()
        labels_of: dict = {}
        for label_name, rows in records.items():
            for record in rows:
                labels_of.setdefault(record["id"], []).append(label_name)

        def key(label_name, node_id):
            return node_id if len(labels_of.get(node_id, ())) <= 1 else f"{label_name}:{node_id}"

        graph = nx.MultiDiGraph()
        for label_name, rows in records.items():
            for record in rows:
                attrs = {k: v for k, v in record.items() if v is not None and k != "id"}
                node_key = key(label_name, record["id"])
                if node_key != record["id"]:
                    attrs["id"] = record["id"]
                graph.add_node(node_key, label=label_name, **attrs)
        for rel in RELATIONSHIPS.values():
            columns = "".join(f", r.{p} AS {p}" for p in rel.prop_names)
            result = self.run(
                f"MATCH (a)-[r:{rel.name}]->(b) RETURN a.kind AS source_label, a.id AS source, "
                f"b.kind AS target_label, b.id AS target{columns}"
            )
            edges = sorted(
                (
                    (key(rec.pop("source_label"), rec.pop("source")),
                     key(rec.pop("target_label"), rec.pop("target")),
                     {k: v for k, v in rec.items() if v is not None})
                    for rec in result.records()
                ),
                key=lambda e: (str(e[0]), str(e[1]), repr(sorted(e[2].items()))),
            )
            for source, target, attrs in edges:
                graph.add_edge(source, target, type=rel.name, **attrs)
        return graph
