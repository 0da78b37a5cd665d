"""The Neo4j store: the same graph in a Neo4j 5 server, through the official driver.

Reads run in READ transactions (``session.execute_read``), so the server itself
refuses a query that writes; writes and loads run in retrying managed
transactions (``session.execute_write``).

``replace_graph`` loads the whole dataset in ONE write transaction (batches of
``UNWIND $rows`` inside it): a failure leaves the previous graph as it was, and
re-running converges because nodes are merged by ``id``. The database may hold
other data: intelmig marks every node it creates with the extra label
``IntelmigNode`` and only ever deletes such nodes and the schema-typed
relationships between them, so other people's nodes (even ones with the same
labels) and their own relationships are left alone. The build record (version,
seed fingerprint, counts) is one node labelled ``IntelmigBuild``, outside the
schema labels, so no query, count or export sees it.

Connection failures become one-line :class:`~intelmig.errors.StoreUnavailable`
errors; the password is never part of a message and user info in a URI is
redacted.

Examples
--------
>>> redact_uri("neo4j+s://alice:s3cret@db.example.org:7687")
'neo4j+s://***@db.example.org:7687'
>>> redact_uri("bolt://127.0.0.1:7687")
'bolt://127.0.0.1:7687'
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .. import __version__
from ..dataset import Dataset
from ..errors import QueryError, StoreDamaged, StoreError, StoreUnavailable, WriteRefused
from ..schema import LABELS, PROP_TYPES, RELATIONSHIPS, display_names, neo4j_schema
from .base import BATCH_SIZE, Result, Store, missing_parameters
from .datasets import (
    DatasetFolder,
    complete_row,
    source_node,
    strip_nulls,
)

__all__ = [
    "BUILD_LABEL",
    "NEO4J_BATCH",
    "OWNER_LABEL",
    "WRITE_REFUSED",
    "Neo4jStore",
    "redact_uri",
]

#: Extra label on every node intelmig created; deletions never reach beyond it.
OWNER_LABEL = "IntelmigNode"
#: Rows per ``UNWIND`` transaction when imported datasets are added.
NEO4J_BATCH = 10_000
#: Label of the one build-record node (outside the schema labels).
BUILD_LABEL = "IntelmigBuild"
#: Id prefix of the build node that marks an import under way (see ``begin_import``).
IMPORT_MARK = "import:"
#: Same words as the embedded store, so the CLI says the same thing on either store.
WRITE_REFUSED = (
    "this query writes to the database; queries are read-only unless you pass --write"
)
CONNECTION_TIMEOUT = 10.0
URI_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
#: The store's own bookkeeping index (not part of the schema): finds intelmig's
#: nodes by id whatever their label, for loading relationships.
OWNER_INDEX = (
    f"CREATE INDEX intelmig_owned_id IF NOT EXISTS FOR (n:{OWNER_LABEL}) ON (n.id)"
)

_SCHEMA_REL_TYPES = "|".join(RELATIONSHIPS)


def redact_uri(uri: str) -> str:
    """``uri`` with any ``user:password@`` replaced by ``***@``, safe to print.

    Examples
    --------
    >>> redact_uri("neo4j+s://reader:s3cret@db.example.org:7687")
    'neo4j+s://***@db.example.org:7687'
    >>> redact_uri("bolt://localhost:7687")
    'bolt://localhost:7687'
    >>> redact_uri("bolt://[::1")
    '<unparseable URI>'
    """
    try:
        parts = urlsplit(uri)
    except ValueError:
        return "<unparseable URI>"
    if "@" not in parts.netloc:
        return uri
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"***@{host}"))


def _neo4j():
    import neo4j

    return neo4j


class Neo4jStore(Store):
    """A database on a Neo4j 5 server.

    Parameters
    ----------
    uri : str
        ``bolt://``, ``neo4j://`` or their TLS forms ``bolt+s://``, ``neo4j+s://``
        (``+ssc`` accepts self-signed certificates).
    user, password : str
        Credentials; the password is kept only by the driver.
    database : str
        Database name (Community edition has one: ``neo4j``).

    Raises
    ------
    StoreUnavailable
        The server cannot be reached, refuses the credentials or lacks the database.

    Examples
    --------
    A server is opened with ``intelmig.connect(uri="neo4j://host:7687",
    password=...)``; the store answers the same Cypher and gives the same
    ``to_networkx()`` as the embedded one (the tests run both). Without a server:

    >>> Neo4jStore.name, issubclass(Neo4jStore, Store)
    ('neo4j', True)
    >>> redact_uri("neo4j://admin:s3cret@db.example.org")  # how URIs appear in its errors
    'neo4j://***@db.example.org'
    """

    name = "neo4j"

    def __init__(self, uri: str, user: str = "neo4j", password: str | None = None,
                 database: str = "neo4j", *, connection_timeout: float = CONNECTION_TIMEOUT):
        self.uri = uri
        self.user = user
        self.database = database
        self._driver = None
        self._driver = open_driver(uri, user, password, connection_timeout=connection_timeout)
        exceptions = _neo4j().exceptions
        self.interrupted_imports: list[str] = []
        try:
            self._driver.verify_connectivity()
            self.interrupted_imports = [row[0] for row in self.run(
                f"MATCH (b:{BUILD_LABEL}) WHERE b.id STARTS WITH $prefix "
                "RETURN substring(b.id, size($prefix)) ORDER BY b.id",
                {"prefix": IMPORT_MARK}, write=False, check=False).rows]
        except (exceptions.Neo4jError, exceptions.DriverError) as err:
            self.close()
            raise self._translate(err) from None
        except BaseException:
            self.close()
            raise

    def __repr__(self) -> str:
        return f"<Neo4jStore {redact_uri(self.uri)} database={self.database}>"

    # -- queries -----------------------------------------------------------------------

    def run(self, cypher: str, params: Mapping | None = None, *, write: bool = False,
            check: bool = True) -> Result:
        """Run one statement; reads refuse a database whose last import was interrupted."""
        neo4j = _neo4j()
        if check and not write and self.interrupted_imports:
            raise StoreDamaged(
                f"an import of dataset {self.interrupted_imports[0]!r} into Neo4j "
                f"{redact_uri(self.uri)} database {self.database} was interrupted, so the graph "
                "may be half-loaded; rebuild it with `intelmig rebuild --store neo4j`"
            )

        missing_parameters(cypher, params)

        def work(tx):
            result = tx.run(cypher, dict(params or {}))
            columns = list(result.keys())
            return Result(columns, [[_plain(v) for v in record.values()] for record in result])

        mode = neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS
        try:
            with self._driver.session(database=self.database, default_access_mode=mode) as s:
                return s.execute_write(work) if write else s.execute_read(work)
        except neo4j.exceptions.Neo4jError as err:
            raise self._translate(err) from None
        except neo4j.exceptions.DriverError as err:
            raise self._translate(err) from None

    def begin_import(self, dataset_id: str) -> None:
        """Mark an import as under way: until ``end_import``, readers are refused."""
        self.run(f"MERGE (b:{BUILD_LABEL} {{id: $id}})", {"id": IMPORT_MARK + dataset_id},
                 write=True)

    def end_import(self, dataset_id: str) -> None:
        self.run(f"MATCH (b:{BUILD_LABEL} {{id: $id}}) DELETE b",
                 {"id": IMPORT_MARK + dataset_id}, write=True)

    @property
    def meta(self) -> dict | None:
        """The build record of the last ``replace_graph``, or None if never seeded."""
        rows = self.run(f"MATCH (b:{BUILD_LABEL}) RETURN b.record AS record").rows
        return json.loads(rows[0][0]) if rows else None

    # -- loading -----------------------------------------------------------------------

    def create_schema(self) -> None:
        """Create the constraints and indexes of :func:`intelmig.schema.neo4j_schema`.

        Idempotent (``IF NOT EXISTS``). Loads need them before any ``MERGE`` or ``MATCH``
        by id: without the uniqueness constraint each lookup scans the label.

        Raises
        ------
        StoreError
            Other data in the database breaks a uniqueness constraint.
        """
        for statement in (*neo4j_schema(), OWNER_INDEX):
            try:
                self.run(statement, write=True)
            except QueryError as err:
                raise StoreError(f"cannot create the intelmig schema in Neo4j ({err}); "
                                 "does other data break a uniqueness constraint?") from None

    def replace_graph(self, dataset: Dataset, progress: Callable[[int], None] | None = None
                      ) -> None:
        """Make intelmig's part of the database exactly ``dataset``, in one transaction.

        Creates the constraints and indexes of :func:`intelmig.schema.neo4j_schema`
        first. Other data in the database is not touched; a node of a schema label
        with an id the dataset uses that intelmig did not create stops the load.
        """
        neo4j = _neo4j()
        self.create_schema()
        plan = _LoadPlan(dataset)
        reported = 0

        def load(tx):
            nonlocal reported
            done = 0
            plan.refuse_foreign_conflicts(tx, self.database)
            plan.remove_stale(tx)
            for what, statement, batch in plan.batches():
                written = tx.run(statement, rows=batch).single()[0]
                if written != len(batch):
                    raise StoreError(
                        f"loading {what} into Neo4j wrote {written} of {len(batch)} records "
                        "of a batch; the load was rolled back, nothing changed"
                    )
                done += len(batch)
                # A retried transaction starts again; report only what is new.
                if progress is not None and done > reported:
                    progress(done - reported)
                    reported = done
            tx.run(
                f"MERGE (b:{BUILD_LABEL} {{id: 'intelmig'}}) SET b.record = $record",
                record=json.dumps(plan.build_record(), sort_keys=True),
            ).consume()
            # The seed replaced every intelmig node and relationship: no import is half-done.
            tx.run(f"MATCH (b:{BUILD_LABEL}) WHERE b.id STARTS WITH $prefix DELETE b",
                   prefix=IMPORT_MARK).consume()

        try:
            with self._driver.session(database=self.database) as session:
                session.execute_write(load)
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError) as err:
            raise self._translate(err) from None
        self.interrupted_imports = []

    # -- imported datasets -------------------------------------------------------------

    def load_datasets(self, folders, progress: Callable[[int], None] | None = None) -> None:
        """Add the imported datasets in ``folders`` (workspace folders); on failure remove them.

        Each dataset marks itself as under way (:meth:`begin_import`) until it is complete,
        so a load killed halfway, by the process or the server, leaves a database that
        refuses reads with the advice to rebuild. Its Source node goes in first (and
        :meth:`remove_dataset` deletes it last), so a database without it holds nothing of
        the dataset. Rows go in ``UNWIND $rows`` batches of ``NEO4J_BATCH``, one managed
        (retried) write transaction each, through one session.
        """
        self.create_schema()
        done = []
        try:
            for dataset in (DatasetFolder.read(folder) for folder in folders):
                done.append(dataset.id)
                self.begin_import(dataset.id)
                self.remove_dataset(dataset.id)
                with self._driver.session(database=self.database) as session:
                    self._load_dataset(session, dataset)
                if dataset.migrations is not None:
                    self.load_migrations(dataset.migrations, progress=progress)
        except BaseException:
            for dataset_id in done:
                self.remove_dataset(dataset_id)
                self.end_import(dataset_id)
            raise
        for dataset_id in done:
            self.end_import(dataset_id)

    def _load_dataset(self, session, dataset: DatasetFolder) -> None:
        import pyarrow.parquet as pq

        from ..importers.countries import country_node

        def write(statement, rows, **params):
            session.execute_write(lambda tx: tx.run(statement, rows=rows, **params).consume())

        write(_merge_node_statement("Source"),
              strip_nulls([complete_row("Source", source_node(dataset.manifest))]))
        countries = [complete_row("Country", country_node(c)) for c in dataset.countries]
        for start in range(0, len(countries), NEO4J_BATCH):
            write("UNWIND $rows AS r MERGE (n:Country {id: r.id}) "
                  f"ON CREATE SET n += r, n:{OWNER_LABEL}, n.created_by = $dataset",
                  strip_nulls(countries[start:start + NEO4J_BATCH]), dataset=dataset.id)
        for label, path in dataset.nodes:
            for rows in _node_batches(path, NEO4J_BATCH):
                write(_merge_node_statement(label), rows)
        for rel_type, from_label, to_label, path in dataset.rels:
            batches = pq.ParquetFile(str(path)).iter_batches(batch_size=NEO4J_BATCH)
            for columns, rows in _flat(batches):
                write(_rel_statement(rel_type, from_label, to_label, columns), rows)

    def remove_dataset(self, dataset_id: str) -> None:
        """Remove everything a dataset added (its edges, nodes, unused new countries, Source).

        A database without the dataset's Source node holds nothing of it (the Source is
        written first and deleted last), so then nothing is scanned.
        """
        held = self.run(f"MATCH (s:Source:{OWNER_LABEL} {{id: $id}}) RETURN count(s)",
                        {"id": dataset_id}, write=False, check=False).rows[0][0]
        if not held:
            return
        for rel_type in RELATIONSHIPS:
            self.run(f"MATCH ()-[r:{rel_type}]->() WHERE r.dataset = $id DELETE r",
                     {"id": dataset_id}, write=True)
        for label in LABELS:
            if label not in ("Country", "Source"):
                self.run(f"MATCH (n:{label}:{OWNER_LABEL}) WHERE n.dataset = $id DETACH DELETE n",
                         {"id": dataset_id}, write=True)
        self.run(f"MATCH (n:Country:{OWNER_LABEL}) WHERE n.created_by = $id AND NOT (n)--() "
                 "DELETE n", {"id": dataset_id}, write=True)
        self.run(f"MATCH (n:Source:{OWNER_LABEL}) WHERE n.dataset = $id DETACH DELETE n",
                 {"id": dataset_id}, write=True)

    def load_migrations(self, table, *, batch_size: int = NEO4J_BATCH,
                        progress: Callable[[int], None] | None = None) -> int:
        """Create MIGRATED_TO edges from an Arrow table or Parquet file in COPY layout.

        Rows go over the wire flat, as pyarrow gives them, and only the columns that hold
        a value in the batch, through one session, one managed write transaction per
        ``batch_size`` rows. Returns the number of edges written.
        """
        import pyarrow as pa
        import pyarrow.parquet as pq

        if isinstance(table, (str, Path)):
            batches = pq.ParquetFile(str(table)).iter_batches(batch_size=batch_size)
        else:
            batches = (table if isinstance(table, pa.Table) else pa.table(table)).to_batches(
                max_chunksize=batch_size)
        written = 0
        with self._driver.session(database=self.database) as session:
            for columns, rows in _flat(batches):
                statement = _rel_statement("MIGRATED_TO", "Country", "Country", columns)
                session.execute_write(lambda tx, s=statement, r=rows: tx.run(s, rows=r).consume())
                written += len(rows)
                if progress is not None:
                    progress(len(rows))
        return written

    def close(self) -> None:
        if self._driver is not None:
            self._driver.close()
            self._driver = None

    # -- errors ------------------------------------------------------------------------

    def _translate(self, err: Exception):
        return translate_error(err, self.uri, self.user, self.database)


def _merge_node_statement(label: str) -> str:
    return f"UNWIND $rows AS r MERGE (n:{label} {{id: r.id}}) SET n += r, n:{OWNER_LABEL}"


def _rel_statement(rel_type: str, from_label: str, to_label: str,
                   columns: tuple[str, ...]) -> str:
    # Explicit properties of the batch's non-null columns: a null in a CREATE map sets
    # nothing, so the rows go flat, as Arrow gives them, without a props map each.
    props = ", ".join(f"{p}: r.{p}" for p in RELATIONSHIPS[rel_type].prop_names
                      if p in columns)
    return (f"UNWIND $rows AS r MATCH (a:{from_label} {{id: r.from}}) "
            f"MATCH (b:{to_label} {{id: r.to}}) CREATE (a)-[:{rel_type} {{{props}}}]->(b)")


def _flat(batches):
    """``(columns, rows)`` of Arrow record batches: each batch's columns that hold a value."""
    for batch in batches:
        columns = tuple(name for name, column in zip(batch.schema.names, batch.columns)
                        if column.null_count < batch.num_rows)
        yield columns, batch.select(list(columns)).to_pylist()


def _node_batches(path: Path, batch_size: int):
    """Node rows of a Parquet file with their derived ``name``, without null values.

    Column-wise where it can be (:func:`_named_table`); only a batch with a partly null
    column is stripped row by row.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    for batch in pq.ParquetFile(str(path)).iter_batches(batch_size=batch_size):
        table = _named_table(pa.Table.from_batches([batch]))
        rows = table.to_pylist()
        partly_null = any(table.column(name).null_count for name in table.column_names)
        yield strip_nulls(rows) if partly_null else rows


def _named_table(table):
    """Staged node rows with the derived ``name`` column and without all-null columns."""
    names = display_names(table)
    if "name" in table.column_names:
        table = table.drop_columns(["name"])
    table = table.append_column("name", names)
    return table.select([name for name in table.column_names
                         if table.column(name).null_count < table.num_rows])


def open_driver(uri: str, user: str, password: str | None, *,
                connection_timeout: float = CONNECTION_TIMEOUT):
    """A ``neo4j.Driver`` for ``uri`` (no connection yet); bad URIs are one clear error."""
    neo4j = _neo4j()
    if password is None:
        raise StoreUnavailable(
            f"no password for Neo4j at {redact_uri(uri)}: set NEO4J_PASSWORD or pass --password"
        )
    scheme = uri.partition("://")[0].lower() if "://" in uri else ""
    # The driver also speaks http:// (a preview of the Query API); intelmig uses Bolt.
    if scheme not in URI_SCHEMES:
        raise StoreUnavailable(
            f"cannot use Neo4j URI {redact_uri(uri)}: use bolt://, neo4j:// or their "
            "TLS forms bolt+s://, neo4j+s:// (+ssc for self-signed certificates)"
        )
    if redact_uri(uri) != uri:
        raise StoreUnavailable(
            f"the Neo4j URI {redact_uri(uri)} carries a user name or password; give them "
            "with --user/--password or NEO4J_USER/NEO4J_PASSWORD instead"
        )
    try:
        return neo4j.GraphDatabase.driver(
            uri, auth=(user, password), connection_timeout=connection_timeout,
            user_agent=f"intelmig/{__version__}",
            # Warnings such as "property key does not exist" are normal for sparse data.
            notifications_min_severity="OFF",
        )
    except (ValueError, neo4j.exceptions.ConfigurationError) as err:
        raise StoreUnavailable(
            f"cannot use Neo4j URI {redact_uri(uri)}: {err}; use bolt://, neo4j:// or their "
            "TLS forms bolt+s://, neo4j+s://"
        ) from None


def translate_error(err: Exception, uri: str, user: str, database: str) -> Exception:
    """The typed intelmig error for a driver error: one line, no password."""
    exc = _neo4j().exceptions
    where = f"Neo4j at {redact_uri(uri)}"
    code = getattr(err, "code", None) or ""
    text = _one_line(getattr(err, "message", None) or str(err)).replace(uri, redact_uri(uri))
    if isinstance(err, exc.AuthError) or code.startswith("Neo.ClientError.Security"):
        return StoreUnavailable(
            f"{where} refused user {user!r}: wrong user or password "
            "(set NEO4J_USER / NEO4J_PASSWORD)"
        )
    if code == "Neo.ClientError.Database.DatabaseNotFound":
        return StoreUnavailable(
            f"{where} has no database {database!r} (Community edition has only 'neo4j'; "
            "set NEO4J_DATABASE or --database)"
        )
    if code == "Neo.ClientError.Statement.AccessMode":
        return WriteRefused(WRITE_REFUSED)
    if isinstance(err, exc.ServiceUnavailable | exc.SessionExpired):
        cause = _root_cause(err)
        if "ssl" in type(cause).__name__.lower() or "certificate" in str(cause).lower():
            return StoreUnavailable(
                f"TLS handshake with {where} failed ({_one_line(str(cause))}); for a "
                "self-signed certificate use bolt+ssc:// or neo4j+ssc://"
            )
        return StoreUnavailable(f"cannot reach {where} ({text}); is the server running?")
    if isinstance(err, exc.Neo4jError):
        return QueryError(f"the database rejected the query: {text}")
    return StoreUnavailable(f"{where}: {type(err).__name__}: {text}")


def _root_cause(err: BaseException) -> BaseException:
    while err.__cause__ is not None or err.__context__ is not None:
        err = err.__cause__ or err.__context__
    return err


def _one_line(text: str) -> str:
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    return " | ".join(lines[:2]) if lines else "no details"


def _plain(value):
    """Driver values as plain Python, in the shapes the embedded store returns."""
    graph = _neo4j().graph
    if isinstance(value, graph.Node):
        labels = sorted(value.labels)
        label = next((name for name in labels if name in LABELS), labels[0] if labels else None)
        return {k: _plain(v) for k, v in value.items()} | {"_label": label}
    if isinstance(value, graph.Relationship):
        return {k: _plain(v) for k, v in value.items()} | {"_label": value.type}
    if isinstance(value, graph.Path):
        return {"_NODES": [_plain(n) for n in value.nodes],
                "_RELS": [_plain(r) for r in value.relationships]}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "to_native"):  # neo4j.time values
        return value.to_native()
    return value


def _typed(value, type_: str):
    """A property value as its schema type, so both stores hold the same Python types."""
    return PROP_TYPES[type_].coerce(value)


class _LoadPlan:
    """The statements and rows of one ``replace_graph``, built from a dataset.

    Few distinct statements (one per label for nodes, one per type for
    relationships), because planning each new statement costs the server more
    than running it on a batch.
    """

    def __init__(self, dataset: Dataset):
        self.dataset = dataset
        self.nodes = {
            label: [{p.name: _typed(row[p.name], p.type) for p in LABELS[label].props}
                    for row in rows]
            for label, rows in dataset.nodes_by_label().items()
        }
        self.rels: dict[str, list[dict]] = {}
        for (rel, a, b), rows in dataset.rels_by_endpoints().items():
            props = RELATIONSHIPS[rel].props
            self.rels.setdefault(rel, []).extend(
                {"from_id": row["from_id"], "from_label": a, "to_id": row["to_id"],
                 "to_label": b,
                 "props": {p.name: _typed(row[p.name], p.type) for p in props
                           if row[p.name] is not None}}
                for row in rows
            )

    def refuse_foreign_conflicts(self, tx, database: str) -> None:
        for label, rows in self.nodes.items():
            clash = tx.run(
                f"MATCH (n:{label}) WHERE n.id IN $ids AND NOT n:{OWNER_LABEL} "
                "RETURN n.id AS id ORDER BY id LIMIT 5",
                ids=[row["id"] for row in rows],
            ).value()
            if clash:
                raise StoreError(
                    f"database {database!r} already holds {label} nodes that intelmig did not "
                    f"create with the ids {', '.join(clash)}; intelmig does not change other "
                    "data: remove or relabel them, or load into another database"
                )

    def remove_stale(self, tx) -> None:
        """Delete intelmig's nodes that left the dataset, and all intelmig relationships.

        A node is kept only if its label (``kind``) and id are still in the dataset,
        so a node whose label changed, or whose label left the schema, goes too.
        """
        keys = [f"{label}/{row['id']}" for label, rows in self.nodes.items() for row in rows]
        tx.run(
            f"MATCH (n:{OWNER_LABEL}) "
            "WHERE NOT (n.kind IN labels(n) AND n.kind + '/' + n.id IN $keys) "
            "DETACH DELETE n",
            keys=keys,
        ).consume()
        tx.run(
            f"MATCH (:{OWNER_LABEL})-[r:{_SCHEMA_REL_TYPES}]->(:{OWNER_LABEL}) DELETE r"
        ).consume()

    def batches(self):
        """``(what, statement, rows)`` triples: nodes first, then relationships."""
        for label, rows in self.nodes.items():
            statement = (
                f"UNWIND $rows AS r MERGE (n:{label} {{id: r.id}}) "
                f"SET n = r, n:{OWNER_LABEL} RETURN count(n)"
            )
            yield from _chunks(f"{label} nodes", statement, rows)
        for rel, rows in self.rels.items():
            # Endpoints by the owner index on id; `kind` (the label) guards against
            # an id shared by two labels.
            statement = (
                f"UNWIND $rows AS r "
                f"MATCH (a:{OWNER_LABEL} {{id: r.from_id}}) WHERE a.kind = r.from_label "
                f"MATCH (b:{OWNER_LABEL} {{id: r.to_id}}) WHERE b.kind = r.to_label "
                f"CREATE (a)-[e:{rel}]->(b) SET e = r.props RETURN count(e)"
            )
            yield from _chunks(f"{rel} relationships", statement, rows)

    def build_record(self) -> dict:
        return {
            "intelmig_version": __version__,
            "fingerprint": self.dataset.fingerprint(),
            "built_at": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
            "counts": self.dataset.counts(),
        }


def _chunks(what: str, statement: str, rows: list[dict]):
    for start in range(0, len(rows), BATCH_SIZE):
        yield what, statement, rows[start:start + BATCH_SIZE]
