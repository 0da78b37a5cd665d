"""The era overview: the top recipient and donor hubs of every era that has moves.

What ``intelmig hubs`` prints with no slice, as a library call: one :func:`hubs` answer
per era (each from one source and one measure, as every answer is), flattened into rows
that say where each number comes from.

Examples
--------
>>> import tempfile
>>> from intelmig.seed.reader import load_seed
>>> from intelmig.stores.embedded import EmbeddedStore, build_database
>>> path = tempfile.mkdtemp() + "/seed.lbug"
>>> build_database(path, load_seed())
>>> with EmbeddedStore(path) as store:
...     result = era_overview(store, top=1)
>>> result.columns[:6]
['dataset', 'measure', 'slice', 'start_year', 'end_year', 'role']
>>> [(r["slice"], r["role"], r["place"]) for r in result.to_records()][:2]
[('stage1', 'recipient', 'USA'), ('stage1', 'donor', 'DEU')]
"""

from __future__ import annotations

from ..stores.base import Result

__all__ = ["OVERVIEW_COLUMNS", "era_overview"]

OVERVIEW_COLUMNS = ["dataset", "measure", "slice", "start_year", "end_year", "role",
                    "rank_best", "rank_worst", "place", "name", "level", "low", "high",
                    "flows"]


def era_overview(store, *, level: str = "country", measure: str | None = None,
                 top: int = 3, sex: str = "total", dataset: str = "",
                 regions: str | None = None) -> Result:
    """The ``top`` recipient and donor hubs of each era with moves, in era order.

    Parameters
    ----------
    store : Store
        An open store (:func:`intelmig.connect`).
    level, measure, sex, dataset, regions
        As for :func:`intelmig.analytics.hubs`.
    top : int
        Hubs per role and era.

    Returns
    -------
    Result
        One row per era, role and hub: ``OVERVIEW_COLUMNS``. ``low``/``high`` are the
        volume's bounds in people (``high`` is ``inf`` when no upper bound is stated;
        stated links for the qualitative measure); ``rank_best``/``rank_worst`` the rank
        interval over the stated ranges; ``flows`` the ids of the flows behind the row.
        ``about`` lists each era's source and measure.

    Raises
    ------
    AmbiguousSource
        Several datasets could answer an era and ``dataset`` names none.

    Examples
    --------
    Two eras of a one-corridor seed (the module's example runs the article's graph):

    >>> import tempfile
    >>> from intelmig.dataset import Dataset
    >>> from intelmig.stores.embedded import EmbeddedStore, build_database
    >>> seed = Dataset()
    >>> for era, start, end in (("e1", 1945, 1959), ("e2", 1960, 1989)):
    ...     seed.add_node("Era", {"id": era, "name_en": era, "start_year": start,
    ...                           "end_year": end, "passages": ["p1"]})
    >>> for place in ("DEU", "USA"):
    ...     seed.add_node("Country", {"id": place, "name_en": place})
    >>> seed.add_rel("MIGRATED_TO", "Country", "DEU", "Country", "USA",
    ...              {"era": "e1", "measure": "flow", "low": 2000.0, "high": 9999.0})
    >>> path = tempfile.mkdtemp() + "/two.lbug"
    >>> build_database(path, seed)
    >>> with EmbeddedStore(path) as store:
    ...     result = era_overview(store)
    >>> [(r["slice"], r["role"], r["place"], r["low"], r["high"]) for r in result.to_records()]
    [('e1', 'recipient', 'USA', 2000.0, 9999.0), ('e1', 'donor', 'DEU', 2000.0, 9999.0)]
    """
    from .aggregate import era_records
    from .hubs import hubs

    rows, about = [], []
    for era in era_records(store, with_edges=True):
        if not era["edges"]:
            continue
        graph, table = hubs(store, era=era["id"], level=level, measure=measure, top=top,
                            sex=sex, dataset=dataset, regions=regions)
        about.append({"slice": era["id"], "source": graph.source, "measure": graph.measure})
        for row in table:
            rows.append([row.dataset, graph.measure, era["id"], era["start_year"],
                         era["end_year"], row.role, row.rank_best, row.rank_worst, row.place,
                         row.name, row.level, row.low, row.high, list(row.flows)])
    return Result(list(OVERVIEW_COLUMNS), rows, {"eras": about})
