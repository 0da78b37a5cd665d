"""Where a store is, opened on demand: the settings every command and ``connect`` share.

A :class:`StoreTarget` names an embedded database file or a Neo4j server without
opening it (so ``--help`` stays fast and a missing database can still be built), and
knows how each backend is (re)built from the seed plus the workspace's datasets:
the embedded file whole and atomically, Neo4j incrementally with an import mark.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import StoreConfigError

__all__ = ["StoreTarget"]

Progress = Callable[[int], None] | None


@dataclass(frozen=True)
class StoreTarget:
    """An embedded database file or a Neo4j database, not yet opened.

    Parameters
    ----------
    kind : {"embedded", "neo4j"}
    db_path : path-like, optional
        Embedded file; default :func:`~intelmig.stores.embedded.default_db_path`.
    uri, user, password, database : str, optional
        Neo4j connection settings; ``uri`` and ``password`` are required for Neo4j.

    Raises
    ------
    StoreConfigError
        An unknown kind, or Neo4j without a URI or password (when opened).

    Examples
    --------
    >>> StoreTarget("embedded", "/tmp/x.lbug").describe()
    '/tmp/x.lbug'
    >>> StoreTarget("neo4j", uri="bolt://127.0.0.1:7687").describe()
    'Neo4j bolt://127.0.0.1:7687 database neo4j'
    """

    kind: str = "embedded"
    db_path: str | os.PathLike | None = None
    uri: str | None = None
    user: str = "neo4j"
    password: str | None = None
    database: str = "neo4j"

    def __post_init__(self):
        if self.kind not in ("embedded", "neo4j"):
            raise StoreConfigError(f"unknown store {self.kind!r}; use 'embedded' or 'neo4j'")

    def __repr__(self) -> str:
        return f"<StoreTarget {self.describe()}>"

    def describe(self) -> str:
        """Where the store is, for messages (never the password)."""
        if self.kind == "neo4j":
            from .neo4j import redact_uri

            return f"Neo4j {redact_uri(self.uri or '')} database {self.database}"
        return str(self.path)

    @property
    def path(self) -> Path:
        """The embedded database file (absolute)."""
        from .embedded import default_db_path

        return default_db_path() if not self.db_path else Path(os.path.abspath(self.db_path))

    def open(self, *, write: bool = False):
        """The open :class:`~intelmig.stores.base.Store` (a context manager)."""
        if self.kind == "neo4j":
            from .neo4j import Neo4jStore

            if not self.uri:
                raise StoreConfigError("--store neo4j needs --uri or NEO4J_URI")
            if self.password is None:
                raise StoreConfigError("Neo4j password missing: set NEO4J_PASSWORD or "
                                       "pass --password")
            return Neo4jStore(self.uri, self.user, self.password, self.database)
        from .embedded import EmbeddedStore

        return EmbeddedStore(self.path, write=write)

    def rebuild(self, seed=None, folders: Sequence[Path] = (), progress: Progress = None
                ) -> None:
        """Make the store hold exactly the ``seed`` Dataset plus the datasets in ``folders``.

        ``seed`` is a validated seed :class:`~intelmig.dataset.Dataset`; the packaged seed
        when None.
        """
        seed = seed or _packaged_seed()
        if self.kind == "neo4j":
            with self.open(write=True) as store:
                store.replace_graph(seed, progress=progress)
                store.load_datasets(folders, progress)
            return
        from .embedded import rebuild_database

        rebuild_database(self.path, seed, folders, progress)

    def add_dataset(self, seed, folders: Sequence[Path], new: Path,
                    progress: Progress = None) -> None:
        """Add the dataset folder ``new``; ``folders`` are the datasets already published.

        Embedded: the new rows go into a copy of the database (see
        :func:`~intelmig.stores.embedded.add_datasets`); Neo4j: in batches, marked as under
        way until complete.
        """
        if self.kind == "neo4j":
            with self.open(write=True) as store:
                store.load_datasets([new], progress)
            return
        from .embedded import add_datasets

        add_datasets(self.path, seed or _packaged_seed(), folders, [new], progress)

    def remove_dataset(self, seed, folder: Path, remaining: Sequence[Path],
                       progress: Progress = None) -> None:
        """Remove the dataset of workspace ``folder``; ``remaining`` are the others' folders."""
        if self.kind == "neo4j":
            from .datasets import DatasetFolder

            with self.open(write=True) as store:
                store.remove_dataset(DatasetFolder.read(folder).id)
            return
        from .embedded import remove_datasets

        remove_datasets(self.path, seed or _packaged_seed(), remaining, [folder], progress)


def _packaged_seed():
    from ..seed import load_seed

    return load_seed()
