"""Tables, figures and the explorer of a slice, from a store: what ``intelmig export`` draws.

Each function answers the slice from one source (the analytics choose it or refuse),
writes to a path or an open file, and names the slice in words in its caption or title.

Examples
--------
>>> import io, tempfile
>>> from intelmig.analytics import Slice
>>> from intelmig.dataset import Dataset
>>> from intelmig.stores.embedded import EmbeddedStore, build_database
>>> seed = Dataset()
>>> for place, name in (("KAZ", "Kazakhstan"), ("RUS", "Russia")):
...     seed.add_node("Country", {"id": place, "name_en": name})
>>> seed.add_rel("MIGRATED_TO", "Country", "KAZ", "Country", "RUS",
...              {"measure": "flow", "year": 2019, "low": 120.0, "high": 120.0})
>>> path = tempfile.mkdtemp() + "/paper.lbug"
>>> build_database(path, seed)
>>> out = io.StringIO()
>>> with EmbeddedStore(path) as store:
...     write_table(store, Slice.of(year=2019), out, fmt="markdown", kind="donors")
>>> print("\\n".join(out.getvalue().splitlines()[:3]))
| Rank | Place | Code | Volume sent | Partners | Rank range | Sources |
|--:|:--|:--|--:|--:|--:|:--|
| 1 | Kazakhstan | KAZ | 120 | 1 | 1 |  |
"""

from __future__ import annotations

from ..errors import ParameterError

__all__ = ["FIGURES", "TABLES", "check_series", "series_slices", "write_explorer", "write_figure",
           "write_table"]

TABLES = ("recipients", "donors", "corridors")
FIGURES = ("network", "stages", "hubs", "map", "flowmap", "chord", "heatmap", "series")


def write_table(store, slice_, output, *, fmt: str = "latex", kind: str = "recipients",
                level: str = "country", top: int = 10, knowledge=None) -> None:
    """Write the hubs or corridors of a slice as a LaTeX (booktabs) or Markdown table.

    Parameters
    ----------
    store : Store
    slice_ : intelmig.analytics.Slice
    output : path or text file
    fmt : {"latex", "markdown"}
    kind : {"recipients", "donors", "corridors"}
    level : str
        ``country``, ``region`` or ``subregion``.
    top : int
        Rows of the table.
    knowledge : networkx.MultiDiGraph, optional
        The slice's graph (names, citations); read from ``store`` when not given.

    Raises
    ------
    ParameterError
        For an unknown ``fmt`` or ``kind``; the analytics' errors (several sources).

    Examples
    --------
    See the module's example; a Markdown table of corridors:

    >>> import io, tempfile
    >>> from intelmig.analytics import Slice
    >>> from intelmig.dataset import Dataset
    >>> from intelmig.stores.embedded import EmbeddedStore, build_database
    >>> seed = Dataset()
    >>> for place in ("KAZ", "RUS"):
    ...     seed.add_node("Country", {"id": place, "name_en": place})
    >>> seed.add_rel("MIGRATED_TO", "Country", "KAZ", "Country", "RUS",
    ...              {"measure": "flow", "year": 2019, "low": 7.0, "high": 7.0})
    >>> path = tempfile.mkdtemp() + "/t.lbug"
    >>> build_database(path, seed)
    >>> out = io.StringIO()
    >>> with EmbeddedStore(path) as store:
    ...     write_table(store, Slice.of(year=2019), out, fmt="markdown", kind="corridors")
    >>> "| 1 | KAZ | RUS | 7 |" in out.getvalue()
    True
    """
    from ..analytics import corridors, hubs
    from . import tables
    from .figures import slice_title

    if fmt not in ("latex", "markdown") or kind not in TABLES:
        raise ParameterError(f"a table is latex or markdown of {', '.join(TABLES)}; "
                             f"got {fmt} of {kind}")
    knowledge = store.to_networkx(slice_) if knowledge is None else knowledge
    slice_args = {"era": slice_.era or None, "year_from": slice_.year_from,
                  "year_to": slice_.year_to, "level": level, "top": top}
    words = slice_title(slice_, knowledge)
    if kind == "corridors":
        _graph, rows = corridors(store, **slice_args)
        table = tables.corridor_table(rows, knowledge, level=level, slice_words=words)
    else:
        _graph, rows = hubs(store, **slice_args)
        role = "recipient" if kind == "recipients" else "donor"
        table = tables.hub_table(rows, knowledge, role=role, level=level, slice_words=words)
    writer = tables.write_latex if fmt == "latex" else tables.write_markdown
    writer(table, output)


def write_figure(store, slice_, output, *, kind: str = "network", level: str = "country",
                 centrality: str = "pagerank", top: int | None = None, measure: str = "net",
                 places=()) -> None:
    """Draw one figure of a slice to ``output`` (``.png`` at 300 dpi, ``.svg`` or ``.pdf``).

    Parameters
    ----------
    store : Store
    slice_ : intelmig.analytics.Slice
    output : path or binary file
    kind : str
        One of :data:`FIGURES`.
    level, centrality : str
        Places as stated or grouped by region; the centrality sizing the network nodes.
    top : int, optional
        Places or corridors drawn (each figure has its own default).
    measure : str
        ``map``: net, in, out, net_rate, effectiveness; ``series``: net, in or out.
    places : sequence of str
        ``series``: the places drawn.

    Raises
    ------
    ParameterError
        A ``series`` of an era, or of a measure other than net, in, out.

    Examples
    --------
    >>> import io, tempfile
    >>> from intelmig.analytics import Slice
    >>> from intelmig.dataset import Dataset
    >>> from intelmig.stores.embedded import EmbeddedStore, build_database
    >>> seed = Dataset()
    >>> for place in ("KAZ", "RUS", "DEU"):
    ...     seed.add_node("Country", {"id": place, "name_en": place})
    >>> for target, people in (("RUS", 120.0), ("DEU", 40.0)):
    ...     seed.add_rel("MIGRATED_TO", "Country", "KAZ", "Country", target,
    ...                  {"measure": "flow", "year": 2019, "low": people, "high": people})
    >>> path = tempfile.mkdtemp() + "/f.lbug"
    >>> build_database(path, seed)
    >>> svg = tempfile.mkdtemp() + "/chord.svg"
    >>> with EmbeddedStore(path) as store:
    ...     write_figure(store, Slice.of(year=2019), svg, kind="chord")
    >>> "<svg" in open(svg, encoding="utf-8").read()
    True
    """
    from ..analytics import Slice, hubs, place_graph
    from . import figures, flowcharts, worldfigures
    from .context import figure_context, populations

    context = figure_context(store)
    if kind == "stages":
        graphs = {stage: place_graph(store, Slice.of(era=stage), level=level)
                  for stage in figures.STAGES}
        figures.plot_stages(graphs, context, output, centrality=centrality)
    elif kind == "hubs":
        graph, rows = hubs(store, era=slice_.era or None, year_from=slice_.year_from,
                           year_to=slice_.year_to, level=level)
        figures.plot_hubs(rows, context, output, top=10 if top is None else top,
                          place_graph=graph)
    elif kind == "series":
        check_series(slice_, measure)
        # One measure for the whole series: a line must not switch from stocks to flows.
        common, slices = series_slices(store, slice_, context)
        graphs = {label: place_graph(store, one, level=level, measure=common)
                  for label, one in slices}
        flowcharts.plot_series(graphs, list(places), context, output, measure=measure)
    else:
        graph = place_graph(store, slice_, level=level)
        if kind == "map":
            population = (populations(context, slice_.year_from, slice_.year_to)
                          if measure == "net_rate" else None)
            worldfigures.plot_map(graph, context, output, measure=measure,
                                  population=population)
        elif kind == "flowmap":
            worldfigures.plot_flowmap(graph, context, output, top=20 if top is None else top)
        elif kind == "chord":
            flowcharts.plot_chord(graph, context, output, top=10 if top is None else top)
        elif kind == "heatmap":
            flowcharts.plot_heatmap(graph, context, output, top=20 if top is None else top)
        else:
            figures.plot_flow_network(graph, context, output, centrality=centrality,
                                      top=30 if top is None else top)


def check_series(slice_, measure: str = "net") -> None:
    """Refuse a series of an era or of a measure a line cannot draw.

    Raises
    ------
    ParameterError
        For an era slice (a series runs over years or eras), or a measure other than
        net, in, out.

    Examples
    --------
    >>> from intelmig.analytics import Slice
    >>> check_series(Slice.of(year_from=2015), "in")
    >>> try:
    ...     check_series(Slice.of(year=2019), "net_rate")
    ... except ParameterError as err:
    ...     print(err)
    --figure series draws net, in or out, not net_rate
    """
    if slice_.era:
        raise ParameterError("--figure series runs over years or eras: give --from/--to "
                             "(or nothing), not --era")
    if measure not in ("net", "in", "out"):
        raise ParameterError(f"--figure series draws net, in or out, not {measure}")


def series_slices(store, slice_, context) -> tuple[str, list]:
    """The steps of a series: ``(measure, [(label, slice)])``.

    One slice per year of the yearly (imported) rows inside ``slice_``, of the first
    measure of flow, stock, event that has such rows; else one slice per era in time
    order, with the default measure of the whole span.

    Raises
    ------
    ParameterError
        For an era slice (a series runs over years or eras).

    Examples
    --------
    >>> import tempfile
    >>> from intelmig.analytics import Slice
    >>> from intelmig.dataset import Dataset
    >>> from intelmig.stores.embedded import EmbeddedStore, build_database
    >>> seed = Dataset()
    >>> for place in ("KAZ", "RUS"):
    ...     seed.add_node("Country", {"id": place, "name_en": place})
    >>> for year in (2018, 2019, 2020):
    ...     seed.add_rel("MIGRATED_TO", "Country", "KAZ", "Country", "RUS",
    ...                  {"measure": "flow", "year": year, "low": 1.0, "high": 1.0})
    >>> path = tempfile.mkdtemp() + "/s.lbug"
    >>> build_database(path, seed)
    >>> with EmbeddedStore(path) as store:
    ...     measure, steps = series_slices(store, Slice.of(year_from=2019), None)
    >>> measure, [label for label, _slice in steps]
    ('flow', ['2019', '2020'])
    """
    from ..analytics import Slice, choose_measure
    from ..analytics.aggregate import MEASURE_PREFERENCE
    from .figures import slice_title

    check_series(slice_)
    # A None parameter has no type the engine can compare with INT64: leave the bound out.
    bounds = {"from": slice_.year_from, "to": slice_.year_to}
    where = "".join(f" AND r.year {op} ${key}" for key, op in (("from", ">="), ("to", "<="))
                    if bounds[key] is not None)
    yearly: dict[str, list[int]] = {}
    for year, measure in store.run(
            f"MATCH ()-[r:MIGRATED_TO]->() WHERE r.year IS NOT NULL{where} "
            "RETURN DISTINCT r.year, r.measure ORDER BY r.year",
            {k: v for k, v in bounds.items() if v is not None}).rows:
        yearly.setdefault(measure, []).append(year)
    for measure in MEASURE_PREFERENCE:
        if measure in yearly:
            return measure, [(str(y), Slice.of(year=y)) for y in yearly[measure]]
    eras = sorted((n for n, d in context.nodes(data=True) if d.get("label") == "Era"),
                  key=lambda e: (context.nodes[e].get("start_year") or 0, e))
    return choose_measure(store, slice_), [
        (slice_title(Slice.of(era=e), context), Slice.of(era=e)) for e in eras]


def write_explorer(knowledge, output, slice_, *, top: int | None = None) -> None:
    """The offline HTML explorer of a slice's graph, with the references of the slice.

    ``knowledge`` is the slice's graph (``store.to_networkx(slice_)``); the page's
    footer names the same sources ``export bibtex`` of the slice gives.

    Examples
    --------
    >>> import io, networkx as nx
    >>> from intelmig.analytics import Slice
    >>> graph = nx.MultiDiGraph()
    >>> graph.add_node("KAZ", label="Country", name_en="Kazakhstan")
    >>> graph.add_node("RUS", label="Country", name_en="Russia")
    >>> _ = graph.add_edge("KAZ", "RUS", type="MIGRATED_TO", year=2019, low=5.0, high=5.0)
    >>> out = io.StringIO()
    >>> write_explorer(graph, out, Slice.of(year=2019))
    >>> page = out.getvalue()
    >>> page.startswith("<!DOCTYPE html>"), "Kazakhstan" in page
    (True, True)
    """
    from . import html
    from .figures import slice_title, sources_line
    from .sources import cited_sources

    cited = {source for source, _data in cited_sources(knowledge,
                                                       dated_only=not slice_.is_everything)}
    html.write_html(knowledge, output, top=html.DEFAULT_TOP if top is None else top,
                    title=slice_title(slice_, knowledge),
                    sources_line=sources_line(cited, knowledge))
