"""Loading normalised datasets into a store: LadybugDB ``COPY`` and Neo4j ``UNWIND`` batches.

The embedded store is built whole (seed plus every dataset) into a staging file by
:func:`intelmig.stores.embedded.build_database`: :func:`embedded_loader` adds the
Country nodes the datasets need and the seed lacks (COPY looks endpoints up by
primary key), their Source nodes and other rows; the MIGRATED_TO files listed by
:func:`migration_files` then go in with one bulk ``COPY``.

Neo4j has no file access to the workspace, so :func:`load_migrations` streams the
same Parquet rows in ``UNWIND $rows`` batches of 10,000, one managed write
transaction each.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path

from ..errors import ImportInvalid
from ..schema import LABELS, RELATIONSHIPS, display_name
from ..stores.base import BATCH_SIZE
from .countries import country_node
from .table import MIGRATION_FILE

__all__ = [
    "NEO4J_BATCH",
    "embedded_loader",
    "load_into_neo4j",
    "load_migrations",
    "migration_files",
    "read_manifest",
    "source_node",
]

NEO4J_BATCH = 10_000


def read_manifest(folder: Path) -> dict:
    return json.loads((Path(folder) / "manifest.json").read_text(encoding="utf-8"))


def source_node(manifest: dict) -> dict:
    """The Source node (source_type dataset) of an imported dataset; its id is the dataset id."""
    return {"id": manifest["id"], "kind": "Source", "source_type": "dataset",
            "name_en": manifest.get("title"), "title": manifest.get("title"),
            "citation": manifest.get("citation"), "license": manifest.get("license"),
            "url": manifest.get("url"), "dataset": manifest["id"]}


def _files(folder: Path, manifest: dict) -> tuple[list, list, Path | None]:
    nodes, rels, migrations = [], [], None
    for name in manifest.get("files", []):
        parts = name.split(".")
        if name == MIGRATION_FILE:
            migrations = folder / name
        elif parts[0] == "nodes":
            nodes.append((parts[1], folder / name))
        elif parts[0] == "rels":
            rels.append((parts[1], parts[2], parts[3], folder / name))
    return nodes, rels, migrations


def _parquet_rows(path: Path, batch_size: int) -> Iterable[list[dict]]:
    import pyarrow.parquet as pq

    for batch in pq.ParquetFile(str(path)).iter_batches(batch_size=batch_size):
        yield batch.to_pylist()


def embedded_loader(folders: list[Path], progress: Callable[[int], None] | None = None
                    ) -> Callable:
    """A ``build_database(extra=...)`` callable that bulk-loads the datasets in ``folders``."""
    from ..stores.embedded import node_load_statement, rel_load_statement, write_batches

    def load(conn) -> None:
        manifests = [(Path(folder), read_manifest(folder)) for folder in folders]
        existing = _ids(conn, "Country")
        needed = sorted({c for _, m in manifests for c in m.get("countries", [])} - existing)
        write_batches(conn, node_load_statement("Country"),
                [_complete("Country", country_node(c)) for c in needed], progress)
        sources = _ids(conn, "Source")
        clash = [m["id"] for _, m in manifests if m["id"] in sources]
        if clash:
            raise ImportInvalid(f"dataset id {clash[0]!r} is already the id of a seed Source; "
                                f"import again with another --dataset-id")
        write_batches(conn, node_load_statement("Source"),
                [_complete("Source", source_node(m)) for _, m in manifests], progress)
        for folder, manifest in manifests:
            nodes, rels, _migrations = _files(folder, manifest)
            for label, path in nodes:
                for rows in _parquet_rows(path, BATCH_SIZE):
                    write_batches(conn, node_load_statement(label), _named(rows), progress)
            for rel_type, from_label, to_label, path in rels:
                statement = rel_load_statement(rel_type, from_label, to_label)
                for rows in _parquet_rows(path, BATCH_SIZE):
                    write_batches(conn, statement, [_endpoints(r) for r in rows], progress)

    return load


def migration_files(folders: list[Path]) -> list[Path]:
    """The MIGRATED_TO Parquet files of the datasets in ``folders``, for one bulk COPY."""
    files = []
    for folder in folders:
        _nodes, _rels, migrations = _files(Path(folder), read_manifest(folder))
        if migrations is not None:
            files.append(migrations)
    return files


def _ids(conn, label: str) -> set[str]:
    result = conn.execute(f"MATCH (n:{label}) RETURN n.id")
    ids = set()
    while result.has_next():
        ids.add(result.get_next()[0])
    return ids


def _complete(label: str, props: dict) -> dict:
    return {name: props.get(name) for name in LABELS[label].prop_names} | {
        "name": display_name(props)}


def _named(rows: list[dict]) -> list[dict]:
    """Staged node rows with their ``name`` (derived here, so older stagings get one too)."""
    return [row | {"name": display_name(row)} for row in rows]


def _endpoints(row: dict) -> dict:
    row = dict(row)
    row["from_id"] = row.pop("from")
    row["to_id"] = row.pop("to")
    return row


# -- Neo4j ----------------------------------------------------------------------------

# Imported nodes carry the same ownership label as seeded ones, so that only intelmig's
# own nodes are ever replaced or deleted in a shared database.
OWNER_LABEL = "IntelmigNode"


def _merge_node_statement(label: str) -> str:
    return f"UNWIND $rows AS r MERGE (n:{label} {{id: r.id}}) SET n += r, n:{OWNER_LABEL}"


def _neo4j_rel_statement(rel_type: str, from_label: str, to_label: str) -> str:
    return (f"UNWIND $rows AS r MATCH (a:{from_label} {{id: r.from}}), (b:{to_label} "
            f"{{id: r.to}}) CREATE (a)-[x:{rel_type}]->(b) SET x = r.props")


def _write(store, statement: str, rows: list[dict], **params) -> None:
    """One managed write transaction (retried by the driver on transient errors)."""
    driver = getattr(store, "driver", None) or getattr(store, "_driver", None)
    if driver is None:
        store.run(statement, {"rows": rows, **params}, write=True)
        return
    database = getattr(store, "database", None)
    with driver.session(database=database) as session:
        session.execute_write(lambda tx: tx.run(statement, rows=rows, **params).consume())


def _migration_statement(columns: tuple[str, ...]) -> str:
    # Explicit properties, not `SET x = map`: rows go over the wire flat, as pyarrow gives
    # them, and only the columns that hold a value in the batch (Neo4j stores no nulls).
    props = ", ".join(f"{p}: r.{p}" for p in RELATIONSHIPS["MIGRATED_TO"].prop_names
                      if p in columns)
    return ("UNWIND $rows AS r MATCH (a:Country {id: r.from}) MATCH (b:Country {id: r.to}) "
            f"CREATE (a)-[:MIGRATED_TO {{{props}}}]->(b)")


def load_migrations(store, table, *, batch_size: int = NEO4J_BATCH,
                    progress: Callable[[int], None] | None = None) -> int:
    """Create MIGRATED_TO edges in Neo4j from an Arrow table or Parquet file in COPY layout.

    Rows go in ``UNWIND $rows`` batches of ``batch_size`` through one session, one
    managed (retried) write transaction each. Returns the number of edges written.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    if isinstance(table, (str, Path)):
        batches = pq.ParquetFile(str(table)).iter_batches(batch_size=batch_size)
    else:
        batches = (table if isinstance(table, pa.Table) else pa.table(table)).to_batches(
            max_chunksize=batch_size)
    written = 0
    with store._driver.session(database=store.database) as session:
        for batch in batches:
            columns = tuple(name for name, column in zip(batch.schema.names, batch.columns)
                            if column.null_count < batch.num_rows)
            statement = _migration_statement(columns)
            rows = batch.select(list(columns)).to_pylist()
            session.execute_write(lambda tx, s=statement, r=rows: tx.run(s, rows=r).consume())
            written += len(rows)
            if progress is not None:
                progress(len(rows))
    return written


def delete_dataset_neo4j(store, dataset_id: str) -> None:
    """Remove everything a dataset added to Neo4j (its edges, nodes and Source)."""
    for rel_type in RELATIONSHIPS:
        store.run(f"MATCH ()-[r:{rel_type}]->() WHERE r.dataset = $id DELETE r",
                  {"id": dataset_id}, write=True)
    for label in LABELS:
        if label != "Country":
            store.run(f"MATCH (n:{label}:{OWNER_LABEL}) WHERE n.dataset = $id DETACH DELETE n",
                      {"id": dataset_id}, write=True)
    # A country the dataset created goes too, unless something else still uses it.
    store.run(f"MATCH (n:Country:{OWNER_LABEL}) WHERE n.created_by = $id AND NOT (n)--() "
              "DELETE n", {"id": dataset_id}, write=True)


def load_into_neo4j(store, folders: list[Path],
                    progress: Callable[[int], None] | None = None) -> None:
    """Add the datasets in ``folders`` to a Neo4j graph; on failure remove what was added."""
    done = []
    try:
        for folder in folders:
            folder = Path(folder)
            manifest = read_manifest(folder)
            done.append(manifest["id"])
            # Until end_import, readers are refused: a load killed halfway (process or
            # server) leaves the mark, and the next command says to rebuild.
            store.begin_import(manifest["id"])
            delete_dataset_neo4j(store, manifest["id"])
            countries = [_complete("Country", country_node(c))
                         for c in manifest.get("countries", [])]
            for start in range(0, len(countries), NEO4J_BATCH):
                _write(store, "UNWIND $rows AS r MERGE (n:Country {id: r.id}) "
                              f"ON CREATE SET n += r, n:{OWNER_LABEL}, n.created_by = $dataset",
                       _strip(countries[start:start + NEO4J_BATCH]),
                       dataset=manifest["id"])
            _write(store, _merge_node_statement("Source"),
                   _strip([_complete("Source", source_node(manifest))]))
            nodes, rels, migrations = _files(folder, manifest)
            for label, path in nodes:
                for rows in _parquet_rows(path, NEO4J_BATCH):
                    _write(store, _merge_node_statement(label), _strip(_named(rows)))
            for rel_type, from_label, to_label, path in rels:
                statement = _neo4j_rel_statement(rel_type, from_label, to_label)
                for rows in _parquet_rows(path, NEO4J_BATCH):
                    _write(store, statement, [
                        {"from": r.pop("from"), "to": r.pop("to"),
                         "props": {k: v for k, v in r.items() if v is not None}}
                        for r in rows])
            if migrations is not None:
                load_migrations(store, migrations, progress=progress)
    except BaseException:
        for dataset_id in done:
            delete_dataset_neo4j(store, dataset_id)
            store.end_import(dataset_id)
        raise
    for dataset_id in done:
        store.end_import(dataset_id)


def _strip(rows: list[dict]) -> list[dict]:
    return [{k: v for k, v in row.items() if v is not None} for row in rows]
