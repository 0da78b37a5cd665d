"""Tabular output shared by every listing command: a readable table, JSON or CSV.

Examples
--------
>>> print(render(["country", "n"], [["KAZ", 3], ["USA", None]], "table"))
country  n
-------  -
KAZ      3
USA
>>> render(["country", "n"], [["KAZ", 3]], "csv")
'country,n\\nKAZ,3'
>>> render(["place", "high"], [["USA", float("inf")]], "json")  # strict JSON: no Infinity
'[\\n  {\\n    "place": "USA",\\n    "high": null\\n  }\\n]'
"""

from __future__ import annotations

import csv
import io
import json
import math

__all__ = ["FORMATS", "cell_text", "render", "strict_json"]

FORMATS = ("table", "json", "csv")
MAX_CELL = 80


def cell_text(value) -> str:
    """The text of one cell: blank for None, JSON for lists and dicts, 3 for 3.0.

    Examples
    --------
    >>> cell_text(None), cell_text(3.0), cell_text(2.5), cell_text(["p1", "p2"])
    ('', '3', '2.5', '["p1", "p2"]')
    """
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _json_value(value):
    """Strict JSON has no NaN or Infinity: an unbounded or undefined number is null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, list):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    return value


def strict_json(document) -> str:
    """One JSON document as strict JSON (``NaN`` and infinities become ``null``), indented.

    Examples
    --------
    >>> print(strict_json({"place": "KAZ", "rate": float("nan")}))
    {
      "place": "KAZ",
      "rate": null
    }
    """
    return json.dumps(_json_value(document), ensure_ascii=False, indent=2, default=str,
                      allow_nan=False)


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def render(columns: list[str], rows: list[list], fmt: str = "table") -> str:
    """Render rows as ``table``, ``json`` (a list of objects) or ``csv``.

    Parameters
    ----------
    columns : list of str
        Column names, one per cell of a row.
    rows : list of list
        The cells; None is blank in a table and CSV, null in JSON.
    fmt : {"table", "json", "csv"}
        ``table`` aligns columns and clips a cell to 80 characters; ``json`` writes
        NaN and infinity as null (strict JSON); ``csv`` quotes as RFC 4180.

    Returns
    -------
    str
        The text, without a final newline.

    Examples
    --------
    >>> print(render(["place", "note"], [["KAZ", "a, b"]], "csv"))
    place,note
    KAZ,"a, b"
    >>> print(render(["place", "share"], [["KAZ", 0.25]], "json"))
    [
      {
        "place": "KAZ",
        "share": 0.25
      }
    ]
    """
    if fmt == "json":
        records = [dict(zip(columns, map(_json_value, row))) for row in rows]
        return json.dumps(records, ensure_ascii=False, indent=2, default=str, allow_nan=False)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[cell_text(v) for v in row] for row in rows])
        return buffer.getvalue().rstrip("\n")
    cells = [[_clip(cell_text(v)) for v in row] for row in rows]
    widths = [
        max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)
    ]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip(),
        "  ".join("-" * w for w in widths).rstrip(),
    ]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells]
    return "\n".join(lines)
