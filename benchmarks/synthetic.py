"""Synthetic data in the published layouts, at any size, for benchmarks and scale tests.

Values are random (seeded, so runs repeat); codes are real ISO3 codes, with a
few blank ones as in the MPIDR data. Files are written in bounded chunks, so
10^6 rows never sit in memory as Python objects. Not part of the package: the scripts
of ``benchmarks/`` and the tests import it as ``benchmarks.synthetic`` (repository root
on ``sys.path``).

Examples
--------
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "flows.csv"
>>> write_scholarly_flows(path, 3)
3
>>> path.read_text().splitlines()[0]
'migrationfrom,migrationto,year,n_migrations,n_migrations_back,netmigrations'
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["LAYOUTS", "write_edgelist", "write_persons", "write_scholarly_flows",
           "write_worldbank"]

CHUNK = 100_000


def _codes():
    import pycountry

    return sorted(c.alpha_3 for c in pycountry.countries)


def write_scholarly_flows(path: Path, rows: int, *, seed: int = 0,
                          blank_every: int = 10_000) -> int:
    """MPIDR flows layout: ``migrationfrom,...,netmigrations`` with years like ``2019.0``.

    Parameters
    ----------
    path : Path
        The CSV to write.
    rows : int
        Data rows (besides the header).
    seed : int
        Seed of numpy's random generator: the same seed writes the same file.
    blank_every : int
        Every ``blank_every``-th row has a blank origin code, as the real files do.

    Returns
    -------
    int
        The rows written.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "flows.csv"
    >>> write_scholarly_flows(path, 4, blank_every=2)
    4
    >>> [line.split(",")[0] for line in path.read_text().splitlines()[1:]].count("")
    2
    """
    import numpy as np

    codes = np.array(_codes() + [""])  # the last is the blank code of the real files
    rng = np.random.default_rng(seed)
    with open(path, "w", encoding="utf-8") as out:
        out.write("migrationfrom,migrationto,year,n_migrations,n_migrations_back,"
                  "netmigrations\n")
        for start in range(0, rows, CHUNK):
            count = min(CHUNK, rows - start)
            origin = rng.integers(0, len(codes) - 1, count)
            destination = rng.integers(0, len(codes) - 1, count)
            blanks = (np.arange(start, start + count) % blank_every) == blank_every - 1
            origin[blanks] = len(codes) - 1
            year = rng.integers(1998, 2021, count)
            forth = rng.integers(0, 500, count)
            back = rng.integers(0, 500, count)
            lines = [f"{a},{b},{y}.0,{f}.0,{k}.0,{f - k}.0" for a, b, y, f, k in zip(
                codes[origin], codes[destination], year, forth, back)]
            out.write("\n".join(lines) + "\n")
    return rows


def write_worldbank(path: Path, rows: int, *, seed: int = 0) -> int:
    """World Bank GBMD layout: five decade columns, ``..`` for some missing cells.

    Rows cycle through Total, Male and Female; returns the rows written.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "gbmd.csv"
    >>> write_worldbank(path, 3, seed=1)
    3
    >>> [line.split(",")[2] for line in path.read_text().splitlines()[1:]]
    ['Total', 'Male', 'Female']
    """
    import numpy as np

    codes = np.array(_codes())
    rng = np.random.default_rng(seed)
    genders = [("Total", "TOT"), ("Male", "MAL"), ("Female", "FEM")]
    with open(path, "w", encoding="utf-8") as out:
        out.write("Country Origin Name,Country Origin Code,Migration by Gender Name,"
                  "Migration by Gender Code,Country Dest Name,Country Dest Code,"
                  "1960 [1960],1970 [1970],1980 [1980],1990 [1990],2000 [2000]\n")
        for start in range(0, rows, CHUNK):
            count = min(CHUNK, rows - start)
            origin = codes[rng.integers(0, len(codes), count)]
            destination = codes[rng.integers(0, len(codes), count)]
            values = rng.integers(0, 100_000, (count, 5)).astype(str)
            values[rng.random((count, 5)) < 0.2] = ".."
            lines = []
            for i in range(count):
                name, code = genders[(start + i) % 3]
                lines.append(f"X,{origin[i]},{name},{code},Y,{destination[i]},"
                             + ",".join(values[i]))
            out.write("\n".join(lines) + "\n")
    return rows


def write_edgelist(path: Path, rows: int, *, seed: int = 0) -> int:
    """A generic edge list ``origin,dest,people,yr`` (use with ``--from-col origin`` ...).

    Returns the rows written; the same ``seed`` writes the same file.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> write_edgelist(folder / "a.csv", 2), write_edgelist(folder / "b.csv", 2)
    (2, 2)
    >>> (folder / "a.csv").read_text() == (folder / "b.csv").read_text()
    True
    """
    import numpy as np

    codes = np.array(_codes())
    rng = np.random.default_rng(seed)
    with open(path, "w", encoding="utf-8") as out:
        out.write("origin,dest,people,yr\n")
        for start in range(0, rows, CHUNK):
            count = min(CHUNK, rows - start)
            lines = [f"{a},{b},{v},{y}" for a, b, v, y in zip(
                codes[rng.integers(0, len(codes), count)],
                codes[rng.integers(0, len(codes), count)],
                rng.integers(1, 10_000, count), rng.integers(1990, 2024, count))]
            out.write("\n".join(lines) + "\n")
    return rows


# Where the synthetic researchers of write_persons live and work: 20 countries of the
# scholarly-migration literature (Kazakhstan and its main partners among them).
PERSON_COUNTRIES = ("KAZ", "RUS", "USA", "DEU", "GBR", "FRA", "CHN", "IND", "JPN", "CAN",
                    "AUS", "TUR", "UZB", "KGZ", "POL", "ITA", "ESP", "BRA", "KOR", "NLD")
OCCUPATIONS = ("researcher", "physicist", "chemist", "physician", "engineer")


def write_persons(path: Path, rows: int, *, seed: int = 0, per_person: int = 10,
                  same_year: float = 0.05) -> int:
    """Person records (Wikidata/ORCID style): ``person,...,country,year``, 10 rows a person.

    Each person (``Q1``, ``Q2``, ...) has a birth country and ``per_person`` rows of
    places in rising years (1951-2040); a share ``same_year`` of rows repeats the year
    of the row before, a second affiliation held at once, as Wikidata's employer and
    ORCID's affiliation records have. The layout of ``intelmig import persons``.

    Parameters
    ----------
    path : Path
        The CSV to write.
    rows : int
        Data rows (besides the header); the last person may have fewer.
    seed : int
        Seed of numpy's random generator: the same seed writes the same file.
    per_person : int
        Rows of each person.
    same_year : float
        Share of rows (after a person's first) in the same year as the row before.

    Returns
    -------
    int
        The rows written.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "people.csv"
    >>> write_persons(path, 12)
    12
    >>> lines = path.read_text().splitlines()
    >>> lines[0]
    'person,person_label,birth_country,occupation,country,year'
    >>> sorted({line.split(",")[0] for line in lines[1:]})
    ['Q1', 'Q2']
    """
    import numpy as np

    codes = np.array(PERSON_COUNTRIES)
    occupations = np.array(OCCUPATIONS)
    rng = np.random.default_rng(seed)
    people = -(-rows // per_person)
    chunk = max(1, CHUNK // per_person)
    written = 0
    with open(path, "w", encoding="utf-8") as out:
        out.write("person,person_label,birth_country,occupation,country,year\n")
        for first in range(0, people, chunk):
            count = min(chunk, people - first)
            births = codes[rng.integers(0, len(codes), count)]
            jobs = occupations[rng.integers(0, len(occupations), count)]
            steps = rng.integers(1, 5, (count, per_person))
            steps[:, 1:][rng.random((count, per_person - 1)) < same_year] = 0
            years = rng.integers(1950, 2001, count)[:, None] + np.cumsum(steps, axis=1)
            places = codes[rng.integers(0, len(codes), (count, per_person))]
            lines = []
            for i in range(count):
                person = first + i + 1
                head = f"Q{person},Person {person},{births[i]},{jobs[i]},"
                take = min(per_person, rows - written)
                lines.extend(f"{head}{places[i, k]},{years[i, k]}" for k in range(take))
                written += take
            out.write("\n".join(lines) + "\n")
    return rows


LAYOUTS = {
    "scholarly-flows": (write_scholarly_flows, []),
    "worldbank": (write_worldbank, []),
    "csv": (write_edgelist, ["--from-col", "origin", "--to-col", "dest", "--value-col",
                             "people", "--year-col", "yr"]),
}
