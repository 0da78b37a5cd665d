"""GEXF 1.3: valid against the official schema, dynamic, and read back equal by networkx."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from intelmig.export.gexf import read_gexf, write_gexf
from intelmig.export.slicing import Slice, select
from tests import test_export_helpers as helpers
from tests.test_export_helpers import assert_same_graph

# fixtures of the export tests, shared through the helper module
export_dataset = helpers.export_dataset
export_db = helpers.export_db
export_graph = helpers.export_graph

SCHEMA = Path(__file__).resolve().parent.parent.parent / "shared" / "schemas" / "gexf-1.3"


@pytest.fixture(scope="module")
def gexf_schema():
    if not (SCHEMA / "gexf.xsd").exists():
        pytest.skip(f"the official GEXF 1.3 schema is not at {SCHEMA} (it is not vendored)")
    from lxml import etree

    return etree.XMLSchema(etree.parse(str(SCHEMA / "gexf.xsd")))


@pytest.mark.parametrize("slice_", [Slice(), Slice(era="stage4"), Slice(year_from=1990)])
def test_gexf_validates_and_round_trips(export_graph, gexf_schema, tmp_path, slice_):
    from lxml import etree

    graph = select(export_graph, slice_)
    path = tmp_path / "g.gexf"
    write_gexf(graph, path, modified="2024-05-01", description=slice_.describe())
    document = etree.parse(str(path))
    assert gexf_schema.validate(document), gexf_schema.error_log
    assert_same_graph(read_gexf(path), graph)


def test_gexf_timeline_spells(export_graph, tmp_path):
    path = tmp_path / "g.gexf"
    write_gexf(export_graph, path)
    raw = nx.read_gexf(path)  # plain networkx, no help from us
    assert raw.graph["mode"] == "dynamic"
    assert raw.nodes["stage2"]["spells"] == [(1960, 1979)]
    assert raw.nodes["f3"]["spells"] == [(1990, 1999)]
    # the ongoing stage 4 and a flow "since 2005" end at the last year the graph mentions
    assert raw.nodes["stage4"]["spells"] == [(2000, 2005)]
    assert raw.nodes["f5"]["spells"] == [(2005, 2005)]
    migrations = {(u, v): d for u, v, d in raw.edges(data=True) if d["type"] == "MIGRATED_TO"}
    # a dynamic value is (value, start, end): the flow f1 holds in stage 1's years
    assert migrations["DEU", "USA"]["spells"] == [(1945, 1959)]
    assert migrations["DEU", "USA"]["flow"] == [("f1", 1945, 1959)]
    from_edges = [d["spells"] for u, v, d in raw.edges(data=True)
                  if u == "f2" and d["type"] == "FROM"]
    assert from_edges == [[(1960, 1979)]]
    assert "spells" not in raw.nodes["KAZ"], "places stay visible all the time"
    assert raw.nodes["KAZ"]["label"] == "Kazakhstan"


def test_gexf_graph_spans_the_years_and_progress_counts_every_element(export_graph, tmp_path):
    from lxml import etree

    counted = []
    write_gexf(export_graph, tmp_path / "g.gexf", progress=counted.append)
    assert sum(counted) == export_graph.number_of_nodes() + export_graph.number_of_edges()
    graph = etree.parse(str(tmp_path / "g.gexf")).find("{*}graph")
    # stage 1 starts in 1945; the last year the fixture mentions is f5's 2005
    assert (graph.get("start"), graph.get("end")) == ("1945", "2005")


def test_gexf_is_deterministic_and_has_no_clock_date(export_graph, tmp_path):
    write_gexf(export_graph, tmp_path / "a.gexf")
    write_gexf(export_graph, tmp_path / "b.gexf")
    text = (tmp_path / "a.gexf").read_bytes()
    assert text == (tmp_path / "b.gexf").read_bytes()
    assert b"lastmodifieddate" not in text


def _dynamic_values(edge):
    """``{(start, end): {name: value}}`` of one lxml ``<edge>``."""
    held = {}
    for value in edge.iter("{*}attvalue"):
        if value.get("start") is not None:
            held.setdefault((value.get("start"), value.get("end")), {})[
                value.get("for")] = value.get("value")
    return held


def test_gexf_edge_weight_is_the_stated_lower_bound(export_graph, tmp_path):
    from lxml import etree

    write_gexf(export_graph, tmp_path / "g.gexf")
    weights = {}
    for edge in etree.parse(str(tmp_path / "g.gexf")).iter("{*}edge"):
        for held in _dynamic_values(edge).values():
            if "weight" in held:
                weights[edge.get("source"), edge.get("target"), held["flow"]] = held["weight"]
    # the fixture seed states f1 2000-9999, f2 6000-8000 (two pairs), f3 20000-90000, f5 >500
    assert weights == {("DEU", "USA", "f1"): "2000.0", ("GBR", "USA", "f2"): "6000.0",
                       ("GBR", "CAN", "f2"): "6000.0", ("IND", "USA", "f3"): "20000.0",
                       ("KAZ", "GBR", "f5"): "500.0", ("KAZ", "USA", "f5"): "500.0"}


def _corridor_graph():
    """DEU->USA: four yearly rows of one dataset, a second dataset's 2016 row (overlaps),
    an era-dated flow in stage 1, a 2019 row stated in a passage (a static property the
    others lack), and two undated concept links of the same type."""
    graph = nx.MultiDiGraph()
    graph.add_node("stage1", label="Era", kind="Era", start_year=1945, end_year=1959)
    for place in ("DEU", "USA"):
        graph.add_node(place, label="Country", kind="Country")
    graph.add_node("a", label="Concept", kind="Concept")
    graph.add_node("b", label="Concept", kind="Concept")
    for row, (year, value) in enumerate(((2015, 340.0), (2016, 387.0), (2017, 402.0),
                                         (2018, 398.0)), start=2):
        graph.add_edge("DEU", "USA", type="MIGRATED_TO", dataset="mpidr", measure="flow",
                       year=year, value=value, low=value, high=value, file="f.csv", row=row)
    graph.add_edge("DEU", "USA", type="MIGRATED_TO", dataset="oecd", measure="flow",
                   year=2016, value=500.0, low=500.0, high=500.0, file="o.csv", row=7)
    graph.add_edge("DEU", "USA", type="MIGRATED_TO", flow="f1", era="stage1", low=2000.0,
                   high=9999.0, measure="flow")
    graph.add_edge("DEU", "USA", type="MIGRATED_TO", year=2019, low=1.0, passages=["p1"])
    graph.add_edge("a", "b", type="RELATED_TO", relation="synonym_of")
    graph.add_edge("a", "b", type="RELATED_TO", relation="narrower_than", note="x")
    return graph


def test_gexf_one_edge_per_corridor_with_yearly_values(gexf_schema, tmp_path):
    from lxml import etree

    graph = _corridor_graph()
    path = tmp_path / "c.gexf"
    summary = write_gexf(graph, path)
    document = etree.parse(str(path))
    assert gexf_schema.validate(document), gexf_schema.error_log
    edges = {e.get("kind"): e for e in document.iter("{*}edge") if e.get("source") == "DEU"}
    # the stage-1 flow and the mpidr years share one edge; oecd's 2016 overlaps mpidr's 2016
    # and the 2019 row joins it; the row with passages has an edge of its own
    assert sorted(edges) == ["MIGRATED_TO", "MIGRATED_TO#2", "MIGRATED_TO#3"]
    main = edges["MIGRATED_TO"]
    assert [(s.get("start"), s.get("end")) for s in main.iter("{*}spell")] == [
        ("1945", "1959"), ("2015", "2015"), ("2016", "2016"), ("2017", "2017"),
        ("2018", "2018")]
    held = _dynamic_values(main)
    assert held["2016", "2016"]["value"] == "387.0" and held["2016", "2016"]["row"] == "3"
    assert held["1945", "1959"]["flow"] == "f1" and held["1945", "1959"]["era"] == "stage1"
    assert held["2015", "2015"]["dataset"] == "mpidr"
    second = edges["MIGRATED_TO#2"]
    assert _dynamic_values(second) == {("2016", "2016"): {
        "dataset": "oecd", "measure": "flow", "year": "2016", "low": "500.0", "high": "500.0",
        "value": "500.0", "file": "o.csv", "row": "7", "weight": "500.0"}}

    def parallel(edge):
        return [v.get("value") for v in edge.iter("{*}attvalue") if v.get("for") == "parallel"]

    assert parallel(main) == []
    assert parallel(second) == ["its years overlap (2016) those of another MIGRATED_TO "
                                "relationship between the same nodes; Gephi would merge them"]
    assert parallel(edges["MIGRATED_TO#3"]) == [
        "its passages differ from those of another MIGRATED_TO relationship between the same "
        "nodes; Gephi would merge them"]
    concepts = {e.get("kind"): parallel(e) for e in document.iter("{*}edge")
                if e.get("source") == "a"}
    assert concepts == {"RELATED_TO": [], "RELATED_TO#2": [
        "it has no years, so it holds whenever another RELATED_TO relationship between the "
        "same nodes does; Gephi would merge them"]}, "undated twins are never merged"
    assert (summary.relationships, summary.edges, summary.parallel) == (9, 5, 3)
    assert_same_graph(read_gexf(path), graph)
    # the declarations: yearly properties dynamic, the rest static
    modes = {(a.getparent().get("mode"), a.get("id")) for a in document.iter("{*}attribute")
             if a.getparent().get("class") == "edge"}
    assert {("dynamic", "value"), ("dynamic", "year"), ("dynamic", "dataset"),
            ("dynamic", "weight"), ("static", "type"), ("static", "relation"),
            ("static", "parallel"), ("static", "passages")} <= modes


def test_gexf_without_years_declares_everything_static(tmp_path):
    graph = nx.MultiDiGraph()
    graph.add_node("a", label="Concept", kind="Concept")
    graph.add_node("b", label="Concept", kind="Concept")
    graph.add_edge("a", "b", type="RELATED_TO", relation="synonym_of", note="n")
    write_gexf(graph, tmp_path / "g.gexf")
    raw = nx.read_gexf(tmp_path / "g.gexf")
    assert raw.edges["a", "b"]["note"] == "n"
    assert_same_graph(read_gexf(tmp_path / "g.gexf"), graph)
