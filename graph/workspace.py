"""The workspace: every imported dataset, normalised, from which any store can be rebuilt.

Databases are derived data. The workspace (``$INTELMIG_WORKSPACE``, else a
``workspace`` folder next to the default database) holds one folder per dataset::

    workspace/
      scholarly-flows-2024/
        manifest.json          id, kind, source file, sha256, rows, blanks, created,
                               citation, license, files, countries, report
        migrated_to.parquet    MIGRATED_TO rows in LadybugDB COPY order
        nodes.Estimate.parquet other nodes and relationships, where the kind has them
        rels.ABOUT.Estimate.Country.parquet

An import is written into a hidden staging folder and published with one
``os.replace``; a failed import leaves nothing behind.

Examples
--------
>>> import tempfile
>>> ws = Workspace(tempfile.mkdtemp())
>>> ws.manifests()
[]
>>> valid_dataset_id("undesa-2020"), valid_dataset_id("bad id")
(True, False)
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import re
import shutil
from contextlib import contextmanager
from pathlib import Path

from . import __version__
from .errors import IntelmigError

__all__ = [
    "DatasetMissing",
    "Workspace",
    "default_workspace",
    "file_sha256",
    "valid_dataset_id",
]

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
MANIFEST = "manifest.json"


class DatasetMissing(IntelmigError):
    """No dataset with that id in the workspace (exit code 1).

    Raised by `Workspace.get` and `Workspace.remove`; the message lists the ids there are.

    Examples
    --------
    >>> import tempfile
    >>> try:
    ...     Workspace(tempfile.mkdtemp()).get("undesa-2020")
    ... except DatasetMissing as err:
    ...     print(err.exit_code, str(err).split(" (")[-1])
    1 datasets: none)
    """


def default_workspace() -> Path:
    """``$INTELMIG_WORKSPACE``, else ``workspace/`` next to the default database.

    Returns
    -------
    pathlib.Path
        The folder; it need not exist yet.

    Examples
    --------
    >>> import os
    >>> os.environ["INTELMIG_WORKSPACE"] = "/tmp/my-workspace"
    >>> default_workspace()
    PosixPath('/tmp/my-workspace')
    >>> del os.environ["INTELMIG_WORKSPACE"]
    >>> default_workspace().name
    'workspace'
    """
    if os.environ.get("INTELMIG_WORKSPACE"):
        return Path(os.environ["INTELMIG_WORKSPACE"])
    from .stores import default_db_path

    return default_db_path().parent / "workspace"


def valid_dataset_id(text: str) -> bool:
    """Whether `text` can name a dataset (a folder and a Source id).

    1 to 64 characters: lower-case letters, digits, ``.``, ``_`` and ``-``, starting with a
    letter or digit.

    Examples
    --------
    >>> valid_dataset_id("undesa-2020"), valid_dataset_id("UNDESA"), valid_dataset_id("-x")
    (True, False, False)
    """
    return bool(ID_PATTERN.match(text))


def file_sha256(path: Path) -> str:
    """The SHA-256 digest of a file's bytes, hex-encoded (read in 1 MiB blocks).

    Raises
    ------
    OSError
        When the file cannot be read.

    Examples
    --------
    >>> import hashlib, tempfile
    >>> path = Path(tempfile.mkdtemp()) / "flows.csv"
    >>> _ = path.write_bytes(b"origin,destination\\nKAZ,RUS\\n")
    >>> file_sha256(path) == hashlib.sha256(b"origin,destination\\nKAZ,RUS\\n").hexdigest()
    True
    """
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Workspace:
    """A folder of normalised datasets, one sub-folder (with ``manifest.json``) each.

    Parameters
    ----------
    root : path-like, optional
        The folder; `default_workspace` when omitted. It is created on the first import.

    Examples
    --------
    >>> import tempfile
    >>> ws = Workspace(tempfile.mkdtemp())
    >>> with ws.staging("demo") as staged:
    ...     _ = ws.write_manifest(staged, {"id": "demo", "kind": "edgelist"})
    ...     ws.publish(staged, "demo")
    >>> [(m["id"], m["kind"]) for m in ws.manifests()]
    [('demo', 'edgelist')]
    >>> ws.remove("demo")["id"], ws.manifests()
    ('demo', [])
    """

    def __init__(self, root: os.PathLike | str | None = None):
        self.root = Path(root) if root else default_workspace()

    def folder(self, dataset_id: str) -> Path:
        return self.root / dataset_id

    def folders(self, exclude: str | None = None) -> list[Path]:
        """Dataset folders in import order (oldest first)."""
        return [self.folder(m["id"]) for m in self.manifests() if m["id"] != exclude]

    def manifests(self) -> list[dict]:
        if not self.root.is_dir():
            return []
        found = []
        for entry in self.root.iterdir():
            manifest = entry / MANIFEST
            if entry.is_dir() and not entry.name.startswith(".") and manifest.is_file():
                found.append(json.loads(manifest.read_text(encoding="utf-8")))
        return sorted(found, key=lambda m: (m.get("created", ""), m["id"]))

    def get(self, dataset_id: str) -> dict:
        manifest = self.folder(dataset_id) / MANIFEST
        if not manifest.is_file():
            known = ", ".join(m["id"] for m in self.manifests()) or "none"
            raise DatasetMissing(f"no dataset {dataset_id!r} in workspace {self.root} "
                                 f"(datasets: {known})")
        return json.loads(manifest.read_text(encoding="utf-8"))

    @contextmanager
    def staging(self, dataset_id: str):
        """A private folder to write a dataset into; removed unless published."""
        self.root.mkdir(parents=True, exist_ok=True)
        self._remove_orphaned_staging()
        folder = self.root / f".staging-{dataset_id}-{os.getpid()}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        try:
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def _remove_orphaned_staging(self) -> None:
        """Delete staging folders whose import process died (e.g. killed with -9)."""
        for folder in self.root.glob(".staging-*-*"):
            pid = folder.name.rsplit("-", 1)[-1]
            if not pid.isdigit():
                continue
            try:
                os.kill(int(pid), 0)
            except ProcessLookupError:
                shutil.rmtree(folder, ignore_errors=True)
            except PermissionError:
                pass  # another user's live process

    @staticmethod
    def write_manifest(folder: Path, manifest: dict) -> dict:
        manifest = {"intelmig_version": __version__,
                    "created": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
                    **manifest}
        temporary = folder / (MANIFEST + ".tmp")
        temporary.write_text(json.dumps(manifest, indent=2, ensure_ascii=False),
                             encoding="utf-8")
        os.replace(temporary, folder / MANIFEST)
        return manifest

    def publish(self, staged: Path, dataset_id: str) -> None:
        """Move a staged folder into place, replacing a dataset of the same id."""
        target = self.folder(dataset_id)
        retired = self.root / f".retired-{dataset_id}-{os.getpid()}"
        if target.exists():
            os.replace(target, retired)
        try:
            os.replace(staged, target)
        except BaseException:
            if retired.exists():
                os.replace(retired, target)
            raise
        shutil.rmtree(retired, ignore_errors=True)

    def remove(self, dataset_id: str) -> dict:
        manifest = self.get(dataset_id)
        retired = self.root / f".retired-{dataset_id}-{os.getpid()}"
        os.replace(self.folder(dataset_id), retired)
        shutil.rmtree(retired, ignore_errors=True)
        return manifest
