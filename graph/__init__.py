"""intelmig: a citeable graph database of intellectual migration.

Examples
--------
>>> import intelmig
>>> intelmig.StoreTarget("embedded", "/tmp/none.lbug").describe()
'/tmp/none.lbug'
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["StoreTarget", "__version__", "connect"]


def connect(path=None, *, uri: str | None = None, user: str = "neo4j",
            password: str | None = None, database: str = "neo4j", write: bool = False):
    """Open an intelmig store: the embedded file at ``path``, or Neo4j when ``uri`` is given.

    Parameters
    ----------
    path : path-like, optional
        Embedded LadybugDB file; default ``$INTELMIG_DB``, else
        ``~/.local/share/intelmig/intelmig.lbug``.
    uri, user, password, database : str, optional
        A Neo4j server (``bolt://``, ``neo4j://``, ``+s``/``+ssc`` forms).
    write : bool
        Open the embedded file for writing (readers cannot change it).

    Returns
    -------
    Store
        :class:`~intelmig.stores.embedded.EmbeddedStore` or
        :class:`~intelmig.stores.neo4j.Neo4jStore`; a context manager.

    Raises
    ------
    StoreMissing
        No database at ``path`` yet (build it with ``intelmig seed``).
    StoreDamaged
        The file is not a complete intelmig database; rebuild it.
    StoreUnavailable
        The Neo4j server cannot be reached or refuses the credentials.

    Examples
    --------
    >>> import intelmig
    >>> intelmig.connect("/nonexistent/intelmig.lbug")
    Traceback (most recent call last):
    ...
    intelmig.errors.StoreMissing: no database at /nonexistent/intelmig.lbug; create it with `intelmig seed`
    """
    from .stores.target import StoreTarget

    kind = "neo4j" if uri else "embedded"
    return StoreTarget(kind, path, uri, user, password, database).open(write=write)


def __getattr__(name: str):
    # Imported on first use so that `import intelmig` (and the CLI's --help) stays fast.
    if name == "StoreTarget":
        from .stores.target import StoreTarget

        return StoreTarget
    raise AttributeError(f"module 'intelmig' has no attribute {name!r}")
