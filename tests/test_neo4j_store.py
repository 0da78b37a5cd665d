"""The Neo4j store against a real Neo4j 5.26 server: loading, other data, errors, CLI."""

from __future__ import annotations

import json
import socket

import pytest

from intelmig.cli import cli
from intelmig.errors import StoreError, StoreUnavailable
from intelmig.schema import neo4j_schema_script
from intelmig.seed import load_seed
from intelmig.stores.neo4j import BUILD_LABEL, OWNER_LABEL, Neo4jStore, open_driver, redact_uri

from .conftest import FIXTURES, ROOT

SECRET = "not-the-password-123"


def test_schema_cypher_is_generated_from_the_schema_module():
    text = (ROOT / "cypher" / "schema.cypher").read_bytes()
    assert text == neo4j_schema_script().encode("utf-8"), (
        "cypher/schema.cypher is stale: regenerate it with "
        "python -c 'from intelmig.schema import neo4j_schema_script as s; "
        "open(\"cypher/schema.cypher\", \"w\").write(s())'"
    )


@pytest.mark.parametrize("scheme", ["bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s",
                                    "neo4j+ssc"])
def test_tls_and_routing_uri_schemes_give_the_driver_they_name(scheme):
    import neo4j

    driver = open_driver(f"{scheme}://db.example.org:7687", "neo4j", SECRET)
    try:
        routing = neo4j.Neo4jDriver if scheme.startswith("neo4j") else neo4j.BoltDriver
        assert type(driver) is routing
        assert driver.encrypted is ("+" in scheme)
        # +ssc trusts any certificate (self-signed); +s only the system's authorities.
        trust = driver._pool.pool_config.trusted_certificates  # no public accessor
        assert isinstance(trust, neo4j.TrustAll if scheme.endswith("+ssc")
                          else neo4j.TrustSystemCAs)
    finally:
        driver.close()


@pytest.mark.parametrize("uri", ["http://db.example.org:7474", "bolt+x://h:1", "not a uri"])
def test_a_bad_uri_is_one_line_without_the_password(uri):
    with pytest.raises(StoreUnavailable) as err:
        open_driver(uri, "neo4j", SECRET)
    message = str(err.value)
    assert "\n" not in message and SECRET not in message and "bolt+s://" in message


def test_user_info_in_a_uri_is_redacted():
    assert redact_uri(f"bolt://neo4j:{SECRET}@localhost:7687") == "bolt://***@localhost:7687"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _one_line_error(uri, password, database="neo4j") -> str:
    with pytest.raises(StoreUnavailable) as err:
        Neo4jStore(uri, "neo4j", password, database, connection_timeout=5)
    message = str(err.value)
    assert "\n" not in message and SECRET not in message
    return message


def test_unreachable_server_is_one_clear_line():
    message = _one_line_error(f"bolt://127.0.0.1:{_free_port()}", SECRET)
    assert message.startswith("cannot reach Neo4j at bolt://127.0.0.1:")


def test_wrong_password_is_one_clear_line(neo4j_server):
    message = _one_line_error(neo4j_server.uri, SECRET)
    assert "refused user 'neo4j': wrong user or password" in message


def test_missing_database_is_one_clear_line(neo4j_server):
    message = _one_line_error(neo4j_server.uri, neo4j_server.password, "nosuchdb")
    assert "has no database 'nosuchdb'" in message


def test_tls_to_a_plain_server_is_one_clear_line(neo4j_server):
    """bolt+s:// reaches the TLS code path: the plain-text server cannot complete it."""
    message = _one_line_error(neo4j_server.uri.replace("bolt://", "bolt+s://"), SECRET)
    assert "Neo4j at bolt+s://127.0.0.1:" in message


# -- the command line ------------------------------------------------------------------


def test_cli_query_on_neo4j_matches_the_embedded_store(runner, neo4j_store, neo4j_env,
                                                       seeded_db_path):
    on_neo4j = runner.invoke(cli, ["query", "--name", "stages", "--json"])
    assert on_neo4j.exit_code == 0, on_neo4j.output
    on_embedded = runner.invoke(cli, ["query", "--store", "embedded", "--db",
                                      str(seeded_db_path), "--name", "stages", "--json"])
    assert on_embedded.exit_code == 0, on_embedded.output
    assert json.loads(on_neo4j.output) == json.loads(on_embedded.output)
    assert len(json.loads(on_neo4j.output)) == 4


def test_cli_stats_on_neo4j(runner, neo4j_store, neo4j_env, seed_dataset):
    result = runner.invoke(cli, ["stats", "--csv"])
    assert result.exit_code == 0, result.output
    assert f"node,Passage,{seed_dataset.counts()['nodes']['Passage']}" in result.output


def test_cli_write_query_without_write_is_refused(runner, neo4j_store, neo4j_env):
    result = runner.invoke(cli, ["query", "MATCH (n) DETACH DELETE n"])
    assert result.exit_code == 1
    assert result.output.strip().endswith("queries are read-only unless you pass --write")
    assert neo4j_store.counts()["nodes"]["Passage"] > 0


def test_cli_wrong_password_is_one_line_exit_1(runner, neo4j_env, monkeypatch):
    monkeypatch.setenv("NEO4J_PASSWORD", SECRET)
    monkeypatch.setenv("NEO4J_URI", neo4j_env.uri.replace("bolt://", f"bolt://neo4j:{SECRET}@"))
    result = runner.invoke(cli, ["stats"])
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1
    assert SECRET not in result.output and "***@" in result.output


# -- loading ---------------------------------------------------------------------------


def _foreign_data(store):
    store.run(
        "CREATE (:Country {id: 'XYZ', name_en: 'Not intelmig'})-[:LIKES {since: 1}]->"
        "(:Other {name: 'keep me'})",
        write=True,
    )


def _foreign_state(store):
    return store.run(
        "MATCH (c:Country {id: 'XYZ'})-[r:LIKES]->(o:Other) "
        "RETURN c.name_en AS country, r.since AS since, o.name AS other, "
        f"c:{OWNER_LABEL} AS owned"
    ).rows


def _owned_counts(store):
    rows = store.run(f"MATCH (n:{OWNER_LABEL}) RETURN n.kind AS kind, count(*) AS n").rows
    return dict(sorted((kind, n) for kind, n in rows))


def test_reseeding_converges_and_leaves_other_data_alone(neo4j_clean, seed_dataset):
    store = neo4j_clean
    _foreign_data(store)
    store.replace_graph(seed_dataset)
    first = store.to_networkx()
    progress = []
    store.replace_graph(seed_dataset, progress=progress.append)
    assert sum(progress) == len(seed_dataset.nodes) + len(seed_dataset.rels)
    assert _owned_counts(store) == seed_dataset.counts()["nodes"]
    second = store.to_networkx()
    assert dict(first.nodes(data=True)) == dict(second.nodes(data=True))
    assert sorted(first.edges) == sorted(second.edges)
    assert _foreign_state(store) == [["Not intelmig", 1, "keep me", False]]
    assert store.meta["fingerprint"] == seed_dataset.fingerprint()
    assert store.meta["counts"] == seed_dataset.counts()
    # The build record stays out of every schema label.
    assert store.run(f"MATCH (b:{BUILD_LABEL}) RETURN labels(b) AS l").rows == [[[BUILD_LABEL]]]


def test_a_smaller_dataset_removes_only_intelmig_data(neo4j_clean, seed_dataset):
    store = neo4j_clean
    _foreign_data(store)
    store.replace_graph(seed_dataset)
    minimal = load_seed([FIXTURES / "minimal_seed.yaml"])
    store.replace_graph(minimal)
    assert _owned_counts(store) == minimal.counts()["nodes"]
    counts = store.counts()
    assert {k: v for k, v in counts["relationships"].items() if v} == \
        minimal.counts()["relationships"]
    # The foreign Country is still counted: queries see every node with a schema label.
    assert counts["nodes"]["Country"] == minimal.counts()["nodes"]["Country"] + 1
    assert _foreign_state(store) == [["Not intelmig", 1, "keep me", False]]


def test_a_clash_with_foreign_data_changes_nothing(neo4j_clean):
    store = neo4j_clean
    minimal = load_seed([FIXTURES / "minimal_seed.yaml"])
    store.replace_graph(minimal)
    before = store.to_networkx()
    store.run("CREATE (:Country {id: 'ZZZ'})", write=True)
    store.run(f"MATCH (n:{OWNER_LABEL}:Country {{id: 'DEU'}}) REMOVE n:{OWNER_LABEL}",
              write=True)
    with pytest.raises(StoreError, match="already holds Country nodes that intelmig did not "
                                         "create with the ids DEU"):
        store.replace_graph(load_seed())
    store.run("MATCH (n:Country {id: 'ZZZ'}) DELETE n", write=True)
    after = store.to_networkx()
    assert dict(before.nodes(data=True)) == dict(after.nodes(data=True))
    assert sorted(before.edges) == sorted(after.edges)
    assert store.meta["fingerprint"] == minimal.fingerprint()


def test_cli_seed_on_neo4j(runner, neo4j_clean, neo4j_env, seed_dataset):
    result = runner.invoke(cli, ["seed"])
    assert result.exit_code == 0, result.output
    assert f"Seeded Neo4j {neo4j_env.uri} database neo4j: {len(seed_dataset.nodes)} nodes" \
        in result.output
    assert _owned_counts(neo4j_clean) == seed_dataset.counts()["nodes"]
