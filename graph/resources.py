"""Where the seed files and the Cypher library are, in a checkout or an installed wheel.

In a checkout they sit next to the package (``seed/``, ``cypher/``); the wheel
carries copies inside the package (``graph/_data/``) so that nothing but
``graph`` lands in site-packages.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["cypher_dir", "seed_dir"]

_PACKAGE = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"intelmig data folder {name!r} not found next to {_PACKAGE}")


def seed_dir() -> Path:
    """The folder of the curated seed YAML files.

    Returns
    -------
    pathlib.Path
        ``graph/_data/seed`` in an installed wheel, ``seed/`` in a checkout.

    Raises
    ------
    FileNotFoundError
        When neither exists (a broken installation).

    Examples
    --------
    >>> (seed_dir() / "places.yaml").is_file()
    True
    """
    return _data_dir("seed")


def cypher_dir() -> Path:
    """The folder of the named ``.cypher`` queries.

    Returns
    -------
    pathlib.Path
        ``graph/_data/cypher`` in an installed wheel, ``cypher/`` in a checkout.

    Raises
    ------
    FileNotFoundError
        When neither exists (a broken installation).

    Examples
    --------
    >>> any(path.suffix == ".cypher" for path in cypher_dir().iterdir())
    True
    """
    return _data_dir("cypher")
