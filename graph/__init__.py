"""intelmig: a citeable graph database of intellectual migration.

Examples
--------
>>> import intelmig
>>> intelmig.StoreTarget("embedded", "/tmp/none.lbug").describe()
'/tmp/none.lbug'
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["StoreTarget", "__version__", "connect", "corridors", "hubs"]


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


def hubs(db, **slice_and_options):
    """Donor and recipient hubs of one slice, as a table a notebook can use.

    Parameters
    ----------
    db : Store
        From :func:`connect`.
    **slice_and_options
        Those of :func:`intelmig.analytics.hubs`: ``era``, ``year``, ``year_from``,
        ``year_to``, ``level``, ``measure``, ``top``, ``dataset``, ``regions``, ...

    Returns
    -------
    Result
        One row per place and role (columns of :class:`intelmig.analytics.HubRow`:
        volumes in people as ``low``/``high`` bounds, ranks, indices and rates as
        fractions); ``.to_records()``, ``.to_df()`` (pandas), and ``.about`` naming the
        dataset, measure and slice.

    Raises
    ------
    AmbiguousSource
        Several datasets could answer the slice and none was named (``dataset=``).

    Examples
    --------
    >>> import intelmig
    >>> with intelmig.connect(seeded_db_path) as db:                # doctest: +SKIP
    ...     table = intelmig.hubs(db, era="stage1")
    >>> [(r["role"], r["place"]) for r in table.to_records()]       # doctest: +SKIP
    [('recipient', 'USA'), ('donor', 'DEU')]
    """
    from .analytics import hubs as compute

    return _table(compute(db, **slice_and_options)[1])


def corridors(db, **slice_and_options):
    """The corridors of one slice (both directions, net, gross, effectiveness) as a table.

    Parameters and result as :func:`hubs`, with the columns of
    :class:`intelmig.analytics.CorridorRow`.
    """
    from .analytics import corridors as compute

    return _table(compute(db, **slice_and_options)[1])


def _table(rows):
    import dataclasses

    from .stores.base import Result

    if not rows:
        return Result([], [])
    columns = [f.name for f in dataclasses.fields(rows[0])]
    first = rows[0]
    return Result(columns, [[getattr(row, c) for c in columns] for row in rows],
                  about={"dataset": first.dataset, "measure": first.measure,
                         "slice": first.slice})


def __getattr__(name: str):
    # Imported on first use so that `import intelmig` (and the CLI's --help) stays fast.
    if name == "StoreTarget":
        from .stores.target import StoreTarget

        return StoreTarget
    raise AttributeError(f"module 'intelmig' has no attribute {name!r}")
