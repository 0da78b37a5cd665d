"""Any CSV edge list, with its columns named on the command line or in a small YAML file.

Mapping keys: ``from``, ``to``, ``value`` (required), ``year``, ``sex`` (optional)
and ``measure`` (flow, stock or event; default flow)::

    # mapping.yaml
    from: origin_iso
    to: destination_iso
    value: migrants
    year: year
    measure: stock

Codes may be ISO3, ISO2, M49 or names (see :mod:`intelmig.importers.countries`).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import ImportInvalid
from .reading import read_batches
from .values import to_numbers, to_sexes

__all__ = ["citation", "import_edgelist", "read_mapping"]

KEYS = ("from", "to", "value", "year", "sex", "measure")
REQUIRED = ("from", "to", "value")


def citation(file_name: str = "") -> dict:
    """A placeholder citation: a user's CSV names no publisher (``--citation`` sets one).

    Returns
    -------
    dict
        ``title``, ``citation``, ``license`` and ``url`` (and, where known, ``authors``,
        ``year``, ``publisher``, ``doi``): the dataset's Source node and its BibTeX entry.

    Examples
    --------
    >>> citation("moves.csv")['license']
    'unstated (pass --license)'
    """
    return {"title": "CSV edge list", "citation": "user-supplied CSV edge list",
            "license": "unstated (pass --license)", "url": None}


def read_mapping(options: dict) -> dict:
    """The column mapping: ``--mapping`` YAML first, then command-line options over it.

    Parameters
    ----------
    options : dict
        ``mapping`` (a YAML file path) and any of the keys ``from``, ``to``, ``value``,
        ``year``, ``sex`` (column names) and ``measure`` (flow, stock or event).

    Returns
    -------
    dict
        Key -> column name (or measure).

    Raises
    ------
    intelmig.errors.ImportInvalid
        The YAML is invalid or has other keys, ``from``/``to``/``value`` is not mapped, or
        the measure is unknown.

    Examples
    --------
    >>> read_mapping({"from": "origin", "to": "dest", "value": "people", "year": None})
    {'from': 'origin', 'to': 'dest', 'value': 'people'}
    >>> read_mapping({"from": "origin"})
    Traceback (most recent call last):
    ...
    intelmig.errors.ImportInvalid: csv import needs the column of to, value: pass --from-col/--to-col/--value-col or --mapping FILE
    """
    mapping = {}
    if options.get("mapping"):
        import yaml

        path = Path(options["mapping"])
        try:
            loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as err:
            raise ImportInvalid(f"{path.name}: not valid YAML: {err}", file=path.name,
                                type="yaml-syntax") from None
        if not isinstance(loaded, dict) or set(loaded) - set(KEYS):
            raise ImportInvalid(f"{path.name}: a mapping needs only the keys "
                                f"{', '.join(KEYS)}", file=path.name,
                                type="bad-file-structure")
        mapping.update({k: str(v) for k, v in loaded.items()})
    mapping.update({k: options[k] for k in KEYS if options.get(k)})
    missing = [k for k in REQUIRED if k not in mapping]
    if missing:
        raise ImportInvalid("csv import needs the column of "
                            + ", ".join(missing)
                            + ": pass --from-col/--to-col/--value-col or --mapping FILE",
                            type="bad-option", field=missing[0])
    if mapping.get("measure", "flow") not in ("flow", "stock", "event"):
        raise ImportInvalid(f"measure {mapping['measure']!r} must be flow, stock or event",
                            type="bad-option", field="measure")
    return mapping


def import_edgelist(staging) -> None:
    """Stream a mapped CSV edge list into MIGRATED_TO rows.

    The reader of kind ``csv``; columns as :func:`read_mapping` maps them. Sex is total,
    male or female (or t, m, f).

    Raises
    ------
    intelmig.errors.ImportInvalid
        A mapped column is missing, or a value, year or sex cannot be read (file, row,
        field).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import pyarrow.parquet as pq
    >>> from intelmig.importers import import_dataset
    >>> from intelmig.workspace import Workspace
    >>> tmp = Path(tempfile.mkdtemp())
    >>> ws = Workspace(tmp / "workspace")
    >>> _ = (tmp / "moves.csv").write_text("origin,dest,people,yr,sex\\n"
    ...                                    "KAZ,RUS,10,2001,f\\nRUS,KAZ,4,2001,m\\n")
    >>> manifest = import_dataset("csv", tmp / "moves.csv", target=None, workspace=ws,
    ...                           options={"from": "origin", "to": "dest", "value": "people",
    ...                                    "year": "yr", "sex": "sex", "measure": "stock"})
    >>> pq.read_table(ws.folder(manifest["id"]) / "migrated_to.parquet",
    ...               columns=["from", "to", "year", "sex", "high", "measure"]).to_pylist()
    [{'from': 'KAZ', 'to': 'RUS', 'year': 2001, 'sex': 'female', 'high': 10.0, 'measure': 'stock'}, {'from': 'RUS', 'to': 'KAZ', 'year': 2001, 'sex': 'male', 'high': 4.0, 'measure': 'stock'}]
    """
    mapping = read_mapping(staging.info.options)
    name = staging.source.name
    columns = tuple(mapping[k] for k in ("from", "to", "value", "year", "sex") if k in mapping)
    sink = staging.edge_sink(mapping.get("measure", "flow"))
    for rows, batch in read_batches(staging.source, columns, encoding=staging.encoding,
                                    report=staging.report):
        staging.report.read(batch.num_rows)
        values = to_numbers(batch.column(mapping["value"]), rows, field_name=mapping["value"],
                            file_name=name)
        year = (to_numbers(batch.column(mapping["year"]), rows, field_name=mapping["year"],
                           file_name=name, integer=True) if "year" in mapping else None)
        sex = (to_sexes(batch.column(mapping["sex"]), rows, field_name=mapping["sex"],
                        file_name=name) if "sex" in mapping else None)
        sink.add(batch.column(mapping["from"]), batch.column(mapping["to"]), rows, values,
                 year=year, sex=sex, fields=(mapping["from"], mapping["to"]))
