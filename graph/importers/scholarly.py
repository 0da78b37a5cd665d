"""MPIDR scholarly migration data (Akbaritabar, Theile & Zagheni): flows and country table.

Intellectual migration in the narrow sense: moves of publishing scholars between
countries, inferred from changes of affiliation country in Scopus (2022, 2024 editions)
and OpenAlex (2023, 2024), published in the repository
``MPIDR/Global-flows-and-rates-of-international-migration-of-scholars``; the years
the files hold run from 1994 to 2026, and the title of an import says its span.

Flows file (CSV or Parquet), raw (``data_input/``)::

    migrationfrom,migrationto,year,n_migrations,n_migrations_back,netmigrations
    KAZ,RUS,2019.0,12.0,30.0,-18.0

or enriched (``data_processed/..._countryflows_enriched``), where the codes are
``iso3codefrom``/``iso3codeto`` next to names, regions and incomes the importer does
not use. Each row becomes one MIGRATED_TO edge ``from -> to`` with ``measure='flow'``,
``year`` and ``value = n_migrations``. ``n_migrations_back`` is the opposite direction,
which the file states again as its own row, and ``netmigrations`` is their difference;
importing either would count scholars twice. Scopus writes ``EUE`` for "EU, country
unknown"; the OpenAlex files write ``nan`` where a code is missing and ISO alpha-2
codes (``NA`` is Namibia). Rows with a blank or non-country end hold scholars whose
country is unknown: they are skipped and counted, with the scholars they held.

Country file (CSV or Parquet)::

    year,countrycode,padded_population_of_researchers,paddedpop,number_of_inmigrations,
    number_of_outmigrations,netmigration,outmigrationrate,inmigrationrate,netmigrationrate

Each non-empty indicator of a row becomes an Estimate node (``unit`` = the
column name, ``low = high`` = the value, ``year_start = year_end`` = the year)
ABOUT the country. The enriched table lacks ``paddedpop``: indicators are read where
the file has them.
"""

from __future__ import annotations

from ..errors import ImportInvalid
from .reading import read_batches, table_columns
from .staging import DatasetInfo, Staging
from .values import to_numbers

__all__ = ["COUNTRY_COLUMNS", "FLOW_COLUMNS", "citation", "import_countries", "import_flows"]

FLOW_COLUMNS = ("migrationfrom", "migrationto", "year", "n_migrations")
# The code columns of the raw and the enriched flows files, in order of preference.
CODE_COLUMNS = (("migrationfrom", "migrationto"), ("iso3codefrom", "iso3codeto"))
COUNTRY_COLUMNS = ("year", "countrycode")
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
REPOSITORY = ("https://github.com/MPIDR/"
              "Global-flows-and-rates-of-international-migration-of-scholars")


def citation(file_name: str = "") -> dict:
    """The working paper that documents the data, as structured fields.

    Examples
    --------
    >>> citation("scopus_2024_V1_scholarlymigration_countryflows_enriched.csv")["license"]
    'CC BY 4.0'
    >>> citation("x")["doi"]
    '10.4054/MPIDR-WP-2023-018'
    """
    processed = "enriched" in file_name.lower()
    return {
        "title": "Global flows and rates of international migration of scholars",
        "authors": ["Akbaritabar, Aliakbar", "Theile, Tom", "Zagheni, Emilio"],
        "year": 2023,
        "publisher": "Max Planck Institute for Demographic Research (MPIDR Working Paper "
                     "WP-2023-018)",
        "doi": "10.4054/MPIDR-WP-2023-018",
        "url": REPOSITORY,
        "citation": "Akbaritabar, A., Theile, T. & Zagheni, E. (2023). Global flows and rates "
                    "of international migration of scholars. MPIDR Working Paper "
                    "WP-2023-018. Rostock: Max Planck Institute for Demographic Research. "
                    "https://doi.org/10.4054/MPIDR-WP-2023-018",
        "license": "CC BY 4.0" if processed else
                   "AGPL-3.0 (the repository's licence, which covers its data_input/ files; "
                   "its data_processed/ files are CC BY 4.0)",
    }


def import_flows(staging: Staging) -> None:
    """Stream the flows file into MIGRATED_TO rows (measure flow).

    The reader of kind ``scholarly-flows``. ISO3 or ISO2 codes (raw files) or the
    ``iso3codefrom``/``iso3codeto`` columns (enriched files); ``n_migrations`` is the
    number of scholars who moved in the year, by the first country of their affiliation.

    Raises
    ------
    intelmig.errors.ImportInvalid
        A missing column, or a year or count that is not a number (file, row, field).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import pyarrow.parquet as pq
    >>> from intelmig.importers import import_dataset
    >>> from intelmig.workspace import Workspace
    >>> tmp = Path(tempfile.mkdtemp())
    >>> ws = Workspace(tmp / "workspace")
    >>> _ = (tmp / "flows.csv").write_text("migrationfrom,migrationto,year,n_migrations\\n"
    ...     "KAZ,RUS,2019.0,12\\nKZ,DEU,2020,3\\nKAZ,KAZ,2020,1\\n")
    >>> manifest = import_dataset("scholarly-flows", tmp / "flows.csv", target=None,
    ...                           workspace=ws)
    >>> manifest["rows"], manifest["edges"], manifest["years"], manifest["report"]["summary"]
    (3, 2, [2019, 2020], '1 origin = destination holding 1 people')
    >>> pq.read_table(ws.folder(manifest["id"]) / "migrated_to.parquet",
    ...               columns=["from", "to", "year", "high", "row"]).to_pylist()
    [{'from': 'KAZ', 'to': 'RUS', 'year': 2019, 'high': 12.0, 'row': 2}, {'from': 'KAZ', 'to': 'DEU', 'year': 2020, 'high': 3.0, 'row': 3}]
    """
    sink = staging.edge_sink("flow")
    name = staging.source.name
    names = table_columns(staging.source, staging.encoding)
    origin, destination = next((pair for pair in CODE_COLUMNS if set(pair) <= set(names)),
                               CODE_COLUMNS[0])
    for rows, batch in read_batches(staging.source, (origin, destination, "year",
                                                     "n_migrations"),
                                    encoding=staging.encoding, report=staging.report):
        staging.report.read(batch.num_rows)
        year = to_numbers(batch.column("year"), rows, field_name="year", file_name=name,
                          integer=True)
        value = to_numbers(batch.column("n_migrations"), rows, field_name="n_migrations",
                           file_name=name)
        sink.add(batch.column(origin), batch.column(destination), rows, value,
                 year=year, fields=(origin, destination))


def import_countries(staging: Staging) -> None:
    """Turn the country table into Estimate nodes ABOUT each country.

    The reader of kind ``scholarly-countries``: one Estimate per country, year and
    indicator column present (``unit`` is the column's name; populations are stocks,
    migrations and rates flows).

    Raises
    ------
    intelmig.errors.ImportInvalid
        No indicator column, or a value that is not a number (file, row, field).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import pyarrow.parquet as pq
    >>> from intelmig.importers import import_dataset
    >>> from intelmig.workspace import Workspace
    >>> tmp = Path(tempfile.mkdtemp())
    >>> ws = Workspace(tmp / "workspace")
    >>> _ = (tmp / "countries.csv").write_text(
    ...     "year,countrycode,padded_population_of_researchers,netmigrationrate\\n"
    ...     "2019,KAZ,5000,-0.4\\n")
    >>> manifest = import_dataset("scholarly-countries", tmp / "countries.csv", target=None,
    ...                           workspace=ws)
    >>> manifest["files"]
    ['nodes.Estimate.parquet', 'rels.ABOUT.Estimate.Country.parquet']
    >>> pq.read_table(ws.folder(manifest["id"]) / "nodes.Estimate.parquet",
    ...               columns=["unit", "measure", "low"]).to_pylist()
    [{'unit': 'padded_population_of_researchers', 'measure': 'stock', 'low': 5000.0}, {'unit': 'netmigrationrate', 'measure': 'flow', 'low': -0.4}]
    """
    report = staging.report
    info: DatasetInfo = staging.info
    resolver = staging.resolver
    name = staging.source.name
    columns = {key: [] for key in ("id", "unit", "measure", "value", "year", "iso3", "row")}
    seen = set()
    present = [c for c in INDICATORS if c in table_columns(staging.source, staging.encoding)]
    if not present:
        raise ImportInvalid(f"{name}: line 1: no indicator column; expected one or more of "
                            f"{', '.join(INDICATORS)}", file=name, line=1,
                            type="missing-column")
    for rows, batch in read_batches(staging.source, COUNTRY_COLUMNS, tuple(present),
                                    encoding=staging.encoding, report=report):
        report.read(batch.num_rows)
        years = to_numbers(batch.column("year"), rows, field_name="year", file_name=name,
                           integer=True).to_pylist()
        values = {
            column: to_numbers(batch.column(column), rows, field_name=column,
                               file_name=name, signed=True).to_pylist()
            for column in present
        }
        for index, (row, code) in enumerate(zip(rows.to_pylist(),
                                                batch.column("countrycode").to_pylist())):
            kind, iso3 = resolver.resolve(code)
            if kind != "country":
                if kind == "blank":
                    report.blank["countrycode"] = report.blank.get("countrycode", 0) + 1
                elif kind == "area":
                    key = code.strip().upper()
                    report.areas[key] = report.areas.get(key, 0) + 1
                elif kind in ("unknown", "ambiguous"):
                    report.add_unknown("countrycode", code, [row], 1,
                                       iso3 if kind == "ambiguous" else None)
                report.skip("unknown" if kind == "ambiguous" else kind, 1)
                continue
            year = years[index]
            for column in present:
                value = values[column][index]
                if value is None:
                    report.skip("missing", 1)
                    continue
                estimate_id = f"{info.id}:{iso3}:{year}:{column}"
                if estimate_id in seen:
                    report.skip("duplicate", 1)
                    continue
                seen.add(estimate_id)
                for key, item in (("id", estimate_id), ("unit", column),
                                  ("measure", INDICATORS[column]), ("value", value),
                                  ("year", year), ("iso3", iso3), ("row", row)):
                    columns[key].append(item)
    report.edges = len(columns["id"])
    kept = [year for year in columns["year"] if year is not None]
    if kept:
        report.add_years(min(kept), max(kept))
    if columns["id"]:
        _write_estimates(staging, columns)


def _write_estimates(staging: Staging, columns: dict[str, list]) -> None:
    """The Estimate nodes and their ABOUT edges, built column-wise (44,430 of them for the
    Scopus 2024 table: building a dict per node cost seconds)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    def text(*parts):
        return pc.binary_join_element_wise(*parts, "")

    ids, units = pa.array(columns["id"], pa.string()), pa.array(columns["unit"], pa.string())
    iso3, years = pa.array(columns["iso3"], pa.string()), pa.array(columns["year"], pa.int64())
    values = pa.array(columns["value"], pa.float64())
    dataset = staging.info.id
    staging.write_node_columns("Estimate", {
        "id": ids,
        "name_en": text(units, pa.scalar(" of "), iso3, pa.scalar(" in "),
                        pc.cast(years, pa.string())),
        "unit": units, "measure": pa.array(columns["measure"], pa.string()),
        "low": values, "high": values, "year_start": years, "year_end": years,
        "dataset": pa.scalar(dataset),
        "note": text(pa.scalar(f"{staging.source.name} row "),
                     pc.cast(pa.array(columns["row"], pa.int64()), pa.string())),
    })
    staging.write_rel_columns("ABOUT", "Estimate", "Country",
                              {"from": ids, "to": iso3, "dataset": pa.scalar(dataset)})

