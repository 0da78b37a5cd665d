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

import math
from pathlib import Path

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
        "svg.hashsalt": "intelmig", "svg.fonttype": "path", "pdf.fonttype": 42,
    })
    return plt


def save_figure(figure, target, fmt: str | None = None) -> None:
    """Save ``figure`` to a path (format from the suffix) or a binary file (``fmt``)."""
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


def circle_layout(places: dict) -> dict:
    """Positions on the unit circle, grouped by kind then English name (stable)."""
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


def _draw_network(ax, place_graph, positions, *, centrality, max_weight, max_score,
                  all_places=None):
    """Draw one panel; return whether any dashed (volume unstated) corridor was drawn."""
    from matplotlib.patches import FancyArrowPatch

    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_xlim(-1.75, 1.75)
    ax.set_ylim(-1.2, 1.2)
    scores = _centrality(place_graph, centrality) if place_graph.places else {}
    sizes = {p: 30 + 370 * (scores.get(p, 0.0) / max_score if max_score else 0.0)
             for p in place_graph.places}
    dashed = False
    for (source, target), corridor in sorted(place_graph.corridors.items()):
        weight = _corridor_weight(place_graph, corridor)
        # A qualitative link says who moved where, not how many: never drawn as a volume.
        stated = weight > 0 and place_graph.measure != "qualitative"
        dashed |= not stated
        width = 0.6 + 5.4 * math.sqrt(weight / max_weight) if stated and max_weight else 0.6
        ax.add_patch(FancyArrowPatch(
            positions[source], positions[target], connectionstyle="arc3,rad=0.18",
            arrowstyle="-|>", mutation_scale=6 + 1.5 * width, linewidth=width,
            linestyle="-" if stated else (0, (3, 2)), color=_EDGE_COLOUR, alpha=0.75,
            shrinkA=math.sqrt(sizes[source]) / 2 + 1, shrinkB=math.sqrt(sizes[target]) / 2 + 2,
            zorder=1))
    shown = all_places or place_graph.places
    for place, (name, kind) in sorted(shown.items()):
        x, y = positions[place]
        active = place in place_graph.places
        ax.scatter([x], [y], s=sizes.get(place, 12), zorder=2,
                   color=_KIND_COLOURS.get(kind, "#777777") if active else "#d9d9d9",
                   edgecolors="white", linewidths=0.6)
        gap = math.sqrt(sizes.get(place, 12)) / 2 + 3  # points: the node's radius and air
        ax.annotate(short_label(name), (x, y), xytext=(gap * x, gap * y),
                    textcoords="offset points", ha="left" if x >= 0 else "right",
                    va="top" if y < -0.85 else "bottom" if y > 0.85 else "center",
                    linespacing=0.95,
                    color="black" if active else "#9a9a9a", fontsize=6.5, zorder=3)
    return dashed


def _legend(figure, place_graph, *, max_weight, max_score, centrality, dashed, kinds):
    from matplotlib.lines import Line2D

    handles = []
    qualitative = place_graph.measure == "qualitative"
    if max_weight:
        for value in _nice_steps(max_weight):
            width = 0.6 + 5.4 * math.sqrt(value / max_weight)
            label = f"{value:,.0f} link(s)" if qualitative else f"≥ {value:,.0f} people"
            handles.append(Line2D([], [], color=_EDGE_COLOUR, linewidth=width, label=label))
    if dashed:
        handles.append(Line2D([], [], color=_EDGE_COLOUR, linewidth=0.6, linestyle=(0, (3, 2)),
                              label="volume shared or not stated"))
    for kind in sorted(kinds):
        handles.append(Line2D([], [], marker="o", linestyle="", markersize=6,
                              color=_KIND_COLOURS.get(kind, "#777777"), label=kind))
    handles.append(Line2D([], [], marker="o", linestyle="", markersize=0,
                          label=f"node area: {centrality.replace('_', '-')}"))
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
    return [float(s) for s in steps if s < top] + [top]


def _footer(figure, text: str, ax=None) -> None:
    """The provenance line: at the foot of the figure, or just under ``ax``'s axis label."""
    style = {"ha": "center", "va": "top", "fontsize": 5.5, "color": "#444444", "wrap": True}
    if ax is None:
        figure.text(0.5, -0.02, text, **style)
    else:
        ax.annotate(text, xy=(0.5, 0), xycoords="axes fraction", xytext=(0, -30),
                    textcoords="offset points", **style)


def _sources_text(place_graph, knowledge_graph) -> str:
    from .tables import row_sources

    flows = {f for c in place_graph.corridors.values() for f in c.flows}
    datasets = {d for c in place_graph.corridors.values() for d in c.datasets}
    sources = row_sources(flows, datasets, knowledge_graph)
    return ", ".join(sources) if sources else "none stated"


def plot_flow_network(place_graph, knowledge_graph, target, *, centrality: str = "pagerank",
                      title: str | None = None, fmt: str | None = None) -> None:
    """The corridors of one slice as a directed network on a circle."""
    plt = _pyplot()
    figure, ax = plt.subplots(figsize=(5.5, 5.2))
    positions = circle_layout(place_graph.places)
    weights = [_corridor_weight(place_graph, c) for c in place_graph.corridors.values()]
    scores = _centrality(place_graph, centrality) if place_graph.places else {}
    max_weight, max_score = max(weights, default=0.0), max(scores.values(), default=0.0)
    dashed = _draw_network(ax, place_graph, positions, centrality=centrality,
                           max_weight=max_weight, max_score=max_score)
    ax.set_title(title or f"Intellectual migration, {place_graph.slice.label}")
    _legend(figure, place_graph, max_weight=max_weight, max_score=max_score,
            centrality=centrality, dashed=dashed,
            kinds={k for _, k in place_graph.places.values()})
    _footer(figure, f"Measure: {place_graph.measure}; slice: {place_graph.slice.label}; "
                    f"level: {place_graph.level}. Sources: "
                    f"{_sources_text(place_graph, knowledge_graph)}.")
    figure.subplots_adjust(bottom=0.12)
    try:
        save_figure(figure, target, fmt)
    finally:
        plt.close(figure)


def plot_stages(place_graphs: dict, knowledge_graph, target, *, centrality: str = "pagerank",
                titles: dict | None = None, fmt: str | None = None) -> None:
    """Small multiples: one panel per slice (``{stage id: PlaceGraph}``), one shared layout.

    Widths and node areas share one scale across panels, so panels compare; places
    absent from a stage stay in place, in grey.
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
                                max_weight=max_weight, max_score=max_score, all_places=places)
        ax.set_title((titles or {}).get(stage) or _era_title(stage, knowledge_graph), pad=10)
    for ax in list(axes.flat)[len(place_graphs):]:
        ax.axis("off")
    first = next(iter(place_graphs.values()))
    _legend(figure, first, max_weight=max_weight, max_score=max_score, centrality=centrality,
            dashed=dashed, kinds={k for _, k in places.values()})
    sources = sorted({s for g in place_graphs.values()
                      for s in _sources_text(g, knowledge_graph).split(", ")} - {"none stated"})
    by_measure: dict[str, list[str]] = {}
    for stage, graph in place_graphs.items():
        by_measure.setdefault(graph.measure, []).append(stage)
    measures = first.measure if len(by_measure) == 1 else "; ".join(
        f"{measure} ({', '.join(stages)})" for measure, stages in by_measure.items())
    _footer(figure, f"Measure: {measures}; level: {first.level}; one layout and one "
                    f"scale for all panels. Sources: {', '.join(sources) or 'none stated'}.")
    figure.subplots_adjust(bottom=0.08, wspace=0.05, hspace=0.12)
    try:
        save_figure(figure, target, fmt)
    finally:
        plt.close(figure)


def _era_title(era: str, knowledge_graph) -> str:
    """``Stage 1 (1945–1959)`` from the Era node; the id if the graph lacks it."""
    data = knowledge_graph.nodes[era] if era in knowledge_graph else {}
    start, end = data.get("start_year"), data.get("end_year")
    years = f" ({start}–{end if end is not None else ''})" if start is not None else ""
    return f"{data.get('name_en') or era}{years}"


def plot_hubs(hub_rows, knowledge_graph, target, *, role: str = "recipient", top: int = 10,
              title: str | None = None, fmt: str | None = None) -> None:
    """Horizontal bars of the ``top`` hubs: the lower bound, a whisker to the upper bound."""
    from .tables import row_sources

    plt = _pyplot()
    rows = [r for r in hub_rows if r.role == role][:top]
    if not rows:
        raise ExportError(f"no {role} hubs in this slice to plot")
    qualitative = rows[0].measure == "qualitative"
    figure, ax = plt.subplots(figsize=(5.0, 0.9 + 0.32 * len(rows)))
    names = [r.name for r in rows][::-1]
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
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_xlabel("stated links" if qualitative else
                  f"people {'received' if role == 'recipient' else 'sent'} "
                  "(bar: lower bound; line: up to the upper bound; ▸ unbounded)")
    ax.grid(axis="x", color="#e0e0e0", linewidth=0.5, zorder=0)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(title or f"{role.capitalize()} hubs, {rows[0].slice}")
    sources = sorted({s for r in rows for s in row_sources(r.flows, (), knowledge_graph)})
    _footer(figure, f"Measure: {rows[0].measure}; slice: {rows[0].slice}. "
                    f"Sources: {', '.join(sources) or 'none stated'}.", ax)
    try:
        save_figure(figure, target, fmt)
    finally:
        plt.close(figure)
