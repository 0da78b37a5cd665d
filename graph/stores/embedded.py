"""The embedded store: a LadybugDB file, no server.

The database is derived data. ``replace_graph`` never edits a database in
place: it builds a complete new file next to the old one in one transaction,
writes a completion record last, closes it (checkpoint) and then renames it over
the old file, so a crash at any point leaves either the old database or the new
one, never a mix. The build record (version, seed fingerprint, counts) is kept
in a table comment inside the file; opening refuses a file without it, or one
LadybugDB cannot read, with ``StoreDamaged`` and the advice to rebuild.

Queries are Neo4j Cypher: ``run`` translates what LadybugDB spells differently
(``type(r)``, ``WHERE n:Label``, list comprehensions, 0-based indexes, ...) in one
place, :mod:`intelmig.stores.translate`, and answers ``CALL db.labels()`` and
``CALL db.relationshipTypes()`` itself; what has no translation is one error naming
the embedded equivalent. docs/neo4j.md has the table of idioms.
"""

from __future__ import annotations

import datetime as _dt
import fcntl
import json
import os
from collections.abc import Callable, Mapping, Sequence
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

from .. import __version__
from ..dataset import Dataset
from ..errors import (
    QueryError,
    StoreDamaged,
    StoreError,
    StoreInUse,
    StoreMissing,
    WriteRefused,
)
from ..schema import LABELS, RELATIONSHIPS, ladybug_ddl
from .base import BATCH_SIZE, Result, Store
from .translate import procedure_call, translate

__all__ = ["META_TABLE", "EmbeddedStore", "build_database", "default_db_path", "write_batches"]

# The build record lives in a table comment: invisible to MATCH, inside the file.
META_TABLE = "Passage"
META_PREFIX = "intelmig-build:"
REBUILD_HINT = "rebuild it from the seed with `intelmig seed` (the seed files are the truth)"


def default_db_path() -> Path:
    """``$INTELMIG_DB``, else ``$XDG_DATA_HOME/intelmig/intelmig.lbug`` (~/.local/share)."""
    if os.environ.get("INTELMIG_DB"):
        return Path(os.environ["INTELMIG_DB"])
    data_home = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return data_home / "intelmig" / "intelmig.lbug"


def _ladybug():
    import ladybug

    return ladybug


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def _translate_open_error(path: Path, err: Exception) -> StoreError:
    text = str(err)
    if "lock" in text.lower() or "concurrency" in text.lower():
        return StoreInUse(
            f"database {path} is in use by another intelmig process; wait for it to finish"
        )
    return StoreDamaged(f"database {path} cannot be opened ({text.splitlines()[0]}); "
                        f"{REBUILD_HINT}")


class EmbeddedStore(Store):
    """A LadybugDB database file.

    Parameters
    ----------
    path : path-like
        The database file.
    write : bool
        Open for writing. Readers open the file read-only, so a query can never
        change it and several readers may share it.
    """

    name = "embedded"

    def __init__(self, path: os.PathLike | str, *, write: bool = False):
        self.path = Path(path)
        self.writable = write
        if not self.path.exists():
            raise StoreMissing(f"no database at {self.path}; create it with `intelmig seed`")
        lb = _ladybug()
        self._lock = _acquire_build_lock(self.path) if write else None
        try:
            self._db = lb.Database(str(self.path), read_only=not write)
            self._conn = lb.Connection(self._db)
        except RuntimeError as err:
            self.close()
            raise _translate_open_error(self.path, err) from None
        self.meta = self._read_meta()

    def _read_meta(self) -> dict:
        try:
            result = self._conn.execute(
                f"CALL show_tables() WHERE name = '{META_TABLE}' RETURN comment"
            )
            comment = result.get_next()[0] if result.has_next() else ""
        except RuntimeError:
            comment = ""
        if not comment.startswith(META_PREFIX):
            self.close()
            raise StoreDamaged(
                f"database {self.path} has no intelmig build record; {REBUILD_HINT}"
            )
        return json.loads(comment[len(META_PREFIX):])

    def run(self, cypher: str, params: Mapping | None = None, *, write: bool = False) -> Result:
        if write and not self.writable:
            raise WriteRefused("this store was opened read-only")
        procedure = procedure_call(cypher)
        if procedure is not None:
            return self._procedure(*procedure)
        try:
            result = self._conn.execute(translate(cypher), dict(params or {}))
        except RuntimeError as err:
            raise _query_error(err) from None
        columns = result.get_column_names()
        rows = result.get_all()
        for row in rows:
            for index, value in enumerate(row):
                if type(value) not in _PLAIN_TYPES:
                    row[index] = _plain(value)
        return Result(columns, rows)

    def _procedure(self, name: str, column: str) -> Result:
        """``db.labels()`` / ``db.relationshipTypes()``: the schema's labels or types in use."""
        if name == "db.labels":
            names = [label for label in LABELS
                     if self.run(f"MATCH (n:{label}) RETURN count(n) > 0").rows[0][0]]
        else:
            names = [rel for rel in RELATIONSHIPS
                     if self.run(f"MATCH ()-[r:{rel}]->() RETURN count(r) > 0").rows[0][0]]
        return Result([column], [[name] for name in names])

    def replace_graph(self, dataset: Dataset, progress: Callable[[int], None] | None = None
                      ) -> None:
        self.close()
        build_database(self.path, dataset, progress=progress)
        self.__init__(self.path, write=self.writable)

    def close(self) -> None:
        for attr in ("_conn", "_db", "_lock"):
            handle = getattr(self, attr, None)
            if handle is not None:
                handle.close()
                setattr(self, attr, None)


class _BuildLock:
    """An exclusive ``flock`` on ``.NAME.lock`` beside the database, held while writing."""

    def __init__(self, fd: int):
        self.fd = fd

    def close(self) -> None:
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)


def _acquire_build_lock(path: Path) -> _BuildLock:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path.with_name(f".{path.name}.lock"), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise StoreInUse(
            f"database {path} is in use by another intelmig process that writes to it; "
            "wait for it to finish"
        ) from None
    return _BuildLock(fd)


@contextmanager
def build_lock(path: Path):
    """Hold the database's write lock; stale staging files of killed builds are removed."""
    lock = _acquire_build_lock(path)
    try:
        for leftover in path.parent.glob(f".{path.name}.building-*"):
            leftover.unlink(missing_ok=True)
        yield
    finally:
        lock.close()


_PLAIN_TYPES = frozenset({str, int, float, bool, type(None)})


def _plain(value):
    if isinstance(value, dict):
        if "_LABEL" in value and ("_ID" in value or "_id" in value):
            return {k: _plain(v) for k, v in value.items()
                    if not k.startswith("_") and v is not None} | {"_label": value["_LABEL"]}
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        # LadybugDB sums INT64 into an integral DECIMAL (Neo4j: int); others to float.
        return int(value) if value.as_tuple().exponent >= 0 else float(value)
    return value


def _query_error(err: Exception) -> QueryError:
    text = str(err).strip()
    if "read-only" in text or "read only" in text.lower():
        return WriteRefused(
            "this query writes to the database; queries are read-only unless you pass --write"
        )
    first = text.splitlines()[0]
    rest = [line for line in text.splitlines()[1:] if line.strip()]
    if rest:
        first += " | " + " ".join(line.strip() for line in rest[:1])
    return QueryError(f"the database rejected the query: {first}")


def _cast(value_expr: str, type_: str) -> str:
    return f"CAST({value_expr} AS {type_})"


def node_load_statement(label: str) -> str:
    props = ", ".join(
        f"{p.name}: {_cast('r.' + p.name, p.type)}" for p in LABELS[label].props
    )
    return f"UNWIND $rows AS r CREATE (:{label} {{{props}}})"


def rel_load_statement(rel_type: str, from_label: str, to_label: str) -> str:
    props = ", ".join(
        f"{p.name}: {_cast('r.' + p.name, p.type)}" for p in RELATIONSHIPS[rel_type].props
    )
    return (
        f"UNWIND $rows AS r MATCH (a:{from_label} {{id: r.from_id}}), "
        f"(b:{to_label} {{id: r.to_id}}) CREATE (a)-[:{rel_type} {{{props}}}]->(b)"
    )


def build_database(
    path: Path,
    dataset: Dataset,
    *,
    extra: Callable | None = None,
    migration_files: Sequence[Path] = (),
    progress: Callable[[int], None] | None = None,
) -> None:
    """Build a complete database for ``dataset`` at ``path``, replacing it atomically.

    ``extra(connection)`` may load more data (imported nodes and relationships)
    after the seed. ``migration_files`` are Parquet files of Country->Country
    MIGRATED_TO rows in COPY layout (``from``, ``to``, then the schema's
    properties), bulk-loaded together with the seed's own rows of that kind.
    ``progress(n)`` is called with the number of records written.
    """
    path = Path(path)
    with build_lock(path):
        _build_unlocked(path, dataset, extra, list(migration_files), progress)


def _build_unlocked(path: Path, dataset: Dataset, extra, migration_files, progress) -> None:
    lb = _ladybug()
    staging = path.with_name(f".{path.name}.building-{os.getpid()}")
    bulk = ("MIGRATED_TO", "Country", "Country") if migration_files else None

    def load_seed_rows(conn) -> None:
        for label, rows in dataset.nodes_by_label().items():
            write_batches(conn, node_load_statement(label), rows, progress)
        for key, rows in dataset.rels_by_endpoints().items():
            if key != bulk:
                write_batches(conn, rel_load_statement(*key), rows, progress)

    def load_imports(conn) -> None:
        if extra is not None:
            extra(conn)
        if bulk:
            _copy_migrations(conn, staging, dataset.rels_by_endpoints().get(bulk, []),
                             migration_files, progress)

    # Atomicity comes from the staging file, renamed only when complete, not from a
    # transaction. That leaves the loading order free for speed and memory: the
    # database is closed between the seed and the imports, because LadybugDB holds
    # per-table buffers until then (one phase for both would hold both peaks at
    # once), and every Country->Country MIGRATED_TO row, the seed's included, goes in
    # with ONE auto-commit COPY into the still empty table: LadybugDB's fast path,
    # 2-3x faster than COPY into a filled table or inside a transaction.
    phases = [(ladybug_ddl(), load_seed_rows)]
    if extra is not None or bulk:
        phases.append(((), load_imports))
    try:
        for ddl, work in phases:
            db = lb.Database(str(staging))
            try:
                conn = lb.Connection(db)
                for statement in ddl:
                    conn.execute(statement)
                work(conn)
                if work is phases[-1][1]:
                    _write_meta(conn, dataset)
                conn.close()
            finally:
                db.close()
    except RuntimeError as err:
        _discard(staging)
        raise StoreError(f"building {path} failed: {str(err).splitlines()[0]}") from None
    except BaseException:
        _discard(staging)
        raise
    _wal(path).unlink(missing_ok=True)
    os.replace(staging, path)


def _copy_migrations(conn, staging: Path, seed_rows: list[dict], files: list[Path],
                     progress) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from ..importers.table import migration_schema

    seed_file = staging.with_name(staging.name + ".seed-migrations.parquet")
    schema = migration_schema()
    rows = [{"from": r["from_id"], "to": r["to_id"], **r} for r in seed_rows]
    pq.write_table(pa.Table.from_pylist(
        [{name: row.get(name) for name in schema.names} for row in rows], schema=schema),
        seed_file)
    try:
        paths = [str(Path(f).resolve()) for f in (seed_file, *files)]
        # COPY takes its files only as literals; refuse anything that could break out.
        if any("'" in p or "\\" in p for p in paths):
            raise StoreError("a workspace path contains a quote or backslash; choose "
                             "another --workspace")
        listed = ", ".join(f"'{p}'" for p in paths)
        conn.execute(f"COPY MIGRATED_TO FROM [{listed}] (from='Country', to='Country')")
    finally:
        seed_file.unlink(missing_ok=True)
    if progress is not None:
        progress(len(rows) + sum(pq.ParquetFile(f).metadata.num_rows for f in files))


def _write_meta(conn, dataset: Dataset) -> None:
    meta = {
        "intelmig_version": __version__,
        "fingerprint": dataset.fingerprint(),
        "built_at": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        "counts": dataset.counts(),
    }
    text = META_PREFIX + json.dumps(meta, sort_keys=True)
    # DDL takes no parameters; the record holds only our own ids, digits and hex.
    if "'" in text or "\\" in text:
        raise StoreError("refusing to write a build record with quotes in it")
    conn.execute(f"COMMENT ON TABLE {META_TABLE} IS '{text}'")


def _discard(staging: Path) -> None:
    for leftover in (staging, _wal(staging)):
        leftover.unlink(missing_ok=True)


def write_batches(conn, statement: str, rows: list[dict], progress=None) -> None:
    """Run an ``UNWIND $rows`` statement over ``rows`` in batches of BATCH_SIZE."""
    for start in range(0, len(rows), BATCH_SIZE):
        batch = rows[start:start + BATCH_SIZE]
        conn.execute(statement, {"rows": batch})
        if progress is not None:
            progress(len(batch))

