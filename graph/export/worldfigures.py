"""World figures of one slice: a choropleth of a place measure and a flow map of corridors.

Both draw the Natural Earth shapes of :mod:`intelmig.export.worldmap` (shipped with the
package, so they work offline) in the equal-area Equal Earth projection.

Measures of a place (country level), from the in- and out-strength intervals of
:class:`intelmig.analytics.PlaceGraph`:

``in``, ``out``
    People received, sent (in-, out-strength).
``net``
    In minus out (net migration; positive: brain gain).
``effectiveness``
    The migration effectiveness index, ``100 (in - out) / (in + out)`` (Bell et al.
    2002): how far the exchanges of a place go one way, from -100 to 100.
``net_rate``
    Net migration per 1,000 of the population at risk, taken from the dataset's own
    populations (for MPIDR: researchers, the ``padded_population_of_researchers`` of its
    CountryYear nodes).

Volumes stated as intervals stay intervals: each measure is computed at both ends
(both are monotone in ``in`` and ``out``), and a place is coloured only when its
whole interval falls in one class; otherwise it is hatched, "interval spans classes".
A place with no corridor in the slice is "no data", drawn differently from a value
of 0. Places without a shape (former states such as the Soviet Union, places too
small for the 1:50m map) are listed beside the map with their values, never lost.

Examples
--------
Magnitudes 10, 40, 50, 900, 3000: terciles 43.3 and 616.7, rounded to two digits.

>>> class_breaks([-900.0, -50.0, 10.0, 40.0, 3000.0], diverging=True)
[-3000.0, -620.0, -43.0, 0.0, 43.0, 620.0, 3000.0]
>>> class_breaks([1.0, 2.0, 3.0, 40.0, 500.0], diverging=False)
[0.0, 2.0, 3.0, 40.0, 500.0]
"""

from __future__ import annotations

import math

from ..i18n import gettext as _
from ..i18n import number, place_name
from . import ExportError
from .figures import _footer, _pyplot, caption, finish, slice_title, strength_words, wrap

__all__ = ["MAP_MEASURES", "class_breaks", "place_values", "plot_flowmap", "plot_map"]

MAP_MEASURES = {
    "net": ("net migration (in − out)", "people", True),
    "in": ("in-strength (people received)", "people", False),
    "out": ("out-strength (people sent)", "people", False),
    "effectiveness": ("migration effectiveness index, 100·(in − out)/(in + out)", "index",
                      True),
    "net_rate": ("net migration rate", "per 1,000 population at risk", True),
}
_SHAPES = "Shapes: Natural Earth (public domain)."
_NO_DATA = "#f0f0f0"
_ZERO = "#ffffff"
_INTERVAL = "#bdbdbd"


def place_values(place_graph, measure: str, population: dict | None = None) -> dict:
    """``{place: (low, high)}`` of a map measure for every place of the slice.

    Parameters
    ----------
    place_graph : intelmig.analytics.PlaceGraph
        Country level (a region's figures overlap its members' and are not mapped).
    measure : {"net", "in", "out", "effectiveness", "net_rate"}
    population : dict, optional
        ``{country: population at risk}``; needed for ``net_rate``.

    Returns
    -------
    dict
        Bounds of the measure, equal for exact data; a place without a population
        (``net_rate``) or without any exchange (``effectiveness``) is left out.

    Raises
    ------
    ExportError
        An unknown measure, a qualitative slice, or ``net_rate`` without populations.

    Examples
    --------
    >>> from intelmig.analytics import PlaceGraph, Slice
    >>> g = PlaceGraph(Slice(), "flow", "country", places={"KAZ": ("Kazakhstan", "Country")},
    ...                sent={"KAZ": [61.0, 61.0]}, received={"KAZ": [48.0, 48.0]})
    >>> place_values(g, "net"), place_values(g, "net_rate", {"KAZ": 5210.0})["KAZ"][0]
    ({'KAZ': (-13.0, -13.0)}, -2.495201535508637)
    >>> round(place_values(g, "effectiveness")["KAZ"][0], 2)
    -11.93
    """
    if measure not in MAP_MEASURES:
        raise ExportError(f"map measure must be one of {', '.join(MAP_MEASURES)}, "
                          f"got {measure!r}")
    if place_graph.measure == "qualitative":
        raise ExportError("this slice states links without volumes (measure qualitative); "
                          "a map needs volumes: choose a slice with flows or stocks")
    if measure == "net_rate" and not population:
        raise ExportError("net_rate needs the population at risk: import the dataset's "
                          "country table (MPIDR: intelmig import scholarly-countries FILE)")
    values = {}
    for place in place_graph.places:
        i_lo, i_hi = place_graph.received.get(place, (0.0, 0.0))
        o_lo, o_hi = place_graph.sent.get(place, (0.0, 0.0))
        if measure == "in":
            values[place] = (i_lo, i_hi)
        elif measure == "out":
            values[place] = (o_lo, o_hi)
        elif measure == "net":
            values[place] = (i_lo - o_hi, i_hi - o_lo)
        elif measure == "effectiveness":
            low, high = _mei(i_lo, o_hi), _mei(i_hi, o_lo)
            if low is not None and high is not None:
                values[place] = (low, high)
        elif population.get(place):
            scale = 1000.0 / population[place]
            values[place] = ((i_lo - o_hi) * scale, (i_hi - o_lo) * scale)
    return values


def _mei(inflow, outflow):
    if math.isinf(inflow):
        return 100.0
    if math.isinf(outflow):
        return -100.0
    total = inflow + outflow
    return None if total <= 0 else 100.0 * (inflow - outflow) / total


def _round(value: float) -> float:
    """Two significant digits, so that breaks read as round numbers."""
    if value == 0:
        return 0.0
    digits = 1 - int(math.floor(math.log10(abs(value))))
    return float(round(value, digits))


def class_breaks(values, *, diverging: bool, classes: int = 3) -> list[float]:
    """Class limits of a choropleth: quantiles of the values (of ``|values|``, mirrored
    around 0, when ``diverging``), rounded to two significant digits, the extreme kept.

    Parameters
    ----------
    values : iterable of float
        Finite values of the places with data.
    diverging : bool
    classes : int
        Classes on each side of 0 (diverging) or in all (sequential: ``classes + 1``).

    Returns
    -------
    list of float
        Increasing limits; a value ``v`` is in class ``k`` when
        ``limits[k] < v <= limits[k + 1]`` (0 is a class of its own when diverging).

    Examples
    --------
    Net migration of five places, three classes each side of 0:

    >>> class_breaks([-900.0, -50.0, 10.0, 40.0, 3000.0], diverging=True)
    [-3000.0, -620.0, -43.0, 0.0, 43.0, 620.0, 3000.0]
    >>> class_breaks([12.0, 12.0], diverging=False, classes=2)   # one value: one class
    [0.0, 12.0]
    """
    import numpy as np

    finite = np.array([v for v in values if math.isfinite(v)], dtype=float)
    if diverging:
        magnitudes = np.abs(finite[finite != 0])
        if not len(magnitudes):
            return [0.0]
        top = float(magnitudes.max())
        inner = sorted({_round(float(q)) for q in np.quantile(
            magnitudes, [k / classes for k in range(1, classes)])} - {0.0})
        inner = [b for b in inner if b < top]
        positive = [*inner, top]
        return [-b for b in positive[::-1]] + [0.0] + positive
    positive = finite[finite > 0]
    if not len(positive):
        return [0.0]
    top = float(positive.max())
    inner = sorted({_round(float(q)) for q in np.quantile(
        positive, [k / (classes + 1) for k in range(1, classes + 1)])} - {0.0})
    return [0.0, *[b for b in inner if b < top], top]


def _classify(low, high, limits, diverging):
    """Class index of an interval, ``"zero"``, or None when it spans classes."""
    def index(v):
        if diverging and v == 0:
            return "zero"
        if not diverging and v <= 0:
            return "zero"
        for k in range(len(limits) - 1):
            if limits[k] < v <= limits[k + 1] or (k == 0 and v == limits[0]):
                return k
        return len(limits) - 2 if v > limits[-1] else 0
    a, b = index(low), index(high)
    return a if a == b else None


def _colours(limits, diverging):
    import matplotlib

    count = len(limits) - 1
    if diverging:
        half = count // 2
        cmap = matplotlib.colormaps["RdBu"]
        # Red for net losses, blue for gains; 0 has its own class and no shade.
        negatives = [cmap(0.08 + 0.32 * k / max(half - 1, 1)) for k in range(half)]
        positives = [cmap(0.6 + 0.32 * k / max(half - 1, 1)) for k in range(half)]
        return negatives + positives
    cmap = matplotlib.colormaps["Blues"]
    return [cmap(0.25 + 0.7 * k / max(count - 1, 1)) for k in range(count)]


def _number(value: float, unit: str) -> str:
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    return number(value, 0 if abs(value) >= 100 or unit == "people" else 1)


def _interval_text(low, high, unit):
    from ..interval import Interval

    return Interval(low, high).text("words", number=lambda value: _number(value, unit))


def _place_name(place, place_graph, knowledge_graph):
    return place_name(place, place_graph.places.get(place, (place, ""))[0], knowledge_graph)


def _country_paths():
    """``{ISO3: Path}`` (rings as one compound path) and the tiny ones that need a marker."""
    from matplotlib.path import Path

    from .worldmap import country_shapes

    paths, tiny = {}, set()
    for code, rings in country_shapes().items():
        vertices, codes, area = [], [], 0.0
        for ring in rings:
            vertices.extend(ring.tolist())
            vertices.append(ring[0].tolist())
            codes.extend([Path.MOVETO] + [Path.LINETO] * (len(ring) - 1) + [Path.CLOSEPOLY])
            x, y = ring[:, 0], ring[:, 1]
            area = max(area, abs(float((x[:-1] * y[1:] - x[1:] * y[:-1]).sum())) / 2)
        paths[code] = Path(vertices, codes)
        if area < 2e-4:  # smaller than about a 40 km square: invisible at this scale
            tiny.add(code)
    return paths, tiny


def _base_axes(plt, height=4.3):
    figure = plt.figure(figsize=(7.2, height))
    ax = figure.add_axes((0.0, 0.22, 1.0, 0.70))
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_xlim(-2.75, 2.75)
    ax.set_ylim(-1.12, 1.36)
    return figure, ax


def _outline(ax):
    """Draw the edge of the world in Equal Earth (its meridians at ±180°); return the
    patch, which clips the countries (see ``worldmap._unwrapped``)."""
    import numpy as np

    from .worldmap import equal_earth

    lat = np.linspace(-90, 90, 91)
    x1, y1 = equal_earth(np.full_like(lat, 180.0), lat)
    x0, y0 = equal_earth(np.full_like(lat, -180.0), lat[::-1])
    (patch,) = ax.fill(np.concatenate([x1, x0]), np.concatenate([y1, y0]), color="#f7fbff",
                       edgecolor="#9e9e9e", linewidth=0.4, zorder=0)
    return patch


def plot_map(place_graph, knowledge_graph, target, *, measure: str = "net",
             population: dict | None = None, title: str | None = None,
             fmt: str | None = None) -> None:
    """A world choropleth of one place measure of a slice (see the module docstring).

    Parameters
    ----------
    place_graph : intelmig.analytics.PlaceGraph
        Country level.
    knowledge_graph : networkx.MultiDiGraph
        Era, Source and place nodes for the title and footer
        (:func:`intelmig.export.context.figure_context`).
    target : path or binary file
        ``.png`` (300 dpi), ``.svg`` or ``.pdf``; a file needs ``fmt``.
    measure : {"net", "in", "out", "effectiveness", "net_rate"}
    population : dict, optional
        ``{country: population at risk}`` for ``net_rate``.

    Raises
    ------
    ExportError
        Region level, a bad measure, no volumes, a bad format.

    Examples
    --------
    >>> import io, networkx as nx
    >>> import xml.etree.ElementTree as ET
    >>> from intelmig.analytics.aggregate import PlaceGraph, add_pair_row
    >>> from intelmig.analytics.slices import Slice
    >>> graph = PlaceGraph(Slice.of(year=2019), "flow", "country", sources=("mpidr",))
    >>> graph.places.update({"KAZ": ("Kazakhstan", "Country"), "RUS": ("Russia", "Country"),
    ...                      "DEU": ("Germany", "Country"), "SUN": ("USSR", "Country")})
    >>> for source, target, people in (("KAZ", "RUS", 900.0), ("KAZ", "DEU", 300.0),
    ...                                ("RUS", "KAZ", 200.0), ("SUN", "DEU", 40.0)):
    ...     add_pair_row(graph, ("mpidr", source, target, people, people, 1, 1))
    >>> kg = nx.MultiDiGraph()   # the knowledge graph: names, eras and sources
    >>> kg.add_node("mpidr", label="Source", source_type="dataset",
    ...             title="Global flows of scholars", citation="Akbaritabar et al. (2023)")
    >>> def svg_text(data):   # SVG text stays text: read it back
    ...     return ["".join(e.itertext()) for e in ET.fromstring(data).iter()
    ...             if e.tag.endswith("}text")]
    >>> out = io.BytesIO()
    >>> plot_map(graph, kg, out, measure="effectiveness", fmt="svg")
    >>> text = svg_text(out.getvalue())
    >>> text[2:8]
    ['−100 to < −71.0', '−71.0 to < 0.0', '0', '> 0.0 to 71.0', '> 71.0 to 100', 'no data']
    >>> text[8]   # the USSR has no shape on today's map: listed, never lost
    'Not on the map (a former state, or no shape at 1:50m): USSR (SUN) −100.'
    """
    from matplotlib.collections import PathCollection
    from matplotlib.patches import Patch

    if place_graph.level != "country":
        raise ExportError("a map draws countries: use --level country")
    values = place_values(place_graph, measure, population)
    words, unit_en, diverging = MAP_MEASURES[measure]
    words, unit = _(words), _(unit_en)
    if measure in ("net", "in", "out"):
        words = strength_words(measure, place_graph.measure)
    points = [v for low, high in values.values() for v in (low, high)]
    limits = class_breaks(points, diverging=diverging)
    colours = _colours(limits, diverging) if len(limits) > 1 else []
    plt = _pyplot()
    figure, ax = _base_axes(plt)
    world = _outline(ax)
    paths, tiny = _country_paths()
    faces, hatched, no_data = {}, set(), set()
    for code in paths:
        if code not in values:
            faces[code] = _NO_DATA
            no_data.add(code)
            continue
        klass = _classify(*values[code], limits, diverging)
        if klass is None:
            faces[code] = _INTERVAL
            hatched.add(code)
        else:
            faces[code] = _ZERO if klass == "zero" else colours[klass]
    order = sorted(paths)
    ax.add_collection(PathCollection([paths[c] for c in order],
                                     facecolors=[faces[c] for c in order],
                                     edgecolors="#8c8c8c", linewidths=0.15, zorder=1)
                      ).set_clip_path(world)
    if hatched:
        ax.add_collection(PathCollection([paths[c] for c in sorted(hatched)],
                                         facecolors="none", edgecolors="#6e6e6e",
                                         hatch="/////", linewidths=0.0, zorder=2)
                          ).set_clip_path(world)
    from .worldmap import anchor

    markers = [c for c in sorted(tiny) if c in values]
    if markers:
        xy = [anchor(c) for c in markers]
        ax.scatter([p[0] for p in xy], [p[1] for p in xy], s=9, zorder=3,
                   c=[faces[c] if faces[c] != _INTERVAL else "#bdbdbd" for c in markers],
                   edgecolors="#444444", linewidths=0.3)
    handles = []
    if colours:
        for k, colour in enumerate(colours):
            low, high = limits[k], limits[k + 1]
            if diverging and k == len(colours) // 2:
                handles.append(Patch(facecolor=_ZERO, edgecolor="#8c8c8c", linewidth=0.4,
                                     label="0"))
            template = _("{low} to < {high}") if diverging and high <= 0 else \
                _("> {low} to {high}")
            label = template.format(low=_number(low, unit_en), high=_number(high, unit_en))
            handles.append(Patch(facecolor=colour, edgecolor="#8c8c8c", linewidth=0.4,
                                 label=label))
        if not diverging:
            handles.insert(0, Patch(facecolor=_ZERO, edgecolor="#8c8c8c", linewidth=0.4,
                                    label="0"))
    if hatched:
        handles.append(Patch(facecolor=_INTERVAL, edgecolor="#6e6e6e", hatch="/////",
                             linewidth=0.4, label=_("interval spans classes")))
    handles.append(Patch(facecolor=_NO_DATA, edgecolor="#8c8c8c", linewidth=0.4,
                         label=_("no data")))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.0, 0.0), ncol=5,
              fontsize=5.8, frameon=False, title=f"{words} ({unit})", title_fontsize=6.5,
              alignment="left", handlelength=1.6, columnspacing=1.2)
    unshaped = sorted((p for p in values if p not in paths),
                      key=lambda p: (-max(abs(values[p][0]), abs(values[p][1]))
                                     if all(map(math.isfinite, values[p])) else 0.0, p))
    if unshaped:
        shown = unshaped[:30]
        text = "; ".join(f"{_place_name(p, place_graph, knowledge_graph)} ({p}) "
                         f"{_interval_text(*values[p], unit_en)}" for p in shown)
        if len(unshaped) > len(shown):
            text += "; " + _("and {count} more").format(count=len(unshaped) - len(shown))
        figure.text(0.01, 0.055, wrap(_("Not on the map (a former state, or no shape at "
                                        "1:50m): {places}.").format(places=text), figure, 5.5),
                    fontsize=5.5, ha="left", va="top")
    ax.set_title(title or f"{words[0].upper()}{words[1:]}: "
                 f"{slice_title(place_graph.slice, knowledge_graph)}", fontsize=8.5, pad=2)
    breaks = "; ".join(_number(b, unit_en) for b in limits)
    classes = (_("Classes: quantiles of |value|, rounded (limits {limits}).") if diverging else
               _("Classes: quantiles, rounded (limits {limits}).")).format(limits=breaks)
    _footer(figure, caption(
        place_graph, knowledge_graph, measure=f"{words}, {unit}",
        extra=classes + " " + _("A place counts once its whole stated interval is in a "
                                "class.") + " " + _(_SHAPES) + " "), ax=None)
    finish(figure, target, fmt)


def plot_flowmap(place_graph, knowledge_graph, target, *, top: int = 20,
                 title: str | None = None, fmt: str | None = None) -> None:
    """The ``top`` corridors of a slice (by stated lower bound) as arcs on the world map.

    Arcs bend to the right of their direction, so the two directions of a pair run
    apart; width is proportional to the square root of the volume. A former state
    (``SUN``) is placed at the centre of its successors.

    Raises
    ------
    ExportError
        Region level, or no corridor with a place on the map.

    Examples
    --------
    >>> import io, networkx as nx
    >>> import xml.etree.ElementTree as ET
    >>> from intelmig.analytics.aggregate import PlaceGraph, add_pair_row
    >>> from intelmig.analytics.slices import Slice
    >>> graph = PlaceGraph(Slice.of(year=2019), "flow", "country", sources=("mpidr",))
    >>> graph.places.update({"KAZ": ("Kazakhstan", "Country"), "RUS": ("Russia", "Country"),
    ...                      "DEU": ("Germany", "Country"), "SUN": ("USSR", "Country")})
    >>> for source, target, people in (("KAZ", "RUS", 900.0), ("KAZ", "DEU", 300.0),
    ...                                ("RUS", "KAZ", 200.0), ("SUN", "DEU", 40.0)):
    ...     add_pair_row(graph, ("mpidr", source, target, people, people, 1, 1))
    >>> kg = nx.MultiDiGraph()   # the knowledge graph: names, eras and sources
    >>> kg.add_node("mpidr", label="Source", source_type="dataset",
    ...             title="Global flows of scholars", citation="Akbaritabar et al. (2023)")
    >>> def svg_text(data):   # SVG text stays text: read it back
    ...     return ["".join(e.itertext()) for e in ET.fromstring(data).iter()
    ...             if e.tag.endswith("}text")]
    >>> out = io.BytesIO()
    >>> plot_flowmap(graph, kg, out, top=3, fmt="svg")
    >>> text = svg_text(out.getvalue())
    >>> text[0], text[8]
    ('The 3 largest corridors: 2019', 'Places: DEU Germany; KAZ Kazakhstan; RUS Russia.')
    """
    from matplotlib.collections import PathCollection
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch

    from .figures import _corridor_weight, _measure_words, _nice_steps, top_corridors
    from .worldmap import anchor

    if place_graph.level != "country":
        raise ExportError("a flow map draws countries: use --level country")
    mappable = dict(place_graph.corridors)
    off_map = {k for k in mappable if anchor(k[0]) is None or anchor(k[1]) is None}
    for key in off_map:
        del mappable[key]
    if not mappable:
        raise ExportError("no corridor of this slice joins two places on the map")
    import dataclasses

    shown_graph, shown, total = top_corridors(
        dataclasses.replace(place_graph, corridors=mappable), top)
    plt = _pyplot()
    figure, ax = _base_axes(plt, height=4.1)
    world = _outline(ax)
    paths, _tiny = _country_paths()
    active = {p for pair in shown_graph.corridors for p in pair}
    ax.add_collection(PathCollection(
        [paths[c] for c in sorted(paths)],
        facecolors=["#d9d9d9" if c in active else "#eeeeee" for c in sorted(paths)],
        edgecolors="#ffffff", linewidths=0.2, zorder=1)).set_clip_path(world)
    weights = {k: _corridor_weight(shown_graph, c) for k, c in shown_graph.corridors.items()}
    heaviest = max(weights.values(), default=0.0) or 1.0
    qualitative = place_graph.measure == "qualitative"
    for (source, target_place), weight in sorted(weights.items(), key=lambda kv: kv[1]):
        width = 0.4 + 3.6 * math.sqrt(weight / heaviest)
        ax.add_patch(FancyArrowPatch(
            anchor(source), anchor(target_place), connectionstyle="arc3,rad=-0.28",
            arrowstyle="-|>", mutation_scale=4 + 1.6 * width, linewidth=width,
            color="#b2182b", alpha=0.7, shrinkA=1, shrinkB=1, zorder=3))
    for place in sorted(active):
        x, y = anchor(place)
        ax.scatter([x], [y], s=5, color="#333333", zorder=4)
        ax.annotate(place, (x, y), xytext=(2, 2), textcoords="offset points", fontsize=5.2,
                    color="#111111", zorder=5)
    handles = [Line2D([], [], color="#b2182b", alpha=0.7,
                      linewidth=0.4 + 3.6 * math.sqrt(v / heaviest),
                      label=(_("{value} link(s)") if qualitative else _("≥ {value} people"))
                      .format(value=number(v)))
               for v in _nice_steps(heaviest)]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.0, 0.0), ncol=4,
              fontsize=6, frameon=False, title=_("corridor volume (arrow: direction)"),
              title_fontsize=6.5, alignment="left")
    ax.set_title(title or _("The {count} largest corridors: {slice}").format(
        count=shown, slice=slice_title(place_graph.slice, knowledge_graph)),
        fontsize=8.5, pad=2)
    left_out = (" " + _("{count} corridor(s) with a place not on the map (a region, or no "
                        "shape at 1:50m) are not drawn.").format(count=number(len(off_map)))
                if off_map else "")
    names = "; ".join(f"{p} {_place_name(p, place_graph, knowledge_graph)}"
                      for p in sorted(active))
    figure.text(0.01, 0.07, wrap(_("Places: {places}.").format(places=names), figure, 5.2),
                fontsize=5.2, ha="left", va="top")
    _footer(figure, caption(
        place_graph, knowledge_graph, measure=_measure_words(place_graph),
        extra=_("The {shown} largest of {total} corridors by stated lower bound.").format(
            shown=shown, total=number(total)) + left_out + " " + _(_SHAPES) + " "))
    finish(figure, target, fmt)
