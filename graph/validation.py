"""Validation reports: every problem at once, each with file, line, field and a hint.

Modelled on frictionless: a problem has a stable ``type`` slug that scripts can
match on, and the report is valid only when it holds no problem.

Examples
--------
>>> report = Report()
>>> report.add("seed/x.yaml", 3, "low", "low-greater-than-high",
...            "low 9 is greater than high 5", "swap the bounds")
>>> report.valid
False
>>> print(report.problems[0])
seed/x.yaml:3: low: low 9 is greater than high 5 (low-greater-than-high; fix: swap the bounds)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

__all__ = ["PROBLEM_TYPES", "Problem", "Report"]

# Every problem slug intelmig reports, seed validation and imports alike, and what it
# means: the one place scripts and docs read them from.
PROBLEM_TYPES = {
    # reading a file
    "file-not-found": "the file does not exist",
    "file-unreadable": "the file exists but cannot be read",
    "encoding-error": "a byte is not valid in the file's text encoding",
    "utf-8": "a seed file is not UTF-8",
    "yaml-syntax": "the YAML does not parse",
    "bad-file-structure": "the file's top level is not what its kind needs",
    "bad-file": "the file is not of the layout its kind needs",
    "csv-syntax": "a CSV record does not parse (unbalanced quote, stray delimiter)",
    "field-count": "a CSV record has more or fewer fields than the header",
    "missing-column": "a column the layout needs is not in the header",
    "bad-header": "the header row of a workbook or table is not the published one",
    # values
    "bad-number": "a cell meant to hold a count or number holds something else",
    "bad-year": "a cell meant to hold a year holds something else",
    "bad-sex": "a sex cell is none of the spellings the layout uses",
    "out-of-range": "a number is outside the range its field allows",
    "duplicate-value": "a value stated twice where the layout allows one",
    "unknown-country-code": "a place code or name that is no country, area or aggregate",
    "ambiguous-name": "a place name that names several countries (Congo)",
    "nothing-kept": "no row of the file survived the checks",
    # options and workspace
    "unknown-kind": "no importer has that kind",
    "bad-option": "an import option is missing, unknown or malformed",
    "bad-dataset-id": "a dataset id breaks the id rules",
    "dataset-exists": "the workspace holds other bytes under that dataset id",
    "id-clash": "the dataset id is already the id of a seed Source",
    # the seed graph
    "bad-entry": "a seed entry is not a mapping of the expected keys",
    "bad-type": "a property value is not of its schema type",
    "bad-relationship": "a relationship entry is malformed",
    "bad-endpoints": "a relationship joins labels its type does not allow",
    "bad-year-range": "a start year after its end year",
    "dangling-reference": "an id that no entry defines",
    "duplicate-id": "two entries with one id",
    "low-greater-than-high": "a lower bound above its upper bound",
    "missing-id": "an entry without an id",
    "missing-name": "an entry without a name",
    "missing-provenance": "a fact without its paragraph or reference",
    "missing-text": "a passage without its text",
    "negative-quantity": "a count below zero",
    "no-seed-files": "no seed file was found",
    "self-loop": "a relationship from a node to itself where its type forbids it",
    "unknown-key": "a key the seed format does not define",
    "unknown-label": "a node label the schema does not define",
    "unknown-property": "a property the schema does not define for that label or type",
    "unknown-relationship-type": "a relationship type the schema does not define",
    "year-out-of-range": "a year outside the range the schema allows",
}


@dataclass(frozen=True)
class Problem:
    """One problem in an input file: where it is, what is wrong and how to fix it.

    Parameters
    ----------
    file : str
        The file as the user named it.
    line : int or None
        1-based line a person finds in an editor (None when the file as a whole is at fault).
    field : str or None
        The field (YAML key or CSV column) at fault.
    type : str
        A stable slug scripts can match on, e.g. ``"dangling-reference"``.
    message : str
        What is wrong, in one sentence.
    hint : str, optional
        How to fix it.

    Examples
    --------
    >>> problem = Problem("seed/flows.yaml", 28, "passages", "dangling-reference",
    ...                   "unknown passage 'p99'", "add it to passages.yaml")
    >>> print(problem)
    seed/flows.yaml:28: passages: unknown passage 'p99' (dangling-reference; fix: add it to passages.yaml)
    >>> print(Problem("data.csv", None, None, "encoding-error", "not UTF-8"))
    data.csv: not UTF-8 (encoding-error)
    >>> Problem("data.csv", 2, None, "oops", "a slug no table lists")
    Traceback (most recent call last):
    ...
    ValueError: problem type 'oops' is not in PROBLEM_TYPES
    >>> problem.to_dict()["line"]
    28
    """

    file: str
    line: int | None
    field: str | None
    type: str
    message: str
    hint: str = ""

    def __post_init__(self) -> None:
        if self.type not in PROBLEM_TYPES:
            raise ValueError(f"problem type {self.type!r} is not in PROBLEM_TYPES")

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        column = f" {self.field}:" if self.field else ""
        hint = f"; fix: {self.hint}" if self.hint else ""
        return f"{where}:{column} {self.message} ({self.type}{hint})"

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Report:
    """Every problem found in a set of files; valid only when it holds none.

    Attributes
    ----------
    problems : list of Problem
        In the order they were found.
    files : list of str
        The files that were checked.

    Examples
    --------
    >>> report = Report(files=["seed/countries.yaml"])
    >>> report.summary()
    'valid: 1 file(s), no problems'
    >>> report.add("seed/countries.yaml", 4, "id", "unknown-country-code", "'KZ' is not ISO alpha-3")
    >>> report.add("seed/countries.yaml", 9, "id", "duplicate-id", "'KAZ' appears twice")
    >>> print(report.summary())
    invalid seed: seed/countries.yaml:4: id: 'KZ' is not ISO alpha-3 (unknown-country-code) (and 1 more problem(s); run `intelmig validate` to see all)
    >>> report.to_dict()["problem_count"]
    2
    """

    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def add(self, file, line, field_name, type_, message, hint="") -> None:
        self.problems.append(Problem(str(file), line, field_name, type_, message, hint))

    @property
    def valid(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if self.valid:
            return f"valid: {len(self.files)} file(s), no problems"
        first = self.problems[0]
        more = len(self.problems) - 1
        tail = f" (and {more} more problem(s); run `intelmig validate` to see all)" if more else ""
        return f"invalid seed: {first}{tail}"

    def to_dict(self) -> dict:
        return {
            "valid": self.valid,
            "files": self.files,
            "problem_count": len(self.problems),
            "problems": [p.to_dict() for p in self.problems],
        }
