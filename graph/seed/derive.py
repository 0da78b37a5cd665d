"""Edges the seed implies but does not write: provenance links and country-to-country moves.

A pure function of the nodes and relationships read, so it can be property-tested.

* every node's ``passages`` become ``STATED_IN`` edges, every passage's ``cites`` ``CITES``;
* every Flow with origins O and destinations D becomes one ``MIGRATED_TO`` edge per pair
  (o, d), o != d, carrying the flow id and its stated bounds unchanged, and ``pairs`` =
  |O| x |D|, so analyses know the volume is shared and never split it;
* a Flow flagged ``source_error`` (the source evidently misstates it) keeps its node and
  its FROM/TO edges, as stated, but becomes no ``MIGRATED_TO`` edge: no measure counts
  a movement the source got wrong.

Examples
--------
>>> from intelmig.dataset import Dataset
>>> ds = Dataset()
>>> for code in ("DEU", "FRA", "USA"):
...     ds.add_node("Country", {"id": code})
>>> ds.add_node("Flow", {"id": "f", "low": 10, "high": 20})
>>> ds.add_rel("FROM", "Flow", "f", "Country", "DEU", {})
>>> ds.add_rel("FROM", "Flow", "f", "Country", "FRA", {})
>>> ds.add_rel("TO", "Flow", "f", "Country", "USA", {})
>>> labels = {n.id: n.label for n in ds.nodes}
>>> rels, loops = derive_edges(ds.nodes, ds.rels, labels, [("f", {"low": 10, "high": 20})])
>>> [(r[2], r[4], r[5]["pairs"], r[5]["high"]) for r in rels]
[('DEU', 'USA', 2, 20.0), ('FRA', 'USA', 2, 20.0)]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

__all__ = ["derive_edges"]


def derive_edges(nodes: Iterable, rels: Iterable, labels: Mapping[str, str],
                 flows: Iterable[tuple[str, dict]]) -> tuple[list[tuple], list[tuple[str, str]]]:
    """The derived relationships, and the (flow id, place) pairs that would be self-loops.

    Parameters
    ----------
    nodes : iterable of Node
        Nodes read from the seed (``.label``, ``.id``, ``.props``).
    rels : iterable of Rel
        Relationships read (``.type``, ``.from_id``, ``.to_id``); Flow ``FROM``/``TO``/
        ``DURING`` edges give the pairs.
    labels : mapping of id to label
    flows : iterable of (flow id, properties)

    Returns
    -------
    derived : list of (type, from_label, from_id, to_label, to_id, props)
        ``MIGRATED_TO`` props carry ``flow``, ``pairs`` and the flow's bounds (persons,
        or the unit the flow states) as floats.
    self_loops : list of (flow id, place id)
        A place that is both an origin and a destination of one flow: no edge is made.

    Examples
    --------
    >>> from intelmig.dataset import Dataset
    >>> ds = Dataset()
    >>> ds.add_node("Country", {"id": "KAZ"})
    >>> ds.add_node("Passage", {"id": "p01"})
    >>> ds.add_node("Flow", {"id": "f", "low": 5, "high": 5, "passages": ["p01"]})
    >>> ds.add_rel("FROM", "Flow", "f", "Country", "KAZ", {})
    >>> ds.add_rel("TO", "Flow", "f", "Country", "KAZ", {})
    >>> labels = {n.id: n.label for n in ds.nodes}
    >>> rels, loops = derive_edges(ds.nodes, ds.rels, labels, [("f", {"low": 5, "high": 5})])
    >>> [(r[0], r[2], r[4]) for r in rels], loops
    ([('STATED_IN', 'f', 'p01')], [('f', 'KAZ')])
    """
    derived: list[tuple] = []
    for node in list(nodes):
        if node.label != "Passage":
            for passage in node.props.get("passages") or []:
                if labels.get(passage) == "Passage":
                    derived.append(("STATED_IN", node.label, node.id, "Passage", passage, {}))
        else:
            for source in node.props.get("cites") or []:
                if labels.get(source) == "Source":
                    derived.append(("CITES", "Passage", node.id, "Source", source, {}))
    ends: dict[tuple[str, str], list[str]] = {}
    for rel in rels:
        if rel.type in ("FROM", "TO", "DURING"):
            ends.setdefault((rel.from_id, rel.type), []).append(rel.to_id)
    self_loops = []
    for flow_id, props in flows:
        if props.get("source_error"):
            continue
        origins = ends.get((flow_id, "FROM"), [])
        destinations = ends.get((flow_id, "TO"), [])
        eras = ends.get((flow_id, "DURING"), [None])
        pairs = len(origins) * len(destinations)
        for origin in origins:
            for destination in destinations:
                if origin == destination:
                    self_loops.append((flow_id, origin))
                    continue
                derived.append((
                    "MIGRATED_TO", labels[origin], origin, labels[destination], destination,
                    {
                        "flow": flow_id,
                        "measure": props.get("measure") or "qualitative",
                        "era": eras[0],
                        "year_start": props.get("year_start"),
                        "year_end": props.get("year_end"),
                        "low": _float(props.get("low")),
                        "high": _float(props.get("high")),
                        "pairs": pairs,
                        "note": props.get("note"),
                    },
                ))
    return derived, self_loops


def _float(value):
    return None if value is None else float(value)
