"""Read and validate the curated seed (YAML) into a :class:`~intelmig.dataset.Dataset`.

The package has three parts: :mod:`.yaml_lines` (YAML that keeps the line of every
key and list item), :mod:`.reader` (entries, checks, the report) and :mod:`.derive`
(the edges the seed implies, a pure function).

``read_seed`` never stops at the first problem: it returns the dataset it could
build and a :class:`~intelmig.validation.Report` of every problem, each with file,
line and field. ``load_seed`` raises :class:`~intelmig.errors.SeedInvalid` instead.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a.yaml").write_text('''
... nodes:
...   - {id: p01, label: Passage, name_en: P1, name_kk: П1, text_kk: мәтін, text_en: text}
...   - {id: KAZ, label: Country, name_en: Kazakhstan, name_kk: Қазақстан, passages: [p01]}
...   - {id: XXX, label: Country, name_en: Nowhere, name_kk: Еш жер, passages: [p02]}
... ''', encoding="utf-8")
>>> dataset, report = read_seed([folder])
>>> for problem in report.problems:
...     print(problem.line, problem.field, problem.type)
5 id unknown-country-code
5 passages dangling-reference
"""

from .derive import derive_edges
from .reader import YEAR_RANGE, is_country_code, load_seed, read_seed, seed_files

__all__ = ["YEAR_RANGE", "derive_edges", "is_country_code", "load_seed", "read_seed",
           "seed_files"]
