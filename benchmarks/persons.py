"""Person-level scale: import a person file of N person-year rows and roll it up, timed.

    python benchmarks/persons.py [--sizes 1e5,1e6] [--store embedded|neo4j] [--keep DIR]
                                 [--baseline-max 1e6]

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

With ``--store neo4j`` (needs tools/neo4j and a JDK), per size a fresh Neo4j server from
the launcher (768 MB heap, 128 MB page cache, as ``run.py``) is seeded with ``intelmig
seed``, then:

* ``import --rollup``: ``intelmig import persons FILE --rollup --store neo4j`` end to end
  (staging, then the Person, Flow, FROM, TO, BY and MIGRATED_TO rows in ``UNWIND``
  batches; target: >= 50k person-year rows/s at 10^6);
* baseline, on a second fresh server seeded the same way (so with the same constraints
  and indexes): the
  server's own ``LOAD CSV ... CALL {} IN TRANSACTIONS OF 10000 ROWS`` of the same rows
  (the staged Parquet files written as CSV, served over HTTP on 127.0.0.1), with the
  same labels, properties and types; the CSV writing is not timed.

Both report the server's CPU seconds (``/proc`` of the Java process) beside the client's,
and the node and relationship counts, which must be equal.

Prints a Markdown table: wall and CPU (user + system) seconds and peak RSS of each
step, and the load average when it ran (on a shared machine the wall clock also counts
the time other processes held the cores).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
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


INTELMIG = [sys.executable, "-c", "from intelmig.cli import main; main()"]

from benchmarks.run import measured  # noqa: E402 (after the path of the checkout)


def _person_file(work: Path, size: int) -> tuple[Path, Path]:
    """A fresh folder ``work/p{size}`` and the synthetic person file of ``size`` rows in it."""
    from benchmarks.synthetic import write_persons

    folder = work / f"p{size}"
    folder.mkdir(parents=True)
    write_persons(folder / "people.csv", size)
    return folder, folder / "people.csv"


def bench_persons(sizes: list[int], work: Path) -> list[list]:
    """Time import, staging, store load and the pandas baseline at each size.

    Returns
    -------
    list of list
        One row a step: size, step, wall s, CPU s, peak MB, load average, note.
    """
    results = []
    for size in sizes:
        folder, csv = _person_file(work, size)

        def env(name):
            return {**os.environ, "INTELMIG_DB": str(folder / f"{name}.lbug"),
                    "INTELMIG_WORKSPACE": str(folder / f"{name}-ws")}

        full = measured([*INTELMIG, "import", "persons", str(csv), "--rollup"], env("full"))
        ok = full["wall"] <= TARGET_SECONDS and full["rss"] <= TARGET_MB
        results.append([size, "import --rollup", full, "target <= 60 s, <= 2 GB: "
                        + ("met" if ok else "NOT met")])
        staged = measured([*INTELMIG, "import", "persons", str(csv), "--rollup", "--no-store"],
                       env("staged"))
        results.append([size, "staging (--no-store)", staged, ""])
        load = measured([*INTELMIG, "rebuild"], env("staged"))
        results.append([size, "store load (rebuild)", load, "seed + COPY"])
        base = measured([sys.executable, "-c", BASELINE, str(csv)], os.environ.copy())
        results.append([size, "pandas baseline", base, f"{int(base['out']):,} changes; "
                        f"staging / pandas = {staged['wall'] / base['wall']:.1f}x"])
        shutil.rmtree(folder)
    return results


def _jvm_cpu(server) -> float:
    """CPU seconds (user + system) the Neo4j server's Java process has used so far."""
    fields = Path(f"/proc/{server.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _neo4j_counts(store) -> tuple[int, int]:
    nodes = store.run("MATCH (n) RETURN count(n)", check=False).rows[0][0]
    rels = store.run("MATCH ()-[r]->() RETURN count(r)", check=False).rows[0][0]
    return nodes, rels


#: Cypher conversion of a CSV field by the Arrow type of its Parquet column.
_CSV_CAST = {"int64": "toInteger", "int32": "toInteger", "double": "toFloat",
             "float": "toFloat", "bool": "toBoolean"}


def _csv_props(schema, skip=()) -> str:
    return ", ".join(
        f"{name}: " + (f"{_CSV_CAST[str(schema.field(name).type)]}(r.{name})"
                       if str(schema.field(name).type) in _CSV_CAST else f"r.{name}")
        for name in schema.names if name not in skip)


def _load_csv_baseline(store, folder: Path, work: Path, server) -> dict:
    """The staged rows of ``folder`` through the server's LOAD CSV; wall and server CPU.

    Nodes get the same labels (theirs and ``IntelmigNode``) and properties as
    ``Neo4jStore.load_datasets`` writes (the ``name`` column derived the same way, columns
    null throughout left out), relationships the same endpoints and properties.
    """
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    from benchmarks.run import _auto_commit, _serve_file
    from intelmig.importers.countries import country_node
    from intelmig.stores.datasets import DatasetFolder, complete_row, source_node, strip_nulls
    from intelmig.stores.neo4j import OWNER_LABEL, _named_table

    dataset = DatasetFolder.read(folder)
    steps = []
    for label, path in dataset.nodes:
        table = _named_table(pq.read_table(path))
        steps.append((table, f"MERGE (n:{label} {{id: r.id}}) "
                             f"SET n += {{{_csv_props(table.schema)}}}, n:{OWNER_LABEL}"))
    rel_files = [(t, a, b, p) for t, a, b, p in dataset.rels]
    if dataset.migrations is not None:
        rel_files.append(("MIGRATED_TO", "Country", "Country", dataset.migrations))
    for rel_type, from_label, to_label, path in rel_files:
        table = pq.read_table(path)
        table = table.select([c for c in table.column_names
                              if table.column(c).null_count < table.num_rows])
        steps.append((table, f"MATCH (a:{from_label} {{id: r.from}}) MATCH (b:{to_label} "
                             f"{{id: r.to}}) CREATE (a)-[:{rel_type} "
                             f"{{{_csv_props(table.schema, skip=('from', 'to'))}}}]->(b)"))
    files = []
    for number, (table, _) in enumerate(steps):
        files.append(work / f"load-csv-{number}.csv")
        pacsv.write_csv(table, files[-1])
    countries = strip_nulls([complete_row("Country", country_node(c)) for c in dataset.countries])
    source = strip_nulls([complete_row("Source", source_node(dataset.manifest))])
    cpu, started = _jvm_cpu(server), time.perf_counter()
    store.run(f"UNWIND $rows AS r MERGE (n:Country {{id: r.id}}) ON CREATE SET n += r, "
              f"n:{OWNER_LABEL}", {"rows": countries}, write=True)
    store.run(f"UNWIND $rows AS r MERGE (n:Source {{id: r.id}}) SET n += r, n:{OWNER_LABEL}",
              {"rows": source}, write=True)
    for path, (_, statement) in zip(files, steps):
        url, stop = _serve_file(path)
        try:
            _auto_commit(store, f"LOAD CSV WITH HEADERS FROM $url AS r CALL {{ WITH r "
                                f"{statement} }} IN TRANSACTIONS OF 10000 ROWS", url=url)
        finally:
            stop()
    return {"wall": time.perf_counter() - started, "server_cpu": _jvm_cpu(server) - cpu}


def bench_persons_neo4j(sizes: list[int], work: Path, baseline_max: int) -> list[list]:
    """Time ``import persons --rollup --store neo4j`` and the LOAD CSV baseline per size.

    Returns
    -------
    list of list
        One row a step: size, step, timing dict (wall, cpu, rss, load, server_cpu), note.
        The LOAD CSV baseline runs only up to ``baseline_max`` rows.
    """
    sys.path.insert(0, str(ROOT / "tools" / "neo4j"))
    import neo4j_launcher

    from intelmig.stores.neo4j import Neo4jStore

    results = []
    for size in sizes:
        folder, csv = _person_file(work, size)
        with neo4j_launcher.start(folder / "neo4j-a", port=0, timeout=300) as server, \
                Neo4jStore(server.uri, server.user, server.password, "neo4j") as store:
            env = {**os.environ, "INTELMIG_STORE": "neo4j", "NEO4J_URI": server.uri,
                   "NEO4J_USER": server.user, "NEO4J_PASSWORD": server.password,
                   "NEO4J_DATABASE": "neo4j", "INTELMIG_WORKSPACE": str(folder / "ws")}
            seeded = measured([*INTELMIG, "seed"], env)
            before = _neo4j_counts(store)
            cpu = _jvm_cpu(server)
            full = measured([*INTELMIG, "import", "persons", str(csv), "--rollup"], env)
            full["server_cpu"] = _jvm_cpu(server) - cpu
            ours = [after - then for after, then in zip(_neo4j_counts(store), before)]
        staged = next((folder / "ws").glob("persons-*"))
        rate = size / full["wall"]
        results.append([size, "seed (not in the rate)", seeded, ""])
        results.append([size, "import --rollup (Neo4j)", full,
                        f"**{rate:,.0f} rows/s**; wrote {ours[0]:,} nodes, {ours[1]:,} rels; "
                        "target >= 50k rows/s: " + ("met" if rate >= 50_000 else "NOT met")])
        print(f"... neo4j import {size:,}: {full['wall']:.1f} s, {rate:,.0f} rows/s, server CPU "
              f"{full['server_cpu']:.1f} s, load {full['load']:.1f}", file=sys.stderr, flush=True)
        if size > baseline_max:
            shutil.rmtree(folder, ignore_errors=True)
            continue
        with neo4j_launcher.start(folder / "neo4j-b", port=0, timeout=300) as server, \
                Neo4jStore(server.uri, server.user, server.password, "neo4j") as store:
            # The seed alone: `seed` also loads the datasets of its workspace.
            measured([*INTELMIG, "seed"], {**env, "NEO4J_URI": server.uri,
                                        "INTELMIG_WORKSPACE": str(folder / "ws-empty")})
            before = _neo4j_counts(store)
            load = os.getloadavg()[0]
            base = _load_csv_baseline(store, staged, folder, server)
            theirs = [after - then for after, then in zip(_neo4j_counts(store), before)]
        base.update(cpu=float("nan"), rss=float("nan"), load=load)
        results.append([size, "baseline: LOAD CSV IN TRANSACTIONS", base,
                        f"{size / base['wall']:,.0f} rows/s; import / LOAD CSV = "
                        f"{base['wall'] / full['wall']:.2f}x the rate; wrote {theirs[0]:,} "
                        f"nodes, {theirs[1]:,} rels"
                        + ("" if theirs == ours else " (COUNTS DIFFER)")])
        print(f"... neo4j {size:,} done", file=sys.stderr)
        shutil.rmtree(folder, ignore_errors=True)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1e5,1e6")
    parser.add_argument("--store", choices=["embedded", "neo4j"], default="embedded")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--baseline-max", type=float, default=1e6,
                        help="Neo4j: run the LOAD CSV baseline only up to this many rows")
    args = parser.parse_args()
    sizes = [int(float(size)) for size in args.sizes.split(",")]
    work = args.keep or Path(tempfile.mkdtemp(prefix="intelmig-persons-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        if args.store == "neo4j":
            results = bench_persons_neo4j(sizes, work, int(args.baseline_max))
        else:
            results = bench_persons(sizes, work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{os.cpu_count()} cores; peak RSS of this script (writing the files) {own:.0f} MB")
    print("| rows | step | wall s | CPU s | server CPU s | peak MB | load avg | note |")
    print("|---|---|---|---|---|---|---|---|")
    failed = False
    for size, step, t, note in results:
        failed |= "NOT met" in note
        server = f"{t['server_cpu']:.1f}" if "server_cpu" in t else "-"
        print(f"| {size:,} | {step} | {t['wall']:.1f} | {t['cpu']:.1f} | {server} | "
              f"{t['rss']:.0f} | {t['load']:.1f} | {note} |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
