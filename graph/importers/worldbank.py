"""World Bank Global Bilateral Migration Database (GBMD), 1960-2000, as the DataBank CSV.

Layout (one row per origin, gender and destination; one column per census decade)::

    Country Origin Name,Country Origin Code,Migration by Gender Name,
    Migration by Gender Code,Country Dest Name,Country Dest Code,
    1960 [1960],1970 [1970],1980 [1980],1990 [1990],2000 [2000]
    Kazakhstan,KAZ,Total,TOT,Russian Federation,RUS,..,..,..,2593923,2558139

Every non-missing decade cell becomes a MIGRATED_TO stock ``origin -> destination``
with ``year`` = the decade and ``sex`` from the gender column; ``..`` is missing. The
diagonal (people living in their country of birth: the table writes 0) is not
migration, and a corridor of 0 people is no link: both are skipped and counted. The
lines DataBank writes under the table ("Data from database: ...", "Last Updated: ...")
are recognised and skipped.

DataBank can also lay the same data out with years or destinations as rows
("Layout" options of the download page); only the default table above, with the
decades as columns ("Time" across), is read, and any other header is refused with the
columns it lacks.
"""

from __future__ import annotations

import re

from ..errors import ImportInvalid
from .reading import read_csv_batches, require_columns, table_columns
from .values import to_numbers, to_sexes

__all__ = ["KEY_COLUMNS", "citation", "import_worldbank"]

KEY_COLUMNS = ("Country Origin Code", "Migration by Gender Name", "Country Dest Code")
DECADE = re.compile(r"^(\d{4}) \[(\d{4})\]$")


def citation(file_name: str = "") -> dict:
    """Özden et al. (2011), the paper of the GBMD, as structured fields.

    Returns
    -------
    dict
        ``title``, ``citation``, ``license`` and ``url`` (and, where known, ``authors``,
        ``year``, ``publisher``, ``doi``): the dataset's Source node and its BibTeX entry.

    Examples
    --------
    >>> citation()['doi']
    '10.1093/wber/lhr024'
    """
    return {
        "title": "Global Bilateral Migration Database, 1960-2000",
        "authors": ["Özden, Çağlar", "Parsons, Christopher R.", "Schiff, Maurice",
                    "Walmsley, Terrie L."],
        "year": 2011,
        "publisher": "World Bank",
        "doi": "10.1093/wber/lhr024",
        "citation": "Özden, Ç., Parsons, C. R., Schiff, M. & Walmsley, T. L. (2011). Where on "
                    "Earth is everybody? The evolution of global bilateral migration "
                    "1960-2000. World Bank Economic Review 25(1), 12-56. World Bank Global "
                    "Bilateral Migration Database.",
        "license": "CC BY 4.0",
        "url": "https://databank.worldbank.org/source/global-bilateral-migration",
    }


def import_worldbank(staging) -> None:
    """Stream the GBMD CSV: one stock per origin, destination, gender and decade.

    The reader of kind ``worldbank``; values are persons living abroad at the census.

    Raises
    ------
    intelmig.errors.ImportInvalid
        Another DataBank layout (the columns it lacks are named), or a gender or count
        that cannot be read (file, row, field).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import pyarrow.parquet as pq
    >>> from intelmig.importers import import_dataset
    >>> from intelmig.workspace import Workspace
    >>> tmp = Path(tempfile.mkdtemp())
    >>> ws = Workspace(tmp / "workspace")
    >>> _ = (tmp / "gbmd.csv").write_text(
    ...     "Country Origin Name,Country Origin Code,Migration by Gender Name,"
    ...     "Migration by Gender Code,Country Dest Name,Country Dest Code,1990 [1990],"
    ...     "2000 [2000]\\n"
    ...     "Kazakhstan,KAZ,Total,TOT,Russian Federation,RUS,..,2558139\\n"
    ...     "Kazakhstan,KAZ,Total,TOT,Kazakhstan,KAZ,0,0\\n\\n"
    ...     "Data from database: Global Bilateral Migration,,,,,,,\\n")
    >>> manifest = import_dataset("worldbank", tmp / "gbmd.csv", target=None, workspace=ws)
    >>> manifest["report"]["summary"]
    '1 missing values, 2 origin = destination, 1 empty line, 1 footer line'
    >>> pq.read_table(ws.folder(manifest["id"]) / "migrated_to.parquet",
    ...               columns=["from", "to", "year", "sex", "high"]).to_pylist()
    [{'from': 'KAZ', 'to': 'RUS', 'year': 2000, 'sex': 'total', 'high': 2558139.0}]
    """
    name = staging.source.name
    header = table_columns(staging.source, staging.encoding)
    try:
        require_columns(staging.source, header, KEY_COLUMNS)
    except ImportInvalid as err:
        raise ImportInvalid(f"{err}. Download the Global Bilateral Migration table from "
                            f"DataBank with Time across (columns) and Country Origin, "
                            f"Migration by Gender and Country Dest down (rows), as CSV",
                            file=name, line=1, type="missing-column") from None
    decades = [(column, int(match.group(1))) for column in header
               if (match := DECADE.match(column))]
    if not decades:
        raise ImportInvalid(f"{name}: line 1: no decade columns like '1960 [1960]'",
                            file=name, line=1, type="missing-column")
    sink = staging.edge_sink("stock")
    for rows, batch in read_csv_batches(staging.source, encoding=staging.encoding,
                                        report=staging.report):
        staging.report.read(batch.num_rows)
        sexes = to_sexes(batch.column("Migration by Gender Name"), rows,
                         field_name="Migration by Gender Name", file_name=name)
        for column, year in decades:
            values = to_numbers(batch.column(column), rows, field_name=column,
                                file_name=name)
            sink.add(batch.column("Country Origin Code"), batch.column("Country Dest Code"),
                     rows, values, year=year, sex=sexes,
                     fields=("Country Origin Code", "Country Dest Code"))
