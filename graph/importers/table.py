"""The normalised form every importer writes: MIGRATED_TO rows in LadybugDB's COPY layout.

An importer streams its input in bounded batches into an :class:`EdgeSink`, which
resolves the country columns (see :mod:`intelmig.importers.countries`), counts blank
codes, missing values and regional aggregates, remembers every unknown code with
the rows it occurs in, and appends Arrow record batches to a Parquet file whose
columns are ``from, to`` followed by every MIGRATED_TO property in schema order.
That file is what the embedded store ``COPY``-loads and what the Neo4j loader
sends in ``UNWIND`` batches, so no import is ever held in memory whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ImportInvalid
from ..schema import RELATIONSHIPS
from .countries import CountryResolver

__all__ = [
    "ARROW_TYPES",
    "BATCH_ROWS",
    "EdgeSink",
    "ImportReport",
    "csv_header",
    "migration_schema",
    "node_schema",
    "read_batches",
    "read_csv_batches",
    "require_columns",
    "row_numbers",
    "to_numbers",
]

BATCH_ROWS = 65_536
MIGRATION_FILE = "migrated_to.parquet"
UNKNOWN_EXAMPLES = 5


def ARROW_TYPES():
    from ..schema import PROP_TYPES

    return {name: t.arrow() for name, t in PROP_TYPES.items()}


def migration_schema():
    """The Arrow schema of a normalised MIGRATED_TO file (COPY column order)."""
    import pyarrow as pa

    types = ARROW_TYPES()
    return pa.schema([("from", pa.string()), ("to", pa.string())] + [
        (p.name, types[p.type]) for p in RELATIONSHIPS["MIGRATED_TO"].props
    ])


def node_schema(label: str):
    """The Arrow schema of a node file for ``label`` (every schema property, in order)."""
    import pyarrow as pa

    from ..schema import LABELS

    types = ARROW_TYPES()
    return pa.schema([(p.name, types[p.type]) for p in LABELS[label].props])


@dataclass
class ImportReport:
    """What an import read, kept, skipped and could not resolve."""

    file: str
    rows: int = 0
    edges: int = 0
    blank: dict = field(default_factory=dict)
    missing_values: int = 0
    aggregates_skipped: int = 0
    duplicates_skipped: int = 0
    unknown: dict = field(default_factory=dict)  # (field, value) -> [count, first rows]
    unknown_skipped: int = 0

    def add_unknown(self, field_name: str, value: str, rows: list[int], count: int) -> None:
        entry = self.unknown.setdefault((field_name, value), [0, []])
        entry[0] += count
        entry[1].extend(rows[: UNKNOWN_EXAMPLES - len(entry[1])])

    def unknown_lines(self) -> list[str]:
        return [
            f"{self.file}: row {', '.join(map(str, rows))}"
            f"{' and more' if count > len(rows) else ''}: field {field_name!r}: "
            f"unknown country code or name {value!r} ({count} row{'s' * (count != 1)})"
            for (field_name, value), (count, rows) in sorted(self.unknown.items())
        ]

    def check_unknown(self, skip_unknown: bool) -> None:
        """Raise :class:`ImportInvalid` for unknown codes unless the user chose to skip them."""
        if not self.unknown:
            return
        if skip_unknown:
            self.unknown_skipped = sum(count for count, _ in self.unknown.values())
            return
        lines = self.unknown_lines()
        shown = "; ".join(lines[:3]) + (f"; and {len(lines) - 3} more" if len(lines) > 3 else "")
        raise ImportInvalid(
            f"{len(lines)} unknown country code(s): {shown}. Fix the file, or pass "
            f"--skip-unknown to import the rest and count the skipped rows",
            lines,
        )

    def to_dict(self) -> dict:
        return {
            "rows": self.rows,
            "edges": self.edges,
            "blank_codes": dict(sorted(self.blank.items())),
            "missing_values": self.missing_values,
            "aggregates_skipped": self.aggregates_skipped,
            "duplicates_skipped": self.duplicates_skipped,
            "unknown_skipped": self.unknown_skipped,
            "unknown": self.unknown_lines(),
        }


class EdgeSink:
    """Resolve, count and append MIGRATED_TO rows to a Parquet file, one batch at a time.

    Parameters
    ----------
    path : Path
        The Parquet file to write.
    dataset_id, file_name, measure : str
        Written on every row: the dataset, the source file's name, flow|stock|event.
    report : ImportReport
        Receives the counts.
    """

    def __init__(self, path: Path, dataset_id: str, file_name: str, measure: str,
                 report: ImportReport, resolver: CountryResolver | None = None,
                 progress=None):
        import pyarrow.parquet as pq

        self.schema = migration_schema()
        self.writer = pq.ParquetWriter(str(path), self.schema)
        self.dataset_id = dataset_id
        self.file_name = file_name
        self.measure = measure
        self.report = report
        self.resolver = resolver or CountryResolver()
        self.countries: set[str] = set()
        self.progress = progress

    def resolve(self, codes, rows, field_name: str):
        """ISO3 ids for a column of codes (null where blank, aggregate or unknown).

        Returns the ids and, per row, whether the code is a regional aggregate.
        """
        import pyarrow as pa
        import pyarrow.compute as pc

        codes = pc.cast(codes, pa.string())
        encoded = pc.dictionary_encode(codes).combine_chunks() if isinstance(
            codes, pa.ChunkedArray) else pc.dictionary_encode(codes)
        mapped, kinds = [], []
        for value in encoded.dictionary.to_pylist():
            kind, iso3 = self.resolver.resolve(value)
            mapped.append(iso3 if kind == "country" else None)
            kinds.append(kind)
        indices = encoded.indices
        resolved = pc.take(pa.array(mapped, pa.string()), indices)
        aggregate = pc.fill_null(pc.take(pa.array([k == "aggregate" for k in kinds],
                                                  pa.bool_()), indices), False)
        null_count = codes.null_count
        if null_count:
            self.report.blank[field_name] = self.report.blank.get(field_name, 0) + null_count
        for position, kind in enumerate(kinds):
            if kind == "country":
                continue
            hits = pc.equal(indices, position)
            count = pc.sum(hits).as_py() or 0
            if kind == "blank":
                self.report.blank[field_name] = self.report.blank.get(field_name, 0) + count
            elif kind == "unknown":
                first = pc.filter(rows, hits).slice(0, UNKNOWN_EXAMPLES).to_pylist()
                self.report.add_unknown(field_name, encoded.dictionary[position].as_py(),
                                        first, count)
        return resolved, aggregate

    def add(self, from_codes, to_codes, rows, values, *, year=None, sex=None, note=None,
            fields: tuple[str, str] = ("from", "to"), flow=None) -> None:
        """Append one batch; ``year``/``sex``/``note`` are arrays or one value for all rows."""
        import pyarrow as pa
        import pyarrow.compute as pc

        count = len(rows)
        origin, origin_aggregate = self.resolve(from_codes, rows, fields[0])
        destination, destination_aggregate = self.resolve(to_codes, rows, fields[1])
        values = pc.cast(values, pa.float64())
        places = pc.and_(pc.is_valid(origin), pc.is_valid(destination))
        keep = pc.and_(places, pc.is_valid(values))
        # Blank and unknown codes are counted per field above; a pair with an aggregate end
        # (and no blank or unknown one) and a country pair without a value count once each.
        either_aggregate = pc.or_(origin_aggregate, destination_aggregate)
        plain = pc.and_(pc.or_(pc.is_valid(origin), origin_aggregate),
                        pc.or_(pc.is_valid(destination), destination_aggregate))
        self.report.aggregates_skipped += pc.sum(pc.and_(plain, either_aggregate)).as_py() or 0
        self.report.missing_values += pc.sum(pc.and_(places, pc.is_null(values))).as_py() or 0
        columns = {
            "from": origin, "to": destination, "measure": self.measure,
            "year": year, "low": values, "high": values, "value": values, "sex": sex,
            "file": self.file_name, "row": rows, "note": note, "dataset": self.dataset_id,
            "flow": flow,
        }
        arrays = []
        for schema_field in self.schema:
            value = columns.get(schema_field.name)
            if value is None:
                arrays.append(pa.nulls(count, schema_field.type))
            elif isinstance(value, (str, int, float)):
                arrays.append(pa.array([value] * count, schema_field.type))
            elif isinstance(value, list):
                arrays.append(pa.array(value, schema_field.type))
            else:
                arrays.append(pc.cast(value, schema_field.type))
        batch = pa.RecordBatch.from_arrays(arrays, schema=self.schema).filter(keep)
        if batch.num_rows:
            self.writer.write_batch(batch)
            self.report.edges += batch.num_rows
            self.countries.update(pc.unique(batch.column(0)).to_pylist())
            self.countries.update(pc.unique(batch.column(1)).to_pylist())
        if self.progress is not None:
            self.progress(count)

    def close(self) -> None:
        self.writer.close()


def read_csv_batches(path: Path, columns: dict | None = None,
                     block_size: int = 1 << 22) -> Iterator:
    """Stream a CSV as Arrow record batches, every column read as text.

    Text keeps codes such as ``008`` and years such as ``2019.0`` as written; each
    importer converts its own columns. Yields ``(first_line, batch)`` where
    ``first_line`` is the file line of the batch's first row (the header is line 1).
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    names = csv_header(path)
    try:
        reader = pacsv.open_csv(
            str(path),
            read_options=pacsv.ReadOptions(block_size=block_size, column_names=names,
                                           skip_rows=1),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.string() for name in names},
                strings_can_be_null=True, null_values=[""],
                include_columns=list(columns) if columns else None),
        )
        line = 2
        for batch in reader:
            yield line, batch
            line += batch.num_rows
    except (pa.ArrowInvalid, KeyError) as err:
        raise ImportInvalid(f"{path.name}: cannot read as CSV: {str(err).splitlines()[0]}"
                            ) from None


def read_batches(path: Path, required: tuple[str, ...]) -> Iterator:
    """Stream a CSV or Parquet file after checking that ``required`` columns exist."""
    import pyarrow as pa

    path = Path(path)
    if path.suffix.lower() == ".parquet":
        import pyarrow.parquet as pq

        try:
            parquet = pq.ParquetFile(str(path))
        except (pa.ArrowInvalid, OSError) as err:
            raise ImportInvalid(f"{path.name}: cannot read as Parquet: {err}") from None
        names = parquet.schema_arrow.names
        require_columns(path, names, required)
        line = 1
        for batch in parquet.iter_batches(batch_size=BATCH_ROWS, columns=list(required)):
            text = pa.RecordBatch.from_arrays(
                [c.cast(pa.string()) for c in batch.columns], names=batch.schema.names)
            yield line, text
            line += batch.num_rows
        return
    require_columns(path, csv_header(path), required)
    yield from read_csv_batches(path, {name: None for name in required})


def csv_header(path: Path) -> list[str]:
    """The column names of a CSV file's first line."""
    import csv

    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return [name.strip() for name in next(csv.reader(handle), [])]
    except UnicodeDecodeError as err:
        raise ImportInvalid(f"{path.name}: line 1: not UTF-8 ({err.reason} at byte "
                            f"{err.start}); save the file as UTF-8") from None


def require_columns(path: Path, names, required) -> None:
    missing = [name for name in required if name not in names]
    if missing:
        raise ImportInvalid(
            f"{path.name}: line 1: missing column(s) {', '.join(missing)}; expected "
            f"{', '.join(required)} (found {', '.join(names) or 'nothing'})"
        )


# A count of people above the world's population is a unit or parsing error, not data.
COUNT_BOUNDS = (0.0, 1e10)
YEAR_BOUNDS = (1000, 2100)


def check_bounds(numbers, rows, *, field_name: str, file_name: str, bounds, what: str):
    """Refuse NaN, infinities and values outside ``bounds``, naming the first bad row.

    >>> import pyarrow as pa
    >>> check_bounds(pa.array([3.0, float("nan")]), pa.array([2, 3]), field_name="n",
    ...              file_name="f.csv", bounds=COUNT_BOUNDS, what="a count of people")
    Traceback (most recent call last):
    ...
    intelmig.errors.ImportInvalid: f.csv: row 3: field 'n': nan is not a count of people (0 to 10000000000)
    """
    import pyarrow.compute as pc

    low, high = bounds
    inside = pc.and_(pc.greater_equal(numbers, low), pc.less_equal(numbers, high))
    if pc.all(pc.fill_null(inside, True)).as_py():
        return numbers
    bad = pc.index(pc.fill_null(inside, True), False).as_py()
    raise ImportInvalid(
        f"{file_name}: row {rows[bad].as_py()}: field {field_name!r}: "
        f"{numbers[bad].as_py()!r} is not {what} ({low:g} to {high:.0f})"
    )


def to_numbers(column, rows, *, field_name: str, file_name: str, integer: bool = False,
               missing: tuple[str, ...] = ("..",), signed: bool = False):
    """Cast a text column to counts of people (years when ``integer``; any finite number
    when ``signed``, for net migration and rates).

    ``missing`` markers (the World Bank's ``..``) and empty cells become nulls;
    ``2019.0`` is a valid integer year. NaN, infinite, negative and impossible
    values are refused with the file, row and field.

    >>> import pyarrow as pa
    >>> to_numbers(pa.array(["2019.0", "..", None]), pa.array([2, 3, 4]), field_name="year",
    ...            file_name="f.csv", integer=True).to_pylist()
    [2019, None, None]
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    column = pc.cast(column, pa.string())
    stripped = pc.utf8_trim_whitespace(column)
    blank = pc.or_(pc.is_in(stripped, pa.array(list(missing), pa.string())),
                   pc.equal(stripped, ""))
    cleaned = pc.if_else(blank, pa.scalar(None, pa.string()), stripped)
    try:
        numbers = pc.cast(cleaned, pa.float64())
    except pa.ArrowInvalid:
        for row, text in zip(rows.to_pylist(), cleaned.to_pylist()):
            try:
                float(text) if text is not None else None
            except ValueError:
                raise ImportInvalid(f"{file_name}: row {row}: field {field_name!r}: "
                                    f"{text!r} is not a number") from None
        raise
    if signed:
        return check_bounds(numbers, rows, field_name=field_name, file_name=file_name,
                            bounds=(-COUNT_BOUNDS[1], COUNT_BOUNDS[1]), what="a finite number")
    if not integer:
        return check_bounds(numbers, rows, field_name=field_name, file_name=file_name,
                            bounds=COUNT_BOUNDS, what="a count of people")
    check_bounds(numbers, rows, field_name=field_name, file_name=file_name,
                 bounds=YEAR_BOUNDS, what="a year")
    whole = pc.equal(pc.floor(numbers), numbers)
    if not pc.all(pc.or_kleene(whole, pc.is_null(numbers))).as_py():
        bad = pc.index(pc.fill_null(whole, True), False).as_py()
        raise ImportInvalid(f"{file_name}: row {rows[bad].as_py()}: field {field_name!r}: "
                            f"{cleaned[bad].as_py()!r} is not a whole number")
    return pc.cast(numbers, pa.int64())


def row_numbers(first: int, count: int):
    """Row numbers ``first, first+1, ...`` as an Arrow int64 array."""
    import pyarrow as pa

    return pa.array(range(first, first + count), pa.int64())
