"""The normalised form every importer writes: MIGRATED_TO rows in LadybugDB's COPY layout.

An importer streams its input in bounded batches into an :class:`EdgeSink`, which
resolves the country columns (see :mod:`intelmig.importers.countries`), counts blank
codes, missing values and regional aggregates, remembers every unknown code with
the rows it occurs in, and appends Arrow record batches to a Parquet file whose
columns are ``from, to`` followed by every MIGRATED_TO property in schema order.
That file is what the embedded store ``COPY``-loads and what the Neo4j loader
sends in ``UNWIND`` batches, so no import is ever held in memory whole.

The importers are split by job: :mod:`~intelmig.importers.reading` reads files in
batches, :mod:`~intelmig.importers.values` parses numbers and sexes once,
:mod:`~intelmig.importers.report` counts what was kept and skipped, and this module
holds the schema of the normalised files and the sink that writes them.
"""

from __future__ import annotations

from pathlib import Path

from ..schema import RELATIONSHIPS
from .countries import CountryResolver
from .report import ImportReport

__all__ = ["ARROW_TYPES", "EdgeSink", "MIGRATION_FILE", "migration_schema", "node_schema"]

MIGRATION_FILE = "migrated_to.parquet"


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
        import pyarrow as pa
        import pyarrow.parquet as pq

        self.schema = migration_schema()
        # Dictionary pages for the text columns only (codes and per-dataset constants).
        # Statistics for the properties only: the embedded store reads them to find
        # empty and constant columns; on the from/to codes they were most of the 40 %
        # of the writer's time statistics cost (benchmarks/README.md).
        self.writer = pq.ParquetWriter(
            str(path), self.schema,
            write_statistics=[f.name for f in self.schema if f.name not in ("from", "to")],
            use_dictionary=[f.name for f in self.schema if f.type == pa.string()])
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
        skipped = np.zeros(count, dtype=bool)

        def classify(name, mask):
            mask = mask & ~skipped
            skipped[mask] = True
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
        keep = pa.array(~skipped)
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
                arrays.append(pa.repeat(pa.scalar(value, schema_field.type), count))
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
