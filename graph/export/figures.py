"""Figures for papers (matplotlib, Agg): the flow network of a slice, the four post-1945
stages as small multiples with one layout, and a bar chart of hubs; PNG, SVG or PDF.

The input is the aggregated place graph of :mod:`intelmig.analytics` (corridors with
volume intervals). Places sit on a circle grouped by kind and name, so the same
place is in the same spot in every panel and labels never cover the arrows.
Arrow width follows the stated lower bound of the corridor's volume (the amount
the source guarantees); a corridor whose volume is shared with others or not
stated (lower bound 0), or only a qualitative link, is a thin dashed arrow. Node area follows a centrality of
:mod:`intelmig.analytics` chosen by the caller. A footer names the measure, the
slice and the sources, so a figure separated from its caption still says where
its numbers come from.

Output is deterministic: no creation dates in PDF/SVG metadata and a fixed SVG id salt.
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

from ..i18n import gettext as _
from ..i18n import number, place_name
from . import ExportError
from ._io import open_output

__all__ = [
    "CENTRALITIES",
    "FIGURE_FORMATS",
    "circle_layout",
    "plot_flow_network",
    "plot_hubs",
    "plot_stages",
    "save_figure",
]

FIGURE_FORMATS = ("png", "svg", "pdf")
CENTRALITIES = ("pagerank", "in_strength", "out_strength", "betweenness", "authority", "hub")
STAGES = ("stage1", "stage2", "stage3", "stage4")
_KIND_COLOURS = {"Country": "#3b6ea5", "Region": "#d08c2e"}
_EDGE_COLOUR = "#5b5b5b"
_DPI = 300


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({
        "font.family": "DejaVu Sans", "font.size": 7, "axes.titlesize": 8,
        # SVG text stays text (searchable, editable, checkable); PDF embeds TrueType.
        "svg.hashsalt": "intelmig", "svg.fonttype": "none", "pdf.fonttype": 42,
    })
    return plt


def save_figure(figure, target, fmt: str | None = None) -> None:
    """Save ``figure`` to a path (format from the suffix) or a binary file (``fmt``).

    PNG at 300 dpi, SVG (text kept as text) or PDF (TrueType embedded), without creation
    dates, so the same figure gives the same bytes.

    Raises
    ------
    intelmig.export.ExportError
        A format other than png, svg or pdf (or none).

    Examples
    --------
    >>> import io, matplotlib.pyplot as plt
    >>> figure, ax = plt.subplots()
    >>> first, second = io.BytesIO(), io.BytesIO()
    >>> save_figure(figure, first, "pdf"); save_figure(figure, second, "pdf")
    >>> first.getvalue()[:5], first.getvalue() == second.getvalue()
    (b'%PDF-', True)
    >>> save_figure(figure, io.BytesIO(), "jpg")
    Traceback (most recent call last):
    ...
    intelmig.export.ExportError: figure format must be one of png, svg, pdf, got 'jpg'
    >>> plt.close(figure)
    """
    fmt = (fmt or (Path(target).suffix.lstrip(".") if not hasattr(target, "write") else "")
           ).lower()
    if fmt not in FIGURE_FORMATS:
        raise ExportError(f"figure format must be one of {', '.join(FIGURE_FORMATS)}, "
                          f"got {fmt or 'none'!r}")
    metadata = {"png": {"Software": "intelmig"},
                "svg": {"Date": None, "Creator": "intelmig"},
                "pdf": {"CreationDate": None, "ModDate": None, "Creator": "intelmig",
                        "Producer": "intelmig"}}[fmt]
    with open_output(target, binary=True) as out:
        figure.savefig(out, format=fmt, dpi=_DPI, metadata=metadata, bbox_inches="tight",
                       pad_inches=0.05)


def finish(figure, target, fmt: str | None = None) -> None:
    """Save ``figure`` (see :func:`save_figure`) and release it, even when saving fails."""
    import matplotlib.pyplot as plt

    try:
        save_figure(figure, target, fmt)
    finally:
        plt.close(figure)


def circle_layout(places: dict) -> dict:
    """Positions on the unit circle, grouped by kind then English name (stable).

    Parameters
    ----------
    places : dict
        ``{id: (name, kind)}`` as ``PlaceGraph.places``.

    Returns
    -------
    dict
        ``{id: (x, y)}``, clockwise from the top, half a step off the vertical axis.

    Examples
    --------
    >>> layout = circle_layout({"RUS": ("Russia", "Country"), "cis": ("CIS", "Region"),
    ...                         "KAZ": ("Kazakhstan", "Country")})
    >>> list(layout)
    ['KAZ', 'RUS', 'cis']
    >>> [round(x, 3) for x in layout["KAZ"]]
    [0.866, 0.5]
    """
    order = sorted(places, key=lambda p: (places[p][1], places[p][0], p))
    count = max(len(order), 1)
    # Half a step off the vertical axis: no place sits straight above or below another,
    # so every label can sit beside its node, left or right, clear of its neighbours.
    angles = [math.pi / 2 - 2 * math.pi * (i + 0.5) / count for i in range(count)]
    return {p: (math.cos(a), math.sin(a)) for p, a in zip(order, angles)}


def short_label(name: str, width: int = 16) -> str:
    """A label that fits beside a node: an upper-case abbreviation in parentheses, or
    the name wrapped onto lines of ``width`` characters.

    >>> short_label("Commonwealth of Independent States (CIS)"), short_label("India")
    ('CIS', 'India')
    >>> print(short_label("United States of America"))
    United States of
    America
    """
    import re
    import textwrap

    if len(name) <= width:
        return name
    abbreviation = re.search(r"\(([A-Z][A-Z0-9-]+)\)", name)
    if abbreviation:
        return abbreviation[1]
    return "\n".join(textwrap.wrap(name, width))


def _centrality(place_graph, name: str) -> dict:
    from .. import analytics

    if name not in CENTRALITIES:
        raise ExportError(f"centrality must be one of {', '.join(CENTRALITIES)}, got {name!r}")
    if name in ("in_strength", "out_strength"):
        bounds = place_graph.received if name == "in_strength" else place_graph.sent
        return {p: bounds.get(p, [0.0, 0.0])[0] for p in place_graph.places}
    digraph = place_graph.digraph("high")
    if name in ("authority", "hub"):
        hubs, authorities = analytics.hits(digraph)
        return authorities if name == "authority" else hubs
    return getattr(analytics, name)(digraph)


def _corridor_weight(place_graph, corridor) -> float:
    return float(corridor.links) if place_graph.measure == "qualitative" else corridor.low


def _widths(count: int) -> tuple[float, float]:
    """``(largest node area, extra arrow width)`` for ``count`` places: smaller when crowded."""
    return (370.0, 5.4) if count <= 24 else (max(30.0, 370.0 * 24 / count), 2.6)


def _draw_network(ax, place_graph, positions, *, centrality, max_weight, max_score,
                  all_places=None, scores=None, knowledge_graph=None):
    """Draw one panel; return whether any dashed (volume unstated) corridor was drawn.

    Up to 24 places, labels sit beside their nodes; beyond, they run outward along the
    radius, one line each, so that neighbours on the circle never overlap.
    """
    from matplotlib.patches import FancyArrowPatch

    ax.set_aspect("equal")
    ax.axis("off")
    shown = all_places or place_graph.places
    crowded = len(shown) > 24
    ax.set_xlim(-1.75, 1.75)
    ax.set_ylim(-1.2 - 0.45 * crowded, 1.2 + 0.45 * crowded)
    if scores is None:
        scores = _centrality(place_graph, centrality) if place_graph.places else {}
    largest, extra = _widths(len(shown))
    sizes = {p: largest * (0.08 + 0.92 * (scores.get(p, 0.0) / max_score if max_score else 0.0))
             for p in place_graph.places}
    dashed = False
    for (source, target), corridor in sorted(place_graph.corridors.items()):
        weight = _corridor_weight(place_graph, corridor)
        # A qualitative link says who moved where, not how many: never drawn as a volume.
        stated = weight > 0 and place_graph.measure != "qualitative"
        dashed |= not stated
        width = 0.6 + extra * math.sqrt(weight / max_weight) if stated and max_weight else 0.6
        ax.add_patch(FancyArrowPatch(
            positions[source], positions[target], connectionstyle="arc3,rad=0.18",
            arrowstyle="-|>", mutation_scale=6 + 1.5 * width, linewidth=width,
            linestyle="-" if stated else (0, (3, 2)), color=_EDGE_COLOUR, alpha=0.75,
            shrinkA=math.sqrt(sizes[source]) / 2 + 1, shrinkB=math.sqrt(sizes[target]) / 2 + 2,
            zorder=1))
    fontsize = 6.5 if not crowded else max(3.5, min(6.0, 300 / len(shown)))
    for place, (name, kind) in sorted(shown.items()):
        x, y = positions[place]
        active = place in place_graph.places
        ax.scatter([x], [y], s=sizes.get(place, 12), zorder=2,
                   color=_KIND_COLOURS.get(kind, "#777777") if active else "#d9d9d9",
                   edgecolors="white", linewidths=0.6)
        gap = math.sqrt(sizes.get(place, 12)) / 2 + 3  # points: the node's radius and air
        label = place_name(place, name, knowledge_graph)
        colour = "black" if active else "#9a9a9a"
        if crowded:
            degrees = math.degrees(math.atan2(y, x))
            flip = abs(degrees) > 90
            text = label if len(label) <= 24 else label[:23] + "…"
            ax.annotate(text, (x, y), xytext=(gap * x, gap * y), textcoords="offset points",
                        rotation=degrees + (180 if flip else 0), rotation_mode="anchor",
                        ha="right" if flip else "left", va="center", color=colour,
                        fontsize=fontsize, zorder=3)
            continue
        ax.annotate(short_label(label), (x, y), xytext=(gap * x, gap * y),
                    textcoords="offset points", ha="left" if x >= 0 else "right",
                    va="top" if y < -0.85 else "bottom" if y > 0.85 else "center",
                    linespacing=0.95, color=colour, fontsize=6.5, zorder=3)
    return dashed


def _legend(figure, place_graph, *, max_weight, max_score, centrality, dashed, kinds,
            places=0):
    from matplotlib.lines import Line2D

    extra = _widths(places)[1]
    handles = []
    qualitative = place_graph.measure == "qualitative"
    if max_weight:
        for value in _nice_steps(max_weight):
            width = 0.6 + extra * math.sqrt(value / max_weight)
            label = (_("{value} link(s)") if qualitative else _("≥ {value} people")).format(
                value=number(value))
            handles.append(Line2D([], [], color=_EDGE_COLOUR, linewidth=width, label=label))
    if dashed:
        handles.append(Line2D([], [], color=_EDGE_COLOUR, linewidth=0.6, linestyle=(0, (3, 2)),
                              label=_("volume shared or not stated")))
    for kind in sorted(kinds):
        handles.append(Line2D([], [], marker="o", linestyle="", markersize=6,
                              color=_KIND_COLOURS.get(kind, "#777777"), label=_(kind)))
    handles.append(Line2D([], [], marker="o", linestyle="", markersize=0,
                          label=_("node area: {centrality}").format(
                            centrality=centrality.replace("_", "-"))))
    figure.legend(handles=handles, loc="lower center", ncol=min(len(handles), 4),
                  frameon=False, fontsize=6.5, bbox_to_anchor=(0.5, 0.0))


def _nice_steps(maximum: float) -> list[float]:
    """Two or three round values up to ``maximum`` for a width legend.

    >>> _nice_steps(90000.0)
    [1000.0, 10000.0, 90000.0]
    """
    top = float(maximum)
    magnitude = 10 ** math.floor(math.log10(top)) if top >= 10 else 0
    steps = [magnitude / 10, magnitude] if magnitude >= 10 else []
    # a step close to the maximum would draw two arrows of one width
    return [float(s) for s in steps if s < 0.6 * top] + [top]


def wrap(text: str, figure, fontsize: float, share: float = 0.98) -> str:
    """``text`` broken into lines that fit ``share`` of the figure's width.

    Matplotlib's own ``wrap=True`` measures the text word by word with FreeType at
    every draw, which took 7 of the 13 s of a map's footer; a line of DejaVu Sans holds
    about one character per 0.55 em, so the width is counted in characters instead.

    >>> import matplotlib.figure
    >>> print(wrap("one two three four", matplotlib.figure.Figure(figsize=(0.6, 1)), 7))
    one two
    three four
    """
    import textwrap

    width = max(8, int(figure.get_figwidth() * 72 * share / (fontsize * 0.55)))
    return "\n".join(textwrap.fill(part, width) for part in text.split("\n"))


def _footer(figure, text: str, ax=None) -> None:
    """The provenance line: at the foot of the figure, or just under ``ax``'s axis label."""
    style = {"ha": "center", "va": "top", "fontsize": 5.5, "color": "#444444"}
    text = wrap(text, figure, style["fontsize"])
    if ax is None:
        figure.text(0.5, -0.02, text, **style)
    else:
        ax.annotate(text, xy=(0.5, 0), xycoords="axes fraction", xytext=(0, -30),
                    textcoords="offset points", **style)


def _sources_text(place_graph, knowledge_graph) -> str:
    return sources_line(graph_sources(place_graph, knowledge_graph), knowledge_graph)


def graph_sources(place_graph, knowledge_graph) -> set:
    """Source ids behind the corridors of a place graph: cited by its flows, or its datasets."""
    from .tables import row_sources

    flows = {f for c in place_graph.corridors.values() for f in c.flows}
    datasets = {d for c in place_graph.corridors.values() for d in c.datasets}
    return set(row_sources(flows, datasets, knowledge_graph))


def sources_line(source_ids, knowledge_graph) -> str:
    """The sources of a figure in words: imported datasets by their citation, references
    of the source article by number, anything else by its id.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("article", label="Source", source_type="article", name_en="Approaches")
    >>> g.add_node("ref2", label="Source", number=2); g.add_node("ref5", label="Source", number=5)
    >>> g.add_node("mpidr", label="Source", source_type="dataset", citation="Akbaritabar (2024).")
    >>> sources_line({"ref5", "ref2", "mpidr"}, g)
    'Akbaritabar (2024).; references [2], [5] of the source article: Approaches'
    >>> sources_line(set(), g)
    'none stated'
    """
    data = {s: (knowledge_graph.nodes[s] if s in knowledge_graph else {}) for s in source_ids}
    datasets = sorted(s for s, d in data.items() if d.get("number") is None)
    numbers = sorted(d["number"] for d in data.values() if d.get("number") is not None)
    parts = [data[s].get("citation") or data[s].get("title") or data[s].get("name_en") or s
             for s in datasets]
    if numbers:
        article = next((_own_name(d) for _node, d in knowledge_graph.nodes(data=True)
                        if d.get("label") == "Source" and d.get("source_type") == "article"),
                       None)
        refs = ", ".join(f"[{n}]" for n in numbers)
        words = _("references {refs} of the source article") if len(numbers) > 1 else \
            _("reference {refs} of the source article")
        # the title may hold quotation marks of its own: a colon, not another pair
        parts.append(words.format(refs=refs) + (f": {article}" if article else ""))
    return "; ".join(parts) or "none stated"


def slice_title(slice_, knowledge_graph) -> str:
    """An analytics slice in words: an era by its name and years, else its years.

    >>> import networkx as nx
    >>> from intelmig.analytics import Slice
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("stage3", label="Era", name_en="Stage 3: early 1960s to late 1980s",
    ...            start_year=1960, end_year=1989)
    >>> slice_title(Slice.of(era="stage3"), g), slice_title(Slice.of(year=2019), g)
    ('Stage 3: early 1960s to late 1980s (1960–1989)', '2019')
    >>> slice_title(Slice.of(year_from=1998, year_to=2020), g), slice_title(Slice.of(), g)
    ('1998–2020', 'all years')
    """
    if slice_.era:
        return _era_title(slice_.era, knowledge_graph)
    if slice_.year_from is None and slice_.year_to is None:
        return _("all years")
    if slice_.year_from == slice_.year_to:
        return str(slice_.year_from)
    first = "…" if slice_.year_from is None else slice_.year_from
    return f"{first}–{'…' if slice_.year_to is None else slice_.year_to}"


def dataset_names(place_graph, knowledge_graph) -> str:
    """The datasets of a place graph by title, or the source article for stated flows."""
    datasets = sorted({d for c in place_graph.corridors.values() for d in c.datasets})
    names = [knowledge_graph.nodes[d].get("title") or d if d in knowledge_graph else d
             for d in datasets]
    if any(c.flows for c in place_graph.corridors.values()):
        names.append(_("flows stated in the source article"))
    return "; ".join(names) or _("no data")


def caption(place_graph, knowledge_graph, *, measure: str, extra: str = "") -> str:
    """The footer of every figure: dataset, measure, slice, level, sources."""
    return (_("Data: {data}. Measure: {measure}.") + " " + _("Slice: {slice}.") + " "
            + _("Level: {level}. {extra}Sources: {sources}.")).format(
        data=dataset_names(place_graph, knowledge_graph), measure=measure,
        slice=slice_title(place_graph.slice, knowledge_graph), level=_(place_graph.level),
        extra=extra, sources=_sources_text(place_graph, knowledge_graph).rstrip("."))


def top_corridors(place_graph, top: int | None):
    """The place graph restricted to its ``top`` corridors by stated lower bound (links for a
    qualitative slice), ties at the cut kept; ``(graph, shown, total)``.

    Places keep their strengths (a place's total, not the sum of the corridors shown).
    """
    total = len(place_graph.corridors)
    if top is None or total <= top:
        return place_graph, total, total
    if top < 1:
        raise ExportError(f"--top must be at least 1, got {top}")
    ranked = sorted(place_graph.corridors.items(),
                    key=lambda kv: (-_corridor_weight(place_graph, kv[1]), kv[0]))
    cut = _corridor_weight(place_graph, ranked[top - 1][1])
    kept = dict(kv for i, kv in enumerate(ranked)
                if i < top or _corridor_weight(place_graph, kv[1]) == cut)
    places = {p for pair in kept for p in pair}
    smaller = dataclasses.replace(
        place_graph, corridors=kept,
        places={p: v for p, v in place_graph.places.items() if p in places})
    return smaller, len(kept), total


def plot_flow_network(place_graph, knowledge_graph, target, *, centrality: str = "pagerank",
                      top: int | None = 30, title: str | None = None,
                      fmt: str | None = None) -> None:
    """The ``top`` corridors of one slice (all: ``None``) as a directed network on a circle.

    Only the places those corridors join are drawn, so labels stay readable on a
    200-country slice; node area is the centrality computed on the whole slice.

    Parameters
    ----------
    place_graph : intelmig.analytics.aggregate.PlaceGraph
        The first value :func:`intelmig.analytics.corridors` returns.
    knowledge_graph : networkx graph
        Names, eras and Source nodes for the title and the footer.
    target : path or binary file
    centrality : str
        One of ``CENTRALITIES``; node area.
    top : int or None
    fmt : {"png", "svg", "pdf"}, optional
        Needed when ``target`` is a file object.

    Raises
    ------
    intelmig.export.ExportError
        An unknown centrality or format.

    Examples
    --------
    >>> import io, networkx as nx
    >>> import xml.etree.ElementTree as ET
    >>> from intelmig.analytics.aggregate import PlaceGraph, add_pair_row
    >>> from intelmig.analytics.slices import Slice
    >>> graph = PlaceGraph(Slice.of(year=2019), "flow", "country", sources=("mpidr",))
    >>> graph.places.update({"KAZ": ("Kazakhstan", "Country"), "RUS": ("Russia", "Country"),
    ...                      "DEU": ("Germany", "Country")})
    >>> for source, target, people in (("KAZ", "RUS", 900.0), ("KAZ", "DEU", 300.0),
    ...                                ("RUS", "KAZ", 200.0)):
    ...     add_pair_row(graph, ("mpidr", source, target, people, people, 1, 1))
    >>> kg = nx.MultiDiGraph()   # the knowledge graph: names, eras and sources
    >>> kg.add_node("mpidr", label="Source", source_type="dataset",
    ...             title="Global flows of scholars", citation="Akbaritabar et al. (2023)")
    >>> def svg_text(data):   # SVG text stays text: read it back
    ...     return ["".join(e.itertext()) for e in ET.fromstring(data).iter()
    ...             if e.tag.endswith("}text")]
    >>> out = io.BytesIO()
    >>> plot_flow_network(graph, kg, out, fmt="svg")
    >>> text = svg_text(out.getvalue())
    >>> text[:4]
    ['Germany', 'Kazakhstan', 'Russia', 'Intellectual migration: 2019']
    >>> print(" ".join(text[4:6]))
    Data: Global flows of scholars. Measure: flow (people; stated lower bounds). Slice: 2019. Level: country. Sources: Akbaritabar et al. (2023).
    """
    plt = _pyplot()
    if centrality not in CENTRALITIES:
        raise ExportError(f"centrality must be one of {', '.join(CENTRALITIES)}, "
                          f"got {centrality!r}")
    whole_scores = _centrality(place_graph, centrality) if place_graph.places else {}
    shown_graph, shown, total = top_corridors(place_graph, top)
    crowded = len(shown_graph.places) > 24  # radial labels need room above and below
    figure, ax = plt.subplots(figsize=(5.5, 5.4 if crowded else 4.6))
    positions = circle_layout(shown_graph.places)
    weights = [_corridor_weight(shown_graph, c) for c in shown_graph.corridors.values()]
    scores = {p: whole_scores.get(p, 0.0) for p in shown_graph.places}
    max_weight, max_score = max(weights, default=0.0), max(scores.values(), default=0.0)
    dashed = _draw_network(ax, shown_graph, positions, centrality=centrality,
                           max_weight=max_weight, max_score=max_score, scores=scores,
                           knowledge_graph=knowledge_graph)
    ax.set_title(title or _("Intellectual migration: {slice}").format(
        slice=slice_title(place_graph.slice, knowledge_graph)))
    _legend(figure, shown_graph, max_weight=max_weight, max_score=max_score,
            centrality=centrality, dashed=dashed,
            kinds={k for _, k in shown_graph.places.values()}, places=len(shown_graph.places))
    subset = "" if shown == total else _(
        "The {shown} largest of {total} corridors (by stated lower bound); node area on the "
        "whole slice. ").format(shown=shown, total=number(total))
    _footer(figure, caption(place_graph, knowledge_graph, measure=_measure_words(place_graph),
                            extra=subset))
    figure.subplots_adjust(bottom=0.12)
    finish(figure, target, fmt)


_STRENGTH_WORDS = {
    "flow": {"net": "net migration (in − out)", "in": "in-strength (people received)",
             "out": "out-strength (people sent)"},
    "stock": {"net": "net migrant stock (immigrants − emigrants)",
              "in": "immigrant stock (people living here, born elsewhere)",
              "out": "emigrant stock (people born here, living elsewhere)"},
}


def strength_words(kind: str, measure: str) -> str:
    """Words for a place's ``net``, ``in`` or ``out`` under a measure (flows or stocks).

    >>> strength_words("net", "stock")
    'net migrant stock (immigrants − emigrants)'
    """
    return _(_STRENGTH_WORDS.get(measure, _STRENGTH_WORDS["flow"])[kind])


def _measure_words(place_graph) -> str:
    if place_graph.measure == "qualitative":
        return _("qualitative (stated links, no volume)")
    return _("{measure} (people; stated lower bounds)").format(measure=_(place_graph.measure))


def plot_stages(place_graphs: dict, knowledge_graph, target, *, centrality: str = "pagerank",
                titles: dict | None = None, fmt: str | None = None) -> None:
    """Small multiples: one panel per slice (``{stage id: PlaceGraph}``), one shared layout.

    Widths and node areas share one scale across panels, so panels compare; places
    absent from a stage stay in place, in grey.

    Parameters
    ----------
    place_graphs : dict
        ``{era id: PlaceGraph}``, one panel each, in this order.
    knowledge_graph : networkx graph
        Era nodes give the panel titles (name and years).
    target : path or binary file
    titles : dict, optional
        Panel titles by key, instead of the era's.

    Raises
    ------
    intelmig.export.ExportError
        An unknown format.

    Examples
    --------
    >>> import io, networkx as nx
    >>> import xml.etree.ElementTree as ET
    >>> from intelmig.analytics.aggregate import PlaceGraph, add_pair_row
    >>> from intelmig.analytics.slices import Slice
    >>> graph = PlaceGraph(Slice.of(year=2019), "flow", "country", sources=("mpidr",))
    >>> graph.places.update({"KAZ": ("Kazakhstan", "Country"), "RUS": ("Russia", "Country"),
    ...                      "DEU": ("Germany", "Country")})
    >>> for source, target, people in (("KAZ", "RUS", 900.0), ("KAZ", "DEU", 300.0),
    ...                                ("RUS", "KAZ", 200.0)):
    ...     add_pair_row(graph, ("mpidr", source, target, people, people, 1, 1))
    >>> kg = nx.MultiDiGraph()   # the knowledge graph: names, eras and sources
    >>> kg.add_node("mpidr", label="Source", source_type="dataset",
    ...             title="Global flows of scholars", citation="Akbaritabar et al. (2023)")
    >>> def svg_text(data):   # SVG text stays text: read it back
    ...     return ["".join(e.itertext()) for e in ET.fromstring(data).iter()
    ...             if e.tag.endswith("}text")]
    >>> kg.add_node("stage3", label="Era", name_en="Stage 3", start_year=1991, end_year=2000)
    >>> out = io.BytesIO()
    >>> plot_stages({"stage3": graph, "stage4": graph}, kg, out, fmt="svg",
    ...             titles={"stage4": "Same data, second panel"})
    >>> [t for t in svg_text(out.getvalue()) if t.startswith(("Stage", "Same"))]
    ['Stage 3 (1991–2000)', 'Same data, second panel']
    """
    plt = _pyplot()
    places = {}
    for graph in place_graphs.values():
        places.update(graph.places)
    positions = circle_layout(places)
    max_weight = max((_corridor_weight(g, c) for g in place_graphs.values()
                      for c in g.corridors.values()), default=0.0)
    max_score = max((v for g in place_graphs.values() if g.places
                     for v in _centrality(g, centrality).values()), default=0.0)
    columns = 2 if len(place_graphs) > 1 else 1
    rows = math.ceil(len(place_graphs) / columns)
    figure, axes = plt.subplots(rows, columns, figsize=(7.2, 3.1 * rows), squeeze=False)
    dashed = False
    for ax, (stage, graph) in zip(axes.flat, place_graphs.items()):
        dashed |= _draw_network(ax, graph, positions, centrality=centrality,
                                max_weight=max_weight, max_score=max_score, all_places=places,
                                knowledge_graph=knowledge_graph)
        ax.set_title((titles or {}).get(stage) or _era_title(stage, knowledge_graph), pad=10)
    for ax in list(axes.flat)[len(place_graphs):]:
        ax.axis("off")
    first = next(iter(place_graphs.values()))
    _legend(figure, first, max_weight=max_weight, max_score=max_score, centrality=centrality,
            dashed=dashed, kinds={k for _, k in places.values()}, places=len(places))
    by_measure: dict[str, list[str]] = {}
    for stage, graph in place_graphs.items():
        # "Stage 1" of "Stage 1: second half of the 1940s": the panel says the rest
        short = _era_title(stage, knowledge_graph).split(":")[0].split(" (")[0]
        by_measure.setdefault(graph.measure, []).append(short)
    measures = _measure_words(first) if len(by_measure) == 1 else "; ".join(
        f"{_(measure)} ({', '.join(stages)})" for measure, stages in by_measure.items())
    merged = dataclasses.replace(first, corridors={
        (stage, *key): corridor for stage, graph in place_graphs.items()
        for key, corridor in graph.corridors.items()})
    text = caption(merged, knowledge_graph, measure=measures,
                   extra=_("One layout and one scale for all panels.") + " ")
    _footer(figure, text.replace(
        _("Slice: {slice}.").format(slice=slice_title(first.slice, knowledge_graph)) + " ", ""))
    figure.subplots_adjust(bottom=0.08, wspace=0.05, hspace=0.12)
    finish(figure, target, fmt)


def _era_title(era: str, knowledge_graph) -> str:
    """``Stage 1 (1945–1959)`` from the Era node; the id if the graph lacks it."""
    data = knowledge_graph.nodes[era] if era in knowledge_graph else {}
    start, end = data.get("start_year"), data.get("end_year")
    years = "" if start is None else f" ({start}–{end if end is not None else ''})"
    return f"{_own_name(data) or era}{years}"


def _own_name(data: dict) -> str | None:
    """A node's name in the current language, else in English."""
    from ..i18n import current

    return data.get(f"name_{current()}") or data.get("name_en")


def plot_hubs(hub_rows, knowledge_graph, target, *, role: str = "recipient", top: int = 10,
              title: str | None = None, fmt: str | None = None, place_graph=None) -> None:
    """Horizontal bars of the ``top`` hubs: the lower bound, a whisker to the upper bound.

    ``place_graph`` (the first value :func:`intelmig.analytics.hubs` returns) gives the
    footer its datasets and sources; without it the rows' datasets and cited flows do.

    Raises
    ------
    intelmig.export.ExportError
        No hub of ``role`` in the rows, or an unknown format.

    Examples
    --------
    >>> import io, networkx as nx
    >>> import xml.etree.ElementTree as ET
    >>> from intelmig.analytics.aggregate import PlaceGraph, add_pair_row
    >>> from intelmig.analytics.slices import Slice
    >>> graph = PlaceGraph(Slice.of(year=2019), "flow", "country", sources=("mpidr",))
    >>> graph.places.update({"KAZ": ("Kazakhstan", "Country"), "RUS": ("Russia", "Country"),
    ...                      "DEU": ("Germany", "Country")})
    >>> for source, target, people in (("KAZ", "RUS", 900.0), ("KAZ", "DEU", 300.0),
    ...                                ("RUS", "KAZ", 200.0)):
    ...     add_pair_row(graph, ("mpidr", source, target, people, people, 1, 1))
    >>> kg = nx.MultiDiGraph()   # the knowledge graph: names, eras and sources
    >>> kg.add_node("mpidr", label="Source", source_type="dataset",
    ...             title="Global flows of scholars", citation="Akbaritabar et al. (2023)")
    >>> def svg_text(data):   # SVG text stays text: read it back
    ...     return ["".join(e.itertext()) for e in ET.fromstring(data).iter()
    ...             if e.tag.endswith("}text")]
    >>> from intelmig.analytics.hubs import hub_table as hub_rows
    >>> out = io.BytesIO()
    >>> plot_hubs(hub_rows(graph), kg, out, role="donor", fmt="svg")
    >>> [t for t in svg_text(out.getvalue()) if t.startswith(("Kaz", "Rus", "Measure", "Donor"))]
    ['Russia', 'Kazakhstan', 'Measure: flow; slice: year 2019. Sources: Akbaritabar et al. (2023).', 'Donor hubs, year 2019']
    """
    from .tables import imported_datasets, row_sources

    plt = _pyplot()
    rows = [r for r in hub_rows if r.role == role][:top]
    if not rows:
        raise ExportError(f"no {role} hubs in this slice to plot")
    qualitative = rows[0].measure == "qualitative"
    figure, ax = plt.subplots(figsize=(5.0, 0.9 + 0.32 * len(rows)))
    names = [place_name(r.place, r.name, knowledge_graph) for r in rows][::-1]
    lows = [r.partners if qualitative else r.low for r in rows][::-1]
    ax.barh(names, lows, color=_KIND_COLOURS["Country"], height=0.6, zorder=2)
    finite_highs = [r.high for r in rows if not math.isinf(r.high)]
    right = max([*lows, *([] if qualitative else finite_highs)], default=1.0) * 1.15 or 1.0
    for y, row in enumerate(rows[::-1]):
        if qualitative or row.high == row.low:
            continue
        end = right if math.isinf(row.high) else row.high
        ax.plot([row.low, end], [y, y], color="black", linewidth=0.8, zorder=3)
        ax.plot([end], [y], marker=">" if math.isinf(row.high) else "|", color="black",
                markersize=4, zorder=3)
    ax.set_xlim(0, right)
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))  # people and links are whole
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _pos: number(v)))
    ax.set_xlabel(_("stated links") if qualitative else
                  _("people received (bar: lower bound; line: up to the upper bound; "
                    "▸ unbounded)") if role == "recipient" else
                  _("people sent (bar: lower bound; line: up to the upper bound; "
                    "▸ unbounded)"))
    ax.grid(axis="x", color="#e0e0e0", linewidth=0.5, zorder=0)
    ax.spines[["top", "right"]].set_visible(False)
    if place_graph is not None:
        ax.set_title(title or (_("Recipient hubs: {slice}") if role == "recipient" else
                               _("Donor hubs: {slice}")).format(
            slice=slice_title(place_graph.slice, knowledge_graph)))
        text = caption(place_graph, knowledge_graph, measure=_measure_words(place_graph))
    else:
        ax.set_title(title or f"{role.capitalize()} hubs, {rows[0].slice}")
        sources = {s for r in rows for s in row_sources(r.flows, imported_datasets(r.dataset),
                                                        knowledge_graph)}
        text = (f"Measure: {rows[0].measure}; slice: {rows[0].slice}. "
                f"Sources: {sources_line(sources, knowledge_graph)}.")
    _footer(figure, text, ax)
    finish(figure, target, fmt)
