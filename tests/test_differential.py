"""The embedded store and a real Neo4j answer every named query, and every everyday
Neo4j idiom, the same way.

Both stores are seeded from the same dataset; every query in ``cypher/`` runs on both
with its declared default parameters. Rows are compared as multisets; when the query
ends in ORDER BY, the sequence of the ORDER BY keys must also be equal (rows that tie on
every key may come in either order). ``collect()`` gives lists in no defined order on
either database, so lists are compared as sorted lists; property lists are compared in
order by the ``to_networkx`` test, which sees every stored value.
"""

from __future__ import annotations

import re

import pytest

from intelmig.errors import QueryError, WriteRefused
from intelmig.queries import load_queries

from .conftest import ROOT

QUERIES = load_queries()

#: What Neo4j users type, and what the embedded store does with it: ``same`` rows;
#: ``bookkeeping``: the same rows once the Neo4j store's own labels (IntelmigNode on every
#: node it loaded, the IntelmigBuild record) are left out; ``error``: one line naming the
#: embedded equivalent. docs/neo4j.md has the same table for people.
IDIOMS = [
    ("{name: ...} lookup", "MATCH (c:Country {name: 'Kazakhstan'}) RETURN c.id, c.name_kk", "same"),
    ("ORDER BY n.name", "MATCH (c:Country) RETURN c.name ORDER BY c.name", "same"),
    ("whole nodes", "MATCH (e:Era) RETURN e.ordinal AS ordinal, e ORDER BY ordinal", "same"),
    ("type(r)", "MATCH (:Country)-[r]->() RETURN type(r), count(*) ORDER BY type(r)", "same"),
    ("labels(n)", "MATCH (n) WHERE n.id IN ['KAZ', 'cis'] RETURN n.id, labels(n)", "bookkeeping"),
    ("labels(n) with IN", "MATCH (n) WHERE 'Region' IN labels(n) RETURN count(n)", "same"),
    ("count by label", "MATCH (n) RETURN labels(n) AS labels, count(*) AS n", "bookkeeping"),
    ("WHERE n:Label", "MATCH (n) WHERE n:Country RETURN count(n)", "same"),
    ("WHERE n:A|B", "MATCH (n) WHERE n:Country|Region RETURN count(n)", "same"),
    ("WHERE NOT n:Label", "MATCH (f:Flow)-[:FROM]->(p) WHERE NOT p:Country RETURN DISTINCT p.id ORDER BY p.id", "same"),
    ("label test in RETURN", "MATCH (f:Flow {id: 'flow_stage1_germany_usa'})-[:TO|FROM]->(p) RETURN p.id, p:Region AS isRegion ORDER BY p.id", "same"),
    ("CASE WHEN n:Label", "MATCH (f:Flow)-[:FROM]->(p) RETURN CASE WHEN p:Country THEN 'country' ELSE 'region' END AS kind, count(*) AS n ORDER BY kind", "same"),
    ("(n:A|B) in a pattern", "MATCH (p:Country|Region)<-[:TO]-(:Flow) RETURN p.id, count(*) AS n ORDER BY n DESC, p.id LIMIT 5", "same"),
    ("(n:A:B) in a pattern", "MATCH (p:Country:Region) RETURN count(p)", "error"),
    ("elementId(n) compared", "MATCH (a:Country)-[:PART_OF]->(r:Region)<-[:PART_OF]-(b:Country) WHERE elementId(a) < elementId(b) RETURN r.id, count(*) AS pairs ORDER BY r.id", "same"),
    ("id(n) compared", "MATCH (a:Era), (b:Era) WHERE id(a) <> id(b) RETURN count(*)", "same"),
    ("COUNT { pattern }", "MATCH (c:Country) RETURN c.id, COUNT { (c)<-[:TO]-(:Flow) } AS inflows ORDER BY inflows DESC, c.id LIMIT 5", "same"),
    ("COUNT { MATCH ... }", "MATCH (e:Era) RETURN e.id, COUNT { MATCH (f:Flow)-[:DURING]->(e) } AS flows ORDER BY e.id", "same"),
    ("EXISTS { pattern }", "MATCH (c:Country) WHERE EXISTS { (c)-[:PART_OF]->(:Region {id: 'cis'}) } RETURN c.id ORDER BY c.id", "same"),
    ("NOT EXISTS { }", "MATCH (c:Country) WHERE NOT EXISTS { (c)-[:PART_OF]->() } RETURN c.id ORDER BY c.id", "same"),
    ("pattern predicate", "MATCH (c:Country) WHERE (c)<-[:TO]-(:Flow) RETURN c.id ORDER BY c.id", "same"),
    ("coalesce()", "MATCH (c:Country) RETURN c.id, coalesce(c.name_ru, c.name) AS shown ORDER BY c.id", "same"),
    ("size() of a list and a string", "MATCH (f:Flow) RETURN f.id, size(f.passages) AS passages, size(f.name) AS chars ORDER BY f.id", "same"),
    ("list comprehension with WHERE", "MATCH (e:Era) RETURN e.id, [p IN e.passages WHERE p <> 'p16' | toUpper(p)] AS own ORDER BY e.id", "same"),
    ("list comprehension, filter only", "MATCH (e:Era) RETURN e.id, [p IN e.passages WHERE p STARTS WITH 'p1'] AS early ORDER BY e.id", "same"),
    ("list comprehension, map only", "UNWIND [1, 2, 3] AS n RETURN [x IN range(1, n) | x * x] AS squares", "same"),
    ("list index [0] and [-1]", "MATCH (e:Era) RETURN e.id, e.passages[0] AS first, e.passages[-1] AS last ORDER BY e.id", "same"),
    ("list slice [1..3]", "RETURN [10, 20, 30, 40][1..3] AS middle, [10, 20, 30, 40][..2] AS head2, [10, 20, 30, 40][2..] AS tail2", "same"),
    ("any() / all() / none()", "MATCH (e:Era) RETURN e.id, any(p IN e.passages WHERE p = 'p16') AS a, all(p IN e.passages WHERE p STARTS WITH 'p') AS b, none(p IN e.passages WHERE p = 'p99') AS c ORDER BY e.id", "same"),
    ("OPTIONAL MATCH", "MATCH (c:Country) OPTIONAL MATCH (c)<-[:TO]-(f:Flow) RETURN c.id, count(f) AS inflows ORDER BY c.id", "same"),
    ("variable-length path", "MATCH p = (a:Era {id: 'stage1'})-[:PRECEDES*1..3]->(b:Era) RETURN b.id, length(p) AS hops ORDER BY hops", "same"),
    ("nodes(p) of a path", "MATCH p = (:Era {id: 'stage1'})-[:PRECEDES*]->(:Era {id: 'stage4'}) RETURN [n IN nodes(p) | n.id] AS ids", "same"),
    ("shortestPath()", "MATCH p = shortestPath((a:Country {id: 'KAZ'})-[*]-(b:Country {id: 'DEU'})) RETURN length(p)", "same"),
    ("map projection", "MATCH (c:Country {id: 'KAZ'}) RETURN c {.id, .name, .name_kk} AS country", "same"),
    ("map literal", "MATCH (c:Country {id: 'KAZ'}) RETURN {id: c.id, regions: COUNT { (c)-[:PART_OF]->() }} AS m", "same"),
    ("collect() and DISTINCT", "MATCH (f:Flow)-[:DURING]->(e:Era) RETURN e.id, count(DISTINCT f) AS flows, size(collect(DISTINCT f.mode)) AS modes ORDER BY e.id", "same"),
    ("WITH ... ORDER BY then RETURN", "MATCH (c:Country) WITH c ORDER BY c.name DESC RETURN c.id", "same"),
    ("WITH ... WHERE", "MATCH (c:Country)<-[:TO]-(f:Flow) WITH c, count(f) AS n WHERE n > 2 RETURN c.id, n ORDER BY n DESC, c.id", "same"),
    ("date() from a string", "RETURN date('2024-02-29') AS d, date('2024-02-29').year AS y, date('2024-02-29').month AS m", "same"),
    ("date() today", "RETURN date() > date('2020-01-01') AS after2020, date().year >= 2024 AS recent", "same"),
    ("dates of events", "MATCH (e:Event) WHERE e.date IS NOT NULL RETURN e.id, date(e.date).year AS year ORDER BY e.id", "same"),
    ("toInteger() / toFloat() / toString()", "RETURN toInteger('1937') AS y, toFloat('2.5') AS f, toString(42) AS s, toBoolean('true') AS b", "same"),
    ("toUpper() / toLower() / trim()", "MATCH (c:Country {id: 'KAZ'}) RETURN toUpper(c.name) AS up, toLower(c.id) AS low, trim('  x ') AS t", "same"),
    ("substring() / split() / replace()", "RETURN substring('Kazakhstan', 0, 5) AS a, substring('Kazakhstan', 5) AS b, split('a,b,c', ',') AS c, replace('brain drain', 'drain', 'gain') AS d", "same"),
    ("STARTS WITH / CONTAINS / =~", "MATCH (c:Country) WHERE c.name STARTS WITH 'K' OR c.name CONTAINS 'stan' OR c.name =~ '(?i)ger.*' RETURN c.id ORDER BY c.id", "same"),
    ("IN a parameter list", "MATCH (c:Country) WHERE c.id IN $ids RETURN c.name ORDER BY c.name", "same"),
    ("round() / abs()", "RETURN round(2.5) AS r, abs(-3) AS a, round(3.14159, 2) AS r2", "same"),
    ("UNWIND", "UNWIND ['KAZ', 'RUS'] AS iso MATCH (c:Country {id: iso}) RETURN c.name ORDER BY c.name", "same"),
    ("UNION", "MATCH (c:Country {id: 'KAZ'}) RETURN c.name AS name UNION MATCH (r:Region {id: 'cis'}) RETURN r.name AS name", "same"),
    ("SKIP / LIMIT", "MATCH (c:Country) RETURN c.id ORDER BY c.id SKIP 2 LIMIT 3", "same"),
    ("CALL db.labels()", "CALL db.labels()", "bookkeeping"),
    ("CALL db.relationshipTypes()", "CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType", "same"),
    ("CALL db.schema.visualization()", "CALL db.schema.visualization()", "error"),
    ("reduce()", "MATCH (e:Era) RETURN e.id, reduce(s = 0, p IN e.passages | s + size(p)) AS chars", "error"),
    ("pattern comprehension", "MATCH (c:Country {id: 'KAZ'}) RETURN [(c)-[:PART_OF]->(r) | r.name] AS regions", "error"),
    ("startNode(r)", "MATCH ()-[r:PART_OF]->() RETURN startNode(r).id LIMIT 1", "error"),
    ("duration()", "RETURN date('2020-01-01') + duration({days: 30}) AS d", "error"),
]
IDIOM_PARAMS = {"ids": ["KAZ", "RUS", "DEU"]}
BOOKKEEPING = {"IntelmigNode", "IntelmigBuild"}


def _normal(value):
    """A comparable form that keeps int, float, bool and str apart."""
    if isinstance(value, float):
        # Sums may add the same doubles in a different order.
        return ("float", float(f"{value:.12g}"))
    if isinstance(value, list):
        return ("list", sorted((_normal(v) for v in value), key=repr))
    if isinstance(value, dict):
        return ("map", sorted((k, _normal(v)) for k, v in value.items()))
    return (type(value).__name__, value)


def order_keys(text: str, columns: list[str]) -> list[int] | None:
    """Column positions of the final ORDER BY, or None if the query does not order.

    >>> order_keys("MATCH (n) RETURN n.id AS id, n.x AS x ORDER BY x DESC, id", ["id", "x"])
    [1, 0]
    >>> order_keys("MATCH (n) WITH n ORDER BY n.id LIMIT 3 RETURN n.id AS id", ["id"]) is None
    True
    """
    body = "\n".join(line for line in text.splitlines() if not line.strip().startswith("//"))
    tail = body[body.upper().rfind("RETURN"):]
    match = re.search(r"\bORDER\s+BY\b(.*?)(\bSKIP\b|\bLIMIT\b|$)", tail, re.DOTALL | re.IGNORECASE)
    if not match:
        return None
    keys = [re.sub(r"\s+(ASC|DESC|ASCENDING|DESCENDING)$", "", k.strip(), flags=re.IGNORECASE)
            for k in match.group(1).split(",")]
    missing = [k for k in keys if k not in columns]
    assert not missing, f"ORDER BY {missing} is not a returned column; order by aliases"
    return [columns.index(k) for k in keys]


def assert_same_answer(text: str, left, right) -> None:
    assert left.columns == right.columns
    assert sorted(map(repr, map(_normal, left.rows))) == sorted(
        map(repr, map(_normal, right.rows))
    )
    keys = order_keys(text, left.columns)
    if keys is not None:
        def key_sequence(result):
            return [[_normal(row[i]) for i in keys] for row in result.rows]

        assert key_sequence(left) == key_sequence(right)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_named_query_gives_the_same_rows_on_both_stores(name, embedded_store, neo4j_store):
    query = QUERIES[name]
    required = [p.name for p in query.params if p.required]
    assert not required, f"{name}: declare defaults for {required} so both stores can run it"
    params = query.bind({})
    assert_same_answer(query.text, embedded_store.run(query.text, params),
                       neo4j_store.run(query.text, params))


def test_the_comparison_is_not_vacuous(embedded_store):
    """Most named queries return rows on the seed, so the comparison above has teeth."""
    empty = [name for name, q in QUERIES.items() if not embedded_store.run(q.text, q.bind({})).rows]
    assert len(empty) <= len(QUERIES) // 4, f"queries with no rows on the seed: {empty}"


def test_the_comparison_catches_a_different_answer(embedded_store, neo4j_store):
    text = QUERIES["stages"].text
    left = embedded_store.run(text)
    right = neo4j_store.run(text)
    right.rows = list(reversed(right.rows))
    with pytest.raises(AssertionError):
        assert_same_answer(text, left, right)
    right.rows = [[float(v) if isinstance(v, int) else v for v in row]
                  for row in reversed(right.rows)]
    with pytest.raises(AssertionError):  # an int that became a float is a difference
        assert_same_answer(text, left, right)


def _edges(graph):
    return sorted(
        (u, v, sorted(data.items())) for u, v, data in graph.edges(data=True)
    )


def test_to_networkx_gives_equal_graphs(embedded_store, neo4j_store, seed_dataset):
    left, right = embedded_store.to_networkx(), neo4j_store.to_networkx()
    assert left.number_of_nodes() == len(seed_dataset.nodes)
    assert left.number_of_edges() == len(seed_dataset.rels)
    assert dict(left.nodes(data=True)) == dict(right.nodes(data=True))
    assert _edges(left) == _edges(right)
    for node, data in left.nodes(data=True):  # same Python types, not just equal values
        assert {k: type(v) for k, v in data.items()} == {
            k: type(v) for k, v in right.nodes[node].items()}, node


def test_counts_are_equal(embedded_store, neo4j_store, seed_dataset):
    counts = neo4j_store.counts()
    assert counts == embedded_store.counts()
    expected = seed_dataset.counts()
    assert {k: v for k, v in counts["nodes"].items() if v} == expected["nodes"]
    assert {k: v for k, v in counts["relationships"].items() if v} == expected["relationships"]


def test_node_values_have_the_same_shape(embedded_store, neo4j_store):
    text = ("MATCH (c:Country)-[r:PART_OF]->(g:Region) RETURN c, r, g "
            "ORDER BY c.id, g.id LIMIT 3")
    left, right = embedded_store.run(text), neo4j_store.run(text)
    assert left.rows and left.rows == right.rows
    assert left.rows[0][0]["_label"] == "Country"


@pytest.mark.parametrize("cypher", [
    "CREATE (:Country {id: 'ZZZ'})",
    "MATCH (n) DETACH DELETE n",
    "MATCH (c:Country) SET c.name_en = 'changed' RETURN c.id",
])
def test_a_read_that_writes_is_refused_on_both_stores(cypher, embedded_store, neo4j_store):
    before = neo4j_store.counts()
    messages = []
    for store in (embedded_store, neo4j_store):
        with pytest.raises(WriteRefused) as err:
            store.run(cypher)
        messages.append(str(err.value))
    assert messages[0] == messages[1]
    assert "--write" in messages[1]
    assert neo4j_store.counts() == before
    assert not neo4j_store.run("MATCH (c:Country {name_en: 'changed'}) RETURN c").rows


HOSTILE = [
    "cis'}) DETACH DELETE n //",
    'KAZ"}) MATCH (n) DETACH DELETE n //',
    "\\'; MATCH (n) DETACH DELETE n; //",
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_parameter_strings_change_nothing(hostile, embedded_store, neo4j_store):
    before = neo4j_store.counts()
    for query in QUERIES.values():
        strings = {p.name: hostile for p in query.params if p.type == "STRING"}
        if not strings:
            continue
        params = query.bind({}) | strings
        assert_same_answer(query.text, embedded_store.run(query.text, params),
                           neo4j_store.run(query.text, params))
    assert neo4j_store.counts() == before


def _without_bookkeeping(result):
    """Neo4j rows without the store's own labels: dropped from lists, rows of them dropped."""
    rows = []
    for row in result.rows:
        if any(value in (*BOOKKEEPING, ["IntelmigBuild"]) for value in row):
            continue
        rows.append([[v for v in value if v not in BOOKKEEPING] if isinstance(value, list)
                     else value for value in row])
    result.rows = rows
    return result


def test_the_idiom_collection_is_large_and_documented():
    assert len(IDIOMS) >= 30
    assert len({title for title, _, _ in IDIOMS}) == len(IDIOMS)
    docs = (ROOT / "docs" / "neo4j.md").read_text(encoding="utf-8")
    missing = [title for title, _, _ in IDIOMS
               if "| {} |".format(title.replace("|", "\\|")) not in docs]
    assert not missing, f"docs/neo4j.md's idiom table lacks {missing}"


@pytest.mark.parametrize("title, cypher, expect", IDIOMS, ids=[i[0] for i in IDIOMS])
def test_a_neo4j_idiom_gives_the_same_rows_or_names_the_equivalent(
        title, cypher, expect, embedded_store, neo4j_store):
    neo4j_rows = neo4j_store.run(cypher, IDIOM_PARAMS)
    assert neo4j_rows.rows, f"{title}: pick an idiom that has rows on the seed"
    if expect == "error":
        with pytest.raises(QueryError) as err:
            embedded_store.run(cypher, IDIOM_PARAMS)
        message = str(err.value)
        assert "\n" not in message and ("use " in message or "write " in message), message
        return
    embedded_rows = embedded_store.run(cypher, IDIOM_PARAMS)
    if expect == "bookkeeping":
        neo4j_rows = _without_bookkeeping(neo4j_rows)
    assert_same_answer(cypher, embedded_rows, neo4j_rows)


def _guide_queries() -> list[str]:
    import html
    import re

    text = (ROOT / "cypher" / "guide.html").read_text(encoding="utf-8")
    return [html.unescape(q) for q in
            re.findall(r'<pre class="code runnable">(.*?)</pre>', text, re.DOTALL)]


@pytest.mark.parametrize("cypher", _guide_queries())
def test_every_query_of_the_browser_guide_runs_on_both_stores(cypher, embedded_store,
                                                              neo4j_store):
    right = neo4j_store.run(cypher)
    left = embedded_store.run(cypher)
    assert right.rows
    if any(isinstance(value, dict) for row in right.rows for value in row):
        assert len(left.rows) == len(right.rows)  # nodes, paths: their shapes are tested above
    else:
        assert_same_answer(cypher, left, right)
