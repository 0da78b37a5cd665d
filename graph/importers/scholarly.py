"""MPIDR scholarly migration data (Akbaritabar, Theile & Zagheni): flows and country table.

Intellectual migration in the narrow sense: moves of publishing scholars between
210 countries, 1998-2020, inferred from changes of affiliation country in Scopus
and OpenAlex.

Flows file (CSV or Parquet)::

    migrationfrom,migrationto,year,n_migrations,n_migrations_back,netmigrations
    KAZ,RUS,2019.0,12.0,30.0,-18.0

Each row becomes one MIGRATED_TO edge ``migrationfrom -> migrationto`` with
``measure='flow'``, ``year`` and ``value = n_migrations``. ``n_migrations_back``
is the opposite direction, which the file states again as its own row, and
``netmigrations`` is their difference; importing either would count scholars twice.

Country file (CSV or Parquet)::

    year,countrycode,padded_population_of_researchers,paddedpop,number_of_inmigrations,
    number_of_outmigrations,netmigration,outmigrationrate,inmigrationrate,netmigrationrate

Each non-empty indicator of a row becomes an Estimate node (``unit`` = the
column name, ``low = high`` = the value, ``year_start = year_end`` = the year)
ABOUT the country.
"""

from __future__ import annotations

from .staging import DatasetInfo, Staging
from .table import read_batches, row_numbers, to_numbers

__all__ = ["COUNTRY_COLUMNS", "FLOW_COLUMNS", "citation", "import_countries", "import_flows"]

FLOW_COLUMNS = ("migrationfrom", "migrationto", "year", "n_migrations", "n_migrations_back",
                "netmigrations")
COUNTRY_COLUMNS = ("year", "countrycode", "padded_population_of_researchers", "paddedpop",
                   "number_of_inmigrations", "number_of_outmigrations", "netmigration",
                   "outmigrationrate", "inmigrationrate", "netmigrationrate")
# Indicator columns of the country table and the measure each is.
INDICATORS = {
    "padded_population_of_researchers": "stock",
    "paddedpop": "stock",
    "number_of_inmigrations": "flow",
    "number_of_outmigrations": "flow",
    "netmigration": "flow",
    "outmigrationrate": "flow",
    "inmigrationrate": "flow",
    "netmigrationrate": "flow",
}


def citation() -> dict:
    return {
        "title": "Scholarly migration database (Scopus and OpenAlex), 210 countries, 1998-2020",
        "citation": "Akbaritabar, A., Theile, T. & Zagheni, E. Bilateral flows and rates of "
                    "international migration of scholars for 210 countries for the period "
                    "1998-2020. Max Planck Institute for Demographic Research (MPIDR), "
                    "Scientific Data (2024).",
        "license": "CC BY 4.0 (as stated by the dataset's publisher; check your copy)",
        "url": None,
    }


def import_flows(staging: Staging) -> None:
    """Stream the flows file into MIGRATED_TO rows (measure flow)."""
    sink = staging.edge_sink("flow")
    name = staging.source.name
    for line, batch in read_batches(staging.source, FLOW_COLUMNS):
        rows = row_numbers(line, batch.num_rows)
        staging.report.rows += batch.num_rows
        year = to_numbers(batch.column("year"), rows, field_name="year", file_name=name,
                          integer=True)
        value = to_numbers(batch.column("n_migrations"), rows, field_name="n_migrations",
                           file_name=name)
        sink.add(batch.column("migrationfrom"), batch.column("migrationto"), rows, value,
                 year=year, fields=("migrationfrom", "migrationto"))


def import_countries(staging: Staging) -> None:
    """Turn the country table into Estimate nodes ABOUT each country."""
    report = staging.report
    info: DatasetInfo = staging.info
    resolver = staging.resolver
    name = staging.source.name
    estimates, about = [], []
    for line, batch in read_batches(staging.source, COUNTRY_COLUMNS):
        rows = row_numbers(line, batch.num_rows)
        report.rows += batch.num_rows
        years = to_numbers(batch.column("year"), rows, field_name="year", file_name=name,
                           integer=True).to_pylist()
        values = {
            column: to_numbers(batch.column(column), rows, field_name=column,
                               file_name=name, signed=True).to_pylist()
            for column in INDICATORS
        }
        for index, (row, code) in enumerate(zip(rows.to_pylist(),
                                                batch.column("countrycode").to_pylist())):
            kind, iso3 = resolver.resolve(code)
            if kind == "blank":
                report.blank["countrycode"] = report.blank.get("countrycode", 0) + 1
                continue
            if kind == "aggregate":
                report.aggregates_skipped += 1
                continue
            if kind == "unknown":
                report.add_unknown("countrycode", code, [row], 1)
                continue
            year = years[index]
            for column, measure in INDICATORS.items():
                value = values[column][index]
                if value is None:
                    report.missing_values += 1
                    continue
                estimate_id = f"{info.id}:{iso3}:{year}:{column}"
                estimates.append({
                    "id": estimate_id, "name_en": f"{column} of {iso3} in {year}",
                    "unit": column, "measure": measure, "low": value, "high": value,
                    "year_start": year, "year_end": year, "dataset": info.id,
                    "note": f"{name} row {row}",
                })
                about.append({"from": estimate_id, "to": iso3, "dataset": info.id})
    report.edges = len(about)
    if estimates:
        staging.write_nodes("Estimate", estimates)
        staging.write_rels("ABOUT", "Estimate", "Country", about)

