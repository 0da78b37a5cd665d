"""Country shapes for the world figures, shipped with the package so maps work offline.

The shapes are Natural Earth's Admin 0 countries at 1:50m (public domain), as the
TopoJSON ``countries-50m.json`` of the npm package ``world-atlas`` 2.0.2
(Natural Earth 4.1.0; packaging ISC, Mike Bostock), vendored unchanged in
``intelmig/export/data/`` with its licence (``data/README.md``). Features carry
ISO 3166-1 numeric codes; they are keyed here by ISO 3166-1 alpha-3 through
pycountry. Four features have no code: Kosovo is keyed ``XKX`` (the code the
World Bank and the MPIDR data use), Northern Cyprus is drawn with Cyprus and
Somaliland with Somalia (the ISO 3166 countries they lie in), and the Siachen
Glacier is left undrawn (disputed, uninhabited).

States that no longer exist (Soviet Union ``SUN``, Yugoslavia ``YUG``,
Czechoslovakia ``CSK``, East Germany ``DDR``, ...) have no shape of their own:
:data:`SUCCESSORS` names the present-day countries on their former territory,
which the flow map uses to place their arcs and the choropleth to say where
they were (the map lists them, with their values, beside the drawing).

Coordinates are projected with the Equal Earth projection (Šavrič, Patterson
and Jenny 2018), an equal-area projection, so the area of a country on a
choropleth is proportional to its real area; Antarctica is left out.

Examples
--------
>>> x, y = equal_earth([0.0, -180.0], [0.0, 0.0])
>>> [round(float(v), 4) for v in x], [round(float(v), 4) for v in y]
([0.0, -2.7066], [0.0, 0.0])
>>> shapes = country_shapes()
>>> "KAZ" in shapes and "USA" in shapes and "ATA" not in shapes
True
>>> SUCCESSORS["CSK"]
('CZE', 'SVK')
"""

from __future__ import annotations

import functools
import json
import math
from importlib import resources

__all__ = ["SHAPES_SOURCE", "SUCCESSORS", "anchor", "country_shapes", "equal_earth"]

SHAPES_SOURCE = "Natural Earth 1:50m Admin 0 (public domain), via world-atlas 2.0.2"
_NO_CODE = {"Kosovo": "XKX", "N. Cyprus": "CYP", "Somaliland": "SOM"}
_LEFT_OUT = {"010"}  # Antarctica: no migration data, a fifth of the map's height

SUCCESSORS = {
    "SUN": ("RUS", "UKR", "BLR", "MDA", "EST", "LVA", "LTU", "GEO", "ARM", "AZE", "KAZ", "UZB",
            "TKM", "KGZ", "TJK"),
    "YUG": ("SVN", "HRV", "BIH", "SRB", "MNE", "MKD", "XKX"),
    "SCG": ("SRB", "MNE", "XKX"),
    "CSK": ("CZE", "SVK"),
    "DDR": ("DEU",),
}


def equal_earth(lon, lat):
    """Project degrees of longitude and latitude with the Equal Earth projection.

    Parameters
    ----------
    lon, lat : array_like, shape (n,)
        Degrees; longitude in [-180, 180], latitude in [-90, 90].

    Returns
    -------
    x, y : numpy.ndarray, shape (n,)
        Coordinates on a sphere of radius 1 (x in about [-2.71, 2.71], y in [-1.32, 1.32]).

    Examples
    --------
    The equator is 2·√3·π/(3·1.340264) wide on each side; the pole is at 1.3174
    (Šavrič et al. 2018, table 1):

    >>> x, y = equal_earth([180.0, 0.0], [0.0, 90.0])
    >>> round(float(x[0]), 4), round(float(y[1]), 4)
    (2.7066, 1.3174)
    """
    import numpy as np

    a1, a2, a3, a4 = 1.340264, -0.081106, 0.000893, 0.003796
    lam = np.radians(np.asarray(lon, dtype=float))
    theta = np.arcsin(math.sqrt(3) / 2 * np.sin(np.radians(np.asarray(lat, dtype=float))))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = 2 * math.sqrt(3) * lam * np.cos(theta) / (
        3 * (9 * a4 * t6 * t2 + 7 * a3 * t6 + 3 * a2 * t2 + a1))
    y = theta * (a1 + a2 * t2 + t6 * (a3 + a4 * t2))
    return x, y


def _decode_arcs(topology) -> list:
    """The arcs of a quantized TopoJSON topology as absolute (lon, lat) arrays."""
    import numpy as np

    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        points = np.cumsum(np.asarray(arc, dtype=float), axis=0)
        arcs.append(np.column_stack([points[:, 0] * sx + tx, points[:, 1] * sy + ty]))
    return arcs


def _ring(arcs, indexes):
    import numpy as np

    parts = []
    for i, index in enumerate(indexes):
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        parts.append(arc if i == 0 else arc[1:])
    return np.concatenate(parts)


@functools.cache
def country_shapes() -> dict:
    """``{ISO3: [ring, ...]}``: every country's rings as projected ``(n, 2)`` arrays.

    Rings are in Equal Earth coordinates (see :func:`equal_earth`); holes are rings
    of the opposite winding, so a path with nonzero fill draws them.

    Raises
    ------
    FileNotFoundError
        When the package was installed without its data (a broken install).

    Examples
    --------
    >>> shapes = country_shapes()
    >>> rings = shapes["KAZ"]
    >>> rings[0].ndim, rings[0].shape[1]
    (2, 2)
    >>> "XKX" in shapes, "SUN" in shapes, "ATA" in shapes   # Kosovo; no former states
    (True, False, False)
    """
    import numpy as np
    import pycountry

    text = resources.files(__package__).joinpath("data", "countries-50m.json").read_text(
        encoding="utf-8")
    topology = json.loads(text)
    arcs = _decode_arcs(topology)
    shapes: dict[str, list] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        numeric = geometry.get("id")
        if numeric in _LEFT_OUT:
            continue
        if numeric is None:
            code = _NO_CODE.get(geometry["properties"]["name"])
        else:
            country = pycountry.countries.get(numeric=numeric)
            code = country.alpha_3 if country else None
        if code is None:
            continue
        polygons = (geometry["arcs"] if geometry["type"] == "MultiPolygon"
                    else [geometry["arcs"]])
        for polygon in polygons:
            for ring in polygon:
                for lon, lat in _unwrapped(_ring(arcs, ring)):
                    x, y = equal_earth(lon, lat)
                    shapes.setdefault(code, []).append(np.column_stack([x, y]))
    return shapes


def _unwrapped(lonlat):
    """A ring that crosses the antimeridian (Russia's Chukotka, Fiji) jumps by 360° in
    longitude; drawn as is it would streak across the map. Its longitudes are made
    continuous instead and a copy shifted by 360° is added; the figures clip both to
    the map's outline, so each half shows on its own side."""
    import numpy as np

    lon, lat = lonlat[:, 0], lonlat[:, 1]
    steps = np.diff(lon)
    if not (np.abs(steps) > 180).any():
        return [(lon, lat)]
    steps = steps - 360 * np.round(steps / 360)
    lon = np.concatenate([[lon[0]], lon[0] + np.cumsum(steps)])
    copies = [(lon, lat)]
    if lon.max() > 180:
        copies.append((lon - 360, lat))
    if lon.min() < -180:
        copies.append((lon + 360, lat))
    return copies


def _centroid(ring):
    """``(area, cx, cy)`` of a closed ring by the shoelace formula."""
    import numpy as np

    x, y = ring[:, 0], ring[:, 1]
    xn, yn = np.roll(x, -1), np.roll(y, -1)
    cross = x * yn - xn * y
    signed = cross.sum() / 2
    if not signed:
        return 0.0, float(x.mean()), float(y.mean())
    return (abs(float(signed)), float(((x + xn) * cross).sum() / (6 * signed)),
            float(((y + yn) * cross).sum() / (6 * signed)))


@functools.cache
def anchor(code: str):
    """The point a country's arcs and markers start from: the centroid of its largest
    ring (so France is anchored in Europe, not between Europe and French Guiana); for
    a former state, the area-weighted centre of its successors' largest rings.

    Returns ``(x, y)`` in Equal Earth coordinates, or None for a code without shape.

    Examples
    --------
    >>> x, y = anchor("FRA"); 0 < x < 0.1 and 0.7 < y < 0.9
    True
    >>> anchor("SUN") is not None, anchor("ATL") is None
    (True, True)
    """
    shapes = country_shapes()
    if code in SUCCESSORS:
        points = [(anchor(c), _largest(shapes[c])[0]) for c in SUCCESSORS[code] if c in shapes]
        total = sum(area for _, area in points)
        if not total:
            return None
        return (sum(p[0] * a for p, a in points) / total, sum(p[1] * a for p, a in points) / total)
    if code not in shapes:
        return None
    _area, x, y = _largest(shapes[code])
    return x, y


def _largest(rings):
    return max((_centroid(r) for r in rings), key=lambda c: c[0])
