"""The embedded store's guarantees: atomic rebuild, write lock, damage detection."""

from __future__ import annotations

import pytest

from intelmig.errors import StoreDamaged, StoreError, StoreInUse
from intelmig.seed import load_seed
from intelmig.stores.embedded import EmbeddedStore, build_database

from .conftest import FIXTURES


@pytest.fixture
def small_db(tmp_path):
    path = tmp_path / "small.lbug"
    build_database(path, load_seed([FIXTURES / "minimal_seed.yaml"]))
    return path


def test_build_record_is_kept_inside_the_file(small_db):
    with EmbeddedStore(small_db) as store:
        assert store.meta["counts"]["nodes"]["Flow"] == 1
        assert len(store.meta["fingerprint"]) == 64
        # the record is a table comment: no query sees it as data
        assert store.run("MATCH (n) RETURN count(n)").rows == [[6]]


def test_a_writer_excludes_a_rebuild(small_db):
    dataset = load_seed([FIXTURES / "minimal_seed.yaml"])
    with EmbeddedStore(small_db, write=True):
        with pytest.raises(StoreInUse, match="in use by another intelmig process"):
            build_database(small_db, dataset)
    build_database(small_db, dataset)


def test_a_failed_build_leaves_the_old_database(small_db):
    before = small_db.read_bytes()

    def fail_midway(conn):
        raise RuntimeError("simulated failure after the seed rows were written")

    with pytest.raises(StoreError, match="failed: simulated failure"):
        build_database(small_db, load_seed([FIXTURES / "minimal_seed.yaml"]),
                       extra=fail_midway)
    assert small_db.read_bytes() == before
    assert sorted(p.name for p in small_db.parent.iterdir()) == [".small.lbug.lock",
                                                                 "small.lbug"]


def test_stale_staging_files_are_cleaned_by_the_next_build(small_db):
    stale = small_db.with_name(".small.lbug.building-99999")
    stale.write_bytes(b"half a database")
    build_database(small_db, load_seed([FIXTURES / "minimal_seed.yaml"]))
    assert not stale.exists()


def test_a_file_that_is_not_an_intelmig_database_is_refused(tmp_path):
    import ladybug

    path = tmp_path / "foreign.lbug"
    conn = ladybug.Connection(ladybug.Database(str(path)))
    conn.execute("CREATE NODE TABLE T(id STRING, PRIMARY KEY(id))")
    conn.close()
    with pytest.raises(StoreDamaged, match="has no intelmig build record"):
        EmbeddedStore(path)


def test_the_default_database_follows_intelmig_db_then_xdg_data_home(tmp_path, monkeypatch):
    from intelmig.stores.embedded import default_db_path

    monkeypatch.delenv("INTELMIG_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_db_path() == tmp_path / "intelmig" / "intelmig.lbug"
    monkeypatch.setenv("INTELMIG_DB", str(tmp_path / "elsewhere.lbug"))
    assert default_db_path() == tmp_path / "elsewhere.lbug"


def test_every_relationship_is_loaded_and_values_come_back_plain(small_db):
    from collections import Counter

    dataset = load_seed([FIXTURES / "minimal_seed.yaml"])
    with EmbeddedStore(small_db) as store:
        stored = {t: n for t, n in store.counts()["relationships"].items() if n}
        assert stored == dict(Counter(r.type for r in dataset.rels))
        [[node]] = store.run("MATCH (n:Country {id: 'DEU'}) RETURN n").rows
        assert node == {"id": "DEU", "kind": "Country", "name": "Germany", "name_en": "Germany",
                        "name_kk": "Германия", "passages": ["p01"], "_label": "Country"}
        # LadybugDB sums integers as DECIMAL: they come back as int, fractions as float
        [[whole, part]] = store.run("UNWIND [1, 2] AS x RETURN sum(x), sum(x) / 4.0").rows
        assert (whole, type(whole), part) == (3, int, 0.75)


@pytest.mark.parametrize("version", ["1.0'", "1.0\\"])
def test_a_build_record_that_would_need_quoting_is_refused(tmp_path, monkeypatch, version):
    """The record goes into DDL, which takes no parameters: quotes must never reach it."""
    from intelmig.stores import embedded

    monkeypatch.setattr(embedded, "__version__", version)
    with pytest.raises(StoreError, match="refusing to write a build record with quotes"):
        build_database(tmp_path / "q.lbug", load_seed([FIXTURES / "minimal_seed.yaml"]))
    assert not (tmp_path / "q.lbug").exists()


def test_a_database_built_with_other_tables_is_refused_and_rebuilt(tmp_path, runner):
    # A file from before a schema change (a label added since) would answer "table does
    # not exist" or nothing: it is refused with the fix, and the next import rebuilds it.
    import json

    import ladybug

    from intelmig.cli import cli
    from intelmig.stores.embedded import META_PREFIX, META_TABLE

    env = {"INTELMIG_DB": str(tmp_path / "db.lbug"), "INTELMIG_WORKSPACE": str(tmp_path / "ws")}
    assert runner.invoke(cli, ["seed"], env=env).exit_code == 0
    with EmbeddedStore(tmp_path / "db.lbug") as store:
        meta = store.meta
    db = ladybug.Database(str(tmp_path / "db.lbug"))
    conn = ladybug.Connection(db)
    conn.execute(f"COMMENT ON TABLE {META_TABLE} IS "
                 f"'{META_PREFIX}{json.dumps(dict(meta, schema='0123456789abcdef'))}'")
    conn.close()
    db.close()

    with pytest.raises(StoreDamaged, match="built with another schema .* `intelmig rebuild`"):
        EmbeddedStore(tmp_path / "db.lbug")
    refused = runner.invoke(cli, ["hubs"], env=env)
    assert refused.exit_code == 1 and "another schema" in refused.output
    imported = runner.invoke(cli, ["import", "scholarly-flows",
                                   str(FIXTURES / "importers" / "scholarly_flows.csv")], env=env)
    assert imported.exit_code == 0, imported.output
    with EmbeddedStore(tmp_path / "db.lbug") as store:
        assert store.meta["schema"] == meta["schema"] != "0123456789abcdef"
        assert store.meta["datasets"] == ["scholarly-flows-scholarly_flows"]


def test_a_kept_seed_build_is_reused_only_while_its_bytes_check(tmp_path, monkeypatch):
    # A build with imports starts from a kept copy of the same seed's tables; a copy whose
    # bytes no longer match their SHA-256 is never used (LadybugDB could not even open
    # this half file) and is replaced by a good one.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    seed = load_seed([FIXTURES / "minimal_seed.yaml"])
    seed_records = len(seed.nodes) + len(seed.rels)

    def build(name):
        written = []
        build_database(tmp_path / name, seed, extra=lambda conn: None,
                       progress=written.append)
        with EmbeddedStore(tmp_path / name) as store:
            return written, store.counts(), store.meta["fingerprint"]

    fresh, fresh_counts, fingerprint = build("fresh.lbug")
    kept = list((tmp_path / "cache" / "intelmig").glob("seed-*.lbug"))
    assert len(kept) == 1 and fresh[0] < seed_records == sum(fresh)
    reused, reused_counts, reused_fingerprint = build("reused.lbug")
    assert reused == [seed_records]
    assert (reused_counts, reused_fingerprint) == (fresh_counts, fingerprint)

    kept[0].write_bytes(kept[0].read_bytes()[:1000])
    rebuilt, rebuilt_counts, _ = build("after-damage.lbug")
    assert rebuilt != [seed_records] and rebuilt_counts == fresh_counts
    assert build("again.lbug")[0] == [seed_records]
    # `intelmig seed` alone always builds afresh, and keeps what it built.
    kept[0].unlink()
    build_database(tmp_path / "bare.lbug", seed)
    assert build("after-bare.lbug")[0] == [seed_records]
