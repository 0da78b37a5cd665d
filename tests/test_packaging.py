"""The installed wheel adds exactly one top-level package, ``intelmig``."""

from importlib.metadata import distribution
from pathlib import Path, PurePosixPath


def test_the_wheel_installs_one_top_level_package_named_intelmig():
    files = distribution("intelmig").files
    top_level = {PurePosixPath(str(f)).parts[0] for f in files}
    top_level = {name for name in top_level if name != ".." and not name.endswith(".dist-info")}
    assert top_level == {"intelmig"}


def test_the_package_data_travels_inside_the_package():
    import intelmig.resources as resources

    assert (resources.seed_dir() / "flows.yaml").is_file()
    assert resources.seed_dir().parent.name == "_data"
    assert (resources.cypher_dir() / "stages.cypher").is_file()


def test_the_package_declares_its_type_hints():
    import intelmig

    assert (Path(intelmig.__file__).parent / "py.typed").is_file()
