"""Flow charts of a slice: a circular migration plot, an origin x destination heatmap,
and per-year (or per-era) lines of chosen places.

All volumes are the stated lower bounds of the corridors (exact for imported
counts), as in the network figure; the footer says so.

Examples
--------
>>> from intelmig.analytics import PlaceGraph, Slice, Corridor
>>> g = PlaceGraph(Slice(), "flow", "country",
...     places={p: (p, "Country") for p in ("A", "B", "C")},
...     corridors={("A", "B"): Corridor("A", "B", 5.0, 5.0), ("C", "B"): Corridor("C", "B", 1.0, 1.0)})
>>> names, matrix = flow_matrix(g, top=1)
>>> names, matrix.tolist()
(['B', 'Other'], [[0.0, 0.0], [6.0, 0.0]])
"""

from __future__ import annotations

import math

from ..i18n import gettext as _
from ..i18n import number, place_name
from . import ExportError
from .figures import (_footer, _measure_words, _pyplot, caption, finish, slice_title,
                      strength_words, wrap)

__all__ = ["SERIES_MEASURES", "flow_matrix", "plot_chord", "plot_heatmap", "plot_series"]

OTHER = "Other"
SERIES_MEASURES = ("net", "in", "out")


def _weight(place_graph, corridor) -> float:
    return float(corridor.links) if place_graph.measure == "qualitative" else corridor.low


def flow_matrix(place_graph, top: int):
    """The ``top`` places by gross migration (in + out), the rest grouped as ``Other``.

    Parameters
    ----------
    place_graph : intelmig.analytics.PlaceGraph
    top : int
        Places kept by name; the others are summed into ``Other`` (flows among
        them included, so every person of the slice is in the matrix once).

    Returns
    -------
    names : list of str, shape (k,)
        Place ids by decreasing gross migration, then ``Other`` if any place was grouped.
    matrix : numpy.ndarray, shape (k, k)
        ``matrix[i, j]``: people from ``names[i]`` to ``names[j]`` (lower bounds);
        the diagonal is 0 except ``Other -> Other``, flows among grouped places.

    Raises
    ------
    ExportError
        ``top`` < 1.

    Examples
    --------
    >>> from intelmig.analytics import Corridor, PlaceGraph, Slice
    >>> g = PlaceGraph(Slice(), "flow", "country",
    ...                corridors={("KAZ", "RUS"): Corridor("KAZ", "RUS", 900.0, 900.0),
    ...                           ("RUS", "KAZ"): Corridor("RUS", "KAZ", 200.0, 200.0),
    ...                           ("DEU", "USA"): Corridor("DEU", "USA", 50.0, 80.0)})
    >>> names, matrix = flow_matrix(g, top=2)
    >>> names, matrix.tolist()
    (['KAZ', 'RUS', 'Other'], [[0.0, 900.0, 0.0], [200.0, 0.0, 0.0], [0.0, 0.0, 50.0]])
    """
    import numpy as np

    if top < 1:
        raise ExportError(f"--top must be at least 1, got {top}")
    gross: dict[str, float] = {}
    for (source, target), corridor in place_graph.corridors.items():
        weight = _weight(place_graph, corridor)
        gross[source] = gross.get(source, 0.0) + weight
        gross[target] = gross.get(target, 0.0) + weight
    ranked = sorted(gross, key=lambda p: (-gross[p], p))
    kept = ranked[:top]
    names = kept + ([OTHER] if len(ranked) > top else [])
    index = {p: i for i, p in enumerate(kept)}
    other = len(kept)
    matrix = np.zeros((len(names), len(names)))
    for (source, target), corridor in place_graph.corridors.items():
        matrix[index.get(source, other), index.get(target, other)] += _weight(place_graph,
                                                                               corridor)
    return names, matrix


def _grouped(top: int, names) -> str:
    if OTHER not in names:
        return ""
    return _("Places beyond the largest {top} by out + in are grouped.").format(top=top) + " "


def _stated_matrix(place_graph, top):
    names, matrix = flow_matrix(place_graph, top)
    if not matrix.sum():
        raise ExportError("no corridor with a stated volume in this slice (only shares of "
                          "volumes or links): nothing to plot; try --figure network")
    return names, matrix


def _label(place, place_graph, knowledge_graph):
    if place == OTHER:
        return _("Other places")
    return place_name(place, place_graph.places.get(place, (place, ""))[0], knowledge_graph)


def _unit(place_graph) -> str:
    return _("stated links") if place_graph.measure == "qualitative" else _("people")


def plot_chord(place_graph, knowledge_graph, target, *, top: int = 10,
               title: str | None = None, fmt: str | None = None) -> None:
    """A circular migration plot (Abel and Sander 2014) of the ``top`` places.

    Each place is a sector whose length is its gross migration (out + in), outflows
    first; a band leaves its origin's sector at full width, in the origin's colour,
    and ends short of the rim at its destination with an arrowhead, so direction
    reads without a legend. Places beyond ``top`` form one grey sector, "Other places".

    Volumes are people (stated lower bounds); the footer names dataset, measure, slice and
    sources. ``target`` is a path or a binary file (then ``fmt``: png, svg or pdf).

    Raises
    ------
    ExportError
        An empty slice or ``top`` < 1.

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
    >>> plot_chord(graph, kg, out, top=2, fmt="svg")
    >>> [t for t in svg_text(out.getvalue()) if t.startswith(("Kaz", "Rus", "Other", "Sector"))]
    ['Kazakhstan', 'Russia', 'Other places', 'Sector: out (first, clockwise), then in. Drawn: 1,400 people.']
    """
    import matplotlib
    import numpy as np
    from matplotlib.patches import PathPatch, Wedge
    from matplotlib.path import Path

    names, matrix = _stated_matrix(place_graph, top)
    among_others = float(matrix.diagonal().sum())
    matrix = matrix.copy()
    np.fill_diagonal(matrix, 0.0)  # flows among the grouped places: said, not drawn
    total = matrix.sum()
    outflow, inflow = matrix.sum(axis=1), matrix.sum(axis=0)
    gap = 2 * math.pi * 0.006
    span = 2 * math.pi - gap * len(names)
    scale = span / (outflow.sum() + inflow.sum())
    # ten distinct hues while they last; tab20's light/dark pairs only beyond
    palette, hues = ((matplotlib.colormaps["tab10"], 10) if len(names) <= 11
                     else (matplotlib.colormaps["tab20"], 20))
    colours = [palette(i % hues) if n != OTHER else (0.6, 0.6, 0.6, 1.0)
               for i, n in enumerate(names)]
    plt = _pyplot()
    figure, ax = plt.subplots(figsize=(6.0, 5.9))
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_xlim(-1.5, 1.5)
    ax.set_ylim(-1.62, 1.45)
    starts, cursor = [], math.pi / 2  # clockwise from the top
    for i in range(len(names)):
        starts.append(cursor)
        cursor -= (outflow[i] + inflow[i]) * scale + gap
    out_cursor = list(starts)
    in_cursor = [starts[i] - outflow[i] * scale for i in range(len(names))]

    def point(angle, radius):
        return (radius * math.cos(angle), radius * math.sin(angle))

    for i in range(len(names)):
        # outer track: the sector; inner tick: where the outflows end and the inflows begin
        a0, a1 = starts[i], starts[i] - (outflow[i] + inflow[i]) * scale
        ax.add_patch(Wedge((0, 0), 1.06, math.degrees(a1), math.degrees(a0), width=0.06,
                           color=colours[i], zorder=2))
        mid = (a0 + a1) / 2
        x, y = point(mid, 1.1)
        degrees = math.degrees(mid) % 360
        flip = 90 < degrees < 270
        ax.text(x, y, _label(names[i], place_graph, knowledge_graph), fontsize=6.3,
                rotation=degrees + (180 if flip else 0), rotation_mode="anchor",
                ha="right" if flip else "left", va="center", zorder=3)
    bands = []
    # bands in the origin's order of destinations, so they fan without crossing at the rim
    for i in range(len(names)):
        for j in sorted(range(len(names)), key=lambda j: (j - i) % len(names)):
            if i == j or not matrix[i, j]:
                continue
            width = matrix[i, j] * scale
            s0, s1 = out_cursor[i], out_cursor[i] - width
            out_cursor[i] = s1
            t0, t1 = in_cursor[j], in_cursor[j] - width
            in_cursor[j] = t1
            bands.append(((i, j), (s0, s1, t0, t1)))
    # widest first, so narrow bands stay visible on top
    for (i, j), (s0, s1, t0, t1) in sorted(bands, key=lambda band: -matrix[band[0]]):
        tip = 0.9  # destination end stops short of the rim and comes to a point
        tm = (t0 + t1) / 2
        vertices = [point(s0, 1.0), (0, 0), (0, 0), point(t0, tip), point(tm, 0.985),
                    point(t1, tip), (0, 0), (0, 0), point(s1, 1.0)]
        codes = [Path.MOVETO, Path.CURVE4, Path.CURVE4, Path.CURVE4, Path.LINETO,
                 Path.LINETO, Path.CURVE4, Path.CURVE4, Path.CURVE4]
        # the origin's own arc closes the band
        arc = np.linspace(s1, s0, 8)[1:]
        vertices += [point(a, 1.0) for a in arc]
        codes += [Path.LINETO] * len(arc)
        ax.add_patch(PathPatch(Path(vertices, codes), facecolor=colours[i], alpha=0.62,
                               edgecolor=colours[i], linewidth=0.2, zorder=1))
    ax.set_title(title or _("Migration among the {count} largest places: {slice}").format(
        count=len([n for n in names if n != OTHER]),
        slice=slice_title(place_graph.slice, knowledge_graph)), fontsize=8.5)
    others = (" " + _("Flows among the other places ({value}) are not drawn.").format(
        value=number(among_others)) if among_others else "")
    ax.text(0, -1.5, wrap(_("Band width: {unit}, in the origin's colour; a band starts at "
                            "its origin's rim and ends in a point at its destination. Sector: "
                            "out (first, clockwise), then in. Drawn: {total} {unit}.").format(
        unit=_unit(place_graph), total=number(total)) + others, figure, 6, 0.9),
        ha="center", va="top", fontsize=6)
    _footer(figure, caption(place_graph, knowledge_graph, measure=_measure_words(place_graph),
                            extra=_grouped(top, names)))
    figure.subplots_adjust(left=0.02, right=0.98, bottom=0.03, top=0.95)
    finish(figure, target, fmt)


def plot_heatmap(place_graph, knowledge_graph, target, *, top: int = 20,
                 title: str | None = None, fmt: str | None = None) -> None:
    """An origin (rows) x destination (columns) matrix of the ``top`` places.

    Colour is logarithmic (volumes span orders of magnitude); a pair without a
    corridor is light grey, distinct from any volume; the diagonal (no migration)
    is marked. Values are written in the cells up to 15 places.

    Volumes are people (stated lower bounds); ``target`` is a path or a binary file (then
    ``fmt``: png, svg or pdf).

    Raises
    ------
    ExportError
        An empty slice or ``top`` < 1.

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
    >>> plot_heatmap(graph, kg, out, fmt="svg")
    >>> text = svg_text(out.getvalue())
    >>> [t for t in text if t.isdigit()], text[text.index("people (log scale)") + 1]
    (['900', '300', '200'], 'Origin × destination, 3 places: 2019')
    """
    import numpy as np
    from matplotlib.colors import LogNorm
    from matplotlib.patches import Patch

    names, matrix = _stated_matrix(place_graph, top)
    labels = [_label(n, place_graph, knowledge_graph) for n in names]
    size = len(names)
    matrix = matrix.copy()
    np.fill_diagonal(matrix, 0.0)  # same place; Other -> Other is among grouped places
    plt = _pyplot()
    side = min(7.0, 2.4 + 0.23 * size)
    figure, ax = plt.subplots(figsize=(side + 1.2, side + 0.6))
    masked = np.ma.masked_where(matrix <= 0, matrix)
    cmap = plt.get_cmap("viridis").with_extremes(bad="#eeeeee")
    positive = matrix[matrix > 0]
    image = ax.imshow(masked, cmap=cmap, norm=LogNorm(vmin=positive.min(),
                                                      vmax=max(positive.max(),
                                                               positive.min() * 1.0001)),
                      interpolation="nearest", aspect="equal")
    for k in range(size):
        if names[k] != OTHER:
            ax.add_patch(plt.Rectangle((k - 0.5, k - 0.5), 1, 1, facecolor="#ffffff",
                                       hatch="xxxx", edgecolor="#bbbbbb", linewidth=0))
    if size <= 15:
        threshold = math.sqrt(positive.min() * positive.max())
        for i in range(size):
            for j in range(size):
                if matrix[i, j] > 0:
                    ax.text(j, i, number(matrix[i, j]), ha="center", va="center",
                            fontsize=5, color="black" if matrix[i, j] > threshold else "white")
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    ax.set_xticks(range(size), labels, rotation=60, ha="left", rotation_mode="anchor",
                  fontsize=6)
    ax.set_yticks(range(size), labels, fontsize=6)
    ax.set_xlabel(_("destination"), fontsize=7)
    ax.set_ylabel(_("origin"), fontsize=7)
    bar = figure.colorbar(image, ax=ax, shrink=0.7, pad=0.02)
    bar.set_label(_("{unit} (log scale)").format(unit=_unit(place_graph)), fontsize=6.5)
    bar.ax.tick_params(labelsize=6)
    handles = [Patch(facecolor="#eeeeee", edgecolor="#bbbbbb", linewidth=0.4,
                     label=_("no corridor")),
               Patch(facecolor="#ffffff", hatch="xxxx", edgecolor="#bbbbbb",
                     label=_("same place (not migration)"))]
    if OTHER in names:
        handles.append(Patch(facecolor="#eeeeee", edgecolor="#bbbbbb", linewidth=0.4,
                             label=_("Other → Other: among grouped places, not shown")))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.0, -0.01), ncol=3,
              fontsize=6, frameon=False)
    figure.suptitle(title or _("Origin × destination, {count} places: {slice}").format(
        count=len(names), slice=slice_title(place_graph.slice, knowledge_graph)),
        fontsize=8.5, y=1.05)
    _footer(figure, caption(place_graph, knowledge_graph, measure=_measure_words(place_graph),
                            extra=_grouped(top, names)))
    finish(figure, target, fmt)


def place_series(place_graphs: dict, places, measure: str = "net") -> dict:
    """``{place: [(slice label, low, high), ...]}`` of a strength measure over slices.

    Examples
    --------
    >>> from intelmig.analytics import PlaceGraph, Slice
    >>> g = PlaceGraph(Slice(), "flow", "country", sent={"KAZ": [3.0, 3.0]},
    ...                received={"KAZ": [5.0, 5.0]})
    >>> place_series({"2019": g}, ["KAZ", "USA"])
    {'KAZ': [('2019', 2.0, 2.0)], 'USA': [('2019', None, None)]}
    """
    if measure not in SERIES_MEASURES:
        raise ExportError(f"series measure must be one of {', '.join(SERIES_MEASURES)}, "
                          f"got {measure!r}")
    result = {}
    for place in places:
        points = []
        for label, graph in place_graphs.items():
            if place not in graph.received and place not in graph.sent:
                points.append((label, None, None))
                continue
            i_lo, i_hi = graph.received.get(place, (0.0, 0.0))
            o_lo, o_hi = graph.sent.get(place, (0.0, 0.0))
            low, high = {"net": (i_lo - o_hi, i_hi - o_lo), "in": (i_lo, i_hi),
                         "out": (o_lo, o_hi)}[measure]
            points.append((label, low, high))
        result[place] = points
    return result


def plot_series(place_graphs: dict, places, knowledge_graph, target, *, measure: str = "net",
                title: str | None = None, fmt: str | None = None) -> None:
    """Lines of a place measure over consecutive slices (years, or eras), one per place.

    Parameters
    ----------
    place_graphs : dict
        ``{slice label: PlaceGraph}`` in time order (one per year, or per era).
    places : list of str
        Place ids; a place absent from a slice has a gap there, not a 0.
    measure : {"net", "in", "out"}

    Interval volumes are drawn as a band from the lower to the upper bound with
    the line at the lower bound's end (an unbounded end is clipped and marked).

    Raises
    ------
    ExportError
        No places, a place in no slice, or an unknown measure.

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
    >>> later = PlaceGraph(Slice.of(year=2020), "flow", "country", sources=("mpidr",))
    >>> later.places.update(graph.places)
    >>> add_pair_row(later, ("mpidr", "RUS", "KAZ", 500.0, 500.0, 1, 1))
    >>> out = io.BytesIO()
    >>> plot_series({"2019": graph, "2020": later}, ["KAZ"], kg, out, fmt="svg")
    >>> svg_text(out.getvalue())[-2:]
    ['Net migration (in − out): 2019 to 2020', 'Kazakhstan (KAZ)']
    >>> plot_series({"2019": graph}, ["USA"], kg, io.BytesIO(), fmt="svg")
    Traceback (most recent call last):
    ...
    intelmig.export.ExportError: no data for USA in these slices
    """
    import matplotlib
    import numpy as np

    if not places:
        raise ExportError("a series needs places: --place KAZ --place USA")
    series = place_series(place_graphs, places, measure)
    missing = [p for p, points in series.items() if all(lo is None for _s, lo, _h in points)]
    if missing:
        raise ExportError(f"no data for {', '.join(missing)} in these slices")
    graphs = list(place_graphs.values())
    any_graph = graphs[0]
    plt = _pyplot()
    figure, ax = plt.subplots(figsize=(6.0, 3.6))
    labels = list(place_graphs)
    x = np.arange(len(labels))
    palette = matplotlib.colormaps["tab10"]
    unbounded = False
    for k, place in enumerate(places):
        lows = np.array([np.nan if lo is None else lo for _s, lo, _h in series[place]], float)
        highs = np.array([np.nan if hi is None else hi for _s, _l, hi in series[place]], float)
        unbounded |= bool(np.isinf(lows).any() or np.isinf(highs).any())
        finite = np.where(np.isinf(lows), np.nan, lows)
        english = next((g.places[place][0] for g in graphs if place in g.places), place)
        label = place_name(place, english, knowledge_graph)
        colour = palette(k % 10)
        ax.plot(x, finite, marker="o", markersize=2.5, linewidth=1.2, color=colour,
                label=f"{label} ({place})")
        spread = ~np.isnan(lows) & (lows != highs)
        if spread.any():
            ax.fill_between(x, np.where(np.isinf(lows), np.nan, lows),
                            np.where(np.isinf(highs), np.nan, highs), where=spread,
                            color=colour, alpha=0.15, linewidth=0)
    if measure == "net":
        ax.axhline(0, color="#444444", linewidth=0.6)
    ax.set_xticks(x, labels, rotation=45 if len(labels) > 8 else 0,
                  ha="right" if len(labels) > 8 else "center", fontsize=6)
    ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _pos: number(v)))
    words = strength_words(measure, any_graph.measure)
    ax.set_ylabel(f"{words}, {_unit(any_graph)}")
    ax.grid(axis="y", color="#e0e0e0", linewidth=0.5)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(fontsize=6.5, frameon=False, loc="best")
    first, last = graphs[0], graphs[-1]
    span = (slice_title(first.slice, knowledge_graph) if len(graphs) == 1 else
            _("{first} to {last}").format(first=slice_title(first.slice, knowledge_graph),
                                          last=slice_title(last.slice, knowledge_graph)))
    ax.set_title(title or f"{words[0].upper()}{words[1:]}: {span}", fontsize=8.5)
    merged = type(first)(first.slice, first.measure, first.level)
    for graph in graphs:
        merged.corridors.update({(k, graph.slice.label): c for k, c in graph.corridors.items()})
    measures = sorted({g.measure for g in graphs})
    note = (_("Band: from the lower to the upper stated bound; a gap: no data in that slice.")
            + (" " + _("Unbounded ends are not drawn.") if unbounded else "") + " ")
    text = caption(merged, knowledge_graph, measure=_("{measure} (people; stated lower "
                   "bounds)").format(measure=", ".join(_(m) for m in measures)), extra=note)
    text = text.replace(slice_title(first.slice, knowledge_graph) + ".",
                        _("{span}, one point each.").format(span=span), 1)
    _footer(figure, text, ax)
    finish(figure, target, fmt)
