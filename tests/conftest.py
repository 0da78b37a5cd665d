"""Shared fixtures: real LadybugDB databases in temp dirs, a CliRunner, the seed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from intelmig.seed import load_seed
from intelmig.stores.embedded import EmbeddedStore, build_database

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session", autouse=True)
def _isolated_workspace(tmp_path_factory):
    """Keep every test away from the user's import workspace (``intelmig seed`` reads it)."""
    previous = os.environ.get("INTELMIG_WORKSPACE")
    os.environ["INTELMIG_WORKSPACE"] = str(tmp_path_factory.mktemp("workspace"))
    yield
    if previous is None:
        os.environ.pop("INTELMIG_WORKSPACE", None)
    else:
        os.environ["INTELMIG_WORKSPACE"] = previous


@pytest.fixture(scope="session")
def seed_dataset():
    """The packaged seed, validated."""
    return load_seed()


@pytest.fixture(scope="session")
def seeded_db_path(tmp_path_factory, seed_dataset) -> Path:
    """A LadybugDB file built from the seed once per session (treat as read-only)."""
    path = tmp_path_factory.mktemp("seeded") / "intelmig.lbug"
    build_database(path, seed_dataset)
    return path


@pytest.fixture
def embedded_store(seeded_db_path):
    """A read-only connection to the seeded database."""
    with EmbeddedStore(seeded_db_path) as store:
        yield store


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def db_env(seeded_db_path, monkeypatch) -> Path:
    """Point INTELMIG_DB at the seeded database for CLI tests."""
    monkeypatch.setenv("INTELMIG_DB", str(seeded_db_path))
    return seeded_db_path


# -- reliability figures (faults, bad inputs, rows lost) printed at the end of the run --
from tests.reliability import pytest_terminal_summary  # noqa: F401

# -- Neo4j: one real server per test session ------------------------------------------
# Started by the launcher in tools/neo4j (Neo4j 5.26 Community from Maven Central) on
# 127.0.0.1 and a free port, data in a temp dir. INTELMIG_TEST_NEO4J_URI (with
# INTELMIG_TEST_NEO4J_PASSWORD) points the tests at a running THROWAWAY server instead:
# they delete everything in its `neo4j` database.

NEO4J_TOOLS = ROOT / "tools" / "neo4j"


def on_ci() -> bool:
    import os

    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def _neo4j_missing_prerequisite() -> str | None:
    import os
    import shutil

    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        return "java (17 or 21) not found"
    built = any((NEO4J_TOOLS / "target" / "lib").glob("neo4j-kernel-*.jar"))
    if not built and shutil.which("mvn") is None:
        return "the launcher is not built and mvn is not found (bash tools/neo4j/install.sh)"
    return None


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory):
    """A running Neo4j: ``.uri``, ``.user``, ``.password``; started once per session.

    On CI (CI=true) a failure to start is a test error; elsewhere the tests that need
    Neo4j are skipped, with the reason, only when Java or Maven is missing.
    """
    import os
    import sys
    from types import SimpleNamespace

    if os.environ.get("INTELMIG_TEST_NEO4J_URI"):
        uri = os.environ["INTELMIG_TEST_NEO4J_URI"]
        yield SimpleNamespace(uri=uri, port=int(uri.rsplit(":", 1)[1]), user="neo4j",
                              password=os.environ.get("INTELMIG_TEST_NEO4J_PASSWORD",
                                                      "intelmig-local"))
        return
    missing = _neo4j_missing_prerequisite()
    if missing and not on_ci():
        pytest.skip(f"no local Neo4j for the tests: {missing}")
    sys.path.insert(0, str(NEO4J_TOOLS))
    import neo4j_launcher

    server = neo4j_launcher.start(tmp_path_factory.mktemp("neo4j"), port=0, host="127.0.0.1",
                                  timeout=240)
    try:
        yield server
    finally:
        server.stop()


def wipe_neo4j(store) -> None:
    """Delete every node and relationship of the store's database (constraints stay)."""
    store.run("MATCH (n) DETACH DELETE n", write=True)


class _Neo4jSession:
    """The session's one connection and whether its database still holds exactly the seed."""

    def __init__(self, store, dataset):
        self.store, self.dataset, self.seeded = store, dataset, False

    def seeded_store(self):
        if not self.seeded:
            wipe_neo4j(self.store)
            self.store.replace_graph(self.dataset)
            self.seeded = True
        return self.store

    def clean_store(self):
        self.seeded = False
        wipe_neo4j(self.store)
        return self.store


@pytest.fixture(scope="session")
def _neo4j_session(neo4j_server, seed_dataset):
    from intelmig.stores.neo4j import Neo4jStore

    with Neo4jStore(neo4j_server.uri, neo4j_server.user, neo4j_server.password,
                    "neo4j") as store:
        yield _Neo4jSession(store, seed_dataset)


@pytest.fixture
def neo4j_store(_neo4j_session):
    """A Neo4jStore on the session's server whose database holds exactly the seed.

    One connection for the whole session; the seed is loaded again only after a test
    used ``neo4j_clean``. A test that changes the database must use ``neo4j_clean``.
    """
    return _neo4j_session.seeded_store()


@pytest.fixture(params=["embedded", "neo4j"])
def store(request):
    """The seeded store of each backend: a test that takes it runs once on each.

    The Neo4j run follows ``neo4j_server``'s rule (on CI a missing server is an error).
    """
    return request.getfixturevalue(f"{request.param}_store")


@pytest.fixture
def neo4j_clean(_neo4j_session):
    """The same store with an EMPTY database (the next ``neo4j_store`` re-seeds it)."""
    return _neo4j_session.clean_store()


@pytest.fixture
def neo4j_env(neo4j_server, monkeypatch):
    """Environment that points the CLI at the session's Neo4j (``--store neo4j``)."""
    monkeypatch.setenv("INTELMIG_STORE", "neo4j")
    monkeypatch.setenv("NEO4J_URI", neo4j_server.uri)
    monkeypatch.setenv("NEO4J_USER", neo4j_server.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server.password)
    monkeypatch.setenv("NEO4J_DATABASE", "neo4j")
    return neo4j_server
