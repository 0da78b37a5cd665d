"""Importers of published migration datasets, and the steps that put them into a store.

``import_dataset`` reads one file of a known KIND into a staging folder of the
workspace, checks it (unknown country codes fail the import unless skipped),
rebuilds or extends the store with it and only then publishes the folder, so a
failure at any row leaves every store and the workspace as they were.

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

__all__ = ["KINDS", "Kind", "default_dataset_id", "import_dataset", "rebuild", "remove_dataset"]


@dataclass(frozen=True)
class Kind:
    """A dataset layout: where its reader lives and what it expects."""

    name: str
    module: str
    reader: str
    measure: str
    layout: str

    def run(self, staging) -> None:
        getattr(importlib.import_module(f"{__name__}.{self.module}"), self.reader)(staging)

    def citation(self) -> dict:
        return importlib.import_module(f"{__name__}.{self.module}").citation()


KINDS: dict[str, Kind] = {kind.name: kind for kind in (
    Kind("scholarly-flows", "scholarly", "import_flows", "flow",
         "MPIDR scholarly migration flows, CSV or Parquet: migrationfrom,migrationto,year,"
         "n_migrations,n_migrations_back,netmigrations (ISO3; years like 2019.0)"),
    Kind("scholarly-countries", "scholarly", "import_countries", "flow",
         "MPIDR scholarly migration country table: year,countrycode,"
         "padded_population_of_researchers,paddedpop,number_of_inmigrations,"
         "number_of_outmigrations,netmigration,outmigrationrate,inmigrationrate,"
         "netmigrationrate -> Estimate nodes"),
    Kind("undesa", "undesa", "import_undesa", "stock",
         "UN DESA International Migrant Stock by destination and origin, .xlsx: the 2019 "
         "workbook (sheets 'Table 1'-'Table 3', one column per origin) or the 2020/2024 "
         "long table (M49 codes of destination and origin, one column per year, then male "
         "and female blocks)"),
    Kind("worldbank", "worldbank", "import_worldbank", "stock",
         "World Bank Global Bilateral Migration Database CSV: Country Origin Name/Code, "
         "Migration by Gender Name/Code, Country Dest Name/Code, '1960 [1960]'..'2000 [2000]' "
         "('..' = missing)"),
    Kind("dioc", "dioc", "import_dioc", "stock",
         "OECD DIOC extract CSV: country,coub,sex,age,edu_lfs,occupation,number[,year]; "
         "rows with edu_lfs 3 (highly educated) become stocks coub -> country"),
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
         "padded_population_of_researchers) -> Estimate nodes ABOUT each country"),
)}


def default_dataset_id(kind: str, source: Path) -> str:
    """``kind-filestem``, lower case, with every other character replaced by ``-``.

    >>> default_dataset_id("undesa", Path("UN_MigrantStock 2020.xlsx"))
    'undesa-un_migrantstock-2020'
    """
    stem = re.sub(r"[^a-z0-9._-]+", "-", Path(source).stem.lower()).strip("-.")
    return f"{kind}-{stem}"[:64]


def stage_dataset(kind: str, source: Path, dataset_id: str, folder: Path, *,
                  options: dict | None = None, skip_unknown: bool = False,
                  citation: str | None = None, license: str | None = None,
                  progress: Callable[[int], None] | None = None) -> dict:
    """Read ``source`` into ``folder`` and write its manifest; returns the manifest."""
    from ..workspace import Workspace, file_sha256
    from .staging import DatasetInfo, Staging

    if kind not in KINDS:
        raise ImportInvalid(f"unknown dataset kind {kind!r}; kinds: {', '.join(KINDS)}")
    source = Path(source)
    if not source.is_file():
        raise ImportInvalid(f"{source}: no such file")
    spec = KINDS[kind]
    cited = spec.citation()
    info = DatasetInfo(dataset_id, kind, cited["title"], citation or cited["citation"],
                       license or cited["license"], cited.get("url"), dict(options or {}))
    staging = Staging(folder, info, source, progress)
    try:
        spec.run(staging)
    finally:
        staging.close()
    staging.report.check_unknown(skip_unknown)
    countries = set(staging.sink.countries) if staging.sink else set()
    countries |= staging.countries_referenced
    return Workspace.write_manifest(folder, {
        "id": dataset_id, "kind": kind, "title": info.title,
        "source_file": str(source.resolve()), "file_name": source.name,
        "sha256": file_sha256(source), "rows": staging.report.rows,
        "edges": staging.report.edges,
        "blanks": dict(sorted(staging.report.blank.items())),
        "citation": info.citation, "license": info.license, "url": info.url,
        "options": info.options, "files": staging.files,
        "countries": sorted(countries), "report": staging.report.to_dict(),
    })


def _apply(target, folders: list[Path], progress, *, neo4j_new: list[Path] | None = None,
           seed=None) -> None:
    """Make the target store hold the seed plus ``folders`` (embedded: a full rebuild).

    ``seed`` is the validated seed Dataset (default: the packaged seed).
    """
    from ..seed import load_seed

    if target.kind == "neo4j":
        with target.open(write=True) as store:
            from .load import load_into_neo4j

            if neo4j_new is None:
                store.replace_graph(seed or load_seed(), progress=progress)
                load_into_neo4j(store, folders, progress)
            else:
                load_into_neo4j(store, neo4j_new, progress)
        return
    from ..stores.embedded import build_database
    from .load import embedded_loader, migration_files

    build_database(Path(target.path), seed or load_seed(),
                   extra=embedded_loader(folders, progress) if folders else None,
                   migration_files=migration_files(folders), progress=progress)


def import_dataset(kind: str, source: Path, *, target, workspace, dataset_id: str | None = None,
                   options: dict | None = None, skip_unknown: bool = False,
                   citation: str | None = None, license: str | None = None,
                   progress: Callable[[int], None] | None = None) -> dict:
    """Validate and normalise ``source``, load it into ``target``, then publish it."""
    from ..workspace import valid_dataset_id

    dataset_id = dataset_id or default_dataset_id(kind, source)
    if not valid_dataset_id(dataset_id):
        raise ImportInvalid(f"dataset id {dataset_id!r} must be 1-64 lower-case letters, "
                            f"digits, '.', '_' or '-', starting with a letter or digit")
    with workspace.staging(dataset_id) as folder:
        manifest = stage_dataset(kind, source, dataset_id, folder, options=options,
                                 skip_unknown=skip_unknown, citation=citation, license=license,
                                 progress=progress)
        if target is not None:
            _apply(target, workspace.folders(exclude=dataset_id) + [folder], progress,
                   neo4j_new=[folder])
        workspace.publish(folder, dataset_id)
    return manifest


def rebuild(target, workspace, progress: Callable[[int], None] | None = None, *,
            seed=None) -> list[dict]:
    """Recreate ``target`` from the seed plus every dataset of the workspace.

    ``seed`` is a validated seed Dataset; the packaged seed when None.
    """
    _apply(target, workspace.folders(), progress, seed=seed)
    return workspace.manifests()


def remove_dataset(dataset_id: str, *, target, workspace,
                   progress: Callable[[int], None] | None = None) -> dict:
    """Rebuild ``target`` without the dataset, then delete it from the workspace."""
    manifest = workspace.get(dataset_id)
    if target is not None:
        if target.kind == "neo4j":
            from .load import delete_dataset_neo4j

            with target.open(write=True) as store:
                delete_dataset_neo4j(store, dataset_id)
        else:
            _apply(target, workspace.folders(exclude=dataset_id), progress)
    workspace.remove(dataset_id)
    return manifest
