"""Figures for real data: map, flowmap, chord, series, heatmap, network at scale.

Each figure is rendered by the real command from a real LadybugDB file (the seed, a
World Bank excerpt, a synthetic 200-country slice) and read back with independent
readers: PIL for PNG, lxml for SVG (text is kept as text), pypdf for PDF. Expected
numbers come from pandas on the fixture CSV, not from intelmig.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from intelmig.cli import cli

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "figures"
WORLDBANK = FIXTURES / "worldbank_gbmd_excerpt.csv"
SVG = "{http://www.w3.org/2000/svg}text"


def _import(tmp_path_factory, name, args):
    folder = tmp_path_factory.mktemp(name)
    env = {"INTELMIG_DB": str(folder / "db.lbug"), "INTELMIG_WORKSPACE": str(folder / "ws")}
    result = CliRunner().invoke(cli, ["import", *args], env=env)
    assert result.exit_code == 0, result.output
    return folder / "db.lbug"


@pytest.fixture(scope="module")
def worldbank_db(tmp_path_factory):
    return _import(tmp_path_factory, "wb", ["worldbank", str(WORLDBANK)])


@pytest.fixture(scope="module")
def synthetic_db(tmp_path_factory):
    from benchmarks.synthetic import write_scholarly_flows

    csv = tmp_path_factory.mktemp("synthetic-csv") / "flows.csv"
    write_scholarly_flows(csv, 46_000)  # about 2,000 corridors among ~249 places a year
    return _import(tmp_path_factory, "synthetic", ["scholarly-flows", str(csv),
                                                   "--dataset-id", "synthetic"])


def figure(db, path, *args):
    result = CliRunner().invoke(cli, ["export", "figure", *args, "--db", str(db),
                                      "-o", str(path)])
    assert result.exit_code == 0, result.output
    return path


def svg_texts(path) -> list[str]:
    tree = etree.parse(str(path))
    return ["".join(e.itertext()) for e in tree.iter(SVG)]


def worldbank_net(year: int) -> dict:
    """Net migrant stock (in - out) per country in ``year``, summed from the CSV by hand."""
    import csv
    from collections import Counter

    net: Counter = Counter()
    with open(WORLDBANK, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            origin, destination = row["Country Origin Code"], row["Country Dest Code"]
            value = row[f"{year} [{year}]"]
            if row["Migration by Gender Code"] != "TOT" or origin == destination \
                    or value == "..":
                continue
            net[destination] += float(value)
            net[origin] -= float(value)
    return dict(net)


# -- every figure, every format, read back independently ------------------------------

KINDS = [("map", ["--year", "2000"]), ("flowmap", ["--year", "2000"]),
         ("chord", ["--year", "2000"]), ("heatmap", ["--year", "2000"]),
         ("series", ["--place", "RUS", "--place", "POL"]), ("network", ["--year", "2000"]),
         ("hubs", ["--year", "2000"])]


@pytest.fixture(scope="module")
def worldbank_svgs(worldbank_db, tmp_path_factory):
    """Every figure of the World Bank excerpt as SVG text, rendered once."""
    folder = tmp_path_factory.mktemp("svgs")
    return {kind: svg_texts(figure(worldbank_db, folder / f"{kind}.svg", "--figure", kind,
                                   *args))
            for kind, args in KINDS}


@pytest.mark.parametrize("kind, args", KINDS)
def test_each_figure_on_real_data_in_three_formats(worldbank_db, worldbank_svgs, tmp_path,
                                                   kind, args):
    from PIL import Image
    from pypdf import PdfReader

    png = figure(worldbank_db, tmp_path / f"{kind}.png", "--figure", kind, *args)
    with Image.open(png) as image:
        assert [round(v) for v in image.info["dpi"]] == [300, 300]
        assert image.width >= 1200 and image.height >= 600
        assert sum(1 for n in image.convert("L").histogram() if n) > 20, "not a blank image"
    joined = " ".join(worldbank_svgs[kind])
    assert "Global Bilateral Migration Database" in joined
    assert "Özden" in joined, "the dataset's citation, not 'none stated'"
    assert "none stated" not in joined
    pdf = PdfReader(figure(worldbank_db, tmp_path / f"{kind}.pdf", "--figure", kind, *args))
    assert len(pdf.pages) == 1
    assert "Sources" in pdf.pages[0].extract_text()


def test_sources_line_is_the_same_in_every_figure(worldbank_db, worldbank_svgs):
    from intelmig.stores.embedded import EmbeddedStore

    with EmbeddedStore(worldbank_db) as store:
        (citation,) = [r["c"] for r in store.run(
            "MATCH (s:Source) WHERE s.source_type = 'dataset' RETURN s.citation AS c").records()]
    for kind, texts in worldbank_svgs.items():
        after = re.sub(r"\s+", " ", " ".join(texts).split("Sources:")[1]).strip()
        assert after.startswith(citation.rstrip(".") + "."), (kind, after)


def test_map_classes_come_from_the_data(worldbank_svgs):
    net = worldbank_net(2000)
    texts = worldbank_svgs["map"]
    extreme = max(abs(v) for v in net.values())
    legend = [t for t in texts if " to " in t]
    assert any(f"{extreme:,.0f}" in t for t in legend), (extreme, legend)
    assert "no data" in texts and "0" in texts, "no data is its own class, distinct from 0"
    assert texts[0].startswith("Net migrant stock") and texts[0].endswith(": 2000")
    assert "(limits " in " ".join(texts), "class breaks stated"


def test_map_values_match_pandas(worldbank_db):
    from intelmig.analytics import Slice, place_graph
    from intelmig.export.worldfigures import place_values
    from intelmig.stores.embedded import EmbeddedStore

    with EmbeddedStore(worldbank_db) as store:
        graph = place_graph(store, Slice.of(year=2000))
    values = place_values(graph, "net")
    assert {p: low for p, (low, high) in values.items()} == pytest.approx(worldbank_net(2000))
    assert all(low == high for low, high in values.values()), "exact data stays exact"


@pytest.fixture
def soviet_db(tmp_path):
    """Flows of the Soviet Union (no shape on today's map) and of two present countries."""
    from intelmig.dataset import Dataset
    from intelmig.stores.embedded import build_database

    ds = Dataset()
    for code, name in (("SUN", "USSR"), ("USA", "United States"), ("ISR", "Israel")):
        ds.add_node("Country", {"id": code, "name_en": name})
    ds.add_node("Source", {"id": "toy", "source_type": "dataset", "title": "Toy flows",
                           "citation": "Toy flows, made for this test."})
    for origin, destination, value in (("SUN", "USA", 500.0), ("SUN", "ISR", 900.0),
                                       ("USA", "ISR", 50.0)):
        ds.add_rel("MIGRATED_TO", "Country", origin, "Country", destination,
                   {"measure": "flow", "year": 1989, "low": value, "high": value,
                    "value": value, "dataset": "toy", "file": "toy.csv", "row": 2})
    path = tmp_path / "sun.lbug"
    build_database(path, ds)
    return path


def test_former_states_are_listed_on_the_map_and_drawn_on_the_flowmap(soviet_db, tmp_path):
    texts = " ".join(svg_texts(figure(soviet_db, tmp_path / "m.svg", "--figure", "map",
                                      "--year", "1989")))
    assert "Not on the map" in texts and "USSR (SUN) −1,400" in texts
    texts = " ".join(svg_texts(figure(soviet_db, tmp_path / "f.svg", "--figure", "flowmap",
                                      "--year", "1989")))
    assert "SUN" in texts and "The 3 largest corridors: 1989" in texts
    assert "not drawn" not in texts, "every corridor has a place on the map"


# -- the seed: eras by name, intervals honest -------------------------------------------

@pytest.mark.parametrize("kind", ["network", "hubs", "map"])
def test_seed_titles_name_eras(seeded_db_path, tmp_path, kind):
    texts = svg_texts(figure(seeded_db_path, tmp_path / f"{kind}.svg", "--figure", kind,
                             "--era", "stage3"))
    assert any(t.endswith(": Stage 3: early 1960s to late 1980s (1960–1989)") for t in texts)
    assert not any("stage3" in t for t in texts)
    assert "of the source article" in " ".join(texts)


@pytest.mark.parametrize("kind", ["chord", "heatmap"])
def test_seed_chord_and_heatmap_of_stated_lower_bounds(seeded_db_path, tmp_path, kind):
    from intelmig.analytics import Slice, place_graph
    from intelmig.stores.embedded import EmbeddedStore

    with EmbeddedStore(seeded_db_path) as store:
        graph = place_graph(store, Slice.of(era="stage3"))
    assert not any(c.low for c in graph.corridors.values()), "stage 3 states shares only"
    out = tmp_path / f"{kind}.png"
    result = CliRunner().invoke(cli, ["export", "figure", "--figure", kind, "--era", "stage3",
                                      "--db", str(seeded_db_path), "-o", str(out)])
    assert result.exit_code == 1 and "no corridor with a stated volume" in result.output
    assert not out.exists()
    texts = svg_texts(figure(seeded_db_path, tmp_path / f"{kind}.svg", "--figure", kind))
    assert any(t.endswith(": all years") for t in texts)


def test_seed_series_runs_over_eras(seeded_db_path, tmp_path):
    texts = svg_texts(figure(seeded_db_path, tmp_path / "s.svg", "--figure", "series",
                             "--place", "USA", "--place", "DEU"))
    assert any("(USA)" in t for t in texts) and any("(DEU)" in t for t in texts)
    assert any(t.startswith("Stage 1") for t in texts), "eras on the x axis, by name"


# -- scale: 200+ places ----------------------------------------------------------------

def test_network_at_scale_shows_top_corridors_with_radial_labels(synthetic_db, tmp_path):
    from intelmig.analytics import Slice, place_graph
    from intelmig.stores.embedded import EmbeddedStore

    with EmbeddedStore(synthetic_db) as store:
        graph = place_graph(store, Slice.of(year=2019))
    assert len(graph.places) >= 200
    texts = svg_texts(figure(synthetic_db, tmp_path / "n.svg", "--figure", "network",
                             "--year", "2019", "--top", "30"))
    footer = " ".join(texts)
    assert f"of {len(graph.corridors):,} corridors" in footer
    top = sorted(graph.corridors.values(), key=lambda c: -c.low)
    cut = top[29].low
    expected = {p for c in top if c.low >= cut for p in (c.source, c.target)}
    def label(place):
        name = graph.places[place][0]
        return name if len(name) <= 24 else name[:23] + "…"

    every_label = {label(p) for p in graph.places}
    drawn = [t for t in texts if t in every_label]
    assert sorted(drawn) == sorted(label(p) for p in expected), \
        "one label per place of the top corridors, no other place"


@pytest.mark.parametrize("kind", ["map", "flowmap", "chord", "heatmap"])
def test_world_figures_at_scale(synthetic_db, tmp_path, kind):
    from PIL import Image

    png = figure(synthetic_db, tmp_path / f"{kind}.png", "--figure", kind, "--year", "2019")
    with Image.open(png) as image:
        assert image.width > 1500
    texts = " ".join(svg_texts(figure(synthetic_db, tmp_path / f"{kind}.svg", "--figure",
                                      kind, "--year", "2019")))
    assert "international migration of scholars" in texts and "Akbaritabar" in texts


def test_synthetic_series_has_one_point_a_year(synthetic_db, tmp_path):
    texts = svg_texts(figure(synthetic_db, tmp_path / "s.svg", "--figure", "series",
                             "--place", "KAZ", "--place", "USA", "--from", "2010", "--to",
                             "2015"))
    assert [t for t in texts if re.fullmatch(r"20\d\d", t)] == [str(y) for y in
                                                               range(2010, 2016)]


# -- errors: one line, nothing written --------------------------------------------------

@pytest.mark.parametrize("args, message", [
    (["--figure", "map", "--level", "region", "--year", "2000"],
     "a map draws countries: use --level country"),
    (["--figure", "series"], "a series needs places: --place KAZ --place USA"),
    (["--figure", "series", "--place", "ATL"], "no data for ATL"),
    (["--figure", "map", "--measure", "net_rate", "--year", "2000"],
     "net_rate needs the population at risk"),
    (["--figure", "chord", "--top", "0", "--year", "2000"], "--top must be at least 1"),
])
def test_figure_errors_are_one_line(worldbank_db, tmp_path, args, message):
    out = tmp_path / "x.png"
    result = CliRunner().invoke(cli, ["export", "figure", *args, "--db", str(worldbank_db),
                                      "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert message in result.output and "Traceback" not in result.output
    assert not out.exists() and not list(tmp_path.iterdir())


def test_net_rate_uses_the_population_at_risk(tmp_path):
    """MPIDR's own rate: net per 1,000 researchers (KAZ 2019: -13 / 5,210 = -2.5)."""
    from intelmig.analytics import Slice, place_graph
    from intelmig.export.context import figure_context, populations
    from intelmig.export.worldfigures import place_values
    from intelmig.stores.embedded import EmbeddedStore

    importers = Path(__file__).resolve().parent / "fixtures" / "importers"
    folder = tmp_path
    env = {"INTELMIG_DB": str(folder / "db.lbug"), "INTELMIG_WORKSPACE": str(folder / "ws")}
    for command, name in (("scholarly-flows", "scholarly_flows.csv"),
                          ("scholarly-countries", "scholarly_countries.csv")):
        result = CliRunner().invoke(cli, ["import", command, str(importers / name)], env=env)
        assert result.exit_code == 0, result.output
    import csv
    from collections import Counter

    net: Counter = Counter()
    with open(importers / "scholarly_flows.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            if float(row["year"]) == 2019:
                net[row["migrationto"]] += float(row["n_migrations"])
                net[row["migrationfrom"]] -= float(row["n_migrations"])
    with open(importers / "scholarly_countries.csv", newline="") as handle:
        researchers = {row["countrycode"]: float(row["padded_population_of_researchers"])
                       for row in csv.DictReader(handle) if float(row["year"]) == 2019}
    with EmbeddedStore(folder / "db.lbug") as store:
        graph = place_graph(store, Slice.of(year=2019))
        context = figure_context(store)
    rates = place_values(graph, "net_rate", populations(context, 2019, 2019))
    assert rates["KAZ"][0] == pytest.approx(1000 * net["KAZ"] / researchers["KAZ"])
    svg = figure(folder / "db.lbug", tmp_path / "rate.svg", "--figure", "map", "--measure",
                 "net_rate", "--year", "2019")
    assert any("per 1,000 population at risk" in t for t in svg_texts(svg))


def test_figures_are_repeatable(worldbank_db, tmp_path):
    for fmt in ("svg", "pdf"):
        a = figure(worldbank_db, tmp_path / f"a.{fmt}", "--figure", "map", "--year", "2000")
        b = figure(worldbank_db, tmp_path / f"b.{fmt}", "--figure", "map", "--year", "2000")
        assert a.read_bytes() == b.read_bytes()
    assert io.BytesIO(a.read_bytes()).read(4) == b"%PDF"


# -- references of a slice ----------------------------------------------------------------

def test_references_of_a_slice_are_its_own(soviet_db, seeded_db_path):
    import json

    def ids(db, *args):
        result = CliRunner().invoke(cli, ["export", "csl-json", *args, "--db", str(db)])
        assert result.exit_code == 0, result.output
        return [item["id"] for item in json.loads(result.output)]

    assert ids(soviet_db, "--year", "1989") == ["toy"]
    whole, stage1 = ids(seeded_db_path), ids(seeded_db_path, "--era", "stage1")
    assert "article" in stage1 and set(stage1) < set(whole) | {"article"}
    assert len(stage1) < len(whole), "places cite for every period: they do not count"


@pytest.mark.parametrize("args, message", [
    (["figure", "--figure", "map", "--place", "KAZ"], "--place applies to --figure series"),
    (["markdown", "--measure", "in"], "--measure applies to --figure map and --figure series"),
    (["figure", "--figure", "series", "--place", "KAZ", "--era", "stage1"],
     "--figure series runs over years or eras"),
])
def test_options_of_other_figures_are_usage_errors(seeded_db_path, tmp_path, args, message):
    result = CliRunner().invoke(cli, ["export", *args, "--db", str(seeded_db_path), "-o",
                                      str(tmp_path / "x.png")])
    assert result.exit_code == 2 and message in result.output, result.output
    assert not list(tmp_path.iterdir())
