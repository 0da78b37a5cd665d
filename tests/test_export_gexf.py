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
    raw = nx.read_gexf(path)
    assert raw.graph["mode"] == "dynamic"
    assert raw.nodes["stage2"]["spells"] == [(1960, 1979)]
    assert raw.nodes["f3"]["spells"] == [(1990, 1999)]
    # the ongoing stage 4 and a flow "since 2005" end at the last year the graph mentions
    assert raw.nodes["stage4"]["spells"] == [(2000, 2005)]
    assert raw.nodes["f5"]["spells"] == [(2005, 2005)]
    spells = {(u, v, d["flow"]): d["spells"] for u, v, d in raw.edges(data=True)
              if d["type"] == "MIGRATED_TO"}
    assert spells[("DEU", "USA", "f1")] == [(1945, 1959)]
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


def test_gexf_edge_weight_is_the_stated_lower_bound(export_graph, tmp_path):
    from lxml import etree

    write_gexf(export_graph, tmp_path / "g.gexf")
    weights = {}
    for edge in etree.parse(str(tmp_path / "g.gexf")).iter("{*}edge"):
        values = {v.get("for"): v.get("value") for v in edge.iter("{*}attvalue")}
        if edge.get("weight") is not None:
            weights[edge.get("source"), edge.get("target"), values["flow"]] = edge.get("weight")
    # the fixture seed states f1 2000-9999, f2 6000-8000 (two pairs), f3 20000-90000, f5 >500
    assert weights == {("DEU", "USA", "f1"): "2000.0", ("GBR", "USA", "f2"): "6000.0",
                       ("GBR", "CAN", "f2"): "6000.0", ("IND", "USA", "f3"): "20000.0",
                       ("KAZ", "GBR", "f5"): "500.0", ("KAZ", "USA", "f5"): "500.0"}
