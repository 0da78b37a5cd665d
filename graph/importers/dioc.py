"""OECD Database on Immigrants in OECD Countries (DIOC): highly educated emigrant stocks.

Two layouts are read, told apart by their header:

* an extract with a country of birth, one row per group::

      country,coub,sex,age,edu_lfs,occupation,number
      DEU,KAZ,1,15-64,3,2,1520

* the published DIOC 2015/16 (and 2010/11) files, whose columns are spelt
  ``age_lfs``/``age_cen``, ``edu_lfs``/``edu_cen``, with ``fborn`` (1 foreign-born,
  0 native-born), ``national``, ``oecd``, ``oecdb`` and either ``coub`` (country of
  birth) or ``regionb`` (region of birth, e.g. ``AFRI``), and no occupation column.

``country`` is the country of residence (destination), ``coub`` the country of
birth (origin). Only rows with education 3 (tertiary, "highly educated") are
imported, one MIGRATED_TO stock per row with ``note`` naming its age, citizenship
and occupation group; the other education levels are counted as ``not_tertiary``.
Native-born people (``fborn`` 0, or birth = residence) are not migrants: they are
skipped and counted with the people they hold. A region-of-birth file stays at the
level of regions: each region becomes a Region node of the dataset (id
``<dataset>:<code>``) and its stocks MIGRATED_TO edges Region -> Country, never
spread over countries. A file that has both totals and breakdowns of one variable
would count people twice: extract one level only.
"""

from __future__ import annotations

from ..errors import ImportInvalid
from .reading import read_batches, table_columns
from .values import to_numbers, to_sexes

__all__ = ["HIGHLY_EDUCATED", "citation", "import_dioc"]

HIGHLY_EDUCATED = "3"
SEX_CODES = {"1": "male", "2": "female", "0": "total"}  # DIOC's codes (1 men, 2 women)
# Spellings of one variable across DIOC editions, in order of preference.
VARIANTS = {
    "education": ("edu_lfs", "edu_cen", "edu"),
    "age": ("age", "age_lfs", "age_cen"),
    "birth": ("coub", "regionb"),
}
OPTIONAL = ("occupation", "national", "fborn", "year")


def citation(file_name: str = "") -> dict:
    """The OECD DIOC database, as structured fields (``file_name`` is not needed).

    Returns
    -------
    dict
        ``title``, ``citation``, ``license`` and ``url`` (and, where known, ``authors``,
        ``year``, ``publisher``, ``doi``): the dataset's Source node and its BibTeX entry.

    Examples
    --------
    >>> citation()['publisher']
    'OECD, Paris'
    """
    return {
        "title": "Database on Immigrants in OECD and non-OECD Countries (DIOC)",
        "authors": ["OECD"],
        "year": None,
        "publisher": "OECD, Paris",
        "doi": None,
        "citation": "OECD. Database on Immigrants in OECD and non-OECD Countries (DIOC). "
                    "Paris: OECD.",
        "license": "OECD terms and conditions (check your copy)",
        "url": "https://www.oecd.org/en/data/datasets/database-on-immigrants-in-oecd-and-"
               "non-oecd-countries.html",
    }


def _pick(name: str, names: list[str], variable: str) -> str:
    found = next((c for c in VARIANTS[variable] if c in names), None)
    if found is None:
        raise ImportInvalid(f"{name}: line 1: no {variable} column; expected one of "
                            f"{', '.join(VARIANTS[variable])} (found {', '.join(names)})",
                            file=name, line=1, field=variable, type="missing-column")
    return found


def import_dioc(staging) -> None:
    """Stream a DIOC file, keeping the highly educated foreign-born.

    The reader of kind ``dioc`` (layouts in the module's description); a file without a
    year column needs the census round as option ``census_year``.

    Raises
    ------
    intelmig.errors.ImportInvalid
        A missing column or year, or a sex or number that cannot be read (file, row, field).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import pyarrow.parquet as pq
    >>> from intelmig.importers import import_dataset
    >>> from intelmig.workspace import Workspace
    >>> tmp = Path(tempfile.mkdtemp())
    >>> ws = Workspace(tmp / "workspace")
    >>> _ = (tmp / "dioc.csv").write_text("country,coub,sex,age,edu_lfs,occupation,number\\n"
    ...     "DEU,KAZ,1,15-64,3,2,1520\\nDEU,KAZ,1,15-64,1,2,900\\nDEU,DEU,0,15-64,3,2,5\\n")
    >>> manifest = import_dataset("dioc", tmp / "dioc.csv", target=None, workspace=ws,
    ...                           options={"census_year": 2015})
    >>> manifest["edges"], manifest["report"]["summary"]
    (1, '1 origin = destination holding 5 people, 1 not highly educated holding 900 people')
    >>> pq.read_table(ws.folder(manifest["id"]) / "migrated_to.parquet",
    ...               columns=["from", "to", "year", "sex", "high", "note"]).to_pylist()
    [{'from': 'KAZ', 'to': 'DEU', 'year': 2015, 'sex': 'male', 'high': 1520.0, 'note': 'age=15-64; occupation=2'}]
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    name = staging.source.name
    report = staging.report
    census_year = staging.info.options.get("census_year")
    names = table_columns(staging.source, staging.encoding)
    education, age, birth = (_pick(name, names, v) for v in ("education", "age", "birth"))
    optional = tuple(c for c in OPTIONAL if c in names)
    if "year" not in optional and census_year is None:
        raise ImportInvalid(f"{name}: no year column; pass --year with the census round "
                            f"(e.g. --year 2015 for DIOC 2015/16)", file=name, line=1,
                            field="year", type="missing-column")
    regions = birth == "regionb"
    sink = None if regions else staging.edge_sink("stock")
    region_rows, region_codes = [], set()
    for rows, batch in read_batches(staging.source, ("country", birth, "sex", age, education,
                                                     "number"), optional,
                                    encoding=staging.encoding, report=report):
        report.read(batch.num_rows)
        values = to_numbers(batch.column("number"), rows, field_name="number", file_name=name)
        tertiary = pc.fill_null(pc.equal(pc.utf8_trim_whitespace(batch.column(education)),
                                         HIGHLY_EDUCATED), False)
        numbers = values.to_numpy(zero_copy_only=False)
        other = ~tertiary.to_numpy(zero_copy_only=False)
        report.skip("not_tertiary", int(other.sum()), float(np.nansum(numbers[other])))
        keep = tertiary
        if "fborn" in optional:
            native = pc.fill_null(pc.equal(pc.utf8_trim_whitespace(batch.column("fborn")),
                                           "0"), False)
            native_np = native.to_numpy(zero_copy_only=False) & ~other
            report.skip("native_born", int(native_np.sum()),
                        float(np.nansum(numbers[native_np])))
            keep = pc.and_(keep, pc.invert(native))
        batch, rows, values = batch.filter(keep), rows.filter(keep), values.filter(keep)
        if not batch.num_rows:
            continue
        sexes = to_sexes(batch.column("sex"), rows, field_name="sex", file_name=name,
                         codes=SEX_CODES)
        year = (to_numbers(batch.column("year"), rows, field_name="year", file_name=name,
                           integer=True) if "year" in optional else census_year)
        parts = [("age=", batch.column(age))]
        parts += [(f"; {c}=", batch.column(c)) for c in ("national", "occupation")
                  if c in optional]
        notes = pc.binary_join_element_wise(
            *[item for label, column in parts for item in (label, pc.fill_null(column, ""))],
            "")
        if not regions:
            sink.add(batch.column(birth), batch.column("country"), rows, values, year=year,
                     sex=pa.array(sexes), note=notes, fields=(birth, "country"))
            continue
        region_rows.extend(_region_rows(staging, batch, rows, values, year, sexes, notes,
                                        region_codes))
    if regions:
        _write_regions(staging, region_rows, region_codes)


def _region_rows(staging, batch, rows, values, year, sexes, notes, region_codes):
    """MIGRATED_TO rows Region -> Country for a region-of-birth file."""
    report = staging.report
    dataset = staging.info.id
    years = year.to_pylist() if hasattr(year, "to_pylist") else [year] * batch.num_rows
    out = []
    for row, region, country, value, one_year, sex, note in zip(
            rows.to_pylist(), batch.column("regionb").to_pylist(),
            batch.column("country").to_pylist(), values.to_pylist(), years, sexes,
            notes.to_pylist()):
        kind, iso3 = staging.resolver.resolve(country)
        if kind != "country":
            if kind in ("unknown", "ambiguous"):
                report.add_unknown("country", country, [row], 1,
                                   iso3 if kind == "ambiguous" else None)
            elif kind == "blank":
                report.blank["country"] = report.blank.get("country", 0) + 1
            report.skip("unknown" if kind == "ambiguous" else kind, 1, value or 0.0)
            continue
        region = (region or "").strip()
        if not region:
            report.blank["regionb"] = report.blank.get("regionb", 0) + 1
            report.skip("blank", 1, value or 0.0)
            continue
        if value is None:
            report.skip("missing", 1)
            continue
        if value == 0:
            report.skip("zero", 1)
            continue
        region_codes.add(region)
        out.append({"from": f"{dataset}:{region}", "to": iso3, "measure": "stock",
                    "year": one_year, "low": value, "high": value, "value": value,
                    "sex": sex, "file": staging.source.name, "row": row, "note": note,
                    "dataset": dataset})
    return out


def _write_regions(staging, rows: list[dict], codes: set[str]) -> None:
    dataset = staging.info.id
    if rows:
        staging.write_nodes("Region", [
            {"id": f"{dataset}:{code}", "name_en": f"{code} (DIOC region of birth)",
             "region_type": "dioc region of birth", "dataset": dataset}
            for code in sorted(codes)])
        staging.write_rels("MIGRATED_TO", "Region", "Country", rows)
        kept = [r["year"] for r in rows if r["year"] is not None]
        if kept:
            staging.report.add_years(min(kept), max(kept))
    staging.report.edges += len(rows)
