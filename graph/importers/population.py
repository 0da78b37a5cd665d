"""Base populations for migration rates: a ``year,place,population`` table.

Any population a user wants rates per (residents, researchers, graduates)::

    year,place,population
    2019,KAZ,13862

``place`` is a country code (ISO 3166-1 alpha-3 or alpha-2, or M49). MPIDR's
country tables (``year,countrycode,padded_population_of_researchers,...``, as in
its CC BY ``data_processed/*_country_enriched.csv``) are read as they are: their
population of researchers is the denominator of MPIDR's own rates. Each row
becomes a CountryYear node (:mod:`intelmig.importers.country_years`) whose
``population`` (or ``padded_population_of_researchers``) is the value, ABOUT the
country; ``intelmig hubs --year Y`` divides a place's moves of year Y by it
(:mod:`intelmig.analytics.population`). A blank or zero population is reported,
never turned into a rate; two rows for one place and year are refused.
"""

from __future__ import annotations

from ..errors import ImportInvalid
from .country_years import write_country_years
from .reading import read_batches
from .staging import Staging
from .values import to_numbers

__all__ = ["COLUMNS", "citation", "import_population"]

COLUMNS = ("year", "place", "population")
MPIDR_COLUMNS = ("year", "countrycode", "padded_population_of_researchers")


def _layout(path) -> tuple[str, str, str]:
    """The (year, place, population) column names of the file's layout."""
    from pathlib import Path

    from .reading import table_columns

    names = table_columns(Path(path))
    return MPIDR_COLUMNS if set(MPIDR_COLUMNS) <= set(names) else COLUMNS


def citation(file_name: str = "") -> dict:
    """A placeholder citation: the user names the publisher of the populations.

    Returns
    -------
    dict
        ``title``, ``citation``, ``license`` and ``url`` (and, where known, ``authors``,
        ``year``, ``publisher``, ``doi``): the dataset's Source node and its BibTeX entry.

    Examples
    --------
    >>> citation("pop.csv")['license']
    "as stated by the table's publisher"
    """
    return {
        "title": "Base populations (year, place, population) supplied by the user",
        "citation": "Population table supplied by the user; cite its publisher.",
        "license": "as stated by the table's publisher",
        "url": None,
    }


def import_population(staging: Staging) -> None:
    """Turn the table into CountryYear nodes ABOUT each country, the population their
    one measure.

    The reader of kind ``population``; populations are persons (or researchers, in an
    MPIDR country table), one node per place and year.

    Raises
    ------
    intelmig.errors.ImportInvalid
        A missing column, a value that is not a count, or a second population of one place
        and year (file, row, field).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import pyarrow.parquet as pq
    >>> from intelmig.importers import import_dataset
    >>> from intelmig.workspace import Workspace
    >>> tmp = Path(tempfile.mkdtemp())
    >>> ws = Workspace(tmp / "workspace")
    >>> _ = (tmp / "pop.csv").write_text("year,place,population\\n"
    ...                                  "2019,KAZ,18515000\\n2019,RU,146000000\\n")
    >>> manifest = import_dataset("population", tmp / "pop.csv", target=None, workspace=ws)
    >>> pq.read_table(ws.folder(manifest["id"]) / "nodes.CountryYear.parquet",
    ...               columns=["id", "population"]).to_pylist()
    [{'id': 'population-pop:KAZ:2019', 'population': 18515000.0}, {'id': 'population-pop:RUS:2019', 'population': 146000000.0}]
    >>> _ = (tmp / "twice.csv").write_text("year,place,population\\n"
    ...                                    "2019,KAZ,18515000\\n2019,KZ,18500000\\n")
    >>> import_dataset("population", tmp / "twice.csv", target=None, workspace=ws)
    Traceback (most recent call last):
    ...
    intelmig.errors.ImportInvalid: twice.csv: row 3: field 'place': a second population of KAZ in 2019 (first at row 2)
    """
    import pyarrow as pa

    report = staging.report
    name = staging.source.name
    kept, seen = {"iso3": [], "year": [], "row": [], "value": []}, {}
    year_col, place_col, population_col = _layout(staging.source)
    for rows, batch in read_batches(staging.source, (year_col, place_col, population_col),
                                    report=report):
        report.read(batch.num_rows)
        years = to_numbers(batch.column(year_col), rows, field_name=year_col, file_name=name,
                           integer=True).to_pylist()
        values = to_numbers(batch.column(population_col), rows, field_name=population_col,
                            file_name=name).to_pylist()
        for row, code, year, value in zip(rows.to_pylist(), batch.column(place_col).to_pylist(),
                                          years, values, strict=True):
            kind, iso3 = staging.resolver.resolve(code)
            if kind == "blank":
                report.blank[place_col] = report.blank.get(place_col, 0) + 1
                continue
            if kind in ("aggregate", "area"):
                # A region or a non-country area has no place in a country's rates.
                report.skip(kind, 1)
                continue
            if kind != "country":
                report.add_unknown(place_col, code, [row], 1)
                continue
            if year is None or not value:
                report.skip("missing", 1)
                continue
            if (iso3, year) in seen:
                raise ImportInvalid(f"{name}: row {row}: field {place_col!r}: a second population "
                                    f"of {iso3} in {year} (first at row {seen[iso3, year]})",
                                    type="duplicate-value", file=name, line=row,
                                    field=place_col)
            seen[iso3, year] = row
            for key, item in (("iso3", iso3), ("year", year), ("row", row), ("value", value)):
                kept[key].append(item)
    report.edges = len(kept["iso3"])
    if kept["iso3"]:
        write_country_years(staging, pa.array(kept["iso3"], pa.string()),
                            pa.array(kept["year"], pa.int64()), pa.array(kept["row"], pa.int64()),
                            {population_col: pa.array(kept["value"], pa.float64())})
