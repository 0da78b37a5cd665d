"""Our GEXF and GraphML read by the real Gephi importer (Gephi Toolkit 0.10.1, tools/gephi).

Gephi keeps one edge per source, target and edge type and merges the rest; these tests
import the seed's and a real MPIDR excerpt's exports with the toolkit, as Gephi's
*File > Open* does, and check that Gephi holds every node and edge we meant it to (counts
computed here from the data, not from our writers), the years of the data as its time
bounds, the yearly values on the timeline, and no issue above INFO. About 25 s (four JVMs).
On CI (CI=true) a missing Java, Maven or toolkit fails; elsewhere the tests are skipped.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections import Counter, defaultdict

import pyarrow.parquet as pq
import pytest

from intelmig.export.gexf import write_gexf
from intelmig.export.graphml import write_graphml
from intelmig.stores.embedded import EmbeddedStore

from .conftest import FIXTURES, ROOT, on_ci

GEPHI = ROOT / "tools" / "gephi"
TOOLKIT = GEPHI / "target" / "gephi-toolkit-0.10.1-all.jar"
CLASSES = GEPHI / "target" / "classes"
MPIDR = (FIXTURES / "importers" / "real"
         / "scopus_2024_V1_scholarlymigration_countryflows_enriched_2015_2018_excerpt.parquet")


def _java() -> str | None:
    home = os.environ.get("JAVA_HOME")
    return str(os.path.join(home, "bin", "java")) if home else shutil.which("java")


@pytest.fixture(scope="module")
def gephi():
    """A function: path -> what Gephi imported (the JSON of tools/gephi ImportReport)."""
    missing = None
    if _java() is None:
        missing = "java (17+) not found"
    elif not (TOOLKIT.exists() and (CLASSES / "intelmig" / "gephi" / "ImportReport.class").exists()):
        if shutil.which("mvn") is None:
            missing = "the Gephi Toolkit is not installed and mvn is not found"
        else:
            built = subprocess.run(["bash", str(GEPHI / "install.sh")], capture_output=True,
                                   text=True, timeout=600, check=False)
            if built.returncode:
                missing = f"tools/gephi/install.sh failed: {built.stdout[-500:]}{built.stderr[-500:]}"
    if missing:
        message = f"no Gephi Toolkit for the test: {missing} (bash tools/gephi/install.sh)"
        if on_ci():
            pytest.fail(message)
        pytest.skip(message)

    def read(path, *edges):
        arguments = [a for pair in edges for a in ("--edge", ",".join(pair))]
        done = subprocess.run(
            [_java(), "-Xmx1g", "-Djava.awt.headless=true", "-cp", f"{TOOLKIT}{os.pathsep}{CLASSES}",
             "intelmig.gephi.ImportReport", str(path), *arguments],
            capture_output=True, text=True, timeout=180, check=False)
        assert done.returncode == 0, done.stderr[-3000:]
        report = json.loads(done.stdout)
        # not even a warning (the per-year edges of before gave "Cannot completely merge")
        troubles = [i for i in report["issues"] if i["level"] != "INFO"]
        assert not troubles, troubles
        return report

    return read


def _years_mentioned(graph) -> list[int]:
    """Years of the time-bearing facts (docs/exports.md): eras, flows, events, estimates and
    MIGRATED_TO edges; not a reference's year of publication."""
    keys = ("year", "year_start", "year_end", "start_year", "end_year")
    items = [*(d for _, d in graph.nodes(data=True)
               if d["label"] in ("Era", "Flow", "Event", "Estimate")),
             *(d for _, _, d in graph.edges(data=True) if d["type"] == "MIGRATED_TO")]
    return [d[k] for d in items for k in keys if d.get(k) is not None]


def _edges_gephi_keeps(graph) -> int:
    """GEXF edges, counted from the data: per source, target and type, as many as the most
    relationships that hold in one year (an undated one holds in every year, and a
    relationship other than MIGRATED_TO shares its years with its twins, so counts alone)."""
    eras = {n: (d["start_year"], d.get("end_year")) for n, d in graph.nodes(data=True)
            if d.get("label") == "Era"}
    groups = defaultdict(list)
    for u, v, d in graph.edges(data=True):
        groups[u, v, d["type"]].append(d)
    last = max(_years_mentioned(graph))
    total = 0
    for (_, _, kind), members in groups.items():
        spans = []
        for d in members:
            start = d.get("year_start", d.get("year"))
            end = d.get("year_end", d.get("year"))
            if start is None and end is None and d.get("era"):
                start, end = eras[d["era"]]
            spans.append(None if kind != "MIGRATED_TO" or (start is None and end is None)
                         else (start if start is not None else end,
                               end if end is not None else last))
        undated = sum(s is None for s in spans)
        held = Counter(y for s in spans if s for y in range(s[0], s[1] + 1))
        total += undated + max(held.values(), default=0)
    return total


@pytest.fixture(scope="module")
def seed_graph(seeded_db_path):
    with EmbeddedStore(seeded_db_path) as store:
        return store.to_networkx()


def test_gephi_keeps_every_seed_edge(gephi, seed_graph, tmp_path):
    from lxml import etree

    years = _years_mentioned(seed_graph)
    write_gexf(seed_graph, tmp_path / "seed.gexf")
    write_graphml(seed_graph, tmp_path / "seed.graphml")
    gexf = gephi(tmp_path / "seed.gexf")
    written = sum(1 for _ in etree.parse(str(tmp_path / "seed.gexf")).iter("{*}edge"))
    assert gexf["nodes"] == seed_graph.number_of_nodes()
    assert gexf["edges"] == written == _edges_gephi_keeps(seed_graph)
    assert gexf["time_bounds"] == [min(years), max(years)]
    # GraphML has no time: every relationship is an edge of its own in Gephi
    graphml = gephi(tmp_path / "seed.graphml")
    assert graphml["nodes"] == seed_graph.number_of_nodes()
    assert graphml["edges"] == seed_graph.number_of_edges()
    per_type = Counter(d["type"] for _, _, d in seed_graph.edges(data=True))
    gephi_types = Counter()
    for kind, count in graphml["edges_by_type"].items():
        gephi_types[kind.split("#")[0]] += count
    assert gephi_types == per_type


@pytest.fixture(scope="module")
def mpidr_graph(tmp_path_factory):
    """The MPIDR excerpt imported with no flags; its MIGRATED_TO edges and their countries."""
    from click.testing import CliRunner

    from intelmig.cli import cli

    root = tmp_path_factory.mktemp("gephi_mpidr")
    env = {"INTELMIG_DB": str(root / "db.lbug"), "INTELMIG_WORKSPACE": str(root / "ws")}
    result = CliRunner().invoke(cli, ["import", "scholarly-flows", str(MPIDR), "--dataset-id",
                                      "mpidr"], env=env)
    assert result.exit_code == 0, result.output
    with EmbeddedStore(root / "db.lbug") as store:
        whole = store.to_networkx()
    real = whole.__class__()
    for u, v, d in whole.edges(data=True):
        if d.get("dataset") == "mpidr":
            real.add_node(u, **whole.nodes[u])
            real.add_node(v, **whole.nodes[v])
            real.add_edge(u, v, **d)
    return real


def test_gephi_plays_a_real_corridor_year_by_year(gephi, mpidr_graph, tmp_path):
    rows = pq.read_table(MPIDR).to_pylist()
    flows = {(r["iso3codefrom"], r["iso3codeto"], int(r["year"])): r["n_migrations"]
             for r in rows}
    corridors = {(a, b) for a, b, _ in flows}
    countries = {c for pair in corridors for c in pair}
    years = sorted({y for _, _, y in flows})
    assert len(flows) == len(rows) == 220 and years == [2015, 2016, 2017, 2018]

    write_gexf(mpidr_graph, tmp_path / "mpidr.gexf")
    gexf = gephi(tmp_path / "mpidr.gexf", ("CHN", "DEU"))
    assert (gexf["nodes"], gexf["edges"]) == (len(countries), len(corridors))
    assert gexf["edges_by_type"] == {"MIGRATED_TO": len(corridors)}
    assert gexf["time_bounds"] == [years[0], years[-1]]
    [edge] = gexf["edge_attributes"]
    # Gephi prints a dynamic value as <[start, end, value]; ...>
    played = {int(float(start)): float(value) for start, _end, value in re.findall(
        r"\[([\d.]+), ([\d.]+), ([\d.]+)\]", edge["value"])}
    assert played == {y: flows["CHN", "DEU", y] for y in years if ("CHN", "DEU", y) in flows}
    assert len(played) == 4, "the corridor has a flow every year"

    write_graphml(mpidr_graph, tmp_path / "mpidr.graphml")
    graphml = gephi(tmp_path / "mpidr.graphml")
    assert (graphml["nodes"], graphml["edges"]) == (len(countries), len(flows))
    assert graphml["time_bounds"] is None
