"""`intelmig browser` and `intelmig neo4j start` fail with one clear line when the local
Neo4j tools are missing (the served Browser itself is tested in test_browser_e2e.py)."""

from __future__ import annotations

import shutil

import pytest

from intelmig.cli import neo4j as cli_neo4j
from intelmig.cli import cli

from .conftest import NEO4J_TOOLS


@pytest.fixture
def unbuilt_checkout(tmp_path, monkeypatch):
    """A copy of the launcher in a folder where install.sh has not run."""
    launcher = tmp_path / "tools" / "neo4j" / "neo4j_launcher.py"
    launcher.parent.mkdir(parents=True)
    shutil.copy(NEO4J_TOOLS / "neo4j_launcher.py", launcher)
    monkeypatch.setattr(cli_neo4j, "LAUNCHER", launcher)
    return launcher


def test_browser_without_the_built_jar_says_how_to_build_it(runner, unbuilt_checkout):
    result = runner.invoke(cli, ["browser", "--no-open", "--port", "0"])
    assert result.exit_code == 1
    assert result.output == ("Error: Neo4j Browser is not built yet: run "
                             "`bash tools/neo4j/install.sh` in the intelmig checkout "
                             "(needs Java 17+ and Maven)\n")


@pytest.mark.parametrize("args", [["browser", "--no-open"], ["neo4j", "start"]])
def test_outside_a_checkout_the_commands_point_elsewhere(runner, tmp_path, monkeypatch, args):
    monkeypatch.setattr(cli_neo4j, "LAUNCHER", tmp_path / "absent" / "neo4j_launcher.py")
    result = runner.invoke(cli, args)
    assert result.exit_code == 1
    assert len(result.output.splitlines()) == 1
    assert "neo4j:5.26-community" in result.output
