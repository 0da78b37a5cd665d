"""Import and query benchmarks, each figure next to a baseline measured in the same run.

    python benchmarks/run.py [--sizes 1e4,1e5,1e6] [--large] [--store embedded|neo4j] [--keep DIR]
    python benchmarks/run.py --hubs DIR/n1000000 [--repeat 5]

Embedded (default), per size N of synthetic MPIDR flows:

* ``import``: ``intelmig import scholarly-flows`` end to end in a fresh process
  (CSV parse, country resolution, Parquet workspace, seed + COPY rebuild) --
  wall time, rows/s and peak RSS; baseline: LadybugDB's own ``COPY MIGRATED_TO``
  of the same normalised rows into a database with only the schema and countries.
* ``hubs``: ``intelmig hubs --year Y --top 10`` on the imported store, wall time
  including process start and peak RSS; baselines: pandas reading the same Parquet
  file and doing the same aggregation (year filter, in- and out-strength per place,
  top 10) in a fresh process, and ``store.to_networkx()`` (every edge pulled into
  networkx) then in-strength.
* ``export``: ``intelmig export csv --year Y`` (nodes.csv + edges.csv of the slice).
* ``seed``: ``intelmig seed`` wall time and peak RSS (the memory floor).
* growth: the exponent ``b`` of ``time = a * rows^b`` fitted by least squares on the
  logarithms, for import, hubs and export over the sizes run.
* ``--help``: ``intelmig --help``; baseline: ``python -c pass``.
* ``--hubs DIR``: only ``hubs`` and its pandas baseline, alternated ``--repeat`` times on
  a size folder kept by ``--keep`` (medians, best, CPU seconds), to measure a query change
  without importing again.
* incremental: ``import`` and ``datasets remove`` of 10^4 flows in a workspace that
  already holds N rows, best of three rounds; baseline: the same into a workspace holding
  only the seed.

Neo4j (``--store neo4j``) needs tools/neo4j/neo4j_launcher.py and a JDK; it compares
``Neo4jStore.load_migrations`` with the server's ``LOAD CSV ... CALL {} IN TRANSACTIONS`` and with
one driver transaction per row (on at most 2,000 rows, extrapolated).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
# Peak RSS from VmHWM, which starts afresh at exec: getrusage's ru_maxrss survives exec
# and so counted this (large) benchmark process, which forked the child (860 MB
# reported for a hubs run that peaks at 253 MB).
RUN_CLI = """\
import sys
from intelmig.cli import main
try:
    main()
except SystemExit as done:
    code = done.code
else:
    code = 0
with open("/proc/self/status") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM"))
print(f"peak_rss_mb={peak / 1024:.0f}", file=sys.stderr)
sys.exit(code)
"""


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory = next(int(line.split()[1]) // 1024 for line in
                      Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal"))
    except (OSError, StopIteration):
        memory = 0
    import ladybug
    import pyarrow

    return (f"{cpu}, {os.cpu_count()} cores, {memory} MB RAM, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}, ladybug "
            f"{ladybug.__version__}, pyarrow {pyarrow.__version__}")


def intelmig(args, env) -> tuple[float, int, str]:
    """Run the CLI in a fresh process; wall seconds, peak RSS (MB) and output."""
    started = time.perf_counter()
    done = subprocess.run([PYTHON, "-c", RUN_CLI, *args], env={**os.environ, **env},
                          capture_output=True, text=True, cwd=ROOT)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"intelmig {' '.join(args)} failed:\n{done.stderr}")
    rss = int(done.stderr.rsplit("peak_rss_mb=", 1)[1].split()[0])
    return elapsed, rss, done.stdout


def measured(command: list[str], env: dict) -> dict:
    """Run ``command`` in a fresh process: wall and CPU seconds, peak RSS (MB), the load
    average before it, its stdout. The peak is the child's ``VmHWM`` when it prints one
    (``RUN_CLI``), else its ``ru_maxrss``."""
    load = os.getloadavg()[0]
    began = time.perf_counter()
    process = subprocess.Popen(command, env={**os.environ, **env}, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - began
    out, err = process.stdout.read(), process.stderr.read()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{out}{err}")
    rss = (int(err.rsplit("peak_rss_mb=", 1)[1].split()[0]) if "peak_rss_mb=" in err
           else usage.ru_maxrss / 1024)
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss": rss, "load": load,
            "out": out}


def raw_copy_seconds(parquet: Path, countries: list[str], folder: Path) -> float:
    """LadybugDB's own COPY of the normalised rows: schema + countries, then time COPY only."""
    import ladybug

    from intelmig.schema import ladybug_ddl

    db = ladybug.Database(str(folder / "raw.lbug"))
    conn = ladybug.Connection(db)
    for statement in ladybug_ddl():
        conn.execute(statement)
    conn.execute("UNWIND $ids AS i CREATE (:Country {id: i, kind: 'Country'})",
                 {"ids": countries})
    started = time.perf_counter()
    conn.execute(f"COPY MIGRATED_TO FROM '{parquet}' (from='Country', to='Country')")
    elapsed = time.perf_counter() - started
    conn.close()
    db.close()
    return elapsed


def networkx_hubs_seconds(db_path: Path, year: int) -> float:
    from intelmig.stores.embedded import EmbeddedStore

    started = time.perf_counter()
    with EmbeddedStore(db_path) as store:
        graph = store.to_networkx()
    strength: dict = {}
    for _, target, data in graph.edges(data=True):
        if data.get("type") == "MIGRATED_TO" and data.get("year") == year:
            strength[target] = strength.get(target, 0) + (data.get("value") or 0)
    sorted(strength.items(), key=lambda kv: -kv[1])[:10]
    return time.perf_counter() - started


PANDAS_HUBS = """\
import sys, time
started = time.perf_counter()
import pandas as pd
imported = time.perf_counter()
rows = pd.read_parquet(sys.argv[1], columns=["from", "to", "measure", "year", "sex", "value"])
rows = rows[(rows["year"] == int(sys.argv[2])) & (rows["measure"] == "flow")
            & (rows["sex"].fillna("total") == "total") & (rows["from"] != rows["to"])]
corridors = rows.groupby(["from", "to"], sort=False)["value"].sum()
received = corridors.groupby(level="to").sum().nlargest(10)
sent = corridors.groupby(level="from").sum().nlargest(10)
print(time.perf_counter() - imported)
"""


def pandas_hubs_seconds(parquet: Path, year: int) -> tuple[float, float]:
    """pandas doing hubs' aggregation on the same Parquet: (wall with process start, after
    imports). Corridor sums, then in- and out-strength per place and the top 10 of each."""
    started = time.perf_counter()
    done = subprocess.run([PYTHON, "-c", PANDAS_HUBS, str(parquet), str(year)],
                          capture_output=True, text=True, check=True)
    return time.perf_counter() - started, float(done.stdout.split()[-1])


def growth_exponent(points: list[tuple[int, float]]) -> float:
    """``b`` of ``seconds = a * rows^b``, least squares on the logarithms.

    >>> round(growth_exponent([(10, 1.0), (100, 10.0), (1000, 100.0)]), 3)
    1.0
    """
    import math

    xs = [math.log(rows) for rows, _ in points]
    ys = [math.log(seconds) for _, seconds in points]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    return (sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys))
            / sum((x - mean_x) ** 2 for x in xs))


def bench_seed(work: Path, results: list) -> None:
    folder = work / "seed"
    env = {"INTELMIG_DB": str(folder / "db.lbug"), "INTELMIG_WORKSPACE": str(folder / "ws")}
    seconds, rss, _ = intelmig(["seed"], env)
    hubs, hubs_rss, _ = intelmig(["hubs"], env)
    results.append(row("intelmig seed (the article graph)", f"{seconds:.1f} s, {rss} MB",
                       "-", "<= 250 MB", rss <= 250))
    results.append(row("intelmig hubs on the article graph", f"{hubs:.2f} s, {hubs_rss} MB",
                       "-", "<= 250 MB", hubs_rss <= 250))


#: Every command a user runs on the article graph, for the 250 MB memory target.
ARTICLE_COMMANDS = [
    ["info"], ["datasets"], ["stats"], ["queries"], ["validate", "seed"], ["corridors"], ["timeline"],
    ["query", "MATCH (c:Country) RETURN count(c)"],
    ["export", "graphml", "-o", "{out}/g.graphml"], ["export", "gexf", "-o", "{out}/g.gexf"],
    ["export", "csv", "-o", "{out}/csv"], ["export", "json", "-o", "{out}/g.json"],
    ["export", "cypher", "-o", "{out}/g.cypher"], ["export", "neo4j-csv", "-o", "{out}/n4j"],
    ["export", "html", "-o", "{out}/g.html"], ["export", "bibtex", "-o", "{out}/r.bib"],
    ["export", "latex", "--table", "recipients", "--era", "stage3", "-o", "{out}/h.tex"],
    ["export", "figure", "--figure", "stages", "-o", "{out}/stages.png"],
    ["export", "figure", "--figure", "network", "-o", "{out}/network.png"],
]


def bench_commands(work: Path, results: list) -> None:
    """Peak memory of every command in ARTICLE_COMMANDS on the database of bench_seed."""
    folder = work / "seed"
    out = folder / "out"
    out.mkdir(exist_ok=True)
    env = {"INTELMIG_DB": str(folder / "db.lbug"), "INTELMIG_WORKSPACE": str(folder / "ws")}
    peaks = {}
    for args in ARTICLE_COMMANDS:
        args = [a.format(out=out) for a in args]
        if args[0] == "validate":
            args = ["validate", str(ROOT / "seed")]
        name = " ".join(a for a in args if not a.startswith(str(out)) and a != "-o")
        peaks[name] = intelmig(args, env)[1]
    worst = max(peaks, key=peaks.get)
    over = [f"{name} {mb} MB" for name, mb in peaks.items() if mb > 250]
    results.append(row(f"every other command on the article graph ({len(peaks)})",
                       f"highest {peaks[worst]} MB ({worst}); lowest {min(peaks.values())} MB",
                       "-", "<= 250 MB", not over))
    print("peak memory on the article graph: " + ", ".join(
        f"{name} {mb} MB" for name, mb in peaks.items()), file=sys.stderr)


def row(name, figure, baseline, target, ok) -> list[str]:
    return [name, figure, baseline, target, "yes" if ok else "NO"]


def bench_embedded(size: int, work: Path, results: list, skip_networkx_above: int,
                   growth: dict) -> None:
    import json

    from benchmarks.synthetic import write_scholarly_flows

    folder = work / f"n{size}"
    folder.mkdir()
    csv = folder / "flows.csv"
    write_scholarly_flows(csv, size)
    env = {"INTELMIG_DB": str(folder / "db.lbug"), "INTELMIG_WORKSPACE": str(folder / "ws")}
    seconds, rss, _ = intelmig(["import", "scholarly-flows", str(csv), "--dataset-id", "bench"],
                               env)
    manifest = json.loads((folder / "ws" / "bench" / "manifest.json").read_text())
    parquet = folder / "ws" / "bench" / "migrated_to.parquet"
    raw = raw_copy_seconds(parquet, manifest["countries"], folder)
    edges = manifest["edges"]
    ours, theirs = edges / seconds, edges / raw
    results.append(row(f"import {size:,} flows end to end (embedded)",
                       f"{seconds:.1f} s, {ours:,.0f} rows/s",
                       f"raw COPY {raw:.1f} s, {theirs:,.0f} rows/s",
                       "<= 6 s at 10^6; >= 0.8x raw" if size >= 10**6 else ">= 0.8x raw",
                       ours >= 0.8 * theirs and (size < 10**6 or seconds <= 6)))
    results.append(row(f"peak memory importing {size:,} flows", f"{rss} MB", "-",
                       "<= 1024 MB", rss <= 1024))
    hubs, hubs_rss, _ = intelmig(["hubs", "--year", "2019", "--top", "10"], env)
    pandas_wall, pandas_inside = pandas_hubs_seconds(parquet, 2019)
    results.append(row(f"intelmig hubs on {size:,} flows", f"{hubs:.2f} s, {hubs_rss} MB",
                       f"pandas {pandas_wall:.2f} s ({hubs / pandas_wall:.1f}x); "
                       f"{pandas_inside:.2f} s after import", "<= 1 s at 10^6",
                       size < 10**6 or hubs <= 1))
    if size <= skip_networkx_above:
        pulled = networkx_hubs_seconds(folder / "db.lbug", 2019)
        results.append(row(f"intelmig hubs on {size:,} flows", f"{hubs:.2f} s",
                           f"to_networkx + strength {pulled:.1f} s", ">= 10x faster",
                           pulled >= 10 * hubs))
    out = folder / "export"
    exported, _, _ = intelmig(["export", "csv", "--year", "2019", "-o", str(out)], env)
    results.append(row(f"intelmig export csv --year on {size:,} flows", f"{exported:.2f} s",
                       "-", "growth exponent <= 1.1", True))
    growth.setdefault("import", []).append((edges, seconds))
    growth.setdefault("hubs", []).append((edges, hubs))
    growth.setdefault("export", []).append((edges, exported))


def bench_hubs(folder: Path, repeat: int, results: list) -> None:
    """``hubs`` and the pandas baseline alone, alternated ``repeat`` times on a workspace
    kept by ``--keep`` (its ``n<size>`` folder): medians, best, and CPU seconds, which a
    busy machine inflates less than wall time."""
    import json
    import resource
    import statistics

    env = {"INTELMIG_DB": str(folder / "db.lbug"), "INTELMIG_WORKSPACE": str(folder / "ws")}
    parquet = folder / "ws" / "bench" / "migrated_to.parquet"
    manifest = json.loads((folder / "ws" / "bench" / "manifest.json").read_text())
    size = manifest["rows"]

    def child_cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    ours, cpu, theirs, inside, peaks = [], [], [], [], []
    for _ in range(repeat):
        before = child_cpu()
        seconds, rss, _ = intelmig(["hubs", "--year", "2019", "--top", "10"], env)
        cpu.append(child_cpu() - before)
        ours.append(seconds)
        peaks.append(rss)
        wall, after_import = pandas_hubs_seconds(parquet, 2019)
        theirs.append(wall)
        inside.append(after_import)
    median = statistics.median
    results.append(row(
        f"intelmig hubs on {size:,} flows (median of {repeat})",
        f"{median(ours):.2f} s (best {min(ours):.2f}), CPU {median(cpu):.2f} s, "
        f"{max(peaks)} MB", f"pandas {median(theirs):.2f} s ({median(ours) / median(theirs):.1f}x)"
        f"; {median(inside):.2f} s after import", "<= 1 s at 10^6",
        size < 10**6 or median(ours) <= 1))


def bench_incremental(sizes: list[int], work: Path, results: list) -> None:
    """Import and remove 10^4 flows in workspaces of each size (best of three rounds);
    baseline: the same into a workspace holding only the seed."""
    from benchmarks.synthetic import write_scholarly_flows

    small = work / "small.csv"
    write_scholarly_flows(small, 10_000, seed=1)
    timings = {}
    for size in [0, *sizes]:
        folder = work / f"inc{size}"
        folder.mkdir()
        env = {"INTELMIG_DB": str(folder / "db.lbug"), "INTELMIG_WORKSPACE": str(folder / "ws")}
        intelmig(["seed"], env)
        if size:
            big = folder / "big.csv"
            write_scholarly_flows(big, size)
            intelmig(["import", "scholarly-flows", str(big), "--dataset-id", "big"], env)
        # Best of three add-and-remove rounds: one round is a few seconds, and on a
        # shared machine a single one measures the neighbours as much as intelmig.
        rounds = []
        for _ in range(3):
            added, _, _ = intelmig(["import", "scholarly-flows", str(small), "--dataset-id",
                                    "s"], env)
            removed, _, _ = intelmig(["datasets", "remove", "s"], env)
            rounds.append((added, removed))
        timings[size] = (min(a for a, _ in rounds), min(r for _, r in rounds))
        shutil.rmtree(folder, ignore_errors=True)
    add0, remove0 = timings[0]
    for size in sizes:
        added, removed = timings[size]
        results.append(row(f"import 10,000 flows into a workspace of {size:,}",
                           f"{added:.1f} s ({added / add0:.1f}x)",
                           f"into an empty one {add0:.1f} s", "<= 1.5x", added <= 1.5 * add0))
        results.append(row(f"remove 10,000 flows from a workspace of {size:,} + them",
                           f"{removed:.1f} s ({removed / remove0:.1f}x)",
                           f"from an empty one {remove0:.1f} s", "O(its rows): <= 1.5x",
                           removed <= 1.5 * remove0))


def bench_help(results: list) -> None:
    def best(args) -> float:
        times = []
        for _ in range(5):
            started = time.perf_counter()
            subprocess.run([PYTHON, *args], capture_output=True, cwd=ROOT, check=True)
            times.append(time.perf_counter() - started)
        return min(times)

    seconds = best(["-c", "from intelmig.cli import main; main()", "--help"])
    bare = best(["-c", "pass"])
    results.append(row("intelmig --help", f"{seconds:.2f} s", f"python -c pass {bare:.2f} s",
                       "<= 0.3 s", seconds <= 0.3))


NEO4J_PROPS = ("measure", "year", "low", "high", "value", "file", "row", "dataset")


def _flow_table(size: int, countries: list[str]):
    """``size`` synthetic flows in the normalised COPY layout (from, to, properties)."""
    import random

    import pyarrow as pa

    rng = random.Random(size)
    values = [float(rng.randint(1, 500)) for _ in range(size)]
    return pa.table({
        "from": [countries[rng.randrange(len(countries))] for _ in range(size)],
        "to": [countries[rng.randrange(len(countries))] for _ in range(size)],
        "measure": ["flow"] * size, "year": [1998 + i % 23 for i in range(size)],
        "low": values, "high": values, "value": values, "file": ["flows.csv"] * size,
        "row": list(range(2, size + 2)), "dataset": ["bench"] * size,
    })


def _serve_file(path: Path):
    """Serve one file on 127.0.0.1 for LOAD CSV; returns (url, stop)."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):  # one line per request would bury the results
            pass

    handler = functools.partial(Quiet, directory=str(path.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/{path.name}", server.shutdown


def _auto_commit(store, query: str, **params) -> None:
    """``CALL { } IN TRANSACTIONS`` needs an implicit (auto-commit) transaction."""
    with store._driver.session(database="neo4j") as session:
        session.run(query, params).consume()


def _clear_migrations(store) -> None:
    _auto_commit(store, "MATCH ()-[r:MIGRATED_TO]->() CALL { WITH r DELETE r } IN TRANSACTIONS "
                        "OF 50000 ROWS")


def bench_neo4j(sizes: list[int], work: Path, results: list) -> None:
    """intelmig's UNWIND batches vs the server's LOAD CSV and vs one transaction per row."""
    import pyarrow.csv as pacsv

    sys.path.insert(0, str(ROOT / "tools" / "neo4j"))
    import neo4j_launcher

    from intelmig.stores.neo4j import Neo4jStore

    countries = [f"C{i:03d}" for i in range(200)]
    with neo4j_launcher.start(work / "neo4j", port=0, timeout=300) as server, \
            Neo4jStore(server.uri, server.user, server.password, "neo4j") as store:
        store.run("CREATE CONSTRAINT bench_country IF NOT EXISTS FOR (n:Country) "
                  "REQUIRE n.id IS UNIQUE", write=True)
        store.run("UNWIND $ids AS i MERGE (:Country {id: i})", {"ids": countries}, write=True)
        # Warm the JVM up on both paths first, so neither pays for the JIT alone.
        store.load_migrations(_flow_table(20_000, countries))
        _clear_migrations(store)
        for size in sizes:
            table = _flow_table(size, countries)
            csv_path = work / f"flows-{size}.csv"
            pacsv.write_csv(table, csv_path)
            started = time.perf_counter()
            store.load_migrations(table)
            ours = size / (time.perf_counter() - started)
            _clear_migrations(store)
            url, stop = _serve_file(csv_path)
            props = ", ".join(
                f"{p}: " + {"year": "toInteger(r.year)", "row": "toInteger(r.row)",
                            "low": "toFloat(r.low)", "high": "toFloat(r.high)",
                            "value": "toFloat(r.value)"}.get(p, f"r.{p}")
                for p in NEO4J_PROPS)
            started = time.perf_counter()
            _auto_commit(store, "LOAD CSV WITH HEADERS FROM $url AS r CALL { WITH r "
                                "MATCH (a:Country {id: r.from}), (b:Country {id: r.to}) "
                                f"CREATE (a)-[:MIGRATED_TO {{{props}}}]->(b) }} "
                                "IN TRANSACTIONS OF 10000 ROWS", url=url)
            server_rate = size / (time.perf_counter() - started)
            stop()
            _clear_migrations(store)
            sample = table.slice(0, min(size, 2000)).to_pylist()
            one = ("MATCH (a:Country {id: $from}), (b:Country {id: $to}) "
                   "CREATE (a)-[x:MIGRATED_TO]->(b) SET x = $props")
            started = time.perf_counter()
            with store._driver.session(database="neo4j") as session:
                for record in sample:
                    params = {"from": record.pop("from"), "to": record.pop("to"),
                              "props": record}
                    session.execute_write(lambda tx, p=params: tx.run(one, p).consume())
            per_row = len(sample) / (time.perf_counter() - started)
            _clear_migrations(store)
            results.append(row(
                f"Neo4j import {size:,} flows (UNWIND batches)", f"{ours:,.0f} rows/s",
                f"LOAD CSV IN TRANSACTIONS {server_rate:,.0f} rows/s ({ours / server_rate:.2f}x); "
                f"one tx per row {per_row:,.0f} rows/s ({ours / per_row:.0f}x)",
                ">= 0.5x LOAD CSV, >= 100x per-row, aim 50k rows/s",
                ours >= 0.5 * server_rate and ours >= 100 * per_row))
            print(f"... neo4j {size:,} done", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1e4,1e5,1e6")
    parser.add_argument("--store", choices=["embedded", "neo4j"], default="embedded")
    parser.add_argument("--networkx-max", type=float, default=1e6,
                        help="largest size for the to_networkx baseline (it is slow)")
    parser.add_argument("--keep", help="keep the generated files and databases here")
    parser.add_argument("--large", action="store_true",
                        help="add 10^7 rows to the sizes (minutes, several GB of disk)")
    parser.add_argument("--hubs", metavar="DIR", help="only hubs against pandas, on the "
                        "n<size> folder of a run kept with --keep")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each with --hubs")
    args = parser.parse_args()
    if args.hubs:
        print(f"machine: {machine()}; load average {os.getloadavg()[0]:.1f}")
        results: list = []
        bench_hubs(Path(args.hubs), args.repeat, results)
        print(f"load average {os.getloadavg()[0]:.1f}")
        print("| benchmark | figure | baseline (same run) | target | met |")
        print("| --- | --- | --- | --- | --- |")
        for result in results:
            print("| " + " | ".join(result) + " |")
        return
    sizes = [int(float(s)) for s in args.sizes.split(",")]
    if args.large and 10**7 not in sizes:
        sizes.append(10**7)
        args.sizes += ",1e7"
    work = Path(args.keep or tempfile.mkdtemp(prefix="intelmig-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"machine: {machine()}")
    results: list = []
    try:
        bench_help(results)
        if args.store == "neo4j":
            bench_neo4j(sizes, work, results)
        else:
            bench_seed(work, results)
            bench_commands(work, results)
            growth: dict = {}
            for size in sizes:
                bench_embedded(size, work, results, int(args.networkx_max), growth)
                print(f"... {size:,} done", file=sys.stderr)
            if len(sizes) > 1:
                for name, points in growth.items():
                    exponent = growth_exponent(points)
                    results.append(row(f"growth exponent of {name} time in rows",
                                       f"{exponent:.2f}", f"sizes {args.sizes}", "<= 1.1",
                                       exponent <= 1.1))
            bench_incremental(sizes, work, results)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    # Markdown, as benchmarks/README.md keeps it (a terminal table would clip long cells).
    print("| benchmark | figure | baseline (same run) | target | met |")
    print("| --- | --- | --- | --- | --- |")
    for result in results:
        print("| " + " | ".join(result) + " |")


if __name__ == "__main__":
    main()
