"""YAML that remembers where each value was written, so problems point at the line.

Examples
--------
>>> doc = compose("a: 1\\nlist:\\n  - x\\n  - y\\n")
>>> doc.key_lines["list"], doc["list"].item_lines
(2, [3, 4])
"""

from __future__ import annotations

import yaml

__all__ = ["Located", "LocatedList", "compose"]

# libyaml's parser is ~20x faster than the pure-Python one and keeps line marks.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Located(dict):
    """A YAML mapping that remembers the line of itself and of each key (1-based).

    Examples
    --------
    >>> entry = compose("id: f01\\npassages:\\n  - p01\\n  - p99\\n")
    >>> entry.line, entry.line_of("passages"), entry.line_of("passages", 1)
    (1, 2, 4)
    >>> entry.line_of("missing")    # a key not written: the line of the mapping
    1
    """

    line: int
    key_lines: dict

    def line_of(self, key, index: int | None = None) -> int:
        """The line of ``key``'s value, or of its ``index``-th item when it is a list."""
        value = self.get(key)
        if index is not None and isinstance(value, LocatedList) and index < len(value):
            return value.item_lines[index]
        return self.key_lines.get(key, self.line)


class LocatedList(list):
    """A YAML sequence that remembers the line of each item (1-based).

    Examples
    --------
    >>> items = compose("- KAZ\\n- RUS\\n\\n- USA\\n")
    >>> list(items), items.item_lines
    (['KAZ', 'RUS', 'USA'], [1, 2, 4])
    """

    item_lines: list


def compose(text: str):
    """Parse one YAML document into plain values, mappings as :class:`Located`.

    Sequences become :class:`LocatedList`; scalars are what ``yaml.safe_load`` makes of them.

    Raises
    ------
    yaml.YAMLError
        For text that is not one well-formed YAML document.

    Examples
    --------
    >>> doc = compose("low: 10\\nhigh: 20\\n")
    >>> doc, doc.key_lines
    ({'low': 10, 'high': 20}, {'low': 1, 'high': 2})
    >>> compose("") is None
    True
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        return _construct(loader, node) if node is not None else None
    finally:
        loader.dispose()


def _construct(loader, node):
    if isinstance(node, yaml.MappingNode):
        result = Located()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            result[key] = _construct(loader, value_node)
            result.key_lines[key] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        result = LocatedList(_construct(loader, item) for item in node.value)
        result.item_lines = [item.start_mark.line + 1 for item in node.value]
        return result
    return loader.construct_object(node, deep=True)
