"""Which part of the knowledge graph an export covers: an era, a year or a span of years.

Time-bearing facts are the ``MIGRATED_TO`` edges and the ``Flow``, ``Event``,
``Estimate`` and ``CountryYear`` nodes. A slice keeps the time-bearing facts that fall into it and
every timeless node (concepts, places, professions, passages, sources, ...), so
each exported fact still leads back to its paragraph and reference. A fact
without years of its own is dated by its era. The slice is the analytics'
:class:`~intelmig.analytics.slices.Slice` (one class for both): an export keeps
the facts that overlap it (:meth:`Slice.admits`), a measure counts those that lie
within it.
"""

from __future__ import annotations

from ..analytics.slices import Slice
from ..errors import ParameterError
from ..schema import LABELS, RELATIONSHIPS

__all__ = [
    "TIMED_LABELS",
    "Slice",
    "edge_prop_types",
    "era_spans",
    "node_prop_types",
    "select",
    "time_span",
]

TIMED_LABELS = ("Flow", "Event", "Estimate", "CountryYear")
TIMED_RELS = ("MIGRATED_TO",)


def era_spans(graph) -> dict[str, tuple[int | None, int | None]]:
    """``era id -> (start_year, end_year)`` for every Era node.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        Nodes with a ``label``, as ``Store.to_networkx`` gives them.

    Returns
    -------
    dict
        Era id -> ``(start_year, end_year)``, None where a year is unknown or the era
        is ongoing.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("stage1", label="Era", start_year=1945, end_year=1959)
    >>> g.add_node("stage5", label="Era", start_year=2000)
    >>> g.add_node("KAZ", label="Country")
    >>> era_spans(g)
    {'stage1': (1945, 1959), 'stage5': (2000, None)}
    """
    return {
        node: (data.get("start_year"), data.get("end_year"))
        for node, data in graph.nodes(data=True) if data.get("label") == "Era"
    }


def time_span(attrs: dict, era_span: tuple | None):
    """The years a fact covers: its own years, else its era's; None if undated.

    Parameters
    ----------
    attrs : dict
        The fact's properties: ``year`` (an imported row), or ``year_start`` and
        ``year_end`` (a stated fact).
    era_span : (int or None, int or None) or None
        The years of the fact's era (:func:`era_spans`), if it has one.

    Returns
    -------
    (int or None, int or None) or None

    Examples
    --------
    >>> time_span({"year": 2019}, None), time_span({"year_start": 2005}, (2000, None))
    ((2019, 2019), (2005, None))
    >>> time_span({"era": "stage1"}, (1945, 1959)), time_span({}, None)
    ((1945, 1959), None)
    """
    start = attrs.get("year_start", attrs.get("year"))
    end = attrs.get("year_end", attrs.get("year"))
    if start is None and end is None:
        return era_span
    return (start, end)


def node_eras(graph) -> dict[str, str]:
    """``node id -> era id`` from the DURING edges of flows, events and estimates."""
    return {u: v for u, v, d in graph.edges(data=True) if d.get("type") == "DURING"}


def select(graph, slice_: Slice):
    """The sub-graph of ``graph`` (a ``MultiDiGraph`` from ``Store.to_networkx``) in a slice.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        Nodes with a ``label``, edges with a ``type``; eras as ``Era`` nodes.
    slice_ : Slice
        What to keep.

    Returns
    -------
    networkx.MultiDiGraph
        A new graph: every timeless node, the ``Flow``, ``Event``, ``Estimate`` and
        ``CountryYear`` nodes and ``MIGRATED_TO`` edges that fall into the slice, and the other
        edges between kept nodes. ``graph`` is not changed.

    Raises
    ------
    intelmig.errors.ParameterError
        For an era the graph does not have.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("stage1", label="Era", start_year=1945, end_year=1955)
    >>> g.add_node("DEU", label="Country"); g.add_node("USA", label="Country")
    >>> g.add_edge("DEU", "USA", type="MIGRATED_TO", era="stage1")
    0
    >>> g.add_edge("DEU", "USA", type="MIGRATED_TO", year_start=1990, year_end=1991)
    1
    >>> select(g, Slice(era="stage1")).number_of_edges()
    1
    >>> select(g, Slice(year_from=1950, year_to=1950)).number_of_edges()
    1
    >>> kept = select(g, Slice(year_from=1991))
    >>> list(kept.edges(data="year_start")), kept.number_of_nodes()
    ([('DEU', 'USA', 1990)], 3)
    >>> select(g, Slice(era="stage9"))
    Traceback (most recent call last):
    ...
    intelmig.errors.ParameterError: unknown era 'stage9'; the graph has: stage1
    """
    spans = era_spans(graph)
    if slice_.era and slice_.era not in spans:
        known = ", ".join(sorted(spans)) or "none"
        raise ParameterError(f"unknown era {slice_.era!r}; the graph has: {known}")
    if slice_.is_everything:
        return graph.copy()
    eras = node_eras(graph)
    keep = {
        node for node, data in graph.nodes(data=True)
        if data.get("label") not in TIMED_LABELS
        or slice_.admits(time_span(data, spans.get(eras.get(node))), eras.get(node))
    }
    result = graph.__class__()
    result.graph.update(graph.graph)
    result.add_nodes_from((n, graph.nodes[n]) for n in graph.nodes if n in keep)
    for u, v, data in graph.edges(data=True):
        if u not in keep or v not in keep:
            continue
        if data.get("type") in TIMED_RELS and not slice_.admits(
                time_span(data, spans.get(data.get("era"))), data.get("era")):
            continue
        result.add_edge(u, v, **data)
    return result


_WIDER = {frozenset({"INT64", "DOUBLE"}): "DOUBLE"}


def _union_types(groups) -> dict[str, str]:
    types: dict[str, str] = {}
    for props in groups:
        for prop in props:
            known = types.get(prop.name)
            if known is None or known == prop.type:
                types[prop.name] = prop.type
            else:
                types[prop.name] = _WIDER.get(frozenset({known, prop.type}), "STRING")
    return types


def node_prop_types() -> dict[str, str]:
    """Every node property across labels with one schema type (``low`` INT64|DOUBLE -> DOUBLE).

    Returns
    -------
    dict
        Property name -> schema type (``STRING``, ``INT64``, ``DOUBLE``, ``BOOLEAN``,
        ``STRING[]``), ``label`` first; a name typed differently by two labels gets
        the wider type (``DOUBLE``, else ``STRING``); ``id`` is left out.

    Examples
    --------
    >>> node_prop_types()["low"], node_prop_types()["passages"], "id" in node_prop_types()
    ('DOUBLE', 'STRING[]', False)
    """
    types = _union_types(label.props for label in LABELS.values())
    del types["id"]
    return {"label": "STRING", **types}


def edge_prop_types() -> dict[str, str]:
    """Every relationship property across types, plus ``type``.

    Returns
    -------
    dict
        Property name -> schema type, ``type`` first (widened as in
        :func:`node_prop_types`).

    Examples
    --------
    >>> edge_prop_types()["type"], edge_prop_types()["pairs"]
    ('STRING', 'INT64')
    """
    return {"type": "STRING", **_union_types(rel.props for rel in RELATIONSHIPS.values())}
