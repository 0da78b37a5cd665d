"""GraphML for Gephi, Cytoscape, yEd, igraph and R, with typed attributes from the schema.

Attribute types come from :mod:`intelmig.schema`: ``STRING`` -> ``string``, ``INT64`` ->
``long``, ``DOUBLE`` -> ``double``, ``BOOLEAN`` -> ``boolean``. GraphML has no list
type, so ``STRING[]`` properties (``passages``, ``cites``, ``authors``) are written as
JSON text (``["p20","p21"]``) and their key's ``<desc>`` says so; :func:`read_graphml` decodes them back. ``low``/``high`` are integers on
``Flow`` and real numbers elsewhere; one GraphML key has one type, so they are
``double`` everywhere. The schema label of a node is its ``label`` attribute, the
relationship type of an edge its ``type`` attribute.

Parallel edges: every relationship is its own ``<edge>`` with its own id, as yEd,
Cytoscape, igraph and networkx expect. Gephi's GraphML importer keeps one edge per
source, target and edge *type*, which it takes from the ``label`` XML attribute of
``<edge>`` (an attribute the GraphML schema leaves to extensions; networkx ignores
it), and merges the rest, summing weights (Gephi 0.10.1, ``ImporterGraphML``,
``DefaultProcessor``). So each edge carries ``label="TYPE"``, and the second, third,
... relationship of one type between the same two nodes ``label="TYPE#2"``, ``TYPE#3``
(in order of their years): Gephi keeps every relationship, each edge type names its
relationship type, and the ``type`` attribute stays ``TYPE``. GraphML has no time; for
one edge per corridor with its years on Gephi's timeline, use GEXF.

Examples
--------
>>> import io, networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("KAZ", label="Country", name_en="Kazakhstan", passages=["p01"])
>>> g.add_node("cis", label="Region", name_en="CIS")
>>> _ = g.add_edge("KAZ", "cis", type="PART_OF")
>>> _ = g.add_edge("KAZ", "cis", type="PART_OF", note="again")
>>> buffer = io.BytesIO(); write_graphml(g, buffer)
1
>>> b'label="PART_OF#2"' in buffer.getvalue()
True
>>> back = read_graphml(io.BytesIO(buffer.getvalue()))
>>> back.nodes["KAZ"]["passages"], list(back.edges(data="type"))
(['p01'], [('KAZ', 'cis', 'PART_OF'), ('KAZ', 'cis', 'PART_OF')])
"""

from __future__ import annotations

import json
from xml.sax.saxutils import quoteattr

import networkx as nx

from ..schema import PROP_TYPES
from ._io import open_output, ordered_edges, ordered_nodes, typed_text, xml_chars
from .slicing import TIMED_RELS, edge_prop_types, era_spans, node_prop_types, time_span

__all__ = ["GRAPHML_TYPES", "gephi_edge_types", "read_graphml", "write_graphml"]

GRAPHML_TYPES = {name: t.graphml for name, t in PROP_TYPES.items()}




def _escape(text: str) -> str:
    text = xml_chars(text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def gephi_edge_types(graph) -> list[str]:
    """The Gephi edge type of each of ``ordered_edges(graph)``: ``TYPE``, ``TYPE#2``, ...

    The n-th relationship of one type between the same two nodes, in order of its
    years (undated first), gets ``TYPE#n`` for n >= 2.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        Edges with a ``type``; eras as ``Era`` nodes.

    Returns
    -------
    list of str
        One per edge, in the order of ``ordered_edges(graph)``.

    Examples
    --------
    Two yearly rows of one corridor: the earlier keeps the plain type.

    >>> g = nx.MultiDiGraph()
    >>> for year, value in ((2016, 9.0), (2017, 5.0)):
    ...     _ = g.add_edge("DEU", "USA", type="MIGRATED_TO", year=year, value=value)
    >>> [d["year"] for _, _, d in ordered_edges(g)], gephi_edge_types(g)
    ([2017, 2016], ['MIGRATED_TO#2', 'MIGRATED_TO'])
    """
    eras = era_spans(graph)

    def when(item):
        _index, (_u, _v, data) = item
        if data.get("type") not in TIMED_RELS:
            return (0, 0)
        span = time_span(data, eras.get(data.get("era")))
        years = [y for y in span or () if y is not None]
        return (1, min(years)) if years else (0, 0)

    edges = list(enumerate(ordered_edges(graph)))
    kinds = [""] * len(edges)
    seen: dict[tuple, int] = {}
    for index, (u, v, data) in sorted(edges, key=lambda item: (when(item), item[0])):
        kind = data.get("type", "")
        number = seen[u, v, kind] = seen.get((u, v, kind), 0) + 1
        kinds[index] = kind if number == 1 else f"{kind}#{number}"
    return kinds


def write_graphml(graph, target, *, progress=None) -> int:
    """Write a ``MultiDiGraph`` of the schema as GraphML to a path or a binary file.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        Nodes with a ``label``, edges with a ``type``, as ``Store.to_networkx`` gives them.
    target : path or binary file
        A path is written atomically; an open file is left open.
    progress : callable, optional
        Called with 1 per node and per edge written.

    Returns
    -------
    int
        Relationships that share source, target and type with an earlier one: their
        ``<edge label>`` (Gephi's edge type) is ``TYPE#n``, so Gephi keeps them apart.

    Raises
    ------
    OSError
        When the path cannot be written (nothing is left half-written).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("KAZ", label="Country", name_en="Kazakhstan")
    >>> g.add_node("RUS", label="Country", name_en="Russia")
    >>> _ = g.add_edge("KAZ", "RUS", type="MIGRATED_TO", year=2019, value=30.0, dataset="un")
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "corridor.graphml"
    >>> write_graphml(g, path)
    0
    >>> edge = path.read_text(encoding="utf-8").splitlines()[-3]
    >>> print(edge.strip().replace("><", ">\\n<"))
    <edge id="e0" source="KAZ" target="RUS" label="MIGRATED_TO">
    <data key="e_type">MIGRATED_TO</data>
    <data key="e_dataset">un</data>
    <data key="e_year">2019</data>
    <data key="e_value">30.0</data>
    </edge>
    """
    node_types, edge_types = node_prop_types(), edge_prop_types()
    kinds = gephi_edge_types(graph)
    with open_output(target, binary=True) as out:
        def emit(text: str) -> None:
            out.write(text.encode("utf-8"))

        emit('<?xml version="1.0" encoding="UTF-8"?>\n'
             '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
             'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
             'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
             'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
        for domain, types in (("node", node_types), ("edge", edge_types)):
            for name, schema_type in types.items():
                emit(f'  <key id="{domain[0]}_{name}" for="{domain}" attr.name="{name}" '
                     f'attr.type="{GRAPHML_TYPES[schema_type]}"')
                emit("><desc>JSON list of strings</desc></key>\n" if schema_type == "STRING[]"
                     else "/>\n")
        emit('  <graph edgedefault="directed">\n')
        for node, data in ordered_nodes(graph):
            emit(f"    <node id={quoteattr(_escape(str(node)))}>")
            _emit_data(emit, "n", data, node_types)
            emit("</node>\n")
            if progress:
                progress(1)
        for index, (source, target_, data) in enumerate(ordered_edges(graph)):
            emit(f'    <edge id="e{index}" source={quoteattr(_escape(str(source)))} '
                 f"target={quoteattr(_escape(str(target_)))} "
                 f"label={quoteattr(_escape(kinds[index]))}>")
            _emit_data(emit, "e", data, edge_types)
            emit("</edge>\n")
            if progress:
                progress(1)
        emit("  </graph>\n</graphml>\n")
    return sum("#" in kind for kind in kinds)


def _emit_data(emit, prefix: str, data: dict, types: dict) -> None:
    for name, schema_type in types.items():
        value = data.get(name)
        if value is not None:
            emit(f'<data key="{prefix}_{name}">{_escape(typed_text(value, schema_type))}</data>')


def read_graphml(source):
    """Read a file written by :func:`write_graphml` back into the exported graph.

    ``networkx.read_graphml`` does the parsing; this only decodes the JSON lists
    and drops the edge ids, which were not part of the exported graph.

    Parameters
    ----------
    source : path or binary file
        GraphML written by :func:`write_graphml`.

    Returns
    -------
    networkx.MultiDiGraph
        The nodes and relationships with their typed properties (``long`` as int,
        ``double`` as float, list properties as lists of str).

    Examples
    --------
    >>> import io
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("KAZ", label="Country", name_en="Kazakhstan", passages=["p01", "p02"])
    >>> g.add_node("RUS", label="Country")
    >>> _ = g.add_edge("KAZ", "RUS", type="MIGRATED_TO", year=2019, value=30.0)
    >>> buffer = io.BytesIO(); _ = write_graphml(g, buffer)
    >>> back = read_graphml(io.BytesIO(buffer.getvalue()))
    >>> back.nodes["KAZ"]
    {'label': 'Country', 'name_en': 'Kazakhstan', 'passages': ['p01', 'p02']}
    >>> list(back.edges(data=True))
    [('KAZ', 'RUS', {'type': 'MIGRATED_TO', 'year': 2019, 'value': 30.0})]
    """
    graph = nx.read_graphml(source, force_multigraph=True)
    node_lists = [n for n, t in node_prop_types().items() if t == "STRING[]"]
    edge_lists = [n for n, t in edge_prop_types().items() if t == "STRING[]"]
    result = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        result.add_node(node, **_decoded(data, node_lists))
    for source_, target, data in graph.edges(data=True):
        data = {k: v for k, v in data.items() if k != "id"}
        result.add_edge(source_, target, **_decoded(data, edge_lists))
    return result


def _decoded(data: dict, list_names) -> dict:
    return {k: json.loads(v) if k in list_names else v for k, v in data.items()}
