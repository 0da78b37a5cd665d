"""GEXF 1.3 for Gephi, with time: Gephi's timeline plays the graph through the eras.

The graph is ``mode="dynamic"`` with ``timeformat="integer"`` (years) and interval
time. Each time-bearing element carries ``<spells>``: a ``MIGRATED_TO`` edge, a
``Flow``, ``Event`` or ``Estimate`` its own years (else its era's), an ``Era`` its
years, and an edge that hangs off a dated node (``FROM``, ``TO``, ``DURING``,
``STATED_IN``, ...) the years of that node. Timeless nodes (concepts, places,
passages, sources) have no spells and stay visible. An open end (an ongoing era,
a flow "since 2005") ends at the last year the exported graph mentions, because
``networkx`` cannot read a spell without an end.

Attributes are typed from the schema (``string``, ``long``, ``double``,
``boolean``); list properties are ``liststring`` whose value is a JSON list
(``["p01","p02"]``). The node's XML ``label`` is its English name (what Gephi
shows), its schema label is the ``kind`` attribute; an edge's relationship type is
its ``kind`` and its ``type`` attribute; a ``MIGRATED_TO`` edge with a stated
lower bound has it as ``weight``. ``lastmodifieddate`` is written only when given,
so the same graph gives the same bytes.

Examples
--------
>>> import io, networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("stage1", label="Era", kind="Era", start_year=1945, end_year=1959)
>>> g.add_node("DEU", label="Country", kind="Country", name_en="Germany")
>>> g.add_node("USA", label="Country", kind="Country")
>>> _ = g.add_edge("DEU", "USA", type="MIGRATED_TO", era="stage1", low=2000.0)
>>> buffer = io.BytesIO(); write_gexf(g, buffer)
>>> raw = nx.read_gexf(io.BytesIO(buffer.getvalue()))
>>> raw.graph["mode"], list(raw.edges(data="spells"))
('dynamic', [('DEU', 'USA', [(1945, 1959)])])
>>> read_gexf(io.BytesIO(buffer.getvalue())).nodes["DEU"]
{'kind': 'Country', 'name_en': 'Germany', 'label': 'Country'}
"""

from __future__ import annotations

import json
from xml.sax.saxutils import quoteattr

from .. import __version__
from ..schema import PROP_TYPES
from ._io import open_output, ordered_edges, ordered_nodes, typed_text, xml_chars
from .json_graph import display_name
from .slicing import (
    TIMED_LABELS,
    TIMED_RELS,
    edge_prop_types,
    era_spans,
    node_eras,
    node_prop_types,
    time_span,
)

__all__ = ["GEXF_TYPES", "read_gexf", "write_gexf"]

GEXF_TYPES = {name: t.gexf for name, t in PROP_TYPES.items()}


def _attr(text: str) -> str:
    return quoteattr(xml_chars(str(text)))




def _spells(graph) -> tuple[dict, dict, tuple[int, int] | None]:
    """Spells of nodes and of edges (by position in ``ordered_edges``), and the graph's span."""
    eras, node_era = era_spans(graph), node_eras(graph)
    node_spans = {}
    for node, data in graph.nodes(data=True):
        if data.get("label") == "Era":
            node_spans[node] = eras[node]
        elif data.get("label") in TIMED_LABELS:
            node_spans[node] = time_span(data, eras.get(node_era.get(node)))
    edge_spans = {}
    for index, (u, v, data) in enumerate(ordered_edges(graph)):
        if data.get("type") in TIMED_RELS:
            edge_spans[index] = time_span(data, eras.get(data.get("era")))
        else:
            edge_spans[index] = node_spans.get(u) if u in node_spans else node_spans.get(v)
    years = [y for span in (*node_spans.values(), *edge_spans.values()) if span
             for y in span if y is not None]
    if not years:
        return {}, {}, None
    bounds = (min(years), max(years))

    def closed(span):
        if not span or (span[0] is None and span[1] is None):
            return None
        start, end = span
        return (start if start is not None else end, end if end is not None else bounds[1])

    return ({n: closed(s) for n, s in node_spans.items() if closed(s)},
            {i: closed(s) for i, s in edge_spans.items() if closed(s)}, bounds)


def write_gexf(graph, target, *, modified: str | None = None, description: str = "",
               progress=None) -> None:
    """Write a ``MultiDiGraph`` of the schema as dynamic GEXF 1.3 to a path or binary file.

    ``modified`` (``YYYY-MM-DD``) becomes ``meta/@lastmodifieddate``, e.g. the date of
    the database build; ``description`` says what was exported (the slice).
    """
    node_types = {n: t for n, t in node_prop_types().items() if n != "label"}
    edge_types = edge_prop_types()
    node_spells, edge_spells, bounds = _spells(graph)
    with open_output(target, binary=True) as out:
        def emit(text: str) -> None:
            out.write(text.encode("utf-8"))

        meta = f" lastmodifieddate={_attr(modified)}" if modified else ""
        emit('<?xml version="1.0" encoding="UTF-8"?>\n'
             '<gexf xmlns="http://gexf.net/1.3" '
             'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
             'xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" '
             'version="1.3">\n'
             f"  <meta{meta}>\n    <creator>intelmig {__version__}</creator>\n"
             f"    <description>{_attr(description)[1:-1]}</description>\n  </meta>\n")
        span = f' start="{bounds[0]}" end="{bounds[1]}"' if bounds else ""
        emit(f'  <graph mode="dynamic" defaultedgetype="directed" timeformat="integer" '
             f'timerepresentation="interval"{span}>\n')
        for cls, types in (("node", node_types), ("edge", edge_types)):
            emit(f'    <attributes class="{cls}" mode="static">\n')
            for name, schema_type in types.items():
                emit(f'      <attribute id="{name}" title="{name}" '
                     f'type="{GEXF_TYPES[schema_type]}"/>\n')
            emit("    </attributes>\n")
        emit(f'    <nodes count="{graph.number_of_nodes()}">\n')
        for node, data in ordered_nodes(graph):
            emit(f"      <node id={_attr(node)} label={_attr(display_name(node, data))}>")
            _emit_values(emit, data, node_types)
            _emit_spell(emit, node_spells.get(node))
            emit("</node>\n")
            if progress:
                progress(1)
        emit(f'    </nodes>\n    <edges count="{graph.number_of_edges()}">\n')
        for index, (source, target_, data) in enumerate(ordered_edges(graph)):
            weight = ""
            if data.get("type") == "MIGRATED_TO" and data.get("low") is not None:
                weight = f' weight="{float(data["low"])!r}"'
            emit(f'      <edge id="{index}" source={_attr(source)} target={_attr(target_)} '
                 f'kind={_attr(data.get("type", ""))}{weight}>')
            _emit_values(emit, data, edge_types)
            _emit_spell(emit, edge_spells.get(index))
            emit("</edge>\n")
            if progress:
                progress(1)
        emit("    </edges>\n  </graph>\n</gexf>\n")


def _emit_values(emit, data: dict, types: dict) -> None:
    values = [(n, t) for n, t in types.items() if data.get(n) is not None]
    if values:
        emit("<attvalues>" + "".join(
            f'<attvalue for="{n}" value={_attr(typed_text(data[n], t))}/>' for n, t in values
        ) + "</attvalues>")


def _emit_spell(emit, span) -> None:
    if span:
        emit(f'<spells><spell start="{span[0]}" end="{span[1]}"/></spells>')


def read_gexf(source):
    """Read a file written by :func:`write_gexf` back into the exported graph.

    ``networkx.read_gexf`` parses it; this decodes the JSON lists, restores each
    node's ``label`` from ``kind`` and drops what GEXF adds (spells, edge ids,
    display labels, weights).
    """
    import networkx as nx

    raw = nx.read_gexf(source)
    lists = {n for n, t in {**node_prop_types(), **edge_prop_types()}.items()
             if t == "STRING[]"}
    graph = nx.MultiDiGraph()
    for node, data in raw.nodes(data=True):
        attrs = {k: json.loads(v) if k in lists else v for k, v in data.items()
                 if k not in ("label", "spells")}
        graph.add_node(node, **attrs, label=attrs.get("kind"))
    for u, v, data in raw.edges(data=True):
        graph.add_edge(u, v, **{k: json.loads(val) if k in lists else val
                                for k, val in data.items()
                                if k not in ("id", "spells", "weight", "label")})
    return graph
