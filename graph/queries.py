"""The library of named Cypher queries in ``cypher/*.cypher``.

A query file starts with comment lines that document it::

    // name: top_recipients
    // description: Countries and regions that received the most stated flows.
    // param: era STRING Era id such as stage3 (default: stage3)
    MATCH ...

Parameters are declared with a type (STRING, INT, FLOAT, BOOL, LIST) so that
``--param era=stage3`` on the command line arrives in Cypher as a typed
``$era``, never spliced into the text.

Examples
--------
>>> q = parse_query_text('''// name: demo
... // description: A demo.
... // param: k INT How many (default: 3)
... MATCH (n) RETURN n LIMIT $k''')
>>> q.name, [p.name for p in q.params], q.bind({})
('demo', ['k'], {'k': 3})
>>> q.bind({"k": "5"})
{'k': 5}
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ParameterError, UnknownQuery
from .resources import cypher_dir

__all__ = [
    "NamedQuery",
    "Param",
    "convert_value",
    "get_query",
    "load_queries",
    "parse_adhoc_params",
    "parse_query_text",
]

PARAM_TYPES = ("STRING", "INT", "FLOAT", "BOOL", "LIST")
_HEADER = re.compile(r"^//\s*(name|description|param):\s*(.*)$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_]\w*)\s+(?P<type>[A-Z]+)\s+(?P<doc>.*?)"
    r"(?:\s*\(default:\s*(?P<default>.*)\))?$"
)


@dataclass(frozen=True)
class Param:
    """One declared parameter of a named query (a ``// param:`` line).

    Attributes
    ----------
    name : str
        Its Cypher name (``$name``).
    type : {"STRING", "INT", "FLOAT", "BOOL", "LIST"}
    description : str
    default : object
        Already converted to `type`; None when the parameter is required.
    required : bool
        True when the line gives no ``(default: ...)``.

    Examples
    --------
    >>> q = parse_query_text("// name: q\\n// description: d\\n"
    ...                      "// param: era STRING Era id (default: stage3)\\nRETURN $era")
    >>> q.params[0]
    Param(name='era', type='STRING', description='Era id', default='stage3', required=False)
    """

    name: str
    type: str
    description: str
    default: object = None
    required: bool = True


@dataclass
class NamedQuery:
    """A Cypher query of the library, with its name, description and typed parameters.

    ``bind`` turns command-line text into typed parameter values, so a value always reaches
    the store as a parameter, never spliced into the Cypher text.

    Raises
    ------
    intelmig.errors.ParameterError
        From ``bind``: an unknown parameter, a required one missing or text of the wrong type.

    Examples
    --------
    >>> q = get_query("top_recipients")
    >>> q.name, q.path.suffix
    ('top_recipients', '.cypher')
    >>> demo = parse_query_text("// name: demo\\n// description: d\\n"
    ...                         "// param: k INT How many\\nMATCH (n) RETURN n LIMIT $k")
    >>> demo.bind({"k": "5"})
    {'k': 5}
    >>> demo.bind({})
    Traceback (most recent call last):
    ...
    intelmig.errors.ParameterError: query 'demo' needs --param k=... (How many)
    """

    name: str
    description: str
    text: str
    params: list[Param] = field(default_factory=list)
    path: Path | None = None

    def bind(self, given: dict[str, str]) -> dict:
        """Typed parameters from ``name -> text`` pairs plus declared defaults."""
        declared = {p.name: p for p in self.params}
        unknown = sorted(set(given) - set(declared))
        if unknown:
            raise ParameterError(
                f"query {self.name!r} has no parameter {unknown[0]!r}; "
                f"it takes: {', '.join(declared) or 'none'}"
            )
        bound = {}
        for param in self.params:
            if param.name in given:
                bound[param.name] = convert_value(param.name, given[param.name], param.type)
            elif param.required:
                raise ParameterError(
                    f"query {self.name!r} needs --param {param.name}=... ({param.description})"
                )
            else:
                bound[param.name] = param.default
        return bound


def convert_value(name: str, text: str, type_: str):
    """Convert the command-line text of a parameter to its declared type.

    Parameters
    ----------
    name : str
        The parameter, named in the error message.
    text : str
        The text given on the command line.
    type_ : {"STRING", "INT", "FLOAT", "BOOL", "LIST"}
        BOOL takes true/yes/1 and false/no/0; LIST takes a JSON list or comma-separated text.

    Raises
    ------
    intelmig.errors.ParameterError
        When the text is not of the type (or the type is unknown).

    Examples
    --------
    >>> convert_value("k", "7", "INT"), convert_value("ok", "yes", "BOOL")
    (7, True)
    >>> convert_value("ids", "USA, CAN", "LIST")
    ['USA', 'CAN']
    >>> convert_value("k", "seven", "INT")
    Traceback (most recent call last):
    ...
    intelmig.errors.ParameterError: parameter 'k' must be int, got 'seven'
    """
    try:
        if type_ == "STRING":
            return text
        if type_ == "INT":
            return int(text)
        if type_ == "FLOAT":
            return float(text)
        if type_ == "BOOL":
            lowered = text.strip().lower()
            if lowered in ("true", "yes", "1"):
                return True
            if lowered in ("false", "no", "0"):
                return False
            raise ValueError(text)
        if type_ == "LIST":
            stripped = text.strip()
            if stripped.startswith("["):
                value = json.loads(stripped)
                if not isinstance(value, list):
                    raise ValueError(text)
                return value
            return [item.strip() for item in stripped.split(",") if item.strip()]
    except (ValueError, json.JSONDecodeError):
        raise ParameterError(
            f"parameter {name!r} must be {type_.lower()}, got {text!r}"
        ) from None
    raise ParameterError(f"parameter {name!r} has unknown type {type_!r}")


def parse_adhoc_params(pairs: list[str]) -> dict:
    """``k=v`` pairs for an ad-hoc query: JSON values (numbers, lists, true) or text.

    Raises
    ------
    intelmig.errors.ParameterError
        For a pair without ``=`` or whose name is not a Cypher identifier.

    Examples
    --------
    >>> parse_adhoc_params(["era=stage3", "k=5", 'ids=["USA"]', 's="5"'])
    {'era': 'stage3', 'k': 5, 'ids': ['USA'], 's': '5'}
    >>> parse_adhoc_params(["year"])
    Traceback (most recent call last):
    ...
    intelmig.errors.ParameterError: --param 'year': write it as name=value
    """
    params = {}
    for pair in pairs:
        name, sep, text = pair.partition("=")
        if not sep or not re.fullmatch(r"[A-Za-z_]\w*", name):
            raise ParameterError(f"--param {pair!r}: write it as name=value")
        try:
            params[name] = json.loads(text)
        except json.JSONDecodeError:
            params[name] = text
    return params


_LITERALS_AND_COMMENTS = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`"
                                    r"|//[^\n]*|/\*.*?\*/", re.S)


def query_parameters(cypher: str) -> set[str]:
    """The ``$name`` parameters a Cypher text uses (not those inside strings or comments).

    >>> sorted(query_parameters("MATCH (c {id: $id}) WHERE c.name <> '$x' RETURN $k // $y"))
    ['id', 'k']
    """
    return set(re.findall(r"\$([A-Za-z_]\w*)", _LITERALS_AND_COMMENTS.sub(" ", cypher)))


def adhoc_query(cypher: str, pairs: list[str]) -> dict:
    """The parameters of an ad-hoc query from ``k=v`` pairs; every ``$name`` it uses is given.

    Raises
    ------
    ParameterError
        A pair is malformed, or the query uses a parameter no pair gives (a store would
        otherwise read it as null and answer "no rows").

    >>> adhoc_query("MATCH (c:Country {id: $id}) RETURN c", [])
    Traceback (most recent call last):
    ...
    intelmig.errors.ParameterError: the query uses $id: give it with --param id=VALUE
    """
    params = parse_adhoc_params(pairs)
    missing = sorted(query_parameters(cypher) - set(params))
    if missing:
        raise ParameterError("the query uses " + ", ".join(f"${m}" for m in missing)
                             + ": give " + ("it" if len(missing) == 1 else "them") + " with "
                             + " ".join(f"--param {m}=VALUE" for m in missing))
    return params


def split_params(pairs: list[str]) -> dict[str, str]:
    """``k=v`` pairs as text, for a named query that converts them by declared type."""
    given = {}
    for pair in pairs:
        name, sep, text = pair.partition("=")
        if not sep or not name:
            raise ParameterError(f"--param {pair!r}: write it as name=value")
        given[name] = text
    return given


def parse_query_text(text: str, path: Path | None = None) -> NamedQuery:
    """Read a named query from the text of a ``.cypher`` file.

    Parameters
    ----------
    text : str
        Header comment lines (``// name:``, ``// description:``, ``// param:``) then Cypher.
    path : pathlib.Path, optional
        The file, named in errors and kept on the query.

    Raises
    ------
    ValueError
        The header lacks a name or description, or a param line is malformed (a defect of
        the packaged library, not a user error).

    Examples
    --------
    >>> q = parse_query_text("// name: count\\n// description: How many nodes.\\n"
    ...                      "MATCH (n) RETURN count(n)")
    >>> q.name, q.description, q.params
    ('count', 'How many nodes.', [])
    >>> parse_query_text("MATCH (n) RETURN n")
    Traceback (most recent call last):
    ...
    ValueError: None: a named query needs `// name:` and `// description:` lines
    """
    name = description = None
    params: list[Param] = []
    for line in text.splitlines():
        match = _HEADER.match(line.strip())
        if not match:
            if line.strip() and not line.strip().startswith("//"):
                break
            continue
        key, value = match.groups()
        if key == "name":
            name = value.strip()
        elif key == "description":
            description = (description + " " if description else "") + value.strip()
        elif key == "param":
            param = _PARAM.match(value.strip())
            if not param or param["type"] not in PARAM_TYPES:
                raise ValueError(f"{path}: bad param line {value!r}")
            default = param["default"]
            params.append(
                Param(
                    param["name"],
                    param["type"],
                    param["doc"].strip(),
                    None if default is None else convert_value(param["name"], default,
                                                               param["type"]),
                    required=default is None,
                )
            )
    if not name or not description:
        raise ValueError(f"{path}: a named query needs `// name:` and `// description:` lines")
    return NamedQuery(name, description, text, params, path)


def load_queries(folder: Path | None = None) -> dict[str, NamedQuery]:
    """Every named query in ``folder`` (the packaged ``cypher/`` by default), by name.

    Top-level files come first, then those in sub-folders; ``schema.cypher`` is skipped.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "n.cypher").write_text("// name: n\\n// description: d\\nRETURN 1")
    >>> list(load_queries(folder))
    ['n']
    >>> "top_recipients" in load_queries()
    True
    """
    folder = folder or cypher_dir()
    queries = {}
    # The article's questions (top level) first, then the building blocks in subfolders.
    for path in sorted(folder.rglob("*.cypher"),
                       key=lambda p: (len(p.relative_to(folder).parts), str(p))):
        if path.name == "schema.cypher":
            continue
        query = parse_query_text(path.read_text(encoding="utf-8"), path)
        queries[query.name] = query
    return queries


def get_query(name: str) -> NamedQuery:
    """The packaged named query called `name`.

    Raises
    ------
    intelmig.errors.UnknownQuery
        No query has that name; the message suggests the closest one.

    Examples
    --------
    >>> get_query("top_recipients").params[0].name
    'era'
    >>> get_query("top_recipient")
    Traceback (most recent call last):
    ...
    intelmig.errors.UnknownQuery: no named query 'top_recipient'; did you mean 'top_recipients'?
    """
    queries = load_queries()
    if name not in queries:
        import difflib

        close = difflib.get_close_matches(name, list(queries), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else "; `intelmig queries` lists them"
        raise UnknownQuery(f"no named query {name!r}{hint}")
    return queries[name]
