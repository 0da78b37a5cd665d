"""`intelmig export html`: the offline explorer of a slice.

The page's embedded data is read back from the file and compared with the slice computed
independently: from the seed as loaded from its YAML (not through the store), and from
a synthetic MPIDR-layout CSV with pandas. Then Debian's headless Chromium, driven by
Playwright, opens the file: no console error, no request but the file itself, a click on
a node shows its passage, the slider changes the edges shown, the search finds a node.
On CI (CI=true) a missing chromium or Playwright is a test failure; elsewhere a skip.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from intelmig.cli import cli

from .conftest import ROOT
from .test_browser_e2e import CHROMIUM_FLAGS, _need, _playwright

KEEP = ROOT / "tests" / "_output"
PROVENANCE_LABELS = {"Passage", "Source"}
TIMED_LABELS = {"Flow", "Event", "Estimate"}


def export_html(db, path: Path, *args) -> dict:
    result = CliRunner().invoke(cli, ["export", "html", *args, "--db", str(db), "-o",
                                      str(path)])
    assert result.exit_code == 0, result.output
    return embedded(path.read_text(encoding="utf-8"))


def embedded(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="intelmig-data">(.*?)</script>',
                      page, re.DOTALL)
    assert found, "no embedded data"
    return json.loads(found.group(1))


def seed_slice(seed_dataset, era: str | None):
    """Node ids and MIGRATED_TO edges of the seed in ``era``, straight from the YAML."""
    during = {r.from_id: r.to_id for r in seed_dataset.rels if r.type == "DURING"}
    nodes = {n.id for n in seed_dataset.nodes if n.label not in PROVENANCE_LABELS
             and (era is None or n.label not in TIMED_LABELS or during.get(n.id) == era)}
    moves = [r for r in seed_dataset.rels if r.type == "MIGRATED_TO"
             and (era is None or r.props.get("era") == era)]
    return nodes, moves


@pytest.mark.parametrize("era", [None, "stage3"])
def test_the_page_embeds_exactly_the_slice(seeded_db_path, seed_dataset, tmp_path, era):
    data = export_html(seeded_db_path, tmp_path / "graph.html", *(["--era", era] if era else []))
    nodes, moves = seed_slice(seed_dataset, era)
    assert {n["id"] for n in data["nodes"]} == nodes
    assert len(data["nodes"]) == len(nodes)
    drawn = [e for e in data["edges"] if e["type"] == "MIGRATED_TO"]
    assert len(drawn) == len(moves)  # fewer than 100 corridors: every one is drawn
    assert not {e["type"] for e in data["edges"]} & {"STATED_IN", "CITES"}
    # the provenance the panel shows: every passage a drawn node names, in both languages
    texts = {n.id: n.props for n in seed_dataset.nodes if n.label == "Passage"}
    kaz = next(n for n in data["nodes"] if n["id"] == "KAZ")
    assert kaz["passages"]
    for passage in kaz["passages"]:
        assert data["passages"][passage]["text_kk"] == texts[passage]["text_kk"]
        assert data["passages"][passage]["text_en"] == texts[passage]["text_en"]
    eras = sorted((n.props["start_year"], n.props["name_en"]) for n in seed_dataset.nodes
                  if n.label == "Era" and (era is None or n.id == era))
    steps = [s["label"] for s in data["steps"]]
    assert len(steps) == len(eras)
    for label, (start, name) in zip(steps, eras):
        assert label.startswith(f"{name} ({start}–")
    if era == "stage3":
        assert "Stage 3: early 1960s to late 1980s (1960–1989)" in data["title"]


def test_the_page_needs_no_network_and_names_in_kazakh(seeded_db_path, tmp_path):
    page_path = tmp_path / "kk.html"
    data = export_html(seeded_db_path, page_path, "--lang", "kk")
    page = page_path.read_text(encoding="utf-8")
    assert '<html lang="kk">' in page
    assert not re.search(r"<(link|img|iframe)\b|\ssrc=", page)  # nothing to fetch
    assert "default-src 'none'" in page  # and the browser is told to fetch nothing
    assert "Copyright (c) 2016-2026, The Cytoscape Consortium" in page  # its MIT notice
    names = {n["id"]: n["name"] for n in data["nodes"]}
    assert names["KAZ"] == "Қазақстан"
    assert data["words"]["search"] == "Атауы бойынша іздеу"


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """A synthetic MPIDR-layout flows CSV of 200-odd countries, imported; (db, csv)."""
    from benchmarks.synthetic import write_scholarly_flows

    folder = tmp_path_factory.mktemp("html-synthetic")
    csv = folder / "flows.csv"
    write_scholarly_flows(csv, 12_000)
    env = {"INTELMIG_DB": str(folder / "db.lbug"), "INTELMIG_WORKSPACE": str(folder / "ws")}
    result = CliRunner().invoke(cli, ["import", "scholarly-flows", str(csv), "--dataset-id",
                                      "synthetic"], env=env)
    assert result.exit_code == 0, result.output
    return folder / "db.lbug", csv


def test_a_large_slice_draws_its_top_corridors_and_says_so(synthetic, seed_dataset, tmp_path):
    import pandas as pd

    db, csv = synthetic
    data = export_html(db, tmp_path / "big.html", "--from", "2015", "--to", "2020")
    rows = pd.read_csv(csv, keep_default_na=False)
    rows = rows[(rows.migrationfrom != "") & (rows.migrationto != "")
                & (rows.migrationfrom != rows.migrationto) & (rows.n_migrations != 0)
                & rows.year.between(2015, 2020)]  # the import reports these rows, skipped
    imported = rows.groupby(["migrationfrom", "migrationto"]).n_migrations.sum()
    # the database also holds the seed: its moves whose years reach into 2015-2020 count too
    eras = {n.id: (n.props["start_year"], n.props.get("end_year")) for n in seed_dataset.nodes
            if n.label == "Era"}
    stated: dict = {}
    for r in seed_dataset.rels:
        if r.type != "MIGRATED_TO":
            continue
        era = eras.get(r.props.get("era"), (None, None))
        start = r.props.get("year_start") or era[0]
        end = r.props.get("year_end") or era[1] or 10**6
        if start is not None and start <= 2020 and end >= 2015:
            key = (r.from_id, r.to_id)
            stated[key] = stated.get(key, 0.0) + (r.props.get("low") or 0.0)
    volume = {**{k: 0.0 for k in stated}, **{k: float(v) for k, v in imported.items()}}
    for key, low in stated.items():
        volume[key] += low
    ranked = sorted(volume, key=lambda c: (-volume[c], c))
    drawn = {(e["source"], e["target"]) for e in data["edges"] if e["type"] == "MIGRATED_TO"}
    assert data["corridors"] == {"shown": 100, "total": len(volume)}
    assert drawn == set(ranked[:100])
    assert f"100 largest of the slice's {len(volume)} corridors" in data["note"]
    assert [s["label"] for s in data["steps"]] == [str(y) for y in range(2015, 2021)]
    # an imported row's provenance: its dataset, file and row, and its one year
    edge = next(e for e in data["edges"] if e["properties"].get("dataset") == "synthetic")
    assert edge["properties"]["file"] == "flows.csv" and edge["properties"]["row"] >= 1
    assert edge["steps"] == [edge["properties"]["year"] - 2015]
    places = set(rows.migrationfrom) | set(rows.migrationto)
    assert places <= {n["id"] for n in data["nodes"]}


def test_a_top_below_one_is_a_usage_error(seeded_db_path, tmp_path):
    result = CliRunner().invoke(cli, ["export", "html", "--top", "0", "--db",
                                      str(seeded_db_path), "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 1
    assert "--top must be at least 1" in result.output
    assert not (tmp_path / "x.html").exists()


def test_chromium_opens_the_page_offline_and_it_answers(seeded_db_path, seed_dataset,
                                                        tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    _need(chromium is not None, "chromium (Debian: apt-get install chromium)")
    sync_playwright = _playwright()
    page_path = tmp_path / "explorer.html"
    data = export_html(seeded_db_path, page_path)
    passages = {n.id: n.props for n in seed_dataset.nodes if n.label == "Passage"}
    nodes_by_id = {n.id: n for n in seed_dataset.nodes}
    kaz = nodes_by_id["KAZ"]
    first_passage = passages[kaz.props["passages"][0]]["text_kk"]
    _nodes, moves = seed_slice(seed_dataset, None)
    named = {n.id for n in seed_dataset.nodes if n.label not in PROVENANCE_LABELS
             and "kazakhstan" in n.props["name"].lower()}
    stage1_moves = sum(1 for r in moves if r.props.get("era") == "stage1")

    errors, requests = [], []
    with sync_playwright() as playwright:
        chrome = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS,
                                            headless=True)
        try:
            context = chrome.new_context(viewport={"width": 1400, "height": 900})
            page = context.new_page()
            page.set_default_timeout(30_000)
            page.on("console", lambda m: errors.append(m.text) if m.type in (
                "error", "warning") else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            context.on("request", lambda r: requests.append(r.url))
            page.goto(page_path.as_uri())
            page.wait_for_function("window.intelmigExplorer !== undefined")

            # click Kazakhstan where Cytoscape draws it
            box = page.locator("#graph").bounding_box()
            spot = page.evaluate("window.intelmigExplorer.cy.$id('KAZ').renderedPosition()")
            page.mouse.click(box["x"] + spot["x"], box["y"] + spot["y"])
            panel = page.get_by_test_id("panel")
            panel.get_by_text(first_passage[:60]).wait_for()
            assert "Kazakhstan" in panel.inner_text()
            KEEP.mkdir(exist_ok=True)
            page.screenshot(path=str(KEEP / "explorer-seed.png"))

            visible = ("() => [window.intelmigExplorer.cy.edges(':visible').length, "
                       "window.intelmigExplorer.cy.edges(':visible')"
                       ".filter(e => e.data('type') === 'MIGRATED_TO').length]")
            every, _ = page.evaluate(visible)
            page.locator("#time").focus()
            page.keyboard.press("ArrowRight")  # all periods -> the first stage
            in_stage1, moves_shown = page.evaluate(visible)
            assert in_stage1 < every
            assert moves_shown == stage1_moves
            assert "Stage 1" in page.locator("#step").inner_text()
            assert f"{in_stage1} relationships" in page.locator("#status").inner_text()

            # click a stage-1 move: the panel shows the passage of the flow it comes from
            edge = next(e for e in data["edges"] if e["type"] == "MIGRATED_TO"
                        and e["steps"] == [0])
            page.evaluate(f"void window.intelmigExplorer.cy.fit("  # void: no cy to copy back
                          f"window.intelmigExplorer.cy.$id('{edge['id']}'), 250)")
            spot = page.evaluate(f"window.intelmigExplorer.cy.$id('{edge['id']}')"
                                 ".renderedMidpoint()")
            page.mouse.click(box["x"] + spot["x"], box["y"] + spot["y"])
            clicked = page.evaluate("window.intelmigExplorer.cy.edges(':selected').id()")
            flow = next(e for e in data["edges"] if e["id"] == clicked)["properties"]["flow"]
            flow_passage = passages[nodes_by_id[flow].props["passages"][0]]["text_kk"]
            panel.get_by_text(flow_passage[:60]).first.wait_for()
            assert "→" in panel.locator("h2").inner_text()

            page.locator("#search").fill("kazakhstan")
            page.locator("#search").press("Enter")
            assert page.locator("#found").inner_text() == f"{len(named)} found"
            matches = page.evaluate("window.intelmigExplorer.cy.$('.match').map(n => n.id())")
            assert set(matches) == named
            selected = page.evaluate("window.intelmigExplorer.cy.$(':selected').id()")
            assert selected in named
            assert page.get_by_test_id("panel").locator("h2").inner_text() == \
                next(n.props["name"] for n in seed_dataset.nodes if n.id == selected)
        finally:
            chrome.close()
    assert not errors, errors
    assert set(requests) == {page_path.as_uri()}, requests
    assert (KEEP / "explorer-seed.png").stat().st_size > 20_000


def test_the_shipped_javascript_is_cytoscape_with_its_licence():
    import hashlib
    from importlib import resources

    from intelmig.export.html import CYTOSCAPE_SHA256

    data = resources.files("intelmig.export").joinpath("data")
    script = data.joinpath("cytoscape.min.js").read_bytes()
    assert hashlib.sha256(script).hexdigest() == CYTOSCAPE_SHA256
    licence = data.joinpath("cytoscape.LICENSE").read_text(encoding="utf-8")
    assert "The Cytoscape Consortium" in licence and "Permission is hereby granted" in licence
    readme = data.joinpath("README.md").read_text(encoding="utf-8")
    assert CYTOSCAPE_SHA256 in readme and "cytoscape 3.34.4" in readme


def test_hostile_text_stays_data(tmp_path):
    """A name that closes the script element or holds markup is embedded as text."""
    import networkx as nx
    from intelmig.export.html import write_html

    from .test_export_helpers import HOSTILE

    hostile = HOSTILE + " </script><script>alert(1)</script> <!--"
    graph = nx.MultiDiGraph()
    graph.add_node("X", label="Concept", name_en=hostile, note=hostile)
    path = tmp_path / "hostile.html"
    write_html(graph, path, title=hostile)
    page = path.read_text(encoding="utf-8")
    assert page.count("</script>") == 3  # the data, Cytoscape.js, the explorer
    assert "<script>alert" not in page
    data = embedded(page)
    assert data["nodes"][0]["name"] == hostile
    assert data["nodes"][0]["properties"]["note"] == hostile
    assert f"<title>intelmig: {hostile}" not in page  # the title is escaped
