"""The embedded store and a real Neo4j answer every named query the same way.

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

from intelmig.errors import WriteRefused
from intelmig.queries import load_queries

QUERIES = load_queries()


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
