"""What an import read, kept and skipped: every row counted once, under one reason."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import ImportInvalid

__all__ = ["SKIP_REASONS", "ImportReport"]

UNKNOWN_EXAMPLES = 5


# Why a row that was read does not become an edge, in the order a row is classified:
# each skipped row is counted once, under the first reason that fits.
SKIP_REASONS = {
    "unknown": "unknown codes",
    "blank": "blank codes",
    "area": "non-country areas",
    "aggregate": "regional aggregates",
    "missing": "missing values",
    "self_loop": "origin = destination",
    "zero": "zero counts",
    "native_born": "native-born (not migrants)",
    "not_tertiary": "not highly educated",
    "duplicate": "repeated pairs",
    "successor": "moves between a state and its predecessor or successor",
    "same_year": "second places in the same year",
}


@dataclass
class ImportReport:
    """What an import read, kept and skipped, and the codes it could not resolve.

    ``skipped`` maps a reason of :data:`SKIP_REASONS` to ``[records, people]``: the
    records (one per row, or per row and value column in wide layouts) not kept for
    that reason and the number of people they held (missing values hold none).

    Examples
    --------
    >>> report = ImportReport("flows.csv")
    >>> report.read(4)
    >>> report.skip("self_loop", 1, 12.0)
    >>> report.skip("missing", 1)
    >>> report.add_unknown("to", "ZZZ", [5], 1)
    >>> report.summary()
    '1 missing values, 1 origin = destination holding 12 people'
    >>> report.unknown_lines()
    ["flows.csv: row 5: field 'to': unknown country code or name 'ZZZ' (1 row)"]
    >>> report.check_kept()
    Traceback (most recent call last):
    ...
    intelmig.errors.ImportInvalid: flows.csv: no edge kept from 4 row(s) read; skipped: 1 missing values, 1 origin = destination holding 12 people; check the columns and codes the file holds
    """

    file: str
    rows: int = 0
    edges: int = 0
    blank: dict = field(default_factory=dict)
    skipped: dict = field(default_factory=dict)
    areas: dict = field(default_factory=dict)  # non-country area code -> records
    unknown: dict = field(default_factory=dict)  # value -> [count, fields, first rows]
    ignored_lines: dict = field(default_factory=dict)  # "empty" / "footer" -> lines
    unknown_skipped: int = 0
    years: list | None = None  # [first, last] year of what was kept
    nodes_kept: int = 0  # nodes of their own an import keeps (persons), besides edges
    progress: object = field(default=None, repr=False, compare=False)

    def read(self, rows: int) -> None:
        """Count rows read from the file (and show them on the progress line)."""
        self.rows += rows
        if self.progress is not None:
            self.progress(rows)

    def add_years(self, low, high) -> None:
        if low is None:
            return
        if self.years is None:
            self.years = [int(low), int(high)]
        else:
            self.years = [min(self.years[0], int(low)), max(self.years[1], int(high))]

    def skip(self, reason: str, records: int, people: float = 0.0) -> None:
        if records:
            entry = self.skipped.setdefault(reason, [0, 0.0])
            entry[0] += int(records)
            entry[1] += float(people)

    def add_unknown(self, field_name: str, value: str, rows: list[int], count: int,
                    candidates: str | None = None) -> None:
        """Remember an unknown ``value``: once per value, whatever the columns it is in.

        ``rows`` are the rows (lines) it occurs in; ``count`` how many cells hold it.
        """
        entry = self.unknown.setdefault(value, [set(), [], candidates])
        entry[0].update(rows)
        if field_name not in entry[1]:
            entry[1].append(field_name)

    def unknown_lines(self) -> list[str]:
        lines = []
        for value, (all_rows, fields, candidates) in sorted(self.unknown.items()):
            count, rows = len(all_rows), sorted(all_rows)[:UNKNOWN_EXAMPLES]
            what = (f"ambiguous name {value!r} (one of {candidates.replace('|', ', ')})"
                    if candidates else f"unknown country code or name {value!r}")
            names = " and ".join(repr(f) for f in fields)
            lines.append(f"{self.file}: row {', '.join(map(str, rows))}"
                         f"{' and more' if count > len(rows) else ''}: "
                         f"field{'s' * (len(fields) > 1)} {names}: {what} "
                         f"({count} row{'s' * (count != 1)})")
        return lines

    def check_unknown(self, skip_unknown: bool) -> None:
        """Raise :class:`ImportInvalid` for unknown codes unless the user chose to skip them."""
        if not self.unknown:
            return
        if skip_unknown:
            self.unknown_skipped = self.skipped.get("unknown", [0])[0]
            return
        lines = self.unknown_lines()
        shown = "; ".join(lines[:3]) + (f"; and {len(lines) - 3} more" if len(lines) > 3 else "")
        raise ImportInvalid(
            f"{len(lines)} unknown country code(s): {shown}. Fix the file, or pass "
            f"--skip-unknown to import the rest and count the skipped rows",
            self.unknown_problems(),
        )

    def unknown_problems(self) -> list:
        """One :class:`~intelmig.validation.Problem` per unknown value, at its first row."""
        from ..validation import Problem

        return [Problem(self.file, min(rows), fields[0],
                        "ambiguous-name" if candidates else "unknown-country-code", line,
                        "pass --skip-unknown to import the rest" if not candidates
                        else "write the ISO 3166 code instead of the name")
                for (value, (rows, fields, candidates)), line
                in zip(sorted(self.unknown.items()), self.unknown_lines())]

    def check_kept(self) -> None:
        """Raise :class:`ImportInvalid` when nothing was kept: an empty import is no result."""
        if self.edges or self.nodes_kept:
            return
        why = self.summary()
        raise ImportInvalid(f"{self.file}: no edge kept from {self.rows:,} row(s) read"
                            + (f"; skipped: {why}" if why else "")
                            + "; check the columns and codes the file holds",
                            file=self.file, type="nothing-kept")

    def summary(self) -> str:
        """The skipped records by reason, in one line, each with the people it held."""
        parts = []
        for reason, words in SKIP_REASONS.items():
            if reason not in self.skipped:
                continue
            records, people = self.skipped[reason]
            if reason == "blank" and self.blank:
                text = ", ".join(f"{n:,} blank {name}"
                                 for name, n in sorted(self.blank.items()))
                text += f" ({records:,} record{'s' * (records != 1)})"
            elif reason == "missing":
                text = f"{records:,} missing values"
            elif reason == "area":
                text = f"{records:,} {words} ({', '.join(sorted(self.areas))})"
            else:
                text = f"{records:,} {words}"
            if people:
                text += f" holding {people:,.0f} people"
            parts.append(text)
        for kind, count in sorted(self.ignored_lines.items()):
            parts.append(f"{count:,} {kind} line{'s' * (count != 1)}")
        return ", ".join(parts)

    def to_dict(self) -> dict:
        skipped = {reason: {"records": n, "people": people}
                   for reason, (n, people) in self.skipped.items()}
        return {
            "rows": self.rows,
            "edges": self.edges,
            "blank_codes": dict(sorted(self.blank.items())),
            "skipped": skipped,
            "non_country_areas": dict(sorted(self.areas.items())),
            "ignored_lines": dict(sorted(self.ignored_lines.items())),
            "missing_values": self.skipped.get("missing", [0])[0],
            "aggregates_skipped": self.skipped.get("aggregate", [0])[0],
            "duplicates_skipped": self.skipped.get("duplicate", [0])[0],
            "unknown_skipped": self.unknown_skipped,
            "unknown": self.unknown_lines(),
            "problems": [problem.to_dict() for problem in self.unknown_problems()],
            "summary": self.summary(),
            "years": self.years,
        }
