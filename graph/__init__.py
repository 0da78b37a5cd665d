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
    Dataset ``un``: in 2019 Kazakhstan sends 30 to Russia and 5 to Germany, Russia
    10 to Kazakhstan:

    >>> import pathlib, tempfile
    >>> import intelmig
    >>> from intelmig.dataset import Dataset
    >>> from intelmig.stores.embedded import build_database
    >>> ds = Dataset()
    >>> for code in ("KAZ", "RUS", "DEU"):
    ...     ds.add_node("Country", {"id": code, "name_en": code})
    >>> for source, target, people in (("KAZ", "RUS", 30.0), ("RUS", "KAZ", 10.0),
    ...                                ("KAZ", "DEU", 5.0)):
    ...     ds.add_rel("MIGRATED_TO", "Country", source, "Country", target,
    ...                {"measure": "flow", "dataset": "un", "year": 2019, "value": people})
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "notebook.lbug"
    >>> build_database(path, ds)
    >>> with intelmig.connect(path) as db:
    ...     table = intelmig.hubs(db, year=2019)
    >>> table.about
    {'dataset': 'un', 'measure': 'flow', 'slice': 'year 2019'}
    >>> for r in table.to_records():
    ...     print(r["role"], r["rank"], r["place"], r["low"])
    recipient 1 RUS 30.0
    recipient 2 KAZ 10.0
    recipient 3 DEU 5.0
    donor 1 KAZ 35.0
    donor 2 RUS 10.0
    >>> table.to_df()[["role", "place", "net_low"]].head(2)
            role place  net_low
    0  recipient   RUS     20.0
    1  recipient   KAZ    -25.0
    """
    from .analytics import HubRow
    from .analytics import hubs as compute

    return _table(HubRow, *compute(db, **slice_and_options))


def corridors(db, **slice_and_options):
    """The corridors of one slice (both directions, net, gross, effectiveness) as a table.

    Parameters
    ----------
    db : Store
        From :func:`connect`.
    **slice_and_options
        Those of :func:`intelmig.analytics.corridors`: ``era``, ``year``,
        ``year_from``, ``year_to``, ``level``, ``measure``, ``top``, ``dataset``, ...

    Returns
    -------
    Result
        One row per corridor, largest first, with the columns of
        :class:`intelmig.analytics.CorridorRow` (volumes in people as ``low``/``high``
        bounds, the reverse corridor, net, gross, effectiveness and circulation
        indices); ``.to_records()``, ``.to_df()``, and ``.about``.

    Raises
    ------
    AmbiguousSource
        Several datasets could answer the slice and none was named (``dataset=``).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import intelmig
    >>> from intelmig.dataset import Dataset
    >>> from intelmig.stores.embedded import build_database
    >>> ds = Dataset()
    >>> for code in ("KAZ", "RUS"):
    ...     ds.add_node("Country", {"id": code, "name_en": code})
    >>> for source, target, people in (("KAZ", "RUS", 30.0), ("RUS", "KAZ", 10.0)):
    ...     ds.add_rel("MIGRATED_TO", "Country", source, "Country", target,
    ...                {"measure": "flow", "dataset": "un", "year": 2019, "value": people})
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "notebook.lbug"
    >>> build_database(path, ds)
    >>> with intelmig.connect(path) as db:
    ...     table = intelmig.corridors(db, year=2019)
    ...     nothing = intelmig.corridors(db, year=2018)
    >>> [(r["source"], r["target"], r["low"], r["reverse_low"], r["circulation_low"])
    ...  for r in table.to_records()]
    [('KAZ', 'RUS', 30.0, 10.0, 0.5), ('RUS', 'KAZ', 10.0, 30.0, 0.5)]
    >>> len(nothing), nothing.about
    (0, {'dataset': '', 'measure': 'flow', 'slice': 'year 2018'})
    """
    from .analytics import CorridorRow
    from .analytics import corridors as compute

    return _table(CorridorRow, *compute(db, **slice_and_options))


def _table(row_type, graph, rows):
    import dataclasses

    from .stores.base import Result

    # The graph names dataset, measure and slice even when the slice holds no rows.
    columns = [f.name for f in dataclasses.fields(row_type)]
    return Result(columns, [[getattr(row, c) for c in columns] for row in rows],
                  about=graph.header)


def __getattr__(name: str):
    # Imported on first use so that `import intelmig` (and the CLI's --help) stays fast.
    if name == "StoreTarget":
        from .stores.target import StoreTarget

        return StoreTarget
    raise AttributeError(f"module 'intelmig' has no attribute {name!r}")
