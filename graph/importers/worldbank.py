"""World Bank Global Bilateral Migration Database (GBMD), 1960-2000, as the DataBank CSV.

Layout (one row per origin, gender and destination; one column per census decade)::

    Country Origin Name,Country Origin Code,Migration by Gender Name,
    Migration by Gender Code,Country Dest Name,Country Dest Code,
    1960 [1960],1970 [1970],1980 [1980],1990 [1990],2000 [2000]
    Kazakhstan,KAZ,Total,TOT,Russian Federation,RUS,..,..,..,2593923,2558139

Every non-missing decade cell becomes a MIGRATED_TO stock ``origin -> destination``
with ``year`` = the decade and ``sex`` from the gender column; ``..`` is missing.
"""

from __future__ import annotations

import re

from ..errors import ImportInvalid
from .table import csv_header, read_csv_batches, require_columns, row_numbers, to_numbers

__all__ = ["KEY_COLUMNS", "citation", "import_worldbank"]

KEY_COLUMNS = ("Country Origin Code", "Migration by Gender Name", "Country Dest Code")
DECADE = re.compile(r"^(\d{4}) \[(\d{4})\]$")
SEXES = {"total": "total", "male": "male", "female": "female", "tot": "total",
         "mal": "male", "fem": "female"}


def citation() -> dict:
    return {
        "title": "Global Bilateral Migration Database, 1960-2000",
        "citation": "Özden, Ç., Parsons, C. R., Schiff, M. & Walmsley, T. L. (2011). Where on "
                    "Earth is everybody? The evolution of global bilateral migration "
                    "1960-2000. World Bank Economic Review 25(1), 12-56. World Bank Global "
                    "Bilateral Migration Database.",
        "license": "CC BY 4.0 (World Bank data catalog terms; check your copy)",
        "url": None,
    }


def import_worldbank(staging) -> None:
    """Stream the GBMD CSV: one stock per origin, destination, gender and decade."""
    name = staging.source.name
    header = csv_header(staging.source)
    require_columns(staging.source, header, KEY_COLUMNS)
    decades = [(column, int(match.group(1))) for column in header
               if (match := DECADE.match(column))]
    if not decades:
        raise ImportInvalid(f"{name}: line 1: no decade columns like '1960 [1960]'")
    sink = staging.edge_sink("stock")
    for line, batch in read_csv_batches(staging.source):
        rows = row_numbers(line, batch.num_rows)
        staging.report.rows += batch.num_rows
        sexes = []
        for row, text in zip(rows.to_pylist(), batch.column("Migration by Gender Name")
                             .to_pylist()):
            sex = SEXES.get((text or "").strip().lower())
            if sex is None:
                raise ImportInvalid(f"{name}: row {row}: field 'Migration by Gender Name': "
                                    f"{text!r} is not Total, Male or Female")
            sexes.append(sex)
        for column, year in decades:
            values = to_numbers(batch.column(column), rows, field_name=column,
                                file_name=name)
            sink.add(batch.column("Country Origin Code"), batch.column("Country Dest Code"),
                     rows, values, year=year, sex=sexes,
                     fields=("Country Origin Code", "Country Dest Code"))
