"""``intelmig export``: graph files, tables, figures and references for papers and tools.

A thin click layer over :mod:`intelmig.export`; heavy modules are imported inside.
"""

from __future__ import annotations

import sys

import click

from ..export.papers import FIGURES, TABLES
from .options import progress_bar, store_options

__all__ = ["export"]

GRAPH_FORMATS = ("graphml", "gexf", "csv", "neo4j-csv", "json", "cytoscape", "cypher")
TABLE_FORMATS = ("latex", "markdown")
SOURCE_FORMATS = ("bibtex", "csl-json")
MAP_MEASURES = ("net", "in", "out", "net_rate", "effectiveness")
FORMATS = (*GRAPH_FORMATS, *TABLE_FORMATS, "figure", *SOURCE_FORMATS, "html")
FOLDER_FORMATS = ("csv", "neo4j-csv")
BINARY_FORMATS = ("graphml", "gexf")


@click.command()
@click.argument("fmt", metavar="FORMAT", type=click.Choice(FORMATS))
@click.option("--era", help="One era id, e.g. stage3.")
@click.option("--year", type=int, help="One year.")
@click.option("--from", "year_from", type=int, help="First year of a range.")
@click.option("--to", "year_to", type=int, help="Last year of a range.")
@click.option("--level", type=click.Choice(["country", "region"]), default="country",
              show_default=True, help="Tables and figures: places as stated, or countries "
              "counted in their regions. Graph files always hold the whole knowledge graph.")
@click.option("-o", "--output", type=click.Path(), help="File (folder for csv, neo4j-csv); "
              "default: standard output. A figure's format comes from the suffix: .png "
              "(300 dpi), .svg or .pdf.")
@click.option("--table", "table_kind", type=click.Choice(TABLES),
              default="recipients", show_default=True, help="latex/markdown: which table.")
@click.option("--figure", "figure_kind", type=click.Choice(FIGURES), default="network",
              show_default=True, help="figure: the flow network of the slice's top corridors, "
              "the four post-1945 stages (stage1..stage4) side by side, a bar chart of hubs, "
              "a world map of --measure, the top corridors on the map (flowmap), a circular "
              "migration plot (chord), per-year lines of --place (series), or an origin x "
              "destination matrix (heatmap).")
@click.option("--measure", "map_measure", type=click.Choice(MAP_MEASURES), default="net",
              show_default=True, help="map, series: the place measure (series: net, in, out).")
@click.option("--place", "places", multiple=True, metavar="ID",
              help="series: a place id (repeat: --place KAZ --place USA).")
@click.option("--lang", type=click.Choice(["en", "kk", "ru"]), default="en",
              show_default=True,
              help="figure, latex, markdown, html: language of names and labels.")
@click.option("--centrality", default="pagerank", show_default=True,
              type=click.Choice(["pagerank", "in_strength", "out_strength", "betweenness",
                                 "authority", "hub"]), help="figure: what node area shows.")
@click.option("--top", type=int, default=None, help="Tables and the hub chart: first K rows "
              "(ties kept; default 10); network and flowmap: the K largest corridors (default "
              "30, 20); html: the corridors drawn (default 100); chord and heatmap: the K "
              "largest places, others grouped (default 10, 20).")
@click.option("--date", "modified", help="gexf: lastmodifieddate (YYYY-MM-DD); default: the "
              "date the embedded database was built.")
@store_options
def export(fmt, era, year, year_from, year_to, level, output, table_kind, figure_kind,
           map_measure, places, lang, centrality, top, modified, target):
    """Export the graph, or one slice of it, as FORMAT.

    \b
    Graph files (the whole knowledge graph of the slice, every edge with its sources):
      graphml    GraphML with typed attributes (Gephi, Cytoscape, yEd, igraph, R)
      gexf       GEXF 1.3 with eras and years as time (Gephi's timeline)
      csv        nodes.csv + edges.csv in the folder -o
      neo4j-csv  files for `neo4j-admin database import full` in the folder -o (import.args)
      json       networkx/D3 node-link JSON       cytoscape  Cytoscape.js elements JSON
      cypher     a script that re-creates the graph in Neo4j (cypher-shell -f)
    Papers: latex / markdown tables (--table), figure (--figure), and the references
    behind the export as bibtex or csl-json.
    html: one self-contained page to explore the slice offline (time slider, search,
    the passage and references of a clicked node or relationship).

    \b
    Examples:
        intelmig export gexf -o intelmig.gexf
        intelmig export latex --table recipients --era stage3 -o hubs.tex
        intelmig export figure --figure stages -o stages.pdf
        intelmig export figure --figure map --measure net --year 2019 -o net.png
        intelmig export figure --figure series --place KAZ --place USA -o kaz.svg
        intelmig export bibtex --era stage2 -o refs.bib
        intelmig export html --from 2015 --to 2020 --lang kk -o graph.html
    """
    from ..analytics import Slice

    slice_ = Slice.of(era=era, year=year, year_from=year_from, year_to=year_to)
    if fmt in FOLDER_FORMATS and not output:
        raise click.UsageError(f"{fmt} writes several files: give a folder with -o")
    if fmt == "figure" and not output:
        raise click.UsageError("a figure needs a file: -o NAME.png, .svg or .pdf")
    if places and not (fmt == "figure" and figure_kind == "series"):
        raise click.UsageError("--place applies to --figure series")
    if map_measure != "net" and not (fmt == "figure" and figure_kind in ("map", "series")):
        raise click.UsageError("--measure applies to --figure map and --figure series")
    from ..errors import ParameterError
    from ..export import papers

    if fmt == "figure" and figure_kind == "series":
        try:
            papers.check_series(slice_, map_measure)
        except ParameterError as err:  # an option combination: a usage error
            raise click.UsageError(str(err)) from None
    from ..i18n import language

    with target.open() as store, language(lang):
        if fmt == "figure":
            papers.write_figure(store, slice_, output, kind=figure_kind, level=level,
                                centrality=centrality, top=top, measure=map_measure,
                                places=places)
            click.echo(f"Wrote {output} ({slice_.describe()})", err=True)
            return
        knowledge = store.to_networkx(slice_)
        if fmt == "html":
            papers.write_explorer(knowledge, output or _stdout(False), slice_, top=top)
            if output:
                click.echo(f"Wrote {output} ({slice_.describe()})", err=True)
            return
        if fmt in GRAPH_FORMATS:
            build_date = (getattr(store, "meta", {}) or {}).get("built_at", "")[:10] or None
            _write_graph(fmt, knowledge, output, slice_, modified or build_date)
        elif fmt in SOURCE_FORMATS:
            _write_sources(fmt, knowledge, output, dated_only=not slice_.is_everything)
        else:
            papers.write_table(store, slice_, output or _stdout(False), fmt=fmt,
                               kind=table_kind, level=level, top=10 if top is None else top,
                               knowledge=knowledge)
    if output:
        click.echo(f"Wrote {output} ({slice_.describe()})", err=True)


def _stdout(binary: bool):
    return sys.stdout.buffer if binary else sys.stdout


def _write_graph(fmt, graph, output, slice_, modified):
    from ..export import csv_tables, cypher_script, gexf, graphml, json_graph

    total = graph.number_of_nodes() + graph.number_of_edges()
    describe = f"intelmig knowledge graph, {slice_.describe()}"
    destination = output or _stdout(fmt in BINARY_FORMATS)
    with progress_bar(total, f"Exporting {fmt}") as advance:
        if fmt == "graphml":
            parallel = graphml.write_graphml(graph, destination, progress=advance)
        elif fmt == "gexf":
            summary = gexf.write_gexf(graph, destination, modified=modified,
                                      description=describe, progress=advance)
        elif fmt == "csv":
            csv_tables.write_csv(graph, output, progress=advance)
        elif fmt == "neo4j-csv":
            csv_tables.write_neo4j_admin(graph, output, progress=advance)
        elif fmt == "json":
            json_graph.write_node_link(graph, destination, graph_attrs={"description": describe},
                                       progress=advance)
        elif fmt == "cytoscape":
            json_graph.write_cytoscape(graph, destination, graph_attrs={"description": describe},
                                       progress=advance)
        else:
            cypher_script.write_cypher(graph, destination, header=describe, progress=advance)
    # what Gephi will show, so nobody wonders where relationships went (docs/exports.md)
    if fmt == "graphml" and parallel:
        click.echo(f"{parallel} of {graph.number_of_edges()} relationships share source, target "
                   "and type with another: their Gephi edge type is TYPE#2, TYPE#3, ... "
                   "(attribute type keeps TYPE), so Gephi keeps every edge", err=True)
    elif fmt == "gexf":
        click.echo(f"{summary.relationships} relationships as {summary.edges} GEXF edges (one "
                   "per source, target and type, years as spells)"
                   + (f"; {summary.parallel} kept apart as TYPE#n, the reason in their "
                      "parallel attribute" if summary.parallel else ""), err=True)


def _write_sources(fmt, graph, output, *, dated_only):
    from ..export import sources

    writer = sources.write_bibtex if fmt == "bibtex" else sources.write_csl_json
    writer(graph, output or _stdout(False), dated_only=dated_only)
