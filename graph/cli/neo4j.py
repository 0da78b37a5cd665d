"""``intelmig neo4j install|start`` and ``intelmig browser``: a local Neo4j and Neo4j Browser.

The launcher (Neo4j 5.26 Community and Neo4j Browser, both from Maven Central) travels
inside the package: its pom.xml, Java and Python sources are in ``intelmig/_data/neo4j``.
``intelmig neo4j install`` builds it once, with Java 17+ and Maven, into the user's data
folder (``$XDG_DATA_HOME/intelmig/neo4j-launcher``, ~140 MB); ``start`` and ``browser``
do so on first use. Nothing is looked up in a source checkout, so both work from any
working directory.

Neo4j Browser reads the server's browser settings on connect: a server started here
tells it to apply ``intelmig.grass`` and to open the intelmig guide, both served by
``intelmig browser`` from the Browser's own origin, and turns usage data and outgoing
connections off. The password is never printed.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import click

from ..resources import cypher_dir

__all__ = ["browser", "neo4j_group"]

#: The launcher's sources inside the installed package (never the source tree).
LAUNCHER_SOURCES = Path(__file__).resolve().parents[1] / "_data" / "neo4j"
#: Where the Browser serves the style sheet and the guide (same origin as the Browser).
STYLE_PATH = "/intelmig/intelmig.grass"
GUIDE_PATH = "/intelmig/guide.html"
PASSWORD_HINT = "NEO4J_PASSWORD=<your password>"


def _data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "intelmig"


def _launcher():
    """The packaged launcher module, set to build and run in the user's data folder."""
    source = LAUNCHER_SOURCES / "neo4j_launcher.py"
    if not source.is_file():
        raise click.ClickException(
            f"this intelmig has no Neo4j launcher ({LAUNCHER_SOURCES} is missing); reinstall "
            "intelmig from its wheel, or use your own Neo4j (docs/neo4j.md)")
    spec = importlib.util.spec_from_file_location("intelmig_neo4j_launcher", source)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.use_home(_data_home() / "neo4j-launcher")
    return module


def _installed(launcher, force: bool = False):
    """The launcher, built first if needed; a progress line per build step on stderr."""
    if launcher.is_built() and not force:
        return launcher
    click.echo(f"Installing Neo4j {launcher.NEO4J_VERSION} and Neo4j Browser into "
               f"{launcher.HOME} (first time: ~140 MB from Maven Central, a minute or two) ...",
               err=True)
    try:
        launcher.build(force=force, progress=lambda line: click.echo(f"  {line}", err=True))
    except launcher.LauncherError as err:
        raise click.ClickException(str(err).splitlines()[0]) from None
    return launcher


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
    """Serve Neo4j Browser locally, with the intelmig style sheet and guide.

    Start a Neo4j first (`intelmig neo4j start`, Docker or your team's server),
    load it with `intelmig seed --store neo4j`, then connect the Browser to its
    Bolt URI. A server started by `intelmig neo4j start` applies the style and
    opens the guide on connect. Stops with Ctrl-C.

    \b
    Example:
        intelmig browser --port 7474 --no-open
    """
    launcher = _installed(_launcher())
    files = {STYLE_PATH: cypher_dir() / "intelmig.grass", GUIDE_PATH: cypher_dir() / "guide.html"}
    try:
        url, stop = launcher.serve_browser(port, host, bolt_uri, extra_files=files)
    except OSError as err:
        raise click.ClickException(
            f"cannot serve on {host}:{port} ({err.strerror or err}); pass another --port"
        ) from None
    click.echo(f"Neo4j Browser: {url}")
    click.echo(f"Connect to:    {bolt_uri}  user neo4j, password: your {PASSWORD_HINT}")
    click.echo(f"Style, guide:  applied on connect to `intelmig neo4j start --browser-port "
               f"{url.rsplit(':', 1)[1].strip('/')}`; elsewhere type "
               f":style {url.rstrip('/')}{STYLE_PATH} and :play {url.rstrip('/')}{GUIDE_PATH}")
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
    """A local Neo4j 5.26 Community server for intelmig (Java 17+; Maven once).

    \b
    Example:
        intelmig neo4j install && intelmig neo4j start --port 7687
    """


def _default_data_dir() -> Path:
    return _data_home() / "neo4j"


@neo4j_group.command("install")
@click.option("--force", is_flag=True, help="Build again even if installed.")
def neo4j_install(force):
    """Fetch Neo4j and Neo4j Browser from Maven Central and build the launcher.

    Needs Java 17 or 21 and Maven; the jars go to the user's data folder
    (~/.local/share/intelmig/neo4j-launcher). `start` and `browser` run this on
    first use.

    \b
    Example:
        intelmig neo4j install
    """
    launcher = _launcher()
    already = launcher.is_built() and not force
    _installed(launcher, force=force)
    state = "already installed" if already else "installed"
    click.echo(f"Neo4j {launcher.NEO4J_VERSION} launcher {state} in {launcher.HOME}")


@neo4j_group.command("start")
@click.option("--port", default=7687, show_default=True, type=click.IntRange(0, 65535),
              help="Bolt port (0: any free port).")
@click.option("--data", "data_dir", type=click.Path(file_okay=False), default=None,
              help="Data folder [default: ~/.local/share/intelmig/neo4j].")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--browser-port", default=7474, show_default=True,
              type=click.IntRange(1, 65535),
              help="Port of `intelmig browser`, whose style sheet and guide Neo4j Browser "
                   "opens on connect.")
def neo4j_start(port, data_dir, host, browser_port):
    """Run Neo4j on 127.0.0.1 in the foreground until Ctrl-C.

    The password is $NEO4J_PASSWORD if set (at least 8 characters), else the
    launcher's local default (docs/neo4j.md); it is never printed. Data stays in
    --data between runs.

    \b
    Example:
        intelmig neo4j start --port 7687 && intelmig seed --store neo4j
    """
    launcher = _installed(_launcher())
    password = os.environ.get("NEO4J_PASSWORD") or None
    data = Path(data_dir) if data_dir else _default_data_dir()
    origin = f"http://{host}:{browser_port}"
    click.echo(f"Starting Neo4j {launcher.NEO4J_VERSION} (data: {data}) ...", err=True)
    try:
        server = launcher.start(
            data, port=port, password=password, host=host, timeout=240,
            browser_post_connect=f"style {origin}{STYLE_PATH}; play {origin}{GUIDE_PATH}",
            browser_allowlist=f"{host}, localhost")
    except (RuntimeError, ValueError) as err:
        first = str(err).splitlines()[0]
        raise click.ClickException(f"Neo4j did not start: {first} (log: {data}/launcher.log)"
                                   ) from None
    click.echo(f"Neo4j is ready at {server.uri} in {server.startup_seconds:.0f} s.")
    click.echo(f"  export INTELMIG_STORE=neo4j NEO4J_URI={server.uri} NEO4J_USER={server.user} "
               f"{PASSWORD_HINT}")
    if password is None:
        click.echo("  (no NEO4J_PASSWORD was set: the launcher's local default is in use, "
                   "see docs/neo4j.md; set NEO4J_PASSWORD to choose your own)")
    click.echo(f"  Neo4j Browser: `intelmig browser --port {browser_port} --bolt {server.uri}`")
    click.echo("Ctrl-C to stop.")
    sys.stdout.flush()
    try:
        _wait_for_ctrl_c(alive=server.is_running)
    finally:
        click.echo("Stopping Neo4j ...", err=True)
        server.stop()
