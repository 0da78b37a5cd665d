"""Person-level scale: import a person file of N person-year rows and roll it up, timed.

    python benchmarks/persons.py [--sizes 1e5,1e6] [--keep DIR]

Per size N, a synthetic Wikidata/ORCID-style person file (``benchmarks/synthetic.py``,
``write_persons``: 10 rows a person, 20 countries, 5 % second affiliations in a year),
each step in a fresh process as a user runs it:

* ``import --rollup``: ``intelmig import persons FILE --rollup`` end to end into an
  empty workspace and embedded database (target: <= 60 s and <= 2 GB at 10^6 rows);
* ``staging``: the same with ``--no-store`` (read, order the moves, write Parquet);
* ``store load``: ``intelmig rebuild`` of that workspace (seed + COPY of Person, Flow,
  FROM, TO, BY and MIGRATED_TO);
* baseline: pandas reading the same CSV and counting each person's changes of country
  in year order (sort, shift, compare) -- the core of the staging step without its rules.

Prints a Markdown table: wall and CPU (user + system) seconds and peak RSS of each
step, and the load average when it ran (on a shared machine the wall clock also counts
the time other processes held the cores).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
TARGET_SECONDS = 60.0
TARGET_MB = 2048.0
BASELINE = """
import sys
import pandas as pd
people = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
people["year"] = people["year"].astype(int)
people = people.sort_values(["person", "year"], kind="stable")
before = people.groupby("person", sort=False)["country"].shift()
before = before.fillna(people["birth_country"])
print(int((before != people["country"]).sum()))
"""


def timed(command: list[str], env: dict) -> dict:
    """Run ``command``; its wall and CPU seconds, peak RSS (MB) and the load average."""
    load = os.getloadavg()[0]
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    out, err = process.stdout.read(), process.stderr.read()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{out}{err}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
            "rss": usage.ru_maxrss / 1024, "load": load, "out": out.strip()}


def bench_persons(sizes: list[int], work: Path) -> list[list]:
    """Time import, staging, store load and the pandas baseline at each size.

    Returns
    -------
    list of list
        One row a step: size, step, wall s, CPU s, peak MB, load average, note.
    """
    from benchmarks.synthetic import write_persons

    intelmig = [sys.executable, "-c", "from intelmig.cli import main; main()"]
    results = []
    for size in sizes:
        folder = work / f"p{size}"
        folder.mkdir(parents=True)
        csv = folder / "people.csv"
        write_persons(csv, size)

        def env(name):
            return {**os.environ, "INTELMIG_DB": str(folder / f"{name}.lbug"),
                    "INTELMIG_WORKSPACE": str(folder / f"{name}-ws")}

        full = timed([*intelmig, "import", "persons", str(csv), "--rollup"], env("full"))
        ok = full["wall"] <= TARGET_SECONDS and full["rss"] <= TARGET_MB
        results.append([size, "import --rollup", full, "target <= 60 s, <= 2 GB: "
                        + ("met" if ok else "NOT met")])
        staged = timed([*intelmig, "import", "persons", str(csv), "--rollup", "--no-store"],
                       env("staged"))
        results.append([size, "staging (--no-store)", staged, ""])
        load = timed([*intelmig, "rebuild"], env("staged"))
        results.append([size, "store load (rebuild)", load, "seed + COPY"])
        base = timed([sys.executable, "-c", BASELINE, str(csv)], os.environ.copy())
        results.append([size, "pandas baseline", base, f"{int(base['out']):,} changes; "
                        f"staging / pandas = {staged['wall'] / base['wall']:.1f}x"])
        shutil.rmtree(folder)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1e5,1e6")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    sizes = [int(float(size)) for size in args.sizes.split(",")]
    work = args.keep or Path(tempfile.mkdtemp(prefix="intelmig-persons-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        results = bench_persons(sizes, work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{os.cpu_count()} cores; peak RSS of this script (writing the files) {own:.0f} MB")
    print("| rows | step | wall s | CPU s | peak MB | load avg | note |")
    print("|---|---|---|---|---|---|---|")
    failed = False
    for size, step, t, note in results:
        failed |= "NOT met" in note
        print(f"| {size:,} | {step} | {t['wall']:.1f} | {t['cpu']:.1f} | {t['rss']:.0f} | "
              f"{t['load']:.1f} | {note} |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
