"""Time every figure on a 200-country slice (target: each <= 5 s), end to end.

A synthetic MPIDR-layout flows file (``benchmarks/synthetic.py``, seeded: the same
data every run) with about 10,000 rows a year, 1998-2020, so the 2019 slice has
~250 places and ~9,000 corridors, like the MPIDR 2019 slice. Each figure is drawn by
the installed ``intelmig export figure`` in a fresh process, as a user runs it, so the
time includes starting Python, opening the database and aggregating the slice.

Run: ``python benchmarks/figures.py [--rows 230000] [--keep DIR]``. Prints a Markdown
table of wall-clock and CPU seconds (user + system of the child: on a shared machine the
wall clock also counts the time other processes held the cores); exits 1 when a figure's
wall-clock time exceeds the target.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# The synthetic generators live beside this script (benchmarks/synthetic.py).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
TARGET_SECONDS = 5.0
FIGURES = [
    ("map", ["--figure", "map", "--year", "2019"]),
    ("map (effectiveness)", ["--figure", "map", "--measure", "effectiveness", "--year", "2019"]),
    ("flowmap", ["--figure", "flowmap", "--year", "2019"]),
    ("chord", ["--figure", "chord", "--year", "2019"]),
    ("heatmap", ["--figure", "heatmap", "--year", "2019"]),
    ("network", ["--figure", "network", "--year", "2019"]),
    ("hubs", ["--figure", "hubs", "--year", "2019"]),
    ("series (2015-2020)", ["--figure", "series", "--place", "KAZ", "--place", "USA",
                            "--from", "2015", "--to", "2020"]),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=230_000)
    parser.add_argument("--keep", type=Path, help="keep the database and figures here")
    args = parser.parse_args()
    from benchmarks.synthetic import write_scholarly_flows

    work = args.keep or Path(tempfile.mkdtemp(prefix="intelmig-figures-"))
    work.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "INTELMIG_DB": str(work / "db.lbug"),
           "INTELMIG_WORKSPACE": str(work / "ws")}
    intelmig = [sys.executable, "-c", "from intelmig.cli import main; main()"]
    if not (work / "db.lbug").exists():
        write_scholarly_flows(work / "flows.csv", args.rows)
        subprocess.run([*intelmig, "import", "scholarly-flows", str(work / "flows.csv"),
                        "--dataset-id", "synthetic"], env=env, check=True,
                       capture_output=True)
    print("| figure | seconds (png, 300 dpi) | CPU seconds | target | ok |")
    print("|---|---|---|---|---|")
    failed = False
    for name, figure_args in FIGURES:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run([*intelmig, "export", "figure", *figure_args, "-o",
                        str(work / f"{name.split()[0]}.png")], env=env, check=True,
                       capture_output=True)
        seconds = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        failed |= seconds > TARGET_SECONDS
        print(f"| {name} | {seconds:.1f} | {cpu:.1f} | <= {TARGET_SECONDS:.0f} s | "
              f"{'yes' if seconds <= TARGET_SECONDS else 'NO'} |", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
