"""End to end, as a user with an installed intelmig: the wheel goes into a fresh venv; from a
temporary working directory `intelmig neo4j install` builds the launcher into the data
folder, `intelmig neo4j start` runs Neo4j, `intelmig seed` loads it and `intelmig browser`
serves Neo4j Browser. Headless Chromium connects: the Browser opens styled and guided (the
server's post-connect commands), a guide query runs, a node is captioned by its name.
No output, log or page shows the password. Screenshots are kept in tests/_output.

Uses Debian's chromium (no browser download) driven by Playwright. On CI (CI=true) a
missing chromium, Playwright, Java or Maven is a test error; elsewhere the test is skipped.
The fresh venv gets the wheel with pip and, to stay fast, reuses the test environment's
installed dependencies through a .pth file (intelmig itself comes only from the wheel).
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import pytest

from .conftest import ROOT, on_ci

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"]
TIMEOUT_MS = 90_000
KEEP = ROOT / "tests" / "_output"


def _need(condition: bool, what: str) -> None:
    if not condition:
        if on_ci():
            pytest.fail(f"{what} is missing (tools/test.sh installs it)")
        pytest.skip(f"{what} is missing")


def _playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _need(False, "playwright (pip install '.[test]')")
    return sync_playwright


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A fresh venv with the wheel of this checkout; returns its bin folder."""
    root = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w",
                    str(root / "dist"), str(ROOT)], check=True)
    wheel = next((root / "dist").glob("intelmig-*.whl"))
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q",
                    "--no-deps", str(wheel)], check=True)
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()"
                           "['purelib'])"], capture_output=True, text=True, check=True
                          ).stdout.strip()
    (Path(site) / "test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv / "bin"


class Service:
    """A long-running `intelmig` command; its output is collected for the password check."""

    def __init__(self, args, cwd, env):
        self.process = subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True)
        self.lines: list[str] = []

    def wait_for(self, prefix: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            self.lines.append(line)
            if line.startswith(prefix):
                return line
        self.stop()
        pytest.fail(f"no line starting {prefix!r}:\n{''.join(self.lines)}")

    def stop(self) -> str:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # Ctrl-C: Neo4j stops cleanly
            try:
                self.process.wait(90)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.lines.extend(self.process.stdout.readlines())
        return "".join(self.lines)


def test_installed_intelmig_serves_a_styled_guided_browser(installed, tmp_path, seed_dataset):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    _need(chromium is not None, "chromium (Debian: apt-get install chromium)")
    _need(shutil.which("java") is not None, "java 17 or 21")
    _need(shutil.which("mvn") is not None, "maven")
    sync_playwright = _playwright()
    password = "e2e-" + secrets.token_hex(8)
    bolt_port, http_port = _free_port(), _free_port()
    bolt = f"bolt://127.0.0.1:{bolt_port}"
    work = tmp_path / "anywhere"
    work.mkdir()
    env = {**os.environ, "PATH": f"{installed}{os.pathsep}{os.environ['PATH']}",
           "XDG_DATA_HOME": str(tmp_path / "data"), "NEO4J_PASSWORD": password,
           "INTELMIG_DB": str(tmp_path / "intelmig.lbug")}
    intelmig = str(installed / "intelmig")
    located = subprocess.run([str(installed / "python"), "-c",
                              "import intelmig; print(intelmig.__file__)"],
                             capture_output=True, text=True, env=env, cwd=work).stdout
    assert located.startswith(str(installed.parent)), located  # the wheel, not the checkout

    install = subprocess.run([intelmig, "neo4j", "install"], cwd=work, env=env,
                             capture_output=True, text=True, timeout=900)
    assert install.returncode == 0, install.stdout + install.stderr
    assert "Installing Neo4j 5.26" in install.stderr  # the progress line
    home = tmp_path / "data" / "intelmig" / "neo4j-launcher"
    assert any((home / "target" / "lib").glob("neo4j-kernel-*.jar"))

    server = Service([intelmig, "neo4j", "start", "--port", str(bolt_port), "--data",
                      str(tmp_path / "neo4j"), "--browser-port", str(http_port)], work, env)
    browser = None
    outputs = [install.stdout, install.stderr]
    try:
        server.wait_for("Neo4j is ready", 400)
        seeded = subprocess.run([intelmig, "seed", "--store", "neo4j", "--uri", bolt],
                                cwd=work, env=env, capture_output=True, text=True, timeout=600)
        outputs += [seeded.stdout, seeded.stderr]
        assert seeded.returncode == 0, seeded.stdout + seeded.stderr
        browser = Service([intelmig, "browser", "--port", str(http_port), "--no-open",
                           "--bolt", bolt], work, env)
        url = browser.wait_for("Neo4j Browser: http://127.0.0.1:", 120).split(": ", 1)[1].strip()
        shots = _drive_browser(sync_playwright, chromium, url, bolt, password, tmp_path)
    finally:
        if browser is not None:
            outputs.append(browser.stop())
        outputs.append(server.stop())
    assert server.process.returncode == 0

    stages = sorted((n.props["ordinal"], n.props["name"]) for n in seed_dataset.nodes
                    if n.label == "Era" and n.props.get("scheme") == "maksakovsky")
    assert len(stages) == 4
    for _, name in stages:
        assert name in shots["stages_text"]
    # captioned by `name` (the Browser shortens a long caption with an ellipsis to fit)
    captions = [c.strip().rstrip("…") for c in shots["captions"]]
    assert any(len(c) >= 6 and "Kazakhstan".startswith(c) for c in captions), captions
    country = re.search(r"node\.Country\s*\{[^}]*?color:\s*(#[0-9A-F]{6})",
                        (ROOT / "cypher" / "intelmig.grass").read_text(encoding="utf-8"))
    red, green, blue = (int(country.group(1)[i:i + 2], 16) for i in (1, 3, 5))
    wanted = {country.group(1).lower(), f"rgb({red}, {green}, {blue})"}
    fills = {(value or "").lower() for pair in shots["fills"] for value in pair}
    assert wanted & fills, fills  # Countries have the style sheet's colour
    assert "Intellectual migration" in shots["guide_text"]
    logs = [(tmp_path / "neo4j" / "launcher.log").read_text(errors="replace")]
    assert not [text for text in outputs + logs + shots["page_texts"] if password in text]
    assert "NEO4J_PASSWORD=<your password>" in "".join(outputs)
    KEEP.mkdir(exist_ok=True)
    for path in shots["files"]:
        assert path.stat().st_size > 10_000
        shutil.copy(path, KEEP / path.name)


def _drive_browser(sync_playwright, chromium, url, bolt, password, tmp_path) -> dict:
    shots = {"files": [], "page_texts": []}
    with sync_playwright() as playwright:
        chrome = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS,
                                            headless=True)
        try:
            page = chrome.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(url)
            page.get_by_test_id("bolt-scheme-select").select_option("bolt://")
            page.get_by_test_id("boltaddress").fill(bolt.split("://", 1)[1])
            page.get_by_test_id("username").fill("neo4j")
            page.get_by_test_id("password").fill(password)
            page.get_by_test_id("connect").click()
            page.get_by_text("You are connected as user").wait_for()

            # post_connect_cmd: the style sheet, then the guide, both from this origin
            page.get_by_test_id("frame").filter(has_text="intelmig.grass").first.wait_for()
            guide = page.get_by_test_id("frame").filter(has_text="guide.html").first
            guide.get_by_text("Intellectual migration").wait_for()
            shots["guide_text"] = guide.inner_text()
            shots["files"].append(_shot(page, tmp_path / "neo4j-browser-guide.png"))

            guide.get_by_test_id("nextSlide").click()  # slide 1: the stages
            guide.locator("pre.runnable", has_text="scheme: 'maksakovsky'").first.click()
            page.get_by_test_id("editor-Run").click()
            page.get_by_text("Started streaming 4 records").wait_for()
            shots["stages_text"] = page.get_by_test_id("frame").first.inner_text()
            shots["files"].append(_shot(page, tmp_path / "neo4j-browser-stages.png"))

            page.get_by_test_id("activeEditor").click()
            page.keyboard.insert_text("MATCH (c:Country {name: 'Kazakhstan'})-[r:PART_OF]->(g)"
                                      " RETURN c, r, g")
            page.get_by_test_id("editor-Run").click()
            frame = page.get_by_test_id("frame").first
            frame.locator("svg g.node text").first.wait_for()
            page.wait_for_timeout(2000)  # let the layout settle for the picture
            shots["captions"] = frame.locator("svg g.node text").all_text_contents()
            shots["fills"] = frame.locator("svg g.node circle").evaluate_all(
                "els => els.map(e => [e.getAttribute('fill'), getComputedStyle(e).fill])")
            shots["files"].append(_shot(page, tmp_path / "neo4j-browser-kazakhstan.png"))
            shots["page_texts"].append(page.content())
        finally:
            chrome.close()
    return shots


def _shot(page, path):
    page.screenshot(path=str(path), full_page=True)
    return path
