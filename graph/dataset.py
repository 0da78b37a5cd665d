"""The validated, store-independent form of the graph: typed node and relationship records.

Examples
--------
>>> ds = Dataset()
>>> ds.add_node("Country", {"id": "KAZ", "name_en": "Kazakhstan"})
>>> ds.add_node("Region", {"id": "cis", "name_en": "CIS"})
>>> ds.add_rel("PART_OF", "Country", "KAZ", "Region", "cis", {})
>>> ds.counts()
{'nodes': {'Country': 1, 'Region': 1}, 'relationships': {'PART_OF': 1}}
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field

from .schema import LABELS, RELATIONSHIPS, display_name

__all__ = ["Dataset", "NodeRecord", "RelRecord"]


@dataclass(frozen=True)
class NodeRecord:
    """One node: its label and its properties (``props["id"]`` is its key).

    Examples
    --------
    >>> node = NodeRecord("Country", {"id": "KAZ", "name_en": "Kazakhstan"})
    >>> node.id, node.label
    ('KAZ', 'Country')
    """

    label: str
    props: dict

    @property
    def id(self) -> str:
        return self.props["id"]


@dataclass(frozen=True)
class RelRecord:
    """One relationship, its endpoints named by label and id.

    Examples
    --------
    >>> rel = RelRecord("PART_OF", "Country", "KAZ", "Region", "cis", {})
    >>> rel.type, rel.from_id, rel.to_id
    ('PART_OF', 'KAZ', 'cis')
    """

    type: str
    from_label: str
    from_id: str
    to_label: str
    to_id: str
    props: dict


@dataclass
class Dataset:
    """The validated, store-independent graph that a store loads.

    Nodes carry two derived properties: ``kind`` (their label) and ``name`` (their
    display name). Labels and relationship types are those of `intelmig.schema`.

    Examples
    --------
    >>> ds = Dataset()
    >>> ds.add_node("Country", {"id": "KAZ", "name_en": "Kazakhstan"})
    >>> ds.add_node("Region", {"id": "cis", "name_en": "CIS"})
    >>> ds.add_rel("PART_OF", "Country", "KAZ", "Region", "cis", {})
    >>> ds.nodes[0].props["kind"], ds.nodes[0].props["name"]
    ('Country', 'Kazakhstan')
    >>> [(key, row["from_id"], row["to_id"])
    ...  for key, rows in ds.rels_by_endpoints().items() for row in rows]
    [(('PART_OF', 'Country', 'Region'), 'KAZ', 'cis')]
    >>> len(ds.fingerprint())  # sha256, hex
    64
    """

    nodes: list[NodeRecord] = field(default_factory=list)
    rels: list[RelRecord] = field(default_factory=list)

    def add_node(self, label: str, props: dict) -> None:
        self.nodes.append(NodeRecord(label, {**props, "kind": label,
                                             "name": display_name(props)}))

    def add_rel(self, type_, from_label, from_id, to_label, to_id, props) -> None:
        self.rels.append(RelRecord(type_, from_label, from_id, to_label, to_id, dict(props)))

    def nodes_by_label(self) -> dict[str, list[dict]]:
        """Node properties grouped by label, every schema property present (None if unset)."""
        grouped: dict[str, list[dict]] = {}
        for node in self.nodes:
            names = LABELS[node.label].prop_names
            grouped.setdefault(node.label, []).append({n: node.props.get(n) for n in names})
        return grouped

    def rels_by_endpoints(self) -> dict[tuple[str, str, str], list[dict]]:
        """Relationship rows grouped by (type, from label, to label), every property present."""
        grouped: dict[tuple[str, str, str], list[dict]] = {}
        for rel in self.rels:
            names = RELATIONSHIPS[rel.type].prop_names
            row = {"from_id": rel.from_id, "to_id": rel.to_id}
            row.update({n: rel.props.get(n) for n in names})
            grouped.setdefault((rel.type, rel.from_label, rel.to_label), []).append(row)
        return grouped

    def counts(self) -> dict:
        return {
            "nodes": dict(sorted(Counter(n.label for n in self.nodes).items())),
            "relationships": dict(sorted(Counter(r.type for r in self.rels).items())),
        }

    def fingerprint(self) -> str:
        """A digest of the content, to tell whether a database matches its seed."""
        digest = hashlib.sha256()
        for node in sorted(self.nodes, key=lambda n: (n.label, n.id)):
            digest.update(json.dumps([node.label, node.props], sort_keys=True).encode())
        for rel in sorted(
            self.rels, key=lambda r: json.dumps(
                [r.type, r.from_id, r.to_id, r.props], sort_keys=True, default=str
            )
        ):
            digest.update(
                json.dumps(
                    [rel.type, rel.from_id, rel.to_id, rel.props], sort_keys=True, default=str
                ).encode()
            )
        return digest.hexdigest()
