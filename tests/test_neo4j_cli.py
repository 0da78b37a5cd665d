"""`intelmig neo4j install|start` and `intelmig browser` without a source checkout: the
launcher's sources travel in the package and are built into the user's data folder; a
missing Java or Maven is one clear line. (The served Browser, from a wheel installed in a
fresh venv, is tested in test_browser_e2e.py.)"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from intelmig.cli import cli
from intelmig.cli import neo4j as cli_neo4j


@pytest.fixture
def only_bash(tmp_path):
    """A PATH with bash and nothing else (no java, no mvn), and a fresh data folder."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "bash").symlink_to(shutil.which("bash"))
    return {"PATH": str(bin_dir), "JAVA_HOME": "", "NEO4J_LAUNCHER_JAVA": "",
            "XDG_DATA_HOME": str(tmp_path / "data")}


def test_the_launcher_sources_are_inside_the_installed_package():
    import intelmig

    package = Path(intelmig.__file__).resolve().parent
    assert cli_neo4j.LAUNCHER_SOURCES == package / "_data" / "neo4j"
    for name in ("pom.xml", "install.sh", "neo4j_launcher.py",
                 "src/main/java/intelmig/neo4j/Launcher.java",
                 "src/main/java/intelmig/neo4j/BrowserSettings.java"):
        assert (cli_neo4j.LAUNCHER_SOURCES / name).is_file(), name
    assert (package / "_data" / "cypher" / "guide.html").is_file()


def test_the_launcher_builds_in_the_users_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    launcher = cli_neo4j._launcher()
    assert launcher.HOME == tmp_path / "intelmig" / "neo4j-launcher"
    assert (launcher.HOME / "src" / "main" / "java" / "intelmig" / "neo4j" / "Launcher.java"
            ).read_bytes() == (cli_neo4j.LAUNCHER_SOURCES / "src" / "main" / "java" / "intelmig"
                               / "neo4j" / "Launcher.java").read_bytes()
    assert not launcher.is_built()


@pytest.mark.parametrize("args", [["neo4j", "install"], ["neo4j", "start"],
                                  ["browser", "--no-open"]])
def test_without_java_one_line_says_what_to_install(runner, only_bash, tmp_path, args):
    result = runner.invoke(cli, args, env=only_bash)
    assert result.exit_code == 1
    last = result.output.splitlines()[-1]
    assert last.startswith("Error: Java 17 or 21 is needed to run Neo4j"), result.output
    assert "apt-get install openjdk-17-jre-headless" in last


def test_without_maven_one_line_says_what_to_install(runner, only_bash, tmp_path):
    java = shutil.which("java")
    if java is None:
        pytest.skip("no java on PATH")
    (Path(only_bash["PATH"]) / "java").symlink_to(java)
    result = runner.invoke(cli, ["neo4j", "install"], env=only_bash)
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        "Error: Maven is needed once, to fetch Neo4j from Maven Central, and was not found: "
        "install it (Debian: apt-get install maven)")
    assert "Installing Neo4j 5.26" in result.output  # the progress line came first


def test_the_launcher_script_never_prints_the_password(tmp_path):
    sys.path.insert(0, str(cli_neo4j.LAUNCHER_SOURCES))
    try:
        import neo4j_launcher
    finally:
        sys.path.remove(str(cli_neo4j.LAUNCHER_SOURCES))
    process = subprocess.Popen(["sleep", "30"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    server = neo4j_launcher.Neo4jServer(process, "bolt://127.0.0.1:7687", "neo4j",
                                        "s3cret-never-shown", tmp_path, tmp_path / "l.log", 1.0)
    try:
        for from_env in (True, False):
            text = neo4j_launcher.ready_message(server, from_env)
            assert "s3cret-never-shown" not in text
            assert "NEO4J_LAUNCHER_PASSWORD=<your password>" in text
    finally:
        server.stop(timeout=1)
