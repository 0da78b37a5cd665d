"""Open an export target: a path (written atomically) or a file object already open."""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

__all__ = [
    "json_text",
    "open_output",
    "ordered_edges",
    "ordered_nodes",
    "typed_text",
    "xml_chars",
]


@contextlib.contextmanager
def open_output(target, *, binary: bool = False):
    """Yield a writable file for ``target``.

    A path is written to a hidden sibling first and renamed over ``target`` only
    when the writer finished, so a failed export never leaves half a file. An
    open file is used as is and left open, as ``networkx`` writers do.
    """
    if hasattr(target, "write"):
        yield target
        return
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial-{os.getpid()}")
    kwargs = {} if binary else {"encoding": "utf-8", "newline": ""}
    try:
        with open(partial, "wb" if binary else "w", **kwargs) as handle:
            yield handle
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def ordered_nodes(graph):
    """Nodes as ``(id, attrs)`` in a stable order: by label, then id."""
    return sorted(graph.nodes(data=True), key=lambda n: (n[1].get("label", ""), str(n[0])))


def ordered_edges(graph):
    """Edges as ``(source, target, attrs)`` in a stable order independent of insertion."""
    return sorted(
        ((u, v, d) for u, v, d in graph.edges(data=True)),
        key=lambda e: (e[2].get("type", ""), str(e[0]), str(e[1]), json_text(e[2])),
    )


# Every character XML 1.0 forbids: C0 controls but tab, newline and return; lone
# surrogates; U+FFFE and U+FFFF.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_chars(text: str) -> str:
    r"""``text`` without the characters XML 1.0 cannot carry (GraphML and GEXF are XML 1.0).

    >>> xml_chars("a\x00b\x1fc\ufffed\ud800e\tf")
    'abcde\tf'
    """
    return _XML_FORBIDDEN.sub("", text)


def json_text(value) -> str:
    """Compact, key-sorted JSON that keeps non-ASCII text readable.

    >>> json_text({"b": ["p01", "p02"], "a": "Қазақстан"})
    '{"a":"Қазақстан","b":["p01","p02"]}'
    """
    import json

    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def typed_text(value, schema_type: str) -> str:
    """A property value as text for formats without our types (GraphML, GEXF, CSV).

    Lists become JSON, booleans ``true``/``false``, doubles keep a decimal point.

    >>> typed_text(["p01"], "STRING[]"), typed_text(True, "BOOLEAN"), typed_text(2, "DOUBLE")
    ('["p01"]', 'true', '2.0')
    """
    from ..schema import PROP_TYPES

    return PROP_TYPES[schema_type].to_text(value)
