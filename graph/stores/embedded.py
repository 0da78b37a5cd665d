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
import re
import tempfile
from collections.abc import Callable, Mapping, Sequence
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

from .. import __version__
from ..dataset import Dataset
from ..errors import (
    ImportInvalid,
    ParameterError,
    QueryError,
    StoreDamaged,
    StoreError,
    StoreInUse,
    StoreMissing,
    WriteRefused,
)
from ..schema import LABELS, RELATIONSHIPS, ladybug_ddl
from .base import BATCH_SIZE, Result, Store, columns_of, missing_parameters
from .datasets import DatasetFolder, complete_row, source_node
from .translate import procedure_call, translate

__all__ = [
    "META_TABLE",
    "EmbeddedStore",
    "add_datasets",
    "build_database",
    "default_db_path",
    "rebuild_database",
    "remove_datasets",
    "schema_digest",
    "write_batches",
]

# The build record lives in a table comment: invisible to MATCH, inside the file.
META_TABLE = "Passage"
META_PREFIX = "intelmig-build:"
REBUILD_HINT = "rebuild it from the seed with `intelmig seed` (the seed files are the truth)"


def default_db_path() -> Path:
    """``$INTELMIG_DB``, else ``$XDG_DATA_HOME/intelmig/intelmig.lbug`` (~/.local/share).

    Examples
    --------
    >>> import os
    >>> os.environ["INTELMIG_DB"] = "/data/scholars.lbug"
    >>> default_db_path()
    PosixPath('/data/scholars.lbug')
    >>> del os.environ["INTELMIG_DB"]
    """
    if os.environ.get("INTELMIG_DB"):
        return Path(os.environ["INTELMIG_DB"])
    data_home = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return data_home / "intelmig" / "intelmig.lbug"


def _ladybug():
    import ladybug

    return ladybug


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def _build_record(conn) -> dict | None:
    """The build record of the database ``conn`` is connected to; None without one."""
    try:
        result = conn.execute(f"CALL show_tables() WHERE name = '{META_TABLE}' RETURN comment")
        comment = result.get_next()[0] if result.has_next() else ""
    except RuntimeError:
        comment = ""
    return json.loads(comment[len(META_PREFIX):]) if comment.startswith(META_PREFIX) else None


def schema_digest() -> str:
    """A digest of the tables a database of this intelmig holds (its DDL).

    Kept in the build record: a file whose tables differ is rebuilt, never queried.

    Examples
    --------
    >>> len(schema_digest()), schema_digest() == schema_digest()
    (16, True)
    """
    import hashlib

    return hashlib.sha256("\n".join(ladybug_ddl()).encode()).hexdigest()[:16]


def _reader_pool_bytes(path: Path) -> int:
    """The buffer pool of a read-only open: four times the file, at least 1 GiB.

    LadybugDB reserves 80 % of the RAM by default and its page table costs about 2 MB
    per GB reserved: 37 MB of every command's peak on a 24 GB machine (138 MB -> 101 MB
    to open the article graph and scan it; benchmarks/README.md). A reader never pins
    pages for writing, so a smaller pool only evicts; four times the file holds every
    page and the queries' working memory beside it.
    """
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return int(min(0.8 * ram, max(1 << 30, 4 * path.stat().st_size)))


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

    Raises
    ------
    StoreMissing
        No file at ``path``.
    StoreDamaged
        The file is no complete intelmig database (no build record).
    StoreInUse
        A writer or a build holds the file.

    Examples
    --------
    >>> import tempfile
    >>> from intelmig.dataset import Dataset
    >>> seed = Dataset()
    >>> seed.add_node("Country", {"id": "KAZ", "name_en": "Kazakhstan"})
    >>> path = tempfile.mkdtemp() + "/one.lbug"
    >>> build_database(path, seed)
    >>> with EmbeddedStore(path) as store:
    ...     store.run("MATCH (c:Country) RETURN c.id, c.name").rows, store.meta["datasets"]
    ([['KAZ', 'Kazakhstan']], [])
    >>> store.run("MATCH (c) DETACH DELETE c", write=True)
    Traceback (most recent call last):
    ...
    intelmig.errors.WriteRefused: this store was opened read-only
    """

    name = "embedded"

    def __init__(self, path: os.PathLike | str, *, write: bool = False):
        self.path = Path(path)
        self.writable = write
        if not self.path.exists():
            raise StoreMissing(f"no database at {self.path}; create it with `intelmig seed`")
        lb = _ladybug()
        self._lock = _acquire_build_lock(self.path) if write else None
        pool = {} if write else {"buffer_pool_size": _reader_pool_bytes(self.path)}
        try:
            self._db = lb.Database(str(self.path), read_only=not write, **pool)
            self._conn = lb.Connection(self._db)
        except RuntimeError as err:
            self.close()
            raise _translate_open_error(self.path, err) from None
        self.meta = self._read_meta()
        self._tables = _expansions(self.meta.get("migration_tables", {}).values())

    @contextmanager
    def reading_datasets(self, ids):
        if not ids:
            yield
            return
        held = self.meta.get("migration_tables", {})
        every = self._tables
        self._tables = _expansions(held[i] for i in set(ids) if i in held)
        try:
            yield
        finally:
            self._tables = every

    def _read_meta(self) -> dict:
        meta = _build_record(self._conn)
        if meta is None:
            self.close()
            raise StoreDamaged(
                f"database {self.path} has no intelmig build record; {REBUILD_HINT}"
            )
        if meta.get("schema") != schema_digest():
            # Its tables are not the ones the queries name (a label added since, ...):
            # every query would fail with "table does not exist" or read nothing.
            self.close()
            raise StoreDamaged(
                f"database {self.path} was built with another schema (by intelmig "
                f"{meta.get('intelmig_version', '?')} on {meta.get('built_at', '?')}); "
                "rebuild it with `intelmig rebuild` (the seed and the workspace are the truth)"
            )
        return meta

    def run(self, cypher: str, params: Mapping | None = None, *, write: bool = False) -> Result:
        if write and not self.writable:
            raise WriteRefused("this store was opened read-only")
        procedure = procedure_call(cypher)
        if procedure is not None:
            return self._procedure(*procedure)
        result = self._execute(cypher, params)
        return Result(result.get_column_names(), _plain_rows(result))

    def _execute(self, cypher: str, params: Mapping | None):
        missing_parameters(cypher, params)
        try:
            return self._conn.execute(translate(cypher, self._tables), dict(params or {}))
        except RuntimeError as err:
            raise _query_error(err, params) from None

    def run_columns(self, cypher: str, params: Mapping | None = None) -> dict:
        # Arrow instead of one Python call per row (a year of 10^6 flows: 31,069 rows,
        # 0.06 s against 0.3 s); small answers skip it, as importing pyarrow costs more
        # (0.06 s and 30 MB, the article graph's figures); answers of other types take
        # run()'s conversions.
        if procedure_call(cypher) is not None:
            return super().run_columns(cypher, params)
        result = self._execute(cypher, params)
        if result.get_num_tuples() < ARROW_MIN_ROWS:
            return columns_of(Result(result.get_column_names(), _plain_rows(result)))
        table = result.get_as_arrow(0)
        if not all(_arrow_plain(column.type) for column in table.columns):
            return super().run_columns(cypher, params)
        return {name: column.to_pylist() for name, column in zip(table.column_names,
                                                                  table.columns)}

    def _procedure(self, name: str, column: str) -> Result:
        """``db.labels()``: every label of the schema (Neo4j lists each label it holds a
        uniqueness constraint for, and intelmig makes one per label, nodes or not);
        ``db.relationshipTypes()``: the types in use."""
        if name == "db.labels":
            names = list(LABELS)
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
# An imported dataset's Country->Country MIGRATED_TO rows live in a table of their own,
# MIGRATED_TO_<n> (named in the build record): loading one is a COPY into an empty table
# and removing one a DROP TABLE, whatever the other datasets hold. A COPY of 10^4 rows
# into a MIGRATED_TO table that already held 10^6 took 9.8-11.3 s, into its own 0.6-0.7 s
# (benchmarks/README.md). Queries still say MIGRATED_TO: translate() reads all of them.
_DATASET_TABLE = re.compile(r"^(MIGRATED_TO)_[0-9]+$")


def _table_number(name: str) -> int:
    return int(name.rsplit("_", 1)[1])


def _expansions(dataset_tables) -> dict[str, list[str]]:
    """What ``translate`` reads ``MIGRATED_TO`` as, besides the table itself."""
    return {"MIGRATED_TO": sorted(dataset_tables, key=_table_number)}


def _migration_columns(conn, parquet) -> tuple[list, list, dict]:
    """A dataset's MIGRATED_TO properties as (varied, empty, {constant: literal}).

    LadybugDB's COPY costs about the same for a column that repeats one value on every
    row (the dataset id, the file, the measure) as for a varied one, and each string
    column adds ~0.8 s per 10^6 rows; ``ALTER TABLE ... ADD ... DEFAULT`` fills such a
    column in about a third of that. Constants are strings and integers whose literal
    LadybugDB reads back as exactly the value (DDL takes no parameters); any other
    column with a value is copied. ``parquet``: the dataset's ``pyarrow.parquet.ParquetFile``.
    """
    filled, empty, constant = [], [], {}
    for prop in RELATIONSHIPS["MIGRATED_TO"].props:
        nulls, values = _column_summary(parquet, prop.name)
        if nulls == parquet.metadata.num_rows:
            empty.append(prop)
            continue
        literal = None
        if nulls == 0 and len(values) == 1 and prop.type in ("STRING", "INT64"):
            literal = _literal(conn, values.pop())
        if literal is None:
            filled.append(prop)
        else:
            constant[prop] = literal
    return filled, empty, constant


def _column_summary(parquet, name: str) -> tuple[int, set]:
    """(null count, distinct values or {min, max}) of one column of a Parquet file.

    From the row groups' statistics when every one has them (the importers write them
    for property columns); else by reading the column.
    """
    import pyarrow.compute as pc

    meta = parquet.metadata
    index = parquet.schema_arrow.get_field_index(name)
    stats = [meta.row_group(g).column(index).statistics for g in range(meta.num_row_groups)]
    if all(s is not None and s.has_null_count and (s.has_min_max or s.num_values == 0)
           for s in stats):
        return (sum(s.null_count for s in stats),
                {v for s in stats if s.has_min_max for v in (s.min, s.max)})
    column = parquet.read(columns=[name]).column(0)
    values = pc.min_max(column).as_py() if column.null_count < len(column) else {}
    return column.null_count, set(values.values())


def _literal(conn, value) -> str | None:
    """``value`` as a Cypher literal LadybugDB reads back unchanged, else None."""
    if isinstance(value, str):
        text = "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    elif isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
    else:
        return None
    try:
        read = conn.execute(f"RETURN {text}").get_next()[0]
    except RuntimeError:
        return None
    return text if read == value and type(read) is type(value) else None


def _copy_dataset_migrations(conn, tables: dict, files: Mapping[str, Path], progress
                             ) -> None:
    """COPY each dataset's MIGRATED_TO file into a new table; ``tables`` gains its name.

    Only the columns that vary are copied; a column holding one value on every row
    is added with that value as its default (see ``_migration_columns``), and an empty
    one is added empty. (Leaving it out would read as NULL too, but LadybugDB then
    evaluates a filter on it row by row: analytics_shared_flows took 0.3 s instead of
    0.02 s at 10^6 rows; the ALTER costs ~0.1 s.)
    """
    number = max((_table_number(t) for t in tables.values()), default=0)
    for dataset_id, file in files.items():
        number += 1
        name = f"MIGRATED_TO_{number}"
        parquet = _workspace_parquet(file)
        filled, empty, constant = _migration_columns(conn, parquet)
        columns = "".join(f", {p.name} {p.type}" for p in filled)
        conn.execute(f"CREATE REL TABLE {name}(FROM Country TO Country{columns})")
        copied = ", ".join(["`from`", "`to`", *(p.name for p in filled)])
        conn.execute(f"COPY {name} FROM (LOAD FROM {_copy_paths([file])} "
                     f"RETURN {copied})")
        for prop in empty:
            conn.execute(f"ALTER TABLE {name} ADD {prop.name} {prop.type}")
        for prop, literal in constant.items():
            conn.execute(f"ALTER TABLE {name} ADD {prop.name} {prop.type} DEFAULT {literal}")
        # Frees the table's load buffers before the next one (see load_seed_rows).
        conn.execute("CHECKPOINT")
        tables[dataset_id] = name
        if progress is not None:
            progress(parquet.metadata.num_rows)


def _workspace_parquet(file: Path):
    """The dataset file opened (footer read); a damaged one is one StoreError."""
    import pyarrow.parquet as pq

    try:
        return pq.ParquetFile(str(file))
    except (OSError, ValueError) as err:  # pyarrow's ArrowIOError, ArrowInvalid
        raise StoreError(f"the workspace file {file} is not readable Parquet "
                         f"({str(err).splitlines()[0]}); import the dataset again") from None


#: Answers shorter than this come row by row (see EmbeddedStore.run_columns).
ARROW_MIN_ROWS = 5_000


def _plain_rows(result) -> list[list]:
    rows = result.get_all()
    for row in rows:
        for index, value in enumerate(row):
            if type(value) not in _PLAIN_TYPES:
                row[index] = _plain(value)
    return rows


def _arrow_plain(kind) -> bool:
    """An Arrow type whose Python values are what run() returns unchanged."""
    import pyarrow as pa

    return (pa.types.is_string(kind) or pa.types.is_large_string(kind)
            or pa.types.is_integer(kind) or pa.types.is_floating(kind)
            or pa.types.is_boolean(kind) or pa.types.is_null(kind))


def _plain(value):
    if isinstance(value, dict):
        if "_LABEL" in value and ("_ID" in value or "_id" in value):
            label = _DATASET_TABLE.sub(r"\1", value["_LABEL"])
            return {k: _plain(v) for k, v in value.items()
                    if not k.startswith("_") and v is not None} | {"_label": label}
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        # LadybugDB sums INT64 into an integral DECIMAL (Neo4j: int); others to float.
        return int(value) if value.as_tuple().exponent >= 0 else float(value)
    return value


def _query_error(err: Exception, params: Mapping | None = None):
    text = str(err).strip()
    if params and ("Conversion exception" in text or "Type Mismatch" in text):
        # A parameter of the wrong type: say which values were given, not the engine's cast.
        given = ", ".join(f"{k}={v!r}" for k, v in params.items())
        return ParameterError(f"a parameter does not fit where the query uses it ({given}): "
                              f"{text.splitlines()[0].split(': ', 1)[-1]}")
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
    migration_files: Mapping[str, Path] | None = None,
    progress: Callable[[int], None] | None = None,
    dataset_ids: Sequence[str] = (),
) -> None:
    """Build a complete database for ``dataset`` at ``path``, replacing it atomically.

    ``extra(connection)`` may load more data (imported nodes and relationships)
    after the seed. ``migration_files`` maps a dataset id to its Parquet file of
    Country->Country MIGRATED_TO rows in COPY layout (``from``, ``to``, then the
    schema's properties); each is bulk-loaded into a table of its own,
    ``MIGRATED_TO_<n>``, which queries read as MIGRATED_TO.
    ``progress(n)`` is called with the number of records written. ``dataset_ids`` name
    the imported datasets the build holds (kept in the build record).

    Raises
    ------
    StoreInUse
        Another process holds the database; nothing is changed.
    StoreError
        The build failed; the previous database (if any) is left as it was.

    Examples
    --------
    >>> import tempfile
    >>> from intelmig.dataset import Dataset
    >>> seed = Dataset()
    >>> seed.add_node("Country", {"id": "DEU", "name_en": "Germany"})
    >>> path = tempfile.mkdtemp() + "/built.lbug"
    >>> written = []
    >>> build_database(path, seed, progress=written.append)
    >>> sum(written), EmbeddedStore(path).counts()["nodes"]["Country"]
    (1, 1)
    """
    path = Path(path)
    with build_lock(path):
        _build_unlocked(path, dataset, extra, dict(migration_files or {}), progress,
                        dataset_ids)


def _fault_point(name: str) -> None:
    """Stop here for good when ``INTELMIG_FAULT_PAUSE`` names this point.

    The ``kill -9`` tests set it to kill a build at a known point instead of after a
    guessed delay; unset (always, outside those tests) this does nothing. Points:
    ``staging-created``, ``mid-build`` (rows written, no build record yet),
    ``before-rename`` (staging file complete and closed).
    """
    if os.environ.get("INTELMIG_FAULT_PAUSE") == name:
        import sys
        import time

        print(f"intelmig: paused at {name}", file=sys.stderr, flush=True)
        while True:
            time.sleep(3600)


def _build_unlocked(path: Path, dataset: Dataset, extra, migration_files: dict, progress,
                    dataset_ids) -> None:
    lb = _ladybug()
    staging = path.with_name(f".{path.name}.building-{os.getpid()}")
    tables: dict[str, str] = {}

    def load_seed_rows(conn) -> None:
        for label, rows in dataset.nodes_by_label().items():
            write_batches(conn, node_load_statement(label), rows, progress)
        for key, rows in dataset.rels_by_endpoints().items():
            write_batches(conn, rel_load_statement(*key), rows, progress)
            # LadybugDB keeps about 9 MB of buffers per relationship table pair
            # written since the last checkpoint, whatever its row count: 65 pairs
            # of a few rows each held 760 MB. A checkpoint per pair frees them
            # (seed peak 231 MB, no slower: benchmarks/README.md).
            conn.execute("CHECKPOINT")

    def load_imports(conn) -> None:
        if extra is not None:
            extra(conn)
        _copy_dataset_migrations(conn, tables, migration_files, progress)

    # Atomicity comes from the staging file, renamed only when complete, not from a
    # transaction. That leaves the loading order free for speed and memory: the
    # database is closed between the seed and the imports, because LadybugDB holds
    # per-table buffers until then (one phase for both would hold both peaks at
    # once), and each dataset's MIGRATED_TO rows go in with one auto-commit COPY into
    # an empty table of their own: LadybugDB's fast path, 2-3x faster than COPY into a
    # filled table or inside a transaction.
    phases = [(ladybug_ddl(), load_seed_rows)]
    imports = extra is not None or bool(migration_files)
    if imports:
        phases.append(((), load_imports))
    cache = _SeedCache(dataset)
    with _replaced_when_complete(path, staging, "building"):
        # A build with imports starts from a copy of the same seed's phase, when one
        # was kept (~3 s of a first import); a bare seed build is always built afresh,
        # and kept (its build record is rewritten by the build that reuses it).
        if imports and cache.copy_to(staging):
            phases = phases[1:]
            if progress is not None:
                progress(len(dataset.nodes) + len(dataset.rels))
        for ddl, work in phases:
            db = lb.Database(str(staging))
            try:
                _fault_point("staging-created")
                conn = lb.Connection(db)
                for statement in ddl:
                    conn.execute(statement)
                work(conn)
                _fault_point("mid-build")
                if work is phases[-1][1]:
                    _write_meta(conn, dataset, dataset_ids, tables)
                conn.close()
            finally:
                db.close()
            if work is load_seed_rows:
                cache.keep(staging)


class _SeedCache:
    """Copies of a seed's built tables, reused by later builds of the same seed.

    Derived like every database: one file per seed fingerprint, schema and version in
    ``$XDG_CACHE_HOME/intelmig`` (``~/.cache``), beside the SHA-256 of its bytes, which
    is checked before every use; a file that does not match it is never copied. Written
    to a temporary name and renamed, so a killed build leaves no half file under the
    real name.
    """

    KEPT = 4  # newest files kept; older seeds' files are deleted

    def __init__(self, dataset: Dataset):
        home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        self.folder = home / "intelmig"
        self.file = self.folder / (f"seed-{dataset.fingerprint()[:24]}-{schema_digest()}-"
                                   f"{__version__}.lbug")
        self.digest = self.file.with_name(self.file.name + ".sha256")

    def copy_to(self, staging: Path) -> bool:
        import hashlib

        try:
            expected = self.digest.read_text().strip()
            data = self.file.read_bytes()
        except OSError:
            return False
        if hashlib.sha256(data).hexdigest() != expected:
            return False
        staging.write_bytes(data)  # the bytes checked, whatever replaced the file since
        return True

    def keep(self, built: Path) -> None:
        import hashlib

        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            data = built.read_bytes()
            temporary = self.file.with_name(f".{self.file.name}.{os.getpid()}")
            temporary.write_bytes(data)
            os.replace(temporary, self.file)
            temporary.write_text(hashlib.sha256(data).hexdigest())
            os.replace(temporary, self.digest)
            kept = sorted(self.folder.glob("seed-*.lbug"), key=lambda f: f.stat().st_mtime)
            for old in kept[:-self.KEPT]:
                old.unlink(missing_ok=True)
                old.with_name(old.name + ".sha256").unlink(missing_ok=True)
        except OSError:
            pass  # a cache that cannot be written only costs the next build its time


@contextmanager
def _replaced_when_complete(path: Path, staging: Path, doing: str):
    """Work on ``staging``; rename it over ``path`` on success, delete it on any failure."""
    try:
        yield
    except (RuntimeError, StoreError) as err:
        _discard(staging)
        kind = type(err) if isinstance(err, StoreError) else StoreError
        raise kind(f"{doing} {path} failed: {str(err).splitlines()[0]}") from None
    except BaseException:
        _discard(staging)
        raise
    _fault_point("before-rename")
    _wal(path).unlink(missing_ok=True)
    os.replace(staging, path)


def _copy_paths(files: Sequence[Path]) -> str:
    """The files as a COPY list; COPY takes them only as literals, so quotes are refused."""
    paths = [str(Path(f).resolve()) for f in files]
    if any("'" in p or "\\" in p for p in paths):
        raise StoreError("a workspace path contains a quote or backslash; choose "
                         "another --workspace")
    return ", ".join(f"'{p}'" for p in paths)


def _parquet_rows(path: Path) -> int:
    import pyarrow.parquet as pq

    return pq.ParquetFile(str(path)).metadata.num_rows


def _write_meta(conn, dataset: Dataset, datasets: Sequence[str] = (),
                migration_tables: Mapping[str, str] | None = None) -> None:
    meta = {
        "intelmig_version": __version__,
        "fingerprint": dataset.fingerprint(),
        "built_at": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        "counts": dataset.counts(),
        "datasets": sorted(datasets),
        "migration_tables": dict(sorted((migration_tables or {}).items())),
        "schema": schema_digest(),
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
    """Run an ``UNWIND $rows`` statement over ``rows`` in batches of BATCH_SIZE.

    For the few rows of a build (seed nodes, Country and Source nodes of datasets);
    imported datasets go in by COPY.

    Examples
    --------
    >>> import ladybug, tempfile
    >>> conn = ladybug.Connection(ladybug.Database(tempfile.mkdtemp() + "/x.lbug"))
    >>> _ = conn.execute("CREATE NODE TABLE T(id STRING, PRIMARY KEY(id))")
    >>> done = []
    >>> write_batches(conn, "UNWIND $rows AS r CREATE (:T {id: r.id})",
    ...               [{"id": str(i)} for i in range(3)], done.append)
    >>> done, conn.execute("MATCH (t:T) RETURN count(t)").get_all()
    ([3], [[3]])
    """
    for start in range(0, len(rows), BATCH_SIZE):
        batch = rows[start:start + BATCH_SIZE]
        conn.execute(statement, {"rows": batch})
        if progress is not None:
            progress(len(batch))


def rebuild_database(path: Path, seed: Dataset, folders: Sequence[Path] = (),
                     progress: Callable[[int], None] | None = None) -> None:
    """Make the database at ``path`` hold exactly ``seed`` plus the datasets in ``folders``.

    Built whole into a staging file and renamed into place (see :func:`build_database`):
    the imported Country nodes the seed lacks and the Source nodes of the datasets by
    ``UNWIND`` batches, each dataset's other nodes and relationships by ``COPY``, then
    every dataset's MIGRATED_TO file in one bulk ``COPY``.

    Examples
    --------
    >>> import tempfile
    >>> from intelmig.dataset import Dataset
    >>> from intelmig.importers import import_dataset
    >>> from intelmig.workspace import Workspace
    >>> tmp = Path(tempfile.mkdtemp())
    >>> _ = (tmp / "m.csv").write_text("from,to,n\\nKAZ,RUS,7\\n")
    >>> ws = Workspace(tmp / "ws")
    >>> _ = import_dataset("csv", tmp / "m.csv", target=None, workspace=ws,
    ...                    options={"from": "from", "to": "to", "value": "n"})
    >>> rebuild_database(tmp / "db.lbug", Dataset(), ws.folders())
    >>> with EmbeddedStore(tmp / "db.lbug") as store:
    ...     store.run("MATCH (a)-[r:MIGRATED_TO]->(b) RETURN a.id, b.id, r.value").rows
    [['KAZ', 'RUS', 7.0]]
    """
    path = Path(path)
    with build_lock(path):
        _build_whole(path, seed, [DatasetFolder.read(folder) for folder in folders], progress)


def add_datasets(path: Path, seed: Dataset, held: Sequence[Path], new: Sequence[Path],
                 progress: Callable[[int], None] | None = None) -> None:
    """Add the datasets in ``new`` to the database at ``path``, which holds ``seed`` + ``held``.

    The other datasets are not read again: the file is copied to a staging file, the new
    rows go in (their Country and Source nodes by ``UNWIND``, the rest by ``COPY``), and the
    copy is renamed over the original only when complete, so a crash at any point leaves
    the previous database. Each new dataset's MIGRATED_TO rows go into a table of their
    own, so the cost does not grow with what the other datasets hold, apart from
    copying the file (benchmarks/README.md). When the build record does not say the
    database holds exactly
    ``seed`` + ``held`` (another seed, a dataset imported into Neo4j only, a file from an
    older version), the database is rebuilt whole.

    Examples
    --------
    >>> import tempfile
    >>> from intelmig.dataset import Dataset
    >>> from intelmig.importers import import_dataset
    >>> from intelmig.workspace import Workspace
    >>> tmp = Path(tempfile.mkdtemp())
    >>> ws = Workspace(tmp / "ws")
    >>> for name, row in (("a.csv", "KAZ,RUS,7"), ("b.csv", "UZB,KAZ,3")):
    ...     _ = (tmp / name).write_text("from,to,n\\n" + row + "\\n")
    ...     _ = import_dataset("csv", tmp / name, target=None, workspace=ws,
    ...                        options={"from": "from", "to": "to", "value": "n"})
    >>> first, second = ws.folders()
    >>> rebuild_database(tmp / "db.lbug", Dataset(), [first])
    >>> add_datasets(tmp / "db.lbug", Dataset(), [first], [second])
    >>> EmbeddedStore(tmp / "db.lbug").meta["datasets"]
    ['csv-a', 'csv-b']
    """
    path = Path(path)
    kept = [DatasetFolder.read(folder) for folder in held]
    added = [DatasetFolder.read(folder) for folder in new]
    def work(conn, tables: dict) -> dict:
        _dataset_loader(added, progress)(conn)
        _copy_dataset_migrations(conn, tables, _migration_files(added), progress)
        return tables

    with build_lock(path):
        if not _edit_copy(path, seed, [d.id for d in kept], work, [d.id for d in kept + added]):
            _build_whole(path, seed, kept + added, progress)


def remove_datasets(path: Path, seed: Dataset, held: Sequence[Path],
                    removed_folders: Sequence[Path],
                    progress: Callable[[int], None] | None = None) -> None:
    """Remove the datasets in ``removed_folders`` from the database at ``path``.

    The database holds ``seed`` + ``held`` + the removed ones; ``held`` are the folders of
    the datasets that stay. Atomic like :func:`add_datasets`; a removed dataset's own
    MIGRATED_TO table is dropped, its rows in shared tables are found by a scan of the
    tables it wrote, instead of a rebuild.

    Examples
    --------
    >>> import tempfile
    >>> from intelmig.dataset import Dataset
    >>> from intelmig.importers import import_dataset
    >>> from intelmig.workspace import Workspace
    >>> tmp = Path(tempfile.mkdtemp())
    >>> ws = Workspace(tmp / "ws")
    >>> for name, row in (("a.csv", "KAZ,RUS,7"), ("b.csv", "UZB,KAZ,3")):
    ...     _ = (tmp / name).write_text("from,to,n\\n" + row + "\\n")
    ...     _ = import_dataset("csv", tmp / name, target=None, workspace=ws,
    ...                        options={"from": "from", "to": "to", "value": "n"})
    >>> first, second = ws.folders()
    >>> rebuild_database(tmp / "db.lbug", Dataset(), [first, second])
    >>> remove_datasets(tmp / "db.lbug", Dataset(), [first], [second])
    >>> with EmbeddedStore(tmp / "db.lbug") as store:
    ...     store.meta["datasets"], store.run("MATCH ()-[r:MIGRATED_TO]->() "
    ...                                       "RETURN r.dataset").rows
    (['csv-a'], [['csv-a']])
    """
    path = Path(path)
    kept = [DatasetFolder.read(folder) for folder in held]
    removed = [DatasetFolder.read(folder) for folder in removed_folders]
    needed = {n.id for n in seed.nodes if n.label == "Country"} | {
        c for d in kept for c in d.countries}

    def work(conn, tables: dict) -> dict:
        for dataset in removed:
            if dataset.id in tables:
                conn.execute(f"DROP TABLE {tables.pop(dataset.id)}")
            # Only the shared tables the dataset wrote (its manifest lists them): a
            # scan of every relationship table made removal cost the workspace.
            for rel_type in sorted({rel_type for rel_type, *_ in dataset.rels}):
                conn.execute(f"MATCH ()-[r:{rel_type}]->() WHERE r.dataset = $id DELETE r",
                             {"id": dataset.id})
            conn.execute("MATCH (n:Source {id: $id}) DETACH DELETE n", {"id": dataset.id})
        conn.execute("MATCH (c:Country) WHERE NOT c.id IN $needed DETACH DELETE c",
                     {"needed": sorted(needed)})
        return tables

    with build_lock(path):
        # A node a removed dataset wrote may be shared with a kept one (one person in two
        # files): only a rebuild gives it back to the dataset that keeps it.
        if any(d.nodes for d in removed) or not _edit_copy(
                path, seed, [d.id for d in kept + removed], work, [d.id for d in kept]):
            _build_whole(path, seed, kept, progress)


def _build_whole(path: Path, seed: Dataset, datasets: list[DatasetFolder], progress) -> None:
    """Build the database from ``seed`` + ``datasets`` (the caller holds the build lock)."""
    _build_unlocked(path, seed, _dataset_loader(datasets, progress) if datasets else None,
                    _migration_files(datasets), progress, [d.id for d in datasets])


def _migration_files(datasets: Sequence[DatasetFolder]) -> dict[str, Path]:
    return {d.id: d.migrations for d in datasets if d.migrations is not None}


class _NotHeld(Exception):
    """The database is not the one an edit expects: it is built whole instead."""


def _edit_copy(path: Path, seed: Dataset, held: Sequence[str], work: Callable,
               dataset_ids: Sequence[str]) -> bool:
    """Copy the database, run ``work`` on the copy, rename it over the original.

    Only when the copy's build record says it is ``seed`` + exactly the datasets ``held``
    (read from the copy, so the file is opened once); otherwise nothing changes and the
    answer is False. ``work(connection, tables)`` gets the dataset-to-MIGRATED_TO-table
    map of the record and returns that of the edited database.
    """
    import shutil

    if not path.exists() or _wal(path).exists():
        return False
    lb = _ladybug()
    staging = path.with_name(f".{path.name}.building-{os.getpid()}")
    try:
        with _replaced_when_complete(path, staging, "updating"):
            shutil.copyfile(path, staging)
            try:
                db = lb.Database(str(staging))
            except RuntimeError:
                raise _NotHeld from None
            try:
                conn = lb.Connection(db)
                meta = _build_record(conn)
                if not (meta and meta.get("fingerprint") == seed.fingerprint()
                        and meta.get("datasets") == sorted(held)
                        and meta.get("intelmig_version") == __version__
                        and meta.get("schema") == schema_digest()):
                    raise _NotHeld
                tables = work(conn, dict(meta.get("migration_tables", {})))
                _write_meta(conn, seed, dataset_ids, tables)
                conn.close()
            finally:
                db.close()
    except _NotHeld:
        return False
    return True


def _dataset_loader(datasets: list[DatasetFolder], progress) -> Callable:
    from ..importers.countries import country_node

    def load(conn) -> None:
        existing = _ids(conn, "Country")
        needed = sorted({c for d in datasets for c in d.countries} - existing)
        write_batches(conn, node_load_statement("Country"),
                      [complete_row("Country", country_node(c)) for c in needed], progress)
        clash = [d.id for d in datasets if d.id in _ids(conn, "Source")]
        if clash:
            raise ImportInvalid(f"dataset id {clash[0]!r} is already the id of a seed Source; "
                                f"import again with another --dataset-id", type="id-clash")
        write_batches(conn, node_load_statement("Source"),
                      [complete_row("Source", source_node(d.manifest)) for d in datasets],
                      progress)
        written: dict[str, set[str]] = {}
        for dataset in datasets:
            for label, path in dataset.nodes:
                # A node another dataset (or the seed) already holds is the same node: a
                # person id shared by two files is one person, with the first one's props.
                if label not in written:
                    written[label] = _ids(conn, label)
                _copy_nodes(conn, label, path, written[label], progress)
            for rel_type, from_label, to_label, path in dataset.rels:
                conn.execute(f"COPY {rel_type} FROM [{_copy_paths([path])}] "
                             f"(from='{from_label}', to='{to_label}')")
                if progress is not None:
                    progress(_parquet_rows(path))

    return load


def _copy_nodes(conn, label: str, path: Path, seen: set[str], progress) -> None:
    """Bulk-load the nodes of a staged file that ``seen`` lacks, with their ``name``.

    COPY, not ``UNWIND`` batches: 44,430 Estimate nodes of an MPIDR country table took
    about 100 s by ``UNWIND`` (LadybugDB type-checks every parameter value), well under
    a second by COPY.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    from ..importers.sink import node_schema
    from ..schema import display_names

    schema = node_schema(label)
    table = pq.read_table(str(path))
    table = table.select([n for n in schema.names if n in table.column_names])
    for name in schema.names:
        if name not in table.column_names:
            table = table.append_column(name, pa.nulls(table.num_rows, schema.field(name).type))
    first, fresh = set(), []
    for position, node_id in enumerate(table.column("id").to_pylist()):
        if node_id not in seen and node_id not in first:
            first.add(node_id)
            fresh.append(position)
    if not fresh:
        return
    table = table.take(pa.array(fresh, pa.int64()))
    table = table.set_column(schema.names.index("name"), "name", display_names(table))
    table = table.select(schema.names)
    with tempfile.TemporaryDirectory(prefix="intelmig-copy-") as scratch_dir:
        scratch = Path(scratch_dir) / f"{label}.parquet"
        pq.write_table(table.cast(schema), scratch)
        conn.execute(f"COPY {label} FROM [{_copy_paths([scratch])}]")
    seen.update(first)
    if progress is not None:
        progress(len(fresh))


def _ids(conn, label: str) -> set[str]:
    return {row[0] for row in conn.execute(f"MATCH (n:{label}) RETURN n.id").get_all()}
