"""Migration indices of a place or a corridor: gross, net, effectiveness, rates.

The vocabulary is migest's (Abel) and the MPIDR scholarly-migration paper's
(Akbaritabar, Theile & Zagheni):

* gross (turnover) = in + out; net = in - out;
* migration effectiveness index ``MEI = net / gross`` in [-1, 1]: 1 when a place
  only receives, -1 when it only sends, 0 when moves balance (undefined when
  nothing moves);
* rates per person of a base population: ``in_rate = in / P``,
  ``out_rate = out / P``, ``net_rate = (in - out) / P``, plain fractions as MPIDR
  publishes them (its ``inmigrationrate`` etc.: moves of one year divided by the
  padded population of researchers of that country and year).

Volumes may be intervals ``(low, high)``; each index is then the least and
greatest value over every pair of volumes the intervals allow. The MEI grows
with ``in`` and falls with ``out``, so its bounds are at the corners
``(in_low, out_high)`` and ``(in_high, out_low)``.
"""

from __future__ import annotations

import math

__all__ = ["effectiveness", "effectiveness_bounds", "gross_bounds", "net_bounds", "rate"]


def gross_bounds(inflow, outflow) -> tuple[float, float]:
    """Turnover ``in + out`` of two ``(low, high)`` intervals.

    Parameters
    ----------
    inflow, outflow : (float, float)
        ``(low, high)`` volumes received and sent, in people (``high`` may be ``inf``).

    Returns
    -------
    (float, float)
        ``(in_low + out_low, in_high + out_high)``.

    Examples
    --------
    >>> gross_bounds((100, 100), (60, 60)), gross_bounds((0, float("inf")), (5, 5))
    ((160, 160), (5, inf))
    """
    return inflow[0] + outflow[0], inflow[1] + outflow[1]


def net_bounds(inflow, outflow) -> tuple[float, float]:
    """Net ``in - out`` of two ``(low, high)`` intervals: ``(in_low - out_high, in_high - out_low)``.

    An infinite bound on both sides gives no finite bound (``nan`` is avoided: the
    bound is then -inf or inf).

    Parameters
    ----------
    inflow, outflow : (float, float)
        ``(low, high)`` volumes received and sent, in people (``high`` may be ``inf``).

    Returns
    -------
    (float, float)
        The least and greatest net migration; positive: net gain.

    Examples
    --------
    >>> net_bounds((100, 100), (60, 60)), net_bounds((0, 10), (5, 5))
    ((40, 40), (-5, 5))
    >>> net_bounds((0, float("inf")), (5, float("inf")))
    (-inf, inf)
    """
    low = -math.inf if math.isinf(outflow[1]) else inflow[0] - outflow[1]
    high = math.inf if math.isinf(inflow[1]) else inflow[1] - outflow[0]
    return low, high


def effectiveness(inflow: float, outflow: float) -> float | None:
    """The migration effectiveness index ``(in - out) / (in + out)``; None when both are 0.

    Parameters
    ----------
    inflow, outflow : float
        Volumes received and sent, >= 0; ``inf`` for an unbounded one.

    Returns
    -------
    float or None
        In [-1, 1]: 1 when the place only receives, -1 when it only sends; None
        when nothing moves or both volumes are unbounded.

    Examples
    --------
    >>> effectiveness(3, 1), effectiveness(math.inf, 1), effectiveness(0, 0)
    (0.5, 1.0, None)
    """
    if math.isinf(inflow) and math.isinf(outflow):
        return None
    if math.isinf(inflow):
        return 1.0
    if math.isinf(outflow):
        return -1.0
    total = inflow + outflow
    return None if total == 0 else (inflow - outflow) / total


def effectiveness_bounds(inflow, outflow) -> tuple[float | None, float | None]:
    """Least and greatest MEI over every split of two ``(low, high)`` intervals.

    Parameters
    ----------
    inflow, outflow : (float, float)
        ``(low, high)`` volumes received and sent, in people (``high`` may be ``inf``).

    Returns
    -------
    (float or None, float or None)
        The least and greatest MEI, in [-1, 1]. ``(None, None)`` when nothing moves
        in any split; when one corner moves nothing, its bound comes from the others.

    Examples
    --------
    >>> effectiveness_bounds((100, 100), (60, 60))   # 40 / 160
    (0.25, 0.25)
    >>> effectiveness_bounds((0, 10), (5, 5))        # from -5/5 to 5/15
    (-1.0, 0.3333333333333333)
    >>> effectiveness_bounds((0, 10), (0, 0))        # whatever moves, moves in
    (1.0, 1.0)
    >>> effectiveness_bounds((0, 0), (0, 0))
    (None, None)
    """
    least = effectiveness(inflow[0], outflow[1])
    greatest = effectiveness(inflow[1], outflow[0])
    if least is None and greatest is not None:
        least = -1.0 if outflow[1] > 0 else greatest
    if greatest is None and least is not None:
        greatest = 1.0 if inflow[1] > 0 else least
    return least, greatest


def rate(count: float, population: float | None) -> float | None:
    """``count / population`` as a plain fraction; None without a positive population.

    Parameters
    ----------
    count : float
        Moves of one year (people); ``inf`` for an unbounded volume.
    population : float or None
        The base population of the same place and year (people).

    Returns
    -------
    float or None
        A fraction, not per thousand (MPIDR's convention); None when the population
        is missing or not positive, or the count unbounded.

    Examples
    --------
    >>> rate(174, 13862)                         # 174 moves in a population of 13,862
    0.012552301255230125
    >>> rate(5, None), rate(5, 0), rate(float("inf"), 10)
    (None, None, None)
    """
    if population is None or population <= 0 or math.isinf(count):
        return None
    return count / population
