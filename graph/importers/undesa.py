"""UN DESA International Migrant Stock by destination and origin (.xlsx): stocks, not flows.

Two published layouts are read, told apart by their header row:

* **2019 workbook** -- sheets ``Table 1`` (both sexes), ``Table 2`` (males) and
  ``Table 3`` (females); a header block, then a header row ``Year | Sort order |
  <destination> | Notes | Code | Type of data | Total | Other South | Other North |
  Afghanistan | ...``: one row per year and destination (M49 ``Code``), one column
  per origin, named only. Origin names are matched to codes through the same
  sheet's destination rows (the UN spells them identically), then through
  :mod:`intelmig.importers.countries`.
* **2020 and 2024 long table** -- sheet ``Table 1``; a header block, then a row
  ``Index | <destination> | Notes of destination | Location code of destination |
  Type of data of destination | <origin> | Location code of origin | 1990 | ...``
  with one column per year for both sexes, then a male and a female block of the
  same years.

The 2019 header may span two rows (``Year ... Type of data`` above, ``Total | Other
North | ...`` below, as when "Country or area of origin" heads the origin columns).
World, region and development-group rows are recognised by the UN's own list of
aggregate codes and names (:data:`intelmig.importers.countries.M49_AGGREGATES`), never
by a range of codes: they are skipped and counted, because keeping them next to their
member countries would count every migrant twice in a sum over MIGRATED_TO. The UN's
areas without an ISO code (830 Channel Islands) are places like any country. A
pair that appears again (the long table repeats some) is kept once and counted
as ``duplicates_skipped``. Empty and ``..`` cells are missing values.
"""

from __future__ import annotations

import zipfile

from ..errors import ImportInvalid
from .reading import BATCH_ROWS
from .values import COUNT_BOUNDS, plain_number

__all__ = ["WIDE_SHEETS", "citation", "import_undesa"]

WIDE_SHEETS = {"Table 1": "total", "Table 2": "male", "Table 3": "female"}
HEADER_SEARCH_ROWS = 40
SEX_BLOCKS = ("total", "male", "female")


def citation(file_name: str = "") -> dict:
    """The UN DESA edition the file name states (``..._2020_...``), as structured fields.

    Examples
    --------
    >>> citation("undesa_pd_2024_ims_stock_by_sex_destination_and_origin.xlsx")["title"]
    'International Migrant Stock 2024 by destination and origin'
    """
    import re

    edition = next((int(y) for y in re.findall(r"(?<!\d)(20[12]\d)(?!\d)", file_name)), None)
    title = ("International Migrant Stock"
             + (f" {edition}" if edition else "") + " by destination and origin")
    return {
        "title": title,
        "authors": ["United Nations, Department of Economic and Social Affairs, "
                    "Population Division"],
        "year": edition,
        "publisher": "United Nations",
        "doi": None,
        "citation": f"United Nations, Department of Economic and Social Affairs, Population "
                    f"Division ({edition or 'n.d.'}). {title}.",
        "license": "United Nations terms of use: free to reuse with attribution "
                   "(check your copy)",
        "url": "https://www.un.org/development/desa/pd/content/international-migrant-stock",
    }


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _number(value):
    """A count from a cell: numbers as they are, text through the importers' one parser."""
    if value is None or isinstance(value, str) and value.strip() in ("", "..", "-", "…"):
        return None
    if isinstance(value, bool):
        return str(value)  # a TRUE/FALSE cell is no count
    try:
        number = float(plain_number(value) if isinstance(value, str) else value)
    except (TypeError, ValueError):
        return str(value)  # reported by the caller with its cell
    low, high = COUNT_BOUNDS
    # NaN fails both comparisons, so it is reported like any impossible count.
    return number if low <= number <= high else str(value)


def _year(value):
    text = _text(value)
    return int(float(text)) if text.replace(".0", "").isdigit() and len(
        text.replace(".0", "")) == 4 else None


class _Buffer:
    """Rows gathered from the sheet, handed to the edge sink in bounded batches."""

    def __init__(self, sink, fields):
        self.sink = sink
        self.fields = fields
        self.columns = {"from": [], "to": [], "row": [], "value": [], "year": [], "sex": []}

    def add(self, origin, destination, row, value, year, sex) -> None:
        for key, item in zip(self.columns, (origin, destination, row, value, year, sex)):
            self.columns[key].append(item)
        if len(self.columns["row"]) >= BATCH_ROWS:
            self.flush()

    def flush(self) -> None:
        import pyarrow as pa

        c = self.columns
        if c["row"]:
            self.sink.add(pa.array(c["from"], pa.string()), pa.array(c["to"], pa.string()),
                          pa.array(c["row"], pa.int64()), pa.array(c["value"], pa.float64()),
                          year=pa.array(c["year"], pa.int64()), sex=c["sex"], fields=self.fields)
        for values in c.values():
            values.clear()


def import_undesa(staging) -> None:
    """Read either UN DESA layout into MIGRATED_TO stocks.

    The reader of kind ``undesa``; values are persons living abroad on 1 July of the year.

    Raises
    ------
    intelmig.errors.ImportInvalid
        Not a workbook, no ``Table 1``, no known header row, or a cell that is not a count
        of people (sheet, row and column named).

    Examples
    --------
    A long table (2020/2024 layout) of one corridor and one world row, built with
    openpyxl:

    >>> import tempfile
    >>> from pathlib import Path
    >>> import pyarrow.parquet as pq
    >>> from intelmig.importers import import_dataset
    >>> from intelmig.workspace import Workspace
    >>> tmp = Path(tempfile.mkdtemp())
    >>> ws = Workspace(tmp / "workspace")
    >>> import openpyxl
    >>> book = openpyxl.Workbook()
    >>> sheet = book.active
    >>> sheet.title = "Table 1"
    >>> sheet.append(["Index", "Region, development group, country or area of destination",
    ...               "Notes of destination", "Location code of destination",
    ...               "Type of data of destination",
    ...               "Region, development group, country or area of origin",
    ...               "Location code of origin", 2015, 2020, 2015, 2020, 2015, 2020])
    >>> sheet.append([1, "Russian Federation", None, 643, "B", "Kazakhstan", 398,
    ...               2500000, 2560000, 1200000, 1230000, 1300000, 1330000])
    >>> sheet.append([2, "WORLD", None, 900, None, "Kazakhstan", 398,
    ...               4100000, 4200000, 2000000, 2050000, 2100000, 2150000])
    >>> book.save(tmp / "undesa_2020.xlsx")
    >>> manifest = import_dataset("undesa", tmp / "undesa_2020.xlsx", target=None,
    ...                           workspace=ws)
    >>> manifest["edges"], manifest["report"]["summary"]
    (6, '6 regional aggregates holding 16,600,000 people')
    >>> pq.read_table(ws.folder(manifest["id"]) / "migrated_to.parquet",
    ...               columns=["from", "to", "year", "sex", "high"]).to_pylist()[:2]
    [{'from': 'KAZ', 'to': 'RUS', 'year': 2015, 'sex': 'total', 'high': 2500000.0}, {'from': 'KAZ', 'to': 'RUS', 'year': 2020, 'sex': 'total', 'high': 2560000.0}]
    """
    import openpyxl

    name = staging.source.name
    try:
        workbook = openpyxl.load_workbook(staging.source, read_only=True, data_only=True)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as err:  # not an xlsx file
        raise ImportInvalid(f"{name}: cannot read as an Excel workbook: {err}",
                            file=name) from None
    try:
        if "Table 1" not in workbook.sheetnames:
            raise ImportInvalid(f"{name}: no sheet 'Table 1' (sheets: "
                                f"{', '.join(workbook.sheetnames)})", file=name,
                                type="bad-header")
        rows = list(workbook["Table 1"].iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True))
        for index, row in enumerate(rows, start=1):
            cells = [_text(c).lower() for c in row]
            if any("code of destination" in c for c in cells):
                _read_long(staging, workbook["Table 1"], index, cells)
                return
            if cells and cells[0] == "year" and "code" in cells:
                for sheet, sex in WIDE_SHEETS.items():
                    if sheet in workbook.sheetnames:
                        _read_wide(staging, workbook[sheet], sheet, sex)
                return
        raise ImportInvalid(f"{name}: sheet 'Table 1': no header row of the 2019 layout "
                            f"('Year', ..., 'Code', ..., 'Total') or of the 2020/2024 layout "
                            f"('Location code of destination') in the first "
                            f"{HEADER_SEARCH_ROWS} rows", file=name, type="bad-header")
    finally:
        workbook.close()


def _find_header(sheet, sheet_name: str, name: str) -> tuple[int, list[str]]:
    """The header row of the 2019 layout and its cells, read across two rows if split.

    Returns the number of the last header row and the merged cells.
    """
    rows = [[_text(c) for c in row] for row in
            sheet.iter_rows(max_row=HEADER_SEARCH_ROWS + 1, values_only=True)]
    for index, cells in enumerate(rows[:HEADER_SEARCH_ROWS], start=1):
        if not (cells and cells[0].lower() == "year" and "Code" in cells):
            continue
        if "Total" in cells:
            return index, cells
        below = rows[index] if index < len(rows) else []
        if "Total" in below:
            width = max(len(cells), len(below))
            cells, below = cells + [""] * (width - len(cells)), below + [""] * (
                width - len(below))
            return index + 1, [b or a for a, b in zip(cells, below)]
        raise ImportInvalid(f"{name}: sheet {sheet_name!r} row {index}: no 'Total' column in "
                            f"the header or the row below it", file=name, line=index,
                            type="bad-header")
    raise ImportInvalid(f"{name}: sheet {sheet_name!r}: no header row starting with 'Year'",
                        file=name, type="bad-header")


def _read_wide(staging, sheet, sheet_name: str, sex: str) -> None:
    name = staging.source.name
    header_row, header = _find_header(sheet, sheet_name, name)
    code_col, total_col = header.index("Code"), header.index("Total")
    dest_col = 2
    data = list(sheet.iter_rows(min_row=header_row + 1, values_only=True))
    # The sheet names each origin only by name; its destination rows give name -> M49 code.
    codes_by_name = {}
    for row in data:
        if len(row) > code_col and _text(row[dest_col]) and _text(row[code_col]):
            codes_by_name.setdefault(_text(row[dest_col]).rstrip("*").strip(),
                                     _text(row[code_col]))
    origins = []
    for column in range(total_col + 1, len(header)):
        label = header[column].rstrip("*").strip()
        if not label:
            continue
        origins.append((column, codes_by_name.get(label, label)))
    sink = staging.edge_sink("stock")
    buffer = _Buffer(sink, (f"sheet {sheet_name!r} origin column header",
                            f"sheet {sheet_name!r} column {header[code_col]!r}"))
    for offset, row in enumerate(data):
        row_number = header_row + 1 + offset
        year = _year(row[0]) if row else None
        destination = _text(row[code_col]) if len(row) > code_col else ""
        destination = _aggregate_by_name(staging.resolver, destination,
                                         row[dest_col] if len(row) > dest_col else None)
        if year is None:
            continue  # notes and blank lines under the table
        staging.report.read(1)
        for column, origin in origins:
            value = _number(row[column]) if column < len(row) else None
            if isinstance(value, str):
                raise ImportInvalid(f"{name}: sheet {sheet_name!r} row {row_number}: column "
                                    f"{header[column]!r}: {value!r} is not a count of people",
                                    file=name, line=row_number, field=str(header[column]),
                                    type="bad-number")
            buffer.add(origin, destination, row_number, value, year, sex)
    buffer.flush()


def _aggregate_by_name(resolver, code: str, name) -> str:
    """The name of a row whose code the UN's lists lack but whose name is an aggregate's.

    Editions add groups (income groups, SDG regions) before their codes reach every list;
    the name settles it. A code that is a country stays a code.
    """
    if resolver.resolve(code)[0] != "unknown":
        return code
    if resolver.resolve(_text(name))[0] == "aggregate":
        return _text(name)
    return code


def _read_long(staging, sheet, header_row: int, cells: list[str]) -> None:
    name = staging.source.name
    try:
        dest_col = next(i for i, c in enumerate(cells) if "code of destination" in c)
        origin_col = next(i for i, c in enumerate(cells) if "code of origin" in c)
    except StopIteration:
        raise ImportInvalid(f"{name}: sheet 'Table 1' row {header_row}: no "
                            f"'Location code of origin' column", file=name, line=header_row,
                            type="missing-column") from None
    header = next(sheet.iter_rows(min_row=header_row, max_row=header_row, values_only=True))
    year_columns, block, seen_years = [], 0, set()
    for column, value in enumerate(header):
        year = _year(value)
        if year is None:
            continue
        if year in seen_years:
            block, seen_years = block + 1, set()
        seen_years.add(year)
        if block >= len(SEX_BLOCKS):
            raise ImportInvalid(f"{name}: sheet 'Table 1' row {header_row}: more than three "
                                f"blocks of year columns", file=name, line=header_row,
                                type="bad-header")
        year_columns.append((column, year, SEX_BLOCKS[block]))
    if not year_columns:
        raise ImportInvalid(f"{name}: sheet 'Table 1' row {header_row}: no year columns",
                            file=name, line=header_row, type="bad-header")
    header_text = [_text(c) for c in header]
    name_cols = tuple(next((i for i, c in enumerate(cells) if c.endswith(f"of {end}") and not
                            any(w in c for w in ("code", "notes", "type"))), column)
                      for end, column in (("origin", origin_col), ("destination", dest_col)))
    sink = staging.edge_sink("stock")
    buffer = _Buffer(sink, (header_text[origin_col], header_text[dest_col]))
    seen_pairs = set()
    for row_number, row in enumerate(
            sheet.iter_rows(min_row=header_row + 1, values_only=True), start=header_row + 1):
        if len(row) <= origin_col or not any(v is not None for v in row):
            continue
        destination, origin = _text(row[dest_col]), _text(row[origin_col])
        origin = _aggregate_by_name(staging.resolver, origin, row[name_cols[0]])
        destination = _aggregate_by_name(staging.resolver, destination, row[name_cols[1]])
        if not destination and not origin and not any(
                _number(row[c]) is not None for c, _, _ in year_columns if c < len(row)):
            continue  # a note line below the table
        staging.report.read(1)
        pair = (destination, origin)
        if destination and origin and pair in seen_pairs:
            staging.report.skip("duplicate", 1)
            continue
        seen_pairs.add(pair)
        for column, year, sex in year_columns:
            value = _number(row[column]) if column < len(row) else None
            if isinstance(value, str):
                raise ImportInvalid(f"{name}: sheet 'Table 1' row {row_number}: column "
                                    f"{year} ({sex}): {value!r} is not a count of people",
                                    file=name, line=row_number, field=f"{year} ({sex})",
                                    type="bad-number")
            buffer.add(origin, destination, row_number, value, year, sex)
    buffer.flush()
