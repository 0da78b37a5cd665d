#!/usr/bin/env python3
"""Run a real local Neo4j 5.26 LTS Community server (built from Maven Central) for tests and users.

Library use::

    import neo4j_launcher                      # tools/neo4j must be on sys.path
    with neo4j_launcher.start("/tmp/neo4j-data") as srv:   # port=0 picks a free port
        driver = neo4j.GraphDatabase.driver(srv.uri, auth=(srv.user, srv.password))

Script use::

    python tools/neo4j/neo4j_launcher.py [--port 7687] [--data DIR]        # foreground server
    python tools/neo4j/neo4j_launcher.py browser [--port 7474] [--bolt URI] # Neo4j Browser UI
    python tools/neo4j/neo4j_launcher.py import --data DIR -- full --nodes=... neo4j

The server binds 127.0.0.1 by default and has authentication enabled (user ``neo4j``).
Only the Python standard library is used here.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import fcntl
import functools
import http.server
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

__all__ = [
    "DEFAULT_PASSWORD",
    "DEFAULT_USER",
    "LauncherError",
    "Neo4jServer",
    "browser_static_dir",
    "build",
    "is_built",
    "serve_browser",
    "start",
    "use_home",
]

HERE = Path(__file__).resolve().parent
#: The sources that are built: pom.xml, src/ and install.sh (copied by :func:`use_home`).
SOURCES = ("pom.xml", "install.sh", "src")
#: Where the launcher is built: its sources and target/. The folder of this file in a
#: checkout; an installed intelmig builds in the user's data folder (see use_home).
HOME = HERE
TARGET = HOME / "target"
MAIN_CLASS = "intelmig.neo4j.Launcher"
NEO4J_VERSION = "5.26.30"

PASSWORD_ENV = "NEO4J_LAUNCHER_PASSWORD"
DEFAULT_USER = "neo4j"
#: Used when neither ``password=`` nor $NEO4J_LAUNCHER_PASSWORD is given. Local/test use only.
DEFAULT_PASSWORD = "intelmig-local"

#: JVM options; override the whole list with $NEO4J_LAUNCHER_JAVA_OPTS (space separated).
DEFAULT_JAVA_OPTS = [
    "-Xms128m",
    "-Xmx768m",
    "-XX:+UseG1GC",
    "-XX:+ExitOnOutOfMemoryError",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
]


# --------------------------------------------------------------------------- build


class LauncherError(RuntimeError):
    """Java or Maven is missing, the build failed, or Neo4j did not start (one clear message)."""


def use_home(home: str | os.PathLike) -> Path:
    """Build and run the launcher in ``home``: its sources are copied there when they differ.

    An installed intelmig keeps the sources read-only in its package; the jars (~140 MB)
    go to the user's data folder instead.
    """
    global HOME, TARGET
    home = Path(home).resolve()
    if home != HERE:
        home.mkdir(parents=True, exist_ok=True)
        for name in SOURCES:
            source, copy = HERE / name, home / name
            if source.is_dir():
                for path in source.rglob("*"):
                    if path.is_file():
                        _copy_if_changed(path, copy / path.relative_to(source))
            else:
                _copy_if_changed(source, copy)
    HOME, TARGET = home, home / "target"
    return home


def _copy_if_changed(source: Path, copy: Path) -> None:
    if copy.is_file() and copy.read_bytes() == source.read_bytes():
        return
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, copy)


def _java() -> str:
    if os.environ.get("NEO4J_LAUNCHER_JAVA"):
        return os.environ["NEO4J_LAUNCHER_JAVA"]
    if os.environ.get("JAVA_HOME"):
        cand = Path(os.environ["JAVA_HOME"]) / "bin" / "java"
        if cand.exists():
            return str(cand)
    java = shutil.which("java")
    if not java:
        raise LauncherError("Java 17 or 21 is needed to run Neo4j and was not found: install it "
                            "(Debian: apt-get install openjdk-17-jre-headless) or set JAVA_HOME")
    return java


def is_built() -> bool:
    """Whether HOME/target holds the launcher, built from the current sources."""
    cls = TARGET / "classes" / "intelmig" / "neo4j" / "Launcher.class"
    lib = TARGET / "lib"
    if not cls.exists() or not lib.is_dir() or not any(lib.glob("neo4j-kernel-*.jar")):
        return False
    if not any((TARGET / "browser").glob("neo4j-browser-*.jar")):
        return False
    inputs = [HOME / "pom.xml", *(p for p in (HOME / "src").rglob("*") if p.is_file())]
    return cls.stat().st_mtime >= max(p.stat().st_mtime for p in inputs)



def build(force: bool = False, progress=None) -> None:
    """Build HOME/target with Maven (install.sh) unless already built (safe across processes).

    ``progress(line)`` receives each line install.sh prints. Raises :class:`LauncherError`
    when Java or Maven is missing or the build fails.
    """
    if not force and is_built():
        return
    _java()
    if shutil.which("mvn") is None:
        raise LauncherError("Maven is needed once, to fetch Neo4j from Maven Central, and was "
                            "not found: install it (Debian: apt-get install maven)")
    lock_path = Path(tempfile.gettempdir()) / "intelmig-neo4j-launcher-build.lock"
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not force and is_built():
            return
        proc = subprocess.Popen(
            ["bash", str(HOME / "install.sh"), *(["--force"] if force else [])],
            cwd=HOME, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        lines = collections.deque(maxlen=40)
        for line in proc.stdout:
            lines.append(line.rstrip("\n"))
            if progress is not None:
                progress(line.rstrip("\n"))
        proc.wait()
        if proc.returncode != 0 or not is_built():
            tail = "\n".join(lines)
            raise LauncherError(f"building the Neo4j launcher in {HOME} failed "
                                f"(install.sh rc={proc.returncode}):\n{tail}")


def _classpath() -> str:
    return f"{TARGET / 'classes'}{os.pathsep}{TARGET / 'lib' / '*'}"


# --------------------------------------------------------------------------- server


def _tail(path: Path, n: int = 40) -> str:
    try:
        with open(path, "r", errors="replace") as fh:
            return "".join(collections.deque(fh, maxlen=n))
    except OSError:
        return f"<no log at {path}>"


class Neo4jServer:
    """A running launcher process. Use :func:`start` to create one."""

    def __init__(self, process: subprocess.Popen, uri: str, user: str, password: str,
                 data_dir: Path, log_path: Path, startup_seconds: float):
        self.process = process
        self.uri = uri
        self.user = user
        self.password = password
        self.data_dir = data_dir
        self.log_path = log_path
        self.startup_seconds = startup_seconds

    @property
    def port(self) -> int:
        return int(self.uri.rsplit(":", 1)[1])

    @property
    def auth(self) -> tuple[str, str]:
        return (self.user, self.password)

    def is_running(self) -> bool:
        return self.process.poll() is None

    def stop(self, timeout: float = 60.0) -> int:
        """Clean stop (close stdin -> DBMS shutdown), then SIGTERM, then SIGKILL. Returns exit code."""
        p = self.process
        if p.poll() is None:
            with contextlib.suppress(OSError, ValueError):
                if p.stdin:
                    p.stdin.close()
            try:
                p.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                p.terminate()
                try:
                    p.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
        for stream in (p.stdin, p.stdout):
            with contextlib.suppress(Exception):
                if stream:
                    stream.close()
        return p.returncode

    def __enter__(self) -> Neo4jServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = "running" if self.is_running() else f"exited({self.process.returncode})"
        return f"<Neo4jServer {self.uri} user={self.user} data={self.data_dir} {state}>"


def start(
    data_dir: str | os.PathLike,
    port: int = 0,
    password: str | None = None,
    host: str = "127.0.0.1",
    timeout: float = 120,
    *,
    pagecache: str = "128m",
    java_opts: list[str] | None = None,
    browser_post_connect: str = "",
    browser_allowlist: str = "localhost",
) -> Neo4jServer:
    """Start Neo4j on ``data_dir`` (created if missing) and wait until Bolt accepts connections.

    ``port=0`` picks a free port. ``password`` defaults to $NEO4J_LAUNCHER_PASSWORD, else
    :data:`DEFAULT_PASSWORD` (min. 8 chars). Raises RuntimeError (with the log tail) on failure.
    ``browser_post_connect`` (commands, ``;``-separated) and ``browser_allowlist`` (host
    names) are the server settings Neo4j Browser reads on connect.
    """
    if password is None:
        password = os.environ.get(PASSWORD_ENV) or DEFAULT_PASSWORD
    if len(password) < 8:
        raise ValueError("Neo4j requires passwords of at least 8 characters")
    build()
    data_dir = Path(data_dir).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    log_path = data_dir / "launcher.log"

    if java_opts is None:
        env_opts = os.environ.get("NEO4J_LAUNCHER_JAVA_OPTS")
        java_opts = env_opts.split() if env_opts else list(DEFAULT_JAVA_OPTS)
    cmd = [_java(), *java_opts, "-cp", _classpath(), MAIN_CLASS,
           "--port", str(port), "--host", host, "--data", str(data_dir), "--pagecache", pagecache,
           "--browser-post-connect", browser_post_connect, "--browser-allowlist", browser_allowlist]
    env = dict(os.environ)
    env[PASSWORD_ENV] = password

    t0 = time.monotonic()
    log = open(log_path, "ab")
    log.write(f"\n===== {time.strftime('%Y-%m-%d %H:%M:%S')} {' '.join(cmd)}\n".encode())
    log.flush()
    try:
        proc = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, env=env,
            cwd=data_dir, start_new_session=True,  # no terminal SIGINT; we stop it ourselves
        )
    finally:
        log.close()

    lines: queue.Queue = queue.Queue()

    def pump() -> None:
        for raw in proc.stdout:
            lines.put(raw.decode(errors="replace").rstrip("\n"))
        lines.put(None)

    threading.Thread(target=pump, name="neo4j-launcher-stdout", daemon=True).start()

    deadline = t0 + timeout
    uri = None
    while uri is None:
        remaining = deadline - time.monotonic()
        try:
            line = lines.get(timeout=max(0.05, min(remaining, 1.0)))
        except queue.Empty:
            line = ""
        if line is None or (line == "" and proc.poll() is not None):
            proc.wait()
            raise RuntimeError(
                f"Neo4j launcher exited with code {proc.returncode} before it was ready.\n"
                f"--- tail of {log_path} ---\n{_tail(log_path)}")
        if line.startswith("READY "):
            uri = line.split(" ", 1)[1].strip()
            break
        if time.monotonic() > deadline:
            Neo4jServer(proc, "", DEFAULT_USER, password, data_dir, log_path, 0).stop(timeout=10)
            raise RuntimeError(
                f"Neo4j did not become ready within {timeout:.0f}s.\n"
                f"--- tail of {log_path} ---\n{_tail(log_path)}\n"
                f"--- tail of {data_dir / 'logs' / 'debug.log'} ---\n"
                f"{_tail(data_dir / 'logs' / 'debug.log', 20)}")
    return Neo4jServer(proc, uri, DEFAULT_USER, password, data_dir, log_path, time.monotonic() - t0)


# --------------------------------------------------------------------------- browser


def browser_static_dir() -> Path:
    """Extract the ``browser/`` static files from target/browser/neo4j-browser-*.jar (cached)."""
    build()
    jars = sorted((TARGET / "browser").glob("neo4j-browser-*.jar"))
    if not jars:
        raise RuntimeError(f"no neo4j-browser jar in {TARGET / 'browser'}; run install.sh")
    jar = jars[-1]
    out = TARGET / "browser" / "static"
    stamp = out / ".extracted-from"
    if stamp.exists() and stamp.read_text() == jar.name and (out / "index.html").exists():
        return out
    tmp = Path(tempfile.mkdtemp(prefix="static-", dir=TARGET / "browser"))
    with zipfile.ZipFile(jar) as zf:
        for info in zf.infolist():
            if not info.filename.startswith("browser/") or info.is_dir():
                continue
            rel = Path(info.filename[len("browser/"):])
            if rel.is_absolute() or ".." in rel.parts:
                continue
            dest = tmp / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(info) as src, open(dest, "wb") as dst:
                shutil.copyfileobj(src, dst)
    (tmp / ".extracted-from").write_text(jar.name)
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)
    return out


class _BrowserHandler(http.server.SimpleHTTPRequestHandler):
    discovery: bytes = b"{}"
    extra_files: dict = {}

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path in self.extra_files:  # style sheet, guide: same origin as the Browser
            body = Path(self.extra_files[path]).read_bytes()
            kind = "text/html" if path.endswith(".html") else "text/plain"
            self.send_response(200)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-cache")
            # A Browser served elsewhere may fetch them too (`:play http://localhost:...`).
            self.send_header("Access-Control-Allow-Origin", "*")
            self.end_headers()
            self.wfile.write(body)
            return
        # Neo4j Browser asks GET / (Accept: application/json) for the server's discovery document.
        if path == "/" and "application/json" in self.headers.get("Accept", ""):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(self.discovery)))
            self.end_headers()
            self.wfile.write(self.discovery)
            return
        if path == "/browser" or path.startswith("/browser/"):  # same layout as a Neo4j server
            self.path = self.path[len("/browser"):] or "/"
        super().do_GET()

    def log_message(self, fmt, *args):  # quiet
        if os.environ.get("NEO4J_LAUNCHER_HTTP_LOG"):
            super().log_message(fmt, *args)


def serve_browser(port: int = 0, host: str = "127.0.0.1",
                  bolt_uri: str = "bolt://127.0.0.1:7687", extra_files: dict | None = None):
    """Serve Neo4j Browser on http://host:port/ in a daemon thread. Returns ``(url, stop_fn)``.

    ``bolt_uri`` is advertised through the discovery document so the connect form is prefilled.
    ``extra_files`` maps URL paths (``/intelmig/guide.html``) to files served as well.
    """
    static = browser_static_dir()
    discovery = json.dumps({
        "bolt_direct": bolt_uri,
        "bolt_routing": bolt_uri.replace("bolt://", "neo4j://", 1),
        "neo4j_version": NEO4J_VERSION,
        "neo4j_edition": "community",
    }).encode()
    handler = type("Handler", (_BrowserHandler,), {"discovery": discovery,
                                                   "extra_files": dict(extra_files or {})})
    httpd = http.server.ThreadingHTTPServer((host, port), functools.partial(handler, directory=str(static)))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, name="neo4j-browser-http", daemon=True)
    thread.start()
    bound_host, bound_port = httpd.server_address[:2]
    url = f"http://{bound_host}:{bound_port}/"

    def stop() -> None:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)

    return url, stop


# --------------------------------------------------------------------------- CLI


def ready_message(srv: Neo4jServer, password_from_env: bool) -> str:
    """What the script prints once Neo4j is ready. Never the password, not even the default."""
    source = (f"from ${PASSWORD_ENV}" if password_from_env
              else f"the local default; set ${PASSWORD_ENV} to choose one")
    return (f"Neo4j is ready in {srv.startup_seconds:.1f}s: {srv.uri}\n"
            f"  user:     {srv.user}\n"
            f"  password: {PASSWORD_ENV}=<your password> ({source})\n"
            f"  log:      {srv.log_path}")


def _wait_forever(check=None) -> None:
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda *_: stop.set())
    try:
        while not stop.wait(1.0):
            if check is not None and not check():
                return
    except KeyboardInterrupt:
        pass


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "browser":
        p = argparse.ArgumentParser(prog="neo4j_launcher.py browser",
                                    description="Serve Neo4j Browser static files on 127.0.0.1")
        p.add_argument("--port", type=int, default=7474)
        p.add_argument("--host", default="127.0.0.1")
        p.add_argument("--bolt", default="bolt://127.0.0.1:7687", help="Bolt URI to prefill")
        a = p.parse_args(argv[1:])
        url, stop = serve_browser(a.port, a.host, a.bolt)
        print(f"Neo4j Browser: {url}   (connect to {a.bolt}, user {DEFAULT_USER})", flush=True)
        print("Ctrl-C to stop.", flush=True)
        _wait_forever()
        stop()
        return 0
    if argv and argv[0] == "import":
        # Pass-through to 'neo4j-admin database import' (server must be stopped).
        build()
        cmd = [_java(), *DEFAULT_JAVA_OPTS, "-cp", _classpath(), MAIN_CLASS, *argv]
        return subprocess.call(cmd)

    p = argparse.ArgumentParser(prog="neo4j_launcher.py",
                                description=f"Run a local Neo4j {NEO4J_VERSION} Community server "
                                            "(subcommands: browser, import)")
    p.add_argument("--port", type=int, default=7687, help="Bolt port (0 = any free port)")
    p.add_argument("--data", default=str(Path.cwd() / ".intelmig" / "neo4j"),
                   help="data directory (default: ./.intelmig/neo4j)")
    p.add_argument("--host", default="127.0.0.1", help="bind address (default loopback only)")
    p.add_argument("--pagecache", default="128m")
    p.add_argument("--timeout", type=float, default=180)
    a = p.parse_args(argv)

    from_env = bool(os.environ.get(PASSWORD_ENV))
    print(f"Starting Neo4j {NEO4J_VERSION} (data: {a.data}) ...", flush=True)
    srv = start(a.data, port=a.port, host=a.host, timeout=a.timeout, pagecache=a.pagecache)
    print(ready_message(srv, from_env), flush=True)
    print("Ctrl-C to stop.", flush=True)
    try:
        _wait_forever(check=srv.is_running)
    finally:
        print("Stopping Neo4j ...", flush=True)
        rc = srv.stop()
        print(f"Neo4j stopped (exit code {rc}).", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
