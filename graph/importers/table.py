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
    "migration_schema",
    "iter_csv",
    "node_schema",
    "plain_number",
    "read_batches",
    "read_csv_batches",
    "require_columns",
    "row_numbers",
    "table_columns",
    "to_numbers",
    "to_sexes",
]

BATCH_ROWS = 65_536
MIGRATION_FILE = "migrated_to.parquet"
UNKNOWN_EXAMPLES = 5


def ARROW_TYPES():
    """Schema property type -> Arrow type, from :data:`intelmig.schema.PROP_TYPES`.

    A function, so that pyarrow is imported only when a file is written.

    Examples
    --------
    >>> types = ARROW_TYPES()
    >>> str(types["INT64"]), str(types["DOUBLE"]), str(types["STRING[]"])
    ('int64', 'double', 'list<item: string>')
    """
    from ..schema import PROP_TYPES

    return {name: t.arrow() for name, t in PROP_TYPES.items()}


def migration_schema():
    """The Arrow schema of a normalised MIGRATED_TO file (COPY column order).

    ``from`` and ``to`` (country ids), then every MIGRATED_TO property in schema order.

    Examples
    --------
    >>> schema = migration_schema()
    >>> schema.names[:2], schema.field("year").type, schema.field("low").type
    (['from', 'to'], DataType(int64), DataType(double))
    """
    import pyarrow as pa

    types = ARROW_TYPES()
    return pa.schema([("from", pa.string()), ("to", pa.string())] + [
        (p.name, types[p.type]) for p in RELATIONSHIPS["MIGRATED_TO"].props
    ])


def node_schema(label: str):
    """The Arrow schema of a node file for ``label`` (every schema property, in order).

    Raises
    ------
    KeyError
        For a label that is not in the schema.

    Examples
    --------
    >>> schema = node_schema("Estimate")
    >>> schema.names[0], str(schema.field("passages").type)
    ('id', 'list<item: string>')
    """
    import pyarrow as pa

    from ..schema import LABELS

    types = ARROW_TYPES()
    return pa.schema([(p.name, types[p.type]) for p in LABELS[label].props])


# Why a row that was read does not become an edge, in the order a row is classified:
# each skipped row is counted once, under the first reason that fits.
SKIP_REASONS = {
    "unknown": "unknown codes",
    "blank": "blank codes",
    "area": "non-country areas",
    "aggregate": "regional aggregates",
    "missing": "missing values",
    "self_loop": "origin = destination",
    "zero": "zero counts",
    "native_born": "native-born (not migrants)",
    "not_tertiary": "not highly educated",
    "duplicate": "repeated pairs",
    "successor": "moves between a state and its predecessor or successor",
    "same_year": "second places in the same year",
}


@dataclass
class ImportReport:
    """What an import read, kept and skipped, and the codes it could not resolve.

    ``skipped`` maps a reason of :data:`SKIP_REASONS` to ``[records, people]``: the
    records (one per row, or per row and value column in wide layouts) not kept for
    that reason and the number of people they held (missing values hold none).

    Examples
    --------
    >>> report = ImportReport("flows.csv")
    >>> report.read(4)
    >>> report.skip("self_loop", 1, 12.0)
    >>> report.skip("missing", 1)
    >>> report.add_unknown("to", "ZZZ", [5], 1)
    >>> report.summary()
    '1 missing values, 1 origin = destination holding 12 people'
    >>> report.unknown_lines()
    ["flows.csv: row 5: field 'to': unknown country code or name 'ZZZ' (1 row)"]
    >>> report.check_kept()
    Traceback (most recent call last):
    ...
    intelmig.errors.ImportInvalid: flows.csv: no edge kept from 4 row(s) read; skipped: 1 missing values, 1 origin = destination holding 12 people; check the columns and codes the file holds
    """

    file: str
    rows: int = 0
    edges: int = 0
    blank: dict = field(default_factory=dict)
    skipped: dict = field(default_factory=dict)
    areas: dict = field(default_factory=dict)  # non-country area code -> records
    unknown: dict = field(default_factory=dict)  # value -> [count, fields, first rows]
    ignored_lines: dict = field(default_factory=dict)  # "empty" / "footer" -> lines
    unknown_skipped: int = 0
    years: list | None = None  # [first, last] year of what was kept
    nodes_kept: int = 0  # nodes of their own an import keeps (persons), besides edges
    progress: object = field(default=None, repr=False, compare=False)

    def read(self, rows: int) -> None:
        """Count rows read from the file (and show them on the progress line)."""
        self.rows += rows
        if self.progress is not None:
            self.progress(rows)

    def add_years(self, low, high) -> None:
        if low is None:
            return
        if self.years is None:
            self.years = [int(low), int(high)]
        else:
            self.years = [min(self.years[0], int(low)), max(self.years[1], int(high))]

    def skip(self, reason: str, records: int, people: float = 0.0) -> None:
        if records:
            entry = self.skipped.setdefault(reason, [0, 0.0])
            entry[0] += int(records)
            entry[1] += float(people)

    def add_unknown(self, field_name: str, value: str, rows: list[int], count: int,
                    candidates: str | None = None) -> None:
        """Remember an unknown ``value``: once per value, whatever the columns it is in.

        ``rows`` are the rows (lines) it occurs in; ``count`` how many cells hold it.
        """
        entry = self.unknown.setdefault(value, [set(), [], candidates])
        entry[0].update(rows)
        if field_name not in entry[1]:
            entry[1].append(field_name)

    def unknown_lines(self) -> list[str]:
        lines = []
        for value, (all_rows, fields, candidates) in sorted(self.unknown.items()):
            count, rows = len(all_rows), sorted(all_rows)[:UNKNOWN_EXAMPLES]
            what = (f"ambiguous name {value!r} (one of {candidates.replace('|', ', ')})"
                    if candidates else f"unknown country code or name {value!r}")
            names = " and ".join(repr(f) for f in fields)
            lines.append(f"{self.file}: row {', '.join(map(str, rows))}"
                         f"{' and more' if count > len(rows) else ''}: "
                         f"field{'s' * (len(fields) > 1)} {names}: {what} "
                         f"({count} row{'s' * (count != 1)})")
        return lines

    def check_unknown(self, skip_unknown: bool) -> None:
        """Raise :class:`ImportInvalid` for unknown codes unless the user chose to skip them."""
        if not self.unknown:
            return
        if skip_unknown:
            self.unknown_skipped = self.skipped.get("unknown", [0])[0]
            return
        lines = self.unknown_lines()
        shown = "; ".join(lines[:3]) + (f"; and {len(lines) - 3} more" if len(lines) > 3 else "")
        raise ImportInvalid(
            f"{len(lines)} unknown country code(s): {shown}. Fix the file, or pass "
            f"--skip-unknown to import the rest and count the skipped rows",
            self.unknown_problems(),
        )

    def unknown_problems(self) -> list:
        """One :class:`~intelmig.validation.Problem` per unknown value, at its first row."""
        from ..validation import Problem

        return [Problem(self.file, min(rows), fields[0],
                        "ambiguous-name" if candidates else "unknown-country-code", line,
                        "pass --skip-unknown to import the rest" if not candidates
                        else "write the ISO 3166 code instead of the name")
                for (value, (rows, fields, candidates)), line
                in zip(sorted(self.unknown.items()), self.unknown_lines())]

    def check_kept(self) -> None:
        """Raise :class:`ImportInvalid` when nothing was kept: an empty import is no result."""
        if self.edges or self.nodes_kept:
            return
        why = self.summary()
        raise ImportInvalid(f"{self.file}: no edge kept from {self.rows:,} row(s) read"
                            + (f"; skipped: {why}" if why else "")
                            + "; check the columns and codes the file holds",
                            file=self.file, type="nothing-kept")

    def summary(self) -> str:
        """The skipped records by reason, in one line, each with the people it held."""
        parts = []
        for reason, words in SKIP_REASONS.items():
            if reason not in self.skipped:
                continue
            records, people = self.skipped[reason]
            if reason == "blank" and self.blank:
                text = ", ".join(f"{n:,} blank {name}"
                                 for name, n in sorted(self.blank.items()))
                text += f" ({records:,} record{'s' * (records != 1)})"
            elif reason == "missing":
                text = f"{records:,} missing values"
            elif reason == "area":
                text = f"{records:,} {words} ({', '.join(sorted(self.areas))})"
            else:
                text = f"{records:,} {words}"
            if people:
                text += f" holding {people:,.0f} people"
            parts.append(text)
        for kind, count in sorted(self.ignored_lines.items()):
            parts.append(f"{count:,} {kind} line{'s' * (count != 1)}")
        return ", ".join(parts)

    def to_dict(self) -> dict:
        skipped = {reason: {"records": n, "people": people}
                   for reason, (n, people) in self.skipped.items()}
        return {
            "rows": self.rows,
            "edges": self.edges,
            "blank_codes": dict(sorted(self.blank.items())),
            "skipped": skipped,
            "non_country_areas": dict(sorted(self.areas.items())),
            "ignored_lines": dict(sorted(self.ignored_lines.items())),
            "missing_values": self.skipped.get("missing", [0])[0],
            "aggregates_skipped": self.skipped.get("aggregate", [0])[0],
            "duplicates_skipped": self.skipped.get("duplicate", [0])[0],
            "unknown_skipped": self.unknown_skipped,
            "unknown": self.unknown_lines(),
            "problems": [problem.to_dict() for problem in self.unknown_problems()],
            "summary": self.summary(),
            "years": self.years,
        }


# Kinds of a resolved code, as small integers so that a batch is classified with numpy.
COUNTRY, BLANK, AREA, AGGREGATE, UNKNOWN = range(5)
KIND_CODES = {"country": COUNTRY, "blank": BLANK, "area": AREA, "aggregate": AGGREGATE,
              "unknown": UNKNOWN, "ambiguous": UNKNOWN}


class EdgeSink:
    """Resolve, count and append MIGRATED_TO rows to a Parquet file, one batch at a time.

    A row becomes an edge only when both ends are countries, the value is present and
    positive and the ends differ; every other row is counted once in the report under
    its reason (see :data:`SKIP_REASONS`) with the people it held.

    Parameters
    ----------
    path : Path
        The Parquet file to write.
    dataset_id, file_name, measure : str
        Written on every row: the dataset, the source file's name, flow|stock|event.
    report : ImportReport
        Receives the counts.
    resolver : CountryResolver, optional
        Turns codes and names into ISO 3166-1 alpha-3 ids; a default one when omitted.

    Examples
    --------
    >>> import tempfile, pyarrow as pa, pyarrow.parquet as pq
    >>> path = Path(tempfile.mkdtemp()) / MIGRATION_FILE
    >>> report = ImportReport("flows.csv")
    >>> sink = EdgeSink(path, "demo", "flows.csv", "flow", report)
    >>> sink.add(pa.array(["KAZ", "KZ", "RUS", "KAZ"]), pa.array(["RUS", "DEU", "RUS", "DEU"]),
    ...          pa.array([2, 3, 4, 5]), pa.array([10.0, 7.0, 3.0, None]), year=2019)
    >>> sink.close()
    >>> pq.read_table(path, columns=["from", "to", "high", "row"]).to_pylist()
    [{'from': 'KAZ', 'to': 'RUS', 'high': 10.0, 'row': 2}, {'from': 'KAZ', 'to': 'DEU', 'high': 7.0, 'row': 3}]
    >>> report.edges, report.summary(), sorted(sink.countries)
    (2, '1 missing values, 1 origin = destination holding 3 people', ['DEU', 'KAZ', 'RUS'])
    """

    def __init__(self, path: Path, dataset_id: str, file_name: str, measure: str,
                 report: ImportReport, resolver: CountryResolver | None = None):
        import pyarrow.parquet as pq

        self.schema = migration_schema()
        self.writer = pq.ParquetWriter(str(path), self.schema)
        self.dataset_id = dataset_id
        self.file_name = file_name
        self.measure = measure
        self.report = report
        self.resolver = resolver or CountryResolver()
        self.countries: set[str] = set()

    def resolve(self, codes, rows, field_name: str):
        """Ids for a column of codes (null unless a country) and the kind of each code.

        Returns an Arrow string array and a numpy array of kind codes (COUNTRY ...).
        """
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        codes = pc.cast(codes, pa.string())
        if isinstance(codes, pa.ChunkedArray):
            codes = codes.combine_chunks()
        encoded = pc.dictionary_encode(codes)
        mapped, kinds, answers = [], [], []
        for value in encoded.dictionary.to_pylist():
            kind, iso3 = self.resolver.resolve(value)
            mapped.append(iso3 if kind == "country" else None)
            kinds.append(KIND_CODES[kind])
            answers.append((kind, iso3))
        indices = encoded.indices
        resolved = pc.take(pa.array(mapped, pa.string()), indices)
        kind_of = np.array(kinds + [BLANK], dtype=np.int8)
        index = indices.fill_null(len(kinds)).to_numpy(zero_copy_only=False)
        row_kinds = kind_of[index]
        blanks = int((row_kinds == BLANK).sum())
        if blanks:
            self.report.blank[field_name] = self.report.blank.get(field_name, 0) + blanks
        for position, (kind, iso3) in enumerate(answers):
            if kind in ("unknown", "ambiguous"):
                hits = index == position
                self.report.add_unknown(field_name, encoded.dictionary[position].as_py(),
                                        rows.to_numpy()[hits].tolist(), int(hits.sum()),
                                        iso3 if kind == "ambiguous" else None)
        return resolved, row_kinds

    def add(self, from_codes, to_codes, rows, values, *, year=None, sex=None, note=None,
            fields: tuple[str, str] = ("from", "to"), flow=None) -> None:
        """Append one batch; ``year``/``sex``/``note`` are arrays or one value for all rows."""
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        count = len(rows)
        origin, origin_kind = self.resolve(from_codes, rows, fields[0])
        destination, destination_kind = self.resolve(to_codes, rows, fields[1])
        values = pc.cast(values, pa.float64())
        numbers = values.to_numpy(zero_copy_only=False)
        present = ~np.isnan(numbers)
        reason = np.full(count, "", dtype=object)

        def classify(name, mask):
            mask = mask & (reason == "")
            reason[mask] = name
            people = float(numbers[mask & present].sum()) if mask.any() else 0.0
            self.report.skip(name, int(mask.sum()), people)
            if name == "area" and mask.any():
                for codes, kinds in ((from_codes, origin_kind), (to_codes, destination_kind)):
                    hits = mask & (kinds == AREA)
                    if hits.any():
                        for code in pc.filter(pc.cast(codes, pa.string()), pa.array(hits)
                                              ).to_pylist():
                            key = code.strip().upper()
                            self.report.areas[key] = self.report.areas.get(key, 0) + 1

        either = lambda kind: (origin_kind == kind) | (destination_kind == kind)  # noqa: E731
        classify("unknown", either(UNKNOWN))
        classify("blank", either(BLANK))
        classify("area", either(AREA))
        classify("aggregate", either(AGGREGATE))
        classify("missing", ~present)
        same = pc.fill_null(pc.equal(origin, destination), False).to_numpy(
            zero_copy_only=False)
        classify("self_loop", same)
        classify("zero", present & (numbers == 0))
        keep = pa.array(reason == "")
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
            span = pc.min_max(batch.column("year"))
            self.report.add_years(span["min"].as_py(), span["max"].as_py())
            self.countries.update(pc.unique(batch.column(0)).to_pylist())
            self.countries.update(pc.unique(batch.column(1)).to_pylist())
    def close(self) -> None:
        self.writer.close()


# DataBank (World Bank) appends lines like these under every CSV download.
FOOTER_PREFIXES = ("data from database:", "last updated:")
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _decoded_lines(handle, name: str, encoding: str):
    """The lines of a binary file as text, refusing a bad byte with its line and column."""
    for number, raw in enumerate(handle, start=1):
        if number == 1 and encoding.replace("_", "-").lower() in ("utf-8", "utf8"):
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        try:
            yield raw.decode(encoding)
        except UnicodeDecodeError as err:
            column = len(raw[:err.start].decode(encoding, errors="replace")) + 1
            hint = ""
            try:
                text = raw.decode("cp1252").strip()
                hint = (f"; as Windows-1252 the line reads {text[:60]!r}: save the file as "
                        f"UTF-8, or pass --encoding cp1252")
            except UnicodeDecodeError:
                hint = "; save the file as UTF-8, or pass --encoding with its encoding"
            raise ImportInvalid(f"{name}: line {number}: byte 0x{raw[err.start]:02x} at "
                                f"column {column} is not {encoding}{hint}", file=name,
                                line=number, type="encoding-error") from None


def iter_csv(path: Path, encoding: str | None = None, report: ImportReport | None = None,
             after_line: int = 0):
    r"""Every record of a CSV file with the file line it starts on, header first.

    Yields ``(line, cells)``. Empty lines and lines of empty cells, and the footer
    DataBank writes under its exports, are not records (counted in
    ``report.ignored_lines``). A quote that is never closed, text after a closing
    quote, a bad byte, or a record with fewer cells than the header is refused with
    the line an editor shows, never read as part of another record. Records that start
    at or before ``after_line`` are checked but neither yielded nor counted (the
    header always is).

    Raises
    ------
    ImportInvalid
        With the file name and the line, for every fault above.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "e.csv"
    >>> _ = path.write_text('from,to,note\n\nKAZ,RUS,"two\nlines"\nKAZ,DEU,x\n')
    >>> list(iter_csv(path))
    [(1, ['from', 'to', 'note']), (3, ['KAZ', 'RUS', 'two\nlines']), (5, ['KAZ', 'DEU', 'x'])]
    >>> _ = path.write_text('from,to,note\nKAZ,RUS,"stray\nKAZ,DEU,x\n')
    >>> list(iter_csv(path))
    Traceback (most recent call last):
    ...
    intelmig.errors.ImportInvalid: e.csv: line 2: cannot read as CSV: a quote opens here and is never closed
    """
    import csv
    import io

    name = Path(path).name
    encoding = encoding or "utf-8"
    csv.field_size_limit(1 << 30)
    with open(path, "rb") as handle:
        start = handle.read(2)
        handle.seek(0)
        if start in UTF16_BOMS or encoding.lower().startswith(("utf-16", "utf-32")):
            try:
                lines = io.StringIO(handle.read().decode(
                    encoding if encoding.lower().startswith(("utf-16", "utf-32")) else "utf-16"),
                    newline="")
            except UnicodeDecodeError as err:
                raise ImportInvalid(f"{name}: not UTF-16 ({err.reason} at byte {err.start})",
                                    file=name, type="encoding-error") from None
        else:
            lines = _decoded_lines(handle, name, encoding)
        reader = csv.reader(lines, strict=True)
        last = 0
        width = None
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as err:
                problem = str(err)
                if "end of data" in problem:
                    problem = "a quote opens here and is never closed"
                raise ImportInvalid(f"{name}: line {last + 1}: cannot read as CSV: {problem}",
                                    file=name, line=last + 1, type="csv-syntax") from None
            line, last = last + 1, reader.line_num
            counted = report is not None and line > after_line
            if not "".join(cells).strip():
                if counted and width is not None:
                    report.ignored_lines["empty"] = report.ignored_lines.get("empty", 0) + 1
                continue
            if width is None:
                width = len(cells)
            elif (cells[0][:1] in "DdLl" and cells[0].strip().lower().startswith(FOOTER_PREFIXES)
                  and not "".join(cells[1:]).strip()):
                if counted:
                    report.ignored_lines["footer"] = report.ignored_lines.get("footer", 0) + 1
                continue
            elif len(cells) != width:
                if len(cells) > width and not "".join(cells[width:]).strip():
                    cells = cells[:width]
                else:
                    raise ImportInvalid(
                        f"{name}: line {line}: {len(cells)} fields where the header has "
                        f"{width}" + (f" (the record runs to line {last}: a quote opened on "
                                      f"line {line} swallows the lines after it)"
                                      if last > line else ""),
                        file=name, line=line, type="field-count")
            if last > line and width > 1:
                _check_swallowed(name, line, cells, width)
            if line == 1 or line > after_line:
                yield line, cells


def _check_swallowed(name: str, line: int, cells: list[str], width: int) -> None:
    """Refuse a quoted cell that swallowed whole records (a stray quote closed much later)."""
    for cell in cells:
        for text in cell.split("\n")[1:]:
            if text.count(",") >= width - 1:
                raise ImportInvalid(
                    f"{name}: line {line}: a quoted cell runs over the next lines and holds "
                    f"what look like whole records ({text.strip()[:40]!r}); close the quote "
                    f"on line {line}", file=name, line=line, type="csv-syntax")


def _record_lines(path: Path):
    """The file line of every non-empty line after line 1 and the number of lines, or
    None if line 1 is empty.

    Reads the bytes in blocks with numpy: a file without quotes has one record per
    non-empty line, which is what the fast path below relies on.
    """
    import numpy as np

    found, line, previous, carry_cr, first = [], 0, -1, False, None
    with open(path, "rb") as handle:
        offset = 0
        while block := handle.read(1 << 24):
            data = np.frombuffer(block, dtype=np.uint8)
            ends = np.flatnonzero(data == 10) + offset
            if len(ends):
                starts = np.concatenate(([previous], ends[:-1]))
                lengths = ends - starts - 1
                before = ends - offset - 1
                cr = np.where(before >= 0, data[np.maximum(before, 0)] == 13, carry_cr)
                empty = (lengths == 0) | ((lengths == 1) & cr)
                numbers = np.arange(line + 1, line + 1 + len(ends))
                if first is None:
                    first = not empty[0]
                found.append(numbers[~empty])
                line += len(ends)
                previous = ends[-1]
            carry_cr = bool(data[-1] == 13)
            offset += len(block)
        if offset - 1 > previous and not (offset - 2 == previous and carry_cr):
            line += 1  # a last line without a newline
            found.append(np.array([line]))
            first = True if first is None else first
    if not first:
        return None
    lines = np.concatenate(found) if found else np.array([], dtype=np.int64)
    return (lines[1:], line) if len(lines) and lines[0] == 1 else None


def _fast_csv_batches(path: Path, columns, report: ImportReport | None):
    """``read_csv_batches`` for the common case, with Arrow's reader: yields the same.

    Used for UTF-8 files without a quote character, where every non-empty line is a
    record. Yields ``(rows, batch, last_line)``; raises ``_Fallback`` when Arrow
    refuses a line (the slow reader then names it). Arrow skips empty lines: they are
    counted from the line numbers, as the slow reader counts them.
    """
    found = _record_lines(path)
    if found is None:
        raise _Fallback(0)
    lines, total = found
    try:
        yield from _arrow_batches(path, columns, report, lines)
    except _Fallback as stop:
        _count_empty(report, lines, stop.line)
        raise
    _count_empty(report, lines, total)


def _count_empty(report: ImportReport | None, lines, upto: int) -> None:
    """Count the empty lines after the header up to line ``upto`` (Arrow skips them)."""
    import numpy as np

    empty = upto - 1 - int(np.searchsorted(lines, upto, side="right")) if upto > 1 else 0
    if report is not None and empty > 0:
        report.ignored_lines["empty"] = report.ignored_lines.get("empty", 0) + empty


def _arrow_batches(path: Path, columns, report: ImportReport | None, lines):
    """The batches of :func:`_fast_csv_batches`, ``lines`` being its record lines."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    with open(path, "rb") as handle:
        header = handle.readline().decode("utf-8-sig", errors="replace").rstrip("\r\n")
    names = [name.strip() for name in header.split(",")]
    wanted = [name for name in (columns or names) if name in names]
    done, last_line = 0, 1
    try:
        reader = pacsv.open_csv(
            str(path),
            read_options=pacsv.ReadOptions(block_size=1 << 22, column_names=names,
                                           skip_rows=1),
            parse_options=pacsv.ParseOptions(quote_char=False),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.string() for name in names},
                strings_can_be_null=True, null_values=[""]))
        for batch in reader:
            rows = pa.array(lines[done:done + batch.num_rows], pa.int64())
            done += batch.num_rows
            if len(rows) != batch.num_rows:
                raise _Fallback(last_line)
            blank = [pc.fill_null(pc.equal(pc.utf8_trim_whitespace(c), ""), True)
                     for c in batch.columns]
            others = blank[1] if len(blank) > 1 else pa.array([True] * batch.num_rows)
            for mask in blank[2:]:
                others = pc.and_(others, mask)
            text = pc.utf8_lower(pc.utf8_trim_whitespace(pc.fill_null(batch.column(0), "")))
            footer_text = pc.starts_with(text, FOOTER_PREFIXES[0])
            for prefix in FOOTER_PREFIXES[1:]:
                footer_text = pc.or_(footer_text, pc.starts_with(text, prefix))
            footer = pc.and_(others, footer_text)
            empty = pc.and_(others, blank[0])
            if report is not None:
                for kind, mask in (("empty", empty), ("footer", footer)):
                    count = pc.sum(mask).as_py() or 0
                    if count:
                        report.ignored_lines[kind] = report.ignored_lines.get(kind, 0) + count
            keep = pc.invert(pc.or_(empty, footer))
            if len(rows):
                last_line = rows[-1].as_py()
            yield rows.filter(keep), batch.select(wanted).filter(keep), last_line
    except pa.ArrowInvalid:
        raise _Fallback(last_line) from None
    if done != len(lines):
        raise _Fallback(last_line)


class _Fallback(Exception):
    """Arrow's reader stopped: read on with the line-exact reader after ``line``."""

    def __init__(self, line: int):
        self.line = line


def _quote_free_utf8(path: Path, encoding: str | None) -> bool:
    if (encoding or "utf-8").replace("_", "-").lower() not in ("utf-8", "utf8"):
        return False
    with open(path, "rb") as handle:
        if handle.read(2) in UTF16_BOMS:
            return False
        handle.seek(0)
        while block := handle.read(1 << 24):
            if b'"' in block or b"\r" in block.replace(b"\r\n", b""):
                return False
    return True


def read_csv_batches(path: Path, columns=None, *, encoding: str | None = None,
                     report: ImportReport | None = None) -> Iterator:
    """Stream a CSV as ``(rows, batch)``: Arrow record batches, every column read as text.

    Text keeps codes such as ``008`` and years such as ``2019.0`` as written; each
    importer converts its own columns. ``rows`` holds the file line each record starts
    on (the header is line 1, blank lines and multi-line cells count as an editor
    counts them). Empty cells are nulls. A UTF-8 file without quotes is read by Arrow's
    multi-threaded reader, with the lines counted apart; any other file, and any file
    Arrow refuses, by Python's csv module, which names the line of every fault.

    Parameters
    ----------
    path : Path
    columns : sequence of str, optional
        The columns to keep (those the file has), in this order; all when omitted.
    encoding : str, optional
        UTF-8 by default; a UTF-16 byte-order mark is recognised.
    report : ImportReport, optional
        Counts the empty and footer lines skipped.

    Raises
    ------
    intelmig.errors.ImportInvalid
        A line that cannot be read as CSV, with its line number.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "flows.csv"
    >>> _ = path.write_text("from,to,n\\nKAZ,RUS,008\\n\\nKAZ,DEU,\\n")
    >>> [(rows.to_pylist(), batch.to_pylist()) for rows, batch in
    ...  read_csv_batches(path, ["from", "n"])]
    [([2, 4], [{'from': 'KAZ', 'n': '008'}, {'from': 'KAZ', 'n': None}])]
    """
    after = 0
    if _quote_free_utf8(path, encoding):
        try:
            for rows, batch, after in _fast_csv_batches(path, columns, report):
                yield rows, batch
            return
        except _Fallback as stop:
            after = stop.line
    yield from _slow_csv_batches(path, columns, encoding, report, after)


def _slow_csv_batches(path: Path, columns, encoding, report, after_line: int) -> Iterator:
    import pyarrow as pa
    import pyarrow.compute as pc

    records = iter_csv(path, encoding, report, after_line)
    first = next(records, None)
    if first is None:
        return
    names = [name.strip() for name in first[1]]
    wanted = [name for name in (columns or names) if name in names]
    positions = [names.index(name) for name in wanted]
    chunk: list[tuple[int, list[str]]] = []

    def flush():
        lines = pa.array([line for line, _ in chunk], pa.int64())
        arrays = []
        for position in positions:
            text = pa.array([cells[position] for _, cells in chunk], pa.string())
            arrays.append(pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.string()), text))
        chunk.clear()
        return lines, pa.RecordBatch.from_arrays(arrays, names=wanted)

    for record in records:
        chunk.append(record)
        if len(chunk) >= BATCH_ROWS:
            yield flush()
    if chunk:
        yield flush()


def table_columns(path: Path, encoding: str | None = None) -> list[str]:
    """The column names of a CSV (its first record) or Parquet file.

    Raises
    ------
    intelmig.errors.ImportInvalid
        A Parquet file that cannot be read, or a first CSV record that cannot.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "flows.csv"
    >>> _ = path.write_text(" from ,to,n\\nKAZ,RUS,5\\n")
    >>> table_columns(path)
    ['from', 'to', 'n']
    """
    import pyarrow as pa

    path = Path(path)
    if path.suffix.lower() == ".parquet":
        import pyarrow.parquet as pq

        try:
            return list(pq.ParquetFile(str(path)).schema_arrow.names)
        except (pa.ArrowInvalid, OSError) as err:
            raise ImportInvalid(f"{path.name}: cannot read as Parquet: {err}",
                                file=path.name) from None
    first = next(iter_csv(path, encoding), None)
    return [name.strip() for name in first[1]] if first else []


def read_batches(path: Path, required: tuple[str, ...], optional: tuple[str, ...] = (), *,
                 encoding: str | None = None, report: ImportReport | None = None
                 ) -> Iterator:
    """Stream a CSV or Parquet file as ``(rows, batch)`` after checking ``required`` columns.

    ``optional`` columns are read where the file has them. For Parquet, ``rows`` counts
    records from 1. Every cell is read as text (see :func:`read_csv_batches`).

    Raises
    ------
    intelmig.errors.ImportInvalid
        A required column is missing (line 1), or the file cannot be read.

    Examples
    --------
    >>> import tempfile, pyarrow as pa, pyarrow.parquet as pq
    >>> path = Path(tempfile.mkdtemp()) / "flows.parquet"
    >>> pq.write_table(pa.table({"from": ["KAZ"], "to": ["RUS"], "n": [5]}), path)
    >>> [(rows.to_pylist(), batch.to_pylist()) for rows, batch in
    ...  read_batches(path, ("from", "to"), ("n", "year"))]
    [([1], [{'from': 'KAZ', 'to': 'RUS', 'n': '5'}])]
    >>> next(read_batches(path, ("origin",)))
    Traceback (most recent call last):
    ...
    intelmig.errors.ImportInvalid: flows.parquet: line 1: missing column(s) origin; expected origin (found from, to, n)
    """
    import pyarrow as pa

    path = Path(path)
    names = table_columns(path, encoding)
    require_columns(path, names, required)
    wanted = list(required) + [name for name in optional if name in names]
    if path.suffix.lower() == ".parquet":
        import pyarrow.parquet as pq

        line = 1
        for batch in pq.ParquetFile(str(path)).iter_batches(batch_size=BATCH_ROWS,
                                                             columns=wanted):
            text = pa.RecordBatch.from_arrays(
                [c.cast(pa.string()) for c in batch.columns], names=batch.schema.names)
            yield row_numbers(line, batch.num_rows), text
            line += batch.num_rows
        return
    yield from read_csv_batches(path, wanted, encoding=encoding, report=report)



def require_columns(path: Path, names, required) -> None:
    """Refuse a file whose header lacks one of the ``required`` columns.

    Raises
    ------
    intelmig.errors.ImportInvalid
        Naming the file, line 1, the missing columns and those found.

    Examples
    --------
    >>> require_columns(Path("f.csv"), ["from", "to"], ("from", "to"))
    >>> require_columns(Path("f.csv"), ["from"], ("from", "to", "n"))
    Traceback (most recent call last):
    ...
    intelmig.errors.ImportInvalid: f.csv: line 1: missing column(s) to, n; expected from, to, n (found from)
    """
    missing = [name for name in required if name not in names]
    if missing:
        raise ImportInvalid(
            f"{path.name}: line 1: missing column(s) {', '.join(missing)}; expected "
            f"{', '.join(required)} (found {', '.join(names) or 'nothing'})",
            file=path.name, line=1, field=missing[0], type="missing-column",
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
    if pc.all(pc.fill_null(inside, True), min_count=0).as_py():
        return numbers
    bad = pc.index(pc.fill_null(inside, True), False).as_py()
    raise ImportInvalid(
        f"{file_name}: row {rows[bad].as_py()}: field {field_name!r}: "
        f"{numbers[bad].as_py()!r} is not {what} ({low:g} to {high:.0f})",
        file=file_name, line=rows[bad].as_py(), field=field_name, type="out-of-range",
    )


NUMBER = r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$"


def plain_number(text: str) -> str:
    """``text`` with digits of any script as ASCII (full-width ``１２`` is 12), or a refusal.

    Raises
    ------
    ValueError
        With the reason, when the text is not a plain decimal number.

    Examples
    --------
    >>> plain_number("\uff11\uff12"), plain_number("2019.0")
    ('12', '2019.0')
    >>> plain_number("1_000")
    Traceback (most recent call last):
    ...
    ValueError: '_' is not a digit separator in data; write the digits alone
    """
    import re
    import unicodedata

    digits = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)
    digits = unicodedata.normalize("NFKC", digits).strip()
    if re.match(NUMBER, digits):
        return digits
    if "_" in digits:
        raise ValueError("'_' is not a digit separator in data; write the digits alone")
    if "," in digits and re.match(r"^[+-]?[0-9][0-9,]*(\.[0-9]+)?$", digits):
        raise ValueError("a comma is a thousands separator in some locales and a decimal "
                         "comma in others; write 1234 or 1.5")
    if re.match(r"^[+-]?[0-9]{1,3}([ \u00a0\u202f'][0-9]{3})+$", digits):
        raise ValueError("digits grouped with spaces or apostrophes; write the digits alone")
    raise ValueError("not a number")


# Every spelling of sex the published layouts use (World Bank "Total/Male/Female" and
# its "tot/mal/fem" codes, SDMX "_T/M/F", DIOC "men/women"), case-folded.
SEX_SPELLINGS = {
    "total": "total", "t": "total", "tot": "total", "_t": "total", "both": "total",
    "both sexes": "total", "male": "male", "m": "male", "mal": "male", "men": "male",
    "female": "female", "f": "female", "fem": "female", "women": "female",
}


def to_sexes(column, rows, *, field_name: str, file_name: str,
             codes: dict[str, str] | None = None) -> list[str]:
    """A sex column as ``total``/``male``/``female``, or one error at the first bad cell.

    ``codes`` adds a layout's own codes (DIOC: ``1`` men, ``2`` women, ``0`` total).

    Raises
    ------
    ImportInvalid
        ``bad-sex`` with the row and field of the first cell that is no sex.

    Examples
    --------
    >>> import pyarrow as pa
    >>> to_sexes(pa.array(["Total", " F ", "_T"]), pa.array([2, 3, 4]), field_name="sex",
    ...          file_name="x.csv")
    ['total', 'female', 'total']
    >>> try:
    ...     to_sexes(pa.array(["2", "x"]), pa.array([2, 3]), field_name="sex",
    ...              file_name="x.csv", codes={"1": "male", "2": "female", "0": "total"})
    ... except ImportInvalid as err:
    ...     print(err)
    x.csv: row 3: field 'sex': 'x' is not a sex (total, male, female; or 1, 2, 0)
    """
    spellings = SEX_SPELLINGS | (codes or {})
    sexes = []
    for row, text in zip(rows.to_pylist(), column.to_pylist()):
        sex = spellings.get((text or "").strip().lower())
        if sex is None:
            extra = f"; or {', '.join(codes)}" if codes else ""
            raise ImportInvalid(f"{file_name}: row {row}: field {field_name!r}: {text!r} is "
                                f"not a sex (total, male, female{extra})", file=file_name,
                                line=row, field=field_name, type="bad-sex")
        sexes.append(sex)
    return sexes


def to_numbers(column, rows, *, field_name: str, file_name: str, integer: bool = False,
               missing: tuple[str, ...] = ("..",), signed: bool = False):
    """Cast a text column to counts of people (years when ``integer``; any finite number
    when ``signed``, for net migration and rates).

    ``missing`` markers (the World Bank's ``..``) and empty cells become nulls;
    ``2019.0`` is a valid integer year, full-width digits are digits. Every other cell
    must be a plain decimal number: thousands separators, decimal commas, ``_``, NaN,
    infinite, negative and impossible values are refused with the file, row and field.
    The check is the conversion itself: one pattern decides, then Arrow casts.

    Parameters
    ----------
    column : pyarrow.Array
        Text cells.
    rows : pyarrow.Array
        The file line (or record number) of each cell, for error messages.
    field_name, file_name : str
        Named in error messages.

    Returns
    -------
    pyarrow.Array
        float64 people (or any finite number when ``signed``), or int64 years.

    Raises
    ------
    intelmig.errors.ImportInvalid
        For the first cell that is not a number of the kind asked for.

    Examples
    --------
    >>> import pyarrow as pa
    >>> to_numbers(pa.array(["2019.0", "..", None, "２０２０"]), pa.array([2, 3, 4, 5]),
    ...            field_name="year", file_name="f.csv", integer=True).to_pylist()
    [2019, None, None, 2020]
    >>> to_numbers(pa.array(["1,234"]), pa.array([7]), field_name="n", file_name="f.csv")
    Traceback (most recent call last):
    ...
    intelmig.errors.ImportInvalid: f.csv: row 7: field 'n': '1,234' is not a number: a comma is a thousands separator in some locales and a decimal comma in others; write 1234 or 1.5
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    column = pc.cast(column, pa.string())
    stripped = pc.utf8_trim_whitespace(column)
    blank = pc.or_(pc.is_in(stripped, pa.array(list(missing), pa.string())),
                   pc.equal(stripped, ""))
    cleaned = pc.if_else(blank, pa.scalar(None, pa.string()), stripped)
    plain = pc.match_substring_regex(cleaned, NUMBER)
    if not pc.all(pc.fill_null(plain, True), min_count=0).as_py():
        texts = cleaned.to_pylist()
        for position, ok in enumerate(pc.fill_null(plain, True).to_pylist()):
            if ok:
                continue
            try:
                texts[position] = plain_number(texts[position])
            except ValueError as err:
                raise ImportInvalid(f"{file_name}: row {rows[position].as_py()}: field "
                                    f"{field_name!r}: {texts[position]!r} is not a number"
                                    + ("" if str(err) == "not a number" else f": {err}"),
                                    file=file_name, line=rows[position].as_py(),
                                    field=field_name, type="bad-number") from None
        cleaned = pa.array(texts, pa.string())
    numbers = pc.cast(cleaned, pa.float64())
    if signed:
        return check_bounds(numbers, rows, field_name=field_name, file_name=file_name,
                            bounds=(-COUNT_BOUNDS[1], COUNT_BOUNDS[1]), what="a finite number")
    if not integer:
        return check_bounds(numbers, rows, field_name=field_name, file_name=file_name,
                            bounds=COUNT_BOUNDS, what="a count of people")
    check_bounds(numbers, rows, field_name=field_name, file_name=file_name,
                 bounds=YEAR_BOUNDS, what="a year")
    whole = pc.equal(pc.floor(numbers), numbers)
    if not pc.all(pc.or_kleene(whole, pc.is_null(numbers)), min_count=0).as_py():
        bad = pc.index(pc.fill_null(whole, True), False).as_py()
        raise ImportInvalid(f"{file_name}: row {rows[bad].as_py()}: field {field_name!r}: "
                            f"{cleaned[bad].as_py()!r} is not a whole number", file=file_name,
                            line=rows[bad].as_py(), field=field_name, type="bad-number")
    return pc.cast(numbers, pa.int64())


def row_numbers(first: int, count: int):
    """Row numbers ``first, first+1, ...`` as an Arrow int64 array.

    Examples
    --------
    >>> row_numbers(3, 2).to_pylist()
    [3, 4]
    """
    import pyarrow as pa

    return pa.array(range(first, first + count), pa.int64())
