"""Base populations for migration rates: a ``year,place,population`` table.

Any population a user wants rates per (residents, researchers, graduates)::

    year,place,population
    2019,KAZ,13862

``place`` is a country code (ISO 3166-1 alpha-3 or alpha-2, or M49). Each row
becomes an Estimate node (``unit`` = ``population``, ``measure`` = ``stock``,
``low = high`` = the population, ``year_start = year_end`` = the year) ABOUT the
country; ``intelmig hubs --year Y`` divides a place's moves of year Y by it
(:mod:`intelmig.analytics.population`). A blank or zero population is reported,
never turned into a rate; two rows for one place and year are refused.
"""

from __future__ import annotations

from ..errors import ImportInvalid
from .staging import Staging
from .table import read_batches, row_numbers, to_numbers

__all__ = ["COLUMNS", "citation", "import_population"]

COLUMNS = ("year", "place", "population")


def citation() -> dict:
    return {
        "title": "Base populations (year, place, population) supplied by the user",
        "citation": "Population table supplied by the user; cite its publisher.",
        "license": "as stated by the table's publisher",
        "url": None,
    }


def import_population(staging: Staging) -> None:
    """Turn the table into population Estimate nodes ABOUT each country."""
    report = staging.report
    name = staging.source.name
    dataset = staging.info.id
    estimates, about, seen = [], [], {}
    for line, batch in read_batches(staging.source, COLUMNS):
        rows = row_numbers(line, batch.num_rows)
        report.rows += batch.num_rows
        years = to_numbers(batch.column("year"), rows, field_name="year", file_name=name,
                           integer=True).to_pylist()
        values = to_numbers(batch.column("population"), rows, field_name="population",
                            file_name=name).to_pylist()
        for row, code, year, value in zip(rows.to_pylist(), batch.column("place").to_pylist(),
                                          years, values, strict=True):
            kind, iso3 = staging.resolver.resolve(code)
            if kind == "blank":
                report.blank["place"] = report.blank.get("place", 0) + 1
                continue
            if kind == "aggregate":
                report.aggregates_skipped += 1
                continue
            if kind != "country":
                report.add_unknown("place", code, [row], 1)
                continue
            if year is None or not value:
                report.missing_values += 1
                continue
            if (iso3, year) in seen:
                raise ImportInvalid(f"{name}: row {row}: field 'place': a second population "
                                    f"of {iso3} in {year} (first at row {seen[iso3, year]})")
            seen[iso3, year] = row
            estimate_id = f"{dataset}:{iso3}:{year}:population"
            estimates.append({
                "id": estimate_id, "name_en": f"population of {iso3} in {year}",
                "unit": "population", "measure": "stock", "low": value, "high": value,
                "year_start": year, "year_end": year, "dataset": dataset,
                "note": f"{name} row {row}",
            })
            about.append({"from": estimate_id, "to": iso3, "dataset": dataset})
    report.edges = len(about)
    if estimates:
        staging.write_nodes("Estimate", estimates)
        staging.write_rels("ABOUT", "Estimate", "Country", about)
