"""OECD Database on Immigrants in OECD Countries (DIOC): highly educated emigrant stocks.

Layout of an extract (CSV; ``year`` optional, else ``--year``)::

    country,coub,sex,age,edu_lfs,occupation,number
    DEU,KAZ,1,15-64,3,2,1520

``country`` is the country of residence (destination), ``coub`` the country of
birth (origin). Only rows with ``edu_lfs`` 3 (tertiary education, "highly
educated") are imported, one MIGRATED_TO stock per row with ``note`` naming its
age and occupation group. An extract that has both totals and breakdowns of age
or occupation would count people twice: extract one level only.
"""

from __future__ import annotations

from ..errors import ImportInvalid
from .table import csv_header, read_batches, row_numbers, to_numbers

__all__ = ["COLUMNS", "HIGHLY_EDUCATED", "citation", "import_dioc"]

COLUMNS = ("country", "coub", "sex", "age", "edu_lfs", "occupation", "number")
HIGHLY_EDUCATED = "3"
SEXES = {"1": "male", "2": "female", "0": "total", "m": "male", "f": "female", "t": "total",
         "men": "male", "women": "female", "tot": "total", "total": "total", "_t": "total"}


def citation() -> dict:
    return {
        "title": "Database on Immigrants in OECD Countries (DIOC)",
        "citation": "OECD. Database on Immigrants in OECD and non-OECD Countries (DIOC). "
                    "Paris: OECD.",
        "license": "OECD terms and conditions (check your copy)",
        "url": None,
    }


def import_dioc(staging) -> None:
    """Stream a DIOC extract, keeping the highly educated (edu_lfs 3)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    name = staging.source.name
    census_year = staging.info.options.get("census_year")
    sink = staging.edge_sink("stock")
    has_year = staging.source.suffix.lower() == ".csv" and "year" in csv_header(staging.source)
    columns = COLUMNS + (("year",) if has_year else ())
    for line, batch in read_batches(staging.source, columns):
        rows = row_numbers(line, batch.num_rows)
        staging.report.rows += batch.num_rows
        keep = pc.equal(pc.utf8_trim_whitespace(batch.column("edu_lfs")), HIGHLY_EDUCATED)
        keep = pc.fill_null(keep, False)
        batch, rows = batch.filter(keep), rows.filter(keep)
        if not batch.num_rows:
            continue
        sexes = []
        for row, text in zip(rows.to_pylist(), batch.column("sex").to_pylist()):
            sex = SEXES.get((text or "").strip().lower())
            if sex is None:
                raise ImportInvalid(f"{name}: row {row}: field 'sex': {text!r} is not one of "
                                    f"1 (men), 2 (women), 0/T/TOT (total)")
            sexes.append(sex)
        year = (to_numbers(batch.column("year"), rows, field_name="year", file_name=name,
                           integer=True) if has_year else census_year)
        notes = pc.binary_join_element_wise(
            "age=", pc.fill_null(batch.column("age"), ""), "; occupation=",
            pc.fill_null(batch.column("occupation"), ""), "")
        values = to_numbers(batch.column("number"), rows, field_name="number", file_name=name)
        sink.add(batch.column("coub"), batch.column("country"), rows, values, year=year,
                 sex=pa.array(sexes), note=notes, fields=("coub", "country"))
