"""Faults on Neo4j: a load that fails in its last batch changes nothing; a dead server is one error.

``Neo4jStore.replace_graph`` writes every batch inside ONE transaction, so a
failure at the last row must leave the graph exactly as before (counts and
``to_networkx``); re-running the good load converges to the same graph.
"""

from __future__ import annotations

import pytest

from intelmig.errors import StoreError, StoreUnavailable
from intelmig.stores.base import BATCH_SIZE

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
    from intelmig.stores.neo4j import Neo4jStore

    with pytest.raises(StoreUnavailable, match=r"^cannot reach Neo4j at bolt://127\.0\.0\.1:9 "):
        Neo4jStore("bolt://127.0.0.1:9", "neo4j", "whatever-password", connection_timeout=3)
    record("faults")


def test_kill_9_during_a_neo4j_import_is_detected_and_rebuild_converges(
        neo4j_env, neo4j_clean, tmp_path, seed_dataset):
    import os
    import signal
    import subprocess
    import sys
    import time

    from benchmarks.synthetic import write_scholarly_flows

    neo4j_clean.replace_graph(seed_dataset)
    seeded = neo4j_clean.counts()
    flows = tmp_path / "flows.csv"
    write_scholarly_flows(flows, 200_000)
    env = {**os.environ, "INTELMIG_WORKSPACE": str(tmp_path / "ws")}
    intelmig = [sys.executable, "-c", "from intelmig.cli import main; main()"]
    process = subprocess.Popen([*intelmig, "import", "scholarly-flows", str(flows),
                                "--dataset-id", "big"], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    count = "MATCH ()-[r:MIGRATED_TO]->() WHERE r.dataset = 'big' RETURN count(r)"
    deadline = time.monotonic() + 120
    while neo4j_clean.run(count, check=False).rows[0][0] == 0:
        assert process.poll() is None, "the import ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    record("faults")
    assert neo4j_clean.run(count, check=False).rows[0][0] > 0  # half-loaded, as a crash leaves it

    stats = subprocess.run([*intelmig, "stats"], env=env, capture_output=True, text=True,
                           timeout=120, check=False)
    assert stats.returncode == 1
    assert "an import of dataset 'big' into Neo4j" in stats.stderr
    assert "intelmig rebuild --store neo4j" in stats.stderr
    assert len(stats.stderr.strip().splitlines()) == 1

    rebuilt = subprocess.run([*intelmig, "rebuild"], env=env, capture_output=True, text=True,
                             timeout=300, check=False)
    assert rebuilt.returncode == 0, rebuilt.stderr
    from intelmig.stores.neo4j import Neo4jStore

    server = neo4j_env
    with Neo4jStore(server.uri, server.user, server.password, "neo4j") as store:
        assert store.interrupted_imports == []
        after = store.counts()
    assert record_comparison(seeded, after) == 0
    assert after == seeded
