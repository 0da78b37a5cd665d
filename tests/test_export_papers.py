"""Tables, figures, references and the `intelmig export` command, on a real database."""

from __future__ import annotations

import json
import re

import pytest

from intelmig.analytics import Slice as AnalyticsSlice
from intelmig.analytics import corridors, hubs, place_graph
from intelmig.cli import cli
from intelmig.export import ExportError
from intelmig.export.figures import plot_flow_network, plot_hubs, plot_stages
from intelmig.export.sources import cited_sources, write_bibtex, write_csl_json
from intelmig.export.tables import (
    corridor_table,
    hub_table,
    row_sources,
    write_latex,
    write_markdown,
)
from intelmig.stores.embedded import EmbeddedStore
from tests import test_export_helpers as helpers
from tests.test_export_helpers import HOSTILE

# fixtures of the export tests, shared through the helper module
export_dataset = helpers.export_dataset
export_db = helpers.export_db
export_graph = helpers.export_graph


@pytest.fixture
def store(export_db):
    with EmbeddedStore(export_db) as opened:
        yield opened


def test_references_export_only_what_is_known(export_graph, tmp_path):
    assert [s for s, _ in cited_sources(export_graph)] == ["ref1", "ref2"]
    write_bibtex(export_graph, tmp_path / "refs.bib")
    bib = (tmp_path / "refs.bib").read_text(encoding="utf-8")
    ref1 = bib.split("@misc{ref2")[0]
    assert "author" not in ref1 and "year" not in ref1, "nothing invented for ref1"
    assert r"note = {Maksakova L. P. Migration \& \{brain\} drain, 2001.}" in ref1
    assert "author = {{Docquier, F.} and {Rapoport, H.}}" in bib and "year = {2012}" in bib
    write_csl_json(export_graph, tmp_path / "refs.json")
    items = {i["id"]: i for i in json.loads((tmp_path / "refs.json").read_text())}
    assert items["ref1"] == {"id": "ref1", "type": "document", "citation-number": 1,
                             "note": "Maksakova L. P. Migration & {brain} drain, 2001."}
    assert items["ref2"]["DOI"] == "10.1257/jel.50.3.681"
    assert items["ref2"]["issued"] == {"date-parts": [[2012]]}


def test_hub_and_corridor_tables(store, export_graph, tmp_path):
    _graph, rows = hubs(store)
    table = hub_table(rows, export_graph)
    assert [r["place"] for r in table.rows] == ["USA", "GBR", "CAN"]
    assert table.rows[0]["sources"] == ["ref1", "ref2"]
    write_latex(table, tmp_path / "hubs.tex")
    tex = (tmp_path / "hubs.tex").read_text(encoding="utf-8")
    assert "\\toprule" in tex and "\\bottomrule" in tex and "\\cite{ref1,ref2}" in tex
    assert "Measure: flow" in tex and "Slice: all time" in tex and "Sources: ref1, ref2" in tex
    # every row has as many cells as the header
    body = tex.split("\\midrule\n")[1].split("\\bottomrule")[0].strip().splitlines()
    assert all(line.count(" & ") == 6 for line in body)
    _graph, rows = corridors(store, era="stage2")
    markdown_path = tmp_path / "corridors.md"
    write_markdown(corridor_table(rows, export_graph), markdown_path)
    lines = markdown_path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("| Rank | Origin | Destination | Volume")
    assert "| United Kingdom | Canada | 0–8,000 |" in lines[2] + lines[3]
    assert "Table: Corridors of intellectual migration, era stage2" in lines
    one = corridor_table(rows[:1], export_graph)  # f2 cites ref2
    assert one.notes[0].startswith("Measure: flow (people")
    write_latex(one, tmp_path / "corridor.tex")
    assert "\\cite{ref2}" in (tmp_path / "corridor.tex").read_text(encoding="utf-8")
    assert row_sources(["f1"], ["wb"], export_graph) == ["ref1", "wb"]  # flows' and datasets'


def test_markdown_cell_with_a_pipe_keeps_its_row_shape():
    import io

    from intelmig.export.tables import Column, Table

    table = Table([Column("a", "A|B"), Column("b", "C")], [{"a": "x | y", "b": "back\\"}])
    buffer = io.StringIO()
    write_markdown(table, buffer)
    header, _rule, row = buffer.getvalue().splitlines()[:3]
    cells = [c.strip() for c in re.split(r"(?<!\\)\|", row)[1:-1]]
    assert cells == [r"x \| y", "back\\\\"]
    assert len(re.split(r"(?<!\\)\|", header)) == 4


def test_latex_escapes_hostile_text(tmp_path):
    from intelmig.export.tables import Column, Table

    table = Table([Column("x", "Name_1 & 50%")], [{"x": HOSTILE}], caption="A $ caption #1")
    write_latex(table, tmp_path / "t.tex")
    tex = (tmp_path / "t.tex").read_text(encoding="utf-8")
    body = tex.split("\\midrule\n")[1].split(" \\\\\n")[0]
    assert re.search(r"(?<!\\)[&%$#_{}]", body.replace("\\textbackslash{}", "")
                     .replace("\\textasciitilde{}", "").replace("\\textasciicircum{}", "")) is None
    assert "Name\\_1 \\& 50\\%" in tex and "A \\$ caption \\#1" in tex


@pytest.fixture
def figure_inputs(store):
    stages = {s: place_graph(store, AnalyticsSlice.of(era=s))
              for s in ("stage1", "stage2", "stage3", "stage4")}
    return place_graph(store), stages, hubs(store)[1]


@pytest.mark.parametrize("kind, fmt, magic", [("network", "png", b"\x89PNG"),
                                              ("stages", "svg", b"<?xml"),
                                              ("hubs", "pdf", b"%PDF")])
def test_every_figure_kind_renders_repeatably(figure_inputs, export_graph, tmp_path, kind, fmt,
                                             magic):
    whole, stages, rows = figure_inputs

    def draw(path):
        if kind == "network":
            plot_flow_network(whole, export_graph, path, centrality="in_strength")
        elif kind == "stages":
            plot_stages(stages, export_graph, path)
        else:
            plot_hubs(rows, export_graph, path)

    draw(tmp_path / f"a.{fmt}")
    draw(tmp_path / f"b.{fmt}")
    data = (tmp_path / f"a.{fmt}").read_bytes()
    assert data.startswith(magic) and len(data) > 5000
    assert data == (tmp_path / f"b.{fmt}").read_bytes(), "no dates, fixed ids"


def test_png_is_300_dpi(store, export_graph, tmp_path):
    from PIL import Image

    plot_flow_network(place_graph(store), export_graph, tmp_path / "n.png")
    with Image.open(tmp_path / "n.png") as image:
        assert [round(v) for v in image.info["dpi"]] == [300, 300]
        assert image.width > 1200


def test_figure_errors(store, export_graph, tmp_path):
    with pytest.raises(ExportError, match="figure format must be one of png, svg, pdf"):
        plot_flow_network(place_graph(store), export_graph, tmp_path / "n.gif")
    with pytest.raises(ExportError, match="centrality must be one of"):
        plot_flow_network(place_graph(store), export_graph, tmp_path / "n.png",
                          centrality="fame")
    assert not list(tmp_path.iterdir()), "nothing half-written"


# -- the command --------------------------------------------------------------------

def test_cli_graph_files_and_stdout(runner, export_db, tmp_path):
    result = runner.invoke(cli, ["export", "graphml", "--db", str(export_db)])
    assert result.exit_code == 0, result.output
    from io import BytesIO

    from intelmig.export.graphml import read_graphml

    assert read_graphml(BytesIO(result.stdout_bytes)).nodes["KAZ"]["note"] == HOSTILE
    out = tmp_path / "g.gexf"
    result = runner.invoke(cli, ["export", "gexf", "--era", "stage4", "--db", str(export_db),
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert re.search(r'lastmodifieddate="\d{4}-\d\d-\d\d"', text), "build date of the db"
    assert "era stage4" in text and 'id="f1"' not in text and 'id="f5"' in text
    result = runner.invoke(cli, ["export", "neo4j-csv", "--db", str(export_db), "-o",
                                 str(tmp_path / "admin")])
    assert result.exit_code == 0 and (tmp_path / "admin" / "import.args").exists()


def test_cli_tables_figures_sources(runner, export_db, tmp_path):
    result = runner.invoke(cli, ["export", "markdown", "--table", "donors", "--db",
                                 str(export_db)])
    assert result.exit_code == 0, result.output
    assert "| Rank | Place | Code | Volume sent" in result.output
    result = runner.invoke(cli, ["export", "figure", "--figure", "hubs", "--db", str(export_db),
                                 "-o", str(tmp_path / "h.svg")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "h.svg").read_text().startswith("<?xml")
    result = runner.invoke(cli, ["export", "csl-json", "--era", "stage1", "--db",
                                 str(export_db)])
    assert [i["id"] for i in json.loads(result.output)] == ["ref1"]


@pytest.mark.parametrize("args, code, message", [
    (["csv"], 2, "Error: csv writes several files: give a folder with -o"),
    (["figure"], 2, "Error: a figure needs a file: -o NAME.png, .svg or .pdf"),
    (["json", "--era", "stage9"], 1,
     "Error: unknown era 'stage9'; the graph has: stage1, stage2, stage3, stage4"),
    (["json", "--era", "stage1", "--year", "1950"], 1,
     "Error: choose one slice: an era, a year, or a range of years"),
])
def test_cli_errors_are_one_line(runner, export_db, args, code, message):
    result = runner.invoke(cli, ["export", *args, "--db", str(export_db)])
    assert result.exit_code == code
    assert message in result.output
    assert "Traceback" not in result.output
