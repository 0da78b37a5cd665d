"""Shared fixtures: real LadybugDB databases in temp dirs, a CliRunner, the seed."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.seed import load_seed
from graph.stores.embedded import EmbeddedStore, build_database

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


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
from tests.reliability import pytest_terminal_summary  # noqa: E402,F401
