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

__all__ = ["Problem", "Report"]


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    field: str | None
    type: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        column = f" {self.field}:" if self.field else ""
        hint = f"; fix: {self.hint}" if self.hint else ""
        return f"{where}:{column} {self.message} ({self.type}{hint})"

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Report:
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
