"""Import of an MPIDR country table, end to end and phase by phase, beside its floors.

    python benchmarks/countries.py FILE [--repeat 3] [--python PYTHON] [--keep DIR]

FILE is a whole MPIDR country table, e.g. ``data_input/scopus_2024_V1_scholarlymigration_
country.csv`` of the MPIDR repository (5,675 rows; AGPL-3.0, so it is not in this
repository: pass your copy). ``--python`` is the interpreter of the intelmig to measure
(default: this one), so that two installations (two models, with and without pandas)
can be measured in the same run. Each step runs in a fresh process, ``--repeat`` times;
the table gives the median wall and CPU (user + system) seconds, peak RSS and the load
average before the step:

* ``python -c pass`` and ``import intelmig.cli`` (``intelmig --help``): process start;
* ``import --no-store``: read, check and stage the table (Parquet in the workspace);
* ``import``: the same into a workspace whose database holds the seed (copied fresh for
  every repetition) -- the figure of issue 15 (target <= 2 s);
* ``raw COPY``: a process that only imports LadybugDB, copies the seeded database,
  opens it, COPYs the staged nodes and ABOUT edges and closes it: the floor of the
  database part, in the same run;
* phases: one more ``import`` with timers around its parts (seed read for the build
  record, database opens, the file copy, country nodes, each COPY, closing = checkpoint).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.run import RUN_CLI, measured  # peak RSS from VmHWM: ru_maxrss survives exec


# LadybugDB alone: the database work of an import without intelmig around it.
RAW_COPY = """\
import json, shutil, sys
import ladybug
seeded, target, nodes, rels, countries = sys.argv[1:6]
shutil.copyfile(seeded, target)
db = ladybug.Database(target)
conn = ladybug.Connection(db)
conn.execute("UNWIND $ids AS id CREATE (:Country {id: id})", {"ids": json.loads(countries)})
for label, path in json.loads(nodes):
    conn.execute(f"COPY {label} FROM ['{path}']")
for rel, source, target_label, path in json.loads(rels):
    conn.execute(f"COPY {rel} FROM ['{path}'] (from='{source}', to='{target_label}')")
conn.close()
db.close()
"""

# The import with timers around its parts; prints one JSON line of phase -> seconds.
PHASES = """\
import json, shutil, sys, time
start = time.perf_counter()
spent = {}

def timed(owner, name, phase):
    original = getattr(owner, name)
    def wrapper(*args, **kwargs):
        began, cpu = time.perf_counter(), time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            key = phase(*args) if callable(phase) else phase
            wall_cpu = spent.setdefault(key, [0.0, 0.0])
            wall_cpu[0] += time.perf_counter() - began
            wall_cpu[1] += time.process_time() - cpu
    setattr(owner, name, wrapper)

import ladybug
from intelmig.cli import main
spent["imports of the CLI (after interpreter start)"] = [time.perf_counter() - start,
                                                         time.process_time()]
import intelmig.importers as importers
import intelmig.stores.embedded as embedded
import intelmig.stores.target as target

def query_phase(conn, query, *rest):
    text = str(query)
    if text.startswith("COPY "):
        return "COPY " + text.split()[1]
    if "CREATE (:Country" in text:
        return "country nodes (UNWIND)"
    return "other queries"

timed(importers, "stage_dataset", "staging (read, check, Parquet)")
timed(target, "_packaged_seed", "seed read (fingerprint of the build record)")
timed(embedded, "_build_record", "build record read (one query)")
timed(shutil, "copyfile", "copy of the database file")
timed(ladybug.Database, "__init__", "database opens")
timed(ladybug.Database, "close", "database closes (checkpoint)")
timed(ladybug.Connection, "execute", query_phase)
try:
    main()
except SystemExit:
    pass
spent["total (after interpreter start)"] = [time.perf_counter() - start, time.process_time()]
print(json.dumps(spent))
"""


def median(runs: list[dict]) -> dict:
    return {key: statistics.median(r[key] for r in runs)
            for key in ("wall", "cpu", "rss", "load")}


def bench(table: Path, python: str, repeat: int, work: Path) -> tuple[list, dict]:
    cli = [python, "-c", RUN_CLI]
    seeded = work / "seeded.lbug"
    env = {"INTELMIG_DB": str(seeded), "INTELMIG_WORKSPACE": str(work / "seed-ws")}
    measured([*cli, "seed"], env)
    rows = []

    def step(name: str, make) -> None:
        runs = []
        for index in range(repeat):
            command, env = make(index)
            runs.append(measured(command, env))
        rows.append((name, median(runs)))

    step("python -c pass", lambda i: ([python, "-c", "pass"], {}))
    step("intelmig --help (imports of the CLI)", lambda i: ([*cli, "--help"], {}))

    def staged(i):
        return ([*cli, "import", "scholarly-countries", str(table), "--no-store"],
                {"INTELMIG_WORKSPACE": str(work / f"staged-{i}"),
                 "INTELMIG_DB": str(work / f"staged-{i}.lbug")})

    step("import --no-store (staging only)", staged)

    def imported(i):
        folder = work / f"import-{i}"
        folder.mkdir()
        shutil.copyfile(seeded, folder / "db.lbug")
        return ([*cli, "import", "scholarly-countries", str(table)],
                {"INTELMIG_WORKSPACE": str(folder / "ws"), "INTELMIG_DB": str(folder / "db.lbug")})

    step("**import into the seeded database**", imported)
    dataset = next((work / "import-0" / "ws").iterdir())
    manifest = json.loads((dataset / "manifest.json").read_text())
    nodes, rels = [], []
    scratch = work / "raw-nodes"
    scratch.mkdir()
    for name in manifest["files"]:
        parts = name.split(".")
        if parts[0] == "nodes":
            # The COPY layout of the loader (every schema column, ``name`` derived).
            subprocess.run([python, "-c", COPY_LAYOUT, str(dataset / name),
                            str(scratch / name), parts[1]], check=True)
            nodes.append((parts[1], str(scratch / name)))
        elif parts[0] == "rels":
            rels.append((parts[1], parts[2], parts[3], str(dataset / name)))
    with tempfile.TemporaryDirectory() as probe:
        countries = sorted(set(manifest.get("countries", [])) - _seed_countries(python, seeded,
                                                                                 probe))
    step("raw COPY (LadybugDB alone: copy, open, COPY, close)",
         lambda i: ([python, "-c", RAW_COPY, str(seeded), str(work / f"raw-{i}.lbug"),
                     json.dumps(nodes), json.dumps(rels), json.dumps(countries)], {}))
    folder = work / "phases"
    folder.mkdir()
    shutil.copyfile(seeded, folder / "db.lbug")
    done = measured([python, "-c", PHASES, "import", "scholarly-countries", str(table)],
                   {"INTELMIG_WORKSPACE": str(folder / "ws"),
                    "INTELMIG_DB": str(folder / "db.lbug")})
    phases = json.loads(done["out"].strip().splitlines()[-1])
    phases["load"] = done["load"]
    rows.append(("written", {"nodes": sum(_rows(python, p) for _, p in nodes),
                             "rels": sum(_rows(python, r[3]) for r in rels),
                             "db_growth_mb": ((work / "import-0" / "db.lbug").stat().st_size
                                              - seeded.stat().st_size) / 2**20}))
    return rows, phases


COPY_LAYOUT = """\
import sys
import pyarrow as pa, pyarrow.parquet as pq
from intelmig.importers.sink import node_schema
from intelmig.schema import display_names
source, target, label = sys.argv[1:4]
schema = node_schema(label)
table = pq.read_table(source)
for name in schema.names:
    if name not in table.column_names:
        table = table.append_column(name, pa.nulls(table.num_rows, schema.field(name).type))
table = table.set_column(schema.names.index("name"), "name", display_names(table))
pq.write_table(table.select(schema.names).cast(schema), target)
"""


def _seed_countries(python: str, seeded: Path, scratch: str) -> set:
    copy = Path(scratch) / "probe.lbug"
    shutil.copyfile(seeded, copy)
    out = subprocess.run([python, "-c", "import sys, json, ladybug; c = ladybug.Connection("
                          "ladybug.Database(sys.argv[1])); print(json.dumps([r[0] for r in "
                          "c.execute('MATCH (n:Country) RETURN n.id').get_all()]))", str(copy)],
                         capture_output=True, text=True, check=True).stdout
    return set(json.loads(out))


def _rows(python: str, path: str) -> int:
    out = subprocess.run([python, "-c", "import sys, pyarrow.parquet as pq; "
                          "print(pq.ParquetFile(sys.argv[1]).metadata.num_rows)", path],
                         capture_output=True, text=True, check=True).stdout
    return int(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("table", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="intelmig-countries-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        rows, phases = bench(args.table.resolve(), args.python, args.repeat, work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    pandas = subprocess.run([args.python, "-c", "import pandas"], capture_output=True)
    print(f"{args.python}: pandas {'installed' if pandas.returncode == 0 else 'absent'}; "
          f"{os.cpu_count()} cores; medians of {args.repeat}")
    print("| step | wall s | CPU s | peak MB | load avg |")
    print("|---|---|---|---|---|")
    for name, t in rows:
        if name == "written":
            continue
        print(f"| {name} | {t['wall']:.2f} | {t['cpu']:.2f} | {t['rss']:.0f} | "
              f"{t['load']:.1f} |")
    written = rows[-1][1]
    print(f"\nwritten: {written['nodes']:,} nodes, {written['rels']:,} relationships; "
          f"database file +{written['db_growth_mb']:.1f} MB")
    print(f"\nphases of one import (load {phases.pop('load'):.1f}; CPU of this process's "
          "threads):")
    print("| phase | wall s | CPU s |")
    print("|---|---|---|")
    for name, (wall, cpu) in phases.items():
        print(f"| {name} | {wall:.2f} | {cpu:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
