"""Base populations of the rates: one source, one year, never guessed.

A rate (``in_rate``, ``out_rate``, ``net_rate``) divides the moves of one year by
a population of that year. Populations are properties of CountryYear nodes ABOUT a
country: MPIDR's ``padded_population_of_researchers`` (imported with ``intelmig
import scholarly-countries``, the denominator of MPIDR's own rates) or
``population`` (``intelmig import population FILE``, a ``year,place,population``
table); a graph built by hand may also give them as Estimate nodes of these units.
Like volumes, populations come from one source: when several datasets give
populations for the year, the user names one. A place without a population gets
no rate; so does every place of a slice longer than one year or above country
level.
"""

from __future__ import annotations

__all__ = ["POPULATION_UNITS", "attach_populations", "population_units", "region_members"]

POPULATION_UNITS = ("padded_population_of_researchers", "population")


def population_units() -> tuple[str, ...]:
    """The measures (CountryYear properties, Estimate units) that are base populations.

    Returns
    -------
    tuple of str
        MPIDR's researcher population first, then a general population (people).

    Examples
    --------
    >>> population_units()
    ('padded_population_of_researchers', 'population')
    """
    return POPULATION_UNITS


def region_members(graph, place: str) -> list[str] | None:
    """The members whose populations add up to a region place's, None for a country.

    Parameters
    ----------
    graph : PlaceGraph
        Its ``places``, ``level``, ``regions`` scheme, ``slice`` and ``members``
        say what a region holds.
    place : str
        A place id of ``graph``.

    Returns
    -------
    list of str or None
        Country ids: an M49 region's countries, the CIS's members in the slice's
        first year (``cis`` scheme), else the article region's ``PART_OF`` members;
        None when ``place`` is not a region.

    Examples
    --------
    >>> from intelmig.analytics.aggregate import PlaceGraph
    >>> from intelmig.analytics.slices import Slice
    >>> g = PlaceGraph(Slice.of(year=2010), "flow", "region", regions="cis")
    >>> g.places = {"cis": ("CIS", "Region"), "GEO": ("Georgia", "Country")}
    >>> len(region_members(g, "cis")), region_members(g, "GEO")
    (11, None)
    """
    from ..regions import CIS, cis_members, m49_group, m49_table

    if graph.places.get(place, ("", "Country"))[1] != "Region":
        return None
    if place.startswith("m49:"):
        return sorted(c for c in m49_table() if m49_group(c, graph.level) == place)
    if graph.regions == "cis" and place == CIS:
        return [country for country, _status in cis_members(graph.slice.year_from)]
    return [member for member, _basis in graph.members.get(place, ())]


def _region_populations(graph, people: dict) -> tuple[dict, dict]:
    """``(populations, missing)`` of every place of a region-level graph."""
    populations, missing = {}, {}
    for place in graph.places:
        members = region_members(graph, place)
        if members is None:
            if place in people:
                populations[place] = people[place]
            continue
        lacking = [m for m in members if m not in people]
        if members and not lacking:
            populations[place] = sum(people[m] for m in members)
        else:
            missing[place] = lacking
    return populations, missing


def attach_populations(store, graph, population: str | None = None) -> None:
    """Fill ``graph.populations`` and ``graph.population_source`` for a one-year slice.

    Parameters
    ----------
    store : intelmig.stores.Store
    graph : PlaceGraph
        Sliced to one year; otherwise nothing is attached. At a region level a
        region's population is the sum of its members', when every member has one;
        ``graph.population_missing`` maps the other regions to the members lacking one.
    population : str or None
        Source id of the populations; None takes the one source the year has.

    Raises
    ------
    AmbiguousSource
        When several sources give populations for the year and none was named.
    ParameterError
        When the named source gives no population for the year, or a source is
        named for a slice longer than one year.

    Examples
    --------
    Kazakhstan sends 30 people to Russia in 2019; dataset ``un`` gives both
    populations (as an import writes them), ``wb`` Kazakhstan's only (as an Estimate):

    >>> import pathlib, tempfile
    >>> from intelmig.analytics.aggregate import place_graph
    >>> from intelmig.analytics.slices import Slice
    >>> from intelmig.dataset import Dataset
    >>> from intelmig.stores.embedded import EmbeddedStore, build_database
    >>> ds = Dataset()
    >>> for code in ("KAZ", "RUS"):
    ...     ds.add_node("Country", {"id": code, "name_en": code})
    >>> ds.add_rel("MIGRATED_TO", "Country", "KAZ", "Country", "RUS",
    ...            {"measure": "flow", "dataset": "un", "year": 2019, "value": 30.0})
    >>> for place, people in (("KAZ", 1000.0), ("RUS", 2000.0)):
    ...     ds.add_node("CountryYear", {"id": f"un_{place}", "year": 2019,
    ...                                 "population": people, "dataset": "un"})
    ...     ds.add_rel("ABOUT", "CountryYear", f"un_{place}", "Country", place, {})
    >>> ds.add_node("Estimate", {"id": "wb_KAZ", "unit": "population", "year_start": 2019,
    ...                          "low": 1100.0, "high": 1100.0, "dataset": "wb"})
    >>> ds.add_rel("ABOUT", "Estimate", "wb_KAZ", "Country", "KAZ", {})
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "populations.lbug"
    >>> build_database(path, ds)
    >>> with EmbeddedStore(path) as store:
    ...     graph = place_graph(store, Slice.of(year=2019))
    ...     attach_populations(store, graph)
    Traceback (most recent call last):
    ...
    intelmig.errors.AmbiguousSource: year 2019: 2 sources give populations for the rates: un, wb; choose one with --population ID
    >>> with EmbeddedStore(path) as store:
    ...     attach_populations(store, graph, population="un")
    >>> graph.populations, graph.population_source
    ({'KAZ': 1000.0, 'RUS': 2000.0}, 'un')
    """
    from ..errors import AmbiguousSource, ParameterError
    from ..queries import get_query

    slice_ = graph.slice
    if slice_.year_from is None or slice_.year_from != slice_.year_to:
        if population:
            raise ParameterError("rates need a single year (--year)")
        return
    rows = store.run(get_query("analytics_populations").text,
                     {"year": slice_.year_from, "units": list(POPULATION_UNITS)}).records()
    by_source: dict = {}
    # A UNION has no common ORDER BY on both stores: the order is set here, so that where
    # one source gives a place two units the same one wins (the last in unit order).
    for row in sorted(rows, key=lambda r: (r["source"], r["place"], r["unit"])):
        by_source.setdefault(row["source"], {})[row["place"]] = float(row["population"])
    if population:
        if population not in by_source:
            raise ParameterError(f"{slice_.label}: no populations of {population}; sources with "
                                 f"populations: {', '.join(sorted(by_source)) or 'none'}")
        chosen = population
    elif len(by_source) > 1:
        named = sorted(by_source)
        raise AmbiguousSource(f"{slice_.label}: {len(named)} sources give populations for the "
                              f"rates: {', '.join(named)}; choose one with --population ID",
                              [(s, "population") for s in named])
    elif by_source:
        chosen = next(iter(by_source))
    else:
        return
    if graph.level == "country":
        graph.populations = by_source[chosen]
    else:
        graph.populations, graph.population_missing = _region_populations(
            graph, by_source[chosen])
    graph.population_source = chosen
