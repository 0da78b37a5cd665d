"""Whether a database is what the seed and the workspace say it should be.

Every database is derived (seed + imported datasets); its build record says what it
was built from. :func:`build_status` compares the record with the packaged seed, the
running version and the workspace, so a stale or incomplete database is reported,
never trusted.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["build_status"]


def build_status(meta: dict | None, *, seed_fingerprint: str, version: str,
                 workspace_datasets: Iterable[str] | None = None) -> dict:
    """The state of a database from its build record.

    Parameters
    ----------
    meta : dict or None
        The store's build record (``Store.meta``).
    seed_fingerprint, version : str
        Of the seed and the intelmig that should have built it.
    workspace_datasets : iterable of str, optional
        The dataset ids of the workspace; compared with those the record lists (embedded
        databases record them; None skips the check).

    Returns
    -------
    dict
        ``up_to_date`` (bool), ``status`` (one sentence with the fix), ``missing`` and
        ``extra`` (dataset ids the database lacks or holds beyond the workspace).

    Examples
    --------
    >>> meta = {"fingerprint": "f1", "intelmig_version": "0.1.0", "datasets": ["a"]}
    >>> build_status(meta, seed_fingerprint="f1", version="0.1.0")["status"]
    'up to date with the packaged seed'
    >>> build_status(meta, seed_fingerprint="f1", version="0.1.0",
    ...              workspace_datasets=["a", "b"])["status"]
    'lacks workspace dataset(s) b: `intelmig rebuild` adds them'
    """
    if not meta:
        return {"up_to_date": False, "missing": [], "extra": [],
                "status": "no build record: rebuild with `intelmig seed`"}
    missing: list[str] = []
    extra: list[str] = []
    if workspace_datasets is not None and "datasets" in meta:
        wanted, held = set(workspace_datasets), set(meta["datasets"])
        missing, extra = sorted(wanted - held), sorted(held - wanted)
    if meta.get("fingerprint") != seed_fingerprint or meta.get("intelmig_version") != version:
        status = ("built from another seed or intelmig version: `intelmig seed` rebuilds it "
                  "(or `intelmig seed PATH` for your own seed files)")
    elif missing or extra:
        parts = []
        if missing:
            parts.append(f"lacks workspace dataset(s) {', '.join(missing)}")
        if extra:
            parts.append(f"holds dataset(s) {', '.join(extra)} the workspace no longer has")
        status = "; ".join(parts) + ": `intelmig rebuild` " + (
            "adds them" if missing and not extra else "makes it match the workspace")
    else:
        status = "up to date with the packaged seed"
    return {"up_to_date": status.startswith("up to date"), "status": status,
            "missing": missing, "extra": extra}
