"""Country tables as CountryYear nodes: one node per dataset, country and year.

A country table (MPIDR's ``*_country.csv``, a ``year,place,population`` table) gives a
few measures for each country and year. Each kept row becomes one ``CountryYear`` node
whose properties are the row's measures, named as the table names its columns, with one
``ABOUT`` edge to its Country. Why one node per row and not one ``Estimate`` per value:
see ``docs/importers.md`` (Country tables: one node per country and year).
"""

from __future__ import annotations

__all__ = ["write_country_years"]


def write_country_years(staging, iso3, years, rows, measures: dict) -> None:
    """Stage the CountryYear nodes of a country table and their ABOUT edges.

    Parameters
    ----------
    staging : intelmig.importers.staging.Staging
    iso3, years, rows : pyarrow.Array, shape (n,)
        Country id, year and file line of each kept row (no nulls; one row a country
        and year: the reader refuses or counts the others).
    measures : dict of str to pyarrow.Array of float64, each of shape (n,)
        Measure name (a property of ``CountryYear`` in :mod:`intelmig.schema`) -> values,
        null where the table's cell is blank.

    Raises
    ------
    KeyError
        For a measure the schema's ``CountryYear`` does not have.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import pyarrow as pa, pyarrow.parquet as pq
    >>> from intelmig.importers.staging import DatasetInfo, Staging
    >>> folder = Path(tempfile.mkdtemp())
    >>> info = DatasetInfo("pop", "population", "Populations", "-", "-")
    >>> staging = Staging(folder, info, folder / "pop.csv")
    >>> write_country_years(staging, pa.array(["KAZ"]), pa.array([2019]), pa.array([2]),
    ...                     {"population": pa.array([18515000.0])})
    >>> pq.read_table(folder / "nodes.CountryYear.parquet",
    ...               columns=["id", "name_en", "year", "population", "row"]).to_pylist()
    [{'id': 'pop:KAZ:2019', 'name_en': 'KAZ in 2019', 'year': 2019, 'population': 18515000.0, 'row': 2}]
    >>> pq.read_table(folder / "rels.ABOUT.CountryYear.Country.parquet").to_pylist()[0]["to"]
    'KAZ'
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    from ..schema import LABELS

    known = LABELS["CountryYear"].prop_names
    for name in measures:
        if name not in known:
            raise KeyError(f"CountryYear has no measure {name!r}")
    dataset = staging.info.id
    year_text = pc.cast(years, pa.string())
    ids = pc.binary_join_element_wise(pa.scalar(f"{dataset}:"), iso3, pa.scalar(":"),
                                      year_text, "")
    staging.write_node_columns("CountryYear", {
        "id": ids, "name_en": pc.binary_join_element_wise(iso3, year_text, " in "),
        "year": years, "row": rows, "dataset": pa.scalar(dataset), **measures,
    })
    staging.write_rel_columns("ABOUT", "CountryYear", "Country",
                              {"from": ids, "to": iso3, "dataset": pa.scalar(dataset)})
