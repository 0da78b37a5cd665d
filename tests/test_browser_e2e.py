"""End to end: `intelmig browser` serves Neo4j Browser; headless Chromium connects it to
the session's Neo4j, runs a named query and the answer appears on the page.

Uses Debian's chromium (no browser download) driven by Playwright. On CI (CI=true) a
missing chromium or Playwright is a test error; elsewhere the test is skipped.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from intelmig.queries import get_query

from .conftest import ROOT, on_ci

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"]
TIMEOUT_MS = 60_000


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if on_ci():
            pytest.fail("chromium is not installed (tools/test.sh installs Debian's chromium)")
        pytest.skip("no chromium on PATH (Debian: apt-get install chromium)")
    return path


def _playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if on_ci():
            raise
        pytest.skip("playwright is not installed (pip install -e '.[test]')")
    return sync_playwright


@pytest.fixture
def served_browser(neo4j_server):
    """`intelmig browser` in a subprocess on a free port; yields its URL."""
    process = subprocess.Popen(
        [sys.executable, "-c", "from intelmig.cli import main; main()", "browser", "--port", "0",
         "--no-open", "--bolt", neo4j_server.uri],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        first = process.stdout.readline()
        if not first.startswith("Neo4j Browser: http://127.0.0.1:"):
            process.kill()
            pytest.fail(f"intelmig browser did not start: {first}{process.stderr.read()}")
        yield first.split(": ", 1)[1].strip()
    finally:
        process.terminate()
        process.wait(10)


def test_a_named_query_runs_in_neo4j_browser(served_browser, neo4j_server, neo4j_store,
                                              tmp_path):
    chromium = _chromium()
    sync_playwright = _playwright()
    query = get_query("stages")
    expected = neo4j_store.run(query.text).records()
    assert len(expected) == 4
    screenshot = tmp_path / "neo4j-browser-stages.png"
    host_port = neo4j_server.uri.split("://", 1)[1]

    with sync_playwright() as playwright:
        chrome = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS,
                                            headless=True)
        try:
            page = chrome.new_page(viewport={"width": 1400, "height": 900})
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(served_browser)
            page.get_by_test_id("bolt-scheme-select").select_option("bolt://")
            page.get_by_test_id("boltaddress").fill(host_port)
            page.get_by_test_id("username").fill(neo4j_server.user)
            page.get_by_test_id("password").fill(neo4j_server.password)
            page.get_by_test_id("connect").click()
            page.get_by_text("You are connected as user").wait_for()

            page.get_by_test_id("activeEditor").click()
            page.keyboard.insert_text(query.text)
            page.get_by_test_id("editor-Run").click()
            page.get_by_text("Started streaming 4 records").wait_for()
            frame_text = page.get_by_test_id("frame").first.inner_text()
            page.screenshot(path=str(screenshot), full_page=True)
        finally:
            chrome.close()

    for row in expected:
        assert f'"{row["id"]}"' in frame_text
        assert f'"{row["name"]}"' in frame_text
    assert screenshot.stat().st_size > 10_000
    keep = ROOT / "tests" / "_output"
    keep.mkdir(exist_ok=True)
    shutil.copy(screenshot, keep / screenshot.name)
