"""The small interface both stores share, and the parts of it that are plain Cypher.

Everything here is written once in the Cypher subset that LadybugDB and Neo4j
both understand, so the two stores give the same answers by construction:
counts by label and type, and the whole graph as a networkx ``MultiDiGraph``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

from ..dataset import Dataset
from ..schema import LABELS, RELATIONSHIPS

__all__ = ["BATCH_SIZE", "Result", "Store", "columns_of", "missing_parameters"]

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

    def run_columns(self, cypher: str, params: Mapping | None = None) -> dict:
        """Run one read-only statement; the answer column by column.

        The values of :meth:`run`, as ``{column: list}`` in the order the statement
        returns them (every list as long as the answer). A store may fetch them faster
        than row by row: the embedded store takes tens of thousands of aggregated rows
        through Arrow.

        Raises
        ------
        QueryError, ParameterError
            As :meth:`run`.
        """
        return columns_of(self.run(cypher, params))

    @contextmanager
    def reading_datasets(self, ids: Iterable[str] | None) -> Iterator[None]:
        """Within the block, queries may skip the MIGRATED_TO rows of other datasets.

        A hint for speed, not a filter: a store that keeps each dataset's rows apart
        (the embedded store: one table per imported dataset) then reads only the
        seed's rows and those of ``ids``; Neo4j reads every row as before. A query run
        in the block must still select its datasets itself (``r.dataset IN
        $datasets``), and gets the same answer either way. ``ids`` None or empty:
        every dataset.
        """
        yield

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

    def to_networkx(self, slice_=None):
        """The graph, or the part of it in a slice, as a ``networkx.MultiDiGraph``.

        Nodes are keyed by ``id`` with their label in ``label`` and every set
        property; edges carry their ``type`` and every set property. An id that two
        labels share (an imported Person ``KAZ`` and the Country ``KAZ``) is keyed
        ``Label:id`` for each of them, so no node is merged into another; ``id`` keeps
        the stored id. The result does not depend on the store it came from.

        Parameters
        ----------
        slice_ : intelmig.export.slicing.Slice, optional
            An era and/or span of years. The database filters the ``MIGRATED_TO``
            edges that carry years of their own (imported rows: the bulk of a large
            graph) before anything reaches Python; the result equals
            ``select(store.to_networkx(), slice_)``.

        Raises
        ------
        ParameterError
            For an era the graph does not have.

        Examples
        --------
        >>> import intelmig, tempfile
        >>> from intelmig.export.slicing import Slice
        >>> from intelmig.seed.reader import load_seed
        >>> from intelmig.stores.embedded import build_database
        >>> path = tempfile.mkdtemp() + "/graph.lbug"
        >>> build_database(path, load_seed())
        >>> with intelmig.connect(path) as db:
        ...     whole, stage3 = db.to_networkx(), db.to_networkx(Slice(era="stage3"))
        >>> whole.number_of_edges() > stage3.number_of_edges() > 0
        True
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
            where, params = _slice_filter(rel.name, slice_)
            result = self.run(
                f"MATCH (a)-[r:{rel.name}]->(b){where} RETURN a.kind AS source_label, "
                f"a.id AS source, b.kind AS target_label, b.id AS target{columns}", params
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
        if slice_ is None:
            return graph
        from ..export.slicing import select

        return select(graph, slice_)


def _slice_filter(rel_name: str, slice_) -> tuple[str, dict]:
    """A ``WHERE`` that drops the dated ``MIGRATED_TO`` edges a slice cannot admit.

    Only a prefilter: an edge without years of its own is dated by its era, which the
    exact test (:func:`intelmig.export.slicing.select`) reads from the graph; such
    edges pass here. The bounds follow :meth:`Slice.admits` (a span is in the slice when
    it overlaps it; an open end reaches every later year).
    """
    from ..export.slicing import TIMED_RELS

    if slice_ is None or rel_name not in TIMED_RELS or slice_.is_everything:
        return "", {}
    tests, params = [], {}
    if slice_.era:
        tests.append("r.era = $slice_era")
        params["slice_era"] = slice_.era
    years = []
    if slice_.year_to is not None:
        years.append("coalesce(r.year_start, r.year, r.year_end) <= $slice_to")
        params["slice_to"] = slice_.year_to
    if slice_.year_from is not None:
        years.append("coalesce(r.year_end, r.year, 1000000) >= $slice_from")
        params["slice_from"] = slice_.year_from
    if years:
        undated = "(r.year_start IS NULL AND r.year IS NULL AND r.year_end IS NULL)"
        tests.append(f"({undated} OR ({' AND '.join(years)}))")
    return " WHERE " + " AND ".join(tests), params


def columns_of(result: Result) -> dict:
    """The rows of ``result`` column by column: ``{column: list}``, every list as long as
    the answer (empty lists for no rows).

    Examples
    --------
    >>> columns_of(Result(["id", "n"], [["KAZ", 3], ["RUS", 5]]))
    {'id': ['KAZ', 'RUS'], 'n': [3, 5]}
    >>> columns_of(Result(["id"], []))
    {'id': []}
    """
    if not result.rows:
        return {column: [] for column in result.columns}
    return {column: list(values) for column, values in zip(result.columns, zip(*result.rows))}


def missing_parameters(cypher: str, params: Mapping | None) -> None:
    """Raise :class:`ParameterError` when ``cypher`` uses a ``$name`` that ``params`` lacks.

    Both engines would otherwise answer differently: LadybugDB reads a missing parameter
    as null (a query that silently matches nothing), Neo4j refuses it in its own words.

    Examples
    --------
    >>> missing_parameters("MATCH (c:Country {id: $id}) RETURN c", {"id": "KAZ"})
    >>> missing_parameters("MATCH (c:Country {id: $id}) RETURN c", {})
    Traceback (most recent call last):
    ...
    intelmig.errors.ParameterError: the query uses $id, which was not given
    """
    if "$" not in cypher:
        return
    from ..queries import query_parameters

    missing = sorted(query_parameters(cypher) - set(params or ()))
    if missing:
        from ..errors import ParameterError

        raise ParameterError("the query uses " + ", ".join(f"${m}" for m in missing)
                             + (", which was not given" if len(missing) == 1
                                else ", which were not given"))
