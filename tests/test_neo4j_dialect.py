"""The translation of Neo4j Cypher for the embedded store (intelmig.stores.translate).

Each test states the LadybugDB text a Neo4j habit becomes, and that strings, comments
and queries already in the shared subset are left alone. That the translated queries
give Neo4j's rows is tested against a real Neo4j in test_differential.py.
"""

from __future__ import annotations

import pytest

from intelmig.errors import QueryError
from intelmig.stores.translate import procedure_call, translate


@pytest.mark.parametrize("neo4j, ladybug", [
    ("MATCH ()-[r]->() RETURN type(r) AS t", "MATCH ()-[r]->() RETURN label(r) AS t"),
    ("MATCH (n) RETURN labels(n) AS l", "MATCH (n) RETURN [label(n)] AS l"),
    ("MATCH (n) WHERE n:Country RETURN n.id AS id",
     "MATCH (n) WHERE (label(n) = 'Country') RETURN n.id AS id"),
    ("MATCH (n) WHERE NOT n:A|B RETURN n.id AS id",
     "MATCH (n) WHERE NOT (label(n) IN ['A', 'B']) RETURN n.id AS id"),
    ("MATCH (n) WHERE n:!Passage RETURN n.id AS id",
     "MATCH (n) WHERE (label(n) <> 'Passage') RETURN n.id AS id"),
    ("MATCH (n:Country|Region) RETURN n.id AS id", "MATCH (n:Country|Region) RETURN n.id AS id"),
    ("MATCH (c) RETURN COUNT { (c)--() } AS d", "MATCH (c) RETURN COUNT { MATCH (c)--() } AS d"),
    ("MATCH (c) WHERE EXISTS { MATCH (c)--(x) WHERE x:Era } RETURN c.id AS id",
     "MATCH (c) WHERE EXISTS { MATCH (c)--(x) WHERE (label(x) = 'Era') } RETURN c.id AS id"),
    ("RETURN [x IN $l WHERE x > 1] AS y", "RETURN list_filter($l, x -> x > 1) AS y"),
    ("RETURN [x IN $l | [y IN x | y + 1]] AS y",
     "RETURN list_transform($l, x -> list_transform(x, y -> y + 1)) AS y"),
    ("RETURN $l[0] AS a, $l[-1] AS b, $l[$i] AS c",
     "RETURN $l[1] AS a, $l[-1] AS b, $l[CASE WHEN $i < 0 THEN $i ELSE $i + 1 END] AS c"),
    ("RETURN $l[1..3] AS a, $l[..2] AS b, $l[2..] AS c",
     "RETURN $l[2..3] AS a, $l[..2] AS b, $l[3..] AS c"),
    ("MATCH (n) RETURN n {.id, .name, x: 1} AS m",
     "MATCH (n) RETURN {id: n.id, name: n.name, x: 1} AS m"),
    ("RETURN substring($s, 2, 3) AS a, substring($s, $i) AS b",
     "RETURN substring($s, 3, 3) AS a, substring($s, $i + 1, size($s)) AS b"),
    ("RETURN date().year AS y, date($d).month AS m",
     "RETURN date_part('year', current_date()) AS y, date_part('month', date($d)) AS m"),
    ("RETURN toInteger($s) AS i, toFloat($s) AS f, split($s, ',') AS p, round($x) AS r",
     "RETURN to_int64($s) AS i, to_double($s) AS f, string_split($s, ',') AS p, "
     "round($x, 0) AS r"),
    ("MATCH (n) RETURN elementId(n) AS e", "MATCH (n) RETURN CAST(id(n) AS STRING) AS e"),
    ("MATCH p = shortestPath((a)-[*]-(b)) RETURN p AS p",
     "MATCH p = (a)-[* SHORTEST]-(b) RETURN p AS p"),
    ("MATCH p = allShortestPaths((a)-[:X*..4]->(b)) RETURN p AS p",
     "MATCH p = (a)-[:X* ALL SHORTEST 1..4]->(b) RETURN p AS p"),
    ("MATCH (n) WITH n ORDER BY n.name RETURN n.id AS id",
     "MATCH (n) WITH n ORDER BY n.name SKIP 0 RETURN n.id AS id"),
    ("MATCH (n) WITH n ORDER BY n.name LIMIT 3 RETURN n.id AS id",
     "MATCH (n) WITH n ORDER BY n.name LIMIT 3 RETURN n.id AS id"),
])
def test_a_neo4j_spelling_becomes_the_embedded_one(neo4j, ladybug):
    assert translate(neo4j) == ladybug


def test_unaliased_return_items_keep_their_neo4j_column_names():
    assert translate("MATCH (n) RETURN DISTINCT n.id, count(*) ORDER BY n.id") == (
        "MATCH (n) RETURN DISTINCT n.id AS `n.id`, count(*) AS `count(*)` ORDER BY n.id")
    assert translate("MATCH (n) RETURN *") == "MATCH (n) RETURN *"


@pytest.mark.parametrize("text", [
    "MATCH (n:Country {name: 'n:Label type(r) [x IN l | x]'}) RETURN n.id AS id",
    "MATCH (n) // WHERE n:Country and type(r)\nRETURN n.id AS id",
    "MATCH (n) /* labels(n)[0] */ RETURN n.`odd:name` AS id",
    "MATCH (a:Flow)-[r:FROM|TO*1..2]->(b {id: $id}) WHERE a.year_start >= 1950 "
    "RETURN a.id AS a, collect(b.id) AS b ORDER BY a SKIP 1 LIMIT 2",
])
def test_strings_comments_and_shared_cypher_are_left_alone(text):
    assert translate(text) == text


@pytest.mark.parametrize("text, hint", [
    ("MATCH (n:Country:Region) RETURN n", "(n:Country|Region)"),
    ("MATCH (n) WHERE n:Country&Region RETURN n", "n:Country|Region"),
    ("RETURN reduce(acc = 0, x IN [1, 2] | acc + x) AS s", "list_reduce(list, (acc, x) -> acc + x)"),
    ("MATCH (a) RETURN [(a)-->(b) | b.id] AS ids", "OPTIONAL MATCH"),
    ("MATCH ()-[r]->() RETURN startNode(r)", "(a)-[r]->(b)"),
    ("RETURN duration({days: 1})", "interval('30 days')"),
    ("MATCH (n) RETURN n {.*}", "properties(n)"),
    ("RETURN [1, 2, 3][-2..] AS l", "list_slice"),
])
def test_what_has_no_translation_is_one_line_naming_the_equivalent(text, hint):
    with pytest.raises(QueryError) as err:
        translate(text)
    assert hint in str(err.value) and "\n" not in str(err.value)


def test_procedures_are_recognised_and_others_refused():
    assert procedure_call("CALL db.labels()") == ("db.labels", "label")
    assert procedure_call("call db.relationshipTypes() YIELD relationshipType") == (
        "db.relationshiptypes", "relationshipType")
    assert procedure_call("MATCH (n) RETURN n") is None
    with pytest.raises(QueryError, match="show_tables"):
        procedure_call("CALL apoc.meta.schema()")


def test_the_embedded_store_answers_neo4j_idioms(embedded_store, seed_dataset):
    countries = sorted((n.props["name"], n.id) for n in seed_dataset.nodes
                       if n.label == "Country")
    result = embedded_store.run("MATCH (c:Country) WITH c ORDER BY c.name DESC RETURN c.id")
    assert result.columns == ["c.id"]
    assert [row[0] for row in result.rows] == [iso for _, iso in reversed(countries)]
    # Every label of the schema, nodes or not, as Neo4j lists the labels it holds
    # constraints for (CountryYear has no node in the seed).
    from intelmig.schema import LABELS

    labels = sorted(r[0] for r in embedded_store.run("CALL db.labels()").rows)
    assert labels == sorted(LABELS) and {n.label for n in seed_dataset.nodes} < set(labels)
    counted = embedded_store.run("MATCH (n) WHERE n:Country|Region RETURN count(n) AS n")
    assert counted.rows == [[sum(1 for n in seed_dataset.nodes
                                 if n.label in ("Country", "Region"))]]
