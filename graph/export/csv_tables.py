"""CSV tables: ``nodes.csv`` + ``edges.csv`` for spreadsheets and R, and Neo4j bulk-import files.

Plain tables
    ``nodes.csv`` has ``id``, ``label`` and a column for every node property of the
    schema; ``edges.csv`` has ``source``, ``target``, ``type`` and every relationship
    property. An empty cell is a missing value; booleans are ``true``/``false``; list
    properties (``passages``, ``cites``, ``authors``) are JSON lists, which R
    (``jsonlite::fromJSON``) and Python read unambiguously. :func:`read_csv` reads
    the two files back into the graph.

``neo4j-admin database import`` files
    One file per node label (``nodes_Country.csv``) and per relationship type
    (``relationships_MIGRATED_TO.csv``) with Neo4j's typed headers: ``id:ID``,
    ``:LABEL``, ``:START_ID``, ``:END_ID``, ``:TYPE``, ``low:long``, ``low:double``,
    ``historical:boolean``, ``passages:string[]`` (array elements separated by ``;``),
    and ``import.args``: the arguments for ``neo4j-admin database import full``.
    :func:`check_admin_header` is the documented check of that header format.

Examples
--------
>>> import io, networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("KAZ", label="Country", name_en="Kazakhstan", passages=["p01", "p02"])
>>> buffer = io.StringIO(); write_nodes_csv(g, buffer)
>>> header, row = csv.reader(io.StringIO(buffer.getvalue()))
>>> dict(zip(header, row))["passages"]
'["p01","p02"]'
>>> admin_header("Country")[:4]
['id:ID', ':LABEL', 'kind', 'name']
>>> check_admin_header(["id:ID", ":LABEL", "low:double", "passages:string[]"], "nodes")
[]
>>> check_admin_header([":START_ID", "low:real"], "relationships")
["column 'low:real': unknown type 'real'", 'missing :END_ID column', 'missing :TYPE column']
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from ..schema import LABELS, PROP_TYPES, RELATIONSHIPS
from . import ExportError
from ._io import open_output, ordered_edges, ordered_nodes, typed_text
from .slicing import edge_prop_types, node_prop_types

__all__ = [
    "ARRAY_DELIMITER",
    "admin_header",
    "check_admin_header",
    "read_csv",
    "write_csv",
    "write_edges_csv",
    "write_neo4j_admin",
    "write_nodes_csv",
]

ARRAY_DELIMITER = ";"
NEO4J_TYPES = {name: t.neo4j_admin for name, t in PROP_TYPES.items()}
ADMIN_VALUE_TYPES = {"int", "long", "float", "double", "boolean", "byte", "short", "char",
                     "string", "point", "date", "localtime", "time", "localdatetime",
                     "datetime", "duration"}
_ADMIN_FIELDS = {"nodes": ("ID", "LABEL"), "relationships": ("START_ID", "END_ID", "TYPE")}


def _cell(value, schema_type: str) -> str:
    return "" if value is None else typed_text(value, schema_type)


def _parse(text: str, schema_type: str):
    return PROP_TYPES[schema_type].from_text(text)


def write_nodes_csv(graph, target, *, progress=None) -> None:
    """Write ``nodes.csv`` (path or text file opened with ``newline=""``).

    Columns: ``id``, ``label``, then every node property of the schema (the union over
    labels); ``progress`` is called with 1 per row.

    Examples
    --------
    >>> import io
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("KAZ", label="Country", name_en="Kazakhstan", passages=["p01", "p02"])
    >>> g.add_node("RUS", label="Country", name_en="Russia")
    >>> _ = g.add_edge("KAZ", "RUS", type="MIGRATED_TO", measure="flow", low=900.0,
    ...                high=1200.0, year=2019)
    >>> buffer = io.StringIO()
    >>> write_nodes_csv(g, buffer)
    >>> rows = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    >>> [(row["id"], row["label"], row["name_en"], row["passages"]) for row in rows]
    [('KAZ', 'Country', 'Kazakhstan', '["p01","p02"]'), ('RUS', 'Country', 'Russia', '')]
    """
    types = node_prop_types()
    with open_output(target) as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["id", *types])
        for node, data in ordered_nodes(graph):
            writer.writerow([node, *(_cell(data.get(n), t) for n, t in types.items())])
            if progress:
                progress(1)


def write_edges_csv(graph, target, *, progress=None) -> None:
    """Write ``edges.csv`` (path or text file opened with ``newline=""``).

    Columns: ``source``, ``target``, ``type``, then every relationship property of the
    schema; ``low``/``high`` are people (or the unit the edge states).

    Examples
    --------
    >>> import io
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("KAZ", label="Country", name_en="Kazakhstan", passages=["p01", "p02"])
    >>> g.add_node("RUS", label="Country", name_en="Russia")
    >>> _ = g.add_edge("KAZ", "RUS", type="MIGRATED_TO", measure="flow", low=900.0,
    ...                high=1200.0, year=2019)
    >>> buffer = io.StringIO()
    >>> write_edges_csv(g, buffer)
    >>> row = next(csv.DictReader(io.StringIO(buffer.getvalue())))
    >>> row["source"], row["target"], row["type"], row["year"], row["low"], row["high"]
    ('KAZ', 'RUS', 'MIGRATED_TO', '2019', '900.0', '1200.0')
    """
    types = edge_prop_types()
    with open_output(target) as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["source", "target", *types])
        for source, target_, data in ordered_edges(graph):
            writer.writerow([source, target_, *(_cell(data.get(n), t) for n, t in types.items())])
            if progress:
                progress(1)


def write_csv(graph, folder, *, progress=None) -> list[Path]:
    """Write ``nodes.csv`` and ``edges.csv`` into ``folder``; return their paths.

    Examples
    --------
    >>> import tempfile
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("KAZ", label="Country", name_en="Kazakhstan", passages=["p01", "p02"])
    >>> g.add_node("RUS", label="Country", name_en="Russia")
    >>> _ = g.add_edge("KAZ", "RUS", type="MIGRATED_TO", measure="flow", low=900.0,
    ...                high=1200.0, year=2019)
    >>> [path.name for path in write_csv(g, tempfile.mkdtemp())]
    ['nodes.csv', 'edges.csv']
    """
    folder = Path(folder)
    paths = [folder / "nodes.csv", folder / "edges.csv"]
    write_nodes_csv(graph, paths[0], progress=progress)
    write_edges_csv(graph, paths[1], progress=progress)
    return paths


def read_csv(folder):
    """Read ``nodes.csv`` and ``edges.csv`` written by :func:`write_csv` into a MultiDiGraph.

    Cells are typed by the schema (years as int, volumes as float, lists from JSON);
    empty cells are left out.

    Raises
    ------
    OSError
        When a file is missing.

    Examples
    --------
    >>> import tempfile
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("KAZ", label="Country", name_en="Kazakhstan", passages=["p01", "p02"])
    >>> g.add_node("RUS", label="Country", name_en="Russia")
    >>> _ = g.add_edge("KAZ", "RUS", type="MIGRATED_TO", measure="flow", low=900.0,
    ...                high=1200.0, year=2019)
    >>> folder = tempfile.mkdtemp()
    >>> _ = write_csv(g, folder)
    >>> back = read_csv(folder)
    >>> list(back.edges(data=True)) == list(g.edges(data=True))
    True
    >>> back.nodes["KAZ"]
    {'label': 'Country', 'name_en': 'Kazakhstan', 'passages': ['p01', 'p02']}
    """
    import networkx as nx

    folder = Path(folder)
    graph = nx.MultiDiGraph()
    for name, types, add in (
        ("nodes.csv", node_prop_types(), lambda row, attrs: graph.add_node(row["id"], **attrs)),
        ("edges.csv", edge_prop_types(),
         lambda row, attrs: graph.add_edge(row["source"], row["target"], **attrs)),
    ):
        with open(folder / name, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                attrs = {n: _parse(row[n], t) for n, t in types.items()}
                add(row, {n: v for n, v in attrs.items() if v is not None})
    return graph


# -- neo4j-admin database import -------------------------------------------------

def admin_header(label: str) -> list[str]:
    """The typed header of the node file of ``label``.

    Examples
    --------
    >>> header = admin_header("Country")
    >>> header[:2], [c for c in header if c.startswith(("m49", "historical", "passages"))]
    (['id:ID', ':LABEL'], ['m49:long', 'historical:boolean', 'passages:string[]'])
    """
    props = [p for p in LABELS[label].props if p.name != "id"]
    return ["id:ID", ":LABEL", *(p.name + NEO4J_TYPES[p.type] for p in props)]


def admin_rel_header(rel_type: str) -> list[str]:
    """The typed header of the relationship file of ``rel_type``."""
    props = RELATIONSHIPS[rel_type].props
    return [":START_ID", ":END_ID", ":TYPE", *(p.name + NEO4J_TYPES[p.type] for p in props)]


_COLUMN = re.compile(r"^(?P<name>[^:]*)(?::(?P<kind>[A-Za-z_]+)(?P<array>\[\])?)?$")


def check_admin_header(header: list[str], kind: str) -> list[str]:
    """Problems of a ``neo4j-admin database import`` CSV header; empty when it is valid.

    The rules, from the Neo4j Operations Manual ("Import: CSV header format"): a
    column is ``name``, ``name:type`` or ``name:type[]`` with a Neo4j value type,
    or a field ``[name]:ID``, ``:LABEL``, ``:START_ID``, ``:END_ID``, ``:TYPE``
    (field names are case-insensitive, ``ID`` may carry an ``(id space)``); a node
    file has exactly one ``:ID`` and a relationship file exactly one each of
    ``:START_ID``, ``:END_ID``, ``:TYPE``; property names are unique.

    Parameters
    ----------
    header : list of str
    kind : {"nodes", "relationships"}

    Examples
    --------
    >>> check_admin_header(["id:ID(Country)", ":LABEL", "name", "m49:long"], "nodes")
    []
    >>> check_admin_header(["id:ID", "name", "name:string", ":TYPE"], "nodes")
    ["column 'name:string': duplicate property 'name'", 'missing :LABEL column', ':TYPE column in a nodes file']
    """
    problems, seen_fields, seen_names = [], [], set()
    for column in header:
        base = re.sub(r"\([^)]*\)$", "", column)  # an ID space: id:ID(Country)
        match = _COLUMN.match(base)
        if not match:
            problems.append(f"column {column!r}: not name[:type]")
            continue
        name, type_ = match["name"], (match["kind"] or "").lower()
        if type_.upper() in ("ID", "LABEL", "START_ID", "END_ID", "TYPE", "IGNORE"):
            seen_fields.append(type_.upper())
            if type_.upper() not in ("ID", "IGNORE") and name:
                problems.append(f"column {column!r}: :{type_.upper()} takes no name")
        elif not name:
            problems.append(f"column {column!r}: a property needs a name")
        elif type_ and type_ not in ADMIN_VALUE_TYPES:
            problems.append(f"column {column!r}: unknown type {type_!r}")
        if name and type_.upper() not in ("LABEL", "START_ID", "END_ID", "TYPE", "IGNORE"):
            if name in seen_names:
                problems.append(f"column {column!r}: duplicate property {name!r}")
            seen_names.add(name)
    for field in _ADMIN_FIELDS[kind]:
        count = seen_fields.count(field)
        if count != 1:
            problems.append(f"{'missing' if count == 0 else 'repeated'} :{field} column")
    wrong = {"nodes": ("START_ID", "END_ID", "TYPE"), "relationships": ("ID", "LABEL")}[kind]
    problems += [f":{f} column in a {kind} file" for f in wrong if f in seen_fields]
    return problems


def _admin_cell(value, schema_type: str, where: str) -> str:
    if value is None:
        return ""
    if schema_type == "STRING[]":
        for item in value:
            if ARRAY_DELIMITER in item:
                raise ExportError(f"{where}: list item {item!r} contains the array delimiter "
                                  f"{ARRAY_DELIMITER!r} of the neo4j-admin export")
        return ARRAY_DELIMITER.join(value)
    return _cell(value, schema_type)


def write_neo4j_admin(graph, folder, *, database: str = "neo4j", progress=None) -> list[Path]:
    """Write the node and relationship files for ``neo4j-admin database import full``.

    Returns the written paths; ``import.args`` among them lists the arguments,
    to be run in the folder as ``neo4j-admin database import full $(cat import.args)``.

    Raises
    ------
    intelmig.export.ExportError
        A list item holds the array delimiter ``;`` (it would split on import).

    Examples
    --------
    >>> import tempfile
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("KAZ", label="Country", name_en="Kazakhstan", passages=["p01", "p02"])
    >>> g.add_node("RUS", label="Country", name_en="Russia")
    >>> _ = g.add_edge("KAZ", "RUS", type="MIGRATED_TO", measure="flow", low=900.0,
    ...                high=1200.0, year=2019)
    >>> paths = write_neo4j_admin(g, tempfile.mkdtemp(), database="migration")
    >>> [path.name for path in paths]
    ['nodes_Country.csv', 'relationships_MIGRATED_TO.csv', 'import.args']
    >>> print(paths[-1].read_text(), end="")
    migration
    --array-delimiter=;
    --multiline-fields=true
    --nodes=nodes_Country.csv
    --relationships=relationships_MIGRATED_TO.csv
    >>> [line.split(",")[:2] for line in paths[0].read_text().splitlines()]
    [['id:ID', ':LABEL'], ['KAZ', 'Country'], ['RUS', 'Country']]
    """
    folder = Path(folder)
    by_label: dict[str, list] = {}
    for node, data in ordered_nodes(graph):
        by_label.setdefault(data["label"], []).append((node, data))
    by_type: dict[str, list] = {}
    for edge in ordered_edges(graph):
        by_type.setdefault(edge[2]["type"], []).append(edge)
    paths, arguments = [], []
    for label, nodes in by_label.items():
        props = [p for p in LABELS[label].props if p.name != "id"]
        path = folder / f"nodes_{label}.csv"
        with open_output(path) as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(admin_header(label))
            for node, data in nodes:
                writer.writerow([node, label, *(
                    _admin_cell(data.get(p.name), p.type, f"{label} {node} {p.name}")
                    for p in props)])
                if progress:
                    progress(1)
        paths.append(path)
        arguments.append(f"--nodes={path.name}")
    for rel_type, edges in by_type.items():
        props = RELATIONSHIPS[rel_type].props
        path = folder / f"relationships_{rel_type}.csv"
        with open_output(path) as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(admin_rel_header(rel_type))
            for source, target, data in edges:
                where = f"{rel_type} {source}->{target} "
                writer.writerow([source, target, rel_type, *(
                    _admin_cell(data.get(p.name), p.type, where + p.name) for p in props)])
                if progress:
                    progress(1)
        paths.append(path)
        arguments.append(f"--relationships={path.name}")
    args_path = folder / "import.args"
    with open_output(args_path) as out:
        # The database name goes first: --nodes/--relationships take any number of files
        # and would swallow a trailing name as one more.
        out.write("\n".join([database, f"--array-delimiter={ARRAY_DELIMITER}",
                             "--multiline-fields=true", *arguments]) + "\n")
    return [*paths, args_path]
