"""The layers stay one-way: the library never needs the CLI, only stores/ knows a backend."""

import ast
import subprocess
import sys
from pathlib import Path

import intelmig
from intelmig.errors import StoreConfigError
from intelmig.stores.target import StoreTarget

PACKAGE = Path(intelmig.__file__).parent


def _imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_only_the_stores_import_a_database_backend():
    offenders = sorted(
        str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py")
        if "stores" not in path.relative_to(PACKAGE).parts
        and _imported_modules(path) & {"ladybug", "neo4j"}
    )
    assert offenders == []


def test_only_the_cli_imports_click():
    offenders = sorted(
        str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py")
        if "cli" not in path.relative_to(PACKAGE).parts and "click" in _imported_modules(path)
    )
    assert offenders == []


def test_the_analytics_library_loads_without_click():
    code = "import sys, intelmig.analytics, intelmig.importers, intelmig.export; " \
           "print(sorted(m for m in sys.modules if m.split('.')[0] == 'click'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_connect_opens_the_embedded_store(seeded_db_path):
    with intelmig.connect(seeded_db_path) as db:
        assert db.name == "embedded"
        assert db.run("MATCH (c:Country {id: $id}) RETURN c.id", {"id": "KAZ"}).rows == [["KAZ"]]


def test_neo4j_without_uri_or_password_is_a_usage_error(runner):
    import pytest

    with pytest.raises(StoreConfigError, match="needs --uri"):
        StoreTarget("neo4j").open()
    with pytest.raises(StoreConfigError, match="password missing"):
        StoreTarget("neo4j", uri="bolt://127.0.0.1:1").open()
    from intelmig.cli import cli

    result = runner.invoke(cli, ["stats", "--store", "neo4j"], env={"NEO4J_URI": ""})
    assert result.exit_code == 2
    assert "--store neo4j needs --uri or NEO4J_URI" in result.output


def test_the_notebook_api_returns_tables_that_name_their_source(seeded_db_path):
    with intelmig.connect(seeded_db_path) as db:
        table = intelmig.hubs(db, era="stage1")
        corridors = intelmig.corridors(db, era="stage1")
    records = table.to_records()
    assert [(r["role"], r["place"], r["low"], r["high"]) for r in records] == [
        ("recipient", "USA", 2000.0, 9999.0), ("donor", "DEU", 2000.0, 9999.0)]
    assert table.about == {"dataset": "seed", "measure": "flow", "slice": records[0]["slice"]}
    assert [(r["source"], r["target"]) for r in corridors.to_records()][:1] == [("DEU", "USA")]


def test_an_empty_notebook_table_still_names_its_slice_and_columns(seeded_db_path):
    from intelmig.analytics import HubRow

    with intelmig.connect(seeded_db_path) as db:
        table = intelmig.hubs(db, year=1800)
        corridors = intelmig.corridors(db, year=1800)
    assert (len(table), len(corridors)) == (0, 0)
    assert table.about["slice"] == corridors.about["slice"] == "year 1800"
    assert table.columns[:3] == ["dataset", "measure", "slice"]
    assert "rank_worst" in table.columns and "circulation_low" in corridors.columns
    assert len(table.columns) == len(HubRow.__dataclass_fields__)




def _public_objects_without_examples() -> list[str]:
    import importlib
    import inspect
    import pkgutil

    walked = pkgutil.walk_packages(intelmig.__path__, "intelmig.")
    names = ["intelmig"] + [info.name for info in walked]
    missing = []
    for module_name in names:
        parts = module_name.split(".")
        if parts[1:2] == ["cli"] or any(part.startswith("_") for part in parts[1:]):
            continue
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name, None)
            if callable(obj):
                obj = inspect.unwrap(obj)  # functools.cache and other wrappers
            defined_here = getattr(obj, "__module__", None) == module_name
            if (inspect.isfunction(obj) or inspect.isclass(obj)) and defined_here:
                if "Examples" not in (inspect.getdoc(obj) or ""):
                    missing.append(f"{module_name}.{name}")
    return missing


def test_public_functions_have_examples():
    """Every public function or class (``__all__``) shows an ``Examples`` doctest."""
    assert _public_objects_without_examples() == []
