"""The Cypher script: literals parse back to the same values; the script rebuilds the graph."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intelmig.export import ExportError
from intelmig.export.cypher_script import cypher_literal, write_cypher
from intelmig.schema import neo4j_schema_script
from tests import test_export_helpers as helpers
from tests.test_export_helpers import HOSTILE, assert_same_graph

# fixtures of the export tests, shared through the helper module
export_dataset = helpers.export_dataset
export_db = helpers.export_db
export_graph = helpers.export_graph

HOSTILE_STRINGS = [HOSTILE, "'", "\\", "\\'", "'})-[:X]->() DETACH DELETE n //", "a\nb\r\tc",
                   "`backtick`", "\x00\x1f\x7f", "end with backslash\\", "Қазақ тілі 🇰🇿",
                   "/* comment */", "$param"]


@pytest.fixture(scope="module")
def ladybug():
    """LadybugDB parses Cypher string literals like Neo4j: a second, local real parser."""
    import ladybug as lb

    db = lb.Database(":memory:")
    connection = lb.Connection(db)
    yield connection
    connection.close()
    db.close()


def evaluate(connection, literal: str):
    result = connection.execute(f"RETURN {literal} AS v")
    return result.get_next()[0]


@pytest.mark.parametrize("text", HOSTILE_STRINGS)
def test_hostile_strings_survive(ladybug, text):
    assert evaluate(ladybug, cypher_literal(text)) == text


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), min_codepoint=1)))
def test_any_text_survives(ladybug, text):
    assert evaluate(ladybug, cypher_literal(text)) == text


@pytest.mark.parametrize("value", [0, -7, 2**63 - 1, 2000.0, -1.5e-300, 1e300, True, False,
                                   ["p01", "p'2"], [1.5, 2.0]])
def test_numbers_booleans_lists_survive(ladybug, value):
    assert evaluate(ladybug, cypher_literal(value)) == value


@pytest.mark.parametrize("bad", [float("inf"), float("nan"), 2**64, object()])
def test_values_cypher_cannot_express_are_refused(bad):
    with pytest.raises(ExportError):
        cypher_literal(bad)


def test_script_structure(export_graph, tmp_path):
    path = tmp_path / "g.cypher"
    write_cypher(export_graph, path, header="intelmig test export", batch_rows=4)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("// intelmig test export\n" + neo4j_schema_script())
    statements = split_statements(text)
    creates = [s for s in statements if s.startswith("UNWIND")]
    labels = Counter(d["label"] for _, d in export_graph.nodes(data=True))
    patterns = Counter((d["type"], export_graph.nodes[u]["label"], export_graph.nodes[v]["label"])
                       for u, v, d in export_graph.edges(data=True))
    batches = sum(-(-n // 4) for n in [*labels.values(), *patterns.values()])
    assert len(creates) == batches and batches > len(labels) + len(patterns)
    assert HOSTILE not in text, "strings are escaped, never pasted"
    write_cypher(export_graph, tmp_path / "again.cypher", header="intelmig test export",
                 batch_rows=4)
    assert (tmp_path / "again.cypher").read_bytes() == path.read_bytes()


def split_statements(script: str) -> list[str]:
    """Statements of a script: a literal never holds a raw newline, so ';' + newline ends one."""
    body = "\n".join(line for line in script.splitlines() if not line.startswith("//"))
    return [s.strip() for s in body.split(";\n") if s.strip()]


def test_script_rebuilds_the_graph_in_neo4j(export_graph, tmp_path, neo4j_clean):
    """The script, statement by statement as cypher-shell runs it, into an empty Neo4j."""
    path = tmp_path / "g.cypher"
    write_cypher(export_graph, path, batch_rows=7)
    for statement in split_statements(path.read_text(encoding="utf-8")):
        neo4j_clean.run(statement, write=True)
    rebuilt = neo4j_clean.to_networkx()
    assert_same_graph(rebuilt, export_graph)
    assert rebuilt.nodes["KAZ"]["note"] == HOSTILE
