"""Reading published files in bounded batches: CSV (fast Arrow reader, or a line-exact one
when quotes or odd bytes need it), Parquet; every row keeps the line an editor shows."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..errors import ImportInvalid
from .report import ImportReport

__all__ = ["BATCH_ROWS", "iter_csv", "read_batches", "read_csv_batches", "require_columns",
           "row_numbers", "table_columns"]

BATCH_ROWS = 65_536


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
            skip = _empty_or_footer(batch, report)
            if len(rows):
                last_line = rows[-1].as_py()
            batch = batch.select(wanted)
            yield ((rows, batch, last_line) if skip is None else
                   (rows.filter(pc.invert(skip)), batch.filter(pc.invert(skip)), last_line))
    except pa.ArrowInvalid:
        raise _Fallback(last_line) from None
    if done != len(lines):
        raise _Fallback(last_line)


def _empty_or_footer(batch, report: ImportReport | None):
    """The records of ``batch`` that are no data, counted in ``report``; None if none.

    A record is empty when every cell is blank, and DataBank's footer when its first
    cell starts with a footer text and the others are blank. Both need every cell after
    the first blank, so the columns are tested one at a time and the test ends at the
    first column where no cell is: in a well-formed file, at the second column.
    """
    import pyarrow.compute as pc

    others = None  # rows whose cells after the first are all blank; None: no such cell
    for column in batch.columns[1:]:
        mask = _blank(column)
        others = mask if others is None else pc.and_(others, mask)
        if not pc.any(others).as_py():
            return None
    text = pc.utf8_lower(pc.utf8_trim_whitespace(pc.fill_null(batch.column(0), "")))
    footer = pc.starts_with(text, FOOTER_PREFIXES[0])
    for prefix in FOOTER_PREFIXES[1:]:
        footer = pc.or_(footer, pc.starts_with(text, prefix))
    empty = _blank(batch.column(0))
    if others is not None:
        footer, empty = pc.and_(others, footer), pc.and_(others, empty)
    if report is not None:
        for kind, mask in (("empty", empty), ("footer", footer)):
            count = pc.sum(mask).as_py() or 0
            if count:
                report.ignored_lines[kind] = report.ignored_lines.get(kind, 0) + count
    skip = pc.or_(empty, footer)
    return skip if pc.any(skip).as_py() else None


def _blank(column):
    """Which cells are null, empty or whitespace only."""
    import pyarrow.compute as pc

    return pc.fill_null(pc.or_(pc.utf8_is_space(column),
                               pc.equal(pc.binary_length(column), 0)), True)


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
            if b'"' in block or (b"\r" in block and b"\r" in block.replace(b"\r\n", b"")):
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


def row_numbers(first: int, count: int):
    """Row numbers ``first, first+1, ...`` as an Arrow int64 array.

    Examples
    --------
    >>> row_numbers(3, 2).to_pylist()
    [3, 4]
    """
    import pyarrow as pa

    return pa.array(range(first, first + count), pa.int64())
