"""Regenerate the figures shown in docs/exports.md: ``python docs/img/make.py``.

Builds two throwaway databases (the packaged seed; the seed plus the World Bank excerpt
of ``tests/fixtures/figures``) and a synthetic 200-country one, draws every figure with
the installed ``intelmig export figure`` at 300 dpi, and keeps a 900-pixel-wide copy
here, so the docs stay small. ``python docs/img/make.py explorer`` only takes the
picture of the HTML explorer (``intelmig export html`` of the seed, Kazakhstan clicked,
in Debian's headless Chromium driven by Playwright).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))  # the synthetic generators: benchmarks/synthetic.py
WORLDBANK = ROOT / "tests" / "fixtures" / "figures" / "worldbank_gbmd_excerpt.csv"
WIDTH = 900

FIGURES = {
    "seed": [
        ("network-seed", ["--figure", "network", "--era", "stage3"]),
        ("stages-seed", ["--figure", "stages"]),
        ("hubs-seed", ["--figure", "hubs", "--era", "stage4"]),
    ],
    "worldbank": [
        ("map-worldbank", ["--figure", "map", "--year", "2000"]),
        ("map-worldbank-kk", ["--figure", "map", "--year", "2000", "--lang", "kk"]),
        ("chord-worldbank", ["--figure", "chord", "--year", "2000"]),
        ("heatmap-worldbank", ["--figure", "heatmap", "--year", "2000"]),
        ("series-worldbank", ["--figure", "series", "--place", "RUS", "--place", "POL",
                              "--place", "UKR"]),
    ],
    "synthetic": [
        ("network-200", ["--figure", "network", "--year", "2019"]),
        ("flowmap-200", ["--figure", "flowmap", "--year", "2019"]),
        ("map-200", ["--figure", "map", "--year", "2019", "--measure", "effectiveness"]),
    ],
}


def run(args, env):
    subprocess.run([sys.executable, "-c", "from intelmig.cli import main; main()", *args],
                   env=env, check=True, capture_output=True)


def shrink(full: Path, stem: str) -> None:
    from PIL import Image

    with Image.open(full) as image:
        small = image.convert("RGB")
        small = small.resize((WIDTH, round(image.height * WIDTH / image.width)), Image.LANCZOS)
        small.save(HERE / f"{stem}.png", optimize=True)
    print(HERE / f"{stem}.png")


def explorer() -> None:
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="intelmig-docs-img-"))
    env = {**os.environ, "INTELMIG_DB": str(work / "seed.lbug"),
           "INTELMIG_WORKSPACE": str(work / "seed-ws")}
    run(["seed"], env)
    page_path = work / "explorer.html"
    run(["export", "html", "--era", "stage3", "-o", str(page_path)], env)
    with sync_playwright() as playwright:
        chrome = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                            args=["--headless", "--no-sandbox"])
        page = chrome.new_page(viewport={"width": 1400, "height": 860})
        page.goto(page_path.as_uri())
        page.wait_for_function("window.intelmigExplorer !== undefined")
        box = page.locator("#graph").bounding_box()
        spot = page.evaluate("window.intelmigExplorer.cy.$id('KAZ').renderedPosition()")
        page.mouse.click(box["x"] + spot["x"], box["y"] + spot["y"])
        page.screenshot(path=str(work / "explorer.png"))
        chrome.close()
    shrink(work / "explorer.png", "explorer-seed")


def main() -> None:

    from benchmarks.synthetic import write_scholarly_flows

    work = Path(tempfile.mkdtemp(prefix="intelmig-docs-img-"))
    for name, figures in FIGURES.items():
        env = {**os.environ, "INTELMIG_DB": str(work / f"{name}.lbug"),
               "INTELMIG_WORKSPACE": str(work / f"{name}-ws")}
        if name == "seed":
            run(["seed"], env)
        elif name == "worldbank":  # an import rebuilds the store: the seed plus the data
            run(["import", "worldbank", str(WORLDBANK)], env)
        elif name == "synthetic":
            write_scholarly_flows(work / "flows.csv", 230_000)
            run(["import", "scholarly-flows", str(work / "flows.csv"), "--dataset-id",
                 "synthetic"], env)
        for stem, args in figures:
            full = work / f"{stem}.png"
            run(["export", "figure", *args, "-o", str(full)], env)
            shrink(full, stem)
    explorer()


if __name__ == "__main__":
    explorer() if sys.argv[1:] == ["explorer"] else main()
