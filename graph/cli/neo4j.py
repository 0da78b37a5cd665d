"""``intelmig browser`` and ``intelmig neo4j start``: Neo4j Browser and a local Neo4j.

Both wrap the launcher kept in ``tools/neo4j`` (Neo4j 5.26 Community and the Neo4j
Browser jar from Maven Central), so they work from a checkout where
``bash tools/neo4j/install.sh`` has been run. Anyone else points Neo4j Browser at
their server's own Browser (http://host:7474) or uses the Docker image; see
docs/neo4j.md.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

__all__ = ["browser", "neo4j_group"]

LAUNCHER = Path(__file__).resolve().parents[2] / "tools" / "neo4j" / "neo4j_launcher.py"
INSTALL_HINT = "run `bash tools/neo4j/install.sh` in the intelmig checkout (needs Java 17+ and Maven)"
STYLE_SHEET = Path(__file__).resolve().parents[2] / "cypher" / "intelmig.grass"


def _launcher():
    """The launcher module of the checkout, or one clear error."""
    import importlib.util

    if not LAUNCHER.exists():
        raise click.ClickException(
            "the local Neo4j tools are in the intelmig source checkout (tools/neo4j), not in an "
            "installed package; use your server's own Browser at http://HOST:7474, or Docker: "
            "docker run -p 7474:7474 -p 7687:7687 neo4j:5.26-community"
        )
    spec = importlib.util.spec_from_file_location("neo4j_launcher", LAUNCHER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _wait_for_ctrl_c(alive=None) -> None:
    import threading

    stop = threading.Event()
    try:
        while not stop.wait(0.5):
            if alive is not None and not alive():
                return
    except KeyboardInterrupt:
        pass


@click.command()
@click.option("--port", default=7474, show_default=True, type=click.IntRange(0, 65535),
              help="HTTP port to serve on (0: any free port).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--bolt", "bolt_uri", default="bolt://127.0.0.1:7687", show_default=True,
              help="Bolt URI the connect form offers.")
@click.option("--no-open", is_flag=True, help="Do not open a web browser.")
def browser(port, host, bolt_uri, no_open):
    """Serve Neo4j Browser locally, to explore the graph in any Neo4j with Cypher.

    Start a Neo4j first (`intelmig neo4j start`, Docker or your team's server),
    load it with `intelmig seed --store neo4j`, then connect the Browser to its
    Bolt URI. Stops with Ctrl-C.

    \b
    Example:
        intelmig browser --port 7474 --no-open
    """
    launcher = _launcher()
    if not any((launcher.TARGET / "browser").glob("neo4j-browser-*.jar")):
        raise click.ClickException(f"Neo4j Browser is not built yet: {INSTALL_HINT}")
    try:
        url, stop = launcher.serve_browser(port, host, bolt_uri)
    except OSError as err:
        raise click.ClickException(
            f"cannot serve on {host}:{port} ({err.strerror or err}); pass another --port"
        ) from None
    click.echo(f"Neo4j Browser: {url}")
    click.echo(f"Connect to:    {bolt_uri}  user neo4j, password = your NEO4J_PASSWORD "
               "(`intelmig neo4j start` prints its own)")
    if STYLE_SHEET.exists():
        click.echo(f"Colours:       drag {STYLE_SHEET} onto the Browser window")
    click.echo("Ctrl-C to stop.")
    sys.stdout.flush()
    if not no_open:
        import webbrowser

        webbrowser.open(url)
    try:
        _wait_for_ctrl_c()
    finally:
        stop()


@click.group("neo4j")
def neo4j_group():
    """A local Neo4j 5.26 Community server for intelmig (from a checkout).

    \b
    Example:
        intelmig neo4j start --port 7687
    """


def _default_data_dir() -> Path:
    data_home = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return data_home / "intelmig" / "neo4j"


@neo4j_group.command("start")
@click.option("--port", default=7687, show_default=True, type=click.IntRange(0, 65535),
              help="Bolt port (0: any free port).")
@click.option("--data", "data_dir", type=click.Path(file_okay=False), default=None,
              help="Data folder [default: ~/.local/share/intelmig/neo4j].")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
def neo4j_start(port, data_dir, host):
    """Run Neo4j on 127.0.0.1 in the foreground until Ctrl-C.

    The password is $NEO4J_PASSWORD if set (at least 8 characters), else the
    launcher's local default, printed below. Data stays in --data between runs.

    \b
    Example:
        intelmig neo4j start --port 7687 && intelmig seed --store neo4j
    """
    launcher = _launcher()
    password = os.environ.get("NEO4J_PASSWORD") or None
    data = Path(data_dir) if data_dir else _default_data_dir()
    click.echo(f"Starting Neo4j {launcher.NEO4J_VERSION} (data: {data}) ...", err=True)
    try:
        server = launcher.start(data, port=port, password=password, host=host, timeout=240)
    except (RuntimeError, ValueError) as err:
        first = str(err).splitlines()[0]
        raise click.ClickException(f"Neo4j did not start: {first} (log: {data}/launcher.log)"
                                   ) from None
    shown = "$NEO4J_PASSWORD" if password else server.password
    click.echo(f"Neo4j is ready at {server.uri} in {server.startup_seconds:.0f} s.")
    click.echo(f"  export INTELMIG_STORE=neo4j NEO4J_URI={server.uri} NEO4J_USER={server.user} "
               f"NEO4J_PASSWORD={shown}")
    click.echo("Ctrl-C to stop.")
    sys.stdout.flush()
    try:
        _wait_for_ctrl_c(alive=server.is_running)
    finally:
        click.echo("Stopping Neo4j ...", err=True)
        server.stop()
