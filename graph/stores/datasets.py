"""Imported datasets as the stores read them: a workspace folder of Parquet files.

Each folder holds ``manifest.json`` (what the importer wrote: id, title, citation,
countries referenced, files) and the normalised rows: ``nodes.LABEL.parquet``,
``rels.TYPE.FROM.TO.parquet`` and one ``migrated_to.parquet`` of Country->Country
MIGRATED_TO rows in COPY layout. Both stores load these same files.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..importers.sink import MIGRATION_FILE
from ..schema import LABELS, display_name

__all__ = [
    "DatasetFolder",
    "complete_row",
    "source_node",
    "strip_nulls",
]


@dataclass
class DatasetFolder:
    """One imported dataset's normalised files.

    Attributes
    ----------
    folder : Path
    manifest : dict
        The importer's ``manifest.json``.
    nodes : list of (label, Path)
    rels : list of (rel_type, from_label, to_label, Path)
    migrations : Path or None
        Country->Country MIGRATED_TO rows in COPY layout.

    Raises
    ------
    FileNotFoundError, json.JSONDecodeError
        From ``read``, for a folder without a readable ``manifest.json``.

    Examples
    --------
    >>> import json, tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "manifest.json").write_text(json.dumps({
    ...     "id": "demo", "countries": ["KAZ", "RUS"],
    ...     "files": ["migrated_to.parquet", "nodes.Estimate.parquet",
    ...               "rels.ABOUT.Estimate.Country.parquet"]}))
    >>> found = DatasetFolder.read(folder)
    >>> found.id, found.countries, found.migrations.name
    ('demo', ['KAZ', 'RUS'], 'migrated_to.parquet')
    >>> [label for label, _ in found.nodes], [r[:3] for r in found.rels]
    (['Estimate'], [('ABOUT', 'Estimate', 'Country')])
    """

    folder: Path
    manifest: dict
    nodes: list = field(default_factory=list)
    rels: list = field(default_factory=list)
    migrations: Path | None = None

    @classmethod
    def read(cls, folder) -> DatasetFolder:
        folder = Path(folder)
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        found = cls(folder, manifest)
        for name in manifest.get("files", []):
            parts = name.split(".")
            if name == MIGRATION_FILE:
                found.migrations = folder / name
            elif parts[0] == "nodes":
                found.nodes.append((parts[1], folder / name))
            elif parts[0] == "rels":
                found.rels.append((parts[1], parts[2], parts[3], folder / name))
        return found

    @property
    def id(self) -> str:
        return self.manifest["id"]

    @property
    def countries(self) -> list[str]:
        return self.manifest.get("countries", [])


def source_node(manifest: dict) -> dict:
    """The Source node (source_type dataset) of an imported dataset; its id is the dataset id.

    Authors, year and a DOI (as its https://doi.org/ address) come from the structured
    citation of the manifest, so that BibTeX and CSL-JSON exports give a usable entry.

    Examples
    --------
    >>> node = source_node({"id": "wb", "title": "GBMD", "source": {"doi": "10.1/x"}})
    >>> node["source_type"], node["url"]
    ('dataset', 'https://doi.org/10.1/x')
    """
    cited = manifest.get("source") or {}
    url = f"https://doi.org/{cited['doi']}" if cited.get("doi") else manifest.get("url")
    return {"id": manifest["id"], "kind": "Source", "source_type": "dataset",
            "name_en": manifest.get("title"), "title": manifest.get("title"),
            "authors": cited.get("authors"), "year": cited.get("year"),
            "citation": manifest.get("citation"), "license": manifest.get("license"),
            "url": url, "dataset": manifest["id"]}


def complete_row(label: str, props: dict) -> dict:
    """Every property of ``label``, None where ``props`` lacks it (LadybugDB's UNWIND needs all).

    ``name`` is derived (:func:`~intelmig.schema.display_name`).

    Raises
    ------
    KeyError
        For a label that is not in the schema.

    Examples
    --------
    >>> row = complete_row("Country", {"id": "KAZ"})
    >>> row["id"], row["name"], row["name_en"]
    ('KAZ', 'KAZ', None)
    >>> len(row) == len(LABELS["Country"].prop_names)
    True
    """
    return {name: props.get(name) for name in LABELS[label].prop_names} | {
        "name": display_name(props)}


def strip_nulls(rows: list[dict]) -> list[dict]:
    """Rows without their None values (Neo4j stores no nulls).

    Examples
    --------
    >>> strip_nulls([{"id": "KAZ", "name_ru": None, "iso2": "KZ"}])
    [{'id': 'KAZ', 'iso2': 'KZ'}]
    """
    return [{k: v for k, v in row.items() if v is not None} for row in rows]
