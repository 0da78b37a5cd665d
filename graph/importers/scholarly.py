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

Each row becomes one CountryYear node (:mod:`intelmig.importers.country_years`): its
indicators are the node's properties under the column names, with one ABOUT edge to
the country. The enriched table lacks ``paddedpop``: indicators are read where the file
has them.
"""

from __future__ import annotations

from ..errors import ImportInvalid
from .country_years import write_country_years
from .reading import read_batches, table_columns
from .staging import Staging
from .values import to_numbers

__all__ = ["COUNTRY_COLUMNS", "FLOW_COLUMNS", "citation", "import_countries", "import_flows"]

FLOW_COLUMNS = ("migrationfrom", "migrationto", "year", "n_migrations")
# The code columns of the raw and the enriched flows files, in order of preference.
CODE_COLUMNS = (("migrationfrom", "migrationto"), ("iso3codefrom", "iso3codeto"))
COUNTRY_COLUMNS = ("year", "countrycode")
# Indicator columns of the country table: properties of its CountryYear nodes (the schema
# says what each measures).
INDICATORS = ("padded_population_of_researchers", "paddedpop", "number_of_inmigrations",
              "number_of_outmigrations", "netmigration", "outmigrationrate",
              "inmigrationrate", "netmigrationrate")
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
    """Turn the country table into CountryYear nodes ABOUT each country.

    The reader of kind ``scholarly-countries``: one CountryYear node per country and year,
    its indicators (the columns the file has) as properties, null where a cell is blank.

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
    ...     "2019,KAZ,5000,-0.4\\n2019,KZ,5100,0.1\\n")
    >>> manifest = import_dataset("scholarly-countries", tmp / "countries.csv", target=None,
    ...                           workspace=ws)
    >>> manifest["files"], manifest["report"]["duplicates_skipped"]
    (['nodes.CountryYear.parquet', 'rels.ABOUT.CountryYear.Country.parquet'], 1)
    >>> pq.read_table(ws.folder(manifest["id"]) / "nodes.CountryYear.parquet",
    ...               columns=["id", "year", "padded_population_of_researchers",
    ...                        "netmigrationrate", "inmigrationrate"]).to_pylist()
    [{'id': 'scholarly-countries-countries:KAZ:2019', 'year': 2019, 'padded_population_of_researchers': 5000.0, 'netmigrationrate': -0.4, 'inmigrationrate': None}]
    """
    import functools

    import pyarrow as pa
    import pyarrow.compute as pc

    report = staging.report
    resolver = staging.resolver
    name = staging.source.name
    present = [c for c in INDICATORS if c in table_columns(staging.source, staging.encoding)]
    if not present:
        raise ImportInvalid(f"{name}: line 1: no indicator column; expected one or more of "
                            f"{', '.join(INDICATORS)}", file=name, line=1,
                            type="missing-column")
    seen: set = set()
    parts = []
    for rows, batch in read_batches(staging.source, COUNTRY_COLUMNS, tuple(present),
                                    encoding=staging.encoding, report=report):
        report.read(batch.num_rows)
        years = to_numbers(batch.column("year"), rows, field_name="year", file_name=name,
                           integer=True)
        values = {column: to_numbers(batch.column(column), rows, field_name=column,
                                     file_name=name, signed=True).cast(pa.float64())
                  for column in present}
        # Country codes repeat (about 250 in 5,675 rows): a loop over rows, but each
        # value is resolved once; the values themselves stay in columns.
        places = []
        for row, code, year in zip(rows.to_pylist(), batch.column("countrycode").to_pylist(),
                                   years.to_pylist()):
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
                iso3 = None
            elif year is None:
                report.skip("missing", len(present))
                iso3 = None
            elif (iso3, year) in seen:
                # The first row of a country and year is kept, a repeat counted.
                report.skip("duplicate", 1)
                iso3 = None
            else:
                seen.add((iso3, year))
            places.append(iso3)
        places = pa.array(places, pa.string())
        located = pc.is_valid(places)
        any_value = functools.reduce(pc.or_, (pc.is_valid(values[c]) for c in present))
        for column in present:
            blank = pc.sum(pc.and_(located, pc.is_null(values[column]))).as_py() or 0
            if blank:
                report.skip("missing", blank)
        keep = pc.and_(located, any_value)
        parts.append((places.filter(keep), years.filter(keep), rows.filter(keep),
                      {c: values[c].filter(keep) for c in present}))
    kept_years = pa.concat_arrays([part[1] for part in parts]) if parts else pa.array([])
    report.edges = len(kept_years)
    if not report.edges:
        return
    report.add_years(pc.min(kept_years).as_py(), pc.max(kept_years).as_py())
    write_country_years(staging, pa.concat_arrays([part[0] for part in parts]), kept_years,
                        pa.concat_arrays([part[2] for part in parts]).cast(pa.int64()),
                        {c: pa.concat_arrays([part[3][c] for part in parts]) for c in present})
