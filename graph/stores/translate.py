"""Neo4j Cypher habits on the embedded store: the one place a query is translated.

LadybugDB (a Kùzu fork) reads openCypher, but spells some of what Neo4j users type
differently, and lacks a few constructs. :class:`~intelmig.stores.embedded.EmbeddedStore`
passes every statement through :func:`translate` before LadybugDB sees it, so a query
written for Neo4j gives the same rows on both stores; what cannot be translated is
refused with one line naming the embedded store's equivalent (:class:`QueryError`).
A query already in the shared subset comes out unchanged, except that unaliased
``RETURN`` items are aliased with their own text, so columns are named as Neo4j names
them.

The translation works on tokens (strings, comments and backquoted names are never
touched) and knows where it is: in a pattern (``MATCH (n:Country)``) a label is a
pattern label, in an expression (``WHERE n:Country``) it is a predicate.

==============================  =============================================
Neo4j                           embedded (LadybugDB)
==============================  =============================================
``type(r)``                     ``label(r)``
``labels(n)``                   ``[label(n)]``
``elementId(n)``                ``CAST(id(n) AS STRING)`` (opaque, comparable)
``n:A``, ``n:A|B``, ``n:!A``    ``label(n) = 'A'``, ``label(n) IN [...]``, ...
``COUNT { (a)-->() }``          ``COUNT { MATCH (a)-->() }`` (same for EXISTS)
``[x IN l WHERE p | e]``        ``list_transform(list_filter(l, x -> p), x -> e)``
``list[0]``, ``list[1..3]``     ``list[1]``, ``list[2..3]`` (1-based, end inclusive)
``n {.id, .name}``              ``{id: n.id, name: n.name}``
``substring(s, 0, 3)``          ``substring(s, 1, 3)`` (1-based)
``toInteger``, ``toFloat``,     ``to_int64``, ``to_double``, ``to_string``,
``toString``, ``toBoolean``     ``to_bool``
``split(s, ',')``               ``string_split(s, ',')``
``round(x)``                    ``round(x, 0)``
``date()``, ``datetime()``      ``current_date()``, ``current_timestamp()``
``date(s).year`` (.month/.day)  ``date_part('year', date(s))``
``shortestPath((a)-[*]-(b))``   ``(a)-[* SHORTEST]-(b)`` (``ALL SHORTEST``)
``WITH .. ORDER BY k`` (alone)  ``WITH .. ORDER BY k SKIP 0``
``CALL db.labels()`` and        answered from the schema: every label, the
``db.relationshipTypes()``      types in use (see ``EmbeddedStore.run``)
==============================  =============================================

Examples
--------
>>> translate("MATCH (c:Country)-[r]->(x) WHERE x:Region RETURN type(r), c.name")
"MATCH (c:Country)-[r]->(x) WHERE (label(x) = 'Region') RETURN label(r) AS `type(r)`, c.name AS `c.name`"
>>> translate("RETURN [x IN $xs WHERE x > 1 | x * 2][0] AS y")
'RETURN list_transform(list_filter($xs, x -> x > 1), x -> x * 2)[1] AS y'
>>> translate("MATCH (n) RETURN reduce(s = 0, x IN n.xs | s + x) AS total")
Traceback (most recent call last):
...
intelmig.errors.QueryError: reduce() is not available on the embedded store: use list_reduce(list, (s, x) -> s + x) (no start value) or UNWIND and sum()
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from ..errors import QueryError

__all__ = ["PROCEDURES", "translate"]

_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<comment>//[^\n]*|/\*.*?\*/)
  | (?P<str>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
  | (?P<bq>`(?:[^`]|``)*`)
  | (?P<num>\d+\.\d+(?:[eE][-+]?\d+)?|\d+(?:[eE][-+]?\d+)?)
  | (?P<param>\$(?:\w+|`[^`]*`))
  | (?P<ident>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>\.\.|<-|->|<>|<=|>=|=~|\+=|::|.)
""", re.VERBOSE | re.DOTALL)

_OPEN = {"(": ")", "[": "]", "{": "}"}
_SKIP = ("ws", "comment")

#: Clause keywords that start a pattern, and those that start expressions.
_PATTERN_CLAUSES = {"MATCH", "MERGE", "CREATE"}
_EXPR_CLAUSES = {"WHERE", "RETURN", "WITH", "UNWIND", "ORDER", "SET", "DELETE", "REMOVE",
                 "SKIP", "LIMIT", "YIELD", "ON", "UNION", "CALL", "DETACH", "FOREACH"}
_KEYWORDS = _PATTERN_CLAUSES | _EXPR_CLAUSES | {
    "AND", "OR", "XOR", "NOT", "IN", "IS", "NULL", "AS", "BY", "CASE", "WHEN", "THEN",
    "ELSE", "END", "DISTINCT", "OPTIONAL", "STARTS", "ENDS", "CONTAINS", "TRUE", "FALSE",
    "ASC", "DESC", "ASCENDING", "DESCENDING"}

#: Functions LadybugDB names differently (same arguments, same result).
_RENAMES = {
    "type": "label",
    "tointeger": "to_int64",
    "tofloat": "to_double",
    "tostring": "to_string",
    "toboolean": "to_bool",
    "split": "string_split",
}
#: Functions without arguments that LadybugDB names differently.
_NOW = {"date": "current_date", "datetime": "current_timestamp",
        "localdatetime": "current_timestamp"}
_DATE_FIELDS = {"year", "month", "day"}

#: What has no translation, with the embedded store's equivalent (one line each).
_UNSUPPORTED = {
    "reduce": "reduce() is not available on the embedded store: use list_reduce(list, "
              "({acc}, {var}) -> {expr}) (no start value) or UNWIND and sum()",
    "startnode": "startNode() is not available on the embedded store: use the endpoints "
                 "named in the pattern, (a)-[r]->(b)",
    "endnode": "endNode() is not available on the embedded store: use the endpoints named in "
               "the pattern, (a)-[r]->(b)",
    "duration": "duration() is not available on the embedded store: use interval('30 days')",
    "exists": "exists(n.prop) is gone from Neo4j 5 too: use n.prop IS NOT NULL",
}

#: Procedures answered by EmbeddedStore from the schema: name -> column.
PROCEDURES = {"db.labels": "label", "db.relationshiptypes": "relationshipType"}
_CALL = re.compile(r"^\s*CALL\s+(db\.\w+)\s*\(\s*\)\s*(?:YIELD\s+(\w+)\s*)?"
                   r"(?:RETURN\s+(\w+)\s*)?;?\s*$", re.IGNORECASE)


def _tokens(text: str) -> list[tuple[str, str]]:
    return [(m.lastgroup, m.group()) for m in _TOKEN.finditer(text)]


def procedure_call(text: str) -> tuple[str, str] | None:
    """``(procedure, column)`` if ``text`` is a bare call of a procedure in PROCEDURES.

    >>> procedure_call("CALL db.labels() YIELD label RETURN label")
    ('db.labels', 'label')
    >>> procedure_call("CALL db.schema.visualization()")
    Traceback (most recent call last):
    ...
    intelmig.errors.QueryError: CALL db.schema.visualization() is not available on the embedded store: use CALL show_tables() RETURN *
    """
    match = _CALL.match(text)
    if re.match(r"^\s*CALL\s+(db|dbms|apoc|gds)\.", text, re.IGNORECASE):
        name = re.match(r"^\s*CALL\s+([\w.]+)", text, re.IGNORECASE).group(1)
        if match and match.group(1).lower() in PROCEDURES:
            column = PROCEDURES[match.group(1).lower()]
            if match.group(2) not in (None, column) or match.group(3) not in (
                    None, match.group(2) or column):
                raise QueryError(f"CALL {name}() on the embedded store yields only "
                                 f"`{column}`: write CALL {name}() YIELD {column}")
            return match.group(1).lower(), column
        raise QueryError(f"CALL {name}() is not available on the embedded store: use "
                         "CALL show_tables() RETURN *")
    return None


def translate(text: str, tables: Mapping[str, Sequence[str]] | None = None) -> str:
    """The statement ``text`` (Neo4j Cypher) as LadybugDB reads it.

    Parameters
    ----------
    text : str
        One Cypher statement.
    tables : mapping of str to sequence of str, optional
        Relationship types whose rows also live in other tables, named ``TYPE_<n>``
        (the embedded store keeps each imported dataset's MIGRATED_TO rows in a table of
        its own). A ``MATCH`` pattern ``[r:TYPE]`` reads all of them, ``r:TYPE`` tests
        any of them and ``type(r)`` gives ``TYPE`` for each; ``CREATE`` and ``MERGE``
        write to ``TYPE`` itself.

    Returns
    -------
    str
        The statement with Neo4j's spellings replaced by LadybugDB's (see the module
        table); unchanged where both agree.

    Raises
    ------
    QueryError
        A construct with no translation; the message names the embedded equivalent.

    Examples
    --------
    >>> translate("MATCH (n) WHERE n:Country|Region AND size(n.passages) > 1 RETURN count(*)")
    "MATCH (n) WHERE (label(n) IN ['Country', 'Region']) AND size(n.passages) > 1 RETURN count(*) AS `count(*)`"
    >>> print(translate("MATCH ()-[r:MIGRATED_TO]->() RETURN type(r) AS t",
    ...                 {"MIGRATED_TO": ["MIGRATED_TO_1"]}))
    MATCH ()-[r:MIGRATED_TO|MIGRATED_TO_1]->() RETURN regexp_replace(label(r), '^(MIGRATED_TO)_[0-9]+$', '\\\\1') AS t
    """
    return _Translator(_tokens(text), tables).run()


class _Translator:
    def __init__(self, tokens: list[tuple[str, str]],
                 tables: Mapping[str, Sequence[str]] | None = None):
        self.t = tokens
        self.close = self._pairs()
        self.tables = {name: list(more) for name, more in (tables or {}).items() if more}
        self.clause = "MATCH"

    def _pairs(self) -> dict[int, int]:
        stack, pairs = [], {}
        for i, (kind, text) in enumerate(self.t):
            if kind != "op":
                continue
            if text in _OPEN:
                stack.append(i)
            elif text in (")", "]", "}") and stack and _OPEN[self.t[stack[-1]][1]] == text:
                pairs[stack.pop()] = i
        return pairs

    # -- token helpers -----------------------------------------------------------------

    def sig(self, i: int, hi: int | None = None, step: int = 1) -> int | None:
        """Index of the first significant token from ``i`` on (or back), else None."""
        hi = len(self.t) if hi is None else hi
        while 0 <= i < hi:
            if self.t[i][0] not in _SKIP:
                return i
            i += step
        return None

    def is_(self, i: int | None, text: str) -> bool:
        return i is not None and self.t[i][1].upper() == text.upper() and self.t[i][0] != "str"

    def text(self, lo: int, hi: int) -> str:
        return "".join(text for _, text in self.t[lo:hi])

    def split(self, lo: int, hi: int, separator: str) -> list[tuple[int, int]]:
        """Ranges of ``lo:hi`` between top-level ``separator`` tokens."""
        parts, start, i = [], lo, lo
        while i < hi:
            if self.t[i][0] == "op" and self.t[i][1] in _OPEN and i in self.close:
                i = self.close[i] + 1
                continue
            if self.is_(i, separator):
                parts.append((start, i))
                start = i + 1
            i += 1
        parts.append((start, hi))
        return parts

    # -- the walk ----------------------------------------------------------------------

    def run(self) -> str:
        return self.walk(0, len(self.t), "expr", top=True)

    def walk(self, lo: int, hi: int, mode: str, top: bool = False) -> str:
        """Translate tokens ``lo:hi``. ``mode``: expr, pattern, node, rel or map."""
        out: list[str] = []
        inserts = self.inserts(lo, hi) if top else {}
        i = lo
        while i < hi:
            if i in inserts:
                out.append(inserts.pop(i))
            kind, text = self.t[i]
            if kind in ("ws", "comment", "str", "bq", "num", "param"):
                out.append(text)
                i += 1
                continue
            if kind == "ident":
                up = text.upper()
                prev = self.sig(i - 1, step=-1)
                after_dot = prev is not None and prev >= lo and self.is_(prev, ".")
                nxt = self.sig(i + 1, hi)
                if mode in ("expr", "pattern") and not after_dot:
                    if up in _PATTERN_CLAUSES:
                        mode = "pattern"
                        self.clause = up
                    elif up in _EXPR_CLAUSES:
                        mode = "expr"
                if not after_dot and nxt is not None and self.is_(nxt, "(") and up not in _KEYWORDS:
                    piece, i = self.call(i, nxt, hi)
                    out.append(piece)
                    continue
                if (not after_dot and nxt is not None and self.is_(nxt, "{")
                        and up in ("COUNT", "EXISTS", "COLLECT")):
                    piece, i = self.subquery(i, nxt)
                    out.append(piece)
                    continue
                if (mode == "expr" and not after_dot and up not in _KEYWORDS
                        and nxt is not None and self.is_(nxt, "{")):
                    first = self.sig(nxt + 1, hi)
                    if first is not None and self.is_(first, "."):
                        piece, i = self.map_projection(i, nxt)
                        out.append(piece)
                        continue
                if (mode == "expr" and not after_dot and up not in _KEYWORDS
                        and nxt is not None and self.is_(nxt, ":")):
                    piece, i = self.label_predicate(i, nxt, hi)
                    out.append(piece)
                    continue
                if mode == "node" and nxt is not None and self.is_(nxt, ":"):
                    self.check_node_labels(nxt, hi)
                if (mode == "rel" and text in self.tables and self.clause == "MATCH"
                        and prev is not None and self.t[prev][1] in (":", "|")):
                    text = "|".join([text, *self.tables[text]])
                out.append(text)
                i += 1
                continue
            # operators and brackets
            if text in _OPEN and i in self.close:
                end = self.close[i]
                piece = self.bracket(i, end, mode, lo)
                out.append(piece)
                i = end + 1
                continue
            out.append(text)
            i += 1
        out.extend(inserts.values())
        return "".join(out)

    def bracket(self, i: int, end: int, mode: str, lo: int) -> str:
        text = self.t[i][1]
        prev = self.sig(i - 1, step=-1)
        prev = prev if prev is not None and prev >= lo else None
        if text == "{":
            return "{" + self.walk(i + 1, end, "map") + "}"
        if text == "(":
            if mode in ("pattern", "node", "rel") or self.is_node_pattern(i, end):
                inner = "node" if mode != "map" else "expr"
                return "(" + self.walk(i + 1, end, inner) + ")"
            return "(" + self.walk(i + 1, end, "expr") + ")"
        # "["
        if mode == "pattern" or (prev is not None and self.t[prev][1] in ("-", "<-")):
            return "[" + self.walk(i + 1, end, "rel") + "]"
        if prev is not None and self.subscriptable(prev):
            return self.subscript(i, end)
        return self.list_literal(i, end)

    def subscriptable(self, i: int) -> bool:
        kind, text = self.t[i]
        if kind in ("bq", "param", "str"):
            return True
        if kind == "ident":
            return text.upper() not in _KEYWORDS
        return text in (")", "]", "}")

    def is_node_pattern(self, i: int, end: int) -> bool:
        """``( var? (:Label)* {..}? )`` next to a relationship: a pattern inside an expression."""
        j = self.sig(i + 1, end)
        while j is not None:
            kind, text = self.t[j]
            if text == "{" and j in self.close:
                if self.sig(self.close[j] + 1, end) is not None:
                    return False
                break
            if not (kind in ("ident", "bq") or text in (":", "|", "&", "!")):
                return False
            j = self.sig(j + 1, end)
        before = self.sig(i - 1, step=-1)
        after = self.sig(end + 1)
        return (after is not None and self.t[after][1] in ("-", "<-")) or (
            before is not None and self.t[before][1] in ("-", "->"))

    # -- constructs --------------------------------------------------------------------

    def call(self, i: int, paren: int, hi: int) -> tuple[str, int]:
        name = self.t[i][1]
        low = name.lower()
        end = self.close.get(paren)
        if end is None:
            return name, i + 1
        args = self.split(paren + 1, end, ",")
        empty = self.sig(paren + 1, end) is None
        if low in _UNSUPPORTED:
            raise QueryError(self.unsupported(low, paren, end))
        if low in ("shortestpath", "allshortestpaths"):
            return self.shortest(low, paren, end), end + 1
        inner = ", ".join(self.walk(a, b, "expr").strip() for a, b in args) if not empty else ""
        if low in _NOW and empty:
            piece = f"{_NOW[low]}()"
        elif low == "labels" and len(args) == 1:
            piece = f"[label({inner})]"
        elif low == "elementid" and len(args) == 1:
            piece = f"CAST(id({inner}) AS STRING)"
        elif low == "round" and len(args) == 1:
            piece = f"round({inner}, 0)"
        elif low == "substring" and len(args) in (2, 3):
            parts = [self.walk(a, b, "expr").strip() for a, b in args]
            length = parts[2] if len(parts) == 3 else f"size({parts[0]})"
            piece = f"substring({parts[0]}, {self.plus_one(*args[1], parts[1])}, {length})"
        elif low == "type" and len(args) == 1 and self.tables:
            # Rows of TYPE kept in the tables TYPE_<n> are of type TYPE all the same.
            types = "|".join(self.tables)
            piece = f"regexp_replace(label({inner}), '^({types})_[0-9]+$', '\\\\1')"
        else:
            piece = f"{_RENAMES.get(low, name)}({inner})"
        if low in ("datetime", "localdatetime") and not empty:
            piece = f"CAST({inner} AS TIMESTAMP)"
        dot = self.sig(end + 1, hi)
        field = self.sig(dot + 1, hi) if dot is not None and self.is_(dot, ".") else None
        if low in _NOW and field is not None and self.t[field][1].lower() in _DATE_FIELDS:
            return f"date_part('{self.t[field][1].lower()}', {piece})", field + 1
        return piece, end + 1

    def unsupported(self, low: str, paren: int, end: int) -> str:
        message = _UNSUPPORTED[low]
        if low == "reduce":
            match = re.match(r"\s*(\w+)\s*=.*?,\s*(\w+)\s+IN\s+.*?\|\s*(.*)\s*$",
                             self.text(paren + 1, end), re.IGNORECASE | re.DOTALL)
            acc, var, expr = match.groups() if match else ("acc", "x", "...")
            message = message.format(acc=acc, var=var, expr=expr.strip())
        return message

    def plus_one(self, lo: int, hi: int, translated: str) -> str:
        """A 0-based position as a 1-based one (literals folded)."""
        j = self.sig(lo, hi)
        if j is not None and self.t[j][0] == "num" and self.sig(j + 1, hi) is None:
            if "." not in self.t[j][1]:
                return str(int(self.t[j][1]) + 1)
        return f"{translated} + 1"

    def subquery(self, i: int, brace: int) -> tuple[str, int]:
        end = self.close[brace]
        first = self.sig(brace + 1, end)
        body = self.walk(brace + 1, end, "pattern")
        if first is not None and self.is_(first, "("):
            body = " MATCH " + body.lstrip()
        return f"{self.t[i][1]} {{{body}}}", end + 1

    def map_projection(self, i: int, brace: int) -> tuple[str, int]:
        var = self.t[i][1]
        end = self.close[brace]
        items = []
        for a, b in self.split(brace + 1, end, ","):
            j = self.sig(a, b)
            if j is None:
                continue
            if self.is_(j, "."):
                key = self.sig(j + 1, b)
                if key is None or self.t[key][1] == "*":
                    raise QueryError(f"{var} {{.*}} is not available on the embedded store: "
                                     f"use properties({var}) or name the properties")
                items.append(f"{self.t[key][1]}: {var}.{self.t[key][1]}")
            else:
                items.append(self.walk(a, b, "map").strip())
        return "{" + ", ".join(items) + "}", end + 1

    def label_predicate(self, i: int, colon: int, hi: int) -> tuple[str, int]:
        var = self.t[i][1]
        names, joins, negated, end = [], set(), False, colon + 1
        j = self.sig(colon + 1, hi)
        while j is not None:
            if self.t[j][1] == "!":
                negated = True
                j = self.sig(j + 1, hi)
            if j is None or self.t[j][0] not in ("ident", "bq"):
                break
            names.append(self.t[j][1].strip("`"))
            if names[-1] in self.tables:
                names.extend(self.tables[names[-1]])
                joins.add("|")
            end = j + 1
            k = self.sig(j + 1, hi)
            if k is None or self.t[k][1] not in (":", "|", "&"):
                break
            joins.add(self.t[k][1])
            j = self.sig(k + 1, hi)
        if not names:
            return var, i + 1
        quoted = [_quote(n) for n in names]
        if len(names) == 1:
            test = f"label({var}) {'<>' if negated else '='} {quoted[0]}"
        elif joins == {"|"}:
            test = f"{'NOT ' if negated else ''}label({var}) IN [{', '.join(quoted)}]"
        else:
            raise QueryError(f"{var}:{'&'.join(names)} asks for a node with several labels; "
                             "on the embedded store a node has one label: test one with "
                             f"{var}:{names[0]}, or either with {var}:{'|'.join(names)}")
        return f"({test})", end

    def check_node_labels(self, colon: int, hi: int) -> None:
        labels, joins = [], set()
        j = colon
        while j is not None and self.t[j][1] in (":", "|", "&"):
            if labels:
                joins.add(self.t[j][1])
            name = self.sig(j + 1, hi)
            if name is None or self.t[name][0] not in ("ident", "bq"):
                return
            labels.append(self.t[name][1])
            j = self.sig(name + 1, hi)
        if joins - {"|"}:
            raise QueryError(f"(n:{':'.join(labels)}) asks for nodes with all these labels; "
                             "on the embedded store a node has one label: use "
                             f"(n:{'|'.join(labels)}) for nodes with any of them")

    def list_literal(self, i: int, end: int) -> str:
        var = self.sig(i + 1, end)
        word = self.sig(var + 1, end) if var is not None else None
        if var is not None and self.t[var][0] == "ident" and self.is_(word, "IN"):
            return self.comprehension(var, word, end)
        if var is not None and self.is_(var, "("):
            inner_end = self.close.get(var)
            after = self.sig(inner_end + 1, end) if inner_end is not None else None
            if after is not None and self.t[after][1] in ("-", "<-"):
                raise QueryError("pattern comprehensions [(a)-->(b) | b.x] are not available "
                                 "on the embedded store: use OPTIONAL MATCH (a)-->(b) and "
                                 "collect(b.x)")
        return "[" + self.walk(i + 1, end, "expr") + "]"

    def comprehension(self, var: int, word: int, end: int) -> str:
        name = self.t[var][1]
        # the list runs to WHERE or | at this level
        rest = word + 1
        where = bar = None
        k = rest
        while k < end:
            if self.t[k][1] in _OPEN and k in self.close:
                k = self.close[k] + 1
                continue
            if where is None and bar is None and self.is_(k, "WHERE"):
                where = k
            elif bar is None and self.t[k][1] == "|":
                bar = k
            k += 1
        list_end = where if where is not None else (bar if bar is not None else end)
        source = self.walk(rest, list_end, "expr").strip()
        result = source
        if where is not None:
            predicate = self.walk(where + 1, bar if bar is not None else end, "expr").strip()
            result = f"list_filter({result}, {name} -> {predicate})"
        if bar is not None:
            expression = self.walk(bar + 1, end, "expr").strip()
            result = f"list_transform({result}, {name} -> {expression})"
        return result

    def subscript(self, i: int, end: int) -> str:
        parts = self.split(i + 1, end, "..")
        if len(parts) == 1:
            (a, b), = parts
            j = self.sig(a, b)
            if j is not None and self.t[j][0] == "str":
                return "[" + self.text(a, b) + "]"
            translated = self.walk(a, b, "expr").strip()
            if j is not None and self.is_(j, "-"):
                return "[" + translated + "]"  # negative: from the end on both
            literal = self.plus_one(a, b, translated)
            if literal.isdigit():
                return f"[{literal}]"
            return (f"[CASE WHEN {translated} < 0 THEN {translated} "
                    f"ELSE {translated} + 1 END]")
        (a, b), (c, d) = parts[0], parts[-1]
        for lo, hi in ((a, b), (c, d)):
            j = self.sig(lo, hi)
            if j is not None and self.is_(j, "-"):
                raise QueryError("list slices with negative bounds are not available on the "
                                 "embedded store: use list_slice(list, begin, end) "
                                 "(1-based, end inclusive)")
        start = self.walk(a, b, "expr").strip()
        stop = self.walk(c, d, "expr").strip()
        start = self.plus_one(a, b, start) if start else ""
        return f"[{start}..{stop}]"

    def shortest(self, low: str, paren: int, end: int) -> str:
        inner = self.walk(paren + 1, end, "pattern").strip()
        keyword = "ALL SHORTEST" if low == "allshortestpaths" else "SHORTEST"
        star = re.search(r"\*\s*(\d*\s*\.\.\s*\d*|\d+)?", inner)
        if not star:
            raise QueryError(f"{low}() needs a variable-length relationship, e.g. [*]")
        bounds = (star.group(1) or "").replace(" ", "")
        if bounds.startswith(".."):
            bounds = "1" + bounds
        bounds = bounds if ".." in bounds or not bounds else f"1..{bounds}"
        replacement = f"* {keyword}" + (f" {bounds}" if bounds else "")
        return inner[:star.start()] + replacement + inner[star.end():]

    # -- clauses -----------------------------------------------------------------------

    def inserts(self, lo: int, hi: int) -> dict[int, str]:
        """Text to insert before top-level tokens: RETURN aliases, SKIP 0 after WITH's ORDER BY."""
        inserts = self.return_aliases(lo, hi)
        clause = None
        for i, (kind, text) in _top(self, lo, hi):
            up = text.upper() if kind == "ident" else ""
            if up in ("WITH", "RETURN", "MATCH", "UNWIND", "CALL", "UNION"):
                clause = up
            if up == "ORDER" and clause == "WITH":
                stop, limited = hi, False
                for k, (kind2, text2) in _top(self, i + 1, hi):
                    up2 = text2.upper() if kind2 == "ident" else ""
                    limited = limited or up2 in ("SKIP", "LIMIT")
                    if up2 in ("MATCH", "RETURN", "WITH", "UNWIND", "OPTIONAL", "CALL",
                               "UNION", "WHERE"):
                        stop = k
                        break
                if not limited:
                    # LadybugDB sorts in WITH only before SKIP or LIMIT
                    inserts[stop] = "SKIP 0 " + inserts.get(stop, "")
        return inserts

    def return_aliases(self, lo: int, hi: int) -> dict[int, str]:
        """Where to insert `` AS `text` `` after each unaliased top-level RETURN item."""
        aliases: dict[int, str] = {}
        i = lo
        while i < hi:
            if self.t[i][1] in _OPEN and i in self.close:
                i = self.close[i] + 1
                continue
            if self.is_(i, "RETURN") and self.t[i][0] == "ident":
                start = self.sig(i + 1, hi)
                if start is not None and self.is_(start, "DISTINCT"):
                    start = self.sig(start + 1, hi)
                stop = start
                while stop is not None and stop < hi:
                    if self.t[stop][1] in _OPEN and stop in self.close:
                        stop = self.close[stop] + 1
                        continue
                    if self.t[stop][0] == "ident" and self.t[stop][1].upper() in (
                            "ORDER", "SKIP", "LIMIT", "UNION"):
                        break
                    if self.t[stop][1] == ";":
                        break
                    stop += 1
                if start is None:
                    break
                stop = hi if stop is None else min(stop, hi)
                for a, b in self.split(start, stop, ","):
                    first, last = self.sig(a, b), self.sig(b - 1, step=-1)
                    if first is None or last is None or last < a:
                        continue
                    if self.t[first][1] == "*" and first == last:
                        continue
                    if any(self.is_(k, "AS") for k, _ in _top(self, a, b)):
                        continue
                    name = self.text(first, last + 1).replace("`", "``")
                    aliases[last + 1] = f" AS `{name}`"
                i = stop
                continue
            i += 1
        return aliases


def _top(tr: _Translator, lo: int, hi: int):
    i = lo
    while i < hi:
        if tr.t[i][1] in _OPEN and i in tr.close:
            i = tr.close[i] + 1
            continue
        yield i, tr.t[i]
        i += 1


def _quote(label: str) -> str:
    return "'" + label.replace("\\", "\\\\").replace("'", "\\'") + "'"
