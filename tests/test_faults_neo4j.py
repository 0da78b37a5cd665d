"""Faults on Neo4j: a load that fails in its last batch changes nothing; a dead server is one error.

``Neo4jStore.replace_graph`` writes every batch inside ONE transaction, so a
failure at the last row must leave the graph exactly as before (counts and
``to_networkx``); re-running the good load converges to the same graph.
"""

from __future__ import annotations

import pytest

from graph.errors import StoreError, StoreUnavailable
from graph.stores.base import BATCH_SIZE

from .reliability import record, record_comparison


def state(store):
    graph = store.to_networkx()
    return store.counts(), sorted(graph.nodes(data=True)), sorted(graph.edges(data=True), key=repr)


def test_a_load_failing_in_its_last_batch_leaves_neo4j_as_before(neo4j_store, seed_dataset):
    import copy

    before = state(neo4j_store)
    dataset = copy.deepcopy(seed_dataset)
    for i in range(2 * BATCH_SIZE + 10):
        dataset.add_node("Concept", {"id": f"bulk{i}", "name_en": f"C{i}", "name_kk": f"Ұ{i}"})
    # The last relationship points at a node that does not exist: its batch writes 0 rows.
    dataset.add_rel("RELATED_TO", "Concept", "bulk0", "Concept", "nowhere", {})
    with pytest.raises(StoreError, match="nothing changed"):
        neo4j_store.replace_graph(dataset)
    record("faults")
    after = state(neo4j_store)
    assert record_comparison(before[0], after[0]) == 0
    assert after == before
    assert neo4j_store.meta["fingerprint"] == seed_dataset.fingerprint()
    # Re-running the good load converges to the same graph.
    neo4j_store.replace_graph(seed_dataset)
    assert state(neo4j_store) == before


def test_a_server_that_is_not_there_is_one_clear_error():
    from graph.stores.neo4j import Neo4jStore

    with pytest.raises(StoreUnavailable, match=r"^cannot reach Neo4j at bolt://127\.0\.0\.1:9 "):
        Neo4jStore("bolt://127.0.0.1:9", "neo4j", "whatever-password", connection_timeout=3)
    record("faults")
