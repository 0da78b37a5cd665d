"""Importers of published migration datasets, and the steps that put them into a store.

``import_dataset`` reads one file of a known KIND into a staging folder of the
workspace, checks it (unknown country codes fail the import unless skipped),
has the store target (:class:`~intelmig.stores.target.StoreTarget`) add it and only
then publishes the folder, so a failure at any row leaves every store and the
workspace as they were. Loading belongs to the stores; nothing here touches a backend.

Examples
--------
>>> sorted(KINDS)[:3]
['csv', 'dioc', 'persons']
>>> KINDS["scholarly-flows"].measure
'flow'
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import ImportInvalid

__all__ = ["KINDS", "Kind", "dataset_title", "default_dataset_id", "import_dataset", "rebuild",
           "remove_dataset", "year_span"]


@dataclass(frozen=True)
class Kind:
    """A dataset layout: where its reader lives and what it expects.

    Attributes
    ----------
    name : str
        The ``--kind`` of ``intelmig import``.
    module, reader : str
        The module of :mod:`intelmig.importers` and its function that reads a file.
    measure : {"flow", "stock", "event"}
        What its MIGRATED_TO rows count (people moving in a period, or living abroad).
    layout : str
        The file layout it expects, shown by ``intelmig import --help``.

    Examples
    --------
    >>> kind = KINDS["worldbank"]
    >>> kind.module, kind.reader, kind.measure
    ('worldbank', 'import_worldbank', 'stock')
    >>> kind.citation()["doi"]
    '10.1093/wber/lhr024'
    """

    name: str
    module: str
    reader: str
    measure: str
    layout: str

    def run(self, staging) -> None:
        getattr(importlib.import_module(f"{__name__}.{self.module}"), self.reader)(staging)

    def citation(self, file_name: str = "") -> dict:
        return importlib.import_module(f"{__name__}.{self.module}").citation(file_name)


KINDS: dict[str, Kind] = {kind.name: kind for kind in (
    Kind("scholarly-flows", "scholarly", "import_flows", "flow",
         "MPIDR scholarly migration flows, CSV or Parquet, raw (migrationfrom,migrationto,year,"
         "n_migrations,...; ISO3 or ISO2, years like 2019.0) or enriched (iso3codefrom,"
         "iso3codeto,year,n_migrations,...)"),
    Kind("scholarly-countries", "scholarly", "import_countries", "flow",
         "MPIDR scholarly migration country table, raw or enriched: year,countrycode and "
         "any of padded_population_of_researchers,paddedpop,number_of_inmigrations,"
         "number_of_outmigrations,netmigration,outmigrationrate,inmigrationrate,"
         "netmigrationrate -> CountryYear nodes"),
    Kind("undesa", "undesa", "import_undesa", "stock",
         "UN DESA International Migrant Stock by destination and origin, .xlsx: the 2019 "
         "workbook (sheets 'Table 1'-'Table 3', one column per origin, header in one or two "
         "rows) or the 2020/2024 "
         "long table (M49 codes of destination and origin, one column per year, then male "
         "and female blocks)"),
    Kind("worldbank", "worldbank", "import_worldbank", "stock",
         "World Bank Global Bilateral Migration Database, DataBank CSV: Country Origin "
         "Name/Code, Migration by Gender Name/Code, Country Dest Name/Code, '1960 [1960]'.."
         "'2000 [2000]' ('..' = missing; DataBank's footer is skipped)"),
    Kind("dioc", "dioc", "import_dioc", "stock",
         "OECD DIOC CSV, an extract (country,coub,sex,age,edu_lfs,occupation,number) or the "
         "published 2015/16 and 2010/11 files (age_lfs/age_cen, edu_lfs/edu_cen, coub or "
         "regionb, fborn); rows with education 3 (highly educated) become stocks birth -> "
         "country; --year when the file has no year column"),
    Kind("csv", "edgelist", "import_edgelist", "flow",
         "any CSV edge list; name its columns with --from-col/--to-col/--value-col/"
         "--year-col/--sex-col or --mapping FILE.yaml"),
    Kind("persons", "persons", "import_persons", "event",
         "person records CSV (Wikidata style): person,person_label,birth_country,occupation,"
         "country,year (one row per later country) -> Person nodes and moves; --rollup adds "
         "country-to-country MIGRATED_TO edges"),
    Kind("population", "population", "import_population", "stock",
         "base populations for rates, CSV or Parquet: year,place,population (place: ISO3, "
         "ISO2 or M49), or an MPIDR country table (year,countrycode,"
         "padded_population_of_researchers) -> CountryYear nodes ABOUT each country"),
)}


def default_dataset_id(kind: str, source: Path) -> str:
    """``kind-filestem``, lower case, with every other character replaced by ``-``.

    An id longer than 64 characters keeps its start and ends with a digest of the whole
    name, so that two long names that share their first 64 characters stay apart.

    Examples
    --------
    >>> default_dataset_id("undesa", Path("UN_MigrantStock 2020.xlsx"))
    'undesa-un_migrantstock-2020'
    >>> long = "scopus_2022_07_V1_scholarlymigration_countryflows"
    >>> a = default_dataset_id("scholarly-flows", Path(long + ".csv"))
    >>> b = default_dataset_id("scholarly-flows", Path(long + "_USAonly.csv"))
    >>> a != b, len(a) <= 64, len(b) <= 64
    (True, True, True)
    """
    import hashlib

    stem = re.sub(r"[^a-z0-9._-]+", "-", Path(source).stem.lower()).strip("-.")
    full = f"{kind}-{stem}"
    if len(full) <= 64:
        return full
    digest = hashlib.sha256(Path(source).stem.encode("utf-8")).hexdigest()[:8]
    return f"{full[:55].rstrip('-.')}-{digest}"


def dataset_title(cited: dict, file_name: str, years: list | None) -> str:
    """The title of an import: the publisher's title, the file and the years it holds.

    Examples
    --------
    >>> dataset_title({"title": "Flows"}, "f.csv", [1994, 2026])
    'Flows: f.csv, 1994-2026'
    >>> dataset_title({"title": "Flows"}, "f.csv", [2016, 2016])
    'Flows: f.csv, 2016'
    """
    return f"{cited['title']}: {file_name}{year_span(years, ', ')}"


def year_span(years: list | None, prefix: str = "") -> str:
    """``1994-2026``, or one year, or nothing, after ``prefix``.

    Examples
    --------
    >>> year_span([2016, 2016], " "), year_span(None, " ")
    (' 2016', '')
    """
    if not years or years[0] is None:
        return ""
    return prefix + (str(years[0]) if years[0] == years[1] else f"{years[0]}-{years[1]}")


def stage_dataset(kind: str, source: Path, dataset_id: str, folder: Path, *,
                  options: dict | None = None, skip_unknown: bool = False,
                  citation: str | None = None, license: str | None = None,
                  progress: Callable[[int], None] | None = None) -> dict:
    """Read ``source`` into ``folder`` and write its manifest; returns the manifest."""
    from ..workspace import Workspace, file_sha256
    from .staging import DatasetInfo, Staging

    if kind not in KINDS:
        raise ImportInvalid(f"unknown dataset kind {kind!r}; kinds: {', '.join(KINDS)}",
                            type="unknown-kind")
    source = Path(source)
    if not source.is_file():
        raise ImportInvalid(f"{source}: no such file", file=source, type="file-not-found")
    spec = KINDS[kind]
    cited = spec.citation(source.name)
    if (options or {}).get("encoding"):
        import codecs

        try:
            codecs.lookup(options["encoding"])
        except LookupError:
            raise ImportInvalid(f"unknown text encoding {options['encoding']!r}; try utf-8, "
                                f"cp1252 or latin-1", type="bad-option",
                                field="encoding") from None
    info = DatasetInfo(dataset_id, kind, cited["title"], citation or cited["citation"],
                       license or cited["license"], cited.get("url"), dict(options or {}))
    staging = Staging(folder, info, source, progress)
    try:
        spec.run(staging)
    finally:
        staging.close()
    staging.report.check_unknown(skip_unknown)
    staging.report.check_kept()
    countries = set(staging.sink.countries) if staging.sink else set()
    countries |= staging.countries_referenced
    years = staging.report.years
    info.title = dataset_title(cited, source.name, years)
    return Workspace.write_manifest(folder, {
        "id": dataset_id, "kind": kind, "title": info.title, "years": years,
        "source": {key: cited.get(key) for key in ("title", "authors", "year", "publisher",
                                                   "doi", "url")}
        | {"license": info.license, "citation": info.citation},
        "source_file": str(source.resolve()), "file_name": source.name,
        "sha256": file_sha256(source), "rows": staging.report.rows,
        "edges": staging.report.edges,
        "blanks": dict(sorted(staging.report.blank.items())),
        "citation": info.citation, "license": info.license, "url": info.url,
        "options": info.options, "files": staging.files,
        "countries": sorted(countries), "report": staging.report.to_dict(),
    })


def import_dataset(kind: str, source: Path, *, target, workspace, dataset_id: str | None = None,
                   options: dict | None = None, skip_unknown: bool = False,
                   citation: str | None = None, license: str | None = None,
                   progress: Callable[[int], None] | None = None,
                   replace: bool = False) -> dict:
    """Validate and normalise ``source``, load it into ``target``, then publish it.

    A dataset id already in the workspace is refused unless ``replace``; the same bytes
    imported again the same way change nothing (the manifest is returned with
    ``unchanged`` true).

    Parameters
    ----------
    kind : str
        A key of :data:`KINDS`.
    source : Path
        The file to import.
    target : StoreTarget or None
        The store to add the dataset to; None to fill the workspace only (a later
        :func:`rebuild` loads it).
    workspace : intelmig.workspace.Workspace
    dataset_id : str, optional
        Defaults to :func:`default_dataset_id`.
    options : dict, optional
        Reader options (column mapping of ``csv``, ``census_year`` of ``dioc``, ``rollup``
        of ``persons``, ``encoding``).
    skip_unknown : bool
        Import the rows whose country codes are known and count the others, instead of
        refusing the file.

    Returns
    -------
    dict
        The manifest: id, kind, rows read, edges kept, years, the report of what was
        skipped and why, citation and licence.

    Raises
    ------
    intelmig.errors.ImportInvalid
        The file is unreadable or has a bad row (file, row and field named), the id is
        taken, or nothing would be kept. Nothing is written then.

    Examples
    --------
    >>> import tempfile
    >>> from intelmig.workspace import Workspace
    >>> tmp = Path(tempfile.mkdtemp())
    >>> _ = (tmp / "moves.csv").write_text("origin,dest,people,yr\\nKAZ,RUS,10,2001\\n"
    ...                                    "KAZ,XYZ,4,2001\\n")
    >>> mapping = {"from": "origin", "to": "dest", "value": "people", "year": "yr"}
    >>> ws = Workspace(tmp / "workspace")
    >>> import_dataset("csv", tmp / "moves.csv", target=None, workspace=ws, options=mapping)
    Traceback (most recent call last):
    ...
    intelmig.errors.ImportInvalid: 1 unknown country code(s): moves.csv: row 3: field 'dest': unknown country code or name 'XYZ' (1 row). Fix the file, or pass --skip-unknown to import the rest and count the skipped rows
    >>> manifest = import_dataset("csv", tmp / "moves.csv", target=None, workspace=ws,
    ...                           options=mapping, skip_unknown=True)
    >>> manifest["id"], manifest["rows"], manifest["edges"], manifest["report"]["summary"]
    ('csv-moves', 2, 1, '1 unknown codes holding 4 people')
    """
    from ..workspace import DatasetMissing, file_sha256, valid_dataset_id

    if dataset_id is None:
        dataset_id = default_dataset_id(kind, source)
        try:
            held = workspace.get(dataset_id).get("file_name")
        except DatasetMissing:
            held = None
        if held is not None and held != Path(source).name:
            # Another file whose name gives the same id (flows.csv and flows.parquet).
            import hashlib

            digest = hashlib.sha256(Path(source).name.encode("utf-8")).hexdigest()[:8]
            dataset_id = f"{dataset_id[:55].rstrip('-.')}-{digest}"
    if not valid_dataset_id(dataset_id):
        raise ImportInvalid(f"dataset id {dataset_id!r} must be 1-64 lower-case letters, "
                            f"digits, '.', '_' or '-', starting with a letter or digit",
                            type="bad-dataset-id")
    try:
        existing = workspace.get(dataset_id)
    except DatasetMissing:
        existing = None
    if existing is not None and not replace:
        source = Path(source)
        same = (source.is_file() and existing.get("sha256") == file_sha256(source)
                and existing.get("kind") == kind
                and existing.get("options") == dict(options or {}))
        if same:
            return existing | {"unchanged": True}
        raise ImportInvalid(
            f"dataset {dataset_id!r} already holds {existing.get('file_name')} "
            f"({existing.get('kind')}, imported {existing.get('created')}); pass --replace to "
            f"replace it, or --dataset-id to import {Path(source).name} beside it",
            type="dataset-exists", file=Path(source).name)
    with workspace.staging(dataset_id) as folder:
        manifest = stage_dataset(kind, source, dataset_id, folder, options=options,
                                 skip_unknown=skip_unknown, citation=citation, license=license,
                                 progress=progress)
        if target is not None:
            # The progress line counts the file's rows only; loading the store is quick.
            target.add_dataset(None, workspace.folders(exclude=dataset_id), folder, None)
        workspace.publish(folder, dataset_id)
    return manifest


def rebuild(target, workspace, progress: Callable[[int], None] | None = None, *,
            seed=None) -> list[dict]:
    """Recreate ``target`` from the seed plus every dataset of the workspace.

    ``seed`` is a validated seed Dataset; the packaged seed when None.

    Returns
    -------
    list of dict
        The manifests of the datasets loaded, oldest import first.

    Raises
    ------
    intelmig.errors.StoreError
        The store cannot be written (in use, unreachable); the old one is kept.

    Examples
    --------
    A workspace with one imported dataset, built into a new embedded store with a
    one-country seed (the packaged seed takes a few seconds more):

    >>> import tempfile, intelmig
    >>> from intelmig.dataset import Dataset
    >>> from intelmig.workspace import Workspace
    >>> tmp = Path(tempfile.mkdtemp())
    >>> ws = Workspace(tmp / "workspace")
    >>> _ = (tmp / "moves.csv").write_text("origin,dest,people,yr\\nKAZ,RUS,10,2001\\n")
    >>> _ = import_dataset("csv", tmp / "moves.csv", target=None, workspace=ws,
    ...                    options={"from": "origin", "to": "dest", "value": "people",
    ...                             "year": "yr"})
    >>> seed = Dataset()
    >>> seed.add_node("Country", {"id": "KAZ", "name_en": "Kazakhstan"})
    >>> target = intelmig.StoreTarget("embedded", tmp / "demo.lbug")
    >>> [manifest["id"] for manifest in rebuild(target, ws, seed=seed)]
    ['csv-moves']
    >>> with intelmig.connect(tmp / "demo.lbug") as db:
    ...     db.run("MATCH (a)-[r:MIGRATED_TO]->(b) RETURN a.id, b.id, r.year, r.high, "
    ...            "r.dataset").rows
    [['KAZ', 'RUS', 2001, 10.0, 'csv-moves']]
    """
    target.rebuild(seed, workspace.folders(), progress)
    return workspace.manifests()


def remove_dataset(dataset_id: str, *, target, workspace,
                   progress: Callable[[int], None] | None = None) -> dict:
    """Rebuild ``target`` without the dataset, then delete it from the workspace.

    ``target`` None changes the workspace only. The store is rebuilt from the packaged
    seed and the remaining datasets.

    Returns
    -------
    dict
        The manifest of the removed dataset.

    Raises
    ------
    intelmig.workspace.DatasetMissing
        No dataset of that id (the message lists those there are).

    Examples
    --------
    >>> import tempfile
    >>> from intelmig.workspace import Workspace
    >>> tmp = Path(tempfile.mkdtemp())
    >>> ws = Workspace(tmp / "workspace")
    >>> _ = (tmp / "moves.csv").write_text("from,to,value\\nKAZ,RUS,10\\n")
    >>> _ = import_dataset("csv", tmp / "moves.csv", target=None, workspace=ws,
    ...                    options={"from": "from", "to": "to", "value": "value"})
    >>> remove_dataset("csv-moves", target=None, workspace=ws)["file_name"]
    'moves.csv'
    >>> ws.manifests()
    []
    """
    manifest = workspace.get(dataset_id)
    if target is not None:
        target.remove_dataset(None, workspace.folder(dataset_id),
                              workspace.folders(exclude=dataset_id), progress)
    workspace.remove(dataset_id)
    return manifest
