"""Faults on the embedded store: failed loads, ``kill -9`` mid-build, two processes at once.

Every test runs the real thing: LadybugDB files in temp dirs and ``intelmig`` as a
subprocess where a process has to die or compete. After each fault the store is
compared with its state before (file bytes, counts by label and type), and the
difference is added to the reliability figures (``rows_lost`` must stay 0).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from intelmig.cli import cli
from intelmig.errors import StoreError
from intelmig.seed import load_seed
from intelmig.stores.embedded import EmbeddedStore, build_database

from .conftest import FIXTURES, ROOT
from .reliability import record, record_comparison

MINIMAL = FIXTURES / "minimal_seed.yaml"
INTELMIG = [sys.executable, "-c", "from intelmig.cli import main; main()"]
BIG_SEED_CONCEPTS = 4000
BIG_IMPORT_ROWS = 60_000
COUNTRIES = ("KAZ", "RUS", "USA", "DEU", "GBR", "FRA", "CHN", "IND", "UZB", "KGZ", "TUR")


def intelmig_env(tmp_path: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT), HOME=str(tmp_path))
    for name in ("INTELMIG_DB", "INTELMIG_WORKSPACE", "INTELMIG_STORE"):
        env.pop(name, None)
    return env


def run_intelmig(args, tmp_path, timeout=120) -> subprocess.CompletedProcess:
    return subprocess.run(INTELMIG + [str(a) for a in args], env=intelmig_env(tmp_path),
                          capture_output=True, text=True, timeout=timeout, check=False)


def one_line_error(completed) -> str:
    """The stderr of a failed command: exactly one ``Error:`` line, no traceback."""
    assert completed.returncode == 1, (completed.returncode, completed.stdout, completed.stderr)
    lines = [line for line in completed.stderr.splitlines() if line.strip()]
    # Progress displays end with carriage returns; the error is the last line.
    error = lines[-1].split("\r")[-1]
    assert error.startswith("Error: "), completed.stderr
    assert "Traceback" not in completed.stderr
    return error


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def counts_of(path: Path) -> dict:
    with EmbeddedStore(path) as store:
        return store.counts()


def assert_unchanged(path: Path, before_digest: str, before_counts: dict) -> None:
    after_counts = counts_of(path)
    assert record_comparison(before_counts, after_counts) == 0
    assert after_counts == before_counts
    assert digest(path) == before_digest
    leftovers = [p.name for p in path.parent.glob(f".{path.name}.building-*")]
    assert leftovers == []


def write_big_seed(folder: Path, concepts: int, tail: str = "") -> Path:
    """A valid seed of one passage and ``concepts`` Concept nodes, then ``tail`` lines."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["nodes:",
             ("  - {id: p01, label: Passage, name_en: P1, name_kk: П1, text_kk: мәтін, "
              "text_en: text}")]
    lines += [f"  - {{id: c{i}, label: Concept, name_en: Concept {i}, name_kk: Ұғым {i}, "
              f"passages: [p01]}}" for i in range(concepts)]
    (folder / "big.yaml").write_text("\n".join(lines) + "\n" + tail, encoding="utf-8")
    return folder


def write_big_csv(path: Path, rows: int, bad_row: int | None = None, bad_value="12x") -> Path:
    """An edge list of ``rows`` rows; the file line ``bad_row`` (header = 1) gets ``bad_value``."""
    lines = ["origin,dest,people,yr"]
    for i in range(rows):
        origin, dest = COUNTRIES[i % len(COUNTRIES)], COUNTRIES[(i * 7 + 3) % len(COUNTRIES)]
        people = bad_value if i + 2 == bad_row else str(1 + i % 977)
        lines.append(f"{origin},{dest},{people},{1990 + i % 31}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


IMPORT_ARGS = ["--from-col", "origin", "--to-col", "dest", "--value-col", "people",
               "--year-col", "yr"]


def tree(folder: Path) -> dict:
    """Every file under ``folder`` with its digest (manifests hold timestamps: compared too)."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): digest(p) for p in sorted(folder.rglob("*"))
            if p.is_file()}


@pytest.fixture(scope="module")
def base_db(tmp_path_factory) -> Path:
    """A complete database of the minimal seed: the 'last good state' the faults start from."""
    path = tmp_path_factory.mktemp("base") / "base.lbug"
    build_database(path, load_seed([MINIMAL]))
    return path


@pytest.fixture
def db(tmp_path, base_db) -> Path:
    path = tmp_path / "intelmig.lbug"
    shutil.copyfile(base_db, path)
    return path


@pytest.fixture(scope="module")
def big_seed(tmp_path_factory) -> Path:
    return write_big_seed(tmp_path_factory.mktemp("bigseed"), BIG_SEED_CONCEPTS)


# -- atomic loads ----------------------------------------------------------------------------

def test_a_seed_with_a_bad_value_in_its_last_entry_changes_nothing(tmp_path, db, runner):
    before = digest(db), counts_of(db)
    tail = ("  - {id: zz, label: Era, name_en: Last, name_kk: Соңғы, start_year: 1990, "
            "end_year: 1900, passages: [p01]}\n")
    folder = write_big_seed(tmp_path / "seed", 3000, tail)
    result = runner.invoke(cli, ["seed", str(folder), "--db", str(db)])
    record("faults")
    assert result.exit_code == 1
    assert f"big.yaml:{3000 + 3}: start_year: start_year 1990 is after end_year 1900" \
        in result.output
    assert_unchanged(db, *before)


def test_a_database_error_at_the_last_row_of_a_load_rolls_everything_back(tmp_path, db):
    """LadybugDB itself rejects the last row (a duplicate primary key the validator never sees)."""
    before = digest(db), counts_of(db)
    dataset = load_seed([MINIMAL])
    for i in range(12_000):
        dataset.add_node("Concept", {"id": f"c{i}", "name_en": f"C{i}", "name_kk": f"Ұ{i}"})
    dataset.add_node("Concept", {"id": "c11999", "name_en": "again", "name_kk": "тағы"})
    with pytest.raises(StoreError, match=f"building {db} failed"):
        build_database(db, dataset)
    record("faults")
    assert_unchanged(db, *before)


def test_an_import_with_a_bad_value_near_the_end_changes_no_store_and_no_workspace(
        tmp_path, db, runner):
    workspace = tmp_path / "ws"
    good = write_big_csv(tmp_path / "first.csv", 50)
    first = runner.invoke(cli, ["import", "csv", str(good), *IMPORT_ARGS, "--no-store",
                                "--workspace", str(workspace)])
    assert first.exit_code == 0, first.output
    before = digest(db), counts_of(db)
    workspace_before = tree(workspace)
    bad_row = BIG_IMPORT_ROWS - 5
    source = write_big_csv(tmp_path / "late.csv", BIG_IMPORT_ROWS, bad_row=bad_row)
    result = run_intelmig(["import", "csv", source, *IMPORT_ARGS, "--db", db,
                           "--workspace", workspace], tmp_path)
    record("faults")
    error = one_line_error(result)
    assert f"late.csv: row {bad_row}: field 'people': '12x' is not a number" in error
    assert_unchanged(db, *before)
    assert tree(workspace) == workspace_before


def test_an_unknown_code_in_the_last_row_of_an_import_changes_nothing(tmp_path, db, runner):
    source = write_big_csv(tmp_path / "codes.csv", 5000)
    with open(source, "a", encoding="utf-8") as handle:
        handle.write("KAZ,Atlantis,5,2001\n")
    before = digest(db), counts_of(db)
    result = runner.invoke(cli, ["import", "csv", str(source), *IMPORT_ARGS, "--db", str(db),
                                 "--workspace", str(tmp_path / "ws")])
    record("faults")
    assert result.exit_code == 1
    assert "codes.csv: row 5002: field 'dest': unknown country code or name 'Atlantis'" \
        in result.output
    assert_unchanged(db, *before)
    assert tree(tmp_path / "ws") == {}


def test_a_rebuild_that_fails_inside_the_bulk_load_keeps_the_old_database(tmp_path, db, runner):
    """A damaged Parquet file in the workspace makes COPY fail after the seed rows went in."""
    workspace = tmp_path / "ws"
    source = write_big_csv(tmp_path / "edges.csv", 200)
    imported = runner.invoke(cli, ["import", "csv", str(source), *IMPORT_ARGS, "--no-store",
                                   "--workspace", str(workspace), "--dataset-id", "edges"])
    assert imported.exit_code == 0, imported.output
    parquet = workspace / "edges" / "migrated_to.parquet"
    parquet.write_bytes(parquet.read_bytes()[: parquet.stat().st_size // 2])
    before = digest(db), counts_of(db)
    result = run_intelmig(["rebuild", "--db", db, "--workspace", workspace], tmp_path)
    record("faults")
    error = one_line_error(result)
    assert str(db) in error
    assert_unchanged(db, *before)


# -- kill -9 ---------------------------------------------------------------------------------

def _kill_when(process: subprocess.Popen, staging_glob: tuple[Path, str] | None, delay: float
               ) -> bool:
    """SIGKILL ``process`` ``delay`` s after the staging file appears (or after start).

    Returns whether the process was still running when killed. Where the kill lands
    depends on timing: use it only where the assertion holds wherever it lands.
    """
    if staging_glob is not None:
        folder, pattern = staging_glob
        deadline = time.monotonic() + 60
        while not any(folder.glob(pattern)) and process.poll() is None:
            if time.monotonic() > deadline:
                break
            time.sleep(0.01)
    time.sleep(delay)
    alive = process.poll() is None
    if alive:
        os.kill(process.pid, signal.SIGKILL)
    process.wait()
    record("faults")
    return alive


def _start_paused_at(args, tmp_path: Path, point: str) -> subprocess.Popen:
    """Start ``intelmig args`` with the build told to stop for good at ``point``."""
    env = dict(intelmig_env(tmp_path), INTELMIG_FAULT_PAUSE=point)
    return subprocess.Popen(INTELMIG + [str(a) for a in args], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _kill_at(process: subprocess.Popen, point: str) -> None:
    """SIGKILL ``process`` once its build says it stopped at ``point`` (no timing involved)."""
    seen = []
    for line in process.stderr:  # ends when the process does
        seen.append(line)
        if f"intelmig: paused at {point}" in line:
            os.kill(process.pid, signal.SIGKILL)
            break
    process.wait()
    process.stderr.close()
    assert process.returncode == -signal.SIGKILL, f"never reached {point}: {''.join(seen)}"
    record("faults")


def assert_wholly_old_or_new(path: Path, old_digest: str, new_nodes: dict) -> None:
    """The database is byte for byte the old one, or completely the new one."""
    if digest(path) == old_digest:
        return
    nodes = {label: n for label, n in counts_of(path)["nodes"].items() if n}
    assert nodes == new_nodes


SEED_KILL_POINTS = ["staging-created", "mid-build", "before-rename"]


@pytest.mark.parametrize("point", SEED_KILL_POINTS)
def test_kill_9_during_seed_leaves_the_last_complete_database(tmp_path, db, big_seed, runner,
                                                               point):
    before = digest(db), counts_of(db)
    _kill_at(_start_paused_at(["seed", big_seed, "--db", db], tmp_path, point), point)
    assert any(db.parent.glob(".intelmig.lbug.building-*")), "killed inside the build"
    # The next command answers from the last complete database, never from the half build.
    stats = runner.invoke(cli, ["stats", "--json", "--db", str(db)])
    assert stats.exit_code == 0, stats.output
    by_name = {row["name"]: row["count"] for row in json.loads(stats.output)}
    assert by_name["Concept"] == before[1]["nodes"]["Concept"]
    assert record_comparison(before[1], counts_of(db)) == 0
    assert digest(db) == before[0]
    # The next build removes what the killed one left behind and converges.
    reseeded = runner.invoke(cli, ["seed", str(MINIMAL), "--db", str(db)])
    assert reseeded.exit_code == 0, reseeded.output
    assert counts_of(db) == before[1]
    assert [p.name for p in db.parent.glob(".intelmig.lbug.building-*")] == []


def test_kill_9_anywhere_in_a_seed_leaves_the_old_or_the_new_database(tmp_path, db, big_seed):
    """A kill after a delay lands anywhere (reading, building, renaming, done): the
    database is always one whole build."""
    before = digest(db)
    process = subprocess.Popen(INTELMIG + ["seed", str(big_seed), "--db", str(db)],
                               env=intelmig_env(tmp_path), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    _kill_when(process, None, 0.3)
    assert_wholly_old_or_new(db, before, {"Passage": 1, "Concept": BIG_SEED_CONCEPTS})


def test_kill_9_of_the_first_seed_says_how_to_create_the_database(tmp_path, big_seed):
    path = tmp_path / "new.lbug"
    _kill_at(_start_paused_at(["seed", big_seed, "--db", path], tmp_path, "mid-build"),
             "mid-build")
    error = one_line_error(run_intelmig(["stats", "--db", path], tmp_path))
    assert error == f"Error: no database at {path}; create it with `intelmig seed`"


@pytest.mark.parametrize("point", ["staging-created", "mid-build", "before-rename"])
def test_kill_9_during_import_leaves_store_and_workspace_as_before(tmp_path, db, runner, point):
    workspace = tmp_path / "ws"
    source = write_big_csv(tmp_path / "big.csv", BIG_IMPORT_ROWS)
    before = digest(db), counts_of(db)
    _kill_at(_start_paused_at(["import", "csv", source, *IMPORT_ARGS, "--db", db,
                               "--workspace", workspace], tmp_path, point), point)
    listed = runner.invoke(cli, ["datasets", "--json", "--workspace", str(workspace)])
    assert listed.exit_code == 0, listed.output
    assert json.loads(listed.output) == []
    assert record_comparison(before[1], counts_of(db)) == 0
    assert digest(db) == before[0]


def test_kill_9_early_in_an_import_leaves_it_wholly_absent_or_wholly_there(tmp_path, db,
                                                                         runner):
    """Killed 0.2 s after the file's staging folder appears, wherever that lands (while
    normalising, most often): no half dataset in the workspace or the store."""
    workspace = tmp_path / "ws"
    source = write_big_csv(tmp_path / "big.csv", BIG_IMPORT_ROWS)
    before = digest(db)
    process = subprocess.Popen(
        INTELMIG + ["import", "csv", str(source), *IMPORT_ARGS, "--db", str(db),
                    "--workspace", str(workspace), "--dataset-id", "big"],
        env=intelmig_env(tmp_path), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _kill_when(process, (tmp_path, "ws/.staging-*"), 0.2)
    listed = runner.invoke(cli, ["datasets", "--json", "--workspace", str(workspace)])
    assert listed.exit_code == 0, listed.output
    published = json.loads(listed.output)
    if published == [] and digest(db) == before:
        return
    # Otherwise the import finished: published, and every edge it reports is in the store.
    with EmbeddedStore(db) as store:
        [[edges]] = store.run("MATCH ()-[r:MIGRATED_TO]->() WHERE r.dataset = 'big' "
                              "RETURN count(r)").rows
    assert [d["id"] for d in published] == ["big"] and edges == published[0]["edges"] > 0


def test_a_truncated_database_file_is_detected_with_the_way_to_recover(tmp_path, db):
    """A torn copy (disk full, interrupted rsync) is refused, not read."""
    db.write_bytes(db.read_bytes()[: db.stat().st_size // 3])
    record("faults")
    error = one_line_error(run_intelmig(["stats", "--db", db], tmp_path))
    assert "cannot be opened" in error or "no intelmig build record" in error
    assert "intelmig seed" in error


# -- two processes ---------------------------------------------------------------------------

HOLD_WRITER = """
import sys, time
from intelmig.stores.embedded import EmbeddedStore
store = EmbeddedStore(sys.argv[1], write=True)
print("holding", flush=True)
time.sleep(60)
"""


@pytest.fixture
def held_by_a_writer(tmp_path, db):
    """Another process holding the database open for writing (as `query --write` does)."""
    holder = subprocess.Popen([sys.executable, "-c", HOLD_WRITER, str(db)],
                              env=intelmig_env(tmp_path), stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "holding"
    yield db
    holder.kill()
    holder.wait()
    holder.stdout.close()


@pytest.mark.parametrize("args", [
    pytest.param(["seed", MINIMAL], id="seed"),
    pytest.param(["query", "--write", "MATCH (c:Country) SET c.note = 'x'"], id="query-write"),
])
def test_a_second_process_gets_a_clear_in_use_message(tmp_path, held_by_a_writer, args):
    db = held_by_a_writer
    before = digest(db)
    result = run_intelmig([*args, "--db", db], tmp_path)
    record("faults")
    error = one_line_error(result)
    assert "in use by another intelmig process" in error
    assert digest(db) == before


def test_a_reader_beside_a_writer_gets_the_committed_graph_or_in_use(tmp_path,
                                                                     held_by_a_writer):
    result = run_intelmig(["query", "MATCH (c:Country) RETURN count(c) AS n", "--json",
                           "--db", held_by_a_writer], tmp_path)
    record("faults")
    if result.returncode == 0:
        assert json.loads(result.stdout) == [{"n": 2}]
    else:
        assert "in use by another intelmig process" in one_line_error(result)


def test_two_seeds_at_once_one_wins_and_the_database_is_whole(tmp_path, db):
    concepts = 1500
    big_seed = write_big_seed(tmp_path / "seed", concepts)
    env = intelmig_env(tmp_path)
    seeds = [subprocess.Popen(INTELMIG + ["seed", str(big_seed), "--db", str(db)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    outcomes = [(p.wait(timeout=120), p.communicate()) for p in seeds]
    record("faults", 2)
    assert 0 in [code for code, _ in outcomes]
    for code, (_out, err) in outcomes:
        if code:
            last = err.strip().splitlines()[-1].split("\r")[-1]
            assert last.startswith("Error: database") and "in use by another intelmig " \
                "process" in last, err
            assert "Traceback" not in err
    counts = counts_of(db)
    assert counts["nodes"]["Concept"] == concepts
    assert counts["relationships"]["STATED_IN"] == concepts
