"""GEXF 1.3 for Gephi, with time: one edge per corridor, its years as spells.

Gephi keeps one edge per source, target and edge ``kind`` (its importer merges the
rest, summing weights). So the relationships of one type between two nodes become
**one** GEXF edge whose ``kind`` is the relationship type, whose ``<spells>`` are the
years of each of them, and whose time-varying properties are dynamic attribute values
(``<attvalue for="value" value="340.0" start="2015" end="2015"/>``): Gephi's timeline
then plays a corridor's yearly flows on one edge. Two relationships that cannot share
an edge — their years overlap (or one has no years), or a static property differs —
are kept apart: the later one becomes an edge of kind ``TYPE#2`` (``#3``, ...) whose
static ``parallel`` attribute says why. Nothing is merged silently.

The graph is ``mode="dynamic"`` with ``timeformat="integer"`` (years) and interval
time. Spells: a ``MIGRATED_TO`` relationship, a ``Flow``, ``Event``, ``Estimate`` or
``CountryYear`` its own years (else its era's), an ``Era`` its years, and a relationship
that hangs off a dated node (``FROM``, ``TO``, ``DURING``, ``STATED_IN``, ...) the years
of that node. Timeless nodes and edges (concepts, places, passages, sources) have no spells
and stay visible. An open end (an ongoing era, a flow "since 2005") ends at the last
year the exported graph mentions, because ``networkx`` cannot read a spell without an
end.

Attributes are typed from the schema (``string``, ``long``, ``double``,
``boolean``); list properties are ``liststring`` whose value is a JSON list
(``["p01","p02"]``). Edge attributes are declared twice over: the properties a
``MIGRATED_TO`` relationship holds per year or row (``year``, ``era``, ``flow``,
``value``, ``low``, ``high``, ``dataset``, ``row``, ``note``, ...) and ``weight`` (the
stated lower bound, which Gephi draws as edge thickness) in a ``mode="dynamic"``
block, the rest (``type``, lists, ``relation``, ``parallel``, ...) in a static one.
On an edge without spells the dynamic values span the whole exported time (the
graph's start to end); a graph without any year declares them static. The node's XML ``label`` is its English name (what Gephi shows),
its schema label the ``kind`` attribute. ``lastmodifieddate`` is written only when
given, so the same graph gives the same bytes.

Examples
--------
>>> import io
>>> g = nx.MultiDiGraph()
>>> g.add_node("DEU", label="Country", kind="Country", name_en="Germany")
>>> g.add_node("USA", label="Country", kind="Country")
>>> for year, value in ((2015, 340.0), (2016, 387.0)):
...     _ = g.add_edge("DEU", "USA", type="MIGRATED_TO", year=year, value=value, low=value)
>>> buffer = io.BytesIO(); summary = write_gexf(g, buffer)
>>> summary.relationships, summary.edges, summary.parallel
(2, 1, 0)
>>> b'<spells><spell start="2015" end="2015"/><spell start="2016" end="2016"/>' in (
...     buffer.getvalue())
True
>>> back = read_gexf(io.BytesIO(buffer.getvalue()))
>>> sorted(d["value"] for _, _, d in back.edges(data=True))
[340.0, 387.0]
>>> back.nodes["DEU"]
{'kind': 'Country', 'name_en': 'Germany', 'label': 'Country'}
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

import networkx as nx

from .. import __version__
from ..schema import PROP_TYPES, RELATIONSHIPS
from ._io import json_text, open_output, ordered_edges, ordered_nodes, typed_text, xml_chars
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

__all__ = ["DYNAMIC_EDGE_PROPS", "GEXF_TYPES", "GexfSummary", "read_gexf", "write_gexf"]

GEXF_TYPES = {name: t.gexf for name, t in PROP_TYPES.items()}

# What a MIGRATED_TO relationship holds per year or imported row; lists stay static
# because Gephi has no time-varying list type.
DYNAMIC_EDGE_PROPS = tuple(
    p.name for rel in TIMED_RELS for p in RELATIONSHIPS[rel].props if p.type != "STRING[]")

_NS = "{http://gexf.net/1.3}"


@dataclass(frozen=True)
class GexfSummary:
    """What :func:`write_gexf` wrote.

    Attributes
    ----------
    relationships : int
        Relationships of the graph (edges of the ``MultiDiGraph``).
    edges : int
        GEXF edges: one per source, target and relationship type, plus the parallel ones.
    parallel : int
        Edges of kind ``TYPE#n`` (n >= 2): relationships kept apart from another one of
        the same type between the same nodes (overlapping or missing years, or a
        differing static property), with the reason in their ``parallel`` attribute.

    Examples
    --------
    Two rows of one corridor in 2016 cannot share a GEXF edge (Gephi would merge
    them), so the second gets an edge of its own:

    >>> import io
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("DEU", label="Country"); g.add_node("USA", label="Country")
    >>> for year, value in ((2015, 340.0), (2016, 387.0), (2016, 10.0)):
    ...     _ = g.add_edge("DEU", "USA", type="MIGRATED_TO", year=year, value=value)
    >>> write_gexf(g, io.BytesIO())
    GexfSummary(relationships=3, edges=2, parallel=1)
    """

    relationships: int
    edges: int
    parallel: int


def _attr(text: str) -> str:
    return quoteattr(xml_chars(str(text)))


def _spells(graph, edges) -> tuple[dict, list, tuple[int, int] | None]:
    """Spells of nodes and of ``edges`` (by position), and the graph's span."""
    eras, node_era = era_spans(graph), node_eras(graph)
    node_spans = {}
    for node, data in graph.nodes(data=True):
        if data.get("label") == "Era":
            node_spans[node] = eras[node]
        elif data.get("label") in TIMED_LABELS:
            node_spans[node] = time_span(data, eras.get(node_era.get(node)))
    edge_spans = []
    for u, v, data in edges:
        if data.get("type") in TIMED_RELS:
            edge_spans.append(time_span(data, eras.get(data.get("era"))))
        else:
            edge_spans.append(node_spans.get(u) if u in node_spans else node_spans.get(v))
    years = [y for span in (*node_spans.values(), *edge_spans) if span
             for y in span if y is not None]
    if not years:
        return {}, [None] * len(edges), None
    bounds = (min(years), max(years))

    def closed(span):
        if not span or (span[0] is None and span[1] is None):
            return None
        start, end = span
        return (start if start is not None else end, end if end is not None else bounds[1])

    return ({n: closed(s) for n, s in node_spans.items() if closed(s)},
            [closed(s) for s in edge_spans], bounds)


@dataclass
class _Lane:
    """One GEXF edge: relationships of one type between two nodes that can share it."""

    source: str
    target: str
    type: str
    static: dict
    members: list  # (span or None, data)
    reason: str = ""

    def admits(self, span, static: dict) -> str:
        """'' if a relationship with ``span`` and ``static`` can join, else why not."""
        other = f"another {self.type} relationship between the same nodes"
        if span is None:
            return f"it has no years, so it holds whenever {other} does"
        if any(s is None for s, _ in self.members):
            return f"{other} has no years, so it holds in every year"
        overlap = [s for s, _ in self.members if s[0] <= span[1] and span[0] <= s[1]]
        if overlap:
            first = max(span[0], overlap[0][0]), min(span[1], overlap[0][1])
            years = str(first[0]) if first[0] == first[1] else f"{first[0]}-{first[1]}"
            return f"its years overlap ({years}) those of {other}"
        if static != self.static:
            names = sorted(k for k in {*static, *self.static}
                           if static.get(k) != self.static.get(k))
            return f"its {', '.join(names)} differ from those of {other}"
        return ""


def _lanes(edges, edge_spans) -> list[_Lane]:
    """Relationships grouped into GEXF edges, ordered by type, source, target and years.

    First fit over the relationships sorted by their years: where their static
    properties agree, that is the fewest edges possible (as many as the most
    relationships that hold in one year).
    """
    lanes: dict[tuple, list[_Lane]] = {}
    order = []
    members = sorted(
        zip(edges, edge_spans),
        key=lambda m: (m[0][2].get("type", ""), str(m[0][0]), str(m[0][1]),
                       m[1] is not None, m[1] or (0, 0), json_text(m[0][2])))
    for (u, v, data), span in members:
        key = (u, v, data.get("type", ""))
        static = {k: x for k, x in data.items() if k not in DYNAMIC_EDGE_PROPS}
        group = lanes.setdefault(key, [])
        reason = ""
        for lane in group:
            why = lane.admits(span, static)
            if not why:
                lane.members.append((span, data))
                break
            reason = reason or why
        else:
            lane = _Lane(u, v, key[2], static, [(span, data)])
            if group:
                lane.reason = f"{reason}; Gephi would merge them"
            group.append(lane)
            order.append(lane)
    return order


def write_gexf(graph, target, *, modified: str | None = None, description: str = "",
               progress=None) -> GexfSummary:
    """Write a ``MultiDiGraph`` of the schema as dynamic GEXF 1.3 to a path or binary file.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        Nodes with a ``label`` (schema label), edges with a ``type``, as
        ``Store.to_networkx`` gives them.
    target : path or binary file
        A path is written atomically; an open file is left open.
    modified : str, optional
        ``YYYY-MM-DD`` for ``meta/@lastmodifieddate``, e.g. the date of the database build.
    description : str
        What was exported (the slice).
    progress : callable, optional
        Called with 1 per node and per relationship written.

    Returns
    -------
    GexfSummary
        How many relationships became how many GEXF edges.

    Raises
    ------
    OSError
        When the path cannot be written (nothing is left half-written).

    Examples
    --------
    A corridor's two yearly flows become one edge with two spells:

    >>> import pathlib, tempfile
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("DEU", label="Country", kind="Country", name_en="Germany")
    >>> g.add_node("USA", label="Country", kind="Country", name_en="United States")
    >>> for year, value in ((2015, 340.0), (2016, 387.0)):
    ...     _ = g.add_edge("DEU", "USA", type="MIGRATED_TO", year=year, value=value)
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "corridor.gexf"
    >>> write_gexf(g, path, modified="2026-01-31", description="years 2015-2016")
    GexfSummary(relationships=2, edges=1, parallel=0)
    >>> text = path.read_text(encoding="utf-8")
    >>> '<graph mode="dynamic" defaultedgetype="directed" timeformat="integer"' in text
    True
    >>> '<spells><spell start="2015" end="2015"/><spell start="2016" end="2016"/>' in text
    True
    >>> 'lastmodifieddate="2026-01-31"' in text, '<node id="DEU" label="Germany">' in text
    (True, True)
    """
    node_types = {n: t for n, t in node_prop_types().items() if n != "label"}
    edge_types = edge_prop_types()
    static_types = {n: t for n, t in edge_types.items() if n not in DYNAMIC_EDGE_PROPS}
    static_types["parallel"] = "STRING"
    dynamic_types = {n: t for n, t in edge_types.items() if n in DYNAMIC_EDGE_PROPS}
    dynamic_types["weight"] = "DOUBLE"
    edges = ordered_edges(graph)
    node_spells, edge_spans, bounds = _spells(graph, edges)
    lanes = _lanes(edges, edge_spans)
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
        # a graph without any year has nothing to vary in time: all static
        timed = "dynamic" if bounds else "static"
        for cls, mode, types in (("node", "static", node_types), ("edge", "static", static_types),
                                 ("edge", timed, dynamic_types)):
            emit(f'    <attributes class="{cls}" mode="{mode}">\n')
            for name, schema_type in types.items():
                emit(f'      <attribute id="{name}" title="{name}" '
                     f'type="{GEXF_TYPES[schema_type]}"/>\n')
            emit("    </attributes>\n")
        emit(f'    <nodes count="{graph.number_of_nodes()}">\n')
        for node, data in ordered_nodes(graph):
            emit(f"      <node id={_attr(node)} label={_attr(display_name(node, data))}>")
            _emit_values(emit, data, node_types)
            _emit_spell(emit, [node_spells.get(node)])
            emit("</node>\n")
            if progress:
                progress(1)
        emit(f'    </nodes>\n    <edges count="{len(lanes)}">\n')
        kinds: dict[tuple, int] = {}
        for index, lane in enumerate(lanes):
            number = kinds[lane.source, lane.target, lane.type] = kinds.get(
                (lane.source, lane.target, lane.type), 0) + 1
            kind = lane.type if number == 1 else f"{lane.type}#{number}"
            emit(f'      <edge id="{index}" source={_attr(lane.source)} '
                 f'target={_attr(lane.target)} kind={_attr(kind)}>')
            static = dict(lane.static, parallel=lane.reason or None)
            values = [(n, static[n], t, None) for n, t in static_types.items()
                      if static.get(n) is not None]
            for member_span, data in lane.members:
                # networkx reads no dynamic value without start and end: a timeless
                # edge's hold over the whole exported time
                member_span = member_span or bounds
                if data.get("type") in TIMED_RELS and data.get("low") is not None:
                    data = {**data, "weight": data["low"]}
                values += [(n, data[n], t, member_span) for n, t in dynamic_types.items()
                           if data.get(n) is not None]
            if values:
                emit("<attvalues>" + "".join(
                    f'<attvalue for="{n}" value={_attr(typed_text(x, t))}'
                    + (f' start="{s[0]}" end="{s[1]}"/>' if s else "/>")
                    for n, x, t, s in values) + "</attvalues>")
            _emit_spell(emit, [s for s, _ in lane.members])
            emit("</edge>\n")
            if progress:
                progress(len(lane.members))
        emit("    </edges>\n  </graph>\n</gexf>\n")
    return GexfSummary(graph.number_of_edges(), len(lanes), sum(bool(x.reason) for x in lanes))


def _emit_values(emit, data: dict, types: dict) -> None:
    values = [(n, t) for n, t in types.items() if data.get(n) is not None]
    if values:
        emit("<attvalues>" + "".join(
            f'<attvalue for="{n}" value={_attr(typed_text(data[n], t))}/>' for n, t in values
        ) + "</attvalues>")


def _emit_spell(emit, spans) -> None:
    spans = [s for s in spans if s]
    if spans:
        emit("<spells>" + "".join(f'<spell start="{s[0]}" end="{s[1]}"/>' for s in spans)
             + "</spells>")


_DECODE = {
    "long": int, "integer": int, "double": float, "float": float,
    "boolean": lambda text: text == "true", "liststring": json.loads, "string": str,
}


def read_gexf(source):
    """Read a file written by :func:`write_gexf` back into the exported graph.

    Each GEXF edge gives back its relationships: one per spell, with the static
    values of the edge and the dynamic values of that spell (an edge without spells
    is one relationship). What GEXF adds is dropped: spells, edge ids and kinds,
    display labels, ``weight`` (a copy of ``low``) and ``parallel``.

    Parameters
    ----------
    source : path or binary file
        A GEXF 1.3 file written by :func:`write_gexf`.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes with their properties and ``label`` (from ``kind``), one edge per relationship.

    Examples
    --------
    >>> import io
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("KAZ", label="Country", kind="Country", passages=["p01"])
    >>> g.add_node("RUS", label="Country", kind="Country")
    >>> for year, value in ((2019, 30.0), (2020, 20.0)):
    ...     _ = g.add_edge("KAZ", "RUS", type="MIGRATED_TO", year=year, value=value, low=value)
    >>> buffer = io.BytesIO(); _ = write_gexf(g, buffer)
    >>> back = read_gexf(io.BytesIO(buffer.getvalue()))
    >>> back.nodes["KAZ"]
    {'kind': 'Country', 'passages': ['p01'], 'label': 'Country'}
    >>> sorted((d["year"], d["value"], d["low"]) for _, _, d in back.edges(data=True))
    [(2019, 30.0, 30.0), (2020, 20.0, 20.0)]
    """
    import xml.etree.ElementTree as ET

    root = ET.parse(source).getroot()
    declared: dict[tuple[str, str], str] = {}
    for block in root.iter(f"{_NS}attributes"):
        for attribute in block.iter(f"{_NS}attribute"):
            declared[block.get("class"), attribute.get("id")] = attribute.get("type")

    def values(element, cls):
        for value in element.iter(f"{_NS}attvalue"):
            name = value.get("for")
            start = value.get("start")
            when = (int(start), int(value.get("end"))) if start is not None else None
            yield name, _DECODE[declared[cls, name]](value.get("value")), when

    graph = nx.MultiDiGraph()
    for node in root.iter(f"{_NS}node"):
        attrs = {name: x for name, x, _ in values(node, "node")}
        graph.add_node(node.get("id"), **attrs, label=attrs.get("kind"))
    for edge in root.iter(f"{_NS}edge"):
        static, dynamic = {}, {}
        for name, x, when in values(edge, "edge"):
            if name in ("weight", "parallel"):
                continue
            if when is None:
                static[name] = x
            else:
                dynamic.setdefault(when, {})[name] = x
        spells = [(int(s.get("start")), int(s.get("end"))) for s in edge.iter(f"{_NS}spell")]
        if not spells:  # one timeless relationship, its dynamic values over all time
            dynamic = {None: {k: x for held in dynamic.values() for k, x in held.items()}}
        for when in spells or [None]:
            graph.add_edge(edge.get("source"), edge.get("target"),
                           **static, **dynamic.get(when, {}))
    return graph
