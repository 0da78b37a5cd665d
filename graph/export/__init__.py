"""Exports for papers and other tools: graph files, tables, figures and references.

Every writer takes a path or an open file (like ``networkx.readwrite``), writes
deterministically (same graph, same bytes) and streams element by element, so
exports can be diffed, cited and made from large graphs. The input is the
knowledge graph of one slice (:func:`~intelmig.export.slicing.select`) or the
aggregated place graph of :func:`~intelmig.analytics.aggregate.place_graph`.

Modules: ``graphml``, ``gexf``, ``csv_tables``, ``json_graph``, ``cypher_script``,
``sources``, ``tables``, ``figures`` (network, stages, hubs), ``worldfigures`` (map,
flow map) on the shapes of ``worldmap``, ``flowcharts`` (chord, heatmap, series),
``context`` (what a figure's title and footer need) and ``html`` (the offline explorer
page). See ``docs/exports.md``.
"""

from __future__ import annotations

from ..errors import IntelmigError

__all__ = ["ExportError"]


class ExportError(IntelmigError):
    """The graph holds a value the chosen format cannot represent faithfully (exit code 1).

    Also raised for export options the writers refuse (an unknown figure format,
    centrality or measure, an empty slice to plot).

    Examples
    --------
    >>> from intelmig.export.cypher_script import cypher_literal
    >>> try:
    ...     cypher_literal(2**64)
    ... except ExportError as err:
    ...     print(err.exit_code, err)
    1 Cypher integers are 64-bit; 18446744073709551616 does not fit
    """
