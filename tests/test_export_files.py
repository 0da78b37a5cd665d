"""Graph files: GraphML, node-link/Cytoscape JSON and CSV read back equal to the export."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest

from intelmig.errors import ParameterError
from intelmig.export import ExportError
from intelmig.export.csv_tables import (
    check_admin_header,
    read_csv,
    write_csv,
    write_neo4j_admin,
)
from intelmig.export.graphml import read_graphml, write_graphml
from intelmig.export.json_graph import read_cytoscape, write_cytoscape, write_node_link
from intelmig.export.slicing import Slice, select
from tests import test_export_helpers as helpers
from tests.test_export_helpers import HOSTILE, assert_same_graph

# fixtures of the export tests, shared through the helper module
export_dataset = helpers.export_dataset
export_db = helpers.export_db
export_graph = helpers.export_graph


def test_fixture_graph_has_the_hard_cases(export_graph):
    assert export_graph.nodes["KAZ"]["note"] == HOSTILE
    assert export_graph.number_of_edges() == 48
    assert any(d.get("pairs") == 2 for _, _, d in export_graph.edges(data=True))


def test_graphml_round_trip_and_types(export_graph, tmp_path):
    path = tmp_path / "g.graphml"
    counted = []
    write_graphml(export_graph, path, progress=counted.append)
    assert sum(counted) == export_graph.number_of_nodes() + export_graph.number_of_edges()
    assert_same_graph(read_graphml(path), export_graph)
    raw = nx.read_graphml(path, force_multigraph=True)  # plain networkx, no help from us
    assert raw.nodes["DEU"]["m49"] == 276 and raw.nodes["DEU"]["historical"] is False
    assert raw.nodes["p01"]["cites"] == '["ref1","ref2"]'
    text = path.read_text(encoding="utf-8")
    assert 'attr.name="low" attr.type="double"' in text
    assert 'attr.name="passages" attr.type="string"><desc>JSON list' in text


def test_graphml_parallel_relationships_get_their_own_gephi_edge_type(export_graph, tmp_path):
    from collections import Counter

    from lxml import etree

    graph = export_graph.copy()
    for year, value in ((2016, 10.0), (2015, 20.0)):  # two rows of the f1 corridor DEU->USA
        graph.add_edge("DEU", "USA", type="MIGRATED_TO", dataset="d", year=year, value=value)
    path = tmp_path / "g.graphml"
    parallel = write_graphml(graph, path)
    edges = list(etree.parse(str(path)).iter("{*}edge"))
    # Gephi keys an edge by source, target and the <edge label> (its edge type)
    keys = Counter((e.get("source"), e.get("target"), e.get("label")) for e in edges)
    assert len(edges) == graph.number_of_edges() and set(keys.values()) == {1}
    groups = Counter((u, v, d["type"]) for u, v, d in graph.edges(data=True))
    assert parallel == sum(n - 1 for n in groups.values()) == 2
    data = {e.get("label"): {d.get("key"): d.text for d in e} for e in edges
            if e.get("source") == "DEU" and e.get("target") == "USA"}
    # numbered in order of their years: f1 (stage 1, from 1945), then 2015, then 2016
    assert {k: (v.get("e_flow"), v.get("e_year")) for k, v in data.items()} == {
        "MIGRATED_TO": ("f1", None), "MIGRATED_TO#2": (None, "2015"),
        "MIGRATED_TO#3": (None, "2016")}
    assert {v["e_type"] for v in data.values()} == {"MIGRATED_TO"}
    assert_same_graph(read_graphml(path), graph)


@pytest.mark.parametrize("writer", [write_graphml, write_node_link, write_cytoscape])
def test_same_graph_same_bytes_whatever_the_insertion_order(export_graph, tmp_path, writer):
    shuffled = nx.MultiDiGraph()
    shuffled.add_nodes_from(reversed(list(export_graph.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(export_graph.edges(data=True))))
    first, second = tmp_path / "a", tmp_path / "b"
    writer(export_graph, first)
    writer(shuffled, second)
    assert first.read_bytes() == second.read_bytes()


def test_writers_accept_open_files(export_graph):
    binary = io.BytesIO()
    write_graphml(export_graph, binary)
    text = io.StringIO()
    write_node_link(export_graph, text)
    assert binary.getvalue().startswith(b"<?xml") and text.getvalue().startswith("{")


def test_node_link_round_trip(export_graph, tmp_path):
    path = tmp_path / "g.json"
    write_node_link(export_graph, path, graph_attrs={"slice": "all periods"})
    data = json.loads(path.read_text(encoding="utf-8"))
    back = nx.node_link_graph(data, edges="edges")
    assert_same_graph(back, export_graph)
    assert back.graph == {"slice": "all periods"}


def test_cytoscape_round_trip(export_graph, tmp_path):
    path = tmp_path / "g.cyjs"
    write_cytoscape(export_graph, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    ids = [e["data"]["id"] for e in data["elements"]["nodes"] + data["elements"]["edges"]]
    assert len(ids) == len(set(ids)), "Cytoscape.js needs unique element ids"
    assert_same_graph(read_cytoscape(data), export_graph)


def test_csv_round_trip(export_graph, tmp_path):
    write_csv(export_graph, tmp_path)
    assert_same_graph(read_csv(tmp_path), export_graph)
    with open(tmp_path / "edges.csv", encoding="utf-8", newline="") as handle:
        migrations = [r for r in csv.DictReader(handle) if r["type"] == "MIGRATED_TO"]
    # provenance by reference: each row names its Flow, which carries passages and cites
    assert migrations and all(export_graph.nodes[r["flow"]]["passages"] for r in migrations)


def test_neo4j_admin_files_have_valid_headers(export_graph, tmp_path):
    paths = write_neo4j_admin(export_graph, tmp_path)
    names = sorted(p.name for p in paths)
    assert "nodes_Country.csv" in names and "relationships_MIGRATED_TO.csv" in names
    for path in paths:
        if path.suffix != ".csv":
            continue
        kind = "nodes" if path.name.startswith("nodes_") else "relationships"
        with open(path, encoding="utf-8", newline="") as handle:
            header, *rows = list(csv.reader(handle))
        assert check_admin_header(header, kind) == [], path.name
        assert all(len(row) == len(header) for row in rows)
    with open(tmp_path / "relationships_MIGRATED_TO.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {"low:double", "pairs:long", "row:long", "flow"} <= set(rows[0])
    with open(tmp_path / "nodes_Passage.csv", encoding="utf-8", newline="") as f:
        passages = {r["id:ID"]: r for r in csv.DictReader(f)}
    assert passages["p01"]["cites:string[]"] == "ref1;ref2"
    args = (tmp_path / "import.args").read_text().split()
    assert "--array-delimiter=;" in args and args[0] == "neo4j"
    assert sum(a.startswith("--nodes=") for a in args) == 9


def test_admin_header_check_finds_mistakes():
    assert check_admin_header(["id:ID", ":LABEL", "name:str"], "nodes") == [
        "column 'name:str': unknown type 'str'"]
    assert "repeated :ID column" in check_admin_header(["a:ID", "b:ID", ":LABEL"], "nodes")
    assert ":START_ID column in a nodes file" in check_admin_header(
        ["id:ID", ":START_ID"], "nodes")


def test_admin_export_refuses_a_list_item_with_the_delimiter(tmp_path):
    graph = nx.MultiDiGraph()
    graph.add_node("ref9", label="Source", authors=["Smith; Jones"])
    with pytest.raises(ExportError, match=r"Source ref9 authors: list item 'Smith; Jones'"):
        write_neo4j_admin(graph, tmp_path)


def test_slices(export_graph):
    stage2 = select(export_graph, Slice(era="stage2"))
    flows = {n for n, d in stage2.nodes(data=True) if d["label"] == "Flow"}
    assert flows == {"f2"} and "e1" in stage2
    migrations = [(u, v) for u, v, d in stage2.edges(data=True) if d["type"] == "MIGRATED_TO"]
    assert sorted(migrations) == [("GBR", "CAN"), ("GBR", "USA")]
    span = select(export_graph, Slice(year_from=1995, year_to=2003))
    assert {n for n, d in span.nodes(data=True) if d["label"] == "Flow"} == {"f3", "f4"}
    ongoing = select(export_graph, Slice(year_from=2030, year_to=2030))
    assert {n for n, d in ongoing.nodes(data=True) if d["label"] == "Flow"} == {"f4", "f5"}
    with pytest.raises(ParameterError, match="unknown era 'stage9'; the graph has: stage1"):
        select(export_graph, Slice(era="stage9"))


def test_neo4j_admin_import_gives_the_same_graph(export_graph, tmp_path):
    """Run the real `neo4j-admin database import full` on the files, then read them back.

    Starts a second Neo4j on the imported store (about a minute), so it runs on CI
    (CI=true) or with INTELMIG_TEST_NEO4J_ADMIN=1.
    """
    import os
    import shutil
    import subprocess
    import sys

    from tests.conftest import NEO4J_TOOLS, on_ci

    if not (on_ci() or os.environ.get("INTELMIG_TEST_NEO4J_ADMIN") == "1"):
        pytest.skip("slow (a second Neo4j server): set INTELMIG_TEST_NEO4J_ADMIN=1 or CI=true")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME") and not on_ci():
        pytest.skip("java (17 or 21) not found for tools/neo4j")
    folder, data = tmp_path / "import", tmp_path / "neo4j"
    write_neo4j_admin(export_graph, folder)
    arguments = (folder / "import.args").read_text().split("\n")
    done = subprocess.run(
        [sys.executable, str(NEO4J_TOOLS / "neo4j_launcher.py"), "import", "--data", str(data),
         "--", "full", *[a for a in arguments if a]],
        cwd=folder, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    sys.path.insert(0, str(NEO4J_TOOLS))
    import neo4j_launcher

    from intelmig.stores.neo4j import Neo4jStore

    with (neo4j_launcher.start(data, port=0, timeout=240) as server,
          Neo4jStore(server.uri, server.user, server.password, "neo4j") as store):
        assert_same_graph(store.to_networkx(), export_graph)


def test_a_person_whose_id_is_a_country_code_stays_a_node_of_its_own(tmp_path, runner):
    from intelmig.cli import cli

    import networkx as nx

    from intelmig.stores.embedded import EmbeddedStore

    people = tmp_path / "people.csv"
    people.write_text("person,person_label,birth_country,occupation,country,year\n"
                      "KAZ,A scholar called KAZ,KAZ,physicist,USA,1990\n", encoding="utf-8")
    env = {"INTELMIG_DB": str(tmp_path / "db.lbug"), "INTELMIG_WORKSPACE": str(tmp_path / "ws")}
    assert runner.invoke(cli, ["seed"], env=env).exit_code == 0
    result = runner.invoke(cli, ["import", "persons", str(people), "--dataset-id", "p"], env=env)
    assert result.exit_code == 0, result.output
    with EmbeddedStore(tmp_path / "db.lbug") as store:
        graph = store.to_networkx()
    assert graph.nodes["Country:KAZ"]["label"] == "Country"
    assert graph.nodes["Person:KAZ"]["label"] == "Person"
    assert graph.nodes["Person:KAZ"]["id"] == "KAZ" and "KAZ" not in graph
    out = tmp_path / "g.graphml"
    assert runner.invoke(cli, ["export", "graphml", "-o", str(out)], env=env).exit_code == 0
    read = nx.read_graphml(out)
    assert {"Country:KAZ", "Person:KAZ"} <= set(read.nodes)
