"""The synthetic generators of ``benchmarks/synthetic.py`` (outside the package).

The benchmarks and the figure tests depend on them; their doctests are run here, since
the suite collects doctests from the installed package only. Expected figures of the
person file are computed with pandas.
"""

from __future__ import annotations

import doctest

import pandas as pd

from benchmarks import synthetic
from benchmarks.synthetic import write_persons


def test_the_doctests_of_the_generators_pass():
    failed, tried = doctest.testmod(synthetic)
    assert tried >= 5 and failed == 0


def test_a_person_file_has_the_rows_asked_for_in_rising_years(tmp_path):
    path = tmp_path / "people.csv"
    assert write_persons(path, 2005, seed=3) == 2005
    people = pd.read_csv(path, dtype={"year": int})
    assert len(people) == 2005 and people["person"].nunique() == 201
    assert people.groupby("person", sort=False)["year"].apply(
        lambda years: years.is_monotonic_increasing).all()
    same = people.groupby("person", sort=False)["year"].diff().eq(0).mean()
    assert 0.02 < same < 0.08  # about 5 % of rows are second affiliations
    assert people["country"].nunique() == 20
    assert (people.groupby("person")["birth_country"].nunique() == 1).all()
    assert path.read_bytes() == (write_persons(tmp_path / "again.csv", 2005, seed=3)
                                 and (tmp_path / "again.csv").read_bytes())
