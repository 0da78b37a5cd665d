"""JSON for programs: networkx/D3 node-link and Cytoscape.js elements.

Both keep list properties as JSON lists and every property under its schema name.
The node-link form reads back with ``networkx.node_link_graph(data, edges="edges")``;
the Cytoscape form loads with ``cytoscape({elements: data.elements})`` and reads
back with ``networkx.cytoscape_graph``. Objects are key-sorted and elements are in
a stable order, so the same graph gives the same bytes.

Examples
--------
>>> import io, json, networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("KAZ", label="Country", name_en="Kazakhstan")
>>> g.add_node("RUS", label="Country")
>>> _ = g.add_edge("KAZ", "RUS", type="MIGRATED_TO", low=1000.0, passages=["p20"])
>>> buffer = io.StringIO(); write_node_link(g, buffer)
>>> back = nx.node_link_graph(json.loads(buffer.getvalue()), edges="edges")
>>> list(back.edges(data="passages"))
[('KAZ', 'RUS', ['p20'])]
>>> buffer = io.StringIO(); write_cytoscape(g, buffer)
>>> json.loads(buffer.getvalue())["elements"]["nodes"][0]["data"]["name"]
'Kazakhstan'
"""

from __future__ import annotations

from ._io import json_text, open_output, ordered_edges, ordered_nodes

__all__ = ["display_name", "read_cytoscape", "write_cytoscape", "write_node_link"]


def display_name(node, data: dict) -> str:
    """The name a person reads: the node's ``name``, else its English name, else the id.

    Examples
    --------
    >>> display_name("KAZ", {"name": "Kazakhstan"}), display_name("p01", {})
    ('Kazakhstan', 'p01')
    """
    return data.get("name") or data.get("name_en") or str(node)


def _write_document(out, head: dict, sections, progress, *, inside: str | None = None) -> None:
    """Write ``head`` and then lists of items one line each, never the whole text at once.

    ``sections`` are ``(key, items)``; with ``inside`` they sit in one object of that name.
    """
    out.write("{\n")
    for key, value in head.items():
        out.write(f"{json_text(key)}: {json_text(value)},\n")
    if inside:
        out.write(f"{json_text(inside)}: {{")
    for number, (key, items) in enumerate(sections):
        out.write(("" if number == 0 else ",\n") + f"{json_text(key)}: [")
        for index, item in enumerate(items):
            out.write(("\n" if index == 0 else ",\n") + json_text(item))
            if progress:
                progress(1)
        out.write("\n]")
    out.write("}\n}\n" if inside else "\n}\n")


def write_node_link(graph, target, *, graph_attrs: dict | None = None, progress=None) -> None:
    """Write networkx node-link JSON (``edges`` key, multigraph keys) to a path or text file.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        As :meth:`intelmig.stores.base.Store.to_networkx` returns it.
    target : path-like or text file
    graph_attrs : dict, optional
        Written under ``graph`` (e.g. the slice and the sources of an export).
    progress : callable, optional
        Called with 1 per node and edge written.

    Examples
    --------
    >>> import io, json
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("KAZ", label="Country", name_en="Kazakhstan", passages=["p01", "p02"])
    >>> g.add_node("RUS", label="Country", name_en="Russia")
    >>> _ = g.add_edge("KAZ", "RUS", type="MIGRATED_TO", measure="flow", low=900.0,
    ...                high=1200.0, year=2019)
    >>> buffer = io.StringIO()
    >>> write_node_link(g, buffer, graph_attrs={"slice": "year 2019"})
    >>> data = json.loads(buffer.getvalue())
    >>> data["graph"], data["edges"][0]["source"], data["edges"][0]["key"]
    ({'slice': 'year 2019'}, 'KAZ', 0)
    >>> nx.node_link_graph(data, edges="edges").nodes["KAZ"]["passages"]
    ['p01', 'p02']
    """
    nodes = ({"id": node, **data} for node, data in ordered_nodes(graph))
    edges = ({"source": u, "target": v, "key": key, **data}
             for key, (u, v, data) in _keyed(ordered_edges(graph)))
    head = {"directed": True, "multigraph": True, "graph": graph_attrs or {}}
    with open_output(target) as out:
        _write_document(out, head, [("nodes", nodes), ("edges", edges)], progress)


def write_cytoscape(graph, target, *, graph_attrs: dict | None = None, progress=None) -> None:
    """Write Cytoscape.js JSON (``{"elements": {"nodes": [...], "edges": [...]}}``).

    Each node's ``data`` has ``id``, ``name`` (its English name) and ``value`` (the id,
    for ``networkx.cytoscape_graph``); each edge's ``data`` has ``id`` (``KAZ-[MIGRATED_TO]->DEU#0``:
    the key numbers parallel edges, so ids are unique and never look like a node id),
    ``source``, ``target`` and ``key``; the rest are the schema properties.

    Examples
    --------
    >>> import io, json
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("KAZ", label="Country", name_en="Kazakhstan", passages=["p01", "p02"])
    >>> g.add_node("RUS", label="Country", name_en="Russia")
    >>> _ = g.add_edge("KAZ", "RUS", type="MIGRATED_TO", measure="flow", low=900.0,
    ...                high=1200.0, year=2019)
    >>> buffer = io.StringIO()
    >>> write_cytoscape(g, buffer)
    >>> elements = json.loads(buffer.getvalue())["elements"]
    >>> elements["edges"][0]["data"]["id"], elements["nodes"][1]["data"]["name"]
    ('KAZ-[MIGRATED_TO]->RUS#0', 'Russia')
    """
    nodes = ({"data": {**data, "id": node, "value": node, "name": display_name(node, data)}}
             for node, data in ordered_nodes(graph))
    edges = ({"data": {**data, "id": f"{u}-[{data.get('type', '')}]->{v}#{key}", "source": u,
                       "target": v, "key": key}}
             for key, (u, v, data) in _keyed(ordered_edges(graph)))
    head = {"data": graph_attrs or {}, "directed": True, "multigraph": True}
    with open_output(target) as out:
        _write_document(out, head, [("nodes", nodes), ("edges", edges)], progress,
                        inside="elements")


def read_cytoscape(data: dict):
    """The exported graph from Cytoscape.js JSON written by :func:`write_cytoscape`.

    Parameters
    ----------
    data : dict
        The parsed JSON.

    Returns
    -------
    networkx.MultiDiGraph
        The nodes and edges with their properties, without Cytoscape's ``id``/``value``.

    Examples
    --------
    >>> import io, json
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("KAZ", label="Country", name_en="Kazakhstan", passages=["p01", "p02"])
    >>> g.add_node("RUS", label="Country", name_en="Russia")
    >>> _ = g.add_edge("KAZ", "RUS", type="MIGRATED_TO", measure="flow", low=900.0,
    ...                high=1200.0, year=2019)
    >>> buffer = io.StringIO()
    >>> write_cytoscape(g, buffer)
    >>> back = read_cytoscape(json.loads(buffer.getvalue()))
    >>> list(back.edges(data="high")), back.nodes["KAZ"]["passages"]
    ([('KAZ', 'RUS', 1200.0)], ['p01', 'p02'])
    """
    import networkx as nx

    raw = nx.cytoscape_graph(data)
    graph = nx.MultiDiGraph()
    for node, attrs in raw.nodes(data=True):
        # `name` is a stored property (intelmig.schema.display_name), kept as read
        graph.add_node(node, **{k: v for k, v in attrs.items() if k not in ("id", "value")})
    for u, v, attrs in raw.edges(data=True):
        graph.add_edge(u, v, **{k: val for k, val in attrs.items()
                                if k not in ("id", "source", "target", "key")})
    return graph


def _keyed(edges):
    """Number parallel edges 0, 1, ... per (source, target), like networkx does."""
    seen: dict = {}
    for u, v, data in edges:
        key = seen.get((u, v), 0)
        seen[(u, v)] = key + 1
        yield key, (u, v, data)
