"""What a figure needs besides its numbers: era names, sources, place names, populations.

:func:`figure_context` reads these few nodes with targeted queries instead of the
whole knowledge graph (``Store.to_networkx`` takes ~10 s on a 230,000-edge MPIDR
import; this takes milliseconds), and returns them as a small
``networkx.MultiDiGraph`` of the same shape, so the caption helpers work on
either. See :func:`figure_context` for an example.
"""

from __future__ import annotations

__all__ = ["POPULATION_UNIT", "figure_context", "populations"]

_LABELS = ("Era", "Source", "Flow", "Country", "Region")
# The MPIDR country table's stock of researchers, the denominator of its own net
# migration rate (per 1,000 researchers); a property of the CountryYear nodes.
POPULATION_UNIT = "padded_population_of_researchers"


def figure_context(store, *, population_unit: str = POPULATION_UNIT):
    """Era, Source, Flow and place nodes (all properties), and the populations of
    ``population_unit`` with their ``ABOUT`` edges: ``CountryYear`` nodes that have it
    (imported country tables) and ``Estimate`` nodes of that unit.

    Parameters
    ----------
    store : intelmig.stores.Store
    population_unit : str
        The CountryYear property (and Estimate ``unit``) of the population at risk.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes keyed by id with ``label`` and their set properties.

    Examples
    --------
    >>> from intelmig.dataset import Dataset
    >>> from intelmig.stores.embedded import EmbeddedStore, build_database
    >>> import tempfile, pathlib
    >>> ds = Dataset()
    >>> ds.add_node("Era", {"id": "stage1", "name_en": "Stage 1", "start_year": 1945})
    >>> ds.add_node("Country", {"id": "KAZ", "name_en": "Kazakhstan", "name_kk": "Қазақстан"})
    >>> ds.add_node("CountryYear", {"id": "mpidr:KAZ:2019", "year": 2019,
    ...                             POPULATION_UNIT: 5210.0, "dataset": "mpidr"})
    >>> ds.add_rel("ABOUT", "CountryYear", "mpidr:KAZ:2019", "Country", "KAZ", {})
    >>> ds.add_node("Estimate", {"id": "e1", "unit": POPULATION_UNIT, "low": 5484.0,
    ...                          "high": 5484.0, "year_start": 2020, "dataset": "mpidr"})
    >>> ds.add_rel("ABOUT", "Estimate", "e1", "Country", "KAZ", {})
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "c.lbug"
    >>> build_database(path, ds)
    >>> with EmbeddedStore(path) as store:
    ...     graph = figure_context(store)
    >>> graph.nodes["KAZ"]["name_kk"], graph.nodes["stage1"]["start_year"]
    ('Қазақстан', 1945)
    >>> populations(graph, 2019, 2019), populations(graph, 2019, 2020)
    ({'KAZ': 5210.0}, {'KAZ': 5347.0})
    """
    import networkx as nx

    from ..schema import LABELS

    graph = nx.MultiDiGraph()
    for label in _LABELS:
        names = LABELS[label].prop_names
        columns = ", ".join(f"n.{p} AS {p}" for p in names)
        for record in store.run(f"MATCH (n:{label}) RETURN {columns}").records():
            graph.add_node(record["id"], label=label,
                           **{k: v for k, v in record.items() if v is not None and k != "id"})
    query = ("MATCH (e:Estimate)-[:ABOUT]->(c:Country) WHERE e.unit = $unit "
             "RETURN e.id AS id, c.id AS country, e.year_start AS year, e.low AS value, "
             "e.dataset AS dataset")
    for record in store.run(query, {"unit": population_unit}).records():
        graph.add_node(record["id"], label="Estimate", unit=population_unit,
                       year_start=record["year"], low=record["value"],
                       dataset=record["dataset"])
        graph.add_edge(record["id"], record["country"], type="ABOUT")
    if population_unit in LABELS["CountryYear"].prop_names:
        # A property name cannot be a parameter; this one is a schema name, checked above.
        query = (f"MATCH (y:CountryYear)-[:ABOUT]->(c:Country) "
                 f"WHERE y.{population_unit} IS NOT NULL RETURN y.id AS id, c.id AS country, "
                 f"y.year AS year, y.{population_unit} AS value, y.dataset AS dataset")
        for record in store.run(query).records():
            graph.add_node(record["id"], label="CountryYear", year=record["year"],
                           dataset=record["dataset"], **{population_unit: record["value"]})
            graph.add_edge(record["id"], record["country"], type="ABOUT")
    return graph


def populations(graph, year_from, year_to, *, unit: str = POPULATION_UNIT) -> dict:
    """``{country: mean population}`` over the years of a slice, from the ``ABOUT`` edges
    of CountryYear nodes (their ``unit`` property) and of Estimates of that unit.

    A country's value is the mean of its yearly estimates inside ``[year_from,
    year_to]`` (either end None: open), so a net flow summed over several years
    divided by it is a rate for the whole slice.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> for year, value in ((2019, 5210.0), (2020, 5484.0)):
    ...     g.add_node(year, label="Estimate", unit=POPULATION_UNIT, year_start=year, low=value)
    ...     _ = g.add_edge(year, "KAZ", type="ABOUT")
    >>> populations(g, 2019, 2019), populations(g, None, None)
    ({'KAZ': 5210.0}, {'KAZ': 5347.0})
    """
    values: dict[str, list[float]] = {}
    for node, country, data in graph.edges(data=True):
        attrs = graph.nodes[node]
        if data.get("type") != "ABOUT":
            continue
        if attrs.get("label") == "CountryYear":
            year, value = attrs.get("year"), attrs.get(unit)
        elif attrs.get("unit") == unit:
            year, value = attrs.get("year_start"), attrs.get("low")
        else:
            continue
        if year is None or (year_from is not None and year < year_from) or (
                year_to is not None and year > year_to) or value is None:
            continue
        values.setdefault(country, []).append(float(value))
    return {country: sum(v) / len(v) for country, v in values.items()}
