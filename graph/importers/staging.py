"""One import in progress: the folder its normalised files are written to, and its report.

An importer never writes to the workspace or a database directly. It writes
Parquet files into a private staging folder through :class:`Staging`; the
workspace publishes the folder with one rename once the whole file has been read
and checked (see :mod:`intelmig.workspace`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .countries import CountryResolver
from .report import ImportReport
from .sink import MIGRATION_FILE, EdgeSink, node_schema

__all__ = ["DatasetInfo", "Staging", "node_file_name", "rel_file_name"]


def node_file_name(label: str) -> str:
    """The file of a dataset's nodes of ``label``.

    Examples
    --------
    >>> node_file_name("Estimate")
    'nodes.Estimate.parquet'
    """
    return f"nodes.{label}.parquet"


def rel_file_name(rel_type: str, from_label: str, to_label: str) -> str:
    """The file of a dataset's ``rel_type`` relationships from one label to another.

    Examples
    --------
    >>> rel_file_name("ABOUT", "Estimate", "Country")
    'rels.ABOUT.Estimate.Country.parquet'
    """
    return f"rels.{rel_type}.{from_label}.{to_label}.parquet"


@dataclass
class DatasetInfo:
    """Who made a dataset and on what terms: becomes its Source node.

    Examples
    --------
    >>> info = DatasetInfo("wb-2000", "worldbank", "Global Bilateral Migration Database",
    ...                    "Özden et al. (2011)", "CC BY 4.0")
    >>> info.id, info.options
    ('wb-2000', {})
    """

    id: str
    kind: str
    title: str
    citation: str
    license: str
    url: str | None = None
    options: dict = field(default_factory=dict)


class Staging:
    """The staging folder of one import and the writers into it.

    A reader (``import_*`` of a kind) gets a Staging: it reads ``source``, counts into
    ``report`` and writes MIGRATED_TO rows through :meth:`edge_sink`, other nodes and
    relationships through :meth:`write_nodes` and :meth:`write_rels`. ``files`` lists
    what was written, for the manifest.

    Examples
    --------
    >>> import tempfile
    >>> import pyarrow.parquet as pq
    >>> from intelmig.importers.scholarly import import_flows
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "flows.csv").write_text(
    ...     "migrationfrom,migrationto,year,n_migrations\\nKAZ,RUS,2019.0,12\\n")
    >>> info = DatasetInfo("demo", "scholarly-flows", "Flows", "MPIDR (2023)", "CC BY 4.0")
    >>> staging = Staging(folder, info, folder / "flows.csv")
    >>> import_flows(staging)
    >>> staging.write_nodes("Estimate", [{"id": "demo:e1", "low": 5.0, "high": 5.0}])
    >>> staging.close()
    >>> staging.files, staging.report.edges
    (['migrated_to.parquet', 'nodes.Estimate.parquet'], 1)
    >>> pq.read_table(folder / "nodes.Estimate.parquet", columns=["id", "kind"]).to_pylist()
    [{'id': 'demo:e1', 'kind': 'Estimate'}]
    """

    def __init__(self, folder: Path, info: DatasetInfo, source: Path, progress=None):
        self.folder = Path(folder)
        self.progress = progress
        self.countries_referenced: set[str] = set()
        self.info = info
        self.source = Path(source)
        self.report = ImportReport(file=self.source.name, progress=progress)
        self.resolver = CountryResolver()
        self.sink: EdgeSink | None = None
        self.files: list[str] = []
        # The text encoding of a CSV source (--encoding); UTF-8 unless the user says.
        self.encoding: str | None = info.options.get("encoding")

    def edge_sink(self, measure: str) -> EdgeSink:
        """The (single) MIGRATED_TO writer of this import."""
        if self.sink is None:
            self.sink = EdgeSink(self.folder / MIGRATION_FILE, self.info.id, self.source.name,
                                 measure, self.report, self.resolver)
            self.files.append(MIGRATION_FILE)
        return self.sink

    def write_nodes(self, label: str, rows: list[dict]) -> None:
        """Write node rows (every missing schema property null) for ``label``."""
        names = node_schema(label).names
        self.write_node_columns(label, {name: [row.get(name) for row in rows]
                                        for name in names if name != "kind"})

    def write_node_columns(self, label: str, columns: dict) -> None:
        """Write nodes given as columns (lists, arrays or one scalar for every row).

        Missing schema properties are null; ``kind`` is ``label``.
        """
        columns = dict(columns, kind=label)
        self._write_table(node_schema(label), columns, node_file_name(label))

    def write_rels(self, rel_type: str, from_label: str, to_label: str,
                   rows: list[dict]) -> None:
        """Write relationship rows (``from``, ``to`` and properties) in COPY order."""
        names = _rel_schema(rel_type).names
        self.write_rel_columns(rel_type, from_label, to_label,
                               {name: [row.get(name) for row in rows] for name in names})

    def write_rel_columns(self, rel_type: str, from_label: str, to_label: str,
                          columns: dict) -> None:
        """Write relationships given as columns (``from``, ``to``, properties)."""
        import pyarrow.compute as pc

        for label, end in ((from_label, "from"), (to_label, "to")):
            if label == "Country":
                values = columns[end]
                self.countries_referenced.update(
                    pc.unique(values).to_pylist() if hasattr(values, "to_pylist") else values)
        self._write_table(_rel_schema(rel_type), columns,
                          rel_file_name(rel_type, from_label, to_label))

    def _write_table(self, schema, columns: dict, name: str) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        length = next(len(v) for v in columns.values() if not isinstance(v, (pa.Scalar, str)))
        arrays = []
        for field in schema:
            value = columns.get(field.name)
            if value is None:
                arrays.append(pa.nulls(length, field.type))
            elif isinstance(value, (pa.Scalar, str)):
                arrays.append(pa.repeat(pa.scalar(value, field.type)
                                        if isinstance(value, str) else value.cast(field.type),
                                        length))
            else:
                arrays.append(pa.array(value, field.type) if isinstance(value, list)
                              else value.cast(field.type))
        pq.write_table(pa.Table.from_arrays(arrays, schema=schema), self.folder / name)
        self.files.append(name)

    def close(self) -> None:
        if self.sink is not None:
            self.sink.close()


def _rel_schema(rel_type: str):
    """The Arrow schema of a relationship file: ``from``, ``to``, properties (COPY order)."""
    import pyarrow as pa

    from ..schema import RELATIONSHIPS
    from .sink import ARROW_TYPES

    types = ARROW_TYPES()
    return pa.schema([("from", pa.string()), ("to", pa.string())] + [
        (p.name, types[p.type]) for p in RELATIONSHIPS[rel_type].props])
