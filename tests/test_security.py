"""Nobody in: hostile values stay values, queries are read-only, credentials never leak.

Hostile strings go in as seed names and as ``--param`` values on both stores; the
graph (counts and ``to_networkx``) must be the same before and after, and every
value must come back exactly as written.
"""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from intelmig.cli import cli
from intelmig.errors import StoreUnavailable, WriteRefused
from intelmig.seed import load_seed
from intelmig.stores.embedded import EmbeddedStore, build_database

from .conftest import FIXTURES, ROOT
from .reliability import record, record_comparison

MINIMAL = FIXTURES / "minimal_seed.yaml"
INTELMIG = [sys.executable, "-c", "from intelmig.cli import main; main()"]

HOSTILE = [
    "'",
    '"',
    "}) DETACH DELETE n //",
    "' OR 1=1 //",
    '" OR 1=1 //',
    "x'}) MATCH (m) DETACH DELETE m RETURN 1 //",
    "back\\slash\\' and \\u0027",
    "$name",
    "`Country`",
    "\u202eRTL override\u202c",
    "\u041a\u0410\u0417",  # Cyrillic К А З: looks like KAZ
    "zero\u200bwidth",
    "line\nbreak",
    "Қазақстан 🇰🇿",
]
# NUL is valid in a Python str and in Cypher parameters, but YAML cannot carry it raw.
PARAM_ONLY = ["nul\x00byte"]


def hostile_seed(folder: Path) -> Path:
    """The minimal seed with every hostile string as the name of a node."""
    import yaml

    folder.mkdir(parents=True, exist_ok=True)
    seed = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))
    seed["nodes"] += [{"id": f"h{i}", "label": "Concept", "name_en": value, "name_kk": value,
                       "note": value, "passages": ["p01"]} for i, value in enumerate(HOSTILE)]
    text = yaml.safe_dump(seed, allow_unicode=True)
    (folder / "seed.yaml").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def hostile_dataset(tmp_path_factory):
    return load_seed([hostile_seed(tmp_path_factory.mktemp("hostile"))])


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory, hostile_dataset) -> Path:
    path = tmp_path_factory.mktemp("hostiledb") / "db.lbug"
    build_database(path, hostile_dataset)
    return path


def graph_state(store) -> tuple:
    graph = store.to_networkx()
    return (store.counts(), sorted(graph.nodes(data=True), key=lambda n: n[0]),
            sorted(graph.edges(data=True), key=repr))


def check_hostile_round_trip(store, run_query) -> None:
    """Names stored exactly; hostile --param values change nothing and come back as sent."""
    before = graph_state(store)
    names = store.run("MATCH (c:Concept) WHERE c.id STARTS WITH 'h' RETURN c.id, c.name_en, "
                      "c.note ORDER BY c.id").rows
    assert sorted((row[1], row[2]) for row in names) == sorted((v, v) for v in HOSTILE)
    for value in HOSTILE + PARAM_ONLY:
        record("hostile_values")
        echoed = run_query("RETURN $value AS value", value)
        assert echoed == [{"value": value}]
        found = run_query("MATCH (c:Concept) WHERE c.name_en = $value RETURN c.note AS note",
                          value)
        assert found == ([{"note": value}] if value in HOSTILE else [])
    after = graph_state(store)
    assert record_comparison(before[0], after[0]) == 0
    assert after == before


def test_hostile_values_are_data_on_the_embedded_store(hostile_db, runner, tmp_path):
    def run_query(text, value):
        result = runner.invoke(cli, ["query", text, "--param", f"value={value}", "--json",
                                     "--db", str(hostile_db)])
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    with EmbeddedStore(hostile_db) as store:
        check_hostile_round_trip(store, run_query)


def test_hostile_values_are_data_on_neo4j(neo4j_clean, hostile_dataset):
    store = neo4j_clean
    store.replace_graph(hostile_dataset)

    def run_query(text, value):
        return store.run(text, {"value": value}).records()

    check_hostile_round_trip(store, run_query)


WRITES = [
    "MATCH (c:Country) DETACH DELETE c",
    "CREATE (:Concept {id: 'x', name_en: 'x', name_kk: 'x', kind: 'Concept'})",
    "MATCH (c:Country) SET c.name_en = 'pwned'",
]


@pytest.mark.parametrize("statement", WRITES)
def test_query_is_read_only_unless_write_on_the_embedded_store(hostile_db, runner, statement):
    with EmbeddedStore(hostile_db) as store:
        before = graph_state(store)
    result = runner.invoke(cli, ["query", statement, "--db", str(hostile_db)])
    assert result.exit_code == 1
    assert result.output == ("Error: this query writes to the database; queries are read-only "
                             "unless you pass --write\n")
    with EmbeddedStore(hostile_db) as store:
        assert graph_state(store) == before


@pytest.mark.parametrize("statement", WRITES)
def test_query_is_read_only_unless_write_on_neo4j(neo4j_store, neo4j_env, runner, statement):
    before = graph_state(neo4j_store)
    result = runner.invoke(cli, ["query", statement])
    assert result.exit_code == 1, result.output
    assert result.output == ("Error: this query writes to the database; queries are read-only "
                             "unless you pass --write\n")
    with pytest.raises(WriteRefused):
        neo4j_store.run(statement)
    assert graph_state(neo4j_store) == before


# -- credentials ---------------------------------------------------------------------------------

SECRET = "S3cret-Pass-Wörd!"


def assert_secret_absent(*texts) -> None:
    for text in texts:
        assert SECRET not in (text or "")
        assert SECRET.encode("utf-8").hex() not in (text or "")


def test_a_wrong_password_is_one_line_without_the_password(neo4j_server, tmp_path, caplog):
    import logging

    caplog.set_level(logging.DEBUG)
    env = dict(os.environ, PYTHONPATH=str(ROOT), NEO4J_PASSWORD=SECRET)
    host = neo4j_server.uri.split("://", 1)[1]
    for uri, message in ((neo4j_server.uri, "refused user 'neo4j': wrong user or password"),
                         (f"bolt://neo4j:{SECRET}@{host}", f"URI bolt://***@{host} carries a "
                                                           "user name or password")):
        result = subprocess.run(INTELMIG + ["query", "RETURN 1", "--store", "neo4j", "--uri",
                                            uri], env=env, capture_output=True, text=True,
                                timeout=60)
        assert result.returncode == 1
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
        assert message in result.stderr
        assert_secret_absent(result.stdout, result.stderr)
    # In process too, with every logger of the driver at DEBUG.
    from intelmig.stores.neo4j import Neo4jStore

    for uri in (neo4j_server.uri, f"bolt://neo4j:{SECRET}@{host}"):
        with pytest.raises(StoreUnavailable) as caught:
            Neo4jStore(uri, "neo4j", SECRET)
        assert_secret_absent(str(caught.value), repr(caught.value), caplog.text)
    unreachable = subprocess.run(INTELMIG + ["stats", "--store", "neo4j", "--uri",
                                             "bolt://127.0.0.1:9"], env=env,
                                 capture_output=True, text=True, timeout=60)
    assert unreachable.stderr.startswith("Error: cannot reach Neo4j at bolt://127.0.0.1:9")
    assert_secret_absent(unreachable.stdout, unreachable.stderr)


def test_an_unreachable_server_is_one_line_and_redacts_user_info(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run(INTELMIG + ["stats", "--store", "neo4j", "--uri",
                                        f"bolt://alice:{SECRET}@127.0.0.1:9",
                                        "--password", SECRET], env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.startswith("Error: the Neo4j URI bolt://***@127.0.0.1:9 carries")
    assert result.stderr.count("\n") == 1
    assert_secret_absent(result.stdout, result.stderr)


def test_the_build_record_and_exports_hold_no_password(neo4j_store, neo4j_server):
    assert neo4j_server.password not in json.dumps(neo4j_store.meta)
    assert neo4j_server.password not in repr(neo4j_store)


def test_a_missing_password_is_prompted_hidden(neo4j_server, tmp_path):
    """A real terminal: the prompt appears, the typed password is not echoed, the query runs."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("NEO4J_PASSWORD", None)
    main, child = pty.openpty()
    process = subprocess.Popen(
        INTELMIG + ["query", "RETURN 41 + 1 AS answer", "--store", "neo4j", "--uri",
                    neo4j_server.uri], stdin=child, stdout=child, stderr=child, env=env,
        close_fds=True)
    os.close(child)
    seen = b""
    deadline = time.monotonic() + 60
    sent = False
    while time.monotonic() < deadline:
        ready, _, _ = select.select([main], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(main, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        if not sent and b"Neo4j password:" in seen:
            os.write(main, neo4j_server.password.encode() + b"\n")
            sent = True
        if process.poll() is not None and not ready:
            break
    process.wait(timeout=30)
    os.close(main)
    text = seen.decode(errors="replace")
    assert sent, text
    assert process.returncode == 0, text
    assert "42" in text
    assert neo4j_server.password not in text


def test_a_tls_uri_to_a_plain_server_is_one_clear_error(neo4j_server):
    from intelmig.stores.neo4j import Neo4jStore

    host = neo4j_server.uri.split("://", 1)[1]
    with pytest.raises(StoreUnavailable) as caught:
        Neo4jStore(f"bolt+ssc://{host}", "neo4j", neo4j_server.password,
                   connection_timeout=5)
    assert "\n" not in str(caught.value)
    assert neo4j_server.password not in str(caught.value)


def test_an_unknown_uri_scheme_is_one_clear_error():
    from intelmig.stores.neo4j import open_driver

    with pytest.raises(StoreUnavailable, match="use bolt://, neo4j:// or their TLS forms"):
        open_driver(f"http://neo4j:{SECRET}@127.0.0.1:7474", "neo4j", SECRET)


# -- local servers bind to the loopback address ---------------------------------------------------

def listening_addresses(port: int) -> set[str]:
    """Local addresses of sockets LISTENing on ``port`` (from /proc/net/tcp and tcp6)."""
    import ipaddress

    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.split(":")
            if state != "0A" or int(port_hex, 16) != port:
                continue
            raw = bytes.fromhex(address)
            # The kernel prints each 32-bit word in host (little-endian) order.
            raw = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
            ip = ipaddress.ip_address(raw)
            # Java listens on IPv6 sockets: 127.0.0.1 appears as ::ffff:127.0.0.1.
            found.add(str(getattr(ip, "ipv4_mapped", None) or ip))
    return found


def test_the_neo4j_launcher_listens_on_loopback_only(neo4j_server):
    if os.environ.get("INTELMIG_TEST_NEO4J_URI"):
        pytest.skip("the server was started outside the tests")
    assert listening_addresses(neo4j_server.port) == {"127.0.0.1"}


def test_the_browser_file_server_listens_on_loopback_only():
    sys.path.insert(0, str(ROOT / "tools" / "neo4j"))
    import neo4j_launcher

    if not any((neo4j_launcher.TARGET / "browser").glob("neo4j-browser-*.jar")):
        pytest.skip("the Neo4j Browser jar is not built (bash tools/neo4j/install.sh)")
    url, stop = neo4j_launcher.serve_browser(port=0)
    try:
        port = int(url.rstrip("/").rsplit(":", 1)[1])
        assert listening_addresses(port) == {"127.0.0.1"}
    finally:
        stop()
